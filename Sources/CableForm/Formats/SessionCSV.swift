#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cableform CSV format, version 1 (docs/formats.md):
///
/// ```
/// # cableform-csv 1
/// # exercise: seated_row
/// # load_kg: 12.5
/// time_s,left_position_m,left_force_n,right_position_m,right_force_n
/// 0.000,0.0120,45.10,0.0115,44.80
/// ```
///
/// The reader streams the file in 1 MiB blocks and parses numbers straight from
/// the bytes (no `String` per field). The writer prints every value in its
/// shortest round-trip form, so reading what it wrote gives back the same
/// ``Session``, bit for bit.
public enum SessionCSV {
    /// The first line of every version-1 file.
    public static let signature = "# cableform-csv 1"

    /// The longest line a reader accepts (bytes, 1 MiB, without its line
    /// break). A longer one is damage (a file of zeros, a binary file with a
    /// CSV signature) and ends the read as ``SessionFileError/Kind/lineTooLong(limit:)``
    /// before more than twice this much is held.
    public static let maximumLineBytes = 1 << 20

    /// Reads a session from a file.
    ///
    /// - Throws: ``SessionFileError`` with the line and column of the problem and
    ///   every complete record before it.
    public static func read(contentsOf path: String) throws(SessionFileError) -> Session {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SessionFileError(.io(errno: errno), file: path, location: .wholeFile) }
        defer { close(fd) }
        let extent = LargeColumn.extent(of: fd)
        var parser = CSVSessionParser(file: path, expectedBytes: extent.size, storedBytes: extent.stored)
        defer { parser.release() }
        let blockSize = 1 << 20
        var buffer = [UInt8](repeating: 0, count: blockSize)
        var carried = 0  // bytes of an unfinished line at the front of `buffer`
        while true {
            // A line longer than the block: grow once; the parser refuses one
            // longer than `maximumLineBytes`, so the buffer stays bounded.
            if carried == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let got = buffer.withUnsafeMutableBytes { raw in
                systemRead(fd, raw.baseAddress! + carried, raw.count - carried)
            }
            guard got >= 0 else { throw SessionFileError(.io(errno: errno), file: path, location: .wholeFile) }
            let available = carried + got
            let consumed = try buffer.withUnsafeBufferPointer { (b) throws(SessionFileError) -> Int in
                try parser.consume(UnsafeBufferPointer(rebasing: b[0..<available]), final: got == 0)
            }
            if got == 0 { break }
            carried = available - consumed
            if carried > 0 && consumed > 0 {
                buffer.withUnsafeMutableBufferPointer { b in
                    b.baseAddress!.update(from: b.baseAddress! + consumed, count: carried)
                }
            }
        }
        return try parser.finish()
    }

    /// Reads a session from bytes in memory; `name` is used in error messages.
    public static func read(_ bytes: [UInt8], name: String? = nil) throws(SessionFileError) -> Session {
        var parser = CSVSessionParser(file: name, expectedBytes: bytes.count)
        defer { parser.release() }
        _ = try bytes.withUnsafeBufferPointer { (b) throws(SessionFileError) -> Int in
            try parser.consume(b, final: true)
        }
        return try parser.finish()
    }

    /// The file's text for `session`.
    public static func encode(_ session: Session) -> String {
        var out = signature + "\n"
        let m = session.metadata
        if let v = m.device { out += "# device: \(v)\n" }
        if let v = m.exercise { out += "# exercise: \(v)\n" }
        if let v = m.loadKilograms { out += "# load_kg: \(v)\n" }
        if let v = m.mode { out += "# mode: \(v)\n" }
        if let v = m.declaredSampleRate { out += "# sample_rate_hz: \(v)\n" }
        for kv in m.other { out += "# \(kv.key): \(kv.value)\n" }
        var names = ["time_s"]
        var columns: [[Double]] = [session.time]
        for c in session.cables {
            names += ["\(c.name)_position_m", "\(c.name)_force_n"]
            columns += [c.position, c.force]
            if let v = c.velocity {
                names.append("\(c.name)_velocity_mps")
                columns.append(v)
            }
        }
        for e in session.extraChannels {
            names.append(e.name)
            columns.append(e.values)
        }
        out += names.joined(separator: ",") + "\n"
        out.reserveCapacity(out.utf8.count + session.sampleCount * columns.count * 12)
        for i in 0..<session.sampleCount {
            for (k, column) in columns.enumerated() {
                if k > 0 { out += "," }
                out += column[i].description
            }
            out += "\n"
        }
        return out
    }

    /// Writes `session` to a file, replacing it.
    public static func write(_ session: Session, to path: String) throws(SessionFileError) {
        try writeFile(path, Array(encode(session).utf8))
    }
}

