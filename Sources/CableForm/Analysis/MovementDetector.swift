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

/// Finds movements in the mean velocity, one grid sample at a time.
///
/// A movement starts when the speed reaches ``AnalysisConfiguration/onsetVelocity``
/// and ends when it falls below a tenth of its peak. Its onset and end are then
/// placed by the minimum-jerk tail rule (`docs/algorithms.md`): from the times
/// `t₁₀` and `t₅₀` where the speed crosses 10% and 50% of its peak, the onset is
/// `t₁₀ − κ·(t₅₀ − t₁₀)` with `κ = τ₁₀/(τ₅₀ − τ₁₀) ≈ 0.596`, the ratio a
/// minimum-jerk profile has (Flash & Hogan 1985); the end likewise on the
/// falling side. Neither may cross a zero of the velocity: a direct reversal
/// (a bounce) puts the boundary at the zero crossing. The end is decided when
/// the predicted end has passed, or earlier at a zero crossing.
struct MovementDetector {
    /// Speed fraction of the tail crossing.
    static let tail = 0.1
    /// Speed fraction of the shoulder crossing.
    static let shoulder = 0.5
    /// `τ₁₀/(τ₅₀ − τ₁₀)` for the minimum-jerk speed `16 τ²(1 − τ)²` (peak 1).
    static let kappa: Double = {
        func tau(_ level: Double) -> Double { 0.5 - 0.5 * (1 - level.squareRoot()).squareRoot() }
        return tau(tail) / (tau(shoulder) - tau(tail))
    }()

    let onsetVelocity: Double
    let minimumTravel: Double

    /// The movement under way: direction (0: none), peak.
    private(set) var direction = 0
    private var peak = 0.0
    private var peakIndex = 0

    /// A movement whose speed has fallen below its tail level, waiting for its end to pass.
    private struct Pending {
        var direction: Int
        var start: Double
        var predictedEnd: Double
        var peakSpeed: Double
        var peakIndex: Int
        /// The slowest point since the tail crossing (for a same-direction restart).
        var slowest: Double
        var slowestTime: Double
    }
    private var pending: Pending?

    init(onsetVelocity: Double, minimumTravel: Double) {
        self.onsetVelocity = onsetVelocity
        self.minimumTravel = minimumTravel
    }

    /// Whether a movement is under way or waiting for its end.
    var isIdle: Bool { direction == 0 && pending == nil }

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
            if s <= 0 {
                let sPrev = Double(p.direction) * h.v(k - 1)
                let tz = sPrev > 0 ? h.t(k - 1) + (t - h.t(k - 1)) * sPrev / (sPrev - s) : t
                finished = finish(p, end: min(p.predictedEnd, tz), h)
            } else if t >= p.predictedEnd {
                finished = finish(p, end: p.predictedEnd, h)
            } else if s >= onsetVelocity && s > 2 * p.slowest {
                // Speeding up again the same way before the tail ran out: end at the slowest point.
                finished = finish(p, end: min(p.predictedEnd, p.slowestTime), h)
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
        return finish(p, end: min(p.predictedEnd, h.t(k)), h)
    }

    private func finish(_ p: Pending, end: Double, _ h: SampleHistory) -> Movement? {
        let end = max(end, p.start)
        let x0 = h.meanPosition(at: p.start, near: p.peakIndex)
        let x1 = h.meanPosition(at: end, near: p.peakIndex)
        guard abs(x1 - x0) >= minimumTravel, end > p.start else { return nil }
        return Movement(direction: p.direction, start: p.start, end: end, startPosition: x0, endPosition: x1,
                        peakSpeed: p.peakSpeed, peakIndex: p.peakIndex)
    }

    private func makePending(upTo k: Int, _ h: SampleHistory) -> Pending {
        let d = Double(direction)
        let start = Self.onset(peakIndex: peakIndex, peak: peak, oldest: h.oldest, h) { d * h.v($0) }
        // The falling side, between the peak and now.
        var j = peakIndex
        while j < k && d * h.v(j + 1) >= Self.shoulder * peak { j += 1 }
        let tShoulder = Self.crossing(j, j + 1, Self.shoulder * peak, h) { d * h.v($0) }
        while j < k && d * h.v(j + 1) >= Self.tail * peak { j += 1 }
        let tTail = Self.crossing(j, j + 1, Self.tail * peak, h) { d * h.v($0) }
        let predictedEnd = tTail + Self.kappa * (tTail - tShoulder)
        let s = d * h.v(k)
        return Pending(direction: direction, start: start, predictedEnd: predictedEnd, peakSpeed: peak,
                       peakIndex: peakIndex, slowest: s, slowestTime: h.t(k))
    }

    /// The onset before `peakIndex` of a speed signal `s` (grid index → m/s):
    /// the tail rule, not before the last zero of `s`.
    static func onset(peakIndex: Int, peak: Double, oldest: Int, _ h: SampleHistory,
                      _ s: (Int) -> Double) -> Double {
        var i = peakIndex
        while i > oldest && s(i - 1) >= shoulder * peak { i -= 1 }
        let tShoulder = crossing(i, i - 1, shoulder * peak, h, s)
        while i > oldest && s(i - 1) >= tail * peak { i -= 1 }
        let tTail = crossing(i, i - 1, tail * peak, h, s)
        while i > oldest && s(i - 1) > 0 { i -= 1 }
        let tZero = crossing(i, i - 1, 0, h, s)
        return max(tTail - kappa * (tShoulder - tTail), tZero)
    }

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
