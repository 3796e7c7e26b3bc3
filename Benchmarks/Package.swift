// swift-tools-version: 6.1
// Benchmarks live in their own package so that the library's `swift test`
// never builds the benchmark harness.
import PackageDescription

let package = Package(
    name: "CableFormBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // `name:` pins the identity, which would otherwise be the checkout folder's name.
        .package(name: "CableForm", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "DSPBenchmarks",
            dependencies: [
                .product(name: "CableFormDSP", package: "CableForm"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/DSPBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SessionIOBenchmarks",
            dependencies: [
                .product(name: "CableForm", package: "CableForm"),
                .product(name: "CableFormDevice", package: "CableForm"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SessionIOBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "AnalysisBenchmarks",
            dependencies: [
                .product(name: "CableForm", package: "CableForm"),
                .product(name: "CableFormDevice", package: "CableForm"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/AnalysisBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "DeviceBenchmarks",
            dependencies: [
                .product(name: "CableFormDevice", package: "CableForm"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/DeviceBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
