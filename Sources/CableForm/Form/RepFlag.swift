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

    static func format(_ x: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (x * scale).rounded() / scale
        return "\(r)"
    }
}
