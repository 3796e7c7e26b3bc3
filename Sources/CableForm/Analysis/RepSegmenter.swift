/// Turns movements into reps, holds and sets (the rules of docs/algorithms.md,
/// "Reps and sets").
///
/// It sees each movement once, when its end is decided, and a clock tick per
/// grid sample for the rest and release timers. Its state is a handful of
/// phases and the open set, so it does not grow with the session (the open
/// set's reps grow with the set).
struct RepSegmenter {
    let configuration: AnalysisConfiguration
    let cables: [CableName]
    /// The load per cable declared by the session (kg), if any.
    let declaredLoad: Double?

    private enum State {
        /// No set open; `candidate` is a pull that may be a set-up or a rep's first phase.
        case idle(candidate: PhaseSpan?)
        /// A set is open and no rep is under way.
        case betweenReps
        /// A rep's first phase (it may still be joined by a stall's second half);
        /// `announced` once its end has been reported.
        case firstPhase(PhaseSpan, announced: Bool)
        /// A rep's second phase has not yet come back to where the rep started.
        case secondPhase(PhaseSpan, PhaseSpan)
    }

    private struct OpenSet {
        var index: Int
        var firstPhase: MovementPhase
        var reps: [Rep] = []
        var holds: [Hold] = []
        /// End of the last rep or hold (s).
        var lastEnd: Double
    }

    private var state = State.idle(candidate: nil) {
        didSet {
            switch state {
            case .idle: stage = .idle
            case .betweenReps: stage = .betweenReps
            case .firstPhase: stage = .firstPhase
            case let .secondPhase(_, p2):
                stage = .secondPhase
                secondPhaseEnd = p2.end
            }
        }
    }
    /// ``state`` without its phases, and the end of the second phase while
    /// it is `.secondPhase` (s): what the per-sample clock reads, so that it
    /// does not copy the phases on every sample.
    private enum Stage { case idle, betweenReps, firstPhase, secondPhase }
    private var stage = Stage.idle
    private var secondPhaseEnd = 0.0
    private var open: OpenSet?
    private(set) var sets: [RepSet] = []
    /// The lowest mean position seen: home, fully retracted (m).
    private var home = Double.infinity
    /// Since when the handles have rested at home (s).
    private var homeSince: Double?

    init(configuration: AnalysisConfiguration, cables: [CableName], declaredLoad: Double?) {
        self.configuration = configuration
        self.cables = cables
        self.declaredLoad = declaredLoad
    }

    private func atHome(_ x: Double) -> Bool { x <= home + configuration.homeTolerance }

    // MARK: Clock

    /// Advances the clock to grid sample `k` (after its movement, if any).
    /// `moving` says whether a movement is under way: the rest limit counts
    /// time without movement, so it never fires during one.
    @inline(__always)
    mutating func tick(_ k: Int, _ h: SampleHistory, moving: Bool, events: inout [AnalysisEvent]) {
        let x = h.x(k), t = h.t(k)
        guard x.isFinite else { return }
        home = min(home, x)
        if atHome(x) {
            if homeSince == nil { homeSince = t }
        } else {
            homeSince = nil
        }
        let released = homeSince.map { t - $0 > configuration.releaseLimit } ?? false
        switch stage {
        case .betweenReps:
            // Read field by field: copying the open set per sample would retain its arrays.
            guard let lastEnd = open?.lastEnd, let firstPhase = open?.firstPhase else { break }
            if released {
                closeSet(at: t, events: &events)
            } else if !moving && t - lastEnd > configuration.restLimit {
                // A rest with the handles still out: the next set goes on in the same order.
                closeSet(at: t, events: &events)
                openSet(firstPhase, at: t)
                state = .betweenReps
            }
        case .firstPhase:
            // A first phase waits for its return however long the handle is held
            // out (a hold); only a release ends it.
            if released, let o = open {
                events.append(.repDiscarded(set: o.index, rep: o.reps.count, decidedAt: t))
                state = .betweenReps
                closeSet(at: t, events: &events)
            }
        case .secondPhase:
            if released || (!moving && t - secondPhaseEnd > configuration.restLimit),
               case let .secondPhase(p1, p2) = state {
                completeRep(p1, p2, at: t, h, events: &events)
            }
        case .idle:
            break
        }
    }

