@testable import CableForm
import Testing

/// The CSV header's names and metadata are trimmed of spaces and tabs,
/// whole characters at a time.
@Suite("CSV header trimming")
struct HeaderTrimTests {
    @Test("spaces and tabs leave both ends, nothing else does", arguments: [
        (" \tleft_position_m \t", "left_position_m", " \tleft_position_m"),
        ("time_s", "time_s", "time_s"),
        ("  ", "", ""),
        ("", "", ""),
        ("a b\t c", "a b\t c", "a b\t c"),
        // A space with a combining mark is one character, not a space: it stays.
        (" \u{301}x \u{301}", " \u{301}x \u{301}", " \u{301}x \u{301}"),
        ("\u{301} é\t", "\u{301} é", "\u{301} é"),
    ])
    func trims(text: String, both: String, trailing: String) {
        #expect(text.trimmingSpaces == both)
        #expect(text[...].trimmingSpaces == both)
        #expect(text.trimmingTrailingSpaces == trailing)
    }
}
