//! The engine: compile rules into one automaton, then find the edits a haystack needs.
//!
//! # Overview
//!
//! - [`Engine`] holds the rules, one automaton over every phrase and name variant (a trie
//!   over tokens, walked from word starts: see [`trie`] for why not byte-level
//!   Aho-Corasick), and the line-level furniture rules. Build it once, use it for many
//!   haystacks (it is `Sync`).
//! - [`Engine::find_edits`] returns an [`Outcome`]: the [`Edit`]s to apply, the edits that
//!   `flag` rules would make, and the document's spin score. Nothing is rewritten here;
//!   [`crate::edit::apply`] builds the fixed text from the edits.
//!
//! # Matching contract
//!
//! **Word boundaries.** A phrase matches only where each of its ends that is a word
//! character sits on a word boundary. `Minimize!` needs a boundary before `M` but none after
//! `!`, so it matches in `yells “Minimize!”` but not in `Reminimize!`. Word characters are
//! letters and digits (any script) and `_`.
//!
//! **Leftmost, then longest.** Among all boundary-valid occurrences, the one starting
//! leftmost wins; among those, the longest; it is applied and matching continues after it.
//! With rules `New York → NY` and `New York Times → NYT`:
//!
//! ```
//! use unspin::{engine::Engine, rule::Rule, edit::apply};
//! let engine = Engine::new(vec![
//!     Rule::replace("ny", &["New York"], "NY"),
//!     Rule::replace("nyt", &["New York Times"], "NYT"),
//! ], Default::default()).unwrap();
//! let fix = |s: &str| apply(s, &engine.find_edits(s).edits);
//! assert_eq!(fix("New York Times said"), "NYT said");
//! // The longer phrase fails its boundary inside "Timesquare"; it does not hide the shorter.
//! assert_eq!(fix("New York Timesquare"), "NY Timesquare");
//! ```
//!
//! **White space and quotes.** A space inside a phrase matches any run of spaces, tabs and
//! no-break spaces (U+00A0 and the other Unicode spaces): scraped text is full of them.
//! Straight and curly apostrophes and quotes match each other. A replacement is written with
//! the quote style of the text it replaces (or, if that has none, of the document), and with
//! plain single spaces.
//!
//! **Case.** Matching ignores ASCII case. Under the default `shape` policy the replacement
//! takes the case shape of the match (see [`case`]): `after all, CEO` → `of course, CEO`,
//! `After all, CEO` → `Of course, CEO`. An `exact` rule matches only its own case.
//! Non-ASCII letters are not case-folded: a rule for `Évian` does not match `évian`.
//!
//! **Names** always write their canonical spelling. A name match is accepted when its
//! letters have the case of the spelling that matched (the canonical name or a variant), or,
//! for a person or group of two words or more, when it starts with a capital letter
//! (`Lee ho jung` → `Lee Ho Jung`) and holds a word that is not common English, or, for a
//! title of three words or more (or a distinctive one), when it fills a quoted span
//! (`“When the devil calls your name”`, but never `“connect”`). Either way the
//! match may only have *lost* capitals: headline case (`“Crash Landing On You”` for
//! `Crash Landing on You`) is left alone. So `tears of joy` is never rewritten to `Joy`,
//! and `The king` at a sentence start never becomes a character called `The King`.
//! A name edit is also refused when a capitalized word stands right next to the match: the
//! variant is then part of a longer name unspin does not know (`villain Jo Chul Kang` keeps
//! its name, although `Chul Kang` alone would be `Kang Chul` swapped).
//! A name found in its canonical form makes no edit but still claims its span, so no rule
//! rewrites part of a name (`Seo` inside `Seo Ye Ji` stays).
//!
//! **No re-scan.** A replacement is never matched again in the same pass; `dict lint`
//! checks that a second pass over any replacement changes nothing.
//!
//! **Guards and tiers** decide whether a candidate becomes an edit (see
//! [`crate::rule::Guard`], [`crate::rule::Tier`]). When the longest candidate at a position
//! is refused, shorter candidates at the same position are tried before moving on.
//!
//! **Lines.** No phrase spans a line break (`\n`, or a `\r` not followed by `\n`, as in
//! CR-only and mixed-endings files): text is matched line by line, which is also what
//! lets large inputs stream ([`stream`]: [`Engine::stream`] gives the same output as
//! [`Engine::find_edits`] with bounded memory). A scraper's stamp
//! ([`crate::rule::Action::StripPrefix`]) is looked for in the first [`PREFIX_WINDOW`] bytes
//! of a document only.

