//! Helpers for the integration tests: a temp folder per test, a way to run the binary, and
//! an assert that shows expected and got between rulers.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A fresh folder for one test, named after it, under cargo's target tmp folder (kept after
/// the run for inspection; emptied when the test starts again).
pub struct Dir {
    pub path: PathBuf,
}

impl Dir {
    pub fn new(test_name: &str) -> Dir {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("integration")
            .join(test_name);
        if path.exists() {
            std::fs::remove_dir_all(&path).expect("old test folder can be removed");
        }
        std::fs::create_dir_all(&path).expect("test folder can be created");
        Dir { path }
    }

    /// Writes `contents` to `name` (folders created as needed); returns the full path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent folder can be created");
        }
        std::fs::write(&path, contents).expect("test file can be written");
        path
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path.join(name)).expect("test file can be read")
    }

    /// `unspin ARGS` run in this folder.
    pub fn unspin(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_unspin"));
        command
            .args(args)
            .current_dir(&self.path)
            .env_remove("NO_COLOR");
        Run {
            command,
            stdin: None,
        }
    }
}

/// A command about to run.
pub struct Run {
    command: Command,
    stdin: Option<Vec<u8>>,
}

/// What a finished command gave.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Output {
    pub fn stdout_text(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }
}

impl Run {
    pub fn stdin(mut self, bytes: impl AsRef<[u8]>) -> Run {
        self.stdin = Some(bytes.as_ref().to_vec());
        self
    }

    pub fn run(mut self) -> Output {
        self.command
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.command.spawn().expect("the unspin binary runs");
        let writer = self.stdin.take().map(|bytes| {
            let mut stdin = child.stdin.take().expect("stdin is piped");
            std::thread::spawn(move || stdin.write_all(&bytes))
        });
        let out = child.wait_with_output().expect("unspin finishes");
        if let Some(writer) = writer {
            let _ = writer.join().expect("stdin writer thread");
        }
        Output {
            code: out.status.code().expect("unspin exits with a code"),
            stdout: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Asserts `expected == got`, showing both between rulers when they differ.
#[track_caller]
pub fn assert_same(expected: impl AsRef<[u8]>, got: impl AsRef<[u8]>) {
    let (expected, got) = (expected.as_ref(), got.as_ref());
    if expected != got {
        let rule = "-".repeat(72);
        panic!(
            "\n{rule}\nexpected\n{rule}\n{}\n{rule}\ngot\n{rule}\n{}\n{rule}\n(debug) expected {:?}\n(debug) got      {:?}",
            String::from_utf8_lossy(expected),
            String::from_utf8_lossy(got),
            String::from_utf8_lossy(expected),
            String::from_utf8_lossy(got),
        );
    }
}

/// Asserts an exit code, showing stderr when it differs.
#[track_caller]
pub fn assert_code(out: &Output, code: i32) {
    assert_eq!(
        out.code,
        code,
        "exit code\nstderr:\n{}\nstdout:\n{}",
        out.stderr,
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Path of a file under `fixtures/`.
pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .display()
        .to_string()
}
