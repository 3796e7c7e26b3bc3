/// One movement in one direction: the cable going out (concentric, +1) or in
/// (eccentric, −1), from its onset to its end, both refined to sub-sample time.
struct Movement: Sendable, Hashable {
    var direction: Int
    /// Onset and end (s).
    var start: Double
    var end: Double
    /// Mean position at onset and end (m).
    var startPosition: Double
    var endPosition: Double
    /// Peak speed (m/s) and its grid index.
    var peakSpeed: Double
    var peakIndex: Int
}

/// Finds movements in the mean velocity, one grid sample at a time
/// (docs/algorithms.md, section 3).
///
/// A movement starts when the speed reaches ``AnalysisConfiguration/onsetVelocity``
/// and ends when it falls below a tenth of its peak. Each end is then placed by
/// extrapolating that side's speed profile, modelled as `[4τ(1 − τ)]^p`
/// (`p = 2` is minimum jerk, Flash & Hogan 1985), from where it crosses 50%, 25%
/// and 10% of the peak on a velocity smoothed over 8% of the movement; the
/// minimum-jerk form of the rule is `t₁₀ − κ·(t₅₀ − t₁₀)` with
/// `κ = τ₁₀/(τ₅₀ − τ₁₀) ≈ 0.606`. Neither end may cross a reversal (a zero of the
/// velocity into the opposite direction): a bounce puts the boundary there. The
/// end is decided when the predicted end has passed, at a reversal, or when the
/// speed picks up again in the same direction.
struct MovementDetector {
    /// Speed fraction of the tail crossing.
    static let tail = 0.1
    /// Speed fraction of the shoulder crossing.
    static let shoulder = 0.5
    /// `τ₁₀/(τ₅₀ − τ₁₀)` for the minimum-jerk speed `16 τ²(1 − τ)²` (peak 1).
    static let kappa = tau(tail, 2) / (tau(shoulder, 2) - tau(tail, 2))

    let onsetVelocity: Double
    let minimumTravel: Double
    /// The opposite speed that makes a zero of the velocity a reversal (m/s):
    /// a quarter of the onset speed, above the ripple that an encoder's
    /// staircase leaves in the velocity of a slow movement.
    var reversal: Double { 0.25 * onsetVelocity }
    /// Grid interval (s) and the velocity filter's half window (samples).
    let interval: Double
    let shortHalfWindow: Int
    /// The refinement window as a fraction of the movement's duration.
    static let refinementFraction = 0.08

    /// The movement under way: direction (0: none), peak.
    private(set) var direction = 0
    private var peak = 0.0
    private var peakIndex = 0

    /// A movement whose speed has fallen below its tail level, waiting for its end to pass.
    private struct Pending {
        var direction: Int
        var start: Double
        /// The last zero of the velocity before the onset (s): the onset may not precede it.
        var startLimit: Double
        /// Short-window crossing times: rising tail and shoulder, falling shoulder and tail (s).
        var crossings: (Double, Double, Double, Double)
        var predictedEnd: Double
        var peakSpeed: Double
        var peakIndex: Int
        /// The slowest point since the tail crossing (for a same-direction restart).
        var slowest: Double
        var slowestTime: Double
    }
    private var pending: Pending?
    /// The refinement's prefix sums, kept between movements so that a
    /// movement allocates nothing once it has grown to the longest span.
    private var prefixStorage: [Double] = []

    init(onsetVelocity: Double, minimumTravel: Double, sampleRate: Double, halfWindow: Int) {
        self.onsetVelocity = onsetVelocity
        self.minimumTravel = minimumTravel
        self.interval = 1 / sampleRate
        self.shortHalfWindow = halfWindow
    }

    /// Whether a movement is under way or waiting for its end.
    var isIdle: Bool { direction == 0 && pending == nil }

    /// Whether ``step(_:_:started:)`` would do nothing for a sample of mean
    /// velocity `v` (m/s): idle, and `v` below the onset speed (a NaN leaves
    /// an idle detector idle too). The analyzer skips the call then.
    @inline(__always)
    func isQuiet(at v: Double) -> Bool { isIdle && !(abs(v) >= onsetVelocity) }

