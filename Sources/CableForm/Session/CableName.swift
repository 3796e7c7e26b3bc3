/// The name of one cable of a machine: `left`, `right`, or any other lowercase
/// identifier for a single cable (`cable`, `center`).
///
/// Names start with a lowercase ASCII letter and continue with lowercase
/// letters, digits or `_`, so that `<name>_position_m` is an unambiguous CSV
/// column and a valid identifier everywhere.
public struct CableName: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The name's text.
    public let rawValue: String

    /// The left cable of a two-cable machine.
    public static let left: CableName = "left"
    /// The right cable of a two-cable machine.
    public static let right: CableName = "right"

    /// Creates a name, or nil when `rawValue` is not a lowercase identifier.
    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Creates a name from a literal.
    ///
    /// - Precondition: the literal is a lowercase identifier.
    public init(stringLiteral value: String) {
        precondition(Self.isValid(value), "CableName must be a lowercase identifier, got \"\(value)\"")
        self.rawValue = value
    }

    /// Whether `text` is a valid cable name: `[a-z][a-z0-9_]*`.
    public static func isValid<S: StringProtocol>(_ text: S) -> Bool {
        var first = true
        for u in text.utf8 {
            let letter = u >= UInt8(ascii: "a") && u <= UInt8(ascii: "z")
            let digitOrUnderscore = (u >= UInt8(ascii: "0") && u <= UInt8(ascii: "9")) || u == UInt8(ascii: "_")
            if !(letter || (!first && digitOrUnderscore)) { return false }
            first = false
        }
        return !first
    }

    public var description: String { rawValue }

    public static func < (a: CableName, b: CableName) -> Bool { a.rawValue < b.rawValue }
}
