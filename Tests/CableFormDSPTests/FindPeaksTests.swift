import CableFormDSP
import Testing

@Suite("find_peaks")
struct FindPeaksTests {
    /// SciPy's `(min, max)` pair with `null` for an open end.
    struct Interval: Decodable {
        let min: Double?
        let max: Double?
        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            min = try c.decodeNil() ? nil : try c.decode(Double.self)
            max = try c.decodeNil() ? nil : try c.decode(Double.self)
        }
        var bound: PeakBound { PeakBound(min: min, max: max) }
    }
    struct Criteria: Decodable {
        let height: Interval?
        let threshold: Interval?
        let distance: Double?
        let prominence: Interval?
        let width: Interval?
        let wlen: Double?
        let rel_height: Double?
        let plateau_size: Interval?

        var criteria: PeakCriteria {
            PeakCriteria(
                height: height?.bound, threshold: threshold?.bound, distance: distance,
                prominence: prominence?.bound, width: width?.bound, wlen: wlen,
                relHeight: rel_height ?? 0.5, plateauSize: plateau_size?.bound)
        }
    }
    struct Case: Decodable {
        let signal: String
        let criteria: Criteria
        let peaks: [Int]
        let properties: [String: [Double]]
    }
    struct File: Decodable {
        let signals: [String: [Double]]
        let cases: [Case]
    }

    @Test("matches scipy.signal.find_peaks: indices and every property")
    func matchesSciPy() throws {
        let file = try Golden.load("find_peaks", as: File.self)
        #expect(file.cases.count == 53)
        for c in file.cases {
            let x = try #require(file.signals[c.signal])
            let label = "\(c.signal) \(c.criteria.criteria)"
            let peaks = try findPeaks(x, c.criteria.criteria)
            #expect(peaks.indices == c.peaks, "\(label): indices")
            let measured: [String: [Double]?] = [
                "plateau_sizes": peaks.plateauSizes?.map(Double.init),
                "left_edges": peaks.leftEdges?.map(Double.init),
                "right_edges": peaks.rightEdges?.map(Double.init),
                "peak_heights": peaks.peakHeights,
                "left_thresholds": peaks.leftThresholds,
                "right_thresholds": peaks.rightThresholds,
                "prominences": peaks.prominences,
                "left_bases": peaks.leftBases?.map(Double.init),
                "right_bases": peaks.rightBases?.map(Double.init),
                "widths": peaks.widths,
                "width_heights": peaks.widthHeights,
                "left_ips": peaks.leftIPs,
                "right_ips": peaks.rightIPs,
            ]
            let present = Set(measured.compactMap { $0.value == nil ? nil : $0.key })
            #expect(present == Set(c.properties.keys), "\(label): property set")
            for (key, expected) in c.properties {
                guard let actual = measured[key] ?? nil else { continue }
                expectParity(actual, expected, "\(label): \(key)")
            }
        }
    }

    @Test("plateaus count once, at their middle rounded down; ends are never peaks")
    func plateausAndEnds() throws {
        let x: [Double] = [5, 1, 3, 3, 3, 3, 1, 2, 2, 0, 4]
        let peaks = try findPeaks(x, PeakCriteria(plateauSize: 1))
        #expect(peaks.indices == [3, 7])
        #expect(peaks.plateauSizes == [4, 2])
        #expect(peaks.leftEdges == [2, 7])
        #expect(peaks.rightEdges == [5, 8])
    }

    @Test("distance ties: the later of two equal peaks wins (a stable ranking)")
    func distanceTies() throws {
        let x: [Double] = [0, 1, 0, 1, 0, 1, 0]
        #expect(try findPeaks(x, PeakCriteria(distance: 3)).indices == [1, 5])
        #expect(try findPeaks(x, PeakCriteria(distance: 5)).indices == [5])
    }

    /// SciPy's sequential rule, written plainly: highest first (later index on
    /// ties), each kept peak removes its neighbours closer than `distance`.
    static func greedyByDistance(_ peaks: [Int], _ x: [Double], distance: Int) -> [Int] {
        let order = peaks.indices.sorted { a, b in
            x[peaks[a]] != x[peaks[b]] ? x[peaks[a]] > x[peaks[b]] : a > b
        }
        var keep = [Bool](repeating: true, count: peaks.count)
        for j in order where keep[j] {
            for k in peaks.indices where k != j && abs(peaks[k] - peaks[j]) < distance { keep[k] = false }
        }
        return peaks.indices.filter { keep[$0] }.map { peaks[$0] }
    }

    @Test("distance selection equals the sequential greedy rule on random signals with many ties")
    func distanceMatchesGreedy() throws {
        var rng = SeededGenerator(seed: 2026)
        for trial in 0..<300 {
            let n = Int.random(in: 3...400, using: &rng)
            // Few levels, so equal heights are common.
            let levels = Int.random(in: 2...12, using: &rng)
            let x = (0..<n).map { _ in Double(Int.random(in: 0..<levels, using: &rng)) }
            let distance = Int.random(in: 1...40, using: &rng)
            let all = try findPeaks(x).indices
            let expected = Self.greedyByDistance(all, x, distance: distance)
            let actual = try findPeaks(x, PeakCriteria(distance: Double(distance))).indices
            #expect(actual == expected, "trial \(trial): n \(n), distance \(distance)")
        }
    }

    @Test("prominences without a window (two stack passes) equal the scan over the whole signal, ties and plateaus included")
    func stackProminencesEqualScan() throws {
        var rng = SeededGenerator(seed: 2026)
        for trial in 0..<200 {
            let n = Int.random(in: 3...600, using: &rng)
            // Few levels: many equal samples, plateaus and equal minima.
            let levels = Double(Int.random(in: 2...12, using: &rng))
            let x = (0..<n).map { _ in (Double.random(in: 0..<1, using: &rng) * levels).rounded(.down) }
            let stack = try findPeaks(x, PeakCriteria(prominence: 0, width: 0))
            // A window longer than twice the signal scans all of it, one peak at a time.
            let scan = try findPeaks(x, PeakCriteria(prominence: 0, width: 0, wlen: Double(2 * n + 2)))
            #expect(stack.indices == scan.indices, "trial \(trial)")
            #expect(stack.prominences == scan.prominences, "trial \(trial)")
            #expect(stack.leftBases == scan.leftBases && stack.rightBases == scan.rightBases, "trial \(trial)")
            #expect(stack.widths == scan.widths, "trial \(trial)")
        }
    }

    @Test("rejects NaN input and bad criteria")
    func rejectsBadInput() throws {
        #expect(throws: DSPError.nonFiniteSample(index: 2)) { try findPeaks([0, 1, .nan, 1, 0]) }
        #expect(invalidArgumentName { _ = try findPeaks([0, 1, 0], PeakCriteria(distance: 0.5)) } == "distance")
        #expect(invalidArgumentName { _ = try findPeaks([0, 1, 0], PeakCriteria(prominence: 0, wlen: 1)) } == "wlen")
        #expect(invalidArgumentName { _ = try findPeaks([0, 1, 0], PeakCriteria(width: 1, relHeight: -0.1)) } == "relHeight")
        #expect(try findPeaks([]).indices.isEmpty)
        #expect(try findPeaks([1, 2]).indices.isEmpty)
    }
}
