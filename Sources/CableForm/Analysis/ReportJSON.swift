import Foundation

// The report's JSON form, schema `cableform.report/1` (docs/formats.md).
// Keys are snake_case with the unit in the name; unknown values are written
// as null rather than left out, so every key is always present.

extension CableName: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let name = CableName(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a cable name: \(text)"))
        }
        self = name
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

extension Tempo: Codable {
    enum CodingKeys: String, CodingKey {
        case eccentric = "eccentric_s", bottomPause = "bottom_pause_s"
        case concentric = "concentric_s", topPause = "top_pause_s"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(eccentric: try c.decode(Double.self, forKey: .eccentric),
                  bottomPause: try c.decode(Double?.self, forKey: .bottomPause),
                  concentric: try c.decode(Double.self, forKey: .concentric),
                  topPause: try c.decode(Double?.self, forKey: .topPause))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(eccentric, forKey: .eccentric)
        try c.encode(bottomPause, forKey: .bottomPause)
        try c.encode(concentric, forKey: .concentric)
        try c.encode(topPause, forKey: .topPause)
    }
}

extension Rep: Codable {
    enum CodingKeys: String, CodingKey {
        case index, complete, cables, tempo, flags, score
        case start = "start_s", end = "end_s", firstPhase = "first_phase", phases
        case rangeOfMotion = "rom_m", cableRanges = "cable_rom_m", cableOnsets = "cable_onset_s"
        case meanConcentricVelocity = "mean_concentric_velocity_mps"
        case peakConcentricVelocity = "peak_concentric_velocity_mps"
        case timeToPeakVelocity = "time_to_peak_velocity_s"
        case meanPropulsiveVelocity = "mean_propulsive_velocity_mps"
        case meanPower = "mean_power_w", peakPower = "peak_power_w", work = "work_j"
        case timeUnderTension = "time_under_tension_s", meanConcentricForce = "mean_concentric_force_n"
        case asymmetry, smoothness, scoreComponents = "score_components"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(Int.self, forKey: .index)
        start = try c.decode(Double.self, forKey: .start)
        end = try c.decode(Double.self, forKey: .end)
        complete = try c.decode(Bool.self, forKey: .complete)
        cables = try c.decode([CableName].self, forKey: .cables)
        firstPhase = try c.decode(MovementPhase.self, forKey: .firstPhase)
        tempo = try c.decode(Tempo.self, forKey: .phases)
        rangeOfMotion = try c.decode(Double.self, forKey: .rangeOfMotion)
        cableRanges = try c.decode([Double].self, forKey: .cableRanges)
        cableOnsets = try c.decode([Double].self, forKey: .cableOnsets)
        meanConcentricVelocity = try c.decode(Double.self, forKey: .meanConcentricVelocity)
        peakConcentricVelocity = try c.decode(Double.self, forKey: .peakConcentricVelocity)
        timeToPeakVelocity = try c.decode(Double.self, forKey: .timeToPeakVelocity)
        meanPropulsiveVelocity = try c.decode(Double.self, forKey: .meanPropulsiveVelocity)
        meanPower = try c.decode(Double.self, forKey: .meanPower)
        peakPower = try c.decode(Double.self, forKey: .peakPower)
        work = try c.decode(Double.self, forKey: .work)
        timeUnderTension = try c.decode(Double.self, forKey: .timeUnderTension)
        meanConcentricForce = try c.decode(Double.self, forKey: .meanConcentricForce)
        smoothness = try c.decode(RepSmoothness.self, forKey: .smoothness)
        asymmetry = try c.decode(RepAsymmetry?.self, forKey: .asymmetry)
        flags = try c.decode([RepFlag].self, forKey: .flags)
        score = try c.decode(Double?.self, forKey: .score)
        scoreComponents = try c.decode(ScoreComponents?.self, forKey: .scoreComponents)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(complete, forKey: .complete)
        try c.encode(cables, forKey: .cables)
        try c.encode(firstPhase, forKey: .firstPhase)
        try c.encode(tempo, forKey: .phases)
        try c.encode(tempoString, forKey: .tempo)
        try c.encode(rangeOfMotion, forKey: .rangeOfMotion)
        try c.encode(cableRanges, forKey: .cableRanges)
        try c.encode(cableOnsets, forKey: .cableOnsets)
        try c.encode(meanConcentricVelocity, forKey: .meanConcentricVelocity)
        try c.encode(peakConcentricVelocity, forKey: .peakConcentricVelocity)
        try c.encode(timeToPeakVelocity, forKey: .timeToPeakVelocity)
        try c.encode(meanPropulsiveVelocity, forKey: .meanPropulsiveVelocity)
        try c.encode(meanPower, forKey: .meanPower)
        try c.encode(peakPower, forKey: .peakPower)
        try c.encode(work, forKey: .work)
        try c.encode(timeUnderTension, forKey: .timeUnderTension)
        try c.encode(meanConcentricForce, forKey: .meanConcentricForce)
        try c.encode(smoothness, forKey: .smoothness)
        try c.encode(asymmetry, forKey: .asymmetry)
        try c.encode(flags, forKey: .flags)
        try c.encode(score, forKey: .score)
        try c.encode(scoreComponents, forKey: .scoreComponents)
    }
}

