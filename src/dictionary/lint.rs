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
//! follows. [`refusals`] is the idempotence check as the commands that repair text run it at
//! every start: the same lines, for replacements and canonical names, at a fraction of the
//! cost.

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
            idempotence(&engine, Texts::All, |_| true, &mut out);
            dropped_variants(&engine, &mut out);
        }
        Err(e) => out.extend(engine_failure(rules, &e)),
    }
    common_words(rules, &mut out);
    missing_examples(rules, &mut out);
    sort(&mut out);
    out
}

/// The errors for which the commands that repair text (`fix`, `check`, `diff`, `review`)
/// refuse a rule set: a replacement or a name's canonical spelling that the rules would
/// rewrite again, so that a second run would change the first run's output. A cycle
/// (`A → B`, `B → A`) is two such errors. Each is the line [`lint`] gives for it: with every
/// tier on whatever `engine`'s options (the default tier mode turns `spun` rules on in any
/// document that scores high enough). Example outputs are not checked here: a wrong example
/// is `dict test`'s matter, not a reason to refuse a run.
///
/// `engine` is the engine the command will run; `from_pack` tells the rules of the shipped
/// packs, which the test suite lints clean among themselves, so with no other rule nothing
/// is checked. The other rules are the project's, and both ways they can break a run are
/// covered:
/// - a project rule's text rewritten by any rule: each goes through `engine`, and, when
///   `engine` may leave `spun` rules out (built with another tier mode than
///   [`TierMode::Spun`]), through an engine of the `spun` rules alone;
/// - a pack rule's text rewritten by a project rule: each goes through an engine of the
///   project's rules alone (or through the engines above, when there are more project
///   rules than pack rules: then that is cheaper than building one more engine). This
///   takes as given that a pack text is rewritten only where a project rule matches in it.
///
/// Those passes only pick the texts that may be rewritten, cheaply: the texts are matched
/// as the lines of one haystack, one engine pass for all of them. Where they pick none (the
/// usual case) nothing else is done; else [`lint`]'s check runs on the rules picked, with an
/// engine of every rule and every tier.
///
/// ```
/// use unspin::dictionary::lint::refusals;
/// use unspin::{engine::Engine, rule::Rule};
/// let engine = Engine::new(vec![
///     Rule::replace("to-endure", &["persist"], "endure"),
///     Rule::replace("to-persist", &["endure"], "persist"),
/// ], Default::default()).unwrap();
/// let errors = refusals(&engine, |_| false);
/// assert_eq!(errors.len(), 2);
/// assert!(errors[0].to_string().ends_with("(a cycle) [to-endure]"));
/// // The same rules, taken for a shipped pack's, are not checked.
/// assert!(refusals(&engine, |_| true).is_empty());
/// ```
pub fn refusals(engine: &Engine, from_pack: impl Fn(&Rule) -> bool) -> Vec<Diagnostic> {
    let rules = engine.rules();
    if rules.iter().all(&from_pack) {
        return Vec::new();
    }
    // One pass over the rules (with 100,000 of them, each pass costs a cache miss a rule).
    let mut pack = Vec::with_capacity(rules.len());
    let mut any_spun = false;
    let mut stamps = Vec::new();
    let (mut own_texts, mut pack_texts) = (Lines::default(), Lines::default());
    for (index, rule) in rules.iter().enumerate() {
        let from_pack = from_pack(rule);
        pack.push(from_pack);
        any_spun |= rule.tier == Tier::Spun;
        if let Action::StripPrefix { pattern } = &rule.action {
            stamps.push(&pattern.0);
        }
        if let Some((_, text)) = written(rule) {
            if from_pack {
                pack_texts.push(index, text);
            } else {
                own_texts.push(index, text);
            }
        }
    }
    let own = pack.iter().filter(|&&p| !p).count();
    let every_tier = Options {
        tier: TierMode::Spun,
        ..engine.options()
    };
    let every_rule_everywhere = engine.options().tier == TierMode::Spun || !any_spun;
    // Cheaper to run the pack texts through the engines at hand than to build one for the
    // project's rules when these are the more numerous (building an engine costs about as
    // much a rule as a pass a text).
    let packs_alike = own > rules.len() - own;
    let mut first = vec![&own_texts];
    if packs_alike {
        first.push(&pack_texts);
    }
    let mut suspect = vec![false; rules.len()];
    for texts in &first {
        suspects(engine, &stamps, texts, &mut suspect);
    }
    if !every_rule_everywhere {
        let spun = rules.iter().filter(|r| r.tier == Tier::Spun).cloned();
        match Engine::new(spun.collect(), every_tier) {
            Ok(spun) => {
                for texts in &first {
                    suspects(&spun, &stamps_of(&spun), texts, &mut suspect);
                }
            }
            Err(_) => suspect.fill(true),
        }
    }
    if !packs_alike {
        let own_rules = rules.iter().zip(&pack).filter(|(_, &p)| !p);
        match Engine::new(own_rules.map(|(r, _)| r.clone()).collect(), every_tier) {
            Ok(own) => suspects(&own, &stamps_of(&own), &pack_texts, &mut suspect),
            Err(_) => suspect.fill(true),
        }
    }
    let mut out = Vec::new();
    if suspect.contains(&true) {
        if every_rule_everywhere {
            idempotence(engine, Texts::Written, |i| suspect[i], &mut out);
        } else {
            match Engine::new(rules.to_vec(), every_tier) {
                Ok(full) => idempotence(&full, Texts::Written, |i| suspect[i], &mut out),
                Err(e) => out.extend(engine_failure(rules, &e)),
            }
        }
    }
    sort(&mut out);
    out
}

