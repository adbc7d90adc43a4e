//! Tests for the YAML reader: every broken fixture gives its exact `file:line:column:
//! message`, the good ones load into the expected rules.

use super::*;
use crate::rule::Example;

/// Loads `fixtures/dictionaries/<file>` under its repository path.
fn fixture(file: &str) -> Result<Vec<Rule>, Vec<DictError>> {
    let name = format!("fixtures/dictionaries/{file}");
    let path = format!("{}/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    parse(&name, &text)
}

/// The errors of a dictionary that must not load, as printed.
fn errors(result: Result<Vec<Rule>, Vec<DictError>>) -> Vec<String> {
    match result {
        Ok(rules) => panic!("expected errors, got {} rules", rules.len()),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn fixture_errors(file: &str) -> Vec<String> {
    errors(fixture(file))
}

/// Each line prefixed with the fixture's path.
fn at(file: &str, lines: &[&str]) -> Vec<String> {
    lines
        .iter()
        .map(|l| format!("fixtures/dictionaries/{file}:{l}"))
        .collect()
}

#[test]
fn unknown_field() {
    assert_eq!(
        fixture_errors("unknown-field.yaml"),
        at(
            "unknown-field.yaml",
            &[
                "5:5: rules[0]: unknown field `replacement`, expected one of `id`, `find`, \
               `replace`, `name`, `category`, `variants`, `generate`, `cut_from`, \
               `remove_line`, `strip_prefix`, `replace_char`, `case`, `tier`, `signature`, \
               `guard`, `examples`, `must_not_change`, `note`"
            ]
        )
    );
}

#[test]
fn wrong_type() {
    assert_eq!(
        fixture_errors("wrong-type.yaml"),
        at(
            "wrong-type.yaml",
            &["6:16: rules[0].signature: invalid type: string \"yes please\", expected a boolean"]
        )
    );
}

#[test]
fn empty_phrase() {
    assert_eq!(
        fixture_errors("empty-phrase.yaml"),
        at(
            "empty-phrase.yaml",
            &["4:25: empty phrase", "6:11: phrase is only white space"]
        )
    );
}

#[test]
fn line_break() {
    assert_eq!(
        fixture_errors("line-break.yaml"),
        at(
            "line-break.yaml",
            &[
                "4:11: phrase contains a line break (phrases never span lines)",
                "7:7: phrase contains a line break (phrases never span lines)",
            ]
        )
    );
}

#[test]
fn duplicate_phrase() {
    assert_eq!(
        fixture_errors("duplicate-phrase.yaml"),
        at(
            "duplicate-phrase.yaml",
            &[
                "8:26: duplicate phrase `after all,  ceo` with a different replacement: \
               `anyway, CEO` here, `Of course, CEO` in rule `of-course` at \
               fixtures/dictionaries/duplicate-phrase.yaml:4:5"
            ]
        )
    );
}

#[test]
fn duplicate_id() {
    assert_eq!(
        fixture_errors("duplicate-id.yaml"),
        at(
            "duplicate-id.yaml",
            &["7:9: duplicate rule id `cut`; first used at \
               fixtures/dictionaries/duplicate-id.yaml:4:9"]
        )
    );
}

#[test]
fn null_phrase() {
    assert_eq!(
        fixture_errors("null-phrase.yaml"),
        at(
            "null-phrase.yaml",
            &[
                "4:11: `find` is null (a bare `~`, `null` or nothing); write the text, quoted if need be",
                "6:11: `find` is null (a bare `~`, `null` or nothing); write the text, quoted if need be",
                "9:5: `replace` is null (a bare `~`, `null` or nothing); write the text, quoted if need be",
            ]
        )
    );
}

#[test]
fn yaml_1_1_traps() {
    assert_eq!(
        fixture_errors("yaml11-traps.yaml"),
        at(
            "yaml11-traps.yaml",
            &[
                "5:11: bare `no` is a boolean in YAML 1.1; quote it (\"no\") if you mean the word",
                "7:12: bare `on` is a boolean in YAML 1.1; quote it (\"on\") if you mean the word",
                "9:11: `find`: `true` is a boolean, not text; quote it (\"true\") if you mean the word",
                "11:11: `find`: `42` is a number, not text; quote it (\"42\")",
                "14:14: bare `yes` is a boolean in YAML 1.1; quote it (\"yes\") if you mean the word",
            ]
        )
    );
}

#[test]
fn bad_regex() {
    assert_eq!(
        fixture_errors("bad-regex.yaml"),
        at(
            "bad-regex.yaml",
            &[
                "4:19: invalid regular expression in `strip_prefix`: unclosed group",
                "8:28: invalid regular expression in `matches`: unclosed character class",
            ]
        )
    );
}

#[test]
fn bad_fields() {
    assert_eq!(
        fixture_errors("bad-fields.yaml"),
        at(
            "bad-fields.yaml",
            &[
                "4:5: rule has no action: give one of `find`, `name`, `cut_from`, \
                 `remove_line`, `strip_prefix` or `replace_char`",
                "6:5: rule has two actions, `find` and `name`: give exactly one",
                "8:5: `cut_from` is not allowed in a substitutions file (put it in a boilerplate file)",
                "11:5: `category` does not apply to `find` rules",
                "12:5: `find` needs `replace` (write `replace: \"\"` to delete)",
            ]
        )
    );
}

#[test]
fn files_that_load_but_fail_lint_or_test() {
    for file in ["cycle.yaml", "not-idempotent.yaml", "failing-example.yaml"] {
        assert!(fixture(file).is_ok(), "{file}");
    }
}

#[test]
fn good_yaml_loads() {
    let rules = fixture("good.yaml").expect("good.yaml loads");
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "with-a-purpose-to",
            "good.the-place",
            "good.seoul-metropolitan"
        ]
    );
    let first = &rules[0];
    assert_eq!(
        first.origin.to_string(),
        "fixtures/dictionaries/good.yaml:6:5"
    );
    assert_eq!(first.kind, Kind::Substitutions);
    assert_eq!(
        first.action,
        Action::Replace {
            phrases: vec!["With a purpose to".into(), "with the intention to".into()],
            replacement: "in order to".into(),
        }
    );
    assert_eq!(
        (first.case, first.tier, first.signature),
        (CasePolicy::Shape, Tier::Auto, true)
    );
    assert_eq!(first.examples.len(), 2);
    assert_eq!(
        first.must_not_change,
        ["She spoke with a purpose, to be fair."]
    );
    assert_eq!(
        first.note.as_deref(),
        Some("A spinner's rewrite of `in order to`.")
    );
    assert!(!first.generated);

    let second = &rules[1];
    assert_eq!(second.tier, Tier::Spun);
    assert_eq!(second.guard.prev_word.one_of, ["studio", "city", "town"]);
    assert_eq!(second.guard.prev_word.capitalized, Some(false));
    assert_eq!(second.guard.next_word.not, ["is", "was"]);
    assert_eq!(
        second
            .guard
            .next_word
            .matches
            .as_ref()
            .map(|p| p.0.as_str()),
        Some("^[a-z]")
    );
    assert_eq!(rules[2].case, CasePolicy::Exact);
    assert_eq!(rules[2].guard.followed_by, [" City Hall"]);
}

#[test]
fn names_files() {
    let text = r#"
kind: names
generated_by: "scripts/x.py"
rules:
  - name: Seo Dan Ah
    variants: ["Seo Dana", 'Seo Dan-ah']
    examples: [{input: "Seo Dana smiled.", output: "Seo Dan Ah smiled."}]
  - name: "When the Devil Calls Your Name"
    category: title
    generate: false
    guard: {quoted: true}
    tier: auto
"#;
    let rules = parse("names.yaml", text).expect("loads");
    assert_eq!(rules[0].id, "names.seo-dan-ah");
    assert_eq!(rules[0].kind, Kind::Names);
    assert_eq!(rules[0].case, CasePolicy::Verbatim);
    assert!(rules[0].generated);
    assert_eq!(
        rules[0].action,
        Action::Name {
            canonical: "Seo Dan Ah".into(),
            category: NameCategory::Person,
            variants: vec!["Seo Dana".into(), "Seo Dan-ah".into()],
            generate: true,
        }
    );
    assert_eq!(
        rules[0].examples,
        [Example {
            input: "Seo Dana smiled.".into(),
            output: "Seo Dan Ah smiled.".into()
        }]
    );
    assert_eq!(rules[1].id, "names.when-the-devil-calls-your-name");
    assert!(rules[1].guard.quoted);
    assert!(matches!(
        rules[1].action,
        Action::Name {
            category: NameCategory::Title,
            generate: false,
            ..
        }
    ));
}

#[test]
fn names_files_take_only_names() {
    let text = "kind: names\nrules:\n  - find: x\n    replace: y\n  - name: A B\n    case: exact\n  - name: [A, B]\n";
    assert_eq!(
        errors(parse("n.yaml", text)),
        [
            "n.yaml:3:5: `find` is not allowed in a names file (it takes `name` rules)",
            "n.yaml:6:5: `case` does not apply to names: they always write the canonical spelling",
            "n.yaml:7:11: `name` takes one canonical spelling; list other spellings under `variants`",
        ]
    );
}

#[test]
fn boilerplate_files() {
    let text = r#"kind: boilerplate
rules:
  - cut_from: ["How does this article make you feel?", "Leave a Reply"]
  - remove_line: Similar Articles
  - strip_prefix: '^\s*date \d{4}-\d{2}-\d{2}\s+'
  - replace_char: ["\u00a0", "\t"]
    replace: " "
  - find: "Share this:"
    replace: ""
"#;
    let rules = parse("dictionaries/kdrama/boilerplate.yaml", text).expect("loads");
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "boilerplate.how-does-this-article-make-you-feel",
            "boilerplate.similar-articles",
            "boilerplate.s-date-d-4-d-2-d-2-s",
            "boilerplate.replace-char",
            "boilerplate.share-this",
        ]
    );
    assert!(rules.iter().all(|r| r.kind == Kind::Boilerplate));
    assert_eq!(
        rules[0].action,
        Action::CutToEnd {
            markers: vec![
                "How does this article make you feel?".into(),
                "Leave a Reply".into()
            ]
        }
    );
    assert_eq!(
        rules[1].action,
        Action::RemoveLine {
            lines: vec!["Similar Articles".into()]
        }
    );
    assert!(
        matches!(&rules[2].action, Action::StripPrefix { pattern } if pattern.0.is_match(" date 2021-01-24 x"))
    );
    assert_eq!(
        rules[3].action,
        Action::ReplaceChar {
            chars: vec!['\u{a0}', '\t'],
            replacement: " ".into()
        }
    );
}

