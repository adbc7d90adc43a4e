//! `unspin check`: every change as a line (or a JSON record), then a summary.

use super::{build_engine, collect_inputs, read_input, Read, Shared, Status};
use crate::report::{check, json, Document};
use clap::ValueEnum;
use std::io::{self, Write};

pub(crate) const AFTER_HELP: &str = "\
Output (text):
  PATH:LINE:COL: BEFORE -> AFTER [RULE]          a change `fix` would make
  PATH:LINE:COL: flag: BEFORE -> AFTER [RULE]    a flag-tier rule: reported, never applied
  PATH: spin score 21.3 (spun rules applied)     for documents with a non-zero spin score
  15 changes in 3 files: names 3, substitutions 12
Invisible characters are shown as <NBSP>, <TAB>, <CR>, <U+XXXX>; a removal as `-> (removed)`.
--format json prints JSON Lines instead, one object per change (flagged ones included) with
the fields path, line, column, start, end (byte offsets), before, after, rule, dictionary
(file:line), kind and tier; no summary.

Examples:
  unspin check article.txt
  unspin check --format json articles/ > changes.jsonl
  unspin check --kind names --disable kdrama-names.seo articles/

Exit codes: 0 nothing to change; 1 changes found; 2 error.";

/// Arguments of `unspin check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Inputs, dictionaries and rule selection.
    #[command(flatten)]
    pub shared: Shared,
}

/// `--format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per change, then a summary.
    Text,
    /// JSON Lines: one object per change.
    Json,
}

/// Runs `unspin check`.
pub fn run<W: Write>(args: &Args, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let Some(engine) = build_engine(&args.shared, &mut status) else {
        return Ok(status.code());
    };
    let Some(inputs) = collect_inputs(&args.shared, &mut status) else {
        return Ok(status.code());
    };
    let mut summary = check::Summary::default();
    for input in &inputs {
        let Read::Text(text) = read_input(input, &mut status) else {
            continue;
        };
        let outcome = engine.find_edits(&text);
        let label = input.label();
        let doc = Document {
            path: &label,
            haystack: &text,
            outcome: &outcome,
        };
        match args.format {
            Format::Text => check::write_document(out, &doc, engine.rules())?,
            Format::Json => json::write_document(out, &doc, engine.rules())?,
        }
        summary.add(&outcome, engine.rules());
    }
    if args.format == Format::Text {
        summary.write(out)?;
    }
    if summary.changes() > 0 {
        status.changes();
    }
    Ok(status.code())
}
