import ArgumentParser
import CableForm

/// `cableform convert IN OUT`: CSV ↔ binary.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a session between CSV and binary (.cfb).",
        discussion: "The input's format is read from its content; the output's from its name: .cfb writes binary, anything else CSV. Both formats round-trip exactly."
    )

    @Argument(help: ArgumentHelp("The session to read; - for standard input.", valueName: "in"))
    var input: String

    @Argument(help: ArgumentHelp("The file to write (.cfb: binary; otherwise CSV).", valueName: "out"))
    var output: String

    func run() throws {
        try writeSession(try readSession(input), to: output)
    }
}