/// Texts to match at once, as the lines of one haystack (see [`suspects`]).
#[derive(Default)]
struct Lines<'r> {
    haystack: String,
    /// The start of each line in `haystack`.
    starts: Vec<usize>,
    /// The rule of each line.
    owners: Vec<usize>,
    /// Texts that cannot be a line (a line break, a leading byte-order mark), with their rule.
    alone: Vec<(usize, &'r str)>,
}

impl<'r> Lines<'r> {
    fn push(&mut self, owner: usize, text: &'r str) {
        if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_some() || text.starts_with('\u{FEFF}')
        {
            self.alone.push((owner, text));
        } else {
            self.starts.push(self.haystack.len());
            self.owners.push(owner);
            self.haystack.push_str(text);
            self.haystack.push('\n');
        }
    }

    /// The text of line `k`.
    fn line(&self, k: usize) -> &str {
        let end = self.starts.get(k + 1).map_or(self.haystack.len(), |&e| e);
        &self.haystack[self.starts[k]..end - 1]
    }
}

/// The patterns of the scraper's stamps ([`Action::StripPrefix`]) of `engine`.
fn stamps_of(engine: &Engine) -> Vec<&regex::Regex> {
    engine
        .rules()
        .iter()
        .filter_map(|r| match &r.action {
            Action::StripPrefix { pattern } => Some(&pattern.0),
            _ => None,
        })
        .collect()
}

/// Marks in `suspect` the rule of each of `texts` that `engine` may rewrite. `stamps` are
/// `engine`'s [`stamps_of`]. `engine` need not hold the rules the texts are from (it may
/// hold some of them, or have other options): only whether it makes an edit counts.
///
/// Cheap because one engine pass handles every text: they are matched as the lines of one
/// haystack, and no phrase spans a line, nor does a guard look beyond its line. Where a line
/// is not matched as a document of its own would be, this makes up for it, so that no
/// rewritten text is missed (a text may be marked that is not rewritten: [`idempotence`]
/// has the last word):
/// - a scraper's stamp is looked for at the start of a document only: every text is tried
///   against each stamp pattern directly, and the lines a stamp at the start of the
///   haystack takes are marked;
/// - a cut marker ([`Action::CutToEnd`]) ends the scan: the pass starts again after it;
/// - a text with a line break or a leading byte-order mark is matched on its own;
/// - the spin score is the haystack's: a `spun` pass it calls for only adds edits.
fn suspects(engine: &Engine, stamps: &[&regex::Regex], texts: &Lines<'_>, suspect: &mut [bool]) {
    for &(owner, text) in &texts.alone {
        suspect[owner] |= first_rewrite(engine, text).is_some();
    }
    let lines = texts.owners.len();
    if !stamps.is_empty() {
        for k in 0..lines {
            let text = texts.line(k);
            if stamps.iter().any(|p| {
                p.find(text)
                    .is_some_and(|m| m.start() == 0 && !m.is_empty())
            }) {
                suspect[texts.owners[k]] = true;
            }
        }
    }
    let starts = &texts.starts;
    let mut from = 0; // the first line of this pass
    while from < lines {
        let offset = starts[from];
        let line_of = |at: usize| starts.partition_point(|&s| s <= offset + at) - 1;
        let mut restart = None;
        for edit in engine.find_edits(&texts.haystack[offset..]).edits {
            let first = line_of(edit.span.start);
            let last = match engine.rule(edit.rule).action {
                Action::CutToEnd { .. } => {
                    // The cut starts at the end of the text before the marker, or at the
                    // marker when nothing is before it; either way no line after it was
                    // matched.
                    restart = Some(first + 1);
                    first
                }
                // The line where the document's body starts was matched only in part.
                Action::StripPrefix { .. } => line_of(edit.span.end),
                // A removed line's span ends at the next line's start.
                _ => line_of(edit.span.end.saturating_sub(1).max(edit.span.start)),
            };
            for &owner in &texts.owners[first..=last] {
                suspect[owner] = true;
            }
        }
        from = restart.unwrap_or(lines);
    }
}

