//! Profiling aid for issue 5: where start-up time goes. `startup_split` prints one split;
//! `startup_split load N` / `expand N` / `clashes N` repeat one stage N times (for perf) and
//! print its median.
use std::time::{Duration, Instant};
use unspin::dictionary::{self, Selection};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// CPU time of the whole process so far (all threads), from /proc/self/stat, in ticks of
/// 10 ms.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line; 12 and 13 after the `)`.
    fields
        .get(11)
        .and_then(|f| f.parse::<u64>().ok())
        .unwrap_or(0)
        + fields
            .get(12)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sel = Selection {
        defaults: true,
        packs: vec!["kdrama".into()],
        paths: vec![],
    };
    // `startup_split tsv N PATH`: load the default pack plus a TSV list, N times.
    let sel = match (args.first().map(String::as_str), args.get(2)) {
        (Some("tsv"), Some(path)) => Selection {
            paths: vec![path.into()],
            ..sel
        },
        _ => sel,
    };
    if let Some(stage) = args.first() {
        let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);
        let rules = dictionary::load(&sel).unwrap();
        let mut times = Vec::new();
        let cpu = cpu_ticks();
        for _ in 0..n {
            let t = Instant::now();
            match stage.as_str() {
                "load" | "tsv" => drop(std::hint::black_box(dictionary::load(&sel).unwrap())),
                "expand" => drop(std::hint::black_box(unspin::names::expand(&rules))),
                "digest" => {
                    use std::hash::{Hash, Hasher};
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    format!("{rules:?}").hash(&mut h);
                    eprintln!("rules digest {:016x}", h.finish());
                    let e = unspin::names::expand(&rules);
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    format!("{:?}{:?}", e.variants, e.dropped).hash(&mut h);
                    eprintln!(
                        "expansion digest {:016x} ({} variants, {} dropped)",
                        h.finish(),
                        e.variants.len(),
                        e.dropped.len()
                    );
                    for pack in dictionary::embedded::pack_names() {
                        let sel = Selection {
                            defaults: true,
                            packs: vec![pack.into()],
                            paths: vec![],
                        };
                        let r = dictionary::load(&sel).unwrap();
                        let mut h = std::collections::hash_map::DefaultHasher::new();
                        format!("{r:?}").hash(&mut h);
                        eprintln!("{pack} rules digest {:016x}", h.finish());
                    }
                }
                other => panic!("unknown stage {other}"),
            }
            times.push(t.elapsed());
        }
        let cpu_ms = (cpu_ticks() - cpu) as f64 * 10.0 / n as f64;
        eprintln!(
            "{stage}: median of {n}: {:?} wall; {cpu_ms:.1} ms CPU per run",
            median(times)
        );
        return;
    }
    let t = Instant::now();
    let rules = dictionary::load(&sel).unwrap();
    let t1 = t.elapsed();
    let e = unspin::names::expand(&rules);
    let t2 = t.elapsed();
    let n = rules.len();
    let eng = unspin::engine::Engine::new(rules, Default::default()).unwrap();
    let t3 = t.elapsed();
    eprintln!(
        "rules {n} variants {} patterns {} load {:?} expand {:?} new(incl expand) {:?}",
        e.variants.len(),
        eng.pattern_count(),
        t1,
        t2 - t1,
        t3 - t2
    );
}
