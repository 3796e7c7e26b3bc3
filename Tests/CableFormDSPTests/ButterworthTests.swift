import CableFormDSP
import Testing

@Suite("Butterworth design")
struct ButterworthTests {
    struct Case: Decodable {
        let order: Int
        let band: String
        let cutoff: [Double]
        let fs: Double
        let sos: [[Double]]
        let zi: [Double]

        var filterBand: FilterBand {
            switch band {
            case "lowpass": return .lowpass(cutoff: cutoff[0])
            case "highpass": return .highpass(cutoff: cutoff[0])
            default: return .bandpass(low: cutoff[0], high: cutoff[1])
            }
        }
    }
    struct File: Decodable { let cases: [Case] }

    @Test("matches scipy.signal.butter(output='sos') and sosfilt_zi")
    func matchesSciPy() throws {
        let cases = try Golden.load("butter", as: File.self).cases
        #expect(cases.count >= 72)
        for c in cases {
            let label = "\(c.band) order \(c.order) \(c.cutoff) Hz at \(c.fs) Hz"
            let sos = try SecondOrderSections.butterworth(order: c.order, band: c.filterBand, sampleRate: c.fs)
            #expect(sos.count == c.sos.count, "\(label): section count")
            guard sos.count == c.sos.count else { continue }
            expectParity(sos.sosRows.flatMap { $0 }, c.sos.flatMap { $0 }, label)
            expectParity(sos.steadyStateState, c.zi, "\(label) zi")
        }
    }

    @Test("a lowpass has unit gain at DC and a highpass none")
    func dcGain() throws {
        let lp = try SecondOrderSections.butterworth(order: 4, band: .lowpass(cutoff: 8), sampleRate: 500)
        let hp = try SecondOrderSections.butterworth(order: 3, band: .highpass(cutoff: 2), sampleRate: 500)
        let lpGain = lp.sections.reduce(1.0) { $0 * $1.dcGain }
        let hpGain = hp.sections.reduce(1.0) { $0 * $1.dcGain }
        #expect(abs(lpGain - 1) < 1e-12)
        #expect(abs(hpGain) < 1e-12)
    }

    @Test(
        "rejects bad arguments with a typed error naming the argument",
        arguments: [
            (0, FilterBand.lowpass(cutoff: 10), 500.0, "order"),
            (9, .lowpass(cutoff: 10), 500, "order"),
            (4, .lowpass(cutoff: 250), 500, "cutoff"),  // at Nyquist
            (4, .lowpass(cutoff: 300), 500, "cutoff"),  // above Nyquist
            (4, .lowpass(cutoff: 0), 500, "cutoff"),
            (4, .highpass(cutoff: -1), 500, "cutoff"),
            (4, .lowpass(cutoff: .nan), 500, "cutoff"),
            (2, .bandpass(low: 20, high: 10), 500, "cutoff"),
            (2, .bandpass(low: 10, high: 10), 500, "cutoff"),
            (4, .lowpass(cutoff: 10), 0, "sampleRate"),
            (4, .lowpass(cutoff: 10), .infinity, "sampleRate"),
        ])
    func rejectsBadArguments(order: Int, band: FilterBand, fs: Double, name: String) {
        let argument = invalidArgumentName {
            _ = try SecondOrderSections.butterworth(order: order, band: band, sampleRate: fs)
        }
        #expect(argument == name)
    }
}