#[test]
fn line_rules_refuse_phrase_settings() {
    let text = "kind: boilerplate\nrules:\n  - cut_from: Similar Articles\n    guard: {whole_line: true}\n    tier: spun\n  - replace_char: [ab, \"\"]\n    replace: x\n  - name: A\n";
    assert_eq!(
        errors(parse("b.yaml", text)),
        [
            "b.yaml:4:5: `guard` does not apply to `cut_from` rules",
            "b.yaml:5:5: `tier` does not apply to `cut_from` rules",
            "b.yaml:6:20: `replace_char` takes single characters other than line breaks, not \"ab\"",
            "b.yaml:6:24: `replace_char` takes single characters other than line breaks, not \"\"",
            "b.yaml:8:5: `name` is not allowed in a boilerplate file (put names in a names file)",
        ]
    );
}

#[test]
fn default_ids_are_unique_within_a_file() {
    let text = "kind: substitutions\nrules:\n  - {find: \"Cut!\", replace: a}\n  - {find: \"cut?\", replace: b}\n  - {id: spun.cut-3, find: \"CUT\", replace: c}\n  - {find: \"cut...\", replace: d}\n  - {find: \"!!\", replace: e}\n";
    let rules = parse("spun.yaml", text).expect("loads");
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "spun.cut",
            "spun.cut-2",
            "spun.cut-3",
            "spun.cut-4",
            "spun.find"
        ]
    );
}

