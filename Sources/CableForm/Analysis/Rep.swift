/// The direction of a movement phase.
///
/// The motor always pulls the cable in, so the user does positive work only
/// while pulling it out: concentric is the cable's position increasing,
/// eccentric decreasing, for every exercise.
public enum MovementPhase: String, Sendable, Hashable, Codable, CaseIterable {
    /// Cable going out (position increasing): the user works against the load.
    case concentric
    /// Cable going back in (position decreasing): the user yields to the load.
    case eccentric
}

/// One rep: a full cycle out and back between the two ends of the movement,
/// with its phases and its velocity-based measures.
///
/// Times are seconds of device time; positions and ranges metres; velocities
/// m/s; forces N; power W; work J.
public struct Rep: Sendable, Hashable {
    /// 0-based position in its set (partial reps included).
    public var index: Int
    /// Onset of the first movement phase (s).
    public var start: Double
    /// End of the last movement phase (s).
    public var end: Double
    /// False for a partial rep: range below ``AnalysisConfiguration/partialFraction``
    /// of the set's typical range (the median of the upper half of its reps' ranges). Partial reps are not counted in ``RepSet/repCount``.
    public var complete: Bool
    /// The cables that moved in this rep (a cable moved when its range is at
    /// least a quarter of the largest cable's range, and at least half the
    /// minimum range).
    public var cables: [CableName]
    /// Which phase the rep starts with.
    public var firstPhase: MovementPhase
    /// The four phase durations (s); the pause after the rep is nil until the
    /// next rep starts, and stays nil for a set's last rep.
    public var tempo: Tempo
    /// Range of motion (m): the mean over the moving cables of each cable's
    /// travel (maximum minus minimum position) within the rep.
    public var rangeOfMotion: Double
    /// Each moving cable's range of motion (m), in ``cables`` order.
    public var cableRanges: [Double]
    /// Concentric onset of each moving cable relative to the rep's concentric
    /// onset (s), in ``cables`` order: how late each side moves.
    public var cableOnsets: [Double]
    /// Mean concentric velocity (m/s): concentric travel over concentric duration.
    public var meanConcentricVelocity: Double
    /// Peak concentric velocity (m/s).
    public var peakConcentricVelocity: Double
    /// Time from the concentric onset to the peak velocity (s).
    public var timeToPeakVelocity: Double
    /// Mean propulsive velocity (m/s): the mean velocity from the concentric
    /// onset to where the handle first decelerates faster than
    /// ``AnalysisConfiguration/brakingLimit`` after the velocity peak (or the
    /// concentric end), after Sánchez-Medina et al. (2010).
    public var meanPropulsiveVelocity: Double
    /// Mean concentric power (W): the mean of force × velocity summed over cables.
    public var meanPower: Double
    /// Peak concentric power (W).
    public var peakPower: Double
    /// Concentric work (J): ∫ force d(position), summed over cables.
    public var work: Double
    /// Time under tension (s): the rep's duration plus its trailing pause once known.
    public var timeUnderTension: Double
    /// Mean cable force during the concentric phase, per moving cable (N).
    public var meanConcentricForce: Double
    /// How smooth each movement phase was.
    public var smoothness: RepSmoothness
    /// How evenly the two cables carried the load; nil unless the session has
    /// exactly two cables.
    public var asymmetry: RepAsymmetry?
    /// What a coach would point out, in time order (docs/algorithms.md,
    /// "Flags"). A rep reported by ``AnalysisEvent/repCompleted(set:rep:decidedAt:)``
    /// carries `partial` (provisional) and `jerky`; the flags that compare a rep
    /// with its set — `ballistic`, `bounce`, `dropped_eccentric`, `asymmetric`,
    /// the final `partial` — come with ``AnalysisEvent/setCompleted(_:decidedAt:)``.
    public var flags: [RepFlag]
    /// The 0–100 quality score, ``ScoreComponents/score``; nil until the set
    /// closes (it is judged against the set), so nil in
    /// ``AnalysisEvent/repCompleted(set:rep:decidedAt:)``.
    public var score: Double?
    /// What the score is made of; nil with ``score``.
    public var scoreComponents: ScoreComponents?

    /// Duration from start to end (s).
    public var duration: Double { end - start }

    /// The tempo string, `"3-1-2-0"`, with `?` for an unknown pause.
    public var tempoString: String { tempo.description }
}

