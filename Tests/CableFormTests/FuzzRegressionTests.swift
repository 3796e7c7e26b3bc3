import CableForm
import CableFormDevice
import Foundation
import Testing

/// Every input the fuzzers (Fuzz/, `make fuzz`) ever stopped on, kept in
/// `Fuzz/regressions/<target>/`, replayed through the same reader or decoder
/// with the same invariants: a session or a typed error, never a crash, and
/// what is kept before the damage well-formed.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions")

    static func inputs(_ target: String) -> [(String, [UInt8])] {
        let folder = directory.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { name in
            (name, [UInt8](FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data()))
        }
    }

    static func wellFormed(_ s: Session) -> Bool {
        zip(s.time, s.time.dropFirst()).allSatisfy { $0 < $1 } && s.time.allSatisfy(\.isFinite)
            && s.cables.allSatisfy { $0.position.allSatisfy(\.isFinite) && $0.force.allSatisfy(\.isFinite) }
    }

    @Test("binary inputs: a session or a located error, what is kept well-formed")
    func binary() {
        let inputs = Self.inputs("FuzzBinary")
        #expect(!inputs.isEmpty)
        for (name, bytes) in inputs {
            do {
                let s = try SessionBinary.read(bytes, name: name)
                #expect(Self.wellFormed(s), "\(name)")
            } catch {
                #expect(error.recordsBefore.map(Self.wellFormed) ?? true, "\(name)")
                #expect(error.description.contains(name), "\(name): \(error)")
            }
        }
    }

    @Test("CSV and frame inputs: a session or an error, decoded frames finite")
    func textAndFrames() {
        for (name, bytes) in Self.inputs("FuzzCSV") {
            do {
                #expect(Self.wellFormed(try SessionCSV.read(bytes, name: name)), "\(name)")
            } catch {
                #expect(error.recordsBefore.map(Self.wellFormed) ?? true, "\(name)")
            }
        }
        let decoders: [(String, any FrameDecoder)] = [("FuzzGenericFrame", FrameFixtureCatalog.genericDecoder),
                                                      ("FuzzMonitorFrame", MonitorFrameDecoder())]
        for (target, decoder) in decoders {
            for (name, bytes) in Self.inputs(target) {
                var frame = DeviceFrame(cableCount: 2)
                let ok = bytes.withUnsafeBytes { raw in (try? decoder.decode(raw, into: &frame)) != nil }
                if ok { #expect(frame.positions.allSatisfy(\.isFinite) && frame.forces.allSatisfy(\.isFinite), "\(name)") }
            }
        }
    }

    @Test("a chunk that claims more samples than the file holds is refused before anything is allocated")
    func hugeChunkCount() throws {
        var bytes = SessionBinary.encode(SessionBinaryTests.session(samples: 100), samplesPerChunk: 40)
        // The second chunk's sample count (after the header and the first chunk) set to 2³² − 1.
        let headerLength = Int(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian })
        let channels = 7  // time, two cables × (position, force), one velocity, one extra
        let second = 16 + headerLength + 12 + 8 * channels * 40
        for k in 0..<4 { bytes[second + 4 + k] = 0xFF }
        do {
            _ = try SessionBinary.read(bytes, name: "huge.cfb")
            Issue.record("a chunk of 2³² − 1 samples was accepted")
        } catch {
            guard case let .truncated(expected, available) = error.kind else {
                Issue.record("expected truncated, got \(error)")
                return
            }
            #expect(expected == 8 * channels * Int(UInt32.max))
            #expect(available == bytes.count - (second + 12))
            #expect(error.location == .byteOffset(second + 12, chunk: 1))
            #expect(error.recordsBefore?.sampleCount == 40)
        }
    }
}
