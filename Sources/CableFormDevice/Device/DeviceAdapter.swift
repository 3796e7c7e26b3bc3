import CableForm

/// How a ``DeviceAdapter`` reads a machine's frames.
public struct DeviceAdapterConfiguration: Sendable, Hashable {
    /// The device's nominal frame rate (Hz).
    public var frameRate: Double
    /// The frequency of the device's tick counter (Hz).
    public var ticksPerSecond: Double
    /// The rate of the uniform output (Hz); nil for the device's own rate.
    public var outputRate: Double?
    /// Longer intervals between frames (s) are not interpolated across: the
    /// output has a break and a ``DeviceGap`` reports it. Nil for the
    /// analyzer's default, 0.25 s or 3.5 frame intervals if longer.
    public var maximumGap: Double?
    /// How many later frames may arrive before a missing one is given up as
    /// lost (frames that arrive late within this depth are put back in
    /// order). Default 4.
    public var reorderDepth: Int = 4
    /// The largest clock drift believed between device and host (a ratio;
    /// 0.001 = 1000 ppm): the drift estimate is clamped to it. Default 0.001.
    public var maximumDrift: Double = 0.001
    /// A frame whose ticks jump further ahead than this (s) is believed only
    /// when a following frame continues from it; alone, it is refused as
    /// `tick_jump` (a corrupted counter must not move the stream into the
    /// future). Default 5 s.
    public var maximumTickJump: Double = 5

    /// Creates a configuration.
    public init(frameRate: Double, ticksPerSecond: Double, outputRate: Double? = nil, maximumGap: Double? = nil) {
        self.frameRate = frameRate
        self.ticksPerSecond = ticksPerSecond
        self.outputRate = outputRate
        self.maximumGap = maximumGap
    }

    /// The output rate in effect (Hz).
    public var effectiveOutputRate: Double { outputRate ?? frameRate }
    /// The gap limit in effect (s).
    public var effectiveMaximumGap: Double { maximumGap ?? max(0.25, 3.5 / frameRate) }

    func validate() throws(DeviceError) {
        func check(_ ok: Bool, _ name: String, _ value: Double, _ rule: String) throws(DeviceError) {
            if !ok { throw .invalidConfiguration(name: name, reason: "must be \(rule), got \(value)") }
        }
        try check(frameRate.isFinite && frameRate > 0, "frameRate", frameRate, "finite and > 0 Hz")
        try check(ticksPerSecond.isFinite && ticksPerSecond >= frameRate, "ticksPerSecond", ticksPerSecond,
                  "finite and >= frameRate")
        try check(effectiveOutputRate.isFinite && effectiveOutputRate > 0, "outputRate", effectiveOutputRate,
                  "finite and > 0 Hz")
        try check(effectiveMaximumGap.isFinite && effectiveMaximumGap > 1 / frameRate, "maximumGap",
                  effectiveMaximumGap, "finite and longer than one frame interval")
        try check(reorderDepth >= 0 && reorderDepth <= 64, "reorderDepth", Double(reorderDepth), "in 0...64")
        try check(maximumDrift >= 0 && maximumDrift < 0.1, "maximumDrift", maximumDrift, "in [0, 0.1)")
        try check(maximumTickJump.isFinite && maximumTickJump > effectiveMaximumGap, "maximumTickJump", maximumTickJump,
                  "finite and longer than the gap limit")
    }
}

/// What the adapter could not use, counted: every frame received is either
/// accepted or counted once here, and every frame the device sent but the
/// host never got is ``missing``.
public struct AdapterStatistics: Sendable, Hashable {
    /// Frames handed to the adapter.
    public var received = 0
    /// Frames that became samples.
    public var accepted = 0
    /// Refused frames by reason (``FrameError/kind``).
    public var malformed: [String: Int] = [:]
    /// Frames received twice (the copy is dropped).
    public var duplicates = 0
    /// Frames that arrived after later frames had been used (dropped).
    public var late = 0
    /// Frames the device sent that never arrived (from sequence numbers, or
    /// from tick jumps when the layout has none).
    public var missing = 0
    /// Breaks in the output longer than the gap limit.
    public var gaps = 0
    /// The estimated drift of the device clock against the host's (a ratio:
    /// positive when the device runs fast).
    public var drift = 0.0

    /// All refused frames.
    public var malformedTotal: Int { malformed.values.reduce(0, +) }

