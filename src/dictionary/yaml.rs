//! The YAML dictionary format (see `dictionaries/README.md`). This is the only module that
//! touches the YAML crate, so serde_yaml (unmaintained upstream) can be swapped here alone.
//!
//! Reading a file takes two steps:
//!
//! 1. serde_yaml deserializes the text into plain spec structs that deny unknown fields.
//!    Syntax, type and unknown-field errors stop here, at the first one, with the line and
//!    column serde_yaml reports. The names files `scripts/build_names.py` writes (most of
//!    the shipped text) are read by a line reader of their fixed shape instead
//!    (`yaml/generated.rs`), which gives the same specs and steps aside for anything else.
//! 2. Each rule spec is validated into a [`Rule`]: exactly one action, fields allowed for
//!    the file's kind and the action, phrases that are text (not YAML's null, a boolean, a
//!    number, or a YAML 1.1 boolean word such as a bare `no`), regular expressions that
//!    compile, ids that are unique, no phrase given two replacements. Every problem is
//!    collected, so an author fixes a file in one go. serde_yaml gives values no spans, so
//!    these errors are placed by scanning the source text (`locate`).
//!
//! A rule without an `id` gets `<file stem>.<slug of its first phrase>`
//! (`spun.yaml`, `find: "After all, CEO"` → `spun.after-all-ceo`), with `-2`, `-3`, ...
//! appended when two rules of a file would get the same one.

mod generated;
mod locate;
pub mod text;

use super::{check, DictError};
use crate::rule::{
    Action, CasePolicy, Example, Guard, GuardBox, Kind, NameCategory, Origin, Pattern, Rule, Tier,
    WordGuard,
};
use locate::{Place, SourceMap};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use serde_yaml::Value;
use std::sync::Arc;

/// Most errors reported for one file; past this the rest is noise.
const MAX_ERRORS: usize = 200;

/// Words YAML 1.1 readers (PyYAML, which scripts use to write dictionaries) read as booleans
/// but YAML 1.2 (serde_yaml) reads as strings. Another reader of the same file would see
/// `false` where the author meant `no`, so these words are only accepted quoted where text
/// is expected. (`true`/`false` are booleans in both versions and rejected as such.)
const YAML11_BOOLEANS: &[&str] = &[
    "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
];

/// The fields that choose what a rule does; a rule has exactly one.
const ACTIONS: [&str; 6] = [
    "find",
    "name",
    "cut_from",
    "remove_line",
    "strip_prefix",
    "replace_char",
];

