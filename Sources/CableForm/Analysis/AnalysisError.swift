/// Why the rep analyzer refused its input or its configuration.
///
/// Sample indices count every sample pushed into the analyzer since it was
/// created (for ``analyze(_:configuration:source:concurrency:)``: the session's sample index).
/// A refused sample leaves the analyzer as it was, so a live caller may skip
/// it and go on.
public enum AnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A configuration field is out of its domain.
    case invalidConfiguration(name: String, reason: String)
    /// The sample rate is not finite and positive (Hz).
    case invalidSampleRate(Double)
    /// The analyzer needs at least one cable.
    case noCables
    /// A pushed block's cables differ from the analyzer's, in name or order.
    case cableMismatch(expected: [CableName], actual: [CableName])
    /// A time stamp, position or force is NaN or infinite.
    case nonFiniteSample(index: Int, channel: String)
    /// A position (m) or force (N) is finite but beyond what a cable machine
    /// can measure: its magnitude exceeds `limit`
    /// (``AnalysisConfiguration/maximumPosition`` or
    /// ``AnalysisConfiguration/maximumForce``).
    case implausibleSample(index: Int, channel: String, value: Double, limit: Double)
    /// A time stamp is not later than the one before it.
    case nonIncreasingTime(index: Int, time: Double, previous: Double)
    /// Samples were pushed after ``StreamingAnalyzer/finish()``.
    case finished

    public var description: String {
        switch self {
        case let .invalidConfiguration(name, reason): return "invalid configuration: \(name) \(reason)"
        case let .invalidSampleRate(rate): return "invalid sample rate \(rate) Hz: must be finite and > 0"
        case .noCables: return "the analyzer needs at least one cable"
        case let .cableMismatch(expected, actual):
            return "cables \(actual.map(\.rawValue)) do not match the analyzer's \(expected.map(\.rawValue))"
        case let .nonFiniteSample(index, channel): return "sample \(index): \(channel) is not finite"
        case let .implausibleSample(index, channel, value, limit):
            let unit = channel.hasSuffix("_force") ? "N" : "m"
            return "sample \(index): \(channel) \(value) \(unit) is implausible (beyond ±\(limit) \(unit))"
        case let .nonIncreasingTime(index, time, previous):
            return "sample \(index): time \(time) s is not after the previous \(previous) s"
        case .finished: return "samples pushed after finish()"
        }
    }
}

extension AnalysisError {
    /// Throws ``invalidConfiguration(name:reason:)`` for `name` unless `ok`:
    /// "must be `rule`, got `value`".
    static func require(_ ok: Bool, _ name: String, _ value: Double, _ rule: String) throws(AnalysisError) {
        if !ok { throw .invalidConfiguration(name: name, reason: "must be \(rule), got \(value)") }
    }
}
