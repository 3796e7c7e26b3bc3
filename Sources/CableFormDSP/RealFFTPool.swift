/// Transforms lent out and taken back, one pool per length, for callers that
/// need a short-lived ``RealFFT`` many times (the analyzer's per-rep SPARC and
/// lag: three transforms per rep).
///
/// Creating a `RealFFT` allocates two SIMD-aligned buffers (with 16× zero
/// padding, 64 KB each for a three-second phase) that the caller frees a
/// moment later; between reps that churn fragments the allocator's heap, and
/// a four-hour stream's resident memory crept up by tens of kilobytes per
/// rep. Borrowing reuses the buffers instead. At most
/// ``maximumIdlePerLength`` idle transforms are kept per length; the pool
/// lives as long as the process, like the FFTW plans.
package enum RealFFTPool {
    /// The most idle transforms kept per length; more are freed on return.
    package static let maximumIdlePerLength = 4

    /// A transform on loan: used by one borrower at a time, which is what
    /// makes the unchecked `Sendable` sound.
    private final class Loan: @unchecked Sendable {
        let fft: RealFFT
        init(_ fft: RealFFT) { self.fft = fft }
    }

    private static let idle = Locked<[Int: [Loan]]>([:])

    /// Runs `body` with a transform of length `count`, taken from the pool
    /// (or created) and put back after; `body` must not keep it.
    ///
    /// - Precondition: `count >= 1`.
    package static func withTransform<Result, Failure: Error>(
        count: Int, _ body: (RealFFT) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        precondition(count >= 1, "RealFFTPool: count must be >= 1")
        let loan = idle.withLock { $0[count]?.popLast() } ?? Loan(try! RealFFT(count: count))  // count >= 1: cannot throw
        defer {
            idle.withLock { pool in
                if pool[count, default: []].count < maximumIdlePerLength { pool[count, default: []].append(loan) }
            }
        }
        return try body(loan.fft)
    }
}
