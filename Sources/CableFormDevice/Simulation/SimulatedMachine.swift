import CableForm

/// A simulated session and the truth about it.
public struct SimulatedSession: Sendable, Hashable {
    /// The samples, as a recording of a real machine would hold them.
    public var session: Session
    /// What really happened: sets, reps, phases, holds, faults.
    public var truth: GroundTruth
}

/// A physically honest cable machine with a simulated athlete, for tests and
/// benchmarks where the truth must be known exactly (docs/simulator.md).
///
/// Each movement phase follows a minimum-jerk profile (or a faulty variant),
/// with rep-to-rep variation and fatigue. The cable tension is the commanded
/// load plus the inertia of handle, cable and spool (`m·a`), friction opposing
/// motion, the motor controller's ripple and load-cell noise, never below a
/// minimum tension. The sensors quantize position, jitter the clock and drop
/// samples. Between sets the handles rest retracted, with small fidgets that are
/// not reps. The same plan and seed always give the same session, bit for bit.
public struct SimulatedMachine: Sendable {
    /// The workout.
    public var plan: WorkoutPlan

    /// Standard gravity (m/s²), converting a commanded load in kg to newtons.
    public static let gravity = 9.80665

    /// Creates a machine for a plan.
    public init(plan: WorkoutPlan) { self.plan = plan }

    /// Runs the workout.
    public func run() -> SimulatedSession {
        var builder = TimelineBuilder(plan: plan)
        builder.build()
        return builder.sample()
    }
}

/// The commanded load of one cable over one set, with its ramps.
struct LoadWindow {
    var upStart: Double, upEnd: Double, downStart: Double, downEnd: Double
    var newtons: Double
    var mode: LoadMode
    var bottom: Double, range: Double
}

/// Builds every cable's trajectory and the truth, set by set, then samples them.
struct TimelineBuilder {
    let plan: WorkoutPlan
    var rng: SeededRandom
    var cables: [CableName] = []
    var segments: [CableName: [MotionSegment]] = [:]
    var loads: [CableName: [LoadWindow]] = [:]
    var truthSets: [GroundTruth.TruthSet] = []
    var now = 0.0
    /// Time a bounce's reversal lends to the following concentric phase.
    var reversalCarry = 0.0

    static let setupDuration = 1.5
    static let settle = 1.0
    static let reversalDuration = 0.08

    init(plan: WorkoutPlan) {
        self.plan = plan
        self.rng = SeededRandom(seed: plan.seed)
        for set in plan.sets {
            for c in set.exercise.cables where !cables.contains(c) { cables.append(c) }
        }
        for c in cables {
            segments[c] = []
            loads[c] = []
        }
    }

    /// Appends a segment to `cable`'s trajectory.
    mutating func add(_ cable: CableName, _ shape: MotionSegment.Shape, from: Double, to: Double,
                      start: Double, duration: Double) {
        guard duration > 0 else { return }
        segments[cable]!.append(MotionSegment(start: start, end: start + duration, from: from, to: to, shape: shape))
    }

    /// Rest for `duration` seconds with every cable retracted, fidgeting now and then.
    mutating func rest(_ duration: Double) {
        let end = now + duration
        var t = now + rng.uniform(1.5, 4)
        while t + 1.2 < end {
            // A fidget: one cable out by 1–3 cm and back — not a rep.
            let cable = cables[Int(rng.unit() * Double(cables.count))]
            let amount = rng.uniform(0.01, 0.03)
            let out = rng.uniform(0.3, 0.5), back = rng.uniform(0.3, 0.5)
            add(cable, .minimumJerk, from: 0, to: amount, start: t, duration: out)
            add(cable, .minimumJerk, from: amount, to: 0, start: t + out, duration: back)
            t += out + back + rng.uniform(3, 8)
        }
        now = end
    }

    mutating func build() {
        rest(plan.leadIn)
        for (index, set) in plan.sets.enumerated() {
            buildSet(index, set)
            rest(set.restAfter)
        }
    }

    /// A duration with rep-to-rep variation (5% standard deviation).
    mutating func vary(_ nominal: Double) -> Double {
        guard nominal > 0 else { return 0 }
        return max(nominal * (1 + 0.05 * rng.normal()), 0.3 * nominal)
    }

