//! The command line: clap definitions and one file per subcommand. No matching logic lives
//! here; subcommands read inputs, ask the [`crate::engine`] for edits, and hand them to
//! [`crate::report`] or [`crate::write`].
//!
//! - [`fix`]: repaired text on stdout, `--write` in place, `--check` as a diff.
//! - [`check`]: one line (or JSON record) per change, and a summary.
//! - [`diff`]: unified or word diff.
//! - [`dict`]: `dict lint` and `dict test` for dictionary authors.
//! - [`review`]: walk the changes one at a time; accepted ones are written, rejected ones
//!   remembered ([`crate::decisions`]).
//! - [`config`]: the settings in force ([`crate::settings`]) and where each came from.
//! - [`learn`]: candidate rules learned from garbled/fixed pairs, printed as YAML.
//! - [`suggest`]: name-shaped spans close to a known name, as candidate variants.
//! - [`inputs`]: files, folders and `-` → the documents to process.
//! - [`jsonl`]: `fix --jsonl`, one JSON record per line in, the same records repaired out.
//! - [`parallel`]: many inputs on `--jobs` threads, output in input order.
//! - [`progress`]: the progress bar on stderr.
//!
//! To add a subcommand: a file with its `Args` and `run`, a variant in [`Command`], an arm
//! in [`dispatch`]. If it loads dictionaries: [`DictArgs`] flattened into its `Args`, an
//! arm in `Command::settable` naming the flags `.unspin.yaml` supplies, and
//! `load_rules` to load them, so that it loads what every other subcommand loads.

pub mod check;
pub mod config;
pub mod dict;
pub mod diff;
pub mod fix;
pub mod inputs;
pub mod jsonl;
pub mod learn;
pub mod parallel;
pub mod progress;
pub mod review;
pub mod suggest;

use crate::decisions::{self, Store};
use crate::dictionary::{self, embedded, lint, Selection};
use crate::document::{self, DecodeError};
use crate::engine::{Engine, Options, Outcome, TierMode};
use crate::exit;
use crate::rule::{Kind, Rule};
use crate::settings::{self, Layer, Source, Sourced};
use clap::{Parser, Subcommand, ValueEnum};
use inputs::{io_message, Globs, Input};
use std::collections::{BTreeMap, BTreeSet};
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
  unspin review articles/                   accept or reject each change, one key each
  unspin config                             the settings in force (.unspin.yaml, flags)
  unspin dict lint my-rules.yaml            validate a dictionary

Exit codes:
  0  nothing to change (or every write done)
  1  changes found (check, fix --check, diff --exit-code) or failing examples (dict test)
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
    #[command(after_help = fix::AFTER_HELP, mut_arg("paths", |a| a.required(false)))]
    Fix(fix::Args),
    /// List every change: `path:line:col: before -> after [rule]`, then a summary.
    #[command(after_help = check::AFTER_HELP)]
    Check(check::Args),
    /// Show the changes as a unified diff (applies with `patch -p1` or `git apply`).
    #[command(after_help = diff::AFTER_HELP)]
    Diff(diff::Args),
    /// Dictionary tools: `dict lint` validates, `dict test` runs examples, `dict add` adds a
    /// rule or a name variant.
    #[command(subcommand)]
    Dict(dict::Command),
    /// Propose dictionary rules from garbled/fixed pairs (printed as YAML, never applied).
    #[command(after_help = learn::AFTER_HELP)]
    Learn(learn::Args),
    /// Propose name variants for spans close to a known name (printed, never applied).
    #[command(after_help = suggest::AFTER_HELP)]
    Suggest(suggest::Args),
    /// Walk the changes one at a time: accept, reject (remembered), or edit each.
    #[command(after_help = review::AFTER_HELP)]
    Review(review::Args),
    /// Print the settings in force (`.unspin.yaml`, flags, defaults) and where each came from.
    #[command(after_help = config::AFTER_HELP, mut_arg("paths", |a| a.required(false)))]
    Config(config::Args),
}

