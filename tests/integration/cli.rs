//! The command-line contract: exit codes, output formats, in-place writes, inputs and
//! errors, tested through the built binary with a small test dictionary
//! (`fixtures/dictionaries/cli/`) instead of the shipped packs.

use crate::util::{assert_code, assert_same, fixture, Dir};
use std::fs;
use std::process::{Command, Stdio};

const GARBLED: &str =
    "He yells “Minimize!”\nThen the 2 actors met Seo Yeji.\nSimilar Articles\nThe end.\n";
const FIXED: &str = "He yells “Cut!”\nThen the two actors met Seo Ye Ji.\nThe end.\n";
const CLEAN: &str = "Nothing to repair here.\n";

/// `SUBCOMMAND` with the test dictionaries only, then `rest`.
fn args<'a>(subcommand: &'a str, dicts: &'a [String], rest: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![subcommand, "--no-default-dicts"];
    for d in dicts {
        v.push("--dict");
        v.push(d);
    }
    v.extend_from_slice(rest);
    v
}

fn dicts() -> Vec<String> {
    ["substitutions", "names", "boilerplate"]
        .iter()
        .map(|n| fixture(&format!("dictionaries/cli/{n}.yaml")))
        .collect()
}

fn temp_files(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(".unspin-") || name.ends_with(".tmp") {
            found.push(name);
        }
        if entry.file_type().unwrap().is_dir() {
            found.extend(temp_files(&entry.path()));
        }
    }
    found
}

#[test]
fn fix_single_file_prints_repaired_text() {
    let dir = Dir::new("fix_single_file_prints_repaired_text");
    dir.write("a.txt", GARBLED);
    let d = dicts();
    let out = dir.unspin(&args("fix", &d, &["a.txt"])).run();
    assert_code(&out, 0);
    assert_same(FIXED, &out.stdout);
    assert_same(GARBLED, dir.read("a.txt"));
}

#[test]
fn fix_reads_stdin() {
    let dir = Dir::new("fix_reads_stdin");
    let d = dicts();
    let out = dir.unspin(&args("fix", &d, &["-"])).stdin(GARBLED).run();
    assert_code(&out, 0);
    assert_same(FIXED, &out.stdout);
    let out = dir.unspin(&args("check", &d, &["-"])).stdin(GARBLED).run();
    assert_code(&out, 1);
    assert!(out
        .stdout_text()
        .starts_with("<stdin>:1:11: Minimize! -> Cut! [cli.cut]\n"));
}

#[test]
fn crlf_bom_and_missing_final_newline_are_kept() {
    let dir = Dir::new("crlf_bom_and_missing_final_newline_are_kept");
    let input = "\u{FEFF}He yells “Minimize!”\r\nSimilar Articles\r\nbye\r\nlast Seo Yeji";
    let want = "\u{FEFF}He yells “Cut!”\r\nbye\r\nlast Seo Ye Ji";
    dir.write("a.txt", input);
    let d = dicts();
    let out = dir.unspin(&args("fix", &d, &["a.txt"])).run();
    assert_code(&out, 0);
    assert_same(want, &out.stdout);
    let out = dir.unspin(&args("fix", &d, &["--write", "a.txt"])).run();
    assert_code(&out, 0);
    assert_same(want, dir.read("a.txt"));
    // A second run changes nothing.
    let out = dir.unspin(&args("fix", &d, &["--check", "a.txt"])).run();
    assert_code(&out, 0);
    assert_same("", &out.stdout);
}

#[test]
fn fix_several_inputs_needs_write_or_check() {
    let dir = Dir::new("fix_several_inputs_needs_write_or_check");
    dir.write("a.txt", GARBLED);
    dir.write("b.txt", GARBLED);
    let d = dicts();
    for paths in [&["a.txt", "b.txt"][..], &["."][..]] {
        let out = dir.unspin(&args("fix", &d, paths)).run();
        assert_code(&out, 2);
        assert!(
            out.stderr.contains("--write") && out.stderr.contains("--check"),
            "{}",
            out.stderr
        );
        assert_same("", &out.stdout);
    }
    let out = dir
        .unspin(&args("fix", &d, &["--write", "-"]))
        .stdin(GARBLED)
        .run();
    assert_code(&out, 2);
    assert!(out.stderr.contains("stdin"), "{}", out.stderr);
}

