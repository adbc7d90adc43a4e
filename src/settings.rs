//! Project settings: a `.unspin.yaml` file that holds what a team would otherwise repeat on
//! every command line.
//!
//! ```yaml
//! # .unspin.yaml
//! dicts: [dictionaries/house-names.yaml, lists/extra.tsv]   # relative to this file
//! packs: [science]          # shipped packs to add
//! default_dicts: true       # false: do not load the default pack (like --no-default-dicts)
//! disable: [kdrama-spun.however]
//! tier: auto                # auto | score | spun
//! globs: ["*.txt", "*.md"]
//! decisions: review/decisions.yaml                         # relative to this file
//! ```
//!
//! Every key is optional; a list may also be written as a single string. Unknown keys and
//! wrong types are errors with `file:line:column`.
//!
//! # Where it is found
//!
//! [`find`] looks for [`FILE_NAME`] in the current folder, then in each parent folder up to
//! the root, and takes the first one found (as `.editorconfig` and `_typos.toml` are
//! found). `--config PATH` names one instead; `--no-config` ignores them.
//!
//! # Precedence ([`merge`])
//!
//! The command line wins over the file, the file over the defaults:
//!
//! - **Lists that add** (`dicts`, `packs`, `disable`): the command line *adds* to the
//!   file's list (the file is the team's baseline; `--dict mine.yaml` is one more
//!   dictionary, not a replacement for the team's).
//! - **Lists that select** (`globs`): the command line *replaces* the file's list, because
//!   `--glob '*.md'` means "read these files", not "these too".
//! - **Single values** (`tier`, `decisions`, `default_dicts`): the command line replaces
//!   the file's value. `--no-default-dicts` turns the default pack off whatever the file
//!   says; to turn it back on when the file says `default_dicts: false`, use `--no-config`.
//!
//! Each value remembers where it came from ([`Source`]), which `unspin config` prints.

use crate::engine::TierMode;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// The settings file's name.
pub const FILE_NAME: &str = ".unspin.yaml";

/// Where a setting came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Built in.
    Default,
    /// A command-line flag.
    CommandLine,
    /// A settings file, at the line of the value (or of its key).
    File {
        /// The file, as found.
        path: String,
        /// 1-based line.
        line: u32,
    },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::CommandLine => f.write_str("command line"),
            Source::File { path, line } => write!(f, "{path}:{line}"),
        }
    }
}

/// A value and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sourced<T> {
    /// The value.
    pub value: T,
    /// Where it came from.
    pub source: Source,
}

impl<T> Sourced<T> {
    /// `value`, from `source`.
    pub fn new(value: T, source: Source) -> Sourced<T> {
        Sourced { value, source }
    }
}

/// What one layer (a settings file, or the command line) asks for. Empty lists and `None`
/// leave the choice to the layer below.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layer {
    /// Extra dictionary files (paths usable from the current folder).
    pub dicts: Vec<Sourced<PathBuf>>,
    /// Whether to load the default pack.
    pub default_dicts: Option<Sourced<bool>>,
    /// Shipped packs to add.
    pub packs: Vec<Sourced<String>>,
    /// Rule ids not to run.
    pub disable: Vec<Sourced<String>>,
    /// Which tiers run.
    pub tier: Option<Sourced<TierMode>>,
    /// File-name patterns for folder walks.
    pub globs: Vec<Sourced<String>>,
    /// The decisions file (a path usable from the current folder).
    pub decisions: Option<Sourced<PathBuf>>,
}

