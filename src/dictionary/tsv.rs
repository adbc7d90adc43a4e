//! Two-column lists: `phrase<TAB>replacement`, one rule per line.
//!
//! Bulk lists (codespell-style typo lists, tortured phrases, a user's export) load as they
//! are, without being turned into YAML first:
//!
//! ```text
//! # comment lines start with `#` (after optional white space); blank lines are skipped
//! bosom peril<TAB>breast cancer
//! counterfeit consciousness<TAB>artificial intelligence
//! needless filler words<TAB>
//! ```
//!
//! (`<TAB>` stands for one tab character.)
//!
//! - Each line holds exactly one tab. White space around each field is trimmed; a `\r`
//!   before the line break (CRLF files) and a byte-order mark are ignored.
//! - The replacement may be empty (the phrase is deleted); the phrase may not.
//! - Rules are `substitutions` with the default case policy (`shape`), tier `auto` and no
//!   guard; their id is `<file stem>:<line>` and their origin `file:line:1`.
//! - A phrase listed twice with different replacements is an error, as in YAML.
//!
//! Loading is linear in the file size: a 100,000-line list loads in well under a second.

use super::{check, DictError};
use crate::rule::{Origin, Rule};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::sync::Arc;

/// Most errors reported for one file; past this the rest is noise.
const MAX_ERRORS: usize = 200;

/// About how many bytes of a list one thread parses: the pieces of a large list are parsed
/// in parallel (a 100,000-line list took 37 ms on one thread, and the list is usually the
/// only dictionary loading, so the other cores wait).
const PIECE_BYTES: usize = 128 * 1024;

/// Parses a TSV list. `name` is the file as the user named it; it appears in errors and
/// origins, and its stem in rule ids.
pub fn parse(name: &str, text: &str) -> Result<Vec<Rule>, Vec<DictError>> {
    parse_in_pieces(name, text, PIECE_BYTES)
}

/// [`parse`], cutting `text` into pieces of about `piece_bytes`.
fn parse_in_pieces(
    name: &str,
    text: &str,
    piece_bytes: usize,
) -> Result<Vec<Rule>, Vec<DictError>> {
    let file: Arc<str> = Arc::from(name);
    let stem = check::stem(name);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let parsed: Vec<Parsed> = pieces(text, piece_bytes)
        .par_iter()
        .map(|piece| parse_piece(&file, stem, piece))
        .collect();
    let mut rules = Vec::with_capacity(parsed.iter().map(|p| p.rules.len()).sum());
    let mut errors = Vec::new();
    for piece in parsed {
        rules.extend(piece.rules);
        errors.extend(piece.errors);
        if errors.len() >= MAX_ERRORS {
            break;
        }
    }
    if errors.len() >= MAX_ERRORS {
        // Stop where a reader going line by line would: at the line after the last error
        // reported, if there is one, keeping only what came before.
        errors.truncate(MAX_ERRORS);
        let last = errors[MAX_ERRORS - 1].line;
        rules.retain(|r| r.origin.line < last);
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        if (last as usize) < lines {
            let stopped = "too many errors; stopped".to_string();
            errors.push(error(name, last as usize + 1, 1, stopped));
        }
    }
    for clash in check::phrase_clashes(&rules) {
        let origin = &rules[clash.second].origin;
        let message = check::clash_message(&rules, &clash);
        errors.push(error(name, origin.line as usize, 1, message));
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

/// Whole lines of a list, parsed on one thread.
struct Piece<'t> {
    /// The lines, without the line break after the last one.
    text: &'t str,
    /// The 1-based number of the first line.
    first_line: usize,
}

/// What a piece gave: its rules and errors in line order (at most [`MAX_ERRORS`] errors; a
/// piece stops there).
struct Parsed {
    rules: Vec<Rule>,
    errors: Vec<DictError>,
}

/// `text` cut after line breaks into pieces of about `piece_bytes`: their lines, one after
/// another, are the lines of `text` (as `split('\n')` gives them).
fn pieces(text: &str, piece_bytes: usize) -> Vec<Piece<'_>> {
    let bytes = text.as_bytes();
    let mut pieces = Vec::with_capacity(bytes.len() / piece_bytes.max(1) + 1);
    let (mut start, mut first_line) = (0usize, 1);
    loop {
        let from = start.saturating_add(piece_bytes);
        let cut = (from < bytes.len())
            .then(|| memchr::memchr(b'\n', &bytes[from..]))
            .flatten()
            .map(|at| from + at);
        let Some(cut) = cut else {
            pieces.push(Piece {
                text: &text[start..],
                first_line,
            });
            return pieces;
        };
        let piece = &text[start..cut];
        pieces.push(Piece {
            text: piece,
            first_line,
        });
        first_line += memchr::memchr_iter(b'\n', piece.as_bytes()).count() + 1;
        start = cut + 1;
    }
}

