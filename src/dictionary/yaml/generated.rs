//! A fast reader for the names files that `scripts/build_names.py` writes.
//!
//! Those files are most of the shipped text (about 830 KB of the default pack) and every
//! start-up reads them, so they skip serde_yaml: this reader takes the generator's own
//! regular shape, line by line, into small entries that become, one at a time, the same
//! rule specs serde_yaml would give, and [`super::parse`] validates them exactly as it
//! validates any file. The shape:
//!
//! ```text
//! # comment lines, at column 1, anywhere
//! kind: names
//! source: "…"
//! generated_by: scripts/build_names.py
//! rules:
//!   - name: Ahn Bo Hyun
//!     category: person
//!     variants: [Ahn Bohyun, "Ahn Bo-hyun"]
//!     generate: false
//!     note: "a single letter; matched only in listed case or in quotes"
//! ```
//!
//! Top-level keys come once each, before `rules:`, and `generated_by:` must be that script.
//! In a rule, `name:` comes first, the other keys in any order, each once. A scalar is
//! double-quoted (escapes `\"`, `\\` and `\xHH` only) or plain, and a plain one is only
//! letters, digits, spaces and `.'-`, starting with a letter, ending with no space, and
//! not a word any YAML reader takes for something other than text (`null`, `true`, `no`...).
//!
//! Anything else, down to one trailing space, a tab, a CR, a character YAML forbids or an
//! indented comment, makes [`read`] return `None` and the file goes through serde_yaml, so
//! its errors keep their exact wording and place. Whatever this reader accepts it reads as
//! serde_yaml does; the tests check that on every shipped file and on random files of the
//! generator's shape.

use super::{CategorySpec, KindSpec, RuleSpec};
use serde_yaml::Value;

/// The `generated_by` line a file must carry to be read here.
const GENERATOR: &str = "generated_by: scripts/build_names.py";

/// Plain scalars some YAML reader takes for a null, a boolean or a number (compared in
/// lower case): never read as text here.
const NOT_TEXT: &[&str] = &[
    "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf", "infinity",
];

/// A generated file as read: what serde_yaml would give as a [`super::FileSpec`], with the
/// rules kept small until [`Entry::into_spec`] (a rule spec is most of a kilobyte).
pub(super) struct File {
    pub kind: KindSpec,
    /// Checked to be text, not used (as in [`super::FileSpec`]).
    #[allow(dead_code)]
    pub source: Option<String>,
    pub rules: Vec<Entry>,
}

/// One rule of a generated file: a `name` and the fields the generator writes with it.
#[derive(Default)]
pub(super) struct Entry {
    name: String,
    category: Option<CategorySpec>,
    generate: Option<bool>,
    note: Option<String>,
    variants: Option<Vec<Value>>,
}

impl Entry {
    /// The rule spec serde_yaml would have read.
    pub fn into_spec(self) -> RuleSpec {
        RuleSpec {
            name: Some(Value::String(self.name)),
            category: self.category,
            generate: self.generate,
            note: self.note,
            variants: self.variants.map(Value::Sequence),
            ..RuleSpec::default()
        }
    }
}

/// Reads a file of the generator's shape; `None` for anything else.
pub(super) fn read(text: &str) -> Option<File> {
    let mut kind = None;
    let mut source = None;
    let mut generated_by = None;
    let mut rules: Option<Vec<Entry>> = None;
    for line in text.split('\n') {
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if !comment.chars().all(allowed) {
                return None;
            }
            continue;
        }
        let Some(rules) = rules.as_mut() else {
            // The header.
            if line == "rules:" {
                generated_by.as_ref()?;
                let count = memchr::memmem::find_iter(text.as_bytes(), "\n  - name: ").count();
                rules = Some(Vec::with_capacity(count));
            } else if line == GENERATOR {
                once(&mut generated_by, ())?;
            } else if let Some(value) = line.strip_prefix("kind: ") {
                let value = match value {
                    "names" => KindSpec::Names,
                    "substitutions" => KindSpec::Substitutions,
                    "boilerplate" => KindSpec::Boilerplate,
                    _ => return None,
                };
                once(&mut kind, value)?;
            } else if let Some(value) = line.strip_prefix("source: ") {
                once(&mut source, whole_scalar(value)?)?;
            } else {
                return None;
            }
            continue;
        };
        if let Some(value) = line.strip_prefix("  - name: ") {
            rules.push(Entry {
                name: whole_scalar(value)?,
                ..Entry::default()
            });
            continue;
        }
        let rule = rules.last_mut()?;
        let field = line.strip_prefix("    ")?;
        if let Some(value) = field.strip_prefix("category: ") {
            let value = match value {
                "person" => CategorySpec::Person,
                "group" => CategorySpec::Group,
                "title" => CategorySpec::Title,
                _ => return None,
            };
            once(&mut rule.category, value)?;
        } else if let Some(value) = field.strip_prefix("generate: ") {
            let value = match value {
                "true" => true,
                "false" => false,
                _ => return None,
            };
            once(&mut rule.generate, value)?;
        } else if let Some(value) = field.strip_prefix("note: ") {
            once(&mut rule.note, whole_scalar(value)?)?;
        } else if let Some(value) = field.strip_prefix("variants: ") {
            once(&mut rule.variants, flow_sequence(value)?)?;
        } else {
            return None;
        }
    }
    let rules = rules.filter(|r| !r.is_empty())?;
    Some(File {
        kind: kind?,
        source,
        rules,
    })
}