#[test]
fn fix_write_rewrites_changed_files_only() {
    let dir = Dir::new("fix_write_rewrites_changed_files_only");
    let changed = dir.write("in/a.txt", GARBLED);
    let clean = dir.write("in/sub/clean.txt", CLEAN);
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for p in [&changed, &clean] {
        fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(past)
            .unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&changed, fs::Permissions::from_mode(0o640)).unwrap();
    }
    let d = dicts();
    let out = dir.unspin(&args("fix", &d, &["-w", "in"])).run();
    assert_code(&out, 0);
    assert_same("", &out.stdout);
    assert_same(FIXED, dir.read("in/a.txt"));
    assert_same(CLEAN, dir.read("in/sub/clean.txt"));
    assert_eq!(
        fs::metadata(&clean).unwrap().modified().unwrap(),
        past,
        "clean file touched"
    );
    assert_ne!(fs::metadata(&changed).unwrap().modified().unwrap(), past);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&changed).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    assert_eq!(temp_files(&dir.path), Vec::<String>::new());
}

#[test]
fn exit_codes_of_fix_check_diff() {
    let dir = Dir::new("exit_codes_of_fix_check_diff");
    dir.write("garbled.txt", GARBLED);
    dir.write("clean.txt", CLEAN);
    let d = dicts();
    let cases: &[(&[&str], &str, i32)] = &[
        (&["check"], "garbled.txt", 1),
        (&["check"], "clean.txt", 0),
        (&["check", "--format", "json"], "garbled.txt", 1),
        (&["check", "--format", "json"], "clean.txt", 0),
        (&["diff"], "garbled.txt", 0),
        (&["diff", "--exit-code"], "garbled.txt", 1),
        (&["diff", "--exit-code"], "clean.txt", 0),
        (&["diff", "--word-diff", "--exit-code"], "garbled.txt", 1),
        (&["fix", "--check"], "garbled.txt", 1),
        (&["fix", "--check"], "clean.txt", 0),
        (&["fix"], "garbled.txt", 0),
        (&["fix"], "clean.txt", 0),
        (&["check"], "missing.txt", 2),
    ];
    for (sub, file, code) in cases {
        let mut a = args(sub[0], &d, &sub[1..]);
        a.push(file);
        let out = dir.unspin(&a).run();
        assert_eq!(out.code, *code, "{a:?}: {}", out.stderr);
    }
    // Nothing was written by any of them.
    assert_same(GARBLED, dir.read("garbled.txt"));
    // Changes and an error: the error wins.
    let out = dir
        .unspin(&args("check", &d, &["garbled.txt", "missing.txt"]))
        .run();
    assert_code(&out, 2);
    assert!(out.stderr.contains("missing.txt"), "{}", out.stderr);
    assert!(out.stdout_text().contains("garbled.txt:1:11:"));
}

#[test]
fn fix_check_prints_the_diff_and_writes_nothing() {
    let dir = Dir::new("fix_check_prints_the_diff_and_writes_nothing");
    dir.write("a.txt", GARBLED);
    let d = dicts();
    let check = dir.unspin(&args("fix", &d, &["--check", "a.txt"])).run();
    assert_code(&check, 1);
    let diff = dir.unspin(&args("diff", &d, &["a.txt"])).run();
    assert_same(&diff.stdout, &check.stdout);
    assert_same(GARBLED, dir.read("a.txt"));
}

#[test]
fn check_lines_and_summary() {
    let dir = Dir::new("check_lines_and_summary");
    dir.write("a.txt", GARBLED);
    dir.write("b.txt", "She left the second that Seo Yeji came.\n");
    dir.write("c.txt", CLEAN);
    let d = dicts();
    let out = dir
        .unspin(&args("check", &d, &["a.txt", "b.txt", "c.txt"]))
        .run();
    assert_code(&out, 1);
    assert_same(
        "\
a.txt:1:11: Minimize! -> Cut! [cli.cut]
a.txt:2:6: the 2 actors -> the two actors [cli.two-actors]
a.txt:2:23: Seo Yeji -> Seo Ye Ji [cli.seo-ye-ji]
a.txt:3:1: Similar Articles -> (removed) [cli.similar-articles]
b.txt:1:10: flag: the second that -> the moment [cli.the-second-that]
b.txt:1:26: Seo Yeji -> Seo Ye Ji [cli.seo-ye-ji]
5 changes in 2 files: names 2, substitutions 2, boilerplate 1; 1 flagged (not applied)
",
        &out.stdout,
    );
    // Flagged edits alone are not changes.
    dir.write("flag.txt", "She left the second that he came.\n");
    let out = dir.unspin(&args("check", &d, &["flag.txt", "c.txt"])).run();
    assert_code(&out, 0);
    assert_same(
        "flag.txt:1:10: flag: the second that -> the moment [cli.the-second-that]\n\
         no changes (2 files checked); 1 flagged (not applied)\n",
        &out.stdout,
    );
}

