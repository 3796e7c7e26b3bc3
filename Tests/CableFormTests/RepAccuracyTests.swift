import CableForm
import CableFormDevice
import Foundation
import Testing

/// The rep issue's acceptance figures, measured on the committed fixtures and
/// on a larger random simulated set (fixed seeds).
@Suite("Rep detection accuracy")
struct RepAccuracyTests {
    /// Pooled figures over many sessions.
    struct Pool {
        var sets = 0, exactSets = 0, trueReps = 0, detected = 0, matched = 0
        var partials = 0, partialsFound = 0, ghosts = 0, digits = 0, digitsExact = 0
        var boundaries: [Double] = [], phases: [Double] = []
        var partialFlags = RepEvaluation.FlagScore()
        var flags: [String: RepEvaluation.FlagScore] = [:]

        mutating func add(_ e: RepEvaluation) {
            sets += e.sets
            exactSets += e.exactCountSets
            trueReps += e.trueReps
            detected += e.detectedReps
            matched += e.matched
            partials += e.truePartials
            partialsFound += e.partialsRecalled
            ghosts += e.ghostReps
            digits += e.tempoDigits
            digitsExact += e.tempoDigitsExact
            boundaries += e.boundaryErrors
            phases += e.phaseErrors
            for (kind, score) in e.flagScores {
                flags[kind, default: .init()].truePositives += score.truePositives
                flags[kind, default: .init()].falsePositives += score.falsePositives
                flags[kind, default: .init()].falseNegatives += score.falseNegatives
            }
            let p = e.flagScores["partial"]!
            partialFlags.truePositives += p.truePositives
            partialFlags.falsePositives += p.falsePositives
            partialFlags.falseNegatives += p.falseNegatives
        }

        var f1: Double {
            let p = Double(matched) / Double(max(detected, 1)), r = Double(matched) / Double(max(trueReps, 1))
            return p + r == 0 ? 0 : 2 * p * r / (p + r)
        }
        var exactFraction: Double { Double(exactSets) / Double(max(sets, 1)) }
        var partialRecall: Double { partials == 0 ? 1 : Double(partialsFound) / Double(partials) }
        var median: Double { Self.quantile(boundaries, 0.5) }
        var p95: Double { Self.quantile(boundaries, 0.95) }
        var phaseAccuracy: Double {
            phases.isEmpty ? 1 : Double(phases.filter { $0 <= 0.15 }.count) / Double(phases.count)
        }
        var digitAccuracy: Double { digits == 0 ? 1 : Double(digitsExact) / Double(digits) }
        var falseFlagsPer100: Double { 100 * Double(flags.values.reduce(0) { $0 + $1.falsePositives }) / Double(max(detected, 1)) }

        /// The form issue's flag targets: precision and recall ≥ 0.95 for each
        /// kind the simulator injects, at most 0.3 false flags per 100 reps.
        func expectFlags(_ label: String) {
            for kind in ["ballistic", "bounce", "dropped_eccentric", "jerky", "partial", "asymmetric"] {
                let s = flags[kind] ?? .init()
                #expect(s.truePositives >= 10, "\(label): \(kind) needs cases, got \(s)")
                #expect(s.precision >= 0.95 && s.recall >= 0.95, "\(label): \(kind) \(s)")
            }
            #expect(falseFlagsPer100 < 0.3, "\(label): \(falseFlagsPer100) false flags per 100 reps")
        }

        static func quantile(_ v: [Double], _ q: Double) -> Double {
            guard !v.isEmpty else { return 0 }
            let s = v.sorted()
            let x = q * Double(s.count - 1)
            let lo = Int(x), hi = min(lo + 1, s.count - 1)
            return s[lo] + (s[hi] - s[lo]) * (x - Double(lo))
        }

        /// The counting targets, which hold at every rate.
        func expectCounting(_ label: String) {
            #expect(exactFraction >= 0.995, "\(label): exact set counts \(exactSets)/\(sets)")
            #expect(f1 >= 0.998, "\(label): F1 \(f1)")
            #expect(partialRecall >= 0.97, "\(label): partial recall \(partialsFound)/\(partials)")
            #expect(ghosts == 0, "\(label): \(ghosts) ghost reps")
            #expect(partialFlags.precision >= 0.95 && partialFlags.recall >= 0.95, "\(label): partial flags \(partialFlags)")
        }
    }

    static func evaluate(_ sim: SimulatedSession) throws -> RepEvaluation {
        RepEvaluation(report: try analyze(sim.session), truth: sim.truth)
    }

