/// How one cable's raw counts become metres and newtons.
///
/// Position: `counts / countsPerMetre` (m). Force: `(counts − forceTare) ·
/// forceScale` (N). A spool of diameter `d` (m) read by an encoder of `n`
/// counts per revolution pays out `π·d` metres per revolution, so
/// `countsPerMetre = n / (π·d)`.
public struct CableCalibration: Sendable, Hashable, Codable {
    /// Encoder counts per metre of cable (counts/m); the sign sets the
    /// direction (positive: counts increase as the cable is pulled out).
    public var countsPerMetre: Double
    /// Newtons per raw force count (N/count).
    public var forceScale: Double
    /// The raw force reading with no load (counts).
    public var forceTare: Double

    /// Creates a calibration.
    ///
    /// - Precondition: `countsPerMetre` and `forceScale` are finite and non-zero, `forceTare` finite.
    public init(countsPerMetre: Double, forceScale: Double, forceTare: Double = 0) {
        precondition(countsPerMetre.isFinite && countsPerMetre != 0, "CableCalibration: countsPerMetre must be finite and non-zero")
        precondition(forceScale.isFinite && forceScale != 0, "CableCalibration: forceScale must be finite and non-zero")
        precondition(forceTare.isFinite, "CableCalibration: forceTare must be finite")
        self.countsPerMetre = countsPerMetre
        self.forceScale = forceScale
        self.forceTare = forceTare
    }

    /// A calibration from the spool geometry: an encoder of
    /// `countsPerRevolution` on a spool of `spoolDiameter` (m).
    public init(countsPerRevolution: Double, spoolDiameter: Double, forceScale: Double, forceTare: Double = 0) {
        precondition(spoolDiameter > 0 && spoolDiameter.isFinite, "CableCalibration: spoolDiameter must be > 0 m")
        self.init(countsPerMetre: countsPerRevolution / (Double.pi * spoolDiameter), forceScale: forceScale,
                  forceTare: forceTare)
    }

    /// The force scale and tare from two known loads: raw reading `raw0`
    /// under `force0` (N) and `raw1` under `force1` (N) — typically nothing
    /// hung, then a reference mass (`m · 9.80665` N).
    ///
    /// - Returns: nil when the two readings are equal or a value is not finite.
    public static func twoPoint(raw0: Double, force0: Double, raw1: Double, force1: Double,
                                countsPerMetre: Double) -> CableCalibration? {
        guard [raw0, force0, raw1, force1, countsPerMetre].allSatisfy(\.isFinite), raw1 != raw0,
              force1 != force0, countsPerMetre != 0
        else { return nil }
        let scale = (force1 - force0) / (raw1 - raw0)
        // force0 = (raw0 − tare)·scale  ⇒  tare = raw0 − force0/scale.
        return CableCalibration(countsPerMetre: countsPerMetre, forceScale: scale, forceTare: raw0 - force0 / scale)
    }

    /// Position (m) of a raw encoder reading.
    @inlinable public func position(counts: Int32) -> Double { Double(counts) / countsPerMetre }
    /// Force (N) of a raw force reading.
    @inlinable public func force(counts: Int32) -> Double { (Double(counts) - forceTare) * forceScale }
    /// The raw encoder reading nearest `position` (m), clamped to the 32-bit range.
    public func counts(position: Double) -> Int32 { Self.clamped(position * countsPerMetre) }
    /// The raw force reading nearest `force` (N), clamped to the 32-bit range.
    public func counts(force: Double) -> Int32 { Self.clamped(force / forceScale + forceTare) }

    static func clamped(_ x: Double) -> Int32 {
        guard x.isFinite else { return 0 }
        return Int32(min(max(x.rounded(), Double(Int32.min)), Double(Int32.max)))
    }
}
