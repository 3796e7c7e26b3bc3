import CableForm

/// A bounded queue of sample blocks between a source and its consumer, with
/// an explicit policy for when the consumer falls behind.
///
/// One producer calls ``send(_:)`` and ``finish(throwing:)``; one consumer
/// iterates. ``Policy/backpressure`` (the default) drops nothing: `send`
/// waits while the queue is full. The lossy policies never wait and count
/// what they drop in ``dropped``.
public final class SampleBuffer: AsyncSequence, Sendable {
    /// What to do with a block sent to a full queue.
    public enum Policy: Sendable, Hashable {
        /// Wait until the consumer takes one.
        case backpressure
        /// Drop the oldest queued block to make room.
        case dropOldest
        /// Drop the block sent.
        case dropNewest
    }

    struct State {
        var queue: [SampleBlock] = []
        var head = 0
        var finished = false
        var failure: (any Error)?
        var consumer: CheckedContinuation<SampleBlock?, any Error>?
        var producer: CheckedContinuation<Void, Never>?
        var dropped = 0
        var count: Int { queue.count - head }

        mutating func pop() -> SampleBlock {
            let block = queue[head]
            head += 1
            if head > 64 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            return block
        }
    }

    /// The most blocks held.
    public let capacity: Int
    /// The policy when full.
    public let policy: Policy
    private let state = Locked(State())

    /// A buffer of `capacity` blocks.
    ///
    /// - Precondition: `capacity >= 1`.
    public init(capacity: Int = 64, policy: Policy = .backpressure) {
        precondition(capacity >= 1, "SampleBuffer: capacity must be >= 1")
        self.capacity = capacity
        self.policy = policy
    }

    /// Blocks dropped by a lossy policy.
    public var dropped: Int { state.withLock { $0.dropped } }

    /// Queues `block` (or hands it to a waiting consumer).
    public func send(_ block: SampleBlock) async {
        while true {
            enum Step { case done(CheckedContinuation<SampleBlock?, any Error>?), wait }
            let step: Step = state.withLock { s in
                if s.finished { return .done(nil) }
                if let c = s.consumer {
                    s.consumer = nil
                    return .done(c)
                }
                if s.count < capacity {
                    s.queue.append(block)
                    return .done(nil)
                }
                switch policy {
                case .backpressure:
                    return .wait
                case .dropOldest:
                    _ = s.pop()
                    s.queue.append(block)
                    s.dropped += 1
                    return .done(nil)
                case .dropNewest:
                    s.dropped += 1
                    return .done(nil)
                }
            }
            switch step {
            case let .done(consumer):
                consumer?.resume(returning: block)
                return
            case .wait:
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { s -> Bool in
                        if s.count < capacity || s.finished { return true }
                        s.producer = c
                        return false
                    }
                    if ready { c.resume() }
                }
            }
        }
    }

    /// Ends the stream after the queued blocks; with an error, the consumer
    /// receives it after them.
    public func finish(throwing error: (any Error)? = nil) {
        let (consumer, producer) = state.withLock { s in
            s.finished = true
            s.failure = s.failure ?? error
            defer {
                s.consumer = nil
                s.producer = nil
            }
            return (s.count == 0 ? s.consumer : nil, s.producer)
        }
        producer?.resume()
        if let consumer {
            if let error { consumer.resume(throwing: error) } else { consumer.resume(returning: nil) }
        }
    }

    public func makeAsyncIterator() -> Iterator { Iterator(buffer: self) }

    /// Takes blocks in order; ends after ``finish(throwing:)``.
    public struct Iterator: AsyncIteratorProtocol {
        let buffer: SampleBuffer

        public mutating func next() async throws -> SampleBlock? {
            try await buffer.take()
        }
    }

    private func take() async throws -> SampleBlock? {
        enum Step { case block(SampleBlock, CheckedContinuation<Void, Never>?), end(Error?), wait }
        let step: Step = state.withLock { s in
            if s.count > 0 {
                let p = s.producer
                s.producer = nil
                return .block(s.pop(), p)
            }
            if s.finished { return .end(s.failure) }
            return .wait
        }
        switch step {
        case let .block(block, producer):
            producer?.resume()
            return block
        case let .end(error):
            if let error { throw error }
            return nil
        case .wait:
            return try await withCheckedThrowingContinuation { (c: CheckedContinuation<SampleBlock?, any Error>) in
                let immediate: Result<SampleBlock?, any Error>? = state.withLock { s in
                    if s.count > 0 { return .success(s.pop()) }
                    if s.finished { return s.failure.map { .failure($0) } ?? .success(nil) }
                    s.consumer = c
                    return nil
                }
                if let immediate { c.resume(with: immediate) }
            }
        }
    }
}
