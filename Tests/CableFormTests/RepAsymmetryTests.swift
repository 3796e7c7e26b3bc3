import CableForm
import CableFormDevice
import Testing

@Suite("Rep asymmetry")
struct RepAsymmetryTests {
    static func run(fraction: Double, lag: Double, rate: Double, side: CableName = .right,
                    seed: UInt64 = 11) throws -> (SimulatedSession, SessionReport) {
        var machine = MachineModel()
        machine.sampleRate = rate
        let sim = SimulatedMachine(plan: WorkoutPlan(sets: [
            SetPlan(exercise: .facePull, reps: 8, loadKilograms: 7.5, restAfter: 10,
                    faults: [.asymmetry(side: side, romFraction: fraction, lag: lag)]),
        ], machine: machine, seed: seed)).run()
        return (sim, try analyze(sim.session))
    }

    @Test("range index within 1.5 points of the truth at 5, 10 and 20% asymmetry; lag within 10 ms",
          arguments: [(0.05, 100.0), (0.10, 200.0), (0.20, 1000.0)])
    func indices(asymmetry: Double, rate: Double) throws {
        // BAI of range a: the short side travels (1 − a)/(1 + a) of the other.
        let fraction = (1 - asymmetry) / (1 + asymmetry)
        let (sim, report) = try Self.run(fraction: fraction, lag: 0.05, rate: rate)
        let truth = sim.truth.sets[0].asymmetryIndexPercent
        #expect(abs(truth - 100 * asymmetry) < 1e-9)
        let reps = report.sets.flatMap(\.reps)
        #expect(reps.count == 8)
        for rep in reps {
            let a = try #require(rep.asymmetry)
            #expect(a.singleCable == nil)
            #expect(abs(a.rangePercent! - truth) <= 1.5, "range index \(a.rangePercent!) vs \(truth)")
            // The same commanded tension on both sides: force even, work follows the range.
            #expect(abs(a.forcePercent!) < 1.5)
            #expect(abs(a.workPercent! - truth) <= 3)
            #expect(abs(a.lag! - 0.05) <= 0.010, "lag \(a.lag!) s")
        }
    }

    @Test("the left side trailing gives a negative lag and a negative range index")
    func leftTrails() throws {
        let (_, report) = try Self.run(fraction: 0.8, lag: 0.08, rate: 500, side: .left)
        for rep in report.sets.flatMap(\.reps) {
            #expect(abs(rep.asymmetry!.lag! + 0.08) <= 0.010)
            #expect(rep.asymmetry!.rangePercent! < -9)
        }
    }

    @Test("an idle cable makes every rep single-cable, never balanced; one cable has no asymmetry")
    func singleCable() throws {
        let sim = SimulatedMachine(plan: WorkoutPlan(sets: [
            SetPlan(exercise: .latPulldown, reps: 5, loadKilograms: 12.5, restAfter: 10, faults: [.idleCable(side: .left)]),
            SetPlan(exercise: .pallofPress, reps: 5, loadKilograms: 5, restAfter: 10),
        ], seed: 4)).run()
        let report = try analyze(sim.session)
        #expect(report.sets.count == 2)
        for rep in report.sets[0].reps {
            let a = try #require(rep.asymmetry)
            #expect(a.singleCable == "right")
            #expect(a.forcePercent == nil && a.rangePercent == nil && a.workPercent == nil && a.lag == nil)
        }
        // The Pallof press uses the left cable only, the right rests: single-cable too.
        for rep in report.sets[1].reps { #expect(rep.asymmetry?.singleCable == "left") }
        let oneCable = try analyze(SimulatedMachine(plan: WorkoutPlan(sets: [
            SetPlan(exercise: .singleLegRDL, reps: 4, loadKilograms: 10, restAfter: 10),
        ], seed: 2)).run().session)
        #expect(oneCable.sets[0].reps.allSatisfy { $0.asymmetry == nil })
    }

    @Test("the index: signed, symmetric, nil for nothing")
    func index() {
        #expect(RepAsymmetry.index(60, 40) == 20)
        #expect(RepAsymmetry.index(40, 60) == -20)
        #expect(RepAsymmetry.index(0, 0) == nil)
    }
}
