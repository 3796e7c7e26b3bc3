/// The sample-by-sample stage of the analysis: the movement detector and the
/// rep segmenter, stepped once per grid sample whose velocity is complete,
/// and the events they decide.
///
/// It only reads the ``SampleHistory`` ring (and sets the two counts that say
/// what a reader may see), so it can run behind the stage that fills the ring,
/// on the same thread (``GridAnalyzer``) or on another (``AnalysisPipeline``),
/// with the same result.
struct RepTracker {
    private(set) var detector: MovementDetector
    private(set) var segmenter: RepSegmenter
    /// Events decided and not yet taken.
    var events: [AnalysisEvent] = []
    /// The slope filter's half window `m` (samples): a velocity lags its position by `m`.
    let halfWindow: Int

    init(detector: MovementDetector, segmenter: RepSegmenter, halfWindow: Int) {
        self.detector = detector
        self.segmenter = segmenter
        self.halfWindow = halfWindow
        events.reserveCapacity(8)
    }

    /// Analyses grid samples `range` in order (their velocities complete in
    /// `history`), with `rawCount` raw samples written: at sample `k` a
    /// reader sees `min(rawCount, k + 1 + m)` raw samples, what a stream fed
    /// one sample at a time would hold then (the filter's look-ahead).
    mutating func analyse(_ range: Range<Int>, rawCount: Int, history: inout SampleHistory) {
        // The detector and the segmenter read the history through a local copy
        // made once per run: a copy passed on from a property or an inout
        // parameter was made again for every call, and that copy's wide loads
        // of the counts just stored stalled on store forwarding.
        var h = history
        let m = halfWindow
        for k in range {
            h.count = k + 1
            h.visibleCount = min(rawCount, k + 1 + m)
            if !detector.isQuiet(at: h.v(k)) {
                var started = 0
                if let movement = detector.step(k, h, started: &started) {
                    segmenter.take(movement, at: h.t(k), h, events: &events)
                }
                if started != 0 { segmenter.movementStarted(direction: started, at: h.t(k), events: &events) }
            }
            segmenter.tick(k, h, moving: !detector.isIdle, events: &events)
        }
        history = h
    }

    /// Ends the stream after every sample has been analysed: the movement and
    /// the rep under way finish, with every raw sample visible.
    mutating func finish(rawCount: Int, history: inout SampleHistory) {
        let k = history.count - 1
        guard k >= 0 else { return }
        history.visibleCount = rawCount
        if let movement = detector.finish(at: k, history) {
            segmenter.take(movement, at: history.t(k), history, events: &events)
        }
        segmenter.finish(at: history.t(k), history, events: &events)
    }
}
