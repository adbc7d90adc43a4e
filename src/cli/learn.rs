//! `unspin learn`: candidate rules from pairs of garbled and fixed documents, printed as YAML
//! or appended to a dictionary with `--into` (see [`crate::learn`]).

use super::inputs::{self, io_message, Globs, Input};
use super::{load_rules, report_dict_errors, DictArgs, KindArg, Status};
use crate::dictionary::{self, yaml::text as yaml_text};
use crate::document;
use crate::learn::{self, Candidate, Learned, Pair};
use crate::rule::Kind;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub(crate) const AFTER_HELP: &str = "\
Aligns each pair word by word, turns every changed span into a candidate rule (names as
names; common words with a word of context on each side; furniture lines as boilerplate),
merges candidates seen several times (`# support: N`), drops those the loaded dictionaries
already make and those that would change a fixed text, and prints YAML with an example from
the pair for each. Nothing is applied: review the YAML, then append it.

The output holds one YAML document per kind (names, substitutions, boilerplate), separated
by `---`; --kind prints one. --into FILE appends the candidates of FILE's kind to FILE (the
others are skipped and counted); --into FOLDER/ writes or extends learned-<kind>.yaml there.
Either way the edited file must still load, or nothing is written.

The dictionaries in use are those fix would load: the default pack, --pack and --dict, with
the project's .unspin.yaml adding its `dicts` and `packs`, and `default_dicts` and `disable`
applied (--disable adds to the file's list; --no-config ignores the file). Its `globs`
choose the files read in two folders, unless --glob is given.

Examples:
  unspin learn garbled.txt fixed.txt
  unspin learn garbled/ fixed/ --kind names             two folders of same-named files
  unspin learn fixtures/seeds/                          NNN.garbled.txt + NNN.expected.txt
  unspin learn --no-default-dicts old.txt new.txt --into my-rules/
  unspin learn a.txt b.txt --into dictionaries/mine/spun.yaml

Exit codes: 0 done (with or without candidates); 2 error (unreadable input, a dictionary
or the edited file does not load).";

/// Arguments of `unspin learn`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The garbled file, or a folder of them. Alone, a folder of pairs: `NAME.garbled.txt`
    /// with `NAME.expected.txt` (or `NAME.fixed.txt`), or `NAME/garbled.txt` with
    /// `NAME/original.txt` (or `expected.txt`, `fixed.txt`).
    #[arg(value_name = "GARBLED")]
    pub garbled: PathBuf,
    /// The fixed file, or a folder holding fixed files under the same names as GARBLED's.
    #[arg(value_name = "FIXED")]
    pub fixed: Option<PathBuf>,
    /// Append the candidates to this dictionary file (only those of its kind), or write
    /// them to `learned-<kind>.yaml` files in this folder (an existing folder, or a path
    /// ending in `/`). Nothing is written unless every edited file still loads.
    #[arg(long, value_name = "PATH")]
    pub into: Option<PathBuf>,
    /// Only candidates of this kind.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<KindArg>,
    /// Only candidates seen at least this many times.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_support: usize,
    /// List every dropped candidate, and why, on stderr.
    #[arg(long)]
    pub show_dropped: bool,
    /// Which files to read in GARBLED and FIXED folders (default `*.txt`, or `globs` in
    /// `.unspin.yaml`; see `unspin fix --help`). Repeatable.
    #[arg(long = "glob", value_name = "PATTERN")]
    pub globs: Vec<String>,
    /// The dictionaries already in use, as for `fix` (with `.unspin.yaml`'s `dicts`,
    /// `packs`, `default_dicts` and `disable`): their names count as known, and candidates
    /// they already make are dropped.
    #[command(flatten)]
    pub dict: DictArgs,
}

