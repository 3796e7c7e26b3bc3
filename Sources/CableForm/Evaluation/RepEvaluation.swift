/// A rep as an analyzer found it, reduced to what can be scored against the
/// truth: its interval, its phases when measured, and whether it was complete.
public struct DetectedRep: Sendable, Hashable {
    /// Onset of the first movement phase (s).
    public var start: Double
    /// End of the last movement phase (s).
    public var end: Double
    /// Phase durations (s), when the analyzer measured them.
    public var tempo: Tempo?
    /// False for a rep reported as partial.
    public var complete: Bool
    /// The kinds of flag raised on the rep (`ballistic`, `bounce`, ...), as in
    /// the truth's fault names.
    public var flags: Set<String>

    /// Creates a detected rep.
    public init(start: Double, end: Double, tempo: Tempo? = nil, complete: Bool = true, flags: Set<String> = []) {
        self.start = start
        self.end = end
        self.tempo = tempo
        self.complete = complete
        self.flags = flags
    }
}

/// How well detected reps match the ground truth: the figures the reps issue
/// sets targets on.
public struct RepEvaluation: Sendable, Hashable {
    /// True reps (complete and partial).
    public var trueReps: Int
    /// Detected reps.
    public var detectedReps: Int
    /// Pairs matched one to one: a detection matches a true rep when their
    /// intervals overlap by at least half of the true rep's duration.
    public var matched: Int
    /// `matched / detectedReps` (1 when nothing was detected and nothing was true).
    public var precision: Double
    /// `matched / trueReps`.
    public var recall: Double
    /// The harmonic mean of precision and recall.
    public var f1: Double
    /// Sets whose count of complete detected reps equals the true count of
    /// complete reps, over all sets. A detection belongs to the set whose span
    /// (from set-up end to set-down start) contains its midpoint.
    public var exactCountSets: Int
    /// The number of sets.
    public var sets: Int
    /// Per true set, in order: its count of complete reps and the count of
    /// complete detections assigned to it (as for ``exactCountSets``).
    public var setCounts: [SetCount]

    /// One set's true and detected counts of complete reps.
    public struct SetCount: Sendable, Hashable {
        /// Complete reps in the truth.
        public var truth: Int
        /// Complete detections whose midpoint lies in the set.
        public var detected: Int

        /// Creates a pair of counts.
        public init(truth: Int, detected: Int) {
            self.truth = truth
            self.detected = detected
        }
    }
    /// |start error| and |end error| of every matched rep (s), unsorted.
    public var boundaryErrors: [Double]
    /// |duration error| of every phase measured on both sides (s).
    public var phaseErrors: [Double]
    /// Tempo digits compared (phases whose true duration is not within 0.2 s of
    /// a rounding boundary), and how many were exactly right.
    public var tempoDigits: Int
    /// Exactly right tempo digits.
    public var tempoDigitsExact: Int
    /// True partial reps, and how many were matched by a detection flagged partial.
    public var truePartials: Int
    /// Partial reps recalled.
    public var partialsRecalled: Int
    /// Unmatched detections whose midpoint lies outside every true rep — in a
    /// set-up, a set-down, a hold, a rest or a pause: ghost reps.
    public var ghostReps: Int
    /// Per flag kind (the names of ``RepFlag/Kind``), flags raised against the
    /// faults injected into the true reps: a flag on a matched rep is a true
    /// positive when its true rep has that fault; flags on unmatched
    /// detections are false positives, faults of unmatched true reps misses.
    public var flagScores: [String: FlagScore]

    /// How one kind of flag fared.
    public struct FlagScore: Sendable, Hashable {
        /// Flags raised where the fault was.
        public var truePositives = 0
        /// Flags raised where it was not.
        public var falsePositives = 0
        /// Faults without a flag.
        public var falseNegatives = 0

