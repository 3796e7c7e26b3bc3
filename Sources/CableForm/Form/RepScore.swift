/// A rep's 0–100 quality score and what it is made of, so that it explains
/// itself: `score = 100 · Σ wᵢ·cᵢ / Σ wᵢ − Σ penalties`, clamped to 0–100.
///
/// The components `cᵢ` are each 0–1 with their weight `wᵢ` from
/// ``ScoreConfiguration``; a component that does not apply (symmetry of a
/// one-cable rep, control of a phase too short to measure) is nil and leaves
/// the weighted mean. Each momentum flag subtracts its penalty times its
/// severity. docs/algorithms.md ("Score") gives the formulas and the reasons
/// for the defaults.
public struct ScoreComponents: Sendable, Hashable {
    /// One weighted part of the score.
    public struct Component: Sendable, Hashable, Codable {
        /// How well the rep did, from 0 to 1.
        public var value: Double
        /// Its weight in the weighted mean.
        public var weight: Double

        /// Creates a component.
        public init(value: Double, weight: Double) {
            self.value = value
            self.weight = weight
        }
    }

    /// Points a flag took off.
    public struct Penalty: Sendable, Hashable, Codable {
        /// The flag's kind.
        public var kind: RepFlag.Kind
        /// Points subtracted: the kind's penalty times the flag's severity.
        public var points: Double

        /// Creates a penalty.
        public init(kind: RepFlag.Kind, points: Double) {
            self.kind = kind
            self.points = points
        }
    }

    /// Smoothness of the movement phases: the mean over the measured phases
    /// of `(SPARC − rough) / (smooth − rough)`, clamped to 0–1.
    public var control: Component?
    /// Adherence to the target tempo, or to the set's median phase durations.
    public var tempo: Component?
    /// The rep's range against its set's typical range.
    public var range: Component
    /// Evenness of the two cables, from the largest asymmetry index; nil for
    /// one-cable reps.
    public var symmetry: Component?
    /// The momentum flags' deductions.
    public var penalties: [Penalty]
    /// The score, 0–100.
    public var score: Double

    /// Creates the components from their parts, computing ``score``.
    public init(control: Component?, tempo: Component?, range: Component, symmetry: Component?,
                penalties: [Penalty]) {
        self.control = control
        self.tempo = tempo
        self.range = range
        self.symmetry = symmetry
        self.penalties = penalties
        let parts = [control, tempo, range, symmetry].compactMap { $0 }
        let weight = parts.reduce(0) { $0 + $1.weight }
        let base = weight > 0 ? 100 * parts.reduce(0) { $0 + $1.weight * $1.value } / weight : 100
        score = min(max(base - penalties.reduce(0) { $0 + $1.points }, 0), 100)
    }
}

/// What a rep is scored against: its set's typical range and the tempo it
/// should follow.
public struct ScoreReference: Sendable, Hashable {
    /// The set's typical range of motion (m): the median of the upper half of
    /// its reps' ranges.
    public var typicalRange: Double
    /// The configured target tempo, or the median of each phase duration over
    /// the set's complete reps (s); a nil pause is not scored.
    public var tempo: Tempo

    /// Creates a reference.
    public init(typicalRange: Double, tempo: Tempo) {
        self.typicalRange = typicalRange
        self.tempo = tempo
    }
}

extension ScoreComponents {
    /// Scores `rep` against `reference` with the weights of `configuration`.
    ///
    /// Every component is non-increasing in what a coach would call worse
    /// form: a lower SPARC, a shorter eccentric (a longer one than the
    /// reference is never penalized: a slow eccentric is controlled), a
    /// shorter range, a larger asymmetry index, a more severe flag.
    public init(rep: Rep, reference: ScoreReference, configuration: AnalysisConfiguration) {
        let s = configuration.score
        func clamp(_ x: Double) -> Double { x.isNaN ? 0 : min(max(x, 0), 1) }

        let sparcs = [rep.smoothness.concentric?.sparc, rep.smoothness.eccentric?.sparc].compactMap { $0 }
        let control = sparcs.isEmpty ? nil : Component(
            value: sparcs.reduce(0) { $0 + clamp(($1 - s.roughSPARC) / (s.smoothSPARC - s.roughSPARC)) }
                / Double(sparcs.count),
            weight: s.controlWeight)

        // Relative error per phase, less the tolerance; the eccentric counts only when short.
        let r = reference.tempo, t = rep.tempo
        var errors: [Double] = []
        if r.eccentric > 0 { errors.append(max(r.eccentric - t.eccentric, 0) / r.eccentric) }
        if r.concentric > 0 { errors.append(abs(t.concentric - r.concentric) / r.concentric) }
        for (actual, target) in [(t.bottomPause, r.bottomPause), (t.topPause, r.topPause)] {
            if let actual, let target { errors.append(abs(actual - target) / max(target, 1)) }
        }
        let tempo = errors.isEmpty ? nil : Component(
            value: clamp(1 - errors.reduce(0) { $0 + max($1 - s.tempoTolerance, 0) } / Double(errors.count)),
            weight: s.tempoWeight)

        let p = configuration.partialFraction
        let ratio = reference.typicalRange > 0 ? rep.rangeOfMotion / reference.typicalRange : 1
        let range = Component(value: clamp((ratio - p) / (s.fullRangeFraction - p)), weight: s.rangeWeight)

        var symmetry: Component?
        if let a = rep.asymmetry, let largest = a.largestIndex {
            symmetry = Component(
                value: clamp(1 - (abs(largest.value) - s.symmetryTolerance) / (s.symmetryLimit - s.symmetryTolerance)),
                weight: s.symmetryWeight)
        }

        let penalties = rep.flags.compactMap { flag -> Penalty? in
            let points = s.penalty(for: flag.kind) * clamp(flag.severity)
            return points > 0 ? Penalty(kind: flag.kind, points: points) : nil
        }
        self.init(control: control, tempo: tempo, range: range, symmetry: symmetry, penalties: penalties)
    }
}

extension ScoreReference {
    /// The reference of a set's reps: their typical range, and the target
    /// tempo or else the median phase durations of the complete reps.
    init(reps: [Rep], typicalRange: Double, target: Tempo?) {
        if let target {
            self.init(typicalRange: typicalRange, tempo: target)
            return
        }
        let complete = reps.filter(\.complete)
        let pool = complete.isEmpty ? reps : complete
        func median(_ v: [Double]) -> Double? { v.isEmpty ? nil : RepSegmenter.median(v) }
        self.init(typicalRange: typicalRange, tempo: Tempo(
            eccentric: median(pool.map(\.tempo.eccentric)) ?? 0,
            bottomPause: median(pool.compactMap(\.tempo.bottomPause)),
            concentric: median(pool.map(\.tempo.concentric)) ?? 0,
            topPause: median(pool.compactMap(\.tempo.topPause))))
    }
}
