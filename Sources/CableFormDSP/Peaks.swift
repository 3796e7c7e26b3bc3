/// An interval condition on a peak property: `min <= value <= max`, either
/// end optional. A bare number means "at least": `criteria.height = 0.5`.
public struct PeakBound: Sendable, Hashable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// The smallest allowed value, or `nil` for no lower bound.
    public var min: Double?
    /// The largest allowed value, or `nil` for no upper bound.
    public var max: Double?

    /// Creates a bound; either end may be `nil`.
    public init(min: Double? = nil, max: Double? = nil) {
        self.min = min
        self.max = max
    }

    /// A lower bound only.
    public init(floatLiteral value: Double) { self.init(min: value) }

    /// A lower bound only.
    public init(integerLiteral value: Int) { self.init(min: Double(value)) }

    func admits(_ value: Double) -> Bool {
        if let min, !(min <= value) { return false }
        if let max, !(value <= max) { return false }
        return true
    }
}

/// Which local maxima ``findPeaks(_:_:)`` keeps, with the parameter names of
/// `scipy.signal.find_peaks`. Every criterion is optional; lengths are in
/// samples, heights in the units of the signal.
public struct PeakCriteria: Sendable, Hashable {
    /// Required peak height `x[peak]`.
    public var height: PeakBound?
    /// Required vertical distance to both neighbouring samples: the smaller of
    /// the two must reach `threshold.min`, the larger stay under `threshold.max`.
    public var threshold: PeakBound?
    /// Minimum horizontal distance (samples, `>= 1`, rounded up) between kept
    /// peaks; smaller peaks near a higher one are removed first.
    public var distance: Double?
    /// Required prominence: how far the peak rises above the higher of the
    /// lowest points on each side before higher ground.
    public var prominence: PeakBound?
    /// Required width (samples) at `relHeight` of the prominence.
    public var width: PeakBound?
    /// Window (samples, `> 1`, rounded up) that limits the search for
    /// prominence bases to `peak ± wlen/2`; `nil` searches the whole signal.
    public var wlen: Double?
    /// Where widths are measured, as a fraction of prominence below the peak
    /// (`>= 0`; 0.5 is the half-prominence width, 1 the width at the base).
    public var relHeight: Double
    /// Required plateau size (samples of equal height at the top).
    public var plateauSize: PeakBound?

    /// Creates criteria; every argument defaults to "no condition".
    public init(
        height: PeakBound? = nil, threshold: PeakBound? = nil, distance: Double? = nil,
        prominence: PeakBound? = nil, width: PeakBound? = nil, wlen: Double? = nil,
        relHeight: Double = 0.5, plateauSize: PeakBound? = nil
    ) {
        self.height = height
        self.threshold = threshold
        self.distance = distance
        self.prominence = prominence
        self.width = width
        self.wlen = wlen
        self.relHeight = relHeight
        self.plateauSize = plateauSize
    }
}

/// The peaks ``findPeaks(_:_:)`` kept, with the properties it measured.
///
/// Each property array is parallel to ``indices`` and is present exactly when
/// the criterion that needs it was given, as in SciPy's `properties` dict.
public struct Peaks: Sendable, Hashable {
    /// Sample index of each peak (the middle of a plateau, rounded down).
    public var indices: [Int] = []
    /// Plateau length in samples (with ``PeakCriteria/plateauSize``).
    public var plateauSizes: [Int]?
    /// First sample of each plateau (with ``PeakCriteria/plateauSize``).
    public var leftEdges: [Int]?
    /// Last sample of each plateau (with ``PeakCriteria/plateauSize``).
    public var rightEdges: [Int]?
    /// `x[peak]` (with ``PeakCriteria/height``).
    public var peakHeights: [Double]?
    /// `x[peak] − x[peak − 1]` (with ``PeakCriteria/threshold``).
    public var leftThresholds: [Double]?
    /// `x[peak] − x[peak + 1]` (with ``PeakCriteria/threshold``).
    public var rightThresholds: [Double]?
    /// Prominence (with ``PeakCriteria/prominence`` or ``PeakCriteria/width``).
    public var prominences: [Double]?
    /// Index of the left base of the prominence.
    public var leftBases: [Int]?
    /// Index of the right base of the prominence.
    public var rightBases: [Int]?
    /// Width in samples at ``PeakCriteria/relHeight`` (with ``PeakCriteria/width``).
    public var widths: [Double]?
    /// The height at which each width was measured.
    public var widthHeights: [Double]?
    /// Interpolated (fractional) sample position where the width starts.
    public var leftIPs: [Double]?
    /// Interpolated (fractional) sample position where the width ends.
    public var rightIPs: [Double]?

    /// The number of peaks.
    public var count: Int { indices.count }

    /// Keeps the peaks where `keep` is true, in every array.
    mutating func filter(_ keep: [Bool]) {
        var kept: [Int] = []
        kept.reserveCapacity(keep.count)
        for i in keep.indices where keep[i] { kept.append(i) }
        if kept.count == keep.count { return }
        func f<T>(_ a: [T]?) -> [T]? {
            guard let a else { return nil }
            return [T](unsafeUninitializedCapacity: kept.count) { out, count in
                for (k, i) in kept.enumerated() { out.initializeElement(at: k, to: a[i]) }
                count = kept.count
            }
        }
        indices = f(indices)!
        plateauSizes = f(plateauSizes)
        leftEdges = f(leftEdges)
        rightEdges = f(rightEdges)
        peakHeights = f(peakHeights)
        leftThresholds = f(leftThresholds)
        rightThresholds = f(rightThresholds)
        prominences = f(prominences)
        leftBases = f(leftBases)
        rightBases = f(rightBases)
        widths = f(widths)
        widthHeights = f(widthHeights)
        leftIPs = f(leftIPs)
        rightIPs = f(rightIPs)
    }
}
