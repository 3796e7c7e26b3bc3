import CableForm
import CableFormDevice
import Foundation
import Testing

@Suite("Simulated machine")
struct SimulatedMachineTests {
    static func rowPlan(rate: Double = 200, faults: [InjectedFault] = [], seed: UInt64 = 7,
                        machine: MachineModel? = nil) -> WorkoutPlan {
        var m = machine ?? MachineModel()
        m.sampleRate = rate
        return WorkoutPlan(
            sets: [SetPlan(exercise: .seatedRow, reps: 8, loadKilograms: 12.5, restAfter: 20, faults: faults)],
            machine: m, seed: seed)
    }

    @Test("the same plan and seed give the same bytes; another seed does not")
    func deterministic() throws {
        let a = SimulatedMachine(plan: Self.rowPlan()).run()
        let b = SimulatedMachine(plan: Self.rowPlan()).run()
        #expect(SessionBinary.encode(a.session) == SessionBinary.encode(b.session))
        #expect(a.truth == b.truth)
        let c = SimulatedMachine(plan: Self.rowPlan(seed: 8)).run()
        #expect(SessionBinary.encode(c.session) != SessionBinary.encode(a.session))
    }

    @Test("truth: one rep per planned rep, phases in the planned tempo, inside the set")
    func truthMatchesPlan() throws {
        let sim = SimulatedMachine(plan: Self.rowPlan()).run()
        let set = try #require(sim.truth.sets.first)
        #expect(set.reps.count == 8)
        let tempo = Exercise.seatedRow.tempo
        for rep in set.reps {
            #expect(rep.firstPhase == "concentric")
            #expect(abs(rep.eccentric - tempo.eccentric) < 0.25 * tempo.eccentric + 0.2, "rep \(rep.index)")
            // Fatigue slows the concentric by up to 15%.
            #expect(rep.concentric > 0.6 * tempo.concentric && rep.concentric < 1.6 * tempo.concentric)
            #expect(rep.end > rep.start && rep.start >= set.setup.end && rep.end <= set.setdown.start)
            #expect(rep.complete)
        }
        #expect(set.reps.last?.bottomPause == nil)
        #expect(set.reps.dropLast().allSatisfy { $0.bottomPause != nil })
        // Fatigue: the last concentric is slower than the first, on average over the set halves.
        let c = set.reps.map(\.concentric)
        #expect(c.suffix(3).reduce(0, +) > c.prefix(3).reduce(0, +))
    }

    @Test("physics: tension equals the load plus m·a plus friction, within the sensor noise")
    func forceModel() throws {
        var machine = MachineModel()
        machine.clockJitter = 0
        machine.dropProbability = 0
        machine.encoderResolution = 1e-7
        let sim = SimulatedMachine(plan: Self.rowPlan(rate: 500, machine: machine)).run()
        let s = sim.session
        let set = try #require(sim.truth.sets.first)
        let left = try #require(s.cable(.left))
        // Differentiate position twice (central differences on the uniform 500 Hz grid).
        let dt = 1 / 500.0
        var residuals: [Double] = []
        for i in 2..<(s.sampleCount - 2) where s.time[i] > set.start + 0.5 && s.time[i] < set.end - 0.5 {
            let v = (left.position[i + 1] - left.position[i - 1]) / (2 * dt)
            let a = (left.position[i + 1] - 2 * left.position[i] + left.position[i - 1]) / (dt * dt)
            let expected = 12.5 * SimulatedMachine.gravity + machine.movingMass * a + machine.friction * tanh(v / 0.02)
            residuals.append(left.force[i] - expected)
        }
        let mean = residuals.reduce(0, +) / Double(residuals.count)
        let sd = (residuals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(residuals.count)).squareRoot()
        // Ripple (1 N amplitude → 0.71 N rms) and noise (1.5 N) give sd ≈ 1.66 N; the mean is ≈ 0.
        #expect(abs(mean) < 0.2)
        #expect(sd > 1.3 && sd < 2.1)
        #expect(left.force.allSatisfy { $0 >= machine.minimumTension })
    }

    @Test("sensors: quantized positions, increasing jittered time, dropped samples")
    func sensors() throws {
        var machine = MachineModel()
        machine.dropProbability = 0.02
        let sim = SimulatedMachine(plan: Self.rowPlan(rate: 100, machine: machine)).run()
        let s = sim.session
        #expect(zip(s.time.dropFirst(), s.time).allSatisfy { $0 > $1 })
        #expect(s.cables[0].position.allSatisfy { abs(($0 / 0.0002).rounded() * 0.0002 - $0) < 1e-12 })
        let expected = Int(s.duration * 100) + 1
        let dropped = expected - s.sampleCount
        #expect(dropped > expected / 100 && dropped < expected * 3 / 100)
        #expect(!s.gaps.isEmpty)
    }

    @Test("between sets the handles rest at idle tension; fidgets stay under 5 cm")
    func restBetweenSets() throws {
        let sim = SimulatedMachine(plan: Self.rowPlan()).run()
        let s = sim.session
        let set = try #require(sim.truth.sets.first)
        let left = try #require(s.cable(.left))
        let restIndices = s.time.indices.filter { s.time[$0] > set.setdown.end + 0.5 }
        #expect(!restIndices.isEmpty)
        #expect(restIndices.allSatisfy { left.position[$0] < 0.05 })
        let meanForce = restIndices.map { left.force[$0] }.reduce(0, +) / Double(restIndices.count)
        #expect(abs(meanForce - MachineModel().idleTension) < 1)
    }

