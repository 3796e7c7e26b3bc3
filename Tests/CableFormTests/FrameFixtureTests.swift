import CableForm
import CableFormDevice
import Foundation
import Testing

@Suite("Committed frame logs (Fixtures/frames)")
struct FrameFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/frames")

    struct LinkTruth: Decodable {
        var sent: Int
        var lost: Int
        var duplicated: Int
        var reordered: Int
        var corrupted: Int
    }

    static func report<D: FrameDecoder>(_ log: FrameLog, _ decoder: D) async throws -> (SessionReport, AdapterStatistics) {
        let live = LiveSession(source: try FrameReplaySource(log: log, decoder: decoder))
        for try await event in live.events() {
            if case let .finished(report, statistics, _) = event { return (report, statistics!) }
        }
        throw CancellationError()
    }

    @Test("each committed log is what its catalogue entry makes, and replays to the truth's rep counts",
          arguments: FrameFixtureCatalog.all.map(\.name))
    func replay(name: String) async throws {
        let fixture = try #require(FrameFixtureCatalog.all.first { $0.name == name })
        let log = try FrameLog.read(contentsOf: Self.directory.appendingPathComponent("\(name).cfframes").path)
        let truth = try GroundTruth.decode(Data(contentsOf: Self.directory.appendingPathComponent("\(name).truth.json")))
        let link = try JSONDecoder().decode(LinkTruth.self,
                                            from: Data(contentsOf: Self.directory.appendingPathComponent("\(name).link.json")))
        let made = fixture.make()
        #expect(made.log == log, "regenerate with `make fixtures`")
        #expect(made.link.lost == link.lost && made.link.sent == link.sent && made.link.corrupted == link.corrupted)
        #expect(link.lost > 0 && link.duplicated > 0)
        let (report, statistics) = switch fixture.layout {
        case .generic: try await Self.report(log, FrameFixtureCatalog.genericDecoder)
        case .monitor: try await Self.report(log, MonitorFrameDecoder())
        }
        #expect(statistics.missing == link.lost + link.corrupted, "missing \(statistics.missing), lost \(link.lost) + \(link.corrupted)")
        #expect(statistics.malformedTotal == link.corrupted)
        #expect(statistics.duplicates == link.duplicated && statistics.late == 0)
        let e = RepEvaluation(report: report, truth: truth)
        #expect(e.exactCountSets == e.sets, "\(e.setCounts)")
        #expect(e.matched == e.trueReps && e.detectedReps == e.trueReps)
    }
}