/// Runs `unspin learn`.
pub fn run<W: Write>(args: &Args, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let Some(pairs) = read_pairs(args, &mut status) else {
        return Ok(status.code());
    };
    if pairs.is_empty() {
        status.error("no pairs to learn from");
        return Ok(status.code());
    }
    let Some(rules) = load_rules(&args.dict, "", &mut status) else {
        return Ok(status.code());
    };
    let mut learned = learn::learn(&pairs, &rules);
    for (name, share) in learned.pairs.iter().zip(&learned.aligned) {
        if *share < 0.5 {
            status.note(format_args!(
                "{name}: only {:.0}% of the fixed text's words align with the garbled text; \
                 are these the same article?",
                share * 100.0
            ));
        }
    }
    let only = args.kind.map(KindArg::kind);
    let before = learned.candidates.len();
    learned
        .candidates
        .retain(|c| c.support >= args.min_support && only.is_none_or(|k| c.proposal.kind() == k));
    let filtered = before - learned.candidates.len();
    report_summary(&learned, filtered, args.show_dropped, &mut status);
    match &args.into {
        None => out.write_all(learn::render(&learned, only).as_bytes())?,
        Some(path) => write_into(path, &learned, only, &mut status),
    }
    Ok(status.code())
}

fn report_summary(learned: &Learned, filtered: usize, show: bool, status: &mut Status) {
    let mut by_reason: Vec<(String, usize)> = Vec::new();
    for d in &learned.dropped {
        let label = match &d.reason {
            learn::DropReason::AlreadyProduced => "already made by the loaded dictionaries",
            learn::DropReason::ChangesFixedText(..) => "would change a fixed text",
            learn::DropReason::Conflict(_) => "conflict with a better-supported candidate",
            learn::DropReason::ExampleFails(_) => "example does not hold",
            learn::DropReason::SpansLines => "spans a line break",
            learn::DropReason::Invalid(_) => "does not load",
        };
        match by_reason.iter_mut().find(|(l, _)| l == label) {
            Some((_, n)) => *n += 1,
            None => by_reason.push((label.to_string(), 1)),
        }
    }
    let mut parts: Vec<String> = by_reason.iter().map(|(l, n)| format!("{n} {l}")).collect();
    if filtered > 0 {
        parts.push(format!("{filtered} left out by --kind/--min-support"));
    }
    let n = learned.candidates.len();
    status.note(format_args!(
        "{n} candidate{} from {} pair{}{}",
        if n == 1 { "" } else { "s" },
        learned.pairs.len(),
        if learned.pairs.len() == 1 { "" } else { "s" },
        if parts.is_empty() {
            String::new()
        } else {
            format!("; dropped: {}", parts.join(", "))
        }
    ));
    if show {
        for d in &learned.dropped {
            let what = describe(&d.candidate);
            let at = d
                .candidate
                .seen
                .first()
                .map(|s| format!("{}:{}: ", s.pair, s.line))
                .unwrap_or_default();
            status.note(format_args!("{at}dropped {what}: {}", d.reason));
        }
    }
}

fn describe(c: &Candidate) -> String {
    match &c.proposal {
        learn::Proposal::Substitution { find, replace, .. } => {
            format!("`{find}` -> `{replace}`")
        }
        learn::Proposal::Name {
            canonical,
            variants,
            ..
        } => match variants.first() {
            Some(v) => format!("name `{canonical}` (variant `{v}`)"),
            None => format!("name `{canonical}`"),
        },
        learn::Proposal::CutFrom { marker } => format!("cut_from `{marker}`"),
        learn::Proposal::RemoveLine { line } => format!("remove_line `{line}`"),
        learn::Proposal::StripPrefix { pattern } => format!("strip_prefix `{pattern}`"),
    }
}

// --- reading pairs ---------------------------------------------------------------------------

fn read_text(path: &Path, status: &mut Status) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            status.error(format_args!(
                "{}: cannot read: {}",
                path.display(),
                io_message(&e)
            ));
            return None;
        }
    };
    match document::decode(&bytes) {
        Ok(text) => Some(text.to_string()),
        Err(e) => {
            status.error(format_args!("{}: {e}", path.display()));
            None
        }
    }
}

