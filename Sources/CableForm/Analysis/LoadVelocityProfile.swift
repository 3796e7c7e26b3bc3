extension LoadVelocityProfile {
    /// The least coefficient of determination for which the profile's 1RM is
    /// estimated: a line that explains less than half the velocity variance
    /// predicts nothing.
    public static let minimumRSquared = 0.5

    /// Fits the profile to `sets`: one point per set with a load and a complete
    /// rep; nil unless two or more distinct loads are present.
    init?(sets: [RepSet], threshold: Double) {
        let points = sets.compactMap { s -> Point? in
            guard let load = s.load, let v = s.bestMeanConcentricVelocity else { return nil }
            return Point(load: load, velocity: v)
        }
        guard Set(points.map(\.load)).count >= 2 else { return nil }
        let n = Double(points.count)
        let mx = points.reduce(0) { $0 + $1.load } / n
        let my = points.reduce(0) { $0 + $1.velocity } / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for p in points {
            sxx += (p.load - mx) * (p.load - mx)
            sxy += (p.load - mx) * (p.velocity - my)
            syy += (p.velocity - my) * (p.velocity - my)
        }
        let slope = sxy / sxx
        let intercept = my - slope * mx
        // Residuals summed directly: syy − slope·sxy cancels to noise on a good fit.
        let residual = points.reduce(0) { acc, p in
            let r = p.velocity - (intercept + slope * p.load)
            return acc + r * r
        }
        self.init(
            points: points, slope: slope, intercept: intercept,
            rSquared: syy > 0 ? 1 - residual / syy : 1,
            standardError: points.count > 2 ? (residual / (n - 2)).squareRoot() : nil,
            minimumVelocityThreshold: threshold,
            estimatedOneRepMax: slope < 0 && syy > 0 && 1 - residual / syy >= Self.minimumRSquared
                ? (threshold - intercept) / slope : nil)
    }
}
