@testable import CableForm
import Foundation
import Testing

/// The `.cfb` reader has two ways to take a chunk: straight into columns made
/// once with room for the whole input (its size known), or through a buffer
/// into columns that grow (a pipe, or a chunk beyond the room made). Whatever
/// the room, good and damaged files must read the same.
@Suite("Reading a .cfb in place and through a buffer agree")
struct BinaryReadPathTests {
    /// What a parse gave: the session, or the error's parts.
    enum Outcome: Equatable {
        case session(Session)
        case failure(SessionFileError.Kind, SessionFileError.Location, Int?, Session?)
    }

    /// Parses `bytes` from memory as if `stored` bytes of them were stored
    /// (the room the columns are made with; 0 reads everything through the
    /// buffer); `helped`: chunks read in place have the helper threads
    /// (``ColumnPrefaulter`` ahead, ``ChunkChecker`` behind) whatever the
    /// size, else never.
    static func parse(_ bytes: [UInt8], stored: Int, helped: Bool = false) -> Outcome {
        var source = MemoryByteSource(bytes: bytes)
        var parser = BinarySessionParser(file: "t.cfb", expectedBytes: bytes.count, storedBytes: stored)
        parser.helperThreadBytes = helped ? 0 : .max
        do {
            return .session(try parser.parse(&source))
        } catch {
            return .failure(error.kind, error.location, error.sampleIndex, error.recordsBefore)
        }
    }

    /// Damaged and sound variants of a 95-sample session in chunks of 10 (the last one 5).
    static func variants() -> [(String, [UInt8])] {
        let s = SessionBinaryTests.session(samples: 95)
        let bytes = SessionBinary.encode(s, samplesPerChunk: 10)
        let (headerBytes, chunkBytes) = SessionBinaryTests.layout(samplesPerChunk: 10)
        var list: [(String, [UInt8])] = [("sound", bytes)]
        for cut in [headerBytes + 5, headerBytes + chunkBytes + 12 + 300, headerBytes + 4 * chunkBytes + 7, bytes.count - 1] {
            list.append(("cut at \(cut)", Array(bytes.prefix(cut))))
        }
        for target in [headerBytes + 12 + 5, headerBytes + 3 * chunkBytes + 12 + 400] {
            var flipped = bytes
            flipped[target] ^= 0x04
            list.append(("bit flipped at \(target)", flipped))
        }
        for (channel, sample) in [(0, 0), (2, 37), (6, 94), (4, 50)] {
            var t = s
            switch channel {
            case 0: t.time[sample] = .nan
            case 2: t.cables[0].force[sample] = .infinity
            case 4: t.cables[1].position[sample] = -.nan
            default: t.extraChannels[0].values[sample] = .nan
            }
            list.append(("non-finite in channel \(channel) at \(sample)", SessionBinary.encode(t, samplesPerChunk: 10)))
        }
        for sample in [30, 44] {  // at a chunk's first sample, and inside a chunk
            var t = s
            t.time[sample] = t.time[sample - 1]
            list.append(("time repeated at \(sample)", SessionBinary.encode(t, samplesPerChunk: 10)))
        }
        var both = s  // NaN after a repeated time in the same chunk: the repeat comes first
        both.time[52] = both.time[51]
        both.cables[1].force[55] = .nan
        list.append(("repeat then NaN", SessionBinary.encode(both, samplesPerChunk: 10)))
        return list
    }

    @Test("every room, from none to the whole file: the same session or the same error")
    func sameOutcome() throws {
        for (name, bytes) in Self.variants() {
            let reference = Self.parse(bytes, stored: 0)  // through the buffer only
            if name == "sound" {
                #expect(reference == .session(SessionBinaryTests.session(samples: 95)))
            } else if case .session = reference {
                Issue.record("\(name): not detected")
            }
            // Room for no chunk, some chunks (then the buffer takes over), all of them.
            for stored in Swift.stride(from: 0, through: bytes.count, by: 97) + [bytes.count] {
                let outcome = Self.parse(bytes, stored: stored)
                #expect(outcome == reference, "\(name), \(stored) bytes of room")
                let helped = Self.parse(bytes, stored: stored, helped: true)
                #expect(helped == reference, "\(name), \(stored) bytes of room, with the helper threads")
            }
        }
    }

