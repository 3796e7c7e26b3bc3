import CableFormDSP
import Testing

@Suite("Streaming SOS filter")
struct SOSFilterTests {
    struct Case: Decodable {
        let sos: [[Double]]
        let signal: String
        let from_rest: [Double]
        let from_steady: [Double]
        let final_state: [Double]
    }
    struct File: Decodable { let cases: [Case] }

    @Test("matches scipy.signal.sosfilt from rest and from sosfilt_zi·x[0]")
    func matchesSciPy() throws {
        let file = try Golden.load("sosfilt", as: File.self)
        let signals = try Golden.signals()
        #expect(file.cases.count == 16)
        for c in file.cases {
            let x = try #require(signals[c.signal])
            let sos = SecondOrderSections(sosRows: c.sos)
            var rest = SOSFilter(sos)
            expectParity(rest.process(x), c.from_rest, "\(c.signal) from rest")
            var steady = SOSFilter(sos)
            steady.reset(steadyStateFor: x[0])
            expectParity(steady.process(x), c.from_steady, "\(c.signal) from steady state")
        }
    }

    @Test("the final state matches SciPy's zf")
    func finalState() throws {
        let file = try Golden.load("sosfilt", as: File.self)
        let signals = try Golden.signals()
        for c in file.cases {
            let x = try #require(signals[c.signal])
            var f = SOSFilter(SecondOrderSections(sosRows: c.sos))
            f.reset(steadyStateFor: x[0])
            _ = f.process(x)
            expectParity(f.state, c.final_state, "\(c.signal) zf")
        }
    }

    @Test("chunked filtering is bit-identical to one pass, for random chunk sizes")
    func chunkedEqualsOnePass() throws {
        var rng = SeededGenerator(seed: 0xC0FFEE)
        let designs = [
            try SecondOrderSections.butterworth(order: 4, band: .lowpass(cutoff: 8), sampleRate: 500),
            try SecondOrderSections.butterworth(order: 5, band: .highpass(cutoff: 1), sampleRate: 1000),
            try SecondOrderSections.butterworth(order: 3, band: .bandpass(low: 0.5, high: 20), sampleRate: 200),
        ]
        for trial in 0..<60 {
            let sos = designs[trial % designs.count]
            let n = Int.random(in: 1...3000, using: &rng)
            let x = (0..<n).map { _ in rng.normal() }
            var whole = SOSFilter(sos)
            whole.reset(steadyStateFor: x[0])
            let expected = whole.process(x)

            var chunked = SOSFilter(sos)
            chunked.reset(steadyStateFor: x[0])
            var output: [Double] = []
            var start = 0
            while start < n {
                // Chunk sizes from 0 (an empty call) to a few hundred samples.
                let size = min(Int.random(in: 0...300, using: &rng), n - start)
                output += chunked.process(Array(x[start..<(start + size)]))
                start += size
            }
            #expect(output == expected, "trial \(trial): n = \(n)")
            #expect(chunked.state == whole.state, "trial \(trial): final state")
        }
    }

    @Test("one sample at a time equals one block, bit for bit")
    func samplewiseEqualsBlock() throws {
        var rng = SeededGenerator(seed: 42)
        let x = (0..<1000).map { _ in rng.normal() }
        let sos = try SecondOrderSections.butterworth(order: 6, band: .lowpass(cutoff: 10), sampleRate: 500)
        var block = SOSFilter(sos)
        let expected = block.process(x)
        var single = SOSFilter(sos)
        let actual = x.map { single.process($0) }
        #expect(actual == expected)
    }

    @Test("the steady state passes a constant through with no transient")
    func steadyStateHasNoTransient() throws {
        let sos = try SecondOrderSections.butterworth(order: 4, band: .lowpass(cutoff: 5), sampleRate: 100)
        var f = SOSFilter(sos)
        f.reset(steadyStateFor: 3.5)
        let y = f.process([Double](repeating: 3.5, count: 200))
        #expect(y.allSatisfy { abs($0 - 3.5) < 1e-12 })
        f.reset()
        #expect(f.state.allSatisfy { $0 == 0 })
    }

    @Test("in-place, into-buffer and returning calls agree")
    func callFormsAgree() throws {
        var rng = SeededGenerator(seed: 9)
        let x = (0..<257).map { _ in rng.normal() }
        let sos = try SecondOrderSections.butterworth(order: 2, band: .lowpass(cutoff: 20), sampleRate: 250)
        var a = SOSFilter(sos), b = SOSFilter(sos), c = SOSFilter(sos)
        let ya = a.process(x)
        var yb = x
        b.process(&yb)
        var yc = [Double](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { input in
            yc.withUnsafeMutableBufferPointer { c.process(input, into: $0) }
        }
        #expect(ya == yb)
        #expect(ya == yc)
    }

    @Test("a state of the wrong size is a precondition failure")
    func wrongStateTraps() async {
        await #expect(processExitsWith: .failure) {
            let sos = try! SecondOrderSections.butterworth(order: 4, band: .lowpass(cutoff: 8), sampleRate: 500)
            _ = SOSFilter(sos, state: [0, 0, 0])
        }
    }
}
