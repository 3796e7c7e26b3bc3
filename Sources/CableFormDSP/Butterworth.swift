import ComplexModule
import RealModule

/// Which frequencies a designed filter passes.
public enum FilterBand: Sendable, Hashable {
    /// Passes frequencies below `cutoff` (Hz).
    case lowpass(cutoff: Double)
    /// Passes frequencies above `cutoff` (Hz).
    case highpass(cutoff: Double)
    /// Passes frequencies between `low` and `high` (Hz).
    case bandpass(low: Double, high: Double)
}

extension SecondOrderSections {
    /// The orders ``butterworth(order:band:sampleRate:)`` accepts.
    public static let butterworthOrders: ClosedRange<Int> = 1...8

    /// Designs a digital Butterworth filter as second-order sections.
    ///
    /// This reproduces `scipy.signal.butter(order, cutoff, btype, fs=sampleRate,
    /// output="sos")`: the analog prototype's poles `-exp(iπm/2N)`, frequency
    /// prewarping `4·tan(πWn/2)` with `Wn = 2·cutoff/fs`, the analog band
    /// transform, the bilinear transform at an internal rate of 2, and SciPy's
    /// `zpk2sos` "nearest" pairing, with the overall gain in the first section.
    /// A lowpass or highpass of order N has `⌈N/2⌉` sections; a bandpass has N.
    ///
    /// - Parameters:
    ///   - order: the prototype order N, in ``butterworthOrders``. A bandpass
    ///     of order N has 2N poles, as in SciPy.
    ///   - band: the pass band; every edge frequency is in Hz and must lie
    ///     strictly between 0 and `sampleRate / 2`.
    ///   - sampleRate: the sampling rate `fs` in Hz, finite and positive.
    /// - Throws: ``DSPError/invalidArgument(name:reason:)`` naming `order`,
    ///   `sampleRate` or `cutoff`.
    public static func butterworth(
        order: Int, band: FilterBand, sampleRate: Double
    ) throws(DSPError) -> SecondOrderSections {
        guard butterworthOrders.contains(order) else {
            throw .invalidArgument(
                name: "order", reason: "must be in \(butterworthOrders), got \(order)")
        }
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw .invalidArgument(
                name: "sampleRate", reason: "must be finite and > 0 Hz, got \(sampleRate)")
        }
        let nyquist = sampleRate / 2
        func normalized(_ f: Double) throws(DSPError) -> Double {
            guard f.isFinite, f > 0, f < nyquist else {
                throw .invalidArgument(
                    name: "cutoff",
                    reason: "must satisfy 0 < cutoff < sampleRate/2 = \(nyquist) Hz, got \(f)")
            }
            return 2 * f / sampleRate
        }
        // Prewarped analog frequency for an internal sample rate of 2.
        func warp(_ wn: Double) -> Double { 4 * Double.tan(Double.pi * wn / 2) }

        var z: [Complex<Double>] = []
        var p = butterworthPrototypePoles(order: order)
        var k = 1.0
        switch band {
        case let .lowpass(cutoff):
            let w = warp(try normalized(cutoff))
            p = p.map { $0 * Complex(w) }
            k = Double.pow(w, Double(order))
        case let .highpass(cutoff):
            let w = warp(try normalized(cutoff))
            var prodNegP = Complex<Double>.one
            for pole in p { prodNegP = prodNegP * -pole }
            k = (Complex<Double>.one / prodNegP).real
            p = p.map { Complex(w) / $0 }
            z = Array(repeating: .zero, count: order)
        case let .bandpass(low, high):
            let wl = warp(try normalized(low))
            let wh = warp(try normalized(high))
            guard low < high else {
                throw .invalidArgument(
                    name: "cutoff", reason: "bandpass needs low < high, got \(low) and \(high) Hz")
            }
            let bw = wh - wl
            let wo = (wl * wh).squareRoot()
            let scaled = p.map { $0 * Complex(bw / 2) }
            let shift = scaled.map { Complex.sqrt($0 * $0 - Complex(wo * wo)) }
            p = zip(scaled, shift).map { $0 + $1 } + zip(scaled, shift).map { $0 - $1 }
            z = Array(repeating: .zero, count: order)
            k = Double.pow(bw, Double(order))
        }
        let digital = bilinear(zeros: z, poles: p, gain: k, doubledRate: 4)
        return SecondOrderSections(
            pairNearest(zeros: digital.zeros, poles: digital.poles, gain: digital.gain))
    }
}