fn parse_piece(file: &Arc<str>, stem: &str, piece: &Piece<'_>) -> Parsed {
    let mut parsed = Parsed {
        rules: Vec::new(),
        errors: Vec::new(),
    };
    for (index, line) in piece.text.split('\n').enumerate() {
        let number = piece.first_line + index;
        match parse_line(line) {
            Ok(None) => {}
            Ok(Some((phrase, replacement))) => {
                parsed
                    .rules
                    .push(rule(file, stem, number, phrase, replacement));
            }
            Err((column, message)) => {
                parsed.errors.push(error(file, number, column, message));
                if parsed.errors.len() >= MAX_ERRORS {
                    break;
                }
            }
        }
    }
    parsed
}

/// One line: `None` for a comment or blank line, the two fields otherwise, or the 1-based
/// column and message of what is wrong.
fn parse_line(line: &str) -> Result<Option<(&str, &str)>, (usize, String)> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let content = line.trim();
    if content.is_empty() || content.starts_with('#') {
        return Ok(None);
    }
    let Some((phrase, rest)) = line.split_once('\t') else {
        let column = line.chars().count() + 1;
        return Err((
            column,
            "no tab: expected `phrase<TAB>replacement`".to_string(),
        ));
    };
    if let Some(second) = rest.find('\t') {
        let column = line[..phrase.len() + 1 + second].chars().count() + 1;
        return Err((
            column,
            "a second tab: expected exactly one, between phrase and replacement".to_string(),
        ));
    }
    let (phrase, replacement) = (phrase.trim(), rest.trim());
    if let Some(problem) = check::phrase_problem(phrase) {
        return Err((1, problem));
    }
    if let Some(problem) = check::replacement_problem(replacement) {
        return Err((line.len() - rest.len() + 1, problem));
    }
    Ok(Some((phrase, replacement)))
}

/// The rule of one line: a [`Rule::substitution`] with the line's id and origin, marked
/// generated (a list's rules are not written one by one).
fn rule(file: &Arc<str>, stem: &str, line: usize, phrase: &str, replacement: &str) -> Rule {
    let mut id = String::with_capacity(stem.len() + 8);
    id.push_str(stem);
    id.push(':');
    write!(id, "{line}").expect("writing to a String cannot fail");
    let origin = Origin {
        file: file.clone(),
        line: line as u32,
        column: 1,
    };
    Rule {
        generated: true,
        ..Rule::substitution(
            id,
            vec![phrase.to_string()],
            replacement.to_string(),
            origin,
        )
    }
}