    @Test("faults land where the truth says")
    func faults() throws {
        let plan = Self.rowPlan(rate: 500, faults: [
            .ballistic(rep: 1), .jerky(rep: 2), .bounce(rep: 3), .droppedEccentric(rep: 4),
            .partial(rep: 5, fraction: 0.5), .midRepPause(rep: 6, duration: 1.5),
        ])
        let sim = SimulatedMachine(plan: plan).run()
        let reps = try #require(sim.truth.sets.first?.reps)
        let left = try #require(sim.session.cable(.left))
        let time = sim.session.time
        func window(_ span: (Double, Double)) -> [Int] { time.indices.filter { time[$0] >= span.0 && time[$0] <= span.1 } }
        func velocity(_ i: Int) -> Double { (left.position[i + 1] - left.position[i - 1]) / (time[i + 1] - time[i - 1]) }

        #expect(reps[1].faults.map(\.kind) == ["ballistic"])
        #expect(reps[1].concentric < 0.7 * reps[0].concentric)
        #expect(reps[3].bottomPause == 0 && reps[3].faults.map(\.kind) == ["bounce"])
        #expect(reps[4].eccentric < 0.5 * reps[0].eccentric)
        #expect(!reps[5].complete && reps[5].rangeOfMotion < 0.3)
        #expect(reps[6].concentric > reps[0].concentric + 1.2)
        // The ballistic pull peaks early in its concentric phase.
        let b = window((reps[1].start, reps[1].start + reps[1].concentric))
        let peak = b.dropFirst().dropLast().max { velocity($0) < velocity($1) }!
        #expect((time[peak] - time[b.first!]) / reps[1].concentric < 0.4)
        // The hitch has two velocity maxima with a dip between them.
        let j = window((reps[2].start, reps[2].start + reps[2].concentric)).dropFirst(2).dropLast(2)
        let v = j.map(velocity)
        let peaks = try findPeaks(try SecondOrderSections.butterworth(order: 2, band: .lowpass(cutoff: 10), sampleRate: 500).filtfilt(v),
                                  PeakCriteria(prominence: 0.02))
        #expect(peaks.count == 2)
        // The bounce reverses hard: a force spike at the bottom.
        let bounce = try #require(reps[3].faults.first)
        let spike = window((bounce.start, bounce.end)).map { left.force[$0] }.max()!
        #expect(spike > 12.5 * SimulatedMachine.gravity + 8)
    }

    @Test("asymmetry and an idle cable are recorded with their true index")
    func sides() throws {
        let plan = WorkoutPlan(sets: [
            SetPlan(exercise: .latPulldown, reps: 4, loadKilograms: 10, restAfter: 10,
                    faults: [.asymmetry(side: .right, romFraction: 0.8, lag: 0.1)]),
            SetPlan(exercise: .latPulldown, reps: 4, loadKilograms: 10, restAfter: 10, faults: [.idleCable(side: .left)]),
        ], seed: 3)
        let sim = SimulatedMachine(plan: plan).run()
        let first = sim.truth.sets[0], second = sim.truth.sets[1]
        #expect(abs(first.asymmetryIndexPercent - (1 - 0.8) / 1.8 * 100) < 1e-9)
        #expect(first.lag == 0.1)
        #expect(second.cables == ["right"])
        let left = try #require(sim.session.cable(.left))
        let t = sim.session.time
        let during = t.indices.filter { t[$0] > second.setup.start && t[$0] < second.setdown.end }
        #expect(during.allSatisfy { left.position[$0] < 0.05 })
        let right = try #require(sim.session.cable(.right))
        let range = { (idx: [Int], p: [Double]) in idx.map { p[$0] }.max()! - idx.map { p[$0] }.min()! }
        let firstSet = t.indices.filter { t[$0] > first.start && t[$0] < first.end }
        #expect(range(firstSet, right.position) < range(firstSet, left.position) * 0.95)
    }

    @Test("a hold is a hold: no reps, one hold of the planned length")
    func hold() throws {
        let sim = SimulatedMachine(plan: WorkoutPlan(sets: [SetPlan(exercise: .suitcaseCarry, reps: 1, loadKilograms: 15)])).run()
        let set = try #require(sim.truth.sets.first)
        #expect(set.reps.isEmpty)
        #expect(set.holds.count == 1)
        #expect(set.holds[0].duration > 12)
    }

    @Test("eccentric-first exercises start extended")
    func eccentricFirst() throws {
        let sim = SimulatedMachine(plan: WorkoutPlan(sets: [SetPlan(exercise: .romanianDeadlift, reps: 5, loadKilograms: 20)])).run()
        let set = try #require(sim.truth.sets.first)
        #expect(set.reps.allSatisfy { $0.firstPhase == "eccentric" })
        #expect(set.reps.last?.topPause == nil)
        let left = try #require(sim.session.cable(.left))
        let i = try #require(sim.session.time.firstIndex { $0 >= set.reps[0].start })
        #expect(abs(left.position[i] - Exercise.romanianDeadlift.top) < 0.02)
    }

    @Test("truth round-trips through JSON")
    func truthJSON() throws {
        let sim = SimulatedMachine(plan: Self.rowPlan(faults: [.bounce(rep: 2)])).run()
        let data = try JSONEncoder().encode(sim.truth)
        #expect(try JSONDecoder().decode(GroundTruth.self, from: data) == sim.truth)
    }
}
