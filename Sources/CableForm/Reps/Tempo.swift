/// The durations of a rep's four phases, in the order coaches write them:
/// eccentric – bottom pause – concentric – top pause, in seconds.
///
/// Concentric means the cable is being pulled out (position increasing),
/// eccentric that it is going back in. A pause between two reps belongs to the
/// rep before it, so the last rep of a set has one pause unknown (`nil`),
/// written `?`.
public struct Tempo: Sendable, Hashable, CustomStringConvertible {
    /// Eccentric phase duration (s).
    public var eccentric: Double
    /// Pause at the bottom (retracted end), in seconds; nil when unknown.
    public var bottomPause: Double?
    /// Concentric phase duration (s).
    public var concentric: Double
    /// Pause at the top (extended end), in seconds; nil when unknown.
    public var topPause: Double?

    /// Creates a tempo from phase durations in seconds.
    public init(eccentric: Double, bottomPause: Double?, concentric: Double, topPause: Double?) {
        self.eccentric = eccentric
        self.bottomPause = bottomPause
        self.concentric = concentric
        self.topPause = topPause
    }

    /// Each phase rounded to the nearest whole second, `"3-1-2-0"`; an unknown
    /// pause is `?`.
    public var description: String {
        func s(_ x: Double?) -> String { x.map { String(Int(max($0, 0).rounded())) } ?? "?" }
        return "\(s(eccentric))-\(s(bottomPause))-\(s(concentric))-\(s(topPause))"
    }

    /// The total of the known durations (s).
    public var total: Double { eccentric + (bottomPause ?? 0) + concentric + (topPause ?? 0) }
}