fn pair(name: String, garbled: &Path, fixed: &Path, status: &mut Status) -> Option<Pair> {
    let g = read_text(garbled, status)?;
    let f = read_text(fixed, status)?;
    Some(Pair {
        name,
        garbled: g,
        fixed: f,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The pairs the arguments name, or `None` when an input cannot be read (reported).
fn read_pairs(args: &Args, status: &mut Status) -> Option<Vec<Pair>> {
    let g = &args.garbled;
    let mut pairs = Vec::new();
    match &args.fixed {
        Some(f) if g.is_dir() && f.is_dir() => {
            let globs = match Globs::new(&args.globs) {
                Ok(globs) => globs,
                Err(e) => {
                    status.error(e);
                    return None;
                }
            };
            for input in inputs::collect(std::slice::from_ref(g), &globs, status) {
                let Input::File(path) = input else { continue };
                let relative = path.strip_prefix(g).unwrap_or(&path);
                let fixed = f.join(relative);
                if !fixed.is_file() {
                    status.note(format_args!(
                        "{}: no fixed file {}; skipped",
                        path.display(),
                        fixed.display()
                    ));
                    continue;
                }
                pairs.push(pair(relative.display().to_string(), &path, &fixed, status)?);
            }
        }
        Some(f) if g.is_dir() || f.is_dir() => {
            status.error("give two files or two folders");
            return None;
        }
        Some(f) => pairs.push(pair(file_name(g), g, f, status)?),
        None if g.is_dir() => pairs = seed_pairs(g, status)?,
        None => {
            status.error(format_args!(
                "{}: give the fixed file too (`unspin learn GARBLED FIXED`), or a folder of \
                 pairs",
                g.display()
            ));
            return None;
        }
    }
    Some(pairs)
}

/// `NAME.garbled.txt` + `NAME.expected.txt` (or `.fixed.txt`) files, and `NAME/garbled.txt`
/// + `NAME/original.txt` (or `expected.txt`, `fixed.txt`) folders, sorted by name.
fn seed_pairs(dir: &Path, status: &mut Status) -> Option<Vec<Pair>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            status.error(format_args!("{}: {}", dir.display(), io_message(&e)));
            return None;
        }
    };
    let mut names: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    let mut pairs = Vec::new();
    for path in names {
        let name = file_name(&path);
        if path.is_dir() {
            let garbled = path.join("garbled.txt");
            let fixed = ["original.txt", "expected.txt", "fixed.txt"]
                .iter()
                .map(|f| path.join(f))
                .find(|p| p.is_file());
            if let (true, Some(fixed)) = (garbled.is_file(), fixed) {
                pairs.push(pair(name, &garbled, &fixed, status)?);
            }
        } else if let Some(stem) = name.strip_suffix(".garbled.txt") {
            let fixed = ["expected", "fixed"]
                .iter()
                .map(|f| dir.join(format!("{stem}.{f}.txt")))
                .find(|p| p.is_file());
            match fixed {
                Some(fixed) => pairs.push(pair(name.clone(), &path, &fixed, status)?),
                None => status.note(format_args!(
                    "{}: no {stem}.expected.txt beside it; skipped",
                    path.display()
                )),
            }
        }
    }
    Some(pairs)
}

// --- --into ----------------------------------------------------------------------------------

/// One file to write: its path, new text, and whether it exists.
struct Planned {
    path: PathBuf,
    text: String,
    exists: bool,
    count: usize,
    kind: Kind,
}