    @Test("committed fixtures: every count exact, boundaries and phases within the targets")
    func fixtures() throws {
        var fast = Pool(), slow = Pool(), all = Pool()
        for fixture in FixtureCatalog.all {
            let sim = SimulatedMachine(plan: fixture.plan).run()
            let e = try Self.evaluate(sim)
            #expect(e.exactCountSets == e.sets, "\(fixture.name)")
            #expect(e.matched == e.trueReps && e.matched == e.detectedReps, "\(fixture.name)")
            all.add(e)
            if fixture.plan.machine.sampleRate >= 100 { fast.add(e) } else if fixture.plan.machine.sampleRate >= 20 { slow.add(e) }
        }
        all.expectCounting("fixtures")
        #expect(all.falseFlagsPer100 < 0.3, "fixtures: \(all.falseFlagsPer100) false flags per 100 reps")
        #expect(fast.median <= 0.015 && fast.p95 <= 0.050, "≥100 Hz boundaries: median \(fast.median) s, p95 \(fast.p95) s")
        #expect(slow.median <= 0.030 && slow.p95 <= 0.090, "20–50 Hz boundaries: median \(slow.median) s, p95 \(slow.p95) s")
        #expect(fast.phaseAccuracy >= 0.98, "phases within 150 ms: \(fast.phaseAccuracy)")
        #expect(all.digitAccuracy >= 0.98, "tempo digits: \(all.digitAccuracy)")
    }

    /// Random workouts (FixtureCatalog.randomPlan): every exercise, tempos from
    /// brisk to 12 s rehab reps, and every fault, at a machine rate.
    static func randomPool(rate: Double, seeds: ClosedRange<UInt64>) throws -> Pool {
        var pool = Pool()
        for seed in seeds {
            pool.add(try evaluate(SimulatedMachine(plan: FixtureCatalog.randomPlan(seed: seed, sampleRate: rate)).run()))
        }
        return pool
    }

    @Test("a larger random set at 100 Hz meets every target and beats the SciPy baseline")
    func random100() throws {
        let pool = try Self.randomPool(rate: 100, seeds: 1...120)
        #expect(pool.trueReps > 1000)
        pool.expectCounting("100 Hz")
        // The plain SciPy pipeline reaches 19 ms median, 61 ms p95 and 97.8% of phases.
        #expect(pool.median <= 0.015 && pool.p95 <= 0.050, "median \(pool.median) s, p95 \(pool.p95) s")
        #expect(pool.phaseAccuracy >= 0.98, "phases within 150 ms: \(pool.phaseAccuracy)")
        #expect(pool.digitAccuracy >= 0.98, "tempo digits: \(pool.digitAccuracy)")
        pool.expectFlags("100 Hz")
    }

    @Test("the same random set at 20 Hz: counting targets, boundaries within 30 ms median and 90 ms p95")
    func random20() throws {
        let pool = try Self.randomPool(rate: 20, seeds: 1...120)
        pool.expectCounting("20 Hz")
        #expect(pool.median <= 0.030 && pool.p95 <= 0.090, "median \(pool.median) s, p95 \(pool.p95) s")
    }

    @Test("a random set at 1 kHz meets the targets")
    func random1000() throws {
        let pool = try Self.randomPool(rate: 1000, seeds: 121...150)
        pool.expectCounting("1 kHz")
        #expect(pool.median <= 0.015 && pool.p95 <= 0.050, "median \(pool.median) s, p95 \(pool.p95) s")
        #expect(pool.phaseAccuracy >= 0.98, "phases within 150 ms: \(pool.phaseAccuracy)")
    }

    @Test("holds are holds, not reps: the suitcase carry has two holds and no reps")
    func holds() throws {
        let fixture = FixtureCatalog.all.first { $0.name == "suitcase_carry_100hz" }!
        let sim = SimulatedMachine(plan: fixture.plan).run()
        let report = try analyze(sim.session)
        #expect(report.sets.count == 2)
        #expect(report.sets.flatMap(\.reps).isEmpty)
        let holds = report.sets.flatMap(\.holds)
        let truth = sim.truth.sets.flatMap(\.holds)
        #expect(holds.count == truth.count)
        for (h, t) in zip(holds, truth) {
            #expect(abs(h.start - t.start) < 0.05 && abs(h.end - t.end) < 0.05)
            // 20 kg on one cable, plus the idle tension nowhere else: about 196 N.
            #expect(abs(h.meanForce - 20 * 9.80665) < 5)
            #expect(h.cables == ["left"])
        }
    }

    @Test("concentric (position increasing) is the phase where force × velocity is positive")
    func concentricIsPositiveWork() throws {
        for fixture in FixtureCatalog.all {
            let report = try analyze(SimulatedMachine(plan: fixture.plan).run().session)
            for rep in report.sets.flatMap(\.reps) {
                #expect(rep.meanPower > 0 && rep.work > 0, "\(fixture.name) rep at \(rep.start) s")
                #expect(rep.meanConcentricVelocity > 0 && rep.peakConcentricVelocity >= rep.meanConcentricVelocity)
            }
        }
    }
}
