import CableForm
import CableFormDevice
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Runs the built `cableform` executable.
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let binary: URL = {
        // The executable is built next to the test bundle.
        var dir = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("cableform").path),
              dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("cableform")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        // Output to files, not pipes: nothing can block however much is written.
        let stem = FileManager.default.temporaryDirectory.appendingPathComponent("cableform-run-\(UUID().uuidString)")
        let outURL = stem.appendingPathExtension("out"), errURL = stem.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let stdoutData = try Data(contentsOf: outURL), stderrData = try Data(contentsOf: errURL)
        return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cableform-cli-\(name)-\(getpid())")
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

@Suite("cableform: the command line, end to end")
struct CLITests {
    static let fixture = "Fixtures/simulated/seated_row_200hz.csv"

    @Test("the binary was built")
    func built() {
        #expect(FileManager.default.isExecutableFile(atPath: CLI.binary.path), "\(CLI.binary.path)")
    }

    @Test("analyze: a table, the JSON report, one CSV row per rep")
    func analyzeOutputs() throws {
        let table = try CLI.run(["analyze", Self.fixture])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("set 1") && table.stdout.contains("set 3") && table.stdout.contains("jerky"))
        let json = try CLI.run(["analyze", "--json", Self.fixture])
        #expect(json.status == 0)
        let report = try SessionReport.decode(Data(json.stdout.utf8))
        #expect(report.sets.count == 3)
        let csv = try CLI.run(["analyze", "--csv", Self.fixture])
        let lines = csv.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("source,set,rep,") == true)
        #expect(lines.count == 1 + report.sets.reduce(0) { $0 + $1.reps.count })
        // Several files: JSON Lines, one report each.
        let two = try CLI.run(["analyze", "--json", Self.fixture, "Fixtures/simulated/glute_bridge_100hz.csv"])
        let reports = try two.stdout.split(separator: "\n").map { try SessionReport.decode(Data($0.utf8)) }
        #expect(reports.map(\.source) == [Self.fixture, "Fixtures/simulated/glute_bridge_100hz.csv"])
    }

    @Test("analyze reads binary by content, whatever the name, and standard input")
    func byContent() throws {
        let dir = try CLI.temporaryDirectory("content")
        let session = try SessionCSV.read(contentsOf: CLI.root.appendingPathComponent(Self.fixture).path)
        let odd = dir.appendingPathComponent("session.dat").path
        try SessionBinary.write(session, to: odd)
        let fromBinary = try CLI.run(["analyze", "--json", odd])
        #expect(fromBinary.status == 0, "\(fromBinary.stderr)")
        let fromStdin = try CLI.run(["analyze", "--json", "-"],
                                    stdin: try Data(contentsOf: CLI.root.appendingPathComponent(Self.fixture)))
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        let a = try SessionReport.decode(Data(fromBinary.stdout.utf8)), b = try SessionReport.decode(Data(fromStdin.stdout.utf8))
        #expect(a.sets == b.sets)
    }

    @Test("exit status: 1 for a bad file, with its location; 2 for a usage error")
    func exitCodes() throws {
        let dir = try CLI.temporaryDirectory("exit")
        let bad = dir.appendingPathComponent("bad.csv").path
        try "# cableform-csv 1\ntime_s,left_position_m,left_force_n\n0,0.1,10\n0.01,oops,10\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["analyze", bad])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv:4:6"), "\(r.stderr)")  // file:line:column
        #expect(try CLI.run(["analyze"]).status == 2)
        #expect(try CLI.run(["analyze", "--no-such-option", Self.fixture]).status == 2)
        #expect(try CLI.run(["analyze", "--target-tempo", "fast", Self.fixture]).status == 2)
        #expect(try CLI.run(["analyze", "--partial-fraction", "1.5", Self.fixture]).status == 2)
        #expect(try CLI.run(["--help"]).status == 0)
        #expect(try CLI.run(["analyze", "/no/such/file.csv"]).status == 1)
    }

    @Test("a configuration file and flags change the analysis")
    func configuration() throws {
        let dir = try CLI.temporaryDirectory("config")
        let config = dir.appendingPathComponent("config.json").path
        try #"{"score": {"target_tempo": "5-1-5-0"}}"#.write(toFile: config, atomically: true, encoding: .utf8)
        let plain = try SessionReport.decode(Data(try CLI.run(["analyze", "--json", Self.fixture]).stdout.utf8))
        let slow = try SessionReport.decode(Data(try CLI.run(["analyze", "--json", "--config", config, Self.fixture]).stdout.utf8))
        #expect(slow.configuration.score.targetTempo == Tempo(eccentric: 5, bottomPause: 1, concentric: 5, topPause: 0))
        #expect(slow.sets[0].meanScore! < plain.sets[0].meanScore!)
        let flagged = try SessionReport.decode(Data(try CLI.run(["analyze", "--json", "--config", config, "--target-tempo", "3-1-2-0",
                                                               Self.fixture]).stdout.utf8))
        #expect(flagged.configuration.score.targetTempo == Tempo(eccentric: 3, bottomPause: 1, concentric: 2, topPause: 0))
        let typo = dir.appendingPathComponent("typo.json").path
        try #"{"rest_limt_s": 3}"#.write(toFile: typo, atomically: true, encoding: .utf8)
        let r = try CLI.run(["analyze", "--config", typo, Self.fixture])
        #expect(r.status == 1 && r.stderr.contains("rest_limt_s"), "\(r.stderr)")
    }

    @Test("convert: CSV to binary and back, exactly")
    func convert() throws {
        let dir = try CLI.temporaryDirectory("convert")
        let cfb = dir.appendingPathComponent("s.cfb").path, csv = dir.appendingPathComponent("s.csv").path
        #expect(try CLI.run(["convert", Self.fixture, cfb]).status == 0)
        #expect(try CLI.run(["convert", cfb, csv]).status == 0)
        let original = try SessionCSV.read(contentsOf: CLI.root.appendingPathComponent(Self.fixture).path)
        #expect(try SessionBinary.read(contentsOf: cfb) == original)
        #expect(try SessionCSV.read(contentsOf: csv) == original)
    }

    @Test("evaluate: a report or a session against its truth, as a table or JSON")
    func evaluate() throws {
        let dir = try CLI.temporaryDirectory("evaluate")
        let truth = "Fixtures/simulated/seated_row_200hz.truth.json"
        let report = dir.appendingPathComponent("r.json").path
        try CLI.run(["analyze", "--json", Self.fixture]).stdout.write(toFile: report, atomically: true, encoding: .utf8)
        let fromReport = try CLI.run(["evaluate", "--json", report, truth])
        #expect(fromReport.status == 0, "\(fromReport.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(fromReport.stdout.utf8)) as? [String: Any])
        #expect(object["f1"] as? Double == 1 && object["exact_count_sets"] as? Int == 3)
        let fromSession = try CLI.run(["evaluate", Self.fixture, truth])
        #expect(fromSession.status == 0 && fromSession.stdout.contains("sets with the exact count: 3/3"), "\(fromSession.stdout)")
    }

    /// Counts the elements of an SVG by name and class, failing on malformed XML.
    final class SVGCounter: NSObject, XMLParserDelegate {
        var reps = 0, phases = 0, flags = 0, polylines = 0
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let cls = attributes["class"] ?? ""
            if name == "g" && cls == "rep" { reps += 1 }
            if name == "rect" && cls.hasPrefix("phase") { phases += 1 }
            if name == "g" && cls == "flag" { flags += 1 }
            if name == "polyline" { polylines += 1 }
        }
    }

    @Test("plot: well-formed SVG with one shaded region per rep, the flags marked")
    func plot() throws {
        let dir = try CLI.temporaryDirectory("plot")
        let svg = dir.appendingPathComponent("p.svg").path
        let r = try CLI.run(["plot", Self.fixture, "-o", svg, "--set", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: svg)))
        let counter = SVGCounter()
        parser.delegate = counter
        #expect(parser.parse(), "malformed SVG: \(String(describing: parser.parserError))")
        let report = try SessionReport.decode(Data(try CLI.run(["analyze", "--json", Self.fixture]).stdout.utf8))
        #expect(counter.reps == report.sets[1].reps.count)
        #expect(counter.phases == 2 * counter.reps)
        #expect(counter.flags == report.sets[1].reps.reduce(0) { $0 + $1.flags.count })
        #expect(counter.polylines == 6)  // three panels, two cables
        #expect(try CLI.run(["plot", Self.fixture, "-o", svg, "--set", "9"]).status == 1)
        #expect(try CLI.run(["plot", Self.fixture, "-o", dir.appendingPathComponent("p.png").path]).status == 2)
    }

    @Test("simulate: a plan file or a preset, a session and its truth that the analyzer matches")
    func simulate() throws {
        let dir = try CLI.temporaryDirectory("simulate")
        let plan = dir.appendingPathComponent("plan.json").path
        try """
        {"schema": "cableform.plan/1", "seed": 3, "machine": {"sample_rate_hz": 200},
         "sets": [{"exercise": "seated_row", "reps": 6, "load_kg": 12.5, "tempo": "3-1-2-0", "rest_after_s": 20,
                   "faults": [{"kind": "ballistic", "rep": 2}, {"kind": "asymmetry", "side": "right", "rom_fraction": 0.7, "lag_s": 0.03}]},
                  {"exercise": "lat_pulldown", "reps": 5, "load_kg": 15, "mode": {"eccentric": 0.2}, "rest_after_s": 5}]}
        """.write(toFile: plan, atomically: true, encoding: .utf8)
        let session = dir.appendingPathComponent("s.cfb").path, truth = dir.appendingPathComponent("t.json").path
        let r = try CLI.run(["simulate", plan, "-o", session, "--truth", truth])
        #expect(r.status == 0, "\(r.stderr)")
        let e = try CLI.run(["evaluate", "--json", session, truth])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(e.stdout.utf8)) as? [String: Any])
        #expect(object["true_reps"] as? Int == 11 && object["f1"] as? Double == 1)
        let preset = try CLI.run(["simulate", "--preset", "rehab-phase1", "-o", dir.appendingPathComponent("r.csv").path])
        #expect(preset.status == 0 && preset.stdout.contains("[10, 8, 10, 10] reps"), "\(preset.stdout)")
        #expect(try CLI.run(["simulate", "--list-presets"]).stdout.contains("rehab-phase1"))
        // A bad plan names the JSON path of the problem.
        try #"{"sets": [{"exercise": "bench_press", "reps": 5, "load_kg": 10}]}"#.write(toFile: plan, atomically: true, encoding: .utf8)
        let bad = try CLI.run(["simulate", plan, "-o", session])
        #expect(bad.status == 1 && bad.stderr.contains("$.sets[0].exercise"), "\(bad.stderr)")
        #expect(try CLI.run(["simulate", "--preset", "nope", "-o", session]).status == 2)
    }

    @Test("demo: the table and a plot")
    func demo() throws {
        let dir = try CLI.temporaryDirectory("demo")
        let svg = dir.appendingPathComponent("demo.svg").path
        let r = try CLI.run(["demo", "--plot", svg])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("set 2") && r.stdout.contains("plot of set 2"))
        #expect(FileManager.default.fileExists(atPath: svg))
    }
}
