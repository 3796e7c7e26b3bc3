import CableForm
@testable import CableFormDevice
import Foundation
import Testing

/// Randomly damaged files never crash a reader and are never read as wrong data.
@Suite("Damaged files")
struct MutationTests {
    /// The simulator's SplitMix64, with a fixed seed.
    struct Rng {
        var random: SeededRandom
        init(state: UInt64) { random = SeededRandom(seed: state) }
        mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
    }

    @Test("3 000 random byte flips, cuts and insertions in a .cfb: an error, or the untouched session")
    func binary() {
        let original = SessionBinaryTests.session(samples: 300)
        let bytes = SessionBinary.encode(original, samplesPerChunk: 64)
        var rng = Rng(state: 2026)
        var errors = 0
        for _ in 0..<3000 {
            var damaged = bytes
            switch rng.below(3) {
            case 0:
                for _ in 0...rng.below(3) { damaged[rng.below(damaged.count)] ^= UInt8(1 + rng.below(255)) }
            case 1:
                damaged.removeLast(1 + rng.below(damaged.count - 1))
            default:
                damaged.insert(UInt8(rng.below(256)), at: rng.below(damaged.count))
            }
            do {
                let s = try SessionBinary.read(damaged)
                // Only the reserved flags bytes (6–7) may change without consequence,
                // and a cut at a chunk boundary leaves a valid prefix.
                #expect(s == original || s == original.prefix(s.sampleCount))
            } catch {
                errors += 1
                if let kept = error.recordsBefore {
                    #expect(kept == original.prefix(kept.sampleCount), "kept records must be exactly the originals")
                }
            }
        }
        #expect(errors > 2500)
    }

    @Test("3 000 random byte changes in a CSV: an error with a location, or a session, never a crash")
    func csv() {
        let text = Array(SessionCSV.encode(SessionBinaryTests.session(samples: 200)).utf8)
        var rng = Rng(state: 7)
        let alphabet = Array("0123456789.,-+eE\n\r #:abcxyz".utf8) + [0, 0xFF, 0xC3]
        var errors = 0
        for _ in 0..<3000 {
            var damaged = text
            for _ in 0...rng.below(4) {
                let i = rng.below(damaged.count)
                switch rng.below(3) {
                case 0: damaged[i] = alphabet[rng.below(alphabet.count)]
                case 1: damaged.remove(at: i)
                default: damaged.insert(alphabet[rng.below(alphabet.count)], at: i)
                }
                if damaged.isEmpty { break }
            }
            do {
                let s = try SessionCSV.read(damaged, name: "fuzz.csv")
                #expect(s.sampleCount > 0 && zip(s.time.dropFirst(), s.time).allSatisfy { $0 > $1 })
            } catch {
                errors += 1
                if case .line(let line, _) = error.location { #expect(line >= 1) }
            }
        }
        #expect(errors > 1000)
    }
}
