//! Decisions that stick: changes a reviewer rejected, and rules switched off for a file or
//! folder, kept in a small YAML file so that `fix`, `check`, `diff` and `review` do not
//! propose them again.
//!
//! # Keying a rejection
//!
//! A rejection is not remembered by byte offset (any edit above it would move it) but by
//! what the change is and where it sits in the prose: a [`ChangeKey`] of
//!
//! - the rule id, the text replaced (`before`) and the replacement (`after`), and
//! - up to [`CONTEXT_WORDS`] words on each side (`left`, `right`), on the same line: a
//!   paragraph is a line in scraped articles, and a line added or removed next to the
//!   change must not change its key.
//!
//! All five are [normalized](normalize): every run of white space (spaces, tabs, no-break
//! spaces, line breaks) becomes one space, curly quotes and apostrophes become straight
//! ones, a byte-order mark is dropped. Case is kept.
//!
//! The context words are read from the text *as `fix` would leave it* apart from the change
//! itself, that is with every other proposed edit applied ([`keys`]). So accepting a
//! neighbouring change (which writes it into the file, after which it is no longer proposed)
//! leaves the key of a rejected change unchanged: both before and after, its neighbour reads
//! as repaired. With rules `Seo Dana → Seo Dan Ah` and `the place she → where she`:
//!
//! ```
//! use unspin::{decisions, engine::Engine, rule::Rule};
//! let engine = Engine::new(vec![
//!     Rule::replace("name", &["Seo Dana"], "Seo Dan Ah"),
//!     Rule::replace("where", &["the place she"], "where she"),
//! ], Default::default()).unwrap();
//! let key = |text: &str| {
//!     let edits = engine.find_edits(text).edits;
//!     decisions::keys(text, &edits, engine.rules()).pop().unwrap()
//! };
//! let before = key("Seo Dana visited the place she grew up.");
//! // The name was accepted and written; the rejected change keeps its key.
//! let after = key("Seo Dan Ah visited the place she grew up.");
//! assert_eq!(before, after);
//! assert_eq!(before.left, "Seo Dan Ah visited ");
//! assert_eq!(before.right, " grew up.");
//! ```
//!
//! A rejection therefore holds wherever the same change appears between the same words,
//! in any file the decisions file covers (its `file` field records where it was made, for
//! people; it is not part of the key). A change whose neighbourhood differs (another
//! occurrence elsewhere, or the same place after the words around it were edited) is
//! proposed again. A custom replacement typed in review (`e`) is text the engine did not
//! propose, so the keys of changes within [`CONTEXT_WORDS`] words of it change.
//!
//! # Switching a rule off (`never`)
//!
//! A [`Never`] entry stops one rule in one scope: a file or a folder, written as a path
//! relative to the *base folder* (the folder holding `.unspin/`, or the decisions file's
//! own folder when it is not in one named `.unspin`; see [`Store`]), with `/` separators
//! and `..` steps for a file outside it; `.` is the whole base folder. `unspin review`'s `N` key writes the scope of
//! the file under review; edit it to a folder to widen it. Input read from stdin has no
//! path, so only rejections apply to it.
//!
//! # Where the file is
//!
//! `--decisions PATH`, else `decisions:` in the project settings ([`crate::settings`]),
//! else [`DEFAULT_FILE`] in the folder of the first input (a folder named on the command
//! line: inside it; a file: beside it; stdin: the current folder). A missing file means no
//! decisions; `unspin review` creates it (and its folder) with the first decision.
//!
//! # The file
//!
//! ```yaml
//! rejected:
//! - rule: review.where
//!   before: the place she
//!   after: where she
//!   left: 'Seo Dan Ah visited '
//!   right: ' grew up.'
//!   file: news/a.txt
//! never:
//! - rule: kdrama-spun.however
//!   scope: news/opinion
//! ```
//!
//! Unknown fields are errors (`file:line:column: message`), so a misspelt hand edit is not
//! silently ignored. serde_yaml is used here directly: this file has its own small schema,
//! and keeping its YAML handling in this one module keeps it swappable, like the dictionary
//! module's. Rewriting the file keeps only its standard header comment.

use crate::edit::{self, Edit};
use crate::rule::Rule;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The decisions file used when no other is named, relative to the folder of the first
/// input.
pub const DEFAULT_FILE: &str = ".unspin/decisions.yaml";

/// Words of context kept on each side of a change in its [`ChangeKey`].
pub const CONTEXT_WORDS: usize = 4;

