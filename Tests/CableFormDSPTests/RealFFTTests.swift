import CableFormDSP
import Foundation
import Testing

@Suite("Real FFT")
struct RealFFTTests {
    struct Case: Decodable {
        let n: Int
        let x: [Double]
        let re: [Double]
        let im: [Double]
        let spec_re: [Double]
        let spec_im: [Double]
        let irfft: [Double]
    }
    struct File: Decodable { let cases: [Case] }

    @Test("forward matches numpy.fft.rfft (with zero padding) and inverse matches irfft")
    func matchesNumPy() throws {
        let cases = try Golden.load("rfft", as: File.self).cases
        #expect(cases.count == 11)
        for c in cases {
            let fft = try RealFFT(count: c.n)
            let spectrum = fft.forward(c.x)
            // Compare real and imaginary parts as one vector, scaled by the spectrum's size.
            expectParity(
                spectrum.map(\.real) + spectrum.map(\.imaginary), c.re + c.im, "rfft n = \(c.n)")
            if !c.spec_re.isEmpty {
                let s = zip(c.spec_re, c.spec_im).map { Complex($0, $1) }
                expectParity(fft.inverse(s), c.irfft, "irfft n = \(c.n)")
            }
        }
    }

    @Test("inverse(forward(x)) returns x", arguments: [1, 2, 5, 64, 1000, 4096])
    func roundTrip(n: Int) throws {
        var rng = SeededGenerator(seed: UInt64(n))
        let x = (0..<n).map { _ in rng.normal() }
        let fft = try RealFFT(count: n)
        #expect(relativeError(fft.inverse(fft.forward(x)), x) < 1e-13)
    }

    @Test("a reused transform pads with zeros wherever earlier inputs and inverses wrote: same bits as a fresh one")
    func reusedPadding() throws {
        // One instance pads only as far as the buffer may hold nonzero
        // samples; a sequence of long and short inputs and inverses must give
        // what a fresh instance gives for each input, bit for bit.
        let n = 1024
        var rng = SeededGenerator(seed: 41)
        let reused = try RealFFT(count: n)
        for (step, length) in [n, 100, 700, 3, 0, 1024, 512, -1, 64, 1, -1, 999].enumerated() {
            if length < 0 {  // an inverse writes the whole time-domain buffer
                let spectrum = (0..<(n / 2 + 1)).map { _ in Complex(rng.normal(), rng.normal()) }
                let fresh = try RealFFT(count: n)
                let same = reused.inverse(spectrum) == fresh.inverse(spectrum)  // (a mismatch would print 1 024 values)
                #expect(same, "step \(step): inverse")
                continue
            }
            let x = (0..<length).map { _ in rng.normal() }
            let fresh = try RealFFT(count: n)
            let same = reused.forward(x) == fresh.forward(x)
            #expect(same, "step \(step): forward of \(length) samples")
        }
    }

    @Test("a cosine at bin 3 puts N/2 in bin 3 and nothing elsewhere")
    func pureTone() throws {
        let n = 64
        let x = (0..<n).map { i in cos(2 * Double.pi * 3 * Double(i) / Double(n)) }
        let fft = try RealFFT(count: n)
        let mags = Spectrum.magnitudes(fft.forward(x))
        #expect(abs(mags[3] - 32) < 1e-12)
        #expect(mags.enumerated().allSatisfy { $0.offset == 3 || $0.element < 1e-12 })
        let powers = Spectrum.powers(fft.forward(x))
        #expect(abs(powers[3] - 1024) < 1e-9)
        #expect(Spectrum.frequencies(count: 64, sampleRate: 128)[3] == 6)
        #expect(Spectrum.frequencies(count: 7, sampleRate: 7) == [0, 1, 2, 3])
    }

    @Test("many tasks planning and transforming at once get correct answers")
    func concurrentUse() async throws {
        let sizes = [16, 100, 128, 1000, 1024, 4096, 3, 777]
        let failures = await withTaskGroup(of: Int.self) { group in
            for task in 0..<64 {
                group.addTask {
                    let n = sizes[task % sizes.count] + task / sizes.count  // fresh plans too
                    var rng = SeededGenerator(seed: UInt64(task))
                    let x = (0..<n).map { _ in rng.normal() }
                    guard let fft = try? RealFFT(count: n) else { return 1 }
                    var bad = 0
                    for _ in 0..<20 where relativeError(fft.inverse(fft.forward(x)), x) > 1e-12 {
                        bad += 1
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }

    @Test("the pool lends one transform per borrower, reuses it, and computes what a fresh one does")
    func pooledTransforms() {
        let n = 4103  // a length no other test uses, so no other borrower interferes
        let first = RealFFTPool.withTransform(count: n) { ObjectIdentifier($0) }
        let again = RealFFTPool.withTransform(count: n) { ObjectIdentifier($0) }
        #expect(first == again)
        let distinct = RealFFTPool.withTransform(count: n) { outer in
            RealFFTPool.withTransform(count: n) { inner in ObjectIdentifier(outer) != ObjectIdentifier(inner) }
        }
        #expect(distinct)
        var rng = SeededGenerator(seed: 41)
        let x = (0..<n).map { _ in rng.normal() }
        let fresh = try! RealFFT(count: n).forward(x)
        // A reused transform's buffers hold the last caller's data: the result must not depend on it.
        let pooled = RealFFTPool.withTransform(count: n) { $0.forward(Array(x.prefix(100))) }
        #expect(pooled == (try! RealFFT(count: n)).forward(Array(x.prefix(100))))
        #expect(RealFFTPool.withTransform(count: n) { $0.forward(x) } == fresh)
    }

    @Test("a length below 1 is a typed error")
    func rejectsZeroLength() {
        #expect(throws: DSPError.self) { _ = try RealFFT(count: 0) }
    }

    @Test("input longer than the transform is a precondition failure")
    func longInputTraps() async {
        await #expect(processExitsWith: .failure) {
            let fft = try! RealFFT(count: 4)
            _ = fft.forward([1, 2, 3, 4, 5])
        }
    }
}
