//! Speed and scale features, through the built binary: streaming large files, JSON Lines,
//! `--jobs` (output identical to one thread), and the progress bar staying off pipes.

use crate::util::{assert_code, assert_same, fixture, Dir};
use std::fs;

fn seed(name: &str) -> String {
    fs::read_to_string(fixture(&format!("seeds/{name}"))).expect("seed fixture is readable")
}

/// Documents that exercise the document-wide state: the spun seed (spin score), all seeds
/// joined (furniture cut in the middle), CRLF with a byte-order mark, a stamp at the start.
fn documents() -> Vec<(&'static str, String)> {
    let all: String = (0..5)
        .map(|i| seed(&format!("00{i}.garbled.txt")))
        .collect();
    let spun = seed("002.garbled.txt").repeat(3);
    let crlf = format!("\u{FEFF}{}", all.replace('\n', "\r\n"));
    let stamped = format!(" date 2021-01-24 {}", seed("004.garbled.txt"));
    let no_final_newline = spun.trim_end().to_string();
    vec![
        ("all.txt", all),
        ("spun.txt", spun),
        ("crlf.txt", crlf),
        ("stamped.txt", stamped),
        ("no-final-newline.txt", no_final_newline),
    ]
}

/// Writes `bad.txt`: a seed with an invalid byte on its last line, past the first chunk of
/// a small `--stream-above`. Returns its bytes.
fn late_bad_byte(dir: &Dir) -> Vec<u8> {
    let mut bytes = seed("002.garbled.txt").into_bytes();
    bytes.extend_from_slice(b"\nlate \xFF byte\n");
    dir.write("bad.txt", &bytes);
    bytes
}

/// The run refused `bytes` (from [`late_bad_byte`]) with its offset, printing nothing.
fn assert_refused_bad_byte(out: &crate::util::Output, bytes: &[u8]) {
    assert_code(out, 2);
    assert!(out.stdout.is_empty(), "nothing is printed");
    let offset = bytes.iter().position(|&b| b == 0xFF).unwrap();
    assert!(
        out.stderr
            .contains(&format!("invalid UTF-8 at byte {offset}")),
        "{}",
        out.stderr
    );
}

#[test]
fn streaming_gives_the_bytes_of_the_whole_file_path() {
    let dir = Dir::new("streaming_gives_the_bytes_of_the_whole_file_path");
    for (name, text) in documents() {
        dir.write(name, &text);
        let whole = dir.unspin(&["fix", name]).run();
        assert_code(&whole, 0);
        assert_ne!(
            whole.stdout,
            text.as_bytes(),
            "{name}: the test needs edits"
        );
        // Streamed: every file over 100 bytes, in 1 MiB chunks of lines, two passes.
        let streamed = dir.unspin(&["fix", "--stream-above", "100", name]).run();
        assert_code(&streamed, 0);
        assert_same(&whole.stdout, &streamed.stdout);
        // In place, streamed: the same bytes land in the file.
        let copy = format!("w-{name}");
        dir.write(&copy, &text);
        let written = dir
            .unspin(&["fix", "-w", "--stream-above", "100", &copy])
            .run();
        assert_code(&written, 0);
        assert_same(&whole.stdout, dir.read(&copy));
    }
}

/// With dictionaries that have no `spun` rules, the first pass over one large file runs
/// while the engine is built, and is taken as the engine's: the output, the refusal of bad
/// bytes and the refusal of a bad dictionary are what they are without it.
#[test]
fn a_file_surveyed_while_the_engine_is_built_gives_the_same_bytes() {
    let dir = Dir::new("a_file_surveyed_while_the_engine_is_built_gives_the_same_bytes");
    dir.write(
        "list.tsv",
        // The last replacement's apostrophe takes the document's quote style, which the
        // first pass finds.
        "Minimize!\tCut!\nWomen' Generation\tGirls' Generation\nbosom peril\tthe doctor's word\n",
    );
    let list = ["--no-default-dicts", "--dict", "list.tsv"];
    for (name, text) in documents() {
        let text = format!("{text}\n“Minimize!” said the Women' Generation of bosom peril.\n");
        dir.write(name, &text);
        let whole = dir.unspin(&[&["fix"][..], &list, &[name]].concat()).run();
        assert_code(&whole, 0);
        assert_ne!(
            whole.stdout,
            text.as_bytes(),
            "{name}: the test needs edits"
        );
        let streamed = dir
            .unspin(&[&["fix", "--stream-above", "100"][..], &list, &[name]].concat())
            .run();
        assert_code(&streamed, 0);
        assert_same(&whole.stdout, &streamed.stdout);
    }
    let bytes = late_bad_byte(&dir);
    let out = dir
        .unspin(&[&["fix", "--stream-above", "10"][..], &list, &["bad.txt"]].concat())
        .run();
    assert_refused_bad_byte(&out, &bytes);
    dir.write("broken.tsv", "no tab on this line\n");
    let out = dir
        .unspin(&[
            "fix",
            "--no-default-dicts",
            "--dict",
            "broken.tsv",
            "--stream-above",
            "10",
            "all.txt",
        ])
        .run();
    assert_code(&out, 2);
    assert!(out.stdout.is_empty(), "nothing is printed");
    assert!(out.stderr.contains("broken.tsv:1:"), "{}", out.stderr);
}

