/// The rep analyzer on a live stream: push samples in blocks of any size and
/// get ``AnalysisEvent``s as soon as they are decidable; ``report`` is then
/// exactly what ``analyze(_:configuration:source:concurrency:)`` returns for the same samples,
/// whatever the split.
///
/// It resamples the cables onto a uniform grid at the nominal rate
/// (`StreamingResampler` from CableFormDSP), differentiates each cable's position
/// (the Savitzky-Golay first derivative of a quadratic, by running sums), finds movements in the
/// mean velocity, and assembles them into reps, holds and sets — in runs of
/// up to 1024 samples, one pass per stage over contiguous rows, with the
/// same result per sample as if each came alone. Its memory is
/// fixed by ``AnalysisConfiguration/maximumRepDuration`` plus
/// ``AnalysisConfiguration/restLimit`` of history, not by the session's
/// length, and a steady-state push allocates nothing per sample. It is a
/// value: a copy goes on independently (the buffers it writes through
/// pointers are copied on the first push after the copy).
///
/// ```swift
/// var analyzer = try StreamingAnalyzer(cables: [.left, .right], sampleRate: 200)
/// for block in blocks {                       // Session values of any length
///     for event in try analyzer.push(block) {
///         if case let .repCompleted(_, rep, _) = event { print(rep.tempoString) }
///     }
/// }
/// _ = analyzer.finish()
/// let report = analyzer.report
/// ```
public struct StreamingAnalyzer: Sendable {
    /// The cables, in the order samples give them.
    public let cables: [CableName]
    /// The nominal sample rate (Hz): the grid everything is measured on.
    public let sampleRate: Double
    /// The thresholds.
    public let configuration: AnalysisConfiguration
    /// The load per cable declared for the session (kg), if any.
    public let declaredLoad: Double?
    /// Where the samples come from (a file path), for the report.
    public var source: String?

    private var resampler: StreamingResampler
    /// Everything after the resampler: history, velocity, movements, reps.
    private var grid: GridAnalyzer
    /// Input samples staged, a run at a time — a single-sample push, or a
    /// block's run that failed validation: times, then per cable the
    /// positions, then the forces, each row ``stagingLength`` long and
    /// ``stagingStride`` apart. (A valid block is read in place, and the
    /// resampler writes its grid samples straight into the history.)
    private var staging: CopyOnWriteBuffer<Double>
    /// Gaps the resampler reports (the analyzer sees them as NaN samples).
    private var gaps: [SampleGap] = []
    /// Samples pushed.
    public private(set) var sampleCount = 0
    private var firstTime: Double?
    private var lastTime = -Double.infinity
    private var finished = false

    /// Input samples staged and resampled together at most.
    static let stagingLength = 1024
    /// Doubles from one staging row to the next: padded like ``SampleHistory/rowStride``
    /// (rows a power of two apart would share L1 cache sets).
    static let stagingStride = stagingLength + SampleHistory.rowPad

    /// Creates an analyzer.
    ///
    /// - Parameters:
    ///   - cables: the cables each sample carries, in order.
    ///   - sampleRate: the device's nominal rate (Hz), 1 to 100 000.
    ///   - configuration: the thresholds; validated here.
    ///   - declaredLoad: the load per cable (kg) if the session declares one.
    /// - Throws: ``AnalysisError``.
    public init(cables: [CableName], sampleRate: Double, configuration: AnalysisConfiguration = AnalysisConfiguration(),
                declaredLoad: Double? = nil) throws(AnalysisError) {
        try self.init(cables: cables, sampleRate: sampleRate, configuration: configuration, declaredLoad: declaredLoad,
                      pipelineSpare: 0)
    }

