import CableForm
import Foundation

/// A captured stream of raw machine frames, each with the host time it
/// arrived at: what ``FrameReplaySource`` replays and what the simulator's
/// frame link writes.
///
/// The file (`.cfframes`, docs/device.md) is little-endian: the 8 bytes
/// `CFFRAMES`, a `u16` version (1), a `u32` header length and that many bytes
/// of JSON (`layout`, `ticks_per_second`, `frame_rate_hz`, `cables`), then
/// one record per frame: `f64` host time (s), `u16` frame length, the frame's
/// bytes.
public struct FrameLog: Sendable, Hashable {
    /// One received frame.
    public struct Record: Sendable, Hashable {
        /// When the host received it (s).
        public var hostTime: Double
        /// The frame's bytes, as received.
        public var bytes: [UInt8]

        /// Creates a record.
        public init(hostTime: Double, bytes: [UInt8]) {
            self.hostTime = hostTime
            self.bytes = bytes
        }
    }

    /// The frame layout's name (``FrameDecoder/layoutName``).
    public var layout: String
    /// The device tick frequency (Hz).
    public var ticksPerSecond: Double
    /// The device's nominal frame rate (Hz).
    public var frameRate: Double
    /// The cables, in frame order.
    public var cables: [CableName]
    /// The frames, in the order they arrived.
    public var records: [Record]

    /// Creates a log.
    public init(layout: String, ticksPerSecond: Double, frameRate: Double, cables: [CableName], records: [Record] = []) {
        self.layout = layout
        self.ticksPerSecond = ticksPerSecond
        self.frameRate = frameRate
        self.cables = cables
        self.records = records
    }

    /// The adapter configuration this log's device needs.
    public var adapterConfiguration: DeviceAdapterConfiguration {
        DeviceAdapterConfiguration(frameRate: frameRate, ticksPerSecond: ticksPerSecond)
    }

    static let magic = Array("CFFRAMES".utf8)

    struct Header: Codable {
        var layout: String
        var ticks_per_second: Double
        var frame_rate_hz: Double
        var cables: [String]
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var out = Self.magic
        LittleEndian.append(UInt16(1), to: &out)
        let header = try! JSONEncoder().encode(Header(layout: layout, ticks_per_second: ticksPerSecond,
                                                      frame_rate_hz: frameRate, cables: cables.map(\.rawValue)))
        LittleEndian.append(UInt32(header.count), to: &out)
        out += header
        for r in records {
            LittleEndian.append(r.hostTime.bitPattern, to: &out)
            LittleEndian.append(UInt16(min(r.bytes.count, Int(UInt16.max))), to: &out)
            out += r.bytes.prefix(Int(UInt16.max))
        }
        return out
    }

    /// Writes the log to `path`.
    public func write(to path: String) throws {
        try Data(encoded()).write(to: URL(fileURLWithPath: path))
    }

    /// Reads a log from `path`.
    ///
    /// - Throws: ``FrameLogError`` with the byte offset of the damage and the
    ///   records before it.
    public static func read(contentsOf path: String) throws(FrameLogError) -> FrameLog {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw FrameLogError(path: path, byteOffset: 0, reason: "cannot read: \(error.localizedDescription)",
                                recordsBefore: nil)
        }
        return try decode([UInt8](data), path: path)
    }

    /// Reads a log from its bytes; `path` names it in errors.
    public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws(FrameLogError) -> FrameLog {
        func fail(_ at: Int, _ reason: String, _ log: FrameLog?) -> FrameLogError {
            FrameLogError(path: path, byteOffset: at, reason: reason, recordsBefore: log)
        }
        guard bytes.count >= 14, Array(bytes[0..<8]) == magic else { throw fail(0, "not a frame log (no CFFRAMES signature)", nil) }
        let result: Result<FrameLog, FrameLogError> = bytes.withUnsafeBytes { b in
            do throws(FrameLogError) { return .success(try parse(b)) } catch { return .failure(error) }
        }
        return try result.get()

        func parse(_ b: UnsafeRawBufferPointer) throws(FrameLogError) -> FrameLog {
            let version = LittleEndian.u16(b, 8)
            guard version == 1 else { throw fail(8, "unsupported version \(version)", nil) }
            let length = Int(LittleEndian.u32(b, 10))
            guard 14 + length <= bytes.count else { throw fail(10, "header of \(length) bytes runs past the end", nil) }
            guard let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[14..<(14 + length)])),
                  header.ticks_per_second.isFinite, header.ticks_per_second > 0,
                  header.frame_rate_hz.isFinite, header.frame_rate_hz > 0,
                  let cables = Optional(header.cables.compactMap(CableName.init(rawValue:))),
                  cables.count == header.cables.count, !cables.isEmpty
            else { throw fail(14, "bad header", nil) }
            var log = FrameLog(layout: header.layout, ticksPerSecond: header.ticks_per_second,
                               frameRate: header.frame_rate_hz, cables: cables)
            var at = 14 + length
            while at < bytes.count {
                guard at + 10 <= bytes.count else { throw fail(at, "truncated record header", log) }
                let lo = UInt64(LittleEndian.u32(b, at)), hi = UInt64(LittleEndian.u32(b, at + 4))
                let time = Double(bitPattern: lo | hi << 32)
                let n = Int(LittleEndian.u16(b, at + 8))
                guard time.isFinite else { throw fail(at, "host time is not finite", log) }
                if let last = log.records.last, time < last.hostTime {
                    throw fail(at, "host time \(time) s before the previous record's \(last.hostTime) s", log)
                }
                guard at + 10 + n <= bytes.count else { throw fail(at, "truncated record: \(n) bytes announced", log) }
                log.records.append(Record(hostTime: time, bytes: Array(bytes[(at + 10)..<(at + 10 + n)])))
                at += 10 + n
            }
            return log
        }
    }
}

/// A damaged frame log: where, why, and every complete record before it.
public struct FrameLogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// Byte offset of the damage.
    public var byteOffset: Int
    /// What is wrong.
    public var reason: String
    /// The log up to the last complete record before the damage (nil when
    /// the damage is in the header).
    public var recordsBefore: FrameLog?

    public var description: String { "\(path): byte \(byteOffset): \(reason)" }
}

extension LittleEndian {
    static func append(_ v: UInt64, to out: inout [UInt8]) {
        append(UInt32(truncatingIfNeeded: v), to: &out)
        append(UInt32(truncatingIfNeeded: v >> 32), to: &out)
    }
}
