import Foundation

/// Reads a session file in either format, told apart by content rather than
/// by name: a `.cfb` starts with its magic bytes, a CSV with
/// `# cableform-csv 1` (after an optional byte-order mark).
public enum SessionFile {
    /// The two session formats.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        /// `# cableform-csv 1` text (``SessionCSV``).
        case csv
        /// The chunked binary `.cfb` (``SessionBinary``).
        case binary
    }

    /// The format `bytes` begin with; nil for neither.
    public static func format(of bytes: some Collection<UInt8>) -> Format? {
        if bytes.starts(with: SessionBinary.magic) { return .binary }
        let text = Array(SessionCSV.signature.utf8)
        if bytes.starts(with: text) || bytes.starts(with: [0xEF, 0xBB, 0xBF] + text) { return .csv }
        return nil
    }

    /// Reads a session held in memory; `name` is used in errors.
    ///
    /// - Throws: ``SessionFileError``; `badSignature` when the bytes are in
    ///   neither format.
    public static func read(_ bytes: [UInt8], name: String? = nil) throws(SessionFileError) -> Session {
        switch format(of: bytes) {
        case .binary: return try SessionBinary.read(bytes, name: name)
        case .csv: return try SessionCSV.read(bytes, name: name)
        case nil: throw neither(bytes.prefix(40), name)
        }
    }

    /// The error for bytes in neither format: empty, or a bad signature at byte 0.
    static func neither(_ head: ArraySlice<UInt8>, _ name: String?) -> SessionFileError {
        head.isEmpty
            ? SessionFileError(.emptyFile, file: name, location: .wholeFile)
            : SessionFileError(.badSignature(found: preview(head)), file: name,
                               location: .byteOffset(0, chunk: nil))
    }

    /// The first 40 bytes of `bytes` as text for an error message: printable
    /// ASCII as it is, every other byte as `\xNN` (binary garbage must not
    /// reach a terminal raw).
    static func preview(_ bytes: some Collection<UInt8>) -> String {
        var text = ""
        for byte in bytes.prefix(40) {
            if byte >= 0x20 && byte < 0x7F {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return text
    }

    /// Reads the session file at `path`, in whichever format it is.
    ///
    /// - Throws: ``SessionFileError`` with the file, the place and the records before it.
    public static func read(contentsOf path: String) throws(SessionFileError) -> Session {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SessionFileError(.io(errno: ENOENT), file: path, location: .wholeFile)
        }
        let head = (try? handle.read(upToCount: 40)) ?? nil
        try? handle.close()
        switch format(of: head.map { [UInt8]($0) } ?? []) {
        case .binary: return try SessionBinary.read(contentsOf: path)
        case .csv: return try SessionCSV.read(contentsOf: path)
        case nil: throw neither([UInt8](head ?? Data()).prefix(40), path)
        }
    }
}