fn error(name: &str, line: usize, column: usize, message: String) -> DictError {
    DictError {
        file: name.to_string(),
        line: line as u32,
        column: column as u32,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::{Action, CasePolicy, Kind, Tier};

    fn shown(result: Result<Vec<Rule>, Vec<DictError>>) -> Vec<String> {
        match result {
            Ok(rules) => panic!("expected errors, got {} rules", rules.len()),
            Err(errors) => errors.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn good_tsv_loads() {
        let name = "fixtures/dictionaries/good.tsv";
        let rules = parse(name, include_str!("../../fixtures/dictionaries/good.tsv"))
            .expect("good.tsv loads");
        assert_eq!(rules.len(), 3);
        let first = &rules[0];
        assert_eq!(first.id, "good:3");
        assert_eq!(first.origin.to_string(), format!("{name}:3:1"));
        assert_eq!(first.kind, Kind::Substitutions);
        assert_eq!(first.case, CasePolicy::Shape);
        assert_eq!(first.tier, Tier::Auto);
        assert!(first.generated);
        assert_eq!(
            first.action,
            Action::Replace {
                phrases: vec!["bosom peril".into()],
                replacement: "breast cancer".into()
            }
        );
        // An empty replacement is a deletion.
        assert!(
            matches!(&rules[2].action, Action::Replace { replacement, .. } if replacement.is_empty())
        );
    }

    /// Rules are built directly for speed; they are what `Rule::replace` makes.
    #[test]
    fn a_line_rule_is_a_default_substitution() {
        let file: Arc<str> = Arc::from("lists/big.tsv");
        let mut want = Rule::replace("big:12", &["bosom peril"], "breast cancer");
        want.generated = true;
        want.origin = Origin {
            file: file.clone(),
            line: 12,
            column: 1,
        };
        assert_eq!(rule(&file, "big", 12, "bosom peril", "breast cancer"), want);
    }

    #[test]
    fn bad_tsv_reports_every_line() {
        let name = "fixtures/dictionaries/bad-tsv.tsv";
        let got = shown(parse(
            name,
            include_str!("../../fixtures/dictionaries/bad-tsv.tsv"),
        ));
        assert_eq!(
            got,
            vec![
                format!("{name}:2:14: no tab: expected `phrase<TAB>replacement`"),
                format!("{name}:3:8: a second tab: expected exactly one, between phrase and replacement"),
                format!("{name}:4:1: empty phrase"),
                format!("{name}:6:1: duplicate phrase `counterfeit consciousness` with a different replacement: `fake intelligence` here, `artificial intelligence` in rule `bad-tsv:5` at {name}:5:1"),
            ]
        );
    }

    #[test]
    fn crlf_bom_comments_and_blank_lines() {
        let rules = parse(
            "x.tsv",
            "\u{FEFF}# c\r\n\r\n  # indented comment\r\na\tb\r\n",
        )
        .expect("loads");
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].id, "x:4");
        assert!(
            matches!(&rules[0].action, Action::Replace { replacement, .. } if replacement == "b")
        );
    }

    #[test]
    fn a_phrase_of_white_space_is_empty() {
        assert_eq!(
            shown(parse("x.tsv", " \u{a0}\tb\n")),
            vec!["x.tsv:1:1: empty phrase".to_string()]
        );
    }

    /// The pieces of a list, parsed apart, give what one piece gives: rules, ids, error
    /// lines, and the stop after [`MAX_ERRORS`] errors.
    #[test]
    fn pieces_parse_as_one() {
        let mut text = String::from("\u{FEFF}# list\r\n");
        for i in 0..700 {
            match i % 7 {
                0 => text.push_str("no tab here\n"),
                1 => text.push('\n'),
                2 => text.push_str(&format!("phrase {i}\tfix {i}\r\n")),
                3 => text.push_str("  # comment\n"),
                4 if i % 3 == 0 => text.push_str(&format!("dup {}\tone\n", i % 5)),
                4 => text.push_str(&format!("dup {}\ttwo\n", i % 5)),
                5 => text.push_str("two\ttabs\there\n"),
                _ => text.push_str(&format!("phrase x{i}\tfix\n")),
            }
        }
        let short: String = text.lines().take(60).map(|l| format!("{l}\n")).collect();
        for text in [&text, &short, &text[..text.len() - 1]] {
            let whole = parse_in_pieces("l.tsv", text, usize::MAX);
            for piece_bytes in [0, 1, 7, 64, 500, 4096] {
                assert_eq!(
                    parse_in_pieces("l.tsv", text, piece_bytes),
                    whole,
                    "pieces of {piece_bytes} bytes"
                );
            }
        }
        let errors = parse_in_pieces("l.tsv", &text, 64).expect_err("bad lines");
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let tabs = shown.iter().filter(|e| e.contains("tab")).count();
        assert_eq!(tabs, MAX_ERRORS);
        // Two bad lines every seven from line 2: the 200th is line 2 + 99 * 7 + 5.
        let last = shown.last().expect("errors");
        assert_eq!(last, "l.tsv:701:1: too many errors; stopped");
        assert!(shown.iter().any(|e| e.contains("duplicate phrase `dup")));
    }

    /// A list of many pieces numbers its lines across them (its load time is measured by
    /// `benches/run.sh`, not here).
    #[test]
    fn a_hundred_thousand_lines_load() {
        let mut text = String::from("# generated\n");
        for i in 0..100_000 {
            text.push_str(&format!("phrase number {i}\treplacement {i}\n"));
        }
        assert!(pieces(&text, PIECE_BYTES).len() > 10);
        let rules = parse("big.tsv", &text).expect("loads");
        assert_eq!(rules.len(), 100_000);
        assert_eq!(rules[99_999].id, "big:100001");
        assert_eq!(rules[54_321].id, "big:54323");
    }
}
