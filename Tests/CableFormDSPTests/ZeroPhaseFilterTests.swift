import CableFormDSP
import Foundation
import Testing

@Suite("Zero-phase filtering")
struct ZeroPhaseFilterTests {
    struct Case: Decodable {
        let sos: [[Double]]
        let signal: String
        let padlen: Int
        let y: [Double]
    }
    struct File: Decodable { let cases: [Case] }

    @Test("matches scipy.signal.sosfiltfilt (odd extension, default and explicit pad lengths)")
    func matchesSciPy() throws {
        let file = try Golden.load("sosfiltfilt", as: File.self)
        let signals = try Golden.signals()
        #expect(file.cases.count >= 50)
        for c in file.cases {
            let x = try #require(signals[c.signal])
            let sos = SecondOrderSections(sosRows: c.sos)
            let y = try sos.filtfilt(x, padLength: c.padlen < 0 ? nil : c.padlen)
            expectParity(y, c.y, "\(c.signal) padlen \(c.padlen)")
        }
    }

    @Test("SciPy's default pad length: 3·(2·sections + 1), less first-order sections")
    func defaultPadLength() throws {
        let expected = [1: 6, 2: 9, 3: 12, 4: 15, 6: 21]
        for (order, pad) in expected {
            let sos = try SecondOrderSections.butterworth(order: order, band: .lowpass(cutoff: 8), sampleRate: 500)
            #expect(sos.defaultPadLength == pad, "order \(order)")
        }
    }

    @Test("a zero-phase filter does not shift a symmetric pulse")
    func noPhaseShift() throws {
        let n = 501
        let x = (0..<n).map { i -> Double in
            let t = Double(i - 250) / 40
            return exp(-t * t)
        }
        let sos = try SecondOrderSections.butterworth(order: 4, band: .lowpass(cutoff: 10), sampleRate: 500)
        let y = try sos.filtfilt(x)
        let peak = y.indices.max { y[$0] < y[$1] }!
        #expect(peak == 250)
    }

    @Test("rejects empty, too short, non-finite input and a negative pad length")
    func rejectsBadInput() throws {
        let sos = try SecondOrderSections.butterworth(order: 4, band: .lowpass(cutoff: 8), sampleRate: 500)
        #expect(throws: DSPError.emptyInput) { try sos.filtfilt([]) }
        #expect(throws: DSPError.inputTooShort(required: 16, actual: 15)) {
            try sos.filtfilt([Double](repeating: 1, count: 15))
        }
        var x = [Double](repeating: 1, count: 100)
        x[42] = .nan
        #expect(throws: DSPError.nonFiniteSample(index: 42)) { try sos.filtfilt(x) }
        x[42] = -.infinity
        #expect(throws: DSPError.nonFiniteSample(index: 42)) { try sos.filtfilt(x) }
        #expect(throws: DSPError.self) { try sos.filtfilt([1, 2, 3], padLength: -1) }
    }
}
