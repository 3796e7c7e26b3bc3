import CableForm
@testable import CableFormDevice
import Testing

/// Many sessions analysed at once, as an app or the batch command does:
/// the analyses share only the FFTW plan cache (behind its lock), so each
/// must give exactly the report it gives alone. `make sanitize` runs this
/// suite under ThreadSanitizer (docs/reliability.md).
@Suite("concurrency: many analyses at once")
struct ConcurrencyTests {
    @Test("every fixture analysed in parallel tasks, batch and streaming, equals its serial report")
    func parallelAnalyses() async throws {
        let sessions = FixtureCatalog.all.map { SimulatedMachine(plan: $0.plan).run().session }
        let serial = try sessions.map { try analyze($0) }
        // Three rounds over every fixture: the tasks overlap on the plan cache
        // (same transform lengths from different sessions) and on new lengths.
        let mismatches = try await withThrowingTaskGroup(of: Int.self) { group in
            for round in 0..<3 {
                for (k, session) in sessions.enumerated() {
                    group.addTask {
                        if round == 1 {
                            // Streaming in blocks of 97 samples must agree too.
                            return try StreamingAnalyzerTests.stream(session, blocks: [97]).1 == serial[k] ? 0 : 1
                        }
                        return try analyze(session) == serial[k] ? 0 : 1
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        #expect(serial.contains { !$0.sets.isEmpty })  // the comparison is not between empty reports
    }
}
