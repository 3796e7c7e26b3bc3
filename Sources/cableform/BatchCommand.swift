import ArgumentParser
import CableForm
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `cableform batch PATH... --out results.jsonl`: every session file under
/// the paths, in parallel, one JSON line per file, in order.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Analyze every session file under the paths into JSON Lines, in parallel.",
        discussion: """
            Finds the .csv and .cfb files under each path (recursively), sorted, and writes one line per file \
            to --out in that order: the cableform.report/1 document, or {"source", "error": {"message"}} for a \
            file that failed. A failure does not stop the batch; the exit status is 1 if any file failed. \
            --resume skips files already in the output; --shard I/N keeps the files whose path hashes to \
            share I of N (FNV-1a), so that N machines together do every file once.
            """
    )

    @Argument(help: ArgumentHelp("Files or folders.", valueName: "path"))
    var paths: [String]

    @Option(name: .long, help: ArgumentHelp("The JSON Lines output file.", valueName: "file"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Files analysed at once (default: the number of cores).", valueName: "n"))
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Skip the files whose lines are already in --out, and append.")
    var resume = false

    @Option(name: .long, help: ArgumentHelp("Process only share I of N (0-based): I/N.", valueName: "I/N"))
    var shard: String?

    @Flag(help: "No progress bar, even on a terminal.")
    var quiet = false

    @OptionGroup var options: AnalysisOptions

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let shard, Self.parseShard(shard) == nil {
            throw ValidationError("--shard must be I/N with 0 <= I < N, got \(shard)")
        }
    }

    static func parseShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 0, i < n else { return nil }
        return (i, n)
    }

    /// FNV-1a (64-bit) of the path's bytes: a share that does not depend on which other files exist.
    static func share(of path: String, count: Int) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in path.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return Int(h % UInt64(count))
    }

    /// The session files under `paths`, sorted.
    static func sessionFiles(_ paths: [String]) throws -> [String] {
        var found: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("no such file or folder: \(path)")
            }
            if !isDirectory.boolValue {
                found.append(path)
                continue
            }
            guard let walker = fm.enumerator(atPath: path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".csv") || relative.hasSuffix(".cfb") {
                found.append((path as NSString).appendingPathComponent(relative))
            }
        }
        return Array(Set(found)).sorted()
    }

    /// Keeps the memory each file's analysis frees for the next file instead of
    /// giving it back to the system. Every file allocates its columns and the
    /// analyzer's ring anew (megabytes each); glibc maps blocks that large and
    /// unmaps them when freed, and in a process with several threads each unmap
    /// interrupts the other cores to flush their address translations — with
    /// two jobs that kernel time was a third of the batch's CPU time (0.6–1.1 s
    /// against 0.2 s with one job on the 200-file benchmark corpus; see
    /// docs/performance.md). Serving large blocks from the heap and not trimming
    /// it keeps the peak memory what the jobs need at once, and reuses it.
    static func keepFreedMemory() {
        #if canImport(Glibc)
        // glibc's mallopt (not in Swift's Glibc module, so looked up by name);
        // M_TRIM_THRESHOLD is -1 and M_MMAP_THRESHOLD -3 in <malloc.h>.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 256 << 20)
        _ = mallopt(-1, 1 << 30)
        #endif
    }

    func run() throws {
        let configuration = try options.configuration()
        var files = try Self.sessionFiles(paths)
        if let shard, let (i, n) = Self.parseShard(shard) { files = files.filter { Self.share(of: $0, count: n) == i } }
        var done = Set<String>()
        if resume, let existing = try? String(contentsOfFile: out, encoding: .utf8) {
            for line in existing.split(separator: "\n") {
                if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                   let source = object["source"] as? String {
                    done.insert(source)
                }
            }
        }
        let todo = files.filter { !done.contains($0) }
        let skipped = files.count - todo.count

        if !resume || !FileManager.default.fileExists(atPath: out) {
            guard FileManager.default.createFile(atPath: out, contents: nil) else {
                throw CommandFailure(message: "cableform: cannot write \(out)")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: out) else { throw CommandFailure(message: "cableform: cannot write \(out)") }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()

        let progress = Progress(total: todo.count, enabled: !quiet && isatty(STDERR_FILENO) == 1)
        let results = OrderedResults(count: todo.count, window: 4 * jobs)
        let started = ContinuousClock.now
        // Workers take files in order; the writer below writes lines in that order as they complete.
        let workers = min(jobs, max(todo.count, 1))
        if workers > 1 { Self.keepFreedMemory() }
        // The jobs share the cores: each file on one thread. A lone job may
        // give a long session a second thread (the same report either way).
        let concurrency: AnalysisConcurrency = workers > 1 ? .serial : .automatic
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let k = results.claim() {
                    let file = todo[k]
                    let line: String
                    do {
                        line = try analyze(try readSession(file), configuration: configuration, source: file,
                                           concurrency: concurrency).jsonLine()
                        results.store(k, line: line, failed: nil)
                    } catch {
                        let object: [String: Any] = ["source": file, "error": ["message": describe(error, file: file)]]
                        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                        results.store(k, line: String(decoding: data, as: UTF8.self), failed: describe(error, file: file))
                    }
                }
            }
        }
        var failed = 0
        for k in 0..<todo.count {
            let (line, failure) = results.take(k)
            handle.write(Data((line + "\n").utf8))
            if let failure {
                failed += 1
                progress.clear()
                standardError("cableform: \(failure)")
            }
            progress.update(k + 1, elapsed: started.duration(to: .now))
        }
        progress.finish()
        let elapsed = seconds(started.duration(to: .now))
        standardError("\(files.count) file(s): \(todo.count - failed) analysed, \(failed) failed, \(skipped) already done, "
                      + "in \(String(format: "%.1f", elapsed)) s, peak memory \(peakMemoryMegabytes()) MB")
        if failed > 0 { throw CommandFailure(message: "cableform: \(failed) file(s) failed (their errors are in \(out))") }
    }
}