pub mod case;
pub mod guard;
mod lines;
pub mod prefilter;
pub mod stream;
pub mod trie;
pub mod view;

use crate::edit::Edit;
use crate::names::{self, Dropped, VariantOrigin};
use crate::rule::{Action, CasePolicy, Kind, NameCategory, Rule, Tier};
use case::QuoteStyle;
use prefilter::StartFilter;
use std::collections::HashMap;
use std::ops::Range;
use trie::PhraseTrie;
use view::View;

/// Spin score above which `spun` rules apply: unambiguous spinner signatures per 1,000
/// words. Clean articles score 0; the spun seed article scores over 15.
pub const DEFAULT_SPIN_THRESHOLD: f64 = 4.0;

/// Which tiers run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TierMode {
    /// `auto` rules only.
    Auto,
    /// `auto` rules, plus `spun` rules in documents whose spin score is over the threshold.
    #[default]
    Score,
    /// `auto` and `spun` rules everywhere.
    Spun,
}

/// Settings for [`Engine::new`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Options {
    /// Which tiers run. Default: [`TierMode::Score`].
    pub tier: TierMode,
    /// Spin score threshold for [`TierMode::Score`]. Default: [`DEFAULT_SPIN_THRESHOLD`].
    pub spin_threshold: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tier: TierMode::Score,
            spin_threshold: DEFAULT_SPIN_THRESHOLD,
        }
    }
}

/// Why an engine could not be built.
#[derive(Debug, thiserror::Error)]
#[error("could not build the automaton: {0}")]
pub struct BuildError(#[from] trie::TooLarge);

/// What [`Engine::find_edits`] found in one haystack.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Edits to apply: sorted by start, never overlapping.
    pub edits: Vec<Edit>,
    /// Edits that `flag` rules would make: reported, never applied.
    pub flagged: Vec<Edit>,
    /// Unambiguous spinner signatures per 1,000 words.
    pub spin_score: f64,
    /// Words in the haystack.
    pub words: usize,
    /// Whether `spun` rules were applied.
    pub spun_applied: bool,
}

/// What one pattern of the automaton stands for: a phrase of a rule.
#[derive(Clone, Debug)]
struct Entry {
    /// Index into the rule table.
    rule: u32,
    /// The phrase or name spelling as written (for case checks): where it is in
    /// [`Engine::texts`] (one buffer rather than an allocation each).
    spelling: (u32, u32),
    /// For names: how the spelling came about.
    name: Option<VariantOrigin>,
    /// For a plain substitution, what the scan needs of its rule.
    plain: Option<Plain>,
}

/// What the scan needs of a plain substitution (a `Replace` rule of the `auto` tier, with
/// no guard, not a signature), so that it never reads the rule itself.
///
/// Why: with a large list, a match's rule is a cache miss, and its replacement text
/// another one after it (at 100,000 rules the scan spent a twelfth of its time on matches,
/// against a twenty-fifth at 1,000). The replacement is in [`Engine::texts`], one buffer
/// for all of them.
#[derive(Clone, Copy, Debug)]
struct Plain {
    case: CasePolicy,
    /// `Engine::texts[replacement.0 as usize..replacement.1 as usize]`.
    replacement: (u32, u32),
}

/// Every pattern's entries in one table, rather than a vector a pattern (tens of thousands
/// of allocations at start-up, most of them for a single entry): pattern `p`'s entries are
/// `entries[starts[p]..starts[p + 1]]`, in the order they were added.
#[derive(Clone, Debug)]
struct Patterns {
    starts: Vec<u32>,
    entries: Vec<Entry>,
}

impl Patterns {
    /// The table of `added`, (pattern, entry) pairs in the order added, for patterns
    /// numbered `0..count`.
    fn new(count: usize, mut added: Vec<(u32, Entry)>) -> Result<Patterns, BuildError> {
        u32::try_from(added.len()).map_err(|_| trie::TooLarge)?;
        // Stable, so each pattern keeps its entries' order; and quick, as new patterns are
        // numbered in order of addition and the list comes nearly sorted.
        added.sort_by_key(|&(pattern, _)| pattern);
        let mut starts = vec![0u32; count + 1];
        for &(pattern, _) in &added {
            starts[pattern as usize + 1] += 1;
        }
        for p in 0..count {
            starts[p + 1] += starts[p];
        }
        let entries = added.into_iter().map(|(_, entry)| entry).collect();
        Ok(Patterns { starts, entries })
    }

