import Foundation

/// The compact binary session format, `.cfb`, version 1 (byte layout in
/// docs/formats.md).
///
/// A 16-byte file header (magic, version, header length, header CRC-32), a
/// JSON header with the channel table, units and metadata, then appendable
/// chunks of little-endian `Float64` samples, each with its sample count and
/// the CRC-32 of its payload. A recording cut off mid-write loses at most its
/// last chunk; a damaged chunk is detected by its checksum and never read as
/// data. Reading streams chunk by chunk, so a large file is never held in
/// memory twice.
public enum SessionBinary {
    /// The conventional file extension.
    public static let fileExtension = "cfb"
    /// The first four bytes of every file: 0x89 then "CFB" (the high byte
    /// catches 7-bit transfers, as PNG's does).
    public static let magic: [UInt8] = [0x89, 0x43, 0x46, 0x42]
    /// The first four bytes of every chunk: "CFBC".
    public static let chunkMagic: [UInt8] = [0x43, 0x46, 0x42, 0x43]
    /// The format version this library reads and writes.
    public static let version: UInt16 = 1
    /// The default number of samples per chunk.
    public static let defaultSamplesPerChunk = 4096
    /// The largest chunk payload a reader accepts (bytes, 256 MiB): a larger
    /// count is damage, refused before anything is allocated for it.
    public static let maximumChunkBytes = 1 << 28

    /// Reads a session from a `.cfb` file, one chunk at a time.
    ///
    /// - Throws: ``SessionFileError`` with the byte offset and chunk index of the
    ///   damage, and every sample of the complete chunks before it.
    public static func read(contentsOf path: String) throws(SessionFileError) -> Session {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SessionFileError(.io(errno: errno), file: path, location: .wholeFile) }
        defer { close(fd) }
        var source = FileByteSource(fd: fd, path: path)
        let extent = LargeColumn.extent(of: fd)
        var parser = BinarySessionParser(file: path, expectedBytes: extent.size, storedBytes: extent.stored)
        return try parser.parse(&source)
    }

    /// Reads a session from `.cfb` bytes in memory; `name` is used in errors.
    public static func read(_ bytes: [UInt8], name: String? = nil) throws(SessionFileError) -> Session {
        var source = MemoryByteSource(bytes: bytes)
        var parser = BinarySessionParser(file: name, expectedBytes: bytes.count)
        return try parser.parse(&source)
    }

    /// The file's bytes for `session`.
    ///
    /// - Precondition: `samplesPerChunk >= 1`.
    public static func encode(_ session: Session, samplesPerChunk: Int = defaultSamplesPerChunk) -> [UInt8] {
        precondition(samplesPerChunk >= 1, "samplesPerChunk must be >= 1")
        var out = header(for: session)
        var start = 0
        while start < session.sampleCount {
            let end = min(start + samplesPerChunk, session.sampleCount)
            appendChunk(session, start..<end, to: &out)
            start = end
        }
        return out
    }

    /// Writes `session` to a file, replacing it.
    public static func write(
        _ session: Session, to path: String, samplesPerChunk: Int = defaultSamplesPerChunk
    ) throws(SessionFileError) {
        try writeFile(path, encode(session, samplesPerChunk: samplesPerChunk))
    }

    // MARK: Encoding

    /// The channel table of `session`, in file order: time, then per cable
    /// position, force and (if present) velocity, then the extra channels.
    static func channels(of session: Session) -> [BinaryHeader.Channel] {
        var list = [BinaryHeader.Channel(name: "time_s", kind: "time", unit: "s", cable: nil)]
        for c in session.cables {
            list.append(.init(name: "\(c.name)_position_m", kind: "position", unit: "m", cable: c.name.rawValue))
            list.append(.init(name: "\(c.name)_force_n", kind: "force", unit: "N", cable: c.name.rawValue))
            if c.velocity != nil {
                list.append(.init(name: "\(c.name)_velocity_mps", kind: "velocity", unit: "m/s", cable: c.name.rawValue))
            }
        }
        for e in session.extraChannels { list.append(.init(name: e.name, kind: "extra", unit: "", cable: nil)) }
        return list
    }

    /// The columns of `session` in channel-table order.
    static func columns(of session: Session) -> [[Double]] {
        var list = [session.time]
        for c in session.cables {
            list += [c.position, c.force]
            if let v = c.velocity { list.append(v) }
        }
        return list + session.extraChannels.map(\.values)
    }

    /// The 16-byte file header and the JSON header.
    static func header(for session: Session) -> [UInt8] {
        let m = session.metadata
        let header = BinaryHeader(
            channels: channels(of: session),
            metadata: .init(device: m.device, exercise: m.exercise, load_kg: m.loadKilograms, mode: m.mode,
                            sample_rate_hz: m.declaredSampleRate, other: m.other.map { [$0.key, $0.value] }))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = [UInt8](try! encoder.encode(header))  // encoding plain values cannot fail
        var out = magic
        out.appendLittleEndian(version)
        out.appendLittleEndian(UInt16(0))  // flags, reserved
        out.appendLittleEndian(UInt32(json.count))
        out.appendLittleEndian(CRC32.checksum(json))
        return out + json
    }

    /// Appends one chunk holding samples `range` of `session`.
    static func appendChunk(_ session: Session, _ range: Range<Int>, to out: inout [UInt8]) {
        let columns = columns(of: session)
        var payload = [UInt8]()
        payload.reserveCapacity(8 * columns.count * range.count)
        for column in columns {
            for i in range { payload.appendLittleEndian(column[i].bitPattern) }
        }
        out += chunkMagic
        out.appendLittleEndian(UInt32(range.count))
        out.appendLittleEndian(CRC32.checksum(payload))
        out += payload
    }
}

