/// The analysis of uniform grid samples as the resampler completes them, a
/// run at a time: it keeps them in the ``SampleHistory`` ring, differentiates
/// each cable's position there (the running least-squares slope of
/// ``SlopeSums``, reading the window from the ring itself), and steps the
/// movement detector and the rep segmenter (``RepTracker``) once per velocity
/// sample — on this thread, or on a second one behind it while a pipeline runs
/// (``startPipeline()``). Events decided wait in ``events`` for the owner to take.
///
/// Each pass is a tight loop over one row (structure of arrays); only the
/// detector and the segmenter go sample by sample. A run is at most
/// ``runLength`` samples; ``SampleHistory/visibleCount`` hides the samples
/// written ahead of the one being analysed, so results do not depend on
/// where runs end.
struct GridAnalyzer {
    /// Grid samples in one run at most (the ring's look-ahead reserve).
    static let runLength = 1024

    private(set) var history: SampleHistory
    /// The detector and the segmenter; nil only while a pipeline has lent
    /// them to its second thread.
    private var tracker: RepTracker?
    /// The second thread's link while a pipeline runs.
    private var pipeline: AnalysisPipeline?
    /// The sets the segmenter has completed.
    var segmenter: RepSegmenter { tracker!.segmenter }
    /// Events decided and not yet taken.
    var events: [AnalysisEvent] {
        get { tracker!.events }
        _modify { yield &tracker!.events }
    }
    /// The slope filter's half window `m` (samples): a velocity lags its position by `m`.
    let halfWindow: Int
    /// One cable's running sums each (written through a pointer, like the ring).
    private var slopes: CopyOnWriteBuffer<SlopeSums>
    /// Raw samples fed to the slopes.
    private var fed = 0
    /// Whether the stream has ended.
    private var flushed = false

    /// `spare`: ring slots beyond what one thread needs, which a pipeline's
    /// filling stage may run ahead of its tracker (0 on one thread).
    init(cables: [CableName], sampleRate: Double, configuration: AnalysisConfiguration, declaredLoad: Double?,
         spare: Int = 0) {
        let n = cables.count
        let w = configuration.windowLength(at: sampleRate)
        halfWindow = w / 2
        // A validated rate and window: SlopeSums cannot refuse them.
        let sums = try! SlopeSums(halfWidth: w / 2, delta: 1 / sampleRate)
        slopes = CopyOnWriteBuffer(count: n, repeating: sums)
        let seconds = configuration.maximumRepDuration + configuration.restLimit + 2 * configuration.smoothingWindow + 2
        history = SampleHistory(cableCount: n, minimumCapacity: Int((seconds * sampleRate).rounded(.up)) + 16,
                                reserve: Self.runLength + w, spare: spare)
        tracker = RepTracker(
            detector: MovementDetector(onsetVelocity: configuration.onsetVelocity,
                                       minimumTravel: configuration.minimumTravel, sampleRate: sampleRate, halfWindow: w / 2),
            segmenter: RepSegmenter(configuration: configuration, cables: cables, declaredLoad: declaredLoad),
            halfWindow: w / 2)
    }

    /// Gives the ring storage of its own (copy-on-write); call once per push.
    mutating func makeUnique() {
        history.makeUnique()
        slopes.makeUnique()
    }

    /// Where the next grid samples go, straight into the history ring: the
    /// time row (s) and the first value row — each cable's positions (m),
    /// then each cable's forces (N), `stride` apart — with room for `room`
    /// samples (at most ``runLength``; fewer where the ring wraps). Write
    /// there, then call ``commit(count:)``. After ``makeUnique()``.
    /// While a pipeline runs, waits until its tracker has left the slots behind.
    func slots() -> (times: UnsafeMutablePointer<Double>, values: UnsafeMutablePointer<Double>, stride: Int, room: Int) {
        let slots = history.rawSlots(maximum: Self.runLength)
        pipeline?.waitForRoom(through: history.rawCount + slots.room, reserve: history.reserve)
        return slots
    }

    /// Takes the `count` grid samples written at ``slots()`` and analyses them.
    mutating func commit(count: Int) {
        history.commitRaw(count: count)
        advance()
    }

