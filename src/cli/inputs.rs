//! Command-line inputs → the documents to process, in a deterministic order.
//!
//! - A file named on the command line is always read, whatever its name.
//! - `-` is standard input, shown as `<stdin>` in reports.
//! - A folder is walked recursively, in sorted order (by byte order of the names), reading
//!   the files whose name matches a `--glob` pattern (`*.txt` when none is given). Hidden
//!   files and folders (name starting with `.`) are skipped, and so are symbolic links met
//!   during the walk (a link named on the command line is followed).
//! - A path that does not exist, or a folder that cannot be read, is reported and the run
//!   goes on.

use super::Status;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// One document to process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The name reports show: the path as given or found, or `<stdin>`.
    pub fn label(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(path) => path.display().to_string(),
        }
    }

    /// Reads the whole input.
    pub fn read(&self) -> io::Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut bytes = Vec::new();
                io::stdin().lock().read_to_end(&mut bytes)?;
                Ok(bytes)
            }
            Input::File(path) => fs::read(path),
        }
    }
}

/// File-name patterns for folder walks.
///
/// A pattern without `/` is matched against the file name; one with `/` against the path
/// relative to the folder named on the command line. `*` matches any run of characters
/// except `/`, `**` any run including `/`, `?` one character except `/`, `[abc]`, `[a-z]`
/// and `[!abc]` one character of (or not of) a set.
#[derive(Clone, Debug)]
pub struct Globs {
    patterns: Vec<Vec<char>>,
}

/// The pattern used when no `--glob` is given.
pub const DEFAULT_GLOB: &str = "*.txt";

impl Globs {
    /// Checks and keeps `patterns`; `*.txt` when empty.
    pub fn new(patterns: &[String]) -> Result<Globs, String> {
        let patterns: Vec<Vec<char>> = if patterns.is_empty() {
            vec![DEFAULT_GLOB.chars().collect()]
        } else {
            patterns.iter().map(|p| p.chars().collect()).collect()
        };
        for p in &patterns {
            check_pattern(p)
                .map_err(|e| format!("--glob {}: {e}", p.iter().collect::<String>()))?;
        }
        Ok(Globs { patterns })
    }

    /// Whether a file found at `relative` (under a walked folder) is read.
    pub fn matches(&self, relative: &str) -> bool {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        let name: Vec<char> = name.chars().collect();
        let relative: Vec<char> = relative.chars().collect();
        self.patterns.iter().any(|p| {
            if p.contains(&'/') {
                glob_match(p, &relative)
            } else {
                glob_match(p, &name)
            }
        })
    }
}

fn check_pattern(p: &[char]) -> Result<(), String> {
    if p.is_empty() {
        return Err("empty pattern".to_string());
    }
    let mut i = 0;
    while i < p.len() {
        if p[i] == '[' {
            match class_end(p, i) {
                Some(end) => i = end,
                None => return Err("unclosed `[`".to_string()),
            }
        }
        i += 1;
    }
    Ok(())
}

/// Index of the `]` closing the class that opens at `open`.
fn class_end(p: &[char], open: usize) -> Option<usize> {
    let mut i = open + 1;
    if i < p.len() && (p[i] == '!' || p[i] == '^') {
        i += 1;
    }
    // A `]` right after the opening (or the negation) is a member.
    if i < p.len() && p[i] == ']' {
        i += 1;
    }
    (i..p.len()).find(|&k| p[k] == ']')
}

fn class_matches(class: &[char], c: char) -> bool {
    let (negated, members) = match class.first() {
        Some('!' | '^') => (true, &class[1..]),
        _ => (false, class),
    };
    let mut found = false;
    let mut i = 0;
    while i < members.len() {
        if i + 2 < members.len() && members[i + 1] == '-' {
            found |= members[i] <= c && c <= members[i + 2];
            i += 3;
        } else {
            found |= members[i] == c;
            i += 1;
        }
    }
    found != negated
}

