@testable import CableForm
import CableFormDevice
import Foundation
import Testing

/// The definitions of the reps issue, one scenario each.
@Suite("Rep, set and hold rules")
struct RepRulesTests {
    static func run(_ sets: [SetPlan], rate: Double = 100, seed: UInt64 = 3) throws -> (SimulatedSession, SessionReport) {
        var machine = MachineModel()
        machine.sampleRate = rate
        let sim = SimulatedMachine(plan: WorkoutPlan(sets: sets, machine: machine, seed: seed)).run()
        return (sim, try analyze(sim.session))
    }

    @Test("the minimum-jerk tail constant: κ = τ₁₀/(τ₅₀ − τ₁₀)")
    func kappa() {
        func tau(_ f: Double) -> Double { 0.5 - 0.5 * (1 - f.squareRoot()).squareRoot() }
        #expect(abs(MovementDetector.kappa - tau(0.1) / (tau(0.5) - tau(0.1))) < 1e-15)
        #expect(abs(MovementDetector.kappa - 0.60584) < 1e-5)
    }

    @Test("the tail reach recovers the end of [4τ(1−τ)]^p profiles: linear, minimum jerk and long tails",
          arguments: [1.0, 2.0, 7.0])
    func tailReach(p: Double) {
        let T = 2.0
        func t(_ level: Double) -> Double { T * MovementDetector.tau(level, p) }  // distance before the end
        let reach = MovementDetector.tailReach(shoulderToMiddle: t(0.5) - t(0.25), middleToTail: t(0.25) - t(0.1))
        // p = 2 is kept exactly; p = 1 and 7 lie outside the snap range and are fitted.
        #expect(abs(reach - t(0.1)) < 1e-6, "p = \(p): reach \(reach) s, true \(t(0.1)) s")
    }

    @Test("the tail reach skips its bisection only where the bisection would keep p = 2: the same reach to the bit")
    func tailReachShortcut() {
        // The fit as it was before the shortcut: bisection for every ratio inside the fit range.
        func reference(_ a: Double, _ b: Double) -> Double {
            func ratio(_ p: Double) -> Double {
                let t = { (level: Double) in MovementDetector.tau(level, p) }
                return (t(MovementDetector.shoulder) - t(MovementDetector.middle)) / (t(MovementDetector.middle) - t(MovementDetector.tail))
            }
            var p = 2.0
            if a > 0 && b > 0 {
                let r = a / b
                var lo = 0.6, hi = 8.0
                if r >= ratio(lo) { p = lo } else if r <= ratio(hi) { p = hi } else {
                    for _ in 0..<40 {
                        let mid = 0.5 * (lo + hi)
                        if ratio(mid) > r { lo = mid } else { hi = mid }
                    }
                    p = 0.5 * (lo + hi)
                }
                if p >= 1.1 && p <= 6.0 { p = 2 }
            }
            let duration = max(b, 0) / (MovementDetector.tau(MovementDetector.middle, p) - MovementDetector.tau(MovementDetector.tail, p))
            return duration * MovementDetector.tau(MovementDetector.tail, p)
        }
        // Ratios across and beyond the fit range, and packed around the snap range's
        // ends (where the shortcut hands over to the bisection), at several spacings.
        var ratios = (0...400).map { 0.05 * pow(10, Double($0) / 100) }  // 0.05 … 500
        for p in [1.1, 6.0, 0.6, 8.0] {
            let edge = MovementDetector.spacingRatio(p)
            ratios += (-50...50).map { edge * (1 + Double($0) * 1e-8) }
        }
        var compared = 0
        for r in ratios {
            for b in [0.013, 0.1, 0.37] {
                let got = MovementDetector.tailReach(shoulderToMiddle: r * b, middleToTail: b)
                let want = reference(r * b, b)
                #expect(got.bitPattern == want.bitPattern, "ratio \(r), spacing \(b): \(got) s against \(want) s")
                compared += 1
            }
        }
        // The degenerate spacings fall back to p = 2 in both.
        #expect(MovementDetector.tailReach(shoulderToMiddle: 0, middleToTail: 0.1) == reference(0, 0.1))
        #expect(MovementDetector.tailReach(shoulderToMiddle: 0.1, middleToTail: -0.1) == reference(0.1, -0.1))
        #expect(compared == 3 * (401 + 4 * 101))
    }

