/// Why a session file could not be read (completely), and where.
///
/// Every reader failure carries the file, the place in it (line and column for
/// text, byte offset and chunk for binary), the index of the sample being read
/// when that is known, and ``recordsBefore``: every complete record before the
/// damage, so a truncated or damaged recording is never lost entirely.
public struct SessionFileError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The file has no bytes.
        case emptyFile
        /// The first line is not the format's signature (`# cableform-csv 1`), or
        /// the binary magic (or a chunk's magic) is wrong.
        case badSignature(found: String)
        /// The format version is newer than this reader.
        case unsupportedVersion(Int)
        /// A metadata line is not `# key: value`, or a known key has a bad value.
        case badMetadata(String)
        /// A required column is absent (`time_s`, or a cable's position or force).
        case missingColumn(String)
        /// A column name appears twice.
        case duplicateColumn(String)
        /// A record has the wrong number of fields.
        case wrongFieldCount(expected: Int, found: Int)
        /// A field is not a number.
        case badNumber(text: String, column: String)
        /// A field is NaN or infinite.
        case nonFiniteValue(column: String)
        /// A time stamp is not greater than the one before it.
        case nonIncreasingTime(previous: Double, found: Double)
        /// A text line is longer than `limit` bytes (``SessionCSV/maximumLineBytes``)
        /// without a line break: not a CSV record, and not read further.
        case lineTooLong(limit: Int)
        /// The header is complete but no sample follows.
        case noSamples
        /// The file ends inside a record or a chunk.
        case truncated(expectedBytes: Int, availableBytes: Int)
        /// A chunk's or the header's CRC-32 does not match its bytes.
        case checksumMismatch(expected: UInt32, actual: UInt32)
        /// The binary header's content is inconsistent.
        case badHeader(String)
        /// The operating system refused to open, read or write the file (`errno`).
        case io(errno: Int32)
    }

    /// Where in the file.
    public enum Location: Sendable, Hashable {
        /// A text position: 1-based line, and 1-based byte column when known.
        case line(Int, column: Int?)
        /// A binary position: byte offset from the start of the file, and the
        /// 0-based chunk index when inside the chunk sequence.
        case byteOffset(Int, chunk: Int?)
        /// The file as a whole (it could not be opened, or is empty).
        case wholeFile
    }

    /// What went wrong.
    public var kind: Kind
    /// The file's path, or the name the caller gave to in-memory bytes.
    public var file: String?
    /// Where in the file.
    public var location: Location
    /// The 0-based index of the sample being read, when inside the data.
    public var sampleIndex: Int?
    /// Every complete record before the damage, as a session, when the header was
    /// readable and at least one record preceded the problem.
    public var recordsBefore: Session?

    /// Creates an error.
    public init(
        _ kind: Kind, file: String?, location: Location, sampleIndex: Int? = nil, recordsBefore: Session? = nil
    ) {
        self.kind = kind
        self.file = file
        self.location = location
        self.sampleIndex = sampleIndex
        self.recordsBefore = recordsBefore
    }

    public var description: String {
        var place = file ?? "<input>"
        switch location {
        case let .line(line, column):
            place += ":\(line)" + (column.map { ":\($0)" } ?? "")
        case let .byteOffset(offset, chunk):
            place += ": byte \(offset)" + (chunk.map { " (chunk \($0))" } ?? "")
        case .wholeFile:
            break
        }
        if let sampleIndex { place += " (sample \(sampleIndex))" }
        let what: String
        switch kind {
        case .emptyFile: what = "the file is empty"
        case let .badSignature(found):
            if case .byteOffset(_, chunk: .some) = location {
                what = "not a chunk: bad chunk magic (found \"\(found)\")"
            } else {
                what = "not a cableform file (found \"\(found)\")"
            }
        case let .unsupportedVersion(v): what = "format version \(v) is newer than this reader"
        case let .badMetadata(text): what = "bad metadata: \(text)"
        case let .missingColumn(name): what = "missing column \(name)"
        case let .duplicateColumn(name): what = "duplicate column \(name)"
        case let .wrongFieldCount(expected, found): what = "expected \(expected) fields, found \(found)"
        case let .badNumber(text, column): what = "\"\(text)\" is not a number (column \(column))"
        case let .nonFiniteValue(column): what = "NaN or infinite value in column \(column)"
        case let .nonIncreasingTime(previous, found): what = "time \(found) s does not follow \(previous) s"
        case let .lineTooLong(limit): what = "a line longer than \(limit) bytes (no line break)"
        case .noSamples: what = "no samples after the header"
        case let .truncated(expected, available):
            what = "file ends early: \(expected) bytes needed, \(available) present"
        case let .checksumMismatch(expected, actual):
            what = "CRC-32 mismatch: stored \(String(expected, radix: 16)), computed \(String(actual, radix: 16))"
        case let .badHeader(text): what = "bad header: \(text)"
        case let .io(code): what = "I/O error (errno \(code))"
        }
        let kept = recordsBefore.map { "; \($0.sampleCount) samples before it were read" } ?? ""
        return "\(place): \(what)\(kept)"
    }
}
