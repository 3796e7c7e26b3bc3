import CableForm
import Foundation
import Testing

/// The bad-input contract of docs/formats.md ("Bad input"), one row per kind
/// of damage: the exact error the library throws, the place it names, what
/// it still returned, and the command line's exit status and message. Each
/// row is written to a file and read the way `cableform` reads it
/// (`SessionFile.read(contentsOf:)`, then `analyze`), then run through the
/// built executable.
struct BadInput: Sendable, CustomTestStringConvertible {
    /// What reading and analysing the file gives.
    enum Outcome: Sendable {
        /// The reader refuses the file with this kind, at this place, for this
        /// sample, with this many complete records before it.
        case unreadable(SessionFileError.Kind, SessionFileError.Location, sample: Int?, kept: Int)
        /// The file reads (all `samples` of it) but the analyzer refuses it.
        case refused(AnalysisError, samples: Int)
        /// The file reads and analyses; `check` holds for the session.
        case accepted(samples: Int, check: @Sendable (Session) -> Bool)
    }

    var testDescription: String
    /// The file's name (its extension does not choose the reader: content does).
    var file: String
    /// Writes the file at the given path.
    var make: @Sendable (String) throws -> Void
    var outcome: Outcome
    /// `cableform analyze FILE`: exit status, and a part of standard error.
    var status: Int32
    var message: String

    init(_ name: String, file: String, bytes: [UInt8], _ outcome: Outcome, status: Int32, message: String) {
        self.init(name, file: file, make: { try Data(bytes).write(to: URL(fileURLWithPath: $0)) }, outcome,
                  status: status, message: message)
    }

    init(_ name: String, file: String, make: @escaping @Sendable (String) throws -> Void, _ outcome: Outcome,
         status: Int32, message: String) {
        testDescription = name
        self.file = file
        self.make = make
        self.outcome = outcome
        self.status = status
        self.message = message
    }
}

enum BadInputTable {
    static let signature = "# cableform-csv 1\n"
    static let header = signature + "time_s,left_position_m,left_force_n,right_position_m,right_force_n\n"
    /// Record `i`: 10 ms apart, both handles at 0.1 m pulling 50 N.
    static func record(_ i: Int) -> String { "\(Double(i) / 100),0.1,50,0.1,50\n" }
    static let records = (0..<3).map(record).joined()
    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    /// 300 samples of one cable at 100 Hz in three chunks of 100.
    static let session = Session(time: (0..<300).map { Double($0) / 100 },
                                 cables: [CableChannels(name: .left, position: (0..<300).map { 0.1 + Double($0 % 50) / 100 },
                                                        force: Array(repeating: 40, count: 300))])
    static let chunked = SessionBinary.encode(session, samplesPerChunk: 100)
    /// Bytes per chunk: 12 of chunk header, 8 per value of time, position, force.
    static let chunkBytes = 12 + 8 * 3 * 100
    static let headerBytes = chunked.count - 3 * chunkBytes

    /// Writes `prefix` and extends the file to 10 GB without writing the rest:
    /// a sparse file whose tail reads as zero bytes.
    static func sparse(_ prefix: [UInt8]) -> @Sendable (String) throws -> Void {
        { path in
            try Data(prefix).write(to: URL(fileURLWithPath: path))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.truncate(atOffset: 10 << 30)
        }
    }

