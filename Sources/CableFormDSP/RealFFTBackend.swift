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
    /// `complex = DFT(real)`, bins 0...count/2. Leaves `real` as it was
    /// (``RealFFT`` relies on it to pad with zeros only where it wrote).
    func executeForward()
    /// `real = count · IDFT(complex)` (unnormalised).
    func executeInverse()
}

typealias DefaultRealFFTBackend = FFTWRealFFTBackend

/// One FFTW plan (r2c or c2r) for one length, immutable once made and shared
/// by every backend of that length.
///
/// `@unchecked Sendable` is sound because the plans are never mutated after
/// creation, are never destroyed (the cache lives as long as the process), and
/// FFTW documents `fftw_execute_dft_r2c` / `fftw_execute_dft_c2r` with
/// caller-supplied arrays as thread-safe. Each caller passes its own arrays,
/// allocated with `fftw_malloc` and so aligned as the planning arrays were.
final class FFTWPlan: @unchecked Sendable {
    let plan: OpaquePointer

    init(_ plan: OpaquePointer) {
        self.plan = plan
    }
}

/// Everything that touches the FFTW planner or allocator, behind one lock.
enum FFTWPlanner {
    /// The direction of a real transform.
    enum Direction: Hashable { case forward, inverse }

    private struct Key: Hashable {
        let count: Int
        let direction: Direction
    }

    private static let cache = Locked<[Key: FFTWPlan]>([:])

    /// The shared plan for a real transform of length `n` in `direction`,
    /// created on first use — each direction separately, so a length only
    /// ever transformed forward (SPARC's spectra) never pays for planning
    /// the inverse (planning is most of a short analysis's FFT cost).
    /// The corresponding FFTW calls are `fftw_plan_dft_r2c_1d` and
    /// `fftw_plan_dft_c2r_1d` with `FFTW_ESTIMATE` (the r2c plan also says
    /// `FFTW_PRESERVE_INPUT`, its default, which ``RealFFT`` relies on).
    static func plan(count n: Int, _ direction: Direction) -> FFTWPlan {
        cache.withLock { plans in
            let key = Key(count: n, direction: direction)
            if let existing = plans[key] { return existing }
            let real = fftw_alloc_real(n)!
            let complex = fftw_alloc_complex(n / 2 + 1)!
            defer {
                fftw_free(real)
                fftw_free(complex)
            }
            let made = switch direction {
            case .forward: fftw_plan_dft_r2c_1d(Int32(n), real, complex, UInt32(FFTW_ESTIMATE | FFTW_PRESERVE_INPUT))
            case .inverse: fftw_plan_dft_c2r_1d(Int32(n), complex, real, UInt32(FFTW_ESTIMATE))
            }
            guard let made else { fatalError("FFTW could not plan a real transform of length \(n)") }
            let plan = FFTWPlan(made)
            plans[key] = plan
            return plan
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
    /// The shared plans, looked up on a backend's first transform in each direction.
    private var forwardPlan: FFTWPlan?
    private var inversePlan: FFTWPlan?
    let real: UnsafeMutableBufferPointer<Double>
    let complex: UnsafeMutableBufferPointer<Complex<Double>>
    private let rawReal: UnsafeMutablePointer<Double>
    private let rawComplex: OpaquePointer

    init(count: Int) {
        self.count = count
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
        let plan = forwardPlan ?? FFTWPlanner.plan(count: count, .forward)
        forwardPlan = plan
        fftw_execute_dft_r2c(plan.plan, rawReal, out)
    }

    func executeInverse() {
        let input = UnsafeMutableRawPointer(rawComplex).assumingMemoryBound(to: fftw_complex.self)
        let plan = inversePlan ?? FFTWPlanner.plan(count: count, .inverse)
        inversePlan = plan
        fftw_execute_dft_c2r(plan.plan, input, rawReal)
    }
}
