import ArgumentParser
import CableForm
import Foundation

/// The analysis options `analyze`, `batch`, `plot` and `demo` share.
struct AnalysisOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A JSON configuration (docs/formats.md); flags below override it.", valueName: "file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Score tempo against this target, e.g. 3-1-2-0 (s).", valueName: "tempo"))
    var targetTempo: String?

    @Option(name: .long, help: ArgumentHelp("A set ends after this much rest (s; default 8).", valueName: "s"))
    var restLimit: Double?

    @Option(name: .long, help: ArgumentHelp("Reps below this fraction of the set's range are partial (default 0.7).", valueName: "f"))
    var partialFraction: Double?

    @Option(name: .long, help: ArgumentHelp("Flag reps whose asymmetry index exceeds this (%; default 10).", valueName: "pct"))
    var asymmetryThreshold: Double?

    @Option(name: .long, help: ArgumentHelp("The velocity filter's window (s; default 0.15). A longer window filters more.", valueName: "s"))
    var smoothingWindow: Double?

    /// The configuration: the file's, then the flags.
    func configuration() throws -> AnalysisConfiguration {
        var c = AnalysisConfiguration()
        if let config {
            guard let data = FileManager.default.contents(atPath: config) else {
                throw CommandFailure(message: "\(config): cannot read the configuration file")
            }
            do { c = try JSONDecoder().decode(AnalysisConfiguration.self, from: data) } catch {
                throw CommandFailure(message: "\(config): \(describe(error))")
            }
        }
        if let targetTempo {
            guard let tempo = Tempo(targetTempo) else {
                throw ValidationError("--target-tempo must look like 3-1-2-0 (four durations in s), got \(targetTempo)")
            }
            c.score.targetTempo = tempo
        }
        if let restLimit { c.restLimit = restLimit }
        if let partialFraction { c.partialFraction = partialFraction }
        if let asymmetryThreshold { c.flags.asymmetryPercent = asymmetryThreshold }
        if let smoothingWindow { c.smoothingWindow = smoothingWindow }
        do { try c.validate() } catch {
            if case let .invalidConfiguration(name, reason) = error {
                throw ValidationError("configuration \(name) \(reason)")
            }
            throw ValidationError("\(error)")
        }
        return c
    }
}
