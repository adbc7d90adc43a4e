//! `unspin fix`: the repaired text on stdout, files rewritten in place (`--write`), or the
//! diff of what would change (`--check`).

use super::parallel::{self, Done};
use super::progress::Progress;
use super::{
    build_engine, collect_inputs, note_suppressed, open_decisions, read_input, suppress, Read,
    Shared, Status,
};
use crate::cli::inputs::{io_message, Input};
use crate::decisions::Store;
use crate::edit::apply;
use crate::engine::stream::{survey_encoding, StreamError, StreamOptions, Survey};
use crate::engine::Engine;
use crate::report::diff;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Files larger than this are streamed (read in chunks of lines, in two passes) by `fix`
/// to stdout and `fix --write`, so memory stays bounded: see [`crate::engine::stream`].
/// The output is the same either way.
pub const STREAM_ABOVE: u64 = 16 << 20;

pub(crate) const AFTER_HELP: &str = "\
With one file (or `-`), the repaired text goes to stdout, byte for byte as read apart from
the edits: byte-order mark, CRLF line endings and a missing final newline are kept. Several
inputs or a folder need --write or --check.

Examples:
  unspin fix article.txt > repaired.txt
  cat article.txt | unspin fix - > repaired.txt
  unspin fix --write articles/          rewrite changed *.txt files in place
  unspin fix --check articles/          show what would change; exit 1 if anything would

JSON Lines (--jsonl): records are read from stdin (or the files and folders given; folders:
*.jsonl) and written to stdout in the same order with the --field text repaired; every other
byte of a record is kept. A record that is not JSON, lacks the field, or holds no string there
is passed through unchanged and counted on stderr (--strict: stop with exit 2 instead).
  unspin fix --jsonl --field text < in.jsonl > out.jsonl
  unspin fix --jsonl --field article.body --report edits data/ > out.jsonl

Files over 16 MB are streamed with bounded memory; many files are processed on --jobs
threads (default: one per core), with the same output as one thread.

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
    /// Read JSON Lines (stdin when no PATH is given) and write the same records with the
    /// --field text repaired.
    #[arg(long, conflicts_with_all = ["write", "check"], requires = "field")]
    pub jsonl: bool,
    /// With --jsonl: the field holding the text; dots name a field inside an object
    /// (`article.body`).
    #[arg(long, value_name = "NAME", requires = "jsonl")]
    pub field: Option<String>,
    /// With --jsonl: add each record's edits (rule, before, after, start, end) as an array
    /// under this top-level key.
    #[arg(long, value_name = "NAME", requires = "jsonl")]
    pub report: Option<String>,
    /// With --jsonl: stop at the first record that cannot be repaired (exit 2), instead of
    /// passing it through.
    #[arg(long, requires = "jsonl")]
    pub strict: bool,
    /// Stream files larger than this many bytes (default 16 MiB). For tests.
    #[arg(long, hide = true, value_name = "BYTES")]
    pub stream_above: Option<u64>,
    /// Inputs, dictionaries and rule selection.
    #[command(flatten)]
    pub shared: Shared,
}

