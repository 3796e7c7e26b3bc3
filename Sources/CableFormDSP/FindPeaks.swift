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
/// - Complexity: O(n) to find candidates and, without ``PeakCriteria/wlen``,
///   every prominence (two stack passes); with a window, prominence is
///   O(wlen) per peak; width is O(n) per peak in the worst case.
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
    let (peaks, left, right) = x.withUnsafeBufferPointer {
        localMaxima($0, withEdges: criteria.plateauSize != nil)
    }
    result.indices = peaks

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
        prominences.reserveCapacity(result.indices.count)
        leftBases.reserveCapacity(result.indices.count)
        rightBases.reserveCapacity(result.indices.count)
        if window < 2 && result.indices.count > 32 {
            // Without a window and with many peaks (where scanning from each
            // could cost O(n) per peak): every base from two stack passes, O(n) in all.
            let (left, right) = x.withUnsafeBufferPointer { prominenceBases($0) }
            for peak in result.indices {
                let l = left[peak], r = right[peak]
                prominences.append(x[peak] - max(x[l], x[r]))
                leftBases.append(l)
                rightBases.append(r)
            }
        } else {
            for peak in result.indices {
                let m = x.withUnsafeBufferPointer { prominence($0, peak: peak, wlen: window) }
                prominences.append(m.prominence)
                leftBases.append(m.leftBase)
                rightBases.append(m.rightBase)
            }
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
            let w = x.withUnsafeBufferPointer { x in width(
                x, peak: result.indices[k], relHeight: criteria.relHeight,
                prominence: result.prominences![k], leftBase: result.leftBases![k],
                rightBase: result.rightBases![k]) }
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
/// (rounded down), with the plateau's first and last samples when asked for.
func localMaxima(
    _ x: UnsafeBufferPointer<Double>, withEdges: Bool
) -> (peaks: [Int], leftEdges: [Int], rightEdges: [Int]) {
    // At most every other sample is a peak: write into preallocated storage
    // instead of appending.
    let capacity = x.count / 2 + 1
    var found = 0
    var left: [Int] = [], right: [Int] = []
    if withEdges {
        left = [Int](repeating: 0, count: capacity)
        right = [Int](repeating: 0, count: capacity)
    }
    let peaks = [Int](unsafeUninitializedCapacity: capacity) { out, count in
        let last = x.count - 1
        var i = 1
        while i < last {
            if x[i - 1] < x[i] {
                var ahead = i + 1
                while ahead < last && x[ahead] == x[i] { ahead += 1 }
                if x[ahead] < x[i] {
                    out[found] = (i + ahead - 1) / 2
                    if withEdges {
                        left[found] = i
                        right[found] = ahead - 1
                    }
                    found += 1
                    i = ahead
                }
            }
            i += 1
        }
        count = found
    }
    if withEdges {
        left.removeLast(capacity - found)
        right.removeLast(capacity - found)
    }
    return (peaks, left, right)
}

/// Which peaks survive when, highest first, each kept peak removes every
/// peak closer than `distance` samples (SciPy's `_select_by_peak_distance`).
/// Priority is height, and among equal heights the later peak.
///
/// That sequential greedy rule needs the peaks in priority order, a global
/// sort. This computes the same set without one, in rounds (the deterministic
/// parallel greedy maximal independent set, Blelloch, Fineman and Shun 2012,
/// "Greedy sequential maximal independent set and matching are parallel on
/// average", SPAA): every undecided peak that outranks all undecided peaks
/// within `distance` is kept, the peaks near a kept one are removed, and the
/// rest go to the next round. A peak kept in a round is exactly one the greedy
/// would keep, because everything that could have removed it was removed
/// first. Each round is one sliding-window-maximum pass, O(undecided), and the
/// rounds shrink geometrically on real signals.
func selectByDistance(_ peaks: [Int], _ x: [Double], distance: Int) -> [Bool] {
    let n = peaks.count
    var keep = [Bool](repeating: false, count: n)
    guard n > 0 else { return keep }
    // Scratch, allocated once: heights, the undecided list (and the next
    // round's), the deque, and a per-round mark (1 winner, 2 near a winner).
    let height = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    let undecided = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 2 * n)
    let deque = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
    let mark = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: n)
    defer {
        height.deallocate()
        undecided.deallocate()
        deque.deallocate()
        mark.deallocate()
    }
    peaks.withUnsafeBufferPointer { position in
        x.withUnsafeBufferPointer { x in
            keep.withUnsafeMutableBufferPointer { keep in
                for k in 0..<n {
                    height[k] = x[position[k]]
                    undecided[k] = Int32(truncatingIfNeeded: k)
                }
                @inline(__always) func outranks(_ a: Int32, _ b: Int32) -> Bool {
                    let ha = height[Int(a)], hb = height[Int(b)]
                    return ha > hb || (ha == hb && a > b)
                }
                @inline(__always) func pos(_ k: Int32) -> Int { position[Int(k)] }
                var current = 0, next = n  // offsets of this round's list and the next's
                var m = n
                while m > 0 {
                    let list = UnsafeMutableBufferPointer(rebasing: undecided[current..<(current + m)])
                    // 1. Winners: the top of the sliding window (pos − distance, pos + distance).
                    var head = 0, tail = 0, hi = 0, lo = 0
                    for c in 0..<m {
                        let p = list[c]
                        let here = pos(p)
                        while hi < m && pos(list[hi]) - here < distance {
                            let q = list[hi]
                            while tail > head && outranks(q, deque[tail - 1]) { tail -= 1 }
                            deque[tail] = q
                            tail += 1
                            hi += 1
                        }
                        while here - pos(list[lo]) >= distance { lo += 1 }
                        while pos(deque[head]) < pos(list[lo]) { head += 1 }
                        mark[c] = deque[head] == p ? 1 : 0
                    }
                    // 2. Mark what lies within `distance` of a winner, one sweep each way.
                    var last = Int.min / 2
                    for c in 0..<m {
                        if mark[c] == 1 { last = pos(list[c]) } else if pos(list[c]) - last < distance { mark[c] = 2 }
                    }
                    last = Int.max / 2
                    for c in stride(from: m - 1, through: 0, by: -1) {
                        if mark[c] == 1 { last = pos(list[c]) } else if last - pos(list[c]) < distance { mark[c] = 2 }
                    }
                    // 3. Keep the winners; the unmarked go to the next round.
                    var carried = 0
                    for c in 0..<m {
                        if mark[c] == 1 {
                            keep[Int(list[c])] = true
                        } else if mark[c] == 0 {
                            undecided[next + carried] = list[c]
                            carried += 1
                        }
                    }
                    precondition(carried < m, "each round decides at least its top peak")
                    swap(&current, &next)
                    m = carried
                }
            }
        }
    }
    return keep
}

