//! Dictionaries on disk → validated [`Rule`]s.
//!
//! - [`yaml`]: the YAML format (the only module that touches the YAML crate).
//! - [`tsv`]: two-column `phrase<TAB>replacement` lists.
//! - [`add`]: `dict add`, a rule or name variant added to a file as text.
//! - [`embedded`]: the packs under `dictionaries/`, compiled into the binary.
//! - [`lint`]: checks beyond the schema (duplicates, conflicts, idempotence, common words).
//! - [`examples`]: runs every rule's `examples` and `must_not_change` through the engine.
//!
//! Every error names the file, line and column: `names.yaml:12:7: empty phrase`.

pub mod add;
mod check;
pub mod embedded;
pub mod examples;
pub mod lint;
pub mod tsv;
pub mod yaml;

use crate::rule::Rule;
use rayon::prelude::*;
use std::fmt;
use std::path::Path;

/// A dictionary that could not be loaded: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictError {
    /// The file as the user named it (or `<embedded>/PACK/FILE` for a shipped one).
    pub file: String,
    /// 1-based line (0 when the error concerns the whole file, such as an unreadable one).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// What is wrong, in a sentence a dictionary author can act on.
    pub message: String,
}

impl fmt::Display for DictError {
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

impl std::error::Error for DictError {}

/// Which dictionaries to load.
#[derive(Clone, Debug)]
pub struct Selection {
    /// Load the shipped packs (`--no-default-dicts` turns this off).
    pub defaults: bool,
    /// Shipped packs to load when `defaults` is on; `kdrama` unless `--pack` adds more.
    pub packs: Vec<String>,
    /// Extra dictionary files (`--dict`), YAML or TSV by extension; a folder stands for its
    /// `*.yaml`, `*.yml` and `*.tsv` files, in name order.
    pub paths: Vec<std::path::PathBuf>,
}

impl Default for Selection {
    fn default() -> Selection {
        Selection {
            defaults: true,
            packs: vec![embedded::DEFAULT_PACK.to_string()],
            paths: Vec::new(),
        }
    }
}

/// Loads every selected dictionary. All files are read; every error is returned (not just
/// the first), so an author fixes a file in one go. Besides each file's own errors, a rule
/// id used in two files and a phrase two files give different replacements are errors.
///
/// Files are read in parallel (rayon's pool); rules and errors come in file order all the
/// same.
pub fn load(selection: &Selection) -> Result<Vec<Rule>, Vec<DictError>> {
    let sources = sources(selection);
    let results: Vec<Result<Vec<Rule>, Vec<DictError>>> = sources
        .par_iter()
        .map(|source| match source {
            Source::Embedded(file) => parse(&file.display_name(), file.contents),
            Source::Path(path) => load_path(path),
            Source::Folder(folder, message) => Err(vec![DictError {
                file: folder.display().to_string(),
                line: 0,
                column: 0,
                message: message.clone(),
            }]),
            Source::NoPack(pack) => Err(vec![DictError {
                file: format!("--pack {pack}"),
                line: 0,
                column: 0,
                message: format!(
                    "no such pack; shipped packs: {}",
                    embedded::pack_names().join(", ")
                ),
            }]),
        })
        .collect();
    let total: usize = results.iter().map(|r| r.as_ref().map_or(0, Vec::len)).sum();
    // Each reader checked its own file; the cross-file checks (as costly again as a reader's
    // own at 100,000 rules) are needed only when two files gave rules.
    let files_with_rules = results
        .iter()
        .filter(|r| r.as_ref().is_ok_and(|rules| !rules.is_empty()))
        .count();
    let mut rules: Vec<Rule> = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            // The first file's rules stay where they are (growing a large vector moves its
            // pages rather than copying them): rules are big, and the default pack has
            // 15,000 of them.
            Ok(r) if rules.is_empty() => {
                rules = r;
                rules.reserve(total - rules.len());
            }
            Ok(r) => rules.extend(r),
            Err(e) => errors.extend(e),
        }
    }
    if files_with_rules > 1 {
        errors.extend(cross_file_errors(&rules));
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// One dictionary to read, or a pack that does not exist, or a `--dict` folder that cannot
/// be read or holds no dictionary.
enum Source<'a> {
    Embedded(&'static embedded::EmbeddedFile),
    Path(std::borrow::Cow<'a, Path>),
    NoPack(&'a str),
    Folder(&'a Path, String),
}

/// What a `--dict` folder's dictionaries are named: the files `learn --into` writes, and the
/// TSV lists. (Not `.txt`: a folder of articles named by mistake must not load as lists.)
const FOLDER_EXTENSIONS: [&str; 3] = ["yaml", "yml", "tsv"];

/// What `selection` reads, in order: the files of each pack, then the `--dict` files.
fn sources(selection: &Selection) -> Vec<Source<'_>> {
    let mut sources = Vec::new();
    if selection.defaults {
        let mut packs: Vec<&String> = Vec::new();
        for pack in &selection.packs {
            if packs.contains(&pack) {
                continue; // `--pack kdrama` on top of the default
            }
            packs.push(pack);
            match embedded::pack(pack) {
                Some(files) => sources.extend(files.into_iter().map(Source::Embedded)),
                None => sources.push(Source::NoPack(pack)),
            }
        }
    }
    for path in &selection.paths {
        if path.is_dir() {
            sources.extend(folder_sources(path));
        } else {
            sources.push(Source::Path(std::borrow::Cow::Borrowed(path)));
        }
    }
    sources
}

/// The dictionaries of the folder `folder` (`*.yaml`, `*.yml`, `*.tsv`, not hidden, not in
/// subfolders), in name order; an error when there are none or it cannot be read.
fn folder_sources(folder: &Path) -> Vec<Source<'_>> {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(e) => {
            return vec![Source::Folder(
                folder,
                format!("cannot read dictionary folder: {e}"),
            )]
        }
    };
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let visible = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.'));
            let known = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| FOLDER_EXTENSIONS.contains(&e));
            visible && known && path.is_file()
        })
        .collect();
    if files.is_empty() {
        let message =
            "no dictionaries in this folder (--dict reads its *.yaml, *.yml and *.tsv files)";
        return vec![Source::Folder(folder, message.to_string())];
    }
    files.sort();
    files
        .into_iter()
        .map(|path| Source::Path(std::borrow::Cow::Owned(path)))
        .collect()
}

