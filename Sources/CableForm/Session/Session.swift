/// The samples of one cable, column by column, aligned with ``Session/time``.
public struct CableChannels: Sendable, Hashable {
    /// Which cable.
    public var name: CableName
    /// Cable position in metres, increasing as the cable is pulled out of the machine.
    public var position: [Double]
    /// Cable tension in newtons (N).
    public var force: [Double]
    /// Cable velocity in m/s as the device reported it, when it did.
    public var velocity: [Double]?

    /// Creates a cable's channels.
    public init(name: CableName, position: [Double], force: [Double], velocity: [Double]? = nil) {
        self.name = name
        self.position = position
        self.force = force
        self.velocity = velocity
    }
}

/// A channel the session format does not interpret (a CSV column that is not
/// time, position, force or velocity), kept as it was.
public struct ExtraChannel: Sendable, Hashable {
    /// The column name, as written in the file.
    public var name: String
    /// One value per sample, in whatever unit the column's name implies.
    public var values: [Double]

    /// Creates an extra channel.
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// What is known about a session besides its samples.
public struct SessionMetadata: Sendable, Hashable {
    /// The machine, e.g. `"speediance-gym-monster"`.
    public var device: String?
    /// The exercise, e.g. `"seated_row"`.
    public var exercise: String?
    /// The commanded load per cable, in kilograms.
    public var loadKilograms: Double?
    /// The machine's load mode, e.g. `"constant"`, `"eccentric"`, `"chains"`.
    public var mode: String?
    /// The sample rate the recording declares (Hz), if it does.
    public var declaredSampleRate: Double?
    /// Every other `key: value` pair, in file order.
    public var other: [KeyValue]

    /// One free-form metadata entry.
    public struct KeyValue: Sendable, Hashable {
        /// The key, without surrounding spaces.
        public var key: String
        /// The value, without surrounding spaces.
        public var value: String

        /// Creates an entry.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Creates metadata; every field is optional.
    public init(
        device: String? = nil, exercise: String? = nil, loadKilograms: Double? = nil, mode: String? = nil,
        declaredSampleRate: Double? = nil, other: [KeyValue] = []
    ) {
        self.device = device
        self.exercise = exercise
        self.loadKilograms = loadKilograms
        self.mode = mode
        self.declaredSampleRate = declaredSampleRate
        self.other = other
    }
}

/// A stretch of time with fewer samples than the nominal rate implies: dropped
/// samples. Gaps are data, not errors.
public struct TimeGap: Sendable, Hashable {
    /// Index of the last sample before the gap.
    public var afterSample: Int
    /// Time (s) of the last sample before the gap.
    public var start: Double
    /// Time (s) of the first sample after the gap.
    public var end: Double
    /// Roughly how many samples are missing: `round((end − start)·rate) − 1`.
    public var missingSamples: Int

    /// Creates a gap record.
    public init(afterSample: Int, start: Double, end: Double, missingSamples: Int) {
        self.afterSample = afterSample
        self.start = start
        self.end = end
        self.missingSamples = missingSamples
    }
}

/// A recorded or live session: one or more cables sampled together over time.
///
/// Storage is columnar and contiguous — one `[Double]` per channel, all of
/// ``sampleCount`` samples — so DSP kernels take the columns without copying.
public struct Session: Sendable, Hashable {
    /// Device time of each sample in seconds, strictly increasing.
    public var time: [Double]
    /// The cables, in the order they were recorded.
    public var cables: [CableChannels]
    /// Channels kept as they were (unknown CSV columns).
    public var extraChannels: [ExtraChannel]
    /// What is known about the session.
    public var metadata: SessionMetadata
    /// The nominal sample rate (Hz): the declared rate, or else the reciprocal of
    /// the median interval between time stamps.
    public var sampleRate: Double

