//! `unspin suggest`: name-shaped spans close to a known name, printed as candidate variant
//! entries (see [`crate::suggest`]). Suggestions only: nothing is changed.

use super::inputs::{self, Globs};
use super::{load_rules, new_engine, read_input, DictArgs, Read, Status, TierArg};
use crate::rule::Kind;
use crate::suggest::{self, Claimed, Collector, Index, Search, Thresholds};
use std::io::{self, Write};
use std::path::PathBuf;

pub(crate) const AFTER_HELP: &str = "\
Looks for runs of 2 to 4 capitalized words that are not a known name (canonical, listed or
generated spelling of the loaded dictionaries) and are not changed by them, but are close
to a name the same document spells right elsewhere, with the same number of words:
Jaro-Winkler >= 0.90 and normalized Damerau-Levenshtein >= 0.80 (lower-cased), or one word
swapped for an English word (`Park So Bend` beside `Park So Dam`). --anywhere compares with
every known name instead. Prints a `names` dictionary with the evidence (scores, count,
file:line) as comments. Check each against the article, then add it with `unspin dict add`.

The dictionaries are those fix would load: the default pack, --pack and --dict, with the
project's .unspin.yaml adding its `dicts` and `packs`, and `default_dicts`, `disable`, `tier`
and `globs` applied; flags add to the file's lists and replace its single values and globs,
as for fix. A rule disabled there no longer repairs its name, so that name can be suggested.

Examples:
  unspin suggest articles/
  unspin suggest --no-default-dicts --dict names.yaml article.txt
  unspin suggest articles/ > suggested.yaml && unspin dict add names.yaml --name \"Yang Hye Ji\" --variant \"Yan Hye Ji\"

Exit codes: 0 no suggestions; 1 suggestions printed; 2 error.";

/// Arguments of `unspin suggest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders to read (folders: recursively, see --glob); `-` reads stdin.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Which files to read in folders (default `*.txt`, or `globs` in `.unspin.yaml`; see
    /// `unspin fix --help`). Repeatable.
    #[arg(long = "glob", value_name = "PATTERN")]
    pub globs: Vec<String>,
    /// Jaro-Winkler floor for a similar spelling.
    #[arg(long, default_value_t = 0.90, value_name = "SCORE")]
    pub min_jaro_winkler: f64,
    /// Normalized Damerau-Levenshtein floor for a similar spelling.
    #[arg(long, default_value_t = 0.80, value_name = "SCORE")]
    pub min_damerau: f64,
    /// Compare with every known name, not only those the document spells right elsewhere
    /// (finds more, including legitimate other romanizations).
    #[arg(long)]
    pub anywhere: bool,
    /// Which rule tiers run when deciding which spans the dictionaries already repair
    /// (those are never suggested): as for `fix` (`auto`, `score`, `spun`; default `score`,
    /// or `tier` in `.unspin.yaml`).
    #[arg(long, value_enum)]
    pub tier: Option<TierArg>,
    /// The dictionaries whose names count as known, as for `fix` (with `.unspin.yaml`'s
    /// `dicts`, `packs`, `default_dicts` and `disable`).
    #[command(flatten)]
    pub dict: DictArgs,
}

/// Runs `unspin suggest`.
pub fn run<W: Write>(args: &Args, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let globs = match Globs::new(&args.globs) {
        Ok(g) => g,
        Err(e) => {
            status.error(e);
            return Ok(status.code());
        }
    };
    let Some(rules) = load_rules(&args.dict, "", &mut status) else {
        return Ok(status.code());
    };
    let Some(engine) = new_engine(rules, args.tier, &mut status) else {
        return Ok(status.code());
    };
    let index = Index::new(engine.rules());
    let th = Thresholds {
        jaro_winkler: args.min_jaro_winkler,
        damerau: args.min_damerau,
    };
    let search = Search {
        thresholds: th,
        anywhere: args.anywhere,
    };
    let mut collector = Collector::default();
    for input in inputs::collect(&args.paths, &globs, &mut status) {
        let Read::Text(text) = read_input(&input, &mut status) else {
            continue;
        };
        let claimed: Vec<Claimed> = engine
            .find_edits(&text)
            .edits
            .into_iter()
            .map(|e| Claimed {
                name: (engine.rule(e.rule).kind == Kind::Names).then(|| e.after.clone()),
                span: e.span,
            })
            .collect();
        collector.add(
            &input.label(),
            suggest::find(&text, &claimed, &index, &search),
        );
    }
    out.write_all(suggest::render(&collector.suggestions, &th).as_bytes())?;
    let n = collector.suggestions.len();
    if n > 0 {
        status.changes();
    }
    status.note(format_args!(
        "{n} suggestion{} ({} names compared)",
        if n == 1 { "" } else { "s" },
        index.len()
    ));
    Ok(status.code())
}
