import CableForm
@testable import CableFormDevice
import Foundation
import Testing

@Suite("Streaming analyzer")
struct StreamingAnalyzerTests {
    static func fixture(_ name: String) -> SimulatedSession {
        SimulatedMachine(plan: FixtureCatalog.all.first { $0.name == name }!.plan).run()
    }

    /// Runs `session` through a fresh analyzer in blocks of the given sizes
    /// (cycled), returning every event and the final report.
    static func stream(_ session: Session, blocks: [Int]) throws -> ([AnalysisEvent], SessionReport) {
        var analyzer = try StreamingAnalyzer(cables: session.cables.map(\.name), sampleRate: session.sampleRate,
                                             declaredLoad: session.metadata.loadKilograms)
        var events: [AnalysisEvent] = []
        var i = 0, b = 0
        while i < session.sampleCount {
            let n = min(blocks[b % blocks.count], session.sampleCount - i)
            events += try analyzer.push(session.samples(i..<(i + n)))
            i += n
            b += 1
        }
        events += analyzer.finish()
        return (events, analyzer.report)
    }

    @Test("any chunking gives the batch report and the same events", arguments: FixtureCatalog.all.map(\.name))
    func chunkingInvariance(name: String) throws {
        let session = Self.fixture(name).session
        let batch = try analyze(session)
        let (reference, whole) = try Self.stream(session, blocks: [session.sampleCount])
        #expect(whole == batch)
        var rng = SeededRandom(seed: name.utf8.reduce(7) { $0 &* 31 &+ UInt64($1) })
        for _ in 0..<3 {
            let sizes = (0..<16).map { _ in [1, 2, 3, 7, 64, 500, 4096][Int(rng.next() % 7)] }
            let (events, report) = try Self.stream(session, blocks: sizes)
            #expect(report == batch, "blocks \(sizes)")
            #expect(events == reference, "blocks \(sizes)")
        }
    }

    @Test("one sample at a time through the allocation-free entry point gives the batch report")
    func samplePush() throws {
        let session = Self.fixture("seated_row_200hz").session
        var analyzer = try StreamingAnalyzer(cables: session.cables.map(\.name), sampleRate: session.sampleRate)
        var events: [AnalysisEvent] = []
        var p = [0.0, 0.0], f = [0.0, 0.0]
        for i in 0..<session.sampleCount {
            for c in 0..<2 {
                p[c] = session.cables[c].position[i]
                f[c] = session.cables[c].force[i]
            }
            try p.withUnsafeBufferPointer { pp in
                try f.withUnsafeBufferPointer { ff in
                    try analyzer.push(time: session.time[i], positions: pp, forces: ff, events: &events)
                }
            }
        }
        events += analyzer.finish()
        #expect(analyzer.report == (try analyze(session)))
        #expect(events.filter { if case .setCompleted = $0 { true } else { false } }.count == 3)
    }

    @Test("a copy of an analyzer goes on independently: both halves of a fork give the batch report")
    func copiesAreIndependent() throws {
        let session = Self.fixture("seated_row_200hz").session
        let half = session.sampleCount / 2
        var first = try StreamingAnalyzer(cables: session.cables.map(\.name), sampleRate: session.sampleRate)
        _ = try first.push(session.prefix(half))
        // The copy shares the ring until one of them writes; each must then see only its own samples.
        var second = first
        _ = try first.push(session.samples(half..<session.sampleCount))
        _ = first.finish()
        // The second copy is fed a different continuation (every position 0.3 m further out);
        // a third copy, taken before that, must not see it.
        let saved = second
        var other = session.samples(half..<(half + 500))
        for c in other.cables.indices { other.cables[c].position = other.cables[c].position.map { $0 + 0.3 } }
        _ = try second.push(other)
        var third = saved
        _ = try third.push(session.samples(half..<session.sampleCount))
        _ = third.finish()
        let batch = try analyze(session)
        #expect(first.report == batch)
        #expect(third.report == batch)
    }

    @Test("events come in order, and a rep is reported within 250 ms of its true end at 100 Hz and above",
          arguments: ["glute_bridge_100hz", "seated_row_200hz", "romanian_deadlift_100hz", "face_pull_500hz",
                      "hip_thrust_1000hz", "lat_pulldown_200hz", "seated_row_2000hz"])
    func latency(name: String) throws {
        let sim = Self.fixture(name)
        let (events, report) = try Self.stream(sim.session, blocks: [1])
        let times = events.map(\.decidedAt)
        #expect(times == times.sorted())
        let truth = sim.truth.sets.flatMap(\.reps)
        var completed = 0
        for case let .repCompleted(_, rep, decidedAt) in events {
            completed += 1
            let t = truth.min { abs($0.end - rep.end) < abs($1.end - rep.end) }!
            #expect(decidedAt - t.end <= 0.25, "\(name): rep ending at \(t.end) s reported at \(decidedAt) s")
            #expect(decidedAt >= rep.end - 0.5)
        }
        #expect(completed == report.sets.flatMap(\.reps).count)
        // Every rep is announced, then its two phases, then its completion (or a discard).
        var current: (set: Int, rep: Int, phases: Int)?
        for event in events {
            switch event {
            case let .repStarted(s, r, _, _):
                #expect(current == nil)
                current = (s, r, 0)
            case let .phaseCompleted(s, r, _, _, _, _):
                #expect(current?.set == s && current?.rep == r)
                current?.phases += 1
            case let .repCompleted(s, rep, _):
                #expect(current?.set == s && current?.rep == rep.index && current?.phases == 2)
                current = nil
            case let .repDiscarded(s, r, _):
                #expect(current?.set == s && current?.rep == r)
                current = nil
            case .holdCompleted, .setCompleted:
                #expect(current == nil)
            }
        }
    }

