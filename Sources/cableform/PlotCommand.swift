import ArgumentParser
import CableForm
import Foundation

/// `cableform plot FILE -o out.svg`: the session and its reps as a picture.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a session as SVG: position, velocity and force per cable, reps shaded by phase, tempo, score and flags.",
        discussion: "Velocity is the Savitzky-Golay derivative of position over 0.15 s. --set zooms to one set (1-based), --from/--to to a time range (s)."
    )

    @Argument(help: ArgumentHelp("The session file; - for standard input.", valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The SVG file to write.", valueName: "out.svg"))
    var output: String

    @Option(name: .long, help: ArgumentHelp("Only this set (1-based), with a second either side.", valueName: "n"))
    var set: Int?

    @Option(name: .long, help: ArgumentHelp("Start of the time range (s).", valueName: "s"))
    var from: Double?

    @Option(name: .long, help: ArgumentHelp("End of the time range (s).", valueName: "s"))
    var to: Double?

    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        if !output.hasSuffix(".svg") { throw ValidationError("the output must be an .svg file (PNG is not supported)") }
        if let from, let to, !(from < to) { throw ValidationError("--from must be before --to") }
        if let set, set < 1 { throw ValidationError("--set is 1-based") }
    }

    func run() throws {
        let session = try readSession(file)
        let report = try analyze(session, configuration: try options.configuration(), source: file)
        try SessionPlot.write(session: session, report: report, set: set, from: from, through: to, into: output)
    }
}

extension SessionPlot {
    /// Draws `session` (all of it, one set, or a time range) into `path`.
    static func write(session: Session, report: SessionReport, set: Int?, from: Double?, through to: Double?,
                      into path: String) throws {
        var a = session.time.first ?? 0, b = session.time.last ?? 1
        if let set {
            guard set <= report.sets.count else {
                throw CommandFailure(message: "cableform: the session has \(report.sets.count) set(s), not \(set)")
            }
            a = max(a, report.sets[set - 1].start - 1)
            b = min(b, report.sets[set - 1].end + 1)
        }
        if let from { a = max(a, from) }
        if let to { b = min(b, to) }
        guard a < b else { throw CommandFailure(message: "cableform: the time range holds no samples") }
        let svg = SessionPlot(session: session, report: report, from: a, to: b).svg()
        do { try svg.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CommandFailure(message: "cableform: cannot write \(path): \(error.localizedDescription)")
        }
    }
}
