/// The analysis of uniform grid samples as the resampler completes them, a
/// run at a time: it keeps them in the ``SampleHistory`` ring, differentiates
/// each cable's position there (the running least-squares slope of
/// ``SlopeSums``, reading the window from the ring itself), and steps the
/// movement detector and the rep segmenter once per velocity sample. Events
/// it decides wait in ``events`` for the owner to take.
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
    private(set) var detector: MovementDetector
    private(set) var segmenter: RepSegmenter
    /// Events decided and not yet taken.
    var events: [AnalysisEvent] = []
    /// The slope filter's half window `m` (samples): a velocity lags its position by `m`.
    let halfWindow: Int
    /// One cable's running sums each (written through a pointer, like the ring).
    private var slopes: CopyOnWriteBuffer<SlopeSums>
    /// Raw samples fed to the slopes.
    private var fed = 0
    /// Whether the stream has ended.
    private var flushed = false

    init(cables: [CableName], sampleRate: Double, configuration: AnalysisConfiguration, declaredLoad: Double?) {
        let n = cables.count
        let w = configuration.windowLength(at: sampleRate)
        halfWindow = w / 2
        // A validated rate and window: SlopeSums cannot refuse them.
        let sums = try! SlopeSums(halfWidth: w / 2, delta: 1 / sampleRate)
        slopes = CopyOnWriteBuffer(count: n, repeating: sums)
        let seconds = configuration.maximumRepDuration + configuration.restLimit + 2 * configuration.smoothingWindow + 2
        history = SampleHistory(cableCount: n, minimumCapacity: Int((seconds * sampleRate).rounded(.up)) + 16,
                                reserve: Self.runLength + w)
        detector = MovementDetector(onsetVelocity: configuration.onsetVelocity, minimumTravel: configuration.minimumTravel,
                                    sampleRate: sampleRate, halfWindow: w / 2)
        segmenter = RepSegmenter(configuration: configuration, cables: cables, declaredLoad: declaredLoad)
        events.reserveCapacity(8)
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
    func slots() -> (times: UnsafeMutablePointer<Double>, values: UnsafeMutablePointer<Double>, stride: Int, room: Int) {
        history.rawSlots(maximum: Self.runLength)
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
        guard raw > 0, !flushed else { return }
        flushed = true
        differentiate(upTo: raw + halfWindow, last: raw - 1)
        let k = history.count - 1
        guard k >= 0 else { return }
        history.visibleCount = history.rawCount
        if let m = detector.finish(at: k, history) {
            segmenter.take(m, at: history.t(k), history, events: &events)
        }
        segmenter.finish(at: history.t(k), history, events: &events)
    }

    /// Feeds raw samples `fed..<end` of each cable's padded position signal
    /// (before 0: sample 0; after `last`: sample `last`) to its slope, one
    /// row at a time; from `r = m` on, sample `r` completes the velocity of
    /// grid sample `r − m`. Then analyses those grid samples in order.
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
        // Then the detector and the segmenter, sample by sample. They read the
        // history through a local copy made once per run: the history property
        // itself, beside the detector and segmenter being mutated, was copied to
        // the stack for every call, and that copy's wide loads of the counts
        // just stored stalled on store forwarding. (Written here, not in a
        // helper taking the copy inout: that copies it again per call.)
        var h = history
        for r in first..<stop {
            let k = r - m
            h.count = k + 1
            // What a stream fed one sample at a time would hold now: the filter's look-ahead.
            h.visibleCount = min(h.rawCount, k + 1 + halfWindow)
            if !detector.isQuiet(at: h.v(k)) {
                var started = 0
                if let m = detector.step(k, h, started: &started) {
                    segmenter.take(m, at: h.t(k), h, events: &events)
                }
                if started != 0 { segmenter.movementStarted(direction: started, at: h.t(k), events: &events) }
            }
            segmenter.tick(k, h, moving: !detector.isIdle, events: &events)
        }
        history = h
    }
}