        /// Creates a score.
        public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0) {
            self.truePositives = truePositives
            self.falsePositives = falsePositives
            self.falseNegatives = falseNegatives
        }
        /// `tp / (tp + fp)`, 1 when nothing was flagged.
        public var precision: Double {
            truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        }
        /// `tp / (tp + fn)`, 1 when there was nothing to find.
        public var recall: Double {
            truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
        }
    }

    /// False flags of every kind per 100 detected reps.
    public var falseFlagsPer100Reps: Double {
        detectedReps == 0 ? 0 : 100 * Double(flagScores.values.reduce(0) { $0 + $1.falsePositives }) / Double(detectedReps)
    }

    /// The median absolute boundary error (s).
    public var medianBoundaryError: Double { Self.quantile(boundaryErrors, 0.5) }
    /// The 95th percentile absolute boundary error (s).
    public var p95BoundaryError: Double { Self.quantile(boundaryErrors, 0.95) }
    /// The fraction of phase durations within `limit` seconds of the truth.
    public func phaseAccuracy(within limit: Double = 0.15) -> Double {
        phaseErrors.isEmpty ? 1 : Double(phaseErrors.filter { $0 <= limit }.count) / Double(phaseErrors.count)
    }

    /// Scores `detected` against `truth`.
    ///
    /// The truth's `asymmetry` is a set-level fault; each rep of such a set
    /// is expected to carry the `asymmetric` flag when the set's true index
    /// is at least `asymmetryThreshold` (%) — the analyzer's
    /// ``FlagThresholds/asymmetryPercent`` — and expected not to when it is
    /// below. Sets whose true index lies within `asymmetryMargin` (%) of the
    /// threshold are not scored for that kind: the measured index is only
    /// that close to the truth (1.5 points is the index's accuracy target).
    public init(detected: [DetectedRep], truth: GroundTruth, asymmetryThreshold: Double = 10,
                asymmetryMargin: Double = 1.5) {
        let truthReps = truth.sets.flatMap(\.reps)
        // The flag kinds each true rep should carry, and those not scored, by start time.
        var expected: [Double: Set<String>] = [:], unscored: [Double: Set<String>] = [:]
        for set in truth.sets {
            let uneven = set.faults.contains("asymmetry")
            let index = abs(set.asymmetryIndexPercent)
            for rep in set.reps {
                var kinds = Set(rep.faults.map(\.kind))
                if uneven && abs(index - asymmetryThreshold) < asymmetryMargin {
                    unscored[rep.start] = [RepFlag.Kind.asymmetric.rawValue]
                } else if uneven && index >= asymmetryThreshold {
                    kinds.insert(RepFlag.Kind.asymmetric.rawValue)
                }
                expected[rep.start] = kinds
            }
        }
        let detections = detected.sorted { $0.start < $1.start }
        // One-to-one matching, greedy by overlap, true reps in time order.
        var used = [Bool](repeating: false, count: detections.count)
        var pairs: [(GroundTruth.TruthRep, DetectedRep)] = []
        for rep in truthReps {
            let duration = rep.end - rep.start
            var best: Int?
            var bestOverlap = 0.5 * duration
            for (k, d) in detections.enumerated() where !used[k] {
                let overlap = min(rep.end, d.end) - max(rep.start, d.start)
                if overlap >= bestOverlap {
                    best = k
                    bestOverlap = overlap
                }
            }
            if let best {
                used[best] = true
                pairs.append((rep, detections[best]))
            }
        }
        trueReps = truthReps.count
        detectedReps = detections.count
        matched = pairs.count
        precision = detectedReps == 0 ? (trueReps == 0 ? 1 : 0) : Double(matched) / Double(detectedReps)
        recall = trueReps == 0 ? 1 : Double(matched) / Double(trueReps)
        f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)

        sets = truth.sets.count
        setCounts = truth.sets.map { set in
            let inSet = detections.filter { d in
                let mid = (d.start + d.end) / 2
                return mid >= set.setup.end && mid <= set.setdown.start && d.complete
            }
            return SetCount(truth: set.reps.filter(\.complete).count, detected: inSet.count)
        }
        exactCountSets = setCounts.filter { $0.truth == $0.detected }.count

        boundaryErrors = pairs.flatMap { [abs($0.1.start - $0.0.start), abs($0.1.end - $0.0.end)] }
        var phaseErrors: [Double] = []
        var digits = 0, exact = 0
        for (t, d) in pairs {
            guard let tempo = d.tempo else { continue }
            let phases: [(Double?, Double?)] = [(t.eccentric, tempo.eccentric), (t.bottomPause, tempo.bottomPause),
                                                (t.concentric, tempo.concentric), (t.topPause, tempo.topPause)]
            for case let (truthValue?, measured?) in phases {
                phaseErrors.append(abs(measured - truthValue))
                // Skip phases within 0.2 s of a rounding boundary (n + 0.5 s).
                let fraction = truthValue - truthValue.rounded(.down)
                if abs(fraction - 0.5) >= 0.2 {
                    digits += 1
                    if measured.rounded() == truthValue.rounded() { exact += 1 }
                }
            }
        }
        self.phaseErrors = phaseErrors
        tempoDigits = digits
        tempoDigitsExact = exact
        truePartials = truthReps.filter { !$0.complete }.count
        partialsRecalled = pairs.filter { !$0.0.complete && !$0.1.complete }.count

        // Ghosts: unmatched detections outside every true rep.
        var ghosts = 0
        for (k, d) in detections.enumerated() where !used[k] {
            let mid = (d.start + d.end) / 2
            let inRep = truthReps.contains { mid >= $0.start && mid <= $0.end }
            if !inRep { ghosts += 1 }
        }
        ghostReps = ghosts

        var scores: [String: FlagScore] = [:]
        for kind in RepFlag.Kind.allCases { scores[kind.rawValue] = FlagScore() }
        let kinds = Set(RepFlag.Kind.allCases.map(\.rawValue))
        for (t, d) in pairs {
            let skip = unscored[t.start] ?? []
            let faults = (expected[t.start] ?? []).intersection(kinds).subtracting(skip)
            let flags = d.flags.intersection(kinds).subtracting(skip)
            for k in flags.union(faults) {
                switch (flags.contains(k), faults.contains(k)) {
                case (true, true): scores[k, default: FlagScore()].truePositives += 1
                case (true, false): scores[k, default: FlagScore()].falsePositives += 1
                default: scores[k, default: FlagScore()].falseNegatives += 1
                }
            }
        }
        for (k, d) in detections.enumerated() where !used[k] {
            for f in d.flags.intersection(kinds) { scores[f, default: FlagScore()].falsePositives += 1 }
        }
        let matchedTruth = Set(pairs.map { $0.0.start })
        for t in truthReps where !matchedTruth.contains(t.start) {
            let faults = (expected[t.start] ?? []).intersection(kinds).subtracting(unscored[t.start] ?? [])
            for f in faults { scores[f, default: FlagScore()].falseNegatives += 1 }
        }
        flagScores = scores
    }

    /// The `q`-quantile of `values` by linear interpolation (NumPy's default); 0 when empty.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted()
        let position = q * Double(s.count - 1)
        let lo = Int(position.rounded(.down)), hi = min(lo + 1, s.count - 1)
        return s[lo] + (s[hi] - s[lo]) * (position - Double(lo))
    }
}