/// Sets a field that may be given once; `None` when it already was.
fn once<T>(field: &mut Option<T>, value: T) -> Option<()> {
    if field.is_some() {
        return None;
    }
    *field = Some(value);
    Some(())
}

/// A character this reader lets through in comments and scalars: printable to every YAML
/// reader and never a line break (YAML 1.1 breaks lines at NEL, U+2028 and U+2029 too).
fn allowed(c: char) -> bool {
    !c.is_control()
        && !matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
        )
}

/// A scalar that makes up the whole of `value`.
fn whole_scalar(value: &str) -> Option<String> {
    match scalar(value)? {
        (text, "") => Some(text),
        _ => None,
    }
}

/// The scalar at the start of `value`, and the rest after it. A plain scalar runs to the
/// first character a plain scalar here cannot hold.
fn scalar(value: &str) -> Option<(String, &str)> {
    if let Some(quoted) = value.strip_prefix('"') {
        return double_quoted(quoted);
    }
    let plain = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'.' | b'\'' | b'-');
    let end = value
        .bytes()
        .position(|b| !plain(&b))
        .unwrap_or(value.len());
    // Only ASCII so far, so `end` is a char boundary.
    let text = &value[..end];
    if !text.starts_with(|c: char| c.is_ascii_alphabetic())
        || text.ends_with(' ')
        || NOT_TEXT.iter().any(|word| word.eq_ignore_ascii_case(text))
    {
        return None;
    }
    Some((text.to_string(), &value[end..]))
}

/// A double-quoted scalar after its opening quote: its text, and the rest after the closing
/// quote.
fn double_quoted(value: &str) -> Option<(String, &str)> {
    let mut text = String::new();
    let mut rest = value;
    loop {
        // Copy up to the next quote or backslash at once.
        let stop = memchr::memchr2(b'"', b'\\', rest.as_bytes())?;
        let run = &rest[..stop];
        if !run.chars().all(allowed) {
            return None;
        }
        text.push_str(run);
        let escape = &rest[stop..];
        if let Some(rest) = escape.strip_prefix('"') {
            return Some((text, rest));
        }
        // A backslash: `\"`, `\\` or `\xHH`.
        let (c, len) = match escape.as_bytes().get(1)? {
            b'"' => ('"', 2),
            b'\\' => ('\\', 2),
            b'x' => {
                let hex = escape.get(2..4)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                (char::from(u8::from_str_radix(hex, 16).ok()?), 4)
            }
            _ => return None,
        };
        text.push(c);
        rest = &escape[len..];
    }
}

/// A one-line flow sequence of scalars separated by `, `: `[]`, `[a]`, `[a, "b"]`.
fn flow_sequence(value: &str) -> Option<Vec<Value>> {
    let inner = value.strip_prefix('[')?;
    let mut items = Vec::new();
    if inner == "]" {
        return Some(items);
    }
    let mut rest = inner;
    loop {
        let (text, after) = scalar(rest)?;
        items.push(Value::String(text));
        if after == "]" {
            return Some(items);
        }
        rest = after.strip_prefix(", ")?;
    }
}

#[cfg(test)]
mod tests {
    use super::super as yaml;
    use super::*;
    use crate::dictionary::{embedded, DictError};
    use crate::rule::Rule;

    /// [`yaml::parse`] as it was before this reader: serde_yaml for every file.
    fn parse_with_serde(name: &str, text: &str) -> Result<Vec<Rule>, Vec<DictError>> {
        yaml::validate_file(name, text, yaml::read(name, text)?)
    }