const HEADER: &str = "\
# unspin decisions: changes a reviewer rejected (`rejected`) and rules switched off for a
# file or folder (`never`); fix, check, diff and review do not propose them again.
# A rejection matches the same rule making the same change between the same words
# (`left`, `right`: up to 4 words each side on the same line; white space and quotes
# normalized), wherever it is. A `never` scope is a path relative to the folder holding
# `.unspin/` (`.` for all of it). Written by `unspin review`; safe to edit by hand, but
# review rewrites the file keeping only this header comment.
";

/// What identifies one proposed change, wherever it is in the file. All fields are
/// [normalized](normalize).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChangeKey {
    /// The rule's id.
    pub rule: String,
    /// The text replaced.
    pub before: String,
    /// The replacement.
    pub after: String,
    /// Up to [`CONTEXT_WORDS`] words before the change on its line (with the space that
    /// separates them from it, if any).
    pub left: String,
    /// Up to [`CONTEXT_WORDS`] words after the change on its line.
    pub right: String,
}

/// A rejected change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// What was rejected.
    pub key: ChangeKey,
    /// Where it was rejected (relative to the base folder), for people; not part of the key.
    pub file: Option<String>,
}

/// A rule switched off in a file or folder.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Never {
    /// The rule's id.
    pub rule: String,
    /// A file or folder relative to the base folder, `/`-separated; `.` for all of it.
    pub scope: String,
}

impl Never {
    /// Whether this entry covers the file at `scope` (a path as [`Store::scope`] gives it).
    pub fn covers(&self, scope: &str) -> bool {
        let own = self.scope.trim_end_matches('/');
        own == "." || own == scope || scope.strip_prefix(own).is_some_and(|r| r.starts_with('/'))
    }
}

/// Every decision of one decisions file.
#[derive(Clone, Debug, Default)]
pub struct Decisions {
    rejected: Vec<Rejection>,
    never: Vec<Never>,
    index: HashSet<ChangeKey>,
}

impl PartialEq for Decisions {
    fn eq(&self, other: &Decisions) -> bool {
        self.rejected == other.rejected && self.never == other.never
    }
}

impl Decisions {
    /// The rejections, in the order they were recorded.
    pub fn rejected(&self) -> &[Rejection] {
        &self.rejected
    }

    /// The switched-off rules, in the order they were recorded.
    pub fn never(&self) -> &[Never] {
        &self.never
    }

    /// True when there is nothing to suppress.
    pub fn is_empty(&self) -> bool {
        self.rejected.is_empty() && self.never.is_empty()
    }

    /// Records a rejection; returns false (and records nothing) if the same key is already
    /// rejected.
    pub fn reject(&mut self, rejection: Rejection) -> bool {
        if !self.index.insert(rejection.key.clone()) {
            return false;
        }
        self.rejected.push(rejection);
        true
    }

    /// Switches a rule off in a scope; returns false if that entry already exists.
    pub fn add_never(&mut self, never: Never) -> bool {
        if self.never.contains(&never) {
            return false;
        }
        self.never.push(never);
        true
    }

    /// Whether the change `key`, in the file at `scope` (`None` for stdin), is suppressed.
    pub fn suppresses(&self, key: &ChangeKey, scope: Option<&str>) -> bool {
        self.index.contains(key)
            || scope.is_some_and(|s| self.never.iter().any(|n| n.rule == key.rule && n.covers(s)))
    }

    /// Parses a decisions file; `name` appears in errors.
    pub fn parse(name: &str, text: &str) -> Result<Decisions, DecisionsError> {
        if is_blank(text) {
            return Ok(Decisions::default());
        }
        let spec: FileSpec = serde_yaml::from_str(text).map_err(|e| yaml_error(name, &e))?;
        let mut decisions = Decisions::default();
        for r in spec.rejected {
            decisions.reject(Rejection {
                key: ChangeKey {
                    rule: r.rule,
                    before: normalize(&r.before),
                    after: normalize(&r.after),
                    left: normalize(&r.left),
                    right: normalize(&r.right),
                },
                file: r.file,
            });
        }
        for n in spec.never {
            decisions.add_never(Never {
                rule: n.rule,
                scope: n.scope,
            });
        }
        Ok(decisions)
    }