extension GroundTruth {
    /// The truth's reps as detections: what a perfect analyzer would report.
    /// A set's `asymmetry` fault becomes the `asymmetric` flag of its reps when
    /// its index reaches the default threshold, 10 %.
    public var perfectDetections: [DetectedRep] {
        sets.flatMap { set in
            let uneven = set.faults.contains("asymmetry") && abs(set.asymmetryIndexPercent) >= 10
            return set.reps.map {
                DetectedRep(start: $0.start, end: $0.end,
                            tempo: Tempo(eccentric: $0.eccentric, bottomPause: $0.bottomPause,
                                         concentric: $0.concentric, topPause: $0.topPause),
                            complete: $0.complete,
                            flags: Set($0.faults.map(\.kind) + (uneven ? [RepFlag.Kind.asymmetric.rawValue] : [])))
            }
        }
    }
}

extension SessionReport {
    /// Every rep of every set, reduced to what ``RepEvaluation`` scores.
    public var detectedReps: [DetectedRep] {
        sets.flatMap(\.reps).map {
            DetectedRep(start: $0.start, end: $0.end, tempo: $0.tempo, complete: $0.complete,
                        flags: Set($0.flags.map(\.kind.rawValue)))
        }
    }
}

extension RepEvaluation {
    /// Scores a report against the truth, with the report's own asymmetry threshold.
    public init(report: SessionReport, truth: GroundTruth) {
        self.init(detected: report.detectedReps, truth: truth,
                  asymmetryThreshold: report.configuration.flags.asymmetryPercent)
    }
}