/// The C library's `read`, out of reach of the `read` methods' names.
func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, buffer, count) }

/// The C library's `write`.
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }

/// Writes all of `bytes` to `path` (created or truncated).
func writeFile(_ path: String, _ bytes: [UInt8]) throws(SessionFileError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw SessionFileError(.io(errno: errno), file: path, location: .wholeFile) }
    defer { close(fd) }
    var written = 0
    while written < bytes.count {
        let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + written, bytes.count - written) }
        guard n > 0 else { throw SessionFileError(.io(errno: errno), file: path, location: .byteOffset(written, chunk: nil)) }
        written += n
    }
}

/// The CSV reader's state: signature, metadata and header lines, then records.
struct CSVSessionParser {
    let file: String?
    /// The input's size (bytes).
    let expectedBytes: Int
    /// The bytes of the input actually stored (less for a sparse file), to
    /// size the columns.
    let storedBytes: Int
    var line = 0
    var sawSignature = false
    var metadata = SessionMetadata()
    var columnNames: [String] = []
    var columns: [[Double]] = []
    var timeColumn = 0
    /// Complete records so far (in the columns or the block).
    var rows = 0
    var lastTime = -Double.infinity
    /// Column-major staging for up to `blockCapacity` records; `blockRows` used.
    var block: UnsafeMutablePointer<Double>?
    var blockRows = 0
    /// Bytes of the records parsed so far (for the capacity estimate).
    var recordBytes = 0

    init(file: String?, expectedBytes: Int, storedBytes: Int? = nil) {
        self.file = file
        self.expectedBytes = expectedBytes
        self.storedBytes = storedBytes ?? expectedBytes
    }

    func error(_ kind: SessionFileError.Kind, column: Int? = nil, sample: Int? = nil) -> SessionFileError {
        SessionFileError(kind, file: file, location: .line(line, column: column), sampleIndex: sample,
                         recordsBefore: rows > 0 ? try? session() : nil)
    }

