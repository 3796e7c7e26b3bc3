#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses an ASCII decimal number in `[start, end)` without allocating.
///
/// Numbers with at most 19 significant digits whose value is an integer below
/// 2⁵³ times a power of ten within ±22 — every number a sensor or a CSV writer
/// produces in practice — are computed as one exact integer and one exact power
/// of ten, multiplied or divided once: a correctly rounded result (Clinger's
/// fast path, W. D. Clinger 1990, "How to read floating point numbers
/// accurately", PLDI). Anything else (long mantissas, extreme exponents, `nan`,
/// `inf`) goes to the C library's correctly rounded `strtod`.
///
/// - Returns: the value, or nil when the bytes are not exactly one number.
@inline(__always)
func parseDecimal(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
    var p = start
    guard p < end else { return nil }
    var negative = false
    if p.pointee == UInt8(ascii: "-") || p.pointee == UInt8(ascii: "+") {
        negative = p.pointee == UInt8(ascii: "-")
        p += 1
    }
    var mantissa: UInt64 = 0
    var digits = 0  // significant digits accumulated
    var exponent = 0
    var sawDigit = false
    var overflow = false
    while p < end, p.pointee &- UInt8(ascii: "0") < 10 {
        sawDigit = true
        if digits < 19 {
            mantissa = mantissa &* 10 &+ UInt64(p.pointee &- UInt8(ascii: "0"))
            if mantissa != 0 { digits += 1 }
        } else {
            overflow = true
            exponent += 1
        }
        p += 1
    }
    if p < end, p.pointee == UInt8(ascii: ".") {
        p += 1
        while p < end, p.pointee &- UInt8(ascii: "0") < 10 {
            sawDigit = true
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(p.pointee &- UInt8(ascii: "0"))
                if mantissa != 0 { digits += 1 }
                exponent -= 1
            } else {
                overflow = true
            }
            p += 1
        }
    }
    guard sawDigit else { return slowParse(start, end) }
    if p < end, p.pointee == UInt8(ascii: "e") || p.pointee == UInt8(ascii: "E") {
        p += 1
        var expNegative = false
        if p < end, p.pointee == UInt8(ascii: "-") || p.pointee == UInt8(ascii: "+") {
            expNegative = p.pointee == UInt8(ascii: "-")
            p += 1
        }
        var e = 0
        var sawExpDigit = false
        while p < end, p.pointee &- UInt8(ascii: "0") < 10 {
            sawExpDigit = true
            if e < 100_000 { e = e * 10 + Int(p.pointee &- UInt8(ascii: "0")) }
            p += 1
        }
        guard sawExpDigit else { return nil }
        exponent += expNegative ? -e : e
    }
    guard p == end else { return nil }
    if !overflow, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
        var value = Double(mantissa)
        if exponent < 0 { value /= exactPowersOfTen[-exponent] } else { value *= exactPowersOfTen[exponent] }
        return negative ? -value : value
    }
    return slowParse(start, end)
}

/// 10⁰ … 10²², every one exactly representable as a Double.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// `strtod` on a NUL-terminated copy; nil unless it consumes every byte.
private func slowParse(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
    let n = end - start
    guard n > 0, n < 512 else { return nil }
    // Only decimal notation and the words nan/inf: strtod would also take hex
    // floats and leading white space, which a cableform file never contains.
    for i in 0..<n {
        switch start[i] {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "n"), UInt8(ascii: "a"), UInt8(ascii: "N"),
            UInt8(ascii: "A"), UInt8(ascii: "i"), UInt8(ascii: "f"), UInt8(ascii: "I"), UInt8(ascii: "F"),
            UInt8(ascii: "t"), UInt8(ascii: "y"), UInt8(ascii: "T"), UInt8(ascii: "Y"):
            continue
        default:
            return nil
        }
    }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer in
        for i in 0..<n { buffer[i] = CChar(bitPattern: start[i]) }
        buffer[n] = 0
        var stop: UnsafeMutablePointer<CChar>?
        let value = strtod(buffer.baseAddress!, &stop)
        return stop == buffer.baseAddress! + n ? value : nil
    }
}