    /// `pipelineSpare`: ring slots (grid samples) that a pipelined analysis's
    /// first thread may run ahead of its second beyond one thread's needs
    /// (``analyzePipelined(_:)``); 0 for a stream.
    init(cables: [CableName], sampleRate: Double, configuration: AnalysisConfiguration, declaredLoad: Double?,
         pipelineSpare: Int) throws(AnalysisError) {
        guard !cables.isEmpty else { throw .noCables }
        guard sampleRate.isFinite, sampleRate >= 1, sampleRate <= 100_000 else { throw .invalidSampleRate(sampleRate) }
        try configuration.validate()
        self.cables = cables
        self.sampleRate = sampleRate
        self.configuration = configuration
        self.declaredLoad = declaredLoad
        let n = cables.count
        let maxGap = max(configuration.maximumGap, 3.5 / sampleRate)
        do {
            resampler = try StreamingResampler(channelCount: 2 * n, sampleRate: sampleRate, maxGap: maxGap)
        } catch {
            throw .invalidSampleRate(sampleRate)  // unreachable for a validated rate
        }
        grid = GridAnalyzer(cables: cables, sampleRate: sampleRate, configuration: configuration,
                            declaredLoad: declaredLoad, spare: pipelineSpare)
        staging = CopyOnWriteBuffer<Double>(count: (1 + 2 * n) * Self.stagingStride, repeating: 0)
    }

    /// How long a velocity lags its position sample (s): half the velocity
    /// filter's window. Every event comes at least this late.
    public var filterLatency: Double { Double(configuration.windowLength(at: sampleRate) / 2) / sampleRate }

    /// How many grid samples of history the analyzer keeps: fixed at creation
    /// by ``AnalysisConfiguration/maximumRepDuration`` and
    /// ``AnalysisConfiguration/restLimit``, whatever the session's length.
    public var historyCapacity: Int { grid.history.capacity }

    /// Pushes one sample: its time stamp (s), and per cable its position (m)
    /// and force (N), in ``cables`` order. Events it decides are appended to
    /// `events`.
    ///
    /// - Throws: ``AnalysisError`` for a non-finite or implausible value or a
    ///   time stamp not after the previous one; the sample is then ignored.
    public mutating func push(time: Double, positions: UnsafeBufferPointer<Double>, forces: UnsafeBufferPointer<Double>,
                              events: inout [AnalysisEvent]) throws(AnalysisError) {
        let n = cables.count
        precondition(positions.count == n && forces.count == n, "StreamingAnalyzer.push: one position and force per cable")
        guard !finished else { throw .finished }
        prepare()
        let p = staging.pointer, rows = Self.stagingStride
        p[0] = time
        for c in 0..<n {
            p[(1 + c) * rows] = positions[c]
            p[(1 + n + c) * rows] = forces[c]
        }
        let failure = resampleStaged(count: 1)
        take(into: &events)
        if let failure { throw failure }
    }

    /// Pushes a block of samples (a ``Session`` holding the next samples, with
    /// this analyzer's cables in order) and returns the events it decides.
    ///
    /// - Throws: ``AnalysisError``; samples before the bad one are kept.
    public mutating func push(_ block: Session) throws(AnalysisError) -> [AnalysisEvent] {
        try checkCables(of: block)
        guard !finished else { throw .finished }
        prepare()
        let failure = pushPrepared(block)
        var events: [AnalysisEvent] = []  // allocates only when an event is decided
        take(into: &events)
        if let failure { throw failure }
        return events
    }

    /// ``push(_:)`` after its checks and ``prepare()``: returns the first bad
    /// sample's error, the samples before it analysed.
    private mutating func pushPrepared(_ block: Session) -> AnalysisError? {
        let n = cables.count, stride = Self.stagingStride, total = block.sampleCount
        let p = staging.pointer
        var failure: AnalysisError?
        // The block's rows are read in place, a run at a time: validated in
        // branch-free passes and resampled straight from the arrays. Only a run
        // that fails the check is copied into the staging buffer, where the
        // first bad sample is found and the samples before it are analysed.
        if total > 0 {
            Self.withRows(of: block, cableCount: n) { times, rows, shifted in
                var from = 0
                while from < total && failure == nil {
                    let count = min(Self.stagingLength, total - from)
                    if Self.isValidRun(times: times + from, count: count, cableCount: n, after: lastTime,
                                       maximumPosition: configuration.maximumPosition,
                                       maximumForce: configuration.maximumForce, row: { rows[$0] + from }) {
                        resample(times: times + from, rows: rows, shifted: shifted, from: from, count: count)
                    } else {
                        p.update(from: times + from, count: count)
                        for r in 0..<(2 * n) { (p + (1 + r) * stride).update(from: rows[r] + from, count: count) }
                        failure = resampleStaged(count: count)
                    }
                    from += count
                }
            }
        }
        return failure
    }

