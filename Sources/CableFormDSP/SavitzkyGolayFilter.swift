/// A Savitzky-Golay filter: a sliding least-squares polynomial fit that
/// smooths a uniformly sampled signal or estimates its derivatives.
///
/// Each output sample is the value (or `derivative`-th derivative) at the
/// window's centre of the degree-`polyOrder` polynomial fitted by least squares
/// to the `windowLength` samples around it. Inside the signal that is a fixed
/// FIR filter, ``coefficients``; the edges follow an ``EdgeMode``. This is
/// `scipy.signal.savgol_filter` / `savgol_coeffs`: the coefficients are the
/// minimum-norm least-squares solution of SciPy's Vandermonde system, solved
/// with LAPACK `dgelsd` and `rcond = ε · windowLength`, as SciPy does.
///
/// Savitzky A, Golay MJE (1964), "Smoothing and differentiation of data by
/// simplified least squares procedures", Anal. Chem. 36(8):1627–1639.
///
/// Assumes uniform sampling at interval ``delta``. Parity with SciPy is tested
/// for windows up to 51 and orders up to 4; larger designs are ill-conditioned
/// and differ between LAPACK builds (SciPy itself is then off by up to 1e-5).
public struct SavitzkyGolayFilter: Sendable, Hashable {
    /// How the filter treats the `windowLength / 2` samples at each end.
    public enum EdgeMode: Sendable, Hashable {
        /// Fit one polynomial to the first (last) full window and evaluate it at
        /// the edge samples. SciPy's default `mode="interp"`.
        case interp
        /// Reflect about the edge sample without repeating it (`d c b | a b c d | c b a`).
        case mirror
        /// Repeat the edge sample (`a a a | a b c d | d d d`).
        case nearest
        /// Pad with a constant value (`k k k | a b c d | k k k`), in signal units.
        case constant(Double)
        /// Wrap around periodically (`b c d | a b c d | a b c`).
        case wrap
    }

    /// Number of samples in the fitting window, odd, `>= 1`.
    public let windowLength: Int
    /// Degree of the fitted polynomial, `< windowLength`.
    public let polyOrder: Int
    /// Which derivative to estimate, `0...3` (0 smooths).
    public let derivative: Int
    /// The sampling interval in seconds (or the unit of the independent
    /// variable); derivatives are divided by `delta^derivative`.
    public let delta: Double

    /// The FIR weights in window order: output `i` is
    /// `Σ_j coefficients[j] · x[i − windowLength/2 + j]`. SciPy's
    /// `savgol_coeffs(..., use="dot")`.
    public let coefficients: [Double]

    /// Weights for the `windowLength / 2` samples at each end in `interp` mode,
    /// row `k` evaluating the fit of the edge window at position `k` (left) or
    /// `windowLength − half + k` (right).
    let leftEdge: [[Double]]
    let rightEdge: [[Double]]

    /// The derivative orders supported.
    public static let derivatives: ClosedRange<Int> = 0...3

    /// Designs the filter.
    ///
    /// - Parameters:
    ///   - windowLength: odd window length in samples, `>= 1`.
    ///   - polyOrder: polynomial degree, `0 <= polyOrder < windowLength`.
    ///   - derivative: derivative order in ``derivatives``; above `polyOrder`
    ///     every coefficient is 0, as in SciPy.
    ///   - delta: the sampling interval (s), finite and `> 0`.
    /// - Throws: ``DSPError/invalidArgument(name:reason:)`` naming the argument;
    ///   ``DSPError/rankDeficient(rank:required:)`` if LAPACK finds the design
    ///   rank deficient (it is not, for valid arguments).
    public init(windowLength: Int, polyOrder: Int, derivative: Int = 0, delta: Double = 1) throws(DSPError) {
        guard windowLength >= 1, windowLength % 2 == 1 else {
            throw .invalidArgument(name: "windowLength", reason: "must be odd and >= 1, got \(windowLength)")
        }
        guard polyOrder >= 0, polyOrder < windowLength else {
            throw .invalidArgument(
                name: "polyOrder", reason: "must satisfy 0 <= polyOrder < windowLength (\(windowLength)), got \(polyOrder)")
        }
        guard Self.derivatives.contains(derivative) else {
            throw .invalidArgument(name: "derivative", reason: "must be in \(Self.derivatives), got \(derivative)")
        }
        guard delta.isFinite, delta > 0 else {
            throw .invalidArgument(name: "delta", reason: "must be finite and > 0, got \(delta)")
        }
        self.windowLength = windowLength
        self.polyOrder = polyOrder
        self.derivative = derivative
        self.delta = delta
        let half = windowLength / 2
        func weights(at position: Int) throws(DSPError) -> [Double] {
            try Self.fitWeights(
                windowLength: windowLength, polyOrder: polyOrder, derivative: derivative,
                delta: delta, position: Double(position))
        }
        self.coefficients = try weights(at: half)
        var left: [[Double]] = [], right: [[Double]] = []
        for k in 0..<half {
            left.append(try weights(at: k))
            right.append(try weights(at: windowLength - half + k))
        }
        self.leftEdge = left
        self.rightEdge = right
    }

