import CableFormDSP
import Testing

@Suite("Copy-on-write buffers")
struct CopyOnWriteBufferTests {
    @Test("a copy keeps its values when the original is written after makeUnique, and the other way round")
    func copiesAreIndependent() {
        var a = CopyOnWriteBuffer<Double>(count: 4, repeating: 1)
        let b = a
        a.makeUnique()
        a.pointer[2] = 7
        #expect((0..<4).map { b[$0] } == [1, 1, 1, 1])
        #expect((0..<4).map { a[$0] } == [1, 1, 7, 1])
        var c = a
        c[0] = -3  // the subscript setter makes it unique itself
        #expect(a[0] == 1 && c[0] == -3 && c[2] == 7)
        var d = CopyOnWriteBuffer<Int>(count: 0, repeating: 0)
        d.makeUnique()
        #expect(d.count == 0)
    }

    @Test("a buffer that is not shared keeps its storage")
    func uniqueKeepsStorage() {
        var a = CopyOnWriteBuffer<Int>(count: 3, repeating: 5)
        let before = a.pointer
        a.makeUnique()
        #expect(a.pointer == before)
    }
}
