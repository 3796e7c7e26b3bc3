import CableForm
import CableFormDevice
import Foundation
import Testing

@Suite("Device adapter: frames to calibrated uniform samples")
struct DeviceAdapterTests {
    static let calibration = CableCalibration(countsPerRevolution: 4096, spoolDiameter: 0.05, forceScale: 0.01,
                                              forceTare: 1200)
    static let generic = GenericFrameDecoder(calibrations: [calibration, calibration])

    /// A simulated workout sampled on the device clock (no sampling jitter,
    /// no drops: the link adds those).
    static func simulate(rate: Double, seed: UInt64, sets: [SetPlan]? = nil) -> SimulatedSession {
        var machine = MachineModel()
        machine.sampleRate = rate
        machine.clockJitter = 0
        machine.dropProbability = 0
        let plan = WorkoutPlan(sets: sets ?? [
            SetPlan(exercise: .seatedRow, reps: 8, loadKilograms: 12.5, restAfter: 10, faults: [.ballistic(rep: 3)]),
            SetPlan(exercise: .facePull, reps: 6, loadKilograms: 7.5, restAfter: 10,
                    faults: [.asymmetry(side: .right, romFraction: 0.7, lag: 0.04)]),
            SetPlan(exercise: .latPulldown, reps: 6, loadKilograms: 15, restAfter: 8, faults: [.partial(rep: 2, fraction: 0.5)]),
        ], machine: machine, seed: seed)
        return SimulatedMachine(plan: plan).run()
    }

    /// Every block of the adapter's output for `log`, joined.
    static func adapt<D: FrameDecoder>(_ log: FrameLog, _ decoder: D) throws -> (Session, [DeviceGap], AdapterStatistics) {
        var adapter = try DeviceAdapter(decoder: decoder, cables: log.cables, configuration: log.adapterConfiguration)
        var blocks: [SampleBlock] = []
        for (k, record) in log.records.enumerated() {
            adapter.push(record.bytes, hostTime: record.hostTime)
            if k % 97 == 0 { blocks.append(adapter.drain()) }
        }
        adapter.finish()
        blocks.append(adapter.drain())
        return (join(blocks.map(\.samples)), blocks.flatMap(\.gaps), adapter.statistics)
    }

    static func join(_ parts: [Session]) -> Session {
        let first = parts[0]
        let cables = first.cables.indices.map { c in
            CableChannels(name: first.cables[c].name, position: parts.flatMap { $0.cables[c].position },
                          force: parts.flatMap { $0.cables[c].force })
        }
        return Session(time: parts.flatMap(\.time), cables: cables, metadata: first.metadata)
    }

    @Test("a perfect link gives back the session's samples, on the same grid")
    func perfectLink() throws {
        let sim = Self.simulate(rate: 100, seed: 1)
        let (log, truth) = FrameLog.simulate(sim.session, decoder: Self.generic, ticksPerSecond: 1_000_000,
                                             faults: .perfect, seed: 2)
        #expect(truth.lost == 0 && truth.sent == sim.session.sampleCount)
        let (out, gaps, stats) = try Self.adapt(log, Self.generic)
        #expect(gaps.isEmpty)
        #expect(stats.accepted == sim.session.sampleCount && stats.missing == 0 && stats.duplicates == 0)
        #expect(out.sampleCount == sim.session.sampleCount)
        let resolution = 1 / Self.calibration.countsPerMetre
        var worstTime = 0.0, worstPosition = 0.0, worstForce = 0.0
        for i in 0..<out.sampleCount {
            worstTime = max(worstTime, abs(out.time[i] - sim.session.time[i]))
            for c in 0..<2 {
                worstPosition = max(worstPosition, abs(out.cables[c].position[i] - sim.session.cables[c].position[i]))
                worstForce = max(worstForce, abs(out.cables[c].force[i] - sim.session.cables[c].force[i]))
            }
        }
        #expect(worstTime < 1e-9, "time \(worstTime) s")
        #expect(worstPosition <= 0.5 * resolution * (1 + 1e-9), "position \(worstPosition) m")
        #expect(worstForce <= 0.5 * 0.01 * (1 + 1e-9), "force \(worstForce) N")
    }

