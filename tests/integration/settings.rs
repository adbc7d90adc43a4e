//! Project settings (`.unspin.yaml`) in the subcommands that load dictionaries besides
//! `fix`, `check`, `diff` and `review` (those are tested in `review.rs`): `learn`,
//! `suggest`, `dict lint` and `dict test` load what the file selects, and their flags add to
//! it or override it as `fix`'s do.
//!
//! Each project lives in a folder made with `tempfile` in the system's temp folder, so the
//! only `.unspin.yaml` found by walking up is the test's own.

use crate::util::{assert_code, assert_same, fixture, Dir, Output};
use std::fs;
use tempfile::TempDir;

/// A project folder holding `.unspin.yaml` with `settings`; removed when dropped.
struct Project {
    _temp: TempDir,
    dir: Dir,
}

impl Project {
    fn new(settings: &str) -> Project {
        let temp = tempfile::tempdir().expect("temp folder can be created");
        let dir = Dir {
            path: temp.path().to_path_buf(),
        };
        dir.write(".unspin.yaml", settings);
        Project { _temp: temp, dir }
    }

    fn write(&self, name: &str, contents: impl AsRef<[u8]>) {
        self.dir.write(name, contents);
    }

    /// `unspin ARGS` run in the project folder.
    fn unspin(&self, args: &[&str]) -> Output {
        self.dir.unspin(args).run()
    }
}

/// A house dictionary whose rules are sound on their own but not beside the default pack,
/// whose rule `names.yang-hye-ji` rewrites the variant `Yan Hye Ji`: `house.actors`'s
/// example keeps that variant, `house.yan` writes it.
const HOUSE: &str = "\
kind: substitutions
rules:
  - id: house.actors
    find: \"the 2 actors\"
    replace: \"the two actors\"
    examples:
      - input: \"Yan Hye Ji and the 2 actors smiled.\"
        output: \"Yan Hye Ji and the two actors smiled.\"
  - id: house.yan
    find: \"Yan Hyeji\"
    replace: \"Yan Hye Ji\"
    examples:
      - input: \"Yan Hyeji smiled.\"
        output: \"Yan Hye Ji smiled.\"
";

#[test]
fn learn_uses_the_dictionaries_and_globs_of_the_settings() {
    let project = Project::new("dicts: rules/house.yaml\nglobs: '*.md'\n");
    project.write(
        "rules/house.yaml",
        "kind: substitutions\nrules:\n  - id: house.scarlet\n    find: \"scarlet-tinted\"\n    replace: \"red\"\n    examples:\n      - input: \"A scarlet-tinted coat.\"\n        output: \"A red coat.\"\n",
    );
    project.write(
        "garbled/a.md",
        "At the fan meeting, the idol wore a scarlet-tinted jacket on stage.\n",
    );
    project.write(
        "fixed/a.md",
        "At the fan meeting, the idol wore a red jacket on stage.\n",
    );
    let candidate = "  - find: \"a scarlet-tinted jacket\"\n    replace: \"a red jacket\"\n";
    let dropped = "0 candidates from 1 pair; dropped: 1 already made by the loaded dictionaries";
    // The house dictionary listed in .unspin.yaml already makes the change.
    let out = project.unspin(&["learn", "garbled/a.md", "fixed/a.md"]);
    assert_code(&out, 0);
    assert!(out.stderr.contains(dropped), "{}", out.stderr);
    assert!(
        !out.stdout_text().contains(candidate),
        "{}",
        out.stdout_text()
    );
    // Folders are read with the file's globs.
    let out = project.unspin(&["learn", "garbled", "fixed"]);
    assert_code(&out, 0);
    assert!(out.stderr.contains(dropped), "{}", out.stderr);
    // Without the settings, nothing makes it: it is proposed.
    let out = project.unspin(&["learn", "--no-config", "garbled/a.md", "fixed/a.md"]);
    assert_code(&out, 0);
    assert!(
        out.stdout_text().contains(candidate),
        "{}",
        out.stdout_text()
    );
    // --disable adds to the settings (and knows the ids of their dictionaries).
    let out = project.unspin(&["learn", "--disable", "house.scarlet", "garbled", "fixed"]);
    assert_code(&out, 0);
    assert!(
        out.stdout_text().contains(candidate),
        "{}",
        out.stdout_text()
    );
    // --glob replaces the settings' globs: no `*.txt` pair here.
    let out = project.unspin(&["learn", "--glob", "*.txt", "garbled", "fixed"]);
    assert_code(&out, 2);
    assert!(
        out.stderr.contains("no pairs to learn from"),
        "{}",
        out.stderr
    );
}

