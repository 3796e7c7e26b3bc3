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
    let (value, stop) = parseDecimalPrefix(start, end)
    return stop == end ? value ?? slowParse(start, end) : slowParse(start, end)
}

/// Parses the number at the front of `[start, end)` by the fast path and
/// returns it with the position of the first byte after it; the value is nil
/// when the fast path does not apply (the caller then finds the field's end
/// and uses the slow path).
@inline(__always)
func parseDecimalPrefix(
    _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
) -> (Double?, UnsafePointer<UInt8>) {
    var p = start
    guard p < end else { return (nil, p) }
    let negative = p.pointee == UInt8(ascii: "-")
    if negative || p.pointee == UInt8(ascii: "+") { p += 1 }
    // Every digit goes into the mantissa (leading zeros are harmless); with at
    // most 19 digits in all, it cannot overflow.
    var mantissa: UInt64 = 0
    let digitsStart = p
    while p < end, case let d = p.pointee &- UInt8(ascii: "0"), d < 10 {
        mantissa = mantissa &* 10 &+ UInt64(d)
        p += 1
    }
    var digitCount = digitsStart.distance(to: p)
    var exponent = 0
    if p < end, p.pointee == UInt8(ascii: ".") {
        p += 1
        let fractionStart = p
        while p < end, case let d = p.pointee &- UInt8(ascii: "0"), d < 10 {
            mantissa = mantissa &* 10 &+ UInt64(d)
            p += 1
        }
        let fractionDigits = fractionStart.distance(to: p)
        digitCount += fractionDigits
        exponent = -fractionDigits
    }
    guard digitCount > 0 else { return (nil, p) }
    if p < end, p.pointee | 0x20 == UInt8(ascii: "e") {
        p += 1
        var expNegative = false
        if p < end, p.pointee == UInt8(ascii: "-") || p.pointee == UInt8(ascii: "+") {
            expNegative = p.pointee == UInt8(ascii: "-")
            p += 1
        }
        var e = 0
        let expStart = p
        while p < end, case let d = p.pointee &- UInt8(ascii: "0"), d < 10 {
            if e < 100_000 { e = e * 10 + Int(d) }
            p += 1
        }
        guard p > expStart else { return (nil, p) }
        exponent += expNegative ? -e : e
    }
    if digitCount <= 19, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
        var value = Double(mantissa)
        if exponent < 0 { value /= exactPowersOfTen[-exponent] } else { value *= exactPowersOfTen[exponent] }
        return (negative ? -value : value, p)
    }
    return (nil, p)
}

/// 10⁰ … 10²², every one exactly representable as a Double.
private let exactPowersOfTen: ContiguousArray<Double> = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// `strtod` on a NUL-terminated copy; nil unless it consumes every byte.
func slowParse(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Double? {
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
