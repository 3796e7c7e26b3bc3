import CableFormDSP
import Testing

@Suite("LAPACK least squares")
struct LeastSquaresTests {
    struct Case: Decodable {
        let rows: Int
        let cols: Int
        let a: [Double]
        let b: [Double]
        let rcond: Double
        let x: [Double]
        let rank: Int
        let sv: [Double]
    }
    struct File: Decodable { let cases: [Case] }

    @Test("dgelsd matches scipy.linalg.lstsq (gelsd): solution, rank, singular values")
    func matchesSciPy() throws {
        let cases = try Golden.load("lstsq", as: File.self).cases
        #expect(cases.count == 4)
        for c in cases {
            let a = LeastSquares.Matrix(rows: c.rows, columns: c.cols, columnMajor: c.a)
            let s = try LeastSquares.solve(a, c.b, rcond: c.rcond)
            #expect(s.rank == c.rank)
            expectParity(s.coefficients, c.x, "\(c.rows)×\(c.cols) solution")
            expectParity(s.singularValues, c.sv, "\(c.rows)×\(c.cols) singular values")
        }
    }

    @Test("an explicit rcond finds the rank of two identical columns; the minimum-norm answer")
    func rankDeficient() throws {
        let a = LeastSquares.Matrix(rows: 3, columns: 2) { _, _ in 1 }
        let s = try LeastSquares.solve(a, [2, 2, 2], rcond: 1e-10)
        #expect(s.rank == 1)
        #expect(abs(s.coefficients[0] - 1) < 1e-12 && abs(s.coefficients[1] - 1) < 1e-12)
    }

    @Test("dgels (QR, with the hidden Fortran string length) solves a full-rank fit")
    func fullRankQR() throws {
        // y = 2 + 3t, exactly.
        let a = LeastSquares.Matrix(rows: 4, columns: 2) { i, j in j == 0 ? 1 : Double(i) }
        let s = try LeastSquares.solveFullRank(a, [2, 5, 8, 11])
        #expect(abs(s.coefficients[0] - 2) < 1e-12 && abs(s.coefficients[1] - 3) < 1e-12)
        let zeroColumn = LeastSquares.Matrix(rows: 3, columns: 2) { _, j in j == 0 ? 1 : 0 }
        #expect(throws: DSPError.rankDeficient(rank: 1, required: 2)) {
            try LeastSquares.solveFullRank(zeroColumn, [1, 1, 1])
        }
    }

    @Test("rejects a wrong right-hand side, a bad rcond and NaN")
    func rejectsBadInput() {
        let a = LeastSquares.Matrix(rows: 2, columns: 2, columnMajor: [1, 0, 0, 1])
        #expect(invalidArgumentName { _ = try LeastSquares.solve(a, [1], rcond: 1e-12) } == "b")
        #expect(invalidArgumentName { _ = try LeastSquares.solve(a, [1, 1], rcond: -1) } == "rcond")
        #expect(throws: DSPError.nonFiniteSample(index: 4)) { try LeastSquares.solve(a, [.nan, 1], rcond: 1e-12) }
    }
}