impl Command {
    /// The flags of a subcommand that project settings supply defaults for, if it reads
    /// them: every subcommand that loads dictionaries, except `dict lint`/`dict test` given
    /// files (those are checked on their own) and `config` (which shows the settings).
    fn settable(&mut self) -> Option<Settable<'_>> {
        match self {
            Command::Fix(args) => Some(args.shared.settable()),
            Command::Check(args) => Some(args.shared.settable()),
            Command::Diff(args) => Some(args.shared.settable()),
            Command::Review(args) => Some(args.shared.settable()),
            Command::Learn(args) => Some(Settable {
                dict: &mut args.dict,
                tier: None,
                globs: Some(&mut args.globs),
                decisions: None,
            }),
            Command::Suggest(args) => Some(Settable {
                dict: &mut args.dict,
                tier: Some(&mut args.tier),
                globs: Some(&mut args.globs),
                decisions: None,
            }),
            Command::Dict(dict::Command::Lint(args) | dict::Command::Test(args))
                if args.paths.is_empty() =>
            {
                Some(Settable {
                    dict: &mut args.dict,
                    tier: None,
                    globs: None,
                    decisions: None,
                })
            }
            Command::Dict(_) | Command::Config(_) => None,
        }
    }
}

/// Which dictionaries are loaded and which of their rules are left out, and where the
/// project settings come from: the flags of every subcommand that loads dictionaries (`fix`,
/// `check`, `diff`, `review`, `learn`, `suggest`, `dict lint`, `dict test`, and `config`).
/// A project's `.unspin.yaml` adds to them (`apply_settings`), as [`settings::merge`]
/// says: `--dict`, `--pack` and `--disable` add to the file's lists, `--no-default-dicts`
/// wins over `default_dicts`.
#[derive(Debug, Default, clap::Args)]
pub struct DictArgs {
    /// Add a dictionary file: YAML, or TSV (`phrase<TAB>replacement`) for `.tsv`/`.txt`; or a
    /// folder: its `*.yaml`, `*.yml` and `*.tsv` files (as `learn --into` writes them).
    /// Repeatable.
    #[arg(long = "dict", value_name = "PATH")]
    pub dicts: Vec<PathBuf>,
    /// Do not load the shipped default pack (`kdrama`); --pack still adds packs.
    #[arg(long)]
    pub no_default_dicts: bool,
    /// Also load a shipped pack, e.g. `science`. Repeatable.
    #[arg(long = "pack", value_name = "NAME")]
    pub packs: Vec<String>,
    /// Do not run the rule with this id (as shown in reports). Repeatable; an unknown id is
    /// an error.
    #[arg(long = "disable", value_name = "RULE")]
    pub disable: Vec<String>,
    /// Read project settings from this file instead of the nearest `.unspin.yaml` in the
    /// current folder or above.
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore `.unspin.yaml` files.
    #[arg(long)]
    pub no_config: bool,
    /// Where each `disable`d rule id came from, when it was not the command line (for
    /// error messages); filled in by `apply_settings`.
    #[arg(skip)]
    pub disable_sources: BTreeMap<String, String>,
}

impl DictArgs {
    /// The dictionaries to load: the default pack unless `no_default_dicts`, the `packs`,
    /// then the `dicts` files.
    fn selection(&self) -> Selection {
        let mut packs: Vec<String> = Vec::new();
        if !self.no_default_dicts {
            packs.push(dictionary::embedded::DEFAULT_PACK.to_string());
        }
        for p in &self.packs {
            if !packs.contains(p) {
                packs.push(p.clone());
            }
        }
        Selection {
            defaults: !packs.is_empty(),
            packs,
            paths: self.dicts.clone(),
        }
    }
}

