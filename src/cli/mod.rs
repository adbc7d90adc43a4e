//! The command line: clap definitions and one file per subcommand. No matching logic lives
//! here; subcommands read inputs, ask the [`crate::engine`] for edits, and hand them to
//! [`crate::report`] or [`crate::write`].
//!
//! - [`fix`]: repaired text on stdout, `--write` in place, `--check` as a diff.
//! - [`check`]: one line (or JSON record) per change, and a summary.
//! - [`diff`]: unified or word diff.
//! - [`dict`]: `dict lint` and `dict test` for dictionary authors.
//! - [`inputs`]: files, folders and `-` → the documents to process.
//!
//! To add a subcommand: a file with its `Args` and `run`, a variant in [`Command`], an arm
//! in [`dispatch`].

pub mod check;
pub mod dict;
pub mod diff;
pub mod fix;
pub mod inputs;

use crate::dictionary::{self, DictError, Selection};
use crate::document::{self, DecodeError};
use crate::engine::{Engine, Options, TierMode};
use crate::exit;
use crate::rule::Kind;
use clap::{Parser, Subcommand, ValueEnum};
use inputs::{io_message, Globs, Input};
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  unspin fix article.txt > repaired.txt     print the repaired text
  unspin fix -w articles/                   repair every *.txt under articles/ in place
  unspin check articles/                    list every change with its rule
  unspin diff article.txt | patch -p1       review as a diff, then apply it
  unspin dict lint my-rules.yaml            validate a dictionary

Exit codes:
  0  nothing to change (or every write done)
  1  changes found (check, diff, fix --check) or failing examples (dict test)
  2  error: bad dictionary or arguments, unreadable or invalid input, failed write";

/// unspin repairs scraped English news text: names garbled by machine translation,
/// thesaurus swaps made by article spinners, and page furniture left by scrapers.
///
/// Every change comes from a rule in a dictionary (shipped ones are built in; add your own
/// with --dict), and every change can be listed (check), reviewed (diff) or applied (fix).
#[derive(Debug, Parser)]
#[command(name = "unspin", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Repair documents: print the repaired text, or rewrite files in place with --write.
    #[command(after_help = fix::AFTER_HELP)]
    Fix(fix::Args),
    /// List every change: `path:line:col: before -> after [rule]`, then a summary.
    #[command(after_help = check::AFTER_HELP)]
    Check(check::Args),
    /// Show the changes as a unified diff (applies with `patch -p1` or `git apply`).
    #[command(after_help = diff::AFTER_HELP)]
    Diff(diff::Args),
    /// Check dictionaries: `dict lint` validates them, `dict test` runs their examples.
    #[command(subcommand)]
    Dict(dict::Command),
}

/// Flags shared by `fix`, `check` and `diff`: what to read, which rules run, output colour.
#[derive(Debug, clap::Args)]
pub struct Shared {
    /// Files or folders to read (folders: recursively, see --glob); `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Add a dictionary file: YAML, or TSV (`phrase<TAB>replacement`) for `.tsv`/`.txt`.
    /// Repeatable.
    #[arg(long = "dict", value_name = "PATH")]
    pub dicts: Vec<PathBuf>,
    /// Do not load the shipped default pack (`kdrama`); --pack still adds packs.
    #[arg(long)]
    pub no_default_dicts: bool,
    /// Also load a shipped pack, e.g. `science`. Repeatable.
    #[arg(long = "pack", value_name = "NAME")]
    pub packs: Vec<String>,
    /// Only run rules of this kind. Repeatable.
    #[arg(long = "kind", value_enum, value_name = "KIND")]
    pub kinds: Vec<KindArg>,
    /// Do not run the rule with this id (as shown in reports). Repeatable; an unknown id is
    /// an error.
    #[arg(long = "disable", value_name = "RULE")]
    pub disable: Vec<String>,
    /// Which rule tiers run: `auto` rules only; `score` adds `spun` rules in documents whose
    /// spin score says a spinner has been at them; `spun` runs them everywhere. `flag`
    /// rules are only ever reported.
    #[arg(long, value_enum, default_value_t = TierArg::Score)]
    pub tier: TierArg,
    /// Which files to read in folders (matched against the file name, or the path below the
    /// folder if the pattern has a `/`; `*`, `**`, `?`, `[a-z]`). Repeatable. Default:
    /// `*.txt`. Hidden files and folders are skipped; files named directly are always read.
    #[arg(long = "glob", value_name = "PATTERN")]
    pub globs: Vec<String>,
    /// When to colour diffs: `auto` colours when stdout is a terminal and NO_COLOR is not
    /// set.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
}

