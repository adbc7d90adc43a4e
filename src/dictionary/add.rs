//! `unspin dict add`: adds a name variant, a name, or a substitution rule to a dictionary
//! file by editing its text, so comments, blank lines and rule order stay as the author left
//! them.
//!
//! [`add`] takes the file's current text and returns the new text; it writes nothing. It
//! refuses (with an [`AddError`], nothing to write) when:
//!
//! - the file does not load as it is (fix it first: `unspin dict lint FILE`);
//! - the addition does not fit the file's kind (a name in a `substitutions` file);
//! - a phrase or variant is already in the file (a duplicate), or is already generated for
//!   the name ([`crate::names::generated`]);
//! - the edited file would not load, or an example given with the rule does not hold with
//!   the file's rules loaded (the same check as `dict test`);
//! - a new variant is ambiguous: another name in the file generates the same spelling.
//!
//! YAML files get the rule appended at the end of the `rules:` list in the file's own
//! indentation, or the variant added to the name's `variants:` list
//! ([`super::yaml::text`]); TSV files (`.tsv`, `.txt`) get a `phrase<TAB>replacement` line.

use super::yaml::text::{self, RuleText, Value};
use super::{parse, DictError};
use crate::edit::apply;
use crate::engine::view::phrase_view;
use crate::engine::{Engine, Options, TierMode};
use crate::names;
use crate::rule::{Action, CasePolicy, Example, Kind, NameCategory, Rule, Tier};
use std::fmt;

/// What to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Addition {
    /// Variants of a name: added to the name's rule, or a new name rule when the file has
    /// none for it.
    Name {
        /// The canonical spelling.
        name: String,
        /// Variants to add (may be empty when adding a new name).
        variants: Vec<String>,
        /// Category for a new name rule (`person` when not given).
        category: Option<NameCategory>,
    },
    /// A new substitution rule.
    Substitution(Substitution),
}

/// A substitution rule to append.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Substitution {
    /// Phrases to find.
    pub find: Vec<String>,
    /// The replacement.
    pub replace: String,
    /// The rule's id (default: derived from the file name and the first phrase).
    pub id: Option<String>,
    /// The tier, when not `auto`.
    pub tier: Option<Tier>,
    /// The case policy, when not `shape`.
    pub case: Option<CasePolicy>,
    /// Examples checked before anything is written.
    pub examples: Vec<Example>,
    /// A note.
    pub note: Option<String>,
}

/// Why nothing was added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddError {
    /// What is wrong, in a sentence.
    pub message: String,
    /// Dictionary errors behind it (the file, or the edited file, does not load).
    pub errors: Vec<DictError>,
}

impl AddError {
    fn new(message: impl Into<String>) -> AddError {
        AddError {
            message: message.into(),
            errors: Vec::new(),
        }
    }
}

impl fmt::Display for AddError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.errors {
            writeln!(f, "{e}")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for AddError {}

/// The edited file and what was done to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    /// The new text of the file.
    pub text: String,
    /// One line per change made, e.g. ``added variant `Yan Hye Ji` to `Yang Hye Ji` ``.
    pub done: Vec<String>,
}

/// Adds `addition` to the dictionary `name` whose text is `text`; returns the new text.
/// `name` is the file as the user named it: it decides the format (`.tsv`/`.txt` → TSV) and
/// appears in messages.
pub fn add(name: &str, text: &str, addition: &Addition) -> Result<Added, AddError> {
    let rules = parse(name, text).map_err(|errors| AddError {
        message: format!("{name} does not load as it is; fix it first (unspin dict lint {name})"),
        errors,
    })?;
    let tsv = name.ends_with(".tsv") || name.ends_with(".txt");
    let kind = if tsv {
        Kind::Substitutions
    } else {
        rules
            .first()
            .map(|r| r.kind)
            .or_else(|| text::top_level_kind(text).and_then(|k| Kind::parse(&k)))
            .ok_or_else(|| AddError::new(format!("{name}: no `kind:` found")))?
    };
    let added = match addition {
        Addition::Name {
            name: canonical,
            variants,
            category,
        } => {
            if kind != Kind::Names {
                return Err(AddError::new(format!(
                    "{name} is a `{kind}` dictionary; names go in a `names` file"
                )));
            }
            add_name(text, &rules, canonical, variants, *category)?
        }
        Addition::Substitution(sub) => {
            if kind == Kind::Names {
                return Err(AddError::new(format!(
                    "{name} is a `names` dictionary; substitutions go in a `substitutions` \
                     (or `boilerplate`) file"
                )));
            }
            add_substitution(text, &rules, sub, tsv)?
        }
    };
    let new_rules = parse(name, &added.text).map_err(|errors| AddError {
        message: "the edited file would not load; nothing was written".to_string(),
        errors,
    })?;
    check_result(&new_rules, addition)?;
    Ok(added)
}

