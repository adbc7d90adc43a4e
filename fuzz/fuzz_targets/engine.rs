//! Fuzz target `engine`: random small dictionaries and texts over a small alphabet.
//!
//! The input bytes are decoded into 1–6 phrases (spaces, U+00A0, straight and curly quotes,
//! `!`, `é`, `-`, letters) and a text over a larger alphabet (tabs, line breaks, CR, BOMs,
//! zero-width spaces, control character U+0001 ...). Asserted:
//!
//! 1. no panic;
//! 2. the engine's edits (span and rule) equal a brute-force oracle written from the
//!    matching contract (a copy of `engine::tests::oracle`);
//! 3. every edit's `before` is the text it spans, and edits are sorted and disjoint;
//! 4. fixing twice equals fixing once: the replacements contain no phrase character, so a
//!    second pass has nothing new to find.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspin::edit::apply;
use unspin::engine::{view, Engine, Options};
use unspin::rule::Rule;

/// Pieces phrases are made of.
const PHRASE: &[&str] = &[
    "a", "b", "A", "B", " ", "\u{a0}", "'", "’", "!", "é", "É", "-", "\"", "1",
];

/// Pieces texts are made of.
const TEXT: &[&str] = &[
    "a", "b", "A", "B", " ", "\u{a0}", "\t", "'", "’", "!", ".", "é", "É", "\n", "-", "ab", "ba ",
    "\r", "\r\n", "“", "”", "\"", "1", "_", "\u{200b}", "\u{feff}", "\u{1}", "\u{2028}", "a b",
    "A!",
];

/// Replacements: none holds a phrase character (not even a space), and none is empty, so a
/// replacement can neither complete nor unblock a match on a second pass.
const REPLACEMENTS: &[&str] = &["#", "Z", "z9", "«Q»", "xy", "Ω"];

/// Makes each rule's replacement distinct, again with no phrase character.
const SUFFIX: &[&str] = &["", "q", "r", "s", "t", "u"];

/// The decoded input: (phrase, replacement) rules and a text.
fn decode(data: &[u8]) -> Option<(Vec<(String, String)>, String)> {
    let (&count, mut rest) = data.split_first()?;
    let count = 1 + count as usize % 6;
    let mut rules: Vec<(String, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..count {
        let (&head, tail) = rest.split_first()?;
        let len = 1 + (head & 0x07) as usize % 5;
        let replacement = REPLACEMENTS[(head >> 3) as usize % REPLACEMENTS.len()];
        if tail.len() < len {
            return None;
        }
        let (parts, tail) = tail.split_at(len);
        rest = tail;
        let phrase: String = parts
            .iter()
            .map(|&b| PHRASE[b as usize % PHRASE.len()])
            .collect();
        // Phrases are trimmed and not empty, and one rule per matching form, as the loader
        // guarantees.
        if phrase.is_empty() || phrase.trim() != phrase {
            continue;
        }
        if !seen.insert(view::phrase_view(&phrase)) {
            continue;
        }
        let replacement = format!("{replacement}{}", SUFFIX[rules.len()]);
        rules.push((phrase, replacement));
    }
    if rules.is_empty() {
        return None;
    }
    let text: String = rest
        .iter()
        .take(64)
        .map(|&b| TEXT[b as usize % TEXT.len()])
        .collect();
    Some((rules, text))
}

fuzz_target!(|data: &[u8]| {
    let Some((rules, text)) = decode(data) else {
        return;
    };
    let engine = Engine::new(
        rules
            .iter()
            .enumerate()
            .map(|(i, (p, r))| Rule::replace(&format!("r{i}"), &[p.as_str()], r))
            .collect(),
        Options::default(),
    )
    .expect("small dictionaries compile");
    let outcome = engine.find_edits(&text);
    let mut last = 0;
    for e in &outcome.edits {
        assert!(
            e.span.start >= last,
            "edits sorted and disjoint: {:?}",
            outcome.edits
        );
        assert_eq!(e.before, text[e.span.clone()], "before is the spanned text");
        last = e.span.end;
    }
    let got: Vec<_> = outcome
        .edits
        .iter()
        .map(|e| (e.span.clone(), e.rule))
        .collect();
    let want = oracle::find(&rules, &text);
    assert_eq!(got, want, "text {text:?} rules {rules:?}");
    let once = apply(&text, &outcome.edits);
    let twice = apply(&once, &engine.find_edits(&once).edits);
    assert_eq!(twice, once, "not idempotent: text {text:?} rules {rules:?}");
});

mod oracle {
    //! A brute-force matcher written from the contract, character by character: a copy of
    //! `engine::tests::oracle` in the library (keep the two in step).
    use unspin::engine::view;

    /// White space a phrase's space may match. A `\r` never is: before `\n` it ends the
    /// line anyway, anywhere else it is a line break of its own (CR-only files).
    fn is_space(c: char) -> bool {
        c != '\n' && c != '\r' && view::is_space(c)
    }

    fn same(a: char, b: char) -> bool {
        let norm = |c: char| view::straight_quote(c).map_or(c.to_ascii_lowercase(), char::from);
        norm(a) == norm(b)
    }

    /// End of `phrase` matched at byte `at` of `text`, if it matches there.
    fn match_at(text: &str, at: usize, phrase: &str) -> Option<usize> {
        let mut t = text[at..].char_indices().peekable();
        let mut pos = at;
        let normalized: String = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        for pc in normalized.chars() {
            if pc == ' ' {
                let mut any = false;
                while let Some(&(i, c)) = t.peek() {
                    if !is_space(c) {
                        break;
                    }
                    any = true;
                    pos = at + i + c.len_utf8();
                    t.next();
                }
                if !any {
                    return None;
                }
            } else {
                let (i, c) = t.next()?;
                if !same(c, pc) {
                    return None;
                }
                pos = at + i + c.len_utf8();
            }
        }
        Some(pos)
    }

    /// The contract: leftmost, then longest, boundary-valid, then continue after it.
    pub fn find(rules: &[(String, String)], text: &str) -> Vec<(std::ops::Range<usize>, usize)> {
        let word = view::is_word_char;
        let mut found = Vec::new();
        let mut pos = 0;
        while pos <= text.len() {
            let mut best: Option<(usize, usize, usize)> = None; // (start, end, rule)
            for start in (pos..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for (index, (phrase, _)) in rules.iter().enumerate() {
                    let Some(end) = match_at(text, start, phrase) else {
                        continue;
                    };
                    let first = phrase.trim().chars().next().unwrap();
                    let last = phrase.trim().chars().next_back().unwrap();
                    if word(first) && text[..start].chars().next_back().is_some_and(word) {
                        continue;
                    }
                    if word(last) && text[end..].chars().next().is_some_and(word) {
                        continue;
                    }
                    if best.is_none_or(|(_, e, _)| end > e) {
                        best = Some((start, end, index));
                    }
                }
                if best.is_some() {
                    break;
                }
            }
            match best {
                Some((start, end, index)) => {
                    found.push((start..end, index));
                    pos = end;
                }
                None => break,
            }
        }
        found
    }
}
