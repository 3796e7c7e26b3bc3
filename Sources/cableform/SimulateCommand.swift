import ArgumentParser
import CableFormDevice
import Foundation

/// `cableform simulate`: the simulated machine from the command line.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write simulated sessions with their ground truth.",
        subcommands: [Plan.self, Fixtures.self, Frames.self, Benchmark.self],
        defaultSubcommand: Plan.self
    )

    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Simulate a workout plan (cableform.plan/1 JSON, docs/cli.md) or a ready-made one.",
            discussion: "cableform simulate PLAN.json -o session.cfb --truth truth.json; or --preset rehab-phase1; --list-presets names them. The output's name sets its format: .cfb binary, anything else CSV."
        )

        @Argument(help: ArgumentHelp("The plan file.", valueName: "plan.json"))
        var plan: String?

        @Option(name: .long, help: ArgumentHelp("A ready-made plan instead of a file.", valueName: "name"))
        var preset: String?

        @Flag(name: .long, help: "List the ready-made plans.")
        var listPresets = false

        @Option(name: .shortAndLong, help: ArgumentHelp("The session file to write (.cfb or .csv).", valueName: "file"))
        var output: String?

        @Option(name: .long, help: ArgumentHelp("Where to write the ground truth (cableform.truth/1).", valueName: "file"))
        var truth: String?

        func validate() throws {
            if listPresets { return }
            if (plan == nil) == (preset == nil) { throw ValidationError("give a plan file or --preset, not both") }
            if output == nil { throw ValidationError("-o/--output is required") }
            if let preset, !PlanPresets.all.contains(where: { $0.name == preset }) {
                throw ValidationError("no preset \(preset); --list-presets names them")
            }
        }

        func run() throws {
            if listPresets {
                for p in PlanPresets.all { print("\(p.name): \(p.summary)") }
                return
            }
            let workout: WorkoutPlan
            if let preset {
                workout = PlanPresets.all.first { $0.name == preset }!.plan
            } else {
                guard let data = FileManager.default.contents(atPath: plan!) else {
                    throw CommandFailure(message: "cableform: \(plan!): cannot read")
                }
                do { workout = try WorkoutPlan.decode(data) } catch {
                    throw CommandFailure(message: "cableform: \(plan!): \(error)")
                }
            }
            let sim = SimulatedMachine(plan: workout).run()
            try writeSession(sim.session, to: output!)
            if let truth { try sim.truth.jsonData().write(to: URL(fileURLWithPath: truth)) }
            print("\(output!): \(sim.session.sampleCount) samples, \(sim.truth.sets.map { $0.reps.count }) reps")
        }
    }

    struct Fixtures: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regenerate the committed fixtures: <name>.csv, <name>.truth.json and manifest.json.")

        @Option(help: "Output folder.")
        var output: String = "Fixtures/simulated"

        func run() throws {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            var manifest: [[String: Any]] = []
            for fixture in FixtureCatalog.all {
                let sim = SimulatedMachine(plan: fixture.plan).run()
                let csv = "\(output)/\(fixture.name).csv"
                try SessionCSV.write(sim.session, to: csv)
                try sim.truth.jsonData().write(to: URL(fileURLWithPath: "\(output)/\(fixture.name).truth.json"))
                let sets = fixture.plan.sets
                manifest.append([
                    "name": fixture.name,
                    "summary": fixture.summary,
                    "session": "\(fixture.name).csv",
                    "truth": "\(fixture.name).truth.json",
                    "exercise": sets[0].exercise.name,
                    "cables": sim.session.cables.map(\.name.rawValue),
                    "sample_rate_hz": fixture.plan.machine.sampleRate,
                    "seed": fixture.plan.seed,
                    "samples": sim.session.sampleCount,
                    "duration_s": (sim.session.duration * 1000).rounded() / 1000,
                    "sets": sets.count,
                    "reps": sim.truth.sets.map { $0.reps.count },
                    "loads_kg": sets.map(\.loadKilograms),
                    "modes": sets.map(\.mode.name),
                    "faults": sets.flatMap { $0.faults.map(\.name) },
                ])
                print("\(csv): \(sim.session.sampleCount) samples, \(sim.truth.sets.map { $0.reps.count }) reps")
            }
            let data = try JSONSerialization.data(
                withJSONObject: ["schema": "cableform.fixtures/1", "fixtures": manifest],
                options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: "\(output)/manifest.json"))
        }
    }

    struct Frames: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Regenerate the committed frame logs: <name>.cfframes, <name>.truth.json, <name>.link.json and manifest.json.")

        @Option(help: "Output folder.")
        var output: String = "Fixtures/frames"

        func run() throws {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            var manifest: [[String: Any]] = []
            for fixture in FrameFixtureCatalog.all {
                let (log, truth, link) = fixture.make()
                try log.write(to: "\(output)/\(fixture.name).cfframes")
                try truth.jsonData().write(to: URL(fileURLWithPath: "\(output)/\(fixture.name).truth.json"))
                let linkTruth: [String: Any] = ["sent": link.sent, "lost": link.lost, "duplicated": link.duplicated,
                                                "reordered": link.reordered, "corrupted": link.corrupted]
                try JSONSerialization.data(withJSONObject: linkTruth, options: [.prettyPrinted, .sortedKeys])
                    .write(to: URL(fileURLWithPath: "\(output)/\(fixture.name).link.json"))
                manifest.append([
                    "name": fixture.name,
                    "summary": fixture.summary,
                    "frames": "\(fixture.name).cfframes",
                    "truth": "\(fixture.name).truth.json",
                    "link": "\(fixture.name).link.json",
                    "layout": log.layout,
                    "frame_rate_hz": log.frameRate,
                    "ticks_per_second": log.ticksPerSecond,
                    "records": log.records.count,
                    "reps": truth.sets.map { $0.reps.count },
                    "clock_drift": fixture.faults.clockDrift,
                    "jitter_s": fixture.faults.jitter,
                    "loss_probability": fixture.faults.lossProbability,
                ])
                print("\(output)/\(fixture.name).cfframes: \(log.records.count) frames, \(link.lost) lost, \(link.duplicated) duplicated, \(link.reordered) reordered, \(link.corrupted) damaged")
            }
            let data = try JSONSerialization.data(
                withJSONObject: ["schema": "cableform.frame-fixtures/1", "fixtures": manifest],
                options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: "\(output)/manifest.json"))
        }
    }

    struct Benchmark: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a long two-cable session (default: one hour at 1 kHz) as .csv or .cfb.")

        @Option(help: "Duration in seconds.")
        var duration: Double = 3600

        @Option(help: "Sample rate in Hz.")
        var rate: Double = 1000

        @Option(help: "Random seed.")
        var seed: UInt64 = 1

        @Argument(help: "Output file; .cfb writes the binary format, anything else CSV.")
        var output: String

        func run() throws {
            let sim = SimulatedMachine(plan: FixtureCatalog.benchmarkPlan(duration: duration, sampleRate: rate, seed: seed)).run()
            try writeSession(sim.session, to: output)
            try sim.truth.jsonData().write(to: URL(fileURLWithPath: output + ".truth.json"))
            print("\(output): \(sim.session.sampleCount) samples, \(sim.truth.sets.count) sets")
        }
    }
}
