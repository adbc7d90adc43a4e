//! `dict lint`: checks on a loaded rule set that the schema cannot express.
//!
//! Errors (the rule set is wrong; `dict lint` exits 2):
//! - **Conflicting duplicates**: one phrase (compared in the engine's normal form, so case,
//!   spacing and quote style do not matter) given two different replacements under the same
//!   guard, in one file or across files. Also an id used twice.
//! - **Not idempotent**: a replacement, a name's canonical spelling, or an example's output
//!   that the full rule set (every tier on) would rewrite again. A second pass over fixed text
//!   must change nothing; cycles (`A → B`, `B → A`) are caught this way.
//!
//! Warnings (worth a look):
//! - a `find` phrase that is one very common English word, with no guard and tier `auto`;
//! - a name variant dropped because two names produce it;
//! - a hand-written rule without examples (rules from `generated_by` files and TSV lists
//!   are exempt).
//!
//! The checks return data; the command line decides how to print it and which exit code
//! follows.

use super::check;
use crate::edit::Edit;
use crate::engine::{BuildError, Engine, Options, TierMode};
use crate::rule::{Action, Guard, Origin, Rule, Tier};
use std::fmt;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The rule set is wrong: `dict lint` exits 2.
    Error,
    /// Probably a mistake; reported, not fatal.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One finding about one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Where the rule was written.
    pub origin: Origin,
    /// The rule's id.
    pub rule_id: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: error: message [rule-id]`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} [{}]",
            self.origin, self.severity, self.message, self.rule_id
        )
    }
}

/// Very common English words: a rule whose whole phrase is one of these rewrites ordinary
/// prose unless a guard or the `spun` tier holds it back. Sorted (binary search), lower case.
const COMMON_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "always",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "ask",
    "at",
    "back",
    "be",
    "became",
    "because",
    "become",
    "been",
    "before",
    "began",
    "being",
    "below",
    "best",
    "better",
    "between",
    "big",
    "both",
    "but",
    "by",
    "call",
    "came",
    "can",
    "case",
    "change",
    "class",
    "come",
    "could",
    "day",
    "did",
    "different",
    "do",
    "does",
    "done",
    "down",
    "during",
    "each",
    "early",
    "end",
    "enough",
    "even",
    "ever",
    "every",
    "fact",
    "far",
    "feel",
    "few",
    "find",
    "first",
    "following",
    "for",
    "found",
    "from",
    "get",
    "give",
    "go",
    "good",
    "great",
    "group",
    "had",
    "has",
    "have",
    "he",
    "help",
    "her",
    "here",
    "high",
    "him",
    "his",
    "how",
    "however",
    "i",
    "if",
    "important",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "keep",
    "kind",
    "know",
    "large",
    "last",
    "later",
    "least",
    "leave",
    "left",
    "less",
    "let",
    "life",
    "like",
    "little",
    "long",
    "look",
    "made",
    "make",
    "man",
    "many",
    "may",
    "me",
    "mean",
    "means",
    "might",
    "more",
    "most",
    "move",
    "much",
    "must",
    "my",
    "need",
    "never",
    "new",
    "next",
    "no",
    "not",
    "now",
    "number",
    "of",
    "off",
    "often",
    "old",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "part",
    "people",
    "place",
    "point",
    "put",
    "right",
    "said",
    "same",
    "saw",
    "say",
    "second",
    "see",
    "seem",
    "set",
    "she",
    "should",
    "show",
    "since",
    "small",
    "so",
    "some",
    "something",
    "still",
    "such",
    "take",
    "tell",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "think",
    "this",
    "those",
    "though",
    "through",
    "time",
    "to",
    "too",
    "total",
    "try",
    "turn",
    "two",
    "under",
    "until",
    "up",
    "us",
    "use",
    "very",
    "want",
    "was",
    "way",
    "we",
    "well",
    "went",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "without",
    "work",
    "world",
    "would",
    "year",
    "yet",
    "you",
    "your",
];

/// Lints `rules` as one loaded set (all files together).
///
/// Builds one engine from every rule with every tier on, so the idempotence check sees what
/// a `spun` document would get. If no engine can be built (the automaton would exceed its
/// size limits), that is reported as an error and the checks that need it are skipped.
pub fn lint(rules: &[Rule]) -> Vec<Diagnostic> {
    let options = Options {
        tier: TierMode::Spun,
        ..Options::default()
    };
    let mut out = Vec::new();
    duplicates(rules, &mut out);
    match Engine::new(rules.to_vec(), options) {
        Ok(engine) => {
            idempotence(&engine, &mut out);
            dropped_variants(&engine, &mut out);
        }
        Err(e) => out.extend(engine_failure(rules, &e)),
    }
    common_words(rules, &mut out);
    missing_examples(rules, &mut out);
    out.sort_by(|a, b| {
        let key = |d: &Diagnostic| (d.origin.file.clone(), d.origin.line, d.origin.column);
        key(a).cmp(&key(b)).then(a.severity.cmp(&b.severity))
    });
    out
}

fn engine_failure(rules: &[Rule], err: &BuildError) -> Option<Diagnostic> {
    let message = format!("could not build the engine from these rules: {err}");
    rules
        .first()
        .map(|first| diagnostic(Severity::Error, first, message))
}

fn diagnostic(severity: Severity, rule: &Rule, message: String) -> Diagnostic {
    Diagnostic {
        severity,
        origin: rule.origin.clone(),
        rule_id: rule.id.clone(),
        message,
    }
}

/// Where a rule was written, without the column: `spun.yaml:12`.
fn place(rule: &Rule) -> String {
    format!("{}:{}", rule.origin.file, rule.origin.line)
}

fn duplicates(rules: &[Rule], out: &mut Vec<Diagnostic>) {
    for clash in check::phrase_clashes(rules) {
        let message = check::clash_message(rules, &clash);
        out.push(diagnostic(Severity::Error, &rules[clash.second], message));
    }
    for (first, second) in check::duplicate_ids(rules) {
        let message = format!(
            "duplicate rule id `{}`; first used at {}",
            rules[first].id, rules[first].origin
        );
        out.push(diagnostic(Severity::Error, &rules[second], message));
    }
}

/// The texts a rule says are already fixed: its replacement or canonical name, and every
/// example's output. A `flag` rule's replacement is never written, so it is not checked.
fn fixed_texts(rule: &Rule) -> Vec<(&'static str, &str)> {
    let mut texts = match &rule.action {
        Action::Replace { replacement, .. }
            if !replacement.trim().is_empty() && rule.tier != Tier::Flag =>
        {
            vec![("replacement", replacement.as_str())]
        }
        Action::Name { canonical, .. } => vec![("canonical name", canonical.as_str())],
        _ => Vec::new(),
    };
    texts.extend(
        rule.examples
            .iter()
            .map(|e| ("example output", e.output.as_str())),
    );
    texts
}

/// The first edit the engine would make to `text`, if any.
fn first_rewrite(engine: &Engine, text: &str) -> Option<Edit> {
    let outcome = engine.find_edits(text);
    outcome.edits.into_iter().next()
}

fn idempotence(engine: &Engine, out: &mut Vec<Diagnostic>) {
    let rules = engine.rules();
    // For each rule, the rule that rewrites its replacement (to name cycles).
    let mut rewritten_by: Vec<Option<usize>> = vec![None; rules.len()];
    let mut found: Vec<(usize, &str, &str, Edit)> = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        for (what, text) in fixed_texts(rule) {
            if let Some(edit) = first_rewrite(engine, text) {
                if what == "replacement" {
                    rewritten_by[index] = Some(edit.rule);
                }
                found.push((index, what, text, edit));
            }
        }
    }
    for (index, what, text, edit) in found {
        let by = engine.rule(edit.rule);
        let note = if edit.rule == index {
            " (its own phrase)"
        } else if what == "replacement" && rewritten_by[edit.rule] == Some(index) {
            " (a cycle)"
        } else {
            ""
        };
        let message = format!(
            "not idempotent: {what} `{text}` would be rewritten again (`{}` → `{}`) by rule {} at {}{note}",
            edit.before,
            edit.after,
            by.id,
            place(by),
        );
        out.push(diagnostic(Severity::Error, &rules[index], message));
    }
}

fn common_words(rules: &[Rule], out: &mut Vec<Diagnostic>) {
    for rule in rules {
        let Action::Replace { phrases, .. } = &rule.action else {
            continue;
        };
        if rule.tier != Tier::Auto || rule.guard != Guard::default() {
            continue;
        }
        for phrase in phrases {
            let word = phrase.trim().to_ascii_lowercase();
            if COMMON_WORDS.binary_search(&word.as_str()).is_ok() {
                let message = format!(
                    "`{}` is a common English word: add a guard or `tier: spun` so clean text \
                     is left alone",
                    phrase.trim()
                );
                out.push(diagnostic(Severity::Warning, rule, message));
            }
        }
    }
}

fn dropped_variants(engine: &Engine, out: &mut Vec<Diagnostic>) {
    for dropped in engine.dropped_variants() {
        let Some((&first, others)) = dropped.rules.split_first() else {
            continue;
        };
        let names: Vec<String> = others
            .iter()
            .map(|&i| {
                let r = engine.rule(i);
                format!("rule {} at {}", r.id, place(r))
            })
            .collect();
        let message = format!(
            "name variant `{}` dropped as ambiguous: {} also produces it",
            dropped.text,
            if names.is_empty() {
                "another name".to_string()
            } else {
                names.join(", ")
            }
        );
        out.push(diagnostic(Severity::Warning, engine.rule(first), message));
    }
}

fn missing_examples(rules: &[Rule], out: &mut Vec<Diagnostic>) {
    for rule in rules
        .iter()
        .filter(|r| !r.generated && r.examples.is_empty())
    {
        out.push(diagnostic(
            Severity::Warning,
            rule,
            "rule has no examples".to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary;
    use crate::rule::NameCategory;

    fn fixture(file: &str) -> Vec<Rule> {
        let path = format!(
            "{}/fixtures/dictionaries/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("fixture exists");
        dictionary::parse(&format!("fixtures/dictionaries/{file}"), &text).expect("fixture loads")
    }

    fn shown(rules: &[Rule]) -> Vec<String> {
        lint(rules).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn common_words_are_sorted_and_unique() {
        assert!(COMMON_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(COMMON_WORDS.len() >= 200, "{}", COMMON_WORDS.len());
    }

    #[test]
    fn good_fixture_is_clean() {
        assert_eq!(shown(&fixture("good.yaml")), Vec::<String>::new());
    }

    #[test]
    fn a_cycle_is_two_errors() {
        let f = "fixtures/dictionaries/cycle.yaml";
        assert_eq!(
            shown(&fixture("cycle.yaml")),
            vec![
                format!("{f}:4:5: error: not idempotent: replacement `endure` would be rewritten again (`endure` → `persist`) by rule to-persist at {f}:7 (a cycle) [to-endure]"),
                format!("{f}:4:5: warning: rule has no examples [to-endure]"),
                format!("{f}:7:5: error: not idempotent: replacement `persist` would be rewritten again (`persist` → `endure`) by rule to-endure at {f}:4 (a cycle) [to-persist]"),
                format!("{f}:7:5: warning: rule has no examples [to-persist]"),
            ]
        );
    }

    #[test]
    fn a_replacement_another_rule_rewrites() {
        let f = "fixtures/dictionaries/not-idempotent.yaml";
        assert_eq!(
            shown(&fixture("not-idempotent.yaml")),
            vec![
                format!("{f}:5:5: error: not idempotent: replacement `big screen` would be rewritten again (`big screen` → `cinema`) by rule big-screen at {f}:8 [film-screen]"),
                format!("{f}:5:5: warning: rule has no examples [film-screen]"),
                format!("{f}:8:5: warning: rule has no examples [big-screen]"),
            ]
        );
    }

    #[test]
    fn example_outputs_must_be_fixed_points() {
        let mut rules = fixture("not-idempotent.yaml");
        rules[1].examples.push(crate::rule::Example {
            input: "on the big screen".into(),
            output: "on the big screen tonight".into(),
        });
        let got = shown(&rules);
        assert!(
            got.iter().any(|d| d.ends_with("error: not idempotent: example output `on the big screen tonight` would be rewritten again (`big screen` → `cinema`) by rule big-screen at fixtures/dictionaries/not-idempotent.yaml:8 (its own phrase) [big-screen]")),
            "{got:?}"
        );
    }

    #[test]
    fn conflicting_duplicates_across_files() {
        let mut rules = fixture("good.yaml");
        let mut other = Rule::replace("other", &["With  a purpose to"], "so as to");
        other.examples = rules[0].examples.clone();
        other.origin.file = "other.yaml".into();
        rules.push(other);
        let got = shown(&rules);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with("other.yaml:1:1: error: duplicate phrase `With  a purpose to` with a different replacement: `so as to` here, `in order to` in rule `with-a-purpose-to` at fixtures/dictionaries/good.yaml:"),
            "{got:?}"
        );
    }

    #[test]
    fn warnings() {
        let mut plain = Rule::replace("plain", &["However"], "But");
        plain.examples.push(crate::rule::Example {
            input: "However, x.".into(),
            output: "But, x.".into(),
        });
        let mut guarded = plain.clone();
        guarded.id = "guarded".into();
        guarded.guard.whole_line = true;
        let bare = Rule::replace("bare", &["Minimize!"], "cut!");
        let got = shown(&[plain, guarded, bare]);
        assert_eq!(
            got,
            vec![
                "<test>:1:1: warning: `However` is a common English word: add a guard or `tier: spun` so clean text is left alone [plain]",
                "<test>:1:1: warning: rule has no examples [bare]",
            ]
        );
    }

    #[test]
    fn dropped_variants_name_both_rules() {
        let mut a = Rule::name("Yang Hye Ji", NameCategory::Person, &["Yan Hye Ji"]);
        let mut b = Rule::name("Yang Hae Ji", NameCategory::Person, &["Yan Hye Ji"]);
        for (r, line) in [(&mut a, 1), (&mut b, 2)] {
            r.origin.line = line;
            r.generated = true;
        }
        assert_eq!(
            shown(&[a, b]),
            vec!["<test>:1:1: warning: name variant `Yan Hye Ji` dropped as ambiguous: rule Yang Hae Ji at <test>:2 also produces it [Yang Hye Ji]"]
        );
    }
}
