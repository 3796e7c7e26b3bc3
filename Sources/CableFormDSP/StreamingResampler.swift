/// Uniform samples produced by ``StreamingResampler``, in blocks: sample `k` of
/// the block is grid sample `firstIndex + k`.
public struct UniformSamples: Sendable, Hashable {
    /// The grid index of the block's first sample.
    public var firstIndex: Int
    /// Grid times (s).
    public var times: [Double]
    /// One array per channel, parallel to ``times``; NaN inside gaps.
    public var channels: [[Double]]
    /// Gaps completed while producing this block (output ranges are grid indices).
    public var gaps: [SampleGap]

    /// An empty block for `channelCount` channels.
    public init(channelCount: Int) {
        precondition(channelCount >= 1, "UniformSamples needs at least one channel")
        firstIndex = 0
        times = []
        channels = Array(repeating: [], count: channelCount)
        gaps = []
    }

    /// The number of samples in the block.
    public var count: Int { channels[0].count }

    /// Reserves room for `n` samples per channel.
    public mutating func reserveCapacity(_ n: Int) {
        times.reserveCapacity(n)
        for k in channels.indices { channels[k].reserveCapacity(n) }
    }

    /// Empties the block, keeping its storage, and moves ``firstIndex`` past
    /// what it held: reusing one block makes the resampler allocation-free.
    public mutating func removeAll() {
        firstIndex += count
        times.removeAll(keepingCapacity: true)
        for k in channels.indices { channels[k].removeAll(keepingCapacity: true) }
        gaps.removeAll(keepingCapacity: true)
    }
}

/// Linear resampling of irregularly timed, multi-channel samples onto the
/// uniform grid `start + k / sampleRate`, one input sample at a time.
///
/// Each input sample completes the grid points that lie between the previous
/// time stamp and it; they are appended to the caller's ``UniformSamples``.
/// Values are `slope·(t − tᵢ) + vᵢ` as in `numpy.interp`, a grid point on an
/// input time stamp takes that sample exactly, and between two samples more
/// than `maxGap` apart the grid points get NaN and the gap is reported. Because
/// the arithmetic per grid point is fixed, any split of the input into pushes
/// gives the same output bits, and ``UniformResampler/linear(times:values:sampleRate:maxGap:start:)``
/// is this stream run over a whole signal.
///
/// Latency: a grid point is emitted when the first input sample at or after it
/// arrives. Steady-state pushes allocate nothing once the output block has
/// capacity.
public struct StreamingResampler: Sendable {
    /// The number of channels in every input sample.
    public let channelCount: Int
    /// The output rate (Hz).
    public let sampleRate: Double
    /// The longest interval (s) that is bridged by interpolation.
    public let maxGap: Double
    /// The grid's origin (s): the `start` given, or else the first time stamp.
    public private(set) var start: Double?
    /// The grid index of the next sample to be emitted.
    public private(set) var nextIndex = 0
    /// The number of input samples pushed so far.
    public private(set) var inputCount = 0

    private var lastTime = -Double.infinity
    private var lastValues: [Double]
    /// Per-channel slope of the current interval (scratch, allocated once).
    private var slopes: [Double]