    /// Zero counts.
    public init() {}
}

/// A break in the adapter's output: no samples between ``start`` and ``end``.
public struct DeviceGap: Sendable, Hashable {
    /// Time of the last sample before the break (s).
    public var start: Double
    /// Time of the first sample after it (s).
    public var end: Double
    /// Frames lost inside it.
    public var missingFrames: Int

    /// Creates a gap.
    public init(start: Double, end: Double, missingFrames: Int) {
        self.start = start
        self.end = end
        self.missingFrames = missingFrames
    }
}

/// Samples out of the adapter: uniform except across ``gaps``.
public struct SampleBlock: Sendable, Hashable {
    /// The samples (time in s on the host's clock, positions m, forces N).
    public var samples: Session
    /// Breaks that ended inside this block.
    public var gaps: [DeviceGap]
    /// The adapter's counts when the block was drained (zero for a source
    /// without an adapter).
    public var statistics: AdapterStatistics

    /// Creates a block: what a custom ``SampleSource`` yields.
    public init(samples: Session, gaps: [DeviceGap] = [], statistics: AdapterStatistics = AdapterStatistics()) {
        self.samples = samples
        self.gaps = gaps
        self.statistics = statistics
    }
}

/// Errors of the device layer.
public enum DeviceError: Error, Sendable, Hashable {
    /// A configuration value out of its domain.
    case invalidConfiguration(name: String, reason: String)
    /// A decoder's cable count does not match the cable names given.
    case cableMismatch(decoder: Int, names: Int)
    /// A frame log is damaged at `byteOffset`.
    case badFrameLog(path: String, byteOffset: Int, reason: String)
}

/// Turns raw machine frames into calibrated, uniformly sampled cable data.
///
/// Push each frame's bytes with the host time it arrived at; ``drain()``
/// returns the samples completed so far. The adapter decodes the frame
/// (a refused frame is counted by reason and never becomes a sample),
/// extends the 32-bit tick counter across wraparounds, drops duplicates,
/// puts frames that arrive out of order back in order (up to
/// ``DeviceAdapterConfiguration/reorderDepth`` frames), counts the frames
/// lost, maps device ticks to host seconds with the estimated clock drift,
/// and resamples onto a uniform grid with the DSP module's
/// `StreamingResampler`; breaks longer than the gap limit are not bridged.
/// docs/device.md describes the timing model.
///
/// After the first frames, a push allocates nothing.
public struct DeviceAdapter: Sendable {
    /// The frame layout (one dynamic call per frame; everything else is
    /// concrete code).
    public let decoder: any FrameDecoder
    /// The cables' names, in frame order.
    public let cables: [CableName]
    /// The configuration.
    public let configuration: DeviceAdapterConfiguration
    /// What was counted so far.
    public private(set) var statistics = AdapterStatistics()

    private var frame: DeviceFrame
    private let nominalTicks: Double
    private let maximumJumpTicks: Double
    // Frames waiting for an earlier one, sorted by extended ticks.
    private var pendingTicks: [Int64] = []
    private var pendingSequence: [Int32] = []
    private var pendingHost: [Double] = []
    private var pendingValues: [Double] = []  // 2n per frame: positions, then forces
    // The last frame used.
    private var lastTicks: Int64?
    private var lastSequence: Int32?
    // The ticks of the last frames used (a ring), to tell a late copy from a late frame.
    private var recentTicks: [Int64]
    private var recentNext = 0
    // Clock mapping: x = device seconds since the first frame, y = host seconds since then.
    private var firstTicks: Int64 = 0
    private var firstHost = 0.0
    private var lastX = 0.0
    private var lastTime = 0.0
    private var sums = (n: 0.0, x: 0.0, y: 0.0, xx: 0.0, xy: 0.0)
    private var rate = 1.0
    // Output.
    private var resampler: StreamingResampler
    private var grid: UniformSamples
    private var gaps: [DeviceGap] = []
    private var scratch: [Double]
    private let metadata: SessionMetadata

