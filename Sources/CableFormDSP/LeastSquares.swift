import CLAPACK

/// Linear least squares through LAPACK (`dgelsd`, `dgels`).
///
/// Solves `min ‖A·c − b‖₂` for a dense `rows × columns` matrix `A`. When the
/// system is underdetermined or rank deficient, ``solve(_:_:rcond:)`` returns
/// the minimum-norm solution, as `numpy.linalg.lstsq` and `scipy.linalg.lstsq`
/// do. The effective rank is always returned: `info == 0` alone does not mean
/// the answer is meaningful.
public enum LeastSquares {
    /// A dense matrix stored column by column (Fortran order).
    public struct Matrix: Sendable, Hashable {
        /// Number of rows.
        public let rows: Int
        /// Number of columns.
        public let columns: Int
        /// The entries, column-major: element (i, j) is `columnMajor[i + j·rows]`.
        public var columnMajor: [Double]

        /// Creates a matrix from column-major storage.
        ///
        /// - Precondition: `rows >= 1`, `columns >= 1` and
        ///   `columnMajor.count == rows * columns`.
        public init(rows: Int, columns: Int, columnMajor: [Double]) {
            precondition(rows >= 1 && columns >= 1, "LeastSquares.Matrix needs at least 1×1")
            precondition(columnMajor.count == rows * columns, "LeastSquares.Matrix storage must hold rows·columns values")
            self.rows = rows
            self.columns = columns
            self.columnMajor = columnMajor
        }

        /// Creates a `rows × columns` matrix from a function of (row, column).
        public init(rows: Int, columns: Int, entry: (Int, Int) -> Double) {
            var storage = [Double]()
            storage.reserveCapacity(rows * columns)
            for j in 0..<columns {
                for i in 0..<rows { storage.append(entry(i, j)) }
            }
            self.init(rows: rows, columns: columns, columnMajor: storage)
        }

        /// Element (row, column).
        public subscript(row: Int, column: Int) -> Double { columnMajor[row + column * rows] }
    }

    /// A least-squares solution with its diagnostics.
    public struct Solution: Sendable, Hashable {
        /// The solution vector `c`, `columns` values.
        public var coefficients: [Double]
        /// The effective rank: the number of singular values above
        /// `rcond · σ_max` (for ``solve(_:_:rcond:)``), or `min(rows, columns)`
        /// for the full-rank QR solver.
        public var rank: Int
        /// The singular values of `A`, descending (empty for the QR solver).
        public var singularValues: [Double]
    }

    /// Minimum-norm least squares by divide-and-conquer SVD.
    ///
    /// Singular values at or below `rcond · σ_max` are treated as zero. Pass
    /// `rcond` explicitly: LAPACK's default (machine epsilon) keeps directions
    /// that are numerically meaningless.
    ///
    /// The corresponding LAPACK routine is `dgelsd`.
    ///
    /// - Parameters:
    ///   - a: the design matrix.
    ///   - b: the right-hand side, `a.rows` values.
    ///   - rcond: the relative singular-value cut-off, finite and `>= 0`.
    /// - Throws: ``DSPError/invalidArgument(name:reason:)`` for a wrong `b` length or
    ///   `rcond`; ``DSPError/nonFiniteSample(index:)`` for a NaN or infinity in `a`
    ///   (index into `columnMajor`) or `b` (index offset by `a.columnMajor.count`);
    ///   ``DSPError/lapackFailure(routine:info:)`` if the SVD does not converge.
    public static func solve(_ a: Matrix, _ b: [Double], rcond: Double) throws(DSPError) -> Solution {
        guard rcond.isFinite, rcond >= 0 else {
            throw .invalidArgument(name: "rcond", reason: "must be finite and >= 0, got \(rcond)")
        }
        var (m, n, lda, ldb, matrix, rhs) = try fortranOperands(a, b)
        var nrhs: Int32 = 1
        var s = [Double](repeating: 0, count: Int(min(m, n)))
        var rc = rcond
        var rank: Int32 = 0
        var info: Int32 = 0
        // Workspace query.
        var lwork: Int32 = -1
        var workSize = 0.0
        var iworkSize: Int32 = 0
        dgelsd_(&m, &n, &nrhs, &matrix, &lda, &rhs, &ldb, &s, &rc, &rank, &workSize, &lwork, &iworkSize, &info)
        guard info == 0 else { throw .lapackFailure(routine: "dgelsd", info: Int(info)) }
        lwork = Int32(workSize.rounded(.up))
        var work = [Double](repeating: 0, count: Int(max(lwork, 1)))
        var iwork = [Int32](repeating: 0, count: Int(max(iworkSize, 1)))
        dgelsd_(&m, &n, &nrhs, &matrix, &lda, &rhs, &ldb, &s, &rc, &rank, &work, &lwork, &iwork, &info)
        guard info == 0 else { throw .lapackFailure(routine: "dgelsd", info: Int(info)) }
        return Solution(coefficients: Array(rhs.prefix(Int(n))), rank: Int(rank), singularValues: s)
    }