/// Flags shared by `fix`, `check`, `diff`, `review` and `config`: what to read, which rules
/// run, output colour, decisions and settings. A project's `.unspin.yaml` supplies defaults
/// for several of them (see [`crate::settings`]); [`dispatch`] merges it in before a
/// subcommand runs.
#[derive(Debug, clap::Args)]
pub struct Shared {
    /// Files or folders to read (folders: recursively, see --glob); `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Which dictionaries are loaded, which rules are left out, which settings file is read.
    #[command(flatten)]
    pub dict: DictArgs,
    /// Only run rules of this kind. Repeatable.
    #[arg(long = "kind", value_enum, value_name = "KIND")]
    pub kinds: Vec<KindArg>,
    /// Which rule tiers run: `auto` rules only; `score` (the default) adds `spun` rules in
    /// documents whose spin score says a spinner has been at them; `spun` runs them
    /// everywhere. `flag` rules are only ever reported.
    #[arg(long, value_enum)]
    pub tier: Option<TierArg>,
    /// Which files to read in folders (matched against the file name, or the path below the
    /// folder if the pattern has a `/`; `*`, `**`, `?`, `[a-z]`). Repeatable. Default:
    /// `*.txt`. Hidden files and folders are skipped; files named directly are always read.
    #[arg(long = "glob", value_name = "PATTERN")]
    pub globs: Vec<String>,
    /// When to colour diffs: `auto` colours when stdout is a terminal and NO_COLOR is not
    /// set.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    /// Threads: files processed at once, and the threads matching the lines of a large file
    /// (over 256 KB). Default: the number of cores. Output is the same whatever the number.
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// No progress bar (one is shown on a terminal for runs over many files or a large
    /// input).
    #[arg(short, long)]
    pub quiet: bool,
    /// The decisions file: changes rejected in `review` and rules switched off there are
    /// not proposed again. Default: `.unspin/decisions.yaml` in the folder of the first input
    /// (or as `.unspin.yaml` says).
    #[arg(long, value_name = "PATH")]
    pub decisions: Option<PathBuf>,
}

impl Shared {
    /// Every setting applies to `fix`, `check`, `diff` and `review`.
    fn settable(&mut self) -> Settable<'_> {
        Settable {
            dict: &mut self.dict,
            tier: Some(&mut self.tier),
            globs: Some(&mut self.globs),
            decisions: Some(&mut self.decisions),
        }
    }

    /// What the command-line flags ask for, as a settings layer.
    pub(crate) fn command_line_layer(&self) -> Layer {
        command_line_layer(&self.dict, self.tier, &self.globs, self.decisions.as_ref())
    }
}

/// The flags of one subcommand that project settings supply defaults for. `None`: the
/// subcommand has no such flag and no use for the setting, which it then ignores.
pub(crate) struct Settable<'a> {
    /// The dictionary flags (`dicts`, `packs`, `default_dicts`, `disable`).
    pub dict: &'a mut DictArgs,
    /// `--tier` (`tier`).
    pub tier: Option<&'a mut Option<TierArg>>,
    /// `--glob` (`globs`).
    pub globs: Option<&'a mut Vec<String>>,
    /// `--decisions` (`decisions`).
    pub decisions: Option<&'a mut Option<PathBuf>>,
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

impl TierArg {
    fn mode(self) -> TierMode {
        match self {
            TierArg::Auto => TierMode::Auto,
            TierArg::Score => TierMode::Score,
            TierArg::Spun => TierMode::Spun,
        }
    }