fn write_into(path: &Path, learned: &Learned, only: Option<Kind>, status: &mut Status) {
    let of_kind = |k: Kind| -> Vec<&Candidate> {
        learned
            .candidates
            .iter()
            .filter(|c| c.proposal.kind() == k)
            .collect()
    };
    let header = |k: Kind| {
        vec![
            format!(
                "Candidate {k} rules learned by `unspin learn`; review before relying on them."
            ),
            String::new(),
        ]
    };
    let mut planned: Vec<Planned> = Vec::new();
    let folder_named = path.as_os_str().to_string_lossy().ends_with(['/', '\\']);
    if folder_named && !path.exists() {
        if let Err(e) = std::fs::create_dir_all(path) {
            status.error(format_args!(
                "{}: cannot create folder: {}",
                path.display(),
                io_message(&e)
            ));
            return;
        }
    }
    if path.is_dir() {
        for kind in Kind::ALL {
            let cands = of_kind(kind);
            if cands.is_empty() || only.is_some_and(|k| k != kind) {
                continue;
            }
            let file = path.join(format!("learned-{kind}.yaml"));
            match plan(&file, kind, &cands, &header(kind), status) {
                Some(p) => planned.push(p),
                None => return,
            }
        }
    } else {
        let kind = if path.exists() {
            let Some(text) = read_text(path, status) else {
                return;
            };
            let kind = match dictionary::parse(&path.display().to_string(), &text) {
                Ok(rules) => rules
                    .first()
                    .map(|r| r.kind)
                    .or_else(|| yaml_text::top_level_kind(&text).and_then(|k| Kind::parse(&k))),
                Err(errors) => {
                    report_dict_errors(
                        &errors,
                        &format!(
                            "; {} does not load as it is, nothing was written",
                            path.display()
                        ),
                        status,
                    );
                    return;
                }
            };
            match kind {
                Some(k) => k,
                None => {
                    status.error(format_args!("{}: no `kind:` found", path.display()));
                    return;
                }
            }
        } else {
            let kinds: Vec<Kind> = Kind::ALL
                .into_iter()
                .filter(|&k| !of_kind(k).is_empty())
                .collect();
            match (only, kinds.as_slice()) {
                (Some(k), _) => k,
                (None, [k]) => *k,
                (None, []) => {
                    status.note("no candidates; nothing written");
                    return;
                }
                (None, _) => {
                    let shown: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                    status.error(format_args!(
                        "the candidates are of several kinds ({}): choose one with --kind, or \
                         give a folder to --into to get one file per kind; nothing was written",
                        shown.join(", ")
                    ));
                    return;
                }
            }
        };
        if only.is_some_and(|k| k != kind) {
            status.error(format_args!(
                "{} is a `{kind}` dictionary, but --kind asks for other candidates; nothing \
                 was written",
                path.display()
            ));
            return;
        }
        let skipped = learned
            .candidates
            .iter()
            .filter(|c| c.proposal.kind() != kind)
            .count();
        if skipped > 0 {
            status.note(format_args!(
                "{skipped} candidate{} of other kinds skipped ({} takes `{kind}` rules)",
                if skipped == 1 { "" } else { "s" },
                path.display()
            ));
        }
        let cands = of_kind(kind);
        if cands.is_empty() {
            status.note(format_args!("no `{kind}` candidates; nothing written"));
            return;
        }
        match plan(path, kind, &cands, &header(kind), status) {
            Some(p) => planned.push(p),
            None => return,
        }
    }
    for p in planned {
        let result = if p.exists {
            crate::write::atomic(&p.path, p.text.as_bytes())
        } else {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&p.path)
                .and_then(|mut f| f.write_all(p.text.as_bytes()).and_then(|()| f.sync_all()))
        };
        match result {
            Ok(()) => status.note(format_args!(
                "{} {} `{}` candidate{} to {}",
                if p.exists { "appended" } else { "wrote" },
                p.count,
                p.kind,
                if p.count == 1 { "" } else { "s" },
                p.path.display()
            )),
            Err(e) => status.error(format_args!(
                "{}: cannot write: {}",
                p.path.display(),
                io_message(&e)
            )),
        }
    }
}

/// The new text of `file` with `cands` added, checked to load; `None` (reported) if not.
fn plan(
    file: &Path,
    kind: Kind,
    cands: &[&Candidate],
    header: &[String],
    status: &mut Status,
) -> Option<Planned> {
    let name = file.display().to_string();
    let exists = file.exists();
    let text = if exists {
        let old = read_text(file, status)?;
        if let Err(errors) = dictionary::parse(&name, &old) {
            report_dict_errors(
                &errors,
                &format!("; {name} does not load as it is, nothing was written"),
                status,
            );
            return None;
        }
        let found = yaml_text::top_level_kind(&old).and_then(|k| Kind::parse(&k));
        if found.is_some_and(|k| k != kind) {
            status.error(format_args!(
                "{name} is not a `{kind}` dictionary; nothing was written"
            ));
            return None;
        }
        let rules: Vec<yaml_text::RuleText> = cands.iter().map(|c| learn::rule_text(c)).collect();
        match yaml_text::append_rules(&old, &rules) {
            Ok(t) => t,
            Err(e) => {
                status.error(format_args!("{name}: {e}; nothing was written"));
                return None;
            }
        }
    } else {
        learn::render_document(kind, cands, header)
    };
    if let Err(errors) = dictionary::parse(&name, &text) {
        report_dict_errors(
            &errors,
            &format!("; with the candidates added, {name} would not load, nothing was written"),
            status,
        );
        return None;
    }
    Some(Planned {
        path: file.to_path_buf(),
        text,
        exists,
        count: cands.len(),
        kind,
    })
}