#[test]
fn flow_style_errors_fall_back_to_the_rules_line() {
    let text = "kind: substitutions\nrules: [{find: a, replace: b}, {find: '', replace: c}]\n";
    assert_eq!(errors(parse("f.yaml", text)), ["f.yaml:2:39: empty phrase"]);
    // Rule origins, unknown there, are the `rules:` line.
    let rules = parse("f.yaml", "kind: names\nrules: [{name: A B}]\n").expect("loads");
    assert_eq!(rules[0].origin.to_string(), "f.yaml:2:1");
}

#[test]
fn quoted_forms_are_located() {
    let text = "kind: substitutions\nrules:\n  - find: ['it''s', \"\\u00a0\\u00a0\", \"a\\tb\"]\n    replace: x\n";
    // Written with escapes, the phrase cannot be found: the error points at its field.
    assert_eq!(
        errors(parse("q.yaml", text)),
        ["q.yaml:3:11: phrase is only white space"]
    );
    let text = "kind: substitutions\nrules:\n  - find: \"ok\"\n    replace: x\n  - find: 'ok '\n    replace: y\n";
    assert_eq!(
        errors(parse("q.yaml", text)),
        ["q.yaml:5:11: duplicate phrase `ok ` with a different replacement: `y` here, `x` in rule `q.ok` at q.yaml:3:5"]
    );
}

