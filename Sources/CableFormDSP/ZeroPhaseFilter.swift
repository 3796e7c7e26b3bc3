extension SecondOrderSections {
    /// Filters `x` forward and then backward, for zero phase shift and the
    /// squared magnitude response: SciPy's `sosfiltfilt(sos, x, padtype="odd",
    /// padlen=padLength)`.
    ///
    /// The signal is first extended at both ends by `padLength` samples of odd
    /// extension (`2·x[0] − x[k]`, and likewise at the end), which keeps the
    /// level and slope continuous. The forward pass starts from the steady state
    /// for the first extended sample, the backward pass from the steady state
    /// for the last forward output, and the padding is cut off again.
    ///
    /// This is a batch operation: it needs the whole signal, and it is not
    /// causal. For live data use ``SOSFilter``.
    ///
    /// - Parameters:
    ///   - x: the signal, finite, longer than the pad length.
    ///   - padLength: samples of extension at each end; `nil` uses SciPy's
    ///     default ``defaultPadLength`` (`3 · (2·sections + 1)`, less any
    ///     first-order sections), 15 for a 4th-order lowpass.
    /// - Returns: the filtered signal, `x.count` samples.
    /// - Throws: ``DSPError/emptyInput``, ``DSPError/inputTooShort(required:actual:)``
    ///   when `x.count <= padLength`, ``DSPError/nonFiniteSample(index:)``, or
    ///   ``DSPError/invalidArgument(name:reason:)`` for a negative `padLength`.
    public func filtfilt(_ x: [Double], padLength: Int? = nil) throws(DSPError) -> [Double] {
        try outputArray(like: x) { (input, out) throws(DSPError) in
            try filtfilt(input, into: out, padLength: padLength)
        }
    }

    /// ``filtfilt(_:padLength:)`` into caller-owned memory. It allocates one
    /// scratch buffer of `x.count + 2·padLength` samples.
    ///
    /// - Precondition: `output.count == x.count`.
    public func filtfilt(
        _ x: UnsafeBufferPointer<Double>, into output: UnsafeMutableBufferPointer<Double>,
        padLength: Int? = nil
    ) throws(DSPError) {
        precondition(output.count == x.count, "filtfilt output must have the input's length")
        let edge = padLength ?? defaultPadLength
        guard edge >= 0 else {
            throw .invalidArgument(name: "padLength", reason: "must be >= 0, got \(edge)")
        }
        let n = x.count
        guard n > 0 else { throw .emptyInput }
        guard n > edge else { throw .inputTooShort(required: edge + 1, actual: n) }
        try requireFinite(x)

        let extended = UnsafeMutableBufferPointer<Double>.allocate(capacity: n + 2 * edge)
        defer { extended.deallocate() }
        let first = x[0], last = x[n - 1]
        for k in 0..<edge {
            extended[k] = 2 * first - x[edge - k]
            extended[edge + n + k] = 2 * last - x[n - 2 - k]
        }
        _ = UnsafeMutableBufferPointer(rebasing: extended[edge..<(edge + n)]).initialize(fromContentsOf: x)

        var filter = SOSFilter(self)
        filter.reset(steadyStateFor: extended[0])
        filter.process(extended)
        filter.reset(steadyStateFor: extended[extended.count - 1])
        filter.processReversed(extended)
        _ = output.initialize(fromContentsOf: extended[edge..<(edge + n)])
    }
}