extension ScoreComponents: Codable {
    enum CodingKeys: String, CodingKey { case control, tempo, range, symmetry, penalties, score }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(control: try c.decode(Component?.self, forKey: .control),
                  tempo: try c.decode(Component?.self, forKey: .tempo),
                  range: try c.decode(Component.self, forKey: .range),
                  symmetry: try c.decode(Component?.self, forKey: .symmetry),
                  penalties: try c.decode([Penalty].self, forKey: .penalties))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(control, forKey: .control)
        try c.encode(tempo, forKey: .tempo)
        try c.encode(range, forKey: .range)
        try c.encode(symmetry, forKey: .symmetry)
        try c.encode(penalties, forKey: .penalties)
        try c.encode(score, forKey: .score)
    }
}


extension RepAsymmetry: Codable {
    enum CodingKeys: String, CodingKey {
        case forcePercent = "force_pct", rangePercent = "rom_pct", workPercent = "work_pct", lag = "lag_s"
        case singleCable = "single_cable"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(forcePercent: try c.decode(Double?.self, forKey: .forcePercent),
                  rangePercent: try c.decode(Double?.self, forKey: .rangePercent),
                  workPercent: try c.decode(Double?.self, forKey: .workPercent),
                  lag: try c.decode(Double?.self, forKey: .lag),
                  singleCable: try c.decode(CableName?.self, forKey: .singleCable))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(forcePercent, forKey: .forcePercent)
        try c.encode(rangePercent, forKey: .rangePercent)
        try c.encode(workPercent, forKey: .workPercent)
        try c.encode(lag, forKey: .lag)
        try c.encode(singleCable, forKey: .singleCable)
    }
}

extension Hold: Codable {
    enum CodingKeys: String, CodingKey {
        case cables
        case start = "start_s", end = "end_s", duration = "duration_s", meanForce = "mean_force_n"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        start = try c.decode(Double.self, forKey: .start)
        end = try c.decode(Double.self, forKey: .end)
        meanForce = try c.decode(Double.self, forKey: .meanForce)
        cables = try c.decode([CableName].self, forKey: .cables)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(duration, forKey: .duration)
        try c.encode(meanForce, forKey: .meanForce)
        try c.encode(cables, forKey: .cables)
    }
}

extension TempoConsistency: Codable {
    enum CodingKeys: String, CodingKey {
        case eccentric, bottomPause = "bottom_pause", concentric, topPause = "top_pause"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eccentric = try c.decode(Double?.self, forKey: .eccentric)
        bottomPause = try c.decode(Double?.self, forKey: .bottomPause)
        concentric = try c.decode(Double?.self, forKey: .concentric)
        topPause = try c.decode(Double?.self, forKey: .topPause)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(eccentric, forKey: .eccentric)
        try c.encode(bottomPause, forKey: .bottomPause)
        try c.encode(concentric, forKey: .concentric)
        try c.encode(topPause, forKey: .topPause)
    }
}

