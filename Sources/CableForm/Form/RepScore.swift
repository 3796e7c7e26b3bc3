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
        var weight = 0.0, weighted = 0.0
        for part in [control, tempo, range, symmetry] {
            if let part {
                weight += part.weight
                weighted += part.weight * part.value
            }
        }
        var points = 0.0
        for penalty in penalties { points += penalty.points }
        score = min(max((weight > 0 ? 100 * weighted / weight : 100) - points, 0), 100)
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

        var control: Component?
        var controlSum = 0.0, phases = 0
        for sparc in [rep.smoothness.concentric?.sparc, rep.smoothness.eccentric?.sparc] {
            if let sparc {
                controlSum += clamp((sparc - s.roughSPARC) / (s.smoothSPARC - s.roughSPARC))
                phases += 1
            }
        }
        if phases > 0 { control = Component(value: controlSum / Double(phases), weight: s.controlWeight) }

        // Relative error per phase, less the tolerance; the eccentric counts only when short.
        let r = reference.tempo, t = rep.tempo
        var errorSum = 0.0, compared = 0
        func add(_ error: Double) {
            errorSum += max(error - s.tempoTolerance, 0)
            compared += 1
        }
        if r.eccentric > 0 { add(max(r.eccentric - t.eccentric, 0) / r.eccentric) }
        if r.concentric > 0 { add(abs(t.concentric - r.concentric) / r.concentric) }
        if let actual = t.bottomPause, let target = r.bottomPause { add(abs(actual - target) / max(target, 1)) }
        if let actual = t.topPause, let target = r.topPause { add(abs(actual - target) / max(target, 1)) }
        let tempo = compared == 0 ? nil : Component(value: clamp(1 - errorSum / Double(compared)), weight: s.tempoWeight)

        let p = configuration.partialFraction
        let ratio = reference.typicalRange > 0 ? rep.rangeOfMotion / reference.typicalRange : 1
        let range = Component(value: clamp((ratio - p) / (s.fullRangeFraction - p)), weight: s.rangeWeight)

        var symmetry: Component?
        if let a = rep.asymmetry, let largest = a.largestIndex {
            symmetry = Component(
                value: clamp(1 - (abs(largest.value) - s.symmetryTolerance) / (s.symmetryLimit - s.symmetryTolerance)),
                weight: s.symmetryWeight)
        }

        var penalties: [Penalty] = []
        for flag in rep.flags {
            let points = s.penalty(for: flag.kind) * clamp(flag.severity)
            if points > 0 { penalties.append(Penalty(kind: flag.kind, points: points)) }
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
