import CableForm
import Foundation

/// An SVG picture of a session and its analysis: position, velocity and force
/// of each cable over time, each rep shaded by phase with its tempo and score
/// written on it, and the flags marked where they happened.
struct SessionPlot {
    var session: Session
    var report: SessionReport
    var from: Double
    var to: Double
    var width = 1200.0

    static let cableColors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"]
    static let flagColors: [RepFlag.Kind: String] = [
        .ballistic: "#d62728", .bounce: "#8c564b", .droppedEccentric: "#e377c2", .jerky: "#bcbd22",
        .partial: "#7f7f7f", .asymmetric: "#17becf",
    ]

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// The reps drawn: those that overlap the time range.
    var reps: [(set: Int, rep: Rep)] {
        report.sets.flatMap { set in set.reps.map { (set.index, $0) } }.filter { $0.rep.end > from && $0.rep.start < to }
    }

    func svg() -> String {
        let left = 70.0, right = 20.0, top = 40.0, panelHeight = 170.0, gap = 30.0
        let plotWidth = width - left - right
        let height = top + 3 * panelHeight + 2 * gap + 50
        func x(_ t: Double) -> Double { left + (t - from) / (to - from) * plotWidth }
        let range = session.time.indices.filter { session.time[$0] >= from && session.time[$0] <= to }
        let rate = session.sampleRate > 0 ? session.sampleRate : 100
        let window = max(5, Int((0.15 * rate).rounded()) | 1)
        let velocities: [[Double]] = session.cables.map { cable in
            guard session.sampleCount > window,
                  let filter = try? SavitzkyGolayFilter(windowLength: window, polyOrder: 2, derivative: 1, delta: 1 / rate),
                  let v = try? filter.apply(cable.position)
            else { return Array(repeating: 0, count: session.sampleCount) }
            return v
        }
        let panels: [(title: String, unit: String, series: [[Double]])] = [
            ("position", "m", session.cables.map(\.position)),
            ("velocity", "m/s", velocities),
            ("force", "N", session.cables.map(\.force)),
        ]
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(left)" y="18" font-size="14" font-weight="bold">\(Self.escape(report.source ?? "session")) — \(Self.f(from))–\(Self.f(to)) s</text>
        <text x="\(left)" y="32" fill="#555">\(Self.escape(session.cables.map(\.name.rawValue).joined(separator: ", "))): \(session.cables.indices.map { "<tspan fill=\"\(Self.cableColors[$0 % 4])\">■</tspan>" }.joined(separator: " ")) · shading: concentric (green), eccentric (blue) · markers: flags</text>

        """
        // Rep shading, one group per rep across the three panels.
        for (setIndex, rep) in reps {
            let concentricFirst = rep.firstPhase == .concentric
            let spans: [(MovementPhase, Double, Double)] = concentricFirst
                ? [(.concentric, rep.start, rep.start + rep.tempo.concentric), (.eccentric, rep.end - rep.tempo.eccentric, rep.end)]
                : [(.eccentric, rep.start, rep.start + rep.tempo.eccentric), (.concentric, rep.end - rep.tempo.concentric, rep.end)]
            out += "<g class=\"rep\" data-set=\"\(setIndex + 1)\" data-rep=\"\(rep.index + 1)\">\n"
            for (phase, a, b) in spans {
                let x0 = x(max(a, from)), x1 = x(min(b, to))
                guard x1 > x0 else { continue }
                let color = phase == .concentric ? "#2ca02c" : "#1f77b4"
                out += "<rect class=\"phase \(phase.rawValue)\" x=\"\(Self.f(x0))\" y=\"\(top)\" width=\"\(Self.f(x1 - x0))\" height=\"\(Self.f(3 * panelHeight + 2 * gap))\" fill=\"\(color)\" fill-opacity=\"\(rep.complete ? 0.10 : 0.04)\"/>\n"
            }
            let label = "\(rep.tempoString)" + (rep.score.map { " · \(Int($0.rounded()))" } ?? "") + (rep.complete ? "" : " · partial")
            out += "<text x=\"\(Self.f(x(max(rep.start, from)) + 2))\" y=\"\(top + 11)\" fill=\"#333\" font-size=\"10\">\(Self.escape(label))</text>\n"
            out += "</g>\n"
        }
        // Panels.
        for (p, panel) in panels.enumerated() {
            let y0 = top + Double(p) * (panelHeight + gap)
            var lo = Double.infinity, hi = -Double.infinity
            for s in panel.series { for i in range where s[i].isFinite { lo = min(lo, s[i]); hi = max(hi, s[i]) } }
            if !(lo < hi) { lo = (lo.isFinite ? lo : 0) - 1; hi = lo + 2 }
            let pad = 0.05 * (hi - lo)
            lo -= pad
            hi += pad
            func y(_ v: Double) -> Double { y0 + panelHeight - (v - lo) / (hi - lo) * panelHeight }
            out += "<g class=\"panel\" data-panel=\"\(panel.title)\">\n"
            out += "<rect x=\"\(left)\" y=\"\(Self.f(y0))\" width=\"\(Self.f(plotWidth))\" height=\"\(panelHeight)\" fill=\"none\" stroke=\"#999\"/>\n"
            out += "<text x=\"8\" y=\"\(Self.f(y0 + 12))\" font-weight=\"bold\">\(panel.title)</text><text x=\"8\" y=\"\(Self.f(y0 + 26))\" fill=\"#555\">\(panel.unit)</text>\n"
            for tick in [lo + pad, (lo + hi) / 2, hi - pad] {
                out += "<text x=\"\(left - 4)\" y=\"\(Self.f(y(tick) + 4))\" text-anchor=\"end\" fill=\"#555\">\(String(format: "%.2f", tick))</text>\n"
            }
            if lo < 0 && hi > 0 {
                out += "<line x1=\"\(left)\" x2=\"\(Self.f(left + plotWidth))\" y1=\"\(Self.f(y(0)))\" y2=\"\(Self.f(y(0)))\" stroke=\"#ccc\"/>\n"
            }
            // Each series as a min/max envelope per pixel column: readable and small.
            for (c, s) in panel.series.enumerated() {
                var columns: [Int: (Double, Double)] = [:]
                for i in range where s[i].isFinite {
                    let col = Int(x(session.time[i]))
                    let v = s[i]
                    if let m = columns[col] { columns[col] = (min(m.0, v), max(m.1, v)) } else { columns[col] = (v, v) }
                }
                var points: [String] = []
                for col in columns.keys.sorted() {
                    let (a, b) = columns[col]!
                    points.append("\(col),\(Self.f(y(a)))")
                    if b != a { points.append("\(col),\(Self.f(y(b)))") }
                }
                out += "<polyline class=\"series\" data-cable=\"\(session.cables[c].name.rawValue)\" fill=\"none\" stroke=\"\(Self.cableColors[c % 4])\" stroke-width=\"1\" points=\"\(points.joined(separator: " "))\"/>\n"
            }
            out += "</g>\n"
        }
        // Flags on the velocity panel, with their sentence as a tooltip.
        let vy = top + panelHeight + gap
        for (_, rep) in reps {
            for flag in rep.flags where flag.time >= from && flag.time <= to {
                let fx = x(flag.time)
                out += "<g class=\"flag\" data-kind=\"\(flag.kind.rawValue)\"><title>\(Self.escape(flag.kind.rawValue + ": " + flag.detail))</title>"
                out += "<path d=\"M \(Self.f(fx)) \(Self.f(vy + 4)) l 5 -8 l -10 0 z\" fill=\"\(Self.flagColors[flag.kind] ?? "#000")\"/>"
                out += "<text x=\"\(Self.f(fx + 6))\" y=\"\(Self.f(vy + 2))\" font-size=\"9\" fill=\"\(Self.flagColors[flag.kind] ?? "#000")\">\(flag.kind.rawValue)</text></g>\n"
            }
        }
        // Time axis.
        let axisY = top + 3 * panelHeight + 2 * gap
        let step = Self.niceStep((to - from) / 10)
        var t = (from / step).rounded(.up) * step
        while t <= to {
            out += "<text x=\"\(Self.f(x(t)))\" y=\"\(Self.f(axisY + 14))\" text-anchor=\"middle\" fill=\"#555\">\(String(format: step < 1 ? "%.1f" : "%.0f", t))</text>\n"
            t += step
        }
        out += "<text x=\"\(Self.f(left + plotWidth / 2))\" y=\"\(Self.f(axisY + 30))\" text-anchor=\"middle\">time (s)</text>\n"
        out += "</svg>\n"
        return out
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * magnitude >= raw { return m * magnitude }
        return 10 * magnitude
    }
}
