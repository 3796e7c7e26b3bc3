import CableForm
import CableFormDevice

/// The invariants every fuzz target checks on what a reader or decoder
/// returns: a violation stops the fuzzer like a crash, with the input saved.
public enum FuzzCheck {
    /// Every sample finite and every time after the one before.
    public static func wellFormed(_ session: Session) {
        var previous = -Double.infinity
        for t in session.time {
            precondition(t.isFinite && t > previous, "a reader returned a non-finite or non-increasing time")
            previous = t
        }
        for c in session.cables {
            precondition(c.position.count == session.sampleCount && c.force.count == session.sampleCount,
                         "a reader returned channels of different lengths")
            precondition(c.position.allSatisfy(\.isFinite) && c.force.allSatisfy(\.isFinite),
                         "a reader returned a non-finite sample")
        }
    }

    /// Every position and force of a decoded frame finite.
    public static func finite(_ frame: DeviceFrame) {
        precondition(frame.positions.allSatisfy(\.isFinite) && frame.forces.allSatisfy(\.isFinite),
                     "a decoder returned a non-finite sample")
    }

    /// One reader run on `size` bytes at `data`: a session must be
    /// well-formed and pass `check`; an error's kept samples well-formed.
    public static func read(_ data: UnsafePointer<UInt8>, _ size: Int,
                            _ reader: ([UInt8]) throws(SessionFileError) -> Session,
                            check: (Session) throws(SessionFileError) -> Void = { _ in }) {
        let bytes = Array(UnsafeBufferPointer(start: data, count: size))
        do {
            let session = try reader(bytes)
            wellFormed(session)
            try check(session)
        } catch {
            if let kept = error.recordsBefore { wellFormed(kept) }
        }
    }

    /// One frame decoded from `size` bytes at `data` into a two-cable frame:
    /// finite, or refused with a `FrameError`.
    public static func decode(_ data: UnsafePointer<UInt8>, _ size: Int, with decoder: some FrameDecoder) {
        var frame = DeviceFrame(cableCount: 2)
        do {
            try decoder.decode(UnsafeRawBufferPointer(start: data, count: size), into: &frame)
            finite(frame)
        } catch {
            _ = error.kind
        }
    }
}