// MARK: - Design steps (internal, in the order SciPy applies them)

/// The analog Butterworth prototype's poles, `-exp(iπm/(2N))` for
/// m = -N+1, -N+3, ..., N-1; unit cutoff, no zeros, gain 1.
func butterworthPrototypePoles(order n: Int) -> [Complex<Double>] {
    stride(from: -n + 1, through: n - 1, by: 2).map { m in
        let theta = Double.pi * Double(m) / Double(2 * n)
        // m == 0 gives an exactly real pole.
        return Complex(-Double.cos(theta), m == 0 ? 0 : -Double.sin(theta))
    }
}

/// The bilinear transform of an analog zpk system. `doubledRate` is 2·fs.
/// Zeros at infinity (the relative degree) move to z = -1.
func bilinear(
    zeros z: [Complex<Double>], poles p: [Complex<Double>], gain k: Double, doubledRate fs2: Double
) -> (zeros: [Complex<Double>], poles: [Complex<Double>], gain: Double) {
    let c = Complex(fs2)
    let degree = p.count - z.count
    let zz = z.map { (c + $0) / (c - $0) } + Array(repeating: Complex(-1), count: degree)
    let pz = p.map { (c + $0) / (c - $0) }
    var num = Complex<Double>.one
    for zero in z { num = num * (c - zero) }
    var den = Complex<Double>.one
    for pole in p { den = den * (c - pole) }
    return (zz, pz, k * (num / den).real)
}

/// Splits values into one representative of each complex-conjugate pair (the
/// member with positive imaginary part, the pair averaged) and the real values,
/// both sorted by real part then by |imaginary part| — SciPy's `_cplxreal`.
func splitConjugatePairs(_ values: [Complex<Double>]) -> (pairs: [Complex<Double>], reals: [Double]) {
    let tol = 100 * Double.ulpOfOne
    let sorted = values.enumerated().sorted { l, r in
        if l.element.real != r.element.real { return l.element.real < r.element.real }
        if abs(l.element.imaginary) != abs(r.element.imaginary) {
            return abs(l.element.imaginary) < abs(r.element.imaginary)
        }
        return l.offset < r.offset
    }.map(\.element)
    var reals: [Double] = []
    var upper: [Complex<Double>] = []
    var lower: [Complex<Double>] = []
    for v in sorted {
        if abs(v.imaginary) <= tol * v.length {
            reals.append(v.real)
        } else if v.imaginary > 0 {
            upper.append(v)
        } else {
            lower.append(v)
        }
    }
    precondition(upper.count == lower.count, "a complex value has no conjugate")
    let pairs = zip(upper, lower).map { (u, l) in (u + l.conjugate) / 2 }
    return (pairs, reals)
}

