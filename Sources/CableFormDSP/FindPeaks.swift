/// Finds the local maxima of `x` that meet `criteria`: `scipy.signal.find_peaks`.
///
/// A peak is a sample (or a flat plateau) higher than both neighbours; the
/// first and last samples are never peaks. Conditions apply in SciPy's order:
/// plateau size, height, threshold, distance, prominence, width. Each
/// measurement is the one SciPy defines, so results match it index for index.
///
/// One documented difference: with ``PeakCriteria/distance``, peaks of exactly
/// equal height are ranked by a stable sort (the later of two equal peaks wins),
/// whereas NumPy's `argsort` leaves the order of ties unspecified for arrays of
/// 16 or more peaks. Results agree whenever no two competing peaks are equal.
///
/// - Complexity: O(n) to find candidates; prominence and width are O(n) per
///   peak in the worst case (bounded by ``PeakCriteria/wlen``).
/// - Throws: ``DSPError/nonFiniteSample(index:)`` for NaN or infinity in `x`;
///   ``DSPError/invalidArgument(name:reason:)`` for `distance < 1`,
///   `wlen <= 1` or `relHeight < 0`.
public func findPeaks(_ x: [Double], _ criteria: PeakCriteria = PeakCriteria()) throws(DSPError) -> Peaks {
    try requireFinite(x)
    if let d = criteria.distance, !(d >= 1) {
        throw .invalidArgument(name: "distance", reason: "must be >= 1 sample, got \(d)")
    }
    if let w = criteria.wlen, !(w > 1) {
        throw .invalidArgument(name: "wlen", reason: "must be > 1 sample, got \(w)")
    }
    guard criteria.relHeight >= 0 else {
        throw .invalidArgument(name: "relHeight", reason: "must be >= 0, got \(criteria.relHeight)")
    }

    var result = Peaks()
    var left: [Int] = [], right: [Int] = []
    localMaxima(x, peaks: &result.indices, leftEdges: &left, rightEdges: &right)

    if let bound = criteria.plateauSize {
        let sizes = zip(left, right).map { $1 - $0 + 1 }
        result.plateauSizes = sizes
        result.leftEdges = left
        result.rightEdges = right
        result.filter(sizes.map { bound.admits(Double($0)) })
    }
    if let bound = criteria.height {
        let heights = result.indices.map { x[$0] }
        result.peakHeights = heights
        result.filter(heights.map(bound.admits))
    }
    if let bound = criteria.threshold {
        let l = result.indices.map { x[$0] - x[$0 - 1] }
        let r = result.indices.map { x[$0] - x[$0 + 1] }
        result.leftThresholds = l
        result.rightThresholds = r
        result.filter(zip(l, r).map { a, b in
            (bound.min.map { $0 <= Swift.min(a, b) } ?? true) && (bound.max.map { Swift.max(a, b) <= $0 } ?? true)
        })
    }
    if let distance = criteria.distance {
        result.filter(selectByDistance(result.indices, x, distance: Int(distance.rounded(.up))))
    }
    if criteria.prominence != nil || criteria.width != nil {
        let window = criteria.wlen.map { Int($0.rounded(.up)) } ?? -1
        var prominences: [Double] = [], leftBases: [Int] = [], rightBases: [Int] = []
        for peak in result.indices {
            let m = prominence(x, peak: peak, wlen: window)
            prominences.append(m.prominence)
            leftBases.append(m.leftBase)
            rightBases.append(m.rightBase)
        }
        result.prominences = prominences
        result.leftBases = leftBases
        result.rightBases = rightBases
    }
    if let bound = criteria.prominence {
        result.filter(result.prominences!.map(bound.admits))
    }
    if let bound = criteria.width {
        var widths: [Double] = [], heights: [Double] = [], lips: [Double] = [], rips: [Double] = []
        for k in result.indices.indices {
            let w = width(
                x, peak: result.indices[k], relHeight: criteria.relHeight,
                prominence: result.prominences![k], leftBase: result.leftBases![k],
                rightBase: result.rightBases![k])
            widths.append(w.rightIP - w.leftIP)
            heights.append(w.height)
            lips.append(w.leftIP)
            rips.append(w.rightIP)
        }
        result.widths = widths
        result.widthHeights = heights
        result.leftIPs = lips
        result.rightIPs = rips
        result.filter(widths.map(bound.admits))
    }
    return result
}

/// Every strict local maximum, a flat top counting once at its middle
/// (rounded down), with the plateau's first and last samples.
func localMaxima(_ x: [Double], peaks: inout [Int], leftEdges: inout [Int], rightEdges: inout [Int]) {
    let last = x.count - 1
    var i = 1
    while i < last {
        if x[i - 1] < x[i] {
            var ahead = i + 1
            while ahead < last && x[ahead] == x[i] { ahead += 1 }
            if x[ahead] < x[i] {
                leftEdges.append(i)
                rightEdges.append(ahead - 1)
                peaks.append((i + ahead - 1) / 2)
                i = ahead
            }
        }
        i += 1
    }
}

/// Which peaks survive when, highest first, each peak removes its lower
/// neighbours closer than `distance` samples.
func selectByDistance(_ peaks: [Int], _ x: [Double], distance: Int) -> [Bool] {
    var keep = [Bool](repeating: true, count: peaks.count)
    // Ascending by height; a stable sort keeps equal heights in index order.
    let byPriority = peaks.indices.sorted { a, b in
        let ha = x[peaks[a]], hb = x[peaks[b]]
        return ha != hb ? ha < hb : a < b
    }
    for j in byPriority.reversed() where keep[j] {
        var k = j - 1
        while k >= 0 && peaks[j] - peaks[k] < distance {
            keep[k] = false
            k -= 1
        }
        k = j + 1
        while k < peaks.count && peaks[k] - peaks[j] < distance {
            keep[k] = false
            k += 1
        }
    }
    return keep
}

/// The prominence of the peak at `peak` and the bases that define it,
/// searching at most `wlen / 2` samples each way when `wlen >= 2`.
func prominence(_ x: [Double], peak: Int, wlen: Int) -> (prominence: Double, leftBase: Int, rightBase: Int) {
    var lo = 0, hi = x.count - 1
    if wlen >= 2 {
        lo = max(peak - wlen / 2, lo)
        hi = min(peak + wlen / 2, hi)
    }
    let top = x[peak]
    var i = peak, leftBase = peak, leftMin = top
    while lo <= i && x[i] <= top {
        if x[i] < leftMin { leftMin = x[i]; leftBase = i }
        i -= 1
    }
    i = peak
    var rightBase = peak, rightMin = top
    while i <= hi && x[i] <= top {
        if x[i] < rightMin { rightMin = x[i]; rightBase = i }
        i += 1
    }
    return (top - max(leftMin, rightMin), leftBase, rightBase)
}

/// Where the signal crosses `x[peak] − relHeight · prominence` on each side,
/// interpolated linearly between samples, searching no further than the bases.
func width(
    _ x: [Double], peak: Int, relHeight: Double, prominence: Double, leftBase: Int, rightBase: Int
) -> (height: Double, leftIP: Double, rightIP: Double) {
    let height = x[peak] - prominence * relHeight
    var i = peak
    while leftBase < i && height < x[i] { i -= 1 }
    var leftIP = Double(i)
    if x[i] < height { leftIP += (height - x[i]) / (x[i + 1] - x[i]) }
    i = peak
    while i < rightBase && height < x[i] { i += 1 }
    var rightIP = Double(i)
    if x[i] < height { rightIP -= (height - x[i]) / (x[i - 1] - x[i]) }
    return (height, leftIP, rightIP)
}