/// `--kind` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Canonical names and their variants.
    Names,
    /// Phrase repairs.
    Substitutions,
    /// Page furniture.
    Boilerplate,
}

impl KindArg {
    fn kind(self) -> Kind {
        match self {
            KindArg::Names => Kind::Names,
            KindArg::Substitutions => Kind::Substitutions,
            KindArg::Boilerplate => Kind::Boilerplate,
        }
    }
}

/// `--tier` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TierArg {
    /// `auto` rules only.
    Auto,
    /// `auto` rules, plus `spun` rules where the spin score is over the threshold.
    Score,
    /// `auto` and `spun` rules everywhere.
    Spun,
}

/// `--color` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorArg {
    /// Whether to colour stdout.
    pub fn enabled(self) -> bool {
        match self {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => {
                io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Runs the command line `args` (program name first) and returns the exit code
/// ([`crate::exit`]). Output goes to stdout, messages to stderr; a closed stdout (broken
/// pipe) ends the run quietly with code 0.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                exit::ERROR
            } else {
                exit::OK
            };
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = dispatch(cli.command, &mut out).and_then(|code| out.flush().map(|()| code));
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => {
            let _ = writeln!(
                io::stderr(),
                "unspin: cannot write output: {}",
                io_message(&e)
            );
            exit::ERROR
        }
    }
}

/// Runs one subcommand, writing its output to `out`. An `Err` is a failure to write the
/// output; every other failure is reported on stderr and turned into the exit code.
pub fn dispatch<W: Write>(command: Command, out: &mut W) -> io::Result<u8> {
    match command {
        Command::Fix(args) => fix::run(&args, out),
        Command::Check(args) => check::run(&args, out),
        Command::Diff(args) => diff::run(&args, out),
        Command::Dict(command) => dict::run(&command, out),
    }
}

/// The exit code so far, and the messages on stderr that led to it.
#[derive(Debug, Default)]
pub struct Status {
    code: u8,
}

impl Status {
    /// Reports an error (`unspin: MESSAGE`); the run will exit with [`exit::ERROR`].
    pub fn error(&mut self, message: impl fmt::Display) {
        let _ = writeln!(io::stderr(), "unspin: {message}");
        self.code = exit::worst(self.code, exit::ERROR);
    }

    /// Reports something worth knowing that is not an error (`unspin: note: MESSAGE`).
    pub fn note(&mut self, message: impl fmt::Display) {
        let _ = writeln!(io::stderr(), "unspin: note: {message}");
    }

    /// Records that changes were found.
    pub fn changes(&mut self) {
        self.code = exit::worst(self.code, exit::CHANGES);
    }

    /// The exit code.
    pub fn code(&self) -> u8 {
        self.code
    }
}

/// Prints every dictionary error as `file:line:column: message` on stderr.
/// `then` ends the closing message, e.g. `; nothing was changed`.
pub(crate) fn report_dict_errors(errors: &[DictError], then: &str, status: &mut Status) {
    let mut err = io::stderr().lock();
    for e in errors {
        let _ = writeln!(err, "{e}");
    }
    drop(err);
    let n = errors.len();
    status.error(format_args!(
        "{n} dictionary error{}{then}",
        if n == 1 { "" } else { "s" }
    ));
}

