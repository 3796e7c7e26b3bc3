import CableForm
import FuzzSupport

/// libFuzzer's entry point: any bytes as a `.cfb` session file. Returns a
/// session or throws `SessionFileError`; what it keeps is well-formed, and a
/// session read whole survives a write and a read unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBinary(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzCheck.read(data, size, { (bytes) throws(SessionFileError) in try SessionBinary.read(bytes, name: "fuzz.cfb") },
                   check: { (session) throws(SessionFileError) in
        let again = try SessionBinary.read(SessionBinary.encode(session), name: "again.cfb")
        precondition(again.time == session.time && again.cables == session.cables, "a .cfb round trip changed the samples")
    })
    return 0
}