    /// Parses every complete line of `bytes` (all of them when `final`) and
    /// returns how many bytes it consumed.
    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) throws(SessionFileError) -> Int {
        var start = 0
        let n = bytes.count
        let base = bytes.baseAddress!
        while start < n {
            guard let newline = memchr(base + start, Int32(UInt8(ascii: "\n")), n - start) else {
                if n - start > SessionCSV.maximumLineBytes {
                    line += 1
                    throw tooLong(UnsafeBufferPointer(start: base + start, count: n - start))
                }
                if final {
                    line += 1
                    try parseLine(UnsafeBufferPointer(start: base + start, count: n - start))
                    return n
                }
                return start
            }
            let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            line += 1
            try parseLine(UnsafeBufferPointer(start: base + start, count: end - start))
            start = end + 1
        }
        return n
    }

    /// The error for line `line`, longer than ``SessionCSV/maximumLineBytes``:
    /// a bad signature if it is the first.
    func tooLong(_ raw: UnsafeBufferPointer<UInt8>) -> SessionFileError {
        sawSignature
            ? error(.lineTooLong(limit: SessionCSV.maximumLineBytes), sample: columnNames.isEmpty ? nil : rows)
            : error(.badSignature(found: SessionFile.preview(raw)))
    }

    mutating func parseLine(_ whole: UnsafeBufferPointer<UInt8>) throws(SessionFileError) {
        guard whole.count <= SessionCSV.maximumLineBytes else { throw tooLong(whole) }
        // A UTF-8 byte-order mark before the signature is accepted and skipped.
        let raw = line == 1 && whole.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeBufferPointer(rebasing: whole[3...]) : whole
        var count = raw.count
        if count > 0 && raw[count - 1] == UInt8(ascii: "\r") { count -= 1 }
        let bytes = UnsafeBufferPointer(rebasing: raw[0..<count])
        if !columnNames.isEmpty {
            if count == 0 || bytes[0] == UInt8(ascii: "#") { return }  // blank or comment lines after the header
            try parseRecord(bytes)
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if !sawSignature {
            if line == 1 && count == 0 && expectedBytes == 0 { throw error(.emptyFile) }
            let trimmed = text.trimmingTrailingSpaces
            if trimmed.hasPrefix("# cableform-csv "), let v = Int(trimmed.dropFirst(16)), v != 1 {
                throw error(.unsupportedVersion(v))
            }
            guard trimmed == SessionCSV.signature else { throw error(.badSignature(found: SessionFile.preview(bytes))) }
            sawSignature = true
            return
        }
        if text.hasPrefix("#") {
            try parseMetadata(text)
        } else if !text.isEmpty {
            try parseHeader(text)
        }
    }

    mutating func parseMetadata(_ text: String) throws(SessionFileError) {
        let body = text.dropFirst()
        guard let colon = body.firstIndex(of: ":") else { throw error(.badMetadata(text)) }
        let key = body[..<colon].trimmingSpaces
        let value = body[body.index(after: colon)...].trimmingSpaces
        guard !key.isEmpty else { throw error(.badMetadata(text)) }
        switch key {
        case "device": metadata.device = value
        case "exercise": metadata.exercise = value
        case "mode": metadata.mode = value
        case "load_kg":
            guard let v = Double(value), v.isFinite, v >= 0 else { throw error(.badMetadata("load_kg: \(value)")) }
            metadata.loadKilograms = v
        case "sample_rate_hz":
            guard let v = Double(value), v.isFinite, v > 0 else { throw error(.badMetadata("sample_rate_hz: \(value)")) }
            metadata.declaredSampleRate = v
        default:
            metadata.other.append(.init(key: key, value: value))
        }
    }

    mutating func parseHeader(_ text: String) throws(SessionFileError) {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        var seen = Set<String>()
        for name in names {
            guard !name.isEmpty else { throw error(.badMetadata("empty column name in header")) }
            guard seen.insert(name).inserted else { throw error(.duplicateColumn(name)) }
        }
        guard let t = names.firstIndex(of: "time_s") else { throw error(.missingColumn("time_s")) }
        // Every cable mentioned needs both position and force.
        for name in names {
            guard let cable = CableChannelName(name)?.cable else { continue }
            for required in ["\(cable)_position_m", "\(cable)_force_n"] where !seen.contains(required) {
                throw error(.missingColumn(required))
            }
        }
        guard names.contains(where: { CableChannelName($0) != nil }) else {
            throw error(.missingColumn("<cable>_position_m"))
        }
        columnNames = names
        timeColumn = t
        columns = names.map { _ in [] }
        block = UnsafeMutablePointer<Double>.allocate(capacity: names.count * Self.blockCapacity)
    }

    mutating func parseRecord(_ bytes: UnsafeBufferPointer<UInt8>) throws(SessionFileError) {
        let expected = columnNames.count
        let base = bytes.baseAddress!
        let end = base + bytes.count
        let slot = blockRows  // this record's row in the column-major block
        var field = 0
        var p = base
        let block = self.block!
        while true {
            guard field < expected else {
                throw error(.wrongFieldCount(expected: expected, found: countFields(bytes)), sample: rows)
            }
            // Fast path: the number ends exactly at a comma or the line's end.
            var (parsed, q) = parseDecimalPrefix(p, end)
            if parsed == nil || (q < end && q.pointee != UInt8(ascii: ",")) {
                q = UnsafePointer<UInt8>(memchr(p, Int32(UInt8(ascii: ",")), end - p)?
                    .assumingMemoryBound(to: UInt8.self)) ?? end
                parsed = slowParse(p, q)
            }
            guard let value = parsed else {
                throw error(.badNumber(text: String(decoding: UnsafeBufferPointer(start: p, count: q - p), as: UTF8.self),
                                       column: columnNames[field]),
                            column: base.distance(to: p) + 1, sample: rows)
            }
            guard value.isFinite else {
                throw error(.nonFiniteValue(column: columnNames[field]), column: base.distance(to: p) + 1, sample: rows)
            }
            block[field &* Self.blockCapacity &+ slot] = value
            field &+= 1
            if q == end { break }
            p = q + 1
        }
        guard field == expected else {
            throw error(.wrongFieldCount(expected: expected, found: field), sample: rows)
        }
        let t = block[timeColumn &* Self.blockCapacity &+ slot]
        if !(t > lastTime) {
            throw error(.nonIncreasingTime(previous: lastTime, found: t), sample: rows)
        }
        lastTime = t
        recordBytes &+= bytes.count &+ 1
        blockRows += 1
        rows += 1
        if blockRows == Self.blockCapacity { flushBlock() }
    }

    /// Records are parsed into a column-major block of this many rows, then
    /// appended to the columns one `memcpy` per column.
    static let blockCapacity = 4096

    /// Moves the block's rows to the columns.
    mutating func flushBlock() {
        guard blockRows > 0, let block else { return }
        if columns[0].isEmpty && blockRows == Self.blockCapacity && storedBytes > 0 {
            // Reserve once for the whole file, from the bytes per record so far
            // (plus 5%), so the columns are never copied as they grow.
            let perRow = max(Double(recordBytes) / Double(blockRows), 1)
            let estimate = Int(Double(storedBytes) / perRow * 1.05) + Self.blockCapacity
            for k in columns.indices { columns[k] = LargeColumn.reserved(estimate) }
        }
        for k in columns.indices {
            columns[k].append(contentsOf: UnsafeBufferPointer(start: block + k * Self.blockCapacity, count: blockRows))
        }
        blockRows = 0
    }

    func countFields(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes.reduce(1) { $0 + ($1 == UInt8(ascii: ",") ? 1 : 0) }
    }

    mutating func finish() throws(SessionFileError) -> Session {
        if line == 0 || (line == 1 && !sawSignature) { throw error(.emptyFile) }
        guard !columnNames.isEmpty else { throw error(.missingColumn("time_s")) }
        guard rows > 0 else { throw error(.noSamples) }
        flushBlock()
        return try session()
    }

    /// Frees the staging block; the parser is not used after this.
    func release() {
        block?.deallocate()
    }

    /// The session of every complete record so far.
    func session() throws(SessionFileError) -> Session {
        var columns = self.columns
        if let block, blockRows > 0 {
            for k in columns.indices {
                columns[k].append(contentsOf: UnsafeBufferPointer(start: block + k * Self.blockCapacity, count: blockRows))
            }
        }
        let channels = columnNames.indices.filter { $0 != timeColumn }.map {
            (CableChannelName(columnNames[$0]), columnNames[$0], columns[$0])
        }
        return Session(assemblingTime: columns[timeColumn], channels: channels, metadata: metadata)
    }
}

