import CableForm
import CableFormDevice
import Foundation
import Synchronization
import Testing

@Suite("Live path: buffer, replay, live session")
struct LiveSessionTests {
    static func block(_ k: Int) -> SampleBlock {
        let session = Session(time: [Double(k)], cables: [CableChannels(name: .left, position: [0], force: [0])])
        return SampleBlock(samples: session, gaps: [], statistics: AdapterStatistics())
    }

    @Test("backpressure drops nothing: the producer waits for a slow consumer")
    func backpressure() async throws {
        let buffer = SampleBuffer(capacity: 2)
        let producer = Task {
            for k in 0..<50 { await buffer.send(Self.block(k)) }
            buffer.finish()
        }
        var seen: [Double] = []
        for try await block in buffer {
            seen.append(block.samples.time[0])
            if seen.count % 10 == 0 { try await Task.sleep(for: .milliseconds(2)) }
        }
        await producer.value
        #expect(seen == (0..<50).map(Double.init))
        #expect(buffer.dropped == 0)
    }

    @Test("lossy policies never wait and count what they drop", arguments: [SampleBuffer.Policy.dropOldest, .dropNewest])
    func lossy(policy: SampleBuffer.Policy) async throws {
        let buffer = SampleBuffer(capacity: 3, policy: policy)
        for k in 0..<10 { await buffer.send(Self.block(k)) }
        buffer.finish()
        var seen: [Double] = []
        for try await block in buffer { seen.append(block.samples.time[0]) }
        #expect(buffer.dropped == 7)
        #expect(seen == (policy == .dropOldest ? [7, 8, 9] : [0, 1, 2]))
    }

    @Test("an error reaches the consumer after the blocks queued before it")
    func failure() async throws {
        struct Broken: Error {}
        let buffer = SampleBuffer(capacity: 4)
        await buffer.send(Self.block(0))
        buffer.finish(throwing: Broken())
        var seen = 0
        await #expect(throws: Broken.self) {
            for try await _ in buffer { seen += 1 }
        }
        #expect(seen == 1)
    }

    @Test("the recording is what was analysed: its batch analysis equals the live report")
    func recording() async throws {
        let sim = DeviceAdapterTests.simulate(rate: 100, seed: 12, sets: [
            SetPlan(exercise: .seatedRow, reps: 6, loadKilograms: 12.5, restAfter: 10),
        ])
        let (log, _) = FrameLog.simulate(sim.session, decoder: DeviceAdapterTests.generic, ticksPerSecond: 1_000_000, seed: 13)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("live-\(getpid()).cfb").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let live = LiveSession(source: try FrameReplaySource(log: log, decoder: DeviceAdapterTests.generic),
                               recordingPath: path)
        var report: SessionReport?
        var completed = 0
        for try await event in live.events() {
            switch event {
            case let .finished(r, _, _): report = r
            case .analysis(.repCompleted): completed += 1
            default: break
            }
        }
        let recorded = try SessionBinary.read(contentsOf: path)
        #expect(completed == 6)
        #expect(try analyze(recorded) == report)
    }

    final class Counter: Sendable {
        let value = Atomic(0)
    }

    /// A replay that counts the blocks it was asked for.
    struct CountingSource: SampleSource {
        let inner: FrameReplaySource<GenericFrameDecoder>
        let pulled: Counter
        var cables: [CableName] { inner.cables }
        var sampleRate: Double { inner.sampleRate }
        func makeAsyncIterator() -> Iterator { Iterator(inner: inner.makeAsyncIterator(), source: self) }
        struct Iterator: AsyncIteratorProtocol {
            var inner: FrameReplaySource<GenericFrameDecoder>.Iterator
            let source: CountingSource
            mutating func next() async throws -> SampleBlock? {
                source.pulled.value.add(1, ordering: .relaxed)
                return try await inner.next()
            }
        }
    }

    @Test("stopping the iteration cancels the source")
    func cancellation() async throws {
        let sim = DeviceAdapterTests.simulate(rate: 100, seed: 14)
        let (log, _) = FrameLog.simulate(sim.session, decoder: DeviceAdapterTests.generic, ticksPerSecond: 1_000_000, seed: 15)
        let replay = try FrameReplaySource(log: log, decoder: DeviceAdapterTests.generic)
        let source = CountingSource(inner: replay, pulled: Counter())
        let total = Int((sim.session.duration / replay.blockDuration).rounded(.up))
        for try await event in LiveSession(source: source, bufferCapacity: 2).events() {
            if case .analysis(.repCompleted) = event { break }
        }
        try await Task.sleep(for: .milliseconds(200))
        let pulled = source.pulled.value.load(ordering: .relaxed)
        #expect(pulled < total / 2, "\(pulled) of \(total) blocks pulled")
    }
}