    @Test("a slow 12 s rehab rep is one rep of its set; a 6 s pause at the top does not split a set")
    func slowReps() throws {
        let slow = Tempo(eccentric: 5, bottomPause: 1.5, concentric: 4, topPause: 1.5)
        let paused = Tempo(eccentric: 2, bottomPause: 1, concentric: 2, topPause: 6)
        let (sim, report) = try Self.run([
            SetPlan(exercise: .hipThrust, reps: 5, loadKilograms: 20, tempo: slow, restAfter: 30, fatigue: 0),
            SetPlan(exercise: .seatedRow, reps: 5, loadKilograms: 10, tempo: paused, restAfter: 10),
        ])
        #expect(report.sets.map(\.repCount) == [5, 5])
        let e = RepEvaluation(report: report, truth: sim.truth)
        #expect(e.matched == 10 && e.detectedReps == 10)
        #expect(report.sets[0].reps.allSatisfy { $0.tempoString.hasPrefix("5-") || $0.tempoString.hasPrefix("4-") || $0.tempoString.hasPrefix("6-") })
    }

    @Test("sets end after the rest limit, or when the handles rest retracted for 3 s")
    func setEnds() throws {
        // 5 s of rest is below the 8 s limit, but the handles go home: two sets.
        let (_, report) = try Self.run([
            SetPlan(exercise: .facePull, reps: 4, loadKilograms: 7.5, restAfter: 5),
            SetPlan(exercise: .facePull, reps: 4, loadKilograms: 7.5, restAfter: 10),
        ])
        #expect(report.sets.map(\.repCount) == [4, 4])
        var config = AnalysisConfiguration()
        config.releaseLimit = 30
        config.restLimit = 60
        let (sim, _) = try Self.run([
            SetPlan(exercise: .facePull, reps: 4, loadKilograms: 7.5, restAfter: 5),
            SetPlan(exercise: .facePull, reps: 4, loadKilograms: 7.5, restAfter: 10),
        ])
        // With both limits raised past the rest, the set-down and set-up are still not reps…
        let merged = try analyze(sim.session, configuration: config)
        #expect(merged.sets.flatMap(\.reps).count == 8)
    }

    @Test("eccentric-first sets are inferred, and their tempo pauses fall where the definition puts them")
    func eccentricFirst() throws {
        let (sim, report) = try Self.run([SetPlan(exercise: .romanianDeadlift, reps: 5, loadKilograms: 20, restAfter: 10)])
        #expect(report.sets.count == 1)
        #expect(report.sets[0].firstPhase == .eccentric)
        let reps = report.sets[0].reps
        #expect(reps.allSatisfy { $0.firstPhase == .eccentric && $0.tempo.bottomPause != nil })
        // The pause after a rep (at the top) belongs to it, and is unknown for the last.
        #expect(reps.dropLast().allSatisfy { $0.tempo.topPause != nil })
        #expect(reps.last!.tempo.topPause == nil && reps.last!.tempoString.hasSuffix("-?"))
        let truth = sim.truth.sets[0].reps
        for (r, t) in zip(reps, truth) {
            #expect(abs(r.tempo.eccentric - t.eccentric) < 0.1 && abs(r.tempo.concentric - t.concentric) < 0.1)
        }
    }

    @Test("a stall inside the concentric counts in the phase; a partial rep is reported and not counted")
    func stallAndPartial() throws {
        let (sim, report) = try Self.run([
            SetPlan(exercise: .latPulldown, reps: 6, loadKilograms: 20, restAfter: 10,
                    faults: [.midRepPause(rep: 2, duration: 1.5), .partial(rep: 4, fraction: 0.5)]),
        ])
        let set = report.sets[0]
        #expect(set.reps.count == 6 && set.repCount == 5)
        #expect(set.reps.map(\.complete) == [true, true, true, true, false, true])
        let t = sim.truth.sets[0].reps[2]
        #expect(abs(set.reps[2].tempo.concentric - t.concentric) < 0.1)
        #expect(set.reps[2].tempo.concentric > 3)
    }

