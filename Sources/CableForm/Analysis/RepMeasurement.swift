/// A movement phase assembled from one or more movements in the same direction
/// (a stall inside a phase joins the movements on either side of it).
struct PhaseSpan: Sendable, Hashable {
    var direction: Int
    var start: Double
    var end: Double
    var startPosition: Double
    var endPosition: Double
    var peakIndex: Int
    var movements: Int
    /// The grid index at or before ``end``, and the running force total there
    /// (for a hold's mean force, which may outlast the history).
    var endIndex: Int
    var endForceTotal: Double

    init(_ m: Movement, _ h: SampleHistory) {
        direction = m.direction
        start = m.start
        end = m.end
        startPosition = m.startPosition
        endPosition = m.endPosition
        peakIndex = m.peakIndex
        movements = 1
        endIndex = h.index(atOrBefore: m.end, near: m.peakIndex)
        endForceTotal = h.totalForce(endIndex)
    }

    mutating func extend(with m: Movement, _ h: SampleHistory) {
        end = m.end
        endPosition = m.endPosition
        peakIndex = m.peakIndex
        movements += 1
        endIndex = h.index(atOrBefore: m.end, near: m.peakIndex)
        endForceTotal = h.totalForce(endIndex)
    }

    var phase: MovementPhase { direction > 0 ? .concentric : .eccentric }
    var travel: Double { endPosition - startPosition }
}

/// The history's per-cable rows — position (m), velocity (m/s), force (N) —
/// over grid samples `lo…hi` as plain contiguous memory, so a rep's passes
/// are tight loops. Where those samples lie in one stretch of the ring (the
/// common case: a rep is a few thousand samples of a 65 536-slot ring) the
/// window points into the ring itself; only a window that wraps around the
/// ring's end is copied, unwrapped, into storage of its own. Valid while the
/// history's storage is neither written nor freed (during one measurement).
struct RepWindow: ~Copyable {
    /// Grid samples held.
    let count: Int
    private let cableCount: Int
    /// Grid sample `lo` of cable 0's position row; every row follows `stride`
    /// values after the previous one, in the ring's order: per cable its
    /// positions, then its forces, then its velocities.
    private let first: UnsafePointer<Double>
    private let stride: Int
    /// The unwrapped copy of a window that wraps (nil when it points into the ring).
    private let copy: UnsafeMutablePointer<Double>?

    init(_ h: SampleHistory, from lo: Int, through hi: Int) {
        let count = max(hi - lo + 1, 0), n = h.cableCount
        self.count = count
        cableCount = n
        let slot = lo & h.mask
        // The ring's per-cable rows are consecutive, `rowStride` apart: positions, forces, velocities.
        let ring = h.positionRow(0), ringStride = h.rowStride
        assert(h.forceRow(0) == ring + n * ringStride && h.velocityRow(0) == ring + 2 * n * ringStride,
               "RepWindow: the history's per-cable rows are no longer consecutive")
        if slot + count <= h.capacity {
            copy = nil
            first = UnsafePointer(ring + slot)
            stride = ringStride
        } else {
            let storage = UnsafeMutablePointer<Double>.allocate(capacity: 3 * n * count)
            for r in 0..<(3 * n) { h.copy(ring + r * ringStride, from: lo, count: count, to: storage + r * count) }
            copy = storage
            first = UnsafePointer(storage)
            stride = count
        }
    }

    deinit { copy?.deallocate() }

    /// Cable `c`'s positions (m); element `j` is grid sample `lo + j`. Valid while the window lives.
    func position(_ c: Int) -> UnsafePointer<Double> { first + c * stride }
    /// Cable `c`'s forces (N).
    func force(_ c: Int) -> UnsafePointer<Double> { first + (cableCount + c) * stride }
    /// Cable `c`'s velocities (m/s).
    func velocity(_ c: Int) -> UnsafePointer<Double> { first + (2 * cableCount + c) * stride }
}

