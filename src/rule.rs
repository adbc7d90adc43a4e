//! The in-memory rule model: what one dictionary entry asks the engine to do.
//!
//! A [`Rule`] is built by [`crate::dictionary`] from YAML or TSV and consumed by
//! [`crate::engine`]. Nothing here knows about file formats; everything here is plain data,
//! so tests can build rules by hand.
//!
//! Vocabulary: a *rule* is one dictionary entry; a *phrase* is one string a rule finds; an
//! *edit* ([`crate::edit::Edit`]) is one change a rule makes to one haystack.

use std::fmt;
use std::sync::Arc;

/// Which kind of dictionary a rule comes from. Reports group edits by kind, and `--kind`
/// narrows a run to some kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Canonical names (people, groups, titles, characters) and their variants.
    Names,
    /// Phrase-for-phrase repairs of spinner and translation damage.
    Substitutions,
    /// Page furniture: widgets, banners, scraper stamps, stray no-break spaces.
    Boilerplate,
}

impl Kind {
    /// All kinds, in report order.
    pub const ALL: [Kind; 3] = [Kind::Names, Kind::Substitutions, Kind::Boilerplate];

    /// The name used in dictionary files, reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Names => "names",
            Kind::Substitutions => "substitutions",
            Kind::Boilerplate => "boilerplate",
        }
    }

    /// Parses the name used in dictionary files and on the command line.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When a rule's candidate becomes an edit.
///
/// Half of what a spinner writes is still good English, so a rule whose phrase is also
/// ordinary prose ("however", "the following episode") is `Spun`: it applies only in a
/// document whose spin score says a spinner has been at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Tier {
    /// Safe anywhere: applied in every document.
    #[default]
    Auto,
    /// Applied only where the document's spin score is over the threshold.
    Spun,
    /// Reported by `check`, never applied.
    Flag,
}

impl Tier {
    /// The name used in dictionary files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Auto => "auto",
            Tier::Spun => "spun",
            Tier::Flag => "flag",
        }
    }

    /// Parses the name used in dictionary files and on the command line.
    pub fn parse(s: &str) -> Option<Tier> {
        [Tier::Auto, Tier::Spun, Tier::Flag]
            .into_iter()
            .find(|t| t.as_str() == s)
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a rule treats letter case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CasePolicy {
    /// Match ASCII-case-insensitively; the replacement takes the case shape of the text it
    /// replaces (`minimize!` → `cut!`, `Minimize!` → `Cut!`, `MINIMIZE!` → `CUT!`).
    /// The default for substitutions.
    #[default]
    Shape,
    /// Match only the phrase's exact case; write the replacement as written.
    Exact,
    /// Match ASCII-case-insensitively; write the replacement exactly as written, whatever
    /// the case of the match. Names always behave this way (canonical spelling wins).
    Verbatim,
}

impl CasePolicy {
    /// The name used in dictionary files.
    pub fn as_str(self) -> &'static str {
        match self {
            CasePolicy::Shape => "shape",
            CasePolicy::Exact => "exact",
            CasePolicy::Verbatim => "verbatim",
        }
    }
}

/// What kind of thing a canonical name is. Decides which generated variants are safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum NameCategory {
    /// A person: actor, idol (stage or full name), character. Token-order swaps apply.
    #[default]
    Person,
    /// A group or band ("Girls' Generation").
    Group,
    /// A drama, film or song title ("When the Devil Calls Your Name").
    Title,
}

