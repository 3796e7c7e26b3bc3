/// CableForm's documented generic frame layout, little-endian:
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 4 | `u32` device ticks |
/// | 4 | 2 | `u16` sequence number |
/// | 6 + 8·c | 4 | cable `c`: `i32` encoder counts |
/// | 10 + 8·c | 4 | cable `c`: `i32` raw force counts |
/// | 6 + 8·n | 2 | `u16` status bits |
///
/// for `n` cables: `8 + 8·n` bytes exactly (24 for two cables). Each cable has
/// its ``CableCalibration``. A value outside ``plausiblePosition`` (m) or
/// ``plausibleForce`` (N) after calibration refuses the frame.
public struct GenericFrameDecoder: FrameDecoder {
    /// One calibration per cable, in frame order.
    public var calibrations: [CableCalibration]
    /// Positions a cable can have (m). Default −0.5…10 m.
    public var plausiblePosition: ClosedRange<Double> = -0.5...10
    /// Forces a cable can carry (N). Default −200…10 000 N.
    public var plausibleForce: ClosedRange<Double> = -200...10_000

    /// A decoder for `calibrations.count` cables.
    ///
    /// - Precondition: at least one cable.
    public init(calibrations: [CableCalibration]) {
        precondition(!calibrations.isEmpty, "GenericFrameDecoder needs at least one cable")
        self.calibrations = calibrations
        // The refusals' field names, made once: refusing a frame allocates nothing.
        positionFields = calibrations.indices.map { "cable \($0) position (m)" }
        forceFields = calibrations.indices.map { "cable \($0) force (N)" }
    }

    private let positionFields: [String]
    private let forceFields: [String]

    public var cableCount: Int { calibrations.count }
    public var layoutName: String { "cableform-generic-\(cableCount)" }
    /// The frame length (bytes): `8 + 8·cableCount`.
    public var frameLength: Int { 8 + 8 * cableCount }

    public func decode(_ bytes: UnsafeRawBufferPointer, into frame: inout DeviceFrame) throws(FrameError) {
        guard bytes.count == frameLength else { throw .wrongLength(expected: frameLength, actual: bytes.count) }
        frame.ticks = LittleEndian.u32(bytes, 0)
        frame.sequence = LittleEndian.u16(bytes, 4)
        for c in 0..<cableCount {
            let p = calibrations[c].position(counts: LittleEndian.i32(bytes, 6 + 8 * c))
            let f = calibrations[c].force(counts: LittleEndian.i32(bytes, 10 + 8 * c))
            guard plausiblePosition.contains(p) else { throw .impossibleValue(field: positionFields[c], value: p) }
            guard plausibleForce.contains(f) else { throw .impossibleValue(field: forceFields[c], value: f) }
            frame.positions[c] = p
            frame.forces[c] = f
        }
        frame.status = LittleEndian.u16(bytes, 6 + 8 * cableCount)
    }

    public func encode(_ frame: DeviceFrame) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(frameLength)
        LittleEndian.append(frame.ticks, to: &out)
        LittleEndian.append(frame.sequence ?? 0, to: &out)
        for c in 0..<cableCount {
            LittleEndian.append(UInt32(bitPattern: calibrations[c].counts(position: frame.positions[c])), to: &out)
            LittleEndian.append(UInt32(bitPattern: calibrations[c].counts(force: frame.forces[c])), to: &out)
        }
        LittleEndian.append(frame.status ?? 0, to: &out)
        return out
    }
}
