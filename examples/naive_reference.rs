//! The naive reference that `unspin fix` is benchmarked against (issue 5): the program
//! anyone would write first with the `aho-corasick` crate.
//!
//! - one automaton over every phrase: `MatchKind::LeftmostLongest`,
//!   `ascii_case_insensitive(true)`, the crate's default automaton choice and prefilter;
//! - one pass over the whole input with `find_iter`; each match is checked for word
//!   boundaries *after the fact* and skipped if it starts or ends inside a word (so a
//!   rejected longer match can hide a shorter valid one: that is the naive design);
//! - case-preserving replacement: `lower` → as written, `Capitalized` → first letter
//!   upper-cased, `UPPER` (two letters or more) → upper-cased, anything else → as written.
//!
//! It is a yardstick, not part of unspin: it does not share the engine's design (no
//! normalized view, no word-start anchoring).
//!
//! ```text
//! cargo run --release --example naive_reference -- DICT.tsv INPUT OUTPUT
//! ```
//!
//! The dictionary is `phrase<TAB>replacement` per line; blank lines and lines starting with
//! `#` are skipped. Timings and counts go to stderr.

use aho_corasick::{AhoCorasick, MatchKind};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dict, input, output] = args.as_slice() else {
        eprintln!("usage: naive_reference DICT.tsv INPUT OUTPUT");
        return ExitCode::from(2);
    };
    match run(dict, input, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("naive_reference: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(dict: &str, input: &str, output: &str) -> Result<(), String> {
    let started = Instant::now();
    let tsv = std::fs::read_to_string(dict).map_err(|e| format!("{dict}: {e}"))?;
    let (phrases, replacements) = parse_tsv(dict, &tsv)?;
    let loaded = Instant::now();
    let ac = build(&phrases).map_err(|e| format!("building the automaton: {e}"))?;
    let built = Instant::now();
    let haystack = std::fs::read_to_string(input).map_err(|e| format!("{input}: {e}"))?;
    let read = Instant::now();
    let fixed = fix(&ac, &replacements, &haystack);
    let replaced = Instant::now();
    std::fs::write(output, &fixed.text).map_err(|e| format!("{output}: {e}"))?;
    let written = Instant::now();

    let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
    eprintln!(
        "naive: {} phrases ({:?}), load {:.1} ms, build {:.1} ms, read {:.1} ms, \
         search+replace {:.1} ms ({:.1} MB/s), write {:.1} ms; {} matches, {} rejected at \
         boundaries, one match per {:.0} bytes",
        phrases.len(),
        ac.kind(),
        ms(started, loaded),
        ms(loaded, built),
        ms(built, read),
        ms(read, replaced),
        haystack.len() as f64 / 1e6 / (replaced - read).as_secs_f64(),
        ms(replaced, written),
        fixed.accepted,
        fixed.rejected,
        haystack.len() as f64 / fixed.accepted.max(1) as f64,
    );
    Ok(())
}

/// Parses `phrase<TAB>replacement` lines into (phrases, replacements).
pub fn parse_tsv<'a>(name: &str, tsv: &'a str) -> Result<(Vec<&'a str>, Vec<&'a str>), String> {
    let mut phrases = Vec::new();
    let mut replacements = Vec::new();
    for (n, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((phrase, replacement)) = line.split_once('\t') else {
            return Err(format!("{name}:{}: expected phrase<TAB>replacement", n + 1));
        };
        if phrase.is_empty() {
            return Err(format!("{name}:{}: empty phrase", n + 1));
        }
        phrases.push(phrase);
        replacements.push(replacement);
    }
    Ok((phrases, replacements))
}

/// The automaton: leftmost-longest, ASCII case-insensitive, everything else default.
pub fn build(phrases: &[&str]) -> Result<AhoCorasick, aho_corasick::BuildError> {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(phrases)
}

/// The output text and the match counts.
pub struct Fixed {
    /// The haystack with every accepted match replaced.
    pub text: String,
    /// Matches on word boundaries (replaced).
    pub accepted: usize,
    /// Matches that started or ended inside a word (skipped).
    pub rejected: usize,
}

/// One pass: every match, boundary-checked after the fact, replaced in its case shape.
pub fn fix(ac: &AhoCorasick, replacements: &[&str], haystack: &str) -> Fixed {
    let mut text = String::with_capacity(haystack.len() + haystack.len() / 16);
    let mut last = 0;
    let (mut accepted, mut rejected) = (0, 0);
    for m in ac.find_iter(haystack) {
        if !on_boundaries(haystack, m.start(), m.end()) {
            rejected += 1;
            continue;
        }
        accepted += 1;
        text.push_str(&haystack[last..m.start()]);
        push_shaped(
            &mut text,
            replacements[m.pattern().as_usize()],
            &haystack[m.start()..m.end()],
        );
        last = m.end();
    }
    text.push_str(&haystack[last..]);
    Fixed {
        text,
        accepted,
        rejected,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when the match neither starts nor ends inside a word.
fn on_boundaries(haystack: &str, start: usize, end: usize) -> bool {
    let first = haystack[start..].chars().next();
    let last = haystack[..end].chars().next_back();
    let before = haystack[..start].chars().next_back();
    let after = haystack[end..].chars().next();
    let starts_ok = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let ends_ok = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    starts_ok && ends_ok
}

/// Writes `replacement` in the case shape of `matched`.
fn push_shaped(out: &mut String, replacement: &str, matched: &str) {
    let mut letters = matched.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        out.push_str(replacement);
        return;
    };
    let (mut count, mut any_upper, mut all_upper) = (1, first.is_uppercase(), first.is_uppercase());
    for c in letters {
        count += 1;
        any_upper |= c.is_uppercase();
        all_upper &= c.is_uppercase();
    }
    if !any_upper {
        out.push_str(replacement);
    } else if all_upper && count >= 2 {
        out.push_str(&replacement.to_uppercase());
    } else if first.is_uppercase() {
        let mut chars = replacement.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
    } else {
        out.push_str(replacement);
    }
}
