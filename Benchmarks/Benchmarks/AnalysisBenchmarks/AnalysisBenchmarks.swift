import Benchmark
import CableForm
import CableFormDevice
import Foundation

// The rep analyzer on one hour of a two-cable machine at 1 kHz (3.6 M
// samples): the simulator's benchmark workout, the same session that
// SessionIOBenchmarks writes for the readers and that the SciPy rep peer
// (Benchmarks/peer/rep_peer.py) analyses in the same run.

enum AnalysisSession {
    static let samples = 3_600_000
    static let session: Session = {
        SimulatedMachine(plan: FixtureCatalog.benchmarkPlan(duration: 3600, sampleRate: 1000)).run().session.prefix(samples)
    }()
    static let csvPath = FileManager.default.temporaryDirectory.appendingPathComponent("cableform-bench-1h.csv").path
    static let summaryPath = FileManager.default.temporaryDirectory.appendingPathComponent("cableform-bench-summary.json").path
    static let written: Bool = {
        if !FileManager.default.fileExists(atPath: csvPath) { try! SessionCSV.write(session, to: csvPath) }
        return true
    }()

    /// How far each copy of the hour is moved on in time (s): past its last sample.
    static let copyOffset = (session.time.last! - session.time.first! + 1).rounded(.up)

    /// Block `k` of `size` samples of back-to-back copies of the hour (copy
    /// `h` moved on by `h · copyOffset`): longer sessions made on demand, so
    /// that streaming them holds only the hour in memory.
    static func block(_ k: Int, size: Int) -> Session {
        let n = session.sampleCount, perCopy = (n + size - 1) / size
        let copy = k / perCopy, start = (k % perCopy) * size
        var block = session.samples(start..<min(start + size, n))
        if copy > 0 { block.time = block.time.map { $0 + copyOffset * Double(copy) } }
        return block
    }

    /// The hour repeated `hours` times as one session (copies as above).
    static func repeated(_ hours: Int) -> Session {
        let s = session
        let time = (0..<hours).flatMap { h in s.time.map { $0 + copyOffset * Double(h) } }
        let cables = s.cables.map { c in
            CableChannels(name: c.name, position: Array((0..<hours).map { _ in c.position }.joined()),
                          force: Array((0..<hours).map { _ in c.force }.joined()))
        }
        return Session(time: time, cables: cables, sampleRate: s.sampleRate)
    }
}

/// The committed fixtures (`Fixtures/simulated`: twelve sessions from 10 Hz to
/// 2 kHz, one and two cables, every exercise and the simulator's faults),
/// read once; `analyzeFixtures` analyses them all per call.
enum CommittedFixtures {
    /// `Fixtures/simulated` of the package this benchmark belongs to.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/simulated")
    static let sessions: [Session] = {
        let names = try! FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".csv") }.sorted()
        precondition(names.count >= 12, "the committed fixtures were not found at \(directory.path)")
        return names.map { try! SessionCSV.read(contentsOf: directory.appendingPathComponent($0).path) }
    }()
}

