import ArgumentParser
import CableForm
import Foundation

/// `cableform demo`: runs the DSP chain on a bundled recording and prints what
/// it finds. It stands in for `cableform analyze` until the rep analyzer exists.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the DSP kernels on a bundled recording and print each rep's peak.",
        discussion: """
            Reads a cableform CSV file, takes its first cable's position (m) and force (N), \
            resamples them onto a uniform grid, low-passes position with a zero-phase 4th-order Butterworth, \
            differentiates it, and finds the top of every pull with find_peaks. Per pull it prints the range of \
            motion, the peak concentric velocity and the peak power F·v. (The rep analyzer \
            will replace this with phases, tempo and form.)
            """
    )

    @Argument(help: "A cableform CSV recording.")
    var file: String = "Fixtures/simulated/seated_row_200hz.csv"

    @Option(help: "Low-pass cut-off for position, in Hz.")
    var cutoff: Double = 8

    func run() throws {
        let started = ContinuousClock.now
        let session = try SessionCSV.read(contentsOf: file)
        guard let cable = session.cables.first else { throw ValidationError("\(file): no cable") }
        let rate = session.sampleRate
        let dt = 1 / rate
        let maxGap = 5 * dt
        let resampled = try UniformResampler.linear(
            times: session.time, values: cable.position, sampleRate: rate, maxGap: maxGap)
        let force = try UniformResampler.linear(
            times: session.time, values: cable.force, sampleRate: rate, maxGap: maxGap)
        // Dropped samples shorter than the gap limit are bridged; longer gaps would be NaN.
        let sos = try SecondOrderSections.butterworth(order: 4, band: .lowpass(cutoff: min(cutoff, rate / 4)), sampleRate: rate)
        let position = try sos.filtfilt(resampled.values)
        let velocity = try Derivative.gradient(position, spacing: dt, edgeOrder: 2)
        let range = (position.max() ?? 0) - (position.min() ?? 0)
        let tops = try findPeaks(
            position, PeakCriteria(distance: rate, prominence: PeakBound(min: 0.5 * range), width: 0))
        let elapsed = ContinuousClock.now - started

        print("cableform demo: \(file) (\(session.metadata.exercise ?? "?"), cable \(cable.name))")
        print(String(format: "  %d samples over %.1f s at %.0f Hz, %d gap(s) of dropped samples",
                     session.sampleCount, session.duration, rate, session.gaps.count))
        print("  rep   top (s)   ROM (m)   peak concentric v (m/s)   peak power (W)")
        for (k, peak) in tops.indices.enumerated() {
            // The pull that reached this top: back from the fastest point of the
            // last 3 s until the cable stops moving out (v ≤ 5 mm/s).
            let window = max(0, peak - Int(3 * rate))...peak
            let fastest = window.max { velocity[$0] < velocity[$1] }!
            var bottom = fastest
            while bottom > 0 && velocity[bottom - 1] > 0.005 { bottom -= 1 }
            let pull = bottom...peak
            let peakPower = pull.map { force.values[$0] * velocity[$0] }.max() ?? 0
            print(String(format: "  %3d   %7.2f   %7.3f   %23.3f   %14.1f",
                         k + 1, resampled.time(at: peak), position[peak] - position[bottom], velocity[fastest], peakPower))
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print(String(format: "  %d pulls found in %.1f ms (file reading included)", tops.count, seconds * 1000))
    }
}
