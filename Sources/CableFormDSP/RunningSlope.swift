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
    public var halfWidth: Int { sums.halfWidth }
    /// The sampling interval (s, or the unit of the abscissa).
    public let delta: Double
    /// Samples pushed so far.
    public private(set) var count = 0

    private var sums: SlopeSums
    /// The last `width` samples of the padded signal; `slot` is where the next goes
    /// (and where the oldest is).
    private var ring: CopyOnWriteBuffer<Double>
    private var slot = 0
    /// Samples of the padded signal (the leading copies included) fed so far.
    private var fed = 0
    private var lastValue = 0.0

    /// Creates a slope over `2·halfWidth + 1` samples spaced `delta` apart.
    ///
    /// - Throws: ``DSPError/invalidArgument(name:reason:)`` for `halfWidth < 1`
    ///   or a `delta` that is not finite and positive.
    public init(halfWidth: Int, delta: Double) throws(DSPError) {
        sums = try SlopeSums(halfWidth: halfWidth, delta: delta)
        self.delta = delta
        ring = CopyOnWriteBuffer<Double>(count: sums.width, repeating: 0)
    }

    /// How many samples an output lags its input.
    public var latency: Int { halfWidth }

    /// Starts over, as if nothing had been pushed.
    public mutating func reset() {
        count = 0
        slot = 0
        fed = 0
        sums.reset()
    }

    /// Pushes samples and appends every output they complete to `output`.
    public mutating func process(_ input: UnsafeBufferPointer<Double>, into output: inout [Double]) {
        ring.makeUnique()
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
        ring.makeUnique()
        for _ in 0..<halfWidth { feed(lastValue, into: &output) }
    }

    @inline(__always)
    private mutating func feed(_ x: Double, into output: inout [Double]) {
        let width = sums.width
        let r = ring.pointer
        let old = r[slot]
        r[slot] = x
        slot += 1
        if slot == width { slot = 0 }
        fed += 1
        if fed < width { return }
        let oldest = slot
        let window = { (i: Int) -> Double in r[(oldest + i) % width] }
        output.append(fed == width ? sums.recompute(window) : sums.slide(old: old, new: x, window))
    }
}

/// The two running sums behind ``RunningSlope``, for a caller that keeps the
/// window's samples itself (a ring buffer it already has): the window moves
/// with ``slide(old:new:_:)`` in O(1) and is re-summed exactly with
/// ``recompute(_:)`` every 4096 moves and when a NaN has left it.
///
/// For offsets `i = −m…m` over the window, `S₀ = Σ x` and `S₁ = Σ i·x`; the
/// slope at the centre is `S₁ / (Δt · m(m + 1)(2m + 1)/3)`, NaN while a NaN is
/// inside.
public struct SlopeSums: Sendable, BitwiseCopyable {
    /// Samples on each side of the centre, `m ≥ 1`.
    public let halfWidth: Int
    /// The window's length, `2m + 1`.
    public let width: Int
    /// `Δt · m(m + 1)(2m + 1)/3` (s, or the abscissa's unit).
    public let denominator: Double
    @usableFromInline var s0 = 0.0
    @usableFromInline var s1 = 0.0
    @usableFromInline var nans = 0
    @usableFromInline var sinceExact = 0

