//! `unspin check`: every change as a line (or a JSON record), then a summary.

use super::parallel::{self, Done};
use super::progress::Progress;
use super::{
    build_engine, collect_inputs, note_suppressed, open_decisions, read_input, suppress, Read,
    Shared, Status,
};
use crate::engine::Outcome;
use crate::report::{check, json, Document};
use clap::ValueEnum;
use std::io::{self, Write};

pub(crate) const AFTER_HELP: &str = "\
Output (text):
  PATH:LINE:COL: BEFORE -> AFTER [RULE]          a change `fix` would make
  PATH:LINE:COL: flag: BEFORE -> AFTER [RULE]    a flag-tier rule: reported, never applied
  PATH: spin score 21.3 (spun rules applied)     for documents with a non-zero spin score
  15 changes in 3 files: names 3, substitutions 12; 2 suppressed by decisions
Changes rejected in `unspin review` (the decisions file, see --decisions) are not listed;
the summary counts them.
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
    super::parallel::use_threads(super::parallel::jobs(args.shared.jobs));
    let Some(engine) = build_engine(&args.shared, &mut status) else {
        return Ok(status.code());
    };
    let Some(inputs) = collect_inputs(&args.shared, &mut status) else {
        return Ok(status.code());
    };
    let Some(store) = open_decisions(&args.shared, &mut status) else {
        return Ok(status.code());
    };
    let mut summary = check::Summary::default();
    let progress = Progress::files(&inputs, args.shared.quiet, true);
    let mut done_files = 0;
    // Workers read, match and format; results are written and added up in input order.
    parallel::ordered(
        &inputs,
        parallel::jobs(args.shared.jobs),
        |input| {
            let mut done: Done<(usize, Option<Outcome>)> = Done::new();
            let Read::Text(text) = read_input(input, &mut done.status) else {
                return done;
            };
            done.bytes = text.len() as u64;
            let mut outcome = engine.find_edits(&text);
            done.extra.0 = suppress(&store, input, &text, &mut outcome, engine.rules());
            let label = input.label();
            let doc = Document {
                path: &label,
                haystack: &text,
                outcome: &outcome,
            };
            match args.format {
                Format::Text => check::write_document(&mut done.out, &doc, engine.rules()),
                Format::Json => json::write_document(&mut done.out, &doc, engine.rules()),
            }
            .expect("writing to memory cannot fail");
            done.extra.1 = Some(outcome);
            done
        },
        |_, done| {
            out.write_all(&done.out)?;
            progress.suspend(|| status.replay(done.status));
            summary.suppressed += done.extra.0;
            if let Some(outcome) = &done.extra.1 {
                summary.add(outcome, engine.rules());
            }
            done_files += 1;
            progress.file_done(done_files, done.bytes);
            Ok(())
        },
    )?;
    drop(progress);
    if args.format == Format::Text {
        summary.write(out)?;
    } else {
        note_suppressed(&store, summary.suppressed, &mut status);
    }
    if summary.changes() > 0 {
        status.changes();
    }
    Ok(status.code())
}