extension Session {
    /// Builds a session from its channels in file order: each cable channel goes
    /// to its cable (cables ordered by first appearance), every other channel
    /// becomes an extra channel. The readers guarantee that every cable has a
    /// position and a force.
    init(assemblingTime time: [Double], channels: [(CableChannelName?, String, [Double])], metadata: SessionMetadata) {
        var cables: [CableName] = []
        var position: [CableName: [Double]] = [:], force: [CableName: [Double]] = [:], velocity: [CableName: [Double]] = [:]
        var extras: [ExtraChannel] = []
        for (channel, name, values) in channels {
            guard let channel else {
                extras.append(ExtraChannel(name: name, values: values))
                continue
            }
            if !cables.contains(channel.cable) { cables.append(channel.cable) }
            switch channel.quantity {
            case .position: position[channel.cable] = values
            case .force: force[channel.cable] = values
            case .velocity: velocity[channel.cable] = values
            }
        }
        self.init(
            time: time,
            cables: cables.map { CableChannels(name: $0, position: position[$0]!, force: force[$0]!, velocity: velocity[$0]) },
            extraChannels: extras, metadata: metadata)
    }
}

/// A cable channel's name: `<cable>_position_m`, `<cable>_force_n` or `<cable>_velocity_mps`.
struct CableChannelName {
    enum Quantity { case position, force, velocity }
    let cable: CableName
    let quantity: Quantity

    init(cable: CableName, quantity: Quantity) {
        self.cable = cable
        self.quantity = quantity
    }

    init?(_ name: String) {
        let suffixes: [(String, Quantity)] = [("_position_m", .position), ("_force_n", .force), ("_velocity_mps", .velocity)]
        for (suffix, quantity) in suffixes where name.hasSuffix(suffix) {
            guard let cable = CableName(rawValue: String(name.dropLast(suffix.count))) else { return nil }
            self.cable = cable
            self.quantity = quantity
            return
        }
        return nil
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (whole
    /// characters: a space carrying a combining mark stays).
    var trimmingSpaces: String {
        var text = self[...]
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        return text.trimmingTrailingSpaces
    }
    /// The text without trailing spaces and tabs, trimmed by slicing (the
    /// `reversed()` form ran unspecialized and allocated per character:
    /// ~1 000 mallocs per CSV file's header).
    var trimmingTrailingSpaces: String {
        var text = self[...]
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
