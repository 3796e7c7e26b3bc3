/// A causal, streaming filter that runs a ``SecondOrderSections`` cascade, one
/// sample or one block at a time, with its state in the open.
///
/// Each section is a transposed direct form II biquad (SciPy's `sosfilt`):
///
///     y  = b0·x + z0
///     z0 = b1·x + z1 − a1·y
///     z1 = b2·x − a2·y
///
/// ``state`` holds `[z0, z1]` for each section, in section order. Because a
/// block call performs exactly the arithmetic of the equivalent sequence of
/// single-sample calls, splitting a signal into chunks of any sizes gives
/// bit-identical output to filtering it in one pass. That is the property
/// streaming analysis relies on.
///
/// Block calls allocate nothing once the filter's storage is uniquely owned.
///
/// ```swift
/// let sos = try SecondOrderSections.butterworth(order: 4, band: .lowpass(cutoff: 8), sampleRate: 500)
/// var filter = SOSFilter(sos)
/// filter.reset(steadyStateFor: firstSample)   // no start-up transient
/// filter.process(&block)                      // in place, any block length
/// ```
///
/// Non-finite input is not checked on this hot path: a NaN or infinity makes
/// the state non-finite, and every later output too, until ``reset()``.
public struct SOSFilter: Sendable {
    /// The cascade this filter runs.
    public let sections: SecondOrderSections

    /// The filter's memory: `[z0, z1]` per section, `2 · sections.count` values,
    /// in the units of the signal.
    public var state: [Double] { _state }

    @usableFromInline
    var _state: [Double]

    /// Creates a filter at rest (all state zero).
    public init(_ sections: SecondOrderSections) {
        self.sections = sections
        self._state = Array(repeating: 0, count: 2 * sections.count)
    }

    /// Creates a filter with an explicit initial state, SciPy's `zi`.
    ///
    /// - Precondition: `state.count == 2 * sections.count`.
    public init(_ sections: SecondOrderSections, state: [Double]) {
        precondition(
            state.count == 2 * sections.count,
            "SOSFilter state needs 2 values per section (\(2 * sections.count)), got \(state.count)")
        self.sections = sections
        self._state = state
    }

