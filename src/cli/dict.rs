//! `unspin dict`: tools for dictionary authors. `dict lint` validates dictionaries;
//! `dict test` runs the examples written in them; `dict add` adds a rule or a name variant
//! to a file, keeping its comments and order ([`crate::dictionary::add`]).

use super::{load_rules, report_dict_errors, DictArgs, Status};
use crate::dictionary::add::{self, Addition, Substitution};
use crate::dictionary::{self, embedded, examples, lint, Selection};
use crate::exit;
use crate::rule::{CasePolicy, Example, NameCategory, Rule, Tier};
use clap::ValueEnum;
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::PathBuf;

const LINT_HELP: &str = "\
Checks the schema, duplicate and conflicting phrases, replacements another rule would
change again (not idempotent), and common English words used as phrases without a guard
(a warning). Every problem is printed as `file:line:column: message`.

What is linted:
  PATH...    those files, on their own: no pack, no .unspin.yaml, so the answer does not
             depend on the folder it is run in.
  no PATH    the project's dictionaries (`dicts` in .unspin.yaml, and --dict), loaded as fix
             loads them: beside the default pack (unless `default_dicts: false` or
             --no-default-dicts) and the `packs` (and --pack), without the `disable`d rules,
             so that conflicts with the packs show. Problems of the project's rules are
             listed, and every error; the packs' own warnings are only counted.
             With no project dictionary: every shipped pack.

Examples:
  unspin dict lint                      the project's dictionaries (or every shipped pack)
  unspin dict lint my-rules.yaml        lint one file (and nothing else)
  unspin dict lint --dict my-rules.yaml lint it beside the default pack, as fix loads it
  unspin dict lint --no-config          every shipped pack, whatever .unspin.yaml says

Exit codes: 0 no errors (warnings alone are fine); 2 errors.";

const TEST_HELP: &str = "\
Runs every rule's `examples` (input must give output) and `must_not_change` sentences
through the full engine built from the same dictionaries, and prints each failure with the
rule's file:line, then `N examples passed, M failed`.

What is tested:
  PATH...    those files' rules, on their own: no pack, no .unspin.yaml.
  no PATH    the rules of the project's dictionaries (`dicts` in .unspin.yaml, and --dict),
             through the engine fix would build: with the default pack (unless
             `default_dicts: false` or --no-default-dicts), the `packs` (and --pack), and
             without the `disable`d rules (and --disable). Only the project's examples run.
             With no project dictionary: every shipped pack.

Examples:
  unspin dict test                      the project's dictionaries (or every shipped pack)
  unspin dict test my-rules.yaml        test one file's rules on their own
  unspin dict test --dict my-rules.yaml test them beside the default pack, as fix runs them
  unspin dict test --no-config          every shipped pack, whatever .unspin.yaml says

Exit codes: 0 all examples pass; 1 some fail; 2 a dictionary does not load.";

const ADD_HELP: &str = "\
Edits the file's text, not a re-serialized copy: comments, blank lines and the order of
rules stay byte for byte; the new rule goes at the end of the `rules:` list in the file's
indentation, a variant into the name's `variants:` list (added if missing). The result must
load, a given example must hold with the file's rules, and a phrase or variant already in
the file is refused; then the file is replaced atomically. TSV lists get a line.

Examples:
  unspin dict add names.yaml --name \"Yang Hye Ji\" --variant \"Yan Hye Ji\"
  unspin dict add names.yaml --name \"Park So Dam\"                 a new name
  unspin dict add spun.yaml --find \"the 2 actors\" --replace \"the two actors\"
  unspin dict add spun.yaml --find \"however\" --replace \"but\" --tier spun \\
      --example-input \"Good, however short.\" --example-output \"Good, but short.\"

Exit codes: 0 added; 2 refused (duplicate, wrong kind, would not load) or error.";

/// `unspin dict` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Validate dictionaries: the files given, else the project's, else the shipped packs.
    #[command(after_help = LINT_HELP)]
    Lint(CheckArgs),
    /// Run the examples of dictionaries: the files given, else the project's, else the
    /// shipped packs.
    #[command(after_help = TEST_HELP)]
    Test(CheckArgs),
    /// Add a name variant, a name, or a substitution rule to a dictionary file.
    #[command(after_help = ADD_HELP)]
    Add(AddArgs),
}