    fn from_mode(mode: TierMode) -> TierArg {
        match mode {
            TierMode::Auto => TierArg::Auto,
            TierMode::Score => TierArg::Score,
            TierMode::Spun => TierArg::Spun,
        }
    }
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

/// Bytes of standard output buffered before a write call.
const OUTPUT_BUFFER: usize = 256 << 10;

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
    // A large buffer: `fix` streams whole corpora to stdout, and with the default 8 KiB a
    // 60 MB file took 8,488 write calls (232 now). Interactive output (`review`) flushes itself.
    let mut out = io::BufWriter::with_capacity(OUTPUT_BUFFER, stdout.lock());
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
///
/// Subcommands that load dictionaries get the project settings merged into their flags
/// first (`apply_settings`).
pub fn dispatch<W: Write>(mut command: Command, out: &mut W) -> io::Result<u8> {
    if let Some(flags) = command.settable() {
        let mut status = Status::default();
        if !apply_settings(flags, &mut status) {
            return Ok(status.code());
        }
    }
    match command {
        Command::Fix(args) => fix::run(&args, out),
        Command::Check(args) => check::run(&args, out),
        Command::Diff(args) => diff::run(&args, out),
        Command::Dict(command) => dict::run(&command, out),
        Command::Learn(args) => learn::run(&args, out),
        Command::Suggest(args) => suggest::run(&args, out),
        Command::Review(args) => review::run(&args, out),
        Command::Config(args) => config::run(&args, out),
    }
}

/// The settings file a run reads: `--config`, else the nearest `.unspin.yaml` at or above
/// the current folder; none with `--no-config`.
pub(crate) fn settings_file(dict: &DictArgs) -> Option<PathBuf> {
    if dict.no_config {
        return None;
    }
    if let Some(path) = &dict.config {
        return Some(path.clone());
    }
    std::env::current_dir()
        .ok()
        .and_then(|dir| settings::find(&dir))
}

/// What command-line flags ask for, as a settings layer: the dictionary flags `dict`, and
/// `--tier`, `--glob` and `--decisions` (left empty by subcommands without them).
fn command_line_layer(
    dict: &DictArgs,
    tier: Option<TierArg>,
    globs: &[String],
    decisions: Option<&PathBuf>,
) -> Layer {
    fn cli<T>(value: T) -> Sourced<T> {
        Sourced::new(value, Source::CommandLine)
    }
    Layer {
        dicts: dict.dicts.iter().cloned().map(cli).collect(),
        default_dicts: dict
            .no_default_dicts
            .then(|| Sourced::new(false, Source::CommandLine)),
        packs: dict.packs.iter().cloned().map(cli).collect(),
        disable: dict.disable.iter().cloned().map(cli).collect(),
        tier: tier.map(|t| Sourced::new(t.mode(), Source::CommandLine)),
        globs: globs.iter().cloned().map(cli).collect(),
        decisions: decisions.cloned().map(cli),
    }
}

/// The settings file `dict` selects (if any) and the settings in force: the file's layer
/// merged with the command line's `cli` ([`settings::merge`]). `None` (reported) when the
/// file cannot be read.
pub(crate) fn resolve_settings(
    dict: &DictArgs,
    cli: Layer,
    status: &mut Status,
) -> Option<(Option<PathBuf>, Layer)> {
    let file = settings_file(dict);
    let from_file = match &file {
        Some(path) => match settings::load(path) {
            Ok(layer) => layer,
            Err(e) => {
                status.error(format_args!("{e}; nothing was changed"));
                return None;
            }
        },
        None => Layer::default(),
    };
    let merged = settings::merge(from_file, cli);
    Some((file, merged))
}

/// Merges the project settings into a subcommand's flags, so that it sees one set of flags
/// and loads dictionaries as every other subcommand does. Settings the subcommand has no
/// flag for are left out. Returns false (reported) when the settings file cannot be read.
pub(crate) fn apply_settings(flags: Settable<'_>, status: &mut Status) -> bool {
    let cli = command_line_layer(
        flags.dict,
        flags.tier.as_ref().and_then(|t| **t),
        flags.globs.as_deref().map_or(&[], Vec::as_slice),
        flags.decisions.as_ref().and_then(|d| d.as_ref()),
    );
    let Some((_, merged)) = resolve_settings(flags.dict, cli, status) else {
        return false;
    };
    fn values<T>(list: Vec<Sourced<T>>) -> Vec<T> {
        list.into_iter().map(|s| s.value).collect()
    }
    let dict = flags.dict;
    dict.disable_sources = merged
        .disable
        .iter()
        .filter(|s| s.source != Source::CommandLine)
        .map(|s| (s.value.clone(), s.source.to_string()))
        .collect();
    dict.dicts = values(merged.dicts);
    dict.no_default_dicts = merged.default_dicts.is_some_and(|d| !d.value);
    dict.packs = values(merged.packs);
    dict.disable = values(merged.disable);
    if let Some(tier) = flags.tier {
        *tier = merged.tier.map(|t| TierArg::from_mode(t.value));
    }
    if let Some(globs) = flags.globs {
        *globs = values(merged.globs);
    }
    if let Some(decisions) = flags.decisions {
        *decisions = merged.decisions.map(|d| d.value);
    }
    true
}

/// The decisions file `shared` selects: `--decisions` (or the settings' `decisions`), else
/// [`decisions::DEFAULT_FILE`] in the folder of the first input.
pub(crate) fn decisions_path(shared: &Shared) -> PathBuf {
    shared
        .decisions
        .clone()
        .unwrap_or_else(|| decisions::default_path(shared.paths.first().map(PathBuf::as_path)))
}

/// Opens the decisions file of the run; `None` (reported) when it cannot be read, since
/// running without it would propose (or apply) changes a reviewer rejected.
pub(crate) fn open_decisions(shared: &Shared, status: &mut Status) -> Option<Store> {
    match Store::open(&decisions_path(shared)) {
        Ok(store) => Some(store),
        Err(e) => {
            status.error(format_args!("{e}; nothing was changed"));
            None
        }
    }
}

/// Drops from `outcome` the edits the decisions file suppresses in `input`; returns how
/// many.
pub(crate) fn suppress(
    store: &Store,
    input: &Input,
    haystack: &str,
    outcome: &mut Outcome,
    rules: &[Rule],
) -> usize {
    if store.decisions.is_empty() || outcome.edits.is_empty() {
        return 0;
    }
    let scope = match input {
        Input::File(path) => Some(store.scope(path)),
        Input::Stdin => None,
    };
    let edits = std::mem::take(&mut outcome.edits);
    let (kept, dropped) =
        decisions::filter(haystack, edits, rules, &store.decisions, scope.as_deref());
    outcome.edits = kept;
    dropped
}

/// Notes on stderr how many changes the decisions file suppressed, if any.
pub(crate) fn note_suppressed(store: &Store, suppressed: usize, status: &mut Status) {
    if suppressed > 0 {
        status.note(format_args!(
            "{suppressed} change{} suppressed by decisions in {}",
            if suppressed == 1 { "" } else { "s" },
            store.path.display()
        ));
    }
}

/// The exit code so far, and the messages on stderr that led to it.
#[derive(Debug, Default)]
pub struct Status {
    code: u8,
    /// Messages kept back instead of printed (see [`Status::deferred`]).
    deferred: Option<Vec<String>>,
}

impl Status {
    /// A status that keeps its messages until [`Status::replay`]: a worker thread's, so
    /// that stderr reads the same whatever the number of threads.
    pub fn deferred() -> Status {
        Status {
            code: 0,
            deferred: Some(Vec::new()),
        }
    }