/// Where a phrase is already used in `rules`, as a sentence, or `None`.
fn already_there(rules: &[Rule], phrase: &str) -> Option<String> {
    let form = phrase_view(phrase);
    for rule in rules {
        let at = format!("{}:{}", rule.origin.file, rule.origin.line);
        match &rule.action {
            Action::Replace { phrases, .. } if phrases.iter().any(|p| phrase_view(p) == form) => {
                return Some(format!(
                    "`{phrase}` is already a phrase of rule `{}` at {at}",
                    rule.id
                ));
            }
            Action::Name {
                canonical,
                variants,
                ..
            } => {
                if phrase_view(canonical) == form {
                    return Some(format!(
                        "`{phrase}` is already the name `{canonical}` at {at}"
                    ));
                }
                if variants.iter().any(|v| phrase_view(v) == form) {
                    return Some(format!(
                        "`{phrase}` is already a variant of `{canonical}` at {at}"
                    ));
                }
            }
            _ => {}
        }
    }
    None
}

fn add_name(
    file: &str,
    rules: &[Rule],
    canonical: &str,
    variants: &[String],
    category: Option<NameCategory>,
) -> Result<Added, AddError> {
    let form = phrase_view(canonical);
    if form.is_empty() {
        return Err(AddError::new("the name is empty"));
    }
    let existing = rules.iter().find(|r| match &r.action {
        Action::Name { canonical: c, .. } => phrase_view(c) == form,
        _ => false,
    });
    let mut seen: Vec<Vec<u8>> = Vec::new();
    for v in variants {
        let vf = phrase_view(v);
        if vf == form {
            return Err(AddError::new(format!(
                "`{v}` is the name itself (matching ignores case, spacing and quote style)"
            )));
        }
        if seen.contains(&vf) {
            return Err(AddError::new(format!("`{v}` is given twice")));
        }
        seen.push(vf.clone());
        if let Some(problem) = already_there(rules, v) {
            return Err(AddError::new(problem));
        }
        let (cat, generate) = match existing.map(|r| &r.action) {
            Some(Action::Name {
                category, generate, ..
            }) => (*category, *generate),
            _ => (category.unwrap_or_default(), true),
        };
        if generate
            && names::generated(canonical, cat)
                .iter()
                .any(|g| phrase_view(g) == vf && g.as_str() == v.as_str())
        {
            return Err(AddError::new(format!(
                "`{v}` is already generated for `{canonical}`; nothing to add"
            )));
        }
    }
    let mut done = Vec::new();
    let text = match existing {
        Some(rule) => {
            if variants.is_empty() {
                return Err(AddError::new(format!(
                    "`{canonical}` is already in the file at line {}; give --variant to add \
                     a variant",
                    rule.origin.line
                )));
            }
            let mut text = file.to_string();
            for v in variants {
                text = text::add_variant(&text, rule.origin.line as usize, v)
                    .map_err(AddError::new)?;
                done.push(format!(
                    "added variant `{v}` to `{canonical}` (line {})",
                    rule.origin.line
                ));
            }
            text
        }
        None => {
            let mut fields = vec![("name", Value::Str(canonical.to_string()))];
            if let Some(c) = category.filter(|c| *c != NameCategory::Person) {
                fields.push(("category", Value::Word(c.as_str().to_string())));
            }
            if !variants.is_empty() {
                fields.push(("variants", Value::List(variants.to_vec())));
            }
            let text = text::append_rules(file, &[RuleText::new(fields)]).map_err(AddError::new)?;
            done.push(if variants.is_empty() {
                format!("added name `{canonical}`")
            } else {
                format!(
                    "added name `{canonical}` with variant{} {}",
                    if variants.len() == 1 { "" } else { "s" },
                    variants
                        .iter()
                        .map(|v| format!("`{v}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
            text
        }
    };
    Ok(Added { text, done })
}

fn add_substitution(
    file: &str,
    rules: &[Rule],
    sub: &Substitution,
    tsv: bool,
) -> Result<Added, AddError> {
    if sub.find.is_empty() {
        return Err(AddError::new("give at least one phrase to find"));
    }
    let mut seen: Vec<Vec<u8>> = Vec::new();
    for phrase in &sub.find {
        let form = phrase_view(phrase);
        if seen.contains(&form) {
            return Err(AddError::new(format!("`{phrase}` is given twice")));
        }
        seen.push(form);
        if let Some(problem) = already_there(rules, phrase) {
            return Err(AddError::new(problem));
        }
    }
    let shown = sub
        .find
        .iter()
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let done = vec![format!("added rule {shown} -> `{}`", sub.replace)];
    if tsv {
        let extra = sub.id.is_some()
            || sub.tier.is_some()
            || sub.case.is_some()
            || sub.note.is_some()
            || !sub.examples.is_empty()
            || sub.find.len() > 1;
        if extra {
            return Err(AddError::new(
                "a TSV list holds one phrase and its replacement per line; id, tier, case, \
                 note and examples need a YAML dictionary",
            ));
        }
        if sub.find[0].contains('\t') || sub.replace.contains('\t') {
            return Err(AddError::new("a TSV field cannot hold a tab"));
        }
        let nl = if file.contains("\r\n") { "\r\n" } else { "\n" };
        let mut text = file.to_string();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push_str(nl);
        }
        text.push_str(&format!("{}\t{}{nl}", sub.find[0], sub.replace));
        return Ok(Added { text, done });
    }
    let mut fields: Vec<(&str, Value)> = Vec::new();
    if let Some(id) = &sub.id {
        fields.push(("id", Value::Str(id.clone())));
    }
    fields.push((
        "find",
        if sub.find.len() == 1 {
            Value::Str(sub.find[0].clone())
        } else {
            Value::List(sub.find.clone())
        },
    ));
    fields.push(("replace", Value::Str(sub.replace.clone())));
    if let Some(case) = sub.case.filter(|c| *c != CasePolicy::Shape) {
        fields.push(("case", Value::Word(case.as_str().to_string())));
    }
    if let Some(tier) = sub.tier.filter(|t| *t != Tier::Auto) {
        fields.push(("tier", Value::Word(tier.as_str().to_string())));
    }
    if !sub.examples.is_empty() {
        fields.push((
            "examples",
            Value::Examples(
                sub.examples
                    .iter()
                    .map(|e| (e.input.clone(), e.output.clone()))
                    .collect(),
            ),
        ));
    }
    if let Some(note) = &sub.note {
        fields.push(("note", Value::Str(note.clone())));
    }
    let text = text::append_rules(file, &[RuleText::new(fields)]).map_err(AddError::new)?;
    Ok(Added { text, done })
}

/// Checks the edited file's rules: the new rule's examples hold, and a new variant is
/// recognised (not dropped as ambiguous).
fn check_result(rules: &[Rule], addition: &Addition) -> Result<(), AddError> {
    let options = Options {
        tier: TierMode::Spun,
        ..Options::default()
    };
    let engine = Engine::new(rules.to_vec(), options).map_err(|e| AddError::new(e.to_string()))?;
    match addition {
        Addition::Substitution(sub) => {
            for ex in &sub.examples {
                let got = apply(&ex.input, &engine.find_edits(&ex.input).edits);
                if got != ex.output {
                    return Err(AddError::new(format!(
                        "the example does not hold with this file's rules loaded; nothing was \
                         written\n  input:    {}\n  expected: {}\n  got:      {got}",
                        ex.input, ex.output
                    )));
                }
            }
        }
        Addition::Name { name, variants, .. } => {
            for v in variants {
                let form = phrase_view(v);
                if let Some(d) = engine
                    .dropped_variants()
                    .iter()
                    .find(|d| phrase_view(&d.text) == form)
                {
                    let others: Vec<String> = d
                        .rules
                        .iter()
                        .map(|&i| match &engine.rule(i).action {
                            Action::Name { canonical, .. } => format!("`{canonical}`"),
                            _ => engine.rule(i).id.clone(),
                        })
                        .collect();
                    return Err(AddError::new(format!(
                        "`{v}` would be ambiguous: {} all produce it, so it would be dropped \
                         for each; nothing was written",
                        others.join(", ")
                    )));
                }
                let got = apply(v, &engine.find_edits(v).edits);
                if got != *name {
                    return Err(AddError::new(format!(
                        "with the variant added, `{v}` gives `{got}`, not `{name}`; nothing \
                         was written"
                    )));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &str = "\
# Names we care about. This comment stays.
kind: names
source: \"hand-written\"
rules:
  - name: Yang Hye Ji   # an actor
    note: \"Actor.\"

  # A group, with a comment above it.
  - name: Red Velvet
    category: group
    variants: [\"Crimson Velvet\"]
";

    const SUBS: &str = "\
# Spinner damage.
kind: substitutions
rules:
  - id: cut
    find: \"Minimize!\"
    replace: \"cut!\"
    examples:
      - input: \"He yells “Minimize!”\"
        output: \"He yells “Cut!”\"
# end of file comment
";

    fn name(name: &str, variants: &[&str]) -> Addition {
        Addition::Name {
            name: name.to_string(),
            variants: variants.iter().map(|s| s.to_string()).collect(),
            category: None,
        }
    }

    fn sub(find: &str, replace: &str) -> Substitution {
        Substitution {
            find: vec![find.to_string()],
            replace: replace.to_string(),
            ..Substitution::default()
        }
    }

    #[test]
    fn adds_a_variant_to_an_existing_name_keeping_the_rest_byte_for_byte() {
        let added = add("names.yaml", NAMES, &name("Yang Hye Ji", &["Yan Hye Ji"])).unwrap();
        let want = NAMES.replace(
            "    note: \"Actor.\"\n",
            "    variants: [\"Yan Hye Ji\"]\n    note: \"Actor.\"\n",
        );
        assert_eq!(added.text, want);
        assert_eq!(
            added.done,
            ["added variant `Yan Hye Ji` to `Yang Hye Ji` (line 5)"]
        );
        // And again, into the list that now exists.
        let again = add(
            "names.yaml",
            &added.text,
            &name("Yang Hye Ji", &["Yahng Hye Ji"]),
        )
        .unwrap();
        assert_eq!(
            again.text,
            want.replace("[\"Yan Hye Ji\"]", "[\"Yan Hye Ji\", \"Yahng Hye Ji\"]")
        );
    }

    #[test]
    fn adds_a_new_name_at_the_end() {
        let added = add("names.yaml", NAMES, &name("Park So Dam", &["Park So Bend"])).unwrap();
        assert_eq!(
            added.text,
            format!("{NAMES}\n  - name: \"Park So Dam\"\n    variants: [\"Park So Bend\"]\n")
        );
        let rules = parse("names.yaml", &added.text).unwrap();
        assert_eq!(rules.len(), 3);
    }

    #[test]
    fn refuses_duplicates() {
        let err = add(
            "names.yaml",
            NAMES,
            &name("Red Velvet", &["Crimson Velvet"]),
        )
        .unwrap_err();
        assert!(
            err.message.contains("already a variant of `Red Velvet`"),
            "{err}"
        );
        let err = add("names.yaml", NAMES, &name("Song Kang", &["Yang Hye Ji"])).unwrap_err();
        assert!(err.message.contains("already the name"), "{err}");
        let err = add("names.yaml", NAMES, &name("Yang Hye Ji", &["yang hye  ji"])).unwrap_err();
        assert!(err.message.contains("the name itself"), "{err}");
        let err = add("names.yaml", NAMES, &name("Yang Hye Ji", &["Hye Ji Yang"])).unwrap_err();
        assert!(err.message.contains("already generated"), "{err}");
        let err = add("names.yaml", NAMES, &name("Red Velvet", &[])).unwrap_err();
        assert!(err.message.contains("already in the file"), "{err}");
        let err = add(
            "s.yaml",
            SUBS,
            &Addition::Substitution(sub("minimize!", "x")),
        )
        .unwrap_err();
        assert!(
            err.message.contains("already a phrase of rule `cut`"),
            "{err}"
        );
    }

    #[test]
    fn refuses_the_wrong_kind_and_a_broken_file() {
        let err = add("s.yaml", SUBS, &name("A B", &[])).unwrap_err();
        assert!(err.message.contains("names go in a `names` file"), "{err}");
        let err = add("n.yaml", NAMES, &Addition::Substitution(sub("a", "b"))).unwrap_err();
        assert!(err.message.contains("substitutions go in"), "{err}");
        let broken = "kind: names\nrules:\n  - name: A B\n    colour: red\n";
        let err = add("n.yaml", broken, &name("A B", &["B A A"])).unwrap_err();
        assert!(err.message.contains("does not load as it is"), "{err}");
        assert_eq!(err.errors.len(), 1);
    }

    #[test]
    fn appends_a_substitution_with_its_example() {
        let mut s = sub("the 2 actors", "the two actors");
        s.tier = Some(Tier::Spun);
        s.examples = vec![Example {
            input: "Then the 2 actors laugh.".into(),
            output: "Then the two actors laugh.".into(),
        }];
        let added = add("s.yaml", SUBS, &Addition::Substitution(s)).unwrap();
        let at = SUBS.find("# end of file").unwrap();
        assert_eq!(&added.text[..at], &SUBS[..at]);
        assert_eq!(
            &added.text[at..],
            "\n  - find: \"the 2 actors\"\n    replace: \"the two actors\"\n    tier: spun\n    examples:\n      - input: \"Then the 2 actors laugh.\"\n        output: \"Then the two actors laugh.\"\n# end of file comment\n"
        );
    }

    #[test]
    fn a_failing_example_writes_nothing() {
        let mut s = sub("the 2 actors", "the two actors");
        s.examples = vec![Example {
            input: "the 2 actors".into(),
            output: "the actors".into(),
        }];
        let err = add("s.yaml", SUBS, &Addition::Substitution(s)).unwrap_err();
        assert!(err.message.contains("does not hold"), "{err}");
    }

    #[test]
    fn an_ambiguous_variant_is_refused() {
        let text = "kind: names\nrules:\n  - name: Kang Song\n  - name: Han Bo\n";
        // "Song Kang" is generated for "Kang Song" (token order); giving it to "Han Bo" too
        // would make it ambiguous.
        let err = add("n.yaml", text, &name("Han Bo", &["Song Kang"])).unwrap_err();
        assert!(err.message.contains("ambiguous"), "{err}");
    }

    #[test]
    fn tsv_lists_get_a_line() {
        let added = add(
            "list.tsv",
            "# bulk\nbosom peril\tbreast cancer",
            &Addition::Substitution(sub("counterfeit consciousness", "artificial intelligence")),
        )
        .unwrap();
        assert_eq!(
            added.text,
            "# bulk\nbosom peril\tbreast cancer\ncounterfeit consciousness\tartificial intelligence\n"
        );
        let mut s = sub("a", "b");
        s.tier = Some(Tier::Spun);
        assert!(add("list.tsv", "", &Addition::Substitution(s)).is_err());
    }
}