/// The JSON header of a `.cfb` file.
struct BinaryHeader: Codable, Equatable {
    struct Channel: Codable, Equatable {
        var name: String
        var kind: String
        var unit: String
        var cable: String?
    }
    struct Metadata: Codable, Equatable {
        var device: String?
        var exercise: String?
        var load_kg: Double?
        var mode: String?
        var sample_rate_hz: Double?
        var other: [[String]]
    }
    var channels: [Channel]
    var metadata: Metadata
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

// MARK: - Reading

/// Where the reader's bytes come from.
protocol ByteSource {
    /// Fills `buffer` as far as possible; fewer bytes only at the end of input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(SessionFileError) -> Int
    /// Fills `buffers` one after the other as far as possible (a scattering
    /// read); fewer bytes in all only at the end of input.
    mutating func read(scattering buffers: UnsafeBufferPointer<UnsafeMutableRawBufferPointer>) throws(SessionFileError) -> Int
}

extension ByteSource {
    mutating func read(scattering buffers: UnsafeBufferPointer<UnsafeMutableRawBufferPointer>) throws(SessionFileError) -> Int {
        var total = 0
        for buffer in buffers {
            let n = try read(into: buffer)
            total += n
            if n < buffer.count { break }
        }
        return total
    }
}

struct FileByteSource: ByteSource {
    let fd: Int32
    let path: String
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(SessionFileError) -> Int {
        var total = 0
        while total < buffer.count {
            let n = systemRead(fd, buffer.baseAddress! + total, buffer.count - total)
            if n < 0 { throw SessionFileError(.io(errno: errno), file: path, location: .wholeFile) }
            if n == 0 { break }
            total += n
        }
        return total
    }