/// A whole dictionary file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    kind: KindSpec,
    /// Provenance for people; checked to be text, not used.
    #[allow(dead_code)]
    source: Option<String>,
    generated_by: Option<String>,
    rules: Vec<RuleSpec>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum KindSpec {
    Substitutions,
    Names,
    Boilerplate,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum CaseSpec {
    Shape,
    Exact,
    Verbatim,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum TierSpec {
    Auto,
    Spun,
    Flag,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum CategorySpec {
    Person,
    Group,
    Title,
}

/// One rule as written: every field optional, checked in [`Reader::rule`]. Text fields that
/// hold phrases are kept as raw values so that YAML's null, booleans and numbers are told
/// apart from text (serde would turn `3` into `"3"` and `~` into "absent").
#[derive(Deserialize, Default)]
#[serde(
    deny_unknown_fields,
    expecting = "a rule: a mapping with one of `find`, `name`, `cut_from`, `remove_line`, \
                 `strip_prefix`, `replace_char`"
)]
struct RuleSpec {
    id: Option<String>,
    #[serde(default, deserialize_with = "present")]
    find: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    replace: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    name: Option<Value>,
    category: Option<CategorySpec>,
    #[serde(default, deserialize_with = "present")]
    variants: Option<Value>,
    generate: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    cut_from: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    remove_line: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    strip_prefix: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    replace_char: Option<Value>,
    case: Option<CaseSpec>,
    tier: Option<TierSpec>,
    signature: Option<bool>,
    guard: Option<GuardSpec>,
    examples: Option<Vec<ExampleSpec>>,
    must_not_change: Option<Vec<String>>,
    note: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct GuardSpec {
    prev_word: Option<WordGuardSpec>,
    next_word: Option<WordGuardSpec>,
    #[serde(default)]
    preceded_by: Vec<String>,
    #[serde(default)]
    followed_by: Vec<String>,
    #[serde(default)]
    whole_line: bool,
    #[serde(default)]
    quoted: bool,
    #[serde(default)]
    sentence_has: Vec<String>,
    #[serde(default)]
    prev_name: bool,
    #[serde(default)]
    next_name: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct WordGuardSpec {
    #[serde(default)]
    one_of: Vec<String>,
    #[serde(default)]
    not: Vec<String>,
    capitalized: Option<bool>,
    matches: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleSpec {
    input: String,
    output: String,
}

/// Keeps an explicit null as `Some(Value::Null)`; `Option` alone would read it as absent.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl RuleSpec {
    /// The action fields that are set, in [`ACTIONS`] order.
    fn actions(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        let values = [
            &self.find,
            &self.name,
            &self.cut_from,
            &self.remove_line,
            &self.strip_prefix,
            &self.replace_char,
        ];
        ACTIONS
            .iter()
            .zip(values)
            .filter_map(|(&key, value)| value.as_ref().map(|v| (key, v)))
    }

    /// The optional fields that only some actions take, when set.
    fn restricted_fields(&self) -> impl Iterator<Item = &'static str> {
        let set = [
            ("replace", self.replace.is_some()),
            ("case", self.case.is_some()),
            ("category", self.category.is_some()),
            ("variants", self.variants.is_some()),
            ("generate", self.generate.is_some()),
            ("tier", self.tier.is_some()),
            ("guard", self.guard.is_some()),
            ("signature", self.signature.is_some()),
        ];
        set.into_iter().filter(|(_, on)| *on).map(|(f, _)| f)
    }
}

/// Parses one YAML dictionary. `name` is the file as the user named it (or
/// `<embedded>/PACK/FILE`); it appears in errors and rule origins, and its stem in default
/// rule ids.
///
/// Files written by `scripts/build_names.py` are read by a faster reader of their fixed
/// shape (`yaml/generated.rs`); anything it does not recognise goes through serde_yaml. Both give
/// the same specs, validated the same way.
pub fn parse(name: &str, text: &str) -> Result<Vec<Rule>, Vec<DictError>> {
    if let Some(file) = generated::read(text) {
        let count = file.rules.len();
        let specs = file.rules.into_iter().map(generated::Entry::into_spec);
        // The generator writes no ids: none to check, none to avoid.
        return validate(
            name,
            text,
            file.kind,
            true,
            count,
            specs,
            FxHashSet::default(),
        );
    }
    let file = read(name, text)?;
    validate_file(name, text, file)
}

/// Step 1 with serde_yaml: the file's specs, or its first syntax, type or schema error.
fn read(name: &str, text: &str) -> Result<FileSpec, Vec<DictError>> {
    serde_yaml::from_str(text).map_err(|e| vec![schema_error(name, &e)])
}

/// Step 2 for a file read by serde_yaml: its ids checked, then [`validate`].
fn validate_file(name: &str, text: &str, file: FileSpec) -> Result<Vec<Rule>, Vec<DictError>> {
    let count = file.rules.len();
    let mut reader = Reader::new(name, text, file.kind, file.generated_by.is_some(), count);
    let taken = reader.explicit_ids(&file.rules);
    let rules = reader.rules(file.rules.into_iter(), taken);
    reader.finish(rules)
}

/// Step 2: the `count` rule specs of a file (read from `text`), in file order, validated
/// into [`Rule`]s; `taken` holds the ids the file writes, which default ids avoid. The specs
/// come one at a time, so a generated file never holds them all at once.
fn validate(
    name: &str,
    text: &str,
    kind: KindSpec,
    generated: bool,
    count: usize,
    specs: impl Iterator<Item = RuleSpec>,
    taken: FxHashSet<String>,
) -> Result<Vec<Rule>, Vec<DictError>> {
    let mut reader = Reader::new(name, text, kind, generated, count);
    let rules = reader.rules(specs, taken);
    reader.finish(rules)
}

/// A serde_yaml error as a [`DictError`]: its message without the position, which moves
/// into the `file:line:column` prefix.
fn schema_error(name: &str, err: &serde_yaml::Error) -> DictError {
    let mut message = err.to_string();
    let (mut line, mut column) = (0, 0);
    if let Some(at) = err.location() {
        let suffix = format!(" at line {} column {}", at.line(), at.column());
        message = message.replacen(&suffix, "", 1);
        (line, column) = (at.line() as u32, at.column() as u32);
    }
    DictError {
        file: name.to_string(),
        line,
        column,
        message,
    }
}

/// Validation state for one file.
struct Reader<'a> {
    name: &'a str,
    file: Arc<str>,
    source: SourceMap<'a>,
    kind: Kind,
    generated: bool,
    /// How many rules the file holds.
    count: usize,
    errors: Vec<DictError>,
}

impl<'a> Reader<'a> {
    fn new(
        name: &'a str,
        text: &'a str,
        kind: KindSpec,
        generated: bool,
        count: usize,
    ) -> Reader<'a> {
        Reader {
            name,
            file: Arc::from(name),
            source: SourceMap::new(text),
            kind: match kind {
                KindSpec::Substitutions => Kind::Substitutions,
                KindSpec::Names => Kind::Names,
                KindSpec::Boilerplate => Kind::Boilerplate,
            },
            generated,
            count,
            errors: Vec::new(),
        }
    }

    /// The rules, or every error found, in file order.
    fn finish(mut self, rules: Vec<Rule>) -> Result<Vec<Rule>, Vec<DictError>> {
        if self.errors.is_empty() {
            Ok(rules)
        } else {
            // In file order; a stable sort keeps the final "too many errors" last.
            self.errors.sort_by_key(|e| (e.line, e.column));
            Err(self.errors)
        }
    }

    /// Validates every rule spec (`self.count` of them); errors are collected in
    /// `self.errors`. `taken`: the ids the file writes.
    fn rules(
        &mut self,
        specs: impl Iterator<Item = RuleSpec>,
        taken: FxHashSet<String>,
    ) -> Vec<Rule> {
        let mut rules = Vec::with_capacity(self.count);
        let mut places = Vec::with_capacity(self.count);
        for (index, spec) in specs.enumerate() {
            if self.errors.len() >= MAX_ERRORS {
                let at = self.source.rule(index, self.count).at;
                self.error(at, format!("too many errors; stopped after {MAX_ERRORS}"));
                break;
            }
            let place = self.source.rule(index, self.count);
            if let Some(rule) = self.rule(&spec, &place) {
                rules.push(rule);
                places.push(place);
            }
        }
        self.default_ids(&mut rules, taken);
        self.clashes(&rules, &places);
        rules
    }

    /// Checks the ids written in the file; returns them so default ids avoid them.
    fn explicit_ids(&mut self, specs: &[RuleSpec]) -> FxHashSet<String> {
        let mut first: FxHashMap<&str, usize> = FxHashMap::default();
        for (index, spec) in specs.iter().enumerate() {
            let Some(id) = spec.id.as_deref() else {
                continue;
            };
            let place = self.source.rule(index, self.count);
            let at = self.key_at(&place, "id");
            if let Some(problem) = check::id_problem(id) {
                self.error(at, problem);
            } else if let Some(&earlier) = first.get(id) {
                let there = self.origin(earlier);
                self.error(
                    at,
                    format!("duplicate rule id `{id}`; first used at {there}"),
                );
            } else {
                first.insert(id, at);
            }
        }
        first.into_keys().map(str::to_string).collect()
    }

    /// Validates one rule; `None` (with errors recorded) when it is not usable.
    fn rule(&mut self, spec: &RuleSpec, place: &Place) -> Option<Rule> {
        let errors_before = self.errors.len();
        let (key, value) = self.action_key(spec, place)?;
        self.check_fields(spec, key, place);
        let action = self.action(key, value, spec, place);
        let guard = match &spec.guard {
            Some(g) => self.guard(g, place).into(),
            None => GuardBox::default(),
        };
        if self.errors.len() > errors_before {
            return None;
        }
        let case = match (self.kind, spec.case) {
            (Kind::Names, _) | (_, Some(CaseSpec::Verbatim)) => CasePolicy::Verbatim,
            (_, Some(CaseSpec::Exact)) => CasePolicy::Exact,
            (_, Some(CaseSpec::Shape) | None) => CasePolicy::Shape,
        };
        Some(Rule {
            id: spec.id.clone().unwrap_or_default(),
            kind: self.kind,
            action: action?,
            tier: match spec.tier {
                Some(TierSpec::Spun) => Tier::Spun,
                Some(TierSpec::Flag) => Tier::Flag,
                Some(TierSpec::Auto) | None => Tier::Auto,
            },
            signature: spec.signature.unwrap_or(false),
            case,
            guard,
            examples: spec.examples.iter().flatten().map(example).collect(),
            must_not_change: spec.must_not_change.clone().unwrap_or_default(),
            note: spec.note.clone(),
            generated: self.generated,
            origin: self.origin(place.at),
        })
    }

    /// The rule's one action field, allowed in this file's kind.
    fn action_key<'s>(
        &mut self,
        spec: &'s RuleSpec,
        place: &Place,
    ) -> Option<(&'static str, &'s Value)> {
        let mut actions = spec.actions();
        match (actions.next(), actions.next()) {
            (None, _) => {
                self.error(
                    place.at,
                    "rule has no action: give one of `find`, `name`, `cut_from`, \
                     `remove_line`, `strip_prefix` or `replace_char`",
                );
                None
            }
            (Some((first, _)), Some((second, _))) => {
                let at = self.field_at(place, second);
                self.error(
                    at,
                    format!("rule has two actions, `{first}` and `{second}`: give exactly one"),
                );
                None
            }
            (Some((key, value)), None) => match action_allowed(self.kind, key) {
                Ok(()) => Some((key, value)),
                Err(problem) => {
                    let at = self.field_at(place, key);
                    self.error(at, problem);
                    None
                }
            },
        }
    }

    /// Reports fields that have no meaning for the rule's action.
    fn check_fields(&mut self, spec: &RuleSpec, action: &str, place: &Place) {
        for field in spec.restricted_fields() {
            if let Some(problem) = field_problem(field, action) {
                let at = self.field_at(place, field);
                self.error(at, problem);
            }
        }
    }

    fn action(
        &mut self,
        key: &'static str,
        value: &Value,
        spec: &RuleSpec,
        place: &Place,
    ) -> Option<Action> {
        match key {
            "find" => {
                let phrases = self.phrases(key, value, place);
                let replacement = self.replacement(spec.replace.as_ref(), key, place);
                Some(Action::Replace {
                    phrases: phrases?,
                    replacement: replacement?,
                })
            }
            "name" => self.name(value, spec, place),
            "cut_from" => Some(Action::CutToEnd {
                markers: self.phrases(key, value, place)?,
            }),
            "remove_line" => Some(Action::RemoveLine {
                lines: self.phrases(key, value, place)?,
            }),
            "strip_prefix" => {
                let source = self.string(key, value, place)?;
                let pattern = self.regex(key, &source, place)?;
                Some(Action::StripPrefix { pattern })
            }
            _ => {
                let chars = self.chars(key, value, place);
                let replacement = self.replacement(spec.replace.as_ref(), key, place);
                Some(Action::ReplaceChar {
                    chars: chars?,
                    replacement: replacement?,
                })
            }
        }
    }

    fn name(&mut self, value: &Value, spec: &RuleSpec, place: &Place) -> Option<Action> {
        let canonical = if let Value::Sequence(_) = value {
            let at = self.key_at(place, "name");
            self.error(
                at,
                "`name` takes one canonical spelling; list other spellings under `variants`",
            );
            None
        } else {
            self.phrase("name", value, place)
        };
        let variants = match &spec.variants {
            Some(Value::Sequence(items)) if items.is_empty() => Some(Vec::new()),
            Some(v) => self.phrases("variants", v, place),
            None => Some(Vec::new()),
        };
        Some(Action::Name {
            canonical: canonical?,
            category: match spec.category {
                Some(CategorySpec::Group) => NameCategory::Group,
                Some(CategorySpec::Title) => NameCategory::Title,
                Some(CategorySpec::Person) | None => NameCategory::Person,
            },
            variants: variants?,
            generate: spec.generate.unwrap_or(true),
        })
    }

    /// A phrase field: one phrase or a non-empty list of them.
    fn phrases(&mut self, key: &str, value: &Value, place: &Place) -> Option<Vec<String>> {
        let items = self.items(key, value, place)?;
        let mut phrases = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match self.phrase(key, item, place) {
                Some(p) => phrases.push(p),
                None => ok = false,
            }
        }
        ok.then_some(phrases)
    }

    /// The items of a field that takes one value or a non-empty list.
    fn items<'v>(&mut self, key: &str, value: &'v Value, place: &Place) -> Option<Vec<&'v Value>> {
        let items: Vec<&Value> = match value {
            Value::Sequence(items) => items.iter().collect(),
            other => vec![other],
        };
        if items.is_empty() {
            let at = self.key_at(place, key);
            self.error(at, format!("`{key}` is an empty list"));
            return None;
        }
        Some(items)
    }

    fn phrase(&mut self, key: &str, item: &Value, place: &Place) -> Option<String> {
        let text = self.string(key, item, place)?;
        if let Some(problem) = check::phrase_problem(&text) {
            let at = self.value_at(place, key, &text);
            self.error(at, problem);
            return None;
        }
        Some(text)
    }

    /// The `replace` field that `action` requires.
    fn replacement(
        &mut self,
        value: Option<&Value>,
        action: &str,
        place: &Place,
    ) -> Option<String> {
        let Some(value) = value else {
            let at = self.field_at(place, action);
            self.error(
                at,
                format!("`{action}` needs `replace` (write `replace: \"\"` to delete)"),
            );
            return None;
        };
        let text = self.string("replace", value, place)?;
        if let Some(problem) = check::replacement_problem(&text) {
            let at = self.value_at(place, "replace", &text);
            self.error(at, problem);
            return None;
        }
        Some(text)
    }

    /// Text where the dictionary expects text, refusing what YAML readers disagree on.
    fn string(&mut self, key: &str, value: &Value, place: &Place) -> Option<String> {
        let Value::String(text) = value else {
            let at = self.key_at(place, key);
            self.error(at, not_text(key, value));
            return None;
        };
        if YAML11_BOOLEANS.contains(&text.as_str()) {
            if let Some((at, false)) = self.source.scalar(&place.span, text) {
                self.error(
                    at,
                    format!(
                        "bare `{text}` is a boolean in YAML 1.1; quote it (\"{text}\") if you \
                         mean the word"
                    ),
                );
                return None;
            }
        }
        Some(text.clone())
    }

    /// `replace_char`: single characters other than line breaks.
    fn chars(&mut self, key: &str, value: &Value, place: &Place) -> Option<Vec<char>> {
        let items = self.items(key, value, place)?;
        let mut chars = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            let Some(text) = self.string(key, item, place) else {
                ok = false;
                continue;
            };
            let mut it = text.chars();
            match (it.next(), it.next()) {
                (Some(c), None) if c != '\n' && c != '\r' => chars.push(c),
                _ => {
                    ok = false;
                    let at = self.value_at(place, key, &text);
                    let problem = format!(
                        "`{key}` takes single characters other than line breaks, not {text:?}"
                    );
                    self.error(at, problem);
                }
            }
        }
        ok.then_some(chars)
    }

    fn regex(&mut self, key: &str, source: &str, place: &Place) -> Option<Pattern> {
        let problem = if source.is_empty() {
            "empty regular expression".to_string()
        } else {
            match Pattern::new(source) {
                Ok(pattern) => return Some(pattern),
                Err(e) => format!(
                    "invalid regular expression in `{key}`: {}",
                    regex_reason(&e)
                ),
            }
        };
        let at = self.value_at(place, key, source);
        self.error(at, problem);
        None
    }

    fn guard(&mut self, spec: &GuardSpec, place: &Place) -> Guard {
        Guard {
            prev_word: self.word_guard(spec.prev_word.as_ref(), place),
            next_word: self.word_guard(spec.next_word.as_ref(), place),
            preceded_by: self.texts("preceded_by", &spec.preceded_by, place, false),
            followed_by: self.texts("followed_by", &spec.followed_by, place, false),
            whole_line: spec.whole_line,
            quoted: spec.quoted,
            sentence_has: self.texts("sentence_has", &spec.sentence_has, place, true),
            prev_name: spec.prev_name,
            next_name: spec.next_name,
        }
    }

    fn word_guard(&mut self, spec: Option<&WordGuardSpec>, place: &Place) -> WordGuard {
        let Some(spec) = spec else {
            return WordGuard::default();
        };
        WordGuard {
            one_of: self.texts("one_of", &spec.one_of, place, true),
            not: self.texts("not", &spec.not, place, true),
            capitalized: spec.capitalized,
            matches: spec
                .matches
                .as_deref()
                .and_then(|m| self.regex("matches", m, place)),
        }
    }

    /// A guard's list of strings: none empty, and single words where `words` is set.
    fn texts(&mut self, key: &str, list: &[String], place: &Place, words: bool) -> Vec<String> {
        for text in list {
            let problem = if text.trim().is_empty() {
                format!("empty string in `{key}`")
            } else if words && text.trim().contains(char::is_whitespace) {
                format!("`{key}` holds single words, not `{text}`")
            } else {
                continue;
            };
            let at = self.value_at(place, key, text);
            self.error(at, problem);
        }
        list.to_vec()
    }

    /// Gives every rule without an id `<stem>.<slug>`, unique within the file.
    fn default_ids(&mut self, rules: &mut [Rule], mut taken: FxHashSet<String>) {
        let stem = check::stem(self.name);
        taken.reserve(rules.len());
        for rule in rules.iter_mut().filter(|r| r.id.is_empty()) {
            // `<stem>.<slug>`, written in place (a slug is at most 40 characters).
            let mut base = String::with_capacity(stem.len() + 1 + 40);
            base.push_str(stem);
            base.push('.');
            let (first, fallback) = default_slug(&rule.action);
            check::push_slug(&mut base, first.unwrap_or(""));
            if base.len() == stem.len() + 1 {
                base.push_str(fallback);
            }
            let mut id = base;
            if taken.contains(&id) {
                let base = std::mem::take(&mut id);
                let mut n = 2;
                id = format!("{base}-{n}");
                while taken.contains(&id) {
                    n += 1;
                    id = format!("{base}-{n}");
                }
            }
            taken.insert(id.clone());
            rule.id = id;
        }
    }

    /// Reports phrases that two rules of this file give different replacements.
    fn clashes(&mut self, rules: &[Rule], places: &[Place]) {
        for clash in check::phrase_clashes(rules) {
            let place = &places[clash.second];
            let at = self
                .source
                .value(&place.span, &clash.phrase)
                .unwrap_or(place.at);
            self.error(at, check::clash_message(rules, &clash));
        }
    }

    /// Where the key `key` is written in the rule (the rule itself if not found).
    fn field_at(&self, place: &Place, key: &str) -> usize {
        self.source.key(&place.span, key).unwrap_or(place.at)
    }

    /// Where `key`'s value is written in the rule (the rule itself if not found).
    fn key_at(&self, place: &Place, key: &str) -> usize {
        self.source.key_value(&place.span, key).unwrap_or(place.at)
    }

    /// Where the text `value` of field `key` is written in the rule.
    fn value_at(&self, place: &Place, key: &str, value: &str) -> usize {
        self.source
            .value(&place.span, value)
            .unwrap_or_else(|| self.key_at(place, key))
    }

    fn origin(&self, at: usize) -> Origin {
        let (line, column) = self.source.position(at);
        Origin {
            file: self.file.clone(),
            line,
            column,
        }
    }

    fn error(&mut self, at: usize, message: impl Into<String>) {
        let (line, column) = self.source.position(at);
        self.errors.push(DictError {
            file: self.name.to_string(),
            line,
            column,
            message: message.into(),
        });
    }
}

