//! `unspin fix --jsonl`: JSON Lines in (stdin, or files and folders), the same records out
//! on stdout with one field repaired ([`crate::jsonl`]), in the same order.
//!
//! Records are read a batch at a time ([`BATCH_RECORDS`] records or [`BATCH_BYTES`] bytes,
//! whichever comes first) and repaired on `--jobs` threads, so memory stays bounded for a
//! stream of any length. A blank line is written back as it is and is not a record. A
//! record that cannot be repaired (invalid JSON, missing field, not a string) is written
//! back unchanged and counted on stderr; with `--strict` the run stops there (exit 2),
//! naming the record by its input and line number.

use super::inputs::{self, io_message, Globs, Input};
use super::parallel;
use super::progress::Progress;
use super::{build_engine, fix, Status};
use crate::engine::Engine;
use crate::jsonl::{repair, FieldPath, Problem};
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};

/// Records repaired at a time.
pub const BATCH_RECORDS: usize = 4096;

/// Bytes of records read at a time (a batch ends after the record that passes it).
pub const BATCH_BYTES: usize = 8 << 20;

/// The folder pattern when no `--glob` is given.
pub const DEFAULT_GLOB: &str = "*.jsonl";

/// Records passed through, by category.
#[derive(Debug, Default)]
struct Passed {
    invalid: usize,
    missing: usize,
    not_string: usize,
    first: Option<String>,
}

impl Passed {
    fn add(&mut self, place: &str, problem: &Problem) {
        match problem {
            Problem::InvalidJson(_) => self.invalid += 1,
            Problem::MissingField => self.missing += 1,
            Problem::NotAString(_) => self.not_string += 1,
        }
        if self.first.is_none() {
            self.first = Some(format!("{place}: {problem}"));
        }
    }

    fn total(&self) -> usize {
        self.invalid + self.missing + self.not_string
    }

    /// `3 records passed through unchanged: 2 invalid JSON, 1 missing field`.
    fn summary(&self) -> String {
        let n = self.total();
        let parts: Vec<String> = [
            (self.invalid, "invalid JSON"),
            (self.missing, "missing field"),
            (self.not_string, "field not a string"),
        ]
        .iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, what)| format!("{count} {what}"))
        .collect();
        format!(
            "{n} record{} passed through unchanged: {}",
            if n == 1 { "" } else { "s" },
            parts.join(", ")
        )
    }
}

/// What one line gave.
enum Line {
    /// Repaired (or blank): the bytes to write, line break included.
    Out(Vec<u8>),
    /// Not repaired: written back as read.
    Passed(Problem),
}

/// Runs `unspin fix --jsonl`.
pub(crate) fn run<W: Write>(args: &fix::Args, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let shared = &args.shared;
    let Some(field) = args.field.as_deref() else {
        status.error("--jsonl needs --field NAME: the field that holds the text (e.g. --field text, --field article.body)");
        return Ok(status.code());
    };
    let Some(path) = FieldPath::parse(field) else {
        status.error(format_args!(
            "--field {field}: not a field name (keys joined by dots, none empty)"
        ));
        return Ok(status.code());
    };
    if let Some(report) = &args.report {
        if report == path.first() {
            status.error(format_args!(
                "--report {report} would overwrite the field being repaired; choose another name"
            ));
            return Ok(status.code());
        }
    }
    let Some(engine) = build_engine(shared, &mut status) else {
        return Ok(status.code());
    };
    let inputs = if shared.paths.is_empty() {
        vec![Input::Stdin]
    } else {
        let patterns = if shared.globs.is_empty() {
            vec![DEFAULT_GLOB.to_string()]
        } else {
            shared.globs.clone()
        };
        match Globs::new(&patterns) {
            Ok(globs) => inputs::collect(&shared.paths, &globs, &mut status),
            Err(e) => {
                status.error(e);
                return Ok(status.code());
            }
        }
    };
    let total = inputs
        .iter()
        .map(|i| match i {
            Input::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Input::Stdin => None,
        })
        .sum::<Option<u64>>();
    let progress = Progress::stream(total, shared.quiet, true);
    let jobs = parallel::jobs(shared.jobs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(io::Error::other)?;
    let run = Run {
        engine,
        path: &path,
        report: args.report.as_deref(),
        strict: args.strict,
        pool: &pool,
        jobs,
    };
    let mut passed = Passed::default();
    for input in &inputs {
        let reader: Box<dyn Read> = match input {
            Input::Stdin => Box::new(io::stdin().lock()),
            Input::File(p) => match File::open(p) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    progress.suspend(|| {
                        status.error(format_args!(
                            "{}: cannot read: {}",
                            input.label(),
                            io_message(&e)
                        ))
                    });
                    continue;
                }
            },
        };
        let reader = BufReader::with_capacity(1 << 20, progress.reader(reader));
        let stopped = run.input(
            reader,
            &input.label(),
            out,
            &mut passed,
            &mut status,
            &progress,
        )?;
        if stopped {
            return Ok(status.code());
        }
    }
    if passed.total() > 0 {
        progress.suspend(|| {
            status.note(passed.summary());
            if let Some(first) = &passed.first {
                status.note(format_args!("first: {first}"));
            }
        });
    }
    Ok(status.code())
}