    /// Creates a resampler.
    ///
    /// - Throws: ``DSPError/invalidArgument(name:reason:)`` for a channel count
    ///   below 1, a rate that is not finite and positive, a non-positive
    ///   `maxGap`, or a non-finite `start`.
    public init(channelCount: Int, sampleRate: Double, maxGap: Double, start: Double? = nil) throws(DSPError) {
        guard channelCount >= 1 else {
            throw .invalidArgument(name: "channelCount", reason: "must be >= 1, got \(channelCount)")
        }
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw .invalidArgument(name: "sampleRate", reason: "must be finite and > 0 Hz, got \(sampleRate)")
        }
        guard maxGap > 0, !maxGap.isNaN else {
            throw .invalidArgument(name: "maxGap", reason: "must be > 0 s, got \(maxGap)")
        }
        if let start, !start.isFinite {
            throw .invalidArgument(name: "start", reason: "must be finite, got \(start)")
        }
        self.channelCount = channelCount
        self.sampleRate = sampleRate
        self.maxGap = maxGap
        self.start = start
        self.lastValues = Array(repeating: 0, count: channelCount)
        self.slopes = Array(repeating: 0, count: channelCount)
    }

    @inline(__always)
    private func gridTime(_ k: Int) -> Double { start! + Double(k) / sampleRate }

    /// Feeds one input sample and appends the grid samples it completes.
    ///
    /// - Precondition: `values.count == channelCount` and `output` has
    ///   `channelCount` channels.
    /// - Throws: ``DSPError/nonFiniteSample(index:)`` or
    ///   ``DSPError/nonIncreasingTime(index:)`` with the input sample's index
    ///   (nothing is emitted then); ``DSPError/invalidArgument(name:reason:)``
    ///   when the first time stamp lies after the given `start`.
    public mutating func push(
        time: Double, values: UnsafeBufferPointer<Double>, into output: inout UniformSamples
    ) throws(DSPError) {
        precondition(values.count == channelCount, "StreamingResampler: expected \(channelCount) values")
        precondition(output.channels.count == channelCount, "StreamingResampler: output has the wrong channel count")
        guard time.isFinite else { throw .nonFiniteSample(index: inputCount) }
        for v in values where !v.isFinite { throw .nonFiniteSample(index: inputCount) }
        guard time > lastTime else { throw .nonIncreasingTime(index: inputCount) }
        if inputCount == 0 {
            if let s = start, s < time {
                throw .invalidArgument(name: "start", reason: "must be >= the first time stamp \(time) s, got \(s)")
            }
            if start == nil { start = time }
        } else {
            emitInterval(to: time, values: values, into: &output)
        }
        lastTime = time
        for c in 0..<channelCount { lastValues[c] = values[c] }
        inputCount += 1
    }

    /// Emits the grid samples of `[lastTime, b)`.
    private mutating func emitInterval(
        to b: Double, values: UnsafeBufferPointer<Double>, into output: inout UniformSamples
    ) {
        let a = lastTime
        let isGap = b - a > maxGap
        let first = nextIndex
        let channels = channelCount
        let origin = start!, rate = sampleRate
        var k = nextIndex
        var times = output.times
        output.times = []  // moved out and back, so appending does not copy
        lastValues.withUnsafeBufferPointer { last in
            slopes.withUnsafeMutableBufferPointer { slope in
                for c in 0..<channels { slope[c] = (values[c] - last[c]) / (b - a) }
                output.channels.withUnsafeMutableBufferPointer { out in
                    // The same expression as gridTime(_:), so batch and stream agree.
                    while origin + Double(k) / rate < b {
                        // Every earlier grid point was emitted by an earlier interval, so t ≥ a.
                        let t = origin + Double(k) / rate
                        times.append(t)
                        for c in 0..<channels {
                            let value: Double
                            if t == a {
                                value = last[c]
                            } else if isGap {
                                value = .nan
                            } else {
                                value = slope[c] * (t - a) + last[c]
                            }
                            out[c].append(value)
                        }
                        k += 1
                    }
                }
            }
        }
        output.times = times
        nextIndex = k
        if isGap, b > start! {
            let inside = (first < nextIndex && gridTime(first) == a) ? first + 1 : first
            output.gaps.append(SampleGap(inputIndex: inputCount - 1, start: a, end: b, outputRange: inside..<nextIndex))
        }
    }

    /// Ends the stream: emits the last grid sample if it falls exactly on the
    /// last time stamp. Further pushes continue the grid.
    public mutating func finish(into output: inout UniformSamples) {
        guard inputCount > 0, gridTime(nextIndex) == lastTime else { return }
        output.times.append(lastTime)
        for c in 0..<channelCount { output.channels[c].append(lastValues[c]) }
        nextIndex += 1
    }
}
