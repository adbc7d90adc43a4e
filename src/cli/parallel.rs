//! Many inputs on `--jobs` threads, with output exactly as one thread would write it.
//!
//! Each input is processed by a worker into a [`Done`]: its stdout bytes, its stderr
//! messages (a [`Status::deferred`]) and whatever else the subcommand adds up (a summary).
//! The calling thread hands the results on in input order, so stdout and stderr are byte for
//! byte the same with `--jobs 1` and `--jobs 8`. Workers take inputs in order from a shared
//! counter, a few at a time (`BATCH`), and never run more than [`AHEAD`] inputs ahead of
//! the one being written, so memory stays bounded however many files a folder holds.

use super::inputs::Input;
use super::Status;
use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

/// How far (in inputs) workers may run ahead of the input whose result is written next.
pub const AHEAD: usize = 256;

/// At most this many inputs are claimed by a worker at a time (fewer when there are few
/// inputs, so that every thread gets some).
const BATCH: usize = 64;

/// What processing one input gave.
#[derive(Debug)]
pub struct Done<T> {
    /// What goes to stdout.
    pub out: Vec<u8>,
    /// Messages for stderr and the exit code.
    pub status: Status,
    /// Bytes of input read (for the progress bar).
    pub bytes: u64,
    /// Anything else the subcommand collects.
    pub extra: T,
}

impl<T: Default> Done<T> {
    /// An empty result, with a deferred status.
    pub fn new() -> Done<T> {
        Done {
            out: Vec::new(),
            status: Status::deferred(),
            bytes: 0,
            extra: T::default(),
        }
    }
}

impl<T: Default> Default for Done<T> {
    fn default() -> Done<T> {
        Done::new()
    }
}

/// The number of threads for `--jobs`: as asked, else one per core.
pub fn jobs(asked: Option<u16>) -> usize {
    match asked {
        Some(n) => usize::from(n).max(1),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
}

/// Makes every parallel step of this process use `jobs` threads (rayon's global pool): the
/// files processed at once, and the threads matching the lines of one large document (see
/// `engine::lines`), so `--jobs 1` means one thread. Call it before any parallel work;
/// later calls keep the first setting.
pub fn use_threads(jobs: usize) {
    // Fails only when the global pool is already set up, and then it stays as it is.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build_global();
}

/// Runs `work` on every input with `jobs` threads and calls `emit` with each result, in
/// input order, on the calling thread. Stops early (and returns the error) when `emit`
/// fails, e.g. on a closed stdout.
pub fn ordered<T, W, E>(inputs: &[Input], jobs: usize, work: W, mut emit: E) -> io::Result<()>
where
    T: Send,
    W: Fn(&Input) -> T + Sync,
    E: FnMut(&Input, T) -> io::Result<()>,
{
    if jobs <= 1 || inputs.len() <= 1 {
        for input in inputs {
            emit(input, work(input))?;
        }
        return Ok(());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("unspin-worker-{i}"))
        .build()
        .map_err(io::Error::other)?;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // How many results have been written; workers wait while too far ahead of it.
    let written = Mutex::new(0usize);
    let advanced = Condvar::new();
    // Inputs are claimed and handed back a batch at a time: one message and one wake-up of
    // the calling thread per input cost as much as the work on a short article (measured
    // on 10,000 articles: 19,473 context switches and 35,188 futex calls with --jobs 2).
    let batch = (inputs.len() / (jobs * 8)).clamp(1, BATCH);
    let (tx, rx) = mpsc::channel::<(usize, Vec<T>)>();
    let mut result = Ok(());
    pool.in_place_scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (next, stop, written, advanced, work) = (&next, &stop, &written, &advanced, &work);
            scope.spawn(move |_| loop {
                let first = next.fetch_add(batch, Ordering::Relaxed);
                if first >= inputs.len() || stop.load(Ordering::Relaxed) {
                    return;
                }
                let end = (first + batch).min(inputs.len());
                {
                    let mut done = written.lock().expect("no worker panics holding the lock");
                    while end > *done + AHEAD && !stop.load(Ordering::Relaxed) {
                        done = advanced
                            .wait(done)
                            .expect("no worker panics holding the lock");
                    }
                }
                let results = inputs[first..end].iter().map(work).collect();
                if tx.send((first, results)).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Vec<T>> = BTreeMap::new();
        let mut want = 0usize;
        for (first, values) in rx.iter() {
            pending.insert(first, values);
            while let Some(values) = pending.remove(&want) {
                for value in values {
                    if result.is_ok() {
                        if let Err(e) = emit(&inputs[want], value) {
                            result = Err(e);
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                    want += 1;
                }
                *written.lock().expect("no worker panics holding the lock") = want;
                advanced.notify_all();
            }
            if result.is_err() {
                // Wake any worker waiting for room, so it sees `stop`.
                advanced.notify_all();
            }
        }
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn inputs(n: usize) -> Vec<Input> {
        (0..n)
            .map(|i| Input::File(PathBuf::from(format!("{i}"))))
            .collect()
    }

    fn index(input: &Input) -> usize {
        match input {
            Input::File(p) => p.to_str().unwrap().parse().unwrap(),
            Input::Stdin => unreachable!(),
        }
    }

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        let inputs = inputs(2000);
        for jobs in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            ordered(
                &inputs,
                jobs,
                |input| {
                    let i = index(input);
                    // Uneven work, so workers finish out of order.
                    if i % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    i * 2
                },
                |input, value| {
                    assert_eq!(value, index(input) * 2);
                    seen.push(index(input));
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(seen, (0..2000).collect::<Vec<_>>(), "jobs {jobs}");
        }
    }

    #[test]
    fn an_emit_error_stops_the_run() {
        let inputs = inputs(5000);
        let worked = AtomicUsize::new(0);
        let mut emitted = 0;
        let err = ordered(
            &inputs,
            4,
            |_| {
                worked.fetch_add(1, Ordering::Relaxed);
            },
            |_, ()| {
                emitted += 1;
                if emitted == 10 {
                    Err(io::Error::from(io::ErrorKind::BrokenPipe))
                } else {
                    Ok(())
                }
            },
        )
        .unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::BrokenPipe);
        assert_eq!(emitted, 10);
        assert!(worked.load(Ordering::Relaxed) < 5000);
    }

    #[test]
    fn deferred_messages_replay_in_order() {
        let mut a = Status::deferred();
        a.note("one");
        a.error("two");
        let mut outer = Status::deferred();
        outer.replay(a);
        assert_eq!(outer.code(), crate::exit::ERROR);
        assert_eq!(
            outer.deferred.unwrap(),
            vec!["unspin: note: one".to_string(), "unspin: two".to_string()]
        );
    }
}
