@testable import CableForm
@testable import CableFormDevice
import Foundation
import Testing

/// The CSV reader's number parser against the C library's correctly rounded `strtod`.
@Suite("Decimal parsing")
struct DecimalParserTests {
    /// `parseDecimal` on the bytes of `text`.
    static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parseDecimal($0.baseAddress!, $0.baseAddress! + $0.count) }
    }

    static func strtodValue(_ text: String) -> Double { strtod(text, nil) }

    @Test("every double printed with 17 significant digits, or in Swift's shortest form, reads back to the same bits")
    func roundTrips() {
        var rng = SeededRandom(seed: 2026)
        var checked = 0
        for k in 0..<100_000 {
            // Half of them anywhere in the normal range, half at a sensor's magnitudes.
            let x: Double
            if k % 2 == 0 {
                let bits = UInt64.random(in: 0x0010_0000_0000_0000...0x7FEF_FFFF_FFFF_FFFF, using: &rng)
                x = Double(bitPattern: bits) * (k % 4 == 0 ? 1 : -1)
            } else {
                x = Double.random(in: -1000...1000, using: &rng) * pow(10, Double(Int.random(in: -9...3, using: &rng)))
            }
            for text in [String(format: "%.16e", x), "\(x)"] {
                let got = Self.parse(text)
                #expect(got?.bitPattern == x.bitPattern, "\(text): \(String(describing: got))")
                checked += 1
            }
        }
        #expect(checked == 200_000)
    }

    @Test("random decimals of 1 to 19 digits at exponents across the double's range equal strtod's bits")
    func agreesWithStrtod() {
        var rng = SeededRandom(seed: 7)
        var mismatches: [String] = []
        for _ in 0..<300_000 {
            let digits = Int.random(in: 1...19, using: &rng)
            var mantissa = String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<digits { mantissa.append(String(Int.random(in: 0...9, using: &rng))) }
            let sign = Bool.random(using: &rng) ? "-" : ""
            let text: String
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:  // a decimal point somewhere in the digits
                let point = Int.random(in: 0...digits, using: &rng)
                let i = mantissa.index(mantissa.startIndex, offsetBy: point)
                text = sign + (point == 0 ? "0" : "") + mantissa[..<i] + "." + mantissa[i...]
            case 1:  // scientific, anywhere from below the subnormals to past the largest double
                text = sign + mantissa.prefix(1) + "." + mantissa.dropFirst() + "e" + String(Int.random(in: -345...310, using: &rng))
            default:  // an integer times a power of ten
                text = sign + mantissa + "E" + String(Int.random(in: -40...40, using: &rng))
            }
            let expected = Self.strtodValue(text)
            guard let got = Self.parse(text) else { mismatches.append("\(text): nil"); continue }
            if got.bitPattern != expected.bitPattern { mismatches.append("\(text): \(got) against \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first \(mismatches.prefix(5))")
    }

    @Test("ties, the ends of the normal range, overflow, subnormals and zeros: the bits strtod gives",
          arguments: [
              "9007199254740993", "9007199254740995", "9007199254740997", "18014398509481985", "1e23",
              "8.98846567431158e307", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
              "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9406564584124654e-324", "1e-400", "0e-400",
              "-0", "0.000", "0.1", "0.30000000000000004", "123456789012345678e-30", "9999999999999999999",
              "-1.0000000000000002", "7.0064923216240854e-46",
          ])
    func edgeCases(text: String) {
        let got = Self.parse(text)
        #expect(got?.bitPattern == Self.strtodValue(text).bitPattern, "\(text): \(String(describing: got))")
    }

    @Test("the 128-bit path itself decides 17-digit values (no strtod), and leaves subnormals, overflow and out-of-range exponents to it")
    func eiselLemirePath() {
        #expect(eiselLemire(16_289_763_367_542_448, -16)?.bitPattern == Self.strtodValue("1.6289763367542448").bitPattern)
        #expect(eiselLemire(9_007_199_254_740_993, 0) == 9_007_199_254_740_992)  // a tie, to even
        #expect(eiselLemire(0, 400) == 0)
        #expect(eiselLemire(49_406_564_584_124_654, -340) == nil)  // subnormal
        #expect(eiselLemire(17_976_931_348_623_159, 292) == nil)  // overflows
        #expect(eiselLemire(1, 309) == nil && eiselLemire(1, -343) == nil)
    }
}
