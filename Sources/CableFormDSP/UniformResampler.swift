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
    /// between the two neighbouring input samples (`numpy.interp`).
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
        // The batch form is the streaming form run over everything, so the two
        // agree exactly.
        var stream = try StreamingResampler(channelCount: 1, sampleRate: sampleRate, maxGap: maxGap, start: t0)
        var output = UniformSamples(channelCount: 1, recordsTimes: false)
        output.reserveCapacity(Int(((times[n - 1] - t0) * sampleRate).rounded(.down)) + 2)
        for i in 0..<n {
            var v = values[i]
            try withUnsafePointer(to: &v) { (p) throws(DSPError) in
                try stream.push(time: times[i], values: UnsafeBufferPointer(start: p, count: 1), into: &output)
            }
        }
        stream.finish(into: &output)
        return ResampledSignal(start: t0, sampleRate: sampleRate, values: output.channels[0], gaps: output.gaps)
    }
}
