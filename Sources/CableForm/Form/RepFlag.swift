/// Something a coach would point out about a rep: what, when, how much, and why.
public struct RepFlag: Sendable, Hashable, Codable {
    /// The kinds of flag.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The concentric was driven by momentum.
        case ballistic
        /// A rebound out of the bottom.
        case bounce
        /// The eccentric was not controlled.
        case droppedEccentric = "dropped_eccentric"
        /// Hitches or sticking points within a phase.
        case jerky
        /// The range fell short of the set's (the rep is not counted).
        case partial
        /// One side carried more of the load.
        case asymmetric
    }

    /// What the flag is about.
    public var kind: Kind
    /// When it happened (s).
    public var time: Double
    /// How much, from 0 (barely) to 1 (fully).
    public var severity: Double
    /// Why, in words, with the numbers behind it.
    public var detail: String

    /// Creates a flag.
    public init(kind: Kind, time: Double, severity: Double, detail: String) {
        self.kind = kind
        self.time = time
        self.severity = severity
        self.detail = detail
    }

    enum CodingKeys: String, CodingKey {
        case kind, severity, detail
        case time = "time_s"
    }

    /// The `partial` flag of a rep whose range is `range` (m) against its set's
    /// typical `typical` (m): severity is the missing fraction of the range.
    static func partial(at time: Double, range: Double, typical: Double) -> RepFlag {
        let fraction = typical > 0 ? range / typical : 0
        return RepFlag(kind: .partial, time: time, severity: min(max(1 - fraction, 0), 1),
                       detail: "range \(Self.format(range, 2)) m, \(Int((100 * fraction).rounded()))% of the set's typical \(Self.format(typical, 2)) m")
    }

    /// The deepest point between the first and last speed peaks of a phase
    /// (peaks with a prominence of 10% of the maximum): its index in `speed`
    /// and how deep it dips below the lower of the two peaks around it (0–1);
    /// nil when the speed falls below a tenth of that peak (a stop, not a hitch).
    static func hitch(speed: [Double]) -> (index: Int, severity: Double)? {
        guard let top = speed.max(), top > 0,
              let peaks = try? findPeaks([0] + speed + [0], PeakCriteria(prominence: PeakBound(min: 0.1 * top))),
              peaks.indices.count >= 2
        else { return nil }
        let first = peaks.indices.first! - 1, last = peaks.indices.last! - 1
        var dip = first
        for i in first...last where speed[i] < speed[dip] { dip = i }
        let lower = min(speed[first], speed[last])
        // A hitch slows the movement without stopping it; a dip to (nearly) rest
        // is a stall or the edge of the phase, not a hitch.
        guard lower > 0, speed[dip] >= 0.1 * lower else { return nil }
        return (dip, min(max(1 - speed[dip] / lower, 0), 1))
    }

    static func format(_ x: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (x * scale).rounded() / scale
        return "\(r)"
    }
}

extension RepFlag {
    /// The momentum and control flags of a set's reps, which need the set
    /// around each rep (docs/algorithms.md, "Flags"):
    ///
    /// - `ballistic`: a concentric with one speed peak, not launched by a
    ///   bounce, that reaches its peak speed before 35% of its duration (minimum
    ///   jerk: 50%; a hitch or a stall peaks early too, but twice); severity
    ///   `(0.5 − fraction)/0.5`.
    /// - `bounce`: no pause after the eccentric (under 0.05 s) and an eccentric
    ///   whose SPARC is below −1.5 (a smooth stop-and-go keeps −1.40): it
    ///   arrived fast and rebounded; severity `(−1.40 − SPARC)/0.3`.
    /// - `dropped_eccentric`: an eccentric shorter than 0.6 × the set's median
    ///   (three reps or more); severity `1 − ratio/0.6`.
    static func control(_ reps: [Rep], firstPhase: MovementPhase) -> [[RepFlag]] {
        let eccentrics = reps.map(\.tempo.eccentric).sorted()
        let median = eccentrics.isEmpty ? 0 : eccentrics[eccentrics.count / 2]
        let concentricFirst = firstPhase == .concentric
        // Bounces first: a concentric launched by one peaks early without being thrown.
        let bounces: [RepFlag?] = reps.map { rep in
            guard let after = rep.tempo.bottomPause, after < 0.05, let sparc = rep.smoothness.eccentric?.sparc,
                  sparc < -1.5
            else { return nil }
            let eccentricEnd = concentricFirst ? rep.end : rep.start + rep.tempo.eccentric
            return RepFlag(kind: .bounce, time: eccentricEnd, severity: min(max((-1.40 - sparc) / 0.3, 0), 1),
                           detail: "no pause at the bottom (\(format(after, 2)) s) after an eccentric that arrived fast (SPARC \(format(sparc, 2)))")
        }
        return reps.indices.map { k in
            let rep = reps[k]
            var flags: [RepFlag] = []
            let launched = concentricFirst ? (k > 0 && bounces[k - 1] != nil) : bounces[k] != nil
            let concentricStart = concentricFirst ? rep.start : rep.end - rep.tempo.concentric
            let eccentricStart = concentricFirst ? rep.end - rep.tempo.eccentric : rep.start
            let fraction = rep.tempo.concentric > 0 ? rep.timeToPeakVelocity / rep.tempo.concentric : 0.5
            let singlePeak = (rep.smoothness.concentric?.speedPeaks ?? 1) == 1
            if !launched && singlePeak && fraction < 0.35 {
                flags.append(RepFlag(kind: .ballistic, time: concentricStart + rep.timeToPeakVelocity,
                                     severity: min(max((0.5 - fraction) / 0.5, 0), 1),
                                     detail: "peak speed \(format(rep.peakConcentricVelocity, 2)) m/s at \(Int((100 * fraction).rounded()))% of the pull (a smooth pull peaks at 50%)"))
            }
            if let bounce = bounces[k] { flags.append(bounce) }
            if reps.count >= 3 && median > 0 && rep.tempo.eccentric < 0.6 * median {
                let ratio = rep.tempo.eccentric / median
                flags.append(RepFlag(kind: .droppedEccentric, time: eccentricStart,
                                     severity: min(max(1 - ratio / 0.6, 0), 1),
                                     detail: "eccentric \(format(rep.tempo.eccentric, 1)) s against the set's \(format(median, 1)) s"))
            }
            return flags
        }
    }
}
