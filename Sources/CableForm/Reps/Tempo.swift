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

extension Tempo {
    /// Reads a tempo as coaches write it: four durations in seconds separated
    /// by `-`, eccentric first, `"3-1-2-0"` or `"2.5-0-1.5-0"`. A pause may be
    /// `?` (unknown, or no target). Nil when the text is not of that form, a
    /// duration is negative or not finite, or a movement phase is `?`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.filter { !$0.isWhitespace } }
        guard parts.count == 4 else { return nil }
        func value(_ s: String) -> Double?? {
            if s == "?" { return .some(nil) }
            guard let x = Double(s), x.isFinite, x >= 0 else { return nil }
            return .some(x)
        }
        guard let e = value(parts[0]), let e, let b = value(parts[1]), let c = value(parts[2]), let c,
              let t = value(parts[3])
        else { return nil }
        self.init(eccentric: e, bottomPause: b, concentric: c, topPause: t)
    }

    /// The exact durations as text, `"3-1-2-0"` or `"2.5-0-1.5-?"`: what
    /// ``init(_:)`` reads back (``description`` rounds to whole seconds).
    public var target: String {
        func s(_ x: Double?) -> String {
            guard let x else { return "?" }
            return x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
        }
        return "\(s(eccentric))-\(s(bottomPause))-\(s(concentric))-\(s(topPause))"
    }
}