#[test]
fn streamed_write_leaves_unchanged_files_alone() {
    let dir = Dir::new("streamed_write_leaves_unchanged_files_alone");
    let clean = seed("000.expected.txt");
    let path = dir.write("clean.txt", &clean);
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = dir
        .unspin(&["fix", "-w", "--stream-above", "10", "clean.txt"])
        .run();
    assert_code(&out, 0);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
    assert_same(clean, dir.read("clean.txt"));
    let leftovers: Vec<_> = fs::read_dir(&dir.path)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".unspin-")
        })
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn streamed_bad_bytes_are_refused_before_anything_is_written() {
    let dir = Dir::new("streamed_bad_bytes_are_refused_before_anything_is_written");
    let bytes = late_bad_byte(&dir);
    let out = dir
        .unspin(&["fix", "--stream-above", "10", "bad.txt"])
        .run();
    assert_refused_bad_byte(&out, &bytes);
    let out = dir
        .unspin(&["fix", "-w", "--stream-above", "10", "bad.txt"])
        .run();
    assert_code(&out, 2);
    assert_same(&bytes, dir.read("bad.txt"));
}

const RECORDS: &str = concat!(
    r#"{"id": 123456789012345678901234567890, "score": 1.10, "text": "Director yells “Minimize!” on set.", "tags": ["a", "b"]}"#,
    "\n",
    r#"{"text":"Nothing to repair here.","z":1e5,"y":-0.0}"#,
    "\n",
    "\n",
    r#"{"article": {"body": "Nested"}, "text": 42}"#,
    "\n",
    "not json at all\n",
    r#"{"other": "no text field"}"#,
    "\n",
    r#"{"text": "Then the director yells “Minimize!”"}"#,
    "\r\n",
);

#[test]
fn jsonl_repairs_the_field_and_keeps_everything_else() {
    let dir = Dir::new("jsonl_repairs_the_field_and_keeps_everything_else");
    let out = dir
        .unspin(&["fix", "--jsonl", "--field", "text"])
        .stdin(RECORDS)
        .run();
    assert_code(&out, 0);
    let expected = RECORDS.replace("“Minimize!”", "“Cut!”");
    assert_same(&expected, &out.stdout);
    assert!(
        out.stderr.contains(
            "3 records passed through unchanged: 1 invalid JSON, 1 missing field, 1 field not a string"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("<stdin>:4:"), "{}", out.stderr);
    // The same records from a file, with --jobs, give the same bytes.
    dir.write("in.jsonl", RECORDS);
    let from_file = dir
        .unspin(&["fix", "--jsonl", "--field", "text", "-j", "3", "in.jsonl"])
        .run();
    assert_code(&from_file, 0);
    assert_same(&out.stdout, &from_file.stdout);
}

#[test]
fn jsonl_nested_field_and_report() {
    let dir = Dir::new("jsonl_nested_field_and_report");
    let records = concat!(
        r#"{"n": 98765432109876543210, "article": {"title": "x", "body": "She yells “Minimize!”"}, "f": 2.50}"#,
        "\n",
        r#"{"article": {"body": "Fine text."}}"#,
        "\n",
    );
    let out = dir
        .unspin(&[
            "fix",
            "--jsonl",
            "--field",
            "article.body",
            "--report",
            "edits",
        ])
        .stdin(records)
        .run();
    assert_code(&out, 0);
    let text = out.stdout_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with(
        r#"{"n": 98765432109876543210, "article": {"title": "x", "body": "She yells “Cut!”"}, "f": 2.50,"edits":[{"rule":"#
    ), "{}", lines[0]);
    let record: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    let edit = &record["edits"][0];
    assert_eq!(edit["before"], "Minimize!");
    assert_eq!(edit["after"], "Cut!");
    let start = edit["start"].as_u64().unwrap() as usize;
    let end = edit["end"].as_u64().unwrap() as usize;
    assert_eq!(&"She yells “Minimize!”"[start..end], "Minimize!");
    assert_eq!(
        lines[1],
        r#"{"article": {"body": "Fine text."},"edits":[]}"#
    );
}

