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

extension UniformSamples {
    /// Appends a grid sample at `time` (s): `values[c]` for each channel.
    mutating func appendGridSample(time: Double, values: UnsafePointer<Double>) {
        times.append(time)
        channels.withUnsafeMutableBufferPointer { out in
            for c in out.indices { out[c].append(values[c]) }
        }
    }
}

/// Linear resampling of irregularly timed, multi-channel samples onto the
/// uniform grid `start + k / sampleRate`, one input sample at a time.
///
/// Each input sample completes the grid points that lie between the previous
/// time stamp and it; they are appended to the caller's ``UniformSamples``
/// block, or — a run of samples at a time — written into the caller's rows by
/// ``resample(times:values:stride:count:outputTimes:output:outputStride:capacity:gaps:)``.
/// Values are `vᵢ + (vᵢ₊₁ − vᵢ)·(t − tᵢ)/(tᵢ₊₁ − tᵢ)` (the line `numpy.interp`
/// draws; it computes the slope first, so the two differ in the last bits),
/// one division per grid point whatever the channel count; a grid point on an
/// input time stamp takes that sample exactly, and between two samples more
/// than `maxGap` apart the grid points get NaN and the gap is reported. Because
/// the arithmetic per grid point is fixed, any split of the input into pushes
/// gives the same output bits, and ``UniformResampler/linear(times:values:sampleRate:maxGap:start:)``
/// is this stream run over a whole signal.
///
/// Latency: a grid point is emitted when the first input sample at or after it
/// arrives. Pushes allocate nothing once the output block has capacity; runs
/// into the caller's rows allocate nothing (gaps aside).
public struct StreamingResampler: Sendable {
    /// The number of channels in every input sample.
    public let channelCount: Int
    /// The output rate (Hz).
    public let sampleRate: Double
    /// The longest interval (s) that is bridged by interpolation.
    public let maxGap: Double
    /// The grid's origin (s): the `start` given, or else the first time stamp.
    public var start: Double? { origin }
    /// The grid index of the next sample to be emitted.
    public var nextIndex: Int { next }
    /// The number of input samples pushed so far.
    public var inputCount: Int { inputs }

    private var origin: Double?
    private var next = 0
    private var inputs = 0