/// An isometric hold: a cycle whose pause at the extended end outlasts
/// ``AnalysisConfiguration/holdLimit``. Not a rep.
public struct Hold: Sendable, Hashable {
    /// When the handle reached the hold position (s).
    public var start: Double
    /// When the release began (s).
    public var end: Double
    /// The mean summed force of the moving cables over the hold (N).
    public var meanForce: Double
    /// The cables that were held out.
    public var cables: [CableName]

    /// `end − start` (s).
    public var duration: Double { end - start }
}

/// The coefficient of variation (standard deviation over mean, sample
/// standard deviation) of each phase's duration within a set; nil where fewer
/// than two values exist or their mean is zero.
public struct TempoConsistency: Sendable, Hashable {
    /// CV of the eccentric durations.
    public var eccentric: Double?
    /// CV of the bottom pauses.
    public var bottomPause: Double?
    /// CV of the concentric durations.
    public var concentric: Double?
    /// CV of the top pauses.
    public var topPause: Double?
}

/// Where a set's load comes from.
public enum LoadSource: String, Sendable, Hashable, Codable {
    /// The session's metadata declared it.
    case metadata
    /// Measured: the mean concentric cable force over standard gravity.
    case measured
}

/// A set: a run of reps (and holds) between rests.
public struct RepSet: Sendable, Hashable {
    /// 0-based position in the session.
    public var index: Int
    /// Start of the first rep or hold (s).
    public var start: Double
    /// End of the last rep or hold (s).
    public var end: Double
    /// Which phase the set's reps start with (inferred from the set).
    public var firstPhase: MovementPhase
    /// Complete reps.
    public var repCount: Int
    /// Velocity loss (%): from the best complete rep's mean concentric
    /// velocity to the last complete rep's; nil with fewer than two.
    public var velocityLossPercent: Double?
    /// How steady each phase's duration was.
    public var tempoConsistency: TempoConsistency
    /// The load per cable (kg).
    public var load: Double?
    /// Where ``load`` came from.
    public var loadSource: LoadSource?
    /// The best complete rep's mean concentric velocity (m/s).
    public var bestMeanConcentricVelocity: Double?
    /// The set's holds.
    public var holds: [Hold]
    /// The mean score of the complete reps (0–100); nil without any.
    public var meanScore: Double?
    /// How the complete reps' scores change through the set (points per rep):
    /// the least-squares slope of score against rep number, negative when
    /// form fades; nil with fewer than three complete reps.
    public var scoreTrend: Double?
    /// The set's reps, partial ones included.
    public var reps: [Rep]
}

/// A linear load-velocity profile across sets at different loads, and the
/// one-repetition maximum it predicts.
///
/// Each set contributes one point: its load and its best complete rep's mean
/// concentric velocity. The least-squares line `v = intercept + slope·load`
/// is read at ``minimumVelocityThreshold`` for the 1RM (Jidovtseff et al.
/// 2011; González-Badillo & Sánchez-Medina 2010).
public struct LoadVelocityProfile: Sendable, Hashable {
    /// One set's point.
    public struct Point: Sendable, Hashable, Codable {
        /// Load per cable (kg).
        public var load: Double
        /// Best mean concentric velocity (m/s).
        public var velocity: Double

        enum CodingKeys: String, CodingKey { case load = "load_kg", velocity = "velocity_mps" }
    }
    /// The points, in set order.
    public var points: [Point]
    /// Slope (m/s per kg).
    public var slope: Double
    /// Velocity at zero load (m/s).
    public var intercept: Double
    /// Coefficient of determination of the fit.
    public var rSquared: Double
    /// Standard error of the estimate (m/s); nil with two points.
    public var standardError: Double?
    /// The velocity threshold read off (m/s).
    public var minimumVelocityThreshold: Double
    /// The estimated one-repetition maximum per cable (kg); nil unless the slope
    /// is negative and ``rSquared`` is at least ``minimumRSquared``.
    public var estimatedOneRepMax: Double?
}

/// Everything the analyzer found in a session.
public struct SessionReport: Sendable, Hashable {
    /// The schema name of the JSON form, `cableform.report/1`.
    public static let schema = "cableform.report/1"
    /// Where the samples came from (a file path), if known.
    public var source: String?
    /// The sample rate analysed (Hz).
    public var sampleRate: Double
    /// First to last time stamp (s).
    public var duration: Double
    /// The session's cables.
    public var cables: [CableName]
    /// The sets, in order.
    public var sets: [RepSet]
    /// The load-velocity profile, when sets at two or more loads have reps.
    public var loadVelocityProfile: LoadVelocityProfile?
    /// The configuration used.
    public var configuration: AnalysisConfiguration
}
