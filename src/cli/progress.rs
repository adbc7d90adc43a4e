//! The progress bar: files done, bytes read, MB/s and ETA, on stderr.
//!
//! Shown only when someone is watching and it cannot get in the way:
//! - stderr is a terminal, and `--quiet` was not given;
//! - the run is long enough to need one: more than [`MIN_FILES`] files, or a stream (one
//!   large file, or JSON Lines) of more than [`MIN_STREAM_BYTES`] bytes or of unknown size;
//! - the output does not go to the same terminal (a bar redrawn between lines of output
//!   would garble them), so `fix --write` and runs piped into a file show it, and
//!   `unspin check folder/` printed on the terminal does not.
//!
//! Never on a pipe: with stderr redirected there is no bar at all.

use super::inputs::Input;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};
use std::io::{self, IsTerminal, Read};

/// Runs over more files than this show a bar.
pub const MIN_FILES: usize = 20;

/// Streams larger than this show a bar.
pub const MIN_STREAM_BYTES: u64 = 16 << 20;

/// A progress bar, or nothing when none is wanted. Clones share the bar, which is cleared
/// when the last one is dropped.
#[derive(Clone, Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    files: usize,
}

fn wanted(quiet: bool, prints: bool) -> bool {
    !quiet && io::stderr().is_terminal() && !(prints && io::stdout().is_terminal())
}

impl Progress {
    /// No bar.
    pub fn none() -> Progress {
        Progress {
            bar: None,
            files: 0,
        }
    }

    /// A bar for a run over `inputs`, if wanted (see the [module docs](self)); `prints`
    /// says whether the run writes to stdout.
    pub fn files(inputs: &[Input], quiet: bool, prints: bool) -> Progress {
        if inputs.len() <= MIN_FILES || !wanted(quiet, prints) {
            return Progress::none();
        }
        let total: u64 = inputs
            .iter()
            .map(|i| match i {
                Input::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
                Input::Stdin => 0,
            })
            .sum();
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr())
            .with_finish(ProgressFinish::AndClear);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {msg} files  {binary_bytes_per_sec}  ETA {eta}")
                .expect("the template is valid"),
        );
        let progress = Progress {
            bar: Some(bar),
            files: inputs.len(),
        };
        progress.show_files(0);
        progress
    }

    /// A bar for a stream of `total` bytes (`None`: unknown, e.g. stdin), if wanted.
    pub fn stream(total: Option<u64>, quiet: bool, prints: bool) -> Progress {
        if total.is_some_and(|t| t <= MIN_STREAM_BYTES) || !wanted(quiet, prints) {
            return Progress::none();
        }
        let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr())
            .with_finish(ProgressFinish::AndClear);
        let template = if total.is_some() {
            "{bar:30} {binary_bytes}/{binary_total_bytes}  {binary_bytes_per_sec}  ETA {eta}"
        } else {
            "{spinner} {binary_bytes} read  {binary_bytes_per_sec}  {elapsed}"
        };
        bar.set_style(ProgressStyle::with_template(template).expect("the template is valid"));
        Progress {
            bar: Some(bar),
            files: 0,
        }
    }

    /// True when a bar is shown.
    pub fn is_shown(&self) -> bool {
        self.bar.is_some()
    }

    fn show_files(&self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{done}/{}", self.files));
        }
    }

    /// One more file done, of `bytes` bytes.
    pub fn file_done(&self, done: usize, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
            self.show_files(done as u64);
        }
    }

    /// `bytes` more bytes read.
    pub fn read(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    /// Runs `f` (which writes to stderr) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Wraps a reader so that what it reads moves the bar.
    pub fn reader<R: Read>(&self, inner: R) -> Reading<R> {
        Reading {
            inner,
            progress: self.clone(),
        }
    }
}

/// A reader that moves a [`Progress`] bar.
pub struct Reading<R> {
    inner: R,
    progress: Progress,
}

impl<R: Read> Read for Reading<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.read(n as u64);
        Ok(n)
    }
}

impl<R: io::Seek> io::Seek for Reading<R> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}
