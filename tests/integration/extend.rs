//! Extending the dictionaries: `learn` from corrected pairs, `suggest` near-miss names,
//! `dict add` a rule or a variant.

use crate::util::{assert_code, assert_same, fixture, Dir};
use std::fs;

fn seed(name: &str) -> String {
    fs::read_to_string(fixture(&format!("seeds/{name}"))).expect("seed fixture")
}

/// A folder `pairs/` holding seed pairs 002 and 004.
fn seed_pairs(dir: &Dir) {
    for n in ["002", "004"] {
        for side in ["garbled", "expected"] {
            let name = format!("{n}.{side}.txt");
            dir.write(&format!("pairs/{name}"), seed(&name));
        }
    }
}

fn learned_dicts() -> Vec<&'static str> {
    vec![
        "--no-default-dicts",
        "--dict",
        "learned/learned-names.yaml",
        "--dict",
        "learned/learned-substitutions.yaml",
        "--dict",
        "learned/learned-boilerplate.yaml",
    ]
}

#[test]
fn learn_on_seed_pairs_repairs_the_key_damage() {
    let dir = Dir::new("learn_on_seed_pairs_repairs_the_key_damage");
    seed_pairs(&dir);
    fs::create_dir_all(dir.path.join("learned")).unwrap();
    let out = dir
        .unspin(&["learn", "--no-default-dicts", "pairs", "--into", "learned"])
        .run();
    assert_code(&out, 0);
    assert!(
        out.stderr.contains("candidates from 2 pairs"),
        "{}",
        out.stderr
    );
    for kind in ["names", "substitutions", "boilerplate"] {
        let file = format!("learned/learned-{kind}.yaml");
        let text = String::from_utf8(dir.read(&file)).unwrap();
        assert!(text.contains("# support: "), "{text}");
        assert!(text.contains("# seen: \""), "{text}");
        // Every candidate's example holds, and the file lints clean of errors.
        assert_code(&dir.unspin(&["dict", "test", &file]).run(), 0);
        assert_code(&dir.unspin(&["dict", "lint", &file]).run(), 0);
    }
    let fix = |file: &str| {
        let mut args = vec!["fix"];
        args.extend(learned_dicts());
        args.push(file);
        let out = dir.unspin(&args).run();
        assert_code(&out, 0);
        out.stdout_text()
    };
    let fixed = fix("pairs/002.garbled.txt");
    for want in [
        "scene in which Seo Dan Ah (Sooyoung) surprises Lee Young Hwa",
        "the director yells “Cut!”",
        "of Girls’ Generation’s Sooyoung",
        "“Of course, CEO.”",
        "in “Tell Me What You Saw” right here!",
    ] {
        assert!(fixed.contains(want), "missing `{want}` in:\n{fixed}");
    }
    assert!(fixed.starts_with("JTBC’s"), "{fixed}");
    let fixed = fix("pairs/004.garbled.txt");
    for want in [
        "and Song Kang as Park Jae Uhn",
        "his hands on Yang Hye Ji’s cheeks",
        "Lee Ho Jung sits on the table",
        "in “When the Devil Calls Your Name” below:",
    ] {
        assert!(fixed.contains(want), "missing `{want}` in:\n{fixed}");
    }
    assert!(fixed.ends_with("below:\n\nWatch Now"), "{fixed}");
    // Learned from these very pairs, the rules leave the fixed texts alone.
    for n in ["002", "004"] {
        let fixed = fix(&format!("pairs/{n}.expected.txt"));
        assert_same(seed(&format!("{n}.expected.txt")), fixed);
    }
}

#[test]
fn learn_prints_one_loadable_document_per_kind() {
    let dir = Dir::new("learn_prints_one_loadable_document_per_kind");
    seed_pairs(&dir);
    let out = dir
        .unspin(&[
            "learn",
            "--no-default-dicts",
            "pairs/004.garbled.txt",
            "pairs/004.expected.txt",
        ])
        .run();
    assert_code(&out, 0);
    let text = out.stdout_text();
    let docs: Vec<&str> = text.split("---\n").collect();
    assert_eq!(docs.len(), 3, "{text}");
    for (doc, kind) in docs.iter().zip(["names", "substitutions", "boilerplate"]) {
        assert!(doc.contains(&format!("\nkind: {kind}\n")), "{doc}");
        let file = format!("{kind}.yaml");
        dir.write(&file, doc);
        assert_code(&dir.unspin(&["dict", "test", &file]).run(), 0);
    }
    assert!(docs[0].contains("  - name: \"Yang Hye Ji\"\n    variants: [\"Yan Hye Ji\"]\n"));
    assert!(docs[2].contains("cut_from: [\"How does this article make you feel?\"]"));
    // --kind keeps one document.
    let out = dir
        .unspin(&[
            "learn",
            "--no-default-dicts",
            "--kind",
            "names",
            "pairs/004.garbled.txt",
            "pairs/004.expected.txt",
        ])
        .run();
    assert!(!out.stdout_text().contains("---"), "{}", out.stdout_text());
}