    /// The file's text: a header comment, then the entries in the order recorded.
    pub fn to_yaml(&self) -> String {
        let spec = FileSpec {
            rejected: self
                .rejected
                .iter()
                .map(|r| RejectionSpec {
                    rule: r.key.rule.clone(),
                    before: r.key.before.clone(),
                    after: r.key.after.clone(),
                    left: r.key.left.clone(),
                    right: r.key.right.clone(),
                    file: r.file.clone(),
                })
                .collect(),
            never: self
                .never
                .iter()
                .map(|n| NeverSpec {
                    rule: n.rule.clone(),
                    scope: n.scope.clone(),
                })
                .collect(),
        };
        let body =
            serde_yaml::to_string(&spec).expect("plain strings and lists always serialize to YAML");
        format!("{HEADER}{body}")
    }
}

/// A decisions file that could not be read: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionsError {
    /// The file.
    pub file: String,
    /// 1-based line (0 when the error concerns the whole file).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for DecisionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for DecisionsError {}

fn yaml_error(name: &str, err: &serde_yaml::Error) -> DecisionsError {
    let mut message = err.to_string();
    let (mut line, mut column) = (0, 0);
    if let Some(at) = err.location() {
        let suffix = format!(" at line {} column {}", at.line(), at.column());
        message = message.replacen(&suffix, "", 1);
        (line, column) = (at.line() as u32, at.column() as u32);
    }
    DecisionsError {
        file: name.to_string(),
        line,
        column,
        message: format!("bad decisions file: {message}"),
    }
}

/// True for text with nothing but comments and blank lines (an empty YAML document).
fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    })
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rejected: Vec<RejectionSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    never: Vec<NeverSpec>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RejectionSpec {
    rule: String,
    before: String,
    after: String,
    #[serde(default)]
    left: String,
    #[serde(default)]
    right: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NeverSpec {
    rule: String,
    scope: String,
}

/// `text` with every run of white space made one space, curly quotes and apostrophes made
/// straight, and byte-order marks dropped: what a [`ChangeKey`] compares.
///
/// ```
/// use unspin::decisions::normalize;
/// assert_eq!(normalize("“Cut!”\u{a0} she\r\n said"), "\"Cut!\" she said");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c == '\u{FEFF}' {
            continue;
        }
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.push(match c {
            '‘' | '’' | '‚' | '‛' | '′' => '\'',
            '“' | '”' | '„' | '‟' | '″' => '"',
            c => c,
        });
    }
    out
}

/// The [`ChangeKey`] of each of `edits` (as the engine returns them: sorted, not
/// overlapping) in `haystack`. `rules` is the engine's rule table. The context words are
/// read with every *other* edit applied (see the [module docs](self)), so pass the full list
/// the engine proposed, before any filtering.
pub fn keys(haystack: &str, edits: &[Edit], rules: &[Rule]) -> Vec<ChangeKey> {
    if edits.is_empty() {
        return Vec::new();
    }
    let fixed = edit::apply(haystack, edits);
    let mut shift: isize = 0;
    edits
        .iter()
        .map(|e| {
            let start = (e.span.start as isize + shift) as usize;
            let end = start + e.after.len();
            shift += e.after.len() as isize - e.span.len() as isize;
            ChangeKey {
                rule: rules[e.rule].id.clone(),
                before: normalize(&e.before),
                after: normalize(&e.after),
                left: normalize(tail_words(&fixed[..start], CONTEXT_WORDS)),
                right: normalize(head_words(&fixed[end..], CONTEXT_WORDS)),
            }
        })
        .collect()
}

/// Drops the edits `decisions` suppress in the file at `scope` (a path as [`Store::scope`]
/// gives it; `None` for stdin). Returns the edits kept, in order, and how many were
/// dropped. `edits` must be the full list the engine proposed (see [`keys`]).
pub fn filter(
    haystack: &str,
    edits: Vec<Edit>,
    rules: &[Rule],
    decisions: &Decisions,
    scope: Option<&str>,
) -> (Vec<Edit>, usize) {
    if decisions.is_empty() || edits.is_empty() {
        return (edits, 0);
    }
    let keys = keys(haystack, &edits, rules);
    let before = edits.len();
    let kept: Vec<Edit> = edits
        .into_iter()
        .zip(keys)
        .filter(|(_, key)| !decisions.suppresses(key, scope))
        .map(|(e, _)| e)
        .collect();
    let dropped = before - kept.len();
    (kept, dropped)
}

