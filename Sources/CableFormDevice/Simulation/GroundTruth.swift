/// What really happened in a simulated session: the answer key that analyzers
/// are scored against. Times are in seconds of device time.
public struct GroundTruth: Sendable, Hashable, Codable {
    /// The schema name of the JSON form, `cableform.truth/1`.
    public var schema = "cableform.truth/1"
    /// The seed that made the session.
    public var seed: UInt64
    /// The nominal sample rate (Hz).
    public var sampleRate: Double
    /// The sets, in order.
    public var sets: [TruthSet]

    /// One set.
    public struct TruthSet: Sendable, Hashable, Codable {
        public var index: Int
        public var exercise: String
        public var cables: [String]
        public var loadKg: Double
        public var mode: String
        /// Onset of the first movement after the set-up (s).
        public var start: Double
        /// End of the last movement before the set-down (s).
        public var end: Double
        /// Set-up pull (from rest to the starting position) and set-down, as intervals (s).
        public var setup: Interval
        public var setdown: Interval
        public var reps: [TruthRep]
        public var holds: [TruthHold]
        /// The injected asymmetry: BAI-1 of range of motion, `(A − B)/(A + B)·100`
        /// with A the first cable listed, in percent; and the lag of the second side (s).
        public var asymmetryIndexPercent: Double
        public var lag: Double
        /// Names of set-level faults.
        public var faults: [String]
    }

    /// One rep.
    public struct TruthRep: Sendable, Hashable, Codable {
        public var index: Int
        public var start: Double
        public var end: Double
        public var firstPhase: String
        /// Phase durations (s); the pause after the set's last rep is nil.
        public var eccentric: Double
        public var bottomPause: Double?
        public var concentric: Double
        public var topPause: Double?
        /// The tempo string, e.g. `"3-1-2-0"`.
        public var tempo: String
        /// Range of motion of the first cable (m).
        public var rangeOfMotion: Double
        /// False for a partial rep.
        public var complete: Bool
        public var faults: [TruthFault]
    }

    /// A fault with the time span it affects.
    public struct TruthFault: Sendable, Hashable, Codable {
        public var kind: String
        public var start: Double
        public var end: Double
    }

    /// An isometric hold.
    public struct TruthHold: Sendable, Hashable, Codable {
        public var start: Double
        public var end: Double
        public var duration: Double
    }

    /// A closed time interval (s).
    public struct Interval: Sendable, Hashable, Codable {
        public var start: Double
        public var end: Double
    }
}