#[test]
fn learn_drops_what_the_loaded_dictionaries_already_do() {
    let dir = Dir::new("learn_drops_what_the_loaded_dictionaries_already_do");
    seed_pairs(&dir);
    let out = dir.unspin(&["learn", "pairs"]).run();
    assert_code(&out, 0);
    assert!(
        out.stderr
            .contains("already made by the loaded dictionaries"),
        "{}",
        out.stderr
    );
    // The shipped packs repair both seeds byte for byte, so nothing is left to learn.
    assert!(!out.stdout_text().contains("  - "), "{}", out.stdout_text());
}

#[test]
fn learn_into_appends_only_its_kind_and_refuses_what_would_not_load() {
    let dir = Dir::new("learn_into_appends_only_its_kind_and_refuses_what_would_not_load");
    seed_pairs(&dir);
    let mine = "# My rules, kept as they are.\nkind: substitutions\nrules:\n  - find: \"foo bar\"\n    replace: \"baz\"\n";
    dir.write("mine.yaml", mine);
    let out = dir
        .unspin(&[
            "learn",
            "--no-default-dicts",
            "pairs/004.garbled.txt",
            "pairs/004.expected.txt",
            "--into",
            "mine.yaml",
        ])
        .run();
    assert_code(&out, 0);
    assert!(
        out.stderr.contains("of other kinds skipped"),
        "{}",
        out.stderr
    );
    let text = String::from_utf8(dir.read("mine.yaml")).unwrap();
    assert!(text.starts_with(mine), "{text}");
    assert!(text.contains("  - find: \"Look now\""), "{text}");
    assert!(!text.contains("name:"), "{text}");
    // A file that does not load is left alone.
    let broken = "kind: substitutions\nrules:\n  - find: \"a\"\n    colour: red\n";
    dir.write("broken.yaml", broken);
    let out = dir
        .unspin(&[
            "learn",
            "--no-default-dicts",
            "pairs/004.garbled.txt",
            "pairs/004.expected.txt",
            "--into",
            "broken.yaml",
        ])
        .run();
    assert_code(&out, 2);
    assert_same(broken, dir.read("broken.yaml"));
    // A new file cannot hold several kinds.
    let out = dir
        .unspin(&[
            "learn",
            "--no-default-dicts",
            "pairs/004.garbled.txt",
            "pairs/004.expected.txt",
            "--into",
            "new.yaml",
        ])
        .run();
    assert_code(&out, 2);
    assert!(out.stderr.contains("several kinds"), "{}", out.stderr);
    assert!(!dir.path.join("new.yaml").exists());
}

const TEST_NAMES: &str = "\
kind: names
rules:
  - name: Yang Hye Ji
  - name: Song Kang
  - name: Han So Hee
  - name: Kim Min Gwi
  - name: Lee Tae Hee
";

#[test]
fn suggest_proposes_the_garbled_name_in_seed_004() {
    let dir = Dir::new("suggest_proposes_the_garbled_name_in_seed_004");
    dir.write("names.yaml", TEST_NAMES);
    dir.write("004.txt", seed("004.garbled.txt"));
    let out = dir
        .unspin(&[
            "suggest",
            "--no-default-dicts",
            "--dict",
            "names.yaml",
            "004.txt",
        ])
        .run();
    assert_code(&out, 1);
    let text = out.stdout_text();
    assert!(
        text.contains("  - name: \"Yang Hye Ji\"\n    variants: [\"Yan Hye Ji\"]\n"),
        "{text}"
    );
    assert!(text.contains("seen 1 time: 004.txt:9"), "{text}");
    assert!(text.contains("jaro-winkler 0.98"), "{text}");
    assert_eq!(text.matches("  - name:").count(), 1, "{text}");
    // The suggestion is a names dictionary that loads.
    dir.write("suggested.yaml", &text);
    assert_code(&dir.unspin(&["dict", "lint", "suggested.yaml"]).run(), 0);
    // The shipped pack without its hand-written variant: the same suggestion.
    let out = dir
        .unspin(&["suggest", "--disable", "names.yang-hye-ji", "004.txt"])
        .run();
    assert_code(&out, 1);
    assert!(out.stdout_text().contains("variants: [\"Yan Hye Ji\"]"));
    // With it, the engine repairs the name: nothing to suggest.
    assert_code(&dir.unspin(&["suggest", "004.txt"]).run(), 0);
}

