/// What really happened in a simulated session: the answer key that analyzers
/// are scored against. Times are in seconds of device time.
///
/// Its JSON form (schema `cableform.truth/1`) uses snake_case keys with the
/// unit in the name, like the analysis report: `start_s`, `load_kg`.
public struct GroundTruth: Sendable, Hashable, Codable {
    /// The schema name of the JSON form, `cableform.truth/1`.
    public var schema = "cableform.truth/1"
    /// The seed that made the session.
    public var seed: UInt64
    /// The nominal sample rate (Hz).
    public var sampleRate: Double
    /// The sets, in order.
    public var sets: [TruthSet]

    enum CodingKeys: String, CodingKey {
        case schema, seed, sets
        case sampleRate = "sample_rate_hz"
    }

    /// One set: its reps (or holds), set-up and set-down, and set-level faults.
    public struct TruthSet: Sendable, Hashable, Codable {
        /// 0-based position in the workout.
        public var index: Int
        /// The exercise's name.
        public var exercise: String
        /// The cables that moved.
        public var cables: [String]
        /// Commanded load per cable (kg).
        public var loadKg: Double
        /// The load mode's name.
        public var mode: String
        /// Onset of the first rep's first movement phase (s); for a hold, the hold's start.
        public var start: Double
        /// End of the last rep's last movement phase (s); for a hold, the hold's end.
        public var end: Double
        /// The set-up pull from rest to the starting position (s).
        public var setup: Interval
        /// The set-down from the last position back to rest (s).
        public var setdown: Interval
        /// The reps, in order (empty for a hold).
        public var reps: [TruthRep]
        /// Isometric holds.
        public var holds: [TruthHold]
        /// Injected asymmetry as BAI-1 of range of motion, `(A − B)/(A + B)·100`,
        /// with A the exercise's first cable (percent); 0 when none.
        public var asymmetryIndexPercent: Double
        /// How late the asymmetric side moves (s).
        public var lag: Double
        /// Names of set-level faults (`asymmetry`, `idle_cable`).
        public var faults: [String]

        enum CodingKeys: String, CodingKey {
            case index, exercise, cables, mode, setup, setdown, reps, holds, faults
            case loadKg = "load_kg"
            case start = "start_s"
            case end = "end_s"
            case asymmetryIndexPercent = "asymmetry_index_pct"
            case lag = "lag_s"
        }
    }

    /// One rep: when it happened, its four phases, its range and its faults.
    public struct TruthRep: Sendable, Hashable, Codable {
        /// 0-based position in the set.
        public var index: Int
        /// Onset of the first movement phase (s).
        public var start: Double
        /// End of the last movement phase (s).
        public var end: Double
        /// `"concentric"` or `"eccentric"`.
        public var firstPhase: String
        /// Eccentric phase duration (s).
        public var eccentric: Double
        /// Bottom pause (s); nil when it follows the set's last rep.
        public var bottomPause: Double?
        /// Concentric phase duration (s), a mid-rep stall included.
        public var concentric: Double
        /// Top pause (s); nil when it follows the set's last rep.
        public var topPause: Double?
        /// The tempo string, e.g. `"3-1-2-0"`.
        public var tempo: String
        /// Range of motion of the first cable (m).
        public var rangeOfMotion: Double
        /// False for a partial rep.
        public var complete: Bool
        /// The faults injected into this rep.
        public var faults: [TruthFault]

        enum CodingKeys: String, CodingKey {
            case index, tempo, complete, faults
            case start = "start_s"
            case end = "end_s"
            case firstPhase = "first_phase"
            case eccentric = "eccentric_s"
            case bottomPause = "bottom_pause_s"
            case concentric = "concentric_s"
            case topPause = "top_pause_s"
            case rangeOfMotion = "rom_m"
        }
    }

    /// A fault with the time span it affects.
    public struct TruthFault: Sendable, Hashable, Codable {
        /// The fault's name (`ballistic`, `bounce`, ...).
        public var kind: String
        /// Start of the affected span (s).
        public var start: Double
        /// End of the affected span (s).
        public var end: Double

        enum CodingKeys: String, CodingKey {
            case kind
            case start = "start_s"
            case end = "end_s"
        }
    }

    /// An isometric hold.
    public struct TruthHold: Sendable, Hashable, Codable {
        /// When the hold position is reached (s).
        public var start: Double
        /// When the release begins (s).
        public var end: Double
        /// `end − start` (s).
        public var duration: Double

        enum CodingKeys: String, CodingKey {
            case start = "start_s"
            case end = "end_s"
            case duration = "duration_s"
        }
    }

    /// A closed time interval (s).
    public struct Interval: Sendable, Hashable, Codable {
        /// Start (s).
        public var start: Double
        /// End (s).
        public var end: Double

        enum CodingKeys: String, CodingKey {
            case start = "start_s"
            case end = "end_s"
        }
    }
}
