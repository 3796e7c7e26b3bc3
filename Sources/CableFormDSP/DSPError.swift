/// A problem with the arguments or the data handed to a CableFormDSP kernel.
///
/// Every throwing kernel in CableFormDSP throws exactly this type (typed
/// throws), and every case says *which* argument or *which sample* is at
/// fault, so that a caller can report it without guessing.
public enum DSPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An argument is outside its documented domain.
    ///
    /// - Parameters:
    ///   - name: the argument's label, as spelled in the API (`order`, `cutoff`, ...).
    ///   - reason: what the contract is, in words.
    case invalidArgument(name: String, reason: String)

    /// The input has no samples, and the kernel needs at least one.
    case emptyInput

    /// The input is shorter than the kernel needs.
    ///
    /// - Parameters:
    ///   - required: the minimum number of samples.
    ///   - actual: the number of samples given.
    case inputTooShort(required: Int, actual: Int)

    /// A sample is NaN or infinite where only finite values make sense.
    ///
    /// - Parameter index: the zero-based index of the first such sample.
    case nonFiniteSample(index: Int)

    /// Time stamps do not strictly increase.
    ///
    /// - Parameter index: the zero-based index of the first time stamp that is
    ///   not greater than the one before it.
    case nonIncreasingTime(index: Int)

    /// A LAPACK routine reported failure (`info != 0`).
    ///
    /// - Parameters:
    ///   - routine: the Fortran routine's name (`dgelsd`).
    ///   - info: the `INFO` value it returned.
    case lapackFailure(routine: String, info: Int)

    /// A least-squares problem had lower numerical rank than the caller needs.
    ///
    /// - Parameters:
    ///   - rank: the effective rank LAPACK reported for the given `rcond`.
    ///   - required: the rank the caller asked for.
    case rankDeficient(rank: Int, required: Int)

    public var description: String {
        switch self {
        case let .invalidArgument(name, reason):
            return "invalid argument '\(name)': \(reason)"
        case .emptyInput:
            return "the input is empty"
        case let .inputTooShort(required, actual):
            return "the input has \(actual) samples; at least \(required) are needed"
        case let .nonFiniteSample(index):
            return "sample \(index) is NaN or infinite"
        case let .nonIncreasingTime(index):
            return "time stamp \(index) is not greater than the one before it"
        case let .lapackFailure(routine, info):
            return "LAPACK \(routine) failed with INFO = \(info)"
        case let .rankDeficient(rank, required):
            return "least-squares design has rank \(rank); \(required) is required"
        }
    }
}

/// Throws ``DSPError/nonFiniteSample(index:)`` for the first NaN or infinity.
@inlinable
func requireFinite(_ x: UnsafeBufferPointer<Double>) throws(DSPError) {
    for i in x.indices where !x[i].isFinite {
        throw .nonFiniteSample(index: i)
    }
}

@inlinable
func requireFinite(_ x: [Double]) throws(DSPError) {
    try x.withUnsafeBufferPointer { (p) throws(DSPError) in try requireFinite(p) }
}

/// Runs a kernel that writes `x.count` outputs into caller memory, and returns
/// them as a new array: the array-returning form of every buffer-based kernel.
@inlinable
func outputArray(
    like x: [Double],
    _ kernel: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws(DSPError) -> Void
) throws(DSPError) -> [Double] {
    var output = [Double](repeating: 0, count: x.count)
    try x.withUnsafeBufferPointer { (input) throws(DSPError) in
        try output.withUnsafeMutableBufferPointer { (out) throws(DSPError) in try kernel(input, out) }
    }
    return output
}