    private var lastTime = -Double.infinity
    /// The last input values and one grid sample's values, `channelCount` each.
    private var state: CopyOnWriteBuffer<Double>
    /// The first grid index of an interval whose grid samples did not all fit.
    private var intervalFirst: Int?

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
        origin = start
        state = CopyOnWriteBuffer<Double>(count: 2 * channelCount, repeating: 0)
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
        if inputCount == 0, let s = start, s < time {
            throw .invalidArgument(name: "start", reason: "must be >= the first time stamp \(time) s, got \(s)")
        }
        state.makeUnique()
        append(time: time, values: values.baseAddress!, stride: 1, into: &output)
    }

    /// One input sample (channel `c` at `values[c * stride]`), state unique.
    @inline(__always)
    private mutating func append(
        time: Double, values: UnsafePointer<Double>, stride: Int, into output: inout UniformSamples
    ) {
        let last = state.pointer
        if inputs == 0 {
            if origin == nil { origin = time }
        } else {
            emitInterval(to: time, values: values, stride: stride, into: &output)
        }
        lastTime = time
        for c in 0..<channelCount { last[c] = values[c * stride] }
        inputs += 1
    }

    /// Emits the grid samples of `[lastTime, b)`.
    private mutating func emitInterval(
        to b: Double, values: UnsafePointer<Double>, stride: Int, into output: inout UniformSamples
    ) {
        let a = lastTime
        let isGap = b - a > maxGap
        let first = next
        let channels = channelCount
        let origin = self.origin!, rate = sampleRate
        let last = state.pointer, point = last + channels
        var k = next
        // The same expression as gridTime(_:), so batch and stream agree.
        var t = origin + Double(k) / rate
        while t < b {
            // Every earlier grid point was emitted by an earlier interval, so t ≥ a.
            if t == a {
                output.appendGridSample(time: t, values: last)
            } else {
                let f = isGap ? .nan : (t - a) / (b - a)
                for c in 0..<channels { point[c] = (values[c * stride] - last[c]) * f + last[c] }
                output.appendGridSample(time: t, values: point)
            }
            k += 1
            t = origin + Double(k) / rate
        }
        next = k
        if isGap, b > origin {
            let inside = (first < k && origin + Double(first) / rate == a) ? first + 1 : first
            output.gaps.append(SampleGap(inputIndex: inputs - 1, start: a, end: b, outputRange: inside..<k))
        }
    }

    /// Resamples a run of input samples that the caller has already checked —
    /// finite, with increasing times after every earlier one, the first not
    /// before `start` — into the caller's rows, in one pass over the times that
    /// writes every channel of each grid sample as it goes (nothing allocated,
    /// no per-sample call).
    ///
    /// Input sample `i` is `times[i]` with channel `c` at
    /// `values[c * stride + i]`; grid sample `j` goes to `outputTimes[j]` and
    /// `output[c * outputStride + j]`. At most `capacity` grid samples are
    /// written: inputs whose grid samples do not all fit are not consumed, and
    /// pushing them again continues exactly where this left off. Gaps are
    /// appended to `gaps`. The values are bit for bit those of
    /// ``push(time:values:into:)``. `outputTimes[written..<capacity]` is
    /// scratch: the grid times the run might reach are written there ahead.
    ///
    /// - Returns: the number of inputs consumed and of grid samples written.
    public mutating func resample(
        times: UnsafePointer<Double>, values: UnsafePointer<Double>, stride: Int, count: Int,
        outputTimes: UnsafeMutablePointer<Double>, output: UnsafeMutablePointer<Double>, outputStride: Int,
        capacity: Int, gaps: inout [SampleGap]
    ) -> (consumed: Int, written: Int) {
        resampleRun(times: times, rows: StridedRows(base: values, stride: stride), count: count,
                    outputTimes: outputTimes, output: output, outputStride: outputStride, capacity: capacity, gaps: &gaps)
    }

    /// ``resample(times:values:stride:count:outputTimes:output:outputStride:capacity:gaps:)``
    /// for input channels held apart: channel `c` of input sample `i` is
    /// `rows[c][i]` (`rows.count == channelCount`) — the arrays of a session's
    /// cables, read in place with no staging copy. The same output, bit for bit.
    ///
    /// - Returns: the number of inputs consumed and of grid samples written.
    public mutating func resample(
        times: UnsafePointer<Double>, rows: UnsafeBufferPointer<UnsafePointer<Double>>, count: Int,
        outputTimes: UnsafeMutablePointer<Double>, output: UnsafeMutablePointer<Double>, outputStride: Int,
        capacity: Int, gaps: inout [SampleGap]
    ) -> (consumed: Int, written: Int) {
        precondition(rows.count == channelCount, "StreamingResampler.resample: one row per channel")
        return resampleRun(times: times, rows: PointerRows(rows: rows), count: count,
                           outputTimes: outputTimes, output: output, outputStride: outputStride, capacity: capacity,
                           gaps: &gaps)
    }

    /// The run resampler behind both forms of `resample`, over either layout of input rows.
    @inline(__always)
    private mutating func resampleRun<Rows: ResamplerRows>(
        times: UnsafePointer<Double>, rows: Rows, count: Int,
        outputTimes: UnsafeMutablePointer<Double>, output: UnsafeMutablePointer<Double>, outputStride: Int,
        capacity: Int, gaps: inout [SampleGap]
    ) -> (consumed: Int, written: Int) {
        precondition(capacity >= 1, "StreamingResampler.resample: capacity must be >= 1")
        state.makeUnique()
        let channels = channelCount, last = state.pointer
        var i = 0
        if inputs == 0 && count > 0 {
            if origin == nil { origin = times[0] }
            lastTime = times[0]
            for c in 0..<channels { last[c] = rows.row(c)[0] }
            inputs = 1
            i = 1
        }
        guard i < count, let origin else { return (i, 0) }
        let rate = sampleRate
        let firstInput = i
        var a = lastTime, k = next, w = 0
        // The grid times this run can reach (those before its last time stamp,
        // and two more), written ahead into outputTimes in one pass the
        // compiler vectorizes (a packed division for several points), so the
        // loop below reads each one instead of dividing. The same expression
        // as gridTime(_:) — Double(k) + Double(j) is Double(k + j) exactly, below
        // 2⁵³ — so batch and stream agree.
        let reach = (times[count - 1] - (origin + Double(k) / rate)) * rate
        let bound = min(capacity, Int(Int32.max))  // the pass counts in Int32, which vectorizes
        let ahead = reach.isFinite ? min(bound, max(0, Int(min(reach, Double(bound)).rounded(.up)) + 2)) : 0
        do {
            let kd = Double(k)
            for j in 0..<Int32(ahead) { outputTimes[Int(j)] = origin + (kd + Double(j)) / rate }
        }
        // The next grid time, carried from interval to interval.
        var t = ahead > 0 ? outputTimes[0] : origin + Double(k) / rate
        // Two cables' four channels (the common case) are written unrolled,
        // through row pointers and output offsets read once per run.
        let unrolled = channels == 4
        let r0 = rows.row(0), r1 = unrolled ? rows.row(1) : r0
        let r2 = unrolled ? rows.row(2) : r0, r3 = unrolled ? rows.row(3) : r0
        let o1 = outputStride, o2 = 2 * outputStride, o3 = 3 * outputStride
        // The grid points of the interval [a, times[i]), channel c running from
        // the last value carried over (`fromState`) or from rows.row(c)[i − 1]
        // to rows.row(c)[i]; false when the output fills up first (input i is
        // then not consumed). `first` is the interval's first grid index, for its gap.
        @inline(__always)
        func interval(fromState: Bool, first: Int) -> Bool {
            let b = times[i]
            let isGap = b - a > maxGap
            while t < b {
                if w == capacity { return false }
                outputTimes[w] = t
                // As emitInterval, branch for branch, so the bits agree: on an input
                // time stamp its sample (even at a gap's edge), else
                // v = (v_b − vₐ)·f + vₐ, with f NaN across a gap.
                let out = output + w
                if t == a {
                    for c in 0..<channels {
                        out[c * outputStride] = fromState ? last[c] : rows.row(c)[i - 1]
                    }
                } else {
                    let f = isGap ? .nan : (t - a) / (b - a)
                    if unrolled {
                        let v0 = fromState ? last[0] : r0[i - 1], v1 = fromState ? last[1] : r1[i - 1]
                        let v2 = fromState ? last[2] : r2[i - 1], v3 = fromState ? last[3] : r3[i - 1]
                        out[0] = (r0[i] - v0) * f + v0
                        out[o1] = (r1[i] - v1) * f + v1
                        out[o2] = (r2[i] - v2) * f + v2
                        out[o3] = (r3[i] - v3) * f + v3
                    } else {
                        for c in 0..<channels {
                            let row = rows.row(c)
                            let va = fromState ? last[c] : row[i - 1]
                            out[c * outputStride] = (row[i] - va) * f + va
                        }
                    }
                }
                w += 1
                k += 1
                t = w < ahead ? outputTimes[w] : origin + Double(k) / rate
            }
            if isGap, b > origin {
                let inside = (first < k && origin + Double(first) / rate == a) ? first + 1 : first
                gaps.append(SampleGap(inputIndex: inputs + (i - firstInput) - 1, start: a, end: b, outputRange: inside..<k))
            }
            a = b
            i += 1
            return true
        }
        // The first interval starts at the previous run's last input (and may
        // continue one whose grid points did not all fit last time).
        let carried = intervalFirst ?? k
        var pendingFirst: Int? = carried
        if interval(fromState: true, first: carried) {
            pendingFirst = nil
            while i < count {
                let first = k
                if !interval(fromState: false, first: first) {
                    pendingFirst = first
                    break
                }
            }
        }
        intervalFirst = pendingFirst
        if i > firstInput {
            lastTime = times[i - 1]
            for c in 0..<channels { last[c] = rows.row(c)[i - 1] }
        }
        inputs += i - firstInput
        next = k
        return (i, w)
    }

    /// Ends the stream: emits the last grid sample if it falls exactly on the
    /// last time stamp. Further pushes continue the grid.
    public mutating func finish(into output: inout UniformSamples) {
        guard inputCount > 0, gridTime(nextIndex) == lastTime else { return }
        output.appendGridSample(time: lastTime, values: state.pointer)
        next += 1
    }

    /// ``finish(into:)`` for the rows of ``resample(times:values:stride:count:outputTimes:output:outputStride:capacity:gaps:)``.
    ///
    /// - Returns: the number of grid samples written, 0 or 1.
    public mutating func finish(outputTimes: UnsafeMutablePointer<Double>, output: UnsafeMutablePointer<Double>,
                                outputStride: Int) -> Int {
        guard inputCount > 0, gridTime(nextIndex) == lastTime else { return 0 }
        outputTimes[0] = lastTime
        for c in 0..<channelCount { output[c * outputStride] = state.pointer[c] }
        next += 1
        return 1
    }
}

/// Where a run's input channels are: ``StreamingResampler``'s two layouts.
protocol ResamplerRows {
    /// Channel `c`'s first input value; its sample `i` is at offset `i`.
    func row(_ c: Int) -> UnsafePointer<Double>
}

/// Rows `stride` apart in one buffer.
struct StridedRows: ResamplerRows {
    let base: UnsafePointer<Double>
    let stride: Int
    @inline(__always) func row(_ c: Int) -> UnsafePointer<Double> { base + c * stride }
}

/// Rows anywhere, one pointer each.
struct PointerRows: ResamplerRows {
    let rows: UnsafeBufferPointer<UnsafePointer<Double>>
    @inline(__always) func row(_ c: Int) -> UnsafePointer<Double> { rows[c] }
}
