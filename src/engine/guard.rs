//! Guards: context conditions on a candidate match, evaluated on the original line.
//!
//! A *word* for a guard is the run of non-space characters next to the match (after
//! skipping white space), with leading and trailing punctuation stripped: in
//! `he said, “Decide an idea!”` the word after `Decide an idea` is absent (only `!”`
//! follows), and the word before is also absent (`“` stands between). Comparisons ignore
//! ASCII case.

use crate::engine::view::{is_space, is_word_char, straight_quote};
use crate::rule::{Guard, WordGuard};
use std::ops::Range;

/// What a guard may ask about names next to the match; answered by the engine, which knows
/// where names were found.
pub trait NameContext {
    /// True when a known name ends right before line offset `at` (white space between).
    fn name_ends_before(&self, at: usize) -> bool;
    /// True when a known name starts right after line offset `at` (white space between).
    fn name_starts_after(&self, at: usize) -> bool;
}

/// Evaluates `guard` for a match at `span` of `line`.
pub fn holds(guard: &Guard, line: &str, span: Range<usize>, names: &dyn NameContext) -> bool {
    if !guard.prev_word.is_empty() && !word_holds(&guard.prev_word, word_before(line, span.start)) {
        return false;
    }
    if !guard.next_word.is_empty() && !word_holds(&guard.next_word, word_after(line, span.end)) {
        return false;
    }
    if !guard.preceded_by.is_empty()
        && !guard
            .preceded_by
            .iter()
            .any(|p| ends_with_quote_blind(&line[..span.start], p))
    {
        return false;
    }
    if !guard.followed_by.is_empty()
        && !guard
            .followed_by
            .iter()
            .any(|p| starts_with_quote_blind(&line[span.end..], p))
    {
        return false;
    }
    if guard.whole_line
        && (!line[..span.start].chars().all(is_space) || !line[span.end..].chars().all(is_space))
    {
        return false;
    }
    if guard.quoted && !is_quoted(line, span.clone()) {
        return false;
    }
    if !guard.sentence_has.is_empty() {
        let sentence = sentence_around(line, span.clone());
        let found = words(sentence).any(|w| {
            guard
                .sentence_has
                .iter()
                .any(|want| want.eq_ignore_ascii_case(w))
        });
        if !found {
            return false;
        }
    }
    if guard.prev_name && !names.name_ends_before(span.start) {
        return false;
    }
    if guard.next_name && !names.name_starts_after(span.end) {
        return false;
    }
    true
}

fn word_holds(guard: &WordGuard, word: Option<&str>) -> bool {
    let Some(word) = word else {
        return guard.one_of.is_empty() && guard.capitalized.is_none() && guard.matches.is_none();
    };
    if !guard.one_of.is_empty() && !guard.one_of.iter().any(|w| eq_word(w, word)) {
        return false;
    }
    if guard.not.iter().any(|w| eq_word(w, word)) {
        return false;
    }
    if let Some(want) = guard.capitalized {
        let upper = word.chars().next().is_some_and(|c| c.is_uppercase());
        if upper != want {
            return false;
        }
    }
    if let Some(pattern) = &guard.matches {
        if !pattern.0.is_match(word) {
            return false;
        }
    }
    true
}

/// Compares words ignoring ASCII case and quote style.
fn eq_word(a: &str, b: &str) -> bool {
    let norm = |c: char| straight_quote(c).map_or(c.to_ascii_lowercase(), char::from);
    a.chars().map(norm).eq(b.chars().map(norm))
}

fn trim_punct(s: &str) -> &str {
    s.trim_matches(|c: char| !is_word_char(c))
}