/// Combines the settings file's layer with the command line's: see the
/// [module docs](self) for which lists add and which replace.
pub fn merge(file: Layer, cli: Layer) -> Layer {
    fn add<T: PartialEq>(mut base: Vec<Sourced<T>>, more: Vec<Sourced<T>>) -> Vec<Sourced<T>> {
        for item in more {
            if !base.iter().any(|b| b.value == item.value) {
                base.push(item);
            }
        }
        base
    }
    Layer {
        dicts: add(file.dicts, cli.dicts),
        default_dicts: cli.default_dicts.or(file.default_dicts),
        packs: add(file.packs, cli.packs),
        disable: add(file.disable, cli.disable),
        tier: cli.tier.or(file.tier),
        globs: if cli.globs.is_empty() {
            file.globs
        } else {
            cli.globs
        },
        decisions: cli.decisions.or(file.decisions),
    }
}

/// The name of a tier mode in settings and on the command line.
pub fn tier_name(tier: TierMode) -> &'static str {
    match tier {
        TierMode::Auto => "auto",
        TierMode::Score => "score",
        TierMode::Spun => "spun",
    }
}

/// Parses a tier mode name (`auto`, `score`, `spun`).
pub fn parse_tier(name: &str) -> Option<TierMode> {
    [TierMode::Auto, TierMode::Score, TierMode::Spun]
        .into_iter()
        .find(|t| tier_name(*t) == name)
}

/// The nearest settings file at or above `dir` (an absolute folder), as a path usable from
/// `dir`: `.unspin.yaml`, `../.unspin.yaml`, `../../.unspin.yaml`...
pub fn find(dir: &Path) -> Option<PathBuf> {
    let mut up = PathBuf::new();
    for folder in dir.ancestors() {
        if folder.join(FILE_NAME).is_file() {
            return Some(up.join(FILE_NAME));
        }
        up.push("..");
    }
    None
}

/// A settings file that could not be read: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsError {
    /// The file.
    pub file: String,
    /// 1-based line (0 when the error concerns the whole file).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SettingsError {
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

impl std::error::Error for SettingsError {}

/// Reads the settings file at `path` (as found by [`find`] or named by `--config`).
pub fn load(path: &Path) -> Result<Layer, SettingsError> {
    let text = std::fs::read_to_string(path).map_err(|e| SettingsError {
        file: path.display().to_string(),
        line: 0,
        column: 0,
        message: format!("cannot read settings: {e}"),
    })?;
    parse(path, &text)
}

/// Parses settings `text` read from `path`: relative paths in it are taken relative to the
/// file's folder, and every value's [`Source`] names `path` and the value's line.
pub fn parse(path: &Path, text: &str) -> Result<Layer, SettingsError> {
    let name = path.display().to_string();
    let error = |line: u32, column: u32, message: String| SettingsError {
        file: name.clone(),
        line,
        column,
        message,
    };
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    }) {
        return Ok(Layer::default());
    }
    let spec: Spec = serde_yaml::from_str(text).map_err(|e| {
        let mut message = e.to_string();
        let (mut line, mut column) = (0, 0);
        if let Some(at) = e.location() {
            let suffix = format!(" at line {} column {}", at.line(), at.column());
            message = message.replacen(&suffix, "", 1);
            (line, column) = (at.line() as u32, at.column() as u32);
        }
        error(line, column, message)
    })?;
    let lines = KeyLines::new(text);
    let folder = path.parent().unwrap_or(Path::new(""));
    let source = |line: u32| Source::File {
        path: name.clone(),
        line,
    };
    let list = |key: &str, values: Option<OneOrMany>| -> Vec<Sourced<String>> {
        let values = values.map(OneOrMany::into_vec).unwrap_or_default();
        let at = lines.items(key, values.len());
        values
            .into_iter()
            .zip(at)
            .map(|(v, line)| Sourced::new(v, source(line)))
            .collect()
    };
    let mut layer = Layer {
        dicts: list("dicts", spec.dicts)
            .into_iter()
            .map(|s| Sourced::new(folder.join(s.value), s.source))
            .collect(),
        packs: list("packs", spec.packs),
        disable: list("disable", spec.disable),
        globs: list("globs", spec.globs),
        default_dicts: spec
            .default_dicts
            .map(|b| Sourced::new(b, source(lines.key("default_dicts")))),
        decisions: spec
            .decisions
            .map(|d| Sourced::new(folder.join(d), source(lines.key("decisions")))),
        tier: None,
    };
    if let Some(tier) = spec.tier {
        let line = lines.key("tier");
        let mode = parse_tier(&tier).ok_or_else(|| {
            error(
                line,
                1,
                format!("unknown tier `{tier}`; expected auto, score or spun"),
            )
        })?;
        layer.tier = Some(Sourced::new(mode, source(line)));
    }
    for (key, values) in [("globs", &layer.globs), ("packs", &layer.packs)] {
        if let Some(empty) = values.iter().find(|v| v.value.is_empty()) {
            let line = match &empty.source {
                Source::File { line, .. } => *line,
                _ => 0,
            };
            return Err(error(line, 1, format!("empty value in `{key}`")));
        }
    }
    Ok(layer)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    dicts: Option<OneOrMany>,
    default_dicts: Option<bool>,
    packs: Option<OneOrMany>,
    disable: Option<OneOrMany>,
    tier: Option<String>,
    globs: Option<OneOrMany>,
    decisions: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// Lines of top-level keys and of their block-list items, found by scanning the text
