import CableForm
import CableFormDevice
import Foundation
import Testing

@Suite("cableform batch")
struct BatchTests {
    /// 200 small simulated sessions in nested folders, 3 of them broken.
    static func corpus(_ name: String) throws -> URL {
        let dir = try CLI.temporaryDirectory(name)
        var machine = MachineModel()
        machine.sampleRate = 50
        for k in 0..<200 {
            let folder = dir.appendingPathComponent("athlete\(k % 7)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let sim = SimulatedMachine(plan: WorkoutPlan(sets: [
                SetPlan(exercise: [.seatedRow, .facePull, .latPulldown][k % 3], reps: 3, loadKilograms: 10, restAfter: 3),
            ], machine: machine, leadIn: 1, seed: UInt64(k + 1))).run()
            let stem = folder.appendingPathComponent(String(format: "session%03d", k)).path
            if k % 2 == 0 { try SessionCSV.write(sim.session, to: stem + ".csv") } else { try SessionBinary.write(sim.session, to: stem + ".cfb") }
        }
        // Three broken files: a CSV cut mid-record, text that is no session, a .cfb with a damaged chunk.
        let cut = dir.appendingPathComponent("athlete0/session000.csv")
        let text = try String(contentsOf: cut, encoding: .utf8)
        try String(text.prefix(text.count / 2)).appending("x,").write(to: cut, atomically: true, encoding: .utf8)
        try "hello".write(to: dir.appendingPathComponent("athlete1/session001.cfb"), atomically: true, encoding: .utf8)
        let damaged = dir.appendingPathComponent("athlete3/session003.cfb")
        var bytes = try Data(contentsOf: damaged)
        bytes[bytes.count - 100] ^= 0xFF
        try bytes.write(to: damaged)
        return dir
    }

    static func lines(_ path: URL) throws -> [[String: Any]] {
        try String(contentsOf: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("200 files, 3 broken: every good file analysed, 3 errors with their location, exit 1; same output for 1 and 2 jobs; resume does nothing twice")
    func batch() throws {
        let dir = try Self.corpus("batch")
        let one = dir.appendingPathComponent("one.jsonl"), two = dir.appendingPathComponent("two.jsonl")
        let r1 = try CLI.run(["batch", dir.path, "--out", one.path, "--jobs", "1"])
        let r2 = try CLI.run(["batch", dir.path, "--out", two.path, "--jobs", "2"])
        #expect(r1.status == 1 && r2.status == 1)
        #expect(try Data(contentsOf: one) == Data(contentsOf: two))
        let lines = try Self.lines(one)
        #expect(lines.count == 200)
        let errors = lines.filter { $0["error"] != nil }
        #expect(errors.count == 3)
        let messages = errors.compactMap { ($0["error"] as? [String: Any])?["message"] as? String }
        #expect(messages.contains { $0.contains("session000.csv:") }, "\(messages)")       // line:column
        #expect(messages.contains { $0.contains("session001.cfb") })
        #expect(messages.contains { $0.contains("session003.cfb") && $0.contains("byte") }, "\(messages)")
        let reports = lines.filter { $0["schema"] as? String == "cableform.report/1" }
        #expect(reports.count == 197)
        #expect(reports.allSatisfy { (($0["sets"] as? [[String: Any]])?.first?["rep_count"] as? Int) == 3 })
        #expect(r1.stderr.contains("200 file(s): 197 analysed, 3 failed"), "\(r1.stderr)")
        // Resume: nothing left to do, nothing written.
        let before = try Data(contentsOf: one)
        let again = try CLI.run(["batch", dir.path, "--out", one.path, "--resume"])
        #expect(again.stderr.contains("0 analysed, 0 failed, 200 already done"), "\(again.stderr)")
        #expect(again.status == 0)
        #expect(try Data(contentsOf: one) == before)
    }

    @Test("shards: disjoint, together every file once; resume after an interrupted run finishes the rest")
    func shards() throws {
        let dir = try Self.corpus("shards")
        var sources: [String] = []
        for i in 0..<3 {
            let out = dir.appendingPathComponent("shard\(i).jsonl")
            _ = try CLI.run(["batch", dir.path, "--out", out.path, "--shard", "\(i)/3"])
            sources += try Self.lines(out).compactMap { $0["source"] as? String }
        }
        #expect(sources.count == 200 && Set(sources).count == 200)
        // An interrupted run: keep the first 50 lines, resume.
        let partial = dir.appendingPathComponent("partial.jsonl")
        _ = try CLI.run(["batch", dir.path, "--out", partial.path])
        let all = try String(contentsOf: partial, encoding: .utf8).split(separator: "\n")
        try (all.prefix(50).joined(separator: "\n") + "\n").write(to: partial, atomically: true, encoding: .utf8)
        let resumed = try CLI.run(["batch", dir.path, "--out", partial.path, "--resume"])
        #expect(resumed.stderr.contains("50 already done"), "\(resumed.stderr)")
        #expect(Set(try Self.lines(partial).compactMap { $0["source"] as? String }).count == 200)
        #expect(try CLI.run(["batch", dir.path, "--out", partial.path, "--shard", "3/3"]).status == 2)
    }

    @Test("memory does not grow with the number of files: 40 sessions peak within 16 MB of 4",
          .disabled(if: ProcessInfo.processInfo.environment["CABLEFORM_SANITIZER"] != nil,
                    "a sanitizer's quarantine keeps freed memory resident"))
    func memoryFlatInFiles() throws {
        let dir = try CLI.temporaryDirectory("batch-memory")
        var machine = MachineModel()
        machine.sampleRate = 1000
        let sim = SimulatedMachine(plan: WorkoutPlan(sets: [
            SetPlan(exercise: .seatedRow, reps: 8, loadKilograms: 10, restAfter: 3),
        ], machine: machine, leadIn: 1, seed: 5)).run()
        let bytes = Data(SessionBinary.encode(sim.session))
        let megabytes = Double(sim.session.sampleCount * 5 * 8) / 1_048_576
        #expect(megabytes > 1)  // each session is over 1 MB as Float64: 36 held ones would show
        for (folder, count) in [("few", 4), ("many", 40)] {
            let sub = dir.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            for k in 0..<count { try bytes.write(to: sub.appendingPathComponent("s\(k).cfb")) }
        }
        func peak(_ folder: String) throws -> Int? {
            let r = try CLI.run(["batch", dir.appendingPathComponent(folder).path, "--out",
                                 dir.appendingPathComponent(folder + ".jsonl").path, "--jobs", "2", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            guard let range = r.stderr.range(of: #"peak memory (\d+) MB"#, options: .regularExpression) else { return nil }
            return Int(r.stderr[range].split(separator: " ")[2])
        }
        let few = try #require(try peak("few")), many = try #require(try peak("many"))
        #expect(few > 0)
        #expect(many <= few + 16, "4 files: \(few) MB, 40 files: \(many) MB")
    }
}
