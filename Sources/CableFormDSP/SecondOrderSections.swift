/// One second-order IIR section ("biquad"), normalised so that `a0 == 1`.
///
/// The transfer function is
///
///     H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²)
///
/// which is one row `[b0, b1, b2, 1, a1, a2]` of SciPy's `sos` array.
/// Coefficients are dimensionless.
@frozen
public struct Biquad: Sendable, Hashable {
    /// Numerator coefficient of z⁰.
    public var b0: Double
    /// Numerator coefficient of z⁻¹.
    public var b1: Double
    /// Numerator coefficient of z⁻².
    public var b2: Double
    /// Denominator coefficient of z⁻¹ (the denominator's z⁰ term is 1).
    public var a1: Double
    /// Denominator coefficient of z⁻².
    public var a2: Double

    /// Creates a section from its normalised coefficients.
    @inlinable
    public init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
        self.b0 = b0
        self.b1 = b1
        self.b2 = b2
        self.a1 = a1
        self.a2 = a2
    }

    /// Creates a section from a SciPy `sos` row `[b0, b1, b2, a0, a1, a2]`,
    /// dividing through by `a0`.
    ///
    /// - Precondition: `row.count == 6` and `row[3] != 0`.
    public init(sosRow row: [Double]) {
        precondition(row.count == 6, "Biquad(sosRow:) needs exactly 6 coefficients")
        precondition(row[3] != 0, "Biquad(sosRow:) needs a0 != 0")
        let a0 = row[3]
        self.init(b0: row[0] / a0, b1: row[1] / a0, b2: row[2] / a0, a1: row[4] / a0, a2: row[5] / a0)
    }

    /// The section as a SciPy `sos` row `[b0, b1, b2, 1, a1, a2]`.
    public var sosRow: [Double] { [b0, b1, b2, 1, a1, a2] }

    /// The section's gain at zero frequency, `(b0 + b1 + b2) / (1 + a1 + a2)`.
    public var dcGain: Double { (b0 + b1 + b2) / (1 + a1 + a2) }

    /// The transposed direct form II state that this section holds after an
    /// infinitely long constant input of 1, so that a step starts without a
    /// transient.
    ///
    /// For a biquad with `g = dcGain` this is `[g - b0, b2 - a2·g]`, the closed
    /// form of SciPy's `lfilter_zi(b, a)`.
    public var steadyStateState: (Double, Double) {
        let g = dcGain
        return (g - b0, b2 - a2 * g)
    }
}

/// A cascade of ``Biquad`` sections: SciPy's `sos` array.
///
/// The sections run in order; section 0 sees the input first. Design one
/// with ``butterworth(order:band:sampleRate:)`` or build it from coefficients.
/// Run it with ``SOSFilter`` (streaming, causal) or
/// ``filtfilt(_:padLength:)`` (batch, zero phase).
public struct SecondOrderSections: Sendable, Hashable {
    /// The sections, applied first to last.
    public var sections: [Biquad]

    /// Creates a cascade from its sections.
    ///
    /// - Precondition: `sections` is not empty.
    public init(_ sections: [Biquad]) {
        precondition(!sections.isEmpty, "SecondOrderSections needs at least one section")
        self.sections = sections
    }

    /// Creates a cascade from SciPy's `sos` layout: one row `[b0, b1, b2, a0, a1, a2]`
    /// per section.
    public init(sosRows rows: [[Double]]) {
        self.init(rows.map(Biquad.init(sosRow:)))
    }

    /// The number of sections.
    public var count: Int { sections.count }

    /// The rows of SciPy's `sos` array, `[b0, b1, b2, 1, a1, a2]` per section.
    public var sosRows: [[Double]] { sections.map(\.sosRow) }

    /// The steady-state state for a unit step, two values per section, in the
    /// layout ``SOSFilter/state`` uses.
    ///
    /// Multiply by the first input sample to start a filter as if that value had
    /// been its input forever. This is SciPy's `sosfilt_zi(sos)`, flattened:
    /// each section's `lfilter_zi` scaled by the DC gain of the sections
    /// before it.
    public var steadyStateState: [Double] {
        var zi = [Double]()
        zi.reserveCapacity(2 * sections.count)
        var scale = 1.0
        for s in sections {
            let (z0, z1) = s.steadyStateState
            zi.append(scale * z0)
            zi.append(scale * z1)
            scale *= s.dcGain
        }
        return zi
    }

    /// The effective number of filter taps SciPy uses to choose the default
    /// `sosfiltfilt` pad length: `2·sections + 1` less the number of sections
    /// whose `b2` and whose `a2` are both zero (counted the way SciPy does).
    public var effectiveTapCount: Int {
        let zeroB2 = sections.lazy.filter { $0.b2 == 0 }.count
        let zeroA2 = sections.lazy.filter { $0.a2 == 0 }.count
        return 2 * sections.count + 1 - min(zeroB2, zeroA2)
    }

    /// SciPy's default `sosfiltfilt` pad length, `3 · effectiveTapCount`.
    public var defaultPadLength: Int { 3 * effectiveTapCount }
}