    @Test("drift, jitter, loss, duplicates, reordering and a wraparound: every frame accounted for",
          arguments: [10.0, 20, 100, 1000])
    func accounting(rate: Double) throws {
        let sim = Self.simulate(rate: rate, seed: 3)
        let (log, truth) = FrameLog.simulate(sim.session, decoder: Self.generic, ticksPerSecond: 1_000_000, seed: 4)
        #expect(truth.lost > 0 && truth.duplicated > 0 && truth.reordered > 0)
        #expect(rate < 100 || truth.corrupted > 0)
        // The tick counter wraps (once) during the session.
        var frame = DeviceFrame(cableCount: 2), previous: UInt32?, wraps = 0
        for record in log.records {
            guard (try? Self.generic.decode(record.bytes, into: &frame)) != nil else { continue }
            // Net crossings: a pair reordered across the wrap crosses back and forth.
            if let p = previous, frame.ticks < p, p - frame.ticks > UInt32.max / 2 { wraps += 1 }
            if let p = previous, frame.ticks > p, frame.ticks - p > UInt32.max / 2 { wraps -= 1 }
            previous = frame.ticks
        }
        #expect(wraps == 1)
        let (out, _, stats) = try Self.adapt(log, Self.generic)
        #expect(stats.received == log.records.count)
        // A damaged frame is refused, so its sample is missing too.
        #expect(stats.missing == truth.lost + truth.corrupted, "missing \(stats.missing), lost \(truth.lost) + \(truth.corrupted)")
        #expect(stats.malformedTotal == truth.corrupted)
        #expect(stats.duplicates == truth.duplicated)
        #expect(stats.late == 0)
        #expect(stats.accepted == truth.sent - truth.lost - truth.corrupted)
        // The drift estimate: 100 ppm fast, within 20 ppm.
        #expect(abs(stats.drift - 100e-6) < 20e-6, "drift \(stats.drift)")
        // The output spans the session on a uniform grid.
        #expect(abs(out.time[0] - sim.session.time[0]) < 0.006)
        // (The last grid point may fall just after the last drift-corrected sample: one interval short at most.)
        #expect(abs(out.duration - sim.session.duration) < 1 / rate + 0.01, "\(out.duration) vs \(sim.session.duration)")
    }

    @Test("a chosen output rate: 1 kHz frames out at 200 Hz on a uniform grid, the reps intact")
    func outputRate() async throws {
        let sim = Self.simulate(rate: 1000, seed: 16, sets: [
            SetPlan(exercise: .seatedRow, reps: 6, loadKilograms: 12.5, restAfter: 5),
        ])
        let (log, _) = FrameLog.simulate(sim.session, decoder: Self.generic, ticksPerSecond: 1_000_000, seed: 17)
        var configuration = log.adapterConfiguration
        configuration.outputRate = 200
        var adapter = try DeviceAdapter(decoder: Self.generic, cables: log.cables, configuration: configuration)
        for record in log.records { adapter.push(record.bytes, hostTime: record.hostTime) }
        adapter.finish()
        let out = adapter.drain().samples
        #expect(out.sampleRate == 200)
        #expect(abs(Double(out.sampleCount) - sim.session.duration * 200) <= 2)
        let steps = zip(out.time, out.time.dropFirst()).map { $1 - $0 }
        #expect(steps.allSatisfy { abs($0 - 0.005) < 1e-9 })
        let e = RepEvaluation(report: try analyze(out), truth: sim.truth)
        #expect(e.exactCountSets == e.sets && e.medianBoundaryError <= 0.015)
    }

    @Test("end to end at 10, 20, 100 and 1000 Hz: rep counts equal the truth, boundaries within the reps issue's limits",
          arguments: [10.0, 20, 100, 1000])
    func endToEnd(rate: Double) async throws {
        let sim = Self.simulate(rate: rate, seed: 5)
        let (log, truth) = FrameLog.simulate(sim.session, decoder: Self.generic, ticksPerSecond: 1_000_000, seed: 6)
        let source = try FrameReplaySource(log: log, decoder: Self.generic)
        var report: SessionReport?
        var statistics: AdapterStatistics?
        var decided: [(end: Double, at: Double)] = []
        for try await event in LiveSession(source: source).events() {
            switch event {
            case let .finished(r, s, dropped):
                report = r
                statistics = s
                #expect(dropped == 0)
            case let .analysis(.repCompleted(_, rep, at)):
                decided.append((rep.end, at))
            default:
                break
            }
        }
        // Latency through the whole path, from each rep's true end to its event (device
        // time mapped to host seconds): the analyzer's 250 ms budget plus the frames the
        // adapter may hold back waiting for a lost one.
        if rate >= 100 {
            let truthEnds = sim.truth.sets.flatMap(\.reps).map(\.end)
            for (end, at) in decided {
                let trueEnd = truthEnds.min { abs($0 - end) < abs($1 - end) }!
                #expect(at - trueEnd <= 0.25 + 4 / rate, "decided \(at - trueEnd) s after the end")
            }
            #expect(decided.count == truthEnds.count)
        }
        let r = try #require(report)
        #expect(statistics?.missing == truth.lost + truth.corrupted)
        let e = RepEvaluation(report: r, truth: sim.truth)
        #expect(e.exactCountSets == e.sets, "\(e.setCounts)")
        #expect(e.matched == e.trueReps && e.detectedReps == e.trueReps)
        let direct = RepEvaluation(report: try analyze(sim.session), truth: sim.truth)
        if rate >= 100 {
            #expect(e.medianBoundaryError <= 0.015 && e.p95BoundaryError <= 0.050,
                    "median \(e.medianBoundaryError) s, p95 \(e.p95BoundaryError) s")
        } else if rate >= 20 {
            #expect(e.medianBoundaryError <= 0.030 && e.p95BoundaryError <= 0.090,
                    "median \(e.medianBoundaryError) s, p95 \(e.p95BoundaryError) s")
        }
        // Through the link, no more than 10 ms worse than the same samples analysed directly.
        #expect(e.medianBoundaryError <= direct.medianBoundaryError + 0.010,
                "\(e.medianBoundaryError) vs direct \(direct.medianBoundaryError)")
    }
}
