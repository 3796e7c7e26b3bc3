/// A fixed number of plain values (`Double`, `Int`) on the heap, with value semantics by
/// copy-on-write — for stateful processors whose per-sample loops should
/// write through a raw pointer instead of paying an array's uniqueness check
/// on every element.
///
/// The contract: call ``makeUnique()`` once at the start of a mutating
/// operation, then read and write through ``pointer`` freely until it ends.
/// A copy of the owner shares the storage until one of them calls
/// ``makeUnique()``, which gives it its own copy. Reading needs no call.
///
/// ```swift
/// var state = CopyOnWriteBuffer<Double>(count: 4, repeating: 0)
/// state.makeUnique()
/// let p = state.pointer
/// for i in 0..<4 { p[i] = Double(i) }      // no checks per element
/// ```
public struct CopyOnWriteBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    // Sendable: the storage is written only through a uniquely referenced
    // buffer (the contract above), as Array's storage is.
    @usableFromInline
    final class Storage {
        @usableFromInline let pointer: UnsafeMutablePointer<Element>
        @usableFromInline let count: Int

        @usableFromInline
        init(count: Int, repeating value: Element) {
            self.count = count
            pointer = .allocate(capacity: max(count, 1))
            pointer.initialize(repeating: value, count: count)
        }

        @usableFromInline
        init(copying other: Storage) {
            count = other.count
            pointer = .allocate(capacity: max(count, 1))
            pointer.initialize(from: other.pointer, count: count)
        }

        deinit {
            pointer.deinitialize(count: count)
            pointer.deallocate()
        }
    }

    @usableFromInline var storage: Storage

    /// `count` values, each `value`.
    ///
    /// - Precondition: `count >= 0`.
    @inlinable
    public init(count: Int, repeating value: Element) {
        precondition(count >= 0, "CopyOnWriteBuffer: count must be >= 0, got \(count)")
        storage = Storage(count: count, repeating: value)
    }

    /// The number of values.
    @inlinable public var count: Int { storage.count }

    /// The first value. Write through it only after ``makeUnique()`` in the
    /// same mutating operation.
    @inlinable public var pointer: UnsafeMutablePointer<Element> { storage.pointer }

    /// Gives this buffer storage of its own if a copy shares it.
    @inlinable
    public mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = Storage(copying: storage)
        }
    }

    /// Value `i` (checked).
    @inlinable
    public subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "CopyOnWriteBuffer: index \(i) out of 0..<\(count)")
            return storage.pointer[i]
        }
        set {
            precondition(i >= 0 && i < count, "CopyOnWriteBuffer: index \(i) out of 0..<\(count)")
            makeUnique()
            storage.pointer[i] = newValue
        }
    }
}
