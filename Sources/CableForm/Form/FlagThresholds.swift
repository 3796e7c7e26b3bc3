/// The thresholds of the form flags (docs/algorithms.md, "Flags", gives the
/// reason for each default).
///
/// Part of ``AnalysisConfiguration`` as ``AnalysisConfiguration/flags``.
public struct FlagThresholds: Sendable, Hashable, Codable {
    /// `ballistic`: a single-peaked concentric whose speed peaks before this
    /// fraction of its duration. A minimum-jerk pull peaks at 0.5; a pull
    /// thrown by momentum peaks early. Default 0.35.
    public var ballisticPeakFraction = 0.35
    /// `bounce`: the longest bottom pause that still counts as "no pause" (s).
    /// Default 0.05 s.
    public var bouncePause = 0.05
    /// `bounce`: the eccentric's SPARC must be below this (a minimum-jerk
    /// stop has −1.40; an eccentric that arrives fast and rebounds is cut off
    /// at speed and scores lower). Default −1.5.
    public var bounceSPARC = -1.5
    /// `dropped_eccentric`: an eccentric shorter than this fraction of the
    /// set's median eccentric (sets of three reps or more). Default 0.6.
    public var droppedEccentricRatio = 0.6
    /// `jerky`: a speed peak counts when its prominence is at least this
    /// fraction of the phase's peak speed. Default 0.1.
    public var hitchProminence = 0.1
    /// `asymmetric`: the largest of a rep's force, range and work asymmetry
    /// indices must exceed this (%), and also the set's rep-to-rep standard
    /// deviation of that index. Default 10 %.
    public var asymmetryPercent = 10.0

    /// The defaults.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case ballisticPeakFraction = "ballistic_peak_fraction", bouncePause = "bounce_pause_s"
        case bounceSPARC = "bounce_sparc", droppedEccentricRatio = "dropped_eccentric_ratio"
        case hitchProminence = "hitch_prominence", asymmetryPercent = "asymmetry_pct"
    }

    /// Reads the keys present; a missing key keeps its default, an unknown key is an error.
    public init(from decoder: any Decoder) throws {
        try AnyKey.rejectUnknown(CodingKeys.self, in: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try c.update(&ballisticPeakFraction, forKey: .ballisticPeakFraction)
        try c.update(&bouncePause, forKey: .bouncePause)
        try c.update(&bounceSPARC, forKey: .bounceSPARC)
        try c.update(&droppedEccentricRatio, forKey: .droppedEccentricRatio)
        try c.update(&hitchProminence, forKey: .hitchProminence)
        try c.update(&asymmetryPercent, forKey: .asymmetryPercent)
    }

    func validate() throws(AnalysisError) {
        func check(_ ok: Bool, _ name: String, _ value: Double, _ rule: String) throws(AnalysisError) {
            try AnalysisError.require(ok, "flags." + name, value, rule)
        }
        try check(ballisticPeakFraction > 0 && ballisticPeakFraction < 0.5, "ballisticPeakFraction",
                  ballisticPeakFraction, "in (0, 0.5)")
        try check(bouncePause.isFinite && bouncePause >= 0, "bouncePause", bouncePause, "finite and >= 0 s")
        try check(bounceSPARC.isFinite && bounceSPARC < 0, "bounceSPARC", bounceSPARC, "finite and < 0")
        try check(droppedEccentricRatio > 0 && droppedEccentricRatio < 1, "droppedEccentricRatio",
                  droppedEccentricRatio, "in (0, 1)")
        try check(hitchProminence > 0 && hitchProminence < 1, "hitchProminence", hitchProminence, "in (0, 1)")
        try check(asymmetryPercent > 0 && asymmetryPercent < 100, "asymmetryPercent", asymmetryPercent,
                  "in (0, 100) %")
    }
}
