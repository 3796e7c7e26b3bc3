import CableForm

/// What goes wrong between a simulated machine and the host: clock drift,
/// arrival jitter, lost, duplicated, reordered and damaged frames, and a tick
/// counter that starts close to its wraparound.
public struct FrameLinkFaults: Sendable, Hashable {
    /// The device clock's rate error (a ratio; 100e-6 = 100 ppm fast).
    public var clockDrift = 100e-6
    /// Arrival delay, uniform in 0…jitter (s); frames still arrive in order
    /// unless reordered below.
    public var jitter = 0.005
    /// Probability that a frame never arrives.
    public var lossProbability = 0.01
    /// Probability that a frame arrives twice.
    public var duplicateProbability = 0.005
    /// Probability that a frame arrives after the next one.
    public var reorderProbability = 0.005
    /// Probability that a frame arrives damaged beyond use: cut short, or
    /// carrying an impossible position (−0.9 m). The decoder refuses it, so
    /// its sample is lost too.
    public var corruptProbability = 0.002
    /// The tick counter's first value; the default wraps 5 s in at 1 MHz.
    public var initialTicks: UInt32 = UInt32.max - 5_000_000

    /// The defaults: the device issue's end-to-end conditions.
    public init() {}

    /// A perfect link: no drift, jitter, loss, duplicates or reordering.
    public static var perfect: FrameLinkFaults {
        var f = FrameLinkFaults()
        f.clockDrift = 0
        f.jitter = 0
        f.lossProbability = 0
        f.duplicateProbability = 0
        f.reorderProbability = 0
        f.corruptProbability = 0
        return f
    }
}

/// What the simulated link did, for checking the adapter's accounting.
public struct FrameLinkTruth: Sendable, Hashable {
    /// Frames the device produced.
    public var sent = 0
    /// Frames that never arrived.
    public var lost = 0
    /// Extra copies delivered.
    public var duplicated = 0
    /// Adjacent pairs delivered swapped.
    public var reordered = 0
    /// Frames delivered damaged (refused by the decoder; their samples are lost).
    public var corrupted = 0
}

extension FrameLog {
    /// The frames a machine would send for `session` (sampled on the device's
    /// clock, one frame per sample), encoded by `decoder` and delivered
    /// through a link with `faults`; the seed makes it reproducible.
    ///
    /// Sample `i` at true time `tᵢ` gets ticks `initialTicks + round((tᵢ − t₀)·(1 + drift)·ticksPerSecond)`
    /// (wrapping) and arrives at `tᵢ + delay`, in order.
    public static func simulate(_ session: Session, decoder: some FrameDecoder, ticksPerSecond: Double,
                                faults: FrameLinkFaults = FrameLinkFaults(), seed: UInt64) -> (FrameLog, FrameLinkTruth) {
        precondition(session.cables.count == decoder.cableCount, "FrameLog.simulate: cable count differs from the decoder's")
        var rng = SeededRandom(seed: seed)
        var truth = FrameLinkTruth()
        var frame = DeviceFrame(cableCount: decoder.cableCount)
        var records: [Record] = []
        records.reserveCapacity(session.sampleCount + session.sampleCount / 50)
        let t0 = session.time.first ?? 0
        var arrival = -Double.infinity
        for i in 0..<session.sampleCount {
            let t = session.time[i]
            frame.ticks = faults.initialTicks &+ UInt32(truncatingIfNeeded: Int64(((t - t0) * (1 + faults.clockDrift) * ticksPerSecond).rounded()))
            frame.sequence = UInt16(truncatingIfNeeded: i)
            for (c, cable) in session.cables.enumerated() {
                frame.positions[c] = cable.position[i]
                frame.forces[c] = cable.force[i]
            }
            frame.status = 0
            truth.sent += 1
            let delay = rng.uniform(0, faults.jitter)
            if rng.unit() < faults.lossProbability {
                truth.lost += 1
                continue
            }
            arrival = max(arrival, t + delay)
            var bytes = decoder.encode(frame)
            if rng.unit() < faults.corruptProbability {
                truth.corrupted += 1
                if rng.unit() < 0.5 {
                    bytes = Array(bytes.prefix(Int(rng.unit() * Double(bytes.count - 1))))
                } else {
                    var damaged = frame
                    damaged.positions[0] = -0.9
                    bytes = decoder.encode(damaged)
                }
                records.append(Record(hostTime: arrival, bytes: bytes))
                continue
            }
            records.append(Record(hostTime: arrival, bytes: bytes))
            if rng.unit() < faults.duplicateProbability {
                truth.duplicated += 1
                records.append(Record(hostTime: arrival, bytes: bytes))
            }
        }
        // Swap some adjacent arrivals (the times stay in arrival order).
        var k = 1
        while k < records.count {
            if records[k].bytes != records[k - 1].bytes, rng.unit() < faults.reorderProbability {
                let later = records[k].hostTime
                records.swapAt(k - 1, k)
                records[k - 1].hostTime = records[k].hostTime
                records[k].hostTime = later
                truth.reordered += 1
                k += 2
            } else {
                k += 1
            }
        }
        let names = session.cables.map(\.name)
        return (FrameLog(layout: decoder.layoutName, ticksPerSecond: ticksPerSecond,
                         frameRate: session.sampleRate, cables: names, records: records), truth)
    }
}
