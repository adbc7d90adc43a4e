//! `unspin dict`: tools for dictionary authors. `dict lint` validates dictionaries;
//! `dict test` runs the examples written in them.

use super::{report_dict_errors, Status};
use crate::dictionary::{self, embedded, examples, lint, Selection};
use crate::exit;
use crate::rule::Rule;
use std::io::{self, Write};
use std::path::PathBuf;

const LINT_HELP: &str = "\
Checks the schema, duplicate and conflicting phrases, replacements another rule would
change again (not idempotent), and common English words used as phrases without a guard
(a warning). Every problem is printed as `file:line:column: message`.

Examples:
  unspin dict lint                      lint every shipped pack
  unspin dict lint my-rules.yaml        lint one file (and nothing else)

Exit codes: 0 no errors (warnings alone are fine); 2 errors.";

const TEST_HELP: &str = "\
Runs every rule's `examples` (input must give output) and `must_not_change` sentences
through the full engine built from the same dictionaries, and prints each failure with the
rule's file:line, then `N examples passed, M failed`.

Examples:
  unspin dict test                      test every shipped pack
  unspin dict test my-rules.yaml        test one file's rules on their own

Exit codes: 0 all examples pass; 1 some fail; 2 a dictionary does not load.";

/// `unspin dict` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Validate dictionaries (the shipped packs when no path is given).
    #[command(after_help = LINT_HELP)]
    Lint(Paths),
    /// Run the examples of dictionaries (the shipped packs when no path is given).
    #[command(after_help = TEST_HELP)]
    Test(Paths),
}

/// Dictionary files to work on.
#[derive(Debug, clap::Args)]
pub struct Paths {
    /// Dictionary files (YAML, or TSV for `.tsv`/`.txt`); none: every shipped pack.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

impl Paths {
    fn selection(&self) -> Selection {
        if self.paths.is_empty() {
            Selection {
                defaults: true,
                packs: embedded::pack_names()
                    .into_iter()
                    .map(|p| p.to_string())
                    .collect(),
                paths: Vec::new(),
            }
        } else {
            Selection {
                defaults: false,
                packs: Vec::new(),
                paths: self.paths.clone(),
            }
        }
    }
}

/// Runs `unspin dict ...`.
pub fn run<W: Write>(command: &Command, out: &mut W) -> io::Result<u8> {
    match command {
        Command::Lint(paths) => run_lint(paths, out),
        Command::Test(paths) => run_test(paths, out),
    }
}

fn load(paths: &Paths, status: &mut Status) -> Option<Vec<Rule>> {
    match dictionary::load(&paths.selection()) {
        Ok(rules) => Some(rules),
        Err(errors) => {
            report_dict_errors(&errors, "", status);
            None
        }
    }
}

fn run_lint<W: Write>(paths: &Paths, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let Some(rules) = load(paths, &mut status) else {
        return Ok(status.code());
    };
    let diagnostics = lint::lint(&rules);
    let mut errors = 0;
    for d in &diagnostics {
        if d.severity == lint::Severity::Error {
            errors += 1;
        }
        writeln!(out, "{d}")?;
    }
    let warnings = diagnostics.len() - errors;
    writeln!(
        out,
        "{} rules: {errors} error{}, {warnings} warning{}",
        rules.len(),
        plural(errors),
        plural(warnings)
    )?;
    Ok(if errors > 0 { exit::ERROR } else { exit::OK })
}

fn run_test<W: Write>(paths: &Paths, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let Some(rules) = load(paths, &mut status) else {
        return Ok(status.code());
    };
    let failures = examples::run(&rules);
    for f in &failures {
        writeln!(out, "{f}")?;
    }
    if failures.iter().any(|f| f.check == examples::Check::Engine) {
        status.error("no engine could be built from these dictionaries; no example was run");
        return Ok(status.code());
    }
    // `examples` entries and `must_not_change` sentences both count as examples.
    let stats = examples::ExampleStats::of(&rules);
    let total = stats.examples + stats.must_not_change;
    let failed = failures.len();
    let passed = total.saturating_sub(failed);
    writeln!(
        out,
        "{passed} example{} passed, {failed} failed",
        plural(passed)
    )?;
    Ok(if failed > 0 { exit::CHANGES } else { exit::OK })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
