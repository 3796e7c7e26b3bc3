import Foundation

/// The processors this process may run on.
enum Processors {
    /// How many (its CPU affinity where the platform reports one): helper
    /// threads for one job (``AnalysisPipeline``; a large `.cfb` read's
    /// ``ColumnPrefaulter`` and ``ChunkChecker``) pay off only with two or more.
    static var available: Int { ProcessInfo.processInfo.activeProcessorCount }
}
