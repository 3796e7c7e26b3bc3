/// How evenly the two cables of a rep carried the load: bilateral asymmetry
/// indices and the lag between the sides.
///
/// Each index is `100 · (L − R) / (L + R)` (Bishop et al. 2018), signed:
/// positive when the left cable — the session's first cable — had more. Many
/// machines hold both cables at the same commanded tension, so a weaker side
/// shows in range and work rather than in force: all three are reported.
/// When only one cable moved, ``singleCable`` names it and the indices are nil
/// — a one-sided rep is never "balanced".
///
/// Bishop C, Turner A, Read P (2018), "Effects of inter-limb asymmetries on
/// physical and sports performance: a systematic review", J Sports Sci
/// 36(10):1135–1144.
public struct RepAsymmetry: Sendable, Hashable {
    /// Index of the mean cable force over the movement phases (%).
    public var forcePercent: Double?
    /// Index of the ranges of motion (%).
    public var rangePercent: Double?
    /// Index of the concentric work, ∫ force × velocity dt per cable (%).
    public var workPercent: Double?
    /// How late the right (second) cable moves behind the left (s): the peak of
    /// the cross-correlation of the two positions over the rep, interpolated
    /// between samples; positive when the right cable trails.
    public var lag: Double?
    /// The cable that worked alone, when the other did not move.
    public var singleCable: CableName?

    /// Creates an asymmetry record.
    public init(forcePercent: Double?, rangePercent: Double?, workPercent: Double?, lag: Double?,
                singleCable: CableName?) {
        self.forcePercent = forcePercent
        self.rangePercent = rangePercent
        self.workPercent = workPercent
        self.lag = lag
        self.singleCable = singleCable
    }

    /// The bilateral asymmetry index `100 · (a − b) / (a + b)`; nil when `a + b` is 0.
    public static func index(_ a: Double, _ b: Double) -> Double? {
        let sum = a + b
        return sum == 0 || !sum.isFinite ? nil : 100 * (a - b) / sum
    }
}

extension RepAsymmetry {
    /// The force index over any labelled span of a session: `100 · (ΣL − ΣR)
    /// / (ΣL + ΣR)` over samples `samples` (indices, both ends included) where
    /// both sides' forces are finite — the index of the sides' mean forces,
    /// computed exactly as the analyzer's ``forcePercent`` is over a rep's
    /// movement phases. Positive when `left` carried more.
    ///
    /// Nil when a side is missing, the span is outside the session, no sample
    /// has both forces, or the forces sum to zero.
    public static func forceIndex(_ session: Session, samples: ClosedRange<Int>, left: CableName = .left,
                                  right: CableName = .right) -> Double? {
        guard let l = session.cable(left)?.force, let r = session.cable(right)?.force,
              samples.lowerBound >= 0, samples.upperBound < session.sampleCount
        else { return nil }
        return meanForceIndex(samples, left: { l[$0] }, right: { r[$0] })
    }

    /// `index(ΣL, ΣR)` over the indices where both forces are finite; nil when none is.
    static func meanForceIndex(_ indices: some Sequence<Int>, left: (Int) -> Double,
                               right: (Int) -> Double) -> Double? {
        var l = 0.0, r = 0.0, counted = 0
        for k in indices {
            let a = left(k), b = right(k)
            if a.isFinite && b.isFinite {
                l += a
                r += b
                counted += 1
            }
        }
        return counted > 0 ? index(l, r) : nil
    }
}

extension RepAsymmetry {
    /// The three indices.
    public enum Measure: String, Sendable, Hashable, Codable, CaseIterable {
        /// Mean cable force over the movement phases.
        case force
        /// Range of motion.
        case range = "rom"
        /// Concentric work.
        case work
    }

    /// The index of `measure` (%), nil when not measured.
    public subscript(measure: Measure) -> Double? {
        switch measure {
        case .force: forcePercent
        case .range: rangePercent
        case .work: workPercent
        }
    }

    /// The index of largest magnitude, signed (%), and which it is; nil when
    /// none was measured (a single-cable rep).
    public var largestIndex: (measure: Measure, value: Double)? {
        var best: (measure: Measure, value: Double)?
        for m in Measure.allCases {
            if let v = self[m], best.map({ abs(v) > abs($0.value) }) ?? true { best = (m, v) }
        }
        return best
    }
}

extension RepAsymmetry {
    /// The highest rate (Hz) at which the analyzer cross-correlates the two
    /// cables' positions for the lag: a 1 kHz rep is taken every fifth sample,
    /// an eighth of the transform, with the parabola through the peak refining
    /// it between samples (lag within 10 ms for 97% of reps at 100 Hz already).
    public static let lagRate = 200.0

    /// The lag (s) of the `right` cable's positions (m) behind the `left`'s, both sampled every `interval` s
    /// over a window that starts and ends at rest: the argmax of their
    /// cross-correlation within ±`maximumLag`, computed through the FFT,
    /// refined by a parabola through the peak and its neighbours. Each signal
    /// is taken relative to its resting level (the mean of its first and last
    /// sample), not its mean: subtracting the mean would leave a constant
    /// outside the movement whose overlap shrinks with the shift and pulls the
    /// peak toward zero lag. Nil when either signal is flat, they differ in
    /// length, or have fewer than 3 samples.
    public static func lag(left: [Double], right: [Double], interval: Double, maximumLag: Double) -> Double? {
        let n = left.count
        guard n >= 3, right.count == n else { return nil }
        let ml = 0.5 * (left[0] + left[n - 1]), mr = 0.5 * (right[0] + right[n - 1])
        var size = 1
        while size < 2 * n { size <<= 1 }
        // The transform zero-pads the n centred samples to `size` itself; the
        // spectra and the correlation go to uninitialised storage, written whole.
        var a = [Double](repeating: 0, count: n), b = a
        var ea = 0.0, eb = 0.0
        for i in 0..<n {
            a[i] = left[i] - ml
            b[i] = right[i] - mr
            ea += a[i] * a[i]
            eb += b[i] * b[i]
        }
        guard ea > 0, eb > 0 else { return nil }
        // A borrowed transform (RealFFTPool): no buffers allocated per rep.
        let c = RealFFTPool.withTransform(count: size) { fft -> [Double] in
            func spectrum(_ x: [Double]) -> [Complex<Double>] {
                [Complex<Double>](unsafeUninitializedCapacity: fft.binCount) { out, count in
                    x.withUnsafeBufferPointer { fft.forward($0, into: out) }
                    count = fft.binCount
                }
            }
            var product = spectrum(a)
            let fb = spectrum(b)
            // c[k] = Σ a[i]·b[i + k]: the spectrum conj(A)·B.
            for k in product.indices { product[k] = product[k].conjugate * fb[k] }
            return [Double](unsafeUninitializedCapacity: size) { out, count in
                product.withUnsafeBufferPointer { fft.inverse($0, into: out) }
                count = size
            }
        }
        let reach = min(Int((maximumLag / interval).rounded(.down)), n - 2)
        func at(_ k: Int) -> Double { c[(k + size) % size] }
        var best = 0
        for k in -reach...reach where at(k) > at(best) { best = k }
        var shift = Double(best)
        if best > -reach && best < reach {
            let y0 = at(best - 1), y1 = at(best), y2 = at(best + 1)
            let curvature = y0 - 2 * y1 + y2
            if curvature < 0 { shift += 0.5 * (y0 - y2) / curvature }
        }
        return shift * interval
    }
}
