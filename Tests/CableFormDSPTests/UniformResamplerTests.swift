import CableFormDSP
import Testing

@Suite("Uniform resampling")
struct UniformResamplerTests {
    struct Case: Decodable {
        let t: [Double]
        let y: [Double]
        let rate: Double
        let grid_start: Double
        let values: [Double]
    }
    struct File: Decodable { let cases: [Case] }

    @Test("matches numpy.interp on jittered time stamps")
    func matchesNumPy() throws {
        let cases = try Golden.load("interp", as: File.self).cases
        #expect(cases.count == 3)
        for c in cases {
            let r = try UniformResampler.linear(times: c.t, values: c.y, sampleRate: c.rate, maxGap: 1)
            #expect(r.gaps.isEmpty)
            #expect(r.start == c.grid_start)
            expectParity(r.values, c.values, "rate \(c.rate)")
        }
    }

    @Test("a gap longer than the limit is reported and filled with NaN, not bridged")
    func reportsGaps() throws {
        // 100 Hz samples with 0.30 s missing after t = 0.50 s, and a short 0.02 s hole later.
        var times = (0...50).map { Double($0) / 100 }
        times += (80...120).map { Double($0) / 100 }
        times.removeAll { abs($0 - 1.0) < 1e-9 }  // a one-sample drop: 0.02 s, bridged
        let values = times.map { 2 * $0 }
        let r = try UniformResampler.linear(times: times, values: values, sampleRate: 100, maxGap: 0.05)
        #expect(r.gaps.count == 1)
        let gap = try #require(r.gaps.first)
        #expect(gap.inputIndex == 50)
        #expect(gap.start == 0.5 && gap.end == 0.8)
        #expect(abs(gap.duration - 0.3) < 1e-12)
        #expect(gap.outputRange == 51..<80)
        #expect(r.values[51..<80].allSatisfy { $0.isNaN })
        #expect(r.values[50] == 1.0 && abs(r.values[80] - 1.6) < 1e-12)
        // The bridged one-sample drop is interpolated.
        #expect(abs(r.values[100] - 2.0) < 1e-12)
        #expect(r.values.count == 121)
    }

    @Test("a gap with no grid point inside it is still reported")
    func reportsEmptyGap() throws {
        let r = try UniformResampler.linear(times: [0, 0.1, 0.19, 0.2], values: [0, 1, 2, 3], sampleRate: 10, maxGap: 0.05)
        #expect(r.gaps.map(\.inputIndex) == [0, 1])
        #expect(r.gaps[1].outputRange.isEmpty)
        #expect(r.values == [0, 1, 3])
    }

    @Test("rejects out-of-order time, NaN and bad arguments, saying where")
    func rejectsBadInput() {
        #expect(throws: DSPError.nonIncreasingTime(index: 2)) {
            try UniformResampler.linear(times: [0, 1, 1, 2], values: [0, 0, 0, 0], sampleRate: 1, maxGap: 5)
        }
        #expect(throws: DSPError.nonIncreasingTime(index: 3)) {
            try UniformResampler.linear(times: [0, 1, 2, 1.5], values: [0, 0, 0, 0], sampleRate: 1, maxGap: 5)
        }
        #expect(throws: DSPError.nonFiniteSample(index: 1)) {
            try UniformResampler.linear(times: [0, 1, 2], values: [0, .nan, 0], sampleRate: 1, maxGap: 5)
        }
        #expect(throws: DSPError.nonFiniteSample(index: 2)) {
            try UniformResampler.linear(times: [0, 1, .nan], values: [0, 0, 0], sampleRate: 1, maxGap: 5)
        }
        #expect(throws: DSPError.inputTooShort(required: 2, actual: 1)) {
            try UniformResampler.linear(times: [0], values: [0], sampleRate: 1, maxGap: 5)
        }
        #expect(invalidArgumentName { _ = try UniformResampler.linear(times: [0, 1], values: [0], sampleRate: 1, maxGap: 5) } == "values")
        #expect(invalidArgumentName { _ = try UniformResampler.linear(times: [0, 1], values: [0, 1], sampleRate: 0, maxGap: 5) } == "sampleRate")
        #expect(invalidArgumentName { _ = try UniformResampler.linear(times: [0, 1], values: [0, 1], sampleRate: 1, maxGap: 0) } == "maxGap")
        #expect(invalidArgumentName { _ = try UniformResampler.linear(times: [0, 1], values: [0, 1], sampleRate: 1, maxGap: 1, start: -1) } == "start")
    }
}

