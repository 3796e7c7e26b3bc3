import CableForm

/// What a live session reports.
public enum LiveEvent: Sendable {
    /// An event of the streaming analyzer (reps, phases, sets, holds).
    case analysis(AnalysisEvent)
    /// A break in the samples that the analyzer sees as a gap.
    case gap(DeviceGap)
    /// The source ended: the final report, the adapter's last counts (nil
    /// for a source without an adapter) and the blocks a lossy buffer dropped.
    case finished(SessionReport, AdapterStatistics?, droppedBlocks: Int)
}

/// The live path: a ``SampleSource`` through a ``SampleBuffer`` into the
/// `StreamingAnalyzer`, with rep events out as an `AsyncSequence`.
///
/// Iterate ``events()``; stopping the iteration (or cancelling its task)
/// cancels the source. With a recording path, every block is appended to a
/// binary session file (`.cfb`) as it arrives, one checked chunk per block,
/// so a crash loses at most the block being written.
public struct LiveSession<Source: SampleSource>: Sendable {
    /// The source.
    public let source: Source
    /// The analyzer's configuration.
    public let configuration: AnalysisConfiguration
    /// Where the samples are recorded, if anywhere.
    public let recordingPath: String?
    /// The buffer's capacity (blocks) and policy.
    public let bufferCapacity: Int
    /// What the buffer does when the analyzer falls behind.
    public let policy: SampleBuffer.Policy

    /// Creates a live session (nothing runs until ``events()`` is iterated).
    public init(source: Source, configuration: AnalysisConfiguration = AnalysisConfiguration(),
                recordingPath: String? = nil, bufferCapacity: Int = 64, policy: SampleBuffer.Policy = .backpressure) {
        self.source = source
        self.configuration = configuration
        self.recordingPath = recordingPath
        self.bufferCapacity = bufferCapacity
        self.policy = policy
    }

    /// Runs the session: the source's blocks are analysed as they arrive.
    ///
    /// The stream ends with ``LiveEvent/finished(_:_:droppedBlocks:)``, or
    /// throws the source's, the analyzer's or the recorder's error.
    public func events() -> AsyncThrowingStream<LiveEvent, any Error> {
        let buffer = SampleBuffer(capacity: bufferCapacity, policy: policy)
        let source = self.source, configuration = self.configuration, path = recordingPath
        return AsyncThrowingStream { continuation in
            let producer = Task {
                do {
                    for try await block in source { await buffer.send(block) }
                    buffer.finish()
                } catch {
                    buffer.finish(throwing: error)
                }
            }
            let consumer = Task {
                do {
                    var analyzer = try StreamingAnalyzer(cables: source.cables, sampleRate: source.sampleRate,
                                                         configuration: configuration)
                    var writer: BinarySessionWriter?
                    var statistics: AdapterStatistics?
                    for try await block in buffer {
                        try Task.checkCancellation()
                        statistics = block.statistics
                        for gap in block.gaps { continuation.yield(.gap(gap)) }
                        guard block.samples.sampleCount > 0 else { continue }
                        if let path {
                            if writer == nil {
                                writer = try BinarySessionWriter(path: path, layout: block.samples.prefix(0))
                            }
                            try writer!.append(block.samples)
                        }
                        for event in try analyzer.push(block.samples) { continuation.yield(.analysis(event)) }
                    }
                    try writer?.close()
                    for event in analyzer.finish() { continuation.yield(.analysis(event)) }
                    continuation.yield(.finished(analyzer.report, statistics, droppedBlocks: buffer.dropped))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in
                producer.cancel()
                consumer.cancel()
                buffer.finish(throwing: CancellationError())
            }
        }
    }
}
