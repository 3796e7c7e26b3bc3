import CableForm

/// A frame layout a fixture is written in.
public enum FrameLayout: Sendable, Hashable {
    /// ``GenericFrameDecoder`` with ``FrameFixtureCatalog/calibration`` on every cable.
    case generic
    /// ``MonitorFrameDecoder``.
    case monitor
}

/// A named frame log with its plan and link: one entry of `Fixtures/frames/`.
public struct FrameFixture: Sendable, Hashable {
    /// The file stem (`seated_row_generic_100hz`).
    public var name: String
    /// What it exercises, in a sentence.
    public var summary: String
    /// The workout, sampled on the device clock (no sampling jitter or drops:
    /// the link adds its own faults).
    public var plan: WorkoutPlan
    /// The frame layout.
    public var layout: FrameLayout
    /// The device tick frequency (Hz).
    public var ticksPerSecond: Double
    /// What the link does.
    public var faults: FrameLinkFaults
    /// The link's seed.
    public var linkSeed: UInt64

    /// Simulates the workout and sends it through the link: the frame log, the
    /// workout's truth and the link's.
    public func make() -> (log: FrameLog, truth: GroundTruth, link: FrameLinkTruth) {
        let sim = SimulatedMachine(plan: plan).run()
        let (log, link) = switch layout {
        case .generic:
            FrameLog.simulate(sim.session, decoder: FrameFixtureCatalog.genericDecoder, ticksPerSecond: ticksPerSecond,
                              faults: faults, seed: linkSeed)
        case .monitor:
            FrameLog.simulate(sim.session, decoder: MonitorFrameDecoder(), ticksPerSecond: ticksPerSecond,
                              faults: faults, seed: linkSeed)
        }
        return (log, sim.truth, link)
    }
}

/// The committed frame logs: both layouts, 10 Hz to 1 kHz, every link fault
/// (100 ppm drift, 5 ms jitter, 1% lost, duplicates, reordering, a tick
/// counter that wraps) over workouts with rep faults.
public enum FrameFixtureCatalog {
    /// The calibration of the generic fixtures' cables: a 4096-count encoder on
    /// a 50 mm spool, 0.01 N per force count, tare 1200 counts.
    public static let calibration = CableCalibration(countsPerRevolution: 4096, spoolDiameter: 0.05,
                                                     forceScale: 0.01, forceTare: 1200)
    /// The generic fixtures' decoder (two cables).
    public static let genericDecoder = GenericFrameDecoder(calibrations: [calibration, calibration])

    static func machine(_ rate: Double) -> MachineModel {
        var m = MachineModel()
        m.sampleRate = rate
        m.clockJitter = 0
        m.dropProbability = 0
        return m
    }

    /// The fixtures.
    public static let all: [FrameFixture] = [
        FrameFixture(
            name: "seated_row_generic_100hz", summary: "Generic layout at 100 Hz: a hitch, a bounce, a ballistic pull; every link fault.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .seatedRow, reps: 8, loadKilograms: 12.5, restAfter: 20,
                        faults: [.jerky(rep: 2), .ballistic(rep: 5)]),
                SetPlan(exercise: .seatedRow, reps: 6, loadKilograms: 15, restAfter: 8, faults: [.bounce(rep: 3)]),
            ], machine: machine(100), seed: 201),
            layout: .generic, ticksPerSecond: 1_000_000, faults: FrameLinkFaults(), linkSeed: 301),
        FrameFixture(
            name: "face_pull_monitor_20hz", summary: "Monitor layout at 20 Hz (no sequence numbers): an uneven set.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .facePull, reps: 8, loadKilograms: 7.5, restAfter: 10,
                        faults: [.asymmetry(side: .right, romFraction: 0.7, lag: 0.05)]),
            ], machine: machine(20), seed: 202),
            layout: .monitor, ticksPerSecond: 1000, faults: {
                var f = FrameLinkFaults()
                f.initialTicks = UInt32.max - 20_000  // 1 kHz ticks: wraps 20 s in
                return f
            }(), linkSeed: 302),
        FrameFixture(
            name: "overhead_press_monitor_10hz", summary: "Monitor layout at 10 Hz, the lowest rate: partial reps, dropped eccentric.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .overheadPress, reps: 8, loadKilograms: 8, restAfter: 10,
                        faults: [.partial(rep: 3, fraction: 0.5), .droppedEccentric(rep: 6)]),
            ], machine: machine(10), seed: 203),
            layout: .monitor, ticksPerSecond: 1000, faults: {
                var f = FrameLinkFaults()
                f.initialTicks = UInt32.max - 15_000
                return f
            }(), linkSeed: 303),
        FrameFixture(
            name: "hip_thrust_generic_1000hz", summary: "Generic layout at 1 kHz: ballistic pulls; every link fault.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .hipThrust, reps: 5, loadKilograms: 30, restAfter: 5, faults: [.ballistic(rep: 2)]),
            ], machine: machine(1000), leadIn: 2, seed: 204),
            layout: .generic, ticksPerSecond: 1_000_000, faults: FrameLinkFaults(), linkSeed: 304),
    ]
}
