/// A stretch of time with no input samples, longer than the allowed gap, that
/// ``UniformResampler`` refused to bridge.
public struct SampleGap: Sendable, Hashable {
    /// Index of the last input sample before the gap.
    public var inputIndex: Int
    /// Time (s) of the last input sample before the gap.
    public var start: Double
    /// Time (s) of the first input sample after the gap.
    public var end: Double
    /// Output samples that fall strictly inside the gap; they hold NaN.
    public var outputRange: Range<Int>

    /// The gap's length, `end − start`, in seconds.
    public var duration: Double { end - start }

    /// A gap after input sample `inputIndex` (at `start`, s) until the next
    /// input at `end` (s), whose grid samples `outputRange` hold NaN.
    public init(inputIndex: Int, start: Double, end: Double, outputRange: Range<Int>) {
        self.inputIndex = inputIndex
        self.start = start
        self.end = end
        self.outputRange = outputRange
    }
}

/// A signal on a uniform time grid: sample `k` is at `start + k / sampleRate`.
public struct ResampledSignal: Sendable, Hashable {
    /// Time (s) of sample 0.
    public var start: Double
    /// Samples per second (Hz).
    public var sampleRate: Double
    /// The samples, in the input's units; NaN inside ``gaps``.
    public var values: [Double]
    /// Every gap longer than the limit, in time order.
    public var gaps: [SampleGap]

    /// The time (s) of sample `k`.
    public func time(at k: Int) -> Double { start + Double(k) / sampleRate }
}

/// Puts irregularly timed samples onto a uniform grid.
public enum UniformResampler {
    /// Resamples `(times[i], values[i])` onto the grid `start + k / sampleRate`,
    /// `k = 0, 1, ...` up to the last time stamp, by linear interpolation
    /// between the two neighbouring input samples: `vᵢ + (vᵢ₊₁ − vᵢ)·f` with
    /// `f = (t − tᵢ)/(tᵢ₊₁ − tᵢ)`, the line `numpy.interp` draws (NumPy forms
    /// the slope first, so the two differ in the last bits).
    ///
    /// Between two input samples more than `maxGap` seconds apart nothing is
    /// invented: grid points strictly inside such a gap get NaN and the gap is
    /// reported in ``ResampledSignal/gaps``. Grid points that coincide with an
    /// input time stamp get that sample's value exactly.
    ///
    /// - Parameters:
    ///   - times: time stamps (s), finite and strictly increasing, at least 2.
    ///   - values: one finite value per time stamp.
    ///   - sampleRate: the output rate (Hz), finite and `> 0`.
    ///   - maxGap: the longest interval (s) that may be bridged, `> 0`.
    ///   - start: the first grid time (s); `nil` means `times[0]`. Grid points
    ///     before `times[0]` are not produced: `start` must be `>= times[0]`.
    /// - Throws: ``DSPError/inputTooShort(required:actual:)``,
    ///   ``DSPError/nonFiniteSample(index:)`` (a time stamp or a value),
    ///   ``DSPError/nonIncreasingTime(index:)``, or
    ///   ``DSPError/invalidArgument(name:reason:)``.
    public static func linear(
        times: [Double], values: [Double], sampleRate: Double, maxGap: Double, start: Double? = nil
    ) throws(DSPError) -> ResampledSignal {
        guard times.count == values.count else {
            throw .invalidArgument(
                name: "values", reason: "needs one value per time stamp (\(times.count)), got \(values.count)")
        }
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw .invalidArgument(name: "sampleRate", reason: "must be finite and > 0 Hz, got \(sampleRate)")
        }
        guard maxGap > 0, !maxGap.isNaN else {
            throw .invalidArgument(name: "maxGap", reason: "must be > 0 s, got \(maxGap)")
        }
        let n = times.count
        guard n >= 2 else { throw .inputTooShort(required: 2, actual: n) }
        for i in 0..<n {
            guard times[i].isFinite, values[i].isFinite else { throw .nonFiniteSample(index: i) }
            if i > 0, !(times[i] > times[i - 1]) { throw .nonIncreasingTime(index: i) }
        }
        let t0 = start ?? times[0]
        guard t0.isFinite, t0 >= times[0], t0 <= times[n - 1] else {
            throw .invalidArgument(
                name: "start", reason: "must lie in [\(times[0]), \(times[n - 1])] s, got \(t0)")
        }
        // The same walk as StreamingResampler (one interval at a time, grid
        // points t with a ≤ t < b, the same expressions), written into one
        // preallocated array; a test holds the two to identical output.
        let capacity = Int(((times[n - 1] - t0) * sampleRate).rounded(.down)) + 2
        var gaps: [SampleGap] = []
        var k = 0
        let output = [Double](unsafeUninitializedCapacity: capacity) { out, count in
            for j in 0..<(n - 1) {
                let a = times[j], b = times[j + 1]
                let isGap = b - a > maxGap
                let first = k
                let rise = values[j + 1] - values[j]
                while t0 + Double(k) / sampleRate < b {
                    let t = t0 + Double(k) / sampleRate
                    out.initializeElement(at: k, to: t == a ? values[j] : isGap ? .nan : rise * ((t - a) / (b - a)) + values[j])
                    k += 1
                }
                if isGap, b > t0 {
                    let inside = (first < k && t0 + Double(first) / sampleRate == a) ? first + 1 : first
                    gaps.append(SampleGap(inputIndex: j, start: a, end: b, outputRange: inside..<k))
                }
            }
            // The grid can end exactly on the last time stamp.
            if t0 + Double(k) / sampleRate == times[n - 1] {
                out.initializeElement(at: k, to: values[n - 1])
                k += 1
            }
            count = k
        }
        return ResampledSignal(start: t0, sampleRate: sampleRate, values: output, gaps: gaps)
    }
}
