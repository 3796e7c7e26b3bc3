#if canImport(Glibc)
import Glibc
#endif

/// Storage for a column of samples that a reader is about to fill.
enum LargeColumn {
    /// Columns at least this large (bytes) ask the kernel for huge pages.
    static let hugePageThreshold = 4 << 20

    /// An empty array with room for `capacity` values. On Linux a large
    /// column's storage is advised `MADV_HUGEPAGE`: filling 100 MB of fresh
    /// memory otherwise takes one page fault per 4 KB (most of a binary
    /// read's time on a virtual machine), and with transparent huge pages in
    /// `madvise` mode the kernel then maps 2 MB at a time. NumPy does the same
    /// for its large arrays. Advice only: the contents are unaffected.
    static func reserved(_ capacity: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: max(capacity, 0)) { buffer, count in
            count = 0
            advise(buffer)
        }
    }

    /// `count` columns with room for `capacity` values each (advised as
    /// ``reserved(_:)`` is), filled in place by `body`: it gets each column's
    /// storage and returns how many values it wrote at the front of every
    /// one, which become the columns' contents. No value is copied after.
    ///
    /// - Precondition: `count >= 1`, `capacity >= 1`; `body` returns at most
    ///   `capacity` and has written that many values to every column.
    static func made(
        count: Int, capacity: Int, _ body: (UnsafeBufferPointer<UnsafeMutablePointer<Double>>) -> Int
    ) -> [[Double]] {
        precondition(count >= 1 && capacity >= 1, "LargeColumn.made: at least one column with room for a value")
        var columns = [[Double]](repeating: [], count: count)
        withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Double>.self, capacity: count) { storage in
            // Column k is made inside column k - 1's initializer, so every
            // column's storage is open when `body` runs.
            func make(_ k: Int) -> Int {
                guard k < count else { return body(UnsafeBufferPointer(storage)) }
                var filled = 0
                columns[k] = [Double](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                    advise(buffer)
                    storage[k] = buffer.baseAddress!
                    filled = make(k + 1)
                    precondition(filled <= capacity, "LargeColumn.made: more values than room")
                    initialized = filled
                }
                return filled
            }
            _ = make(0)
        }
        return columns
    }

    /// Advises a large column's storage `MADV_HUGEPAGE` (Linux; nothing
    /// elsewhere, or below ``hugePageThreshold``).
    private static func advise(_ buffer: UnsafeMutableBufferPointer<Double>) {
        #if os(Linux)
        let bytes = buffer.count * MemoryLayout<Double>.stride
        guard bytes >= hugePageThreshold, let base = buffer.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + bytes) / page * page
        if end > start {
            _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE)
        }
        #endif
    }

    /// The size of the open file `fd` (bytes) and the bytes actually stored
    /// for it, the smaller of its size and its allocated blocks. A sparse
    /// file's holes read as zeros without taking space: a 10 GB file of
    /// holes must not make a reader reserve gigabytes for columns that its
    /// first bad byte will end. (0, 0) when `fstat` fails.
    static func extent(of fd: Int32) -> (size: Int, stored: Int) {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return (0, 0) }
        let size = Int(info.st_size)
        let allocated = Int(info.st_blocks) * 512
        // A file system that reports no blocks for a non-empty file (procfs,
        // some network mounts) says nothing about holes: trust the size.
        return (size, allocated > 0 ? min(size, allocated) : size)
    }
}
