import CableForm
import CableFormDevice
import PropertyBased
import Testing

@Suite("Rep quality score")
struct RepScoreTests {
    /// A clean two-cable set: the base every property test perturbs.
    static let cleanSet: RepSet = {
        let sim = SimulatedMachine(plan: WorkoutPlan(sets: [
            SetPlan(exercise: .facePull, reps: 8, loadKilograms: 7.5, restAfter: 10),
        ], seed: 21)).run()
        return try! analyze(sim.session).sets[0]
    }()

    static func score(_ rep: Rep, _ reference: ScoreReference, _ configuration: AnalysisConfiguration) -> Double {
        ScoreComponents(rep: rep, reference: reference, configuration: configuration).score
    }

    @Test("textbook reps score above 90 at every rate and exercise")
    func textbook() throws {
        var scored = 0
        for (k, exercise) in [Exercise.facePull, .latPulldown, .seatedRow, .gobletSquat, .gluteBridge, .pallofPress].enumerated() {
            for rate in [20.0, 100, 1000] {
                var machine = MachineModel()
                machine.sampleRate = rate
                let sim = SimulatedMachine(plan: WorkoutPlan(sets: [
                    SetPlan(exercise: exercise, reps: 8, loadKilograms: 10, restAfter: 10),
                ], machine: machine, seed: UInt64(30 + k))).run()
                let report = try analyze(sim.session)
                for rep in report.sets.flatMap(\.reps) where rep.complete {
                    let score = try #require(rep.score)
                    #expect(score > 90, "\(exercise.name) at \(rate) Hz, rep \(rep.index): \(score) \(String(describing: rep.scoreComponents))")
                    scored += 1
                }
            }
        }
        #expect(scored >= 100)
    }