    mutating func buildSet(_ index: Int, _ set: SetPlan) {
        let ex = set.exercise
        let tempo = set.tempo ?? ex.tempo
        var idle: Set<CableName> = []
        var asymmetry: (side: CableName, fraction: Double, lag: Double)?
        for fault in set.faults {
            if case let .idleCable(side) = fault { idle.insert(side) }
            if case let .asymmetry(side, fraction, lag) = fault { asymmetry = (side, fraction, lag) }
        }
        let active = ex.cables.filter { !idle.contains($0) }
        guard let primary = active.first else { return }
        // The primary cable's trajectory is built here; the others copy it (scaled and delayed for asymmetry).
        var path: [MotionSegment] = []
        func move(_ shape: MotionSegment.Shape, _ from: Double, _ to: Double, _ duration: Double) {
            guard duration > 0 else { return }
            path.append(MotionSegment(start: now, end: now + duration, from: from, to: to, shape: shape))
            now += duration
        }
        let b = ex.bottom
        let setupStart = now
        let startPosition = ex.startsExtended || ex.isHold ? ex.top : b
        if ex.isHold {
            // Pull to the top, hold, release: a hold, not a rep.
            move(.minimumJerk, 0, ex.top, vary(max(tempo.concentric, 1)))
            let holdStart = now
            move(.hold, ex.top, ex.top, vary(max(tempo.topPause ?? 20, 9)))
            let holdEnd = now
            move(.minimumJerk, ex.top, 0, vary(max(tempo.concentric, 1)))
            truthSets.append(GroundTruth.TruthSet(
                index: index, exercise: ex.name, cables: active.map(\.rawValue), loadKg: set.loadKilograms,
                mode: set.mode.name, start: holdStart, end: holdEnd,
                setup: .init(start: setupStart, end: holdStart), setdown: .init(start: holdEnd, end: now),
                reps: [], holds: [.init(start: holdStart, end: holdEnd, duration: holdEnd - holdStart)],
                asymmetryIndexPercent: 0, lag: 0, faults: set.faults.map(\.name)))
            finishSet(set, active: active, primary: primary, path: path, asymmetry: nil, setupStart: setupStart)
            return
        }
        move(.minimumJerk, 0, startPosition, Self.setupDuration)
        let setupEnd = now
        move(.hold, startPosition, startPosition, Self.settle)

        var reps: [GroundTruth.TruthRep] = []
        var pendingStartVelocity = 0.0  // a bounce hands its velocity to the next concentric
        var position = startPosition
        for k in 0..<set.reps {
            let last = k == set.reps - 1
            let faults = set.faults.filter { $0.rep == k }
            var range = ex.rangeOfMotion * (1 + 0.02 * rng.normal())
            var complete = true
            for case let .partial(_, fraction) in faults {
                range *= fraction
                complete = false
            }
            let fatigue = set.reps > 1 ? 1 + set.fatigue * Double(k) / Double(set.reps - 1) : 1
            var tc = vary(tempo.concentric) * fatigue
            var te = vary(tempo.eccentric)
            let tbp = vary(tempo.bottomPause ?? 0)
            let ttp = vary(tempo.topPause ?? 0)
            let ballistic = faults.contains { if case .ballistic = $0 { return true } else { return false } }
            let jerky = faults.contains { if case .jerky = $0 { return true } else { return false } }
            let bounce = faults.contains { if case .bounce = $0 { return true } else { return false } }
            let dropped = faults.contains { if case .droppedEccentric = $0 { return true } else { return false } }
            var stall = 0.0
            for case let .midRepPause(_, d) in faults { stall = d }
            if ballistic { tc *= 0.5 }
            if dropped { te *= 0.33 }

            var faultSpans: [GroundTruth.TruthFault] = []
            var concentric = (0.0, 0.0), eccentric = (0.0, 0.0)
            var topPause: Double?, bottomPause: Double?

            func concentricPhase(from lo: Double, to hi: Double) {
                let start = now
                let c0 = pendingStartVelocity * tc / max(hi - lo, 1e-6)
                // A stall, then a bounce's launch, take precedence over a thrown or hitched
                // shape: the truth names only the shape that was rendered.
                let shaped = stall == 0 && pendingStartVelocity == 0
                if stall > 0 {
                    let mid = lo + 0.5 * (hi - lo)
                    move(.minimumJerk, lo, mid, tc / 2)
                    move(.hold, mid, mid, stall)
                    move(.minimumJerk, mid, hi, tc / 2)
                } else if pendingStartVelocity > 0 {
                    move(.hermite(c0: c0, c1: 0), lo, hi, tc)
                } else {
                    move(ballistic ? .ballistic : jerky ? .twoSubmovements : .minimumJerk, lo, hi, tc)
                }
                pendingStartVelocity = 0
                // A bounce's reversal started this phase half a reversal early.
                concentric = (start - (reversalCarry), now)
                reversalCarry = 0
                for f in faults {
                    switch f {
                    case .ballistic, .jerky:
                        if shaped { faultSpans.append(.init(kind: f.name, start: concentric.0, end: concentric.1)) }
                    case .midRepPause:
                        faultSpans.append(.init(kind: f.name, start: concentric.0, end: concentric.1))
                    default: break
                    }
                }
            }
            func eccentricPhase(from hi: Double, to lo: Double, bounceAfter: Bool) {
                let start = now
                if bounceAfter {
                    let v = 1.5 * (hi - lo) / te
                    move(.hermite(c0: 0, c1: 1.5), hi, lo, te)
                    let reversalStart = now
                    move(.reversal(v0: -v, v1: v), lo, lo, Self.reversalDuration)
                    pendingStartVelocity = v
                    reversalCarry = Self.reversalDuration / 2
                    eccentric = (start, reversalStart + Self.reversalDuration / 2)
                    faultSpans.append(.init(kind: "bounce", start: reversalStart - 0.1,
                                            end: reversalStart + Self.reversalDuration + 0.1))
                } else {
                    move(.minimumJerk, hi, lo, te)
                    eccentric = (start, now)
                }
                if dropped { faultSpans.append(.init(kind: "dropped_eccentric", start: eccentric.0, end: eccentric.1)) }
            }

            let repStart: Double
            let firstPhase: String
            if ex.startsExtended {
                // Eccentric first: top → bottom, pause, bottom → top, (pause before the next rep).
                let low = position - range
                repStart = now
                firstPhase = "eccentric"
                eccentricPhase(from: position, to: low, bounceAfter: bounce)
                if !bounce {
                    move(.hold, low, low, tbp)
                    bottomPause = tbp
                } else {
                    bottomPause = 0
                }
                concentricPhase(from: low, to: ex.top)
                position = ex.top
                if !last {
                    move(.hold, position, position, ttp)
                    topPause = ttp
                }
            } else {
                // Concentric first: bottom → top, pause, top → bottom, (pause before the next rep).
                let high = b + range
                repStart = now - reversalCarry
                firstPhase = "concentric"
                concentricPhase(from: b, to: high)
                move(.hold, high, high, ttp)
                topPause = ttp
                let bounceHere = bounce && !last
                eccentricPhase(from: high, to: b, bounceAfter: bounceHere)
                position = b
                if !last {
                    if bounceHere { bottomPause = 0 } else {
                        move(.hold, b, b, tbp)
                        bottomPause = tbp
                    }
                }
            }
            let repEnd = ex.startsExtended ? concentric.1 : eccentric.1
            if !complete { faultSpans.append(.init(kind: "partial", start: repStart, end: repEnd)) }
            let tempoTruth = Tempo(eccentric: eccentric.1 - eccentric.0, bottomPause: bottomPause,
                                   concentric: concentric.1 - concentric.0, topPause: topPause)
            reps.append(GroundTruth.TruthRep(
                index: k, start: repStart, end: repEnd, firstPhase: firstPhase,
                eccentric: tempoTruth.eccentric, bottomPause: bottomPause, concentric: tempoTruth.concentric,
                topPause: topPause, tempo: tempoTruth.description, rangeOfMotion: range, complete: complete,
                faults: faultSpans))
        }
        let setEnd = reps.last?.end ?? now
        move(.hold, position, position, Self.settle)
        let setdownStart = now
        move(.minimumJerk, position, 0, Self.setupDuration)
        let bai = asymmetry.map { a -> Double in
            // BAI-1 of range of motion, first listed cable A against the other B.
            let fa = a.side == ex.cables.first ? a.fraction : 1
            let fb = a.side == ex.cables.first ? 1 : a.fraction
            return (fa - fb) / (fa + fb) * 100
        } ?? 0
        truthSets.append(GroundTruth.TruthSet(
            index: index, exercise: ex.name, cables: active.map(\.rawValue), loadKg: set.loadKilograms,
            mode: set.mode.name, start: reps.first?.start ?? setupEnd, end: setEnd,
            setup: .init(start: setupStart, end: setupEnd), setdown: .init(start: setdownStart, end: now),
            reps: reps, holds: [], asymmetryIndexPercent: bai, lag: asymmetry?.lag ?? 0,
            faults: set.faults.filter { $0.rep == nil }.map(\.name)))
        finishSet(set, active: active, primary: primary, path: path, asymmetry: asymmetry, setupStart: setupStart)
    }