    /// The entries of pattern `pattern`.
    fn get(&self, pattern: usize) -> &[Entry] {
        &self.entries[self.starts[pattern] as usize..self.starts[pattern + 1] as usize]
    }

    /// How many patterns there are.
    fn len(&self) -> usize {
        self.starts.len() - 1
    }
}

/// A line-level furniture rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineAction {
    CutToEnd(usize),
    Remove(usize),
}

/// Compiled rules. See the [module docs](self) for the matching contract.
#[derive(Debug)]
pub struct Engine {
    rules: Vec<Rule>,
    /// Every phrase view, by token (see [`trie`]).
    trie: PhraseTrie,
    /// Skips the walk at starts where no phrase can begin (see [`prefilter`]).
    start_filter: StartFilter,
    patterns: Patterns,
    line_actions: HashMap<Vec<u8>, LineAction>,
    /// The longest key of `line_actions`: longer lines are not looked up (nor hashed).
    line_action_max: usize,
    prefix_rules: Vec<usize>,
    char_rules: Vec<(char, usize)>,
    /// Entries' spellings and plain substitutions' replacements (see [`Plain`]), back to
    /// back.
    texts: String,
    dropped: Vec<Dropped>,
    options: Options,
    has_spun: bool,
    has_signatures: bool,
}

/// Passes over a document: the first decides the spin score, a second applies `spun` rules
/// if the score calls for it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Pass {
    spun: bool,
}

