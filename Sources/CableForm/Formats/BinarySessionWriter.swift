#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Records a session to a `.cfb` file as it arrives: the header once, then
/// one CRC-checked chunk per ``append(_:)``, each written straight to the file.
///
/// A crash or power loss leaves a file whose complete chunks all read back;
/// at most the chunk being written is lost (``SessionBinary`` reports it as
/// truncated and keeps the rest). Not thread-safe: one writer per recording.
public final class BinarySessionWriter {
    /// The file being written.
    public let path: String
    /// The channel layout every appended block must have.
    public let layout: Session
    /// Samples written so far.
    public private(set) var samplesWritten = 0
    private var fd: Int32
    private var lastTime = -Double.infinity
    private var fileOffset = 0

    /// Creates (or truncates) `path` and writes the header for `layout`'s
    /// cables, extra channels and metadata. `layout`'s samples, if any, are
    /// not written: pass them to ``append(_:)``.
    public init(path: String, layout: Session) throws(SessionFileError) {
        self.path = path
        self.layout = layout.prefix(0)
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw SessionFileError(.io(errno: errno), file: path, location: .wholeFile) }
        try write(SessionBinary.header(for: self.layout))
    }

    deinit {
        if fd >= 0 { _ = closeDescriptor(fd) }
    }

    /// Appends `block`'s samples as one chunk.
    ///
    /// - Precondition: `block` has the layout's cables (with and without
    ///   velocity as in the layout) and extra channels, in the same order.
    /// - Throws: ``SessionFileError`` for a write failure, or when `block`'s time
    ///   does not continue strictly after the samples already written, or holds a
    ///   non-finite value (nothing is written then).
    public func append(_ block: Session) throws(SessionFileError) {
        precondition(fd >= 0, "BinarySessionWriter: append after close")
        precondition(
            block.cables.map(\.name) == layout.cables.map(\.name)
                && block.cables.map { $0.velocity != nil } == layout.cables.map { $0.velocity != nil }
                && block.extraChannels.map(\.name) == layout.extraChannels.map(\.name),
            "BinarySessionWriter: the block's channels differ from the layout's")
        guard block.sampleCount > 0 else { return }
        for (i, t) in block.time.enumerated() {
            guard t > (i == 0 ? lastTime : block.time[i - 1]) else {
                throw SessionFileError(.nonIncreasingTime(previous: i == 0 ? lastTime : block.time[i - 1], found: t),
                                       file: path, location: .wholeFile, sampleIndex: samplesWritten + i)
            }
        }
        for (k, column) in SessionBinary.columns(of: block).enumerated() {
            if let i = column.firstIndex(where: { !$0.isFinite }) {
                throw SessionFileError(.nonFiniteValue(column: SessionBinary.channels(of: layout)[k].name),
                                       file: path, location: .wholeFile, sampleIndex: samplesWritten + i)
            }
        }
        var bytes: [UInt8] = []
        SessionBinary.appendChunk(block, 0..<block.sampleCount, to: &bytes)
        try write(bytes)
        samplesWritten += block.sampleCount
        lastTime = block.time[block.sampleCount - 1]
    }

    /// Closes the file. Appending afterwards is a programmer error.
    public func close() throws(SessionFileError) {
        guard fd >= 0 else { return }
        let result = closeDescriptor(fd)
        fd = -1
        guard result == 0 else { throw SessionFileError(.io(errno: errno), file: path, location: .wholeFile) }
    }

    private func write(_ bytes: [UInt8]) throws(SessionFileError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + done, bytes.count - done) }
            guard n > 0 else {
                throw SessionFileError(.io(errno: errno), file: path, location: .byteOffset(fileOffset + done, chunk: nil))
            }
            done += n
        }
        fileOffset += done
    }
}

/// The C library's `close`, out of reach of the `close()` method's name.
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