    /// SciPy's `savgol_coeffs(windowLength, polyOrder, deriv, delta, pos, use)`.
    ///
    /// - Parameters:
    ///   - windowLength: odd window length in samples, `>= 1`.
    ///   - polyOrder: polynomial degree, `0 <= polyOrder < windowLength`.
    ///   - derivative: derivative order in ``derivatives``.
    ///   - delta: the sampling interval (s), finite and `> 0`.
    ///   - position: where in the window (0-based, may be fractional) the fit is
    ///     evaluated; `nil` is the centre.
    ///   - convolutionOrder: `true` returns the weights reversed, ready for
    ///     convolution (SciPy's default `use="conv"`); `false` returns them in
    ///     window order (`use="dot"`).
    /// - Throws: as ``init(windowLength:polyOrder:derivative:delta:)``, and for a
    ///   `position` outside `0 ..< windowLength`.
    public static func coefficients(
        windowLength: Int, polyOrder: Int, derivative: Int = 0, delta: Double = 1,
        position: Double? = nil, convolutionOrder: Bool = true
    ) throws(DSPError) -> [Double] {
        let design = try SavitzkyGolayFilter(
            windowLength: windowLength, polyOrder: polyOrder, derivative: derivative, delta: delta)
        var w = design.coefficients
        if let position {
            guard position >= 0, position < Double(windowLength) else {
                throw .invalidArgument(name: "position", reason: "must be in 0..<\(windowLength), got \(position)")
            }
            w = try fitWeights(
                windowLength: windowLength, polyOrder: polyOrder, derivative: derivative,
                delta: delta, position: position)
        }
        return convolutionOrder ? w.reversed() : w
    }

    /// Weights `w` (window order) such that `Σ w[j]·x[j]` is the
    /// `derivative`-th derivative at `position` of the least-squares polynomial
    /// through `x[0 ..< windowLength]`.
    static func fitWeights(
        windowLength: Int, polyOrder: Int, derivative: Int, delta: Double, position: Double
    ) throws(DSPError) -> [Double] {
        guard derivative <= polyOrder else {
            return [Double](repeating: 0, count: windowLength)
        }
        // SciPy's system is A[i][j] = u_j^i with u_j = j − position, A of size
        // (polyOrder+1) × windowLength, and A·w = e_derivative · derivative!/delta^derivative.
        // The abscissa is scaled to t = u / s, s = max|u|, so that A stays well
        // conditioned at the window's edges (where |u| reaches windowLength − 1);
        // the fit is the same polynomial, and its derivative in u is the one in
        // t divided by s^derivative.
        let rows = polyOrder + 1
        let s = max(position, Double(windowLength - 1) - position, 1)
        let a = LeastSquares.Matrix(rows: rows, columns: windowLength) { i, j in
            var power = 1.0
            let t = (Double(j) - position) / s
            for _ in 0..<i { power *= t }
            return power
        }
        var factorial = 1.0
        for k in stride(from: 2, through: derivative, by: 1) { factorial *= Double(k) }
        var stepPower = 1.0
        for _ in 0..<derivative { stepPower *= delta * s }
        var b = [Double](repeating: 0, count: rows)
        b[derivative] = factorial / stepPower
        let solution = try LeastSquares.solve(a, b, rcond: Double.ulpOfOne * Double(max(rows, windowLength)))
        guard solution.rank == rows else {
            throw .rankDeficient(rank: solution.rank, required: rows)
        }
        return solution.coefficients
    }