    /// Differentiates and analyses every raw sample written so far (as far as
    /// the slope's latency allows).
    private mutating func advance() {
        let raw = history.rawCount
        guard fed < raw else { return }
        differentiate(upTo: raw, last: raw - 1)
    }

    /// Ends the stream: the slopes read the last sample as going on for
    /// their last `m` outputs (as ``RunningSlope/finish(into:)``), then the
    /// detector and the segmenter finish.
    mutating func finish() {
        let raw = history.rawCount
        guard raw > 0, !flushed else {
            endPipeline(abandoned: false)
            return
        }
        flushed = true
        differentiate(upTo: raw + halfWindow, last: raw - 1)
        endPipeline(abandoned: false)
        tracker!.finish(rawCount: raw, history: &history)
    }

    // MARK: Pipeline

    /// Lends the tracker to a second thread, which analyses each run of grid
    /// samples once this thread has completed its velocities, while this
    /// thread goes on resampling and differentiating up to the ring's
    /// ``SampleHistory/reserve`` ahead of it. Same results as one thread: the
    /// tracker sees the same samples in the same order, and nothing it may
    /// still read is overwritten. End with ``finish()`` or
    /// ``endPipeline(abandoned:)``; nothing may call ``makeUnique()`` in
    /// between (the other thread holds the ring too).
    mutating func startPipeline() {
        precondition(pipeline == nil && fed == 0, "GridAnalyzer.startPipeline: before the first sample, once")
        let lent = tracker!
        tracker = nil
        pipeline = AnalysisPipeline(tracker: lent, history: history)
    }

    /// Waits for the pipeline's second thread to finish what it has been
    /// given (everything, unless `abandoned`) and takes the tracker back.
    mutating func endPipeline(abandoned: Bool) {
        guard let link = pipeline else { return }
        let (back, seen) = link.join(abandoned: abandoned)
        tracker = back
        history.count = seen.count
        history.visibleCount = seen.visibleCount
        pipeline = nil
    }

    /// Feeds raw samples `fed..<end` of each cable's padded position signal
    /// (before 0: sample 0; after `last`: sample `last`) to its slope, one
    /// row at a time; from `r = m` on, sample `r` completes the velocity of
    /// grid sample `r − m`. Then analyses those grid samples in order, or
    /// gives them to the pipeline's second thread.
    private mutating func differentiate(upTo end: Int, last: Int) {
        let m = halfWindow, mask = history.mask, from = fed
        let first = max(from, m), stop = max(end, m)
        do {
            let s = UnsafeMutableBufferPointer(start: slopes.pointer, count: slopes.count)
            // Inside the signal (no padding to clamp to) the window slides along the ring itself.
            let lo = min(max(first, 2 * m + 1), stop), hi = max(lo, min(stop, last + 1))
            // Sample r of cable c's padded signal enters its window: the edges.
            func padded(_ c: Int, _ range: Range<Int>) {
                let row = history.positionRow(c), out = history.velocityRow(c)
                let value = { (j: Int) -> Double in row[min(max(j, 0), last) & mask] }
                for r in range {
                    let window = { (i: Int) -> Double in value(r - 2 * m + i) }
                    out[(r - m) & mask] = r == m
                        ? s[c].recompute(window) : s[c].slide(old: value(r - 2 * m - 1), new: value(r), window)
                }
            }
            for c in s.indices { padded(c, first..<lo) }
            if s.count == 2 {
                // Two cables slide together: their chains of additions overlap.
                SlopeSums.slide(&s[0], along: history.positionRow(0), into: history.velocityRow(0),
                                &s[1], along: history.positionRow(1), into: history.velocityRow(1),
                                mask: mask, entering: lo..<hi)
            } else {
                for c in s.indices {
                    s[c].slide(along: history.positionRow(c), mask: mask, entering: lo..<hi, into: history.velocityRow(c))
                }
            }
            for c in s.indices { padded(c, hi..<stop) }
        }
        fed = end
        guard first < stop else { return }
        history.completeVelocities(first - m..<stop - m)
        if let pipeline {
            pipeline.give(written: history.rawCount, completed: stop - m)
        } else {
            tracker!.analyse(first - m..<stop - m, rawCount: history.rawCount, history: &history)
        }
    }
}
