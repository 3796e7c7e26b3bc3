/// The weights and targets of the rep quality score (docs/algorithms.md,
/// "Score", justifies each default).
///
/// Part of ``AnalysisConfiguration`` as ``AnalysisConfiguration/score``. The
/// score is `100 · Σ wᵢ·cᵢ / Σ wᵢ − Σ penalties`, clamped to 0–100, where the
/// components `cᵢ` (0–1) are control, tempo, range and symmetry, and each
/// momentum flag subtracts its penalty times its severity.
public struct ScoreConfiguration: Sendable, Hashable, Codable {
    /// The tempo the reps should follow; nil scores each rep's tempo against
    /// its set's median phase durations instead. A pause of the target may be
    /// nil: that pause is not scored. Default nil.
    public var targetTempo: Tempo?
    /// Weight of control: the smoothness of each movement phase. Default 0.35.
    public var controlWeight = 0.35
    /// Weight of tempo adherence. Default 0.2.
    public var tempoWeight = 0.2
    /// Weight of range: the rep's range against its set's typical range. Default 0.25.
    public var rangeWeight = 0.25
    /// Weight of symmetry between the cables (two-cable reps only). Default 0.2.
    public var symmetryWeight = 0.2
    /// Points a `ballistic` flag of severity 1 subtracts. Default 60.
    public var ballisticPenalty = 60.0
    /// Points a `bounce` flag of severity 1 subtracts. Default 30.
    public var bouncePenalty = 30.0
    /// Points a `dropped_eccentric` flag of severity 1 subtracts. Default 60.
    public var droppedEccentricPenalty = 60.0
    /// Points a `jerky` flag of severity 1 subtracts. Default 60.
    public var jerkyPenalty = 60.0
    /// A phase whose SPARC is at or above this has full control (a
    /// minimum-jerk phase has −1.40). Default −1.6.
    public var smoothSPARC = -1.6
    /// A phase whose SPARC is at or below this has no control. Default −3.0.
    public var roughSPARC = -3.0
    /// A rep reaching this fraction of its set's typical range has full range;
    /// the range component falls linearly to 0 at
    /// ``AnalysisConfiguration/partialFraction``. Default 0.95.
    public var fullRangeFraction = 0.95
    /// Relative tempo error forgiven in each phase (a person counting seconds
    /// is this close). Default 0.15.
    public var tempoTolerance = 0.15
    /// Asymmetry index forgiven (%): below it, symmetry is full. Default 5 %.
    public var symmetryTolerance = 5.0
    /// Asymmetry index at which symmetry reaches 0 (%). Default 20 %.
    public var symmetryLimit = 20.0

    /// The defaults.
    public init() {}

    /// The penalty of a flag of severity 1 (points); 0 for the kinds scored
    /// as components (`partial` by range, `asymmetric` by symmetry).
    public func penalty(for kind: RepFlag.Kind) -> Double {
        switch kind {
        case .ballistic: ballisticPenalty
        case .bounce: bouncePenalty
        case .droppedEccentric: droppedEccentricPenalty
        case .jerky: jerkyPenalty
        case .partial, .asymmetric: 0
        }
    }

    enum CodingKeys: String, CodingKey {
        case targetTempo = "target_tempo", controlWeight = "control_weight", tempoWeight = "tempo_weight"
        case rangeWeight = "range_weight", symmetryWeight = "symmetry_weight"
        case ballisticPenalty = "ballistic_penalty", bouncePenalty = "bounce_penalty"
        case droppedEccentricPenalty = "dropped_eccentric_penalty", jerkyPenalty = "jerky_penalty"
        case smoothSPARC = "smooth_sparc", roughSPARC = "rough_sparc", fullRangeFraction = "full_range_fraction"
        case tempoTolerance = "tempo_tolerance", symmetryTolerance = "symmetry_tolerance_pct"
        case symmetryLimit = "symmetry_limit_pct"
    }