impl Engine {
    /// Compiles `rules`.
    pub fn new(rules: Vec<Rule>, options: Options) -> Result<Engine, BuildError> {
        let names::Expansion { variants, dropped } = names::expand(&rules);
        let mut trie = PhraseTrie::new();
        let spellings = variants.len()
            + rules
                .iter()
                .map(|rule| match &rule.action {
                    Action::Replace { phrases, .. } => phrases.len(),
                    _ => 0,
                })
                .sum::<usize>();
        let mut start_filter = StartFilter::new(spellings);
        let mut added: Vec<(u32, Entry)> = Vec::with_capacity(variants.len());
        // One view buffer for every phrase: building a view allocates. The trie and the
        // filter take the view's tokens and hashes as they are.
        let mut phrase = View::default();
        // Spellings and plain replacements, back to back.
        let mut texts = String::new();
        let mut add = |texts: &mut String,
                       spelling: &str,
                       rule: usize,
                       name: Option<VariantOrigin>,
                       plain: Option<Plain>| {
            phrase.build(spelling);
            if let Some((id, new)) = trie.insert(&phrase)? {
                if new {
                    start_filter.insert(&phrase);
                }
                let entry = Entry {
                    rule: rule as u32,
                    spelling: push_text(texts, spelling)?,
                    name,
                    plain,
                };
                // `id` is under 2^32: the trie numbers patterns with `u32`s.
                added.push((id as u32, entry));
            }
            Ok::<(), BuildError>(())
        };
        // Names first: at a shared form, a name wins over a substitution.
        for variant in variants {
            add(
                &mut texts,
                &variant.text,
                variant.rule,
                Some(variant.origin),
                None,
            )?;
        }
        let mut line_actions = HashMap::new();
        let mut prefix_rules = Vec::new();
        let mut char_rules = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            match &rule.action {
                Action::Replace {
                    phrases,
                    replacement,
                } => {
                    let plain =
                        if rule.tier == Tier::Auto && !rule.signature && !rule.guard.is_set() {
                            Some(Plain {
                                case: rule.case,
                                replacement: push_text(&mut texts, replacement)?,
                            })
                        } else {
                            None
                        };
                    for phrase in phrases {
                        add(&mut texts, phrase, index, None, plain)?;
                    }
                }
                Action::Name { .. } => {}
                Action::CutToEnd { markers } => {
                    for m in markers {
                        line_actions
                            .entry(view::phrase_view(m))
                            .or_insert(LineAction::CutToEnd(index));
                    }
                }
                Action::RemoveLine { lines } => {
                    for l in lines {
                        line_actions
                            .entry(view::phrase_view(l))
                            .or_insert(LineAction::Remove(index));
                    }
                }
                Action::StripPrefix { .. } => prefix_rules.push(index),
                Action::ReplaceChar { chars, .. } => {
                    char_rules.extend(chars.iter().map(|&c| (c, index)));
                }
            }
        }
        let patterns = Patterns::new(trie.pattern_count(), added)?;
        let line_action_max = line_actions.keys().map(Vec::len).max().unwrap_or(0);
        let has_spun = rules.iter().any(|r| r.tier == Tier::Spun);
        let has_signatures = rules.iter().any(|r| r.signature);
        Ok(Engine {
            rules,
            trie,
            start_filter,
            patterns,
            line_actions,
            line_action_max,
            prefix_rules,
            char_rules,
            texts,
            dropped,
            options,
            has_spun,
            has_signatures,
        })
    }

    /// The rule with index `index` (as in [`Edit::rule`]).
    pub fn rule(&self, index: usize) -> &Rule {
        &self.rules[index]
    }

    /// Every rule, in the order given to [`Engine::new`].
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Name variants dropped because two names share them.
    pub fn dropped_variants(&self) -> &[Dropped] {
        &self.dropped
    }

    /// How many distinct phrases the automaton holds.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// The settings the engine was built with.
    pub fn options(&self) -> Options {
        self.options
    }

    /// Finds every edit `haystack` needs.
    pub fn find_edits(&self, haystack: &str) -> Outcome {
        let style = QuoteStyle::of(haystack);
        let first_spun = self.options.tier == TierMode::Spun;
        let mut outcome = self.pass(haystack, style, Pass { spun: first_spun });
        if !first_spun && self.spun_called_for(outcome.spin_score) {
            outcome = self.pass(haystack, style, Pass { spun: true });
        }
        outcome
    }

    /// Whether a document whose first pass (without `spun` rules) scored `spin_score` gets a
    /// second pass with them.
    fn spun_called_for(&self, spin_score: f64) -> bool {
        self.options.tier == TierMode::Score
            && self.has_spun
            && spin_score > self.options.spin_threshold
    }

    fn pass(&self, haystack: &str, style: QuoteStyle, pass: Pass) -> Outcome {
        let mut doc = DocState::new(style, pass);
        let body = self.document_start(haystack, &mut doc.out.edits);
        doc.content_end = body;
        // Every line with its `\n`; the last one (maybe empty) has none.
        let ranges = lines::ranges(haystack, body, true);
        let steps = self.line_steps(haystack, 0, &ranges, style, pass);
        for step in steps {
            if let Some(rule) = doc.fold(step) {
                self.cut_to_end(haystack, doc.content_end, rule, &mut doc.out.edits);
                break;
            }
        }
        doc.finish(count_words(haystack))
    }

    /// Where the body of a document starts: after a byte-order mark and a scraper's stamp
    /// ([`Action::StripPrefix`], whose removal is pushed onto `edits`).
    ///
    /// A stamp is looked for in the first [`PREFIX_WINDOW`] bytes only (extended to the end of
    /// the line that holds the last of them), so streaming a document chunk by chunk finds
    /// the same stamp as reading it whole. `start` must hold the document's beginning up to
    /// at least that point, or the whole document.
    fn document_start(&self, start: &str, edits: &mut Vec<Edit>) -> usize {
        let body = if start.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        let window = prefix_window_end(start.as_bytes()).unwrap_or(start.len());
        body + self.strip_prefix(&start[..window], body, edits)
    }

    /// What one line contributes to its document (`line` is its text with its `\n`, if it
    /// has one; `line_start` its offset in the document). It depends on nothing but the
    /// line and the pass, so lines can be matched in any order, or in parallel, and folded
    /// into the document in order ([`DocState::fold`]).
    fn line_step(
        &self,
        line: &str,
        line_start: usize,
        view: &mut View,
        style: QuoteStyle,
        pass: Pass,
    ) -> LineStep {
        let whole = line;
        let line = whole.strip_suffix('\n').unwrap_or(whole);
        view.build(line);
        let action = if view.bytes.len() <= self.line_action_max {
            self.line_actions.get(&view.bytes)
        } else {
            None
        };
        match action {
            Some(&LineAction::CutToEnd(rule)) => LineStep::Cut(rule),
            Some(&LineAction::Remove(rule)) => LineStep::Done(LineOut {
                edits: vec![edit_at(
                    line_start,
                    0..whole.len(),
                    whole,
                    String::new(),
                    rule,
                )],
                words: view.word_starts,
                ..LineOut::default()
            }),
            None => {
                let mut out = self.scan_line(line, line_start, view, style, pass);
                out.words = view.word_starts;
                if !view.bytes.is_empty() {
                    out.content_end =
                        Some(line_start + line.trim_end_matches(view::is_space).len());
                }
                LineStep::Done(out)
            }
        }
    }

    /// Removes a scraper's stamp at the document start; returns its length.
    fn strip_prefix(&self, haystack: &str, body: usize, edits: &mut Vec<Edit>) -> usize {
        for &index in &self.prefix_rules {
            let Action::StripPrefix { pattern } = &self.rules[index].action else {
                continue;
            };
            if let Some(m) = pattern.0.find(&haystack[body..]) {
                if m.start() == 0 && !m.is_empty() {
                    edits.push(edit(haystack, body..body + m.end(), "", index));
                    return m.end();
                }
            }
        }
        0
    }

    /// Removes everything from `content_end` to the end, keeping a final line break.
    fn cut_to_end(&self, haystack: &str, content_end: usize, rule: usize, edits: &mut Vec<Edit>) {
        edits.retain(|e| e.span.end <= content_end);
        let end = if haystack.ends_with("\r\n") {
            haystack.len() - 2
        } else if haystack.ends_with('\n') {
            haystack.len() - 1
        } else {
            haystack.len()
        };
        let end = end.max(content_end);
        if end > content_end {
            edits.push(edit(haystack, content_end..end, "", rule));
        }
    }

    fn scan_line(
        &self,
        line: &str,
        offset: usize,
        view: &View,
        style: QuoteStyle,
        pass: Pass,
    ) -> LineOut {
        let mut out = LineOut::default();
        let mut claimed: Vec<Range<usize>> = Vec::new();
        let mut line_edits: Vec<Edit> = Vec::new();
        let mut names = LineNames {
            engine: self,
            view,
            line,
            last_name_end: None,
        };
        // The first token no match has covered yet.
        let mut next_free = 0usize;
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for k in 0..view.tokens.len() {
            if k < next_free || !self.start_filter.may_start(&view.tokens, k) {
                continue;
            }
            self.walk(view, k, &mut candidates);
            'candidates: for &(pattern, last) in candidates.iter().rev() {
                let span = view.source_span(k, last);
                for entry in self.patterns.get(pattern) {
                    let index = entry.rule as usize;
                    let before = &line[span.clone()];
                    let after = if let Some(plain) = &entry.plain {
                        // What the general path below does for such a rule, without it.
                        if plain.case == CasePolicy::Exact
                            && !case::same_letters_same_case(before, self.text(entry.spelling))
                        {
                            continue;
                        }
                        replace_text(plain.case, self.text(plain.replacement), before, style)
                    } else {
                        let rule = &self.rules[index];
                        if !self.accepts(rule, entry, line, span.clone(), &names, pass) {
                            continue;
                        }
                        if rule.signature {
                            out.signatures += 1;
                        }
                        let after = self.replacement(rule, before, style);
                        if rule.tier == Tier::Flag {
                            if after != before {
                                let e = edit_at(offset, span.clone(), before, after, index);
                                out.flagged.push(e);
                            }
                            continue;
                        }
                        if entry.name.is_some()
                            && before.chars().filter(|c| c.is_alphanumeric()).count() >= 3
                        {
                            names.last_name_end = Some(span.end);
                        }
                        after
                    };
                    if after != before {
                        line_edits.push(edit_at(offset, span.clone(), before, after, index));
                    }
                    claimed.push(span);
                    next_free = last + 1;
                    break 'candidates;
                }
            }
        }
        if !self.char_rules.is_empty() {
            self.replace_chars(line, offset, &claimed, &mut line_edits);
        }
        line_edits.sort_by_key(|e| e.span.start);
        out.edits = line_edits;
        out
    }

    /// Every pattern matching at the `k`-th start of `view`, as (pattern, index of its last
    /// token), shortest first. The walk is anchored: it stops as soon as no phrase continues.
    fn walk(&self, view: &View, k: usize, out: &mut Vec<(usize, usize)>) {
        self.trie.walk(view, k, out);
    }

    fn accepts(
        &self,
        rule: &Rule,
        entry: &Entry,
        line: &str,
        span: Range<usize>,
        names: &LineNames<'_>,
        pass: Pass,
    ) -> bool {
        match rule.tier {
            Tier::Auto | Tier::Flag => {}
            Tier::Spun if pass.spun => {}
            Tier::Spun => return false,
        }
        let before = &line[span.clone()];
        if rule.case == CasePolicy::Exact
            && !case::same_letters_same_case(before, self.text(entry.spelling))
        {
            return false;
        }
        if entry.name.is_some() {
            if !self.accepts_name_case(rule, entry, line, span.clone()) {
                return false;
            }
            if !case::same_letters_same_case(before, self.canonical(rule)) && !isolated(line, &span)
            {
                return false;
            }
        }
        guard::holds(&rule.guard, line, span, names)
    }

    /// The case rule for names (see the module docs).
    fn accepts_name_case(
        &self,
        rule: &Rule,
        entry: &Entry,
        line: &str,
        span: Range<usize>,
    ) -> bool {
        let before = &line[span.clone()];
        if case::same_letters_same_case(before, self.text(entry.spelling)) {
            return true;
        }
        // Only a garble that lost capitals is repaired; headline case is not a garble.
        if !case::only_lost_capitals(before, self.text(entry.spelling)) {
            return false;
        }
        let Action::Name { category, .. } = &rule.action else {
            return false;
        };
        let words = self.text(entry.spelling).split_whitespace().count();
        match category {
            // A quoted one- or two-word title made of English words is as likely a quoted
            // word (“connect”, “run on”) as a title.
            NameCategory::Title
                if words < 3 && !names::is_distinctive(self.text(entry.spelling)) =>
            {
                false
            }
            NameCategory::Title => guard::holds(
                &crate::rule::Guard {
                    quoted: true,
                    ..Default::default()
                },
                line,
                span,
                &NoNames,
            ),
            NameCategory::Person | NameCategory::Group => {
                let first_upper = before
                    .chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(|c| c.is_uppercase());
                words >= 2 && first_upper && names::is_distinctive(self.text(entry.spelling))
            }
        }
    }

    /// The text at `at` in [`Engine::texts`].
    fn text(&self, at: (u32, u32)) -> &str {
        &self.texts[at.0 as usize..at.1 as usize]
    }

    /// The canonical spelling of a name rule.
    fn canonical<'r>(&self, rule: &'r Rule) -> &'r str {
        match &rule.action {
            Action::Name { canonical, .. } => canonical,
            _ => "",
        }
    }

    fn replacement(&self, rule: &Rule, before: &str, style: QuoteStyle) -> String {
        match &rule.action {
            Action::Name { canonical, .. } => case::adapt_quotes(canonical, before, style),
            Action::Replace { replacement, .. } => {
                replace_text(rule.case, replacement, before, style)
            }
            _ => unreachable!("only phrase rules have automaton patterns"),
        }
    }

    /// Replaces single characters (no-break spaces) outside claimed spans.
    fn replace_chars(
        &self,
        line: &str,
        offset: usize,
        claimed: &[Range<usize>],
        edits: &mut Vec<Edit>,
    ) {
        for (i, c) in line.char_indices() {
            let Some(&(_, index)) = self.char_rules.iter().find(|(rc, _)| *rc == c) else {
                continue;
            };
            if claimed.iter().any(|r| r.contains(&i)) {
                continue;
            }
            let Action::ReplaceChar { replacement, .. } = &self.rules[index].action else {
                continue;
            };
            let span = i..i + c.len_utf8();
            edits.push(edit_at(
                offset,
                span,
                &line[i..i + c.len_utf8()],
                replacement.clone(),
                index,
            ));
        }
    }

    /// True when a name the engine accepts starts at the `k`-th start of `view`.
    fn name_at(&self, view: &View, line: &str, k: usize) -> bool {
        let mut candidates = Vec::new();
        self.walk(view, k, &mut candidates);
        candidates.iter().any(|&(pattern, last)| {
            let span = view.source_span(k, last);
            // A name of one or two letters ("I", "L", "GI") is too easily ordinary text to
            // vouch for a neighbouring rule.
            let long_enough = line[span.clone()]
                .chars()
                .filter(|c| c.is_alphanumeric())
                .count()
                >= 3;
            long_enough
                && self.patterns.get(pattern).iter().any(|entry| {
                    entry.name.is_some()
                        && self.accepts_name_case(
                            &self.rules[entry.rule as usize],
                            entry,
                            line,
                            span.clone(),
                        )
                })
        })
    }

    /// Kinds of the loaded rules, for summaries.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = self.rules.iter().map(|r| r.kind).collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// Whether any loaded rule counts toward the spin score.
    pub fn has_signatures(&self) -> bool {
        self.has_signatures
    }
}

