import CableForm
import Foundation

/// A named simulated recording with its plan: one entry of `Fixtures/simulated/`.
public struct SimulatedFixture: Sendable, Hashable {
    /// The file stem (`seated_row_200hz`).
    public var name: String
    /// What the fixture exercises, in a sentence.
    public var summary: String
    /// The plan that makes it.
    public var plan: WorkoutPlan
}

/// The committed simulated fixtures and the large benchmark sessions.
public enum FixtureCatalog {
    private static func machine(_ rate: Double, velocity: Bool = false) -> MachineModel {
        var m = MachineModel()
        m.sampleRate = rate
        m.reportsVelocity = velocity
        return m
    }

    /// The committed fixtures: every rehab-protocol exercise, rates from 10 Hz to
    /// 2 kHz, several loads and load modes, and every injected fault.
    public static let all: [SimulatedFixture] = [
        SimulatedFixture(
            name: "glute_bridge_100hz", summary: "Two clean sets at two loads.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .gluteBridge, reps: 10, loadKilograms: 20, restAfter: 30),
                SetPlan(exercise: .gluteBridge, reps: 10, loadKilograms: 25, restAfter: 10),
            ], machine: machine(100), seed: 101)),
        SimulatedFixture(
            name: "seated_row_200hz", summary: "Three sets at rising load (load-velocity profile); a hitch, a bounce.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .seatedRow, reps: 8, loadKilograms: 10, restAfter: 30),
                SetPlan(exercise: .seatedRow, reps: 8, loadKilograms: 12.5, restAfter: 30, faults: [.jerky(rep: 3)]),
                SetPlan(exercise: .seatedRow, reps: 6, loadKilograms: 15, restAfter: 10, faults: [.bounce(rep: 2)]),
            ], machine: machine(200), seed: 102)),
        SimulatedFixture(
            name: "pallof_press_50hz", summary: "One cable, little travel, steady force.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .pallofPress, reps: 8, loadKilograms: 5, restAfter: 30),
                SetPlan(exercise: .pallofPress, reps: 8, loadKilograms: 5, restAfter: 10),
            ], machine: machine(50), seed: 103)),
        SimulatedFixture(
            name: "romanian_deadlift_100hz", summary: "Eccentric first; dropped eccentrics.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .romanianDeadlift, reps: 8, loadKilograms: 20, restAfter: 30,
                        faults: [.droppedEccentric(rep: 5)]),
                SetPlan(exercise: .romanianDeadlift, reps: 8, loadKilograms: 20, restAfter: 10,
                        faults: [.droppedEccentric(rep: 6), .droppedEccentric(rep: 7)]),
            ], machine: machine(100), seed: 104)),
        SimulatedFixture(
            name: "face_pull_500hz", summary: "The right side travels 85% of the left's range, 80 ms late.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .facePull, reps: 10, loadKilograms: 7.5, restAfter: 10,
                        faults: [.asymmetry(side: .right, romFraction: 0.85, lag: 0.08)]),
            ], machine: machine(500), seed: 105)),
        SimulatedFixture(
            name: "goblet_squat_20hz", summary: "Eccentric first at a low rate; partial reps.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .gobletSquat, reps: 10, loadKilograms: 15, restAfter: 30,
                        faults: [.partial(rep: 4, fraction: 0.5), .partial(rep: 8, fraction: 0.6)]),
                SetPlan(exercise: .gobletSquat, reps: 8, loadKilograms: 15, restAfter: 10),
            ], machine: machine(20), seed: 106)),
        SimulatedFixture(
            name: "suitcase_carry_100hz", summary: "Two static holds: no reps to find.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .suitcaseCarry, reps: 1, loadKilograms: 20, restAfter: 30),
                SetPlan(exercise: .suitcaseCarry, reps: 1, loadKilograms: 20, restAfter: 10),
            ], machine: machine(100), seed: 107)),
        SimulatedFixture(
            name: "hip_thrust_1000hz", summary: "Ballistic pulls at 1 kHz, with a device velocity channel.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .hipThrust, reps: 6, loadKilograms: 30, restAfter: 8,
                        faults: [.ballistic(rep: 2), .ballistic(rep: 4)]),
            ], machine: machine(1000, velocity: true), seed: 108)),
        SimulatedFixture(
            name: "lat_pulldown_200hz", summary: "Eccentric overload mode; a mid-rep stall; a set with the left cable idle.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .latPulldown, reps: 8, loadKilograms: 25, mode: .eccentric(extra: 0.2), restAfter: 30,
                        faults: [.midRepPause(rep: 5, duration: 1.5)]),
                SetPlan(exercise: .latPulldown, reps: 6, loadKilograms: 12.5, restAfter: 10,
                        faults: [.idleCable(side: .left)]),
            ], machine: machine(200), seed: 109)),
        SimulatedFixture(
            name: "single_leg_rdl_100hz", summary: "One cable, eccentric first.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .singleLegRDL, reps: 8, loadKilograms: 10, restAfter: 30),
                SetPlan(exercise: .singleLegRDL, reps: 8, loadKilograms: 10, restAfter: 10),
            ], machine: machine(100), seed: 110)),
        SimulatedFixture(
            name: "overhead_press_10hz", summary: "Chains mode at 10 Hz, the lowest rate a machine sends.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .overheadPress, reps: 8, loadKilograms: 8, mode: .chains(fractionAtTop: 0.3), restAfter: 30),
                SetPlan(exercise: .overheadPress, reps: 8, loadKilograms: 8, mode: .chains(fractionAtTop: 0.3), restAfter: 10),
            ], machine: machine(10), seed: 111)),
        SimulatedFixture(
            name: "seated_row_2000hz", summary: "A short set at 2 kHz.",
            plan: WorkoutPlan(sets: [
                SetPlan(exercise: .seatedRow, reps: 4, loadKilograms: 12.5, restAfter: 5),
            ], machine: machine(2000), leadIn: 2, seed: 112)),
    ]

    /// A long two-cable workout for benchmarks: sets of 10 seated rows at
    /// rising loads with 60 s rests, repeated until `duration` seconds.
    public static func benchmarkPlan(duration: Double = 3600, sampleRate: Double = 1000, seed: UInt64 = 1) -> WorkoutPlan {
        var sets: [SetPlan] = []
        var total = 3.0
        var k = 0
        while total < duration {
            let set = SetPlan(exercise: .seatedRow, reps: 10, loadKilograms: 10 + 2.5 * Double(k % 4), restAfter: 60)
            sets.append(set)
            total += 10 * (set.exercise.tempo.total) + 5 + 60
            k += 1
        }
        return WorkoutPlan(sets: sets, machine: machine(sampleRate), seed: seed)
    }
}

