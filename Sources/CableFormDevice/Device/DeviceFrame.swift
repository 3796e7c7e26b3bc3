/// One frame from a machine, decoded and calibrated: the device's tick
/// counter, an optional sequence number, and per cable its position (m) and
/// force (N).
///
/// Decoders fill a frame in place (``FrameDecoder/decode(_:into:)``), so one
/// frame reused for a whole stream decodes without allocating.
public struct DeviceFrame: Sendable, Hashable {
    /// The device's free-running tick counter (wraps at 2³²).
    public var ticks: UInt32
    /// The frame's sequence number (wraps at 2¹⁶), when the layout has one.
    public var sequence: UInt16?
    /// Per cable, the position (m), increasing as the cable is pulled out.
    public var positions: [Double]
    /// Per cable, the force (N).
    public var forces: [Double]
    /// The device's status bits, when the frame carries them.
    public var status: UInt16?

    /// A zeroed frame for `cableCount` cables.
    public init(cableCount: Int) {
        precondition(cableCount >= 1, "DeviceFrame needs at least one cable")
        ticks = 0
        sequence = nil
        positions = Array(repeating: 0, count: cableCount)
        forces = Array(repeating: 0, count: cableCount)
        status = nil
    }
}

/// Why a frame was refused. A refused frame never becomes a sample.
public enum FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer bytes than the layout's minimum.
    case tooShort(minimum: Int, actual: Int)
    /// A length the layout does not allow.
    case wrongLength(expected: Int, actual: Int)
    /// A field whose value cannot be real (outside the decoder's plausible
    /// range), in the field's calibrated unit (m or N).
    case impossibleValue(field: String, value: Double)

    /// The reason in words.
    public var description: String {
        switch self {
        case let .tooShort(minimum, actual): "frame of \(actual) bytes, shorter than the layout's \(minimum)"
        case let .wrongLength(expected, actual): "frame of \(actual) bytes, the layout has \(expected)"
        case let .impossibleValue(field, value): "impossible \(field): \(value)"
        }
    }

    /// A short name for counting refusals by kind: `too_short`, `wrong_length`, `impossible_value`.
    public var kind: String {
        switch self {
        case .tooShort: "too_short"
        case .wrongLength: "wrong_length"
        case .impossibleValue: "impossible_value"
        }
    }
}

/// Turns a machine's raw frame bytes into a calibrated ``DeviceFrame``.
///
/// docs/device.md describes the two layouts CableForm ships and how to add a
/// decoder for another machine: conform to this protocol, and give the
/// ``DeviceAdapter`` your decoder.
public protocol FrameDecoder: Sendable {
    /// The number of cables each frame carries.
    var cableCount: Int { get }
    /// A short name for the layout, written into frame logs.
    var layoutName: String { get }
    /// Decodes `bytes` into `frame` (which has ``cableCount`` cables).
    ///
    /// - Throws: ``FrameError`` when the bytes are not a valid frame; `frame`
    ///   is then unspecified and must not be used.
    func decode(_ bytes: UnsafeRawBufferPointer, into frame: inout DeviceFrame) throws(FrameError)
    /// Encodes `frame` as this layout's bytes (for simulation and tests): the
    /// inverse of ``decode(_:into:)`` up to the layout's resolution.
    func encode(_ frame: DeviceFrame) -> [UInt8]
}

extension FrameDecoder {
    /// Decodes a byte array.
    public func decode(_ bytes: [UInt8], into frame: inout DeviceFrame) throws(FrameError) {
        var failure: FrameError?
        bytes.withUnsafeBytes { raw in
            do throws(FrameError) { try decode(raw, into: &frame) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}

/// Little-endian reads and writes at byte offsets.
enum LittleEndian {
    @inline(__always)
    static func u16(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
        UInt16(b[at]) | UInt16(b[at + 1]) << 8
    }

    @inline(__always)
    static func u32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    @inline(__always)
    static func i16(_ b: UnsafeRawBufferPointer, _ at: Int) -> Int16 { Int16(bitPattern: u16(b, at)) }

    @inline(__always)
    static func i32(_ b: UnsafeRawBufferPointer, _ at: Int) -> Int32 { Int32(bitPattern: u32(b, at)) }

    static func append(_ v: UInt16, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: v))
        out.append(UInt8(truncatingIfNeeded: v >> 8))
    }

    static func append(_ v: UInt32, to out: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: v >> UInt32(shift))) }
    }
}
