/// The monitor frame of a well-known two-cable machine, as its user community
/// decoded it (little-endian):
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 4 | `u32` device ticks |
/// | 4 | 2 | cable A: `i16` position, 0.1 mm |
/// | 6 | 2 | cable A: `i16` velocity (not used, see below) |
/// | 8 | 2 | cable A: `u16` load, 0.01 kg |
/// | 10 | 2 | cable B: `i16` position, 0.1 mm |
/// | 12 | 2 | cable B: `i16` velocity |
/// | 14 | 2 | cable B: `u16` load, 0.01 kg |
/// | 16 | 2 | optional `u16` status |
///
/// At least 16 bytes; bytes after the status are ignored. Cable A is the left
/// cable. The load is the mass the motor emulates, so the force is
/// `load · g` with standard gravity g = 9.80665 m/s². The velocity field's unit
/// is not reliably known, so CableForm differentiates the positions instead.
/// The frame has no sequence number: gaps are found from the ticks.
public struct MonitorFrameDecoder: FrameDecoder {
    /// Standard gravity (m/s²), converting kg of load to newtons.
    public static let gravity = 9.80665
    /// Metres per position count: 0.1 mm.
    public static let metresPerCount = 1e-4
    /// Kilograms per load count: 0.01 kg.
    public static let kilogramsPerCount = 0.01
    /// Positions a cable can have (m): a negative reading beyond −0.5 m is
    /// impossible. Default −0.5…3.3 m (the `i16` range ends at 3.2767 m).
    public var plausiblePosition: ClosedRange<Double> = -0.5...3.3

    /// Creates the decoder.
    public init() {}

    public var cableCount: Int { 2 }
    public var layoutName: String { "monitor" }
    // The refusals' field names, made once: refusing a frame allocates nothing.
    private static let positionFields = ["cable 0 position (m)", "cable 1 position (m)"]

    /// The shortest frame (bytes).
    public static let minimumLength = 16

    public func decode(_ bytes: UnsafeRawBufferPointer, into frame: inout DeviceFrame) throws(FrameError) {
        guard bytes.count >= Self.minimumLength else { throw .tooShort(minimum: Self.minimumLength, actual: bytes.count) }
        frame.ticks = LittleEndian.u32(bytes, 0)
        frame.sequence = nil
        for c in 0..<2 {
            let p = Double(LittleEndian.i16(bytes, 4 + 6 * c)) * Self.metresPerCount
            guard plausiblePosition.contains(p) else { throw .impossibleValue(field: Self.positionFields[c], value: p) }
            frame.positions[c] = p
            frame.forces[c] = Double(LittleEndian.u16(bytes, 8 + 6 * c)) * Self.kilogramsPerCount * Self.gravity
        }
        frame.status = bytes.count >= 18 ? LittleEndian.u16(bytes, 16) : nil
    }

    public func encode(_ frame: DeviceFrame) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(18)
        LittleEndian.append(frame.ticks, to: &out)
        for c in 0..<2 {
            let p = (frame.positions[c] / Self.metresPerCount).rounded()
            LittleEndian.append(UInt16(bitPattern: Int16(min(max(p, -32768), 32767))), to: &out)
            LittleEndian.append(UInt16(0), to: &out)
            let load = (frame.forces[c] / Self.gravity / Self.kilogramsPerCount).rounded()
            LittleEndian.append(UInt16(min(max(load, 0), 65535)), to: &out)
        }
        if let status = frame.status { LittleEndian.append(status, to: &out) }
        return out
    }
}