/// The form measures' inputs for every rep of the hour: each phase's speed
/// (a minimum-jerk profile of the rep's measured duration and range at 1 kHz,
/// the size the analyzer hands them) and the two cables' positions over the
/// rep and half a second either side, the right 30 ms late.
enum FormInputs {
    struct RepInput {
        var concentric: [Double]
        var eccentric: [Double]
        var left: [Double]
        var right: [Double]
    }
    static let reps: [RepInput] = {
        let report = try! analyze(AnalysisSession.session)
        return report.sets.flatMap(\.reps).map { rep in
            func speed(_ duration: Double) -> [Double] {
                let n = max(Int(duration * 1000), 3)
                return (0..<n).map { i in
                    let t = Double(i) / Double(n - 1)
                    return rep.rangeOfMotion / duration * 30 * t * t * (1 - t) * (1 - t)
                }
            }
            let window = Int((rep.duration + 1) * 1000)
            func position(delay: Double) -> [Double] {
                (0..<window).map { i in
                    let t = Double(i) / 1000 - 0.5 - delay
                    let u = min(max(t / rep.duration, 0), 1)
                    return rep.rangeOfMotion * (1 - cos(2 * Double.pi * u)) / 2
                }
            }
            // Thinned to RepAsymmetry.lagRate as the analyzer does.
            let step = Int((1000 / RepAsymmetry.lagRate).rounded())
            func thinned(_ x: [Double]) -> [Double] { Swift.stride(from: 0, to: x.count, by: step).map { x[$0] } }
            return RepInput(concentric: speed(rep.tempo.concentric), eccentric: speed(rep.tempo.eccentric),
                            left: thinned(position(delay: 0)), right: thinned(position(delay: 0.03)))
        }
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

    // Batch: the whole hour in, the report out (`analyze`'s default concurrency).
    Benchmark("analyzeHour", configuration: perRep) { benchmark in
        precondition(AnalysisSession.written)
        let session = AnalysisSession.session
        benchmark.startMeasurement()
        let report = try analyze(session)
        benchmark.stopMeasurement()
        precondition(report.sets.count > 20)
        // What the peer must agree with (Benchmarks/compare.py checks it).
        let reps = report.sets.flatMap(\.reps).filter(\.complete)
        let summary: [String: Any] = [
            "reps": reps.count,
            "mean_mcv_mps": reps.map(\.meanConcentricVelocity).reduce(0, +) / Double(reps.count),
            "mean_sparc": reps.compactMap(\.smoothness.concentric?.sparc).reduce(0, +) / Double(reps.count),
        ]
        try JSONSerialization.data(withJSONObject: summary).write(to: URL(fileURLWithPath: AnalysisSession.summaryPath))
        blackHole(report)
    }

    // The same on the calling thread only (`analyzeHour` above is the default,
    // `.automatic`: this two-core machine analyses the hour on two threads).
    Benchmark("analyzeHourSerial", configuration: perRep) { benchmark in
        let session = AnalysisSession.session
        benchmark.startMeasurement()
        let report = try analyze(session, concurrency: .serial)
        benchmark.stopMeasurement()
        precondition(report.sets.count > 20)
        blackHole(report)
    }

    // The form measures of every rep of the hour, as the analyzer computes
    // them per rep: SPARC, LDLJ and speed peaks of both phases, and the lag
    // between the cables by FFT cross-correlation. Divide by the rep count
    // (printed by Benchmarks/run.sh) for the cost per rep.
    Benchmark("formHourReps", configuration: perRep) { benchmark in
        let reps = FormInputs.reps
        precondition(reps.count > 200)
        var total = 0.0
        benchmark.startMeasurement()
        for rep in reps {
            total += PhaseSmoothness.measure(speed: rep.concentric, sampleRate: 1000)?.sparc ?? 0
            total += PhaseSmoothness.measure(speed: rep.eccentric, sampleRate: 1000)?.sparc ?? 0
            total += RepAsymmetry.lag(left: rep.left, right: rep.right, interval: 1 / RepAsymmetry.lagRate,
                                      maximumLag: 0.5) ?? 0
        }
        benchmark.stopMeasurement()
        blackHole(total)
    }

    // Every committed fixture analysed in turn (read beforehand): 299 218
    // samples at rates from 10 Hz to 2 kHz, one and two cables, gaps and
    // faults included (Benchmarks/compare.py counts the samples).
    Benchmark("analyzeFixtures", configuration: perRep) { benchmark in
        let sessions = CommittedFixtures.sessions
        var reps = 0
        benchmark.startMeasurement()
        for session in sessions { reps += try analyze(session).sets.reduce(0) { $0 + $1.repCount } }
        benchmark.stopMeasurement()
        precondition(reps > 100)
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

    // Streaming in blocks (`push(Session)`), as an app receives them: the first
    // ten minutes of the hour cut into blocks of 20 and of 4096 samples
    // beforehand. Divide by 600 000 for the time per two-cable frame.
    for size in [20, 4096] {
        Benchmark("streamBlocks\(size)", configuration: perRep) { benchmark in
            let s = AnalysisSession.session
            let blocks = Swift.stride(from: 0, to: 600_000, by: size).map { s.samples($0..<min($0 + size, 600_000)) }
            var analyzer = try StreamingAnalyzer(cables: [.left, .right], sampleRate: 1000)
            var events = 0
            benchmark.startMeasurement()
            for block in blocks { events += try analyzer.push(block).count }
            events += analyzer.finish().count
            benchmark.stopMeasurement()
            precondition(events > 50)
        }
    }

    // How time and memory grow with the session's length: 1, 10, 60 and 240
    // minutes (four hours: the hour four times over, 14.4 M samples).
    for minutes in [1, 10, 60, 240] {
        Benchmark("analyzeMinutes\(minutes)",
                  configuration: .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
                                       maxIterations: minutes > 60 ? 3 : 8,
                                       thresholds: [.mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 50])])) { benchmark in
            let session = minutes > 60 ? AnalysisSession.repeated(minutes / 60) : AnalysisSession.session.prefix(minutes * 60_000)
            benchmark.startMeasurement()
            let report = try analyze(session)
            benchmark.stopMeasurement()
            blackHole(report)
        }
    }

    // Streaming memory does not grow with the session: one hour and four
    // hours pushed in blocks of 4096 made on demand (the process holds the
    // hour it copies them from, 145 MB); the peak resident memory of the two
    // is the same. The mallocs include making the blocks.
    for hours in [1, 4] {
        Benchmark("streamHours\(hours)",
                  configuration: .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], maxIterations: 3,
                                       thresholds: [.mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 50])])) { benchmark in
            let blocks = hours * ((AnalysisSession.session.sampleCount + 4095) / 4096)
            var analyzer = try StreamingAnalyzer(cables: [.left, .right], sampleRate: 1000)
            var events = 0
            benchmark.startMeasurement()
            for k in 0..<blocks { events += try analyzer.push(AnalysisSession.block(k, size: 4096)).count }
            events += analyzer.finish().count
            benchmark.stopMeasurement()
            precondition(events > 400 * hours)
        }
    }

    // Blocks of 20 samples in the same quiet stretch: no allocation per block.
    Benchmark("streamBlocksSteadyState", configuration: .init(thresholds: [.mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 0])])) { benchmark in
        let s = AnalysisSession.session
        let warm = s.samples(0..<100_000)
        let blocks = Swift.stride(from: 100_000, to: 120_000, by: 20).map { s.samples($0..<($0 + 20)) }
        var analyzer = try StreamingAnalyzer(cables: [.left, .right], sampleRate: 1000)
        _ = try analyzer.push(warm)
        var events = 0
        benchmark.startMeasurement()
        for block in blocks { events += try analyzer.push(block).count }
        benchmark.stopMeasurement()
        blackHole(events)
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
