import Benchmark
import CableFormDevice

// The device layer on ten minutes of a two-cable machine at 1 kHz (600 000
// frames in the generic layout) sent through the faulty link of the device
// issue: 100 ppm drift, 5 ms jitter, 1% lost, duplicates, reordering, a
// counter wraparound.

enum DeviceFrames {
    static let frames = 600_000
    static let log: FrameLog = {
        var machine = MachineModel()
        machine.sampleRate = 1000
        machine.clockJitter = 0
        machine.dropProbability = 0
        var plan = FixtureCatalog.benchmarkPlan(duration: 600, sampleRate: 1000)
        plan.machine = machine
        let session = SimulatedMachine(plan: plan).run().session.prefix(frames)
        return FrameLog.simulate(session, decoder: FrameFixtureCatalog.genericDecoder, ticksPerSecond: 1_000_000,
                                 seed: 1).0
    }()
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .milliseconds,
        maxDuration: .seconds(10),
        maxIterations: 10
    )

    // Decoding alone, into one reused frame: no allocation at all.
    Benchmark("decodeFrames", configuration: .init(thresholds: [.mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 0])])) { benchmark in
        let records = DeviceFrames.log.records
        let decoder = FrameFixtureCatalog.genericDecoder
        var frame = DeviceFrame(cableCount: 2)
        var sum = 0.0
        benchmark.startMeasurement()
        for record in records {
            record.bytes.withUnsafeBytes { raw in
                do throws(FrameError) {
                    try decoder.decode(raw, into: &frame)
                    sum += frame.positions[0]
                } catch {}
            }
        }
        benchmark.stopMeasurement()
        blackHole(sum)
    }

    // The whole adapter: decode, order, account, map the clock, resample; a
    // block drained every 50 frames (the live path's 50 ms at 1 kHz). The
    // mallocs are the drained blocks' arrays, none per frame.
    Benchmark("adaptFrames") { benchmark in
        let log = DeviceFrames.log
        var adapter = try DeviceAdapter(decoder: FrameFixtureCatalog.genericDecoder, cables: log.cables,
                                        configuration: log.adapterConfiguration)
        var samples = 0
        benchmark.startMeasurement()
        for (k, record) in log.records.enumerated() {
            adapter.push(record.bytes, hostTime: record.hostTime)
            if k % 50 == 49 { samples += adapter.drain().samples.sampleCount }
        }
        adapter.finish()
        samples += adapter.drain().samples.sampleCount
        benchmark.stopMeasurement()
        precondition(samples > DeviceFrames.frames * 9 / 10)
        blackHole(samples)
    }
}
