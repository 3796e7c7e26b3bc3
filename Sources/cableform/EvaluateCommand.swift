import ArgumentParser
import CableForm
import Foundation

/// `cableform evaluate REPORT TRUTH`: a report (or a session) against its ground truth.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a report, or a session analysed now, against its ground truth.",
        discussion: "REPORT is a cableform.report/1 JSON file or a session file (analysed with the options below); TRUTH a cableform.truth/1 file as the simulator writes."
    )

    @Argument(help: ArgumentHelp("A report (JSON) or a session file.", valueName: "report"))
    var report: String

    @Argument(help: ArgumentHelp("The ground truth (cableform.truth/1).", valueName: "truth"))
    var truth: String

    @Flag(help: "Write the evaluation as JSON.")
    var json = false

    @OptionGroup var options: AnalysisOptions

    func run() throws {
        guard let truthData = FileManager.default.contents(atPath: truth) else {
            throw CommandFailure(message: "cableform: \(truth): cannot read")
        }
        let groundTruth: GroundTruth
        do { groundTruth = try GroundTruth.decode(truthData) } catch {
            throw CommandFailure(message: "cableform: \(truth): \(describe(error))")
        }
        let analysed: SessionReport
        guard let data = FileManager.default.contents(atPath: report) else {
            throw CommandFailure(message: "cableform: \(report): cannot read")
        }
        if data.first == UInt8(ascii: "{") {
            do { analysed = try SessionReport.decode(data) } catch {
                throw CommandFailure(message: "cableform: \(report): \(describe(error))")
            }
        } else {
            analysed = try analyze(try SessionFile.read([UInt8](data), name: report),
                                   configuration: try options.configuration(), source: report)
        }
        let e = RepEvaluation(report: analysed, truth: groundTruth)
        let flags = e.flagScores.sorted { $0.key < $1.key }
        if json {
            var object: [String: Any] = [
                "true_reps": e.trueReps, "detected_reps": e.detectedReps, "matched": e.matched,
                "precision": e.precision, "recall": e.recall, "f1": e.f1,
                "sets": e.sets, "exact_count_sets": e.exactCountSets,
                "boundary_median_s": e.medianBoundaryError, "boundary_p95_s": e.p95BoundaryError,
                "phases_within_150ms": e.phaseAccuracy(), "tempo_digits": e.tempoDigits,
                "tempo_digits_exact": e.tempoDigitsExact, "partials": e.truePartials,
                "partials_recalled": e.partialsRecalled, "ghost_reps": e.ghostReps,
                "false_flags_per_100_reps": e.falseFlagsPer100Reps,
            ]
            object["flags"] = Dictionary(uniqueKeysWithValues: flags.map { k, v in
                (k, ["true_positives": v.truePositives, "false_positives": v.falsePositives,
                     "false_negatives": v.falseNegatives, "precision": v.precision, "recall": v.recall] as [String: Any])
            })
            let out = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: out, as: UTF8.self))
            return
        }
        func f(_ x: Double, _ d: Int = 3) -> String { String(format: "%.\(d)f", x) }
        print("reps: \(e.trueReps) true, \(e.detectedReps) detected, \(e.matched) matched; precision \(f(e.precision)), recall \(f(e.recall)), F1 \(f(e.f1))")
        print("sets with the exact count: \(e.exactCountSets)/\(e.sets)")
        print("boundaries: median \(f(e.medianBoundaryError * 1000, 1)) ms, p95 \(f(e.p95BoundaryError * 1000, 1)) ms; phases within 150 ms \(f(100 * e.phaseAccuracy(), 1))%")
        print("tempo digits exact: \(e.tempoDigitsExact)/\(e.tempoDigits); partial reps recalled \(e.partialsRecalled)/\(e.truePartials); ghost reps \(e.ghostReps)")
        print("flag               tp    fp    fn  precision  recall")
        for (kind, s) in flags {
            print(ReportText.pad(kind, 17) + String(format: " %4d  %4d  %4d  %9.3f  %6.3f", s.truePositives, s.falsePositives,
                                                     s.falseNegatives, s.precision, s.recall))
        }
        print("false flags per 100 reps: \(f(e.falseFlagsPer100Reps, 2))")
    }
}