/// What one line contributes to its document: see [`Engine::line_step`].
#[derive(Debug)]
enum LineStep {
    /// A cut marker ([`Action::CutToEnd`]) with its rule: the document ends at the end of
    /// the last line with content.
    Cut(usize),
    /// Any other line.
    Done(LineOut),
}

/// The edits of one line that is not a cut marker.
#[derive(Debug, Default)]
struct LineOut {
    edits: Vec<Edit>,
    flagged: Vec<Edit>,
    signatures: usize,
    /// Words in the line: those of its view, which are [`count_words`]'s (streaming counts
    /// a document's words from these instead of reading it once more).
    words: usize,
    /// Where the line's content ends (trailing spaces excluded); `None` for a blank or
    /// removed line.
    content_end: Option<usize>,
}

/// What one pass carries from line to line of a document (and, when streaming, from chunk
/// to chunk).
struct DocState {
    out: Outcome,
    signatures: usize,
    /// Words of the lines folded so far (see [`LineOut::words`]).
    words: usize,
    style: QuoteStyle,
    pass: Pass,
    /// End of the last line with content (trailing spaces excluded): where a cut starts.
    content_end: usize,
}

impl DocState {
    fn new(style: QuoteStyle, pass: Pass) -> DocState {
        DocState {
            out: Outcome {
                spun_applied: pass.spun,
                ..Outcome::default()
            },
            signatures: 0,
            words: 0,
            style,
            pass,
            content_end: 0,
        }
    }

