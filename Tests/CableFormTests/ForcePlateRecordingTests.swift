import CableForm
import Foundation
import Testing

@Suite("Real recording: bilateral force plates")
struct ForcePlateRecordingTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/real/acl-squat-jump")

    @Test("reads the ACL squat-jump recording: 16 350 samples at 1 kHz, left and right")
    func readsRecording() throws {
        let s = try ForcePlateRecording.read(contentsOf: Self.directory.appendingPathComponent("BFR007_squat_jump.csv").path)
        #expect(s.sampleCount == 16_350)
        #expect(abs(s.sampleRate - 1000) < 1e-6)
        #expect(abs(s.duration - 16.349) < 1e-9)
        #expect(s.cables.map(\.name) == [.left, .right])
        #expect(s.gaps.isEmpty)
        // The first row: plate 2 (left) 431.299866 N, plate 1 (right) 451.770203 N.
        #expect(s.cable(.left)?.force[0] == 431.299866)
        #expect(s.cable(.right)?.force[0] == 451.770203)
        #expect(s.cable(.left)!.position.allSatisfy { $0 == 0 })
        // 16 other columns are kept.
        #expect(s.extraChannels.count == 16)
        // Quiet standing before the first jump: body weight ≈ 883 N, split about evenly.
        let quiet = 0..<80
        let l = quiet.map { s.cable(.left)!.force[$0] }.reduce(0, +) / 80
        let r = quiet.map { s.cable(.right)!.force[$0] }.reduce(0, +) / 80
        #expect(abs(l + r - 883) < 10)
        #expect(abs(l - r) / (l + r) < 0.05)
    }

    @Test("a file without the OpenSim header is a typed error")
    func rejectsOtherFiles() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notplates-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "time,a\n0,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SessionFileError.self) { try ForcePlateRecording.read(contentsOf: path) }
    }
}

extension ForcePlateRecordingTests {
    @Test("a damaged value is reported at its line and column in the original file")
    func damagedValue() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plates-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "x\nendheader\ntime,ground_force1_vy,ground_force2_vy\n0,1,2\n0.001,oops,2\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ForcePlateRecording.read(contentsOf: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.location == .line(5, column: 7))
            #expect(error.recordsBefore?.sampleCount == 1)
        }
    }
}

extension ForcePlateRecordingTests {
    struct Golden: Decodable {
        struct Case: Decodable {
            var jump: Int
            var phase: String
            var first_sample: Int
            var last_sample: Int
            var force_pct: Double
        }
        var samples: Int
        var cases: [Case]
    }

    @Test("worked example: the force index over each labelled phase equals the golden script's to 1e-9")
    func labelledPhases() throws {
        let session = try ForcePlateRecording.read(
            contentsOf: Self.directory.appendingPathComponent("BFR007_squat_jump.csv").path)
        let url = Self.directory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("golden/force_plate_asymmetry.json")
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        #expect(golden.samples == session.sampleCount)
        #expect(golden.cases.count == 12)
        #expect(Set(golden.cases.map(\.phase)) == ["eccentric", "concentric", "jump", "landing"])
        for c in golden.cases {
            let index = try #require(RepAsymmetry.forceIndex(session, samples: c.first_sample...c.last_sample))
            #expect(abs(index - c.force_pct) <= 1e-9 * abs(c.force_pct), "jump \(c.jump) \(c.phase): \(index) vs \(c.force_pct)")
            // The right (plate 1) carried more in every phase of this recording.
            #expect(index < 0)
        }
        // Spans outside the recording, or a missing side, give no index.
        #expect(RepAsymmetry.forceIndex(session, samples: 0...session.sampleCount) == nil)
        #expect(RepAsymmetry.forceIndex(session, samples: 0...10, right: .left) != nil)
        #expect(RepAsymmetry.forceIndex(session, samples: 0...10, left: "third") == nil)
    }
}
