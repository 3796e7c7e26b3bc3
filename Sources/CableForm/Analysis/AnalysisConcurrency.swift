/// How ``analyze(_:configuration:source:concurrency:)`` uses the processor's cores.
public enum AnalysisConcurrency: Sendable, Hashable {
    /// On the calling thread only.
    case serial
    /// On two threads: the calling thread validates, resamples and
    /// differentiates the samples while a second thread, started for the
    /// call, finds the movements and measures the reps a bounded stretch
    /// behind it (at most ``pipelineSpare`` grid samples more than one
    /// thread keeps). The report is the same bit for bit; the history ring
    /// takes about twice the memory.
    case pipelined
    /// ``pipelined`` for a session of at least ``pipelineMinimumSamples``
    /// samples when the process may run on two or more processors,
    /// ``serial`` otherwise.
    case automatic

    /// The shortest session (samples) that ``automatic`` analyses on two
    /// threads: starting a thread costs tens of microseconds, a few
    /// thousand samples' worth.
    public static let pipelineMinimumSamples = 1 << 17

    /// How many grid samples a pipelined analysis's first thread may run
    /// ahead of its second, beyond what one thread needs: rep measurement
    /// comes in bursts, and this lets the first thread go on through them.
    public static let pipelineSpare = 16_384

    /// Whether a session of `sampleCount` samples is analysed on two threads.
    func isPipelined(sampleCount: Int) -> Bool {
        switch self {
        case .serial: false
        case .pipelined: true
        case .automatic: sampleCount >= Self.pipelineMinimumSamples && Processors.available >= 2
        }
    }
}
