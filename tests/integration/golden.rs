//! Golden fixtures: `unspin fix` on every `fixtures/seeds/NNN.garbled.txt` gives exactly
//! `NNN.expected.txt`, byte for byte, with the embedded dictionaries. Each pair also runs
//! with CRLF line endings and with a byte-order mark derived from it, and the expected text
//! must come through a second run unchanged (idempotence; the clean articles' furniture-free
//! text must not be touched).
//!
//! Adding a case means adding a pair of files under `fixtures/seeds/`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn seeds() -> Vec<(String, PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let mut pairs: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/seeds exists")
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".garbled.txt")?
                .to_string();
            let expected = dir.join(format!("{name}.expected.txt"));
            Some((name, path, expected))
        })
        .collect();
    pairs.sort();
    assert!(pairs.len() >= 5, "the five seed pairs are there");
    pairs
}

/// Runs `unspin fix -` with `input` on stdin and returns stdout.
fn fix(input: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(["fix", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the unspin binary runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let data = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().expect("unspin finishes");
    writer
        .join()
        .expect("writer thread")
        .expect("stdin accepts input");
    assert!(
        out.status.code().is_some_and(|c| c == 0),
        "unspin fix failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn assert_same(name: &str, what: &str, expected: &[u8], got: &[u8]) {
    if expected != got {
        let rule = "-".repeat(72);
        panic!(
            "{name} ({what}) differs\n{rule}\nexpected\n{rule}\n{}\n{rule}\ngot\n{rule}\n{}\n{rule}",
            String::from_utf8_lossy(expected),
            String::from_utf8_lossy(got)
        );
    }
}

fn crlf(text: &[u8]) -> Vec<u8> {
    String::from_utf8(text.to_vec())
        .expect("fixtures are UTF-8")
        .replace('\n', "\r\n")
        .into_bytes()
}

fn bom(text: &[u8]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend_from_slice(text);
    out
}

#[test]
fn seeds_are_repaired_byte_for_byte() {
    for (name, garbled, expected) in seeds() {
        let garbled = std::fs::read(garbled).expect("garbled fixture");
        let expected = std::fs::read(expected).expect("expected fixture");
        assert_same(&name, "LF", &expected, &fix(&garbled));
        assert_same(&name, "CRLF", &crlf(&expected), &fix(&crlf(&garbled)));
        assert_same(&name, "BOM", &bom(&expected), &fix(&bom(&garbled)));
    }
}

#[test]
fn expected_text_is_left_untouched() {
    for (name, _, expected) in seeds() {
        let expected = std::fs::read(expected).expect("expected fixture");
        assert_same(&name, "second run", &expected, &fix(&expected));
        assert_same(
            &name,
            "second run, CRLF",
            &crlf(&expected),
            &fix(&crlf(&expected)),
        );
    }
}

/// Clean articles (written for this project, dense with ordinary English that spinner rules
/// could trip over) must come through byte-identical.
#[test]
fn clean_articles_are_not_changed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clean");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures/clean exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read(&path).expect("clean fixture");
        let name = path.display().to_string();
        assert_same(&name, "clean", &text, &fix(&text));
        count += 1;
    }
    assert!(count >= 4, "the clean fixtures are there");
}