    /// Creates an adapter for frames of `decoder`'s layout.
    ///
    /// - Throws: ``DeviceError`` for a bad configuration or a cable count that
    ///   differs from the decoder's.
    public init(decoder: some FrameDecoder, cables: [CableName], configuration: DeviceAdapterConfiguration) throws(DeviceError) {
        try configuration.validate()
        guard cables.count == decoder.cableCount else {
            throw .cableMismatch(decoder: decoder.cableCount, names: cables.count)
        }
        self.decoder = decoder
        self.cables = cables
        self.configuration = configuration
        let n = decoder.cableCount
        frame = DeviceFrame(cableCount: n)
        nominalTicks = configuration.ticksPerSecond / configuration.frameRate
        maximumJumpTicks = configuration.maximumTickJump * configuration.ticksPerSecond
        do {
            resampler = try StreamingResampler(channelCount: 2 * n, sampleRate: configuration.effectiveOutputRate,
                                               maxGap: configuration.effectiveMaximumGap)
        } catch {
            throw .invalidConfiguration(name: "outputRate", reason: "\(error)")
        }
        grid = UniformSamples(channelCount: 2 * n)
        grid.reserveCapacity(4096)
        scratch = Array(repeating: 0, count: 2 * n)
        recentTicks = Array(repeating: Int64.min, count: 64)
        metadata = SessionMetadata(device: decoder.layoutName, declaredSampleRate: configuration.effectiveOutputRate)
        let depth = configuration.reorderDepth + 2
        pendingTicks.reserveCapacity(depth)
        pendingSequence.reserveCapacity(depth)
        pendingHost.reserveCapacity(depth)
        pendingValues.reserveCapacity(depth * 2 * n)
    }

    /// Pushes one frame that arrived at `hostTime` (s, on the host's clock).
    public mutating func push(_ bytes: UnsafeRawBufferPointer, hostTime: Double) {
        statistics.received += 1
        do throws(FrameError) {
            try decoder.decode(bytes, into: &frame)
        } catch {
            statistics.malformed[error.kind, default: 0] += 1
            return
        }
        guard hostTime.isFinite else {
            statistics.malformed["bad_host_time", default: 0] += 1
            return
        }
        // Extend the 32-bit counter: the frame lies within ±2³¹ ticks of the
        // last frame used (or of the first waiting one, at the start).
        let ticks: Int64
        if let reference = lastTicks ?? pendingTicks.first {
            let delta = Int64(Int32(bitPattern: frame.ticks &- UInt32(truncatingIfNeeded: reference)))
            ticks = reference + delta
        } else {
            ticks = Int64(frame.ticks)
        }
        if let last = lastTicks, ticks <= last {
            // A copy of a frame used recently is a duplicate; anything else this old is late.
            if recentTicks.contains(ticks) { statistics.duplicates += 1 } else { accountLate() }
            return
        }
        if pendingTicks.contains(ticks) {
            statistics.duplicates += 1
            return
        }
        insertPending(ticks: ticks, hostTime: hostTime)
        emitReady(flush: false)
    }

    /// Pushes one frame held in an array.
    public mutating func push(_ bytes: [UInt8], hostTime: Double) {
        bytes.withUnsafeBytes { push($0, hostTime: hostTime) }
    }

    /// Ends the stream: frames still waiting for a missing one are used.
    public mutating func finish() {
        emitReady(flush: true)
        resampler.finish(into: &grid)
    }

    /// The samples completed since the last drain (NaN-free: the grid points
    /// inside breaks are left out) and the breaks that ended.
    public mutating func drain() -> SampleBlock {
        let n = cables.count
        // The grid points inside breaks are NaN: keep the others, one array per channel sized once.
        let keep = (0..<grid.count).filter { grid.channels[0][$0].isFinite }
        let all = keep.count == grid.count
        // Exact-size copies (a slice copied), so the grid keeps its buffers for the next points.
        let time = all ? Array(grid.times[...]) : keep.map { grid.times[$0] }
        let channels = grid.channels.map { channel in all ? Array(channel[...]) : keep.map { channel[$0] } }
        grid.removeAll()
        let samples = Session(
            time: time, cables: (0..<n).map { CableChannels(name: cables[$0], position: channels[$0], force: channels[n + $0]) },
            metadata: metadata)
        defer { gaps.removeAll(keepingCapacity: true) }
        return SampleBlock(samples: samples, gaps: gaps, statistics: statistics)
    }

    // MARK: Ordering

    private mutating func accountLate() {
        statistics.late += 1
        // It was counted missing when the stream moved past it.
        if statistics.missing > 0 { statistics.missing -= 1 }
    }