#[test]
fn guard_lists_are_checked() {
    let text = "kind: substitutions\nrules:\n  - find: x\n    replace: y\n    guard:\n      prev_word: {one_of: [the place]}\n      followed_by: [\"\"]\n";
    assert_eq!(
        errors(parse("g.yaml", text)),
        [
            "g.yaml:6:28: `one_of` holds single words, not `the place`",
            "g.yaml:7:21: empty string in `followed_by`",
        ]
    );
}

#[test]
fn ids_must_be_usable() {
    let text = "kind: substitutions\nrules:\n  - {id: \"two words\", find: x, replace: y}\n  - {id: \"\", find: z, replace: y}\n";
    assert_eq!(
        errors(parse("i.yaml", text)),
        [
            "i.yaml:3:10: rule id `two words` contains white space",
            "i.yaml:4:10: rule id is empty",
        ]
    );
}

#[test]
fn schema_errors_have_positions() {
    let cases = [
        ("", "e.yaml:1:1: missing field `kind`"),
        ("kind: nouns\nrules: []\n", "e.yaml:1:7: kind: unknown variant `nouns`, expected one of `substitutions`, `names`, `boilerplate`"),
        ("kind: names\nrules: [\n", "e.yaml:3:1: did not find expected node content, while parsing a flow node"),
        ("kind: names\nrules:\n  - just a string\n", "e.yaml:3:5: rules[0]: invalid type: string \"just a string\", expected a rule: a mapping with one of `find`, `name`, `cut_from`, `remove_line`, `strip_prefix`, `replace_char`"),
        ("kind: names\nrules:\n  - name: A\n    tier: sometimes\n", "e.yaml:4:11: rules[0].tier: unknown variant `sometimes`, expected one of `auto`, `spun`, `flag`"),
        ("kind: names\nrules:\n  - name: A\n    examples: [{input: x}]\n", "e.yaml:4:16: rules[0].examples[0]: missing field `output`"),
        ("kind: substitutions\nrules:\n  - find: []\n    replace: x\n", "e.yaml:3:11: `find` is an empty list"),
    ];
    for (text, expected) in cases {
        assert_eq!(errors(parse("e.yaml", text)), [expected], "{text:?}");
    }
}

