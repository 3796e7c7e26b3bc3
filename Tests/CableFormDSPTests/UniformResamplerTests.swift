import CableFormDSP
import Testing

@Suite("Uniform resampling")
struct UniformResamplerTests {
    struct Case: Decodable {
        let t: [Double]
        let y: [Double]
        let rate: Double
        let grid_start: Double
        let values: [Double]
    }
    struct File: Decodable { let cases: [Case] }

    @Test("matches numpy.interp on jittered time stamps")
    func matchesNumPy() throws {
        let cases = try Golden.load("interp", as: File.self).cases
        #expect(cases.count == 3)
        for c in cases {
            let r = try UniformResampler.linear(times: c.t, values: c.y, sampleRate: c.rate, maxGap: 1)
            #expect(r.gaps.isEmpty)
            #expect(r.start == c.grid_start)
            expectParity(r.values, c.values, "rate \(c.rate)")
        }
    }

    @Test("a gap longer than the limit is reported and filled with NaN, not bridged")
    func reportsGaps() throws {
        // 100 Hz samples with 0.30 s missing after t = 0.50 s, and a short 0.02 s hole later.
        var times = (0...50).map { Double($0) / 100 }
        times += (80...120).map { Double($0) / 100 }
        times.removeAll { abs($0 - 1.0) < 1e-9 }  // a one-sample drop: 0.02 s, bridged
        let values = times.map { 2 * $0 }
        let r = try UniformResampler.linear(times: times, values: values, sampleRate: 100, maxGap: 0.05)
        #expect(r.gaps.count == 1)
        let gap = try #require(r.gaps.first)
        #expect(gap.inputIndex == 50)
        #expect(gap.start == 0.5 && gap.end == 0.8)
        #expect(abs(gap.duration - 0.3) < 1e-12)
        #expect(gap.outputRange == 51..<80)
        #expect(r.values[51..<80].allSatisfy { $0.isNaN })
        #expect(r.values[50] == 1.0 && abs(r.values[80] - 1.6) < 1e-12)
        // The bridged one-sample drop is interpolated.
        #expect(abs(r.values[100] - 2.0) < 1e-12)
        #expect(r.values.count == 121)
    }

    @Test("a gap with no grid point inside it is still reported")
    func reportsEmptyGap() throws {
        let r = try UniformResampler.linear(times: [0, 0.1, 0.19, 0.2], values: [0, 1, 2, 3], sampleRate: 10, maxGap: 0.05)
        #expect(r.gaps.map(\.inputIndex) == [0, 1])
        #expect(r.gaps[1].outputRange.isEmpty)
        #expect(r.values == [0, 1, 3])
    }

    @Test("rejects out-of-order time, NaN and bad arguments, saying where")
    func rejectsBadInput() {
        #expect(throws: DSPError.nonIncreasingTime(index: 2)) {
            try UniformResampler.linear(times: [0, 1, 1, 2], values: [0, 0, 0, 0], sampleRate: 1, maxGap: 5)
        }
        #expect(throws: DSPError.nonIncreasingTime(index: 3)) {
            try UniformResampler.linear(times: [0, 1, 2, 1.5], values: [0, 0, 0, 0], sampleRate: 1, maxGap: 5)
        }
        #expect(throws: DSPError.nonFiniteSample(index: 1)) {
            try UniformResampler.linear(times: [0, 1, 2], values: [0, .nan, 0], sampleRate: 1, maxGap: 5)
        }
        #expect(throws: DSPError.nonFiniteSample(index: 2)) {
            try UniformResampler.linear(times: [0, 1, .nan], values: [0, 0, 0], sampleRate: 1, maxGap: 5)
        }
        #expect(throws: DSPError.inputTooShort(required: 2, actual: 1)) {
            try UniformResampler.linear(times: [0], values: [0], sampleRate: 1, maxGap: 5)
        }
        #expect(invalidArgumentName { _ = try UniformResampler.linear(times: [0, 1], values: [0], sampleRate: 1, maxGap: 5) } == "values")
        #expect(invalidArgumentName { _ = try UniformResampler.linear(times: [0, 1], values: [0, 1], sampleRate: 0, maxGap: 5) } == "sampleRate")
        #expect(invalidArgumentName { _ = try UniformResampler.linear(times: [0, 1], values: [0, 1], sampleRate: 1, maxGap: 0) } == "maxGap")
        #expect(invalidArgumentName { _ = try UniformResampler.linear(times: [0, 1], values: [0, 1], sampleRate: 1, maxGap: 1, start: -1) } == "start")
    }
}
