//! Fuzz target `dictionary`: arbitrary UTF-8 through the YAML and the TSV readers.
//!
//! Asserted: no panic (errors are fine), and every error names a line inside the text (or
//! just past its end, where the YAML parser puts an empty document's end), or line 0.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // An upper bound on the line count as the YAML parser counts lines: it breaks lines at
    // `\n`, `\r`, `\r\n`, NEL, LS and PS.
    let breaks = ['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'];
    let lines = text.matches(breaks).count() as u32 + 1;
    for name in ["fuzz.yaml", "fuzz.tsv"] {
        if let Err(errors) = unspin::dictionary::parse(name, text) {
            assert!(!errors.is_empty(), "an error list is never empty");
            for e in &errors {
                assert_eq!(e.file, name);
                // An error about the whole (empty) document may point just past its end.
                assert!(e.line <= lines + 1, "{e} is past the last line ({lines})");
                assert!(!e.message.is_empty());
            }
        }
    }
});