    /// Ends the stream: flushes the filters, finishes the movement and rep
    /// under way, closes the open set, and returns the last events. Pushing
    /// afterwards throws ``AnalysisError/finished``.
    public mutating func finish() -> [AnalysisEvent] {
        var events: [AnalysisEvent] = []
        guard !finished else { return events }
        prepare()
        finishPrepared()
        take(into: &events)
        return events
    }

    /// ``finish()`` after ``prepare()``.
    private mutating func finishPrepared() {
        finished = true
        let out = grid.slots()
        grid.commit(count: resampler.finish(outputTimes: out.times, output: out.values, outputStride: out.stride))
        grid.finish()
    }

    /// Analyses a whole session on two threads (``AnalysisConcurrency/pipelined``):
    /// this one validates, resamples and differentiates; a second one finds
    /// the movements and the reps a bounded stretch behind. Then ``report``
    /// is what ``push(_:)`` and ``finish()`` would have left, bit for bit.
    /// The events are not kept.
    ///
    /// - Precondition: the analyzer was made with `pipelineSpare` and has not
    ///   been pushed to.
    mutating func analyzePipelined(_ session: Session) throws(AnalysisError) {
        try checkCables(of: session)
        precondition(sampleCount == 0 && !finished, "StreamingAnalyzer.analyzePipelined: on a new analyzer")
        prepare()
        // From here to the end nothing may call prepare(): the second thread holds the ring too.
        grid.startPipeline()
        if let failure = pushPrepared(session) {
            grid.endPipeline(abandoned: true)
            throw failure
        }
        finishPrepared()
    }

    /// The sets completed so far (all of them after ``finish()``), with the
    /// load-velocity profile across them.
    public var report: SessionReport {
        let sets = grid.segmenter.sets
        return SessionReport(source: source, sampleRate: sampleRate,
                             duration: firstTime.map { lastTime - $0 } ?? 0, cables: cables, sets: sets,
                             loadVelocityProfile: LoadVelocityProfile(sets: sets,
                                                                      threshold: configuration.minimumVelocityThreshold),
                             configuration: configuration)
    }

    /// Throws ``AnalysisError/cableMismatch(expected:actual:)`` unless `block`
    /// carries this analyzer's cables, in order. Compared in place: a block
    /// allocates nothing for the check.
    private func checkCables(of block: Session) throws(AnalysisError) {
        guard block.cables.count == cables.count, zip(block.cables, cables).allSatisfy({ $0.name == $1 }) else {
            throw .cableMismatch(expected: cables, actual: block.cables.map(\.name))
        }
    }

    // MARK: Staged runs

    /// Gives the buffers written through pointers storage of their own
    /// (copy-on-write: a copied analyzer goes on independently).
    private mutating func prepare() {
        staging.makeUnique()
        grid.makeUnique()
    }

    /// Calls `body` with the block's time row and its channel rows in place —
    /// each cable's positions, then each cable's forces — and room for as many
    /// more row pointers (scratch for ``resample(times:rows:shifted:from:count:)``).
    /// On the stack: a push allocates nothing.
    ///
    /// - Precondition: the block holds samples, and every row holds as many
    ///   as its times (``Session``'s invariant, which a caller who edits the
    ///   arrays in place can break).
    private static func withRows(
        of block: Session, cableCount n: Int,
        _ body: (UnsafePointer<Double>, UnsafeBufferPointer<UnsafePointer<Double>>,
                 UnsafeMutableBufferPointer<UnsafePointer<Double>>) -> Void
    ) {
        withUnsafeTemporaryAllocation(of: UnsafePointer<Double>.self, capacity: 4 * n) { pointers in
            let rows = UnsafeMutableBufferPointer(rebasing: pointers[0..<(2 * n)])
            let shifted = UnsafeMutableBufferPointer(rebasing: pointers[(2 * n)...])
            // Each array's storage is pinned by a nested withUnsafeBufferPointer.
            func pin(_ r: Int) {
                guard r < 2 * n else {
                    block.time.withUnsafeBufferPointer { body($0.baseAddress!, UnsafeBufferPointer(rows), shifted) }
                    return
                }
                // Each row read where it is stored (copying the cable's record would retain its arrays).
                func pinned(_ row: UnsafeBufferPointer<Double>) {
                    precondition(row.count == block.time.count,
                                 "StreamingAnalyzer.push: every cable needs as many positions and forces as the block has times")
                    rows[r] = row.baseAddress!
                    pin(r + 1)
                }
                if r < n {
                    block.cables[r].position.withUnsafeBufferPointer(pinned)
                } else {
                    block.cables[r - n].force.withUnsafeBufferPointer(pinned)
                }
            }
            pin(0)
        }
    }

