/// What a ``StreamingAnalyzer`` reports as soon as it can decide it.
///
/// `decidedAt` is the time stamp (s) of the input sample whose arrival made
/// the event decidable: the event's latency is `decidedAt` minus the time it
/// is about. `docs/algorithms.md` lists the latency each rule imposes.
public enum AnalysisEvent: Sendable, Hashable {
    /// A rep's first phase ended and the rep is known to have started at `start` (s).
    case repStarted(set: Int, rep: Int, start: Double, decidedAt: Double)
    /// A rep's phase ran from `start` to `end` (s).
    case phaseCompleted(set: Int, rep: Int, phase: MovementPhase, start: Double, end: Double, decidedAt: Double)
    /// A rep ended; its pause after it is still unknown (nil), `complete` (and
    /// the `partial` flag) is judged against the set's reps so far, and its
    /// flags are those the rep alone decides (`jerky`, `partial`). The set's
    /// final judgement, with the flags that need the reps around each rep
    /// (`bounce`, `ballistic`, `dropped_eccentric`), is in
    /// ``setCompleted(_:decidedAt:)``.
    case repCompleted(set: Int, rep: Rep, decidedAt: Double)
    /// The rep announced by ``repStarted(set:rep:start:decidedAt:)`` turned
    /// out not to be one (smaller than the minimum range, longer than the
    /// longest rep, a hold, or a first phase with no return); its index will be
    /// used by the next rep.
    case repDiscarded(set: Int, rep: Int, decidedAt: Double)
    /// A hold ended.
    case holdCompleted(set: Int, hold: Hold, decidedAt: Double)
    /// A set ended: its final form, as it appears in the report.
    case setCompleted(RepSet, decidedAt: Double)

    /// When the event became decidable (s).
    public var decidedAt: Double {
        switch self {
        case let .repStarted(_, _, _, t), let .phaseCompleted(_, _, _, _, _, t), let .repCompleted(_, _, t),
             let .repDiscarded(_, _, t), let .holdCompleted(_, _, t), let .setCompleted(_, t):
            return t
        }
    }
}
