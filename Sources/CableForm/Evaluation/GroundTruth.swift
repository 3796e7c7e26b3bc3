import Foundation

/// What really happened in a session: the answer key that analyzers are scored
/// against (``RepEvaluation``). The simulated machine writes one for every
/// session it makes; hand labels of a real recording can use the same form.
/// Times are in seconds of device time.
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

    /// Creates the truth of a session.
    public init(seed: UInt64, sampleRate: Double, sets: [TruthSet]) {
        self.seed = seed
        self.sampleRate = sampleRate
        self.sets = sets
    }

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

        /// Creates a set's truth.
        public init(index: Int, exercise: String, cables: [String], loadKg: Double, mode: String, start: Double, end: Double, setup: Interval, setdown: Interval, reps: [TruthRep], holds: [TruthHold], asymmetryIndexPercent: Double, lag: Double, faults: [String]) {
            self.index = index
            self.exercise = exercise
            self.cables = cables
            self.loadKg = loadKg
            self.mode = mode
            self.start = start
            self.end = end
            self.setup = setup
            self.setdown = setdown
            self.reps = reps
            self.holds = holds
            self.asymmetryIndexPercent = asymmetryIndexPercent
            self.lag = lag
            self.faults = faults
        }

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

        /// Creates a rep's truth.
        public init(index: Int, start: Double, end: Double, firstPhase: String, eccentric: Double, bottomPause: Double?, concentric: Double, topPause: Double?, tempo: String, rangeOfMotion: Double, complete: Bool, faults: [TruthFault]) {
            self.index = index
            self.start = start
            self.end = end
            self.firstPhase = firstPhase
            self.eccentric = eccentric
            self.bottomPause = bottomPause
            self.concentric = concentric
            self.topPause = topPause
            self.tempo = tempo
            self.rangeOfMotion = rangeOfMotion
            self.complete = complete
            self.faults = faults
        }

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

        /// Creates a fault span.
        public init(kind: String, start: Double, end: Double) {
            self.kind = kind
            self.start = start
            self.end = end
        }

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

        /// Creates a hold.
        public init(start: Double, end: Double, duration: Double) {
            self.start = start
            self.end = end
            self.duration = duration
        }

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

        /// Creates an interval.
        public init(start: Double, end: Double) {
            self.start = start
            self.end = end
        }

        enum CodingKeys: String, CodingKey {
            case start = "start_s"
            case end = "end_s"
        }
    }
}

extension GroundTruth {
    /// The truth as JSON (snake_case keys with units: `bottom_pause_s`,
    /// `load_kg`), sorted and indented, as committed next to each fixture.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try! encoder.encode(self)  // plain values: cannot fail
    }

    /// Reads truth JSON written by ``jsonData()``.
    public static func decode(_ data: Data) throws -> GroundTruth {
        try JSONDecoder().decode(GroundTruth.self, from: data)
    }
}
