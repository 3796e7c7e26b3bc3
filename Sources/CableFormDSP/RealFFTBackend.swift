import CFFTW
import ComplexModule
import RealModule

/// What ``RealFFT`` needs from an FFT library: one instance per ``RealFFT``,
/// owning a real buffer of `count` samples and a complex buffer of
/// `count/2 + 1` bins, and transforming one into the other unnormalised.
///
/// This is the only seam between CableForm and FFTW. Another backend (vDSP,
/// pocketfft, PFFFT) replaces FFTW by conforming to it and changing
/// ``DefaultRealFFTBackend``.
protocol RealFFTBackend: AnyObject {
    init(count: Int)
    /// The time-domain buffer: input of ``executeForward()``, output of ``executeInverse()``.
    var real: UnsafeMutableBufferPointer<Double> { get }
    /// The frequency-domain buffer: output of ``executeForward()``, input of
    /// ``executeInverse()`` (which may overwrite it).
    var complex: UnsafeMutableBufferPointer<Complex<Double>> { get }
    /// `complex = DFT(real)`, bins 0...count/2.
    func executeForward()
    /// `real = count · IDFT(complex)` (unnormalised).
    func executeInverse()
}

typealias DefaultRealFFTBackend = FFTWRealFFTBackend

/// A pair of FFTW plans (r2c and c2r) for one length, immutable once made and
/// shared by every backend of that length.
///
/// `@unchecked Sendable` is sound because the plans are never mutated after
/// creation, are never destroyed (the cache lives as long as the process), and
/// FFTW documents `fftw_execute_dft_r2c` / `fftw_execute_dft_c2r` with
/// caller-supplied arrays as thread-safe. Each caller passes its own arrays,
/// allocated with `fftw_malloc` and so aligned as the planning arrays were.
final class FFTWPlanPair: @unchecked Sendable {
    let forward: OpaquePointer
    let inverse: OpaquePointer

    init(forward: OpaquePointer, inverse: OpaquePointer) {
        self.forward = forward
        self.inverse = inverse
    }
}

/// Everything that touches the FFTW planner or allocator, behind one lock.
enum FFTWPlanner {
    private static let cache = Locked<[Int: FFTWPlanPair]>([:])

    /// The shared plans for length `n`, created on first use.
    /// The corresponding FFTW calls are `fftw_plan_dft_r2c_1d` and
    /// `fftw_plan_dft_c2r_1d` with `FFTW_ESTIMATE`.
    static func plans(count n: Int) -> FFTWPlanPair {
        cache.withLock { plans in
            if let existing = plans[n] { return existing }
            let real = fftw_alloc_real(n)!
            let complex = fftw_alloc_complex(n / 2 + 1)!
            defer {
                fftw_free(real)
                fftw_free(complex)
            }
            guard
                let forward = fftw_plan_dft_r2c_1d(Int32(n), real, complex, UInt32(FFTW_ESTIMATE)),
                let inverse = fftw_plan_dft_c2r_1d(Int32(n), complex, real, UInt32(FFTW_ESTIMATE))
            else {
                fatalError("FFTW could not plan a real transform of length \(n)")
            }
            let pair = FFTWPlanPair(forward: forward, inverse: inverse)
            plans[n] = pair
            return pair
        }
    }

    /// SIMD-aligned memory, allocated under the planner lock.
    static func allocate(reals n: Int, complexes m: Int) -> (UnsafeMutablePointer<Double>, OpaquePointer) {
        cache.withLock { _ in
            let r = fftw_alloc_real(n)!
            let c = fftw_alloc_complex(m)!
            return (r, OpaquePointer(c))
        }
    }

    static func free(_ r: UnsafeMutablePointer<Double>, _ c: OpaquePointer) {
        cache.withLock { _ in
            fftw_free(r)
            fftw_free(UnsafeMutableRawPointer(c))
        }
    }
}

final class FFTWRealFFTBackend: RealFFTBackend {
    let count: Int
    let plans: FFTWPlanPair
    let real: UnsafeMutableBufferPointer<Double>
    let complex: UnsafeMutableBufferPointer<Complex<Double>>
    private let rawReal: UnsafeMutablePointer<Double>
    private let rawComplex: OpaquePointer

    init(count: Int) {
        self.count = count
        self.plans = FFTWPlanner.plans(count: count)
        let (r, c) = FFTWPlanner.allocate(reals: count, complexes: count / 2 + 1)
        rawReal = r
        rawComplex = c
        // Not zeroed: every transform writes all of its input buffer before
        // executing (the forward one pads with zeros itself), and the buffers
        // hold trivial values, so nothing is read before it is written.
        real = UnsafeMutableBufferPointer(start: r, count: count)
        // Complex<Double> has the layout of C's double[2] (documented by swift-numerics).
        let cp = UnsafeMutableRawPointer(c).bindMemory(to: Complex<Double>.self, capacity: count / 2 + 1)
        complex = UnsafeMutableBufferPointer(start: cp, count: count / 2 + 1)
    }

    deinit {
        FFTWPlanner.free(rawReal, rawComplex)
    }

    func executeForward() {
        let out = UnsafeMutableRawPointer(rawComplex).assumingMemoryBound(to: fftw_complex.self)
        fftw_execute_dft_r2c(plans.forward, rawReal, out)
    }

    func executeInverse() {
        let input = UnsafeMutableRawPointer(rawComplex).assumingMemoryBound(to: fftw_complex.self)
        fftw_execute_dft_c2r(plans.inverse, input, rawReal)
    }
}