#[test]
fn suggest_is_quiet_on_clean_articles() {
    let dir = Dir::new("suggest_is_quiet_on_clean_articles");
    let mut args = vec!["suggest".to_string()];
    for n in ["000", "001", "003"] {
        args.push(fixture(&format!("seeds/{n}.garbled.txt")));
        args.push(fixture(&format!("seeds/{n}.expected.txt")));
    }
    args.push(fixture("clean"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = dir.unspin(&args).run();
    assert_code(&out, 0);
    assert_same("", &out.stdout);
}

const NAMES_FILE: &str = "\
# Our names. This comment and the layout below must survive.
kind: names
rules:
  - name: Yang Hye Ji   # the actor
    note: \"Actor.\"

  - name: Red Velvet
    category: group
    variants: [\"Crimson Velvet\"]
";

#[test]
fn dict_add_edits_the_text_and_refuses_duplicates() {
    let dir = Dir::new("dict_add_edits_the_text_and_refuses_duplicates");
    dir.write("names.yaml", NAMES_FILE);
    let out = dir
        .unspin(&[
            "dict",
            "add",
            "names.yaml",
            "--name",
            "Yang Hye Ji",
            "--variant",
            "Yan Hye Ji",
        ])
        .run();
    assert_code(&out, 0);
    assert_same(
        "names.yaml: added variant `Yan Hye Ji` to `Yang Hye Ji` (line 4)\n",
        &out.stdout,
    );
    let want = NAMES_FILE.replace(
        "    note: \"Actor.\"\n",
        "    variants: [\"Yan Hye Ji\"]\n    note: \"Actor.\"\n",
    );
    assert_same(&want, dir.read("names.yaml"));
    // The same variant again: refused, file untouched.
    let again = dir
        .unspin(&[
            "dict",
            "add",
            "names.yaml",
            "--name",
            "Yang Hye Ji",
            "--variant",
            "Yan Hye Ji",
        ])
        .run();
    assert_code(&again, 2);
    assert!(
        again.stderr.contains("already a variant"),
        "{}",
        again.stderr
    );
    assert_same(&want, dir.read("names.yaml"));
    // A new name goes at the end, in the file's layout.
    let out = dir
        .unspin(&[
            "dict",
            "add",
            "names.yaml",
            "--name",
            "Park So Dam",
            "--variant",
            "Park So Bend",
        ])
        .run();
    assert_code(&out, 0);
    let want = format!("{want}\n  - name: \"Park So Dam\"\n    variants: [\"Park So Bend\"]\n");
    assert_same(&want, dir.read("names.yaml"));
    // The variant works.
    let out = dir
        .unspin(&["fix", "--no-default-dicts", "--dict", "names.yaml", "-"])
        .stdin("She met Yan Hye Ji and Park So Bend.")
        .run();
    assert_same("She met Yang Hye Ji and Park So Dam.", &out.stdout);
}

#[test]
fn dict_add_appends_a_substitution_after_checking_its_example() {
    let dir = Dir::new("dict_add_appends_a_substitution_after_checking_its_example");
    let subs = "kind: substitutions\nrules:\n- find: \"a b\"\n  replace: \"c\"\n- find: \"d e\"\n  replace: \"f\"\n";
    dir.write("spun.yaml", subs);
    let add = |output: &str| {
        dir.unspin(&[
            "dict",
            "add",
            "spun.yaml",
            "--find",
            "the 2 actors",
            "--replace",
            "the two actors",
            "--tier",
            "spun",
            "--example-input",
            "Then the 2 actors laugh.",
            "--example-output",
            output,
        ])
        .run()
    };
    let out = add("Then the actors laugh.");
    assert_code(&out, 2);
    assert!(out.stderr.contains("does not hold"), "{}", out.stderr);
    assert_same(subs, dir.read("spun.yaml"));
    assert_code(&add("Then the two actors laugh."), 0);
    assert_same(
        format!("{subs}- find: \"the 2 actors\"\n  replace: \"the two actors\"\n  tier: spun\n  examples:\n    - input: \"Then the 2 actors laugh.\"\n      output: \"Then the two actors laugh.\"\n"),
        dir.read("spun.yaml"),
    );
    // Names do not go in a substitutions file.
    let out = dir
        .unspin(&["dict", "add", "spun.yaml", "--name", "Yang Hye Ji"])
        .run();
    assert_code(&out, 2);
}