/// Loads the dictionaries `shared` selects and builds the engine, once per run. On failure
/// every problem is reported and `None` returned.
pub(crate) fn build_engine(shared: &Shared, status: &mut Status) -> Option<Engine> {
    let mut packs: Vec<String> = Vec::new();
    if !shared.no_default_dicts {
        packs.push(dictionary::embedded::DEFAULT_PACK.to_string());
    }
    for p in &shared.packs {
        if !packs.contains(p) {
            packs.push(p.clone());
        }
    }
    let selection = Selection {
        defaults: !packs.is_empty(),
        packs,
        paths: shared.dicts.clone(),
    };
    let mut rules = match dictionary::load(&selection) {
        Ok(rules) => rules,
        Err(errors) => {
            report_dict_errors(&errors, "; nothing was changed", status);
            return None;
        }
    };
    let known: BTreeSet<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    let unknown: Vec<&str> = shared
        .disable
        .iter()
        .map(String::as_str)
        .filter(|id| !known.contains(id))
        .collect();
    if !unknown.is_empty() {
        for id in unknown {
            status.error(format_args!("--disable {id}: no rule has this id"));
        }
        return None;
    }
    let kinds: Vec<Kind> = shared.kinds.iter().map(|k| k.kind()).collect();
    rules.retain(|r| {
        (kinds.is_empty() || kinds.contains(&r.kind)) && !shared.disable.contains(&r.id)
    });
    let options = Options {
        tier: match shared.tier {
            TierArg::Auto => TierMode::Auto,
            TierArg::Score => TierMode::Score,
            TierArg::Spun => TierMode::Spun,
        },
        ..Options::default()
    };
    match Engine::new(rules, options) {
        Ok(engine) => Some(engine),
        Err(e) => {
            status.error(e);
            None
        }
    }
}

/// The inputs `shared` names, or `None` (reported) when a `--glob` is malformed.
pub(crate) fn collect_inputs(shared: &Shared, status: &mut Status) -> Option<Vec<Input>> {
    match Globs::new(&shared.globs) {
        Ok(globs) => Some(inputs::collect(&shared.paths, &globs, status)),
        Err(e) => {
            status.error(e);
            None
        }
    }
}

/// What reading one input gave.
pub(crate) enum Read {
    /// A document, as UTF-8 text.
    Text(String),
    /// A binary file: its bytes, skipped with a note.
    Binary(Vec<u8>),
    /// Nothing usable; the error is reported.
    Failed,
}

/// Reads and decodes one input, reporting problems under its label.
pub(crate) fn read_input(input: &Input, status: &mut Status) -> Read {
    let label = input.label();
    let bytes = match input.read() {
        Ok(bytes) => bytes,
        Err(e) => {
            status.error(format_args!("{label}: cannot read: {}", io_message(&e)));
            return Read::Failed;
        }
    };
    match document::decode(&bytes) {
        Ok(_) => {
            Read::Text(String::from_utf8(bytes).expect("decode accepted these bytes as UTF-8"))
        }
        Err(e @ DecodeError::Binary { .. }) => {
            status.note(format_args!("{label}: skipped: {e}"));
            Read::Binary(bytes)
        }
        Err(e) => {
            status.error(format_args!("{label}: {e}; left untouched"));
            Read::Failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_subcommand_has_examples() {
        let mut cmd = Cli::command();
        cmd.build();
        let mut todo = vec![cmd];
        while let Some(c) = todo.pop() {
            if c.get_name() == "help" {
                continue;
            }
            if c.get_subcommands().next().is_none() {
                let help = c
                    .get_after_help()
                    .map(|h| h.to_string())
                    .unwrap_or_default();
                assert!(
                    help.contains("Examples:"),
                    "{} has no examples",
                    c.get_name()
                );
            }
            todo.extend(c.get_subcommands().cloned());
        }
    }
}
