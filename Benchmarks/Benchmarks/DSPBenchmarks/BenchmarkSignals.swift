import Foundation

/// The benchmark inputs: one hour at 1 kHz of a cable being pulled 0.5 m every
/// 5 s (minimum-jerk out and back) with encoder noise, the matching force, and
/// jittered time stamps. Deterministic (a fixed-seed SplitMix64), and built the
/// same way by Benchmarks/peer/scipy_peer.py.
enum BenchmarkSignals {
    static let count = 3_600_000
    static let rate = 1000.0

    static let position: [Double] = {
        var rng = SplitMix64(seed: 1)
        return (0..<count).map { i in
            pull(Double(i) / rate) + 0.0005 * (rng.unit() - 0.5)
        }
    }()

    static let force: [Double] = {
        var rng = SplitMix64(seed: 2)
        return (0..<count).map { i in
            // Load 12.5 kg during the pull, idle tension between, load-cell noise.
            let phase = (Double(i) / rate).truncatingRemainder(dividingBy: 5)
            return (phase < 4 ? 122.6 * sin(Double.pi * phase / 4) : 0) + 15 + 4 * (rng.unit() - 0.5)
        }
    }()

    static let jitteredTimes: [Double] = {
        var rng = SplitMix64(seed: 3)
        return (0..<count).map { i in (Double(i) + 0.4 * (rng.unit() - 0.5)) / rate }
    }()

    /// Position (m) of a 5 s rep cycle: 2 s minimum-jerk pull of 0.5 m, 0.5 s
    /// hold, 2 s return, 0.5 s rest.
    static func pull(_ t: Double) -> Double {
        let c = t.truncatingRemainder(dividingBy: 5)
        func mj(_ s: Double) -> Double { s * s * s * (10 - 15 * s + 6 * s * s) }
        switch c {
        case ..<2: return 0.5 * mj(c / 2)
        case ..<2.5: return 0.5
        case ..<4.5: return 0.5 * (1 - mj((c - 2.5) / 2))
        default: return 0
        }
    }
}

/// SplitMix64 with doubles in [0, 1) from the top 53 bits.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
