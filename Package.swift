// swift-tools-version: 6.1
// CableForm: cable strength machine streams in, coaching out.
//
// Dependencies point one way:
//   cableform -> CableFormDevice -> CableForm -> CableFormDSP -> CFFTW, CLAPACK
//   CableForm -> CChecksum (the session files' CRC-32, folded with PCLMULQDQ when the CPU has it)
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "CableForm",
    // Synchronization (Atomic, in the tests) needs these on Apple platforms.
    platforms: [.macOS(.v15), .iOS(.v18)],
    products: [
        .library(name: "CableFormDSP", targets: ["CableFormDSP"]),
        .library(name: "CableForm", targets: ["CableForm"]),
        .library(name: "CableFormDevice", targets: ["CableFormDevice"]),
        .executable(name: "cableform", targets: ["cableform"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // Tests only: random generators for the score's property tests.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // MARK: - C shims (system libraries from Debian: libfftw3-dev, liblapack-dev)
        .systemLibrary(
            name: "CFFTW",
            pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"]), .brew(["fftw"])]
        ),
        .systemLibrary(
            name: "CLAPACK",
            pkgConfig: "lapack",
            providers: [.apt(["liblapack-dev"])]
        ),

        // MARK: - C kernel
        // Swift cannot compile one function for a CPU feature that the build's
        // target lacks; the hardware CRC-32 fold is C with a run-time check.
        .target(name: "CChecksum"),

        // MARK: - Library
        .target(
            name: "CableFormDSP",
            dependencies: [
                "CFFTW", "CLAPACK",
                .product(name: "ComplexModule", package: "swift-numerics"),
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "CableForm",
            dependencies: ["CableFormDSP", "CChecksum"],
            swiftSettings: strict
        ),
        .target(
            name: "CableFormDevice",
            dependencies: ["CableForm"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "cableform",
            dependencies: [
                "CableFormDevice",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // MARK: - Tests
        .testTarget(
            name: "CableFormDSPTests",
            dependencies: ["CableFormDSP"],
            swiftSettings: strict
        ),
        // Runs the built `cableform` executable end to end (depending on it builds it first).
        .testTarget(
            name: "CableFormCLITests",
            dependencies: ["cableform", "CableFormDevice"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CableFormTests",
            dependencies: [
                "CableForm", "CableFormDevice",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
    ]
)
