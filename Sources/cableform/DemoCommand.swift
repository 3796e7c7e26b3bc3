import ArgumentParser
import CableFormDSP
import Foundation

/// `cableform demo`: runs the DSP chain on a bundled recording and prints what
/// it finds. It stands in for `cableform analyze` until the rep analyzer exists.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the DSP kernels on a bundled recording and print each rep's peak.",
        discussion: """
            Reads one cable's position (m) and force (N) from a cableform CSV file, resamples \
            it onto a uniform grid, low-passes position with a zero-phase 4th-order Butterworth, \
            differentiates it, and finds the top of every pull with find_peaks. Per rep it prints the range of \
            motion (the peak's prominence), the peak concentric velocity and the peak power F·v.
            """
    )

    @Argument(help: "A cableform CSV recording.")
    var file: String = "Fixtures/demo/seated_row_demo.csv"

    @Option(help: "Low-pass cut-off for position, in Hz.")
    var cutoff: Double = 8

    func run() throws {
        let started = ContinuousClock.now
        let recording = try DemoRecording(path: file)
        let dt = recording.medianInterval
        let rate = 1 / dt
        let resampled = try UniformResampler.linear(
            times: recording.time, values: recording.position, sampleRate: rate, maxGap: 5 * dt)
        let force = try UniformResampler.linear(
            times: recording.time, values: recording.force, sampleRate: rate, maxGap: 5 * dt)
        let sos = try SecondOrderSections.butterworth(order: 4, band: .lowpass(cutoff: cutoff), sampleRate: rate)
        let position = try sos.filtfilt(resampled.values)
        let velocity = try Derivative.gradient(position, spacing: dt, edgeOrder: 2)
        let range = (position.max() ?? 0) - (position.min() ?? 0)
        let tops = try findPeaks(
            position, PeakCriteria(distance: rate, prominence: PeakBound(min: 0.5 * range), width: 0))
        let elapsed = ContinuousClock.now - started

        print("cableform demo: \(file)")
        print(String(format: "  %d samples over %.1f s, resampled at %.1f Hz, %d gap(s)",
                     recording.time.count, recording.time.last! - recording.time.first!, rate, resampled.gaps.count))
        print("  rep   top (s)   ROM (m)   peak concentric v (m/s)   peak power (W)")
        for (k, peak) in tops.indices.enumerated() {
            let start = tops.leftBases![k]
            let concentric = start...peak
            let peakVelocity = concentric.map { velocity[$0] }.max() ?? 0
            let peakPower = concentric.map { force.values[$0] * velocity[$0] }.max() ?? 0
            print(String(format: "  %3d   %7.2f   %7.3f   %23.3f   %14.1f",
                         k + 1, resampled.time(at: peak), tops.prominences![k], peakVelocity, peakPower))
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        print(String(format: "  %d reps found in %.1f ms", tops.count, seconds * 1000))
    }
}

/// A minimal reader for the demo's one-cable CSV (`time_s`, then the first
/// `*_position_m` and `*_force_n` columns); the full cableform CSV reader
/// replaces it.
struct DemoRecording {
    var time: [Double] = []
    var position: [Double] = []
    var force: [Double] = []

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var columns: (time: Int, position: Int, force: Int)?
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard let c = columns else {
                guard let t = fields.firstIndex(of: "time_s"),
                      let p = fields.firstIndex(where: { $0.hasSuffix("_position_m") }),
                      let f = fields.firstIndex(where: { $0.hasSuffix("_force_n") })
                else {
                    throw ValidationError("\(path):\(number + 1): header needs time_s, *_position_m and *_force_n")
                }
                columns = (t, p, f)
                continue
            }
            func value(_ column: Int) throws -> Double {
                guard column < fields.count, let v = Double(fields[column]) else {
                    throw ValidationError("\(path):\(number + 1): column \(column + 1) is not a number")
                }
                return v
            }
            time.append(try value(c.time))
            position.append(try value(c.position))
            force.append(try value(c.force))
        }
        guard time.count >= 2 else { throw ValidationError("\(path): fewer than 2 samples") }
    }

    /// The median interval between time stamps, in seconds.
    var medianInterval: Double {
        let d = zip(time.dropFirst(), time).map { $0 - $1 }.sorted()
        return d[d.count / 2]
    }
}