    /// Creates a session.
    ///
    /// - Precondition: every channel has `time.count` samples and cable names
    ///   are unique.
    public init(
        time: [Double], cables: [CableChannels], extraChannels: [ExtraChannel] = [],
        metadata: SessionMetadata = SessionMetadata(), sampleRate: Double? = nil
    ) {
        let n = time.count
        for c in cables {
            precondition(c.position.count == n && c.force.count == n && (c.velocity?.count ?? n) == n,
                         "Session: every channel of cable \(c.name) needs \(n) samples")
        }
        for e in extraChannels {
            precondition(e.values.count == n, "Session: extra channel \(e.name) needs \(n) samples")
        }
        precondition(Set(cables.map(\.name)).count == cables.count, "Session: cable names must be unique")
        self.time = time
        self.cables = cables
        self.extraChannels = extraChannels
        self.metadata = metadata
        self.sampleRate = sampleRate ?? metadata.declaredSampleRate ?? Session.medianRate(time) ?? 0
    }

    /// The number of samples.
    public var sampleCount: Int { time.count }

    /// The session's length in seconds, from the first to the last time stamp.
    public var duration: Double { time.count < 2 ? 0 : time[time.count - 1] - time[0] }

    /// The cable named `name`, if the session has it.
    public func cable(_ name: CableName) -> CableChannels? { cables.first { $0.name == name } }

    /// Intervals between consecutive samples longer than 1.5 nominal intervals.
    public var gaps: [TimeGap] {
        guard sampleRate > 0, time.count >= 2 else { return [] }
        let limit = 1.5 / sampleRate
        var result: [TimeGap] = []
        for i in 1..<time.count where time[i] - time[i - 1] > limit {
            let dt = time[i] - time[i - 1]
            result.append(TimeGap(afterSample: i - 1, start: time[i - 1], end: time[i],
                                  missingSamples: Int((dt * sampleRate).rounded()) - 1))
        }
        return result
    }

    /// The first `count` samples of every channel, with the same metadata and
    /// rate: what a reader keeps when it stops at damage.
    public func prefix(_ count: Int) -> Session { samples(0..<min(max(count, 0), sampleCount)) }

    /// Samples `range` of every channel, with the same metadata and rate.
    ///
    /// - Precondition: `range` lies within `0..<sampleCount`.
    public func samples(_ range: Range<Int>) -> Session {
        precondition(range.lowerBound >= 0 && range.upperBound <= sampleCount, "Session.samples: range out of bounds")
        var s = self
        s.time = Array(time[range])
        s.cables = cables.map {
            CableChannels(name: $0.name, position: Array($0.position[range]), force: Array($0.force[range]),
                          velocity: $0.velocity.map { Array($0[range]) })
        }
        s.extraChannels = extraChannels.map { ExtraChannel(name: $0.name, values: Array($0.values[range])) }
        return s
    }

    /// `1 / median(Δt)`, or nil with fewer than two samples.
    static func medianRate(_ time: [Double]) -> Double? {
        guard time.count >= 2 else { return nil }
        var d = [Double](unsafeUninitializedCapacity: time.count - 1) { b, c in
            for i in 1..<time.count { b[i - 1] = time[i] - time[i - 1] }
            c = time.count - 1
        }
        let mid = d.count / 2
        d.withUnsafeMutableBufferPointer { quickselect($0, mid) }
        return d[mid] > 0 ? 1 / d[mid] : nil
    }
}

/// Moves the `k`-th smallest element of `a` to index `k` (Hoare's selection).
func quickselect(_ a: UnsafeMutableBufferPointer<Double>, _ k: Int) {
    var lo = 0, hi = a.count - 1
    while lo < hi {
        let pivot = a[(lo + hi) / 2]
        var i = lo, j = hi
        while i <= j {
            while a[i] < pivot { i += 1 }
            while a[j] > pivot { j -= 1 }
            if i <= j {
                a.swapAt(i, j)
                i += 1
                j -= 1
            }
        }
        if k <= j { hi = j } else if k >= i { lo = i } else { return }
    }
}
