/// Derivatives of uniformly sampled signals.
public enum Derivative {
    /// The derivative of `y` sampled every `spacing` seconds, by second-order
    /// central differences inside and one-sided differences at the ends:
    /// `numpy.gradient(y, spacing, edge_order=edgeOrder)`.
    ///
    /// Inside, `g[i] = (y[i+1] − y[i−1]) / (2·spacing)`. At the ends,
    /// `edgeOrder` 1 uses first-order differences and `edgeOrder` 2 uses the
    /// second-order three-point formulas `(−3y₀ + 4y₁ − y₂) / (2·spacing)`.
    /// Units: those of `y` per second (e.g. m → m/s).
    ///
    /// - Parameters:
    ///   - y: the signal, at least `edgeOrder + 1` samples.
    ///   - spacing: the sampling interval (s), finite and `> 0`.
    ///   - edgeOrder: 1 or 2.
    /// - Throws: ``DSPError/invalidArgument(name:reason:)`` for `spacing` or
    ///   `edgeOrder`; ``DSPError/emptyInput``; ``DSPError/inputTooShort(required:actual:)``.
    public static func gradient(_ y: [Double], spacing: Double, edgeOrder: Int = 1) throws(DSPError) -> [Double] {
        try outputArray(like: y) { (input, out) throws(DSPError) in
            try gradient(input, spacing: spacing, edgeOrder: edgeOrder, into: out)
        }
    }

    /// ``gradient(_:spacing:edgeOrder:)`` into caller-owned memory; allocates nothing.
    ///
    /// - Precondition: `output.count == y.count`, and the two do not overlap.
    public static func gradient(
        _ y: UnsafeBufferPointer<Double>, spacing: Double, edgeOrder: Int = 1,
        into output: UnsafeMutableBufferPointer<Double>
    ) throws(DSPError) {
        precondition(output.count == y.count, "gradient output must have the input's length")
        guard spacing.isFinite, spacing > 0 else {
            throw .invalidArgument(name: "spacing", reason: "must be finite and > 0 s, got \(spacing)")
        }
        guard edgeOrder == 1 || edgeOrder == 2 else {
            throw .invalidArgument(name: "edgeOrder", reason: "must be 1 or 2, got \(edgeOrder)")
        }
        let n = y.count
        guard n > 0 else { throw .emptyInput }
        guard n >= edgeOrder + 1 else { throw .inputTooShort(required: edgeOrder + 1, actual: n) }
        let twoH = 2 * spacing
        if n > 2 {
            for i in 1..<(n - 1) { output[i] = (y[i + 1] - y[i - 1]) / twoH }
        }
        if edgeOrder == 1 {
            output[0] = (y[1] - y[0]) / spacing
            output[n - 1] = (y[n - 1] - y[n - 2]) / spacing
        } else {
            let a = -1.5 / spacing, b = 2 / spacing, c = -0.5 / spacing
            output[0] = a * y[0] + b * y[1] + c * y[2]
            let ar = 0.5 / spacing, br = -2 / spacing, cr = 1.5 / spacing
            output[n - 1] = ar * y[n - 3] + br * y[n - 2] + cr * y[n - 1]
        }
    }
}