#[test]
fn check_json_fields() {
    let dir = Dir::new("check_json_fields");
    dir.write("a.txt", GARBLED);
    let d = dicts();
    let out = dir
        .unspin(&args("check", &d, &["--format", "json", "a.txt"]))
        .run();
    assert_code(&out, 1);
    let records: Vec<serde_json::Value> = out
        .stdout_text()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(records.len(), 4);
    let first = &records[0];
    let start = GARBLED.find("Minimize!").unwrap();
    let dict_path = &d[0];
    assert_eq!(
        first,
        &serde_json::json!({
            "path": "a.txt", "line": 1, "column": 11, "start": start, "end": start + 9,
            "before": "Minimize!", "after": "Cut!", "rule": "cli.cut",
            "dictionary": format!("{dict_path}:6"), "kind": "substitutions", "tier": "auto",
        })
    );
    for r in &records {
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&GARBLED[s..e], r["before"].as_str().unwrap());
        for field in [
            "path",
            "line",
            "column",
            "before",
            "after",
            "rule",
            "dictionary",
            "kind",
            "tier",
        ] {
            assert!(r.get(field).is_some(), "{field} missing in {r}");
        }
    }
    assert_eq!(records[2]["kind"], "names");
    assert_eq!(records[3]["kind"], "boilerplate");
    assert_eq!(records[3]["after"], "");
}

/// The diff of a folder, applied with `patch -p1` and with `git apply` to copies of it,
/// gives exactly what `unspin fix` prints for each file.
#[test]
fn diff_applies_with_patch_and_git_apply() {
    let dir = Dir::new("diff_applies_with_patch_and_git_apply");
    let files: &[(&str, &str)] = &[
        ("docs/a.txt", GARBLED),
        (
            "docs/crlf.txt",
            "\u{FEFF}He yells “Minimize!”\r\nSimilar Articles\r\nbye\r\nlast Seo Yeji",
        ),
        ("docs/clean.txt", CLEAN),
        (
            "docs/sub/end.txt",
            "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nthe 2 actors\n12\nSimilar Articles",
        ),
        ("docs/sub/only.txt", "Similar Articles\n"),
    ];
    for copy in ["orig", "patch", "git"] {
        for (name, text) in files {
            dir.write(&format!("{copy}/{name}"), text);
        }
    }
    let d = dicts();
    let orig = dir.path.join("orig");
    let diff = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(args("diff", &d, &["--exit-code", "docs"]))
        .current_dir(&orig)
        .output()
        .unwrap();
    assert_eq!(
        diff.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&diff.stderr)
    );
    let patch_file = dir.write("changes.patch", &diff.stdout);

    let patch = Command::new("patch")
        .args(["-p1", "--batch", "--input"])
        .arg(&patch_file)
        .current_dir(dir.path.join("patch"))
        .output()
        .expect("`patch` is installed");
    assert!(
        patch.status.success(),
        "patch: {}{}",
        String::from_utf8_lossy(&patch.stdout),
        String::from_utf8_lossy(&patch.stderr)
    );

    let git_dir = dir.path.join("git");
    let init = Command::new("git")
        .args(["init", "-q"])
        .current_dir(&git_dir)
        .status()
        .expect("`git` is installed");
    assert!(init.success());
    let apply = Command::new("git")
        .arg("apply")
        .arg(&patch_file)
        .current_dir(&git_dir)
        .output()
        .unwrap();
    assert!(
        apply.status.success(),
        "git apply: {}",
        String::from_utf8_lossy(&apply.stderr)
    );

    for (name, _) in files {
        let fixed = Command::new(env!("CARGO_BIN_EXE_unspin"))
            .args(args("fix", &d, &[name]))
            .current_dir(&orig)
            .output()
            .unwrap();
        assert_eq!(fixed.status.code(), Some(0));
        assert_same(
            &fixed.stdout,
            fs::read(dir.path.join("patch").join(name)).unwrap(),
        );
        assert_same(&fixed.stdout, fs::read(git_dir.join(name)).unwrap());
    }
}

