import Foundation

/// The processors this process may run on.
enum Processors {
    /// How many (its CPU affinity where the platform reports one): a second
    /// thread for one job (``AnalysisPipeline``) pays off only with two or more.
    static var available: Int { ProcessInfo.processInfo.activeProcessorCount }
}
