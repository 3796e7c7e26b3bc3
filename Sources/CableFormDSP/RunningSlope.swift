/// The least-squares slope of a uniformly sampled signal over a centred
/// window of `2·halfWidth + 1` samples, run on a stream in O(1) per sample.
///
/// This is the Savitzky-Golay first derivative of polynomial order 1 or 2
/// (both give the same weights, `i / Σ i²`), with `nearest` edges —
/// `scipy.signal.savgol_filter(x, 2m + 1, 2, deriv=1, delta=Δt, mode="nearest")`
/// — computed from two running sums instead of a `2m + 1`-tap dot product:
/// with `S₀ = Σ x` and `S₁ = Σ i·x` over the window (offsets `i = −m…m`),
/// moving the window one sample on is
///
///     S₁ ← S₁ − S₀ + (m + 1)·x_old + m·x_new,   S₀ ← S₀ − x_old + x_new,
///
/// and the slope is `S₁ / (Δt · m(m + 1)(2m + 1)/3)`. Rounding in the running
/// sums is bounded by recomputing them exactly every 4096 samples, and after a
/// NaN has left the window (while one is inside, the output is NaN).
///
/// Output sample `k` comes out when input `k + halfWidth` arrives (the latency
/// is `halfWidth` samples), the first `halfWidth` outputs as if the first
/// sample had been there before the signal began, and the last `halfWidth` at
/// ``finish(into:)`` as if the last sample went on. Any split of the input
/// gives the same output bits.
public struct RunningSlope: Sendable {
    /// Samples on each side of the centre, `m ≥ 1`.
    public let halfWidth: Int
    /// The sampling interval (s, or the unit of the abscissa).
    public let delta: Double
    /// Samples pushed so far.
    public private(set) var count = 0

    private let width: Int
    private let denominator: Double
    /// The last `width` samples of the padded signal; `slot` is where the next goes
    /// (and where the oldest is).
    private var ring: [Double]
    private var slot = 0
    /// Samples of the padded signal (the leading copies included) fed so far.
    private var fed = 0
    private var s0 = 0.0
    private var s1 = 0.0
    private var nans = 0
    private var sinceExact = 0
    private var lastValue = 0.0

    /// Creates a slope over `2·halfWidth + 1` samples spaced `delta` apart.
    ///
    /// - Throws: ``DSPError/invalidArgument(name:reason:)`` for `halfWidth < 1`
    ///   or a `delta` that is not finite and positive.
    public init(halfWidth: Int, delta: Double) throws(DSPError) {
        guard halfWidth >= 1 else {
            throw .invalidArgument(name: "halfWidth", reason: "must be >= 1, got \(halfWidth)")
        }
        guard delta.isFinite, delta > 0 else {
            throw .invalidArgument(name: "delta", reason: "must be finite and > 0, got \(delta)")
        }
        self.halfWidth = halfWidth
        self.delta = delta
        width = 2 * halfWidth + 1
        let m = Double(halfWidth)
        denominator = delta * m * (m + 1) * (2 * m + 1) / 3
        ring = Array(repeating: 0, count: width)
    }

    /// How many samples an output lags its input.
    public var latency: Int { halfWidth }

    /// Starts over, as if nothing had been pushed.
    public mutating func reset() {
        count = 0
        slot = 0
        fed = 0
        s0 = 0
        s1 = 0
        nans = 0
        sinceExact = 0
    }

    /// Pushes samples and appends every output they complete to `output`.
    public mutating func process(_ input: UnsafeBufferPointer<Double>, into output: inout [Double]) {
        for x in input {
            if count == 0 {
                for _ in 0..<halfWidth { feed(x, into: &output) }
            }
            count += 1
            lastValue = x
            feed(x, into: &output)
        }
    }

    /// Pushes one array of samples; see ``process(_:into:)``.
    public mutating func process(_ input: [Double], into output: inout [Double]) {
        input.withUnsafeBufferPointer { process($0, into: &output) }
    }

    /// Ends the signal: appends the last `halfWidth` outputs, as if the last
    /// sample went on. Pushing afterwards continues from that padded signal.
    public mutating func finish(into output: inout [Double]) {
        guard count > 0 else { return }
        for _ in 0..<halfWidth { feed(lastValue, into: &output) }
    }

    @inline(__always)
    private mutating func feed(_ x: Double, into output: inout [Double]) {
        let old = ring[slot]
        ring[slot] = x
        slot += 1
        if slot == width { slot = 0 }
        fed += 1
        if fed < width { return }
        if fed == width {
            recompute()
        } else {
            if old.isNaN { nans -= 1 }
            if x.isNaN { nans += 1 }
            sinceExact += 1
            if nans == 0 {
                if old.isNaN || sinceExact >= 4096 {
                    recompute()
                } else {
                    let m = Double(halfWidth)
                    s1 = s1 - s0 + (m + 1) * old + m * x
                    s0 = s0 - old + x
                }
            }
        }
        output.append(nans > 0 ? .nan : s1 / denominator)
    }

    /// Recomputes the sums exactly from the ring (oldest at `slot`).
    private mutating func recompute() {
        var a = 0.0, b = 0.0, n = 0
        var k = 0, j = slot
        while k < width {
            let x = ring[j]
            if x.isNaN { n += 1 }
            a += x
            b += Double(k - halfWidth) * x
            k += 1
            j += 1
            if j == width { j = 0 }
        }
        nans = n
        s0 = a
        s1 = b
        sinceExact = 0
    }
}
