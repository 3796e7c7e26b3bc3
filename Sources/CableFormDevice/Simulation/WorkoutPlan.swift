import CableForm

/// How the machine's motor sets the load.
public enum LoadMode: Sendable, Hashable {
    /// The same load throughout the rep.
    case constant
    /// Extra load during the eccentric phase, as a fraction of the base load (0.2 = +20%).
    case eccentric(extra: Double)
    /// Load that grows with extension, as with chains: `fractionAtTop` more at the top.
    case chains(fractionAtTop: Double)

    /// The name written to session metadata.
    public var name: String {
        switch self {
        case .constant: return "constant"
        case .eccentric: return "eccentric"
        case .chains: return "chains"
        }
    }
}

/// A fault the simulated athlete commits, with the rep it affects (0-based,
/// within its set) where that applies.
public enum InjectedFault: Sendable, Hashable {
    /// A thrown, ballistic concentric: half the duration, velocity peaking early.
    case ballistic(rep: Int)
    /// A hitched concentric: two sub-movements with a velocity dip between them.
    case jerky(rep: Int)
    /// Bouncing out of the bottom: no bottom pause, a sharp reversal.
    case bounce(rep: Int)
    /// An uncontrolled eccentric: the cable goes back in at about three times the
    /// planned speed.
    case droppedEccentric(rep: Int)
    /// A partial rep reaching `fraction` of the range of motion.
    case partial(rep: Int, fraction: Double)
    /// A stall of `duration` seconds halfway through the concentric.
    case midRepPause(rep: Int, duration: Double)
    /// For the whole set, `side` travels `romFraction` of the other side's range
    /// and lags it by `lag` seconds.
    case asymmetry(side: CableName, romFraction: Double, lag: Double)
    /// For the whole set, `side` stays at rest while the other cable works.
    case idleCable(side: CableName)

    /// The affected rep, for per-rep faults.
    public var rep: Int? {
        switch self {
        case let .ballistic(r), let .jerky(r), let .bounce(r), let .droppedEccentric(r): return r
        case let .partial(r, _), let .midRepPause(r, _): return r
        case .asymmetry, .idleCable: return nil
        }
    }

    /// The fault's name in ground truth.
    public var name: String {
        switch self {
        case .ballistic: return "ballistic"
        case .jerky: return "jerky"
        case .bounce: return "bounce"
        case .droppedEccentric: return "dropped_eccentric"
        case .partial: return "partial"
        case .midRepPause: return "mid_rep_pause"
        case .asymmetry: return "asymmetry"
        case .idleCable: return "idle_cable"
        }
    }
}

/// One set of a simulated workout.
public struct SetPlan: Sendable, Hashable {
    /// The exercise.
    public var exercise: Exercise
    /// Number of reps (a hold exercise does one hold).
    public var reps: Int
    /// Commanded load per cable (kg).
    public var loadKilograms: Double
    /// The target tempo; nil uses the exercise's usual one.
    public var tempo: Tempo?
    /// The load mode.
    public var mode: LoadMode
    /// Rest after the set (s), handles retracted.
    public var restAfter: Double
    /// Faults to inject.
    public var faults: [InjectedFault]
    /// How much slower the last rep's concentric is than the first's (0.15 = 15%).
    public var fatigue: Double

    /// Creates a set plan.
    public init(exercise: Exercise, reps: Int, loadKilograms: Double, tempo: Tempo? = nil,
                mode: LoadMode = .constant, restAfter: Double = 60, faults: [InjectedFault] = [],
                fatigue: Double = 0.15) {
        self.exercise = exercise
        self.reps = reps
        self.loadKilograms = loadKilograms
        self.tempo = tempo
        self.mode = mode
        self.restAfter = restAfter
        self.faults = faults
        self.fatigue = fatigue
    }
}

/// What the simulated machine's sensors and motor do besides the athlete.
public struct MachineModel: Sendable, Hashable {
    /// Nominal sample rate (Hz), 10 to 2000.
    public var sampleRate: Double = 100
    /// Encoder resolution (m per count); its reciprocal is rounded to whole counts per metre.
    public var encoderResolution: Double = 0.0002
    /// Standard deviation of the sample clock's jitter (s).
    public var clockJitter: Double = 0.0003
    /// Probability that a sample is dropped.
    public var dropProbability: Double = 0.001
    /// Standard deviation of the load cell's noise (N).
    public var forceNoise: Double = 1.5
    /// Amplitude of the motor controller's force ripple (N).
    public var rippleAmplitude: Double = 1.0
    /// Frequency of the motor controller's force ripple (Hz).
    public var rippleFrequency: Double = 23
    /// Coulomb friction in the cable path (N), opposing motion.
    public var friction: Double = 4
    /// Effective mass of handle, cable and spool, reflected to the cable (kg).
    public var movingMass: Double = 1.5
    /// The motor's idle tension with the handle at rest (N).
    public var idleTension: Double = 8
    /// The least tension the cable ever carries (N): it never pushes.
    public var minimumTension: Double = 2
    /// Whether the device reports a velocity channel.
    public var reportsVelocity: Bool = false

    /// The defaults, documented in docs/simulator.md.
    public init() {}
}

/// A whole simulated workout: sets in order, with a seed.
public struct WorkoutPlan: Sendable, Hashable {
    /// The sets, in order.
    public var sets: [SetPlan]
    /// The machine.
    public var machine: MachineModel
    /// Seconds of rest before the first set.
    public var leadIn: Double
    /// The seed of every random choice: the same plan and seed give the same bytes.
    public var seed: UInt64

    /// Creates a plan.
    public init(sets: [SetPlan], machine: MachineModel = MachineModel(), leadIn: Double = 3, seed: UInt64 = 1) {
        self.sets = sets
        self.machine = machine
        self.leadIn = leadIn
        self.seed = seed
    }
}
