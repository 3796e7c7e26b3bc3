import CableFormDevice
import FuzzSupport

/// libFuzzer's entry point: any bytes as one frame of the monitor layout
/// (two cables). Decoded into finite samples or refused with a `FrameError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMonitorFrame(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzCheck.decode(data, size, with: MonitorFrameDecoder())
    return 0
}