#[test]
fn jsonl_strict_stops_at_the_first_bad_record() {
    let dir = Dir::new("jsonl_strict_stops_at_the_first_bad_record");
    let out = dir
        .unspin(&["fix", "--jsonl", "--field", "text", "--strict"])
        .stdin(RECORDS)
        .run();
    assert_code(&out, 2);
    assert!(
        out.stderr.contains("<stdin>:4: field not a string"),
        "{}",
        out.stderr
    );
    // The records before it were written.
    assert_eq!(out.stdout_text().lines().count(), 3);
    // --field is required, and --report may not overwrite the field.
    let out = dir.unspin(&["fix", "--jsonl"]).stdin(RECORDS).run();
    assert_code(&out, 2);
    let out = dir
        .unspin(&["fix", "--jsonl", "--field", "a.b", "--report", "a"])
        .stdin(RECORDS)
        .run();
    assert_code(&out, 2);
}

/// A folder of small articles made from the seeds, some with edits, some clean.
fn folder(dir: &Dir, n: usize) {
    let seeds: Vec<String> = (0..5)
        .flat_map(|i| {
            [
                seed(&format!("00{i}.garbled.txt")),
                seed(&format!("00{i}.expected.txt")),
            ]
        })
        .collect();
    for i in 0..n {
        dir.write(
            &format!("articles/{:02}/{i:03}.txt", i % 7),
            &seeds[i % seeds.len()],
        );
    }
}

#[test]
fn jobs_do_not_change_the_output() {
    let dir = Dir::new("jobs_do_not_change_the_output");
    folder(&dir, 45);
    dir.write("articles/bad.txt", b"bad \xFF\n");
    for command in [
        vec!["check", "articles"],
        vec!["check", "--format", "json", "articles"],
        vec!["diff", "articles"],
        vec!["fix", "--check", "articles"],
    ] {
        let run = |jobs: &str| {
            let mut args = command.clone();
            args.extend(["--jobs", jobs]);
            dir.unspin(&args).run()
        };
        let one = run("1");
        assert_code(&one, 2);
        for jobs in ["2", "5"] {
            let many = run(jobs);
            assert_eq!(many.code, one.code, "{command:?} --jobs {jobs}");
            assert_same(&one.stdout, &many.stdout);
            assert_eq!(one.stderr, many.stderr, "{command:?} --jobs {jobs}");
        }
        // Never a progress bar on a pipe.
        assert!(!one.stderr.contains("files"), "{}", one.stderr);
    }
}

#[test]
fn fix_write_with_jobs_matches_fix_per_file() {
    let dir = Dir::new("fix_write_with_jobs_matches_fix_per_file");
    folder(&dir, 30);
    let mut expected = Vec::new();
    for i in 0..30 {
        let name = format!("articles/{:02}/{i:03}.txt", i % 7);
        let out = dir.unspin(&["fix", &name]).run();
        expected.push((name, out.stdout));
    }
    let out = dir.unspin(&["fix", "-w", "--jobs", "3", "articles"]).run();
    assert_code(&out, 0);
    assert_eq!(out.stderr, "");
    for (name, bytes) in expected {
        assert_same(bytes, dir.read(&name));
    }
}

/// Under a pseudo-terminal (util-linux `script`), `fix --write` over many files shows the
/// bar on stderr; `--quiet` hides it.
#[test]
fn progress_bar_on_a_terminal_only() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let dir = Dir::new("progress_bar_on_a_terminal_only");
    folder(&dir, 40);
    let bin = env!("CARGO_BIN_EXE_unspin");
    let run = |extra: &str| {
        let command = format!("{bin} fix --write {extra} articles");
        let out = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(&dir.path)
            .env("TERM", "xterm")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let shown = run("--jobs 1");
    assert!(shown.contains("/40 files"), "{shown:?}");
    folder(&dir, 40);
    let quiet = run("--quiet");
    assert!(!quiet.contains("files"), "{quiet:?}");
}