#[test]
fn diff_word_and_color() {
    let dir = Dir::new("diff_word_and_color");
    dir.write("a.txt", GARBLED);
    let d = dicts();
    let out = dir
        .unspin(&args("diff", &d, &["--word-diff", "--exit-code", "a.txt"]))
        .run();
    assert_code(&out, 1);
    let text = out.stdout_text();
    assert!(
        text.contains("He yells “[-Minimize!-]{+Cut!+}”\n"),
        "{text}"
    );
    assert!(text.contains("met [-Seo Yeji-]{+Seo Ye Ji+}."), "{text}");
    assert!(!text.contains('\x1b'));
    // Not a terminal: no colour by default.
    let plain = dir.unspin(&args("diff", &d, &["a.txt"])).run();
    assert!(!plain.stdout_text().contains('\x1b'));
    let color = dir
        .unspin(&args("diff", &d, &["--color", "always", "a.txt"]))
        .run();
    assert_code(&color, 0);
    let text = color.stdout_text();
    assert!(
        text.contains("\x1b[31m-He yells “\x1b[7mMinimize!\x1b[27m”\x1b[0m\n"),
        "{text:?}"
    );
    assert!(
        text.contains("\x1b[32m+He yells “\x1b[7mCut!\x1b[27m”\x1b[0m\n"),
        "{text:?}"
    );
    let never = dir
        .unspin(&args("diff", &d, &["--color", "never", "a.txt"]))
        .run();
    assert_same(&plain.stdout, &never.stdout);
}

#[test]
fn malformed_dictionary_names_the_place_and_writes_nothing() {
    let dir = Dir::new("malformed_dictionary_names_the_place_and_writes_nothing");
    dir.write("a.txt", GARBLED);
    let bad = fixture("dictionaries/cli/malformed.yaml");
    let mut d = dicts();
    d.push(bad.clone());
    for sub in [&["fix", "--write"][..], &["fix"], &["check"], &["diff"]] {
        let mut a = args(sub[0], &d, &sub[1..]);
        a.push("a.txt");
        let out = dir.unspin(&a).run();
        assert_code(&out, 2);
        assert!(
            out.stderr.contains(&format!("{bad}:7:5: ")),
            "{sub:?}: {}",
            out.stderr
        );
        assert_same("", &out.stdout);
        assert_same(GARBLED, dir.read("a.txt"));
    }
}

#[test]
fn folders_are_walked_in_order_with_glob() {
    let dir = Dir::new("folders_are_walked_in_order_with_glob");
    for name in [
        "in/b.txt",
        "in/a.txt",
        "in/sub/c.txt",
        "in/.hidden/d.txt",
        "in/.e.txt",
        "in/f.md",
        "in/g.txt.bak",
    ] {
        dir.write(name, "Minimize!\n");
    }
    let d = dicts();
    let files = |extra: &[&str]| -> Vec<String> {
        let mut rest = extra.to_vec();
        rest.push("in");
        let out = dir.unspin(&args("check", &d, &rest)).run();
        assert_code(&out, 1);
        out.stdout_text()
            .lines()
            .filter_map(|l| l.split_once(":1:1:").map(|(p, _)| p.to_string()))
            .collect()
    };
    assert_eq!(files(&[]), ["in/a.txt", "in/b.txt", "in/sub/c.txt"]);
    assert_eq!(files(&["--glob", "*.md"]), ["in/f.md"]);
    assert_eq!(
        files(&["--glob", "*.md", "--glob", "c.*"]),
        ["in/f.md", "in/sub/c.txt"]
    );
    assert_eq!(files(&["--glob", "sub/*"]), ["in/sub/c.txt"]);
    // A file named directly is read whatever its name.
    let out = dir.unspin(&args("check", &d, &["in/.e.txt"])).run();
    assert_code(&out, 1);
    let out = dir
        .unspin(&args("check", &d, &["--glob", "[x", "in"]))
        .run();
    assert_code(&out, 2);
}