    /// Resamples `count` valid samples read in place — `times`, and channel
    /// `r`'s values from `rows[r] + from` — into the grid analyzer, and
    /// analyses them. `shifted` is scratch for `2n` row pointers.
    private mutating func resample(times: UnsafePointer<Double>, rows: UnsafeBufferPointer<UnsafePointer<Double>>,
                                   shifted: UnsafeMutableBufferPointer<UnsafePointer<Double>>, from: Int, count: Int) {
        var consumed = 0
        while consumed < count {
            for r in rows.indices { shifted[r] = rows[r] + from + consumed }
            // The resampler writes the grid samples straight into the history ring.
            let out = grid.slots()
            let (inputs, written) = resampler.resample(
                times: times + consumed, rows: UnsafeBufferPointer(shifted), count: count - consumed,
                outputTimes: out.times, output: out.values, outputStride: out.stride, capacity: out.room, gaps: &gaps)
            grid.commit(count: written)
            consumed += inputs
        }
        endRun(first: times[0], last: times[count - 1], count: count)
    }

    /// Accounts for a run of `count` samples from `first` to `last` (s) just analysed.
    private mutating func endRun(first: Double, last: Double, count: Int) {
        gaps.removeAll(keepingCapacity: true)
        if firstTime == nil { firstTime = first }
        lastTime = last
        sampleCount += count
    }

    /// Validates the first `count` staged samples, resamples the valid run
    /// before the first bad one into the grid analyzer, and analyses it.
    /// Returns the bad sample's error, if any.
    private mutating func resampleStaged(count: Int) -> AnalysisError? {
        let n = cables.count, rows = Self.stagingStride
        let p = staging.pointer
        var good = count
        var failure: AnalysisError?
        if !Self.isValidRun(times: p, count: count, cableCount: n, after: lastTime,
                            maximumPosition: configuration.maximumPosition, maximumForce: configuration.maximumForce,
                            row: { UnsafePointer(p + (1 + $0) * rows) }) {
            // Find the first bad sample (the fast check above only says there is one).
            var previous = lastTime
            for j in 0..<count {
                if let problem = problem(at: j, previous: previous) {
                    good = j
                    failure = problem
                    break
                }
                previous = p[j]
            }
        }
        guard good > 0 else { return failure }
        // The strided twin of resample(times:rows:shifted:from:count:): a
        // single-sample push lands here, and building row pointers for it
        // cost 9–12% per sample.
        var consumed = 0
        while consumed < good {
            // The resampler writes the grid samples straight into the history ring.
            let out = grid.slots()
            let (inputs, written) = resampler.resample(
                times: p + consumed, values: p + rows + consumed, stride: rows, count: good - consumed,
                outputTimes: out.times, output: out.values, outputStride: out.stride, capacity: out.room, gaps: &gaps)
            grid.commit(count: written)
            consumed += inputs
        }
        endRun(first: p[0], last: p[good - 1], count: good)
        return failure
    }

