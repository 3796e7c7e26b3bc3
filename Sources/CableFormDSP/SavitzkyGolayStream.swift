/// A ``SavitzkyGolayFilter`` run on a stream: samples go in in blocks of any
/// size, and the filtered samples come out `windowLength / 2` samples later —
/// bit for bit the output of ``SavitzkyGolayFilter/apply(_:mode:)`` on the
/// whole signal, whatever the split.
///
/// The interior of the signal is a centred FIR filter, so each output needs the
/// `windowLength / 2` samples after it: that is the stream's ``latency``. The
/// first `windowLength / 2` outputs come out together when the first full window
/// has arrived, and the last ones at ``finish(into:)``, by the same edge rules
/// as the batch form. The stream keeps only the first window and the last
/// window of samples, so its memory does not grow with the signal, and it
/// allocates nothing per sample once the output array has capacity.
///
/// `wrap` mode needs the end of the signal to filter its start, so it cannot
/// stream; the other edge modes can.
public struct SavitzkyGolayStream: Sendable {
    /// The filter being run.
    public let filter: SavitzkyGolayFilter
    /// How the edges are treated.
    public let mode: SavitzkyGolayFilter.EdgeMode
    /// Samples pushed so far.
    public private(set) var count = 0

    /// The first `windowLength` samples (for the leading edge, or the whole
    /// signal when it is shorter than a window).
    private var head: [Double] = []
    /// The last `windowLength` samples, each stored twice (at `i` and
    /// `i + windowLength`) so the current window is always contiguous.
    private var ring: [Double]

    /// How many samples an output lags its input: `windowLength / 2`.
    public var latency: Int { filter.windowLength / 2 }

    /// Creates a stream.
    ///
    /// - Precondition: `mode` is not `.wrap`.
    public init(_ filter: SavitzkyGolayFilter, mode: SavitzkyGolayFilter.EdgeMode = .interp) {
        if case .wrap = mode { preconditionFailure("SavitzkyGolayStream cannot stream wrap mode") }
        self.filter = filter
        self.mode = mode
        self.ring = Array(repeating: 0, count: 2 * filter.windowLength)
        head.reserveCapacity(filter.windowLength)
    }

    /// Starts over, as if nothing had been pushed.
    public mutating func reset() {
        count = 0
        head.removeAll(keepingCapacity: true)
    }

    /// Pushes samples and appends every output they complete to `output`.
    ///
    /// Non-finite input is not checked here (as for ``SOSFilter``); the batch
    /// form rejects it.
    public mutating func process(_ input: UnsafeBufferPointer<Double>, into output: inout [Double]) {
        let w = filter.windowLength
        let half = w / 2
        for x in input {
            let slot = count % w
            ring[slot] = x
            ring[slot + w] = x
            if count < w { head.append(x) }
            count += 1
            if count == w {
                // The first full window: the leading edge, then its centre.
                head.withUnsafeBufferPointer { h in
                    for i in 0..<half { output.append(filter.edgeOutput(at: i, of: h, mode: mode)) }
                }
            }
            if count >= w {
                let start = count % w  // the oldest sample of the window
                let y = filter.coefficients.withUnsafeBufferPointer { c in
                    ring.withUnsafeBufferPointer { r in
                        SavitzkyGolayFilter.windowDot(c.baseAddress!, r.baseAddress! + start, w)
                    }
                }
                output.append(y)
            }
        }
    }

    /// Pushes one array of samples; see ``process(_:into:)``.
    public mutating func process(_ input: [Double], into output: inout [Double]) {
        input.withUnsafeBufferPointer { process($0, into: &output) }
    }

    /// Ends the signal: appends the trailing outputs (the last `latency` samples,
    /// or every sample when the signal was shorter than one window).
    ///
    /// - Throws: ``DSPError/emptyInput``, or ``DSPError/inputTooShort(required:actual:)``
    ///   in `interp` mode when fewer than `windowLength` samples were pushed — as
    ///   the batch form does.
    public mutating func finish(into output: inout [Double]) throws(DSPError) {
        let w = filter.windowLength
        let half = w / 2
        guard count > 0 else { throw .emptyInput }
        if count < w {
            if case .interp = mode { throw .inputTooShort(required: w, actual: count) }
            output += try filter.apply(head, mode: mode)
            return
        }
        // The last window in time order, as the batch form sees the signal's end.
        let start = count % w
        ring.withUnsafeBufferPointer { r in
            let last = UnsafeBufferPointer(rebasing: r[start..<(start + w)])
            for k in 0..<half { output.append(filter.edgeOutput(at: w - half + k, of: last, mode: mode)) }
        }
    }
}