    private mutating func insertPending(ticks: Int64, hostTime: Double) {
        let n = cables.count
        var at = pendingTicks.count
        while at > 0 && pendingTicks[at - 1] > ticks { at -= 1 }
        pendingTicks.insert(ticks, at: at)
        pendingSequence.insert(frame.sequence.map { Int32($0) } ?? -1, at: at)
        pendingHost.insert(hostTime, at: at)
        // Values: make room for 2n at position 2n·at.
        for _ in 0..<(2 * n) { pendingValues.append(0) }
        var k = pendingValues.count - 1
        while k >= 2 * n * (at + 1) {
            pendingValues[k] = pendingValues[k - 2 * n]
            k -= 1
        }
        for c in 0..<n {
            pendingValues[2 * n * at + c] = frame.positions[c]
            pendingValues[2 * n * at + n + c] = frame.forces[c]
        }
    }

    private mutating func emitReady(flush: Bool) {
        while let ticks = pendingTicks.first {
            let waiting = pendingTicks.count > configuration.reorderDepth || flush
            if let last = lastTicks {
                let inOrder = Double(ticks - last) < 1.5 * nominalTicks
                guard inOrder || waiting else { return }
                if Double(ticks - last) > maximumJumpTicks {
                    // Believe a jump this far only when the next frame continues from it.
                    let continued = pendingTicks.count > 1 && Double(pendingTicks[1] - ticks) < 1.5 * nominalTicks
                    if !continued {
                        dropFirstPending()
                        statistics.malformed["tick_jump", default: 0] += 1
                        continue
                    }
                }
                // Frames skipped: by sequence number when the layout has one, else by ticks.
                let sequence = pendingSequence[0]
                let lost: Int
                if sequence >= 0, let previous = lastSequence {
                    lost = Int(UInt16(truncatingIfNeeded: sequence - previous)) - 1
                } else {
                    lost = max(Int((Double(ticks - last) / nominalTicks).rounded()) - 1, 0)
                }
                statistics.missing += max(lost, 0)
            } else if !waiting {
                return  // the first frame waits in case an earlier one is late
            }
            emitFirstPending()
        }
    }

    private mutating func dropFirstPending() {
        pendingTicks.removeFirst()
        pendingSequence.removeFirst()
        pendingHost.removeFirst()
        pendingValues.removeFirst(2 * cables.count)
    }

    private mutating func emitFirstPending() {
        let n = cables.count
        let ticks = pendingTicks.removeFirst()
        let sequence = pendingSequence.removeFirst()
        let host = pendingHost.removeFirst()
        for k in 0..<(2 * n) { scratch[k] = pendingValues[k] }
        pendingValues.removeFirst(2 * n)

        // Device ticks to host seconds: x advances by the tick count at the estimated rate.
        let time: Double
        if let last = lastTicks {
            let x = Double(ticks - firstTicks) / configuration.ticksPerSecond
            let y = host - firstHost
            sums.n += 1
            sums.x += x
            sums.y += y
            sums.xx += x * x
            sums.xy += x * y
            let spread = sums.n * sums.xx - sums.x * sums.x
            if x > 1, spread > 0 {
                let slope = (sums.n * sums.xy - sums.x * sums.y) / spread
                let limit = configuration.maximumDrift
                rate = min(max(slope, 1 - limit), 1 + limit)
            }
            time = lastTime + (x - lastX) * rate
            lastX = x
            _ = last
        } else {
            firstTicks = ticks
            firstHost = host
            sums = (1, 0, 0, 0, 0)
            time = host
            lastX = 0
        }
        statistics.drift = 1 / rate - 1
        let previousTime = lastTime
        lastTime = time
        lastTicks = ticks
        recentTicks[recentNext] = ticks
        recentNext = (recentNext + 1) % recentTicks.count
        lastSequence = sequence >= 0 ? sequence : nil
        statistics.accepted += 1

        let gapsBefore = grid.gaps.count
        do throws(DSPError) {
            try scratch.withUnsafeBufferPointer { (values) throws(DSPError) in
                try resampler.push(time: time, values: values, into: &grid)
            }
        } catch {
            // Times increase and values are finite and plausible: unreachable.
            statistics.malformed["resampler", default: 0] += 1
            return
        }
        if grid.gaps.count > gapsBefore {
            statistics.gaps += 1
            let lost = max(Int(((time - previousTime) * configuration.frameRate).rounded()) - 1, 0)
            gaps.append(DeviceGap(start: previousTime, end: time, missingFrames: lost))
        }
    }
}
