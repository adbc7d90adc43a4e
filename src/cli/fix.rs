//! `unspin fix`: the repaired text on stdout, files rewritten in place (`--write`), or the
//! diff of what would change (`--check`).

use super::{build_engine, collect_inputs, read_input, Read, Shared, Status};
use crate::cli::inputs::{io_message, Input};
use crate::edit::apply;
use crate::report::diff;
use std::io::{self, Write};

pub(crate) const AFTER_HELP: &str = "\
With one file (or `-`), the repaired text goes to stdout, byte for byte as read apart from
the edits: byte-order mark, CRLF line endings and a missing final newline are kept. Several
inputs or a folder need --write or --check.

Examples:
  unspin fix article.txt > repaired.txt
  cat article.txt | unspin fix - > repaired.txt
  unspin fix --write articles/          rewrite changed *.txt files in place
  unspin fix --check articles/          show what would change; exit 1 if anything would

Exit codes: 0 done (or, with --check, nothing to change); 1 --check found changes; 2 error.";

/// Arguments of `unspin fix`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Rewrite changed files in place: atomically (temporary file and rename), keeping
    /// permissions. Unchanged files are not touched. A symlink's target is written; a file
    /// with other hard links is refused.
    #[arg(short, long, conflicts_with = "check")]
    pub write: bool,
    /// Write nothing: print the diff of what would change and exit 1 if anything would.
    #[arg(long)]
    pub check: bool,
    /// Inputs, dictionaries and rule selection.
    #[command(flatten)]
    pub shared: Shared,
}

/// Runs `unspin fix`.
pub fn run<W: Write>(args: &Args, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let shared = &args.shared;
    let single = shared.paths.len() == 1 && !shared.paths[0].is_dir();
    if !args.write && !args.check && !single {
        status.error(
            "fix prints the repaired text of one input; for several inputs or a folder, use \
             --write to rewrite them in place or --check to see what would change",
        );
        return Ok(status.code());
    }
    if args.write && shared.paths.iter().any(|p| p.as_os_str() == "-") {
        status.error("`-` (stdin) cannot be rewritten in place; drop --write to get the repaired text on stdout");
        return Ok(status.code());
    }
    let Some(engine) = build_engine(shared, &mut status) else {
        return Ok(status.code());
    };
    let Some(inputs) = collect_inputs(shared, &mut status) else {
        return Ok(status.code());
    };
    let color = shared.color.enabled();
    for input in &inputs {
        let text = match read_input(input, &mut status) {
            Read::Text(text) => text,
            Read::Binary(bytes) => {
                // As a filter, pass a skipped file through unchanged.
                if !args.write && !args.check {
                    out.write_all(&bytes)?;
                }
                continue;
            }
            Read::Failed => continue,
        };
        let outcome = engine.find_edits(&text);
        if args.check {
            diff::unified(out, &input.label(), &text, &outcome.edits, color)?;
            if !outcome.edits.is_empty() {
                status.changes();
            }
        } else if args.write {
            if outcome.edits.is_empty() {
                continue;
            }
            // Stdin is refused with --write above.
            let Input::File(path) = input else {
                continue;
            };
            let fixed = apply(&text, &outcome.edits);
            if let Err(e) = crate::write::atomic(path, fixed.as_bytes()) {
                status.error(format_args!(
                    "{}: cannot write: {}; left untouched",
                    input.label(),
                    io_message(&e)
                ));
            }
        } else {
            out.write_all(apply(&text, &outcome.edits).as_bytes())?;
        }
    }
    Ok(status.code())
}