    /// Whether `count` samples are all valid — `times`, and channel `r`'s
    /// values at `row(r)` (each cable's positions, then each cable's forces):
    /// times finite and increasing from `previous`, positions and forces
    /// within their plausible magnitudes (which NaN and infinities are not).
    /// Branch-free passes over each row that the compiler vectorizes.
    @inline(__always)
    private static func isValidRun(times p: UnsafePointer<Double>, count: Int, cableCount n: Int,
                                   after previous: Double, maximumPosition: Double, maximumForce: Double,
                                   row: (Int) -> UnsafePointer<Double>) -> Bool {
        let exponent: UInt64 = 0x7FF0_0000_0000_0000
        var bad: UInt64 = 0
        for j in 0..<count { bad |= (p[j].bitPattern & exponent) == exponent ? 1 : 0 }
        for r in 0..<(2 * n) {
            let values = row(r)
            let limit = r < n ? maximumPosition : maximumForce
            for j in 0..<count { bad |= abs(values[j]) <= limit ? 0 : 1 }
        }
        guard bad == 0, count > 0, p[0] > previous else { return false }
        for j in 1..<count { bad |= p[j] > p[j - 1] ? 0 : 1 }
        return bad == 0
    }

    /// What is wrong with staged sample `j` (the sample before it at time
    /// `previous`), in the order a caller should hear it; nil when it is valid.
    /// The scalar form of ``isValidRun``'s rule, for the run it refused.
    private func problem(at j: Int, previous: Double) -> AnalysisError? {
        let n = cables.count, rows = Self.stagingStride
        let p = staging.pointer
        let index = sampleCount + j
        guard p[j].isFinite else { return .nonFiniteSample(index: index, channel: "time") }
        func check(_ value: Double, _ channel: @autoclosure () -> String, limit: Double) -> AnalysisError? {
            if !value.isFinite { return .nonFiniteSample(index: index, channel: channel()) }
            if !(abs(value) <= limit) { return .implausibleSample(index: index, channel: channel(), value: value, limit: limit) }
            return nil
        }
        for c in 0..<n {
            if let e = check(p[(1 + c) * rows + j], "\(cables[c])_position", limit: configuration.maximumPosition) { return e }
            if let e = check(p[(1 + n + c) * rows + j], "\(cables[c])_force", limit: configuration.maximumForce) { return e }
        }
        return p[j] > previous ? nil : .nonIncreasingTime(index: index, time: p[j], previous: previous)
    }

    /// Moves the decided events to `events`.
    private mutating func take(into events: inout [AnalysisEvent]) {
        guard !grid.events.isEmpty else { return }
        if events.isEmpty {
            swap(&events, &grid.events)
        } else {
            events.append(contentsOf: grid.events)
            grid.events.removeAll(keepingCapacity: true)
        }
    }
}

/// Analyzes a whole session: ``StreamingAnalyzer`` run over every sample, so
/// the two agree exactly.
///
/// - Parameters:
///   - session: the samples; its ``Session/sampleRate`` is the analysis grid,
///     and its metadata's load (if any) is each set's load.
///   - configuration: the thresholds.
///   - source: a file path to name in the report.
///   - concurrency: whether a long session is analysed on two threads
///     (the same report either way).
/// - Throws: ``AnalysisError`` for bad configuration or samples (with the
///   session's sample index).
public func analyze(_ session: Session, configuration: AnalysisConfiguration = AnalysisConfiguration(),
                    source: String? = nil, concurrency: AnalysisConcurrency = .automatic) throws(AnalysisError)
    -> SessionReport {
    if concurrency.isPipelined(sampleCount: session.sampleCount) {
        return try analyzePipelined(session, configuration: configuration, source: source,
                                    spare: AnalysisConcurrency.pipelineSpare)
    }
    var analyzer = try StreamingAnalyzer(
        cables: session.cables.map(\.name), sampleRate: session.sampleRate, configuration: configuration,
        declaredLoad: session.metadata.loadKilograms)
    analyzer.source = source
    _ = try analyzer.push(session)
    _ = analyzer.finish()
    return analyzer.report
}

/// ``analyze(_:configuration:source:concurrency:)`` on two threads, the first
/// running at most `spare` grid samples further ahead of the second than one
/// thread would (the tests make it small, so that the threads wait on each other).
func analyzePipelined(_ session: Session, configuration: AnalysisConfiguration, source: String?,
                      spare: Int) throws(AnalysisError) -> SessionReport {
    var analyzer = try StreamingAnalyzer(
        cables: session.cables.map(\.name), sampleRate: session.sampleRate, configuration: configuration,
        declaredLoad: session.metadata.loadKilograms, pipelineSpare: spare)
    analyzer.source = source
    try analyzer.analyzePipelined(session)
    return analyzer.report
}
