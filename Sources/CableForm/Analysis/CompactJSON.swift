/// Encodes a value as one line of JSON with every object's keys sorted — the
/// bytes Foundation's `JSONEncoder` writes with `.sortedKeys` and
/// `.withoutEscapingSlashes`, for values built from structs, arrays,
/// optionals, strings, booleans, integers and floating-point numbers (no
/// `Date`, `Data`, `URL` or `Decimal`, which `JSONEncoder` special-cases) — in a
/// fraction of its time: `JSONEncoder` boxes every value and checks it
/// against those special types, which made it a fifth of `cableform batch`.
///
/// The value is built into a small tree (an object's entries must be sorted
/// before they are written, and a container is never told it is finished),
/// then written: numbers as `description` without a trailing `.0` (`10`,
/// `1e-05`, `-0`), strings with `"`, `\` and the control characters escaped
/// (`\b \t \n \f \r`, else `\u00xx`), keys in code-point order, a key
/// written twice keeping its last value. Coding paths are not tracked below
/// the top level (encoders and containers report an empty one), and
/// `superEncoder` is not supported.
struct CompactJSONEncoder {
    /// The JSON text of `value`.
    ///
    /// - Throws: `EncodingError.invalidValue` for a NaN or an infinity, as `JSONEncoder` does.
    func encode<T: Encodable>(_ value: T) throws -> String {
        let root = try JSONNode.make(value, codingPath: [])
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        root.write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// A value in the tree: text already formatted, an object or an array.
enum JSONNode {
    /// A number, `true`, `false` or `null`, as written.
    case text(String)
    /// A string, escaped when written.
    case string(String)
    case object(JSONObjectNode)
    case array(JSONArrayNode)

    /// The node of an encodable value: scalars formatted at once, anything else through its `encode(to:)`.
    static func make<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONNode {
        // The common scalars by their type (a metadata comparison), not a dynamic cast.
        if T.self == Double.self { return .text(try format(unsafeBitCast(value, to: Double.self), codingPath)) }
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .text(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .text(unsafeBitCast(value, to: Bool.self) ? "true" : "false") }
        // Optional scalars (as Optional's own encode(to:) writes them: the value or null), without an encoder each.
        if T.self == Double?.self {
            guard let v = unsafeBitCast(value, to: Double?.self) else { return .text("null") }
            return .text(try format(v, codingPath))
        }
        if T.self == Int?.self { return .text(unsafeBitCast(value, to: Int?.self).map { String($0) } ?? "null") }
        if T.self == String?.self { return unsafeBitCast(value, to: String?.self).map { .string($0) } ?? .text("null") }
        let encoder = JSONNodeEncoder(codingPath: codingPath)
        try value.encode(to: encoder)
        // An encoder given nothing writes an empty object, as JSONEncoder does.
        return encoder.node ?? .object(JSONObjectNode())
    }

    /// A finite number as `JSONEncoder` writes it: `description`, less a trailing `.0`.
    static func format<F: BinaryFloatingPoint & LosslessStringConvertible>(_ v: F, _ path: [any CodingKey]) throws -> String {
        guard v.isFinite else {
            throw EncodingError.invalidValue(v, .init(codingPath: path, debugDescription: "\(v) is not valid JSON"))
        }
        var s = v.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    /// `s` as a JSON string literal, appended to `out`.
    static func writeQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings (every key) need no escape: copied whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for u in s.utf8 {
            switch u {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(u >> 4)], hex[Int(u & 15)]])
            default: out.append(u)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .text(let s): out.append(contentsOf: s.utf8)
        case .string(let s): JSONNode.writeQuoted(s, to: &out)
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            // Keys in code-point order; a key written twice keeps its last value, as in JSONEncoder.
            let order = o.entries.indices.sorted {
                let a = o.entries[$0].key, b = o.entries[$1].key
                return a == b ? $0 < $1 : a < b
            }
            var first = true
            for (n, i) in order.enumerated() {
                if n + 1 < order.count && o.entries[order[n + 1]].key == o.entries[i].key { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONNode.writeQuoted(o.entries[i].key, to: &out)
                out.append(UInt8(ascii: ":"))
                o.entries[i].value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, element) in a.elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                element.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }
}

/// An object being filled (containers write into it after it is placed in its parent).
final class JSONObjectNode {
    var entries: [(key: String, value: JSONNode)] = []
}

/// An array being filled.
final class JSONArrayNode {
    var elements: [JSONNode] = []
}

/// The `Encoder` that builds a ``JSONNode``.
final class JSONNodeEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What was encoded; nil until a container is asked for.
    var node: JSONNode?

    init(codingPath: [any CodingKey]) { self.codingPath = codingPath }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object(let object)? = node { return KeyedEncodingContainer(KeyedJSONContainer(object: object, codingPath: codingPath)) }
        let object = JSONObjectNode()
        node = .object(object)
        return KeyedEncodingContainer(KeyedJSONContainer(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array(let array)? = node { return UnkeyedJSONContainer(array: array, codingPath: codingPath) }
        let array = JSONArrayNode()
        node = .array(array)
        return UnkeyedJSONContainer(array: array, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleJSONContainer(encoder: self) }
}

struct KeyedJSONContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let object: JSONObjectNode
    let codingPath: [any CodingKey]

    private func put(_ node: JSONNode, _ key: Key) { object.entries.append((key.stringValue, node)) }

    mutating func encodeNil(forKey key: Key) throws { put(.text("null"), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.text(value ? "true" : "false"), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        put(.text(try JSONNode.format(value, codingPath)), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        put(.text(try JSONNode.format(value, codingPath)), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.text(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.text(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.text(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.text(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.text(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(.text(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.text(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.text(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.text(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(.text(String(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        put(try JSONNode.make(value, codingPath: codingPath), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectNode()
        put(.object(nested), key)
        return KeyedEncodingContainer(KeyedJSONContainer<NestedKey>(object: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONArrayNode()
        put(.array(nested), key)
        return UnkeyedJSONContainer(array: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { preconditionFailure("CompactJSONEncoder: superEncoder is not supported") }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        preconditionFailure("CompactJSONEncoder: superEncoder(forKey:) is not supported")
    }
}

struct UnkeyedJSONContainer: UnkeyedEncodingContainer {
    let array: JSONArrayNode
    let codingPath: [any CodingKey]
    var count: Int { array.elements.count }

    mutating func encodeNil() throws { array.elements.append(.text("null")) }
    mutating func encode(_ value: Bool) throws { array.elements.append(.text(value ? "true" : "false")) }
    mutating func encode(_ value: String) throws { array.elements.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.elements.append(.text(try JSONNode.format(value, codingPath))) }
    mutating func encode(_ value: Float) throws { array.elements.append(.text(try JSONNode.format(value, codingPath))) }
    mutating func encode(_ value: Int) throws { array.elements.append(.text(String(value))) }
    mutating func encode(_ value: Int8) throws { array.elements.append(.text(String(value))) }
    mutating func encode(_ value: Int16) throws { array.elements.append(.text(String(value))) }
    mutating func encode(_ value: Int32) throws { array.elements.append(.text(String(value))) }
    mutating func encode(_ value: Int64) throws { array.elements.append(.text(String(value))) }
    mutating func encode(_ value: UInt) throws { array.elements.append(.text(String(value))) }
    mutating func encode(_ value: UInt8) throws { array.elements.append(.text(String(value))) }
    mutating func encode(_ value: UInt16) throws { array.elements.append(.text(String(value))) }
    mutating func encode(_ value: UInt32) throws { array.elements.append(.text(String(value))) }
    mutating func encode(_ value: UInt64) throws { array.elements.append(.text(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        array.elements.append(try JSONNode.make(value, codingPath: codingPath))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectNode()
        array.elements.append(.object(nested))
        return KeyedEncodingContainer(KeyedJSONContainer<NestedKey>(object: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArrayNode()
        array.elements.append(.array(nested))
        return UnkeyedJSONContainer(array: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { preconditionFailure("CompactJSONEncoder: superEncoder is not supported") }
}

struct SingleJSONContainer: SingleValueEncodingContainer {
    let encoder: JSONNodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node = .text("null") }
    mutating func encode(_ value: Bool) throws { encoder.node = .text(value ? "true" : "false") }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.node = .text(try JSONNode.format(value, codingPath)) }
    mutating func encode(_ value: Float) throws { encoder.node = .text(try JSONNode.format(value, codingPath)) }
    mutating func encode(_ value: Int) throws { encoder.node = .text(String(value)) }
    mutating func encode(_ value: Int8) throws { encoder.node = .text(String(value)) }
    mutating func encode(_ value: Int16) throws { encoder.node = .text(String(value)) }
    mutating func encode(_ value: Int32) throws { encoder.node = .text(String(value)) }
    mutating func encode(_ value: Int64) throws { encoder.node = .text(String(value)) }
    mutating func encode(_ value: UInt) throws { encoder.node = .text(String(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.node = .text(String(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.node = .text(String(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.node = .text(String(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.node = .text(String(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.node = try JSONNode.make(value, codingPath: codingPath) }
}
