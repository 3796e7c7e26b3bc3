import CableForm
import CableFormDevice
import Foundation
import Testing

@Suite("Report JSON (cableform.report/1)")
struct ReportJSONTests {
    static let report: SessionReport = {
        let fixture = FixtureCatalog.all.first { $0.name == "seated_row_200hz" }!
        return try! analyze(SimulatedMachine(plan: fixture.plan).run().session, source: "seated_row_200hz.csv")
    }()

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("the keys of the public contract: snake_case, units in the name, nulls written out")
    func keys() throws {
        let json = try Self.object(Self.report.jsonData())
        #expect(json["schema"] as? String == "cableform.report/1")
        #expect(json["source"] as? String == "seated_row_200hz.csv")
        #expect(json["sample_rate_hz"] as? Double == 200)
        #expect(Set(json.keys) == ["schema", "source", "sample_rate_hz", "duration_s", "cables", "sets",
                                   "load_velocity_profile", "configuration"])
        #expect(json["cables"] as? [String] == ["left", "right"])
        let sets = try #require(json["sets"] as? [[String: Any]])
        #expect(sets.count == 3)
        #expect(Set(sets[0].keys) == ["index", "start_s", "end_s", "first_phase", "rep_count", "velocity_loss_pct",
                                      "tempo_cv", "load_kg", "load_source", "best_mean_concentric_velocity_mps",
                                      "holds", "mean_score", "score_trend_per_rep", "reps"])
        let meanScore = try #require(sets[0]["mean_score"] as? Double)
        #expect(meanScore >= 0 && meanScore <= 100)
        let reps = try #require(sets[0]["reps"] as? [[String: Any]])
        #expect(Set(reps[0].keys) == [
            "index", "start_s", "end_s", "complete", "cables", "first_phase", "phases", "tempo", "rom_m",
            "cable_rom_m", "cable_onset_s", "mean_concentric_velocity_mps", "peak_concentric_velocity_mps",
            "time_to_peak_velocity_s", "mean_propulsive_velocity_mps", "mean_power_w", "peak_power_w", "work_j",
            "time_under_tension_s", "mean_concentric_force_n", "smoothness", "asymmetry", "flags", "score",
            "score_components",
        ])
        let components = try #require(reps[0]["score_components"] as? [String: Any])
        #expect(Set(components.keys) == ["control", "tempo", "range", "symmetry", "penalties", "score"])
        let range = try #require(components["range"] as? [String: Any])
        #expect(Set(range.keys) == ["value", "weight"])
        #expect(components["score"] as? Double == reps[0]["score"] as? Double)
        #expect(reps[0]["first_phase"] as? String == "concentric")
        let phases = try #require(reps[0]["phases"] as? [String: Any])
        #expect(Set(phases.keys) == ["eccentric_s", "bottom_pause_s", "concentric_s", "top_pause_s"])
        // The last rep's pause after it is unknown: null, and "?" in the tempo.
        let last = try #require(reps.last)
        let lastPhases = try #require(last["phases"] as? [String: Any])
        #expect(lastPhases["bottom_pause_s"] is NSNull)
        #expect((last["tempo"] as? String)?.contains("?") == true)
        let score = try #require(last["score"] as? Double)
        #expect(score >= 0 && score <= 100)
        #expect((last["flags"] as? [String])?.isEmpty == true)
        let asymmetry = try #require(last["asymmetry"] as? [String: Any])
        #expect(Set(asymmetry.keys) == ["force_pct", "rom_pct", "work_pct", "lag_s", "single_cable"])
        #expect(asymmetry["single_cable"] is NSNull)
        let smoothness = try #require(last["smoothness"] as? [String: Any])
        let concentric = try #require(smoothness["concentric"] as? [String: Any])
        #expect(Set(concentric.keys) == ["sparc", "ldlj", "speed_peaks"])
    }

    @Test("a configuration file names only what it changes; unknown keys and bad tempos are errors")
    func partialConfiguration() throws {
        let text = #"{"rest_limit_s": 12, "flags": {"asymmetry_pct": 15}, "score": {"target_tempo": "3-1-2-?", "jerky_penalty": 20}}"#
        let configuration = try JSONDecoder().decode(AnalysisConfiguration.self, from: Data(text.utf8))
        var expected = AnalysisConfiguration()
        expected.restLimit = 12
        expected.flags.asymmetryPercent = 15
        expected.score.targetTempo = Tempo(eccentric: 3, bottomPause: 1, concentric: 2, topPause: nil)
        expected.score.jerkyPenalty = 20
        #expect(configuration == expected)
        // Written out in full, it reads back the same; the tempo as coaches write it.
        let data = try JSONEncoder().encode(configuration)
        #expect(try JSONDecoder().decode(AnalysisConfiguration.self, from: data) == configuration)
        let object = try Self.object(data)
        #expect((object["score"] as? [String: Any])?["target_tempo"] as? String == "3-1-2-?")
        for bad in [#"{"rest_limt_s": 12}"#, #"{"flags": {"asymetry_pct": 15}}"#,
                    #"{"score": {"target_tempo": "3-1-x-0"}}"#, #"{"score": {"target_tempo": "?-1-2-0"}}"#] {
            #expect(throws: DecodingError.self, "\(bad)") {
                try JSONDecoder().decode(AnalysisConfiguration.self, from: Data(bad.utf8))
            }
        }
    }

    @Test("the JSON reads back to the same report")
    func roundTrip() throws {
        let decoded = try SessionReport.decode(Self.report.jsonData())
        #expect(decoded == Self.report)
    }

    @Test("another schema is refused")
    func wrongSchema() throws {
        var json = try Self.object(Self.report.jsonData())
        json["schema"] = "cableform.report/9"
        let data = try JSONSerialization.data(withJSONObject: json)
        #expect(throws: DecodingError.self) { try SessionReport.decode(data) }
    }
}
