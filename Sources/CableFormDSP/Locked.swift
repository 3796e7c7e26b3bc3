#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that is only read or written while holding a POSIX mutex.
///
/// The package's shared mutable state (the FFTW plan cache, a sample buffer's
/// queue) lives in one of these instead of `Synchronization.Mutex`: on Linux
/// `Mutex` waits on a futex that ThreadSanitizer does not intercept, so TSan
/// cannot see the lock's ordering and reports every pair of accesses made
/// under it as a race. A `pthread_mutex_t` is intercepted, so `make sanitize`
/// checks the real contract (docs/reliability.md). An uncontended lock and
/// unlock costs about the same as `Mutex`'s.
package final class Locked<State: Sendable>: @unchecked Sendable {
    // @unchecked: `state` is only touched between lock and unlock of `mutex`,
    // which is allocated once, never moved, and destroyed in deinit.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var state: State

    /// Holds `state` behind a new mutex.
    package init(_ state: State) {
        self.state = state
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "Locked: pthread_mutex_init failed (\(status))")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the state; it must not call
    /// `withLock` on the same value again (the mutex is not recursive).
    package func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
