//! Criterion benchmarks: engine build time and throughput at 1k, 10k and 100k phrases,
//! side by side with the naive reference (`examples/naive_reference.rs`, compiled in here
//! so both run on the same bytes in the same process).
//!
//! Data: `corpus.txt` and `dict-{1k,10k,100k}.tsv` from `benches/gen_corpus.py`, read from
//! `$UNSPIN_BENCH_DATA` or `target/bench-data/`; when neither holds them, the generator is
//! run once into `target/bench-data/criterion/` with `--mb 8` (needs `python3`). Only the
//! first `$UNSPIN_BENCH_MB` megabytes of the corpus are used (default 4), cut at a line end.
//!
//! ```text
//! cargo bench --bench engine -- --warm-up-time 1 --measurement-time 3
//! cargo bench --bench engine -- 'fix/engine'      # one group or function only
//! UNSPIN_BENCH_CLOCK=cpu cargo bench --bench engine   # thread CPU time, for a busy machine
//! ```
//!
//! Rules come from the TSV loader (`unspin::dictionary::parse`), as `unspin fix --dict`
//! loads them; the naive reference reads the same files its own way.

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{BatchSize, BenchmarkId, Criterion, SamplingMode, Throughput};
use std::hint::black_box;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use unspin::edit::apply;
use unspin::engine::{Engine, Options};
use unspin::rule::Rule;

#[allow(dead_code)]
#[path = "../examples/naive_reference.rs"]
mod naive;

const SIZES: [&str; 3] = ["1k", "10k", "100k"];

struct Data {
    text: String,
    dicts: Vec<(&'static str, String)>,
}

fn has_data(dir: &Path) -> bool {
    dir.join("corpus.txt").is_file()
        && SIZES
            .iter()
            .all(|s| dir.join(format!("dict-{s}.tsv")).is_file())
}

/// Finds or generates the data, and reads a prefix of the corpus.
fn data() -> Data {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dir = std::env::var_os("UNSPIN_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/bench-data"));
    if !has_data(&dir) {
        dir = root.join("target/bench-data/criterion");
        if !has_data(&dir) {
            eprintln!("generating benchmark data in {}", dir.display());
            let status = Command::new("python3")
                .arg(root.join("benches/gen_corpus.py"))
                .args(["--mb", "8", "--out"])
                .arg(&dir)
                .status()
                .expect("python3 must be installed to generate the benchmark data");
            assert!(status.success(), "benches/gen_corpus.py failed");
        }
    }
    let mb: f64 = std::env::var("UNSPIN_BENCH_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4.0);
    let mut bytes = Vec::new();
    std::fs::File::open(dir.join("corpus.txt"))
        .expect("corpus.txt exists: checked above")
        .take((mb * 1e6) as u64)
        .read_to_end(&mut bytes)
        .expect("corpus.txt is readable");
    if let Some(end) = bytes.iter().rposition(|&b| b == b'\n') {
        bytes.truncate(end + 1);
    }
    let text = String::from_utf8(bytes).expect("the generated corpus is UTF-8, cut at a line end");
    let dicts = SIZES
        .iter()
        .map(|s| {
            let path = dir.join(format!("dict-{s}.tsv"));
            (
                *s,
                std::fs::read_to_string(&path).expect("dictionary exists: checked above"),
            )
        })
        .collect();
    eprintln!(
        "benchmark data: {} ({:.1} MB of corpus)",
        dir.display(),
        text.len() as f64 / 1e6
    );
    Data { text, dicts }
}

/// The rules `unspin fix --dict dict-SIZE.tsv` runs: the TSV loader's.
fn rules(label: &str, tsv: &str) -> Vec<Rule> {
    unspin::dictionary::parse(&format!("dict-{label}.tsv"), tsv).unwrap_or_else(|errors| {
        panic!("generated TSV loads: {:?}", &errors[..errors.len().min(3)])
    })
}

fn benches<M: Measurement>(c: &mut Criterion<M>) {
    let data = data();
    let prepared: Vec<_> = data
        .dicts
        .iter()
        .map(|(label, tsv)| {
            let rules = rules(label, tsv);
            let (phrases, replacements) =
                naive::parse_tsv(label, tsv).expect("generated TSV is valid");
            (*label, rules, phrases, replacements)
        })
        .collect();

    let mut build = c.benchmark_group("build");
    build.sample_size(10).sampling_mode(SamplingMode::Flat);
    for (label, rules, phrases, _) in &prepared {
        build.bench_with_input(BenchmarkId::new("engine", label), rules, |b, rules| {
            b.iter_batched(
                || rules.clone(),
                |rules| Engine::new(rules, Options::default()).expect("generated rules compile"),
                BatchSize::LargeInput,
            )
        });
        build.bench_with_input(BenchmarkId::new("naive", label), phrases, |b, phrases| {
            b.iter(|| naive::build(phrases).expect("generated phrases compile"))
        });
    }
    build.finish();

    let text = data.text.as_str();
    let mut fix = c.benchmark_group("fix");
    fix.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Bytes(text.len() as u64));
    for (label, rules, phrases, replacements) in &prepared {
        let engine =
            Engine::new(rules.clone(), Options::default()).expect("generated rules compile");
        let ac = naive::build(phrases).expect("generated phrases compile");
        let edits = engine.find_edits(text).edits.len();
        let matches = naive::fix(&ac, replacements, text).accepted;
        eprintln!(
            "{label}: engine {edits} edits (one per {:.0} bytes), naive {matches} matches (one per {:.0} bytes)",
            text.len() as f64 / edits.max(1) as f64,
            text.len() as f64 / matches.max(1) as f64,
        );
        fix.bench_function(BenchmarkId::new("engine-find_edits", label), |b| {
            b.iter(|| engine.find_edits(black_box(text)))
        });
        fix.bench_function(BenchmarkId::new("engine-fix", label), |b| {
            b.iter(|| apply(text, &engine.find_edits(black_box(text)).edits))
        });
        fix.bench_function(BenchmarkId::new("naive-fix", label), |b| {
            b.iter(|| naive::fix(&ac, replacements, black_box(text)).text)
        });
    }
    fix.finish();
}

/// Thread CPU time, from `/proc/thread-self/schedstat` (Linux; nanoseconds on the CPU, as
/// the scheduler last accounted them, so within a scheduler tick). On a shared machine it
/// leaves out the time the benchmark waited for a core; cache contention still counts.
struct CpuTime;

static WALL_TIME: WallTime = WallTime;

fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .expect("UNSPIN_BENCH_CLOCK=cpu needs /proc/thread-self/schedstat (Linux)")
}

impl Measurement for CpuTime {
    type Intermediate = u64;
    type Value = u64;

    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns().saturating_sub(start)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        // Nanoseconds, like wall time.
        WALL_TIME.formatter()
    }
}

fn main() {
    // UNSPIN_BENCH_CLOCK=cpu measures thread CPU time instead of wall time.
    if std::env::var("UNSPIN_BENCH_CLOCK").as_deref() == Ok("cpu") {
        let mut c = Criterion::default()
            .with_measurement(CpuTime)
            .configure_from_args();
        benches(&mut c);
        c.final_summary();
    } else {
        let mut c = Criterion::default().configure_from_args();
        benches(&mut c);
        c.final_summary();
    }
}