    /// Reads the keys present; a missing key keeps its default, an unknown key is an error. The target
    /// tempo is written as coaches write it, `"3-1-2-0"`.
    public init(from decoder: any Decoder) throws {
        try AnyKey.rejectUnknown(CodingKeys.self, in: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try c.decodeIfPresent(String.self, forKey: .targetTempo) {
            guard let tempo = Tempo(text) else {
                throw DecodingError.dataCorruptedError(forKey: .targetTempo, in: c,
                                                       debugDescription: "not a tempo like 3-1-2-0: \(text)")
            }
            targetTempo = tempo
        }
        try c.update(&controlWeight, forKey: .controlWeight)
        try c.update(&tempoWeight, forKey: .tempoWeight)
        try c.update(&rangeWeight, forKey: .rangeWeight)
        try c.update(&symmetryWeight, forKey: .symmetryWeight)
        try c.update(&ballisticPenalty, forKey: .ballisticPenalty)
        try c.update(&bouncePenalty, forKey: .bouncePenalty)
        try c.update(&droppedEccentricPenalty, forKey: .droppedEccentricPenalty)
        try c.update(&jerkyPenalty, forKey: .jerkyPenalty)
        try c.update(&smoothSPARC, forKey: .smoothSPARC)
        try c.update(&roughSPARC, forKey: .roughSPARC)
        try c.update(&fullRangeFraction, forKey: .fullRangeFraction)
        try c.update(&tempoTolerance, forKey: .tempoTolerance)
        try c.update(&symmetryTolerance, forKey: .symmetryTolerance)
        try c.update(&symmetryLimit, forKey: .symmetryLimit)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(targetTempo?.target, forKey: .targetTempo)
        try c.encode(controlWeight, forKey: .controlWeight)
        try c.encode(tempoWeight, forKey: .tempoWeight)
        try c.encode(rangeWeight, forKey: .rangeWeight)
        try c.encode(symmetryWeight, forKey: .symmetryWeight)
        try c.encode(ballisticPenalty, forKey: .ballisticPenalty)
        try c.encode(bouncePenalty, forKey: .bouncePenalty)
        try c.encode(droppedEccentricPenalty, forKey: .droppedEccentricPenalty)
        try c.encode(jerkyPenalty, forKey: .jerkyPenalty)
        try c.encode(smoothSPARC, forKey: .smoothSPARC)
        try c.encode(roughSPARC, forKey: .roughSPARC)
        try c.encode(fullRangeFraction, forKey: .fullRangeFraction)
        try c.encode(tempoTolerance, forKey: .tempoTolerance)
        try c.encode(symmetryTolerance, forKey: .symmetryTolerance)
        try c.encode(symmetryLimit, forKey: .symmetryLimit)
    }

    func validate(partialFraction: Double) throws(AnalysisError) {
        func check(_ ok: Bool, _ name: String, _ value: Double, _ rule: String) throws(AnalysisError) {
            try AnalysisError.require(ok, "score." + name, value, rule)
        }
        for (name, w) in [("controlWeight", controlWeight), ("tempoWeight", tempoWeight),
                          ("rangeWeight", rangeWeight), ("symmetryWeight", symmetryWeight)] {
            try check(w.isFinite && w >= 0, name, w, "finite and >= 0")
        }
        let total = controlWeight + tempoWeight + rangeWeight
        try check(total > 0, "controlWeight + tempoWeight + rangeWeight", total, "> 0")
        for (name, p) in [("ballisticPenalty", ballisticPenalty), ("bouncePenalty", bouncePenalty),
                          ("droppedEccentricPenalty", droppedEccentricPenalty), ("jerkyPenalty", jerkyPenalty)] {
            try check(p.isFinite && p >= 0 && p <= 100, name, p, "in [0, 100] points")
        }
        try check(smoothSPARC.isFinite && smoothSPARC < 0, "smoothSPARC", smoothSPARC, "finite and < 0")
        try check(roughSPARC.isFinite && roughSPARC < smoothSPARC, "roughSPARC", roughSPARC, "finite and < smoothSPARC")
        try check(fullRangeFraction > partialFraction && fullRangeFraction <= 1, "fullRangeFraction",
                  fullRangeFraction, "in (partialFraction, 1]")
        try check(tempoTolerance.isFinite && tempoTolerance >= 0 && tempoTolerance < 1, "tempoTolerance",
                  tempoTolerance, "in [0, 1)")
        try check(symmetryTolerance.isFinite && symmetryTolerance >= 0, "symmetryTolerance", symmetryTolerance,
                  "finite and >= 0 %")
        try check(symmetryLimit > symmetryTolerance && symmetryLimit <= 100, "symmetryLimit", symmetryLimit,
                  "in (symmetryTolerance, 100] %")
        if let t = targetTempo {
            let ok = t.eccentric > 0 && t.concentric > 0 && (t.bottomPause ?? 0) >= 0 && (t.topPause ?? 0) >= 0
                && t.total.isFinite
            try check(ok, "targetTempo", t.total, "durations > 0 s for the movements and >= 0 s for the pauses")
        }
    }
}