    /// Adds the next line's step; returns the rule of a cut marker (the caller then ends
    /// the document at `content_end`).
    fn fold(&mut self, step: LineStep) -> Option<usize> {
        match step {
            LineStep::Cut(rule) => Some(rule),
            LineStep::Done(line) => {
                self.out.edits.extend(line.edits);
                self.out.flagged.extend(line.flagged);
                self.signatures += line.signatures;
                self.words += line.words;
                if let Some(end) = line.content_end {
                    self.content_end = end;
                }
                None
            }
        }
    }

    /// The outcome, with the spin score of a document of `words` words.
    fn finish(mut self, words: usize) -> Outcome {
        self.out.words = words;
        self.out.spin_score = spin_score(self.signatures, words);
        self.out
    }
}

/// Signatures per 1,000 words.
fn spin_score(signatures: usize, words: usize) -> f64 {
    if words == 0 {
        0.0
    } else {
        signatures as f64 * 1000.0 / words as f64
    }
}

/// Bytes at the start of a document in which a scraper's stamp is looked for (see
/// [`Engine::find_edits`]).
pub const PREFIX_WINDOW: usize = 64 * 1024;

/// The end of the prefix window of a document starting with `start`: the end (after its
/// `\n`) of the line holding byte [`PREFIX_WINDOW`]` - 1`. `None` when `start` ends before
/// that line does, i.e. when the window is all of `start` if `start` is the whole document
/// and is not yet known otherwise.
fn prefix_window_end(start: &[u8]) -> Option<usize> {
    if start.len() < PREFIX_WINDOW {
        return None;
    }
    memchr::memchr(b'\n', &start[PREFIX_WINDOW - 1..]).map(|i| PREFIX_WINDOW + i)
}