    /// A movement opposite to a rep's first phase has begun: that phase is over.
    mutating func movementStarted(direction: Int, at t: Double, events: inout [AnalysisEvent]) {
        if case let .firstPhase(p1, false) = state, direction == -p1.direction, let o = open {
            events.append(.phaseCompleted(set: o.index, rep: o.reps.count, phase: p1.phase,
                                          start: p1.start, end: p1.end, decidedAt: t))
            state = .firstPhase(p1, announced: true)
        }
    }

    // MARK: Movements

    /// Takes a finished movement, decided at time `t`.
    mutating func take(_ m: Movement, at t: Double, _ h: SampleHistory, events: inout [AnalysisEvent]) {
        let fromHome = atHome(m.startPosition), toHome = atHome(m.endPosition)
        switch state {
        case let .idle(candidate):
            guard var c = candidate else {
                if m.direction > 0 { state = .idle(candidate: PhaseSpan(m, h)) }
                return  // an inward movement with nothing before it: a set-down
            }
            let cFromHome = atHome(c.startPosition)
            if m.direction > 0 && fromHome {
                // A new pull from home: the candidate went back unseen (a fidget).
                state = .idle(candidate: PhaseSpan(m, h))
            } else if m.direction > 0 {
                if cFromHome {
                    // The candidate was the set-up: concentric-first reps follow.
                    openSet(.concentric, at: m.start)
                    beginRep(PhaseSpan(m, h), at: t, events: &events)
                } else {
                    c.extend(with: m, h)
                    state = .idle(candidate: c)
                }
            } else if toHome || !cFromHome {
                // A cycle out and back: a rep (or a hold) that starts concentric —
                // unless it is too small to be one (a fidget), which passes silently.
                guard max(abs(c.travel), abs(m.endPosition - m.startPosition)) >= 0.5 * configuration.minimumRange else {
                    state = .idle(candidate: nil)
                    return
                }
                openSet(.concentric, at: c.start)
                let p2 = PhaseSpan(m, h)
                events.append(.repStarted(set: open!.index, rep: 0, start: c.start, decidedAt: t))
                events.append(.phaseCompleted(set: open!.index, rep: 0, phase: c.phase, start: c.start,
                                              end: c.end, decidedAt: t))
                if returned(c, p2) || toHome {
                    completeRep(c, p2, at: t, h, events: &events)
                } else {
                    state = .secondPhase(c, p2)
                }
            } else {
                // Out from home, then in but not home: eccentric-first reps from the top.
                openSet(.eccentric, at: m.start)
                beginRep(PhaseSpan(m, h), at: t, events: &events)
            }

        case .betweenReps:
            let first = open!.firstPhase == .concentric ? 1 : -1
            if m.direction < 0 && toHome {
                closeSet(at: t, events: &events)  // the set-down
            } else if m.direction == first {
                beginRep(PhaseSpan(m, h), at: t, events: &events)
            }
            // Otherwise a stray continuation of the last rep's last phase: ignored.

        case .firstPhase(var p1, let announced):
            if m.direction == p1.direction {
                if m.direction < 0 && toHome {
                    state = .betweenReps  // went home instead of turning: no rep
                    events.append(.repDiscarded(set: open!.index, rep: open!.reps.count, decidedAt: t))
                    closeSet(at: t, events: &events)
                } else {
                    p1.extend(with: m, h)  // a stall inside the phase
                    state = .firstPhase(p1, announced: false)
                }
            } else {
                if !announced {
                    events.append(.phaseCompleted(set: open!.index, rep: open!.reps.count, phase: p1.phase,
                                                  start: p1.start, end: p1.end, decidedAt: t))
                }
                let p2 = PhaseSpan(m, h)
                if returned(p1, p2) || (m.direction < 0 && toHome) {
                    completeRep(p1, p2, at: t, h, events: &events)
                } else {
                    state = .secondPhase(p1, p2)
                }
            }

        case .secondPhase(let p1, var p2):
            if m.direction == p2.direction {
                p2.extend(with: m, h)
                if returned(p1, p2) || (m.direction < 0 && toHome) {
                    completeRep(p1, p2, at: t, h, events: &events)
                } else {
                    state = .secondPhase(p1, p2)
                }
            } else {
                completeRep(p1, p2, at: t, h, events: &events)
                take(m, at: t, h, events: &events)
            }
        }
    }