    @Test("a large file checked on a second thread: the same session, or the first bad chunk's error, with many chunks in flight")
    func checkedAhead() throws {
        // 40 000 samples in chunks of 64: 625 chunks, so the reader runs ahead
        // of the checker by many; damage early, in the middle and in the last chunk.
        let s = SessionBinaryTests.session(samples: 40_000)
        let bytes = SessionBinary.encode(s, samplesPerChunk: 64)
        let (headerBytes, chunkBytes) = SessionBinaryTests.layout(samplesPerChunk: 64)
        var variants: [(String, [UInt8])] = [("sound", bytes)]
        for k in [1, 300, 624] {
            var flipped = bytes
            flipped[headerBytes + k * chunkBytes + 12 + 100] ^= 0x10
            variants.append(("bit flipped in chunk \(k)", flipped))
        }
        var twice = bytes  // two bad chunks: the first one is reported
        twice[headerBytes + 200 * chunkBytes + 50] ^= 0x01
        twice[headerBytes + 100 * chunkBytes + 50] ^= 0x01
        variants.append(("bad chunks 100 and 200", twice))
        var bad = bytes  // a bad chunk, then the file cut short further on
        bad[headerBytes + 400 * chunkBytes + 60] ^= 0x01
        variants.append(("bad chunk 400, cut in chunk 500", Array(bad.prefix(headerBytes + 500 * chunkBytes + 40))))
        var t = s
        t.time[33_333] = t.time[33_332]
        variants.append(("time repeated at 33 333", SessionBinary.encode(t, samplesPerChunk: 64)))
        for (name, variant) in variants {
            let reference = Self.parse(variant, stored: variant.count)
            #expect(Self.parse(variant, stored: 0) == reference, "\(name): in place and through the buffer")
            for _ in 0..<3 {
                #expect(Self.parse(variant, stored: variant.count, helped: true) == reference, "\(name)")
            }
        }
        #expect(Self.parse(bytes, stored: bytes.count, helped: true) == .session(s))
    }

    #if os(Linux)
    @Test("the prefaulter populates every page of the columns and changes nothing in them")
    func prefaulter() throws {
        // Two columns of 3 MB rows each in a fresh mapping (no page present),
        // the first 10 000 rows of each already written by a "reader".
        let rows = 3 * ColumnPrefaulter.rowsPerStep / 2, bytes = 2 * 8 * rows
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              raw != MAP_FAILED else { Issue.record("mmap failed"); return }
        defer { munmap(raw, bytes) }
        let base = raw.bindMemory(to: Double.self, capacity: 2 * rows)
        let columns = [base, base + rows]
        for c in 0..<2 { for i in 0..<10_000 { columns[c][i] = Double(c * 100_000 + i) + 0.5 } }
        func resident() -> Int {
            var flags = [UInt8](repeating: 0, count: (bytes + page - 1) / page)
            _ = mincore(raw, bytes, &flags)
            return flags.reduce(0) { $0 + Int($1 & 1) }
        }
        let before = resident()
        #expect(before < flags(pagesOf: bytes, page) / 4, "a fresh mapping has few pages present")
        let prefaulter = columns.withUnsafeBufferPointer { ColumnPrefaulter(columns: $0, capacity: rows) }
        var waited = 0
        while prefaulter.rowsPopulated < rows && waited < 5_000 {
            usleep(1_000)
            waited += 1
        }
        prefaulter.stop()
        #expect(prefaulter.rowsPopulated == rows)
        #expect(resident() == flags(pagesOf: bytes, page), "every page present")
        for c in 0..<2 {
            #expect((0..<10_000).allSatisfy { columns[c][$0] == Double(c * 100_000 + $0) + 0.5 }, "written rows kept")
            #expect((10_000..<rows).allSatisfy { columns[c][$0] == 0 }, "the rest zero")
        }
    }

    /// Pages in `bytes` bytes.
    private func flags(pagesOf bytes: Int, _ page: Int) -> Int { (bytes + page - 1) / page }
    #endif

    @Test("a file read in place takes each chunk straight into its columns, with room to spare")
    func inPlaceColumns() throws {
        let s = SessionBinaryTests.session(samples: 95)
        let bytes = SessionBinary.encode(s, samplesPerChunk: 10)
        var source = MemoryByteSource(bytes: bytes)
        var parser = BinarySessionParser(file: nil, expectedBytes: bytes.count)
        let read = try parser.parse(&source)
        #expect(read == s)
        // Made once with room for every sample the bytes could hold: never grown.
        #expect(parser.columns.allSatisfy { $0.capacity >= 95 && $0.count == 95 })
    }

    @Test("a pipe read in place: scattering reads cut short anywhere resume where they stopped")
    func scatteringFromPipe() throws {
        // A pipe returns what its writer has put in so far: with pieces of
        // 10 007 bytes, reads end inside a channel's run of a chunk, and the
        // scattering read must carry on from that byte into the right column.
        let s = SessionBinaryTests.session(samples: 20_000)
        let bytes = SessionBinary.encode(s, samplesPerChunk: 4096)
        let read = try SessionBinaryTests.throughPipe(bytes, piece: 10_007) { path -> Session in
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw SessionFileError(.io(errno: errno), file: path, location: .wholeFile) }
            defer { close(fd) }
            var source = FileByteSource(fd: fd, path: path)
            // The pipe's size is unknown to it; say it, so the columns are made and read in place.
            var parser = BinarySessionParser(file: path, expectedBytes: bytes.count)
            return try parser.parse(&source)
        }
        #expect(read == s, "the samples read through the pipe differ")
    }
}