extension RepSet: Codable {
    enum CodingKeys: String, CodingKey {
        case index, holds, reps
        case start = "start_s", end = "end_s", firstPhase = "first_phase", repCount = "rep_count"
        case velocityLossPercent = "velocity_loss_pct", tempoConsistency = "tempo_cv"
        case load = "load_kg", loadSource = "load_source"
        case bestMeanConcentricVelocity = "best_mean_concentric_velocity_mps"
        case meanScore = "mean_score", scoreTrend = "score_trend_per_rep"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(Int.self, forKey: .index)
        start = try c.decode(Double.self, forKey: .start)
        end = try c.decode(Double.self, forKey: .end)
        firstPhase = try c.decode(MovementPhase.self, forKey: .firstPhase)
        repCount = try c.decode(Int.self, forKey: .repCount)
        velocityLossPercent = try c.decode(Double?.self, forKey: .velocityLossPercent)
        tempoConsistency = try c.decode(TempoConsistency.self, forKey: .tempoConsistency)
        load = try c.decode(Double?.self, forKey: .load)
        loadSource = try c.decode(LoadSource?.self, forKey: .loadSource)
        bestMeanConcentricVelocity = try c.decode(Double?.self, forKey: .bestMeanConcentricVelocity)
        holds = try c.decode([Hold].self, forKey: .holds)
        meanScore = try c.decode(Double?.self, forKey: .meanScore)
        scoreTrend = try c.decode(Double?.self, forKey: .scoreTrend)
        reps = try c.decode([Rep].self, forKey: .reps)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(firstPhase, forKey: .firstPhase)
        try c.encode(repCount, forKey: .repCount)
        try c.encode(velocityLossPercent, forKey: .velocityLossPercent)
        try c.encode(tempoConsistency, forKey: .tempoConsistency)
        try c.encode(load, forKey: .load)
        try c.encode(loadSource, forKey: .loadSource)
        try c.encode(bestMeanConcentricVelocity, forKey: .bestMeanConcentricVelocity)
        try c.encode(holds, forKey: .holds)
        try c.encode(meanScore, forKey: .meanScore)
        try c.encode(scoreTrend, forKey: .scoreTrend)
        try c.encode(reps, forKey: .reps)
    }
}

extension LoadVelocityProfile: Codable {
    enum CodingKeys: String, CodingKey {
        case points, slope = "slope_mps_per_kg", intercept = "intercept_mps", rSquared = "r_squared"
        case standardError = "standard_error_mps", minimumVelocityThreshold = "minimum_velocity_threshold_mps"
        case estimatedOneRepMax = "estimated_1rm_kg"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        points = try c.decode([Point].self, forKey: .points)
        slope = try c.decode(Double.self, forKey: .slope)
        intercept = try c.decode(Double.self, forKey: .intercept)
        rSquared = try c.decode(Double.self, forKey: .rSquared)
        standardError = try c.decode(Double?.self, forKey: .standardError)
        minimumVelocityThreshold = try c.decode(Double.self, forKey: .minimumVelocityThreshold)
        estimatedOneRepMax = try c.decode(Double?.self, forKey: .estimatedOneRepMax)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(points, forKey: .points)
        try c.encode(slope, forKey: .slope)
        try c.encode(intercept, forKey: .intercept)
        try c.encode(rSquared, forKey: .rSquared)
        try c.encode(standardError, forKey: .standardError)
        try c.encode(minimumVelocityThreshold, forKey: .minimumVelocityThreshold)
        try c.encode(estimatedOneRepMax, forKey: .estimatedOneRepMax)
    }
}

extension AnalysisConfiguration {
    enum CodingKeys: String, CodingKey {
        case minimumRange = "minimum_range_m", partialFraction = "partial_fraction", restLimit = "rest_limit_s"
        case releaseLimit = "release_limit_s", holdLimit = "hold_limit_s", homeTolerance = "home_tolerance_m"
        case onsetVelocity = "onset_velocity_mps", minimumTravel = "minimum_travel_m"
        case smoothingWindow = "smoothing_window_s", maximumRepDuration = "maximum_rep_duration_s"
        case maximumGap = "maximum_gap_s", brakingLimit = "braking_limit_mps2"
        case minimumVelocityThreshold = "minimum_velocity_threshold_mps"
        case maximumPosition = "maximum_position_m", maximumForce = "maximum_force_n"
        case flags, score
    }