    /// Prints the messages of `other` (or keeps them, if this status is deferred too) and
    /// takes on its exit code.
    pub fn replay(&mut self, other: Status) {
        for message in other.deferred.unwrap_or_default() {
            self.say(message);
        }
        self.code = exit::worst(self.code, other.code);
    }

    fn say(&mut self, line: String) {
        match &mut self.deferred {
            Some(kept) => kept.push(line),
            None => {
                let _ = writeln!(io::stderr(), "{line}");
            }
        }
    }

    /// Reports an error (`unspin: MESSAGE`); the run will exit with [`exit::ERROR`].
    pub fn error(&mut self, message: impl fmt::Display) {
        self.say(format!("unspin: {message}"));
        self.code = exit::worst(self.code, exit::ERROR);
    }

    /// Reports something worth knowing that is not an error (`unspin: note: MESSAGE`).
    pub fn note(&mut self, message: impl fmt::Display) {
        self.say(format!("unspin: note: {message}"));
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

/// Prints every dictionary error ([`dictionary::DictError`], or a [`lint::Diagnostic`]) as
/// `file:line:column: message` on stderr. `then` ends the closing message, e.g.
/// `; nothing was changed`.
pub(crate) fn report_dict_errors<E: fmt::Display>(errors: &[E], then: &str, status: &mut Status) {
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

/// Loads the dictionaries `dict` selects, without its disabled rules (an unknown id is an
/// error, named with where it came from). `then` ends the closing error message, e.g.
/// `; nothing was changed`. On failure every problem is reported and `None` returned.
///
/// Every subcommand that loads dictionaries loads them here, so that they all see the same
/// rules for the same flags and settings.
pub(crate) fn load_rules(dict: &DictArgs, then: &str, status: &mut Status) -> Option<Vec<Rule>> {
    let mut rules = match dictionary::load(&dict.selection()) {
        Ok(rules) => rules,
        Err(errors) => {
            report_dict_errors(&errors, then, status);
            return None;
        }
    };
    if dict.disable.is_empty() {
        return Some(rules);
    }
    let known: BTreeSet<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    let unknown: Vec<&str> = dict
        .disable
        .iter()
        .map(String::as_str)
        .filter(|id| !known.contains(id))
        .collect();
    if !unknown.is_empty() {
        for id in unknown {
            match dict.disable_sources.get(id) {
                Some(place) => {
                    status.error(format_args!("{place}: disable {id}: no rule has this id"))
                }
                None => status.error(format_args!("--disable {id}: no rule has this id")),
            }
        }
        return None;
    }
    rules.retain(|r| !dict.disable.contains(&r.id));
    Some(rules)
}

/// The engine for `rules` with `tier` (default [`TierMode::Score`]); `None` (reported) if
/// it cannot be built.
pub(crate) fn new_engine(
    rules: Vec<Rule>,
    tier: Option<TierArg>,
    status: &mut Status,
) -> Option<Engine> {
    let options = Options {
        tier: tier.map_or(TierMode::Score, TierArg::mode),
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

/// Loads the dictionaries `shared` selects ([`load_rules`]), keeps the `--kind`s asked for,
/// and builds the engine, once per run. On failure every problem is reported and `None`
/// returned.
///
/// Refuses rules that would rewrite their own output on a second run (a replacement another
/// rule rewrites, a cycle: [`lint::refusals`]), with the lines `dict lint` gives for them.
/// The packs lint clean among themselves, so only what the project's rules (`--dict`,
/// `dicts`) bring is looked for: their texts rewritten by any rule, and a pack's texts
/// rewritten by theirs.
///
/// The engine lives until the process exits and is never freed: a run builds one, and
/// freeing its tens of thousands of phrases and names took longer (about 4 ms) than fixing
/// a short article; the operating system takes the memory back at exit anyway.
pub(crate) fn build_engine(shared: &Shared, status: &mut Status) -> Option<&'static Engine> {
    const THEN: &str = "; nothing was changed";
    let mut rules = load_rules(&shared.dict, THEN, status)?;
    let kinds: Vec<Kind> = shared.kinds.iter().map(|k| k.kind()).collect();
    rules.retain(|r| kinds.is_empty() || kinds.contains(&r.kind));
    let engine = new_engine(rules, shared.tier, status)?;
    let refused = lint::refusals(&engine, |r| embedded::is_embedded(&r.origin.file));
    if !refused.is_empty() {
        report_dict_errors(&refused, THEN, status);
        return None;
    }
    Some(Box::leak(Box::new(engine)))
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
