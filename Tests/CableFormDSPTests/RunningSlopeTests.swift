import CableFormDSP
import Testing

@Suite("RunningSlope")
struct RunningSlopeTests {
    static func signal(_ n: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<n).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(state >> 11) * 0x1p-53 - 0.5
            return 0.3 * _sinApprox(Double(i) * 0.01) + 0.0002 * noise + 0.25
        }
    }

    static func _sinApprox(_ x: Double) -> Double {
        // A smooth test signal without Foundation: a periodic cubic.
        let t = x.truncatingRemainder(dividingBy: 4) - 2
        return t * (4 - t * t) / 3
    }

    @Test("equals the Savitzky-Golay first derivative (order 2, nearest edges), interior and edges",
          arguments: [1, 2, 7, 75])
    func matchesSavitzkyGolay(half: Int) throws {
        let x = Self.signal(5000, seed: UInt64(half))
        let sg = try SavitzkyGolayFilter(windowLength: 2 * half + 1, polyOrder: 2, derivative: 1, delta: 0.001)
        let reference = try sg.apply(x, mode: .nearest)
        var slope = try RunningSlope(halfWidth: half, delta: 0.001)
        var out: [Double] = []
        slope.process(x, into: &out)
        #expect(out.count == x.count - half)
        slope.finish(into: &out)
        #expect(out.count == x.count)
        let scale = reference.map(abs).max()!
        let error = zip(out, reference).map { abs($0 - $1) }.max()!
        // Running sums round differently from a dot product: within 1e-9 of the signal's slope scale.
        #expect(error <= 1e-9 * scale, "max error \(error) vs scale \(scale)")
    }

    @Test("any split of the input gives the same bits")
    func chunking() throws {
        let x = Self.signal(20_000, seed: 9)
        var whole = try RunningSlope(halfWidth: 30, delta: 0.002)
        var a: [Double] = []
        whole.process(x, into: &a)
        whole.finish(into: &a)
        for sizes in [[1], [3, 1000, 7], [4096]] {
            var s = try RunningSlope(halfWidth: 30, delta: 0.002)
            var b: [Double] = []
            var i = 0, k = 0
            while i < x.count {
                let n = min(sizes[k % sizes.count], x.count - i)
                s.process(Array(x[i..<(i + n)]), into: &b)
                i += n
                k += 1
            }
            s.finish(into: &b)
            #expect(a == b)
        }
    }

    @Test("a NaN spoils exactly the outputs whose window holds it, and the sums recover")
    func nan() throws {
        var x = Self.signal(3000, seed: 4)
        x[1000] = .nan
        var s = try RunningSlope(halfWidth: 10, delta: 0.01)
        var out: [Double] = []
        s.process(x, into: &out)
        s.finish(into: &out)
        for k in 0..<out.count {
            #expect(out[k].isNaN == (990...1010).contains(k), "output \(k)")
        }
        var clean = Self.signal(3000, seed: 4)
        clean[1000] = 0
        let reference = try SavitzkyGolayFilter(windowLength: 21, polyOrder: 2, derivative: 1, delta: 0.01)
            .apply(clean, mode: .nearest)
        for k in 1100..<3000 { #expect(abs(out[k] - reference[k]) <= 1e-9) }
    }

    @Test("SlopeSums sliding along a ring gives the bits of one slide per sample: NaNs, re-sums, wraparound",
          arguments: [1, 7, 333, 2000])
    func slideAlongRing(chunk: Int) throws {
        // 10 000 samples through a 2048-slot ring (it wraps several times), with
        // two NaNs and more than two exact re-sums (every 4096 moves).
        let m = 12, width = 2 * m + 1, n = 10_000, mask = 2047
        var x = Self.signal(n, seed: 7)
        x[3000] = .nan
        x[3001] = .nan
        x[8500] = .nan
        // Reference: one slide(old:new:_:) per sample over the plain array.
        var reference = try SlopeSums(halfWidth: m, delta: 0.001)
        var expected = [Double](repeating: 0, count: n)
        expected[m] = reference.recompute { x[$0] }
        for r in width..<n {
            expected[r - m] = reference.slide(old: x[r - width], new: x[r]) { x[r - width + 1 + $0] }
        }
        // The same through the ring, written a chunk at a time just ahead of the slide
        // (a chunk plus the window must fit in the ring: the method's precondition).
        var sums = try SlopeSums(halfWidth: m, delta: 0.001)
        var ring = [Double](repeating: .infinity, count: mask + 1)
        var out = [Double](repeating: .infinity, count: mask + 1)
        var got = [Double](repeating: 0, count: n)
        for r in 0..<width { ring[r & mask] = x[r] }
        got[m] = sums.recompute { ring[$0 & mask] }
        var r = width
        while r < n {
            let end = min(r + chunk, n)
            for q in r..<end { ring[q & mask] = x[q] }
            ring.withUnsafeBufferPointer { ringPointer in
                out.withUnsafeMutableBufferPointer { outPointer in
                    sums.slide(along: ringPointer.baseAddress!, mask: mask, entering: r..<end, into: outPointer.baseAddress!)
                }
            }
            for q in r..<end { got[q - m] = out[(q - m) & mask] }
            r = end
        }
        for k in m...(n - 1 - m) {
            #expect(got[k].bitPattern == expected[k].bitPattern || (got[k].isNaN && expected[k].isNaN), "output \(k)")
        }
        // The NaNs spoil exactly the windows that hold them.
        #expect(got[2990].isNaN && got[3013].isNaN && !got[2987].isNaN && !got[3014].isNaN)
    }

    @Test("two SlopeSums sliding together give the bits of each sliding alone: NaNs in one only, re-sums out of step",
          arguments: [1, 20, 1000])
    func slidePairAlongRings(chunk: Int) throws {
        // Two signals through 2048-slot rings: NaNs in the first at 3000–3001 and
        // 8500, in the second at 5000, so their exact re-sums fall at different
        // moves and the pair must leave its common loop for either one.
        let m = 12, width = 2 * m + 1, n = 12_000, mask = 2047
        var x = Self.signal(n, seed: 11), y = Self.signal(n, seed: 12)
        x[3000] = .nan
        x[3001] = .nan
        x[8500] = .nan
        y[5000] = .nan
        func alone(_ v: [Double]) throws -> [Double] {
            var sums = try SlopeSums(halfWidth: m, delta: 0.001)
            var out = [Double](repeating: 0, count: n)
            out[m] = sums.recompute { v[$0] }
            for r in width..<n { out[r - m] = sums.slide(old: v[r - width], new: v[r]) { v[r - width + 1 + $0] } }
            return out
        }
        let expectedX = try alone(x), expectedY = try alone(y)
        var a = try SlopeSums(halfWidth: m, delta: 0.001), b = a
        var ringX = [Double](repeating: .infinity, count: mask + 1), ringY = ringX
        var outX = [Double](repeating: .infinity, count: mask + 1), outY = outX
        var gotX = [Double](repeating: 0, count: n), gotY = gotX
        for r in 0..<width {
            ringX[r & mask] = x[r]
            ringY[r & mask] = y[r]
        }
        gotX[m] = a.recompute { ringX[$0 & mask] }
        gotY[m] = b.recompute { ringY[$0 & mask] }
        var r = width
        while r < n {
            let end = min(r + chunk, n)
            for q in r..<end {
                ringX[q & mask] = x[q]
                ringY[q & mask] = y[q]
            }
            ringX.withUnsafeBufferPointer { rx in
                ringY.withUnsafeBufferPointer { ry in
                    outX.withUnsafeMutableBufferPointer { ox in
                        outY.withUnsafeMutableBufferPointer { oy in
                            SlopeSums.slide(&a, along: rx.baseAddress!, into: ox.baseAddress!,
                                            &b, along: ry.baseAddress!, into: oy.baseAddress!, mask: mask, entering: r..<end)
                        }
                    }
                }
            }
            for q in r..<end {
                gotX[q - m] = outX[(q - m) & mask]
                gotY[q - m] = outY[(q - m) & mask]
            }
            r = end
        }
        func same(_ p: Double, _ q: Double) -> Bool { p.bitPattern == q.bitPattern || (p.isNaN && q.isNaN) }
        for k in m...(n - 1 - m) {
            #expect(same(gotX[k], expectedX[k]), "first signal, output \(k)")
            #expect(same(gotY[k], expectedY[k]), "second signal, output \(k)")
        }
        // Each signal's NaNs spoil only its own windows.
        #expect(gotX[4990].isNaN == false && gotY[4990].isNaN && gotX[3000].isNaN && !gotY[3000].isNaN)
    }

    @Test("bad arguments are refused by name")
    func arguments() {
        #expect(throws: DSPError.invalidArgument(name: "halfWidth", reason: "must be >= 1, got 0")) {
            try RunningSlope(halfWidth: 0, delta: 1)
        }
        #expect(throws: DSPError.self) { try RunningSlope(halfWidth: 3, delta: 0) }
    }
}
