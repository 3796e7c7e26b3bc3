import CableForm

extension FixtureCatalog {
    /// A random but reproducible workout for evaluating the rep analyzer beyond
    /// the committed fixtures: 1–3 sets of one rehab-protocol exercise with
    /// random tempo (fast to slow rehab reps of up to 12 s, now and then a
    /// long squeeze at the top), rep count, load,
    /// rest and faults — every fault the simulator has, partial reps kept at 8 cm
    /// or more (below the 5 cm minimum range a motion is fidgeting, not a rep).
    ///
    /// The same seed and rate always give the same plan.
    public static func randomPlan(seed: UInt64, sampleRate: Double) -> WorkoutPlan {
        var rng = SeededRandom(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 17)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.unit() * Double(items.count))] }
        let exercise = pick(Exercise.protocolExercises)
        var sets: [SetPlan] = []
        let setCount = 1 + Int(rng.unit() * 3)
        for k in 0..<setCount {
            let reps = exercise.isHold ? 1 : 3 + Int(rng.unit() * 10)
            var tempo: Tempo?
            if !exercise.isHold && rng.unit() < 0.6 {
                // Eccentric 1–5 s, pauses 0–2 s, concentric 0.8–4 s: from brisk to a 12 s rehab rep.
                let top = rng.unit()
                tempo = Tempo(eccentric: rng.uniform(1, 5), bottomPause: rng.unit() < 0.3 ? 0 : rng.uniform(0.2, 2),
                              concentric: rng.uniform(0.8, 4),
                              topPause: top < 0.3 ? 0 : top < 0.9 ? rng.uniform(0.2, 1.5) : rng.uniform(3, 6.5))
            }
            var faults: [InjectedFault] = []
            if !exercise.isHold {
                for _ in 0..<Int(rng.unit() * 3) {
                    let rep = Int(rng.unit() * Double(reps))
                    switch Int(rng.unit() * 8) {
                    case 0: faults.append(.ballistic(rep: rep))
                    case 1: faults.append(.jerky(rep: rep))
                    case 2: faults.append(.bounce(rep: rep))
                    case 3: faults.append(.droppedEccentric(rep: rep))
                    case 4:
                        let fraction = max(rng.uniform(0.3, 0.6), 0.08 / exercise.rangeOfMotion)
                        if reps >= 3 && fraction <= 0.6 { faults.append(.partial(rep: rep, fraction: fraction)) }
                    case 5: faults.append(.midRepPause(rep: rep, duration: rng.uniform(0.4, 2)))
                    case 6:
                        if exercise.cables.count == 2 {
                            faults.append(.asymmetry(side: pick(exercise.cables), romFraction: rng.uniform(0.6, 0.95),
                                                     lag: rng.uniform(0, 0.06)))
                        }
                    default:
                        if exercise.cables.count == 2 { faults.append(.idleCable(side: pick(exercise.cables))) }
                    }
                }
            }
            // One fault of each kind per rep, and at most one set-level fault.
            var seen: Set<String> = []
            var setLevel = false
            faults = faults.filter { f in
                if f.rep == nil {
                    defer { setLevel = true }
                    return !setLevel
                }
                return seen.insert("\(f.rep!)").inserted
            }
            sets.append(SetPlan(
                exercise: exercise, reps: reps, loadKilograms: 5 + 2.5 * Double(Int(rng.unit() * 8)), tempo: tempo,
                restAfter: k == setCount - 1 ? 5 : rng.uniform(12, 60), faults: faults, fatigue: rng.uniform(0, 0.3)))
        }
        var machine = MachineModel()
        machine.sampleRate = sampleRate
        return WorkoutPlan(sets: sets, machine: machine, leadIn: rng.uniform(2, 6), seed: seed)
    }
}