fn example(spec: &ExampleSpec) -> Example {
    Example {
        input: spec.input.clone(),
        output: spec.output.clone(),
    }
}

/// Which actions a file of `kind` takes.
fn action_allowed(kind: Kind, key: &str) -> Result<(), String> {
    match (kind, key) {
        (Kind::Names, "name") | (Kind::Substitutions, "find") => Ok(()),
        (Kind::Boilerplate, key) if key != "name" => Ok(()),
        (Kind::Names, _) => Err(format!(
            "`{key}` is not allowed in a names file (it takes `name` rules)"
        )),
        (Kind::Substitutions, "name") => Err(
            "`name` is not allowed in a substitutions file (put names in a names file)".to_string(),
        ),
        (Kind::Substitutions, _) => Err(format!(
            "`{key}` is not allowed in a substitutions file (put it in a boilerplate file)"
        )),
        (Kind::Boilerplate, _) => Err(
            "`name` is not allowed in a boilerplate file (put names in a names file)".to_string(),
        ),
    }
}

/// Why `field` is refused on a rule whose action is `action`, if it is.
fn field_problem(field: &str, action: &str) -> Option<String> {
    let allowed = match field {
        "replace" => matches!(action, "find" | "replace_char"),
        "case" => action == "find",
        "category" | "variants" | "generate" => action == "name",
        "tier" | "guard" | "signature" => matches!(action, "find" | "name"),
        _ => true,
    };
    match (allowed, field, action) {
        (true, _, _) => None,
        (false, "case", "name") => {
            Some("`case` does not apply to names: they always write the canonical spelling".into())
        }
        (false, _, _) => Some(format!("`{field}` does not apply to `{action}` rules")),
    }
}