    /// Reads the keys present; a missing key keeps its default, so a
    /// configuration file need only name what it changes. Unknown keys are
    /// an error (a misspelt key would otherwise be silently ignored).
    public init(from decoder: any Decoder) throws {
        try AnyKey.rejectUnknown(CodingKeys.self, in: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        try c.update(&minimumRange, forKey: .minimumRange)
        try c.update(&partialFraction, forKey: .partialFraction)
        try c.update(&restLimit, forKey: .restLimit)
        try c.update(&releaseLimit, forKey: .releaseLimit)
        try c.update(&holdLimit, forKey: .holdLimit)
        try c.update(&homeTolerance, forKey: .homeTolerance)
        try c.update(&onsetVelocity, forKey: .onsetVelocity)
        try c.update(&minimumTravel, forKey: .minimumTravel)
        try c.update(&smoothingWindow, forKey: .smoothingWindow)
        try c.update(&maximumRepDuration, forKey: .maximumRepDuration)
        try c.update(&maximumGap, forKey: .maximumGap)
        try c.update(&brakingLimit, forKey: .brakingLimit)
        try c.update(&minimumVelocityThreshold, forKey: .minimumVelocityThreshold)
        try c.update(&maximumPosition, forKey: .maximumPosition)
        try c.update(&maximumForce, forKey: .maximumForce)
        if let f = try c.decodeIfPresent(FlagThresholds.self, forKey: .flags) { flags = f }
        if let f = try c.decodeIfPresent(ScoreConfiguration.self, forKey: .score) { score = f }
    }
}

extension KeyedDecodingContainer {
    /// Replaces `value` with the number at `key` when the object has one: a
    /// configuration names only what it changes.
    func update(_ value: inout Double, forKey key: Key) throws {
        if let v = try decodeIfPresent(Double.self, forKey: key) { value = v }
    }
}

/// A coding key of any name, to list the keys a JSON object has.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    /// Throws when the object `decoder` holds has a key that `Keys` does not name.
    static func rejectUnknown<Keys: CodingKey>(_: Keys.Type, in decoder: any Decoder) throws {
        let all = try decoder.container(keyedBy: AnyKey.self)
        for key in all.allKeys where Keys(stringValue: key.stringValue) == nil {
            throw DecodingError.dataCorruptedError(forKey: key, in: all,
                                                   debugDescription: "unknown configuration key \(key.stringValue)")
        }
    }
}

extension SessionReport: Codable {
    enum CodingKeys: String, CodingKey {
        case schema, source, cables, sets, configuration
        case sampleRate = "sample_rate_hz", duration = "duration_s"
        case loadVelocityProfile = "load_velocity_profile"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let schema = try c.decode(String.self, forKey: .schema)
        guard schema == Self.schema else {
            throw DecodingError.dataCorruptedError(forKey: .schema, in: c,
                                                   debugDescription: "expected \(Self.schema), got \(schema)")
        }
        source = try c.decode(String?.self, forKey: .source)
        sampleRate = try c.decode(Double.self, forKey: .sampleRate)
        duration = try c.decode(Double.self, forKey: .duration)
        cables = try c.decode([CableName].self, forKey: .cables)
        sets = try c.decode([RepSet].self, forKey: .sets)
        loadVelocityProfile = try c.decode(LoadVelocityProfile?.self, forKey: .loadVelocityProfile)
        configuration = try c.decode(AnalysisConfiguration.self, forKey: .configuration)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.schema, forKey: .schema)
        try c.encode(source, forKey: .source)
        try c.encode(sampleRate, forKey: .sampleRate)
        try c.encode(duration, forKey: .duration)
        try c.encode(cables, forKey: .cables)
        try c.encode(sets, forKey: .sets)
        try c.encode(loadVelocityProfile, forKey: .loadVelocityProfile)
        try c.encode(configuration, forKey: .configuration)
    }

    /// The report as JSON (`cableform.report/1`), keys sorted, indented.
    ///
    /// Every number the analyzer produces is finite, so this cannot fail.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try! encoder.encode(self)
    }

    /// The report as one line of JSON (`cableform.report/1`, keys sorted, no
    /// indentation): the bytes `JSONEncoder` writes with `.sortedKeys` and
    /// `.withoutEscapingSlashes`, several times faster — the form
    /// `cableform batch` writes, one line per file.
    ///
    /// Every number the analyzer produces is finite, so this cannot fail.
    public func jsonLine() -> String {
        try! CompactJSONEncoder().encode(self)
    }

    /// Reads a report written by ``jsonData()``.
    public static func decode(_ data: Data) throws -> SessionReport {
        try JSONDecoder().decode(SessionReport.self, from: data)
    }
}