    @Test("memory is fixed at creation: the history does not depend on the session's length")
    func boundedState() throws {
        let a = try StreamingAnalyzer(cables: [.left, .right], sampleRate: 1000)
        var config = AnalysisConfiguration()
        config.maximumRepDuration = 60
        let b = try StreamingAnalyzer(cables: [.left, .right], sampleRate: 1000, configuration: config)
        // 30 s + 8 s rest + margins at 1 kHz fits 64 Ki samples; 60 s needs 128 Ki.
        #expect(a.historyCapacity == 65_536)
        #expect(b.historyCapacity == 131_072)
    }

    @Test("bad samples are refused with where and what, and the stream goes on")
    func badSamples() throws {
        let session = Self.fixture("glute_bridge_100hz").session
        var broken = session
        broken.cables[1].position[500] = .nan
        #expect(throws: AnalysisError.nonFiniteSample(index: 500, channel: "right_position")) { try analyze(broken) }
        broken = session
        broken.cables[0].force[42] = .infinity
        #expect(throws: AnalysisError.nonFiniteSample(index: 42, channel: "left_force")) { try analyze(broken) }
        // In a later run of 1024 (the runs before it read in place, this one staged to find it).
        broken = session
        broken.cables[1].force[2500] = .nan
        #expect(throws: AnalysisError.nonFiniteSample(index: 2500, channel: "right_force")) { try analyze(broken) }
        broken = session
        broken.time[900] = broken.time[899]
        #expect(throws: AnalysisError.nonIncreasingTime(index: 900, time: session.time[899], previous: session.time[899])) {
            try analyze(broken)
        }
        // A live caller skips the refused sample and carries on: the result is the session without it.
        var analyzer = try StreamingAnalyzer(cables: [.left, .right], sampleRate: 100)
        var bad = session.samples(0..<1000)
        bad.cables[0].position[500] = .nan
        #expect(throws: AnalysisError.self) { _ = try analyzer.push(bad) }
        #expect(analyzer.sampleCount == 500)
        _ = try analyzer.push(session.samples(501..<session.sampleCount))
        _ = analyzer.finish()
        let skipped = try analyze(Session(time: Array(session.time[0..<500] + session.time[501...]),
                                          cables: session.cables.map {
                                              CableChannels(name: $0.name, position: Array($0.position[0..<500] + $0.position[501...]),
                                                            force: Array($0.force[0..<500] + $0.force[501...]))
                                          }, metadata: session.metadata, sampleRate: session.sampleRate))
        #expect(analyzer.report.sets == skipped.sets)
        #expect(throws: AnalysisError.finished) { _ = try analyzer.push(session.samples(0..<1)) }
    }

    @Test("absurd positions and forces are refused as implausible, at the configured limits")
    func implausibleSamples() throws {
        let session = Self.fixture("glute_bridge_100hz").session
        var broken = session
        broken.cables[0].position[700] = 1000  // 1 km: millimetres written as metres, say
        #expect(throws: AnalysisError.implausibleSample(index: 700, channel: "left_position", value: 1000, limit: 10)) {
            try analyze(broken)
        }
        broken = session
        broken.cables[1].force[33] = -1e6  // 1 MN, either sign
        #expect(throws: AnalysisError.implausibleSample(index: 33, channel: "right_force", value: -1e6, limit: 10_000)) {
            try analyze(broken)
        }
        // NaN is still reported as non-finite, not as implausible.
        broken.cables[1].force[20] = .nan
        #expect(throws: AnalysisError.nonFiniteSample(index: 20, channel: "right_force")) { try analyze(broken) }
        // Exactly at the limit is accepted; the limits are configuration.
        var config = AnalysisConfiguration()
        let highest = session.cables.flatMap(\.position).map(abs).max()!
        config.maximumPosition = highest / 2
        let tall = try #require(session.cables[0].position.firstIndex { abs($0) > highest / 2 })
        // At the same sample the first cable in order is named.
        #expect(tall <= session.cables[1].position.firstIndex { abs($0) > highest / 2 } ?? .max)
        #expect(throws: AnalysisError.implausibleSample(index: tall, channel: "left_position",
                                                        value: session.cables[0].position[tall], limit: highest / 2)) {
            try analyze(session, configuration: config)
        }
        config.maximumPosition = highest
        #expect(try analyze(session, configuration: config).sets == analyze(session).sets)
        // Pushed one at a time, the refused sample leaves the analyzer as it was.
        var analyzer = try StreamingAnalyzer(cables: [.left, .right], sampleRate: 100)
        var events: [AnalysisEvent] = []
        #expect(throws: AnalysisError.implausibleSample(index: 0, channel: "right_force", value: 2e4, limit: 10_000)) {
            try [0.1, 0.1].withUnsafeBufferPointer { p in
                try [50, 2e4].withUnsafeBufferPointer { f in
                    try analyzer.push(time: 0, positions: p, forces: f, events: &events)
                }
            }
        }
        #expect(analyzer.sampleCount == 0)
        var bad = AnalysisConfiguration()
        bad.maximumForce = 0
        #expect(throws: AnalysisError.invalidConfiguration(name: "maximumForce", reason: "must be finite and > 0 N, got 0.0")) {
            try StreamingAnalyzer(cables: [.left], sampleRate: 100, configuration: bad)
        }
    }

    @Test("wrong cables, rates and configurations are refused by name")
    func badSetup() throws {
        #expect(throws: AnalysisError.noCables) { try StreamingAnalyzer(cables: [], sampleRate: 100) }
        #expect(throws: AnalysisError.invalidSampleRate(0)) { try StreamingAnalyzer(cables: [.left], sampleRate: 0) }
        var config = AnalysisConfiguration()
        config.partialFraction = 1.5
        #expect(throws: AnalysisError.invalidConfiguration(name: "partialFraction", reason: "must be in (0, 1], got 1.5")) {
            try StreamingAnalyzer(cables: [.left], sampleRate: 100, configuration: config)
        }
        config = AnalysisConfiguration()
        config.minimumTravel = 0.2
        #expect(throws: AnalysisError.self) { try config.validate() }
        config = AnalysisConfiguration()
        config.flags.ballisticPeakFraction = 0.6
        #expect(throws: AnalysisError.invalidConfiguration(name: "flags.ballisticPeakFraction",
                                                           reason: "must be in (0, 0.5), got 0.6")) {
            try config.validate()
        }
        config = AnalysisConfiguration()
        config.score.roughSPARC = -1
        #expect(throws: AnalysisError.invalidConfiguration(name: "score.roughSPARC",
                                                           reason: "must be finite and < smoothSPARC, got -1.0")) {
            try config.validate()
        }
        config = AnalysisConfiguration()
        config.score.targetTempo = Tempo(eccentric: 0, bottomPause: 1, concentric: 2, topPause: 0)
        #expect(throws: AnalysisError.self) { try config.validate() }
        var analyzer = try StreamingAnalyzer(cables: [.right, .left], sampleRate: 100)
        let session = Self.fixture("glute_bridge_100hz").session.samples(0..<10)
        #expect(throws: AnalysisError.cableMismatch(expected: [.right, .left], actual: [.left, .right])) {
            _ = try analyzer.push(session)
        }
    }

    @Test("a gap of lost samples loses only the reps it touches")
    func gap() throws {
        let sim = Self.fixture("seated_row_200hz")
        let s = sim.session
        // Drop 2 s in the middle of the first set's fourth rep.
        let rep = sim.truth.sets[0].reps[3]
        let cut = (s.time.firstIndex { $0 >= rep.start + 1 }!)..<(s.time.firstIndex { $0 >= rep.start + 3 }!)
        let keep = Array(0..<cut.lowerBound) + Array(cut.upperBound..<s.sampleCount)
        let holed = Session(time: keep.map { s.time[$0] },
                            cables: s.cables.map { c in
                                CableChannels(name: c.name, position: keep.map { c.position[$0] }, force: keep.map { c.force[$0] })
                            }, metadata: s.metadata, sampleRate: s.sampleRate)
        let e = RepEvaluation(report: try analyze(holed), truth: sim.truth)
        #expect(e.matched >= e.trueReps - 1)
        #expect(e.ghostReps == 0)
    }

    @Test("a session too short to fill the filter gives an empty report, not a crash")
    func tiny() throws {
        let s = Self.fixture("glute_bridge_100hz").session
        for n in [0, 1, 2, 4, 8] {
            let report = try analyze(s.samples(0..<n))
            #expect(report.sets.isEmpty)
        }
        // An empty block between two others changes nothing.
        var a = try StreamingAnalyzer(cables: [.left, .right], sampleRate: 100)
        #expect(try a.push(s.samples(0..<0)).isEmpty && a.sampleCount == 0)
        _ = try a.push(s.samples(0..<1500))
        #expect(try a.push(s.samples(1500..<1500)).isEmpty && a.sampleCount == 1500)
        _ = try a.push(s.samples(1500..<s.sampleCount))
        _ = a.finish()
        #expect(a.report.sets == (try analyze(s)).sets)
    }
}
