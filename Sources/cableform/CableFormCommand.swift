import ArgumentParser
import CableForm
import Foundation

/// The `cableform` command-line tool: a thin face over the library.
///
/// Exit status: 0 ok, 1 an analysis or input error (its message, with the
/// file and the place, on standard error), 2 a usage error.
@main
struct CableFormCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cableform",
        abstract: "Analyze cable strength machine recordings.",
        discussion: "Exit status: 0 ok, 1 analysis or input error, 2 usage error. docs/cli.md has examples.",
        subcommands: [AnalyzeCommand.self, BatchCommand.self, PlotCommand.self, SimulateCommand.self,
                      EvaluateCommand.self, ConvertCommand.self, DemoCommand.self]
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            standardError(failure.message)
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            } else if code == .validationFailure {
                standardError(fullMessage(for: error))  // the message and the usage
                Foundation.exit(2)
            } else {
                // An error from the library (a file, the analysis): input, not usage; its
                // message names the file and the place, so commands let it through.
                standardError("cableform: \(describe(error))")
                Foundation.exit(1)
            }
        }
    }
}

/// A failure already reported per file: the command exits with status 1.
struct CommandFailure: Error {
    var message: String
}

/// A duration in seconds.
func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// Writes a line to standard error.
func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Reads a session file by content, or standard input for `-`.
func readSession(_ path: String) throws -> Session {
    if path == "-" {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return try SessionFile.read([UInt8](data), name: "<stdin>")
    }
    return try SessionFile.read(contentsOf: path)
}

/// Writes `session` to `path`: `.cfb` binary, anything else CSV.
func writeSession(_ session: Session, to path: String) throws {
    if path.hasSuffix(".cfb") {
        try SessionBinary.write(session, to: path)
    } else {
        try SessionCSV.write(session, to: path)
    }
}

/// The message of an error, with its file and place: a reader's error names
/// them itself; an analysis error names the sample, and `file` is put first.
func describe(_ error: any Error, file: String? = nil) -> String {
    if let e = error as? SessionFileError { return e.description }
    if let e = error as? AnalysisError { return (file.map { "\($0): " } ?? "") + "\(e)" }
    if let e = error as? DecodingError { return "bad JSON: \(e)" }
    return "\(error)"
}
