//! Fuzz target `dictionary`: arbitrary UTF-8 through the YAML and the TSV readers.
//!
//! Asserted: no panic (errors are fine), and every error names a line and column inside
//! the text, or line 0 for a whole-file error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count() as u32 + 1;
    for name in ["fuzz.yaml", "fuzz.tsv"] {
        if let Err(errors) = unspin::dictionary::parse(name, text) {
            assert!(!errors.is_empty(), "an error list is never empty");
            for e in &errors {
                assert_eq!(e.file, name);
                assert!(e.line <= lines, "{e} is past the last line ({lines})");
                assert!(!e.message.is_empty());
            }
        }
    }
});