/// Conflicts between files (each reader reports those within its file): a rule id used
/// twice, a phrase given two different replacements under the same guard.
fn cross_file_errors(rules: &[Rule]) -> Vec<DictError> {
    let apart = |a: usize, b: usize| rules[a].origin.file != rules[b].origin.file;
    let at = |rule: &Rule, message: String| DictError {
        file: rule.origin.file.to_string(),
        line: rule.origin.line,
        column: rule.origin.column,
        message,
    };
    let mut errors = Vec::new();
    for (first, second) in check::duplicate_ids(rules) {
        if apart(first, second) {
            let message = format!(
                "duplicate rule id `{}`; first used at {}",
                rules[first].id, rules[first].origin
            );
            errors.push(at(&rules[second], message));
        }
    }
    for clash in check::phrase_clashes(rules) {
        if apart(clash.first, clash.second) {
            errors.push(at(
                &rules[clash.second],
                check::clash_message(rules, &clash),
            ));
        }
    }
    errors
}

/// Loads one dictionary file; `.tsv` and `.txt` files are read as TSV, anything else as
/// YAML.
pub fn load_path(path: &Path) -> Result<Vec<Rule>, Vec<DictError>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![DictError {
            file: name.clone(),
            line: 0,
            column: 0,
            message: format!("cannot read dictionary: {e}"),
        }]
    })?;
    parse(&name, &text)
}

/// Parses dictionary text; `name` decides the format (`.tsv`/`.txt` → TSV) and appears in
/// errors and rule origins.
pub fn parse(name: &str, text: &str) -> Result<Vec<Rule>, Vec<DictError>> {
    if name.ends_with(".tsv") || name.ends_with(".txt") {
        tsv::parse(name, text)
    } else {
        yaml::parse(name, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn fixture(file: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/dictionaries")
            .join(file)
    }

    fn only(paths: &[PathBuf]) -> Selection {
        Selection {
            defaults: false,
            packs: Vec::new(),
            paths: paths.to_vec(),
        }
    }

    #[test]
    fn every_shipped_pack_loads() {
        for pack in embedded::pack_names() {
            let selection = Selection {
                packs: vec![pack.to_string()],
                ..Selection::default()
            };
            if let Err(errors) = load(&selection) {
                let shown: Vec<String> = errors.iter().take(10).map(ToString::to_string).collect();
                panic!("pack {pack}:\n{}", shown.join("\n"));
            }
        }
    }

    #[test]
    fn a_pack_named_twice_loads_once() {
        let mut selection = Selection::default();
        selection.packs.push(embedded::DEFAULT_PACK.to_string());
        assert!(load(&selection).is_ok());
    }

    #[test]
    fn unknown_packs_and_unreadable_files_are_errors() {
        let selection = Selection {
            packs: vec!["nope".into()],
            paths: vec![fixture("does-not-exist.yaml")],
            ..Selection::default()
        };
        let errors = load(&selection).expect_err("fails");
        assert!(errors[0]
            .to_string()
            .starts_with("--pack nope: no such pack; shipped packs: "));
        assert!(errors[1].message.starts_with("cannot read dictionary: "));
        assert_eq!((errors[1].line, errors[1].column), (0, 0));
    }

    #[test]
    fn the_extension_decides_the_format() {
        let rules = load(&only(&[fixture("good.yaml"), fixture("good.tsv")])).expect("loads");
        assert_eq!(rules.len(), 6);
        assert_eq!(rules[3].id, "good:3");
    }

    #[test]
    fn files_conflicting_with_each_other_are_errors() {
        let text = "kind: substitutions\nrules:\n  - id: with-a-purpose-to\n    find: \"with a purpose to\"\n    replace: \"so as to\"\n";
        let dir = tempfile::tempdir().expect("temp dir");
        let other = dir.path().join("other.yaml");
        std::fs::write(&other, text).expect("written");
        let errors = load(&only(&[fixture("good.yaml"), other.clone()])).expect_err("conflicts");
        let good = fixture("good.yaml").display().to_string();
        let other = other.display().to_string();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                format!("{other}:3:5: duplicate rule id `with-a-purpose-to`; first used at {good}:6:5"),
                format!("{other}:3:5: duplicate phrase `with a purpose to` with a different replacement: `so as to` here, `in order to` in rule `with-a-purpose-to` at {good}:6:5"),
            ]
        );
    }
}