    /// Whether `second` came back to within a quarter of `first`'s travel of where `first` started.
    private func returned(_ first: PhaseSpan, _ second: PhaseSpan) -> Bool {
        let back = Double(first.direction) * (second.endPosition - first.startPosition)
        return back <= 0.25 * abs(first.travel)
    }

    private mutating func openSet(_ firstPhase: MovementPhase, at t: Double) {
        if open == nil { open = OpenSet(index: sets.count, firstPhase: firstPhase, lastEnd: t) }
    }

    private mutating func beginRep(_ p1: PhaseSpan, at t: Double, events: inout [AnalysisEvent]) {
        let o = open!
        events.append(.repStarted(set: o.index, rep: o.reps.count, start: p1.start, decidedAt: t))
        state = .firstPhase(p1, announced: false)
    }

    private mutating func completeRep(_ p1: PhaseSpan, _ p2: PhaseSpan, at t: Double, _ h: SampleHistory,
                                      events: inout [AnalysisEvent]) {
        state = .betweenReps
        guard var o = open else { return }
        defer {
            if o.reps.isEmpty && o.holds.isEmpty {
                open = nil
                state = .idle(candidate: nil)
            } else {
                open = o
            }
        }
        let pause = p2.start - p1.end
        if p1.direction > 0 && pause > configuration.holdLimit {
            events.append(.repDiscarded(set: o.index, rep: o.reps.count, decidedAt: t))
            let hold = Hold(start: p1.end, end: p2.start,
                            meanForce: RepMeasurement.meanForce(from: p1, to: p2, history: h),
                            cables: heldCables(p1, p2, h))
            o.holds.append(hold)
            o.lastEnd = p2.end
            events.append(.holdCompleted(set: o.index, hold: hold, decidedAt: t))
            return
        }
        guard p2.end - p1.start <= configuration.maximumRepDuration,
              var rep = RepMeasurement.measure(first: p1, second: p2, index: o.reps.count, cables: cables,
                                               configuration: configuration, history: h),
              rep.rangeOfMotion >= configuration.minimumRange
        else {
            events.append(.repDiscarded(set: o.index, rep: o.reps.count, decidedAt: t))
            return
        }
        // The pause after the previous rep, which belongs to it.
        if let last = o.reps.indices.last {
            let gap = max(rep.start - o.reps[last].end, 0)
            if o.firstPhase == .concentric { o.reps[last].tempo.bottomPause = gap } else { o.reps[last].tempo.topPause = gap }
            o.reps[last].timeUnderTension += gap
        }
        let ranges = o.reps.map(\.rangeOfMotion) + [rep.rangeOfMotion]
        let typical = Self.typicalRange(ranges)
        rep.complete = rep.rangeOfMotion >= configuration.partialFraction * typical
        if !rep.complete { rep.flags.append(.partial(at: rep.start, range: rep.rangeOfMotion, typical: typical)) }
        o.reps.append(rep)
        o.lastEnd = rep.end
        events.append(.phaseCompleted(set: o.index, rep: rep.index, phase: p2.phase, start: p2.start, end: p2.end,
                                      decidedAt: t))
        events.append(.repCompleted(set: o.index, rep: rep, decidedAt: t))
    }

    private func heldCables(_ p1: PhaseSpan, _ p2: PhaseSpan, _ h: SampleHistory) -> [CableName] {
        let k = h.index(atOrBefore: p2.start, near: p2.peakIndex)
        let out = (0..<h.cableCount).map { h.x($0, k) }
        let far = out.max() ?? 0
        return (0..<h.cableCount).filter { out[$0] >= 0.25 * far && out[$0] > home + configuration.homeTolerance }
            .map { cables[$0] }
    }

