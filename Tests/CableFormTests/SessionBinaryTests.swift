import CableForm
import Foundation
import Testing

@Suite("cableform binary (.cfb)")
struct SessionBinaryTests {
    /// A two-cable session with velocity, an extra channel and metadata.
    static func session(samples n: Int) -> Session {
        Session(
            time: (0..<n).map { Double($0) * 0.002 + 10 },
            cables: [
                CableChannels(name: .left, position: (0..<n).map { 0.4 * sin(Double($0) / 50) },
                              force: (0..<n).map { 120 + Double($0 % 13) }, velocity: (0..<n).map { Double($0) * 1e-3 }),
                CableChannels(name: .right, position: (0..<n).map { 0.4 * cos(Double($0) / 50) },
                              force: (0..<n).map { 118 + 1 / Double($0 + 1) }),
            ],
            extraChannels: [ExtraChannel(name: "status", values: (0..<n).map { Double($0 % 2) })],
            metadata: SessionMetadata(device: "sim", exercise: "lat_pulldown", loadKilograms: 20, mode: "constant",
                                      declaredSampleRate: 500, other: [.init(key: "athlete", value: "B")]))
    }

    /// Where ``session(samples:)``'s encoding puts things: the bytes before the
    /// first chunk, and one chunk of `samplesPerChunk` samples (a 12-byte
    /// header and seven channels of doubles).
    static func layout(samplesPerChunk n: Int) -> (headerBytes: Int, chunkBytes: Int) {
        (SessionBinary.encode(session(samples: 0)).count, 12 + 8 * 7 * n)
    }

    func failure(_ bytes: [UInt8]) -> SessionFileError? {
        do {
            _ = try SessionBinary.read(bytes, name: "t.cfb")
            return nil
        } catch {
            return error
        }
    }

    @Test("round trip, for chunk sizes that do and do not divide the length", arguments: [1, 7, 100, 4096])
    func roundTrip(chunk: Int) throws {
        let s = Self.session(samples: 1000)
        #expect(try SessionBinary.read(SessionBinary.encode(s, samplesPerChunk: chunk)) == s)
    }

    @Test("CSV to binary and back is lossless")
    func csvBinaryCSV() throws {
        let s = Self.session(samples: 333)
        let csv = SessionCSV.encode(s)
        let fromCSV = try SessionCSV.read(Array(csv.utf8))
        let viaBinary = try SessionBinary.read(SessionBinary.encode(fromCSV))
        #expect(SessionCSV.encode(viaBinary) == csv)
    }

