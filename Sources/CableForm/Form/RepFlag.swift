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
    /// (`peaks`: their indices in `speed`, as
    /// ``Smoothness/speedPeakIndices(speed:prominence:)`` finds them at the
    /// hitch prominence): its index in `speed`, how deep it dips below the
    /// lower of the two peaks around it (0–1), the number of peaks, and the
    /// sticking region (first to last peak); nil for fewer than two peaks, or
    /// when the speed falls below a tenth of that peak (a stop, not a hitch).
    static func hitch(speed: [Double], peaks: [Int])
        -> (index: Int, severity: Double, peaks: Int, region: ClosedRange<Int>)? {
        guard peaks.count >= 2 else { return nil }
        let first = peaks.first!, last = peaks.last!
        var dip = first
        for i in first...last where speed[i] < speed[dip] { dip = i }
        let lower = min(speed[first], speed[last])
        // A hitch slows the movement without stopping it; a dip to (nearly) rest
        // is a stall or the edge of the phase, not a hitch.
        guard lower > 0, speed[dip] >= 0.1 * lower else { return nil }
        return (dip, min(max(1 - speed[dip] / lower, 0), 1), peaks.count, first...last)
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
    ///   bounce, that reaches its peak speed before
    ///   ``FlagThresholds/ballisticPeakFraction`` (0.35) of its duration
    ///   (minimum jerk: 50%; a hitch or a stall peaks early too, but twice);
    ///   severity `(0.5 − fraction)/0.5`.
    /// - `bounce`: no pause after the eccentric (under
    ///   ``FlagThresholds/bouncePause``, 0.05 s) and an eccentric whose SPARC
    ///   is below ``FlagThresholds/bounceSPARC`` (−1.5; a smooth stop-and-go
    ///   keeps −1.40): it arrived fast and rebounded; severity
    ///   `(−1.40 − SPARC)/(−1.40 − threshold + 0.2)`.
    /// - `dropped_eccentric`: an eccentric shorter than
    ///   ``FlagThresholds/droppedEccentricRatio`` (0.6) × the set's median
    ///   (three reps or more); severity `1 − ratio/threshold`.
    static func control(_ reps: [Rep], firstPhase: MovementPhase, thresholds: FlagThresholds) -> [[RepFlag]] {
        let eccentrics = reps.map(\.tempo.eccentric).sorted()
        let median = eccentrics.isEmpty ? 0 : eccentrics[eccentrics.count / 2]
        let concentricFirst = firstPhase == .concentric
        // Bounces first: a concentric launched by one peaks early without being thrown.
        let bounces: [RepFlag?] = reps.map { rep in
            guard let after = rep.tempo.bottomPause, after < thresholds.bouncePause,
                  let sparc = rep.smoothness.eccentric?.sparc, sparc < thresholds.bounceSPARC
            else { return nil }
            let eccentricEnd = concentricFirst ? rep.end : rep.start + rep.tempo.eccentric
            return RepFlag(kind: .bounce, time: eccentricEnd, severity: min(max((-1.40 - sparc) / (-1.40 - thresholds.bounceSPARC + 0.2), 0), 1),
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
            if !launched && singlePeak && fraction < thresholds.ballisticPeakFraction {
                flags.append(RepFlag(kind: .ballistic, time: concentricStart + rep.timeToPeakVelocity,
                                     severity: min(max((0.5 - fraction) / 0.5, 0), 1),
                                     detail: "peak speed \(format(rep.peakConcentricVelocity, 2)) m/s at \(Int((100 * fraction).rounded()))% of the pull (a smooth pull peaks at 50%)"))
            }
            if let bounce = bounces[k] { flags.append(bounce) }
            if reps.count >= 3 && median > 0 && rep.tempo.eccentric < thresholds.droppedEccentricRatio * median {
                let ratio = rep.tempo.eccentric / median
                flags.append(RepFlag(kind: .droppedEccentric, time: eccentricStart,
                                     severity: min(max(1 - ratio / thresholds.droppedEccentricRatio, 0), 1),
                                     detail: "eccentric \(format(rep.tempo.eccentric, 1)) s against the set's \(format(median, 1)) s"))
            }
            return flags
        }
    }
}

extension RepFlag {
    /// The `asymmetric` flags of a set's reps: the rep's largest asymmetry
    /// index (force, range or work) is beyond
    /// ``FlagThresholds/asymmetryPercent`` and beyond the set's rep-to-rep
    /// variation of that index (its sample standard deviation over the set's
    /// complete reps, when there are three or more), so that one noisy rep in
    /// an uneven set is not singled out. Severity `(|index| − threshold) /
    /// threshold`, clamped to 0–1.
    static func asymmetric(_ reps: [Rep], firstPhase: MovementPhase, thresholds: FlagThresholds) -> [RepFlag?] {
        var spread: [RepAsymmetry.Measure: Double] = [:]
        for m in RepAsymmetry.Measure.allCases {
            let values = reps.filter(\.complete).compactMap { $0.asymmetry?[m] }
            guard values.count >= 3 else { continue }
            let mean = values.reduce(0, +) / Double(values.count)
            let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            spread[m] = (ss / Double(values.count - 1)).squareRoot()
        }
        let limit = thresholds.asymmetryPercent
        return reps.map { rep in
            guard let a = rep.asymmetry, let (measure, value) = a.largestIndex, rep.cables.count == 2,
                  abs(value) > limit
            else { return nil }
            let sd = spread[measure] ?? 0
            guard abs(value) > sd else { return nil }
            let more = value > 0 ? rep.cables[0] : rep.cables[1], less = value > 0 ? rep.cables[1] : rep.cables[0]
            let what = switch measure {
            case .force: "pulled harder than"
            case .range: "travelled further than"
            case .work: "did more work than"
            }
            let concentricStart = firstPhase == .concentric ? rep.start : rep.end - rep.tempo.concentric
            let varies = spread[measure].map { ", the set varies by \(format($0, 1))" } ?? ""
            return RepFlag(kind: .asymmetric, time: concentricStart,
                           severity: min(max((abs(value) - limit) / limit, 0), 1),
                           detail: "the \(more) cable \(what) the \(less) (\(measure.rawValue) index \(value > 0 ? "+" : "")\(format(value, 1))%\(varies))")
        }
    }
}
