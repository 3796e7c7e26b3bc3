/// One piece of a cable's simulated trajectory: position as a smooth function
/// of time on `[start, end)`, with its first two derivatives.
struct MotionSegment: Sendable {
    enum Shape: Sendable {
        /// Stays at `from`.
        case hold
        /// Minimum jerk from `from` to `to`: `s(τ) = 10τ³ − 15τ⁴ + 6τ⁵`
        /// (Flash & Hogan 1985), zero velocity and acceleration at both ends.
        case minimumJerk
        /// Minimum jerk on warped time `w = 1 − (1 − τ)²`: the same path with
        /// the velocity peak moved early — a thrown, ballistic pull.
        case ballistic
        /// Two overlapping minimum-jerk sub-movements (60% of the distance over
        /// τ ∈ [0, 0.6], the rest over [0.4, 1]): a hitch, with a velocity dip.
        case twoSubmovements
        /// Cubic Hermite with start and end slopes `c0`, `c1` in units of
        /// distance/duration: a phase that begins or ends moving (a bounce).
        case hermite(c0: Double, c1: Double)
        /// Velocity changing linearly from `v0` to `v1` (m/s): a quick reversal.
        case reversal(v0: Double, v1: Double)
    }

    var start: Double
    var end: Double
    var from: Double
    var to: Double
    var shape: Shape

    var duration: Double { end - start }

    /// Position (m), velocity (m/s) and acceleration (m/s²) at time `t`.
    func state(at t: Double) -> (x: Double, v: Double, a: Double) {
        let T = max(duration, 1e-9)
        let tau = min(max((t - start) / T, 0), 1)
        let d = to - from
        switch shape {
        case .hold:
            return (from, 0, 0)
        case .minimumJerk:
            let (s, s1, s2) = Self.minimumJerk(tau)
            return (from + d * s, d * s1 / T, d * s2 / (T * T))
        case .ballistic:
            let w = 1 - (1 - tau) * (1 - tau), w1 = 2 * (1 - tau), w2 = -2.0
            let (s, s1, s2) = Self.minimumJerk(w)
            return (from + d * s, d * s1 * w1 / T, d * (s2 * w1 * w1 + s1 * w2) / (T * T))
        case .twoSubmovements:
            var x = from, v = 0.0, a = 0.0
            for (amount, begin) in [(0.6, 0.0), (0.4, 0.4)] {
                let u = min(max((tau - begin) / 0.6, 0), 1)
                let (s, s1, s2) = Self.minimumJerk(u)
                let span = 0.6 * T
                x += d * amount * s
                if tau > begin && tau < begin + 0.6 {
                    v += d * amount * s1 / span
                    a += d * amount * s2 / (span * span)
                }
            }
            return (x, v, a)
        case let .hermite(c0, c1):
            let t2 = tau * tau, t3 = t2 * tau
            let r = c0 * (t3 - 2 * t2 + tau) + (3 * t2 - 2 * t3) + c1 * (t3 - t2)
            let r1 = c0 * (3 * t2 - 4 * tau + 1) + (6 * tau - 6 * t2) + c1 * (3 * t2 - 2 * tau)
            let r2 = c0 * (6 * tau - 4) + (6 - 12 * tau) + c1 * (6 * tau - 2)
            return (from + d * r, d * r1 / T, d * r2 / (T * T))
        case let .reversal(v0, v1):
            let s = tau * T
            let acc = (v1 - v0) / T
            return (from + v0 * s + 0.5 * acc * s * s, v0 + acc * s, acc)
        }
    }

    /// `s(τ)`, `s′(τ)`, `s″(τ)` of the minimum-jerk profile.
    static func minimumJerk(_ tau: Double) -> (Double, Double, Double) {
        let t2 = tau * tau, t3 = t2 * tau
        return (t3 * (10 - 15 * tau + 6 * t2), 30 * t2 * (1 - tau) * (1 - tau), 60 * tau - 180 * t2 + 120 * t3)
    }
}
