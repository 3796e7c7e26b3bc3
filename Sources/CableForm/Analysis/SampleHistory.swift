/// The most recent grid samples of every channel the analyzer measures from:
/// a ring buffer indexed by grid sample number, so memory is fixed by the
/// longest rep, not by the session.
///
/// Raw channels (position, force) are written when the resampler emits a grid
/// sample; velocities arrive `latency` samples later from the smoothing
/// filters. Readers see raw samples only up to ``visibleCount`` — what a
/// stream fed one sample at a time would hold at that point — so that results
/// never depend on how far ahead a block has been resampled; the ring keeps
/// ``reserve`` extra slots for that look-ahead.
///
/// The channels live in one `CopyOnWriteBuffer` (structure of arrays, one row of
/// `capacity` slots per channel) written through raw pointers: the owner calls
/// ``makeUnique()`` once per push, not a uniqueness check per value.
struct SampleHistory {
    let capacity: Int
    let mask: Int
    /// Doubles from one row's start to the next: ``capacity`` plus a pad,
    /// so that the same slot of different rows does not fall in the same
    /// L1 cache set (rows a power of two apart all would, and a pass that
    /// reads three rows and writes a fourth per sample would evict its own lines).
    let rowStride: Int
    let cableCount: Int
    /// Rows: time (s), mean position (m), mean velocity (m/s), running total
    /// of the summed cable force (N·samples, NaN counted as 0), then per
    /// cable position (m), force (N) and velocity (m/s).
    private var storage: CopyOnWriteBuffer<Double>
    /// Raw samples written.
    private(set) var rawCount = 0
    /// Samples with velocity that readers may see (the analyzer raises it
    /// sample by sample; ``completeVelocities(_:)`` may have written ahead).
    var count = 0
    private var runningForce = 0.0

    /// Raw samples that readers may see (set by the analyzer before each step).
    var visibleCount = 0
    /// Slots kept for raw samples written ahead of ``visibleCount``.
    let reserve: Int

    /// A ring with at least `minimumCapacity` slots that readers may reach
    /// behind ``visibleCount`` and `reserve` for samples written ahead of
    /// it; `spare` more slots ahead (a pipeline's writer runs further ahead
    /// of its reader) change neither how far back readers reach nor anything
    /// they read.
    init(cableCount: Int, minimumCapacity: Int, reserve: Int, spare: Int = 0) {
        var c = 1024
        while c < minimumCapacity + reserve { c <<= 1 }
        // How far back readers reach (see `oldest`), fixed before the spare is added.
        let lookBack = c - reserve
        while c < lookBack + reserve + spare { c <<= 1 }
        self.reserve = c - lookBack
        capacity = c
        mask = c - 1
        rowStride = c + Self.rowPad
        self.cableCount = cableCount
        storage = CopyOnWriteBuffer<Double>(count: rowStride * (4 + 3 * cableCount), repeating: 0)
    }

    /// The pad between rows (doubles): 3 cache lines, so the first 21 rows
    /// fall in different sets of a 64-set L1.
    static let rowPad = 24

    /// Gives this history storage of its own (copy-on-write); call before writing.
    mutating func makeUnique() { storage.makeUnique() }

    @inline(__always) private var base: UnsafeMutablePointer<Double> { storage.pointer }
    @inline(__always) private var timeRow: UnsafeMutablePointer<Double> { base }
    @inline(__always) private var meanPositionRow: UnsafeMutablePointer<Double> { base + rowStride }
    @inline(__always) private var meanVelocityRow: UnsafeMutablePointer<Double> { base + 2 * rowStride }
    @inline(__always) private var forceTotalRow: UnsafeMutablePointer<Double> { base + 3 * rowStride }
    /// Cable `c`'s position row (m), grid sample `k` at `k & mask`.
    @inline(__always) func positionRow(_ c: Int) -> UnsafeMutablePointer<Double> { base + (4 + c) * rowStride }
    /// Cable `c`'s force row (N), grid sample `k` at `k & mask`.
    @inline(__always) func forceRow(_ c: Int) -> UnsafeMutablePointer<Double> {
        base + (4 + cableCount + c) * rowStride
    }
    /// Cable `c`'s velocity row (m/s), grid sample `k` at `k & mask`; written by the analyzer after ``makeUnique()``.
    @inline(__always) func velocityRow(_ c: Int) -> UnsafeMutablePointer<Double> {
        base + (4 + 2 * cableCount + c) * rowStride
    }

    /// The oldest index readers may use.
    var oldest: Int { max(0, visibleCount - (capacity - reserve)) }

    /// Calls `body(slot, offset, length)` for the ring's contiguous stretches
    /// holding grid samples `start..<start + count` (at most two: the ring
    /// wraps once): `length` samples from ring slot `slot`, which are samples
    /// `offset..<offset + length` of the range.
    @inline(__always)
    private func forEachSegment(from start: Int, count: Int, _ body: (_ slot: Int, _ offset: Int, _ length: Int) -> Void) {
        var done = 0
        while done < count {
            let slot = (start + done) & mask, length = min(count - done, capacity - slot)
            body(slot, done, length)
            done += length
        }
    }

    /// Where the next raw samples go, for a writer that fills the ring in
    /// place: the time row (s) and the first value row at slot
    /// `rawCount & mask`, with each cable's position row (m), then each
    /// cable's force row (N), ``rowStride`` apart; and how many samples fit
    /// there before the ring wraps, at most `maximum`. The writer then calls
    /// ``commitRaw(count:)``. After ``makeUnique()``.
    func rawSlots(maximum: Int) -> (times: UnsafeMutablePointer<Double>, values: UnsafeMutablePointer<Double>,
                                    stride: Int, room: Int) {
        let slot = rawCount & mask
        // Positions then forces are consecutive rows: one stride reaches every channel.
        return (timeRow + slot, positionRow(0) + slot, rowStride, min(maximum, capacity - slot))
    }