    /// Random bytes from a fixed seed (SplitMix64), starting 0xFF: neither format.
    static let garbage: [UInt8] = {
        var state: UInt64 = 9
        var bytes: [UInt8] = [0xFF]
        for _ in 0..<4095 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            bytes.append(UInt8(truncatingIfNeeded: z ^ (z >> 31)))
        }
        return bytes
    }()

    /// The documented preview of a bad signature: the first 40 bytes,
    /// printable ASCII as is and any other byte as `\xNN`.
    static func preview(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : "\\x" + String(format: "%02x", $0) }.joined()
    }

    static let rows: [BadInput] = [
        BadInput("truncated line (CSV cut inside a record)", file: "truncated.csv",
                 bytes: text(header + records + "0.03,0.1,5"),
                 .unreadable(.wrongFieldCount(expected: 5, found: 3), .line(6, column: nil), sample: 3, kept: 3),
                 status: 1, message: "truncated.csv:6 (sample 3): expected 5 fields, found 3; 3 samples before it were read"),
        BadInput("truncated chunk (.cfb cut inside the third chunk)", file: "truncated.cfb",
                 bytes: Array(chunked.prefix(headerBytes + 2 * chunkBytes + 12 + 50)),
                 .unreadable(.truncated(expectedBytes: 2400, availableBytes: 50),
                             .byteOffset(headerBytes + 2 * chunkBytes + 12, chunk: 2), sample: nil, kept: 200),
                 status: 1, message: "truncated.cfb: byte \(headerBytes + 2 * chunkBytes + 12) (chunk 2): file ends early"),
        BadInput("non-numeric field", file: "word.csv",
                 bytes: text(header + record(0) + "0.01,0.1,fifty,0.1,50\n"),
                 .unreadable(.badNumber(text: "fifty", column: "left_force_n"), .line(4, column: 10), sample: 1, kept: 1),
                 status: 1, message: "word.csv:4:10 (sample 1): \"fifty\" is not a number (column left_force_n)"),
        BadInput("NaN", file: "nan.csv",
                 bytes: text(header + record(0) + "0.01,NaN,50,0.1,50\n"),
                 .unreadable(.nonFiniteValue(column: "left_position_m"), .line(4, column: 6), sample: 1, kept: 1),
                 status: 1, message: "nan.csv:4:6 (sample 1): NaN or infinite value in column left_position_m"),
        BadInput("infinity", file: "inf.csv",
                 bytes: text(header + records + "0.03,0.1,50,0.1,-inf\n"),
                 .unreadable(.nonFiniteValue(column: "right_force_n"), .line(6, column: 17), sample: 3, kept: 3),
                 status: 1, message: "inf.csv:6:17 (sample 3): NaN or infinite value in column right_force_n"),
        BadInput("non-increasing time", file: "backwards.csv",
                 bytes: text(header + record(0) + record(1) + record(1)),
                 .unreadable(.nonIncreasingTime(previous: 0.01, found: 0.01), .line(5, column: nil), sample: 2, kept: 2),
                 status: 1, message: "backwards.csv:5 (sample 2): time 0.01 s does not follow 0.01 s"),
        BadInput("missing column", file: "missing.csv",
                 bytes: text(signature + "time_s,left_position_m,right_position_m,right_force_n\n0,0.1,0.1,50\n"),
                 .unreadable(.missingColumn("left_force_n"), .line(2, column: nil), sample: nil, kept: 0),
                 status: 1, message: "missing.csv:2: missing column left_force_n"),
        BadInput("duplicate column", file: "duplicate.csv",
                 bytes: text(signature + "time_s,left_position_m,left_force_n,left_position_m\n0,0.1,50,0.1\n"),
                 .unreadable(.duplicateColumn("left_position_m"), .line(2, column: nil), sample: nil, kept: 0),
                 status: 1, message: "duplicate.csv:2: duplicate column left_position_m"),
        BadInput("empty file", file: "empty.csv", bytes: [],
                 .unreadable(.emptyFile, .wholeFile, sample: nil, kept: 0),
                 status: 1, message: "empty.csv: the file is empty"),
        BadInput("header only", file: "header.csv", bytes: text(header),
                 .unreadable(.noSamples, .line(2, column: nil), sample: nil, kept: 0),
                 status: 1, message: "header.csv:2: no samples after the header"),
        BadInput("wrong first line", file: "plain.csv",
                 bytes: text("time_s,left_position_m,left_force_n\n0,0.1,50\n"),
                 .unreadable(.badSignature(found: "time_s,left_position_m,left_force_n\\x0a0,0."), .byteOffset(0, chunk: nil),
                             sample: nil, kept: 0),
                 status: 1, message: "plain.csv: byte 0: not a cableform file (found \"time_s,left_position_m"),
        BadInput("UTF-8 byte-order mark: accepted", file: "bom.csv",
                 bytes: [0xEF, 0xBB, 0xBF] + text(signature + "# exercise: seated_row\n" + header.dropFirst(signature.count) + records),
                 .accepted(samples: 3, check: { $0.metadata.exercise == "seated_row" && $0.cables.count == 2 }),
                 status: 0, message: ""),
        BadInput("CRLF line breaks: accepted", file: "crlf.csv",
                 bytes: text((header + records).replacingOccurrences(of: "\n", with: "\r\n")),
                 .accepted(samples: 3, check: { $0.time == [0, 0.01, 0.02] && $0.cable(.right)?.force == [50, 50, 50] }),
                 status: 0, message: ""),
        BadInput("unknown extra columns: kept", file: "extra.csv",
                 bytes: text(signature + "time_s,heart_rate_bpm,left_position_m,left_force_n,note_code\n"
                             + "0,80,0.1,50,7\n0.01,81,0.1,50,7\n"),
                 .accepted(samples: 2, check: {
                     $0.extraChannels == [ExtraChannel(name: "heart_rate_bpm", values: [80, 81]),
                                          ExtraChannel(name: "note_code", values: [7, 7])]
                 }),
                 status: 0, message: ""),
        BadInput("absurd position (1 km): implausible, not analysed", file: "km.csv",
                 bytes: text(header + record(0) + "0.01,1000,50,0.1,50\n" + record(2)),
                 .refused(.implausibleSample(index: 1, channel: "left_position", value: 1000, limit: 10), samples: 3),
                 status: 1, message: "km.csv: sample 1: left_position 1000.0 m is implausible (beyond ±10.0 m)"),
        BadInput("absurd force (1 MN): implausible, not analysed", file: "meganewton.csv",
                 bytes: text(header + records + "0.03,0.1,50,0.1,1e6\n"),
                 .refused(.implausibleSample(index: 3, channel: "right_force", value: 1e6, limit: 10_000), samples: 4),
                 status: 1, message: "meganewton.csv: sample 3: right_force 1000000.0 N is implausible (beyond ±10000.0 N)"),
        BadInput("10 GB sparse CSV (three records, then holes)", file: "sparse.csv", make: sparse(text(header + records)),
                 .unreadable(.lineTooLong(limit: 1 << 20), .line(6, column: nil), sample: 3, kept: 3),
                 status: 1, message: "sparse.csv:6 (sample 3): a line longer than 1048576 bytes (no line break); 3 samples"),
        BadInput("10 GB sparse .cfb (two chunks, then holes)", file: "sparse.cfb",
                 make: sparse(Array(chunked.prefix(headerBytes + 2 * chunkBytes))),
                 .unreadable(.badSignature(found: "0 0 0 0"), .byteOffset(headerBytes + 2 * chunkBytes, chunk: 2),
                             sample: nil, kept: 200),
                 status: 1, message: "sparse.cfb: byte \(headerBytes + 2 * chunkBytes) (chunk 2): not a chunk: bad chunk magic"),
        BadInput("binary garbage", file: "garbage.csv", bytes: garbage,
                 .unreadable(.badSignature(found: preview(garbage.prefix(40))), .byteOffset(0, chunk: nil),
                             sample: nil, kept: 0),
                 status: 1, message: "garbage.csv: byte 0: not a cableform file (found \"\\xff"),
        BadInput("damaged chunk (one bit flipped)", file: "flipped.cfb",
                 bytes: { var b = chunked; b[headerBytes + chunkBytes + 12 + 100] ^= 0x10; return b }(),
                 .unreadable(.checksumMismatch(expected: 0, actual: 0), .byteOffset(headerBytes + chunkBytes, chunk: 1),
                             sample: nil, kept: 100),
                 status: 1, message: "flipped.cfb: byte \(headerBytes + chunkBytes) (chunk 1): CRC-32 mismatch"),
    ]
}

