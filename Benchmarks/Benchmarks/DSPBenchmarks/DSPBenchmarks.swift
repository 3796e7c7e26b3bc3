import Benchmark
import CableFormDSP

// Every benchmark runs one kernel over one hour of 1 kHz data (3.6 M samples),
// so samples/s = 3_600_000 / wall-clock time of one iteration. The inputs are
// made once, outside the measurement, by `BenchmarkSignals` (fixed seed); the
// SciPy peer (Benchmarks/peer/scipy_peer.py) builds the same signals.
//
// CI-style gating is on malloc counts only (this machine has no instruction
// counters and noisy clocks): kernels that write into caller memory must
// allocate nothing, the others a small constant number per call.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .milliseconds,
        maxDuration: .seconds(6),
        maxIterations: 15
    )
    let n = BenchmarkSignals.count
    let lowpass = try! SecondOrderSections.butterworth(order: 4, band: .lowpass(cutoff: 8), sampleRate: 1000)
    let noAllocations = BenchmarkThresholds(absolute: [.p90: 0])

    // Streaming: the whole hour as one block, in place.
    Benchmark(
        "SOSFilter.block",
        configuration: .init(thresholds: [.mallocCountTotal: noAllocations])
    ) { benchmark in
        var filter = SOSFilter(lowpass)
        var buffer = BenchmarkSignals.position
        buffer.withUnsafeMutableBufferPointer { _ in }  // make the copy unique before measuring
        benchmark.startMeasurement()
        filter.process(&buffer)
        benchmark.stopMeasurement()
        blackHole(buffer)
    }

    // Streaming as a live app would: 10-sample chunks (100 calls per second of data).
    Benchmark(
        "SOSFilter.chunks10",
        configuration: .init(thresholds: [.mallocCountTotal: noAllocations])
    ) { benchmark in
        var filter = SOSFilter(lowpass)
        var buffer = BenchmarkSignals.position
        buffer.withUnsafeMutableBufferPointer { _ in }
        benchmark.startMeasurement()
        buffer.withUnsafeMutableBufferPointer { all in
            var start = 0
            while start < n {
                filter.process(UnsafeMutableBufferPointer(rebasing: all[start..<min(start + 10, n)]))
                start += 10
            }
        }
        benchmark.stopMeasurement()
        blackHole(buffer)
    }

    Benchmark("filtfilt") { benchmark in
        let x = BenchmarkSignals.position
        benchmark.startMeasurement()
        blackHole(try lowpass.filtfilt(x))
    }

    let savgol = try! SavitzkyGolayFilter(windowLength: 31, polyOrder: 3, derivative: 1, delta: 0.001)
    Benchmark(
        "SavitzkyGolay.w31",
        configuration: .init(thresholds: [.mallocCountTotal: noAllocations])
    ) { benchmark in
        let x = BenchmarkSignals.position
        var y = [Double](repeating: 0, count: n)
        benchmark.startMeasurement()
        try x.withUnsafeBufferPointer { input in
            try y.withUnsafeMutableBufferPointer { try savgol.apply(input, into: $0, mode: .interp) }
        }
        benchmark.stopMeasurement()
        blackHole(y)
    }

    // The same filter on a stream, 10 samples per call.
    Benchmark(
        "SavitzkyGolayStream.chunks10",
        configuration: .init(thresholds: [.mallocCountTotal: noAllocations])
    ) { benchmark in
        let x = BenchmarkSignals.position
        var stream = SavitzkyGolayStream(savgol)
        var y = [Double]()
        y.reserveCapacity(n)
        benchmark.startMeasurement()
        x.withUnsafeBufferPointer { input in
            var start = 0
            while start < n {
                stream.process(UnsafeBufferPointer(rebasing: input[start..<min(start + 10, n)]), into: &y)
                start += 10
            }
        }
        try stream.finish(into: &y)
        benchmark.stopMeasurement()
        blackHole(y)
    }

    Benchmark(
        "gradient",
        configuration: .init(thresholds: [.mallocCountTotal: noAllocations])
    ) { benchmark in
        let x = BenchmarkSignals.position
        var y = [Double](repeating: 0, count: n)
        benchmark.startMeasurement()
        try x.withUnsafeBufferPointer { input in
            try y.withUnsafeMutableBufferPointer { try Derivative.gradient(input, spacing: 0.001, into: $0) }
        }
        benchmark.stopMeasurement()
        blackHole(y)
    }

    // One transform of the whole hour (3.6 M = 2^7·3^2·5^5 points).
    Benchmark(
        "RealFFT.hour",
        configuration: .init(thresholds: [.mallocCountTotal: noAllocations])
    ) { benchmark in
        let fft = try RealFFT(count: n)
        let x = BenchmarkSignals.position
        var spectrum = [Complex<Double>](repeating: .zero, count: fft.binCount)
        benchmark.startMeasurement()
        x.withUnsafeBufferPointer { input in
            spectrum.withUnsafeMutableBufferPointer { fft.forward(input, into: $0) }
        }
        benchmark.stopMeasurement()
        blackHole(spectrum)
    }

    // Short-time spectra: 4096-point frames hopping 4096 samples through the hour.
    Benchmark(
        "RealFFT.frames4096",
        configuration: .init(thresholds: [.mallocCountTotal: noAllocations])
    ) { benchmark in
        let frame = 4096
        let fft = try RealFFT(count: frame)
        let x = BenchmarkSignals.position
        var spectrum = [Complex<Double>](repeating: .zero, count: fft.binCount)
        benchmark.startMeasurement()
        x.withUnsafeBufferPointer { input in
            spectrum.withUnsafeMutableBufferPointer { out in
                var start = 0
                while start + frame <= n {
                    fft.forward(UnsafeBufferPointer(rebasing: input[start..<(start + frame)]), into: out)
                    start += frame
                }
            }
        }
        benchmark.stopMeasurement()
        blackHole(spectrum)
    }

    // The tops of ~720 reps in a noisy force trace.
    Benchmark("findPeaks") { benchmark in
        let x = BenchmarkSignals.force
        benchmark.startMeasurement()
        blackHole(try findPeaks(x, PeakCriteria(distance: 1000, prominence: 20, width: 50)))
    }

    // Live resampling: one jittered sample at a time, output drained every 1000 samples.
    Benchmark(
        "StreamingResampler",
        configuration: .init(thresholds: [.mallocCountTotal: noAllocations])
    ) { benchmark in
        let t = BenchmarkSignals.jitteredTimes
        let x = BenchmarkSignals.position
        var stream = try StreamingResampler(channelCount: 1, sampleRate: 1000, maxGap: 0.05)
        var block = UniformSamples(channelCount: 1)
        block.reserveCapacity(2000)
        benchmark.startMeasurement()
        try x.withUnsafeBufferPointer { values in
            for i in 0..<n {
                try stream.push(time: t[i], values: UnsafeBufferPointer(rebasing: values[i..<(i + 1)]), into: &block)
                if block.count >= 1000 { block.removeAll() }
            }
        }
        benchmark.stopMeasurement()
        blackHole(block)
    }

    Benchmark("resampleLinear") { benchmark in
        let t = BenchmarkSignals.jitteredTimes
        let x = BenchmarkSignals.position
        benchmark.startMeasurement()
        blackHole(try UniformResampler.linear(times: t, values: x, sampleRate: 1000, maxGap: 0.05))
    }
}
