import CableForm
import CableFormDevice
import Foundation
import Testing

@Suite("Committed fixtures")
struct FixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/simulated")

    struct Manifest: Decodable {
        struct Entry: Decodable {
            let name: String
            let session: String
            let truth: String
            let sample_rate_hz: Double
            let samples: Int
        }
        let schema: String
        let fixtures: [Entry]
    }

    @Test("the manifest lists every catalogue fixture, and each reads with its stated size")
    func manifest() throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("manifest.json"))
        let m = try JSONDecoder().decode(Manifest.self, from: data)
        #expect(m.schema == "cableform.fixtures/1")
        #expect(m.fixtures.map(\.name) == FixtureCatalog.all.map(\.name))
        let exercises = Set(FixtureCatalog.all.flatMap { $0.plan.sets.map(\.exercise.name) })
        #expect(exercises == Set(Exercise.protocolExercises.map(\.name)))
        for e in m.fixtures {
            let s = try SessionCSV.read(contentsOf: Self.directory.appendingPathComponent(e.session).path)
            #expect(s.sampleCount == e.samples, "\(e.name)")
            #expect(s.sampleRate == e.sample_rate_hz)
        }
    }

    @Test("every fixture round-trips CSV → binary → CSV exactly", arguments: FixtureCatalog.all.map(\.name))
    func roundTrip(name: String) throws {
        let text = try Data(contentsOf: Self.directory.appendingPathComponent("\(name).csv"))
        let session = try SessionCSV.read(Array(text), name: name)
        let binary = try SessionBinary.read(SessionBinary.encode(session))
        #expect(binary == session)
        #expect(Array(SessionCSV.encode(binary).utf8) == Array(text))
    }

    @Test("the committed files are exactly what the catalogue generates (same seed, same bytes)",
          arguments: FixtureCatalog.all)
    func upToDate(fixture: SimulatedFixture) throws {
        let sim = SimulatedMachine(plan: fixture.plan).run()
        let csv = try Data(contentsOf: Self.directory.appendingPathComponent("\(fixture.name).csv"))
        #expect(Array(SessionCSV.encode(sim.session).utf8) == Array(csv), "regenerate with `make fixtures`")
        let truth = try GroundTruth.decode(
            try Data(contentsOf: Self.directory.appendingPathComponent("\(fixture.name).truth.json")))
        #expect(truth == sim.truth)
    }
}
