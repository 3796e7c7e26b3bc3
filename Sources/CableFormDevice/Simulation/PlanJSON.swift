import CableForm
import Foundation

// A workout plan as JSON, schema `cableform.plan/1` (docs/cli.md): what
// `cableform simulate PLAN.json` reads.

/// A plan file that cannot be used: where, and why.
public struct PlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JSON path of the bad value (`sets[1].faults[0].kind`).
    public var path: String
    /// What is wrong.
    public var reason: String

    public var description: String { "\(path): \(reason)" }
}

extension WorkoutPlan {
    /// The plan file's schema name.
    public static let schema = "cableform.plan/1"

    /// Reads a `cableform.plan/1` document.
    ///
    /// - Throws: ``PlanError`` naming the JSON path of the first bad value.
    public static func decode(_ data: Data) throws(PlanError) -> WorkoutPlan {
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw PlanError(path: "$", reason: "not a JSON object")
        }
        func number(_ object: [String: Any], _ key: String, _ path: String, default value: Double? = nil) throws(PlanError) -> Double {
            guard let raw = object[key] else {
                if let value { return value }
                throw PlanError(path: path + "." + key, reason: "missing")
            }
            guard let x = raw as? Double ?? (raw as? Int).map(Double.init), x.isFinite else {
                throw PlanError(path: path + "." + key, reason: "not a number")
            }
            return x
        }
        if let schema = root["schema"] as? String, schema != Self.schema {
            throw PlanError(path: "$.schema", reason: "expected \(Self.schema), got \(schema)")
        }
        var machine = MachineModel()
        if let m = root["machine"] as? [String: Any] {
            machine.sampleRate = try number(m, "sample_rate_hz", "$.machine", default: machine.sampleRate)
            machine.clockJitter = try number(m, "clock_jitter_s", "$.machine", default: machine.clockJitter)
            machine.dropProbability = try number(m, "drop_probability", "$.machine", default: machine.dropProbability)
            guard machine.sampleRate >= 1 && machine.sampleRate <= 10_000 else {
                throw PlanError(path: "$.machine.sample_rate_hz", reason: "must be in 1…10 000 Hz")
            }
        }
        guard let sets = root["sets"] as? [[String: Any]], !sets.isEmpty else {
            throw PlanError(path: "$.sets", reason: "a non-empty list of sets is required")
        }
        var plans: [SetPlan] = []
        for (k, s) in sets.enumerated() {
            let path = "$.sets[\(k)]"
            guard let name = s["exercise"] as? String else { throw PlanError(path: path + ".exercise", reason: "missing") }
            guard let exercise = Exercise.protocolExercises.first(where: { $0.name == name }) else {
                throw PlanError(path: path + ".exercise", reason: "unknown exercise \(name); one of \(Exercise.protocolExercises.map(\.name).joined(separator: ", "))")
            }
            let reps = try number(s, "reps", path)
            guard reps >= 1, reps <= 100, reps == reps.rounded() else { throw PlanError(path: path + ".reps", reason: "must be a whole number in 1…100") }
            let load = try number(s, "load_kg", path)
            guard load > 0 && load <= 500 else { throw PlanError(path: path + ".load_kg", reason: "must be in (0, 500] kg") }
            var tempo: Tempo?
            if let text = s["tempo"] as? String {
                guard let t = Tempo(text), t.eccentric > 0, t.concentric > 0 else {
                    throw PlanError(path: path + ".tempo", reason: "not a tempo like 3-1-2-0: \(text)")
                }
                tempo = t
            }
            var mode = LoadMode.constant
            if let m = s["mode"] {
                if let text = m as? String, text == "constant" {
                    mode = .constant
                } else if let object = m as? [String: Any], let extra = object["eccentric"] as? Double {
                    mode = .eccentric(extra: extra)
                } else if let object = m as? [String: Any], let top = object["chains"] as? Double {
                    mode = .chains(fractionAtTop: top)
                } else {
                    throw PlanError(path: path + ".mode", reason: #"one of "constant", {"eccentric": extra}, {"chains": fraction_at_top}"#)
                }
            }
            var faults: [InjectedFault] = []
            for (j, f) in ((s["faults"] as? [[String: Any]]) ?? []).enumerated() {
                let fpath = "\(path).faults[\(j)]"
                let kind = f["kind"] as? String ?? ""
                func rep() throws(PlanError) -> Int {
                    let r = try number(f, "rep", fpath)
                    guard r >= 0, r < reps, r == r.rounded() else { throw PlanError(path: fpath + ".rep", reason: "must be a rep of the set, 0…\(Int(reps) - 1)") }
                    return Int(r)
                }
                func side() throws(PlanError) -> CableName {
                    guard let text = f["side"] as? String, let c = CableName(rawValue: text), exercise.cables.contains(c) else {
                        throw PlanError(path: fpath + ".side", reason: "must be one of the exercise's cables: \(exercise.cables.map(\.rawValue).joined(separator: ", "))")
                    }
                    return c
                }
                switch kind {
                case "ballistic": faults.append(.ballistic(rep: try rep()))
                case "jerky": faults.append(.jerky(rep: try rep()))
                case "bounce": faults.append(.bounce(rep: try rep()))
                case "dropped_eccentric": faults.append(.droppedEccentric(rep: try rep()))
                case "partial": faults.append(.partial(rep: try rep(), fraction: try number(f, "fraction", fpath)))
                case "mid_rep_pause": faults.append(.midRepPause(rep: try rep(), duration: try number(f, "duration_s", fpath)))
                case "asymmetry":
                    faults.append(.asymmetry(side: try side(), romFraction: try number(f, "rom_fraction", fpath),
                                             lag: try number(f, "lag_s", fpath, default: 0)))
                case "idle_cable": faults.append(.idleCable(side: try side()))
                default:
                    throw PlanError(path: fpath + ".kind", reason: "unknown fault \(kind); one of ballistic, jerky, bounce, dropped_eccentric, partial, mid_rep_pause, asymmetry, idle_cable")
                }
            }
            plans.append(SetPlan(exercise: exercise, reps: Int(reps), loadKilograms: load, tempo: tempo, mode: mode,
                                 restAfter: try number(s, "rest_after_s", path, default: 60), faults: faults,
                                 fatigue: try number(s, "fatigue", path, default: 0.15)))
        }
        let seed = try number(root, "seed", "$", default: 1)
        guard seed >= 0, seed == seed.rounded() else { throw PlanError(path: "$.seed", reason: "must be a whole number >= 0") }
        return WorkoutPlan(sets: plans, machine: machine, leadIn: try number(root, "lead_in_s", "$", default: 3),
                           seed: UInt64(seed))
    }
}

