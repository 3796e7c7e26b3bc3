/// How smooth one movement phase of a rep was, from its speed profile (the
/// mean speed of the moving cables between the phase's boundaries).
///
/// Minimum jerk — one smooth bell — gives SPARC ≈ −1.40, LDLJ ≈ −5.32 and one
/// speed peak; hitches, jerks and sticking points lower both measures and add
/// peaks (docs/dsp.md, "Smoothness").
public struct PhaseSmoothness: Sendable, Hashable, Codable {
    /// The spectral arc length (dimensionless, ≤ 0): pad level 4, amplitude
    /// threshold 0.05, cut-off 10 Hz (at most 0.4 × the sample rate), on the
    /// filtered speed taken at no more than ``spectrumRate``.
    public var sparc: Double
    /// The log dimensionless jerk of the filtered velocity, taken at no more
    /// than ``jerkRate`` (dimensionless).
    public var ldlj: Double
    /// Speed peaks with a prominence of at least 10% of the phase's peak speed
    /// (on the speed taken at no more than ``spectrumRate``).
    public var speedPeaks: Int

    /// Creates a phase's smoothness.
    public init(sparc: Double, ldlj: Double, speedPeaks: Int) {
        self.sparc = sparc
        self.ldlj = ldlj
        self.speedPeaks = speedPeaks
    }

    enum CodingKeys: String, CodingKey {
        case sparc, ldlj
        case speedPeaks = "speed_peaks"
    }

    /// The highest rate (Hz) at which the jerk is taken: the filtered velocity
    /// is sampled down to it first, because second differences of a velocity
    /// at 1 kHz measure the encoder's staircase, not the movement.
    public static let jerkRate = 50.0

    /// The highest rate (Hz) at which SPARC reads the spectrum: its band ends
    /// at 10 Hz, so a filtered speed sampled at 100 Hz holds all of it, and the
    /// transform is ten times shorter than at 1 kHz.
    public static let spectrumRate = 100.0

    /// The thinning step from `sampleRate` down to at most about `rate`: `round(sampleRate / rate)`, at least 1.
    static func thinningStep(from sampleRate: Double, to rate: Double) -> Int {
        max(1, Int((sampleRate / rate).rounded()))
    }

    /// Every `step`-th sample of `speed` (``thinningStep(from:to:)``), and the rate it is then at (Hz).
    static func thinned(_ speed: [Double], from sampleRate: Double, to rate: Double) -> ([Double], Double) {
        let step = thinningStep(from: sampleRate, to: rate)
        guard step > 1 else { return (speed, sampleRate) }
        return (Swift.stride(from: 0, to: speed.count, by: step).map { speed[$0] }, sampleRate / Double(step))
    }

    /// Measures one phase as the analyzer does: SPARC and the speed peaks on
    /// `speed` (m/s) taken at no more than ``spectrumRate``, LDLJ at no more
    /// than ``jerkRate``; `sampleRate` is the speed's rate (Hz). The speed
    /// should already be filtered (the analyzer's is a Savitzky-Golay slope
    /// over 0.15 s, which leaves nothing above ~10 Hz for a faster rate to
    /// add to the peaks). Nil when the profile is too short or still.
    public static func measure(speed: [Double], sampleRate: Double) -> PhaseSmoothness? {
        let spectral = thinned(speed, from: sampleRate, to: spectrumRate)
        return measure(speed: speed, sampleRate: sampleRate, spectral: spectral,
                       speedPeaks: try? Smoothness.speedPeaks(speed: spectral.0))
    }

    /// ``measure(speed:sampleRate:)`` with the speed already taken down to
    /// ``spectrumRate`` (`spectral`: ``thinned(_:from:to:)`` of `speed`, and its
    /// rate) and the speed peaks already counted on it (nil when they could not be).
    static func measure(speed: [Double], sampleRate: Double, spectral: ([Double], Double),
                        speedPeaks: Int?) -> PhaseSmoothness? {
        let (spectral, spectralRate) = spectral
        let (coarse, coarseRate) = thinned(speed, from: sampleRate, to: jerkRate)
        guard spectral.count >= 3, coarse.count >= 3,
              let s = try? Smoothness.sparc(speed: spectral, sampleRate: spectralRate, cutoff: min(10, 0.4 * spectralRate)),
              let j = try? Smoothness.logDimensionlessJerk(velocity: coarse, sampleRate: coarseRate), j.isFinite,
              let p = speedPeaks
        else { return nil }
        return PhaseSmoothness(sparc: s, ldlj: j, speedPeaks: p)
    }
}

/// The smoothness of a rep's two movement phases.
public struct RepSmoothness: Sendable, Hashable, Codable {
    /// The concentric phase; nil when it could not be measured.
    public var concentric: PhaseSmoothness?
    /// The eccentric phase; nil when it could not be measured.
    public var eccentric: PhaseSmoothness?

    /// Creates a rep's smoothness.
    public init(concentric: PhaseSmoothness?, eccentric: PhaseSmoothness?) {
        self.concentric = concentric
        self.eccentric = eccentric
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(concentric, forKey: .concentric)
        try c.encode(eccentric, forKey: .eccentric)
    }
}