/// The settings of one `--jsonl` run.
struct Run<'a> {
    engine: &'a Engine,
    path: &'a FieldPath,
    report: Option<&'a str>,
    strict: bool,
    pool: &'a rayon::ThreadPool,
    jobs: usize,
}

impl Run<'_> {
    /// Repairs every record of one input; true when `--strict` stopped the run.
    fn input<R: BufRead, W: Write>(
        &self,
        mut reader: R,
        label: &str,
        out: &mut W,
        passed: &mut Passed,
        status: &mut Status,
        progress: &Progress,
    ) -> io::Result<bool> {
        let mut line_no = 0usize;
        let mut batch: Vec<Vec<u8>> = Vec::new();
        loop {
            batch.clear();
            let mut bytes = 0usize;
            let mut eof = false;
            while batch.len() < BATCH_RECORDS && bytes < BATCH_BYTES {
                let mut line = Vec::new();
                let n = match reader.read_until(b'\n', &mut line) {
                    Ok(n) => n,
                    Err(e) => {
                        progress.suspend(|| {
                            status.error(format_args!("{label}: cannot read: {}", io_message(&e)))
                        });
                        eof = true;
                        break;
                    }
                };
                if n == 0 {
                    eof = true;
                    break;
                }
                bytes += n;
                batch.push(line);
            }
            let first_line = line_no;
            let results: Vec<Line> = if self.jobs > 1 && batch.len() > 1 {
                self.pool.install(|| {
                    batch
                        .par_iter()
                        .enumerate()
                        .map(|(i, line)| self.line(line, first_line + i == 0))
                        .collect()
                })
            } else {
                batch
                    .iter()
                    .enumerate()
                    .map(|(i, line)| self.line(line, first_line + i == 0))
                    .collect()
            };
            for (raw, result) in batch.iter().zip(results) {
                line_no += 1;
                match result {
                    Line::Out(bytes) => out.write_all(&bytes)?,
                    Line::Passed(problem) => {
                        let place = format!("{label}:{line_no}");
                        if self.strict {
                            out.flush()?;
                            progress.suspend(|| {
                                status.error(format_args!("{place}: {problem}; stopped (--strict)"))
                            });
                            return Ok(true);
                        }
                        passed.add(&place, &problem);
                        out.write_all(raw)?;
                    }
                }
            }
            if eof {
                return Ok(false);
            }
        }
    }

    /// One line: a record repaired, a blank line as it is, or the problem.
    fn line(&self, line: &[u8], first: bool) -> Line {
        let body_end = line.len() - usize::from(line.ends_with(b"\n"));
        let body_end = body_end - usize::from(line[..body_end].ends_with(b"\r"));
        // A byte-order mark before the first record is kept, not parsed.
        let start = if first && line.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let record = &line[start..body_end];
        if record.iter().all(u8::is_ascii_whitespace) {
            return Line::Out(line.to_vec());
        }
        match repair(self.engine, record, self.path, self.report) {
            Ok(fixed) => {
                let mut bytes = Vec::with_capacity(fixed.record.len() + 4);
                bytes.extend_from_slice(&line[..start]);
                bytes.extend_from_slice(&fixed.record);
                bytes.extend_from_slice(&line[body_end..]);
                Line::Out(bytes)
            }
            Err(problem) => Line::Passed(problem),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_wording() {
        let mut p = Passed::default();
        p.add("<stdin>:2", &Problem::InvalidJson("x".into()));
        p.add("<stdin>:5", &Problem::InvalidJson("y".into()));
        p.add("<stdin>:7", &Problem::MissingField);
        assert_eq!(
            p.summary(),
            "3 records passed through unchanged: 2 invalid JSON, 1 missing field"
        );
        assert_eq!(p.first.as_deref(), Some("<stdin>:2: invalid JSON: x"));
    }
}
