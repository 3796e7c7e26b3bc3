import CableFormDSP
import Foundation

/// The checking thread of a large `.cfb` read: it checks each chunk
/// (``BinarySessionParser/check(_:rows:after:)``: CRC-32, finite values, time
/// order) while the reading thread reads the next one into the columns.
///
/// The reader hands over each chunk after its payload has landed and never
/// touches it again; the checker only reads payloads. Chunks are checked in
/// file order, each from the last time stamp of the one before, and the
/// checker stops at the first problem, which the reader then reports as if it
/// had checked that chunk itself (the same error, the same complete chunks
/// kept before it).
final class ChunkChecker: Sendable {
    /// A chunk read in place: its header, and where it landed.
    struct Job: Sendable {
        let chunk: BinarySessionParser.Chunk
        /// Samples read before it (its first row in every column).
        let firstRow: Int
        /// Its index in the file.
        let index: Int
    }

    /// What the checker has found.
    struct Findings: Sendable {
        /// The last time stamp of the last chunk that passed (s).
        var lastTime: Double
        /// The first chunk that failed, and what was wrong with it.
        var failure: (job: Job, check: BinarySessionParser.ChunkCheck)?
    }

    private struct State: Sendable {
        var jobs: [Job] = []
        var next = 0
        /// Every chunk has been given (or the reader stopped).
        var ended = false
        var findings: Findings
        /// The checker's thread has returned.
        var returned = false
    }

    private let state: Locked<State>
    /// Each channel's column storage (the columns being made), as addresses.
    private let columns: [UInt]

    /// Starts checking chunks read into `destinations` (one column's storage
    /// per channel), the first of them after time stamp `lastTime` (s).
    init(destinations: UnsafeBufferPointer<UnsafeMutablePointer<Double>>, lastTime: Double) {
        columns = destinations.map { UInt(bitPattern: $0) }
        state = Locked(State(findings: Findings(lastTime: lastTime)))
        let thread = Thread { [self] in run() }
        thread.name = "CableForm.ChunkChecker"
        thread.start()
    }

    /// The reader: a chunk's payload has landed; check it.
    func give(_ job: Job) {
        state.withLock { $0.jobs.append(job) }
    }

    /// Whether a chunk has failed (the reader may stop reading).
    var hasFailed: Bool { state.withLock { $0.findings.failure != nil } }

    /// The reader: no more chunks. Waits until every chunk given is checked
    /// (or one failed) and the thread has returned; returns what it found.
    func finish() -> Findings {
        state.withLock { $0.ended = true }
        var wait = Backoff()
        while true {
            if let findings = state.withLock({ $0.returned ? $0.findings : nil }) { return findings }
            wait.pause()
        }
    }

    private func run() {
        let channels = columns.count
        let rows = UnsafeMutableBufferPointer<UnsafeRawPointer>.allocate(capacity: channels)
        defer { rows.deallocate() }
        var wait = Backoff()
        while true {
            let (job, lastTime, ended) = state.withLock { s -> (Job?, Double, Bool) in
                guard s.next < s.jobs.count else { return (nil, s.findings.lastTime, s.ended) }
                s.next += 1
                return (s.jobs[s.next - 1], s.findings.lastTime, s.ended)
            }
            guard let job else {
                if ended { break }
                wait.pause()
                continue
            }
            wait = Backoff()
            for c in 0..<channels {
                rows[c] = UnsafeRawPointer(UnsafeMutablePointer<Double>(bitPattern: columns[c])! + job.firstRow)
            }
            let check = BinarySessionParser.check(job.chunk, rows: UnsafeBufferPointer(rows), after: lastTime)
            let failed = state.withLock { s -> Bool in
                if case let .passed(last) = check {
                    s.findings.lastTime = last
                    return false
                }
                s.findings.failure = (job, check)
                return true
            }
            if failed { break }
        }
        state.withLock { $0.returned = true }
    }
}
