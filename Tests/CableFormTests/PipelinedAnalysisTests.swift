@testable import CableForm
import CableFormDevice
import Foundation
import Testing

/// `analyze(_:concurrency:)` on two threads against one: the same report bit
/// for bit, however far the first thread may run ahead (`spare` 0 makes the
/// threads wait on each other every run), and the same errors.
@Suite("Pipelined analysis")
struct PipelinedAnalysisTests {
    /// How far ahead the first thread may run: in lock step, part of a rep, the default.
    static let spares = [0, 700, AnalysisConcurrency.pipelineSpare]

    /// Both reports, and their one-line JSON (every number at full precision).
    static func expectSame(_ session: Session, spare: Int, _ comment: String) throws {
        let serial = try analyze(session, concurrency: .serial)
        let pipelined = try analyzePipelined(session, configuration: AnalysisConfiguration(), source: nil, spare: spare)
        // Compared as Bools: a failure names the first differing byte of the JSON, not two whole reports.
        let (a, b) = (try pipelined.jsonLine(), try serial.jsonLine())
        let differsAt = Array(zip(a.utf8, b.utf8)).firstIndex { $0 != $1 } ?? min(a.utf8.count, b.utf8.count)
        let sameJSON = a == b, sameReport = pipelined == serial
        #expect(sameJSON, "\(comment), spare \(spare): JSON differs from byte \(differsAt): \(a.utf8.dropFirst(max(differsAt - 40, 0)).prefix(80).map { Character(UnicodeScalar($0)) })")
        #expect(sameReport, "\(comment), spare \(spare)")
    }

    @Test("every simulated fixture: two threads give the one-thread report", arguments: FixtureCatalog.all.map(\.name))
    func fixtures(name: String) throws {
        let session = SimulatedMachine(plan: FixtureCatalog.all.first { $0.name == name }!.plan).run().session
        let serial = try analyze(session, concurrency: .serial)
        #expect(!serial.sets.isEmpty || name.hasPrefix("suitcase_carry"), "\(name) has reps to compare")
        for spare in Self.spares { try Self.expectSame(session, spare: spare, name) }
    }

    @Test("ten minutes at 1 kHz, the benchmark's workout: the same report in lock step and with room to run ahead")
    func longSession() throws {
        let session = SimulatedMachine(plan: FixtureCatalog.benchmarkPlan(duration: 600, sampleRate: 1000, seed: 3)).run().session
        let serial = try analyze(session, concurrency: .serial)
        #expect(serial.sets.reduce(0) { $0 + $1.reps.count } > 30)
        for spare in Self.spares { try Self.expectSame(session, spare: spare, "ten minutes") }
        // The public entry point on two threads (the session is above the automatic threshold).
        #expect(session.sampleCount >= AnalysisConcurrency.pipelineMinimumSamples)
        let pipelined = try analyze(session, concurrency: .pipelined), automatic = try analyze(session, concurrency: .automatic)
        #expect(Bool(pipelined == serial))
        #expect(Bool(automatic == serial))
    }

    @Test("a bad sample stops both the same way: the same error, at the same sample")
    func badSamples() throws {
        let session = SimulatedMachine(plan: FixtureCatalog.benchmarkPlan(duration: 120, sampleRate: 1000, seed: 5)).run().session
        var nan = session
        nan.cables[1].force[70_123] = .nan
        var backwards = session
        backwards.time[99_999] = backwards.time[99_998]
        var early = session
        early.cables[0].position[3] = .infinity
        for (bad, label) in [(nan, "NaN force"), (backwards, "repeated time"), (early, "infinite position near the start")] {
            let expected = #expect(throws: AnalysisError.self) { try analyze(bad, concurrency: .serial) }
            for spare in Self.spares {
                let actual = #expect(throws: AnalysisError.self, "\(label), spare \(spare)") {
                    try analyzePipelined(bad, configuration: AnalysisConfiguration(), source: nil, spare: spare)
                }
                #expect(actual == expected, "\(label), spare \(spare)")
            }
        }
    }

    @Test("empty and too-short sessions: the same (empty) report")
    func tiny() throws {
        let session = SimulatedMachine(plan: FixtureCatalog.benchmarkPlan(duration: 30, sampleRate: 1000, seed: 7)).run().session
        for count in [0, 1, 2, 5, 40, 1_500] {
            try Self.expectSame(session.prefix(count), spare: 0, "\(count) samples")
        }
    }

    @Test("a session cut anywhere, mid-rep too: the end of the stream is seen the same way")
    func cuts() throws {
        let session = SimulatedMachine(plan: FixtureCatalog.benchmarkPlan(duration: 40, sampleRate: 1000, seed: 11)).run().session
        for cut in Swift.stride(from: 9_000, to: session.sampleCount, by: 1_237) {
            try Self.expectSame(session.prefix(cut), spare: 0, "cut at \(cut)")
        }
    }

    @Test("automatic: two threads only for long sessions on two or more processors")
    func automatic() {
        let twoCores = Processors.available >= 2
        #expect(AnalysisConcurrency.automatic.isPipelined(sampleCount: AnalysisConcurrency.pipelineMinimumSamples) == twoCores)
        #expect(!AnalysisConcurrency.automatic.isPipelined(sampleCount: AnalysisConcurrency.pipelineMinimumSamples - 1))
        #expect(!AnalysisConcurrency.serial.isPipelined(sampleCount: 10_000_000))
        #expect(AnalysisConcurrency.pipelined.isPipelined(sampleCount: 0))
    }
}
