import CChecksum

/// CRC-32 as in zlib, PNG and gzip (IEEE 802.3 polynomial 0x04C11DB7,
/// reflected, initial value and final XOR 0xFFFFFFFF).
///
/// On x86-64 the bulk of a buffer is folded by carry-less multiplication
/// (`CChecksum`: PCLMULQDQ, or VPCLMULQDQ on 256-bit registers, whichever the
/// CPU has, checked once at run time; ~16 GB/s for the wide fold here). The
/// fold's 16-byte remainder, the last bytes, short buffers and every other
/// machine use slicing-by-16 tables (the slicing-by-N method of Kounavis &
/// Berry 2008: table k maps a byte to its CRC followed by k zero bytes; ~1
/// cycle per byte). Every path gives the same CRC; the tests compare them on
/// every length up to 1 100 bytes at several alignments.
enum CRC32 {
    /// How the bulk of a buffer is checksummed.
    enum Method: Int, Comparable, CaseIterable {
        /// Slicing-by-16 tables only.
        case tables = 0
        /// 128-bit carry-less-multiplication fold (PCLMULQDQ).
        case fold128 = 1
        /// 256-bit carry-less-multiplication fold (VPCLMULQDQ, AVX2).
        case fold256 = 2

        static func < (a: Method, b: Method) -> Bool { a.rawValue < b.rawValue }
    }

    /// The fastest method this machine runs (asked of the CPU once).
    static let fastest = Method(rawValue: Int(cableform_crc32_fold_support())) ?? .tables

    /// Buffers shorter than this (bytes) skip the fold: the tables are as
    /// fast for them and need no remainder pass.
    static let foldThreshold = 256

    /// tables[k][b]: the CRC of byte b followed by k zero bytes.
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 16 * 256)
        for b in 0..<256 {
            var c = UInt32(b)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[b] = c
        }
        for b in 0..<256 {
            for k in 1..<16 {
                let prev = t[(k - 1) * 256 + b]
                t[k * 256 + b] = (prev >> 8) ^ t[Int(prev & 0xFF)]
            }
        }
        return t
    }()

    /// The CRC-32 of `bytes`, continuing from `crc` (the CRC of what came before; 0 to start),
    /// by `method` (the fastest one by default; a method this machine lacks is a precondition failure).
    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0,
                         method: Method = fastest) -> UInt32 {
        precondition(method <= fastest, "CRC32.checksum: \(method) is not supported by this CPU")
        guard bytes.count >= foldThreshold, method != .tables else { return ~tableRegister(bytes, from: ~crc) }
        var folded: (UInt64, UInt64) = (0, 0)
        // Raw pointers both ways: the bytes may be memory bound to another type (a column of Doubles).
        let consumed = withUnsafeMutableBytes(of: &folded) { f in
            method == .fold256 ? cableform_crc32_fold_wide(bytes.baseAddress!, bytes.count, ~crc, f.baseAddress!)
                               : cableform_crc32_fold(bytes.baseAddress!, bytes.count, ~crc, f.baseAddress!)
        }
        guard consumed > 0 else { return ~tableRegister(bytes, from: ~crc) }
        // The fold's remainder has the same CRC as the bytes it consumed, fed from register 0.
        let register = withUnsafeBytes(of: folded) { tableRegister($0, from: 0) }
        return ~tableRegister(UnsafeRawBufferPointer(rebasing: bytes[consumed...]), from: register)
    }

    /// The CRC register after feeding `bytes` to the tables from `register`
    /// (no initial or final inversion).
    static func tableRegister(_ bytes: UnsafeRawBufferPointer, from register: UInt32) -> UInt32 {
        var c = register
        var i = 0
        let n = bytes.count
        guard n > 0 else { return register }
        let p = bytes.baseAddress!
        tables.withUnsafeBufferPointer { t in
            @inline(__always) func row(_ k: Int, _ byte: UInt32) -> UInt32 { t[k &* 256 &+ Int(byte & 0xFF)] }
            while i + 16 <= n {
                let a = p.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian ^ c
                let b = p.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self).littleEndian
                let d = p.loadUnaligned(fromByteOffset: i + 8, as: UInt32.self).littleEndian
                let e = p.loadUnaligned(fromByteOffset: i + 12, as: UInt32.self).littleEndian
                c = row(15, a) ^ row(14, a >> 8) ^ row(13, a >> 16) ^ row(12, a >> 24)
                    ^ row(11, b) ^ row(10, b >> 8) ^ row(9, b >> 16) ^ row(8, b >> 24)
                    ^ row(7, d) ^ row(6, d >> 8) ^ row(5, d >> 16) ^ row(4, d >> 24)
                    ^ row(3, e) ^ row(2, e >> 8) ^ row(1, e >> 16) ^ row(0, e >> 24)
                i += 16
            }
            while i < n {
                c = t[Int((c ^ UInt32(p.load(fromByteOffset: i, as: UInt8.self))) & 0xFF)] ^ (c >> 8)
                i += 1
            }
        }
        return c
    }

    /// The CRC-32 of an array of bytes.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