/// Measures a rep from the samples held in the history: ranges, velocities,
/// power, work, force, per-cable onsets (all formulas in docs/algorithms.md).
enum RepMeasurement {
    /// Builds the rep whose phases are `first` and `second`; nil when a sample
    /// it needs is no longer held.
    static func measure(first: PhaseSpan, second: PhaseSpan, index: Int, cables names: [CableName],
                        configuration: AnalysisConfiguration, history h: SampleHistory) -> Rep? {
        let i0 = h.index(atOrBefore: first.start, near: first.peakIndex)
        let i1 = min(h.index(atOrBefore: second.end, near: second.peakIndex) + 1, h.count - 1)
        guard i0 > h.oldest || h.oldest == 0, i1 > i0 else { return nil }
        let n = h.cableCount
        // Every pass below reads grid samples from i0 to i1 or to the index of
        // the rep's end, whichever is later (a refined end may lie past the
        // last velocity sample): one contiguous copy of those rows makes them
        // tight loops.
        let w = RepWindow(h, from: i0, through: max(i1, h.index(atOrBefore: second.end, near: second.peakIndex)))

        // Ranges per cable, and which cables moved.
        var ranges = [Double](repeating: 0, count: n)
        for c in 0..<n {
            var lo = Double.infinity, hi = -Double.infinity
            let x = w.position(c)
            for k in 0...(i1 - i0) where x[k].isFinite {
                lo = min(lo, x[k])
                hi = max(hi, x[k])
            }
            ranges[c] = hi >= lo ? hi - lo : 0
        }
        let largest = ranges.max() ?? 0
        let moving = (0..<n).filter { ranges[$0] >= 0.25 * largest && ranges[$0] >= 0.5 * configuration.minimumRange }
        let used = moving.isEmpty ? Array(0..<n) : moving
        let share = 1 / Double(used.count)
        let rom = used.reduce(0) { $0 + ranges[$1] } * share

        let concentric = first.direction > 0 ? first : second
        let eccentric = first.direction > 0 ? second : first
        let inner = max(second.start - first.end, 0)
        let tempo = Tempo(
            eccentric: eccentric.end - eccentric.start, bottomPause: first.direction > 0 ? nil : inner,
            concentric: concentric.end - concentric.start, topPause: first.direction > 0 ? inner : nil)

        // Concentric measures on the mean of the moving cables (their mean
        // velocity is read many times, so it is made once).
        func xm(_ k: Int) -> Double { used.reduce(0) { $0 + h.x($1, k) } * share }
        let meanVelocity = [Double](unsafeUninitializedCapacity: w.count) { out, count in
            for j in 0..<w.count { out[j] = 0 }
            for c in used {
                let v = w.velocity(c)
                for j in 0..<w.count { out[j] += v[j] }
            }
            for j in 0..<w.count { out[j] *= share }
            count = w.count
        }
        func vm(_ k: Int) -> Double { meanVelocity[k - i0] }
        func xm(at t: Double) -> Double { h.interpolate(at: t, near: concentric.peakIndex) { xm($0) } }
        let cs = concentric.start, ce = concentric.end
        let tc = max(ce - cs, 1e-9)
        let mcv = (xm(at: ce) - xm(at: cs)) / tc
        let c0 = h.index(atOrBefore: cs, near: concentric.peakIndex) + 1
        let c1 = max(h.index(atOrBefore: ce, near: concentric.peakIndex), c0)
        var peakV = -Double.infinity, peakK = c0
        for k in c0...c1 where meanVelocity[k - i0].isFinite && meanVelocity[k - i0] > peakV {
            peakV = meanVelocity[k - i0]
            peakK = k
        }
        // Power (every cable) and force (the moving cables), summed per sample in cable order.
        var power = [Double](repeating: 0, count: c1 - c0 + 1), force = power
        for c in 0..<n {
            let f = w.force(c) + (c0 - i0), v = w.velocity(c) + (c0 - i0)
            for j in power.indices { power[j] += f[j] * v[j] }
        }
        for c in used {
            let f = w.force(c) + (c0 - i0)
            for j in force.indices { force[j] += f[j] }
        }
        var powerSum = 0.0, peakPower = -Double.infinity, forceSum = 0.0, counted = 0
        for j in power.indices where power[j].isFinite && force[j].isFinite {
            powerSum += power[j]
            peakPower = max(peakPower, power[j])
            forceSum += force[j] * share
            counted += 1
        }
        if !peakV.isFinite { peakV = mcv }
        if !peakPower.isFinite { peakPower = 0 }
        // Propulsive phase: to the first deceleration beyond the braking limit after the peak.
        var propulsiveEnd = ce
        if peakK < c1 {
            for k in (peakK + 1)...c1 {
                let a = (vm(k) - vm(k - 1)) / (h.t(k) - h.t(k - 1))
                if a < -configuration.brakingLimit {
                    propulsiveEnd = h.t(k - 1)
                    break
                }
            }
        }
        let mpv = propulsiveEnd > cs ? (xm(at: propulsiveEnd) - xm(at: cs)) / (propulsiveEnd - cs) : mcv

        // Work: ∫ F dx over the concentric phase, every cable.
        var work = 0.0
        if c1 > c0 {
            for c in 0..<n {
                let f = w.force(c), x = w.position(c)
                for k in (c0 - i0)..<(c1 - i0) {
                    let dw = 0.5 * (f[k] + f[k + 1]) * (x[k + 1] - x[k])
                    if dw.isFinite { work += dw }
                }
            }
        }

        // Each moving cable's concentric onset, by the same tail rule, relative to the rep's.
        var onsets: [Double] = []
        for c in used {
            var pk = c0, pv = -Double.infinity
            let v = w.velocity(c)
            for k in c0...c1 where v[k - i0] > pv {
                pv = v[k - i0]
                pk = k
            }
            let t = pv > 0
                ? MovementDetector.onset(peakIndex: pk, peak: pv, reversal: 0.25 * configuration.onsetVelocity,
                                         oldest: max(h.oldest, i0 - 1), h) { h.v(c, $0) }
                : cs
            onsets.append(t - cs)
        }

        // Smoothness of each movement phase, on the mean speed of the moving cables.
        var flags: [RepFlag] = []
        func smoothness(_ phase: PhaseSpan) -> PhaseSmoothness? {
            let a = h.index(atOrBefore: phase.start, near: phase.peakIndex) + 1
            let b = h.index(atOrBefore: phase.end, near: phase.peakIndex)
            guard b > a + 2 else { return nil }
            // Speed in the phase's own direction: where a boundary meets the
            // neighbouring phase without a pause, its opposite motion is not this phase's.
            let d = Double(phase.direction)
            let speed = meanVelocity[(a - i0)...(b - i0)].map { max(d * $0, 0) }
            guard speed.allSatisfy(\.isFinite) else { return nil }
            let rate = 1 / ((h.t(b) - h.t(a)) / Double(b - a))
            // The peaks (and the hitch) are found on the speed at no more than
            // the spectrum's rate, as PhaseSmoothness counts them: the filtered
            // speed holds nothing faster, and the search is ten times shorter at 1 kHz.
            let step = PhaseSmoothness.thinningStep(from: rate, to: PhaseSmoothness.spectrumRate)
            let spectral = PhaseSmoothness.thinned(speed, from: rate, to: PhaseSmoothness.spectrumRate)
            let coarse = spectral.0
            // One peak search serves the smoothness's peak count and, at the
            // same prominence (the default), the hitch.
            let peaks = try? Smoothness.speedPeakIndices(speed: coarse)
            let measured = PhaseSmoothness.measure(speed: speed, sampleRate: rate, spectral: spectral,
                                                   speedPeaks: peaks?.count)
            let hitchProminence = configuration.flags.hitchProminence
            let hitchPeaks = hitchProminence == Smoothness.speedPeakProminence
                ? peaks : try? Smoothness.speedPeakIndices(speed: coarse, prominence: hitchProminence)
            // A hitch: two speed peaks within one movement (a stall, where the speed
            // falls to rest between them, makes two movements and is not a hitch).
            if measured != nil, phase.movements == 1, let hitchPeaks,
               let dip = RepFlag.hitch(speed: coarse, peaks: hitchPeaks) {
                func time(_ j: Int) -> Double { h.t(a + j * step) }
                flags.append(RepFlag(kind: .jerky, time: time(dip.index), severity: dip.severity,
                                     detail: "\(dip.peaks) speed peaks in the \(phase.phase.rawValue) phase; the speed dips to \(Int((100 * (1 - dip.severity)).rounded()))% of the lower peak in a sticking region from \(RepFlag.format(time(dip.region.lowerBound), 2)) s to \(RepFlag.format(time(dip.region.upperBound), 2)) s"))
            }
            return measured
        }
        let smooth = RepSmoothness(concentric: smoothness(concentric), eccentric: smoothness(eccentric))

        // Asymmetry of a two-cable rep.
        var asymmetry: RepAsymmetry?
        if n == 2 {
            if moving.count == 1 {
                asymmetry = RepAsymmetry(forcePercent: nil, rangePercent: nil, workPercent: nil, lag: nil,
                                         singleCable: names[moving[0]])
            } else if moving.count == 2 {
                // Mean force over the movement phases (not the pause between them).
                let spans = [first, second].map { phase in
                    let a = h.index(atOrBefore: phase.start, near: phase.peakIndex) + 1
                    return a...max(h.index(atOrBefore: phase.end, near: phase.peakIndex), a)
                }
                var work = [0.0, 0.0]
                let dt = (h.t(i1) - h.t(i0)) / Double(i1 - i0)
                for c in 0..<2 {
                    let f = w.force(c), v = w.velocity(c)
                    for k in (c0 - i0)...(c1 - i0) {
                        let p = f[k] * v[k]
                        if p.isFinite { work[c] += p * dt }
                    }
                }
                // From half a second before the rep (at rest) to as far after it as is visible.
                let reach = Int((0.5 / dt).rounded())
                let w0 = max(h.oldest, i0 - reach), w1 = min(h.visibleCount - 1, i1 + reach)
                // The positions are smooth below a few hertz: every step-th sample (at most
                // `lagRate`) holds the shape, and the parabola refines the peak between samples.
                let step = max(1, Int((1 / dt / RepAsymmetry.lagRate).rounded()))
                let picked = 0..<(w1 >= w0 ? (w1 - w0) / step + 1 : 0)  // w0, w0 + step, … up to w1
                let leftPositions = picked.map { h.x(0, w0 + $0 * step) }, rightPositions = picked.map { h.x(1, w0 + $0 * step) }
                let left = w.force(0), right = w.force(1)
                asymmetry = RepAsymmetry(
                    forcePercent: RepAsymmetry.meanForceIndex(spans.joined(), left: { left[$0 - i0] },
                                                              right: { right[$0 - i0] }),
                    rangePercent: RepAsymmetry.index(ranges[0], ranges[1]),
                    workPercent: RepAsymmetry.index(work[0], work[1]),
                    lag: RepAsymmetry.lag(left: leftPositions, right: rightPositions, interval: dt * Double(step), maximumLag: 0.5),
                    singleCable: nil)
            }
        }

        return Rep(
            index: index, start: first.start, end: second.end, complete: true,
            cables: used.map { names[$0] }, firstPhase: first.phase, tempo: tempo, rangeOfMotion: rom,
            cableRanges: used.map { ranges[$0] }, cableOnsets: onsets, meanConcentricVelocity: mcv,
            peakConcentricVelocity: peakV, timeToPeakVelocity: max(h.t(peakK) - cs, 0),
            meanPropulsiveVelocity: mpv, meanPower: counted > 0 ? powerSum / Double(counted) : 0,
            peakPower: peakPower, work: work, timeUnderTension: second.end - first.start,
            meanConcentricForce: counted > 0 ? forceSum / Double(counted) : 0, smoothness: smooth,
            asymmetry: asymmetry, flags: flags,
            score: nil, scoreComponents: nil)
    }

    /// The mean summed cable force (N) from the end of `first` to the start of `second`.
    static func meanForce(from first: PhaseSpan, to second: PhaseSpan, history h: SampleHistory) -> Double {
        let b = h.index(atOrBefore: second.start, near: second.peakIndex)
        guard b > first.endIndex else { return 0 }
        return (h.totalForce(b) - first.endForceTotal) / Double(b - first.endIndex)
    }
}