    #[test]
    fn every_shipped_file_reads_as_with_serde_yaml() {
        let mut fast = 0;
        for file in embedded::all() {
            let name = file.display_name();
            let generated = file.contents.contains(&format!("\n{GENERATOR}\n"));
            // A generated file that stops taking the fast path is a regression too.
            assert_eq!(read(file.contents).is_some(), generated, "{name}");
            let got = yaml::parse(&name, file.contents).expect("shipped files load");
            let want = parse_with_serde(&name, file.contents).expect("shipped files load");
            assert_eq!(got.len(), want.len(), "{name}");
            // Rule by rule, so a failure shows the first difference, not 7,000 rules.
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g, w, "{name}");
            }
            fast += usize::from(generated);
        }
        assert!(fast >= 5, "only {fast} files took the fast path");
    }

    const HEADER: &str = "# GENERATED\nkind: names\nsource: \"Actors; a \\\"list\\\"\"\n\
                          generated_by: scripts/build_names.py\nrules:\n";

    #[test]
    fn the_generators_shape_is_read() {
        let text = format!(
            "{HEADER}  - name: Ahn Bo Hyun\n    category: person\n\
             # a comment\n\n  - name: \"2AM\"\n    category: group\n    generate: false\n    \
             note: \"a \\x41 \\\\ note\"\n    variants: [Two AM, \"2 AM\"]\n  - name: It's Okay\n"
        );
        let file = read(&text).expect("the generator's shape");
        assert_eq!(file.rules.len(), 3);
        assert_eq!(file.source.as_deref(), Some("Actors; a \"list\""));
        assert_eq!(file.rules[1].note.as_deref(), Some("a A \\ note"));
        let rules = yaml::parse("names-x.yaml", &text).expect("loads");
        assert_eq!(Ok(rules.clone()), parse_with_serde("names-x.yaml", &text));
        assert_eq!(rules[1].id, "names-x.2am");
        assert_eq!((rules[1].origin.line, rules[1].origin.column), (10, 5));
    }

    /// Files a step away from the shape go through serde_yaml, and fail or load exactly as
    /// they did before the fast reader existed.
    #[test]
    fn anything_else_goes_through_serde_yaml_with_its_errors() {
        let rule = "  - name: Ahn Bo Hyun\n    category: person\n";
        let cases: &[(&str, Option<&str>)] = &[
            // Not generated by the script: never read here, even if the shape fits.
            ("kind: names\nrules:\n  - name: A\n", None),
            (
                "kind: names\ngenerated_by: scripts/other.py\nrules:\n  - name: A\n",
                None,
            ),
            // Unknown and misspelt keys, wrong values: serde_yaml's errors and places.
            (
                "{HEADER}  - name: A\n    categry: person\n",
                Some("e.yaml:7:5: rules[0]: unknown field `categry`, expected one of `id`, `find`, `replace`, `name`, `category`, `variants`, `generate`, `cut_from`, `remove_line`, `strip_prefix`, `replace_char`, `case`, `tier`, `signature`, `guard`, `examples`, `must_not_change`, `note`"),
            ),
            (
                "{HEADER}  - name: A\n    category: persn\n",
                Some("e.yaml:7:15: rules[0].category: unknown variant `persn`, expected one of `person`, `group`, `title`"),
            ),
            (
                "{HEADER}  - name: A\n    generate: nope\n",
                Some("e.yaml:7:15: rules[0].generate: invalid type: string \"nope\", expected a boolean"),
            ),
            ("{HEADER}  - name: A\n    category: person\n    category: group\n", None),
            ("kind: nouns\ngenerated_by: scripts/build_names.py\nrules:\n  - name: A\n", None),
            // Layout the reader does not take: trailing space, tab, CR, indented comment,
            // a quoted string that does not close, a key after the rules, no rules.
            ("{HEADER}  - name: Ahn Bo Hyun \n", None),
            ("{HEADER}  - name: A\n    category:\tperson\n", None),
            ("{HEADER}  - name: A\r\n    category: person\r\n", None),
            ("{HEADER}  - name: A\n    # note\n", None),
            ("{HEADER}  - name: \"A\n", None),
            ("{HEADER}  - name: A\nsource: again\n", None),
            ("{HEADER}", None),
            ("\u{feff}{HEADER}{RULE}", None),
            // Scalars another reader would not take for text, or that need YAML's rules.
            ("{HEADER}  - name: no\n", Some("e.yaml:6:11: bare `no` is a boolean in YAML 1.1; quote it (\"no\") if you mean the word")),
            ("{HEADER}  - name: Null\n", None),
            ("{HEADER}  - name: a: b\n", None),
            ("{HEADER}  - name: A #b\n", None),
            ("{HEADER}  - name: 'A'\n", None),
            ("{HEADER}  - name: \"\\tA\"\n", None),
            ("{HEADER}  - name: \"A\u{85}B\"\n", None),
            ("{HEADER}  - name: A\n    variants: [B,C]\n", None),
            ("{HEADER}  - name: A\n    variants: [B, C] \n", None),
            ("# \u{7}\n{HEADER}{RULE}", None),
        ];
        for (template, expected) in cases {
            let text = template.replace("{HEADER}", HEADER).replace("{RULE}", rule);
            assert!(read(&text).is_none(), "read here: {text:?}");
            let got = yaml::parse("e.yaml", &text);
            assert_eq!(got, parse_with_serde("e.yaml", &text), "{text:?}");
            if let Some(expected) = expected {
                let shown: Vec<String> = got
                    .expect_err("fails")
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                assert_eq!(shown, [expected.to_string()], "{text:?}");
            }
        }
    }

    /// Errors found after reading (here, an empty name) are the same on both paths.
    #[test]
    fn validation_errors_are_the_same() {
        let text = format!("{HEADER}  - name: A\n  - name: \"\"\n  - name: \" \"\n");
        assert!(read(&text).is_some());
        let got = yaml::parse("e.yaml", &text);
        assert_eq!(got, parse_with_serde("e.yaml", &text));
        let shown: Vec<String> = got
            .expect_err("fails")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                "e.yaml:7:11: empty phrase",
                "e.yaml:8:11: phrase is only white space"
            ]
        );
    }

    mod against_serde_yaml {
        use super::*;
        use proptest::prelude::*;

        /// Scalars as the generator writes them (mostly), and many it never would.
        fn scalar() -> impl Strategy<Value = &'static str> {
            let written = prop::sample::select(vec![
                "Ahn Bo Hyun",
                "a.mond",
                "Girls' Generation",
                "A-b",
                "Mr.",
                "\"2AM\"",
                "\"Y\"",
                "\"no\"",
                "\"a: b\"",
                "\"x #y\"",
                "\"q \\\" q\"",
                "\"\\\\\"",
                "\"\\x41\"",
                "\"\\x00\"",
                "\"é ’ “x”\"",
                "\"\"",
                "\" \"",
                "\"(G)I-DLE\"",
                "Lee  Ji",
            ]);
            let odd = prop::sample::select(vec![
                "no",
                "Yes",
                "Y",
                "null",
                "~",
                "true",
                "nan",
                "Infinity",
                "1the9",
                "2AM",
                "-a",
                ".a",
                "a: b",
                "a #b",
                "a,b",
                "'a'",
                "\"a",
                "a ",
                "\"\\t\"",
                "\"\\n\"",
                "\"\\u0041\"",
                "[a]",
                "{a: b}",
                "&x a",
                "*x",
                "!x a",
                "é",
                "a\u{a0}b",
                "\"a\tb\"",
            ]);
            prop_oneof![6 => written, 1 => odd]
        }

        fn field() -> impl Strategy<Value = String> {
            let written = prop::sample::select(vec![
                "    category: person\n",
                "    category: group\n",
                "    category: title\n",
                "    generate: false\n",
                "    generate: true\n",
                "    variants: []\n",
                "# c\n",
                "\n",
            ])
            .prop_map(str::to_string);
            let odd = prop::sample::select(vec![
                "    category: persn\n",
                "    generate: False\n",
                "    tier: auto\n",
                "    id: x\n",
                "  # c\n",
                "    \n",
                "    category: person \n",
            ])
            .prop_map(str::to_string);
            let note = scalar().prop_map(|s| format!("    note: {s}\n"));
            let variants = prop::collection::vec(scalar(), 1..4)
                .prop_map(|v| format!("    variants: [{}]\n", v.join(", ")));
            prop_oneof![12 => written, 1 => odd, 2 => note, 2 => variants]
        }

        fn rule() -> impl Strategy<Value = String> {
            (scalar(), prop::collection::vec(field(), 0..3))
                .prop_map(|(name, fields)| format!("  - name: {name}\n{}", fields.concat()))
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]

            /// About a quarter of these files take the fast path; the rest show that it steps aside.
            #[test]
            fn both_readers_agree(
                header in prop::sample::select(vec![
                    HEADER,
                    HEADER,
                    HEADER,
                    "kind: names\ngenerated_by: scripts/build_names.py\nrules:\n",
                    "generated_by: scripts/build_names.py\nkind: boilerplate\nrules:\n",
                    "kind: names\nsource: a ; b\ngenerated_by: scripts/build_names.py\nrules:\n",
                    "kind: names\nrules:\n",
                ]),
                rules in prop::collection::vec(rule(), 0..4),
            ) {
                let text = format!("{header}{}", rules.concat());
                prop_assert_eq!(yaml::parse("p.yaml", &text), parse_with_serde("p.yaml", &text));
            }
        }
    }
}
