#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses an ASCII decimal number in `[start, end)` without allocating.
///
/// Numbers of at most 19 significant digits are read as an integer `w` and a power of ten
/// `10^q`, and rounded correctly without the C library:
/// - `w` below 2⁵³ and `q` within ±22 (a sensor's short readings): `w` and `10^q`
///   are both exact doubles, multiplied or divided once (Clinger's fast path,
///   W. D. Clinger 1990, "How to read floating point numbers accurately", PLDI);
/// - any other `w` (the 17 significant digits of a double printed in full) and
///   `q` in −342…308: `w` times a 128-bit power of five, rounded from the
///   product's leading bits (``eiselLemire(_:_:)``).
///
/// Anything else (more than 19 digits, subnormal or overflowing results, `nan`,
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
    // most 19 significant digits, it cannot overflow.
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
    // Leading zeros are no digits of the mantissa ("0.0016289763367542448" has
    // 17): the 128-bit path takes up to 19 from the first non-zero one.
    guard significantDigits(from: digitsStart, to: p, count: digitCount) <= 19,
          let value = eiselLemire(mantissa, exponent)
    else { return (nil, p) }
    return (negative ? -value : value, p)
}

/// The digits among the first `count` of `[start, end)` (a mantissa with at
/// most one decimal point) from its first non-zero digit on.
@inline(never)
func significantDigits(from start: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>, count: Int) -> Int {
    var p = start, zeros = 0
    while p < end, p.pointee == UInt8(ascii: "0") || p.pointee == UInt8(ascii: ".") {
        if p.pointee == UInt8(ascii: "0") { zeros += 1 }
        p += 1
    }
    return count - zeros
}

/// `w · 10^q` rounded to the nearest double (ties to even), or nil where this
/// path does not decide: a subnormal or overflowing result, or `q` outside
/// ``PowersOfFive``'s range (the caller then asks `strtod`).
///
/// The Eisel-Lemire algorithm (D. Lemire, "Number parsing at a gigabyte per
/// second", Software: Practice and Experience 51(8), 2021): with `10^q = 5^q·2^q`,
/// the binary significand comes from `w` (shifted so its top bit is set) times a
/// 128-bit approximation of `5^q`. The leading 64 bits of that product hold the
/// 54 bits to round from unless its 9 bits below them are all ones, when the
/// product's next 64 bits settle it (two 64 × 64-bit products at most: enough
/// for every `w` below 2⁶⁴, N. Mushtak and D. Lemire, "Fast number parsing
/// without fallback", 2023; the ambiguous case they rule out still goes to
/// `strtod` here). An exact tie, possible only for `q` in −4…23, rounds to even.
/// Not inlined: it would crowd the reader's loop for the short numbers that
/// take the exact path.
@inline(never)
func eiselLemire(_ w: UInt64, _ q: Int) -> Double? {
    guard w != 0 else { return 0 }
    guard q >= PowersOfFive.smallest, q <= PowersOfFive.largest else { return nil }
    let leading = w.leadingZeroBitCount
    let v = w << UInt64(leading)
    let index = 2 * (q - PowersOfFive.smallest)
    var (hi, lo) = v.multipliedFullWidth(by: PowersOfFive.table[index])
    // The 9 bits below the 55 that are kept (52 stored, the implicit one, a rounding bit and the top bit's shift).
    let below: UInt64 = 0x1FF
    if hi & below == below {
        let (next, _) = v.multipliedFullWidth(by: PowersOfFive.table[index + 1])
        let (sum, carry) = lo.addingReportingOverflow(next)
        lo = sum
        if carry { hi &+= 1 }
        if hi & below == below && lo == .max && (q < -27 || q > 55) { return nil }
    }
    let top = Int(hi >> 63)
    let shift = UInt64(top + 9)
    var significand = hi >> shift
    // The biased binary exponent: ⌊q·log₂10⌋ (as ⌊217 706·q / 2¹⁶⌋, exact over the table's range) and the shifts.
    var exponent2 = ((152_170 + 65_536) * q) >> 16 + 63 + top - leading + 1023
    guard exponent2 > 0 else { return nil }
    // Exactly halfway between two doubles: round to even rather than up.
    if lo <= 1, q >= -4, q <= 23, significand & 3 == 1, significand << shift == hi { significand &= ~1 }
    significand += significand & 1
    significand >>= 1
    if significand >= 1 << 53 {
        significand = 1 << 52
        exponent2 += 1
    }
    guard exponent2 < 0x7FF else { return nil }
    return Double(bitPattern: UInt64(exponent2) << 52 | significand & ~(1 << 52))
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