@Suite("Streaming resampling")
struct StreamingResamplerTests {
    @Test("multi-channel streaming, drained at random points, equals the batch form channel by channel")
    func streamingEqualsBatch() throws {
        var rng = SeededGenerator(seed: 77)
        for trial in 0..<40 {
            let n = Int.random(in: 2...600, using: &rng)
            var t = 0.0
            var times: [Double] = []
            for _ in 0..<n {
                // Jitter, and now and then a gap longer than the limit.
                t += Double.random(in: 0.004...0.006, using: &rng) + (Double.random(in: 0..<1, using: &rng) < 0.02 ? 0.05 : 0)
                times.append(t)
            }
            let a = times.map { _ in rng.normal() }, b = times.map { _ in rng.normal() }
            var stream = try StreamingResampler(channelCount: 2, sampleRate: 200, maxGap: 0.02)
            var block = UniformSamples(channelCount: 2)
            var collected = UniformSamples(channelCount: 2)
            func drain() {
                #expect(block.firstIndex == collected.count)
                collected.times += block.times
                collected.channels[0] += block.channels[0]
                collected.channels[1] += block.channels[1]
                collected.gaps += block.gaps
                block.removeAll()
            }
            for i in 0..<n {
                try [a[i], b[i]].withUnsafeBufferPointer { try stream.push(time: times[i], values: $0, into: &block) }
                if Int.random(in: 0..<7, using: &rng) == 0 { drain() }
            }
            stream.finish(into: &block)
            drain()
            let batchA = try UniformResampler.linear(times: times, values: a, sampleRate: 200, maxGap: 0.02)
            let batchB = try UniformResampler.linear(times: times, values: b, sampleRate: 200, maxGap: 0.02)
            #expect(collected.channels[0].count == batchA.values.count, "trial \(trial)")
            #expect(zip(collected.channels[0], batchA.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "trial \(trial)")
            #expect(zip(collected.channels[1], batchB.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "trial \(trial)")
            #expect(collected.gaps == batchA.gaps, "trial \(trial)")
            #expect(collected.times.enumerated().allSatisfy { $0.element == batchA.time(at: $0.offset) })
        }
    }