    /// Takes the `count` raw samples written at ``rawSlots(maximum:)`` (at
    /// most its `room`): derives their mean position and the running force
    /// total in one pass over the samples, and counts them.
    mutating func commitRaw(count: Int) {
        let n = cableCount, s = rawCount & mask
        precondition(count <= capacity - s, "SampleHistory.commitRaw: more samples than rawSlots had room for")
        let mean = meanPositionRow + s, total = forceTotalRow + s
        let divisor = Double(n)
        var run = runningForce
        // One pass per sample: the cables' positions summed in cable order and
        // divided (the mean), their finite forces summed and added to the running
        // total (NaN counted as 0). The total is a serial sum, so a pass per row
        // would gain nothing and read and write the two output rows n + 1 times.
        let x0 = positionRow(0) + s, y0 = forceRow(0) + s
        if n == 2 {
            let x1 = positionRow(1) + s, y1 = forceRow(1) + s
            // (a + b) * 0.5 is (a + b) / 2 bit for bit, without a division per sample.
            for j in 0..<count {
                mean[j] = (x0[j] + x1[j]) * 0.5
                run += (y0[j].isFinite ? y0[j] : 0) + (y1[j].isFinite ? y1[j] : 0)
                total[j] = run
            }
        } else {
            for j in 0..<count {
                var m = x0[j], f = y0[j].isFinite ? y0[j] : 0
                for c in 1..<n {
                    m += positionRow(c)[s + j]
                    let y = forceRow(c)[s + j]
                    f += y.isFinite ? y : 0
                }
                mean[j] = m / divisor
                run += f
                total[j] = run
            }
        }
        runningForce = run
        rawCount += count
    }

    /// Stores the mean of the cables' velocities (``velocityRow(_:)``, all
    /// set) for grid samples `range`, in one pass. ``count`` is left to the
    /// caller, who raises it as it analyses each sample (readers see
    /// velocities only below it). After ``makeUnique()``.
    mutating func completeVelocities(_ range: Range<Int>) {
        let n = cableCount, divisor = Double(cableCount)
        forEachSegment(from: range.lowerBound, count: range.count) { s, _, length in
            let out = meanVelocityRow + s
            if n == 2 {
                // Two cables in one pass: (a + b) * 0.5 is (a + b) / 2 bit for bit
                // (halving is exact, and both round the same real number).
                let a = velocityRow(0) + s, b = velocityRow(1) + s
                for j in 0..<length { out[j] = (a[j] + b[j]) * 0.5 }
                return
            }
            // One pass per row over each stretch of the ring.
            out.update(from: velocityRow(0) + s, count: length)
            for c in 1..<n {
                let v = velocityRow(c) + s
                for j in 0..<length { out[j] += v[j] }
            }
            for j in 0..<length { out[j] /= divisor }
        }
    }

    /// Copies `count` grid samples of `row` (one of the per-sample rows:
    /// ``positionRow(_:)``, ``velocityRow(_:)``, ``forceRow(_:)``) from grid
    /// sample `from` on into `destination`, unwrapping the ring.
    func copy(_ row: UnsafeMutablePointer<Double>, from: Int, count: Int, to destination: UnsafeMutablePointer<Double>) {
        forEachSegment(from: from, count: count) { s, done, length in
            (destination + done).initialize(from: row + s, count: length)
        }
    }

    @inline(__always) func t(_ k: Int) -> Double { timeRow[k & mask] }
    @inline(__always) func x(_ k: Int) -> Double { meanPositionRow[k & mask] }
    @inline(__always) func v(_ k: Int) -> Double { meanVelocityRow[k & mask] }
    @inline(__always) func x(_ c: Int, _ k: Int) -> Double { positionRow(c)[k & mask] }
    @inline(__always) func f(_ c: Int, _ k: Int) -> Double { forceRow(c)[k & mask] }
    @inline(__always) func v(_ c: Int, _ k: Int) -> Double { velocityRow(c)[k & mask] }
    @inline(__always) func totalForce(_ k: Int) -> Double { forceTotalRow[k & mask] }

    /// The grid index at or before time `t`, clamped to what is held (`k0` is a
    /// nearby index to start from).
    func index(atOrBefore t: Double, near k0: Int) -> Int {
        let first = oldest, last = visibleCount - 1
        var k = min(max(k0, first), last)
        // The grid is uniform in time: start where `t` falls on it; the walks
        // below then settle the exact answer in a step or two (they define
        // it, so the start changes the cost, never the result).
        if last > first {
            let t0 = self.t(first), span = self.t(last) - t0
            let position = (t - t0) / span * Double(last - first)
            if position.isFinite { k = first + Int(min(max(position, 0), Double(last - first))) }
        }
        while k > oldest && self.t(k) > t { k -= 1 }
        while k + 1 < visibleCount && self.t(k + 1) <= t { k += 1 }
        return k
    }

    /// Mean position at time `t` (m), linearly interpolated.
    func meanPosition(at t: Double, near k0: Int) -> Double {
        interpolate(at: t, near: k0) { x($0) }
    }

    /// A per-sample quantity `value` (grid index → value) at time `t`,
    /// linearly interpolated between the grid samples around it.
    func interpolate(at t: Double, near k0: Int, _ value: (Int) -> Double) -> Double {
        let k = index(atOrBefore: t, near: k0)
        guard k + 1 < visibleCount, self.t(k) < t else { return value(k) }
        let a = self.t(k), b = self.t(k + 1)
        return value(k) + (value(k + 1) - value(k)) * (t - a) / (b - a)
    }
}