    /// One `readv(2)` per call when the input allows (a file does), so a
    /// chunk's channels go straight to their columns in one system call; a
    /// short read (a pipe) resumes where it stopped.
    mutating func read(scattering buffers: UnsafeBufferPointer<UnsafeMutableRawBufferPointer>) throws(SessionFileError) -> Int {
        try withUnsafeTemporaryAllocation(of: iovec.self, capacity: buffers.count) { (vectors) throws(SessionFileError) -> Int in
            var wanted = 0
            for (k, b) in buffers.enumerated() {
                vectors[k] = iovec(iov_base: b.baseAddress, iov_len: b.count)
                wanted += b.count
            }
            var first = 0, total = 0
            while total < wanted {
                let n = systemReadVectored(fd, vectors.baseAddress! + first, Int32(min(vectors.count - first, 1024)))
                if n < 0 { throw SessionFileError(.io(errno: errno), file: path, location: .wholeFile) }
                if n == 0 { break }
                total += n
                // Skip the buffers filled; advance into the one filled in part.
                var left = n
                while first < vectors.count && left >= vectors[first].iov_len {
                    left -= vectors[first].iov_len
                    first += 1
                }
                if left > 0 {
                    vectors[first].iov_base = vectors[first].iov_base! + left
                    vectors[first].iov_len -= left
                }
            }
            return total
        }
    }
}

func systemReadVectored(_ fd: Int32, _ vectors: UnsafePointer<iovec>, _ count: Int32) -> Int { readv(fd, vectors, count) }

struct MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(SessionFileError) -> Int {
        let n = min(buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { src in
            buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }
}

/// Reads up to `count` bytes from `source` into the front of `buffer`.
func fill<S: ByteSource>(_ source: inout S, _ buffer: inout [UInt8], _ count: Int) throws(SessionFileError) -> Int {
    try buffer.withUnsafeMutableBufferPointer { (b) throws(SessionFileError) -> Int in
        try source.read(into: UnsafeMutableRawBufferPointer(start: b.baseAddress, count: count))
    }
}

/// Reads the file header, then chunk after chunk, validating as it goes.
///
/// When the input's size is known, the columns are made once with room for
/// every sample the input can hold, and each chunk's channels are read
/// straight into them (one scattering read per chunk), checksummed and
/// validated there; a chunk that fails is never counted. Only input of
/// unknown size (a pipe), or a chunk beyond the room made, takes the general
/// path: the chunk read into a buffer, checked, then appended to columns that
/// grow.
struct BinarySessionParser {
    let file: String?
    /// The input's size when known (0 otherwise): no chunk may claim more.
    let expectedBytes: Int
    /// The bytes of the input actually stored (less than its size for a
    /// sparse file), to size the columns once.
    let storedBytes: Int
    var offset = 0
    var header: BinaryHeader?
    /// The samples read so far, one column per channel; empty while chunks
    /// are read in place (the columns are then being made).
    var columns: [[Double]] = []
    var rows = 0
    var chunk = 0
    /// The last time stamp read (s).
    var lastTime = -Double.infinity
    /// Inputs with room for at least this many bytes of samples are read
    /// with two helper threads when the process may use two processors: one
    /// faults the columns in ahead of the reader (``ColumnPrefaulter``), one
    /// checks each chunk behind it (``ChunkChecker``). 0 always (the tests),
    /// `Int.max` never.
    var helperThreadBytes = 16 << 20

    /// A chunk's header, read and checked.
    struct Chunk: Sendable {
        /// Samples in the chunk.
        let samples: Int
        /// The payload's CRC-32 as stored.
        let storedCRC: UInt32
        /// Payload bytes.
        let bytes: Int
        /// The payload's offset in the input (bytes).
        let payloadOffset: Int
    }

    init(file: String?, expectedBytes: Int, storedBytes: Int? = nil) {
        self.file = file
        self.expectedBytes = expectedBytes
        self.storedBytes = storedBytes ?? expectedBytes
    }

    /// An error at `offset`, with every sample of the complete chunks before
    /// it (added by ``parse(_:)`` for an error met while reading in place).
    func error(_ kind: SessionFileError.Kind, at offset: Int, sample: Int? = nil, inChunks: Bool = true) -> SessionFileError {
        SessionFileError(kind, file: file, location: .byteOffset(offset, chunk: inChunks ? chunk : nil),
                         sampleIndex: sample, recordsBefore: rows > 0 && !columns.isEmpty ? session() : nil)
    }

    mutating func readExactly<S: ByteSource>(
        _ source: inout S, _ count: Int, into buffer: inout [UInt8], inChunks: Bool
    ) throws(SessionFileError) {
        if buffer.count < count { buffer = [UInt8](repeating: 0, count: count) }
        let got = try fill(&source, &buffer, count)
        guard got == count else {
            if got == 0 && offset == 0 { throw error(.emptyFile, at: 0, inChunks: false) }
            throw error(.truncated(expectedBytes: count, availableBytes: got), at: offset, inChunks: inChunks)
        }
    }

