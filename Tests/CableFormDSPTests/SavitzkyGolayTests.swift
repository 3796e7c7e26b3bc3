import CableFormDSP
import Testing

@Suite("Savitzky-Golay")
struct SavitzkyGolayTests {
    struct CoeffCase: Decodable {
        let window: Int
        let order: Int
        let deriv: Int
        let delta: Double
        let pos: Int
        let use_dot: [Double]
    }
    struct CoeffFile: Decodable { let cases: [CoeffCase] }

    struct FilterCase: Decodable {
        let signal: String
        let window: Int
        let order: Int
        let deriv: Int
        let delta: Double
        let mode: String
        let cval: Double
        let y: [Double]

        var edgeMode: SavitzkyGolayFilter.EdgeMode {
            switch mode {
            case "interp": return .interp
            case "mirror": return .mirror
            case "nearest": return .nearest
            case "wrap": return .wrap
            default: return .constant(cval)
            }
        }
    }
    struct FilterFile: Decodable { let cases: [FilterCase] }

    @Test("coefficients match scipy.signal.savgol_coeffs (windows 1-51, orders 0-4, derivatives 0-3)")
    func coefficientsMatchSciPy() throws {
        let cases = try Golden.load("savgol_coeffs", as: CoeffFile.self).cases
        #expect(cases.count == 196)
        for c in cases {
            let w = try SavitzkyGolayFilter.coefficients(
                windowLength: c.window, polyOrder: c.order, derivative: c.deriv, delta: c.delta,
                position: c.pos < 0 ? nil : Double(c.pos), convolutionOrder: false)
            expectParity(w, c.use_dot, "window \(c.window) order \(c.order) deriv \(c.deriv) delta \(c.delta) pos \(c.pos)")
        }
    }

    @Test("convolution order is the window order reversed")
    func convolutionOrder() throws {
        let dot = try SavitzkyGolayFilter.coefficients(windowLength: 7, polyOrder: 2, derivative: 1, convolutionOrder: false)
        let conv = try SavitzkyGolayFilter.coefficients(windowLength: 7, polyOrder: 2, derivative: 1)
        #expect(conv == dot.reversed())
    }

    @Test("filtering matches scipy.signal.savgol_filter in every edge mode")
    func filterMatchesSciPy() throws {
        let cases = try Golden.load("savgol_filter", as: FilterFile.self).cases
        var signals = try Golden.signals()
        signals["short9"] = Array(signals["short"]!.prefix(9))
        #expect(cases.count > 120)
        for c in cases {
            let x = try #require(signals[c.signal])
            let filter = try SavitzkyGolayFilter(
                windowLength: c.window, polyOrder: c.order, derivative: c.deriv, delta: c.delta)
            let y = try filter.apply(x, mode: c.edgeMode)
            expectParity(y, c.y, "\(c.signal) window \(c.window) order \(c.order) deriv \(c.deriv) \(c.mode)")
        }
    }

    @Test("a cubic is reproduced exactly by an order-3 fit, including its derivative")
    func reproducesPolynomials() throws {
        let dt = 0.01
        let x = (0..<200).map { i -> Double in let t = Double(i) * dt; return 1 + 2 * t - 3 * t * t + 0.5 * t * t * t }
        let dx = (0..<200).map { i -> Double in let t = Double(i) * dt; return 2 - 6 * t + 1.5 * t * t }
        let smooth = try SavitzkyGolayFilter(windowLength: 21, polyOrder: 3).apply(x)
        let slope = try SavitzkyGolayFilter(windowLength: 21, polyOrder: 3, derivative: 1, delta: dt).apply(x)
        #expect(relativeError(smooth, x) < 1e-12)
        #expect(relativeError(slope, dx) < 1e-9)
    }

