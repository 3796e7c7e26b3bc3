import CableFormDSP
import Testing

@Suite("Gradient")
struct GradientTests {
    struct Case: Decodable {
        let signal: String
        let spacing: Double
        let edge_order: Int
        let y: [Double]
    }
    struct File: Decodable { let cases: [Case] }

    @Test("matches numpy.gradient with edge_order 1 and 2")
    func matchesNumPy() throws {
        let cases = try Golden.load("gradient", as: File.self).cases
        var signals = try Golden.signals()
        for n in [2, 3] { signals["short\(n)"] = Array(signals["short"]!.prefix(n)) }
        #expect(cases.count == 19)
        for c in cases {
            let x = try #require(signals[c.signal])
            let g = try Derivative.gradient(x, spacing: c.spacing, edgeOrder: c.edge_order)
            expectParity(g, c.y, "\(c.signal) spacing \(c.spacing) edge \(c.edge_order)")
        }
    }

    @Test("is exact for a quadratic with second-order edges")
    func exactForQuadratic() throws {
        let h = 0.1
        let y = (0..<20).map { i -> Double in let t = Double(i) * h; return 3 * t * t - t }
        let expected = (0..<20).map { i -> Double in 6 * Double(i) * h - 1 }
        #expect(relativeError(try Derivative.gradient(y, spacing: h, edgeOrder: 2), expected) < 1e-12)
    }

    @Test("rejects bad arguments and short input")
    func rejectsBadInput() {
        #expect(throws: DSPError.emptyInput) { try Derivative.gradient([], spacing: 1) }
        #expect(throws: DSPError.inputTooShort(required: 2, actual: 1)) { try Derivative.gradient([1], spacing: 1) }
        #expect(throws: DSPError.inputTooShort(required: 3, actual: 2)) {
            try Derivative.gradient([1, 2], spacing: 1, edgeOrder: 2)
        }
        #expect(throws: DSPError.self) { try Derivative.gradient([1, 2, 3], spacing: 0) }
        #expect(throws: DSPError.self) { try Derivative.gradient([1, 2, 3], spacing: 1, edgeOrder: 3) }
    }
}
