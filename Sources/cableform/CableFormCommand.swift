import ArgumentParser

/// The `cableform` command-line tool: a thin face over the library.
@main
struct CableFormCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cableform",
        abstract: "Analyze cable strength machine recordings.",
        subcommands: [DemoCommand.self, SimulateCommand.self]
    )
}
