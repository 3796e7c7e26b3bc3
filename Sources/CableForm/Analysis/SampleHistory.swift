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
struct SampleHistory {
    let capacity: Int
    let mask: Int
    let cableCount: Int
    /// Grid time (s).
    private(set) var time: [Double]
    /// Mean position of all cables (m).
    private(set) var meanPosition: [Double]
    /// Mean smoothed velocity of all cables (m/s).
    private(set) var meanVelocity: [Double]
    /// Per cable, `cable * capacity + slot`.
    private(set) var position: [Double]
    private(set) var force: [Double]
    private(set) var velocity: [Double]
    /// Running total of the summed cable force (N·samples), NaN counted as 0.
    private(set) var forceTotal: [Double]
    /// Raw samples written.
    private(set) var rawCount = 0
    /// Samples with velocity.
    private(set) var count = 0
    private var runningForce = 0.0

    /// Raw samples that readers may see (set by the analyzer before each step).
    var visibleCount = 0
    /// Slots kept for raw samples written ahead of ``visibleCount``.
    let reserve: Int

    init(cableCount: Int, minimumCapacity: Int, reserve: Int) {
        self.reserve = reserve
        var c = 1024
        while c < minimumCapacity + reserve { c <<= 1 }
        capacity = c
        mask = c - 1
        self.cableCount = cableCount
        time = Array(repeating: 0, count: c)
        meanPosition = time
        meanVelocity = time
        forceTotal = time
        position = Array(repeating: 0, count: c * cableCount)
        force = position
        velocity = position
    }

    /// The oldest index readers may use.
    var oldest: Int { max(0, visibleCount - (capacity - reserve)) }

    @inline(__always) func slot(_ k: Int) -> Int { k & mask }

    /// Appends grid samples `range` of `grid` as raw samples `rawCount…`:
    /// time, and per cable position and force (channels: positions, then
    /// forces), with the mean position and the running force total; one
    /// pointer per array for the whole range, not a checked write per value.
    mutating func appendRaw(grid: UniformSamples, range: Range<Int>) {
        let n = cableCount, cap = capacity, m = mask
        var run = runningForce, raw = rawCount
        time.withUnsafeMutableBufferPointer { tp in
            meanPosition.withUnsafeMutableBufferPointer { mp in
                forceTotal.withUnsafeMutableBufferPointer { ftp in
                    position.withUnsafeMutableBufferPointer { pp in
                        force.withUnsafeMutableBufferPointer { fp in
                            for j in range {
                                let s = raw & m
                                tp[s] = grid.times[j]
                                var sum = 0.0, f = 0.0
                                for c in 0..<n {
                                    let x = grid.channels[c][j], y = grid.channels[n + c][j]
                                    pp[c * cap + s] = x
                                    fp[c * cap + s] = y
                                    sum += x
                                    if y.isFinite { f += y }
                                }
                                mp[s] = sum / Double(n)
                                run += f
                                ftp[s] = run
                                raw += 1
                            }
                        }
                    }
                }
            }
        }
        runningForce = run
        rawCount = raw
    }

    /// Sets the velocities of grid sample `count`; returns the mean velocity.
    mutating func appendVelocity(_ v: UnsafeBufferPointer<Double>) -> Double {
        let s = count & mask
        var sum = 0.0
        for c in 0..<cableCount {
            velocity[c * capacity + s] = v[c]
            sum += v[c]
        }
        let mean = sum / Double(cableCount)
        meanVelocity[s] = mean
        count += 1
        return mean
    }

    @inline(__always) func t(_ k: Int) -> Double { time[k & mask] }
    @inline(__always) func x(_ k: Int) -> Double { meanPosition[k & mask] }
    @inline(__always) func v(_ k: Int) -> Double { meanVelocity[k & mask] }
    @inline(__always) func x(_ c: Int, _ k: Int) -> Double { position[c * capacity + (k & mask)] }
    @inline(__always) func f(_ c: Int, _ k: Int) -> Double { force[c * capacity + (k & mask)] }
    @inline(__always) func v(_ c: Int, _ k: Int) -> Double { velocity[c * capacity + (k & mask)] }
    @inline(__always) func totalForce(_ k: Int) -> Double { forceTotal[k & mask] }

    /// The grid index at or before time `t`, clamped to what is held (`k0` is a
    /// nearby index to start from).
    func index(atOrBefore t: Double, near k0: Int) -> Int {
        var k = min(max(k0, oldest), visibleCount - 1)
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
