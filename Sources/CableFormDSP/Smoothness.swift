/// Smoothness measures of a movement's speed profile, from movement science.
///
/// A smooth point-to-point movement (minimum jerk, Flash & Hogan 1985) has one
/// bell-shaped speed peak; hitches, jerks and corrections add peaks and
/// high-frequency content. These measures are dimensionless and independent of
/// the movement's amplitude; the more negative, the less smooth.
///
/// - ``sparc(speed:sampleRate:padLevel:cutoff:amplitudeThreshold:)``: the
///   spectral arc length of Balasubramanian et al. (2012, 2015): −1.40 for
///   minimum jerk; robust to measurement noise.
/// - ``logDimensionlessJerk(velocity:sampleRate:)``: the log dimensionless
///   jerk, peak-speed form (Hogan & Sternad 2009; Balasubramanian et al. 2015):
///   → −ln(720/1.875²) = −5.322 for minimum jerk; it differentiates twice, so it
///   needs a filtered velocity.
/// - ``speedPeaks(speed:prominence:)``: the number of speed peaks standing
///   out by a fraction of the largest.
public enum Smoothness {
    /// The spectral arc length (SPARC) of a speed profile.
    ///
    /// With `N` samples, the speed is zero-padded to `nfft = 2^(⌈log₂ N⌉ + padLevel)`
    /// points, its magnitude spectrum `M` normalised by its maximum, and kept
    /// from the first to the last bin at or below `cutoff` whose normalised
    /// magnitude is at least `amplitudeThreshold` (dips in between included).
    /// SPARC is minus the length of that curve with frequency normalised to
    /// the kept band:
    ///
    ///     SPARC = −Σ_k √( (Δf / (f_last − f_first))² + (M̂[k+1] − M̂[k])² ).
    ///
    /// Balasubramanian S, Melendez-Calderon A, Roby-Brami A, Burdet E (2015),
    /// "On the analysis of movement smoothness", J NeuroEng Rehabil 12:112.
    ///
    /// - Parameters:
    ///   - speed: the speed profile (m/s, or any unit: the measure is dimensionless), at least 2 samples.
    ///   - sampleRate: samples per second (Hz).
    ///   - padLevel: extra powers of two of zero padding, 0…8; the authors use 4.
    ///   - cutoff: the highest frequency considered (Hz), below `sampleRate / 2`; the authors use 10 Hz.
    ///   - amplitudeThreshold: the normalised magnitude that bounds the band, in (0, 1); the authors use 0.05.
    /// - Returns: the arc length (≤ 0); 0 when the band holds a single bin.
    /// - Throws: ``DSPError`` for fewer than 2 samples, a non-finite sample, an
    ///   all-zero profile, or an argument out of its domain.
    public static func sparc(speed: [Double], sampleRate: Double, padLevel: Int = 4, cutoff: Double = 10,
                             amplitudeThreshold: Double = 0.05) throws(DSPError) -> Double {
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw .invalidArgument(name: "sampleRate", reason: "must be finite and > 0 Hz, got \(sampleRate)")
        }
        guard (0...8).contains(padLevel) else {
            throw .invalidArgument(name: "padLevel", reason: "must be in 0...8, got \(padLevel)")
        }
        guard cutoff > 0, cutoff < sampleRate / 2 else {
            throw .invalidArgument(name: "cutoff", reason: "must be in (0, sampleRate/2) Hz, got \(cutoff)")
        }
        guard amplitudeThreshold > 0, amplitudeThreshold < 1 else {
            throw .invalidArgument(name: "amplitudeThreshold", reason: "must be in (0, 1), got \(amplitudeThreshold)")
        }
        guard speed.count >= 2 else { throw .inputTooShort(required: 2, actual: speed.count) }
        if let bad = speed.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteSample(index: bad) }

        var log2n = 0
        while (1 << log2n) < speed.count { log2n += 1 }
        let nfft = 1 << (log2n + padLevel)
        // Bins at or below the cut-off (f[k] = k·(fs/nfft), as numpy.arange makes them).
        let step = sampleRate / Double(nfft)
        // The transform (borrowed, RealFFTPool) zero-pads in its own buffer and
        // the spectrum is read there: no padded copy, no spectrum array (16×
        // padding makes both large). The peak magnitude is the root of the
        // largest power (the square root is monotonic and correctly rounded,
        // so this is the largest magnitude exactly); only the bins in the band
        // are rooted.
        let (peak, magnitude) = RealFFTPool.withTransform(count: nfft) { fft -> (Double, [Double]) in
            let spectrum = speed.withUnsafeBufferPointer { fft.forwardInPlace($0) }
            var peakPower = 0.0
            for bin in spectrum {
                let power = bin.real * bin.real + bin.imaginary * bin.imaginary
                peakPower = power > peakPower ? power : peakPower
            }
            let peak = peakPower.squareRoot()
            var inBand = 0
            while inBand < spectrum.count && Double(inBand) * step <= cutoff { inBand += 1 }
            return (peak, (0..<inBand).map { k in
                (spectrum[k].real * spectrum[k].real + spectrum[k].imaginary * spectrum[k].imaginary).squareRoot() / peak
            })
        }
        guard peak > 0 else {
            throw .invalidArgument(name: "speed", reason: "must not be all zeros")
        }
        // `magnitude` holds the in-band bins only.
        guard let first = magnitude.firstIndex(where: { $0 >= amplitudeThreshold }),
              let last = magnitude.lastIndex(where: { $0 >= amplitudeThreshold }),
              last > first
        else { return 0 }
        let span = Double(last) * step - Double(first) * step
        var length = 0.0
        for k in first..<last {
            let df = (Double(k + 1) * step - Double(k) * step) / span
            let dm = magnitude[k + 1] - magnitude[k]
            length += (df * df + dm * dm).squareRoot()
        }
        return -length
    }

    /// The log dimensionless jerk (LDLJ) of a velocity profile, peak-speed form.
    ///
    /// With `N` samples `dt` apart, `T = N·dt`, `v_peak = max |v|` and the jerk
    /// by second differences, `J = Σ (Δ²v/dt²)²·dt` over the `N − 2` interior
    /// points:
    ///
    ///     LDLJ = −ln( T³ · J / v_peak² ).
    ///
    /// Minimum jerk gives −ln(720/1.875²) ≈ −5.322 as the rate grows (−5.319 at
    /// 500 Hz). Differentiating twice amplifies noise by `1/dt²`: use a
    /// filtered velocity (CableForm's analyzer uses its smoothed velocity).
    ///
    /// Hogan N, Sternad D (2009), "Sensitivity of smoothness measures to movement
    /// duration, amplitude, and arrests", J Mot Behav 41(6):529–534.
    ///
    /// - Parameters:
    ///   - velocity: the velocity (m/s) of one movement, at least 3 samples.
    ///   - sampleRate: samples per second (Hz).
    /// - Throws: ``DSPError`` for fewer than 3 samples, a non-finite sample, a
    ///   zero velocity throughout, or a bad rate.
    public static func logDimensionlessJerk(velocity: [Double], sampleRate: Double) throws(DSPError) -> Double {
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw .invalidArgument(name: "sampleRate", reason: "must be finite and > 0 Hz, got \(sampleRate)")
        }
        guard velocity.count >= 3 else { throw .inputTooShort(required: 3, actual: velocity.count) }
        if let bad = velocity.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteSample(index: bad) }
        let dt = 1 / sampleRate
        let duration = Double(velocity.count) * dt
        let peak = velocity.reduce(0) { max($0, abs($1)) }
        guard peak > 0 else { throw .invalidArgument(name: "velocity", reason: "must not be all zeros") }
        var jerk = 0.0
        for n in 0..<(velocity.count - 2) {
            let second = ((velocity[n + 2] - velocity[n + 1]) - (velocity[n + 1] - velocity[n])) / (dt * dt)
            jerk += second * second * dt
        }
        guard jerk > 0 else { return .infinity }  // a constant or linear velocity has no jerk
        return -(_logarithm(duration * duration * duration * jerk / (peak * peak)))
    }

    /// The number of peaks of a speed profile whose prominence is at least
    /// `prominence` times the profile's maximum (``findPeaks(_:_:)`` semantics).
    ///
    /// A smooth movement has one; a hitch or a sticking point adds one each.
    /// The prominence floor keeps noise ripples from counting.
    ///
    /// - Parameters:
    ///   - speed: the speed profile (m/s).
    ///   - prominence: the least prominence as a fraction of the maximum speed, in (0, 1]; default 0.1.
    public static func speedPeaks(speed: [Double], prominence: Double = speedPeakProminence) throws(DSPError) -> Int {
        try speedPeakIndices(speed: speed, prominence: prominence).count
    }

    /// The default prominence of a counted speed peak, as a fraction of the
    /// profile's maximum: 0.1.
    public static let speedPeakProminence = 0.1

    /// Where the peaks that ``speedPeaks(speed:prominence:)`` counts are:
    /// indices into `speed`, increasing. Empty when the profile never moves.
    ///
    /// The profile is padded with a zero at each end first, so a peak at
    /// either end (the profile starts or ends moving) counts.
    public static func speedPeakIndices(speed: [Double], prominence: Double = speedPeakProminence) throws(DSPError) -> [Int] {
        guard prominence > 0, prominence <= 1 else {
            throw .invalidArgument(name: "prominence", reason: "must be in (0, 1], got \(prominence)")
        }
        guard let top = speed.max(), top > 0 else { return [] }
        let padded = [0] + speed + [0]
        return try findPeaks(padded, PeakCriteria(prominence: PeakBound(min: prominence * top))).indices.map { $0 - 1 }
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _logarithm(_ x: Double) -> Double { Glibc.log(x) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) private func _logarithm(_ x: Double) -> Double { Darwin.log(x) }
#endif