    /// Sums for a window of `2·halfWidth + 1` samples spaced `delta` apart.
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
        width = 2 * halfWidth + 1
        let m = Double(halfWidth)
        denominator = delta * m * (m + 1) * (2 * m + 1) / 3
    }

    /// Forgets the sums.
    public mutating func reset() {
        s0 = 0
        s1 = 0
        nans = 0
        sinceExact = 0
    }

    /// Sums the whole window afresh — `window(i)` is its sample `i`, oldest
    /// first, `i` in `0..<width` — and returns the slope at its centre.
    @inlinable
    public mutating func recompute(_ window: (Int) -> Double) -> Double {
        var a = 0.0, b = 0.0, n = 0
        for k in 0..<width {
            let x = window(k)
            if x.isNaN { n += 1 }
            a += x
            b += Double(k - halfWidth) * x
        }
        nans = n
        s0 = a
        s1 = b
        sinceExact = 0
        return n > 0 ? .nan : b / denominator
    }

    /// Moves the window along a signal held in a ring buffer of power-of-two
    /// size (`ring[i & mask]` is sample `i`), once for each sample index `r`
    /// in `entering`: sample `r` enters, sample `r − width` leaves, and the
    /// slope at the new centre `r − halfWidth` goes to
    /// `output[(r − halfWidth) & mask]`. The same bits as one
    /// ``slide(old:new:_:)`` per sample, without a closure per sample on the
    /// common path (no NaN, no exact re-sum due).
    ///
    /// - Precondition: samples `entering.lowerBound − width` through
    ///   `entering.upperBound − 1` are held in the ring.
    @inlinable
    public mutating func slide(along ring: UnsafePointer<Double>, mask: Int, entering: Range<Int>,
                               into output: UnsafeMutablePointer<Double>) {
        let m = Double(halfWidth), w = width, h = halfWidth, d = denominator
        var r = entering.lowerBound
        while r < entering.upperBound {
            // The common step, with the sums in registers: slide(old:new:_:)'s arithmetic in the same order.
            var a = s0, b = s1, moves = sinceExact
            if nans == 0 {
                while r < entering.upperBound && moves < 4095 {
                    let old = ring[(r - w) & mask], x = ring[r & mask]
                    if old.isNaN || x.isNaN { break }
                    moves += 1
                    b = b - a + (m + 1) * old + m * x
                    a = a - old + x
                    output[(r - h) & mask] = b / d
                    r += 1
                }
            }
            s0 = a
            s1 = b
            sinceExact = moves
            guard r < entering.upperBound else { return }
            // The general step: a NaN enters or leaves, or an exact re-sum is due.
            let old = ring[(r - w) & mask], x = ring[r & mask], at = r
            output[(r - h) & mask] = slide(old: old, new: x) { ring[(at - w + 1 + $0) & mask] }
            r += 1
        }
    }

    /// ``slide(along:mask:entering:into:)`` for two signals at once — `first`
    /// along `firstRing` into `firstOutput`, `second` along `secondRing` into
    /// `secondOutput`, both rings indexed with `mask` — with the same bits as
    /// sliding each alone. Each signal's update is a chain of dependent
    /// additions, so one signal alone waits on that latency every sample;
    /// interleaving two independent chains hides half of it (the two cables of
    /// a machine).
    ///
    /// - Precondition: both sums have the same ``halfWidth``; samples
    ///   `entering.lowerBound − width` through `entering.upperBound − 1` are
    ///   held in both rings.
    @inlinable
    public static func slide(
        _ first: inout SlopeSums, along firstRing: UnsafePointer<Double>, into firstOutput: UnsafeMutablePointer<Double>,
        _ second: inout SlopeSums, along secondRing: UnsafePointer<Double>,
        into secondOutput: UnsafeMutablePointer<Double>, mask: Int, entering: Range<Int>
    ) {
        precondition(first.halfWidth == second.halfWidth, "SlopeSums.slide: both sums need the same halfWidth")
        let m = Double(first.halfWidth), w = first.width, h = first.halfWidth, d = first.denominator
        var r = entering.lowerBound
        while r < entering.upperBound {
            // The common step for both, sums in registers, until either needs the
            // general step (a NaN, or an exact re-sum due: at most 4095 moves since the last).
            let budget = 4095 - max(first.sinceExact, second.sinceExact)
            if first.nans == 0 && second.nans == 0 && budget > 0 {
                var a0 = first.s0, a1 = first.s1, b0 = second.s0, b1 = second.s1
                let start = r, stop = min(entering.upperBound, r + budget)
                while r < stop {
                    let oa = firstRing[(r - w) & mask], xa = firstRing[r & mask]
                    let ob = secondRing[(r - w) & mask], xb = secondRing[r & mask]
                    if oa.isNaN || xa.isNaN || ob.isNaN || xb.isNaN { break }
                    a1 = a1 - a0 + (m + 1) * oa + m * xa
                    a0 = a0 - oa + xa
                    b1 = b1 - b0 + (m + 1) * ob + m * xb
                    b0 = b0 - ob + xb
                    firstOutput[(r - h) & mask] = a1 / d
                    secondOutput[(r - h) & mask] = b1 / d
                    r += 1
                }
                first.s0 = a0
                first.s1 = a1
                second.s0 = b0
                second.s1 = b1
                first.sinceExact += r - start
                second.sinceExact += r - start
            }
            guard r < entering.upperBound else { return }
            // The general step for both (the same arithmetic as the common one where that applies).
            let at = r
            firstOutput[(r - h) & mask] = first.slide(old: firstRing[(r - w) & mask], new: firstRing[r & mask]) {
                firstRing[(at - w + 1 + $0) & mask]
            }
            secondOutput[(r - h) & mask] = second.slide(old: secondRing[(r - w) & mask], new: secondRing[r & mask]) {
                secondRing[(at - w + 1 + $0) & mask]
            }
            r += 1
        }
    }

    /// Moves the window one sample on — `old` left it, `new` entered it, and
    /// `window` reads the window as it is now — and returns the slope at its
    /// new centre.
    @inlinable
    public mutating func slide(old: Double, new x: Double, _ window: (Int) -> Double) -> Double {
        if old.isNaN { nans -= 1 }
        if x.isNaN { nans += 1 }
        sinceExact += 1
        guard nans == 0 else { return .nan }
        if old.isNaN || sinceExact >= 4096 { return recompute(window) }
        let m = Double(halfWidth)
        s1 = s1 - s0 + (m + 1) * old + m * x
        s0 = s0 - old + x
        return s1 / denominator
    }
}