#[test]
fn suggest_proposes_the_name_a_rule_disabled_in_the_settings_would_fix() {
    let project = Project::new("disable: [names.yang-hye-ji]\nglobs: ['*.md']\n");
    let article = fs::read_to_string(fixture("seeds/004.garbled.txt")).expect("seed fixture");
    project.write("articles/004.md", &article);
    let suggestion = "  - name: \"Yang Hye Ji\"\n    variants: [\"Yan Hye Ji\"]\n";
    let out = project.unspin(&["suggest", "articles/004.md"]);
    assert_code(&out, 1);
    assert!(
        out.stdout_text().contains(suggestion),
        "{}",
        out.stdout_text()
    );
    // Folders are read with the file's globs.
    let out = project.unspin(&["suggest", "articles"]);
    assert_code(&out, 1);
    assert!(
        out.stdout_text().contains("seen 1 time: articles/004.md:9"),
        "{}",
        out.stdout_text()
    );
    // Without the settings, the default pack repairs the name: nothing to suggest.
    let out = project.unspin(&["suggest", "--no-config", "articles/004.md"]);
    assert_code(&out, 0);
    assert_same("", &out.stdout);
    // --glob replaces the settings' globs: no `*.txt` file in the folder.
    let out = project.unspin(&["suggest", "--glob", "*.txt", "articles"]);
    assert_code(&out, 0);
    assert_same("", &out.stdout);
    // --config names another settings file instead of the one found.
    project.write("other.yaml", "tier: auto\n");
    let out = project.unspin(&["suggest", "--config", "other.yaml", "articles/004.md"]);
    assert_code(&out, 0);
    assert_same("", &out.stdout);
}

#[test]
fn dict_lint_checks_the_project_dictionaries_beside_the_packs() {
    let project = Project::new("dicts: [rules/house.yaml]\ndefault_dicts: true\n");
    project.write("rules/house.yaml", HOUSE);
    // Bare: the house dictionary listed in .unspin.yaml, beside the default pack, which
    // rewrites what the house rules write. Only the house rules' problems are listed.
    let out = project.unspin(&["dict", "lint"]);
    assert_code(&out, 2);
    let text = out.stdout_text();
    assert!(
        text.contains(
            "rules/house.yaml:9:5: error: not idempotent: replacement `Yan Hye Ji` would be \
             rewritten again (`Yan Hye Ji` → `Yang Hye Ji`) by rule names.yang-hye-ji"
        ),
        "{text}"
    );
    assert!(
        text.lines()
            .all(|l| l.starts_with("rules/house.yaml:") || l.starts_with("2 project rules:")),
        "{text}"
    );
    assert!(
        text.ends_with("2 project rules: 3 errors, 0 warnings\n"),
        "{text}"
    );
    assert!(
        out.stderr.contains("checking 2 rules of rules/house.yaml"),
        "{}",
        out.stderr
    );
    // A flag overrides the file: without the default pack the house rules are sound.
    let out = project.unspin(&["dict", "lint", "--no-default-dicts"]);
    assert_code(&out, 0);
    assert_same("2 project rules: 0 errors, 0 warnings\n", &out.stdout);
    // A file named on the command line is linted on its own.
    let out = project.unspin(&["dict", "lint", "rules/house.yaml"]);
    assert_code(&out, 0);
    assert_same("2 rules: 0 errors, 0 warnings\n", &out.stdout);
    // A rule disabled in the settings is left out of the pack.
    project.write(
        ".unspin.yaml",
        "dicts: [rules/house.yaml]\ndisable: [names.yang-hye-ji]\n",
    );
    let out = project.unspin(&["dict", "lint"]);
    assert_code(&out, 0);
    assert_same("2 project rules: 0 errors, 0 warnings\n", &out.stdout);
    // --no-config: every shipped pack, as shipped.
    let out = project.unspin(&["dict", "lint", "--no-config"]);
    assert_code(&out, 0);
    assert!(
        !out.stdout_text().contains("house"),
        "{}",
        out.stdout_text()
    );
    // Named files are checked on their own, so the selection flags do not go with them.
    let out = project.unspin(&["dict", "lint", "--pack", "science", "rules/house.yaml"]);
    assert_code(&out, 2);
}

#[test]
fn dict_test_runs_the_project_examples_through_the_engine_fix_builds() {
    let project = Project::new("dicts: rules/house.yaml\n");
    project.write("rules/house.yaml", HOUSE);
    // Bare: the house examples run beside the default pack, which spoils one of them. The
    // pack's own examples are not run.
    let out = project.unspin(&["dict", "test"]);
    assert_code(&out, 1);
    assert_same(
        "rules/house.yaml:3:5: example failed [house.actors]\n  \
         input:    Yan Hye Ji and the 2 actors smiled.\n  \
         expected: Yan Hye Ji and the two actors smiled.\n  \
         got:      Yang Hye Ji and the two actors smiled.\n\
         1 example passed, 1 failed\n",
        &out.stdout,
    );
    // --disable adds to the settings: without the pack's rule both examples hold.
    let out = project.unspin(&["dict", "test", "--disable", "names.yang-hye-ji"]);
    assert_code(&out, 0);
    assert_same("2 examples passed, 0 failed\n", &out.stdout);
    // The settings' own `disable` and `default_dicts` are honoured too.
    project.write(
        ".unspin.yaml",
        "dicts: rules/house.yaml\ndefault_dicts: false\n",
    );
    let out = project.unspin(&["dict", "test"]);
    assert_code(&out, 0);
    assert_same("2 examples passed, 0 failed\n", &out.stdout);
    // An unknown id in the settings' `disable` is an error naming its place.
    project.write(
        ".unspin.yaml",
        "dicts: rules/house.yaml\ndisable: no.such-rule\n",
    );
    let out = project.unspin(&["dict", "test"]);
    assert_code(&out, 2);
    assert!(
        out.stderr
            .contains(".unspin.yaml:2: disable no.such-rule: no rule has this id"),
        "{}",
        out.stderr
    );
    // A file named on the command line is tested on its own, whatever the settings say.
    let out = project.unspin(&["dict", "test", "rules/house.yaml"]);
    assert_code(&out, 0);
    assert_same("2 examples passed, 0 failed\n", &out.stdout);
}