impl NameCategory {
    /// The name used in dictionary files.
    pub fn as_str(self) -> &'static str {
        match self {
            NameCategory::Person => "person",
            NameCategory::Group => "group",
            NameCategory::Title => "title",
        }
    }

    /// Parses the name used in dictionary files.
    pub fn parse(s: &str) -> Option<NameCategory> {
        [
            NameCategory::Person,
            NameCategory::Group,
            NameCategory::Title,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// Where a rule was written: the dictionary file and the line and column of the rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The dictionary's path as the user named it, or `<embedded>/kdrama/spun.yaml` for a
    /// shipped one.
    pub file: Arc<str>,
    /// 1-based line of the rule's first line.
    pub line: u32,
    /// 1-based column of the rule's first character.
    pub column: u32,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A condition on one neighbouring word (the word just before or just after a match).
///
/// All set conditions must hold. Words are compared ASCII-case-insensitively. When there is
/// no neighbouring word on the same line, `one_of`, `capitalized` and `matches` fail and
/// `not` holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WordGuard {
    /// The word must be one of these.
    pub one_of: Vec<String>,
    /// The word must not be one of these.
    pub not: Vec<String>,
    /// `Some(true)`: the word must start with an upper-case letter; `Some(false)`: it must
    /// not.
    pub capitalized: Option<bool>,
    /// The word must match this regular expression (unanchored unless the pattern anchors).
    pub matches: Option<Pattern>,
}

impl WordGuard {
    /// True when no condition is set.
    pub fn is_empty(&self) -> bool {
        self.one_of.is_empty()
            && self.not.is_empty()
            && self.capitalized.is_none()
            && self.matches.is_none()
    }
}

/// Context conditions that decide whether a candidate match becomes an edit.
///
/// Every condition that is set must hold. An empty guard always holds.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Guard {
    /// Condition on the word before the match.
    pub prev_word: WordGuard,
    /// Condition on the word after the match.
    pub next_word: WordGuard,
    /// The text just before the match must end with one of these strings.
    pub preceded_by: Vec<String>,
    /// The text just after the match must start with one of these strings.
    pub followed_by: Vec<String>,
    /// The match must be the whole line, apart from surrounding white space.
    pub whole_line: bool,
    /// The match must fill a quoted span: an opening quote right before it, and a closing
    /// quote right after it (or after one `, . ! ?`).
    pub quoted: bool,
    /// The sentence around the match must contain one of these words.
    pub sentence_has: Vec<String>,
    /// A known name must end right before the match (one space between).
    pub prev_name: bool,
    /// A known name must start right after the match (one space between).
    pub next_name: bool,
}

/// A rule's [`Guard`], kept out of line and only when it sets a condition.
///
/// Most rules have no guard, and an empty one inline was more than half of every rule's
/// size: start-up builds tens of thousands of rules, and their memory (and the copying of
/// it) was a measurable part of a short run. It reads as a [`Guard`] through `Deref` (the
/// empty guard when none is set), and writing a field through `DerefMut` sets one. Two
/// boxes are equal when their guards are, set or not.
#[derive(Clone, Default)]
pub struct GuardBox(Option<Box<Guard>>);

/// The guard of a rule that sets none.
static NO_GUARD: Guard = Guard {
    prev_word: NO_WORD_GUARD,
    next_word: NO_WORD_GUARD,
    preceded_by: Vec::new(),
    followed_by: Vec::new(),
    whole_line: false,
    quoted: false,
    sentence_has: Vec::new(),
    prev_name: false,
    next_name: false,
};

/// A word guard that sets no condition.
const NO_WORD_GUARD: WordGuard = WordGuard {
    one_of: Vec::new(),
    not: Vec::new(),
    capitalized: None,
    matches: None,
};

impl From<Guard> for GuardBox {
    fn from(guard: Guard) -> GuardBox {
        if guard == NO_GUARD {
            GuardBox(None)
        } else {
            GuardBox(Some(Box::new(guard)))
        }
    }
}

impl GuardBox {
    /// Whether a guard was set (even one that turned out to set no condition).
    pub fn is_set(&self) -> bool {
        self.0.is_some()
    }
}

impl std::ops::Deref for GuardBox {
    type Target = Guard;

    fn deref(&self) -> &Guard {
        self.0.as_deref().unwrap_or(&NO_GUARD)
    }
}

impl std::ops::DerefMut for GuardBox {
    fn deref_mut(&mut self) -> &mut Guard {
        self.0.get_or_insert_with(Box::default)
    }
}

impl PartialEq for GuardBox {
    fn eq(&self, other: &GuardBox) -> bool {
        **self == **other
    }
}

impl fmt::Debug for GuardBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// A compiled regular expression that compares equal by its source text, so rules can be
/// compared in tests.
#[derive(Clone, Debug)]
pub struct Pattern(pub regex::Regex);

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.0.as_str() == other.0.as_str()
    }
}

impl Pattern {
    /// Compiles `source`.
    pub fn new(source: &str) -> Result<Pattern, regex::Error> {
        regex::Regex::new(source).map(Pattern)
    }
}

/// One example that `dict test` checks: `input` run through the full engine gives `output`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// The text before repair.
    pub input: String,
    /// The text the engine must produce.
    pub output: String,
}