/// Answers the name questions guards ask, for one line.
struct LineNames<'a> {
    engine: &'a Engine,
    view: &'a View,
    line: &'a str,
    last_name_end: Option<usize>,
}

impl guard::NameContext for LineNames<'_> {
    fn name_ends_before(&self, at: usize) -> bool {
        self.last_name_end
            .is_some_and(|end| end < at && self.line[end..at].chars().all(view::is_space))
    }

    fn name_starts_after(&self, at: usize) -> bool {
        let rest = &self.line[at..];
        let skipped = rest.len() - rest.trim_start_matches(view::is_space).len();
        if skipped == 0 {
            return false;
        }
        let target = at + skipped;
        self.view
            .tokens
            .iter()
            .position(|t| t.src_start as usize == target)
            .is_some_and(|k| self.engine.name_at(self.view, self.line, k))
    }
}

struct NoNames;

impl guard::NameContext for NoNames {
    fn name_ends_before(&self, _: usize) -> bool {
        false
    }
    fn name_starts_after(&self, _: usize) -> bool {
        false
    }
}

fn edit(haystack: &str, span: Range<usize>, after: &str, rule: usize) -> Edit {
    Edit {
        before: haystack[span.clone()].to_string(),
        span,
        after: after.to_string(),
        rule,
    }
}