    /// Sets the state to zero, as if the input had always been 0.
    public mutating func reset() {
        _state.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Sets the state to the steady state for a constant input `x0`, so that
    /// feeding `x0` produces `x0 ·` (the cascade's DC gain) from the first
    /// sample: SciPy's `sosfilt_zi(sos) * x0`.
    public mutating func reset(steadyStateFor x0: Double) {
        let zi = sections.steadyStateState
        _state.withUnsafeMutableBufferPointer { s in
            for i in s.indices { s[i] = zi[i] * x0 }
        }
    }

    /// Filters one sample and returns the output sample.
    @inlinable
    public mutating func process(_ x: Double) -> Double {
        var v = x
        withUnsafeMutablePointer(to: &v) { p in
            self.process(UnsafeMutableBufferPointer(start: p, count: 1))
        }
        return v
    }

    /// Filters a block in place.
    @inlinable
    public mutating func process(_ buffer: inout [Double]) {
        buffer.withUnsafeMutableBufferPointer { self.process($0) }
    }

    /// Filters a block in place.
    @inlinable
    public mutating func process(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard !buffer.isEmpty else { return }
        sections.sections.withUnsafeBufferPointer { coefficients in
            _state.withUnsafeMutableBufferPointer { z in
                runCascade(coefficients, state: z.baseAddress!, buffer, reversed: false)
            }
        }
    }

    /// Filters `input` into `output`, leaving `input` untouched.
    ///
    /// - Precondition: `output.count == input.count`. The two may be the same
    ///   memory, but must not otherwise overlap.
    @inlinable
    public mutating func process(
        _ input: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(output.count == input.count, "SOSFilter output must have the input's length")
        guard !input.isEmpty else { return }
        if input.baseAddress != UnsafePointer(output.baseAddress) {
            _ = output.initialize(fromContentsOf: input)
        }
        process(output)
    }

    /// Filters a block and returns the output as a new array.
    public mutating func process(_ input: [Double]) -> [Double] {
        var output = input
        process(&output)
        return output
    }

    /// Filters the same cascade over `buffer` from its last element to its
    /// first (time reversed), in place: the backward pass of a zero-phase filter.
    @inlinable
    mutating func processReversed(_ buffer: UnsafeMutableBufferPointer<Double>) {
        guard !buffer.isEmpty else { return }
        sections.sections.withUnsafeBufferPointer { coefficients in
            _state.withUnsafeMutableBufferPointer { z in
                runCascade(coefficients, state: z.baseAddress!, buffer, reversed: true)
            }
        }
    }
}

// The section recurrence, used by every loop below:
//
//     y  = b0·x + z0
//     z0 = (b1·x + z1) − a1·y
//     z1 = b2·x − a2·y
//
// `b1·x + z1` does not depend on `y`, so the loop-carried chain per sample is
// one add, one multiply and one subtract. Written as `a * b + c`, never `fma`:
// x86-64's default target has no FMA instruction, and Swift never contracts
// on its own, so every build computes the same bits.

/// One section over a block, forward in time or (`reversed`) backward.
@inlinable @inline(__always)
func runSection(
    _ c: Biquad, z: UnsafeMutablePointer<Double>, _ buffer: UnsafeMutableBufferPointer<Double>,
    reversed: Bool = false
) {
    let b0 = c.b0, b1 = c.b1, b2 = c.b2, a1 = c.a1, a2 = c.a2
    var z0 = z[0], z1 = z[1]
    let p = buffer.baseAddress!
    let step = reversed ? -1 : 1
    var i = reversed ? buffer.count - 1 : 0
    for _ in 0..<buffer.count {
        let x = p[i]
        let y = b0 * x + z0
        z0 = (b1 * x + z1) - a1 * y
        z1 = b2 * x - a2 * y
        p[i] = y
        i += step
    }
    z[0] = z0
    z[1] = z1
}

/// Two consecutive sections over a block in one pass, forward in time or
/// (`reversed`) backward.
@inlinable @inline(__always)
func runSectionPair(
    _ c: Biquad, _ d: Biquad, z: UnsafeMutablePointer<Double>, _ buffer: UnsafeMutableBufferPointer<Double>,
    reversed: Bool = false
) {
    let b0 = c.b0, b1 = c.b1, b2 = c.b2, a1 = c.a1, a2 = c.a2
    let e0 = d.b0, e1 = d.b1, e2 = d.b2, f1 = d.a1, f2 = d.a2
    var z0 = z[0], z1 = z[1], w0 = z[2], w1 = z[3]
    let p = buffer.baseAddress!
    let step = reversed ? -1 : 1
    var i = reversed ? buffer.count - 1 : 0
    for _ in 0..<buffer.count {
        let x = p[i]
        let y = b0 * x + z0
        z0 = (b1 * x + z1) - a1 * y
        z1 = b2 * x - a2 * y
        let v = e0 * y + w0
        w0 = (e1 * y + w1) - f1 * v
        w1 = e2 * y - f2 * v
        p[i] = v
        i += step
    }
    z[0] = z0
    z[1] = z1
    z[2] = w0
    z[3] = w1
}

/// Runs every section over `buffer`, two at a time: their recurrences are
/// independent chains, so the CPU overlaps them. Each sample still sees exactly
/// the per-section arithmetic of a one-sample call, so results do not depend
/// on how a signal is split into blocks.
@inlinable @inline(__always)
func runCascade(
    _ coefficients: UnsafeBufferPointer<Biquad>, state z: UnsafeMutablePointer<Double>,
    _ buffer: UnsafeMutableBufferPointer<Double>, reversed: Bool
) {
    var s = 0
    while s + 1 < coefficients.count {
        runSectionPair(coefficients[s], coefficients[s + 1], z: z + 2 * s, buffer, reversed: reversed)
        s += 2
    }
    if s < coefficients.count {
        runSection(coefficients[s], z: z + 2 * s, buffer, reversed: reversed)
    }
}