    /// Processes grid sample `k` (its velocity is in `h`); returns a finished
    /// movement, if this sample finished one. `started` is set to the direction
    /// of a movement that starts at this sample.
    mutating func step(_ k: Int, _ h: SampleHistory, started: inout Int) -> Movement? {
        started = 0
        let v = h.v(k)
        guard v.isFinite else {
            // A gap: nothing is measured across it.
            direction = 0
            pending = nil
            return nil
        }
        var finished: Movement?
        if direction != 0 {
            let s = Double(direction) * v
            if s > peak {
                peak = s
                peakIndex = k
            }
            if s < Self.tail * peak {
                pending = makePending(upTo: k, h)
                direction = 0
            }
        }
        if var p = pending {
            pending = nil
            let s = Double(p.direction) * v
            let t = h.t(k)
            if s <= -reversal {
                // Reversed: the end may not pass the zero crossing into the reversal.
                var j = k
                let d = Double(p.direction)
                while j > p.peakIndex && d * h.v(j - 1) <= 0 { j -= 1 }
                finished = finish(p, end: Self.crossing(j - 1, j, 0, h) { d * h.v($0) }, h)
            } else if t >= p.predictedEnd {
                finished = finish(p, end: .infinity, h)
            } else if s >= onsetVelocity && s > 2 * p.slowest {
                // Speeding up again the same way before the tail ran out: end at the slowest point.
                finished = finish(p, end: p.slowestTime, h)
            } else {
                if s < p.slowest {
                    p.slowest = s
                    p.slowestTime = t
                }
                pending = p
            }
        }
        if direction == 0 && pending == nil && abs(v) >= onsetVelocity {
            direction = v > 0 ? 1 : -1
            peak = abs(v)
            peakIndex = k
            started = direction
        }
        return finished
    }

    /// Ends the signal: a movement waiting for its end ends at the last sample
    /// or its predicted end, whichever is first; one still under way is dropped.
    mutating func finish(at k: Int, _ h: SampleHistory) -> Movement? {
        defer {
            pending = nil
            direction = 0
        }
        guard let p = pending else { return nil }
        return finish(p, end: h.t(k), h)
    }

    private mutating func finish(_ p: Pending, end clamp: Double, _ h: SampleHistory) -> Movement? {
        let (start, end) = refine(p, endLimit: clamp, h)
        return movement(p, start: start, end: end, h)
    }

    private func movement(_ p: Pending, start: Double, end: Double, _ h: SampleHistory) -> Movement? {
        let end = max(end, start)
        var p = p
        p.start = start
        let x0 = h.meanPosition(at: p.start, near: p.peakIndex)
        let x1 = h.meanPosition(at: end, near: p.peakIndex)
        guard abs(x1 - x0) >= minimumTravel, end > p.start else { return nil }
        return Movement(direction: p.direction, start: p.start, end: end, startPosition: x0, endPosition: x1,
                        peakSpeed: p.peakSpeed, peakIndex: p.peakIndex)
    }

    private func makePending(upTo k: Int, _ h: SampleHistory) -> Pending {
        let d = Double(direction)
        let rising = Self.risingCrossings(peakIndex: peakIndex, peak: peak, reversal: reversal, oldest: h.oldest, h) {
            d * h.v($0)
        }
        let start = max(rising.tail - Self.kappa * (rising.shoulder - rising.tail), rising.zero)
        // The falling side, between the peak and now.
        var j = peakIndex
        while j < k && d * h.v(j + 1) >= Self.shoulder * peak { j += 1 }
        let tShoulder = Self.crossing(j, j + 1, Self.shoulder * peak, h) { d * h.v($0) }
        while j < k && d * h.v(j + 1) >= Self.tail * peak { j += 1 }
        let tTail = Self.crossing(j, j + 1, Self.tail * peak, h) { d * h.v($0) }
        let predictedEnd = tTail + Self.kappa * (tTail - tShoulder)
        let s = d * h.v(k)
        return Pending(direction: direction, start: start, startLimit: rising.zero,
                       crossings: (rising.tail, rising.shoulder, tShoulder, tTail),
                       predictedEnd: predictedEnd, peakSpeed: peak,
                       peakIndex: peakIndex, slowest: s, slowestTime: h.t(k))
    }

