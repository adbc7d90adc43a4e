//! `unspin diff`: the changes as a unified diff, or inline as a word diff.

use super::{build_engine, collect_inputs, read_input, Read, Shared, Status};
use crate::report::diff;
use std::io::{self, Write};

pub(crate) const AFTER_HELP: &str = "\
The diff is built from the edits, with `a/PATH` and `b/PATH` headers and 3 lines of context;
`patch -p1` and `git apply` turn each file into exactly what `unspin fix` prints. Line
endings are kept as they are (CRLF stays CRLF). With colour (a terminal, or --color always),
the changed words inside each changed line are highlighted.

Examples:
  unspin diff article.txt
  unspin diff articles/ > fixes.patch && git apply fixes.patch
  unspin diff --word-diff article.txt       inline [-old-]{+new+} markers
  unspin diff --color always articles/ | less -R

Exit codes: 0 nothing to change; 1 changes found (the diff is not empty); 2 error.";

/// Arguments of `unspin diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print each changed line once, with `[-old-]{+new+}` markers (for reading; not a
    /// patch).
    #[arg(long)]
    pub word_diff: bool,
    /// Inputs, dictionaries and rule selection.
    #[command(flatten)]
    pub shared: Shared,
}

/// Runs `unspin diff`.
pub fn run<W: Write>(args: &Args, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let Some(engine) = build_engine(&args.shared, &mut status) else {
        return Ok(status.code());
    };
    let Some(inputs) = collect_inputs(&args.shared, &mut status) else {
        return Ok(status.code());
    };
    let color = args.shared.color.enabled();
    for input in &inputs {
        let Read::Text(text) = read_input(input, &mut status) else {
            continue;
        };
        let outcome = engine.find_edits(&text);
        let label = input.label();
        if args.word_diff {
            diff::word(out, &label, &text, &outcome.edits, color)?;
        } else {
            diff::unified(out, &label, &text, &outcome.edits, color)?;
        }
        if !outcome.edits.is_empty() {
            status.changes();
        }
    }
    Ok(status.code())
}