/// Why a YAML value is not text.
fn not_text(key: &str, value: &Value) -> String {
    match value {
        Value::Null => format!(
            "`{key}` is null (a bare `~`, `null` or nothing); write the text, quoted if need be"
        ),
        Value::Bool(b) => {
            format!(
                "`{key}`: `{b}` is a boolean, not text; quote it (\"{b}\") if you mean the word"
            )
        }
        Value::Number(n) => format!("`{key}`: `{n}` is a number, not text; quote it (\"{n}\")"),
        Value::Sequence(_) => format!("`{key}` expects text, found a list"),
        Value::Mapping(_) => format!("`{key}` expects text, found a mapping"),
        Value::Tagged(_) => format!("`{key}` expects text, found a tagged value"),
        Value::String(_) => format!("`{key}` expects text"),
    }
}

/// The one-line reason of a regex error (its display spans several lines).
fn regex_reason(err: &regex::Error) -> String {
    let text = err.to_string();
    text.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .unwrap_or_else(|| text.lines().last().unwrap_or("invalid"))
        .trim()
        .to_string()
}

/// What a rule's default id is made from: its first phrase, of which the slug is taken, and
/// what stands in for the slug when that has no letters or digits (the action's name).
fn default_slug(action: &Action) -> (Option<&str>, &'static str) {
    match action {
        Action::Replace { phrases, .. } => (phrases.first().map(String::as_str), "find"),
        Action::Name { canonical, .. } => (Some(canonical.as_str()), "name"),
        Action::CutToEnd { markers } => (markers.first().map(String::as_str), "cut-from"),
        Action::RemoveLine { lines } => (lines.first().map(String::as_str), "remove-line"),
        Action::StripPrefix { pattern } => (Some(pattern.0.as_str()), "strip-prefix"),
        Action::ReplaceChar { .. } => (None, "replace-char"),
    }
}

#[cfg(test)]
mod tests;