/// Appends `text` to `texts`; returns where it is.
fn push_text(texts: &mut String, text: &str) -> Result<(u32, u32), trie::TooLarge> {
    let start = u32::try_from(texts.len()).map_err(|_| trie::TooLarge)?;
    texts.push_str(text);
    let end = u32::try_from(texts.len()).map_err(|_| trie::TooLarge)?;
    Ok((start, end))
}

/// The text a substitution with case policy `case` and replacement `replacement` writes
/// over `before`, in the document's quote style.
fn replace_text(case: CasePolicy, replacement: &str, before: &str, style: QuoteStyle) -> String {
    match case {
        CasePolicy::Shape => {
            let written = case::apply_shape(replacement, case::shape_of(before));
            if case::has_quotes(&written) {
                case::adapt_quotes(&written, before, style)
            } else {
                written
            }
        }
        CasePolicy::Exact | CasePolicy::Verbatim => case::adapt_quotes(replacement, before, style),
    }
}

fn edit_at(offset: usize, span: Range<usize>, before: &str, after: String, rule: usize) -> Edit {
    Edit {
        span: offset + span.start..offset + span.end,
        before: before.to_string(),
        after,
        rule,
    }
}

/// True when no capitalized word stands right next to `span` (one run of spaces between):
/// a name variant inside a longer run of capitalized words belongs to a longer name that
/// unspin does not know (`Jo Chul Kang` is not `Kang Chul` with a prefix), so it is left
/// alone rather than half-repaired.
fn isolated(line: &str, span: &Range<usize>) -> bool {
    let capitalized = |w: Option<&str>| {
        w.and_then(|w| w.chars().next())
            .is_some_and(|c| c.is_uppercase())
    };
    !capitalized(guard::word_before(line, span.start))
        && !capitalized(guard::word_after(line, span.end))
}

/// Counts words (runs of word characters) for the spin score.
///
/// This reads every byte of the input, so pure-ASCII stretches go 32 bytes at a time: a
/// bit mask of word bytes, whose word starts are counted with one `count_ones`. Other
/// stretches go one char at a time with [`view::is_word_char`]; both agree on ASCII.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    // 1 when the byte before `i` ends inside a word.
    let mut prev = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 32) {
            if chunk.iter().all(|&b| b < 0x80) {
                let mut mask = 0u32;
                for (k, &b) in chunk.iter().enumerate() {
                    mask |= u32::from(ascii_word_byte(b)) << k;
                }
                count += (mask & !((mask << 1) | prev)).count_ones() as usize;
                prev = mask >> 31;
                // All 32 bytes are ASCII, so `i + 32` starts a char.
                i += 32;
                continue;
            }
        }
        // The next 32 bytes (and the rest of a char that straddles their end), char by char.
        let stop = (i + 32).min(bytes.len());
        while i < stop {
            let (w, len) = if bytes[i] < 0x80 {
                (u32::from(ascii_word_byte(bytes[i])), 1)
            } else {
                let c = text[i..]
                    .chars()
                    .next()
                    .expect("i is on a char boundary: it only advances by whole chars");
                (u32::from(view::is_word_char(c)), c.len_utf8())
            };
            count += (w & !prev) as usize;
            prev = w;
            i += len;
        }
    }
    count
}

/// 1 for an ASCII letter, digit or `_` (what [`view::is_word_char`] says), else 0; written
/// without branches so that the 32-byte loop of [`count_words`] vectorizes.
fn ascii_word_byte(b: u8) -> u8 {
    let lower = b | 0x20;
    u8::from(lower.wrapping_sub(b'a') < 26)
        | u8::from(b.wrapping_sub(b'0') < 10)
        | u8::from(b == b'_')
}

#[cfg(test)]
mod tests;
