import CableFormDSP
import Testing

@Suite("Smoothness (SPARC, LDLJ, speed peaks)")
struct SmoothnessTests {
    struct Case: Decodable {
        let name: String
        let fs: Double
        let pad_level: Int
        let cutoff: Double
        let threshold: Double
        let speed: [Double]
        let sparc: Double
        let ldlj: Double
        let speed_peaks: Int
    }
    struct File: Decodable { let cases: [Case] }

    @Test("SPARC, LDLJ and speed peaks match the authors' definitions (Fixtures/golden/smoothness.json)")
    func goldens() throws {
        let cases = try Golden.load("smoothness", as: File.self).cases
        #expect(cases.count >= 36)
        for c in cases {
            let label = "\(c.name) at \(c.fs) Hz, pad \(c.pad_level), fc \(c.cutoff)"
            let s = try Smoothness.sparc(speed: c.speed, sampleRate: c.fs, padLevel: c.pad_level, cutoff: c.cutoff,
                                         amplitudeThreshold: c.threshold)
            #expect(abs(s - c.sparc) <= parityTolerance * abs(c.sparc), "\(label): SPARC \(s) vs \(c.sparc)")
            let j = try Smoothness.logDimensionlessJerk(velocity: c.speed, sampleRate: c.fs)
            #expect(abs(j - c.ldlj) <= parityTolerance * abs(c.ldlj), "\(label): LDLJ \(j) vs \(c.ldlj)")
            #expect(try Smoothness.speedPeaks(speed: c.speed) == c.speed_peaks, "\(label)")
        }
    }

    /// A minimum-jerk speed profile of `duration` s at `rate` Hz.
    static func minimumJerk(rate: Double, duration: Double) -> [Double] {
        let n = Int(duration * rate)
        return (0...n).map { i in
            let t = Double(i) / Double(n)
            return 30 * t * t * (1 - t) * (1 - t) / duration
        }
    }

    @Test("closed forms: minimum jerk gives LDLJ → −ln(720/1.875²) and SPARC ≈ −1.40")
    func closedForms() throws {
        let limit = -Double.log(720 / (1.875 * 1.875))
        #expect(abs(limit + 5.322034) < 1e-6)
        var previous = Double.infinity
        for rate in [100.0, 1000.0, 10_000.0] {
            let v = Self.minimumJerk(rate: rate, duration: 2)
            let j = try Smoothness.logDimensionlessJerk(velocity: v, sampleRate: rate)
            // The discrete value approaches the limit from above as the rate grows.
            #expect(abs(j - limit) < previous)
            previous = abs(j - limit)
        }
        #expect(previous < 2e-4)
        let s = try Smoothness.sparc(speed: Self.minimumJerk(rate: 1000, duration: 2), sampleRate: 1000)
        #expect(abs(s + 1.40) < 0.01, "SPARC \(s)")
    }

    @Test("both measures are independent of amplitude; a hitch is less smooth than minimum jerk")
    func invariance() throws {
        let v = Self.minimumJerk(rate: 200, duration: 2)
        let scaled = v.map { 7 * $0 }
        #expect(abs(try Smoothness.sparc(speed: v, sampleRate: 200) - Smoothness.sparc(speed: scaled, sampleRate: 200)) < 1e-12)
        #expect(abs(try Smoothness.logDimensionlessJerk(velocity: v, sampleRate: 200)
                    - Smoothness.logDimensionlessJerk(velocity: scaled, sampleRate: 200)) < 1e-12)
        // Two overlapping sub-movements (a hitch).
        let n = 400
        let hitch = (0...n).map { i -> Double in
            let t = Double(i) / Double(n)
            func mj(_ u: Double) -> Double { let c = min(max(u, 0), 1); return 30 * c * c * (1 - c) * (1 - c) }
            return mj(t / 0.6) + 0.67 * mj((t - 0.4) / 0.6)
        }
        #expect(try Smoothness.sparc(speed: hitch, sampleRate: 200) < Smoothness.sparc(speed: v, sampleRate: 200) - 0.1)
        #expect(try Smoothness.logDimensionlessJerk(velocity: hitch, sampleRate: 200)
                < Smoothness.logDimensionlessJerk(velocity: v, sampleRate: 200) - 1)
        #expect(try Smoothness.speedPeaks(speed: hitch) == 2)
        #expect(try Smoothness.speedPeaks(speed: v) == 1)
    }

    @Test("speed peak indices: where the counted peaks are, ends included, in the profile's own indices")
    func speedPeakIndices() throws {
        // A rising end counts (the padding), a small ripple does not.
        let speed: [Double] = [0, 2, 5, 2, 1, 1.05, 1, 3, 4, 6]
        #expect(try Smoothness.speedPeakIndices(speed: speed) == [2, 9])
        #expect(try Smoothness.speedPeaks(speed: speed) == 2)
        // With a floor under the ripple's prominence (0.05 of 6) it counts too.
        #expect(try Smoothness.speedPeakIndices(speed: speed, prominence: 0.005) == [2, 5, 9])
        #expect(try Smoothness.speedPeakIndices(speed: [0, 0, 0]) == [])
        #expect(Smoothness.speedPeakProminence == 0.1)
    }

    @Test("bad input is refused by name or index")
    func badInput() {
        #expect(throws: DSPError.inputTooShort(required: 2, actual: 1)) { try Smoothness.sparc(speed: [1], sampleRate: 100) }
        #expect(throws: DSPError.nonFiniteSample(index: 2)) {
            try Smoothness.sparc(speed: [0, 1, .nan, 1], sampleRate: 100)
        }
        #expect(throws: DSPError.self) { try Smoothness.sparc(speed: [0, 1, 0], sampleRate: 100, cutoff: 60) }
        #expect(throws: DSPError.self) { try Smoothness.sparc(speed: [0, 0, 0], sampleRate: 100) }
        #expect(throws: DSPError.self) { try Smoothness.sparc(speed: [0, 1, 0], sampleRate: 100, padLevel: 9) }
        #expect(throws: DSPError.inputTooShort(required: 3, actual: 2)) {
            try Smoothness.logDimensionlessJerk(velocity: [1, 2], sampleRate: 100)
        }
        #expect(throws: DSPError.self) { try Smoothness.logDimensionlessJerk(velocity: [0, 0, 0], sampleRate: 100) }
        #expect(throws: DSPError.self) { try Smoothness.speedPeaks(speed: [0, 1, 0], prominence: 0) }
    }
}