    /// Copies the primary path to every active cable (scaled and delayed for an
    /// asymmetric side) and records each cable's load window.
    mutating func finishSet(_ set: SetPlan, active: [CableName], primary: CableName, path: [MotionSegment],
                            asymmetry: (side: CableName, fraction: Double, lag: Double)?, setupStart: Double) {
        let ex = set.exercise
        var latest = now
        for cable in active {
            var fraction = 1.0, lag = 0.0
            if let a = asymmetry, a.side == cable {
                fraction = a.fraction
                lag = a.lag
            }
            let base = ex.bottom
            func map(_ x: Double) -> Double {
                // Scale travel above the bottom; the set-up and set-down from 0 scale likewise.
                x <= base ? x : base + fraction * (x - base)
            }
            for s in path {
                var copy = s
                copy.start += lag
                copy.end += lag
                copy.from = map(s.from)
                copy.to = map(s.to)
                if case let .reversal(v0, v1) = s.shape { copy.shape = .reversal(v0: v0 * fraction, v1: v1 * fraction) }
                segments[cable]!.append(copy)
            }
            let first = path.first!.start + lag, last = path.last!.end + lag
            let up = Self.setupDuration
            loads[cable]!.append(LoadWindow(
                upStart: first, upEnd: first + up, downStart: last - up, downEnd: last,
                newtons: set.loadKilograms * SimulatedMachine.gravity, mode: set.mode,
                bottom: ex.bottom, range: ex.rangeOfMotion))
            latest = max(latest, last)
        }
        now = latest
    }