    /// Closes the open set at time `t`: final partial judgement, set measures.
    private mutating func closeSet(at t: Double, events: inout [AnalysisEvent]) {
        state = .idle(candidate: nil)
        guard var o = open else { return }
        open = nil
        guard !o.reps.isEmpty || !o.holds.isEmpty else { return }
        let typical = Self.typicalRange(o.reps.map(\.rangeOfMotion))
        for k in o.reps.indices {
            o.reps[k].complete = o.reps[k].rangeOfMotion >= configuration.partialFraction * typical
            o.reps[k].flags.removeAll { $0.kind == .partial }
            if !o.reps[k].complete {
                o.reps[k].flags.append(.partial(at: o.reps[k].start, range: o.reps[k].rangeOfMotion, typical: typical))
            }
        }
        let control = RepFlag.control(o.reps, firstPhase: o.firstPhase, thresholds: configuration.flags)
        let uneven = RepFlag.asymmetric(o.reps, firstPhase: o.firstPhase, thresholds: configuration.flags)
        let reference = ScoreReference(reps: o.reps, typicalRange: typical, target: configuration.score.targetTempo)
        for k in o.reps.indices {
            o.reps[k].flags += control[k]
            if let flag = uneven[k] { o.reps[k].flags.append(flag) }
            o.reps[k].flags.sort { $0.time < $1.time }
            let components = ScoreComponents(rep: o.reps[k], reference: reference, configuration: configuration)
            o.reps[k].scoreComponents = components
            o.reps[k].score = components.score
        }
        let set = Self.summarize(o.reps, holds: o.holds, index: o.index, firstPhase: o.firstPhase,
                                 declaredLoad: declaredLoad)
        sets.append(set)
        events.append(.setCompleted(set, decidedAt: t))
    }

    /// Ends the stream at time `t`: a rep waiting for its return is completed
    /// as it is, and the open set is closed.
    mutating func finish(at t: Double, _ h: SampleHistory, events: inout [AnalysisEvent]) {
        if case let .secondPhase(p1, p2) = state { completeRep(p1, p2, at: t, h, events: &events) }
        closeSet(at: t, events: &events)
    }

    // MARK: Set measures

    static func summarize(_ reps: [Rep], holds: [Hold], index: Int, firstPhase: MovementPhase,
                          declaredLoad: Double?) -> RepSet {
        let complete = reps.filter(\.complete)
        let velocities = complete.map(\.meanConcentricVelocity)
        let best = velocities.max()
        var loss: Double?
        if velocities.count >= 2, let best, best > 0 { loss = 100 * (best - velocities.last!) / best }
        func cv(_ values: [Double]) -> Double? {
            guard values.count >= 2 else { return nil }
            let mean = values.reduce(0, +) / Double(values.count)
            guard mean > 0 else { return nil }
            let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            return (ss / Double(values.count - 1)).squareRoot() / mean
        }
        let consistency = TempoConsistency(
            eccentric: cv(reps.map(\.tempo.eccentric)), bottomPause: cv(reps.compactMap(\.tempo.bottomPause)),
            concentric: cv(reps.map(\.tempo.concentric)), topPause: cv(reps.compactMap(\.tempo.topPause)))
        var load = declaredLoad, source: LoadSource? = declaredLoad == nil ? nil : .metadata
        if load == nil, !complete.isEmpty {
            load = complete.map(\.meanConcentricForce).reduce(0, +) / Double(complete.count) / Self.gravity
            source = .measured
        }
        let scores = complete.compactMap(\.score)
        let meanScore = scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
        var trend: Double?
        if scores.count >= 3 {
            // Least-squares slope of score against rep number 0, 1, 2, …
            let n = Double(scores.count), xMean = (n - 1) / 2
            var sxy = 0.0, sxx = 0.0
            for (i, y) in scores.enumerated() {
                sxy += (Double(i) - xMean) * (y - meanScore!)
                sxx += (Double(i) - xMean) * (Double(i) - xMean)
            }
            trend = sxy / sxx
        }
        let starts = reps.map(\.start) + holds.map(\.start), ends = reps.map(\.end) + holds.map(\.end)
        return RepSet(
            index: index, start: starts.min() ?? 0, end: ends.max() ?? 0, firstPhase: firstPhase,
            repCount: complete.count, velocityLossPercent: loss, tempoConsistency: consistency, load: load,
            loadSource: source, bestMeanConcentricVelocity: best, holds: holds, meanScore: meanScore,
            scoreTrend: trend, reps: reps)
    }

    /// Standard gravity (m/s²), converting a force to a load in kg.
    static let gravity = 9.80665

    /// A set's typical range of motion (m): the median of the upper half of
    /// its reps' ranges, so that up to half the reps may be partial without
    /// dragging the reference down.
    static func typicalRange(_ ranges: [Double]) -> Double {
        let s = ranges.sorted()
        return median(Array(s[(s.count / 2)...]))
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let s = values.sorted()
        let m = s.count / 2
        return s.count % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m])
    }
}
