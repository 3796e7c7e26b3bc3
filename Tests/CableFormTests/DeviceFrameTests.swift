import CableForm
import CableFormDevice
import Testing

@Suite("Device frames: layouts and calibration")
struct DeviceFrameTests {
    /// A monitor frame written byte by byte from the layout table.
    static let monitorBytes: [UInt8] = [
        0x04, 0x03, 0x02, 0x01,  // ticks 0x01020304
        0xD2, 0x04, 0x10, 0x00, 0xE8, 0x03,  // A: 1234 × 0.1 mm, velocity 16, 1000 × 0.01 kg
        0xCE, 0xFF, 0xF0, 0xFF, 0xFA, 0x00,  // B: −50 × 0.1 mm, velocity −16, 250 × 0.01 kg
        0x07, 0x00,  // status 7
        0xAA, 0xBB,  // trailing bytes: ignored
    ]

    @Test("the monitor frame: 0.1 mm positions, 0.01 kg loads times standard gravity, optional status")
    func monitor() throws {
        let decoder = MonitorFrameDecoder()
        var frame = DeviceFrame(cableCount: 2)
        try decoder.decode(Self.monitorBytes, into: &frame)
        #expect(frame.ticks == 0x0102_0304)
        #expect(frame.sequence == nil)
        #expect(abs(frame.positions[0] - 0.1234) < 1e-12 && abs(frame.positions[1] + 0.005) < 1e-12)
        #expect(frame.forces == [10 * 9.80665, 2.5 * 9.80665])
        #expect(frame.status == 7)
        try decoder.decode(Array(Self.monitorBytes.prefix(16)), into: &frame)
        #expect(frame.status == nil && abs(frame.positions[0] - 0.1234) < 1e-12)
        try decoder.decode(Array(Self.monitorBytes.prefix(17)), into: &frame)
        #expect(frame.status == nil)
        #expect(throws: FrameError.tooShort(minimum: 16, actual: 15)) {
            try decoder.decode(Array(Self.monitorBytes.prefix(15)), into: &frame)
        }
        var deep = Self.monitorBytes
        deep[4] = 0x90; deep[5] = 0xE8  // −6000 × 0.1 mm = −0.6 m
        do {
            try decoder.decode(deep, into: &frame)
            Issue.record("a position of −0.6 m was accepted")
        } catch {
            #expect(error.kind == "impossible_value" && error.description.contains("cable 0 position"))
        }
        // Encoding is the inverse at the layout's resolution.
        try decoder.decode(Self.monitorBytes, into: &frame)
        let again = decoder.encode(frame)
        #expect(Array(again[0..<4]) == Array(Self.monitorBytes[0..<4]))
        #expect(Array(again[8..<10]) == Array(Self.monitorBytes[8..<10]) && Array(again[14..<18]) == Array(Self.monitorBytes[14..<18]))
    }

    @Test("the generic layout: exact length, sequence and status, calibrated counts, implausible values refused")
    func generic() throws {
        let cal = CableCalibration(countsPerMetre: 20_000, forceScale: 0.05, forceTare: 100)
        let decoder = GenericFrameDecoder(calibrations: [cal, cal])
        #expect(decoder.frameLength == 24)
        var frame = DeviceFrame(cableCount: 2)
        frame.ticks = 123_456
        frame.sequence = 65_535
        frame.positions = [0.25, 1.5]
        frame.forces = [49.95, 100]
        frame.status = 0x8001
        let bytes = decoder.encode(frame)
        #expect(bytes.count == 24)
        // Cable 0's encoder counts: 0.25 m × 20 000 = 5000 = 0x1388, little-endian at offset 6.
        #expect(Array(bytes[6..<10]) == [0x88, 0x13, 0, 0])
        // Its force counts: 49.95 / 0.05 + 100 = 1099 = 0x044B at offset 10.
        #expect(Array(bytes[10..<14]) == [0x4B, 0x04, 0, 0])
        var back = DeviceFrame(cableCount: 2)
        try decoder.decode(bytes, into: &back)
        #expect(back.ticks == 123_456 && back.sequence == 65_535 && back.status == 0x8001)
        #expect(zip(back.positions, frame.positions).allSatisfy { abs($0 - $1) <= 0.5 / 20_000 })
        #expect(zip(back.forces, frame.forces).allSatisfy { abs($0 - $1) <= 0.5 * 0.05 + 1e-12 })
        for length in [0, 23, 25] {
            #expect(throws: FrameError.wrongLength(expected: 24, actual: length)) {
                try decoder.decode(Array(repeating: 0, count: length), into: &back)
            }
        }
        frame.forces[1] = 20_000
        #expect(throws: FrameError.impossibleValue(field: "cable 1 force (N)", value: 20_000)) {
            try decoder.decode(decoder.encode(frame), into: &back)
        }
        frame.forces[1] = 100
        frame.positions[0] = -2
        #expect(throws: FrameError.self) { try decoder.decode(decoder.encode(frame), into: &back) }
    }

    @Test("calibration: spool geometry and the two-point helper")
    func calibration() throws {
        let spool = CableCalibration(countsPerRevolution: 4096, spoolDiameter: 0.05, forceScale: 1)
        #expect(abs(spool.countsPerMetre - 4096 / (Double.pi * 0.05)) < 1e-9)
        #expect(abs(spool.position(counts: 4096) - Double.pi * 0.05) < 1e-12)  // one turn pays out π·d
        // Nothing hung reads 1200 counts; 10 kg reads 11 006.65: 0.01 N per count, tare 1200.
        let cal = try #require(CableCalibration.twoPoint(raw0: 1200, force0: 0, raw1: 11_006.65,
                                                         force1: 10 * 9.80665, countsPerMetre: 1000))
        #expect(abs(cal.forceScale - 0.01) < 1e-12 && abs(cal.forceTare - 1200) < 1e-9)
        #expect(abs(cal.force(counts: 1200)) < 1e-9)
        #expect(CableCalibration.twoPoint(raw0: 5, force0: 0, raw1: 5, force1: 10, countsPerMetre: 1) == nil)
        #expect(CableCalibration.twoPoint(raw0: .nan, force0: 0, raw1: 5, force1: 10, countsPerMetre: 1) == nil)
    }

    @Test("refusals say why, and are counted by kind")
    func descriptions() {
        #expect(FrameError.tooShort(minimum: 16, actual: 3).description == "frame of 3 bytes, shorter than the layout's 16")
        #expect(FrameError.wrongLength(expected: 24, actual: 20).kind == "wrong_length")
        #expect(FrameError.impossibleValue(field: "x", value: 1).kind == "impossible_value")
    }
}