/// Groups digital zeros and poles into biquads the way SciPy's
/// `zpk2sos(..., pairing="nearest")` does: the pole nearest the unit circle
/// goes into the last section with its nearest zero, and so on backwards; the
/// gain goes into the first section.
func pairNearest(zeros z0: [Complex<Double>], poles p0: [Complex<Double>], gain: Double) -> [Biquad] {
    var zs = z0 + Array(repeating: .zero, count: max(p0.count - z0.count, 0))
    var ps = p0 + Array(repeating: .zero, count: max(z0.count - p0.count, 0))
    let sectionCount = (max(ps.count, zs.count) + 1) / 2
    if ps.count % 2 == 1 {
        ps.append(.zero)
        zs.append(.zero)
    }
    func flatten(_ v: [Complex<Double>]) -> [Complex<Double>] {
        let (pairs, reals) = splitConjugatePairs(v)
        return pairs + reals.map { Complex($0) }
    }
    var z = flatten(zs)
    var p = flatten(ps)

    func isReal(_ c: Complex<Double>) -> Bool { c.imaginary == 0 }
    func worst(_ indices: [Int]) -> Int {
        var best = indices[0]
        var bestDistance = abs(1 - p[best].length)
        for i in indices.dropFirst() {
            let d = abs(1 - p[i].length)
            if d < bestDistance { best = i; bestDistance = d }
        }
        return best
    }
    enum Kind { case real, complex, any }
    func nearestZero(to target: Complex<Double>, _ kind: Kind) -> Int {
        let order = z.indices.sorted { a, b in
            let da = (z[a] - target).length, db = (z[b] - target).length
            return da != db ? da < db : a < b
        }
        switch kind {
        case .any: return order[0]
        case .real: return order.first { isReal(z[$0]) }!
        case .complex: return order.first { !isReal(z[$0]) }!
        }
    }

    var sections = [Biquad](repeating: Biquad(b0: 0, b1: 0, b2: 0, a1: 0, a2: 0), count: sectionCount)
    for si in stride(from: sectionCount - 1, through: 0, by: -1) {
        let p1 = p.remove(at: worst(Array(p.indices)))
        let realPolesLeft = p.filter(isReal).count
        if isReal(p1) && realPolesLeft == 0 {
            let z1 = z.remove(at: nearestZero(to: p1, .real))
            sections[si] = biquad(zeros: [z1, .zero], poles: [p1, .zero])
        } else if p.count + 1 == z.count, !isReal(p1), realPolesLeft == 1,
            z.filter(isReal).count == 1
        {
            let z1 = z.remove(at: nearestZero(to: p1, .complex))
            sections[si] = biquad(zeros: [z1, z1.conjugate], poles: [p1, p1.conjugate])
        } else {
            let p2: Complex<Double>
            if isReal(p1) {
                p2 = p.remove(at: worst(p.indices.filter { isReal(p[$0]) }))
            } else {
                p2 = p1.conjugate
            }
            if z.isEmpty {
                sections[si] = biquad(zeros: [], poles: [p1, p2])
            } else {
                let z1 = z.remove(at: nearestZero(to: p1, .any))
                if !isReal(z1) {
                    sections[si] = biquad(zeros: [z1, z1.conjugate], poles: [p1, p2])
                } else if !z.isEmpty {
                    let z2 = z.remove(at: nearestZero(to: p1, .real))
                    sections[si] = biquad(zeros: [z1, z2], poles: [p1, p2])
                } else {
                    sections[si] = biquad(zeros: [z1], poles: [p1, p2])
                }
            }
        }
    }
    precondition(p.isEmpty && z.isEmpty, "every pole and zero is placed in a section")
    sections[0].b0 *= gain
    sections[0].b1 *= gain
    sections[0].b2 *= gain
    return sections
}

/// The monic polynomial with the given roots (at most two), right-aligned in
/// three coefficients: `[1, -(r1+r2), r1·r2]`, `[0, 1, -r1]` or `[0, 0, 1]`.
private func monic(_ roots: [Complex<Double>]) -> (Double, Double, Double) {
    switch roots.count {
    case 0: return (0, 0, 1)
    case 1: return (0, 1, (-roots[0]).real)
    default:
        let sum = -roots[1] + -roots[0]
        let product = roots[0] * roots[1]
        return (1, sum.real, product.real)
    }
}

private func biquad(zeros: [Complex<Double>], poles: [Complex<Double>]) -> Biquad {
    let b = monic(zeros)
    let a = monic(poles)
    precondition(a.0 == 1, "digital sections have two poles")
    return Biquad(b0: b.0, b1: b.1, b2: b.2, a1: a.1, a2: a.2)
}
