//! Fuzz target `document`: arbitrary bytes as a document.
//!
//! Asserted: decoding never panics; decoded text re-encodes to exactly the input bytes; the
//! errors point inside the input; the full default engine (the shipped `kdrama` pack, built
//! once) finds edits that are sorted, disjoint, on character boundaries and spell what they
//! replace, and applying them does not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use unspin::dictionary::{load, Selection};
use unspin::document::{decode, DecodeError};
use unspin::edit::apply;
use unspin::engine::{Engine, Options};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let rules = load(&Selection::default()).expect("the shipped dictionaries load");
        Engine::new(rules, Options::default()).expect("the shipped dictionaries compile")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = match decode(data) {
        Ok(text) => text,
        Err(DecodeError::InvalidUtf8 { offset }) => {
            assert!(offset < data.len());
            assert_eq!(
                std::str::from_utf8(&data[..offset]).map(str::len),
                Ok(offset)
            );
            return;
        }
        Err(DecodeError::Binary { offset }) => {
            assert_eq!(data[offset], 0);
            return;
        }
        Err(DecodeError::Utf16) => return,
    };
    assert_eq!(text.as_bytes(), data, "decoding is byte for byte");
    let outcome = engine().find_edits(text);
    let mut last = 0;
    for e in outcome.edits.iter() {
        assert!(e.span.start >= last, "edits sorted and disjoint");
        assert!(e.span.start <= e.span.end && e.span.end <= text.len());
        assert_eq!(e.before, text[e.span.clone()]);
        last = e.span.end;
    }
    for e in &outcome.flagged {
        assert_eq!(e.before, text[e.span.clone()]);
    }
    let fixed = apply(text, &outcome.edits);
    assert_eq!(decode(fixed.as_bytes()).map(str::len), Ok(fixed.len()));
});
