import CableForm
import CableFormDevice
import Foundation
import Testing

@Suite("Frame logs (.cfframes)")
struct FrameLogTests {
    static func small() -> FrameLog {
        let decoder = MonitorFrameDecoder()
        var frame = DeviceFrame(cableCount: 2)
        var log = FrameLog(layout: decoder.layoutName, ticksPerSecond: 1000, frameRate: 50, cables: [.left, .right])
        for k in 0..<20 {
            frame.ticks = UInt32(20 * k)
            frame.positions = [0.01 * Double(k), 0.02]
            frame.forces = [50, 60]
            frame.status = k % 2 == 0 ? 1 : nil
            log.records.append(FrameLog.Record(hostTime: 0.02 * Double(k) + 0.003, bytes: decoder.encode(frame)))
        }
        return log
    }

    @Test("written and read back unchanged, through a file")
    func roundTrip() throws {
        let log = Self.small()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(getpid()).cfframes").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try log.write(to: path)
        #expect(try FrameLog.read(contentsOf: path) == log)
        #expect(Array(log.encoded().prefix(8)) == Array("CFFRAMES".utf8))
    }

    @Test("cut at every byte: an error at the damage, keeping every complete record before it")
    func truncation() throws {
        let log = Self.small()
        let bytes = log.encoded()
        let headerEnd = bytes.count - log.records.reduce(0) { $0 + 10 + $1.bytes.count }
        for cut in 0..<bytes.count {
            do {
                let read = try FrameLog.decode(Array(bytes.prefix(cut)))
                // A cut exactly between records is a shorter, valid log.
                #expect(cut >= headerEnd)
                #expect(read.records == Array(log.records.prefix(read.records.count)))
            } catch {
                if cut < headerEnd {
                    #expect(error.recordsBefore == nil)
                } else {
                    let kept = try #require(error.recordsBefore)
                    #expect(kept.records == Array(log.records.prefix(kept.records.count)))
                    // The damage is at the first incomplete record.
                    let offset = headerEnd + kept.records.reduce(0) { $0 + 10 + $1.bytes.count }
                    #expect(error.byteOffset == offset, "cut \(cut)")
                }
            }
        }
    }

    @Test("a foreign file, a later version and time running backwards are errors that say where")
    func damage() throws {
        #expect(throws: FrameLogError.self) { try FrameLog.decode(Array("not a frame log at all".utf8)) }
        var bytes = Self.small().encoded()
        bytes[8] = 2
        do {
            _ = try FrameLog.decode(bytes)
            Issue.record("version 2 accepted")
        } catch {
            #expect(error.byteOffset == 8 && error.reason.contains("version"))
        }
        var log = Self.small()
        log.records[5].hostTime = 0
        do {
            _ = try FrameLog.decode(log.encoded())
            Issue.record("time running backwards accepted")
        } catch {
            #expect(error.recordsBefore?.records.count == 5)
        }
        #expect(throws: FrameLogError.self) { try FrameLog.read(contentsOf: "/nonexistent/x.cfframes") }
    }
}
