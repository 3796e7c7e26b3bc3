#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A second thread that faults in the columns a large `.cfb` read is about to
/// fill, ahead of the reader: on Linux a fresh page is zeroed by the kernel
/// when it is first touched, and inside the reader's `readv` that zeroing was
/// the largest part of a read (38%). Here it runs beside the reader's copies
/// and checks instead of before each of them.
///
/// It is advice only: it asks the kernel to populate the pages
/// (`MADV_POPULATE_WRITE`, Linux 5.14; nothing on older kernels or other
/// systems), which zeroes missing pages and leaves present ones as they are,
/// so it never changes what the columns hold and needs no ordering with the
/// reader — where the reader gets ahead, it faults the pages itself. It
/// works through every column a 2 MB stretch of rows at a time (one huge page
/// each, in the reader's order) and stops at the end or when asked.
final class ColumnPrefaulter: Sendable {
    /// Rows (samples) per step: 2 MB of doubles.
    static let rowsPerStep = (2 << 20) / MemoryLayout<Double>.stride

    /// Whether it can do anything here (Linux); elsewhere no thread is worth starting.
    static var isAvailable: Bool {
        #if os(Linux)
        true
        #else
        false
        #endif
    }

    private let stopRequested = Atomic<Bool>(false)
    private let returned = Atomic<Bool>(false)
    /// Rows populated in every column so far (for the tests).
    private let populated = Atomic<Int>(0)

    /// Starts populating `capacity` rows of each column in `columns`.
    init(columns: UnsafeBufferPointer<UnsafeMutablePointer<Double>>, capacity: Int) {
        let addresses = columns.map { UInt(bitPattern: $0) }
        let thread = Thread { [self] in
            populate(addresses, capacity: capacity)
            returned.store(true, ordering: .releasing)
        }
        thread.name = "CableForm.ColumnPrefaulter"
        thread.start()
    }

    /// Rows populated in every column so far.
    var rowsPopulated: Int { populated.load(ordering: .acquiring) }

    /// Asks the thread to stop after its current step and waits until it has.
    func stop() {
        stopRequested.store(true, ordering: .releasing)
        var wait = Backoff()
        while !returned.load(ordering: .acquiring) { wait.pause() }
    }

    private func populate(_ columns: [UInt], capacity: Int) {
        #if os(Linux)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var row = 0
        while row < capacity && !stopRequested.load(ordering: .acquiring) {
            let end = min(row + Self.rowsPerStep, capacity)
            for column in columns {
                // Whole pages inside this stretch of the column (a page shared
                // with the stretch before was populated with it).
                let from = (Int(column) + 8 * row + page - 1) / page * page
                let to = (Int(column) + 8 * end + page - 1) / page * page
                if to > from {
                    // 23 is MADV_POPULATE_WRITE (not exported by Swift's Glibc module).
                    if madvise(UnsafeMutableRawPointer(bitPattern: from), to - from, 23) != 0 { return }
                }
            }
            row = end
            populated.store(row, ordering: .releasing)
        }
        #endif
    }
}