/// The end of `text` holding its last `k` white-space-separated words on its last line (the
/// whole last line if it has fewer), including any white space after them.
pub(crate) fn tail_words(text: &str, k: usize) -> &str {
    let text = &text[text.rfind(['\n', '\r']).map_or(0, |i| i + 1)..];
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices().rev() {
        if c.is_whitespace() {
            if in_word && words == k {
                return &text[i + c.len_utf8()..];
            }
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
    }
    text
}

/// The start of `text` holding its first `k` white-space-separated words on its first line
/// (the whole first line if it has fewer), including any white space before them.
pub(crate) fn head_words(text: &str, k: usize) -> &str {
    let text = &text[..text.find(['\n', '\r']).unwrap_or(text.len())];
    let mut words = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word && words == k {
                return &text[..i];
            }
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
    }
    text
}

/// A decisions file on disk: where it is, what it holds, and the base folder its scopes
/// are relative to.
#[derive(Clone, Debug)]
pub struct Store {
    /// The file's path, as named (it may not exist yet).
    pub path: PathBuf,
    /// What it holds (nothing, for a file that does not exist).
    pub decisions: Decisions,
    /// The base folder, absolute: the folder holding `.unspin/` when the file is in a
    /// folder named `.unspin`, else the file's own folder.
    base: PathBuf,
}

