#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a thread waits for another one's progress that it polls (an atomic
/// counter): spins 64 polls, then yields the processor up to
/// 1 024 polls, then sleeps 50 µs per poll. The waits of a two-thread
/// pipeline are short when both threads have a core, and cost little when not.
struct Backoff {
    private var polls = 0

    /// Waits before the next poll.
    mutating func pause() {
        polls += 1
        if polls <= 64 { return }
        if polls <= 1_024 {
            sched_yield()
        } else {
            usleep(50)
        }
    }
}
