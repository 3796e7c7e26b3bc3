import CableForm

/// How a simulated exercise moves the cables.
public struct Exercise: Sendable, Hashable {
    /// The exercise's name as written in session metadata (`seated_row`).
    public var name: String
    /// The cables it uses.
    public var cables: [CableName]
    /// Cable position at the bottom of a rep (m, pulled out from fully retracted).
    public var bottom: Double
    /// Range of motion of a full rep (m).
    public var rangeOfMotion: Double
    /// Whether a rep starts at the extended end (eccentric first, e.g. a Romanian
    /// deadlift set up standing). Otherwise it starts retracted, concentric first.
    public var startsExtended: Bool
    /// Whether the exercise is an isometric hold (no reps), e.g. a suitcase carry.
    public var isHold: Bool
    /// The usual tempo (s): eccentric, bottom pause, concentric, top pause.
    public var tempo: Tempo

    /// Creates an exercise description.
    public init(name: String, cables: [CableName], bottom: Double, rangeOfMotion: Double,
                startsExtended: Bool = false, isHold: Bool = false, tempo: Tempo) {
        self.name = name
        self.cables = cables
        self.bottom = bottom
        self.rangeOfMotion = rangeOfMotion
        self.startsExtended = startsExtended
        self.isHold = isHold
        self.tempo = tempo
    }

    /// The top of a full rep (m).
    public var top: Double { bottom + rangeOfMotion }
}

extension Exercise {
    private static func t(_ e: Double, _ b: Double, _ c: Double, _ p: Double) -> Tempo {
        Tempo(eccentric: e, bottomPause: b, concentric: c, topPause: p)
    }

    /// Glute bridge: two cables from a low anchor, short hip travel.
    public static let gluteBridge = Exercise(
        name: "glute_bridge", cables: [.left, .right], bottom: 0.25, rangeOfMotion: 0.22, tempo: t(2, 1, 2, 1))
    /// Seated row.
    public static let seatedRow = Exercise(
        name: "seated_row", cables: [.left, .right], bottom: 0.30, rangeOfMotion: 0.45, tempo: t(3, 1, 2, 0))
    /// Pallof press (anti-rotation): one cable, little travel, steady force.
    public static let pallofPress = Exercise(
        name: "pallof_press", cables: [.left], bottom: 0.40, rangeOfMotion: 0.12, tempo: t(2, 0, 2, 2))
    /// Romanian deadlift set up standing: eccentric first.
    public static let romanianDeadlift = Exercise(
        name: "romanian_deadlift", cables: [.left, .right], bottom: 0.20, rangeOfMotion: 0.50,
        startsExtended: true, tempo: t(3, 0, 2, 1))
    /// Face pull.
    public static let facePull = Exercise(
        name: "face_pull", cables: [.left, .right], bottom: 0.35, rangeOfMotion: 0.40, tempo: t(2, 1, 2, 1))
    /// Goblet squat with the cables from a low anchor.
    public static let gobletSquat = Exercise(
        name: "goblet_squat", cables: [.left, .right], bottom: 0.30, rangeOfMotion: 0.55,
        startsExtended: true, tempo: t(3, 1, 2, 0))
    /// Suitcase carry: a static hold, no reps.
    public static let suitcaseCarry = Exercise(
        name: "suitcase_carry", cables: [.left], bottom: 0.10, rangeOfMotion: 0.60, isHold: true,
        tempo: t(0, 0, 1.5, 20))
    /// Hip thrust.
    public static let hipThrust = Exercise(
        name: "hip_thrust", cables: [.left, .right], bottom: 0.25, rangeOfMotion: 0.30, tempo: t(2, 1, 2, 1))
    /// Lat pulldown (cables pulled down out of a high anchor).
    public static let latPulldown = Exercise(
        name: "lat_pulldown", cables: [.left, .right], bottom: 0.30, rangeOfMotion: 0.50, tempo: t(3, 0, 2, 1))
    /// Single-leg RDL: one cable, set up standing.
    public static let singleLegRDL = Exercise(
        name: "single_leg_rdl", cables: [.right], bottom: 0.20, rangeOfMotion: 0.45,
        startsExtended: true, tempo: t(3, 0, 2, 1))
    /// Overhead press from a low anchor.
    public static let overheadPress = Exercise(
        name: "overhead_press", cables: [.left, .right], bottom: 0.45, rangeOfMotion: 0.50, tempo: t(2, 0, 2, 1))

    /// The rehab protocol's cable exercises.
    public static let protocolExercises: [Exercise] = [
        gluteBridge, seatedRow, pallofPress, romanianDeadlift, facePull, gobletSquat, suitcaseCarry,
        hipThrust, latPulldown, singleLegRDL, overheadPress,
    ]
}