    /// The onset before `peakIndex` of a speed signal `s` (grid index → m/s):
    /// the tail rule, not before the last zero of `s`.
    static func onset(peakIndex: Int, peak: Double, reversal: Double, oldest: Int, _ h: SampleHistory,
                      _ s: (Int) -> Double) -> Double {
        let c = risingCrossings(peakIndex: peakIndex, peak: peak, reversal: reversal, oldest: oldest, h, s)
        return max(c.tail - kappa * (c.shoulder - c.tail), c.zero)
    }

    /// Where `s` last rose through its shoulder level and its tail level before
    /// `peakIndex`, and where it last came up through zero out of a reversal
    /// (a stretch at or below `−reversal`) (s; −∞ when none is held).
    static func risingCrossings(peakIndex: Int, peak: Double, reversal: Double, oldest: Int, _ h: SampleHistory,
                                _ s: (Int) -> Double) -> (shoulder: Double, tail: Double, zero: Double) {
        var i = peakIndex
        while i > oldest && s(i - 1) >= shoulder * peak { i -= 1 }
        let tShoulder = crossing(i, i - 1, shoulder * peak, h, s)
        while i > oldest && s(i - 1) >= tail * peak { i -= 1 }
        let tTail = crossing(i, i - 1, tail * peak, h, s)
        // Back to the reversal, within twice the tail's reach.
        let reach = max(4 * (peakIndex - i), 8)
        var r = i
        while r > oldest && r > i - reach && s(r) > -reversal { r -= 1 }
        guard s(r) <= -reversal else { return (tShoulder, tTail, -.infinity) }
        var z = r
        while z + 1 < i && s(z + 1) <= 0 { z += 1 }
        return (tShoulder, tTail, crossing(z + 1, z, 0, h, s))
    }

    // MARK: Refinement with a window scaled to the movement

    /// Onset and end re-measured on a velocity smoothed over a window of
    /// ``refinementFraction`` of the movement's duration (at least the filter's):
    /// a slow movement's tails then span enough encoder counts that the
    /// staircase of a quantized position does not bias the tail crossings.
    private mutating func refine(_ p: Pending, endLimit: Double, _ h: SampleHistory) -> (Double, Double) {
        let (a, b, c, e) = p.crossings
        let duration = (e - a) / (1 - 2 * Self.tauTail)
        let half = max(shortHalfWindow, Int((0.5 * Self.refinementFraction * duration / interval).rounded()))
        let d = Double(p.direction)
        func index(_ t: Double) -> Int { h.index(atOrBefore: t, near: p.peakIndex) }
        // The searches below probe windows centred from 4·half before the rising
        // tail crossing to the newest sample: prefix sums of the mean position
        // (relative to its first value there) and of (q − lo)·x over that span
        // give each window's sums in O(1) instead of O(half).
        let lo = max(h.oldest, index(a) - 5 * half - 2), hi = h.visibleCount - 1
        let sums = PrefixSums(h, from: lo, through: hi, reusing: &prefixStorage)
        // d × least-squares slope of the mean position over [j − m, j + m], m ≤ half, within the data:
        // Σ i·x(j + i) over i = −m…m, divided by Σ i² = m(m + 1)(2m + 1)/3 (and the interval).
        func speed(_ j: Int) -> Double {
            let m = min(half, j - h.oldest, h.visibleCount - 1 - j)
            guard m >= 1 else { return 0 }
            var num = sums.weightedSum(centre: j, halfWidth: m)
            if !num.isFinite {
                // A window outside the span, or one with a NaN in the span before it: sum it directly.
                num = 0
                let xc = h.x(j)
                for i in 1...m { num += Double(i) * ((h.x(j + i) - xc) - (h.x(j - i) - xc)) }
            }
            let den = Double(m * (m + 1) * (2 * m + 1)) / 3 * interval
            return d * num / den
        }
        let peak = speed(p.peakIndex)
        guard peak > 0 else { return (p.start, min(p.predictedEnd, endLimit)) }
        // Rising: find j with speed(j) < level <= speed(j + 1), starting near the short-window crossing.
        func rising(_ level: Double, near t: Double) -> Double {
            var j = min(index(t), p.peakIndex - 1)
            var steps = 0
            while j > h.oldest && speed(j) >= level && steps < 4 * half { j -= 1; steps += 1 }
            while j + 1 < p.peakIndex && speed(j + 1) < level && steps < 8 * half { j += 1; steps += 1 }
            let s0 = speed(j), s1 = speed(j + 1)
            guard s1 > s0, s0 <= level, s1 >= level else { return t }
            return h.t(j) + (h.t(j + 1) - h.t(j)) * (level - s0) / (s1 - s0)
        }
        func falling(_ level: Double, near t: Double) -> Double {
            var j = max(index(t), p.peakIndex)
            var steps = 0
            while j > p.peakIndex && speed(j) < level && steps < 4 * half { j -= 1; steps += 1 }
            while j + 1 < h.visibleCount && speed(j + 1) >= level && steps < 8 * half { j += 1; steps += 1 }
            guard j + 1 < h.visibleCount else { return t }
            let s0 = speed(j), s1 = speed(j + 1)
            guard s0 > s1, s0 >= level, s1 <= level else { return t }
            return h.t(j) + (h.t(j + 1) - h.t(j)) * (s0 - level) / (s0 - s1)
        }
        let tail = Self.tail * peak, middle = Self.middle * peak, shoulder = Self.shoulder * peak
        let ra = rising(tail, near: a), rb = rising(shoulder, near: b)
        let rm = rising(middle, near: 0.5 * (ra + rb))
        let fc = falling(shoulder, near: c), fe = falling(tail, near: e)
        let fm = falling(middle, near: 0.5 * (fc + fe))
        let start = max(ra - Self.tailReach(shoulderToMiddle: rb - rm, middleToTail: rm - ra), p.startLimit)
        let end = min(fe + Self.tailReach(shoulderToMiddle: fm - fc, middleToTail: fe - fm), endLimit)
        return (start, end)
    }