    @Test("rejects bad designs with a typed error naming the argument")
    func rejectsBadDesigns() {
        #expect(invalidArgumentName { _ = try SavitzkyGolayFilter(windowLength: 4, polyOrder: 2) } == "windowLength")
        #expect(invalidArgumentName { _ = try SavitzkyGolayFilter(windowLength: 0, polyOrder: 0) } == "windowLength")
        #expect(invalidArgumentName { _ = try SavitzkyGolayFilter(windowLength: 5, polyOrder: 5) } == "polyOrder")
        #expect(invalidArgumentName { _ = try SavitzkyGolayFilter(windowLength: 5, polyOrder: -1) } == "polyOrder")
        #expect(invalidArgumentName { _ = try SavitzkyGolayFilter(windowLength: 5, polyOrder: 2, derivative: 4) } == "derivative")
        #expect(invalidArgumentName { _ = try SavitzkyGolayFilter(windowLength: 5, polyOrder: 2, delta: 0) } == "delta")
        #expect(invalidArgumentName { _ = try SavitzkyGolayFilter.coefficients(windowLength: 5, polyOrder: 2, position: 5) } == "position")
    }

    @Test("rejects empty, too short (interp) and non-finite input")
    func rejectsBadInput() throws {
        let f = try SavitzkyGolayFilter(windowLength: 11, polyOrder: 3)
        #expect(throws: DSPError.emptyInput) { try f.apply([]) }
        #expect(throws: DSPError.inputTooShort(required: 11, actual: 10)) {
            try f.apply([Double](repeating: 0, count: 10))
        }
        // Other modes extend the signal and accept it.
        #expect(try f.apply([Double](repeating: 2, count: 10), mode: .nearest).allSatisfy { abs($0 - 2) < 1e-12 })
        var x = [Double](repeating: 0, count: 50)
        x[7] = .nan
        #expect(throws: DSPError.nonFiniteSample(index: 7)) { try f.apply(x) }
    }
}

@Suite("Savitzky-Golay on a stream")
struct SavitzkyGolayStreamTests {
    @Test("streaming in random chunks equals the batch filter bit for bit, in every streamable mode")
    func streamEqualsBatch() throws {
        var rng = SeededGenerator(seed: 31)
        let modes: [SavitzkyGolayFilter.EdgeMode] = [.interp, .mirror, .nearest, .constant(0.5)]
        for trial in 0..<80 {
            let window = [1, 3, 5, 11, 31, 51][trial % 6]
            let order = min(trial % 5, window - 1)
            let filter = try SavitzkyGolayFilter(windowLength: window, polyOrder: order, derivative: min(trial % 3, order),
                                                 delta: 0.01)
            let mode = modes[trial % modes.count]
            let n = Int.random(in: (mode == .interp ? window : 1)...400, using: &rng)
            let x = (0..<n).map { _ in rng.normal() }
            let expected = try filter.apply(x, mode: mode)
            var stream = SavitzkyGolayStream(filter, mode: mode)
            var output: [Double] = []
            var start = 0
            while start < n {
                let size = min(Int.random(in: 0...60, using: &rng), n - start)
                stream.process(Array(x[start..<(start + size)]), into: &output)
                start += size
                // Latency: everything but the last `latency` samples is out once a window has arrived.
                if start >= window { #expect(output.count == start - stream.latency) } else { #expect(output.isEmpty) }
            }
            try stream.finish(into: &output)
            #expect(output == expected, "trial \(trial): window \(window), n \(n), \(mode)")
        }
    }

    @Test("too short for interp, or empty, is an error as in the batch form; reset starts over")
    func shortAndReset() throws {
        let filter = try SavitzkyGolayFilter(windowLength: 11, polyOrder: 2)
        var stream = SavitzkyGolayStream(filter)
        var out: [Double] = []
        #expect(throws: DSPError.emptyInput) { try stream.finish(into: &out) }
        stream.process([1, 2, 3], into: &out)
        #expect(throws: DSPError.inputTooShort(required: 11, actual: 3)) { try stream.finish(into: &out) }
        stream.reset()
        let x = (0..<30).map { Double($0 * $0) }
        stream.process(x, into: &out)
        try stream.finish(into: &out)
        #expect(out == (try filter.apply(x)))
    }
}