/// Sorts diagnostics by place, errors before warnings at one place.
fn sort(out: &mut [Diagnostic]) {
    out.sort_by(|a, b| {
        let key = |d: &Diagnostic| (d.origin.file.clone(), d.origin.line, d.origin.column);
        key(a).cmp(&key(b)).then(a.severity.cmp(&b.severity))
    });
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

/// Which texts of a rule the idempotence check reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Texts {
    /// Replacements, canonical names and example outputs (`dict lint`).
    All,
    /// Replacements and canonical names: what a run writes ([`refusals`]).
    Written,
}

/// The text a rule writes: its replacement (unless blank: a deletion), or its canonical
/// name. A `flag` rule's replacement is never written, so it is not checked.
fn written(rule: &Rule) -> Option<(&'static str, &str)> {
    match &rule.action {
        Action::Replace { replacement, .. }
            if !replacement.trim().is_empty() && rule.tier != Tier::Flag =>
        {
            Some(("replacement", replacement.as_str()))
        }
        Action::Name { canonical, .. } => Some(("canonical name", canonical.as_str())),
        _ => None,
    }
}

/// The texts a rule says are already fixed: what it writes ([`written`]) and, for
/// [`Texts::All`], every example's output.
fn fixed_texts(rule: &Rule, which: Texts) -> Vec<(&'static str, &str)> {
    let mut texts: Vec<(&'static str, &str)> = written(rule).into_iter().collect();
    if which == Texts::All {
        texts.extend(
            rule.examples
                .iter()
                .map(|e| ("example output", e.output.as_str())),
        );
    }
    texts
}

/// The first edit the engine would make to `text`, if any.
fn first_rewrite(engine: &Engine, text: &str) -> Option<Edit> {
    let outcome = engine.find_edits(text);
    outcome.edits.into_iter().next()
}

/// The texts of the rules `checked(index)` selects that `engine` rewrites. For the note on
/// a cycle, the rule that rewrites a text must be checked too.
fn idempotence(
    engine: &Engine,
    which: Texts,
    checked: impl Fn(usize) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    let rules = engine.rules();
    // For each rule, the rule that rewrites its replacement (to name cycles).
    let mut rewritten_by: Vec<Option<usize>> = vec![None; rules.len()];
    let mut found: Vec<(usize, &str, &str, Edit)> = Vec::new();
    for (index, rule) in rules.iter().enumerate().filter(|&(i, _)| checked(i)) {
        for (what, text) in fixed_texts(rule, which) {
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
        if rule.tier != Tier::Auto || *rule.guard != Guard::default() {
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

    /// `lint`'s lines about rewritten replacements and canonical names: what `refusals`
    /// must give.
    fn written_lines(rules: &[Rule]) -> Vec<String> {
        lint(rules)
            .iter()
            .filter(|d| {
                d.severity == Severity::Error
                    && (d.message.starts_with("not idempotent: replacement")
                        || d.message.starts_with("not idempotent: canonical name"))
            })
            .map(ToString::to_string)
            .collect()
    }

    fn refused(rules: &[Rule], tier: TierMode) -> Vec<String> {
        let options = Options {
            tier,
            ..Options::default()
        };
        let engine = Engine::new(rules.to_vec(), options).expect("engine builds");
        refusals(&engine, |r| r.origin.file.starts_with("<embedded>/"))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// A rule of `file` at `line`.
    fn at(mut rule: Rule, file: &str, line: u32) -> Rule {
        rule.origin.file = file.into();
        rule.origin.line = line;
        rule
    }

    fn with_action(id: &str, action: Action) -> Rule {
        let mut rule = Rule::replace(id, &["unused"], "");
        rule.kind = crate::rule::Kind::Boilerplate;
        rule.action = action;
        rule
    }

    #[test]
    fn refusals_give_lints_lines_for_a_cycle_and_a_rewritten_replacement() {
        for file in ["cycle.yaml", "not-idempotent.yaml"] {
            let rules = fixture(file);
            let expected = written_lines(&rules);
            assert!(!expected.is_empty(), "{file}");
            for tier in [TierMode::Score, TierMode::Spun, TierMode::Auto] {
                assert_eq!(refused(&rules, tier), expected, "{file}, {tier:?}");
            }
        }
        assert_eq!(
            refused(&fixture("good.yaml"), TierMode::Score),
            Vec::<String>::new()
        );
    }

    #[test]
    fn refusals_check_both_ways_between_packs_and_the_project() {
        let pack = "<embedded>/test/pack.yaml";
        // The pack is sound on its own (and so not checked alone), with a `spun` rule the
        // default tier mode leaves out of short texts.
        let mut however = Rule::replace("however", &["however"], "but");
        however.tier = Tier::Spun;
        let pack_rules = vec![
            at(
                Rule::replace("screen", &["silver display"], "big screen"),
                pack,
                1,
            ),
            at(however, pack, 2),
        ];
        assert_eq!(refused(&pack_rules, TierMode::Score), Vec::<String>::new());
        let mut pack_only = pack_rules.clone();
        pack_only.push(at(Rule::replace("big", &["big screen"], "cinema"), pack, 3));
        assert_eq!(refused(&pack_only, TierMode::Score), Vec::<String>::new());
        // A project rule rewrites a pack's replacement: the error is the pack rule's.
        let mut rules = pack_rules.clone();
        rules.push(at(
            Rule::replace("cinema", &["big screen"], "cinema"),
            "own.yaml",
            1,
        ));
        let got = refused(&rules, TierMode::Score);
        assert_eq!(got, written_lines(&rules));
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with(&format!(
                "{pack}:1:1: error: not idempotent: replacement `big screen`"
            )),
            "{got:?}"
        );
        // A pack rule, `spun` at that, rewrites a project rule's replacement.
        let mut rules = pack_rules.clone();
        rules.push(at(Rule::replace("yet", &["yet"], "however"), "own.yaml", 1));
        for tier in [TierMode::Score, TierMode::Spun, TierMode::Auto] {
            let got = refused(&rules, tier);
            assert_eq!(got, written_lines(&rules), "{tier:?}");
            assert_eq!(got.len(), 1, "{tier:?}: {got:?}");
        }
        // Many project rules (the pack texts then go through the same engines).
        let mut rules = pack_rules;
        for i in 0..5 {
            let phrase = format!("word{i}");
            rules.push(at(
                Rule::replace(&phrase, &[&phrase], "fine"),
                "own.yaml",
                i + 1,
            ));
        }
        rules.push(at(
            Rule::replace("cinema", &["big screen"], "cinema"),
            "own.yaml",
            9,
        ));
        assert_eq!(refused(&rules, TierMode::Score), written_lines(&rules));
        assert_eq!(refused(&rules, TierMode::Score).len(), 1);
    }

    #[test]
    fn texts_after_a_cut_marker_or_beside_a_stamp_are_still_checked() {
        let own = "own.yaml";
        let stamp = crate::rule::Pattern::new(r"^date \d+").expect("regex");
        let cut = Action::CutToEnd {
            markers: vec!["Read more".into()],
        };
        let remove = Action::RemoveLine {
            lines: vec!["Advertisement".into()],
        };
        let strip = Action::StripPrefix { pattern: stamp };
        // The texts are matched as lines in this order: a stamp or a marker in the middle.
        let rules = vec![
            at(with_action("more", cut), own, 1),
            at(with_action("ads", remove), own, 2),
            at(with_action("stamp", strip), own, 3),
            at(Rule::replace("to-persist", &["endure"], "persist"), own, 4),
            at(Rule::replace("to-more", &["see more"], "Read more"), own, 5),
            at(Rule::replace("to-endure", &["persist"], "endure"), own, 6),
            at(Rule::replace("to-date", &["dated"], "date 2024"), own, 7),
            at(
                Rule::replace("to-ad", &["ad here"], "Advertisement"),
                own,
                8,
            ),
            at(
                Rule::replace("two-lines", &["two"], "endure\nendure"),
                own,
                9,
            ),
        ];
        let expected = written_lines(&rules);
        assert_eq!(expected.len(), 6, "{expected:#?}");
        for tier in [TierMode::Score, TierMode::Spun] {
            assert_eq!(refused(&rules, tier), expected, "{tier:?}");
        }
    }

    #[test]
    fn a_stamp_at_the_start_of_the_texts_may_take_more_than_a_line() {
        // `date` is no stamp on its own, but with the next text, as the haystack's lines,
        // it is one, and it takes `2024` from `2024 dated`, which `today` rewrites.
        let own = "own.yaml";
        let stamp = crate::rule::Pattern::new(r"^date\s+\d+").expect("regex");
        let rules = vec![
            at(Rule::replace("to-date", &["a date"], "date"), own, 1),
            at(Rule::replace("to-dated", &["b"], "2024 dated"), own, 2),
            at(Rule::replace("today", &["2024 dated"], "today"), own, 3),
            at(
                with_action("stamp", Action::StripPrefix { pattern: stamp }),
                own,
                4,
            ),
        ];
        let expected = written_lines(&rules);
        assert_eq!(expected.len(), 1, "{expected:#?}");
        assert_eq!(refused(&rules, TierMode::Score), expected);
    }

    /// [`refusals`] takes the shipped packs as sound among themselves: each pack, and all
    /// of them together, lint without errors.
    #[test]
    fn the_shipped_packs_lint_without_errors() {
        let names: Vec<String> = dictionary::embedded::pack_names()
            .into_iter()
            .map(String::from)
            .collect();
        let mut selections: Vec<Vec<String>> = names.iter().map(|n| vec![n.clone()]).collect();
        selections.push(names);
        for packs in selections {
            let selection = dictionary::Selection {
                defaults: true,
                packs: packs.clone(),
                paths: Vec::new(),
            };
            let rules = dictionary::load(&selection).expect("the packs load");
            let errors: Vec<String> = lint(&rules)
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .take(5)
                .map(ToString::to_string)
                .collect();
            assert!(errors.is_empty(), "{packs:?}:\n{}", errors.join("\n"));
        }
    }

    /// A tiny deterministic generator (xorshift), so that the oracle test needs no crate.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn phrase(&mut self, words: &[&str]) -> String {
            let n = 1 + self.below(3);
            let picked: Vec<&str> = (0..n).map(|_| words[self.below(words.len())]).collect();
            picked.join(" ")
        }
    }

    /// `refusals` against its oracle, `lint`, on generated rule sets: a pack that is sound
    /// on its own (its phrases and its replacements use different words) and project rules
    /// over all the words, some `spun`, some names, cut markers, removed lines and stamps.
    #[test]
    fn refusals_agree_with_lint_on_generated_rule_sets() {
        const PACK_FIND: &[&str] = &["alpha", "beta", "gamma", "delta"];
        const PACK_WRITE: &[&str] = &["one", "two", "three", "four"];
        const ALL: &[&str] = &["alpha", "beta", "gamma", "one", "two", "three", "five"];
        let pack = "<embedded>/test/pack.yaml";
        let mut checked = 0;
        for seed in 1..=60u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let mut rules = Vec::new();
            for i in 0..1 + rng.below(8) {
                let find = rng.phrase(PACK_FIND);
                let mut rule = Rule::replace(&format!("p{i}"), &[&find], &rng.phrase(PACK_WRITE));
                if rng.below(3) == 0 {
                    rule.tier = Tier::Spun;
                }
                rules.push(at(rule, pack, i as u32 + 1));
            }
            // As many project rules as pack rules, or fewer, or more.
            for i in 0..1 + rng.below(12) {
                let line = i as u32 + 1;
                let rule = match rng.below(8) {
                    0 => Rule::name(
                        &format!("Alpha {}", ["One", "Two", "Five"][rng.below(3)]),
                        crate::rule::NameCategory::Person,
                        &["Alfa One"],
                    ),
                    1 => with_action(
                        &format!("c{i}"),
                        Action::CutToEnd {
                            markers: vec![rng.phrase(ALL)],
                        },
                    ),
                    2 => with_action(
                        &format!("r{i}"),
                        Action::RemoveLine {
                            lines: vec![rng.phrase(ALL)],
                        },
                    ),
                    3 => {
                        let stamp = format!("^{}", rng.phrase(ALL));
                        let pattern = crate::rule::Pattern::new(&stamp).expect("regex");
                        with_action(&format!("s{i}"), Action::StripPrefix { pattern })
                    }
                    _ => {
                        let find = rng.phrase(ALL);
                        let mut rule = Rule::replace(&format!("o{i}"), &[&find], &rng.phrase(ALL));
                        if rng.below(3) == 0 {
                            rule.tier = Tier::Spun;
                        }
                        rule
                    }
                };
                rules.push(at(rule, "own.yaml", line));
            }
            let expected = written_lines(&rules);
            checked += expected.len();
            for tier in [TierMode::Score, TierMode::Spun, TierMode::Auto] {
                assert_eq!(refused(&rules, tier), expected, "seed {seed}, {tier:?}");
            }
        }
        // The generated sets do have problems to find.
        assert!(checked > 60, "{checked}");
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