/// Runs `unspin fix`.
pub fn run<W: Write>(args: &Args, out: &mut W) -> io::Result<u8> {
    if args.jsonl {
        return super::jsonl::run(args, out);
    }
    let mut status = Status::default();
    let shared = &args.shared;
    parallel::use_threads(parallel::jobs(shared.jobs));
    if shared.paths.is_empty() {
        status
            .error("fix needs a PATH (`-` for stdin), or --jsonl to repair JSON Lines from stdin");
        return Ok(status.code());
    }
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
    let stream_above = args.stream_above.unwrap_or(STREAM_ABOVE);
    // One large file to stdout: its first pass, which checks the encoding and needs no
    // dictionary, runs while the engine is built (at 100,000 phrases the build is a tenth
    // of such a run). It is used below if the file is streamed and the engine need not
    // measure the spin score as it reads; when the engine turns out to need that (or
    // cannot be built), the pass is abandoned at its next read.
    let early = (!args.write && !args.check && single)
        .then(|| shared.paths[0].as_path())
        .filter(|path| path.as_os_str() != "-")
        .filter(|path| {
            std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() > stream_above)
        });
    let abandon = AtomicBool::new(false);
    let (engine, early_survey) = rayon::join(
        || {
            let engine = build_engine(shared, &mut status);
            if engine.is_none_or(|engine| engine.survey_matches()) {
                abandon.store(true, Ordering::Relaxed);
            }
            engine
        },
        || {
            let path = early?;
            let file = Abandonable {
                file: File::open(path).ok()?,
                abandon: &abandon,
            };
            let survey = survey_encoding(file, &StreamOptions::default()).ok()?;
            Some((path.to_path_buf(), survey))
        },
    );
    let Some(engine) = engine else {
        return Ok(status.code());
    };
    let Some(inputs) = collect_inputs(shared, &mut status) else {
        return Ok(status.code());
    };
    let Some(store) = open_decisions(shared, &mut status) else {
        return Ok(status.code());
    };
    // Decisions are matched against the whole document, so a run with decisions reads files
    // whole.
    let streamed = |input: &Input| match input {
        Input::File(path) if store.decisions.is_empty() => std::fs::metadata(path)
            .ok()
            .filter(|m| m.len() > stream_above)
            .map(|m| m.len()),
        _ => None,
    };
    if !args.write && !args.check && inputs.len() == 1 {
        if let (Some(size), Input::File(path)) = (streamed(&inputs[0]), &inputs[0]) {
            let survey = early_survey
                .filter(|(surveyed, _)| surveyed == path)
                .and_then(|(_, survey)| engine.adopt_survey(survey));
            let passes = if survey.is_some() { 1 } else { 2 };
            let progress = Progress::stream(Some(passes * size), shared.quiet, true);
            stream_to(engine, path, survey, out, &progress, &mut status)?;
            return Ok(status.code());
        }
    }
    let color = shared.color.enabled();
    let progress = Progress::files(&inputs, shared.quiet, args.check || !args.write);
    let mut suppressed = 0;
    let mut done_files = 0;
    parallel::ordered(
        &inputs,
        parallel::jobs(shared.jobs),
        |input| {
            let mut done: Done<usize> = Done::new();
            if let (true, Some(size), Input::File(path)) = (args.write, streamed(input), input) {
                done.bytes = size;
                rewrite_streamed(engine, path, &mut done.status);
            } else {
                fix_one(args, engine, &store, color, input, &mut done);
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
    progress.suspend(|| note_suppressed(&store, suppressed, &mut status));
    Ok(status.code())
}

/// Fixes one input read whole: its output, messages and suppressed count go to `done`.
fn fix_one(
    args: &Args,
    engine: &Engine,
    store: &Store,
    color: bool,
    input: &Input,
    done: &mut Done<usize>,
) {
    let status = &mut done.status;
    let out = &mut done.out;
    let text = match read_input(input, status) {
        Read::Text(text) => text,
        Read::Binary(bytes) => {
            // As a filter, pass a skipped file through unchanged.
            if !args.write && !args.check {
                out.extend_from_slice(&bytes);
            }
            return;
        }
        Read::Failed => return,
    };
    done.bytes = text.len() as u64;
    let mut outcome = engine.find_edits(&text);
    done.extra += suppress(store, input, &text, &mut outcome, engine.rules());
    if args.check {
        diff::unified(out, &input.label(), &text, &outcome.edits, color)
            .expect("writing to memory cannot fail");
        if !outcome.edits.is_empty() {
            status.changes();
        }
    } else if args.write {
        if outcome.edits.is_empty() {
            return;
        }
        // Stdin is refused with --write above.
        let Input::File(path) = input else {
            return;
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
        out.extend_from_slice(apply(&text, &outcome.edits).as_bytes());
    }
}

/// A file read for a first pass that may be abandoned: once `abandon` is set, reading fails.
struct Abandonable<'a> {
    file: File,
    abandon: &'a AtomicBool,
}

impl io::Read for Abandonable<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.abandon.load(Ordering::Relaxed) {
            return Err(io::Error::other("the first pass was abandoned"));
        }
        self.file.read(buf)
    }
}

