import ArgumentParser
import CableForm
import Foundation

/// `cableform analyze FILE...`: the rep analyzer on session files.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyze session files: sets, reps, tempo, range, velocity, score and flags.",
        discussion: """
            Reads CSV or binary sessions, told apart by content; - reads standard input. Prints a table per \
            set and rep, or with --json the cableform.report/1 document (one file: an object; several: JSON \
            Lines, one report per line), or with --csv one row per rep. A file that cannot be read or \
            analysed is reported on standard error with its location; the others are still analysed, and \
            the exit status is 1.
            """
    )

    @Argument(help: ArgumentHelp("Session files (.csv or .cfb, by content); - for standard input.", valueName: "file"))
    var files: [String]

    @Flag(help: "Write the report as JSON (cableform.report/1).")
    var json = false

    @Flag(help: "Write one CSV row per rep.")
    var csv = false

    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        if json && csv { throw ValidationError("--json and --csv exclude each other") }
        if files.isEmpty { throw ValidationError("give at least one session file") }
    }

    func run() throws {
        let configuration = try options.configuration()
        var failed = 0
        if csv { print(ReportText.csvHeader) }
        for file in files {
            let report: SessionReport
            do {
                report = try analyze(try readSession(file), configuration: configuration, source: file)
            } catch {
                standardError("cableform: \(describe(error, file: file))")
                failed += 1
                continue
            }
            if json {
                if files.count == 1 {
                    print(String(decoding: report.jsonData(), as: UTF8.self))
                } else {
                    print(report.jsonLine())
                }
            } else if csv {
                for row in ReportText.rows(report) { print(row) }
            } else {
                print(ReportText.table(report))
            }
        }
        if failed > 0 { throw CommandFailure(message: "cableform: \(failed) of \(files.count) file(s) failed") }
    }
}