    @Test("files: write, read back, and a missing file names itself")
    func files() throws {
        let s = Self.session(samples: 20_000)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cf-\(getpid()).cfb").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SessionBinary.write(s, to: path)
        #expect(try SessionBinary.read(contentsOf: path) == s)
        do {
            _ = try SessionBinary.read(contentsOf: path + ".missing")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .io(errno: ENOENT) && error.file == path + ".missing")
        }
    }

    /// Writes `bytes` into a new FIFO from another thread, in pieces of
    /// `piece` bytes, while `body` reads the FIFO's path.
    static func throughPipe<R>(_ bytes: [UInt8], piece: Int, _ body: (String) throws -> R) throws -> R {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cf-pipe-\(getpid())-\(bytes.count).cfb").path
        unlink(path)
        guard mkfifo(path, 0o600) == 0 else { throw SessionFileError(.io(errno: errno), file: path, location: .wholeFile) }
        defer { unlink(path) }
        // A reader that stops early closes the pipe: the writer must get EPIPE, not die of SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let writer = Thread {
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { return }
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, min(piece, bytes.count - done)) }
                if n <= 0 { break }
                done += n
            }
            close(fd)
        }
        writer.start()
        return try body(path)
    }

    @Test("a pipe (size unknown, short reads): the columns grow as chunks arrive and equal the session")
    func readsFromPipe() throws {
        // A pipe's size is unknown, so the reader reserves nothing and its
        // columns grow as chunks arrive; a pipe also returns short reads (at
        // most its 64 KiB buffer), which the reader's read loop must resume.
        let s = Self.session(samples: 20_000)
        let bytes = SessionBinary.encode(s, samplesPerChunk: 4096)
        let read = try Self.throughPipe(bytes, piece: 10_007) { try SessionBinary.read(contentsOf: $0) }
        #expect(read.sampleCount == s.sampleCount)
        #expect(read == s, "the samples read through the pipe differ")
    }

    @Test("a pipe cut mid-chunk: a truncation error keeping every complete chunk")
    func truncatedPipe() throws {
        let s = Self.session(samples: 20_000)
        let bytes = SessionBinary.encode(s, samplesPerChunk: 4096)
        let (headerBytes, chunkBytes) = Self.layout(samplesPerChunk: 4096)
        let cut = headerBytes + 3 * chunkBytes + 12 + 100_000  // inside chunk 3's payload
        do {
            _ = try Self.throughPipe(Array(bytes.prefix(cut)), piece: 65_536) { try SessionBinary.read(contentsOf: $0) }
            Issue.record("expected a truncation error")
        } catch let error as SessionFileError {
            #expect(error.kind == .truncated(expectedBytes: 8 * 7 * 4096, availableBytes: 100_000))
            #expect(error.location == .byteOffset(headerBytes + 3 * chunkBytes + 12, chunk: 3))
            #expect(error.recordsBefore?.sampleCount == 3 * 4096)
            #expect(error.recordsBefore.map { $0 == s.prefix(3 * 4096) } == true)  // (a mismatch would print 20 000 samples)
        }
    }

    @Test("a recording cut off anywhere keeps every complete chunk before the cut")
    func truncatedAnywhere() throws {
        let s = Self.session(samples: 50)
        let bytes = SessionBinary.encode(s, samplesPerChunk: 10)
        let (headerBytes, chunkBytes) = Self.layout(samplesPerChunk: 10)
        #expect(bytes.count == headerBytes + 5 * chunkBytes)
        for cut in stride(from: headerBytes + 1, to: bytes.count, by: 1) {
            let completeChunks = (cut - headerBytes) / chunkBytes
            if (cut - headerBytes) % chunkBytes == 0 {
                // A cut exactly at a chunk boundary leaves a valid, shorter recording.
                #expect(try SessionBinary.read(Array(bytes.prefix(cut))) == s.prefix(completeChunks * 10))
                continue
            }
            guard let e = failure(Array(bytes.prefix(cut))) else {
                Issue.record("cut at \(cut) was not detected")
                continue
            }
            guard case .truncated = e.kind else {
                Issue.record("cut at \(cut): \(e)")
                continue
            }
            #expect(e.recordsBefore?.sampleCount == (completeChunks == 0 ? nil : completeChunks * 10), "cut at \(cut)")
            #expect(e.recordsBefore.map { $0 == s.prefix(completeChunks * 10) } ?? true)
            guard case let .byteOffset(_, chunk) = e.location else {
                Issue.record("no byte offset")
                continue
            }
            #expect(chunk == completeChunks)
        }
    }

    @Test("a damaged chunk is detected by its CRC, never read as data")
    func damagedChunk() throws {
        let s = Self.session(samples: 30)
        var bytes = SessionBinary.encode(s, samplesPerChunk: 10)
        let (headerBytes, chunkBytes) = Self.layout(samplesPerChunk: 10)
        let target = headerBytes + chunkBytes + 12 + 123  // inside chunk 1's payload
        bytes[target] ^= 0x10
        let e = try #require(failure(bytes))
        guard case .checksumMismatch = e.kind else {
            Issue.record("expected a checksum mismatch, got \(e)")
            return
        }
        #expect(e.location == .byteOffset(headerBytes + chunkBytes, chunk: 1))
        #expect(e.recordsBefore == s.prefix(10))
    }

    @Test("bad files: empty, wrong magic, damaged header, newer version")
    func badFiles() throws {
        #expect(failure([])?.kind == .emptyFile)
        var bytes = SessionBinary.encode(Self.session(samples: 5))
        var wrongMagic = bytes
        wrongMagic[1] = UInt8(ascii: "X")
        #expect(failure(wrongMagic)?.kind == .badSignature(found: "89 58 46 42"))
        var newer = bytes
        newer[4] = 2
        #expect(failure(newer)?.kind == .unsupportedVersion(2))
        bytes[20] ^= 0xFF  // inside the JSON header
        let e = try #require(failure(bytes))
        guard case .checksumMismatch = e.kind else {
            Issue.record("expected a header checksum mismatch, got \(e)")
            return
        }
        #expect(e.location == .byteOffset(16, chunk: nil))
        #expect(failure(SessionBinary.encode(Self.session(samples: 0)))?.kind == .noSamples)
    }

    @Test("NaN and out-of-order time inside a valid chunk are errors with their sample index")
    func badValues() throws {
        var s = Self.session(samples: 20)
        s.cables[1].force[13] = .nan
        let e = try #require(failure(SessionBinary.encode(s, samplesPerChunk: 8)))
        #expect(e.kind == .nonFiniteValue(column: "right_force_n"))
        #expect(e.sampleIndex == 13)
        #expect(e.recordsBefore == Self.session(samples: 20).prefix(8))

        var t = Self.session(samples: 20)
        t.time[16] = t.time[15]
        let f = try #require(failure(SessionBinary.encode(t, samplesPerChunk: 8)))
        #expect(f.kind == .nonIncreasingTime(previous: t.time[15], found: t.time[15]))
        #expect(f.sampleIndex == 16)
        #expect(f.recordsBefore?.sampleCount == 16)
    }
}

@Suite("Recording a .cfb as samples arrive")
struct BinarySessionWriterTests {
    @Test("blocks appended one by one read back as the whole session; a crash mid-chunk keeps the rest")
    func appendAndRecover() throws {
        let s = SessionBinaryTests.session(samples: 1000)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(getpid()).cfb").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try BinarySessionWriter(path: path, layout: s)
        var start = 0
        for size in [1, 99, 300, 0, 600] {
            try writer.append(s.samples(start..<(start + size)))
            start += size
        }
        #expect(writer.samplesWritten == 1000)
        try writer.close()
        #expect(try SessionBinary.read(contentsOf: path) == s)

        // Simulate a crash in the middle of the last chunk: cut the file.
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        do {
            _ = try SessionBinary.read(Array(bytes.dropLast(100)))
            Issue.record("expected truncation")
        } catch {
            #expect(error.recordsBefore == s.prefix(400))
        }
    }

    @Test("a block that goes back in time or holds NaN is refused, and nothing is written")
    func refusesBadBlocks() throws {
        let s = SessionBinaryTests.session(samples: 20)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rec2-\(getpid()).cfb").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try BinarySessionWriter(path: path, layout: s)
        try writer.append(s.prefix(10))
        #expect(throws: SessionFileError.self) { try writer.append(s.prefix(5)) }
        var bad = s.samples(10..<20)
        bad.cables[0].force[3] = .infinity
        do {
            try writer.append(bad)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .nonFiniteValue(column: "left_force_n"))
            #expect(error.sampleIndex == 13)
        }
        try writer.close()
        #expect(try SessionBinary.read(contentsOf: path) == s.prefix(10))
    }
}