fn glob_match(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') => {
            if p.get(1) == Some(&'*') {
                let rest = p[2..].strip_prefix(&['/']).unwrap_or(&p[2..]);
                // `**/` also matches no folder at all.
                (0..=s.len()).any(|k| glob_match(rest, &s[k..]) || glob_match(&p[2..], &s[k..]))
            } else {
                let rest = &p[1..];
                let limit = s.iter().position(|&c| c == '/').unwrap_or(s.len());
                (0..=limit).any(|k| glob_match(rest, &s[k..]))
            }
        }
        Some('?') => !s.is_empty() && s[0] != '/' && glob_match(&p[1..], &s[1..]),
        Some('[') => {
            let end = class_end(p, 0).expect("patterns are checked by Globs::new");
            !s.is_empty()
                && s[0] != '/'
                && class_matches(&p[1..end], s[0])
                && glob_match(&p[end + 1..], &s[1..])
        }
        Some(&c) => !s.is_empty() && s[0] == c && glob_match(&p[1..], &s[1..]),
    }
}

/// Expands command-line `paths` into inputs; problems are reported to `status` and
/// skipped.
pub fn collect(paths: &[PathBuf], globs: &Globs, status: &mut Status) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, "", globs, &mut inputs, status),
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(e) => status.error(format_args!("{}: {}", path.display(), io_message(&e))),
        }
    }
    inputs
}

fn walk(dir: &Path, relative: &str, globs: &Globs, out: &mut Vec<Input>, status: &mut Status) {
    let reader = match fs::read_dir(dir) {
        Ok(reader) => reader,
        Err(e) => {
            status.error(format_args!(
                "{}: cannot read folder: {}",
                dir.display(),
                io_message(&e)
            ));
            return;
        }
    };
    let mut entries: Vec<fs::DirEntry> = Vec::new();
    for entry in reader {
        match entry {
            Ok(entry) => entries.push(entry),
            Err(e) => status.error(format_args!("{}: {}", dir.display(), io_message(&e))),
        }
    }
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let rel = if relative.is_empty() {
            name.to_string()
        } else {
            format!("{relative}/{name}")
        };
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, &rel, globs, out, status),
            Ok(t) if t.is_file() => {
                if globs.matches(&rel) {
                    out.push(Input::File(path));
                }
            }
            // Symbolic links and special files met in a walk are skipped.
            Ok(_) => {}
            Err(e) => status.error(format_args!("{}: {}", path.display(), io_message(&e))),
        }
    }
}

/// An I/O error as a short sentence, without Rust's `(os error 2)` suffix.
pub fn io_message(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn globs(p: &[&str]) -> Globs {
        Globs::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn default_glob_is_txt_on_the_file_name() {
        let g = globs(&[]);
        assert!(g.matches("a.txt"));
        assert!(g.matches("deep/er/b.txt"));
        assert!(!g.matches("a.txt.bak"));
        assert!(!g.matches("a.md"));
    }

    #[test]
    fn glob_syntax() {
        let g = globs(&["*.md", "news-?.[ct]xt", "[!x]*.html"]);
        assert!(g.matches("x/readme.md"));
        assert!(g.matches("news-1.txt"));
        assert!(g.matches("news-1.cxt"));
        assert!(!g.matches("news-12.txt"));
        assert!(g.matches("a.html"));
        assert!(!g.matches("xa.html"));
        let g = globs(&["2021/*.txt"]);
        assert!(g.matches("2021/a.txt"));
        assert!(!g.matches("2021/x/a.txt"));
        assert!(!g.matches("a.txt"));
        let g = globs(&["**/keep/*.txt"]);
        assert!(g.matches("keep/a.txt"));
        assert!(g.matches("x/y/keep/a.txt"));
        assert!(!g.matches("x/other/a.txt"));
        let g = globs(&["[a-c]*"]);
        assert!(g.matches("b1") && !g.matches("d1"));
    }

    #[test]
    fn bad_globs_are_refused() {
        assert!(Globs::new(&["[abc".to_string()]).is_err());
        assert!(Globs::new(&[String::new()]).is_err());
        assert!(Globs::new(&["[]]".to_string()]).is_ok());
    }

    #[test]
    fn io_message_drops_os_error_suffix() {
        let e = io::Error::from_raw_os_error(2);
        assert!(!io_message(&e).contains("os error"));
    }
}