/// (A reader that reported it by scanning the phrase once per character would make this test
/// run for minutes; speed itself is measured by the benchmarks, not here.)
#[test]
fn a_ten_megabyte_phrase_is_rejected() {
    let phrase = "spun ".repeat(2 * 1024 * 1024);
    let text = format!("kind: substitutions\nrules:\n  - find: \"{phrase}\"\n    replace: x\n");
    assert_eq!(
        errors(parse("big.yaml", &text)),
        [format!(
            "big.yaml:3:11: phrase is {} bytes long; the limit is 1000",
            phrase.len()
        )]
    );
}

#[test]
fn twenty_thousand_rules_load() {
    let mut text = String::from("kind: substitutions\nrules:\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "  - find: \"spun phrase {i}\"\n    replace: \"phrase {i}\"\n"
        ));
    }
    let rules = parse("many.yaml", &text).expect("loads");
    assert_eq!(rules.len(), 20_000);
    assert_eq!(rules[19_999].origin.line, 2 + 2 * 19_999 + 1);
}

#[test]
fn too_many_errors_stop() {
    let mut text = String::from("kind: substitutions\nrules:\n");
    for _ in 0..1000 {
        text.push_str("  - find: \"\"\n    replace: x\n");
    }
    let found = errors(parse("bad.yaml", &text));
    assert_eq!(found.len(), MAX_ERRORS + 1);
    assert!(
        found[MAX_ERRORS].ends_with("too many errors; stopped after 200"),
        "{}",
        found[MAX_ERRORS]
    );
}

/// The YAML blocks of `dictionaries/README.md` that are whole files load, and their examples
/// hold, so the format documentation cannot drift from the code.
#[test]
fn readme_examples_load_and_pass() {
    let readme = include_str!("../../../dictionaries/README.md");
    let mut checked = 0;
    for block in readme.split("```yaml\n").skip(1) {
        let block = block.split("```").next().unwrap_or("");
        let first = block
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'));
        if !first.is_some_and(|l| l.starts_with("kind:")) {
            continue; // a fragment
        }
        let rules = match parse("README.yaml", block) {
            Ok(rules) => rules,
            Err(errors) => panic!("{errors:?}\n{block}"),
        };
        let failures = crate::dictionary::examples::run(&rules);
        assert!(failures.is_empty(), "{failures:#?}");
        checked += 1;
    }
    assert_eq!(checked, 4);
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of YAML that exercise the reader and the source scanner.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "kind: substitutions\n",
            "kind: names\n",
            "kind: boilerplate\n",
            "rules:\n",
            "rules: [",
            "]",
            "{",
            "}",
            "  - ",
            "- ",
            "    ",
            "find: ",
            "replace: ",
            "name: ",
            "cut_from: ",
            "strip_prefix: ",
            "replace_char: ",
            "id: ",
            "guard: ",
            "matches: ",
            "\"",
            "'",
            "''",
            "~",
            "no",
            "yes",
            "42",
            "true",
            "x",
            "Minimize!",
            "\\u00a0",
            "é",
            "“",
            "\n",
            "\r\n",
            "\t",
            ": ",
            ", ",
            "[",
            "#",
            "|\n",
            "(",
            "*a",
            "&a ",
            "!!str ",
            "---\n",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn random_yaml_never_panics(
            header in prop::sample::select(vec!["", "kind: substitutions\nrules:\n  - ", "kind: boilerplate\nrules:\n- "]),
            pieces in prop::collection::vec(piece(), 0..40),
        ) {
            let text = format!("{header}{}", pieces.concat());
            match parse("fuzz.yaml", &text) {
                Ok(rules) => {
                    for rule in &rules {
                        prop_assert!(rule.origin.line >= 1 && rule.origin.column >= 1);
                    }
                }
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }
    }
}