/// (serde_yaml's values carry no positions). A wrong guess only moves a reported line.
struct KeyLines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> KeyLines<'a> {
    fn new(text: &'a str) -> KeyLines<'a> {
        KeyLines {
            lines: text.lines().collect(),
        }
    }

    /// 0-based index of the line where top-level `key:` starts.
    fn key_index(&self, key: &str) -> Option<usize> {
        self.lines.iter().position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    }

    /// 1-based line of top-level `key:` (1 if not found).
    fn key(&self, key: &str) -> u32 {
        self.key_index(key).map_or(1, |i| i as u32 + 1)
    }

    /// 1-based lines of the `count` items of list `key`: one per `- item` line when the list
    /// is written as a block with that many items, else the key's line for each.
    fn items(&self, key: &str, count: usize) -> Vec<u32> {
        let Some(at) = self.key_index(key) else {
            return vec![1; count];
        };
        let mut items = Vec::new();
        for (i, line) in self.lines.iter().enumerate().skip(at + 1) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if trimmed.starts_with("- ") || trimmed == "-" {
                items.push(i as u32 + 1);
            } else if !line.starts_with([' ', '\t']) {
                break;
            }
        }
        if items.len() == count {
            items
        } else {
            vec![at as u32 + 1; count]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(line: u32) -> Source {
        Source::File {
            path: "proj/.unspin.yaml".into(),
            line,
        }
    }

    fn values<T: Clone>(list: &[Sourced<T>]) -> Vec<T> {
        list.iter().map(|s| s.value.clone()).collect()
    }

    const TEXT: &str = "\
# team settings
dicts:
  - house/names.yaml
  - /abs/extra.tsv
packs: science
disable: [spun.however, spun.after-all]
tier: auto
globs:
  - '*.md'
decisions: review/decisions.yaml
default_dicts: false
";

    #[test]
    fn parses_every_key_with_lines_and_relative_paths() {
        let layer = parse(Path::new("proj/.unspin.yaml"), TEXT).unwrap();
        assert_eq!(
            layer.dicts,
            vec![
                Sourced::new(PathBuf::from("proj/house/names.yaml"), file(3)),
                Sourced::new(PathBuf::from("/abs/extra.tsv"), file(4)),
            ]
        );
        assert_eq!(
            layer.packs,
            vec![Sourced::new("science".to_string(), file(5))]
        );
        assert_eq!(values(&layer.disable), ["spun.however", "spun.after-all"]);
        assert_eq!(layer.disable[1].source, file(6));
        assert_eq!(layer.tier, Some(Sourced::new(TierMode::Auto, file(7))));
        assert_eq!(layer.globs, vec![Sourced::new("*.md".to_string(), file(9))]);
        assert_eq!(
            layer.decisions,
            Some(Sourced::new(
                PathBuf::from("proj/review/decisions.yaml"),
                file(10)
            ))
        );
        assert_eq!(layer.default_dicts, Some(Sourced::new(false, file(11))));
        assert_eq!(file(3).to_string(), "proj/.unspin.yaml:3");
    }

    #[test]
    fn errors_name_the_place() {
        let path = Path::new(".unspin.yaml");
        let err = parse(path, "packs: [a]\ndict: x.yaml\n").unwrap_err();
        assert_eq!((err.line, err.file.as_str()), (2, ".unspin.yaml"));
        assert!(err.message.contains("unknown field `dict`"), "{err}");
        let err = parse(path, "# c\ntier: fast\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            ".unspin.yaml:2:1: unknown tier `fast`; expected auto, score or spun"
        );
        let err = parse(path, "default_dicts: maybe\n").unwrap_err();
        assert_eq!(err.line, 1);
        let err = parse(path, "globs: ['']\n").unwrap_err();
        assert!(err.message.contains("empty value in `globs`"), "{err}");
        assert_eq!(
            parse(path, "# only comments\n\n").unwrap(),
            Layer::default()
        );
    }

    #[test]
    fn command_line_adds_to_lists_and_replaces_values() {
        let from_file = parse(Path::new("proj/.unspin.yaml"), TEXT).unwrap();
        let cli = Layer {
            dicts: vec![Sourced::new("mine.yaml".into(), Source::CommandLine)],
            packs: vec![Sourced::new("science".into(), Source::CommandLine)],
            disable: vec![Sourced::new("names.x".into(), Source::CommandLine)],
            tier: Some(Sourced::new(TierMode::Spun, Source::CommandLine)),
            globs: vec![Sourced::new("*.txt".into(), Source::CommandLine)],
            ..Layer::default()
        };
        let merged = merge(from_file.clone(), cli);
        assert_eq!(
            values(&merged.dicts),
            [
                PathBuf::from("proj/house/names.yaml"),
                PathBuf::from("/abs/extra.tsv"),
                PathBuf::from("mine.yaml")
            ]
        );
        // A pack named in both places is kept once, with the file as its source.
        assert_eq!(merged.packs, from_file.packs);
        assert_eq!(
            values(&merged.disable),
            ["spun.however", "spun.after-all", "names.x"]
        );
        assert_eq!(merged.disable[2].source, Source::CommandLine);
        assert_eq!(
            merged.tier,
            Some(Sourced::new(TierMode::Spun, Source::CommandLine))
        );
        assert_eq!(values(&merged.globs), ["*.txt"]);
        // Values the command line leaves alone come from the file.
        assert_eq!(merged.decisions, from_file.decisions);
        assert_eq!(merged.default_dicts, from_file.default_dicts);
        // Nothing on the command line: the file as it is.
        assert_eq!(merge(from_file.clone(), Layer::default()), from_file);
        // No file: the command line as it is.
        let only = Layer {
            default_dicts: Some(Sourced::new(false, Source::CommandLine)),
            ..Layer::default()
        };
        assert_eq!(merge(Layer::default(), only.clone()), only);
    }

    #[test]
    fn find_walks_up() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.path().join("a").join(FILE_NAME), "tier: auto\n").unwrap();
        assert_eq!(find(&deep), Some(PathBuf::from("../../.unspin.yaml")));
        assert_eq!(
            find(&dir.path().join("a")),
            Some(PathBuf::from(".unspin.yaml"))
        );
        std::fs::write(deep.join(FILE_NAME), "").unwrap();
        assert_eq!(find(&deep), Some(PathBuf::from(".unspin.yaml")));
    }

    #[test]
    fn tier_names() {
        for t in [TierMode::Auto, TierMode::Score, TierMode::Spun] {
            assert_eq!(parse_tier(tier_name(t)), Some(t));
        }
        assert_eq!(parse_tier("flag"), None);
    }
}
