//! `dict test`: every rule's `examples` and `must_not_change` sentences, run through the full
//! engine.
//!
//! One engine is built from all the rules together, with every tier on
//! ([`TierMode::Spun`]): an example shows what a rule does in a spun document, and it must
//! still hold when every other rule is loaded too (a rule that spoils another's example is
//! caught here). For each example, `apply(input, find_edits(input).edits)` must equal
//! `output`; each `must_not_change` sentence must come out unchanged.

use crate::edit::apply;
use crate::engine::{BuildError, Engine, Options, TierMode};
use crate::rule::{Origin, Rule};
use std::fmt;

/// Which check failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// An `examples` entry gave another output.
    Example,
    /// A `must_not_change` sentence was changed.
    MustNotChange,
    /// No engine could be built from the rules (`got` says why); nothing was checked.
    Engine,
}

/// One example that did not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Where the rule was written.
    pub origin: Origin,
    /// The rule's id.
    pub rule_id: String,
    /// Which check failed.
    pub check: Check,
    /// The example's input.
    pub input: String,
    /// What the rule says the engine gives.
    pub expected: String,
    /// What the engine gave.
    pub got: String,
}

impl fmt::Display for ExampleFailure {
    /// ```text
    /// spun.yaml:12:5: example failed [cut]
    ///   input:    the director yells “Minimize!”
    ///   expected: the director yells “Cut!”
    ///   got:      the director yells “Minimize!”
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.check {
            Check::Example => "example failed",
            Check::MustNotChange => "must_not_change sentence was changed",
            Check::Engine => {
                let (origin, got, id) = (&self.origin, &self.got, &self.rule_id);
                return write!(f, "{origin}: could not build the engine: {got} [{id}]");
            }
        };
        writeln!(f, "{}: {what} [{}]", self.origin, self.rule_id)?;
        writeln!(f, "  input:    {}", self.input)?;
        writeln!(f, "  expected: {}", self.expected)?;
        write!(f, "  got:      {}", self.got)
    }
}

/// How much `dict test` checked, for its summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExampleStats {
    /// Rules loaded.
    pub rules: usize,
    /// Rules with at least one example or `must_not_change` sentence.
    pub rules_checked: usize,
    /// `examples` entries run.
    pub examples: usize,
    /// `must_not_change` sentences run.
    pub must_not_change: usize,
}

impl ExampleStats {
    /// Counts what [`run`] checks in `rules`.
    pub fn of(rules: &[Rule]) -> ExampleStats {
        let checked = |r: &&Rule| !r.examples.is_empty() || !r.must_not_change.is_empty();
        ExampleStats {
            rules: rules.len(),
            rules_checked: rules.iter().filter(checked).count(),
            examples: rules.iter().map(|r| r.examples.len()).sum(),
            must_not_change: rules.iter().map(|r| r.must_not_change.len()).sum(),
        }
    }
}

impl fmt::Display for ExampleStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} examples and {} must_not_change sentences in {} of {} rules",
            self.examples, self.must_not_change, self.rules_checked, self.rules
        )
    }
}

/// Runs every example of every rule through one engine built from all of `rules`.
///
/// If no engine can be built (the automaton would exceed its size limits), the one failure
/// returned says so, with [`Check::Engine`].
pub fn run(rules: &[Rule]) -> Vec<ExampleFailure> {
    let options = Options {
        tier: TierMode::Spun,
        ..Options::default()
    };
    match Engine::new(rules.to_vec(), options) {
        Ok(engine) => run_with(&engine),
        Err(e) => vec![engine_failure(rules, &e)],
    }
}

fn engine_failure(rules: &[Rule], err: &BuildError) -> ExampleFailure {
    let (origin, rule_id) = rules.first().map_or_else(
        || {
            (
                Origin {
                    file: "<rules>".into(),
                    line: 0,
                    column: 0,
                },
                String::new(),
            )
        },
        |r| (r.origin.clone(), r.id.clone()),
    );
    ExampleFailure {
        origin,
        rule_id,
        check: Check::Engine,
        input: String::new(),
        expected: String::new(),
        got: err.to_string(),
    }
}

/// Runs the examples of every rule `engine` holds.
fn run_with(engine: &Engine) -> Vec<ExampleFailure> {
    let rules = engine.rules();
    let fix = |text: &str| apply(text, &engine.find_edits(text).edits);
    let mut failures = Vec::new();
    for rule in rules {
        let examples = rule
            .examples
            .iter()
            .map(|e| (Check::Example, &e.input, &e.output));
        let unchanged = rule
            .must_not_change
            .iter()
            .map(|s| (Check::MustNotChange, s, s));
        for (check, input, expected) in examples.chain(unchanged) {
            let got = fix(input);
            if &got != expected {
                failures.push(ExampleFailure {
                    origin: rule.origin.clone(),
                    rule_id: rule.id.clone(),
                    check,
                    input: input.clone(),
                    expected: expected.clone(),
                    got,
                });
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary;

    fn fixture(file: &str) -> Vec<Rule> {
        let path = format!(
            "{}/fixtures/dictionaries/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("fixture exists");
        dictionary::parse(&format!("fixtures/dictionaries/{file}"), &text).expect("fixture loads")
    }

    #[test]
    fn good_examples_pass() {
        let rules = fixture("good.yaml");
        assert_eq!(run(&rules), Vec::new());
        let stats = ExampleStats::of(&rules);
        assert!(stats.examples > 0 && stats.must_not_change > 0, "{stats:?}");
    }

    #[test]
    fn a_failing_example_names_the_rule() {
        let f = "fixtures/dictionaries/failing-example.yaml";
        let failures = run(&fixture("failing-example.yaml"));
        let shown: Vec<String> = failures.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            vec![
                format!("{f}:5:5: example failed [cut]\n  input:    The director yells “Minimize!” again.\n  expected: The director yells “Stop!” again.\n  got:      The director yells “Cut!” again."),
                format!("{f}:5:5: must_not_change sentence was changed [cut]\n  input:    Everyone shouted “Minimize!” at once.\n  expected: Everyone shouted “Minimize!” at once.\n  got:      Everyone shouted “Cut!” at once."),
            ]
        );
    }
}