    // MARK: Sampling

    func sample() -> SimulatedSession {
        let m = plan.machine
        var rng = SeededRandom(seed: plan.seed ^ 0x5EED_5A4D_1E5E)
        let rate = m.sampleRate
        let total = now
        var time: [Double] = []
        var k = 0
        while true {
            let nominal = Double(k) / rate
            if nominal > total { break }
            k += 1
            let jitter = max(min(m.clockJitter * rng.normal(), 0.4 / rate), -0.4 / rate)
            if rng.unit() < m.dropProbability { continue }
            // Device clock in whole microseconds.
            time.append(((nominal + jitter) * 1e6).rounded() / 1e6)
        }
        // Quantize by dividing whole counts by an integral count per metre, so a
        // position is the double nearest its decimal value (0.0006, not
        // 0.0006000000000000001) and prints short.
        let countsPerMetre = (1 / m.encoderResolution).rounded()
        var channels: [CableChannels] = []
        for (ci, cable) in cables.enumerated() {
            let segs = segments[cable]!.sorted { $0.start < $1.start }
            let windows = loads[cable]!
            var position = [Double](repeating: 0, count: time.count)
            var force = [Double](repeating: 0, count: time.count)
            var velocity = [Double](repeating: 0, count: time.count)
            var si = 0, wi = 0
            var lastX = 0.0
            let phase = Double(ci) * 1.3
            for (i, t) in time.enumerated() {
                while si < segs.count && segs[si].end <= t {
                    lastX = segs[si].to
                    si += 1
                }
                var (x, v, a) = (lastX, 0.0, 0.0)
                if si < segs.count && segs[si].start <= t { (x, v, a) = segs[si].state(at: t) }
                while wi < windows.count && windows[wi].downEnd <= t { wi += 1 }
                var command = m.idleTension
                if wi < windows.count, windows[wi].upStart <= t {
                    let w = windows[wi]
                    let ramp = min(max((t - w.upStart) / (w.upEnd - w.upStart), 0), 1)
                        * min(max((w.downEnd - t) / (w.downEnd - w.downStart), 0), 1)
                    var load = w.newtons
                    switch w.mode {
                    case .constant: break
                    case let .eccentric(extra): if v < -0.01 { load *= 1 + extra }
                    case let .chains(top): load *= 1 + top * min(max((x - w.bottom) / w.range, 0), 1)
                    }
                    command = m.idleTension + (load - m.idleTension) * ramp
                }
                let friction = m.friction * tanh(v / 0.02)
                let ripple = m.rippleAmplitude * _sin(2 * Double.pi * m.rippleFrequency * t + phase)
                let tension = command + m.movingMass * a + friction + ripple + m.forceNoise * rng.normal()
                position[i] = (x * countsPerMetre).rounded() / countsPerMetre
                force[i] = (max(tension, m.minimumTension) * 100).rounded() / 100
                velocity[i] = v + 0.002 * rng.normal()
            }
            channels.append(CableChannels(name: cable, position: position, force: force,
                                          velocity: m.reportsVelocity ? velocity : nil))
        }
        let names = plan.sets.map(\.exercise.name).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let loadsKg = Set(plan.sets.map(\.loadKilograms))
        let modes = Set(plan.sets.map(\.mode.name))
        let metadata = SessionMetadata(
            device: "cableform-simulator", exercise: names.joined(separator: "+"),
            loadKilograms: loadsKg.count == 1 ? loadsKg.first : nil, mode: modes.count == 1 ? modes.first : nil,
            declaredSampleRate: rate, other: [.init(key: "seed", value: String(plan.seed))])
        let session = Session(time: time, cables: channels, metadata: metadata)
        return SimulatedSession(
            session: session, truth: GroundTruth(seed: plan.seed, sampleRate: rate, sets: truthSets))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
