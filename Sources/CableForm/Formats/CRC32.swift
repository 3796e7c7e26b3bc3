/// CRC-32 as in zlib, PNG and gzip (IEEE 802.3 polynomial 0x04C11DB7,
/// reflected, initial value and final XOR 0xFFFFFFFF), computed sixteen bytes
/// at a time with slicing-by-16 tables (the slicing-by-N method of Kounavis &
/// Berry 2008: table k maps a byte to its CRC followed by k zero bytes).
enum CRC32 {
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

    /// The CRC-32 of `bytes`, continuing from `crc` (the CRC of what came before; 0 to start).
    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        var c = ~crc
        var i = 0
        let n = bytes.count
        guard n > 0 else { return crc }
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
        return ~c
    }

    /// The CRC-32 of an array of bytes.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