    /// Filters `x`. SciPy's `savgol_filter(x, windowLength, polyOrder, deriv,
    /// delta, mode)`.
    ///
    /// - Throws: ``DSPError/emptyInput``; ``DSPError/nonFiniteSample(index:)``;
    ///   ``DSPError/inputTooShort(required:actual:)`` in `interp` mode when
    ///   `x.count < windowLength`.
    public func apply(_ x: [Double], mode: EdgeMode = .interp) throws(DSPError) -> [Double] {
        try outputArray(like: x) { (input, out) throws(DSPError) in
            try apply(input, into: out, mode: mode)
        }
    }

    /// ``apply(_:mode:)`` into caller-owned memory; allocates nothing.
    ///
    /// - Precondition: `output.count == x.count`, and the two do not overlap.
    public func apply(
        _ x: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>,
        mode: EdgeMode = .interp
    ) throws(DSPError) {
        precondition(output.count == x.count, "savgol output must have the input's length")
        let n = x.count
        guard n > 0 else { throw .emptyInput }
        try requireFinite(x)
        if case .interp = mode, n < windowLength {
            throw .inputTooShort(required: windowLength, actual: n)
        }
        let half = windowLength / 2
        if n >= windowLength {
            coefficients.withUnsafeBufferPointer { w in
                for i in half..<(n - half) {
                    output[i] = Self.windowDot(w.baseAddress!, x.baseAddress! + (i - half), windowLength)
                }
            }
            for i in 0..<half { output[i] = edgeOutput(at: i, of: x, mode: mode) }
            for i in (n - half)..<n { output[i] = edgeOutput(at: i, of: x, mode: mode) }
        } else {
            // The window is longer than the signal: every sample is an edge sample.
            for i in 0..<n { output[i] = edgeOutput(at: i, of: x, mode: mode) }
        }
    }

    /// `Σ_j w[j]·x[j]` over one window, with four partial sums that break the
    /// add-latency chain of a single running sum. The batch and streaming forms
    /// both compute every interior sample with this, in this order.
    @inline(__always)
    static func windowDot(_ w: UnsafePointer<Double>, _ x: UnsafePointer<Double>, _ count: Int) -> Double {
        let quad = count & ~3
        var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
        var j = 0
        while j < quad {
            a0 = w[j] * x[j] + a0
            a1 = w[j + 1] * x[j + 1] + a1
            a2 = w[j + 2] * x[j + 2] + a2
            a3 = w[j + 3] * x[j + 3] + a3
            j += 4
        }
        while j < count {
            a0 = w[j] * x[j] + a0
            j += 1
        }
        return (a0 + a1) + (a2 + a3)
    }

    /// Output sample `i` of `x` within `windowLength / 2` of either end (or any
    /// sample when `x` is shorter than the window), by the edge `mode`.
    func edgeOutput(at i: Int, of x: UnsafeBufferPointer<Double>, mode: EdgeMode) -> Double {
        let n = x.count
        let half = windowLength / 2
        switch mode {
        case .interp:
            return i < half
                ? dot(leftEdge[i], x, from: 0)
                : dot(rightEdge[i - (n - half)], x, from: n - windowLength)
        case .mirror, .nearest, .wrap, .constant:
            var acc = 0.0
            for j in 0..<windowLength {
                acc = coefficients[j] * Self.sample(x, at: i - half + j, mode: mode) + acc
            }
            return acc
        }
    }

    private func dot(_ w: [Double], _ x: UnsafeBufferPointer<Double>, from start: Int) -> Double {
        var acc = 0.0
        for j in w.indices { acc = w[j] * x[start + j] + acc }
        return acc
    }

    /// The sample at `index`, which may lie outside the signal, extended as
    /// `scipy.ndimage` extends it for `mode`.
    static func sample(_ x: UnsafeBufferPointer<Double>, at index: Int, mode: EdgeMode) -> Double {
        let n = x.count
        if index >= 0 && index < n { return x[index] }
        switch mode {
        case .constant(let value):
            return value
        case .nearest:
            return index < 0 ? x[0] : x[n - 1]
        case .wrap:
            let r = index % n
            return x[r < 0 ? r + n : r]
        case .mirror:
            if n == 1 { return x[0] }
            let period = 2 * (n - 1)
            var r = index % period
            if r < 0 { r += period }
            return x[r < n ? r : period - r]
        case .interp:
            preconditionFailure("interp edges are fitted, not extended")
        }
    }
}
