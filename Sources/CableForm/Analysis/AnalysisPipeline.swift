import Foundation
import Synchronization

/// The second thread of a pipelined analysis: it runs a ``RepTracker`` over
/// the grid samples that the first thread (resampling and differentiating
/// into the ``SampleHistory`` ring) has completed, a run at a time.
///
/// The two threads share the ring and three counters. The first thread
/// writes a run's samples, then publishes how many raw samples are written
/// and how many have velocities (`give`), and before writing more waits
/// until the tracker has analysed far enough that nothing it may still read
/// is overwritten (`waitForRoom`): a reader at sample `k` reaches back at
/// most `capacity − reserve` samples, so slot `i` is free once `k` has passed
/// `i − reserve`. The tracker sees the same samples in the same order as on
/// one thread, so the results are the same bit for bit.
///
/// A waiting thread polls with ``Backoff``.
final class AnalysisPipeline: Sendable {
    /// Raw grid samples written (released before `completed`).
    private let written = Atomic<Int>(0)
    /// Grid samples whose velocities are complete: the tracker may analyse them.
    private let completed = Atomic<Int>(0)
    /// Grid samples the tracker has analysed.
    private let analysed = Atomic<Int>(0)
    /// 0: running; 1: every sample given; 2: abandoned (stop now).
    private let state = Atomic<Int>(0)
    /// The tracker's thread has stored its results and touches nothing more.
    private let returned = Atomic<Bool>(false)
    /// What the tracker's thread works on, handed back at the end.
    private let work: Work

    /// The tracker's thread's state: its own only between `init` and
    /// `returned` (the first thread reads it after seeing `returned`).
    private final class Work: @unchecked Sendable {
        var tracker: RepTracker?
        var history: SampleHistory
        init(tracker: RepTracker, history: SampleHistory) {
            self.tracker = tracker
            self.history = history
        }
    }

    /// Starts the tracker's thread on `tracker`, reading `history`'s ring.
    init(tracker: RepTracker, history: SampleHistory) {
        work = Work(tracker: tracker, history: history)
        let thread = Thread { [self] in track() }
        thread.name = "CableForm.AnalysisPipeline"
        thread.start()
    }

    /// The first thread: `written` raw samples are in the ring and the
    /// velocities of grid samples `..<completed` are complete.
    func give(written count: Int, completed through: Int) {
        written.store(count, ordering: .releasing)
        completed.store(through, ordering: .releasing)
    }

    /// The first thread: waits until raw samples up to index `end − 1` may be
    /// written without overwriting what the tracker may still read (`reserve`:
    /// the ring's ``SampleHistory/reserve``).
    func waitForRoom(through end: Int, reserve: Int) {
        var wait = Backoff()
        while end > analysed.load(ordering: .acquiring) + reserve { wait.pause() }
    }

    /// The first thread: ends the pipeline — after every sample given, or at
    /// once if `abandoned` — waits for the tracker's thread to return, and
    /// takes back the tracker and the counts it left in its copy of the history.
    func join(abandoned: Bool) -> (tracker: RepTracker, history: SampleHistory) {
        state.store(abandoned ? 2 : 1, ordering: .releasing)
        var wait = Backoff()
        while !returned.load(ordering: .acquiring) { wait.pause() }
        let tracker = work.tracker!
        work.tracker = nil
        return (tracker, work.history)
    }

    /// The tracker's thread: analyses each run as it is given, until every
    /// sample is done or the pipeline is abandoned.
    private func track() {
        var tracker = work.tracker!
        work.tracker = nil
        var history = work.history
        var done = 0
        var wait = Backoff()
        while true {
            // The state first: once it says every sample is given, the
            // counts loaded after it are final.
            let ended = state.load(ordering: .acquiring)
            if ended == 2 { break }
            let through = completed.load(ordering: .acquiring)
            if through > done {
                // At least what was written when `through` was published.
                let raw = written.load(ordering: .acquiring)
                tracker.analyse(done..<through, rawCount: raw, history: &history)
                done = through
                analysed.store(done, ordering: .releasing)
                wait = Backoff()
            } else if ended == 1 {
                break
            } else {
                wait.pause()
            }
        }
        work.tracker = tracker
        work.history = history
        returned.store(true, ordering: .releasing)
    }
}
