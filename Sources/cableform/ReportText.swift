import CableForm
import Foundation

/// The report as a people-readable table and as CSV rows.
enum ReportText {
    static func number(_ x: Double?, _ digits: Int) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.\(digits)f", x)
    }

    /// `text` padded with spaces to `width` characters (on the left when `right`-aligned).
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(width - text.count, 0))
        return right ? fill + text : text + fill
    }

    /// One block per set, one line per rep: tempo, range, velocity, power, score, flags.
    static func table(_ report: SessionReport) -> String {
        var out = ""
        let cables = report.cables.map(\.rawValue).joined(separator: "+")
        out += "\(report.source ?? "session"): \(cables), \(number(report.sampleRate, 0)) Hz, \(number(report.duration, 1)) s, \(report.sets.count) set(s)\n"
        for set in report.sets {
            var line = "set \(set.index + 1)  \(number(set.start, 1))–\(number(set.end, 1)) s  \(set.repCount) reps, \(set.firstPhase.rawValue) first"
            if let load = set.load { line += ", load \(number(load, 1)) kg" }
            if let loss = set.velocityLossPercent { line += ", velocity loss \(number(loss, 0))%" }
            if let mean = set.meanScore { line += ", score \(number(mean, 0))" }
            if let trend = set.scoreTrend {
                let shown = abs(trend) < 0.05 ? 0 : trend  // no "-0.0"
                line += " (\(shown >= 0 ? "+" : "")\(number(shown, 1))/rep)"
            }
            out += line + "\n"
            if !set.reps.isEmpty {
                out += "  rep  tempo     ROM (m)  mean v (m/s)  peak v (m/s)  power (W)  score  flags\n"
            }
            for rep in set.reps {
                let flags = rep.flags.map(\.kind.rawValue).joined(separator: ",")
                out += "  " + pad("\(rep.index + 1)", 3, right: true) + "  " + pad(rep.tempoString, 8) + "  "
                    + pad(number(rep.rangeOfMotion, 3), 7, right: true) + "  "
                    + pad(number(rep.meanConcentricVelocity, 3), 12, right: true) + "  "
                    + pad(number(rep.peakConcentricVelocity, 3), 12, right: true) + "  "
                    + pad(number(rep.meanPower, 1), 9, right: true) + "  " + pad(number(rep.score, 0), 5, right: true)
                    + (flags.isEmpty ? "" : "  " + flags) + "\n"
            }
            for hold in set.holds {
                out += "  hold \(number(hold.start, 2))–\(number(hold.end, 2)) s (\(number(hold.duration, 1)) s), mean force \(number(hold.meanForce, 0)) N\n"
            }
        }
        if let profile = report.loadVelocityProfile {
            out += "load-velocity profile: v = \(number(profile.intercept, 3)) \(profile.slope >= 0 ? "+" : "-") \(number(abs(profile.slope), 4))·load (r² \(number(profile.rSquared, 2)))"
            if let oneRM = profile.estimatedOneRepMax { out += ", estimated 1RM \(number(oneRM, 1)) kg" }
            out += "\n"
        }
        return out
    }

    /// The CSV header of ``rows(_:)``.
    static let csvHeader = "source,set,rep,start_s,end_s,complete,tempo,eccentric_s,bottom_pause_s,concentric_s,top_pause_s,rom_m,mean_concentric_velocity_mps,peak_concentric_velocity_mps,mean_power_w,work_j,score,flags"

    /// One CSV row per rep; empty fields for unknown values.
    static func rows(_ report: SessionReport) -> [String] {
        func field(_ x: Double?) -> String { x.map { "\($0)" } ?? "" }
        func quoted(_ s: String) -> String { s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        return report.sets.flatMap { set in
            set.reps.map { rep in
                [quoted(report.source ?? ""), "\(set.index + 1)", "\(rep.index + 1)", field(rep.start), field(rep.end),
                 rep.complete ? "true" : "false", rep.tempoString, field(rep.tempo.eccentric), field(rep.tempo.bottomPause),
                 field(rep.tempo.concentric), field(rep.tempo.topPause), field(rep.rangeOfMotion),
                 field(rep.meanConcentricVelocity), field(rep.peakConcentricVelocity), field(rep.meanPower), field(rep.work),
                 field(rep.score), rep.flags.map(\.kind.rawValue).joined(separator: ";")].joined(separator: ",")
            }
        }
    }
}
