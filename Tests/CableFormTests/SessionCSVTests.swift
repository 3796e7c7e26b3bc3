import CableForm
import Foundation
import Testing

@Suite("cableform CSV")
struct SessionCSVTests {
    static let sample = """
        # cableform-csv 1
        # exercise: seated_row
        # load_kg: 12.5
        # coach: Ana
        time_s,left_position_m,left_force_n,right_position_m,right_force_n
        0.000,0.0120,45.10,0.0115,44.80
        0.010,0.0130,45.30,0.0118,44.90
        0.020,0.0150,45.70,0.0121,45.00

        """

    func read(_ text: String) throws(SessionFileError) -> Session {
        try SessionCSV.read(Array(text.utf8), name: "test.csv")
    }

    func failure(_ text: String) -> SessionFileError? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("reads the documented example: cables, metadata, rate")
    func readsExample() throws {
        let s = try read(Self.sample)
        #expect(s.sampleCount == 3)
        #expect(s.cables.map(\.name) == [.left, .right])
        #expect(s.cable(.left)?.position == [0.012, 0.013, 0.015])
        #expect(s.cable(.right)?.force == [44.8, 44.9, 45.0])
        #expect(s.metadata.exercise == "seated_row")
        #expect(s.metadata.loadKilograms == 12.5)
        #expect(s.metadata.other == [.init(key: "coach", value: "Ana")])
        #expect(abs(s.sampleRate - 100) < 1e-9)
        #expect(s.gaps.isEmpty)
    }

    @Test("any column order; unknown columns kept as extra channels; velocity optional; CRLF")
    func columnsInAnyOrder() throws {
        let text = "# cableform-csv 1\r\n# sample_rate_hz: 50\r\ncable_force_n,heart_rate_bpm,time_s,cable_velocity_mps,cable_position_m\r\n"
            + "10,80,0,0.1,0.5\r\n11,81,0.02,0.2,0.6\r\n"
        let s = try read(text)
        #expect(s.cables.count == 1)
        let c = try #require(s.cable("cable"))
        #expect(c.force == [10, 11] && c.position == [0.5, 0.6] && c.velocity == [0.1, 0.2])
        #expect(s.extraChannels == [ExtraChannel(name: "heart_rate_bpm", values: [80, 81])])
        #expect(s.sampleRate == 50)
        #expect(s.time == [0, 0.02])
    }

    @Test("writing and reading back gives the same session, bit for bit")
    func roundTrip() throws {
        let n = 500
        let time = (0..<n).map { Double($0) / 997 + 1e-7 * Double($0 % 7) }
        let position = (0..<n).map { 0.3 * sin(Double($0) / 37) + 1e-17 * Double($0) }
        let force = (0..<n).map { 100 + 1 / Double($0 + 3) }
        let velocity = (0..<n).map { -1e-300 * Double($0) }
        let session = Session(
            time: time,
            cables: [CableChannels(name: .left, position: position, force: force, velocity: velocity),
                     CableChannels(name: .right, position: force, force: position)],
            extraChannels: [ExtraChannel(name: "temperature_c", values: position.map { $0 * 1e22 })],
            metadata: SessionMetadata(device: "simulated", exercise: "face_pull", loadKilograms: 7.25, mode: "eccentric",
                                      declaredSampleRate: 997, other: [.init(key: "note", value: "a: b")]))
        let back = try read(SessionCSV.encode(session))
        #expect(back == session)
    }

    @Test("files larger than one read block parse the same as in memory")
    func largeFile() throws {
        let n = 60_000  // ~2 MB of text: several 1 MiB blocks
        let session = Session(
            time: (0..<n).map { Double($0) * 0.001 },
            cables: [CableChannels(name: .left, position: (0..<n).map { Double($0 % 1000) * 1e-4 },
                                   force: (0..<n).map { 50 + Double($0 % 17) * 0.01 })])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cf-large-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SessionCSV.write(session, to: path)
        #expect(try SessionCSV.read(contentsOf: path) == session)
    }

    @Test("gaps in time are reported, not rejected")
    func gapsAreData() throws {
        let text = "# cableform-csv 1\ntime_s,left_position_m,left_force_n\n0,0,1\n0.01,0,1\n0.02,0,1\n0.06,0,1\n0.07,0,1\n"
        let s = try read(text)
        #expect(s.gaps == [TimeGap(afterSample: 2, start: 0.02, end: 0.06, missingSamples: 3)])
    }