/// The prominence of the peak at `peak` and the bases that define it,
/// searching at most `wlen / 2` samples each way when `wlen >= 2`.
func prominence(_ x: UnsafeBufferPointer<Double>, peak: Int, wlen: Int) -> (prominence: Double, leftBase: Int, rightBase: Int) {
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

/// The bases ``prominence(_:peak:wlen:)`` finds without a window, for every
/// sample at once in O(n).
///
/// The left base of `i` is where the minimum of `x` lies over `(j, i]`, `j`
/// the nearest sample to the left above `x[i]` (or the start), the one
/// nearest `i` among equal minima; the right base likewise. A stack of the
/// samples not yet topped, each with the minimum of the stretch it closes,
/// gives every stretch's minimum as the stack is popped.
func prominenceBases(_ x: UnsafeBufferPointer<Double>) -> (left: [Int], right: [Int]) {
    let n = x.count
    var left = [Int](repeating: 0, count: n), right = [Int](repeating: 0, count: n)
    // The stack: indices not yet topped, and per entry the index of the
    // minimum of the stretch between the entry below it and it.
    let stack = UnsafeMutablePointer<Int>.allocate(capacity: 2 * max(n, 1))
    defer { stack.deallocate() }
    let minima = stack + max(n, 1)
    func pass(_ order: StrideTo<Int>, into bases: UnsafeMutableBufferPointer<Int>) {
        var depth = 0
        for i in order {
            var minimum = i
            // Pop what x[i] tops (equal included, as the scan goes on through
            // equal samples); on ties the minimum nearer i wins.
            while depth > 0 && x[stack[depth - 1]] <= x[i] {
                depth -= 1
                if x[minima[depth]] < x[minimum] { minimum = minima[depth] }
            }
            bases[i] = minimum
            stack[depth] = i
            minima[depth] = minimum
            depth += 1
        }
    }
    left.withUnsafeMutableBufferPointer { pass(stride(from: 0, to: n, by: 1), into: $0) }
    right.withUnsafeMutableBufferPointer { pass(stride(from: n - 1, to: -1, by: -1), into: $0) }
    return (left, right)
}

/// Where the signal crosses `x[peak] − relHeight · prominence` on each side,
/// interpolated linearly between samples, searching no further than the bases.
func width(
    _ x: UnsafeBufferPointer<Double>, peak: Int, relHeight: Double, prominence: Double, leftBase: Int, rightBase: Int
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