    mutating func parse<S: ByteSource>(_ source: inout S) throws(SessionFileError) -> Session {
        let channelCount = try readHeader(&source)
        // Every sample takes 8 bytes per channel plus its share of chunk headers:
        // this upper bound means the columns never grow by copying.
        let capacity = max(storedBytes - offset, 0) / (8 * channelCount)
        var pending: Chunk?
        if capacity > 0 {
            var failure: SessionFileError?
            columns = LargeColumn.made(count: channelCount, capacity: capacity) { destinations in
                // A large read: the columns' pages faulted in ahead of it, the chunks checked behind it.
                let helped = 8 * channelCount * capacity >= helperThreadBytes && Processors.available >= 2
                let prefaulter = helped && ColumnPrefaulter.isAvailable
                    ? ColumnPrefaulter(columns: destinations, capacity: capacity) : nil
                defer { prefaulter?.stop() }
                do throws(SessionFileError) {
                    pending = try readInPlace(&source, into: destinations, capacity: capacity, checkingAhead: helped)
                } catch {
                    failure = error
                }
                return rows
            }
            if var failure {
                failure.recordsBefore = rows > 0 ? session() : nil
                throw failure
            }
        } else {
            columns = Array(repeating: [], count: channelCount)
        }
        // The general path: input of unknown size, or a chunk beyond the room made.
        var payload = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        defer { payload.deallocate() }
        while true {
            let next: Chunk
            if let chunk = pending {
                next = chunk
                pending = nil
            } else if let chunk = try nextChunk(&source) {
                next = chunk
            } else {
                break
            }
            if payload.count < next.bytes {
                payload.deallocate()
                payload = .allocate(byteCount: next.bytes, alignment: MemoryLayout<Double>.alignment)
            }
            let read = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: payload[0..<next.bytes]))
            guard read == next.bytes else {
                throw error(.truncated(expectedBytes: next.bytes, availableBytes: read), at: next.payloadOffset)
            }
            let base = UnsafeRawPointer(payload.baseAddress!)
            try withChannelRows(count: channelCount) { (rowPointers) throws(SessionFileError) in
                for c in 0..<channelCount { rowPointers[c] = base + 8 * next.samples * c }
                try verify(next, rows: UnsafeBufferPointer(rowPointers))
            }
            for c in 0..<channelCount {
                let row = base + 8 * next.samples * c
                #if _endian(little)
                columns[c].append(contentsOf: UnsafeBufferPointer(start: row.bindMemory(to: Double.self, capacity: next.samples),
                                                                  count: next.samples))
                #else
                for i in 0..<next.samples {
                    columns[c].append(Double(bitPattern: row.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).littleEndian))
                }
                #endif
            }
            commit(next)
        }
        guard rows > 0 else { throw error(.noSamples, at: offset) }
        return session()
    }

    /// Reads the 16-byte file header and the JSON header, checks them, and
    /// returns the number of channels.
    mutating func readHeader<S: ByteSource>(_ source: inout S) throws(SessionFileError) -> Int {
        var buffer = [UInt8](repeating: 0, count: 16)
        try readExactly(&source, 16, into: &buffer, inChunks: false)
        guard buffer[0..<4].elementsEqual(SessionBinary.magic) else {
            throw error(.badSignature(found: Self.hex(buffer[0..<4])),
                        at: 0, inChunks: false)
        }
        let version = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 4, as: UInt16.self).littleEndian }
        guard version == SessionBinary.version else { throw error(.unsupportedVersion(Int(version)), at: 4, inChunks: false) }
        let length = Int(buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian })
        let storedCRC = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian }
        offset = 16
        guard length <= 1 << 24 else { throw error(.badHeader("header length \(length) bytes"), at: 8, inChunks: false) }
        var json = [UInt8](repeating: 0, count: length)
        try readExactly(&source, length, into: &json, inChunks: false)
        let crc = CRC32.checksum(Array(json.prefix(length)))
        guard crc == storedCRC else { throw error(.checksumMismatch(expected: storedCRC, actual: crc), at: 16, inChunks: false) }
        let decoded: BinaryHeader
        do {
            decoded = try JSONDecoder().decode(BinaryHeader.self, from: Data(json.prefix(length)))
        } catch {
            throw self.error(.badHeader("unreadable JSON header"), at: 16, inChunks: false)
        }
        try validate(decoded)
        header = decoded
        offset += length
        return decoded.channels.count
    }

    /// A magic number as found, for an error: its bytes in hexadecimal ("89 43 46 42").
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String($0, radix: 16) }.joined(separator: " ")
    }

    /// Reads and checks the next chunk's header; nil at the end of input.
    mutating func nextChunk<S: ByteSource>(_ source: inout S) throws(SessionFileError) -> Chunk? {
        var bytes: (UInt64, UInt32) = (0, 0)  // 12 bytes on the stack
        let got = try withUnsafeMutableBytes(of: &bytes) { (raw) throws(SessionFileError) -> Int in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<12]))
        }
        if got == 0 { return nil }
        guard got == 12 else { throw error(.truncated(expectedBytes: 12, availableBytes: got), at: offset) }
        let (magicFound, n, stored) = withUnsafeBytes(of: bytes) { raw in
            (raw[0..<4].elementsEqual(SessionBinary.chunkMagic), Int(raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian),
             raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian)
        }
        guard magicFound else {
            throw error(.badSignature(found: withUnsafeBytes(of: bytes) { Self.hex($0[0..<4]) }), at: offset)
        }
        guard n >= 1 else { throw error(.badHeader("chunk with 0 samples"), at: offset + 4) }
        let channelCount = header!.channels.count
        let bytesInChunk = 8 * channelCount * n
        let payloadOffset = offset + 12
        // A damaged count must not become a huge allocation: when the input's size is
        // known the chunk must fit in what is left, and no chunk may exceed 256 MiB.
        if expectedBytes > 0 && payloadOffset + bytesInChunk > expectedBytes {
            throw error(.truncated(expectedBytes: bytesInChunk, availableBytes: max(expectedBytes - payloadOffset, 0)),
                        at: payloadOffset)
        }
        guard bytesInChunk <= SessionBinary.maximumChunkBytes else {
            throw error(.badHeader("chunk of \(n) samples (\(bytesInChunk) bytes), more than \(SessionBinary.maximumChunkBytes) bytes"),
                        at: offset + 4)
        }
        return Chunk(samples: n, storedCRC: stored, bytes: bytesInChunk, payloadOffset: payloadOffset)
    }

    /// Reads chunks straight into `destinations` (one column's storage per
    /// channel, room for `capacity` samples each) while they fit; returns the
    /// first chunk that does not (its header read), or nil at the end of input.
    ///
    /// With `checkingAhead`, a ``ChunkChecker`` thread checks each chunk while
    /// this one reads the next; a chunk it refuses is reported as if this
    /// thread had checked it (the count of chunks read goes back to it), and
    /// before any error this thread met further on.
    mutating func readInPlace<S: ByteSource>(
        _ source: inout S, into destinations: UnsafeBufferPointer<UnsafeMutablePointer<Double>>, capacity: Int,
        checkingAhead: Bool = false
    ) throws(SessionFileError) -> Chunk? {
        #if _endian(little)
        let checker = checkingAhead ? ChunkChecker(destinations: destinations, lastTime: lastTime) : nil
        #else
        let checker: ChunkChecker? = nil  // the payloads are byte-swapped in place after their check
        #endif
        var pending: Chunk?, failure: SessionFileError?
        do throws(SessionFileError) {
            pending = try readChunks(&source, into: destinations, capacity: capacity, checker: checker)
        } catch {
            failure = error
        }
        if let checker {
            let findings = checker.finish()
            if let (job, check) = findings.failure {
                // Back to where this thread would have stopped.
                rows = job.firstRow
                chunk = job.index
                offset = job.chunk.payloadOffset - 12  // its header's
                _ = try outcome(of: job.chunk, check)
            }
            lastTime = findings.lastTime
        }
        if let failure { throw failure }
        return pending
    }

    /// ``readInPlace(_:into:capacity:checkingAhead:)``'s loop: each chunk
    /// read with one `readv`, then checked here or given to `checker` (and
    /// counted as read at once; the loop stops when the checker has refused one).
    private mutating func readChunks<S: ByteSource>(
        _ source: inout S, into destinations: UnsafeBufferPointer<UnsafeMutablePointer<Double>>, capacity: Int,
        checker: ChunkChecker?
    ) throws(SessionFileError) -> Chunk? {
        let channelCount = destinations.count
        return try withChannelRows(count: channelCount) { (rowPointers) throws(SessionFileError) -> Chunk? in
            try withUnsafeTemporaryAllocation(of: UnsafeMutableRawBufferPointer.self, capacity: channelCount) {
                (segments) throws(SessionFileError) -> Chunk? in
                while let next = try nextChunk(&source) {
                    guard rows + next.samples <= capacity else { return next }
                    for c in 0..<channelCount {
                        segments[c] = UnsafeMutableRawBufferPointer(start: destinations[c] + rows, count: 8 * next.samples)
                        rowPointers[c] = UnsafeRawPointer(destinations[c] + rows)
                    }
                    let read = try source.read(scattering: UnsafeBufferPointer(segments))
                    guard read == next.bytes else {
                        throw error(.truncated(expectedBytes: next.bytes, availableBytes: read), at: next.payloadOffset)
                    }
                    if let checker {
                        checker.give(ChunkChecker.Job(chunk: next, firstRow: rows, index: chunk))
                        commit(next)
                        if checker.hasFailed { return nil }
                        continue
                    }
                    try verify(next, rows: UnsafeBufferPointer(rowPointers))
                    #if !_endian(little)
                    for c in 0..<channelCount {
                        for i in 0..<next.samples { destinations[c][rows + i] = Double(bitPattern: destinations[c][rows + i].bitPattern.littleEndian) }
                    }
                    #endif
                    commit(next)
                }
                return nil
            }
        }
    }

    /// Calls `body` with room on the stack for one row pointer per channel.
    func withChannelRows<R, E: Error>(
        count: Int, _ body: (UnsafeMutableBufferPointer<UnsafeRawPointer>) throws(E) -> R
    ) throws(E) -> R {
        try withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: count) { (p) throws(E) -> R in try body(p) }
    }

    /// Counts a chunk that passed ``verify(_:rows:)`` as read.
    mutating func commit(_ chunk: Chunk) {
        rows += chunk.samples
        offset = chunk.payloadOffset + chunk.bytes
        self.chunk += 1
    }

    func validate(_ h: BinaryHeader) throws(SessionFileError) {
        guard h.channels.first?.name == "time_s", h.channels.first?.kind == "time" else {
            throw error(.badHeader("the first channel must be time_s"), at: 16, inChunks: false)
        }
        var names = Set<String>()
        for c in h.channels {
            guard names.insert(c.name).inserted else { throw error(.duplicateColumn(c.name), at: 16, inChunks: false) }
            if ["position", "force", "velocity"].contains(c.kind) {
                guard let cable = c.cable, CableName(rawValue: cable) != nil else {
                    throw error(.badHeader("channel \(c.name) has no valid cable"), at: 16, inChunks: false)
                }
            } else if c.kind != "extra" && c.kind != "time" {
                throw error(.badHeader("channel \(c.name) has unknown kind \(c.kind)"), at: 16, inChunks: false)
            }
        }
        for c in h.channels where c.kind == "position" {
            guard h.channels.contains(where: { $0.kind == "force" && $0.cable == c.cable }) else {
                throw error(.missingColumn("\(c.cable!)_force_n"), at: 16, inChunks: false)
            }
        }
        for c in h.channels where c.kind == "force" || c.kind == "velocity" {
            guard h.channels.contains(where: { $0.kind == "position" && $0.cable == c.cable }) else {
                throw error(.missingColumn("\(c.cable!)_position_m"), at: 16, inChunks: false)
            }
        }
    }

    /// Checks a chunk's payload, channel `c`'s samples at `rows[c]`
    /// (little-endian): its CRC-32, every value finite, time increasing from
    /// the last chunk's. Updates ``lastTime``.
    mutating func verify(_ chunk: Chunk, rows: UnsafeBufferPointer<UnsafeRawPointer>) throws(SessionFileError) {
        lastTime = try outcome(of: chunk, Self.check(chunk, rows: rows, after: lastTime))
    }

    /// The last time stamp of a chunk that passed ``check(_:rows:after:)``,
    /// or the error for the problem it found (the chunk not yet counted).
    func outcome(of chunk: Chunk, _ check: ChunkCheck) throws(SessionFileError) -> Double {
        switch check {
        case let .passed(lastTime):
            return lastTime
        case let .checksumMismatch(actual):
            throw error(.checksumMismatch(expected: chunk.storedCRC, actual: actual), at: chunk.payloadOffset - 12)
        case let .nonFinite(channel, sample):
            throw error(.nonFiniteValue(column: header!.channels[channel].name),
                        at: chunk.payloadOffset + 8 * (chunk.samples * channel + sample), sample: rows + sample)
        case let .nonIncreasingTime(sample, previous, found):
            throw error(.nonIncreasingTime(previous: previous, found: found), at: chunk.payloadOffset + 8 * sample,
                        sample: rows + sample)
        }
    }

    /// What ``check(_:rows:after:)`` found in a chunk.
    enum ChunkCheck: Sendable, Equatable {
        /// Sound; its last time stamp (s).
        case passed(lastTime: Double)
        /// The payload's CRC-32 as computed.
        case checksumMismatch(actual: UInt32)
        /// The earliest non-finite value: its channel and sample in the chunk.
        case nonFinite(channel: Int, sample: Int)
        /// The earliest time stamp not after the one before it (s).
        case nonIncreasingTime(sample: Int, previous: Double, found: Double)
    }

    /// Checks a chunk's payload, channel `c`'s samples at `rows[c]`
    /// (little-endian): its CRC-32, every value finite, time increasing from
    /// `lastTime` (s). The earliest problem wins (a repeated time before a NaN
    /// in a later sample is the time's). Reads the payload only, so another
    /// thread may run it while this one reads the next chunk.
    static func check(_ chunk: Chunk, rows: UnsafeBufferPointer<UnsafeRawPointer>, after lastTime: Double) -> ChunkCheck {
        let n = chunk.samples, channels = rows.count
        var actual: UInt32 = 0
        for c in 0..<channels { actual = CRC32.checksum(UnsafeRawBufferPointer(start: rows[c], count: 8 * n), continuing: actual) }
        guard actual == chunk.storedCRC else { return .checksumMismatch(actual: actual) }
        // The common case first: branch-free passes that the compiler
        // vectorizes (an OR of "exponent all ones" per value, and of "not
        // after the previous time"); only a chunk that fails them is scanned
        // value by value for its first bad sample.
        // A value is not finite when its exponent bits are all ones; adding
        // one unit of the exponent's lowest bit then carries into the sign
        // bit, and only then: 64-bit AND, ADD and OR, which SSE2 has (its
        // lack of a 64-bit compare left the plain test scalar).
        let exponent: UInt64 = 0x7FF0_0000_0000_0000, carry: UInt64 = 1 << 52
        var overflow: UInt64 = 0
        for c in 0..<channels {
            let base = rows[c]
            for i in 0..<n {
                overflow |= (base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).littleEndian & exponent) &+ carry
            }
        }
        func time(_ i: Int) -> Double {
            Double(bitPattern: rows[0].loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).littleEndian)
        }
        let times = rows[0]
        var backward: UInt64 = time(0) > lastTime ? 0 : 1
        var i = 1
        while i < n {
            let earlier = Double(bitPattern: times.loadUnaligned(fromByteOffset: 8 * (i - 1), as: UInt64.self).littleEndian)
            let later = Double(bitPattern: times.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).littleEndian)
            backward |= later > earlier ? 0 : 1
            i += 1
        }
        guard overflow >> 63 != 0 || backward != 0 else { return .passed(lastTime: time(n - 1)) }
        var firstBad: (channel: Int, sample: Int)?
        for c in 0..<channels {
            for i in 0..<n {
                let v = Double(bitPattern: rows[c].loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).littleEndian)
                if !v.isFinite {
                    if firstBad == nil || i < firstBad!.sample { firstBad = (c, i) }
                    break
                }
            }
        }
        var backwards: (sample: Int, previous: Double, found: Double)?
        var previous = lastTime
        for i in 0..<n {
            let t = time(i)
            if !t.isFinite { break }
            if !(t > previous) {
                backwards = (i, previous, t)
                break
            }
            previous = t
        }
        // Report the earliest problem; the complete chunks before it are kept.
        if let bad = firstBad, bad.sample <= (backwards?.sample ?? Int.max) {
            return .nonFinite(channel: bad.channel, sample: bad.sample)
        }
        let b = backwards!
        return .nonIncreasingTime(sample: b.sample, previous: b.previous, found: b.found)
    }

    /// The session of every sample of the complete chunks read so far.
    func session() -> Session {
        guard let h = header else { return Session(time: [], cables: []) }
        let channels = h.channels.enumerated().dropFirst().map { (k, c) -> (CableChannelName?, String, [Double]) in
            let quantity: CableChannelName.Quantity? =
                c.kind == "position" ? .position : c.kind == "force" ? .force : c.kind == "velocity" ? .velocity : nil
            var name: CableChannelName?
            if let quantity, let cable = c.cable.flatMap(CableName.init(rawValue:)) {
                name = CableChannelName(cable: cable, quantity: quantity)
            }
            return (name, c.name, columns[k])
        }
        let m = h.metadata
        let metadata = SessionMetadata(
            device: m.device, exercise: m.exercise, loadKilograms: m.load_kg, mode: m.mode,
            declaredSampleRate: m.sample_rate_hz,
            other: m.other.compactMap { $0.count == 2 ? .init(key: $0[0], value: $0[1]) : nil })
        return Session(assemblingTime: columns[0], channels: channels, metadata: metadata)
    }
}