/// Results filled by workers in any order and taken in order.
///
/// Workers may run at most `window` files ahead of the writer: a slow file
/// (a long session) holds the others back instead of letting finished
/// lines pile up, so the memory held does not grow with the number of files.
final class OrderedResults: @unchecked Sendable {
    // @unchecked: every stored property is read and written under `condition`.
    private let condition = NSCondition()
    private var lines: [(String, String?)?]
    private var next = 0
    private var taken = 0
    private let window: Int

    init(count: Int, window: Int) {
        lines = Array(repeating: nil, count: count)
        self.window = max(window, 1)
    }

    /// The next file index to work on, or nil when all are claimed; waits
    /// while `window` files are claimed or done but not yet taken.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while next < lines.count && next - taken >= window { condition.wait() }
        guard next < lines.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ k: Int, line: String, failed: String?) {
        condition.lock()
        lines[k] = (line, failed)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for result `k`.
    func take(_ k: Int) -> (String, String?) {
        condition.lock()
        defer { condition.unlock() }
        while lines[k] == nil { condition.wait() }
        let result = lines[k]!
        lines[k] = nil
        taken = k + 1
        condition.broadcast()
        return result
    }
}

/// A progress bar with rate and ETA on standard error (a terminal only).
struct Progress {
    let total: Int
    let enabled: Bool

    func update(_ done: Int, elapsed: Duration) {
        guard enabled, total > 0 else { return }
        let time = seconds(elapsed)
        let rate = time > 0 ? Double(done) / time : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30, filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data(String(format: "\r[%@] %d/%d files, %.1f files/s, ETA %.0f s ", bar, done, total, rate, eta).utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}

/// The most memory this process has held resident so far (MB, `getrusage`'s
/// `ru_maxrss`), for the batch summary.
func peakMemoryMegabytes() -> Int {
    var usage = rusage()
    #if os(Linux)
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    return Int(usage.ru_maxrss) / 1024  // kilobytes on Linux
    #else
    guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
    return Int(usage.ru_maxrss) / (1024 * 1024)  // bytes on Darwin
    #endif
}