#[test]
fn invalid_utf8_is_reported_and_other_files_processed() {
    let dir = Dir::new("invalid_utf8_is_reported_and_other_files_processed");
    dir.write("in/a.txt", GARBLED);
    dir.write("in/bad.txt", b"ok \xFF Minimize!\n");
    dir.write("in/c.txt", GARBLED);
    let d = dicts();
    let out = dir.unspin(&args("check", &d, &["in"])).run();
    assert_code(&out, 2);
    assert!(
        out.stderr.contains("in/bad.txt: invalid UTF-8 at byte 3"),
        "{}",
        out.stderr
    );
    let text = out.stdout_text();
    assert!(
        text.contains("in/a.txt:1:11:") && text.contains("in/c.txt:1:11:"),
        "{text}"
    );

    let out = dir.unspin(&args("fix", &d, &["--write", "in"])).run();
    assert_code(&out, 2);
    assert!(
        out.stderr.contains("in/bad.txt: invalid UTF-8 at byte 3"),
        "{}",
        out.stderr
    );
    assert_same(FIXED, dir.read("in/a.txt"));
    assert_same(FIXED, dir.read("in/c.txt"));
    assert_same(b"ok \xFF Minimize!\n", dir.read("in/bad.txt"));

    let out = dir.unspin(&args("fix", &d, &["in/bad.txt"])).run();
    assert_code(&out, 2);
    assert_same("", &out.stdout);
}

#[test]
fn binary_and_utf16_files() {
    let dir = Dir::new("binary_and_utf16_files");
    dir.write("in/clean.txt", CLEAN);
    dir.write("in/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00");
    let d = dicts();
    let out = dir.unspin(&args("check", &d, &["in"])).run();
    assert_code(&out, 0);
    assert!(
        out.stderr.contains("in/image.txt: skipped: binary file"),
        "{}",
        out.stderr
    );
    // As a filter, a binary file passes through unchanged.
    let out = dir.unspin(&args("fix", &d, &["in/image.txt"])).run();
    assert_code(&out, 0);
    assert_same(b"\x89PNG\r\n\x1a\n\x00\x00\x00", &out.stdout);

    dir.write("in/utf16.txt", b"\xFF\xFEh\x00i\x00");
    let out = dir.unspin(&args("check", &d, &["in"])).run();
    assert_code(&out, 2);
    assert!(
        out.stderr.contains("in/utf16.txt: UTF-16 is not supported"),
        "{}",
        out.stderr
    );
}