/// The word before line offset `at`, if any.
pub fn word_before(line: &str, at: usize) -> Option<&str> {
    let before = &line[..at];
    let trimmed = before.trim_end_matches(is_space);
    if trimmed.len() == before.len() && !before.is_empty() {
        // The match is glued to what precedes it: that is punctuation, not a word.
        let last = before.chars().next_back()?;
        if !is_word_char(last) {
            return None;
        }
    }
    let start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| is_space(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = trim_punct(&trimmed[start..]);
    // A run like `“Decide` seen from `an idea`: the punctuation must not sit between.
    if word.is_empty() || !trimmed.ends_with(word) {
        return None;
    }
    Some(word)
}

/// The word after line offset `at`, if any.
pub fn word_after(line: &str, at: usize) -> Option<&str> {
    let after = &line[at..];
    let trimmed = after.trim_start_matches(is_space);
    if trimmed.len() == after.len() && !after.is_empty() {
        let first = after.chars().next()?;
        if !is_word_char(first) {
            return None;
        }
    }
    let end = trimmed.find(is_space).unwrap_or(trimmed.len());
    let word = trim_punct(&trimmed[..end]);
    if word.is_empty() || !trimmed.starts_with(word) {
        return None;
    }
    Some(word)
}

fn quote_blind(c: char) -> char {
    straight_quote(c).map_or(c, char::from)
}

fn ends_with_quote_blind(text: &str, suffix: &str) -> bool {
    let n = suffix.chars().count();
    let tail: Vec<char> = text.chars().rev().take(n).collect();
    tail.len() == n
        && tail
            .into_iter()
            .rev()
            .map(quote_blind)
            .eq(suffix.chars().map(quote_blind))
}

fn starts_with_quote_blind(text: &str, prefix: &str) -> bool {
    let n = prefix.chars().count();
    let head: Vec<char> = text.chars().take(n).collect();
    head.len() == n
        && head
            .into_iter()
            .map(quote_blind)
            .eq(prefix.chars().map(quote_blind))
}

/// True when `span` fills a quoted span: an opening quote right before it and a closing
/// quote right after it, or after one of `, . ! ?` (`“Run On,” watch`).
fn is_quoted(line: &str, span: Range<usize>) -> bool {
    let open = line[..span.start].chars().next_back();
    if !matches!(open, Some('"' | '\u{201C}' | '\u{2018}' | '\'')) {
        return false;
    }
    let mut after = line[span.end..].chars();
    match after.next() {
        Some('"' | '\u{201D}' | '\u{2019}' | '\'') => true,
        Some(',' | '.' | '!' | '?') => {
            matches!(after.next(), Some('"' | '\u{201D}' | '\u{2019}' | '\''))
        }
        _ => false,
    }
}

/// The sentence of `line` that holds `span`: from after the previous `. ! ?` that is
/// followed by a space, to the next one.
fn sentence_around(line: &str, span: Range<usize>) -> &str {
    let bytes = line.as_bytes();
    let is_end = |i: usize| {
        matches!(bytes[i], b'.' | b'!' | b'?') && bytes.get(i + 1).is_none_or(|&b| b == b' ')
    };
    let start = (0..span.start)
        .rev()
        .find(|&i| is_end(i))
        .map_or(0, |i| i + 1);
    let end = (span.end..bytes.len())
        .find(|&i| is_end(i))
        .unwrap_or(bytes.len());
    &line[start..end]
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoNames;
    impl NameContext for NoNames {
        fn name_ends_before(&self, _: usize) -> bool {
            false
        }
        fn name_starts_after(&self, _: usize) -> bool {
            false
        }
    }

    fn span_of(line: &str, needle: &str) -> Range<usize> {
        let s = line.find(needle).unwrap();
        s..s + needle.len()
    }

    #[test]
    fn neighbouring_words() {
        let line = "quickly making an attempt out, “Decide an idea!” whereas asking,";
        let s = span_of(line, "making an attempt");
        assert_eq!(word_before(line, s.start), Some("quickly"));
        assert_eq!(word_after(line, s.end), Some("out"));
        let s = span_of(line, "Decide an idea");
        assert_eq!(word_before(line, s.start), None);
        assert_eq!(word_after(line, s.end), None);
        let s = span_of(line, "whereas");
        assert_eq!(word_after(line, s.end), Some("asking"));
        // `!”` stands between `idea` and `whereas`.
        assert_eq!(word_before(line, s.start), None);
        let s = span_of(line, "an idea");
        assert_eq!(word_before(line, s.start), Some("Decide"));
    }

    #[test]
    fn word_guard_conditions() {
        let line = "she goal for his chin";
        let s = span_of(line, "goal");
        let mut g = Guard::default();
        g.prev_word.one_of = vec!["she".into(), "he".into()];
        assert!(holds(&g, line, s.clone(), &NoNames));
        g.prev_word.one_of = vec!["they".into()];
        assert!(!holds(&g, line, s, &NoNames));
    }

    #[test]
    fn quoted_and_whole_line() {
        let line = "in “When the devil calls your name” below";
        let s = span_of(line, "When the devil calls your name");
        let g = Guard {
            quoted: true,
            ..Guard::default()
        };
        assert!(holds(&g, line, s, &NoNames));
        let line = "watch “Run On,” now";
        assert!(holds(&g, line, span_of(line, "Run On"), &NoNames));
        let line = "watch Run On now";
        assert!(!holds(&g, line, span_of(line, "Run On"), &NoNames));
        let g = Guard {
            whole_line: true,
            ..Guard::default()
        };
        let line = "  Look now\r";
        assert!(holds(&g, line, span_of(line, "Look now"), &NoNames));
        let line = "Look now at this";
        assert!(!holds(&g, line, span_of(line, "Look now"), &NoNames));
    }

    #[test]
    fn sentence_has() {
        let line = "It is a drama starring Han So Hee like Yoo Na Bi. She is like a cat.";
        let g = Guard {
            sentence_has: vec!["starring".into()],
            ..Guard::default()
        };
        let first = line.find("like").unwrap();
        assert!(holds(&g, line, first..first + 4, &NoNames));
        let second = line.rfind("like").unwrap();
        assert!(!holds(&g, line, second..second + 4, &NoNames));
    }
}