/// Arguments of `unspin dict add`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["name", "find"])))]
pub struct AddArgs {
    /// The dictionary file to edit (YAML, or TSV for `.tsv`/`.txt`); it must exist.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// A canonical name: --variant goes into its entry, or a new entry is added.
    #[arg(long, value_name = "NAME", conflicts_with = "find")]
    pub name: Option<String>,
    /// A variant of --name. Repeatable.
    #[arg(long = "variant", value_name = "TEXT", requires = "name")]
    pub variants: Vec<String>,
    /// The category of a new name.
    #[arg(long, value_enum, requires = "name")]
    pub category: Option<CategoryArg>,
    /// A phrase to find. Repeatable (one rule, several phrases).
    #[arg(long = "find", value_name = "PHRASE", requires = "replace")]
    pub find: Vec<String>,
    /// What the phrases become (may be empty).
    #[arg(long, value_name = "TEXT", requires = "find")]
    pub replace: Option<String>,
    /// The rule's tier (default `auto`).
    #[arg(long, value_enum, requires = "find")]
    pub tier: Option<RuleTierArg>,
    /// The rule's case policy (default `shape`).
    #[arg(long, value_enum, requires = "find")]
    pub case: Option<CaseArg>,
    /// The rule's id (default: file stem and the first phrase).
    #[arg(long, value_name = "ID", requires = "find")]
    pub id: Option<String>,
    /// A note on the rule.
    #[arg(long, value_name = "TEXT", requires = "find")]
    pub note: Option<String>,
    /// An example input; checked before anything is written.
    #[arg(long, value_name = "TEXT", requires_all = ["find", "example_output"])]
    pub example_input: Option<String>,
    /// What the example input must become.
    #[arg(long, value_name = "TEXT", requires = "example_input")]
    pub example_output: Option<String>,
}

/// `dict add --category` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CategoryArg {
    /// A person (the default).
    Person,
    /// A group or band.
    Group,
    /// A drama, film or song title.
    Title,
}

/// `dict add --tier` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RuleTierArg {
    /// Applied everywhere.
    Auto,
    /// Applied in spun documents only.
    Spun,
    /// Reported, never applied.
    Flag,
}

/// `dict add --case` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CaseArg {
    /// Carry the match's case shape to the replacement.
    Shape,
    /// Match only the phrase's exact case.
    Exact,
    /// Write the replacement exactly as given.
    Verbatim,
}

impl AddArgs {
    fn addition(&self) -> Addition {
        match &self.name {
            Some(name) => Addition::Name {
                name: name.clone(),
                variants: self.variants.clone(),
                category: self.category.map(|c| match c {
                    CategoryArg::Person => NameCategory::Person,
                    CategoryArg::Group => NameCategory::Group,
                    CategoryArg::Title => NameCategory::Title,
                }),
            },
            None => Addition::Substitution(Substitution {
                find: self.find.clone(),
                replace: self.replace.clone().unwrap_or_default(),
                id: self.id.clone(),
                tier: self.tier.map(|t| match t {
                    RuleTierArg::Auto => Tier::Auto,
                    RuleTierArg::Spun => Tier::Spun,
                    RuleTierArg::Flag => Tier::Flag,
                }),
                case: self.case.map(|c| match c {
                    CaseArg::Shape => CasePolicy::Shape,
                    CaseArg::Exact => CasePolicy::Exact,
                    CaseArg::Verbatim => CasePolicy::Verbatim,
                }),
                examples: match (&self.example_input, &self.example_output) {
                    (Some(input), Some(output)) => vec![Example {
                        input: input.clone(),
                        output: output.clone(),
                    }],
                    _ => Vec::new(),
                },
                note: self.note.clone(),
            }),
        }
    }
}

/// Arguments of `dict lint` and `dict test`: files to check on their own, or the project's
/// dictionaries as `fix` would load them.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Dictionary files (YAML, or TSV for `.tsv`/`.txt`), checked on their own: no pack and
    /// no `.unspin.yaml` is loaded. None: the project's dictionaries (see below), or every
    /// shipped pack.
    #[arg(
        value_name = "PATH",
        conflicts_with_all = ["dicts", "no_default_dicts", "packs", "disable", "config", "no_config"]
    )]
    pub paths: Vec<PathBuf>,
    /// Without PATHs: the project's dictionaries and what they are loaded beside, as for
    /// `fix` (`.unspin.yaml`'s `dicts`, `packs`, `default_dicts` and `disable`, and these
    /// flags).
    #[command(flatten)]
    pub dict: DictArgs,
}

/// What `dict lint` and `dict test` check.
struct Loaded {
    /// Every rule loaded.
    rules: Vec<Rule>,
    /// The project's dictionary files, when the rules are theirs loaded beside the packs:
    /// only these files' rules are reported on. `None`: every rule is.
    project: Option<BTreeSet<String>>,
}

impl Loaded {
    /// Whether the command reports on the rules of `file` (a rule's origin file).
    fn reports(&self, file: &str) -> bool {
        self.project
            .as_ref()
            .is_none_or(|files| files.contains(file))
    }
}