@Suite("bad input: one table, the library and the command line")
struct BadInputTests {
    static let directory = try! CLI.temporaryDirectory("bad-input")

    /// The checksums of a damaged chunk depend on the bytes; the table only
    /// fixes that they differ.
    func sameKind(_ a: SessionFileError.Kind, _ b: SessionFileError.Kind) -> Bool {
        if case let .checksumMismatch(stored, computed) = a, case .checksumMismatch = b { return stored != computed }
        return a == b
    }

    @Test("each row: the error, its place, what is kept, the exit status and message", arguments: BadInputTable.rows)
    func row(_ row: BadInput) throws {
        let path = Self.directory.appendingPathComponent(row.file).path
        try row.make(path)
        defer { try? FileManager.default.removeItem(atPath: path) }

        switch row.outcome {
        case let .unreadable(kind, location, sample, kept):
            do {
                let session = try SessionFile.read(contentsOf: path)
                Issue.record("read \(session.sampleCount) samples; expected \(kind)")
            } catch {
                #expect(sameKind(error.kind, kind), "\(error.kind)")
                #expect(error.location == location)
                #expect(error.sampleIndex == sample)
                #expect(error.file == path)
                #expect((error.recordsBefore?.sampleCount ?? 0) == kept)
            }
        case let .refused(expected, samples):
            let session = try SessionFile.read(contentsOf: path)
            #expect(session.sampleCount == samples)
            #expect(throws: expected) { try analyze(session) }
        case let .accepted(samples, check):
            let session = try SessionFile.read(contentsOf: path)
            #expect(session.sampleCount == samples)
            #expect(check(session))
            #expect(throws: Never.self) { try analyze(session) }
        }

        let result = try CLI.run(["analyze", path])
        #expect(result.status == row.status, "\(result.stderr)")
        if row.message.isEmpty {
            #expect(result.stderr.isEmpty, "\(result.stderr)")
        } else {
            #expect(result.stderr.contains(row.message), "\(result.stderr)")
        }
    }

    @Test("the kept records of a damaged file are exactly the file's first records")
    func keptRecordsAreThePrefix() throws {
        let cut = Array(BadInputTable.chunked.prefix(BadInputTable.headerBytes + 2 * BadInputTable.chunkBytes + 7))
        do {
            _ = try SessionBinary.read(cut)
            Issue.record("a cut file read whole")
        } catch {
            #expect(error.recordsBefore == BadInputTable.session.samples(0..<200))
        }
    }
}
