import Benchmark
import CableForm
import Foundation

// Reading one hour of a two-cable machine at 1 kHz (3.6 M samples, 5 columns):
// the CSV text (~121 MB) and the same session as .cfb (~144 MB). The files are
// written once to the temporary directory, where the pandas peer
// (Benchmarks/pandas_peer.py) reads the same CSV in the same run.

enum BenchmarkSession {
    static let samples = 3_600_000
    static let directory = FileManager.default.temporaryDirectory
    static let csvPath = directory.appendingPathComponent("cableform-bench-1h.csv").path
    static let cfbPath = directory.appendingPathComponent("cableform-bench-1h.cfb").path

    /// A seated row every 5 s on two cables, at a real device's precision:
    /// time to 1 ms, position to 0.1 mm, force to 0.01 N.
    static let session: Session = {
        func quantize(_ x: Double, _ scale: Double) -> Double { (x * scale).rounded() / scale }
        func position(_ t: Double) -> Double {
            let c = t.truncatingRemainder(dividingBy: 5)
            func mj(_ s: Double) -> Double { s * s * s * (10 - 15 * s + 6 * s * s) }
            switch c {
            case ..<2: return 0.5 * mj(c / 2)
            case ..<2.5: return 0.5
            case ..<4.5: return 0.5 * (1 - mj((c - 2.5) / 2))
            default: return 0
            }
        }
        let n = samples
        let t = (0..<n).map { quantize(Double($0) / 1000, 1000) }
        let noise = (0..<n).map { i -> Double in sin(Double(i) * 12.9898) * 2 }
        return Session(
            time: t,
            cables: [
                CableChannels(name: .left, position: t.map { quantize(position($0) + 0.01, 1e4) },
                              force: (0..<n).map { quantize(122.6 + noise[$0], 100) }),
                CableChannels(name: .right, position: t.map { quantize(position($0 + 0.03) + 0.01, 1e4) },
                              force: (0..<n).map { quantize(119.0 - noise[$0], 100) }),
            ],
            metadata: SessionMetadata(exercise: "seated_row", loadKilograms: 12.5))
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
        precondition(s.sampleCount == BenchmarkSession.samples)
    }

    Benchmark("readCFB") { benchmark in
        precondition(BenchmarkSession.written)
        benchmark.startMeasurement()
        let s = try SessionBinary.read(contentsOf: BenchmarkSession.cfbPath)
        benchmark.stopMeasurement()
        precondition(s.sampleCount == BenchmarkSession.samples)
    }
}
