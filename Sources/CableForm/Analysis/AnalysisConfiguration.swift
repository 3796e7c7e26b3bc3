/// Every threshold the rep analyzer uses, with documented defaults.
///
/// A value type: copy it, change what you need, and hand it to
/// ``analyze(_:configuration:source:concurrency:)`` or ``StreamingAnalyzer``; both call
/// ``validate()`` first. The defaults suit cable exercises from 10 Hz to
/// 2 kHz; `docs/algorithms.md` explains each rule they feed.
public struct AnalysisConfiguration: Sendable, Hashable, Codable {
    /// The least range of motion of a rep (m). Smaller out-and-back motions are
    /// fidgeting, not reps. Default 0.05 m.
    public var minimumRange = 0.05
    /// A rep whose range is below this fraction of its set's typical range (the
    /// median of the upper half of its reps' ranges) is partial: reported with `complete: false` and not counted.
    /// Default 0.7.
    public var partialFraction = 0.7
    /// A set ends when the gap from the end of one rep to the start of the next
    /// exceeds this (s). Default 8 s.
    public var restLimit = 8.0
    /// A set also ends when the handles rest retracted (within
    /// ``homeTolerance`` of home) for longer than this (s). Default 3 s.
    public var releaseLimit = 3.0
    /// A cycle whose pause at the extended end lasts longer than this is an
    /// isometric hold, not a rep (s). Default 8 s.
    public var holdLimit = 8.0
    /// How far above home (fully retracted) a handle still counts as retracted (m).
    /// Default 0.03 m.
    public var homeTolerance = 0.03
    /// Speed that starts a movement (m/s). Default 0.02 m/s.
    public var onsetVelocity = 0.02
    /// Movements whose net travel is smaller than this are ignored (m). Default 0.01 m.
    public var minimumTravel = 0.01
    /// Length of the Savitzky-Golay velocity window (s); it is rounded to an odd
    /// number of samples, at least 5. Default 0.15 s.
    public var smoothingWindow = 0.15
    /// The longest rep (s): the analyzer keeps this much history (plus
    /// ``restLimit``), so it bounds memory. Longer cycles are not reps. Default 30 s.
    public var maximumRepDuration = 30.0
    /// Intervals between time stamps longer than this are gaps (s): no
    /// movement is measured across them. Default 0.25 s (or 3.5 sample
    /// intervals, if longer).
    public var maximumGap = 0.25
    /// The braking limit of the mean propulsive velocity (m/s²): the propulsive
    /// part of a concentric phase ends where the handle decelerates faster than
    /// this. Default standard gravity, 9.80665 m/s², the limit of a free weight.
    public var brakingLimit = 9.80665
    /// The minimum velocity threshold of the load-velocity profile (m/s): the
    /// mean concentric velocity at which the estimated one-repetition maximum
    /// is read off. Default 0.15 m/s.
    public var minimumVelocityThreshold = 0.15
    /// The largest plausible handle position, in magnitude (m). A sample
    /// beyond it is refused as ``AnalysisError/implausibleSample(index:channel:value:limit:)``
    /// rather than analysed: a cable is a few metres long, so 1 km is a unit
    /// mix-up or a broken encoder. Default 10 m.
    public var maximumPosition = 10.0
    /// The largest plausible force, in magnitude (N). A sample beyond it is
    /// refused like an implausible position: the strongest cable machines pull
    /// about 2 kN per cable. Default 10 000 N.
    public var maximumForce = 10_000.0
    /// The thresholds of the momentum, control and asymmetry flags.
    public var flags = FlagThresholds()
    /// The weights and targets of the quality score.
    public var score = ScoreConfiguration()

    /// The defaults.
    public init() {}

    /// Checks every field, naming the first one out of its domain.
    ///
    /// - Throws: ``AnalysisError/invalidConfiguration(name:reason:)``.
    public func validate() throws(AnalysisError) {
        func check(_ ok: Bool, _ name: String, _ value: Double, _ rule: String) throws(AnalysisError) {
            try AnalysisError.require(ok, name, value, rule)
        }
        try check(minimumRange.isFinite && minimumRange > 0, "minimumRange", minimumRange, "finite and > 0 m")
        try check(partialFraction > 0 && partialFraction <= 1, "partialFraction", partialFraction, "in (0, 1]")
        try check(restLimit.isFinite && restLimit > 0, "restLimit", restLimit, "finite and > 0 s")
        try check(releaseLimit.isFinite && releaseLimit > 0, "releaseLimit", releaseLimit, "finite and > 0 s")
        try check(holdLimit.isFinite && holdLimit > 0, "holdLimit", holdLimit, "finite and > 0 s")
        try check(homeTolerance.isFinite && homeTolerance >= 0, "homeTolerance", homeTolerance, "finite and >= 0 m")
        try check(onsetVelocity.isFinite && onsetVelocity > 0, "onsetVelocity", onsetVelocity, "finite and > 0 m/s")
        try check(minimumTravel.isFinite && minimumTravel >= 0 && minimumTravel <= minimumRange,
                  "minimumTravel", minimumTravel, "finite, >= 0 m and <= minimumRange")
        try check(smoothingWindow.isFinite && smoothingWindow > 0 && smoothingWindow <= 2,
                  "smoothingWindow", smoothingWindow, "in (0, 2] s")
        try check(maximumRepDuration.isFinite && maximumRepDuration >= 1 && maximumRepDuration <= 600,
                  "maximumRepDuration", maximumRepDuration, "in [1, 600] s")
        try check(maximumGap.isFinite && maximumGap > 0, "maximumGap", maximumGap, "finite and > 0 s")
        try check(brakingLimit.isFinite && brakingLimit > 0, "brakingLimit", brakingLimit, "finite and > 0 m/s²")
        try check(minimumVelocityThreshold.isFinite && minimumVelocityThreshold > 0,
                  "minimumVelocityThreshold", minimumVelocityThreshold, "finite and > 0 m/s")
        try check(maximumPosition.isFinite && maximumPosition > 0, "maximumPosition", maximumPosition, "finite and > 0 m")
        try check(maximumForce.isFinite && maximumForce > 0, "maximumForce", maximumForce, "finite and > 0 N")
        try flags.validate()
        try score.validate(partialFraction: partialFraction)
    }

    /// The velocity window at `sampleRate` (samples): odd, at least 5.
    func windowLength(at sampleRate: Double) -> Int {
        let n = Int((smoothingWindow * sampleRate).rounded())
        return max(5, n | 1)
    }
}
