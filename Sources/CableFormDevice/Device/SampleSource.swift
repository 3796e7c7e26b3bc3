import CableForm

/// A live source of calibrated samples: an `AsyncSequence` of blocks, each
/// uniform at ``sampleRate`` except across the gaps it reports.
public protocol SampleSource: AsyncSequence, Sendable where Element == SampleBlock {
    /// The cables, in the order every block has them.
    var cables: [CableName] { get }
    /// The rate of the samples (Hz).
    var sampleRate: Double { get }
}

/// Replays a captured ``FrameLog`` through a ``DeviceAdapter``: at the pace
/// the frames arrived, or as fast as possible.
public struct FrameReplaySource<Decoder: FrameDecoder>: SampleSource {
    /// How fast to replay.
    public enum Pace: Sendable, Hashable {
        /// Each frame when its host time comes, relative to the first.
        case realTime
        /// Without waiting.
        case asFastAsPossible
    }

    /// The log replayed.
    public let log: FrameLog
    /// Its frame layout.
    public let decoder: Decoder
    /// The adapter's configuration.
    public let configuration: DeviceAdapterConfiguration
    /// The pace.
    public let pace: Pace
    /// Host time covered by one block (s). Default 0.05 s.
    public let blockDuration: Double

    /// A replay of `log`, decoded by `decoder`.
    ///
    /// - Throws: ``DeviceError`` when the configuration is invalid or the
    ///   log's cables do not match the decoder.
    public init(log: FrameLog, decoder: Decoder, configuration: DeviceAdapterConfiguration? = nil,
                pace: Pace = .asFastAsPossible, blockDuration: Double = 0.05) throws(DeviceError) {
        let configuration = configuration ?? log.adapterConfiguration
        _ = try DeviceAdapter(decoder: decoder, cables: log.cables, configuration: configuration)
        guard blockDuration > 0, blockDuration.isFinite else {
            throw .invalidConfiguration(name: "blockDuration", reason: "must be finite and > 0 s, got \(blockDuration)")
        }
        self.log = log
        self.decoder = decoder
        self.configuration = configuration
        self.pace = pace
        self.blockDuration = blockDuration
    }

    public var cables: [CableName] { log.cables }
    public var sampleRate: Double { configuration.effectiveOutputRate }

    public func makeAsyncIterator() -> Iterator {
        Iterator(source: self, adapter: try! DeviceAdapter(decoder: decoder, cables: log.cables,
                                                           configuration: configuration))
    }

    /// Pushes the frames of one block's worth of host time, then drains.
    public struct Iterator: AsyncIteratorProtocol {
        let source: FrameReplaySource
        var adapter: DeviceAdapter
        var next = 0
        var done = false
        var start: ContinuousClock.Instant?

        public mutating func next() async throws -> SampleBlock? {
            let records = source.log.records
            while !done {
                try Task.checkCancellation()
                guard next < records.count else {
                    adapter.finish()
                    done = true
                    let block = adapter.drain()
                    return block.samples.sampleCount > 0 || !block.gaps.isEmpty ? block : nil
                }
                let until = records[next].hostTime + source.blockDuration
                while next < records.count && records[next].hostTime < until {
                    if source.pace == .realTime {
                        let clock = ContinuousClock()
                        let origin = start ?? clock.now
                        start = origin
                        let due = origin.advanced(by: .seconds(records[next].hostTime - records[0].hostTime))
                        if due > clock.now { try await clock.sleep(until: due) }
                    }
                    adapter.push(records[next].bytes, hostTime: records[next].hostTime)
                    next += 1
                }
                let block = adapter.drain()
                if block.samples.sampleCount > 0 || !block.gaps.isEmpty { return block }
            }
            return nil
        }

        /// What the adapter has counted so far.
        public var statistics: AdapterStatistics { adapter.statistics }
    }
}
