@testable import CableForm
import CableFormDevice
import Foundation
import Testing

/// `SessionReport.jsonLine()` (CompactJSONEncoder) against Foundation's `JSONEncoder`, byte for byte.
@Suite("Compact JSON")
struct CompactJSONTests {
    static func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("every committed fixture's report, and random workouts with faults, as JSONEncoder writes them")
    func reports() throws {
        var plans = FixtureCatalog.all.map(\.plan)
        plans += (1...4).map { FixtureCatalog.randomPlan(seed: UInt64($0), sampleRate: [1000, 100, 20, 200][$0 - 1]) }
        var bytes = 0
        for plan in plans {
            let report = try analyze(SimulatedMachine(plan: plan).run().session, source: "fixture \"quoted\"/path")
            let line = report.jsonLine()
            #expect(line == (try Self.foundation(report)))
            bytes += line.utf8.count
        }
        #expect(plans.count == FixtureCatalog.all.count + 4 && bytes > 100_000)
    }

    struct Edges: Encodable {
        var text = String((0..<0x21).map { Character(Unicode.Scalar(UInt8($0))) }) + "\u{7F}\u{80}é\u{2028}😀\\\"/"
        var empty = ""
        var numbers: [Double] = [10, 9.80665, 1e-05, 1e21, 1e16, 1.5e16, -0.0, 0.30000000000000004, 4e15, 12345678.9,
                                 -3.25, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308]
        var floats: [Float] = [0.1, 3, -2.5e-8]
        var ints: [Int] = [0, -1, .max, .min]
        var widths = (Int8.min, UInt8.max, Int16.min, UInt16.max, Int32.min, UInt32.max, Int64.min, UInt64.max, UInt.max)
        var flag = true
        var missing: Double? = nil
        var present: Double? = 2
        var optionals: [Int?] = [1, nil, 3]
        var nested: [[String]] = [["a"], [], ["b", "c"]]
        var nothing = Nothing()
        var twice = Twice()

        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        struct Twice: Encodable {
            enum K: String, CodingKey { case b, a, z }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: K.self)
                try c.encode(1, forKey: .b)
                try c.encodeNil(forKey: .z)
                try c.encode("first", forKey: .a)
                try c.encode("last", forKey: .a)  // the last value stands
            }
        }

        enum CodingKeys: String, CodingKey {
            case text, empty, numbers, floats, ints, flag, missing, present, optionals, nested, nothing, twice
            case widths = "Widths", upper = "ZZ", under = "_u"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(text, forKey: .text)
            try c.encode(empty, forKey: .empty)
            try c.encode(numbers, forKey: .numbers)
            try c.encode(floats, forKey: .floats)
            try c.encode(ints, forKey: .ints)
            var w = c.nestedUnkeyedContainer(forKey: .widths)
            try w.encode(widths.0); try w.encode(widths.1); try w.encode(widths.2); try w.encode(widths.3)
            try w.encode(widths.4); try w.encode(widths.5); try w.encode(widths.6); try w.encode(widths.7)
            try w.encode(widths.8)
            try c.encode(flag, forKey: .flag)
            try c.encodeIfPresent(missing, forKey: .missing)  // omitted
            try c.encode(missing, forKey: .upper)  // null
            try c.encode(present, forKey: .present)
            try c.encode(optionals, forKey: .optionals)
            try c.encode(nested, forKey: .nested)
            try c.encode(nothing, forKey: .nothing)
            try c.encode(twice, forKey: .twice)
            var keyed = c.nestedContainer(keyedBy: CodingKeys.self, forKey: .under)
            try keyed.encode(Float(1), forKey: .flag)
        }
    }

    @Test("escapes, number forms, integer widths, optionals, empty and repeated keys, key order: JSONEncoder's bytes")
    func edges() throws {
        let edges = Edges()
        #expect(try CompactJSONEncoder().encode(edges) == (try Self.foundation(edges)))
        #expect(try CompactJSONEncoder().encode([1.5, 2]) == "[1.5,2]")
        #expect(try CompactJSONEncoder().encode("a\u{1F}\n") == #""a\u001f\n""#)
    }

    @Test("a NaN or an infinity is refused, as JSONEncoder refuses it")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try CompactJSONEncoder().encode(["x": -Double.infinity]) }
        #expect(throws: EncodingError.self) { try Self.foundation([Double.nan]) }
    }
}
