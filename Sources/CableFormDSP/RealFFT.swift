import ComplexModule
import RealModule

/// The discrete Fourier transform of a real signal of fixed length, forward
/// and inverse: `numpy.fft.rfft` and `numpy.fft.irfft` for `n = count`.
///
/// The forward transform returns the `count/2 + 1` non-negative-frequency bins
/// `X[k] = Σ_n x[n]·e^(−2πikn/N)`, unnormalised; the inverse divides by `N`,
/// so `inverse(forward(x)) == x` to rounding. Bin `k` is at
/// `k · sampleRate / count` Hz (see ``Spectrum/frequencies(count:sampleRate:)``).
///
/// An instance owns SIMD-aligned scratch buffers and is meant for one task at
/// a time: it is deliberately not `Sendable`. The expensive part, the FFTW
/// plan, is created once per length and shared by every instance of that
/// length in the process, so creating one `RealFFT` per task or per session is
/// cheap. Plan creation is serialised behind a process-wide lock because only
/// FFTW's execute functions are thread-safe.
///
/// The transforms run on FFTW (GPL-2.0-or-later); see the README for what
/// that means for an application that links CableForm.
public final class RealFFT {
    /// The transform length N, in samples.
    public let count: Int

    /// The number of complex bins the forward transform produces, `count/2 + 1`.
    public var binCount: Int { count / 2 + 1 }

    private let backend: DefaultRealFFTBackend

    /// How many leading samples of the backend's real buffer may be nonzero;
    /// the rest are known zeros. A forward transform zero-pads only up to
    /// here: FFTW's out-of-place real-to-complex transform leaves its input
    /// as it was, so the zeros one padding wrote are still there for the
    /// next (SPARC pads each rep's speed to 16–32 times its length, and
    /// zeroing the whole tail every time was ~2% of an analysis). The
    /// inverse transform writes the whole buffer.
    private var nonzeroPrefix: Int

    /// Creates a transform of length `count`.
    ///
    /// - Throws: ``DSPError/invalidArgument(name:reason:)`` unless `count >= 1`.
    public init(count: Int) throws(DSPError) {
        guard count >= 1 else {
            throw .invalidArgument(name: "count", reason: "must be >= 1, got \(count)")
        }
        self.count = count
        self.backend = DefaultRealFFTBackend(count: count)
        self.nonzeroPrefix = count  // the backend's buffers start uninitialized
    }

    /// The forward transform of `x`, zero-padded to ``count`` when shorter:
    /// `numpy.fft.rfft(x, n=count)`.
    ///
    /// - Precondition: `x.count <= count`.
    public func forward(_ x: [Double]) -> [Complex<Double>] {
        var output = [Complex<Double>](repeating: .zero, count: binCount)
        x.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { forward(input, into: $0) }
        }
        return output
    }

    /// ``forward(_:)`` into caller-owned memory; allocates nothing.
    ///
    /// - Precondition: `x.count <= count` and `output.count == binCount`.
    public func forward(_ x: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Complex<Double>>) {
        precondition(output.count == binCount, "RealFFT output needs count/2 + 1 = \(binCount) bins")
        _ = output.initialize(fromContentsOf: forwardInPlace(x))
    }

    /// The forward transform of `x` (zero-padded), left in the instance's own
    /// buffer: valid until the next transform on this instance. Allocates nothing.
    func forwardInPlace(_ x: UnsafeBufferPointer<Double>) -> UnsafeMutableBufferPointer<Complex<Double>> {
        precondition(x.count <= count, "RealFFT input longer than the transform length \(count)")
        let real = backend.real
        _ = real.initialize(fromContentsOf: x)
        if x.count < nonzeroPrefix {
            UnsafeMutableBufferPointer(rebasing: real[x.count..<nonzeroPrefix]).update(repeating: 0)
        }
        nonzeroPrefix = x.count
        backend.executeForward()
        return backend.complex
    }

    /// The inverse transform: the real signal of length ``count`` whose forward
    /// transform is `spectrum`, `numpy.fft.irfft(spectrum, n=count)`.
    ///
    /// As in NumPy, the imaginary parts of bin 0 (and of bin `count/2` when
    /// `count` is even) are ignored, since a real signal cannot have them.
    ///
    /// - Precondition: `spectrum.count == binCount`.
    public func inverse(_ spectrum: [Complex<Double>]) -> [Double] {
        var output = [Double](repeating: 0, count: count)
        spectrum.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { inverse(input, into: $0) }
        }
        return output
    }

    /// ``inverse(_:)`` into caller-owned memory; allocates nothing.
    ///
    /// - Precondition: `spectrum.count == binCount` and `output.count == count`.
    public func inverse(_ spectrum: UnsafeBufferPointer<Complex<Double>>, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(spectrum.count == binCount, "RealFFT.inverse needs count/2 + 1 = \(binCount) bins")
        precondition(output.count == count, "RealFFT.inverse output needs \(count) samples")
        let complex = backend.complex
        _ = complex.initialize(fromContentsOf: spectrum)
        complex[0] = Complex(complex[0].real, 0)
        if count % 2 == 0 {
            complex[binCount - 1] = Complex(complex[binCount - 1].real, 0)
        }
        backend.executeInverse()
        nonzeroPrefix = count
        let scale = 1 / Double(count)
        for i in 0..<count { output[i] = backend.real[i] * scale }
    }
}

/// Spectrum helpers for the output of ``RealFFT``.
public enum Spectrum {
    /// `|X[k]|` for every bin, in the units of the signal.
    public static func magnitudes(_ spectrum: [Complex<Double>]) -> [Double] {
        spectrum.map { $0.length }
    }

    /// `|X[k]|²` for every bin, in squared signal units.
    public static func powers(_ spectrum: [Complex<Double>]) -> [Double] {
        spectrum.map { $0.lengthSquared }
    }

    /// The centre frequency (Hz) of each of the `count/2 + 1` bins of a length-
    /// `count` transform sampled at `sampleRate` Hz: `numpy.fft.rfftfreq(count,
    /// 1/sampleRate)`.
    ///
    /// - Precondition: `count >= 1` and `sampleRate > 0`.
    public static func frequencies(count: Int, sampleRate: Double) -> [Double] {
        precondition(count >= 1, "Spectrum.frequencies needs count >= 1")
        precondition(sampleRate > 0, "Spectrum.frequencies needs sampleRate > 0 Hz")
        let step = sampleRate / Double(count)
        return (0...(count / 2)).map { Double($0) * step }
    }
}
