import CableForm
import FuzzSupport

/// libFuzzer's entry point: any bytes as a CSV session file. The reader must
/// either return a session or throw `SessionFileError`; what it keeps before
/// the damage must be well-formed (finite values, increasing times).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzCheck.read(data, size) { (bytes) throws(SessionFileError) in try SessionCSV.read(bytes, name: "fuzz.csv") }
    return 0
}
