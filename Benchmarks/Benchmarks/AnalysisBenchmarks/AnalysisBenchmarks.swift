import Benchmark
import CableForm
import CableFormDevice
import Foundation

// The rep analyzer on one hour of a two-cable machine at 1 kHz (3.6 M
// samples): the simulator's benchmark workout, the same session that
// SessionIOBenchmarks writes for the readers and that the SciPy rep peer
// (Benchmarks/scipy_rep_peer.py) analyses in the same run.

enum AnalysisSession {
    static let samples = 3_600_000
    static let session: Session = {
        SimulatedMachine(plan: FixtureCatalog.benchmarkPlan(duration: 3600, sampleRate: 1000)).run().session.prefix(samples)
    }()
    static let csvPath = FileManager.default.temporaryDirectory.appendingPathComponent("cableform-bench-1h.csv").path
    static let written: Bool = {
        if !FileManager.default.fileExists(atPath: csvPath) { try! SessionCSV.write(session, to: csvPath) }
        return true
    }()
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .milliseconds,
        maxDuration: .seconds(15),
        maxIterations: 8
    )

    // The per-rep mallocs of the form measures vary by a handful between runs
    // (FFTW plans are created on the first use of each transform length, which
    // depends on which benchmark ran first): allow 50 of ~27 000 either way.
    // The steady state below stays gated at exactly zero.
    let perRep = Benchmark.Configuration(thresholds: [.mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 50])])

    // Batch: the whole hour in, the report out.
    Benchmark("analyzeHour", configuration: perRep) { benchmark in
        precondition(AnalysisSession.written)
        let session = AnalysisSession.session
        benchmark.startMeasurement()
        let report = try analyze(session)
        benchmark.stopMeasurement()
        precondition(report.sets.count > 20)
        blackHole(report)
    }

    // Streaming, one sample per push through the allocation-free entry point:
    // the mallocs are those of the reps and events found, not of the samples.
    Benchmark("streamSamples", configuration: perRep) { benchmark in
        let s = AnalysisSession.session
        let n = s.sampleCount
        let (l, r) = (s.cables[0], s.cables[1])
        var analyzer = try StreamingAnalyzer(cables: [.left, .right], sampleRate: 1000)
        var events: [AnalysisEvent] = []
        events.reserveCapacity(64)
        var completed = 0
        var p = [0.0, 0.0], f = [0.0, 0.0]
        benchmark.startMeasurement()
        try p.withUnsafeMutableBufferPointer { pp in
            try f.withUnsafeMutableBufferPointer { ff in
                for i in 0..<n {
                    pp[0] = l.position[i]
                    pp[1] = r.position[i]
                    ff[0] = l.force[i]
                    ff[1] = r.force[i]
                    try analyzer.push(time: s.time[i], positions: UnsafeBufferPointer(pp), forces: UnsafeBufferPointer(ff),
                                      events: &events)
                    if !events.isEmpty {
                        completed += events.count
                        events.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
        completed += analyzer.finish().count
        benchmark.stopMeasurement()
        precondition(completed > 400)
        blackHole(analyzer.report)
    }

    // Streaming in a quiet stretch (the rest after the first set): every
    // push is steady state, and must not allocate at all.
    Benchmark("streamSteadyState", configuration: .init(thresholds: [.mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 0])])) { benchmark in
        let s = AnalysisSession.session
        let (l, r) = (s.cables[0], s.cables[1])
        var analyzer = try StreamingAnalyzer(cables: [.left, .right], sampleRate: 1000)
        var events: [AnalysisEvent] = []
        events.reserveCapacity(64)
        var p = [0.0, 0.0], f = [0.0, 0.0]
        // Warm up on the first 100 s (the first set and part of its rest).
        let warm = 100_000, quiet = 20_000
        try p.withUnsafeMutableBufferPointer { pp in
            try f.withUnsafeMutableBufferPointer { ff in
                func feed(_ range: Range<Int>) throws {
                    for i in range {
                        pp[0] = l.position[i]
                        pp[1] = r.position[i]
                        ff[0] = l.force[i]
                        ff[1] = r.force[i]
                        try analyzer.push(time: s.time[i], positions: UnsafeBufferPointer(pp),
                                          forces: UnsafeBufferPointer(ff), events: &events)
                    }
                }
                try feed(0..<warm)
                events.removeAll(keepingCapacity: true)
                benchmark.startMeasurement()
                try feed(warm..<(warm + quiet))
                benchmark.stopMeasurement()
            }
        }
        blackHole(events)
    }
}