    @Test("one idle cable: the rep names only the cable that moved and measures its full range")
    func idleCable() throws {
        let (sim, report) = try Self.run([
            SetPlan(exercise: .seatedRow, reps: 5, loadKilograms: 10, restAfter: 10, faults: [.idleCable(side: .left)]),
        ])
        for (r, t) in zip(report.sets[0].reps, sim.truth.sets[0].reps) {
            #expect(r.cables == ["right"])
            #expect(abs(r.rangeOfMotion - t.rangeOfMotion) < 0.01)
        }
    }

    @Test("asymmetric sides: the lagging side's onset is measured")
    func lag() throws {
        let (_, report) = try Self.run([
            SetPlan(exercise: .facePull, reps: 6, loadKilograms: 7.5, restAfter: 10,
                    faults: [.asymmetry(side: .right, romFraction: 0.85, lag: 0.1)]),
        ], rate: 500)
        for r in report.sets[0].reps {
            #expect(r.cables == ["left", "right"])
            #expect(abs((r.cableOnsets[1] - r.cableOnsets[0]) - 0.1) < 0.03, "onsets \(r.cableOnsets)")
            #expect(abs(r.cableRanges[1] / r.cableRanges[0] - 0.85) < 0.03)
        }
    }

    @Test("velocity loss, tempo consistency, and a load-velocity profile across three loads")
    func setMeasures() throws {
        let fixture = FixtureCatalog.all.first { $0.name == "seated_row_200hz" }!
        let report = try analyze(SimulatedMachine(plan: fixture.plan).run().session)
        #expect(report.sets.count == 3)
        for set in report.sets {
            // Fatigue slows the last concentric by 15%: velocity loss between 5% and 25%.
            let loss = try #require(set.velocityLossPercent)
            #expect(loss > 5 && loss < 25, "velocity loss \(loss)%")
            #expect(set.tempoConsistency.eccentric! < 0.15)
            #expect(set.loadSource == .measured)
        }
        // No load declared (the sets differ): measured from the concentric force, ≈ commanded + friction.
        let loads = report.sets.map { $0.load! }
        for (measured, commanded) in zip(loads, [10, 12.5, 15]) { #expect(abs(measured - commanded) < 0.8) }
        let profile = try #require(report.loadVelocityProfile)
        #expect(profile.points.count == 3)
        #expect(profile.rSquared >= 0 && profile.rSquared <= 1)
        // The simulated athlete moves every load at the same tempo: the line explains almost
        // nothing, and no 1RM is read off it.
        #expect(profile.rSquared < LoadVelocityProfile.minimumRSquared)
        #expect(profile.estimatedOneRepMax == nil)
    }

    @Test("a declared load is used as is")
    func declaredLoad() throws {
        let (_, report) = try Self.run([SetPlan(exercise: .gluteBridge, reps: 4, loadKilograms: 20, restAfter: 10)])
        #expect(report.sets[0].load == 20 && report.sets[0].loadSource == .metadata)
        #expect(report.loadVelocityProfile == nil)
    }
}

@Suite("Load-velocity profile")
struct LoadVelocityProfileTests {
    static func set(_ index: Int, load: Double, velocity: Double) -> RepSet {
        RepSet(index: index, start: 0, end: 1, firstPhase: .concentric, repCount: 1, velocityLossPercent: nil,
               tempoConsistency: TempoConsistency(eccentric: nil, bottomPause: nil, concentric: nil, topPause: nil),
               load: load, loadSource: .metadata, bestMeanConcentricVelocity: velocity, holds: [], reps: [])
    }

