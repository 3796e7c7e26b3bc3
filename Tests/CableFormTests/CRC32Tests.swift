@testable import CableForm
import Testing

@Suite("CRC-32")
struct CRC32Tests {
    @Test("matches zlib's crc32 on the standard check value and a long input")
    func matchesZlib() {
        // zlib.crc32(b"123456789") == 0xCBF43926; zlib.crc32(bytes(range(256)) * 3) == 0xB0C0DF2A
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        let long = (0..<3).flatMap { _ in (0..<256).map { UInt8($0) } }
        #expect(CRC32.checksum(long) == 0xB0C0_DF2A)
        #expect(CRC32.checksum([]) == 0)
    }

    @Test("continuing over a split input equals one pass")
    func continuing() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = CRC32.checksum(bytes)
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            let first = bytes[..<split].withUnsafeBytes { CRC32.checksum($0) }
            let both = bytes[split...].withUnsafeBytes { CRC32.checksum($0, continuing: first) }
            #expect(both == whole, "split at \(split)")
        }
    }

    /// Bytes from a multiplicative hash of the index; zlib's CRCs of them below
    /// come from Python (`zlib.crc32(bytes(((i * 0x9E3779B1) & 0xFFFFFFFF) >> 13 & 0xFF for i in range(n)))`).
    static func hashed(_ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: (UInt32(truncatingIfNeeded: $0) &* 0x9E37_79B1) >> 13) }
    }

    /// The methods this CPU runs (the tables everywhere; the folds on x86-64 with PCLMULQDQ/VPCLMULQDQ).
    static var methods: [CRC32.Method] { CRC32.Method.allCases.filter { $0 <= CRC32.fastest } }

    @Test("every method this CPU runs matches zlib on a megabyte and at odd offsets")
    func methodsMatchZlib() {
        let bytes = Self.hashed((1 << 20) + 13)
        for method in Self.methods {
            bytes.withUnsafeBytes { raw in
                #expect(CRC32.checksum(raw, method: method) == 0x33EE_984A, "\(method)")
                #expect(CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<5000]), method: method) == 0xFE46_B9AB,
                        "\(method)")
                // Unaligned start: the folds load without alignment.
                #expect(CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[3..<5003]), method: method) == 0x3B78_9AB5,
                        "\(method)")
            }
        }
    }

    @Test("the folds equal the tables on every length to 1 100 bytes, at several offsets, continuing a CRC")
    func foldsEqualTables() {
        let bytes = Self.hashed(1200)
        var mismatches = 0
        bytes.withUnsafeBytes { raw in
            for method in Self.methods where method != .tables {
                for offset in [0, 1, 5, 8, 13, 16] {
                    for count in 0...1100 {
                        let slice = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + count)])
                        // A non-zero CRC to continue from exercises the register entering the fold.
                        let previous = UInt32(truncatingIfNeeded: count &* 2_654_435_761)
                        let expected = CRC32.checksum(slice, continuing: previous, method: .tables)
                        if CRC32.checksum(slice, continuing: previous, method: method) != expected { mismatches += 1 }
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }
}