impl Store {
    /// Reads the decisions file at `path`; a missing file is an empty store.
    pub fn open(path: &Path) -> Result<Store, DecisionsError> {
        let name = path.display().to_string();
        let decisions = match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|e| DecisionsError {
                    file: name.clone(),
                    line: 0,
                    column: 0,
                    message: format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                })?;
                Decisions::parse(&name, &text)?
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Decisions::default(),
            Err(e) => {
                return Err(DecisionsError {
                    file: name,
                    line: 0,
                    column: 0,
                    message: format!("cannot read decisions file: {e}"),
                })
            }
        };
        Ok(Store {
            path: path.to_path_buf(),
            decisions,
            base: base_folder(path),
        })
    }

    /// The base folder scopes are relative to (absolute).
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// The scope of the file at `file`: its path relative to the base folder, with `/`
    /// separators (and `..` steps when it is outside the base folder); `.` for the base
    /// folder itself.
    pub fn scope(&self, file: &Path) -> String {
        let file = resolve(file);
        let names = |p: &Path| -> Vec<String> {
            p.components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        };
        let (base, file) = (names(&self.base), names(&file));
        let common = base.iter().zip(&file).take_while(|(a, b)| a == b).count();
        let mut parts: Vec<&str> = vec![".."; base.len() - common];
        parts.extend(file[common..].iter().map(String::as_str));
        if parts.is_empty() {
            ".".to_string()
        } else {
            parts.join("/")
        }
    }

    /// Writes the decisions back, atomically, creating the file and its folder if needed.
    pub fn save(&self) -> io::Result<()> {
        let text = self.decisions.to_yaml();
        if self.path.exists() {
            return crate::write::atomic(&self.path, text.as_bytes());
        }
        let dir = match self.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".unspin-")
            .suffix(".tmp")
            .tempfile_in(&dir)?;
        io::Write::write_all(&mut tmp, text.as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Where the decisions file is when none is named: [`DEFAULT_FILE`] in the folder of the
/// first input (`first`: a folder is used as is, a file gives its folder; `None` or `-`,
/// stdin, gives the current folder).
pub fn default_path(first: Option<&Path>) -> PathBuf {
    let folder = match first {
        None => PathBuf::new(),
        Some(p) if p.as_os_str() == "-" => PathBuf::new(),
        Some(p) if p.is_dir() => p.to_path_buf(),
        Some(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    folder.join(DEFAULT_FILE)
}

/// The base folder of a decisions file at `path` (see [`Store`]).
fn base_folder(path: &Path) -> PathBuf {
    let path = resolve(path);
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    if dir.file_name().is_some_and(|n| n == ".unspin") {
        dir.parent().map(Path::to_path_buf).unwrap_or(dir)
    } else {
        dir
    }
}

/// `path` made absolute and free of `.` and `..`: canonical where it exists (symbolic
/// links resolved), else its longest existing ancestor made canonical and the rest appended.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    let mut at = absolute.as_path();
    loop {
        if let Ok(canonical) = std::fs::canonicalize(at) {
            let mut out = canonical;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                at = parent;
            }
            _ => return lexical(&absolute),
        }
    }
}

/// `path` with `.` and `..` removed without looking at the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;

    fn engine() -> Engine {
        Engine::new(
            vec![
                Rule::replace("name", &["Seo Dana"], "Seo Dan Ah"),
                Rule::replace("where", &["the place she"], "where she"),
                Rule::replace("cut", &["Minimize!"], "Cut!"),
            ],
            Default::default(),
        )
        .unwrap()
    }

    /// The edits `engine` proposes in `text`, and their keys.
    fn proposed(engine: &Engine, text: &str) -> (Vec<Edit>, Vec<ChangeKey>) {
        let edits = engine.find_edits(text).edits;
        let keys = keys(text, &edits, engine.rules());
        (edits, keys)
    }

    fn reject(decisions: &mut Decisions, key: &ChangeKey) {
        decisions.reject(Rejection {
            key: key.clone(),
            file: Some("a.txt".into()),
        });
    }

    #[test]
    fn normalize_spaces_quotes_and_bom() {
        assert_eq!(normalize("a\u{a0}\u{a0}b\t\r\nc"), "a b c");
        assert_eq!(normalize("‘it’s’ “x”"), "'it's' \"x\"");
        assert_eq!(normalize("\u{FEFF}Hi"), "Hi");
        assert_eq!(normalize("Keep Case"), "Keep Case");
    }

    #[test]
    fn context_words_on_each_side() {
        assert_eq!(
            tail_words("one two three four five six ", 4),
            "three four five six "
        );
        assert_eq!(tail_words("one two", 4), "one two");
        assert_eq!(tail_words("yells “", 4), "yells “");
        assert_eq!(tail_words("", 4), "");
        assert_eq!(
            head_words(" one two three four five", 4),
            " one two three four"
        );
        assert_eq!(head_words("” and", 4), "” and");
        assert_eq!(tail_words("last line\nShe went ", 4), "She went ");
        assert_eq!(tail_words("last line\r\n", 4), "");
        assert_eq!(head_words(" grew up.\r\nNext line", 4), " grew up.");
    }

    #[test]
    fn key_fields() {
        let e = engine();
        let text = "The director yells “Minimize!” and\u{a0}the crew stops for lunch.";
        let (_, keys) = proposed(&e, text);
        assert_eq!(
            keys,
            vec![ChangeKey {
                rule: "cut".into(),
                before: "Minimize!".into(),
                after: "Cut!".into(),
                left: "The director yells \"".into(),
                right: "\" and the crew".into(),
            }]
        );
    }

    #[test]
    fn rejection_survives_changes_elsewhere_in_the_file() {
        let e = engine();
        let text = "First line about Seo Dana.\nShe went back to the place she grew up in.\n";
        let (edits, keys) = proposed(&e, text);
        assert_eq!(edits.len(), 2);
        let mut decisions = Decisions::default();
        reject(&mut decisions, &keys[1]);
        // Unrelated text added above and below, the name already repaired, CRLF endings.
        let later = "A new first paragraph.\r\nFirst line about Seo Dan Ah.\r\nShe went back \
                     to the place she grew up in.\r\nAnd a last line: Minimize!\r\n";
        let edits = e.find_edits(later).edits;
        assert_eq!(edits.len(), 2);
        let (kept, dropped) = filter(later, edits, e.rules(), &decisions, Some("a.txt"));
        assert_eq!(dropped, 1);
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].before, "Minimize!");
    }

    #[test]
    fn accepted_neighbour_keeps_the_key() {
        let e = engine();
        let (_, first) = proposed(&e, "Seo Dana visited the place she grew up.");
        let (_, second) = proposed(&e, "Seo Dan Ah visited the place she grew up.");
        assert_eq!(first[1], second[0]);
    }

    #[test]
    fn other_occurrence_in_other_context_is_kept() {
        let e = engine();
        let text = "She went back to the place she grew up in.\n\
                    Years later they sold the place she loved most.\n";
        let (edits, keys) = proposed(&e, text);
        assert_eq!(edits.len(), 2);
        let mut decisions = Decisions::default();
        reject(&mut decisions, &keys[0]);
        let (kept, dropped) = filter(text, edits, e.rules(), &decisions, Some("a.txt"));
        assert_eq!(dropped, 1);
        assert_eq!(kept.len(), 1);
        assert!(kept[0].span.start > text.find('\n').unwrap());
        // The same change with one context word changed is proposed again.
        let edited = "She went back to the place she grew older in.\n";
        let edits = e.find_edits(edited).edits;
        let (kept, dropped) = filter(edited, edits, e.rules(), &decisions, None);
        assert_eq!((kept.len(), dropped), (1, 0));
    }

    #[test]
    fn never_applies_to_its_scope_only() {
        let e = engine();
        let text = "Minimize! Minimize! and the place she knew";
        let mut decisions = Decisions::default();
        decisions.add_never(Never {
            rule: "cut".into(),
            scope: "news/a.txt".into(),
        });
        let run = |decisions: &Decisions, scope: Option<&str>| {
            let edits = e.find_edits(text).edits;
            let (kept, n) = filter(text, edits, e.rules(), decisions, scope);
            (kept.len(), n)
        };
        assert_eq!(run(&decisions, Some("news/a.txt")), (1, 2));
        assert_eq!(run(&decisions, Some("news/b.txt")), (3, 0));
        assert_eq!(run(&decisions, None), (3, 0));
        decisions.add_never(Never {
            rule: "cut".into(),
            scope: "opinion".into(),
        });
        assert_eq!(run(&decisions, Some("opinion/x/y.txt")), (1, 2));
        assert_eq!(run(&decisions, Some("opinions/y.txt")), (3, 0));
        let everywhere = Never {
            rule: "cut".into(),
            scope: ".".into(),
        };
        assert!(everywhere.covers("any/where.txt"));
    }

    #[test]
    fn yaml_round_trip_and_dedup() {
        let e = engine();
        let (_, keys) = proposed(&e, "yells “Minimize!”\u{a0}twice: 'the place she' said");
        let mut d = Decisions::default();
        reject(&mut d, &keys[0]);
        assert!(!d.reject(Rejection {
            key: keys[0].clone(),
            file: None
        }));
        reject(&mut d, &keys[1]);
        assert!(d.add_never(Never {
            rule: "name".into(),
            scope: "a.txt".into()
        }));
        assert!(!d.add_never(Never {
            rule: "name".into(),
            scope: "a.txt".into()
        }));
        let text = d.to_yaml();
        assert!(text.starts_with("# unspin decisions"), "{text}");
        assert!(text.contains("rule: cut\n"), "{text}");
        let back = Decisions::parse("d.yaml", &text).unwrap();
        assert_eq!(back, d);
        assert!(back.suppresses(&keys[1], None));
    }

    #[test]
    fn bad_files_name_the_place() {
        let err = Decisions::parse("d.yaml", "rejected:\n- rule: x\n  bfore: a\n").unwrap_err();
        assert_eq!(err.file, "d.yaml");
        assert_eq!(err.line, 3);
        assert!(err.message.contains("unknown field `bfore`"), "{err}");
        assert!(err.to_string().starts_with("d.yaml:3:"), "{err}");
        assert_eq!(
            Decisions::parse("d.yaml", "# nothing\n\n").unwrap(),
            Decisions::default()
        );
    }

    #[test]
    fn store_scopes_and_save() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("news/deep")).unwrap();
        std::fs::write(dir.path().join("news/deep/a.txt"), "x").unwrap();
        let path = dir.path().join(DEFAULT_FILE);
        let mut store = Store::open(&path).unwrap();
        assert!(store.decisions.is_empty());
        assert_eq!(store.base(), std::fs::canonicalize(dir.path()).unwrap());
        assert_eq!(
            store.scope(&dir.path().join("news/deep/a.txt")),
            "news/deep/a.txt"
        );
        assert_eq!(
            store.scope(&dir.path().join("news/./deep/../deep/a.txt")),
            "news/deep/a.txt"
        );
        assert_eq!(store.scope(dir.path()), ".");
        store.decisions.add_never(Never {
            rule: "r".into(),
            scope: "news".into(),
        });
        store.save().unwrap();
        store.save().unwrap();
        let again = Store::open(&path).unwrap();
        assert_eq!(again.decisions, store.decisions);
        let leftovers = std::fs::read_dir(dir.path().join(".unspin"))
            .unwrap()
            .count();
        assert_eq!(leftovers, 1);
        // Outside the .unspin convention, the file's own folder is the base.
        let other = Store::open(&dir.path().join("news/d.yaml")).unwrap();
        assert_eq!(
            other.scope(&dir.path().join("news/deep/a.txt")),
            "deep/a.txt"
        );
    }

    #[test]
    fn default_path_follows_the_first_input() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(
            default_path(Some(dir.path())),
            dir.path().join(DEFAULT_FILE)
        );
        assert_eq!(default_path(Some(&file)), dir.path().join(DEFAULT_FILE));
        assert_eq!(
            default_path(Some(Path::new("a.txt"))),
            Path::new(DEFAULT_FILE)
        );
        assert_eq!(default_path(Some(Path::new("-"))), Path::new(DEFAULT_FILE));
        assert_eq!(default_path(None), Path::new(DEFAULT_FILE));
    }
}