/// Streams the repaired text of the large file `path` to `out`, with the first pass made
/// already if `survey` is given. A write error is returned (a closed pipe ends the run
/// quietly); everything else is reported.
fn stream_to<W: Write>(
    engine: &Engine,
    path: &Path,
    survey: Option<Survey>,
    out: &mut W,
    progress: &Progress,
    status: &mut Status,
) -> io::Result<()> {
    let label = path.display().to_string();
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) => {
            status.error(format_args!("{label}: cannot read: {}", io_message(&e)));
            return Ok(());
        }
    };
    // Write errors are told apart from read errors by where they happen.
    let mut sink = ErrorKeeping { out, error: None };
    let options = StreamOptions::default();
    let reader = progress.reader(file);
    let result = match survey {
        // The first pass was made already (`survey` is this engine's).
        Some(survey) => engine.rewrite(reader, &mut sink, &survey, &options),
        None => engine.stream(reader, &mut sink, &options),
    };
    if let Some(e) = sink.error {
        return Err(e);
    }
    match result {
        Ok(_) => Ok(()),
        Err(StreamError::Decode(e)) if e.is_binary() => {
            progress.suspend(|| status.note(format_args!("{label}: skipped: {e}")));
            // As a filter, pass a skipped file through unchanged.
            let mut file = File::open(path)?;
            io::copy(&mut file, out).map(|_| ())
        }
        Err(StreamError::Decode(e)) => {
            progress.suspend(|| status.error(format_args!("{label}: {e}; left untouched")));
            Ok(())
        }
        Err(StreamError::Io(e)) => {
            progress
                .suspend(|| status.error(format_args!("{label}: cannot read: {}", io_message(&e))));
            Ok(())
        }
    }
}

/// Rewrites the large file `path` in place, streaming ([`Engine::stream_to_file`]) into a
/// temporary file that replaces the original only if anything changed.
fn rewrite_streamed(engine: &Engine, path: &Path, status: &mut Status) {
    let label = path.display().to_string();
    // The stream's own error, kept apart from the write's.
    let mut refused: Option<StreamError> = None;
    let written = crate::write::atomic_with(path, |temp| {
        match engine.stream_to_file(File::open(path)?, temp, &StreamOptions::default()) {
            Ok(summary) => Ok(summary.edits > 0),
            Err(e) => {
                refused = Some(e);
                Ok(false)
            }
        }
    });
    match (refused, written) {
        (Some(StreamError::Decode(e)), _) if e.is_binary() => {
            status.note(format_args!("{label}: skipped: {e}"));
        }
        (Some(StreamError::Decode(e)), _) => {
            status.error(format_args!("{label}: {e}; left untouched"));
        }
        (Some(StreamError::Io(e)), _) => {
            status.error(format_args!(
                "{label}: cannot rewrite: {}; left untouched",
                io_message(&e)
            ));
        }
        (None, Err(e)) => {
            status.error(format_args!(
                "{label}: cannot write: {}; left untouched",
                io_message(&e)
            ));
        }
        (None, Ok(_)) => {}
    }
}

/// A writer that remembers its first error, so a caller can tell a failed write from a
/// failed read when both come back as one error.
struct ErrorKeeping<'a, W> {
    out: &'a mut W,
    error: Option<io::Error>,
}

impl<W: Write> Write for ErrorKeeping<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf).inspect_err(|e| {
            if self.error.is_none() {
                self.error = Some(io::Error::new(e.kind(), e.to_string()));
            }
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush().inspect_err(|e| {
            if self.error.is_none() {
                self.error = Some(io::Error::new(e.kind(), e.to_string()));
            }
        })
    }
}