    @Test("a ballistic, bouncing, lopsided rep scores below 50, and below its neighbours", arguments: [
        Exercise.facePull, .latPulldown, .seatedRow,
    ])
    func worst(exercise: Exercise) throws {
        let sim = SimulatedMachine(plan: WorkoutPlan(sets: [
            SetPlan(exercise: exercise, reps: 8, loadKilograms: 10, restAfter: 10,
                    faults: [.asymmetry(side: .right, romFraction: 0.67, lag: 0.03), .ballistic(rep: 3), .bounce(rep: 3)]),
        ], seed: 5)).run()
        let reps = try analyze(sim.session).sets[0].reps
        #expect(reps.count == 8)
        let bad = reps[3]
        #expect(Set(bad.flags.map(\.kind)).isSuperset(of: [.ballistic, .bounce, .asymmetric]))
        let score = try #require(bad.score)
        #expect(score < 50, "\(score) \(String(describing: bad.scoreComponents))")
        for k in [2, 4] { #expect(score < reps[k].score! - 30) }
    }

    @Test("the score is what its components say: 100 · Σ w·c / Σ w − Σ penalties, within 0–100")
    func explains() throws {
        let sim = SimulatedMachine(plan: WorkoutPlan(sets: [
            SetPlan(exercise: .seatedRow, reps: 8, loadKilograms: 10, restAfter: 10,
                    faults: [.asymmetry(side: .left, romFraction: 0.8, lag: 0.03), .ballistic(rep: 1), .bounce(rep: 3),
                             .jerky(rep: 5), .droppedEccentric(rep: 6), .partial(rep: 7, fraction: 0.5)]),
            SetPlan(exercise: .pallofPress, reps: 5, loadKilograms: 5, restAfter: 10),
        ], seed: 7)).run()
        let report = try analyze(sim.session)
        let configuration = report.configuration
        var penalized = 0
        for rep in report.sets.flatMap(\.reps) {
            let c = try #require(rep.scoreComponents)
            let parts = [c.control, c.tempo, c.range, c.symmetry].compactMap { $0 }
            let weight = parts.reduce(0) { $0 + $1.weight }
            let base = 100 * parts.reduce(0) { $0 + $1.weight * $1.value } / weight
            let expected = min(max(base - c.penalties.reduce(0) { $0 + $1.points }, 0), 100)
            #expect(abs(expected - c.score) < 1e-9 && rep.score == c.score)
            #expect(parts.allSatisfy { $0.value >= 0 && $0.value <= 1 })
            // One penalty per momentum flag: its kind's points times its severity.
            let momentum = rep.flags.filter { configuration.score.penalty(for: $0.kind) > 0 && $0.severity > 0 }
            #expect(c.penalties.count == momentum.count)
            for (penalty, flag) in zip(c.penalties, momentum) {
                #expect(penalty.kind == flag.kind)
                #expect(abs(penalty.points - configuration.score.penalty(for: flag.kind) * flag.severity) < 1e-12)
            }
            penalized += c.penalties.count
            #expect(c.range.weight == configuration.score.rangeWeight)
            #expect((c.symmetry == nil) == (rep.asymmetry?.largestIndex == nil))
        }
        #expect(penalized > 0)
    }

    // MARK: Properties

    /// Ways of making a rep worse, each by a random amount.
    enum Worsening: CaseIterable {
        case jerk, shorterEccentric, asymmetry, shorterRange, momentumFlag
    }

    /// A random rep state: the clean rep with every scored quantity moved to a
    /// random value, so that the properties are checked from anywhere, not
    /// only from a perfect rep.
    static func randomState(_ rep: Rep, typical: Double, _ rng: inout Xoshiro) -> Rep {
        var r = rep
        let unit = Gen.double(in: 0...1)
        func u() -> Double { unit.run(using: &rng) }
        r.smoothness.concentric?.sparc = -1.3 - 3 * u()
        r.smoothness.eccentric?.sparc = -1.3 - 3 * u()
        r.tempo.eccentric = 0.2 + 5 * u()
        r.tempo.concentric = 0.2 + 4 * u()
        r.tempo.bottomPause = u() < 0.2 ? nil : 3 * u()
        r.tempo.topPause = u() < 0.2 ? nil : 3 * u()
        r.rangeOfMotion = typical * (0.4 + 0.8 * u())
        r.asymmetry?.forcePercent = 30 * u() - 15
        r.asymmetry?.rangePercent = 30 * u() - 15
        r.asymmetry?.workPercent = u() < 0.2 ? nil : 30 * u() - 15
        let kinds = Gen.element(of: RepFlag.Kind.allCases)
        r.flags = (0..<Int(3 * u())).map { _ in
            RepFlag(kind: kinds.run(using: &rng)!, time: r.start, severity: u(), detail: "random")
        }
        return r
    }

    static func worsen(_ rep: Rep, _ how: Worsening, by amount: Double, _ rng: inout Xoshiro) -> Rep {
        var r = rep
        switch how {
        case .jerk:
            // A lower SPARC in either phase, another speed peak, and a jerky flag.
            if Gen.bool.run(using: &rng) { r.smoothness.concentric?.sparc -= 2 * amount }
            else { r.smoothness.eccentric?.sparc -= 2 * amount }
            r.smoothness.concentric?.speedPeaks += 1
            r.flags.append(RepFlag(kind: .jerky, time: r.start, severity: amount, detail: "added"))
        case .shorterEccentric:
            r.tempo.eccentric *= 1 - 0.9 * amount
            r.flags.append(RepFlag(kind: .droppedEccentric, time: r.start, severity: amount, detail: "added"))
        case .asymmetry:
            // Any one index moves away from zero.
            let measure = Gen.element(of: RepAsymmetry.Measure.allCases).run(using: &rng)!
            func away(_ x: Double?) -> Double? { x.map { $0 >= 0 ? $0 + 40 * amount : $0 - 40 * amount } ?? 40 * amount }
            guard var a = r.asymmetry else { return r }
            switch measure {
            case .force: a.forcePercent = away(a.forcePercent)
            case .range: a.rangePercent = away(a.rangePercent)
            case .work: a.workPercent = away(a.workPercent)
            }
            r.asymmetry = a
        case .shorterRange:
            r.rangeOfMotion *= 1 - amount
        case .momentumFlag:
            let kind = Gen.element(of: [RepFlag.Kind.ballistic, .bounce]).run(using: &rng)!
            r.flags.append(RepFlag(kind: kind, time: r.start, severity: amount, detail: "added"))
        }
        return r
    }

    @Test("adding jerk, shortening the eccentric, adding asymmetry, cutting the range or a momentum flag never raises the score")
    func monotone() throws {
        let set = Self.cleanSet
        let base = try #require(set.reps.first { $0.complete && $0.asymmetry?.largestIndex != nil },
                                "\(set.reps.map { "\($0.complete) \(String(describing: $0.asymmetry)) \($0.cables)" })")
        let typical = set.reps.map(\.rangeOfMotion).sorted()[set.reps.count / 2]
        var targetConfiguration = AnalysisConfiguration()
        targetConfiguration.score.targetTempo = Tempo(eccentric: 3, bottomPause: 1, concentric: 2, topPause: 0)
        let references = [
            (AnalysisConfiguration(), ScoreReference(typicalRange: typical, tempo: base.tempo)),
            (targetConfiguration, ScoreReference(typicalRange: typical, tempo: targetConfiguration.score.targetTempo!)),
        ]
        var rng = Xoshiro(seed: (0x5EED, 2, 3, 4))
        let amount = Gen.double(in: 0...1)
        var lowered = [Worsening: Int]()
        for _ in 0..<400 {
            let start = Self.randomState(base, typical: typical, &rng)
            for (configuration, reference) in references {
                let before = Self.score(start, reference, configuration)
                #expect(before >= 0 && before <= 100)
                for how in Worsening.allCases {
                    let worse = Self.worsen(start, how, by: amount.run(using: &rng), &rng)
                    let after = Self.score(worse, reference, configuration)
                    #expect(after <= before + 1e-9, "\(how) raised the score from \(before) to \(after)")
                    if after < before - 1e-9 { lowered[how, default: 0] += 1 }
                }
            }
        }
        // Each worsening lowers the score in many cases, not all: a score at 0,
        // a component at its floor, an index that stays below another or a
        // range that stays above the full-range fraction cannot lower it.
        for how in Worsening.allCases { #expect(lowered[how, default: 0] > 300, "\(how) lowered \(lowered[how, default: 0]) of 800") }
    }

    @Test("a target tempo scores adherence: slower eccentrics than the target are not penalized, faster ones are")
    func targetTempo() throws {
        let set = Self.cleanSet
        let rep = try #require(set.reps.first { $0.complete })
        var configuration = AnalysisConfiguration()
        let reference = { (t: Tempo) in ScoreReference(typicalRange: rep.rangeOfMotion, tempo: t) }
        let own = Tempo(eccentric: rep.tempo.eccentric, bottomPause: rep.tempo.bottomPause,
                        concentric: rep.tempo.concentric, topPause: rep.tempo.topPause)
        configuration.score.targetTempo = own
        let exact = ScoreComponents(rep: rep, reference: reference(own), configuration: configuration)
        #expect(exact.tempo?.value == 1)
        var slower = own
        slower.eccentric = rep.tempo.eccentric / 2   // the rep's eccentric is twice the target's
        #expect(ScoreComponents(rep: rep, reference: reference(slower), configuration: configuration).tempo?.value == 1)
        var faster = own
        faster.eccentric = rep.tempo.eccentric * 2   // the rep's eccentric is half the target's
        let short = ScoreComponents(rep: rep, reference: reference(faster), configuration: configuration)
        // Error 0.5 less the tolerance 0.15, averaged over the phases compared.
        let phases = 2 + (rep.tempo.bottomPause == nil ? 0 : 1) + (rep.tempo.topPause == nil ? 0 : 1)
        #expect(abs(short.tempo!.value - (1 - 0.35 / Double(phases))) < 1e-12)
        var noPauses = own
        noPauses.bottomPause = nil
        noPauses.topPause = nil
        #expect(ScoreComponents(rep: rep, reference: reference(noPauses), configuration: configuration).tempo?.value == 1)
    }

    @Test("per set: the mean score of the complete reps, and a negative trend when form fades")
    func setScore() throws {
        let sim = SimulatedMachine(plan: WorkoutPlan(sets: [
            SetPlan(exercise: .latPulldown, reps: 8, loadKilograms: 12.5, restAfter: 10,
                    faults: [.jerky(rep: 5), .ballistic(rep: 6), .droppedEccentric(rep: 7)]),
            SetPlan(exercise: .latPulldown, reps: 2, loadKilograms: 12.5, restAfter: 10),
        ], seed: 9)).run()
        let report = try analyze(sim.session)
        let fading = report.sets[0]
        let scores = fading.reps.filter(\.complete).compactMap(\.score)
        #expect(scores.count == 8)
        #expect(abs(fading.meanScore! - scores.reduce(0, +) / 8) < 1e-9)
        let trend = try #require(fading.scoreTrend)
        #expect(trend < -1, "trend \(trend) points per rep")
        // Two reps: a mean, no trend.
        #expect(report.sets[1].meanScore != nil && report.sets[1].scoreTrend == nil)
    }

    @Test("a target tempo reads and writes as coaches write it")
    func tempoText() {
        #expect(Tempo("3-1-2-0") == Tempo(eccentric: 3, bottomPause: 1, concentric: 2, topPause: 0))
        #expect(Tempo("2.5-0-1.5-?") == Tempo(eccentric: 2.5, bottomPause: 0, concentric: 1.5, topPause: nil))
        #expect(Tempo("2.5-0-1.5-?")?.target == "2.5-0-1.5-?")
        for bad in ["3-1-2", "3-1-2-0-0", "?-1-2-0", "3-1-?-0", "3--2-0", "-1-1-2-0", "a-1-2-0", "inf-1-2-0"] {
            #expect(Tempo(bad) == nil, "\(bad)")
        }
    }
}