#[test]
fn disable_and_kind_narrow_the_rules() {
    let dir = Dir::new("disable_and_kind_narrow_the_rules");
    dir.write("a.txt", GARBLED);
    let d = dicts();
    let rules = |rest: &[&str]| -> (i32, Vec<String>) {
        let mut r = rest.to_vec();
        r.extend(["--format", "json", "a.txt"]);
        let out = dir.unspin(&args("check", &d, &r)).run();
        let ids = out
            .stdout_text()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["rule"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        (out.code, ids)
    };
    assert_eq!(
        rules(&["--kind", "names"]),
        (1, vec!["cli.seo-ye-ji".to_string()])
    );
    assert_eq!(
        rules(&[
            "--kind",
            "substitutions",
            "--kind",
            "boilerplate",
            "--disable",
            "cli.cut"
        ]),
        (
            1,
            vec![
                "cli.two-actors".to_string(),
                "cli.similar-articles".to_string()
            ]
        )
    );
    let out = dir
        .unspin(&args("check", &d, &["--disable", "no.such-rule", "a.txt"]))
        .run();
    assert_code(&out, 2);
    assert!(out.stderr.contains("no.such-rule"), "{}", out.stderr);
    assert_same("", &out.stdout);
}

#[test]
fn broken_pipe_is_a_quiet_success() {
    let dir = Dir::new("broken_pipe_is_a_quiet_success");
    let big = "Minimize! Minimize! Minimize!\n".repeat(20_000);
    dir.write("big.txt", &big);
    let d = dicts();
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(args("check", &d, &["big.txt"]))
        .current_dir(&dir.path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_same("", &out.stderr);
}

#[test]
fn help_has_examples_and_version() {
    let dir = Dir::new("help_has_examples_and_version");
    for sub in [
        &[][..],
        &["fix"],
        &["check"],
        &["diff"],
        &["review"],
        &["learn"],
        &["suggest"],
        &["config"],
        &["dict", "lint"],
        &["dict", "test"],
        &["dict", "add"],
    ] {
        let mut a = sub.to_vec();
        a.push("--help");
        let out = dir.unspin(&a).run();
        assert_code(&out, 0);
        assert!(out.stdout_text().contains("Examples:"), "{a:?}");
    }
    let out = dir.unspin(&["--version"]).run();
    assert_code(&out, 0);
    assert_same(
        format!("unspin {}\n", env!("CARGO_PKG_VERSION")),
        &out.stdout,
    );
    let out = dir.unspin(&["fix", "--no-such-flag", "a"]).run();
    assert_code(&out, 2);
}

#[test]
fn dict_lint_and_test_exit_codes() {
    let dir = Dir::new("dict_lint_and_test_exit_codes");
    let d = dicts();
    let mut lint = vec!["dict", "lint"];
    lint.extend(d.iter().map(String::as_str));
    let out = dir.unspin(&lint).run();
    assert_code(&out, 0);

    let bad = fixture("dictionaries/cli/malformed.yaml");
    let out = dir.unspin(&["dict", "lint", &bad]).run();
    assert_code(&out, 2);
    assert!(
        out.stderr.contains(&format!("{bad}:7:5: ")),
        "{}",
        out.stderr
    );

    let mut test = vec!["dict", "test"];
    test.extend(d.iter().map(String::as_str));
    let out = dir.unspin(&test).run();
    assert_code(&out, 0);
    assert!(
        out.stdout_text().ends_with("5 examples passed, 0 failed\n"),
        "{}",
        out.stdout_text()
    );

    let failing = fixture("dictionaries/cli/failing-example.yaml");
    let out = dir.unspin(&["dict", "test", &failing]).run();
    assert_code(&out, 1);
    let text = out.stdout_text();
    assert!(text.contains(&format!("{failing}:")), "{text}");
    assert!(text.ends_with("0 examples passed, 1 failed\n"), "{text}");

    let out = dir.unspin(&["dict", "test", &bad]).run();
    assert_code(&out, 2);
}

/// `--dict FOLDER` loads the folder's `*.yaml`, `*.yml` and `*.tsv` files (what
/// `learn --into FOLDER` writes), not hidden files, other names or subfolders; a folder
/// with none is an error naming it.
#[test]
fn dict_folder_loads_its_dictionaries() {
    let dir = Dir::new("dict_folder_loads_its_dictionaries");
    dir.write(
        "rules/a.yaml",
        "kind: substitutions\nrules:\n  - id: cut\n    find: \"Minimize!\"\n    replace: \"cut!\"\n",
    );
    dir.write("rules/b.tsv", "the 2 actors\tthe two actors\n");
    dir.write("rules/c.yml", "kind: substitutions\nrules:\n  - id: soon\n    find: \"in a little while\"\n    replace: \"soon\"\n");
    // Not dictionaries of the folder: they would each change the text, or fail to load.
    dir.write("rules/notes.txt", "He\tShe\n");
    dir.write(
        "rules/.hidden.yaml",
        "kind: substitutions\nrules:\n  - id: he\n    find: He\n    replace: She\n",
    );
    dir.write("rules/sub/d.yaml", "not: [a dictionary\n");
    dir.write("rules/README.md", "# my rules\n");
    dir.write(
        "article.txt",
        "He yells Minimize! at the 2 actors, in a little while.\n",
    );
    let out = dir
        .unspin(&[
            "fix",
            "--no-default-dicts",
            "--dict",
            "rules",
            "article.txt",
        ])
        .run();
    assert_code(&out, 0);
    assert_same("He yells Cut! at the two actors, soon.\n", &out.stdout);

    // Each rule comes from its own file (a TSV rule is named after its file and line).
    let out = dir
        .unspin(&[
            "check",
            "--no-default-dicts",
            "--dict",
            "rules",
            "article.txt",
        ])
        .run();
    assert_code(&out, 1);
    let text = out.stdout_text();
    for id in ["[cut]", "[b:1]", "[soon]"] {
        assert!(text.contains(id), "{id} in {text}");
    }
    assert!(
        text.ends_with("3 changes in 1 file: substitutions 3\n"),
        "{text}"
    );

    dir.write("empty/notes.txt", "He\tShe\n");
    let out = dir
        .unspin(&[
            "fix",
            "--no-default-dicts",
            "--dict",
            "empty",
            "article.txt",
        ])
        .run();
    assert_code(&out, 2);
    assert!(
        out.stderr.contains("empty: no dictionaries in this folder"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
}
