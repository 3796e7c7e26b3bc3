import Foundation

/// An importer for bilateral force-plate recordings in the OpenSim-style CSV
/// that biomechanics labs export (a header block ending in `endheader`, then
/// `time` and `ground_force<N>_v{x,y,z}`, `_p{x,y,z}` and `ground_torque<N>_*`
/// columns), such as the public ACL squat-jump recording in `Fixtures/real/`.
///
/// Each plate becomes a side: `ground_force<N>_vy`, the vertical force (N), is
/// the side's force. Force plates measure no position, so every position is 0
/// (documented, not invented); all other columns are kept as extra channels.
public enum ForcePlateRecording {
    /// Which plate is which side.
    public struct PlateAssignment: Sendable, Hashable {
        /// The plate number (the `N` in `ground_forceN_vy`) of the left foot.
        public var leftPlate: Int
        /// The plate number of the right foot.
        public var rightPlate: Int

        /// Creates an assignment.
        public init(leftPlate: Int, rightPlate: Int) {
            self.leftPlate = leftPlate
            self.rightPlate = rightPlate
        }
    }

    /// Reads a recording.
    ///
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - plates: which plate is which foot (the ACL recording: plate 2 left, plate 1 right).
    /// - Throws: ``SessionFileError`` with the line of the problem.
    public static func read(
        contentsOf path: String, plates: PlateAssignment = PlateAssignment(leftPlate: 2, rightPlate: 1)
    ) throws(SessionFileError) -> Session {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SessionFileError(.io(errno: ENOENT), file: path, location: .wholeFile)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        guard let end = lines.firstIndex(where: { $0.hasPrefix("endheader") }) else {
            throw SessionFileError(.badSignature(found: String(lines.first?.prefix(40) ?? "")), file: path,
                                   location: .line(1, column: nil))
        }
        let headerLine = end + 1
        guard headerLine < lines.count else {
            throw SessionFileError(.missingColumn("time"), file: path, location: .line(headerLine + 1, column: nil))
        }
        let names = lines[headerLine].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let timeColumn = names.firstIndex(of: "time") else {
            throw SessionFileError(.missingColumn("time"), file: path, location: .line(headerLine + 1, column: nil))
        }
        let leftName = "ground_force\(plates.leftPlate)_vy", rightName = "ground_force\(plates.rightPlate)_vy"
        guard let left = names.firstIndex(of: leftName) else {
            throw SessionFileError(.missingColumn(leftName), file: path, location: .line(headerLine + 1, column: nil))
        }
        guard let right = names.firstIndex(of: rightName) else {
            throw SessionFileError(.missingColumn(rightName), file: path, location: .line(headerLine + 1, column: nil))
        }
        // Reuse the cableform CSV reader on the data block with renamed columns.
        var renamed = names
        renamed[timeColumn] = "time_s"
        renamed[left] = "left_force_n"
        renamed[right] = "right_force_n"
        var csv = "# cableform-csv 1\n# device: force-plates\n# mode: bodyweight\n"
        csv += "# position_source: none (force plates measure no position; positions are 0)\n"
        csv += (["left_position_m", "right_position_m"] + renamed).joined(separator: ",") + "\n"
        for line in lines[(headerLine + 1)...] where !line.isEmpty {
            csv += "0,0,"
            csv += line
            csv += "\n"
        }
        do {
            return try SessionCSV.read(Array(csv.utf8), name: path)
        } catch {
            // Report the line in the original file: the data block starts after the header.
            var e = error
            e.file = path
            // Records start on line 6 here and on line headerLine + 2 (1-based) in the
            // original; "0,0," (4 bytes) precedes each record here.
            if case let .line(n, column) = e.location {
                e.location = .line(n - 6 + headerLine + 2, column: column.map { $0 - 4 })
            }
            throw e
        }
    }
}
