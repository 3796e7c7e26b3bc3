import CableFormDevice
import FuzzSupport

/// libFuzzer's entry point: any bytes as one frame of the generic layout, for
/// two cables (the fixtures' calibration). Decoded into finite samples or
/// refused with a `FrameError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGenericFrame(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzCheck.decode(data, size, with: FrameFixtureCatalog.genericDecoder)
    return 0
}
