// swift-tools-version: 6.1
// Coverage-guided fuzzing of the session readers and the frame decoders with
// libFuzzer (`make fuzz`, docs/reliability.md). A package of its own, like
// Benchmarks/, so that the library's `swift test` never builds it. Each target
// defines `LLVMFuzzerTestOneInput` and is linked with `-sanitize=fuzzer,address`,
// which supplies `main`.
import PackageDescription

let targets = ["FuzzCSV", "FuzzBinary", "FuzzGenericFrame", "FuzzMonitorFrame"]

let package = Package(
    name: "CableFormFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "CableForm", path: "../")],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "CableForm", package: "CableForm"),
                .product(name: "CableFormDevice", package: "CableForm"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ] + targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport",
                .product(name: "CableForm", package: "CableForm"),
                .product(name: "CableFormDevice", package: "CableForm"),
            ],
            path: "Sources/\(name)",
            swiftSettings: [.swiftLanguageMode(.v6)]
        )
    }
)
