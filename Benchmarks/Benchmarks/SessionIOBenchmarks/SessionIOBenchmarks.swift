import Benchmark
import CableForm
import CableFormDevice
import Foundation

// Reading one hour of a two-cable machine at 1 kHz (3.6 M samples, 5 columns):
// the CSV text and the same session as .cfb (~144 MB). The files are
// written once to the temporary directory, where the pandas peer
// (Benchmarks/peer/pandas_peer.py) reads the same CSV in the same run.

enum BenchmarkSession {
    static let samples = 3_600_000
    static let directory = FileManager.default.temporaryDirectory
    static let csvPath = directory.appendingPathComponent("cableform-bench-1h.csv").path
    static let cfbPath = directory.appendingPathComponent("cableform-bench-1h.cfb").path

    /// The simulator's benchmark workout: sets of seated rows at rising loads
    /// with rests, two cables, 1 kHz with clock jitter and dropped samples, at a
    /// device's precision (time to 1 µs, position to 0.2 mm, force to 0.01 N).
    static let session: Session = {
        let s = SimulatedMachine(plan: FixtureCatalog.benchmarkPlan(duration: 3600, sampleRate: 1000)).run().session
        return s.prefix(samples)
    }()

    static let written: Bool = {
        try! SessionCSV.write(session, to: csvPath)
        try! SessionBinary.write(session, to: cfbPath)
        return true
    }()
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal],
        timeUnits: .milliseconds,
        maxDuration: .seconds(10),
        maxIterations: 10
    )

    Benchmark("readCSV") { benchmark in
        precondition(BenchmarkSession.written)
        benchmark.startMeasurement()
        let s = try SessionCSV.read(contentsOf: BenchmarkSession.csvPath)
        benchmark.stopMeasurement()
        precondition(s.sampleCount == BenchmarkSession.session.sampleCount)
    }

    // The committed fixtures' CSV files (Fixtures/simulated: twelve sessions,
    // 299 218 samples, one and two cables), read in turn.
    Benchmark("readFixtures") { benchmark in
        let directory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/simulated")
        let paths = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".csv") }
            .sorted().map { directory.appendingPathComponent($0).path }
        precondition(paths.count >= 12, "the committed fixtures were not found at \(directory.path)")
        var samples = 0
        benchmark.startMeasurement()
        for path in paths { samples += try SessionCSV.read(contentsOf: path).sampleCount }
        benchmark.stopMeasurement()
        precondition(samples > 200_000)
    }

    Benchmark("readCFB") { benchmark in
        precondition(BenchmarkSession.written)
        benchmark.startMeasurement()
        let s = try SessionBinary.read(contentsOf: BenchmarkSession.cfbPath)
        benchmark.stopMeasurement()
        precondition(s.sampleCount == BenchmarkSession.session.sampleCount)
    }
}