    @Test("runs into the caller's rows equal one push per sample bit for bit, whatever the capacity and the split; input rows strided or one pointer each; 1, 3 and 4 channels (4 is unrolled)",
          arguments: [false, true], [1, 3, 4])
    func runsEqualPushes(rowPointers: Bool, channels: Int) throws {
        var rng = SeededGenerator(seed: 91 + UInt64(channels))
        for trial in 0..<60 {
            let n = Int.random(in: 1...400, using: &rng)
            var t = Double.random(in: 0..<1, using: &rng)
            var times: [Double] = []
            // Every fourth trial: time stamps on the grid itself (the grid's own
            // expression), now and then jittered — each interval then holds one
            // point on its first time stamp, or none, or two.
            let onGrid = trial % 4 == 3
            for j in 0..<n {
                // Jitter around the grid (0, 1 or 2 grid points per interval), now
                // and then a step of exactly one grid period, now and then a long gap.
                let r = Double.random(in: 0..<1, using: &rng)
                if onGrid {
                    times.append(r < 0.8 ? 0.25 + Double(j) / 200 : 0.25 + (Double(j) + Double.random(in: -0.4...0.4, using: &rng)) / 200)
                    continue
                }
                t += r < 0.1 ? 0.005 : Double.random(in: 0.001...0.009, using: &rng) + (r > 0.97 ? 0.2 : 0)
                times.append(t)
            }
            let values = (0..<channels).map { _ in times.map { _ in rng.normal() } }
            var reference = try StreamingResampler(channelCount: channels, sampleRate: 200, maxGap: 0.02)
            var expected = UniformSamples(channelCount: channels)
            for i in 0..<n {
                try values.map { $0[i] }.withUnsafeBufferPointer { try reference.push(time: times[i], values: $0, into: &expected) }
            }
            reference.finish(into: &expected)

            var stream = try StreamingResampler(channelCount: channels, sampleRate: 200, maxGap: 0.02)
            let capacity = Int.random(in: 1...64, using: &rng)
            var outTimes = [Double](repeating: 0, count: capacity)
            var out = [Double](repeating: 0, count: channels * capacity)
            var got = UniformSamples(channelCount: channels)
            var gaps: [SampleGap] = []
            func collect(_ written: Int) {
                got.times += outTimes[0..<written]
                for c in 0..<channels { got.channels[c] += out[(c * capacity)..<(c * capacity + written)] }
            }
            var from = 0
            while from < n {
                let count = min(Int.random(in: 1...50, using: &rng), n - from)
                // The run's input rows, `count` apart.
                let input = values.flatMap { $0[from..<(from + count)] }
                var done = 0
                while done < count {
                    let (consumed, written) = input.withUnsafeBufferPointer { v in
                        times.withUnsafeBufferPointer { tp in
                            outTimes.withUnsafeMutableBufferPointer { ot in
                                out.withUnsafeMutableBufferPointer { o in
                                    if rowPointers {
                                        let rows = (0..<channels).map { UnsafePointer(v.baseAddress! + $0 * count + done) }
                                        return rows.withUnsafeBufferPointer {
                                            stream.resample(times: tp.baseAddress! + from + done, rows: $0,
                                                            count: count - done, outputTimes: ot.baseAddress!,
                                                            output: o.baseAddress!, outputStride: capacity,
                                                            capacity: capacity, gaps: &gaps)
                                        }
                                    }
                                    return stream.resample(times: tp.baseAddress! + from + done, values: v.baseAddress! + done,
                                                           stride: count, count: count - done, outputTimes: ot.baseAddress!,
                                                           output: o.baseAddress!, outputStride: capacity, capacity: capacity,
                                                           gaps: &gaps)
                                }
                            }
                        }
                    }
                    #expect(consumed > 0 || written == capacity, "trial \(trial): no progress")
                    collect(written)
                    done += consumed
                }
                from += count
            }
            let written = outTimes.withUnsafeMutableBufferPointer { ot in
                out.withUnsafeMutableBufferPointer { o in
                    stream.finish(outputTimes: ot.baseAddress!, output: o.baseAddress!, outputStride: capacity)
                }
            }
            collect(written)
            #expect(got.times == expected.times, "trial \(trial)")
            for c in 0..<channels {
                #expect(got.channels[c].count == expected.channels[c].count, "trial \(trial)")
                #expect(zip(got.channels[c], expected.channels[c]).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) },
                        "trial \(trial) channel \(c)")
            }
            #expect(gaps == expected.gaps, "trial \(trial)")
            #expect(stream.inputCount == reference.inputCount && stream.nextIndex == reference.nextIndex)
        }
    }

    @Test("bad samples are refused with their index and change nothing")
    func refusesBadSamples() throws {
        var stream = try StreamingResampler(channelCount: 1, sampleRate: 10, maxGap: 1)
        var out = UniformSamples(channelCount: 1)
        try [1.0].withUnsafeBufferPointer { try stream.push(time: 0, values: $0, into: &out) }
        try [2.0].withUnsafeBufferPointer { try stream.push(time: 0.25, values: $0, into: &out) }
        #expect(throws: DSPError.nonIncreasingTime(index: 2)) {
            try [3.0].withUnsafeBufferPointer { try stream.push(time: 0.25, values: $0, into: &out) }
        }
        #expect(throws: DSPError.nonFiniteSample(index: 2)) {
            try [Double.nan].withUnsafeBufferPointer { try stream.push(time: 0.3, values: $0, into: &out) }
        }
        try [3.0].withUnsafeBufferPointer { try stream.push(time: 0.5, values: $0, into: &out) }
        stream.finish(into: &out)
        #expect(out.times == [0, 0.1, 0.2, 0.3, 0.4, 0.5])
        #expect(stream.inputCount == 3)
        var late = try StreamingResampler(channelCount: 1, sampleRate: 10, maxGap: 1, start: 0)
        #expect(invalidArgumentName {
            try [1.0].withUnsafeBufferPointer { try late.push(time: 0.5, values: $0, into: &out) }
        } == "start")
        #expect(invalidArgumentName { _ = try StreamingResampler(channelCount: 0, sampleRate: 10, maxGap: 1) } == "channelCount")
    }
}
