import ArgumentParser
import CableForm
import Foundation

/// `cableform demo`: analyses a bundled recording, prints the table and writes a plot.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Analyse a bundled recording, print its sets and reps, and draw it.",
        discussion: """
            Runs the rep analyzer (docs/algorithms.md) on a session file — by default the bundled \
            Fixtures/simulated/seated_row_200hz.csv — prints every set and rep (tempo, range, velocity, \
            power, score, flags) and writes a plot of one set (--plot, SVG). With --json it prints the \
            report (cableform.report/1) instead.
            """
    )

    @Argument(help: "A session file (CSV or .cfb).")
    var file: String = "Fixtures/simulated/seated_row_200hz.csv"

    @Flag(help: "Print the report as JSON (cableform.report/1).")
    var json = false

    @Option(help: ArgumentHelp("Where to write the plot.", valueName: "out.svg"))
    var plot: String = "cableform-demo.svg"

    @Option(help: ArgumentHelp("The set to draw (1-based).", valueName: "n"))
    var set: Int = 2

    func run() throws {
        let started = ContinuousClock.now
        let session = try readSession(file)
        let report = try analyze(session, source: file)
        let elapsed = started.duration(to: .now)
        if json {
            print(String(decoding: report.jsonData(), as: UTF8.self))
            return
        }
        print(ReportText.table(report), terminator: "")
        let ms = seconds(elapsed) * 1000
        print(String(format: "read and analysed %d samples in %.1f ms", session.sampleCount, ms))
        let drawn = min(max(set, 1), max(report.sets.count, 1))
        try SessionPlot.write(session: session, report: report, set: report.sets.isEmpty ? nil : drawn, from: nil,
                              through: nil, into: plot)
        print("plot of set \(drawn): \(plot)")
    }
}