    @Test("an exact line gives r² = 1 and the load at the minimum velocity threshold")
    func exactLine() throws {
        // v = 1.2 − 0.02·load: at 0.15 m/s, load = 52.5 kg.
        let sets = [20.0, 30, 40].enumerated().map { Self.set($0.offset, load: $0.element, velocity: 1.2 - 0.02 * $0.element) }
        let p = try #require(LoadVelocityProfile(sets: sets, threshold: 0.15))
        #expect(abs(p.slope + 0.02) < 1e-12 && abs(p.intercept - 1.2) < 1e-12)
        #expect(abs(p.rSquared - 1) < 1e-12)
        #expect(abs(p.standardError!) < 1e-9)
        #expect(abs(p.estimatedOneRepMax! - 52.5) < 1e-9)
    }

    @Test("one load is no profile; two loads give one without a standard error")
    func tooFew() throws {
        #expect(LoadVelocityProfile(sets: [Self.set(0, load: 20, velocity: 0.8), Self.set(1, load: 20, velocity: 0.7)],
                                    threshold: 0.15) == nil)
        let two = try #require(LoadVelocityProfile(sets: [Self.set(0, load: 20, velocity: 0.8), Self.set(1, load: 30, velocity: 0.6)],
                                                   threshold: 0.15))
        #expect(two.standardError == nil)
        #expect(abs(two.estimatedOneRepMax! - 52.5) < 1e-9)
    }
}

@Suite("Cables taking turns")
struct AlternatingCablesTests {
    /// Minimum-jerk position from `a` to `b` over [t0, t0 + T].
    static func mj(_ t: Double, _ t0: Double, _ T: Double, _ a: Double, _ b: Double) -> Double? {
        guard t >= t0 && t <= t0 + T else { return nil }
        let s = (t - t0) / T
        return a + (b - a) * s * s * s * (10 - 15 * s + 6 * s * s)
    }

    @Test("alternating single-arm rows: one rep per pull, each naming its cable, with its full range")
    func alternating() throws {
        let rate = 100.0
        // Both handles set up to 0.30 m together, then left and right take turns:
        // 2 s out to 0.70 m, 0.5 s hold, 2 s back, 1 s rest; then both set down.
        var moves: [(cable: Int, t0: Double, T: Double, a: Double, b: Double)] = [(0, 2, 1.5, 0, 0.3), (1, 2, 1.5, 0, 0.3)]
        var t = 5.0
        for k in 0..<6 {
            let c = k % 2
            moves.append((c, t, 2, 0.3, 0.7))
            moves.append((c, t + 2.5, 2, 0.7, 0.3))
            t += 5.5
        }
        moves += [(0, t + 1, 1.5, 0.3, 0), (1, t + 1, 1.5, 0.3, 0)]
        let n = Int((t + 6) * rate)
        var time = [Double](), pos: [[Double]] = [[], []], force: [[Double]] = [[], []]
        for i in 0..<n {
            let ti = Double(i) / rate
            time.append(ti)
            for c in 0..<2 {
                // The last move begun: inside it, its profile; after it, where it ended.
                var x = 0.0
                if let m = moves.filter({ $0.cable == c && $0.t0 <= ti }).last {
                    x = Self.mj(ti, m.t0, m.T, m.a, m.b) ?? m.b
                }
                pos[c].append((x / 0.0002).rounded() * 0.0002)
                force[c].append(x > 0.01 ? 100 : 8)
            }
        }
        let session = Session(time: time, cables: [
            CableChannels(name: .left, position: pos[0], force: force[0]),
            CableChannels(name: .right, position: pos[1], force: force[1]),
        ])
        let report = try analyze(session)
        #expect(report.sets.count == 1)
        let reps = report.sets.flatMap(\.reps)
        #expect(reps.count == 6)
        #expect(reps.map(\.cables) == [["left"], ["right"], ["left"], ["right"], ["left"], ["right"]])
        for (k, r) in reps.enumerated() {
            #expect(abs(r.rangeOfMotion - 0.4) < 0.005)
            #expect(abs(r.start - (5 + 5.5 * Double(k))) < 0.03, "rep \(k) starts at \(r.start)")
            #expect(abs(r.tempo.concentric - 2) < 0.06 && abs(r.tempo.topPause! - 0.5) < 0.06)
        }
    }
}