    @Test("each kind of bad input is a typed error that says where, keeping the records before it")
    func badInput() throws {
        let header = "# cableform-csv 1\ntime_s,left_position_m,left_force_n\n"
        #expect(failure("")?.kind == .emptyFile)
        #expect(failure("time_s,left_position_m,left_force_n\n0,0,0\n")?.kind
                == .badSignature(found: "time_s,left_position_m,left_force_n"))
        #expect(failure("# cableform-csv 2\n")?.kind == .unsupportedVersion(2))
        #expect(failure("# cableform-csv 1\n# load_kg: heavy\n")?.kind == .badMetadata("load_kg: heavy"))
        #expect(failure("# cableform-csv 1\nleft_position_m,left_force_n\n")?.kind == .missingColumn("time_s"))
        #expect(failure("# cableform-csv 1\ntime_s,left_position_m\n")?.kind == .missingColumn("left_force_n"))
        #expect(failure("# cableform-csv 1\ntime_s,left_position_m,left_force_n,left_force_n\n")?.kind
                == .duplicateColumn("left_force_n"))
        #expect(failure(header)?.kind == .noSamples)

        let nan = try #require(failure(header + "0,0,1\n0.01,0,1\n0.02,NaN,1\n"))
        #expect(nan.kind == .nonFiniteValue(column: "left_position_m"))
        #expect(nan.location == .line(5, column: 6))
        #expect(nan.sampleIndex == 2)
        #expect(nan.recordsBefore?.sampleCount == 2)
        #expect(nan.description.contains("test.csv:5:6"))

        let word = try #require(failure(header + "0,0,1\n0.01,zero,1\n"))
        #expect(word.kind == .badNumber(text: "zero", column: "left_position_m"))
        #expect(word.location == .line(4, column: 6))

        let backwards = try #require(failure(header + "0,0,1\n0.02,0,1\n0.01,0,1\n"))
        #expect(backwards.kind == .nonIncreasingTime(previous: 0.02, found: 0.01))
        #expect(backwards.sampleIndex == 2 && backwards.recordsBefore?.time == [0, 0.02])

        let repeated = try #require(failure(header + "0,0,1\n0,0,1\n"))
        #expect(repeated.kind == .nonIncreasingTime(previous: 0, found: 0))

        let short = try #require(failure(header + "0,0,1\n0.01,0,1\n0.02,0"))  // cut off mid-record
        #expect(short.kind == .wrongFieldCount(expected: 3, found: 2))
        #expect(short.location == .line(5, column: nil))
        #expect(short.recordsBefore?.sampleCount == 2)

        let long = try #require(failure(header + "0,0,1,7\n"))
        #expect(long.kind == .wrongFieldCount(expected: 3, found: 4))

        #expect(failure(header + "0,0x1p3,1\n")?.kind == .badNumber(text: "0x1p3", column: "left_position_m"))
        #expect(failure(header + "0, 1,1\n")?.kind == .badNumber(text: " 1", column: "left_position_m"))
        #expect(failure(header + "0,1,inf\n")?.kind == .nonFiniteValue(column: "left_force_n"))
    }

    @Test("a line over 1 MiB is refused, in memory as from a file; a first line that long is no signature")
    func longLines() throws {
        let header = "# cableform-csv 1\ntime_s,left_position_m,left_force_n\n0,0,1\n"
        let long = String(repeating: "9", count: SessionCSV.maximumLineBytes + 1)
        let tooLong = try #require(failure(header + long + "\n0.01,0,1\n"))
        #expect(tooLong.kind == .lineTooLong(limit: SessionCSV.maximumLineBytes))
        #expect(tooLong.location == .line(4, column: nil))
        #expect(tooLong.sampleIndex == 1 && tooLong.recordsBefore?.sampleCount == 1)
        // Exactly at the limit the line is read (and refused for what it holds, not its length).
        let atLimit = String(repeating: ",", count: SessionCSV.maximumLineBytes)
        #expect(failure(header + atLimit + "\n")?.kind == .badNumber(text: "", column: "time_s"))
        #expect(failure(long)?.kind == .badSignature(found: String(repeating: "9", count: 40)))
    }

    @Test("a missing file is an I/O error naming it")
    func missingFile() {
        do {
            _ = try SessionCSV.read(contentsOf: "/nonexistent/x.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .io(errno: ENOENT))
            #expect(error.file == "/nonexistent/x.csv")
        }
    }
}