    /// Running sums of the mean position over grid samples `lo…hi`, for
    /// O(1) window sums: `s₀(k) = Σ x(q) − x(lo)` and `s₁(k) = Σ (q − lo)·(x(q) − x(lo))`
    /// over `q = lo…k − 1`. A NaN makes every later sum NaN (callers then sum directly).
    private struct PrefixSums {
        let lo: Int
        /// `s₀` and `s₁` interleaved: `hi − lo + 2` pairs, the first `used` values
        /// (the storage may be longer, from an earlier, longer span).
        private let sums: [Double]
        private let used: Int

        /// The sums, written into the front of `storage` (grown when the span
        /// needs more, never shrunk): no allocation once it has grown to the
        /// span. The sums share its buffer until they are dropped.
        init(_ h: SampleHistory, from lo: Int, through hi: Int, reusing storage: inout [Double]) {
            self.lo = lo
            let count = max(hi - lo + 2, 1)
            let origin = lo <= hi ? h.x(lo) : 0
            used = 2 * count
            if storage.count < used { storage.append(contentsOf: repeatElement(0, count: used - storage.count)) }
            // Written through a pointer: an append per value checked the capacity every time.
            storage.withUnsafeMutableBufferPointer { out in
                out[0] = 0
                out[1] = 0
                var a = 0.0, b = 0.0
                for j in 0..<(count - 1) {
                    let x = h.x(lo + j) - origin
                    a += x
                    b += Double(j) * x
                    out[2 * j + 2] = a
                    out[2 * j + 3] = b
                }
            }
            sums = storage
        }

        /// `Σ i·x(j + i)` for `i = −m…m` (the window's first moment about its
        /// centre; the origin cancels), or NaN when the window is not inside the sums.
        func weightedSum(centre j: Int, halfWidth m: Int) -> Double {
            let first = j - m - lo, end = j + m + 1 - lo
            guard first >= 0, 2 * end + 1 < used else { return .nan }
            let s0 = sums[2 * end] - sums[2 * first], s1 = sums[2 * end + 1] - sums[2 * first + 1]
            return s1 - Double(j - lo) * s0
        }
    }

    /// `τ` where the minimum-jerk speed is ``tail`` of its peak.
    static let tauTail = tau(tail, 2)
    /// Speed fraction of the middle crossing, between the shoulder and the tail.
    static let middle = 0.25
    static let snapRange = 1.1...6.0

    /// `τ` where the speed profile `[4τ(1 − τ)]^p` (peak 1 at `τ = ½`) is at `level`.
    static func tau(_ level: Double, _ p: Double) -> Double {
        0.5 - 0.5 * (1 - _pow(level, 1 / p)).squareRoot()
    }