/// What a rule does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Replace any of `phrases` by `replacement` (substitutions).
    Replace {
        /// Phrases to find, as written in the dictionary.
        phrases: Vec<String>,
        /// The text written in their place.
        replacement: String,
    },
    /// A canonical name and its variants; every variant, and any case form the name's
    /// guards allow, is rewritten to `canonical`.
    Name {
        /// The spelling that always wins in the output.
        canonical: String,
        /// What kind of name it is.
        category: NameCategory,
        /// Variants written by hand in the dictionary.
        variants: Vec<String>,
        /// Whether [`crate::names::expand`] adds generated variants (default true).
        generate: bool,
    },
    /// A line whose trimmed content equals one of `markers` starts page furniture: it,
    /// everything after it, and the blank lines before it are removed.
    CutToEnd {
        /// Marker lines, compared after trimming and collapsing white space, ignoring case.
        markers: Vec<String>,
    },
    /// Lines whose trimmed content equals one of `lines` are removed, with their line break.
    RemoveLine {
        /// Lines to remove, compared like markers.
        lines: Vec<String>,
    },
    /// A scraper's stamp at the very start of the document, matched by a regular expression
    /// anchored at the start (after any byte-order mark); the match is removed.
    StripPrefix {
        /// The pattern, anchored at the document start.
        pattern: Pattern,
    },
    /// Every occurrence of one of `chars` becomes `replacement` (for example no-break spaces
    /// to plain spaces), outside other edits.
    ReplaceChar {
        /// Characters to replace.
        chars: Vec<char>,
        /// What each becomes.
        replacement: String,
    },
}

/// One dictionary entry, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Stable id used in reports, `--disable` and decisions: the `id` field, or
    /// `<file stem>.<slug of the first phrase>`.
    pub id: String,
    /// The dictionary kind the rule comes from.
    pub kind: Kind,
    /// What the rule does.
    pub action: Action,
    /// When the rule applies.
    pub tier: Tier,
    /// Whether a match counts toward the document's spin score.
    pub signature: bool,
    /// How the rule treats case.
    pub case: CasePolicy,
    /// Context conditions.
    pub guard: GuardBox,
    /// Examples checked by `dict test`.
    pub examples: Vec<Example>,
    /// Sentences the full engine must leave unchanged (checked by `dict test`).
    pub must_not_change: Vec<String>,
    /// Free-text note or source.
    pub note: Option<String>,
    /// True for rules from a generated file (`generated_by`) or a bulk TSV list: `dict lint`
    /// does not ask them for examples.
    pub generated: bool,
    /// Where the rule was written.
    pub origin: Origin,
}

impl Rule {
    /// A substitution rule with default settings, for tests and programmatic use.
    pub fn replace(id: &str, phrases: &[&str], replacement: &str) -> Rule {
        let origin = Origin {
            file: Arc::from("<test>"),
            line: 1,
            column: 1,
        };
        Rule::substitution(
            id.to_string(),
            phrases.iter().map(|p| p.to_string()).collect(),
            replacement.to_string(),
            origin,
        )
    }

    /// A substitution rule with default settings from owned parts, written at `origin`.
    pub fn substitution(
        id: String,
        phrases: Vec<String>,
        replacement: String,
        origin: Origin,
    ) -> Rule {
        Rule {
            id,
            kind: Kind::Substitutions,
            action: Action::Replace {
                phrases,
                replacement,
            },
            tier: Tier::Auto,
            signature: false,
            case: CasePolicy::Shape,
            guard: GuardBox::default(),
            examples: Vec::new(),
            must_not_change: Vec::new(),
            note: None,
            generated: false,
            origin,
        }
    }

    /// A name rule with default settings, for tests and programmatic use.
    pub fn name(canonical: &str, category: NameCategory, variants: &[&str]) -> Rule {
        let mut rule = Rule::replace(canonical, &[], "");
        rule.kind = Kind::Names;
        rule.case = CasePolicy::Verbatim;
        rule.action = Action::Name {
            canonical: canonical.to_string(),
            category,
            variants: variants.iter().map(|v| v.to_string()).collect(),
            generate: true,
        };
        rule
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::DerefMut;

    #[test]
    fn an_unset_guard_box_reads_as_the_empty_guard() {
        assert_eq!(NO_GUARD, Guard::default());
        assert_eq!(*GuardBox::default(), Guard::default());
        assert!(GuardBox::from(Guard::default()).0.is_none());
        let mut set = GuardBox::default();
        // Writing a field sets the guard.
        set.deref_mut().whole_line = true;
        assert!(set.whole_line);
        assert_ne!(set, GuardBox::default());
        set.whole_line = false;
        // Set or not, equal guards compare equal.
        assert_eq!(set, GuardBox::default());
    }
}