/// Loads what `dict lint`/`dict test` check (the project settings are already merged into
/// `args.dict`): PATHs on their own; else the project's dictionaries beside the packs, as
/// `fix` loads them; else every shipped pack. `None` when something does not load
/// (reported).
fn load(args: &CheckArgs, status: &mut Status) -> Option<Loaded> {
    let plain = |selection: Selection, status: &mut Status| match dictionary::load(&selection) {
        Ok(rules) => Some(Loaded {
            rules,
            project: None,
        }),
        Err(errors) => {
            report_dict_errors(&errors, "", status);
            None
        }
    };
    if !args.paths.is_empty() {
        return plain(
            Selection {
                defaults: false,
                packs: Vec::new(),
                paths: args.paths.clone(),
            },
            status,
        );
    }
    let dict = &args.dict;
    if dict.dicts.is_empty() {
        if dict.no_default_dicts || !dict.packs.is_empty() || !dict.disable.is_empty() {
            status.note(
                "no project dictionary (`dicts` in .unspin.yaml, or --dict): checking every \
                 shipped pack as shipped",
            );
        }
        let packs = embedded::pack_names()
            .into_iter()
            .map(|p| p.to_string())
            .collect();
        return plain(
            Selection {
                defaults: true,
                packs,
                paths: Vec::new(),
            },
            status,
        );
    }
    let rules = load_rules(dict, "", status)?;
    let project: BTreeSet<String> = dict.dicts.iter().map(|p| p.display().to_string()).collect();
    let own = rules
        .iter()
        .filter(|r| project.contains(&*r.origin.file))
        .count();
    let files: Vec<&str> = project.iter().map(String::as_str).collect();
    status.note(format_args!(
        "checking {own} rule{} of {} ({} more loaded beside them)",
        plural(own),
        files.join(", "),
        rules.len() - own
    ));
    Some(Loaded {
        rules,
        project: Some(project),
    })
}

/// Runs `unspin dict ...`.
pub fn run<W: Write>(command: &Command, out: &mut W) -> io::Result<u8> {
    match command {
        Command::Lint(args) => run_lint(args, out),
        Command::Test(args) => run_test(args, out),
        Command::Add(args) => run_add(args, out),
    }
}

fn run_add<W: Write>(args: &AddArgs, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let path = &args.file;
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            status.error(format_args!(
                "{name}: cannot read: {}",
                super::inputs::io_message(&e)
            ));
            return Ok(status.code());
        }
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        status.error(format_args!("{name}: not UTF-8; nothing was written"));
        return Ok(status.code());
    };
    match add::add(&name, text, &args.addition()) {
        Ok(added) => {
            if let Err(e) = crate::write::atomic(path, added.text.as_bytes()) {
                status.error(format_args!(
                    "{name}: cannot write: {}; left untouched",
                    super::inputs::io_message(&e)
                ));
                return Ok(status.code());
            }
            for line in &added.done {
                writeln!(out, "{name}: {line}")?;
            }
        }
        Err(e) => {
            if !e.errors.is_empty() {
                report_dict_errors(&e.errors, "", &mut status);
            }
            status.error(format_args!("{name}: {}", e.message));
        }
    }
    Ok(status.code())
}

fn run_lint<W: Write>(args: &CheckArgs, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let Some(loaded) = load(args, &mut status) else {
        return Ok(status.code());
    };
    let diagnostics = lint::lint(&loaded.rules);
    // A pack lints clean of errors on its own, so an error about a pack rule comes from the
    // project's dictionaries beside it: listed. The packs' own warnings are only counted.
    let (shown, hidden): (Vec<_>, Vec<_>) = diagnostics
        .iter()
        .partition(|d| d.severity == lint::Severity::Error || loaded.reports(&d.origin.file));
    let mut errors = 0;
    for d in &shown {
        if d.severity == lint::Severity::Error {
            errors += 1;
        }
        writeln!(out, "{d}")?;
    }
    let warnings = shown.len() - errors;
    let counted = match &loaded.project {
        None => format!("{} rules", loaded.rules.len()),
        Some(_) => {
            let own = loaded
                .rules
                .iter()
                .filter(|r| loaded.reports(&r.origin.file))
                .count();
            format!("{own} project rule{}", plural(own))
        }
    };
    writeln!(
        out,
        "{counted}: {errors} error{}, {warnings} warning{}",
        plural(errors),
        plural(warnings)
    )?;
    if !hidden.is_empty() {
        status.note(format_args!(
            "{} warning{} about the packs' own rules not shown (`unspin dict lint --no-config` \
             lints the packs)",
            hidden.len(),
            plural(hidden.len())
        ));
    }
    Ok(if errors > 0 { exit::ERROR } else { exit::OK })
}

fn run_test<W: Write>(args: &CheckArgs, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let Some(loaded) = load(args, &mut status) else {
        return Ok(status.code());
    };
    let failures = examples::run(&loaded.rules);
    if let Some(f) = failures.iter().find(|f| f.check == examples::Check::Engine) {
        writeln!(out, "{f}")?;
        status.error("no engine could be built from these dictionaries; no example was run");
        return Ok(status.code());
    }
    let failures: Vec<_> = failures
        .iter()
        .filter(|f| loaded.reports(&f.origin.file))
        .collect();
    for f in &failures {
        writeln!(out, "{f}")?;
    }
    // `examples` entries and `must_not_change` sentences both count as examples.
    let checked: Vec<Rule> = loaded
        .rules
        .iter()
        .filter(|r| loaded.reports(&r.origin.file))
        .cloned()
        .collect();
    let stats = examples::ExampleStats::of(&checked);
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
