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