    /// Least squares for a matrix of full rank, by QR (rows ≥ columns) or LQ
    /// (rows < columns, minimum norm) factorisation: faster than the SVD, but
    /// it cannot measure rank.
    ///
    /// The corresponding LAPACK routine is `dgels` (with `TRANS = 'N'`).
    ///
    /// - Throws: ``DSPError/rankDeficient(rank:required:)`` when LAPACK finds an
    ///   exactly zero diagonal element in the triangular factor (it reports the
    ///   position as `INFO > 0`). A matrix that is only *nearly* singular is not
    ///   detected: use ``solve(_:_:rcond:)`` when rank is in doubt.
    public static func solveFullRank(_ a: Matrix, _ b: [Double]) throws(DSPError) -> Solution {
        var (m, n, lda, ldb, matrix, rhs) = try fortranOperands(a, b)
        var nrhs: Int32 = 1
        var info: Int32 = 0
        var lwork: Int32 = -1
        var workSize = 0.0
        var trans = CChar(UInt8(ascii: "N"))
        // The trailing 1 is the hidden Fortran length of the CHARACTER argument.
        dgels_(&trans, &m, &n, &nrhs, &matrix, &lda, &rhs, &ldb, &workSize, &lwork, &info, 1)
        guard info == 0 else { throw .lapackFailure(routine: "dgels", info: Int(info)) }
        lwork = Int32(workSize.rounded(.up))
        var work = [Double](repeating: 0, count: Int(max(lwork, 1)))
        dgels_(&trans, &m, &n, &nrhs, &matrix, &lda, &rhs, &ldb, &work, &lwork, &info, 1)
        if info > 0 {
            throw .rankDeficient(rank: Int(info) - 1, required: Int(min(m, n)))
        }
        guard info == 0 else { throw .lapackFailure(routine: "dgels", info: Int(info)) }
        return Solution(coefficients: Array(rhs.prefix(Int(n))), rank: Int(min(m, n)), singularValues: [])
    }

    /// Checks `a` and `b` and lays them out for a LAPACK least-squares driver:
    /// sizes as Fortran INTEGERs, a copy of `a` (LAPACK overwrites it), and `b`
    /// padded to `max(rows, columns)` (the solution comes back in its head).
    private static func fortranOperands(
        _ a: Matrix, _ b: [Double]
    ) throws(DSPError) -> (m: Int32, n: Int32, lda: Int32, ldb: Int32, a: [Double], b: [Double]) {
        guard b.count == a.rows else {
            throw .invalidArgument(name: "b", reason: "needs \(a.rows) values, got \(b.count)")
        }
        try requireFinite(a.columnMajor + b)
        let m = Int32(a.rows), n = Int32(a.columns)
        let ldb = max(m, n)
        return (m, n, m, ldb, a.columnMajor, b + [Double](repeating: 0, count: Int(ldb) - b.count))
    }
}