    /// How far beyond its tail crossing a movement's speed reaches zero (s),
    /// from the spacing of its shoulder (50%), middle (25%) and tail (10%)
    /// crossings on that side.
    ///
    /// The side is modelled as `[4τ(1 − τ)]^p` over a duration `T`: `p = 2`
    /// is minimum jerk; `p = 1` the linear tail of a phase that ends
    /// braking hard; large `p` the long creep of a thrown pull. The ratio of the
    /// two spacings fixes `p` (it falls monotonically with `p`), then `T`, then
    /// the reach `T·τ₁₀(p)`. Spacings that do not fit fall back to `p = 2`.
    ///
    /// Most movements are near minimum jerk: a ratio whose `p` lies well inside
    /// ``snapRange`` keeps `p = 2` without the bisection (the constants below
    /// are computed once), so the common case calls no `pow`.
    static func tailReach(shoulderToMiddle a: Double, middleToTail b: Double) -> Double {
        var p = 2.0
        if a > 0 && b > 0 {
            let r = a / b
            var lo = Self.fitRange.lowerBound, hi = Self.fitRange.upperBound  // spacingRatio(lo) > spacingRatio(hi)
            if r >= Self.fitRatios.lowest {
                p = lo
            } else if r <= Self.fitRatios.highest {
                p = hi
            } else if r < Self.snapRatios.inner && r > Self.snapRatios.outer {
                // The bisection would end inside the snap range (`spacingRatio` falls
                // monotonically, and its root lies 10⁻⁶ inside the range's ends at
                // least, ~10⁵ times the bisection's last step): it keeps p = 2.
                p = 2
            } else {
                for _ in 0..<40 {
                    let mid = 0.5 * (lo + hi)
                    if spacingRatio(mid) > r { lo = mid } else { hi = mid }
                }
                p = 0.5 * (lo + hi)
            }
            // Near minimum jerk, the spacings mostly measure the filter and the encoder: keep p = 2.
            if p >= snapRange.lowerBound && p <= snapRange.upperBound { p = 2 }
        }
        let spacing = max(b, 0)
        let (span, reach) = p == 2 ? Self.minimumJerkTail : (tau(middle, p) - tau(tail, p), tau(tail, p))
        let duration = spacing / span
        return duration * reach
    }

    /// The ratio of a `[4τ(1 − τ)]^p` side's shoulder-to-middle spacing to
    /// its middle-to-tail spacing; it falls monotonically as `p` grows.
    static func spacingRatio(_ p: Double) -> Double {
        (tau(shoulder, p) - tau(middle, p)) / (tau(middle, p) - tau(tail, p))
    }

    /// The exponents ``tailReach(shoulderToMiddle:middleToTail:)`` fits, and the spacing ratios at their ends.
    static let fitRange = 0.6...8.0
    static let fitRatios = (lowest: spacingRatio(fitRange.lowerBound), highest: spacingRatio(fitRange.upperBound))
    /// The spacing ratios 10⁻⁶ inside ``snapRange``'s ends (`inner` at its lower end, the larger ratio).
    static let snapRatios = (inner: spacingRatio(snapRange.lowerBound + 1e-6),
                             outer: spacingRatio(snapRange.upperBound - 1e-6))
    /// At `p = 2`, the middle-to-tail spacing `τ₂₅ − τ₁₀` and the reach `τ₁₀` (fractions of the
    /// duration), computed once by the general case's expressions.
    static let minimumJerkTail = (span: tau(middle, 2) - tau(tail, 2), reach: tau(tail, 2))

    /// The time where `s` crosses `level` between grid samples `a` (at or
    /// above it) and `b` (below it), linearly interpolated; `t(a)` when `b` is
    /// not held or the values do not bracket the level.
    static func crossing(_ a: Int, _ b: Int, _ level: Double, _ h: SampleHistory, _ s: (Int) -> Double) -> Double {
        guard b >= h.oldest, b < h.count else { return h.t(a) }
        let sa = s(a), sb = s(b)
        guard sa > sb, sa >= level, sb <= level else { return h.t(a) }
        return h.t(a) + (h.t(b) - h.t(a)) * (sa - level) / (sa - sb)
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) private func _pow(_ x: Double, _ y: Double) -> Double { Darwin.pow(x, y) }
#endif