/// Ready-made plans for demos: `cableform simulate --preset NAME`.
public enum PlanPresets {
    /// The presets by name: a rehab session, and every committed fixture.
    public static var all: [(name: String, summary: String, plan: WorkoutPlan)] {
        var machine = MachineModel()
        machine.sampleRate = 100
        let rehab = WorkoutPlan(sets: [
            SetPlan(exercise: .gluteBridge, reps: 10, loadKilograms: 10, tempo: Tempo(eccentric: 3, bottomPause: 1, concentric: 2, topPause: 1), restAfter: 45),
            SetPlan(exercise: .pallofPress, reps: 8, loadKilograms: 5, tempo: Tempo(eccentric: 3, bottomPause: 1, concentric: 2, topPause: 2), restAfter: 45),
            SetPlan(exercise: .seatedRow, reps: 10, loadKilograms: 10, tempo: Tempo(eccentric: 3, bottomPause: 1, concentric: 2, topPause: 0), restAfter: 45,
                    faults: [.jerky(rep: 7)]),
            SetPlan(exercise: .facePull, reps: 10, loadKilograms: 5, tempo: Tempo(eccentric: 3, bottomPause: 0, concentric: 2, topPause: 1), restAfter: 10,
                    faults: [.asymmetry(side: .right, romFraction: 0.8, lag: 0.05)]),
        ], machine: machine, seed: 2026)
        return [("rehab-phase1", "Postpartum back rehab, phase 1: glute bridge, Pallof press, seated row, face pull at slow tempos; a hitch and an uneven set.", rehab)]
            + FixtureCatalog.all.map { ($0.name, $0.summary, $0.plan) }
    }
}
