/// The rep analyzer on a live stream: push samples in blocks of any size and
/// get ``AnalysisEvent``s as soon as they are decidable; ``report`` is then
/// exactly what ``analyze(_:configuration:source:)`` returns for the same samples,
/// whatever the split.
///
/// Per sample it resamples the cables onto a uniform grid at the nominal rate
/// (`StreamingResampler` from CableFormDSP), differentiates each cable's position
/// (the Savitzky-Golay first derivative of a quadratic, as a `RunningSlope`), finds movements in the
/// mean velocity, and assembles them into reps, holds and sets. Its memory is
/// fixed by ``AnalysisConfiguration/maximumRepDuration`` plus
/// ``AnalysisConfiguration/restLimit`` of history, not by the session's
/// length, and a steady-state push allocates nothing per sample.
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
    private var grid: UniformSamples
    private var differentiators: [RunningSlope]
    private var velocityOut: [[Double]]
    private var history: SampleHistory
    private var detector: MovementDetector
    private var segmenter: RepSegmenter
    private var scratch: [Double]
    /// One input sample's positions and forces, for ``push(_:)``.
    private var blockValues: [Double]
    private let halfWindow: Int
    private var velocityScratch: [Double]
    /// Samples pushed.
    public private(set) var sampleCount = 0
    private var firstTime: Double?
    private var lastTime = -Double.infinity
    private var finished = false

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
            let w = configuration.windowLength(at: sampleRate)
            differentiators = Array(repeating: try RunningSlope(halfWidth: w / 2, delta: 1 / sampleRate), count: n)
        } catch {
            throw .invalidSampleRate(sampleRate)  // unreachable for a validated rate
        }
        grid = UniformSamples(channelCount: 2 * n)
        grid.reserveCapacity(64)
        velocityOut = Array(repeating: [], count: n)
        for c in 0..<n { velocityOut[c].reserveCapacity(64) }
        let seconds = configuration.maximumRepDuration + configuration.restLimit + 2 * configuration.smoothingWindow + 2
        history = SampleHistory(cableCount: n, minimumCapacity: Int((seconds * sampleRate).rounded(.up)) + 16,
                                reserve: Self.gridChunk + configuration.windowLength(at: sampleRate))
        detector = MovementDetector(onsetVelocity: configuration.onsetVelocity, minimumTravel: configuration.minimumTravel,
                                    sampleRate: sampleRate, halfWindow: configuration.windowLength(at: sampleRate) / 2)
        segmenter = RepSegmenter(configuration: configuration, cables: cables, declaredLoad: declaredLoad)
        scratch = Array(repeating: 0, count: 2 * n)
        blockValues = Array(repeating: 0, count: 2 * n)
        halfWindow = configuration.windowLength(at: sampleRate) / 2
        velocityScratch = Array(repeating: 0, count: n)
    }

    /// How long a velocity lags its position sample (s): half the velocity
    /// filter's window. Every event comes at least this late.
    public var filterLatency: Double { Double(configuration.windowLength(at: sampleRate) / 2) / sampleRate }

    /// How many grid samples of history the analyzer keeps: fixed at creation
    /// by ``AnalysisConfiguration/maximumRepDuration`` and
    /// ``AnalysisConfiguration/restLimit``, whatever the session's length.
    public var historyCapacity: Int { history.capacity }

    /// Pushes one sample: its time stamp (s), and per cable its position (m)
    /// and force (N), in ``cables`` order. Events it decides are appended to
    /// `events`.
    ///
    /// - Throws: ``AnalysisError`` for a non-finite value or a time stamp not
    ///   after the previous one; the sample is then ignored.
    public mutating func push(time: Double, positions: UnsafeBufferPointer<Double>, forces: UnsafeBufferPointer<Double>,
                              events: inout [AnalysisEvent]) throws(AnalysisError) {
        try resample(time: time, positions: positions, forces: forces)
        consumeGrid(events: &events)
    }

    /// Validates one sample and feeds it to the resampler (its grid samples wait in `grid`).
    private mutating func resample(time: Double, positions: UnsafeBufferPointer<Double>,
                                   forces: UnsafeBufferPointer<Double>) throws(AnalysisError) {
        let n = cables.count
        precondition(positions.count == n && forces.count == n, "StreamingAnalyzer.push: one position and force per cable")
        guard !finished else { throw .finished }
        guard time.isFinite else { throw .nonFiniteSample(index: sampleCount, channel: "time") }
        for c in 0..<n {
            guard positions[c].isFinite else { throw .nonFiniteSample(index: sampleCount, channel: "\(cables[c])_position") }
            guard forces[c].isFinite else { throw .nonFiniteSample(index: sampleCount, channel: "\(cables[c])_force") }
        }
        guard time > lastTime else { throw .nonIncreasingTime(index: sampleCount, time: time, previous: lastTime) }
        for c in 0..<n {
            scratch[c] = positions[c]
            scratch[n + c] = forces[c]
        }
        do {
            try scratch.withUnsafeBufferPointer { (values) throws(DSPError) in
                try resampler.push(time: time, values: values, into: &grid)
            }
        } catch {
            throw .nonFiniteSample(index: sampleCount, channel: "time")  // unreachable: checked above
        }
        if firstTime == nil { firstTime = time }
        lastTime = time
        sampleCount += 1
    }

    /// Pushes a block of samples (a ``Session`` holding the next samples, with
    /// this analyzer's cables in order) and returns the events it decides.
    ///
    /// - Throws: ``AnalysisError``; samples before the bad one are kept.
    public mutating func push(_ block: Session) throws(AnalysisError) -> [AnalysisEvent] {
        // Compared in place: a block allocates nothing for the check.
        guard block.cables.count == cables.count, zip(block.cables, cables).allSatisfy({ $0.name == $1 }) else {
            throw .cableMismatch(expected: cables, actual: block.cables.map(\.name))
        }
        var events: [AnalysisEvent] = []  // allocates only when an event is decided
        let n = cables.count
        // The grid is analysed every `stride` input samples: the same grid
        // samples in the same order, so the same results, with less overhead.
        let stride = 1024
        var failure: AnalysisError?
        // One sample's values, in a buffer the analyzer keeps: a block allocates nothing itself.
        var values = blockValues
        blockValues = []
        defer { blockValues = values }
        for i in 0..<block.sampleCount {
            for c in 0..<n {
                values[c] = block.cables[c].position[i]
                values[n + c] = block.cables[c].force[i]
            }
            do {
                try values.withUnsafeBufferPointer { (v) throws(AnalysisError) in
                    try resample(time: block.time[i], positions: UnsafeBufferPointer(rebasing: v[0..<n]),
                                 forces: UnsafeBufferPointer(rebasing: v[n..<(2 * n)]))
                }
            } catch {
                failure = error
                break
            }
            if grid.count >= stride { consumeGrid(events: &events) }
        }
        consumeGrid(events: &events)
        if let failure { throw failure }
        return events
    }

    /// Ends the stream: flushes the filters, finishes the movement and rep
    /// under way, closes the open set, and returns the last events. Pushing
    /// afterwards throws ``AnalysisError/finished``.
    public mutating func finish() -> [AnalysisEvent] {
        var events: [AnalysisEvent] = []
        guard !finished else { return events }
        finished = true
        resampler.finish(into: &grid)
        consumeGrid(events: &events)
        for c in differentiators.indices { differentiators[c].finish(into: &velocityOut[c]) }
        consumeVelocities(events: &events)
        if history.count > 0 {
            let k = history.count - 1
            history.visibleCount = history.rawCount
            if let m = detector.finish(at: k, history) {
                segmenter.take(m, at: history.t(k), history, events: &events)
            }
            segmenter.finish(at: history.t(k), history, events: &events)
        }
        return events
    }

    /// The sets completed so far (all of them after ``finish()``), with the
    /// load-velocity profile across them.
    public var report: SessionReport {
        SessionReport(source: source, sampleRate: sampleRate,
                      duration: firstTime.map { lastTime - $0 } ?? 0, cables: cables, sets: segmenter.sets,
                      loadVelocityProfile: LoadVelocityProfile(sets: segmenter.sets,
                                                               threshold: configuration.minimumVelocityThreshold),
                      configuration: configuration)
    }

    // MARK: Per grid sample

    /// Grid samples analysed together at most (the history's look-ahead reserve).
    static let gridChunk = 1024

    private mutating func consumeGrid(events: inout [AnalysisEvent]) {
        let n = cables.count
        let count = grid.count
        guard count > 0 else { return }
        var from = 0
        while from < count {
            let to = min(from + Self.gridChunk, count)
            history.appendRaw(grid: grid, range: from..<to)
            for c in 0..<n {
                grid.channels[c].withUnsafeBufferPointer {
                    differentiators[c].process(UnsafeBufferPointer(rebasing: $0[from..<to]), into: &velocityOut[c])
                }
            }
            consumeVelocities(events: &events)
            from = to
        }
        grid.removeAll()
    }

    private mutating func consumeVelocities(events: inout [AnalysisEvent]) {
        let n = cables.count
        let ready = velocityOut[0].count
        guard ready > 0 else { return }
        for j in 0..<ready {
            for c in 0..<n { velocityScratch[c] = velocityOut[c][j] }
            _ = velocityScratch.withUnsafeBufferPointer { history.appendVelocity($0) }
            let k = history.count - 1
            // What a stream fed one sample at a time would hold now: the filter's look-ahead.
            history.visibleCount = min(history.rawCount, k + 1 + halfWindow)
            var started = 0
            if let m = detector.step(k, history, started: &started) {
                segmenter.take(m, at: history.t(k), history, events: &events)
            }
            if started != 0 { segmenter.movementStarted(direction: started, at: history.t(k), events: &events) }
            segmenter.tick(k, history, moving: !detector.isIdle, events: &events)
        }
        for c in 0..<n { velocityOut[c].removeAll(keepingCapacity: true) }
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
/// - Throws: ``AnalysisError`` for bad configuration or samples (with the
///   session's sample index).
public func analyze(_ session: Session, configuration: AnalysisConfiguration = AnalysisConfiguration(),
                    source: String? = nil) throws(AnalysisError) -> SessionReport {
    var analyzer = try StreamingAnalyzer(
        cables: session.cables.map(\.name), sampleRate: session.sampleRate, configuration: configuration,
        declaredLoad: session.metadata.loadKilograms)
    analyzer.source = source
    _ = try analyzer.push(session)
    _ = analyzer.finish()
    return analyzer.report
}
