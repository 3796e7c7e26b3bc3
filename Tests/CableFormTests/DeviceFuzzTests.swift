import CableForm
import CableFormDevice
import Testing

@Suite("Device frames: malformed-frame fuzzing")
struct DeviceFuzzTests {
    /// SplitMix64, fixed seed: the same 100 000 cases every run.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// Random bytes, or a valid frame with bytes flipped, cut or added.
    static func mutated(_ valid: [UInt8], _ rng: inout Random) -> [UInt8] {
        switch rng.below(4) {
        case 0: return (0..<rng.below(40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        case 1:
            var b = valid
            for _ in 0...rng.below(4) { b[rng.below(b.count)] ^= UInt8(truncatingIfNeeded: rng.next() | 1) }
            return b
        case 2: return Array(valid.prefix(rng.below(valid.count)))
        default: return valid + (0...rng.below(8)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
    }

    static func check<D: FrameDecoder>(_ decoder: D, valid: [UInt8], seed: UInt64, plausibleForce: ClosedRange<Double>) {
        var rng = Random(state: seed)
        var frame = DeviceFrame(cableCount: decoder.cableCount)
        var accepted = 0, refused = 0
        for _ in 0..<50_000 {
            let bytes = mutated(valid, &rng)
            do {
                try decoder.decode(bytes, into: &frame)
                accepted += 1
                // What decodes is a frame the layout allows: finite and plausible.
                if !(frame.positions.allSatisfy { $0.isFinite && $0 >= -0.5 && $0 <= 10 }
                    && frame.forces.allSatisfy { $0.isFinite && plausibleForce.contains($0) }) {
                    Issue.record("implausible frame accepted from \(bytes)")
                    return
                }
            } catch {
                refused += 1
            }
        }
        #expect(accepted > 1000 && refused > 10_000, "\(accepted) accepted, \(refused) refused")
    }

    @Test("100 000 random and mutated frames: each refused with a reason, or plausible; never a crash")
    func decoders() {
        let cal = CableCalibration(countsPerMetre: 26_076, forceScale: 0.01, forceTare: 1200)
        let generic = GenericFrameDecoder(calibrations: [cal, cal])
        var frame = DeviceFrame(cableCount: 2)
        frame.positions = [0.4, 0.41]
        frame.forces = [120, 118]
        Self.check(generic, valid: generic.encode(frame), seed: 0xF00D, plausibleForce: generic.plausibleForce)
        let monitor = MonitorFrameDecoder()
        frame.status = 3
        Self.check(monitor, valid: monitor.encode(frame), seed: 0xBEEF, plausibleForce: 0...(65_535 * 0.01 * 9.80665))
    }

    @Test("a refused frame never becomes a sample: garbage among valid frames leaves the output unchanged")
    func garbageInStream() throws {
        let sim = DeviceAdapterTests.simulate(rate: 100, seed: 8, sets: [
            SetPlan(exercise: .seatedRow, reps: 5, loadKilograms: 12.5, restAfter: 5),
        ])
        let decoder = DeviceAdapterTests.generic
        let (log, _) = FrameLog.simulate(sim.session, decoder: decoder, ticksPerSecond: 1_000_000, seed: 9)
        var rng = Random(state: 77)
        var noisy = log
        noisy.records = []
        var garbage = 0
        var scratch = DeviceFrame(cableCount: 2)
        for record in log.records {
            noisy.records.append(record)
            if rng.below(5) == 0 {
                let bytes = Self.mutated(record.bytes, &rng)
                // Only bytes the decoder refuses: a mutation that still decodes is a valid frame.
                if (try? decoder.decode(bytes, into: &scratch)) == nil {
                    noisy.records.append(FrameLog.Record(hostTime: record.hostTime, bytes: bytes))
                    garbage += 1
                }
            }
        }
        #expect(garbage > 500)
        let (clean, _, cleanStats) = try DeviceAdapterTests.adapt(log, decoder)
        let (dirty, _, dirtyStats) = try DeviceAdapterTests.adapt(noisy, decoder)
        #expect(dirty == clean)
        #expect(dirtyStats.malformedTotal == cleanStats.malformedTotal + garbage)
        #expect(dirtyStats.accepted == cleanStats.accepted && dirtyStats.missing == cleanStats.missing)
    }

    @Test("an adapter fed 100 000 random and mutated frames: every frame counted once, samples finite")
    func adapterFuzz() throws {
        let decoder = MonitorFrameDecoder()
        var adapter = try DeviceAdapter(decoder: decoder, cables: [.left, .right],
                                        configuration: DeviceAdapterConfiguration(frameRate: 100, ticksPerSecond: 1000))
        var rng = Random(state: 4242)
        var frame = DeviceFrame(cableCount: 2)
        var samples = 0
        for k in 0..<100_000 {
            frame.ticks = UInt32(truncatingIfNeeded: 10 * k)
            frame.positions = [0.3, 0.3]
            frame.forces = [100, 100]
            let bytes = rng.below(2) == 0 ? decoder.encode(frame) : Self.mutated(decoder.encode(frame), &rng)
            adapter.push(bytes, hostTime: Double(k) * 0.01)
            if k % 1000 == 0 {
                let block = adapter.drain()
                samples += block.samples.sampleCount
                #expect(block.samples.cables.allSatisfy { $0.position.allSatisfy(\.isFinite) && $0.force.allSatisfy(\.isFinite) })
                #expect(zip(block.samples.time, block.samples.time.dropFirst()).allSatisfy { $0 < $1 })
            }
        }
        adapter.finish()
        samples += adapter.drain().samples.sampleCount
        let s = adapter.statistics
        #expect(s.received == 100_000)
        #expect(s.accepted + s.malformedTotal + s.duplicates + s.late == s.received)
        #expect(samples > 0)
    }
}
