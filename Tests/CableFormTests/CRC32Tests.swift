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
}
