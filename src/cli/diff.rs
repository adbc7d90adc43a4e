//! `unspin diff`: the changes as a unified diff, or inline as a word diff.

use super::parallel::{self, Done};
use super::progress::Progress;
use super::{
    build_engine, collect_inputs, note_suppressed, open_decisions, read_input, suppress, Read,
    Shared, Status,
};
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

Exit codes: 0 (whether or not there are changes, like `git diff`); with --exit-code, 1 when
the diff is not empty; 2 error. For a CI gate use `unspin check` or `unspin fix --check`.";

/// Arguments of `unspin diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print each changed line once, with `[-old-]{+new+}` markers (for reading; not a
    /// patch).
    #[arg(long)]
    pub word_diff: bool,
    /// Exit with 1 when there are changes (as `git diff --exit-code`); by default `diff`
    /// exits 0 whether or not it prints anything.
    #[arg(long)]
    pub exit_code: bool,
    /// Inputs, dictionaries and rule selection.
    #[command(flatten)]
    pub shared: Shared,
}

/// Runs `unspin diff`.
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
    let color = args.shared.color.enabled();
    let mut suppressed = 0;
    let progress = Progress::files(&inputs, args.shared.quiet, true);
    let mut done_files = 0;
    // Workers read, match and format; results are written in input order.
    parallel::ordered(
        &inputs,
        parallel::jobs(args.shared.jobs),
        |input| {
            let mut done: Done<usize> = Done::new();
            let Read::Text(text) = read_input(input, &mut done.status) else {
                return done;
            };
            done.bytes = text.len() as u64;
            let mut outcome = engine.find_edits(&text);
            done.extra = suppress(&store, input, &text, &mut outcome, engine.rules());
            let label = input.label();
            if args.word_diff {
                diff::word(&mut done.out, &label, &text, &outcome.edits, color)
            } else {
                diff::unified(&mut done.out, &label, &text, &outcome.edits, color)
            }
            .expect("writing to memory cannot fail");
            if args.exit_code && !outcome.edits.is_empty() {
                done.status.changes();
            }
            done
        },
        |_, done| {
            out.write_all(&done.out)?;
            progress.suspend(|| status.replay(done.status));
            suppressed += done.extra;
            done_files += 1;
            progress.file_done(done_files, done.bytes);
            Ok(())
        },
    )?;
    drop(progress);
    note_suppressed(&store, suppressed, &mut status);
    Ok(status.code())
}
