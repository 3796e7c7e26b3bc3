import CableForm
import CableFormDevice
import Testing

@Suite("Rep evaluation against ground truth")
struct RepEvaluationTests {
    static let truth: GroundTruth = SimulatedMachine(plan: WorkoutPlan(sets: [
        SetPlan(exercise: .seatedRow, reps: 6, loadKilograms: 12.5, restAfter: 20,
                faults: [.partial(rep: 2, fraction: 0.5)]),
        SetPlan(exercise: .seatedRow, reps: 5, loadKilograms: 15, restAfter: 10),
    ], seed: 5)).run().truth

    @Test("a perfect analyzer scores perfectly")
    func perfect() {
        let e = RepEvaluation(detected: Self.truth.perfectDetections, truth: Self.truth)
        #expect(e.trueReps == 11 && e.detectedReps == 11 && e.matched == 11)
        #expect(e.precision == 1 && e.recall == 1 && e.f1 == 1)
        #expect(e.exactCountSets == 2 && e.sets == 2)
        #expect(e.setCounts == [.init(truth: 5, detected: 5), .init(truth: 5, detected: 5)])
        #expect(e.medianBoundaryError == 0 && e.p95BoundaryError == 0)
        #expect(e.phaseAccuracy() == 1)
        #expect(e.tempoDigitsExact == e.tempoDigits && e.tempoDigits > 20)
        #expect(e.truePartials == 1 && e.partialsRecalled == 1)
        #expect(e.ghostReps == 0)
        // The perfect detections carry the injected faults as flags: every score is perfect.
        #expect(e.flagScores["partial"] == .init(truePositives: 1, falsePositives: 0, falseNegatives: 0))
        #expect(e.flagScores.values.allSatisfy { $0.precision == 1 && $0.recall == 1 })
        #expect(e.falseFlagsPer100Reps == 0)
    }

    @Test("flags are scored against the injected faults: hits, false alarms and misses")
    func flags() {
        var detected = Self.truth.perfectDetections
        detected[2].flags = []            // the partial rep, missed
        detected[0].flags = ["bounce"]    // a clean rep, a false alarm
        detected[1].flags = ["mid_rep_pause"]  // not a flag kind: ignored
        let e = RepEvaluation(detected: detected, truth: Self.truth)
        #expect(e.flagScores["partial"] == .init(truePositives: 0, falsePositives: 0, falseNegatives: 1))
        #expect(e.flagScores["bounce"] == .init(truePositives: 0, falsePositives: 1, falseNegatives: 0))
        #expect(e.flagScores["partial"]!.recall == 0 && e.flagScores["bounce"]!.precision == 0)
        #expect(abs(e.falseFlagsPer100Reps - 100.0 / 11) < 1e-12)
    }

    @Test("a set-level asymmetry is expected on each rep above the threshold, not scored near it")
    func asymmetry() {
        // BAI 20 %, 10.5 % and 5 %: above, near and below the 10 % threshold.
        let truth = SimulatedMachine(plan: WorkoutPlan(sets: [0.667, 0.81, 0.905].map { fraction in
            SetPlan(exercise: .facePull, reps: 4, loadKilograms: 7.5, restAfter: 10,
                    faults: [.asymmetry(side: .right, romFraction: fraction, lag: 0.02)])
        }, seed: 3)).run().truth
        #expect(truth.sets.map { Int($0.asymmetryIndexPercent.rounded()) } == [20, 10, 5])
        var detected = truth.perfectDetections
        // The perfect detections carry it at the default 10 %.
        #expect(detected.map { $0.flags.contains("asymmetric") }
                == Array(repeating: true, count: 8) + Array(repeating: false, count: 4))
        for k in detected.indices { detected[k].flags = ["asymmetric"] }
        let e = RepEvaluation(detected: detected, truth: truth)
        // Set 1: 4 hits; set 2 (within 1.5 points of 10 %) not scored; set 3: 4 false alarms.
        #expect(e.flagScores["asymmetric"] == .init(truePositives: 4, falsePositives: 4, falseNegatives: 0))
        for k in detected.indices { detected[k].flags = [] }
        let none = RepEvaluation(detected: detected, truth: truth, asymmetryThreshold: 4)
        // With a 4 % threshold every set is expected uneven (5 % is within the margin: not scored).
        #expect(none.flagScores["asymmetric"] == .init(truePositives: 0, falsePositives: 0, falseNegatives: 8))
    }

    @Test("shifted boundaries show up as boundary errors, not as misses")
    func shifted() {
        let shifted = Self.truth.perfectDetections.map {
            DetectedRep(start: $0.start + 0.02, end: $0.end - 0.04, tempo: $0.tempo, complete: $0.complete)
        }
        let e = RepEvaluation(detected: shifted, truth: Self.truth)
        #expect(e.f1 == 1)
        #expect(abs(e.medianBoundaryError - 0.03) < 1e-9)  // half the errors are 20 ms, half 40 ms
        #expect(abs(e.p95BoundaryError - 0.04) < 1e-9)
    }

    @Test("a missed rep, a ghost in the rest and a split rep each cost what they should")
    func mistakes() {
        var detected = Self.truth.perfectDetections
        detected.remove(at: 7)  // miss the second set's 2nd rep
        let rest = Self.truth.sets[0].setdown.end + 5
        detected.append(DetectedRep(start: rest, end: rest + 2))  // a ghost during the rest
        let r = detected[0]  // split the first rep in two halves
        let mid = (r.start + r.end) / 2
        detected[0] = DetectedRep(start: r.start, end: mid)
        detected.append(DetectedRep(start: mid, end: r.end))
        let e = RepEvaluation(detected: detected, truth: Self.truth)
        #expect(e.trueReps == 11 && e.detectedReps == 12)
        #expect(e.matched == 10)  // one half of the split rep still overlaps half of it
        #expect(abs(e.recall - 10.0 / 11) < 1e-12 && abs(e.precision - 10.0 / 12) < 1e-12)
        #expect(e.ghostReps == 1)  // the other half lies inside a true rep: not a ghost
        #expect(e.exactCountSets == 0)  // set 1 counts one too many, set 2 one too few
    }

    @Test("quantiles interpolate linearly, as numpy.percentile does")
    func quantile() {
        let e = RepEvaluation(detected: [], truth: GroundTruth(seed: 0, sampleRate: 100, sets: []))
        #expect(e.f1 == 1 && e.precision == 1 && e.recall == 1)
        var f = e
        f.boundaryErrors = [0.01, 0.04, 0.02, 0.03, 0.10]
        #expect(abs(f.medianBoundaryError - 0.03) < 1e-12)
        #expect(abs(f.p95BoundaryError - 0.088) < 1e-12)  // numpy.percentile([...], 95) = 0.088
    }
}
