import Foundation
import CableForm
import CableFormDevice
import Testing

@Suite("Per-phase smoothness in the report")
struct PhaseSmoothnessTests {
    @Test("clean phases sit at the minimum-jerk values; hitches, bounces and thrown pulls fall below",
          arguments: ["seated_row_200hz", "hip_thrust_1000hz", "goblet_squat_20hz", "romanian_deadlift_100hz",
                      "lat_pulldown_200hz"])
    func fixtures(name: String) throws {
        let sim = SimulatedMachine(plan: FixtureCatalog.all.first { $0.name == name }!.plan).run()
        let report = try analyze(sim.session)
        let truth = sim.truth.sets.flatMap(\.reps)
        let reps = report.sets.flatMap(\.reps)
        #expect(reps.count == truth.count)
        for (k, (rep, t)) in zip(reps, truth).enumerated() {
            let faults = Set(t.faults.map(\.kind))
            // A concentric launched by the previous rep's bounce is not a clean bell either.
            let launched = k > 0 && truth[k - 1].faults.contains { $0.kind == "bounce" } && rep.firstPhase == .concentric
            let c = try #require(rep.smoothness.concentric), e = try #require(rep.smoothness.eccentric)
            if faults.isDisjoint(with: ["jerky", "ballistic", "mid_rep_pause", "bounce"]) && !launched {
                #expect(abs(c.sparc + 1.40) < 0.03, "\(name) rep \(k): concentric SPARC \(c.sparc)")
                #expect(c.ldlj > -6.2 && c.ldlj < -5.0, "\(name) rep \(k): concentric LDLJ \(c.ldlj)")
                #expect(c.speedPeaks == 1)
            }
            if faults.contains("jerky") {
                #expect(c.sparc < -1.55 && c.speedPeaks == 2, "\(name) rep \(k): hitch \(c)")
                // The flag points at the sticking region: its slowest point lies inside the
                // region it names, and both inside the injected fault's span.
                let flag = try #require(rep.flags.first { $0.kind == .jerky })
                let span = try #require(t.faults.first { $0.kind == "jerky" })
                let numbers = flag.detail.components(separatedBy: "sticking region from ").last!
                    .components(separatedBy: " s to ").map { Double($0.replacingOccurrences(of: " s", with: ""))! }
                #expect(numbers.count == 2 && numbers[0] < flag.time && flag.time < numbers[1], "\(flag.detail)")
                #expect(numbers[0] >= span.start - 0.05 && numbers[1] <= span.end + 0.05, "\(numbers) vs \(span)")
            }
            if faults.contains("ballistic") {
                #expect(c.sparc < -1.42 && c.ldlj < -6.3, "\(name) rep \(k): thrown \(c)")
            }
            if faults.contains("mid_rep_pause") { #expect(c.speedPeaks == 2) }
            if faults.isDisjoint(with: ["bounce", "dropped_eccentric"]) {
                #expect(abs(e.sparc + 1.40) < 0.03, "\(name) rep \(k): eccentric SPARC \(e.sparc)")
            }
            if faults.contains("bounce") && rep.firstPhase == .concentric {
                #expect(e.sparc < -1.55, "\(name) rep \(k): bounce \(e)")
            }
        }
    }
}
