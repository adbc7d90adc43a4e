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
use std::sync::Arc;

/// Most errors reported for one file; past this the rest is noise.
const MAX_ERRORS: usize = 200;

/// Parses a TSV list. `name` is the file as the user named it; it appears in errors and
/// origins, and its stem in rule ids.
pub fn parse(name: &str, text: &str) -> Result<Vec<Rule>, Vec<DictError>> {
    let file: Arc<str> = Arc::from(name);
    let stem = check::stem(name);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        if errors.len() >= MAX_ERRORS {
            errors.push(error(
                name,
                index + 1,
                1,
                "too many errors; stopped".to_string(),
            ));
            break;
        }
        let number = index + 1;
        match parse_line(line) {
            Ok(None) => {}
            Ok(Some((phrase, replacement))) => {
                rules.push(rule(&file, stem, number, phrase, replacement));
            }
            Err((column, message)) => errors.push(error(name, number, column, message)),
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
    id.push_str(&line.to_string());
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

    #[test]
    fn a_hundred_thousand_lines_load_fast() {
        let mut text = String::from("# generated\n");
        for i in 0..100_000 {
            text.push_str(&format!("phrase number {i}\treplacement {i}\n"));
        }
        let started = std::time::Instant::now();
        let rules = parse("big.tsv", &text).expect("loads");
        assert_eq!(rules.len(), 100_000);
        assert_eq!(rules[99_999].id, "big:100001");
        // Generous for an unoptimised test build on a busy machine; quadratic checks would
        // take minutes.
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }
}
