import ArgumentParser
import CableForm
import Foundation

/// `cableform demo`: analyses a bundled recording and prints its sets and reps.
/// It stands in for `cableform analyze` until the command-line issue builds it.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Analyse a bundled recording and print every set and rep.",
        discussion: """
            Reads a cableform CSV file and runs the rep analyzer on it (docs/algorithms.md): sets, \
            reps with their tempo (eccentric-bottom-concentric-top, s), range of motion, mean and peak \
            concentric velocity and mean power, holds, and the load-velocity profile across sets. \
            With --json it prints the report (cableform.report/1) instead.
            """
    )

    @Argument(help: "A cableform CSV recording.")
    var file: String = "Fixtures/simulated/seated_row_200hz.csv"

    @Flag(help: "Print the report as JSON (cableform.report/1).")
    var json = false

    func run() throws {
        let started = ContinuousClock.now
        let session = try SessionCSV.read(contentsOf: file)
        let report = try analyze(session, source: file)
        let elapsed = ContinuousClock.now - started
        if json {
            print(String(decoding: report.jsonData(), as: UTF8.self))
            return
        }
        print("cableform demo: \(file) (\(session.metadata.exercise ?? "?"), cables \(report.cables.map(\.rawValue).joined(separator: "+")))")
        print(String(format: "  %d samples over %.1f s at %.0f Hz, %d gap(s) of dropped samples",
                     session.sampleCount, session.duration, session.sampleRate, session.gaps.count))
        for set in report.sets {
            var line = String(format: "set %d  %.1f–%.1f s  %d reps, %@ first", set.index + 1, set.start, set.end,
                              set.repCount, set.firstPhase.rawValue)
            if let load = set.load { line += String(format: ", load %.1f kg (%@)", load, set.loadSource?.rawValue ?? "?") }
            if let loss = set.velocityLossPercent { line += String(format: ", velocity loss %.0f%%", loss) }
            print(line)
            if !set.reps.isEmpty {
                print("  rep   start (s)   tempo     ROM (m)   mean v (m/s)   peak v (m/s)   mean power (W)")
            }
            for rep in set.reps {
                print(String(format: "  %3d   %9.2f   %-8@  %7.3f   %12.3f   %12.3f   %14.1f%@",
                             rep.index + 1, rep.start, rep.tempoString as NSString, rep.rangeOfMotion,
                             rep.meanConcentricVelocity, rep.peakConcentricVelocity, rep.meanPower,
                             rep.complete ? "" : "   partial"))
            }
            for hold in set.holds {
                print(String(format: "  hold  %.2f–%.2f s (%.1f s), mean force %.0f N", hold.start, hold.end,
                             hold.duration, hold.meanForce))
            }
        }
        if let profile = report.loadVelocityProfile {
            var line = String(format: "load-velocity profile: v = %.3f %+.4f·load (r² %.2f)", profile.intercept,
                              profile.slope, profile.rSquared)
            if let oneRM = profile.estimatedOneRepMax { line += String(format: ", estimated 1RM %.1f kg", oneRM) }
            print(line)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print(String(format: "read and analysed in %.1f ms", seconds * 1000))
    }
}
