//! `unspin suggest`: name-shaped spans that are not known names but are close to one.
//!
//! Suggestions only: nothing here changes a document or a dictionary. `unspin suggest`
//! prints candidate variant entries; a person checks each against the article and adds it
//! with `unspin dict add`.
//!
//! # Which spans
//!
//! A *run* is a sequence of capitalized words on one line, one space apart (`Yan Hye Ji`,
//! `Park So Bend`). Words in all capitals (`KST`, `JTBC`) and words with digits are not
//! name-shaped and end a run; so do punctuation and a possessive (`Ji’s`). Within a run:
//!
//! 1. words the engine already changes (its edits) are left out: those are not misses;
//! 2. known spellings of two words or more are marked, longest first from the left: every
//!    canonical name, listed variant and generated variant of the loaded dictionaries
//!    (`Song Kang`, `Kang Song`, `Seo Dan Ah`, ...);
//! 3. each stretch of unknown words left, 2 to 4 words long, is a candidate span, as a
//!    whole or, when it starts a sentence with a common English word, without that word
//!    (`Finally Yan Hye Ji` → `Yan Hye Ji`). Only whole stretches: `Yoo Soo` inside
//!    `Yoo Soo Bin` is not a name of its own;
//! 4. so is a known name with one unknown word beside it, up to 4 words: `Hye Ji` is a
//!    name in the pack, and `Yan Hye Ji` a garble of `Yang Hye Ji`.
//!
//! A span made only of common English words is only looked at by the swapped-syllable
//! rule (title-case headlines such as `Makes Sure` stay quiet).
//!
//! # Close to which names
//!
//! By default only the names **the same document spells right** (or that the engine's
//! edits write): a machine-translation slip or a spinner's swap sits among correct
//! mentions of the same person (seed 004 has `Yan Hye Ji` once and `Yang Hye Ji` six
//! times), while an article that writes a name its own way throughout (`Kwak Si Yang`, a
//! real alternative romanization of `Kwak Shi Yang`) does so on purpose. With `anywhere`
//! ([`Search::anywhere`], `--anywhere`) every known name is a candidate, through the
//! [`Index`]: more finds, and more legitimate spellings among them.
//!
//! A span is close to a name of the same number of words when:
//!
//! - **similar spelling**: lower-cased, Jaro-Winkler similarity ≥ 0.90 *and* normalized
//!   Damerau-Levenshtein similarity ≥ 0.80 ([`Thresholds`]). Jaro-Winkler alone rewards a
//!   shared prefix so much that any two `Park So ...` names pass it; the edit-distance floor
//!   allows about two edits in ten letters. `Yan Hye Ji` → `Yang Hye Ji` scores 0.98 and
//!   0.91. Tuned on the fixtures: with the same-document rule these floors find the garble
//!   in seed 004 and nothing in the clean seeds or `fixtures/clean/`; the tests pin
//!   near-misses on both sides.
//! - **swapped syllable**: three words or more, equal but for one word that is a common
//!   English word (`Park So Bend` where the article also says `Park So Dam`): the signature
//!   of a spinner's thesaurus swap, which string similarity cannot see (`Bend`/`Dam`).
//!
//! Only people and groups whose words are all capitalized and not all common English are
//! compared (titles are English phrases, and would match headlines).
//!
//! # Index
//!
//! For `anywhere`, comparing every span with all ~12,000 indexed names would cost a couple
//! of milliseconds per span. Names are bucketed by (number of words, first letter) and by
//! (number of words, last word), sorted by length within a bucket; a span is compared only
//! with the two buckets it falls in, and within them only with names whose length allows the
//! edit-distance floor. A garble that changes both the first letter and the last word is
//! not found (it would rarely pass the thresholds anyway).
//! `tests::index_finds_what_brute_force_finds` checks the index against a full scan.

use crate::engine::view::phrase_view;
use crate::names;
use crate::rule::{Action, NameCategory, Rule};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

/// Similarity floors for the "similar spelling" rule. Both must hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Thresholds {
    /// Jaro-Winkler similarity of the lower-cased texts. Default 0.90.
    pub jaro_winkler: f64,
    /// Normalized Damerau-Levenshtein similarity (1 − distance / longer length). Default
    /// 0.80.
    pub damerau: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            jaro_winkler: 0.90,
            damerau: 0.80,
        }
    }
}

/// Why a span was suggested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Evidence {
    /// Similar spelling (both thresholds hold).
    Similar,
    /// One word swapped for a common English word, and the name appears correctly in the
    /// same document.
    SwappedInDocument,
}

/// A known name that windows are compared with.
#[derive(Clone, Debug)]
struct Known {
    canonical: String,
    /// Lower-cased, single-spaced.
    key: String,
    /// Lower-cased words.
    words: Vec<String>,
}

/// The known names, indexed for near-miss lookups.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// View form of every spelling the engine recognises → its canonical name.
    spellings: HashMap<Vec<u8>, String>,
    names: Vec<Known>,
    /// (words, first letter) → name indices, sorted by key length.
    by_first: HashMap<(usize, char), Vec<usize>>,
    /// (words, last word) → name indices, sorted by key length.
    by_last: HashMap<(usize, String), Vec<usize>>,
    longest: usize,
}

fn key_of(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.to_lowercase().replace('\u{2019}', "'"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word that can be part of a romanized name: capitalized, letters (and inner hyphens or
/// apostrophes), not all capitals.
fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    !all_caps
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}'))
}

impl Index {
    /// Indexes the names in `rules` (other rules are ignored).
    pub fn new(rules: &[Rule]) -> Index {
        let mut index = Index::default();
        let expansion = names::expand(rules);
        let canonical_of = |rule: usize| match &rules[rule].action {
            Action::Name { canonical, .. } => canonical.clone(),
            _ => String::new(),
        };
        for v in &expansion.variants {
            index
                .spellings
                .entry(phrase_view(&v.text))
                .or_insert_with(|| canonical_of(v.rule));
        }
        for d in &expansion.dropped {
            let owner = d.rules.first().copied().unwrap_or(0);
            index
                .spellings
                .entry(phrase_view(&d.text))
                .or_insert_with(|| canonical_of(owner));
        }
        let mut seen: HashSet<String> = HashSet::new();
        for rule in rules {
            let Action::Name {
                canonical,
                category,
                ..
            } = &rule.action
            else {
                continue;
            };
            if *category == NameCategory::Title {
                continue;
            }
            let words: Vec<&str> = canonical.split_whitespace().collect();
            if words.len() < 2
                || !words.iter().all(|w| is_name_word(w))
                || !names::is_distinctive(canonical)
            {
                continue;
            }
            let key = key_of(canonical);
            if !seen.insert(key.clone()) {
                continue;
            }
            index.names.push(Known {
                canonical: canonical.clone(),
                words: key.split(' ').map(str::to_string).collect(),
                key,
            });
        }
        for (i, k) in index.names.iter().enumerate() {
            let n = k.words.len();
            index.longest = index.longest.max(n);
            let first = k.key.chars().next().expect("keys are not empty");
            index.by_first.entry((n, first)).or_default().push(i);
            let last = k.words.last().expect("two words or more").clone();
            index.by_last.entry((n, last)).or_default().push(i);
        }
        let names = &index.names;
        let by_len = |v: &mut Vec<usize>| v.sort_by_key(|&i| names[i].key.chars().count());
        index.by_first.values_mut().for_each(by_len);
        index.by_last.values_mut().for_each(by_len);
        index
    }

    /// How many names are compared with windows.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no name is indexed.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The canonical name `text` is a spelling of, if the engine knows it.
    pub fn known(&self, text: &str) -> Option<&str> {
        self.spellings.get(&phrase_view(text)).map(String::as_str)
    }

    /// The names closest to `window` that pass `th`, best first (at most 3).
    pub fn closest(&self, window: &str, th: &Thresholds) -> Vec<Near> {
        let key = key_of(window);
        let words: Vec<&str> = key.split(' ').collect();
        let n = words.len();
        let len = key.chars().count();
        let first = key.chars().next().unwrap_or(' ');
        let last = words.last().copied().unwrap_or("").to_string();
        let mut out: Vec<Near> = Vec::new();
        let mut checked: HashSet<usize> = HashSet::new();
        let buckets = [self.by_first.get(&(n, first)), self.by_last.get(&(n, last))];
        for bucket in buckets.into_iter().flatten() {
            // Lengths the edit-distance floor allows: |a − b| ≤ (1 − floor) · max(a, b).
            let slack = 1.0 - th.damerau;
            let lo = ((len as f64) * (1.0 - slack)).floor() as usize;
            let hi = ((len as f64) / (1.0 - slack).max(0.01)).ceil() as usize;
            let from = bucket.partition_point(|&i| self.names[i].key.chars().count() < lo);
            for &i in &bucket[from..] {
                if self.names[i].key.chars().count() > hi {
                    break;
                }
                if checked.insert(i) {
                    if let Some(near) = self.score(&key, i, th) {
                        out.push(near);
                    }
                }
            }
        }
        sort_near(&mut out);
        out
    }

    /// [`Index::closest`] by comparing with every name: the reference the index is tested
    /// against, and the baseline for its speed.
    pub fn closest_brute_force(&self, window: &str, th: &Thresholds) -> Vec<Near> {
        let key = key_of(window);
        let n = key.split(' ').count();
        let mut out: Vec<Near> = (0..self.names.len())
            .filter(|&i| self.names[i].words.len() == n)
            .filter_map(|i| self.score(&key, i, th))
            .collect();
        sort_near(&mut out);
        out
    }

    fn score(&self, key: &str, i: usize, th: &Thresholds) -> Option<Near> {
        let name = &self.names[i];
        if name.key == key {
            return None;
        }
        let jw = strsim::jaro_winkler(key, &name.key);
        if jw < th.jaro_winkler {
            return None;
        }
        let dl = strsim::normalized_damerau_levenshtein(key, &name.key);
        (dl >= th.damerau).then(|| Near {
            canonical: name.canonical.clone(),
            jaro_winkler: jw,
            damerau: dl,
        })
    }
}

fn sort_near(v: &mut Vec<Near>) {
    v.sort_by(|a, b| {
        (b.jaro_winkler + b.damerau)
            .total_cmp(&(a.jaro_winkler + a.damerau))
            .then_with(|| a.canonical.cmp(&b.canonical))
    });
    v.truncate(3);
}

/// A known name close to a window, with the scores.
#[derive(Clone, Debug, PartialEq)]
pub struct Near {
    /// The canonical name.
    pub canonical: String,
    /// Jaro-Winkler similarity.
    pub jaro_winkler: f64,
    /// Normalized Damerau-Levenshtein similarity.
    pub damerau: f64,
}

/// One suggested span in one document.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The span as written.
    pub variant: String,
    /// The name it is probably a garble of.
    pub canonical: String,
    /// Jaro-Winkler similarity to the name.
    pub jaro_winkler: f64,
    /// Normalized Damerau-Levenshtein similarity to the name.
    pub damerau: f64,
    /// Why it was suggested.
    pub evidence: Evidence,
    /// Other names that were also close.
    pub also: Vec<Near>,
    /// Byte span in the document.
    pub span: Range<usize>,
    /// 1-based line.
    pub line: usize,
}

/// A word of a line: its byte span in the document.
fn words_of_line(line: &str, offset: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '-' | '\'' | '\u{2019}')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|&(_, d)| d.is_alphanumeric())
            // `Ji’s`: a possessive ends the word instead.
            && !(matches!(c, '\'' | '\u{2019}')
                && chars.get(k + 1).is_some_and(|&(_, d)| d == 's')
                && chars.get(k + 2).is_none_or(|&(_, d)| !d.is_alphanumeric()));
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(offset + s..offset + i);
        }
    }
    if let Some(s) = start {
        out.push(offset + s..offset + line.len());
    }
    out
}

/// Runs of name words one space apart, as word spans.
fn runs(text: &str) -> Vec<Vec<Range<usize>>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        let mut run: Vec<Range<usize>> = Vec::new();
        for w in words_of_line(line, offset) {
            let word = &text[w.clone()];
            let joined = run
                .last()
                .is_some_and(|prev| matches!(&text[prev.end..w.start], " " | "\u{a0}"));
            if !is_name_word(word) {
                if run.len() >= 2 {
                    out.push(std::mem::take(&mut run));
                }
                run.clear();
                continue;
            }
            if !joined && !run.is_empty() {
                if run.len() >= 2 {
                    out.push(std::mem::take(&mut run));
                }
                run.clear();
            }
            run.push(w);
        }
        if run.len() >= 2 {
            out.push(run);
        }
        offset += line.len() + 1;
    }
    out
}

/// A span the engine changes in the document: left out of the search. When the edit writes
/// a name, `name` is it (the name is then present in the document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claimed {
    /// Byte span in the document.
    pub span: Range<usize>,
    /// The canonical name the edit writes, for name rules.
    pub name: Option<String>,
}

/// Where to look for the names a span may be a garble of.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Search {
    /// Similarity floors.
    pub thresholds: Thresholds,
    /// Compare with every known name (through the [`Index`]), not only the names the
    /// document itself spells right. Finds more, including legitimate other romanizations
    /// (`Kwak Si Yang` for `Kwak Shi Yang`) that a careful article uses on purpose.
    pub anywhere: bool,
}

/// Lower-cased words of a name.
fn words_of(text: &str) -> Vec<String> {
    key_of(text).split(' ').map(str::to_string).collect()
}

fn similarity(a: &str, b: &str, th: &Thresholds) -> Option<(f64, f64)> {
    if a == b {
        return None;
    }
    let jw = strsim::jaro_winkler(a, b);
    if jw < th.jaro_winkler {
        return None;
    }
    let dl = strsim::normalized_damerau_levenshtein(a, b);
    (dl >= th.damerau).then_some((jw, dl))
}

/// Name-shaped spans of `text` that are close to a known name. `claimed` holds the spans
/// the engine already changes (its edits). See the [module docs](self) for the rules.
pub fn find(text: &str, claimed: &[Claimed], index: &Index, search: &Search) -> Vec<Found> {
    let th = &search.thresholds;
    let overlaps = |w: &Range<usize>| {
        claimed
            .iter()
            .any(|c| c.span.start < w.end && w.start < c.span.end)
    };
    let join = |ws: &[Range<usize>]| text[ws[0].start..ws[ws.len() - 1].end].to_string();
    let line_of = |at: usize| text[..at].matches('\n').count() + 1;
    // Names the document spells right (or that the engine writes), and the stretches of
    // name-shaped words that are not known names.
    let mut present: Vec<String> = Vec::new();
    let add_present = |name: &str, present: &mut Vec<String>| {
        if name.split_whitespace().count() >= 2 && !present.iter().any(|p| p == name) {
            present.push(name.to_string());
        }
    };
    for c in claimed {
        if let Some(name) = &c.name {
            add_present(name, &mut present);
        }
    }
    // Each run as known spans and unknown words; a claimed word is a barrier.
    let mut windows: Vec<Vec<Range<usize>>> = Vec::new();
    for run in runs(text) {
        #[derive(Clone, PartialEq)]
        enum Part {
            Known(usize),
            Unknown,
            Barrier,
        }
        let mut parts: Vec<(Range<usize>, Part)> = Vec::new();
        let mut i = 0;
        while i < run.len() {
            if overlaps(&run[i]) {
                parts.push((i..i + 1, Part::Barrier));
                i += 1;
                continue;
            }
            // Multi-word spellings only: a one-word name (an idol's stage name can be any
            // syllable) would cut a garbled name in two.
            let longest = (2..=6.min(run.len() - i)).rev().find_map(|n| {
                let ws = &run[i..i + n];
                if ws.iter().any(&overlaps) {
                    return None;
                }
                index.known(&join(ws)).map(|c| (n, c.to_string()))
            });
            match longest {
                Some((n, canonical)) => {
                    add_present(&canonical, &mut present);
                    parts.push((i..i + n, Part::Known(n)));
                    i += n;
                }
                None => {
                    parts.push((i..i + 1, Part::Unknown));
                    i += 1;
                }
            }
        }
        // Stretches of unknown words: whole, or without a common word that starts the
        // sentence (`Finally Yan Hye Ji`).
        let mut k = 0;
        while k < parts.len() {
            if parts[k].1 != Part::Unknown {
                k += 1;
                continue;
            }
            let from = parts[k].0.start;
            while k < parts.len() && parts[k].1 == Part::Unknown {
                k += 1;
            }
            let to = parts[k - 1].0.end;
            windows.push(run[from..to].to_vec());
            let first = &run[from];
            let before = text[..first.start].trim_end_matches([' ', '\u{a0}']);
            let starts_sentence =
                before.is_empty() || before.ends_with(['\n', '.', '!', '?', ':', '\u{201C}', '"']);
            if to - from > 2 && starts_sentence && names::is_common_english(&text[first.clone()]) {
                windows.push(run[from + 1..to].to_vec());
            }
        }
        // A known name with an unknown word beside it: `Hye Ji` is a name of its own, and
        // `Yan Hye Ji` a garble of `Yang Hye Ji`.
        for (p, (r, part)) in parts.iter().enumerate() {
            if !matches!(part, Part::Known(_)) {
                continue;
            }
            if p > 0 && parts[p - 1].1 == Part::Unknown && r.len() < 4 {
                windows.push(run[r.start - 1..r.end].to_vec());
            }
            if p + 1 < parts.len() && parts[p + 1].1 == Part::Unknown && r.len() < 4 {
                windows.push(run[r.start..r.end + 1].to_vec());
            }
        }
    }
    let present: Vec<(String, Vec<String>)> = present
        .into_iter()
        .map(|p| {
            let w = words_of(&p);
            (p, w)
        })
        .collect();
    let mut all: Vec<Found> = Vec::new();
    for ws in windows.iter().filter(|w| (2..=4).contains(&w.len())) {
        let variant = join(ws);
        if index.known(&variant).is_some() {
            continue;
        }
        let key = key_of(&variant);
        let words = words_of(&variant);
        let span = ws[0].start..ws[ws.len() - 1].end;
        let all_common = words.iter().all(|w| names::is_common_english(w));
        let mut near: Vec<Near> = Vec::new();
        if !all_common {
            if search.anywhere {
                near = index.closest(&variant, th);
            } else {
                near = present
                    .iter()
                    .filter(|(_, w)| w.len() == words.len())
                    .filter_map(|(name, w)| {
                        similarity(&key, &w.join(" "), th).map(|(jw, dl)| Near {
                            canonical: name.clone(),
                            jaro_winkler: jw,
                            damerau: dl,
                        })
                    })
                    .collect();
                sort_near(&mut near);
            }
        }
        let found = if let Some(first) = near.first() {
            Some(Found {
                variant: variant.clone(),
                canonical: first.canonical.clone(),
                jaro_winkler: first.jaro_winkler,
                damerau: first.damerau,
                evidence: Evidence::Similar,
                also: near[1..].to_vec(),
                span: span.clone(),
                line: line_of(span.start),
            })
        } else if words.len() >= 3 {
            // One word swapped for an English word, the name spelled right elsewhere.
            present
                .iter()
                .find(|(_, name)| {
                    name.len() == words.len() && {
                        let diff: Vec<usize> =
                            (0..words.len()).filter(|&k| name[k] != words[k]).collect();
                        diff.len() == 1 && names::is_common_english(&words[diff[0]])
                    }
                })
                .map(|(canonical, name)| {
                    let other = name.join(" ");
                    Found {
                        variant: variant.clone(),
                        canonical: canonical.clone(),
                        jaro_winkler: strsim::jaro_winkler(&key, &other),
                        damerau: strsim::normalized_damerau_levenshtein(&key, &other),
                        evidence: Evidence::SwappedInDocument,
                        also: Vec::new(),
                        span: span.clone(),
                        line: line_of(span.start),
                    }
                })
        } else {
            None
        };
        all.extend(found);
    }
    // Non-overlapping, best first.
    all.sort_by(|a, b| {
        (b.jaro_winkler + b.damerau)
            .total_cmp(&(a.jaro_winkler + a.damerau))
            .then_with(|| a.span.start.cmp(&b.span.start))
    });
    let mut out: Vec<Found> = Vec::new();
    for f in all {
        if out
            .iter()
            .all(|o| o.span.end <= f.span.start || f.span.end <= o.span.start)
        {
            out.push(f);
        }
    }
    out.sort_by_key(|f| f.span.start);
    out
}

/// A suggestion gathered over documents: one garbled spelling of one name.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// The garbled spelling.
    pub variant: String,
    /// The name.
    pub canonical: String,
    /// Best scores seen.
    pub jaro_winkler: f64,
    /// Best scores seen.
    pub damerau: f64,
    /// Why.
    pub evidence: Evidence,
    /// Other close names.
    pub also: Vec<Near>,
    /// Where: `(document, line)`, in order.
    pub seen: Vec<(String, usize)>,
}

/// Gathers findings from several documents, one suggestion per (variant, name), in order of
/// first appearance.
#[derive(Clone, Debug, Default)]
pub struct Collector {
    /// Suggestions so far.
    pub suggestions: Vec<Suggestion>,
}

impl Collector {
    /// Adds the findings of document `label`.
    pub fn add(&mut self, label: &str, found: Vec<Found>) {
        for f in found {
            let key = (key_of(&f.variant), f.canonical.clone());
            match self
                .suggestions
                .iter_mut()
                .find(|s| (key_of(&s.variant), s.canonical.clone()) == key)
            {
                Some(s) => s.seen.push((label.to_string(), f.line)),
                None => self.suggestions.push(Suggestion {
                    variant: f.variant,
                    canonical: f.canonical,
                    jaro_winkler: f.jaro_winkler,
                    damerau: f.damerau,
                    evidence: f.evidence,
                    also: f.also,
                    seen: vec![(label.to_string(), f.line)],
                }),
            }
        }
    }
}

/// The suggestions as a `names` dictionary, one entry per name, with the evidence as
/// comments. Empty when there are none.
pub fn render(suggestions: &[Suggestion], th: &Thresholds) -> String {
    use crate::dictionary::yaml::text::{Layout, RuleText, Value};
    if suggestions.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Name variants suggested by `unspin suggest`. Suggestions only: check each against"
    );
    let _ = writeln!(
        out,
        "# the article, then add it with `unspin dict add FILE --name NAME --variant VARIANT`."
    );
    let _ = writeln!(
        out,
        "# Similar: Jaro-Winkler >= {:.2} and Damerau-Levenshtein >= {:.2}, same number of words.",
        th.jaro_winkler, th.damerau
    );
    out.push_str("kind: names\nrules:\n");
    let mut order: Vec<&str> = Vec::new();
    for s in suggestions {
        if !order.contains(&s.canonical.as_str()) {
            order.push(&s.canonical);
        }
    }
    let layout = Layout::default();
    for (i, canonical) in order.iter().enumerate() {
        let of: Vec<&Suggestion> = suggestions
            .iter()
            .filter(|s| s.canonical == *canonical)
            .collect();
        let mut comments = Vec::new();
        for s in &of {
            let why = match s.evidence {
                Evidence::Similar => format!(
                    "jaro-winkler {:.2}, damerau-levenshtein {:.2}",
                    s.jaro_winkler, s.damerau
                ),
                Evidence::SwappedInDocument => format!(
                    "one word swapped for an English word, and `{}` is in the same document",
                    s.canonical
                ),
            };
            let n = s.seen.len();
            let mut distinct: Vec<&(String, usize)> = Vec::new();
            for place in &s.seen {
                if !distinct.contains(&place) {
                    distinct.push(place);
                }
            }
            let places: Vec<String> = distinct
                .iter()
                .take(5)
                .map(|(doc, line)| format!("{doc}:{line}"))
                .collect();
            let more = if distinct.len() > 5 { ", ..." } else { "" };
            comments.push(format!(
                "\"{}\": {why}; seen {n} time{}: {}{more}",
                s.variant,
                if n == 1 { "" } else { "s" },
                places.join(", ")
            ));
            if !s.also.is_empty() {
                let others: Vec<String> = s
                    .also
                    .iter()
                    .map(|a| format!("{} ({:.2}/{:.2})", a.canonical, a.jaro_winkler, a.damerau))
                    .collect();
                comments.push(format!("  also close: {}", others.join(", ")));
            }
        }
        let mut variants: Vec<String> = Vec::new();
        for s in &of {
            if !variants.contains(&s.variant) {
                variants.push(s.variant.clone());
            }
        }
        let mut rule = RuleText::new(vec![
            ("name", Value::Str(canonical.to_string())),
            ("variants", Value::List(variants)),
        ]);
        rule.comments = comments;
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&rule.render(&layout));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(names: &[&str]) -> Index {
        let rules: Vec<Rule> = names
            .iter()
            .map(|n| Rule::name(n, NameCategory::Person, &[]))
            .collect();
        Index::new(&rules)
    }

    fn found(text: &str, idx: &Index, anywhere: bool) -> Vec<Found> {
        let search = Search {
            anywhere,
            ..Search::default()
        };
        find(text, &[], idx, &search)
    }

    fn suggested(text: &str, idx: &Index) -> Vec<(String, String)> {
        found(text, idx, false)
            .into_iter()
            .map(|f| (f.variant, f.canonical))
            .collect()
    }

    #[test]
    fn runs_are_capitalized_words_one_space_apart() {
        let text = "Then Yan Hye Ji’s cheeks. KST Park So Bend, and Lee ho jung.\nKim Min";
        let got: Vec<String> = runs(text)
            .iter()
            .map(|r| text[r[0].start..r[r.len() - 1].end].to_string())
            .collect();
        assert_eq!(got, ["Then Yan Hye Ji", "Park So Bend", "Kim Min"]);
    }

    #[test]
    fn a_near_miss_of_a_name_in_the_document_is_suggested() {
        let idx = index(&["Yang Hye Ji", "Song Kang", "Han So Hee"]);
        let text = "Han So Hee smiles at Yan Hye Ji, and Kang Song waves at Yang Hye Ji.";
        assert_eq!(
            suggested(text, &idx),
            [("Yan Hye Ji".to_string(), "Yang Hye Ji".to_string())]
        );
        let f = &found(text, &idx, false)[0];
        assert!(f.jaro_winkler > 0.95 && f.damerau > 0.9, "{f:?}");
        assert_eq!(f.evidence, Evidence::Similar);
        assert_eq!(f.line, 1);
    }

    #[test]
    fn without_the_name_in_the_document_only_anywhere_finds_it() {
        let idx = index(&["Yang Hye Ji", "Kwak Shi Yang"]);
        let text = "Then Yan Hye Ji laughs with Kwak Si Yang.";
        assert!(suggested(text, &idx).is_empty());
        let got: Vec<String> = found(text, &idx, true)
            .into_iter()
            .map(|f| f.canonical)
            .collect();
        assert_eq!(got, ["Yang Hye Ji", "Kwak Shi Yang"]);
    }

    #[test]
    fn a_sentence_start_word_before_a_garble_does_not_hide_it() {
        let idx = index(&["Yang Hye Ji"]);
        assert_eq!(
            suggested("Yang Hye Ji waves. Finally Yan Hye Ji laughs.", &idx),
            [("Yan Hye Ji".to_string(), "Yang Hye Ji".to_string())]
        );
    }

    #[test]
    fn part_of_a_longer_unknown_name_is_not_a_name() {
        // `Yoo Soo` (close to `Yoon Soo`) inside `Yoo Soo Bin`, a name not in the list.
        let idx = index(&["Yoon Soo", "Yoo Joo"]);
        let text = "Yoon Soo and Yoo Joo wave. Yoo Soo Bin smiles.";
        assert!(found(text, &idx, true).is_empty());
    }

    #[test]
    fn spans_the_engine_changes_are_left_out_and_their_names_count() {
        let idx = index(&["Yang Hye Ji"]);
        let text = "Yag Hye Ji met Yan Hye Ji.";
        let claimed = [Claimed {
            span: 0..10,
            name: Some("Yang Hye Ji".to_string()),
        }];
        let got = find(text, &claimed, &idx, &Search::default());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].variant, "Yan Hye Ji");
    }

    #[test]
    fn different_names_are_not_near_misses() {
        let idx = index(&["Kim Min Ji", "Lee Tae Hee", "Park So Dam"]);
        for text in [
            "Kim Min Ji and Lee Tae Hee wave. Lee Tae Min sang.",
            "Park So Dam. Makes Sure Is Okay",
            "Park So Dam. Park Seo Joon waved.",
        ] {
            assert_eq!(
                suggested(text, &idx),
                Vec::<(String, String)>::new(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_swapped_syllable_is_found_when_the_name_is_in_the_document() {
        let idx = index(&["Park So Dam", "Park So Eun"]);
        let text = "Park So Dam stars. Later, Park So Bend smiles.";
        let f = found(text, &idx, false);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            (f[0].variant.as_str(), f[0].canonical.as_str()),
            ("Park So Bend", "Park So Dam")
        );
        assert_eq!(f[0].evidence, Evidence::SwappedInDocument);
        assert!(suggested("Later, Park So Bend smiles.", &idx).is_empty());
    }

    #[test]
    fn index_finds_what_brute_force_finds() {
        let rules = crate::dictionary::load(&crate::dictionary::Selection::default()).unwrap();
        let idx = Index::new(&rules);
        assert!(idx.len() > 4000, "{}", idx.len());
        let th = Thresholds::default();
        for window in [
            "Yan Hye Ji",
            "Kang Tae Ho",
            "Kwak Si Yang",
            "Lee Tae Hi",
            "Han Soo Hee",
            "Yoo Soo",
        ] {
            let fast = idx.closest(window, &th);
            let slow = idx.closest_brute_force(window, &th);
            assert_eq!(
                fast.first().map(|n| &n.canonical),
                slow.first().map(|n| &n.canonical),
                "{window}"
            );
        }
    }

    /// Timing of the index against a full scan (`cargo test --release --lib
    /// suggest::tests::index_speed -- --ignored --nocapture`): every 2-4 word window of every
    /// capitalized run in the fixtures, looked up both ways.
    #[test]
    #[ignore = "a measurement, not a check"]
    fn index_speed() {
        let rules = crate::dictionary::load(&crate::dictionary::Selection::default()).unwrap();
        let built = std::time::Instant::now();
        let idx = Index::new(&rules);
        let build = built.elapsed();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut windows: Vec<String> = Vec::new();
        for sub in ["seeds", "clean"] {
            for entry in std::fs::read_dir(root.join(sub)).unwrap() {
                let path = entry.unwrap().path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                for run in runs(&text) {
                    for n in 2..=4.min(run.len()) {
                        for ws in run.windows(n) {
                            windows.push(text[ws[0].start..ws[n - 1].end].to_string());
                        }
                    }
                }
            }
        }
        let th = Thresholds::default();
        let t = std::time::Instant::now();
        let fast: usize = windows.iter().map(|w| idx.closest(w, &th).len()).sum();
        let indexed = t.elapsed();
        let t = std::time::Instant::now();
        let slow: usize = windows
            .iter()
            .map(|w| idx.closest_brute_force(w, &th).len())
            .sum();
        let brute = t.elapsed();
        println!(
            "{} names indexed in {build:?}; {} windows: index {indexed:?} ({:.1} µs/window, \
             {fast} near names), full scan {brute:?} ({:.1} µs/window, {slow} near names)",
            idx.len(),
            windows.len(),
            indexed.as_secs_f64() * 1e6 / windows.len() as f64,
            brute.as_secs_f64() * 1e6 / windows.len() as f64,
        );
    }

    #[test]
    fn collects_and_renders_loadable_yaml() {
        let idx = index(&["Yang Hye Ji"]);
        let mut c = Collector::default();
        c.add(
            "a.txt",
            found("Yang Hye Ji. Yan Hye Ji laughs.", &idx, false),
        );
        c.add(
            "b.txt",
            found("Yang Hye Ji.\nYan Hye Ji cries.", &idx, false),
        );
        assert_eq!(c.suggestions.len(), 1);
        assert_eq!(
            c.suggestions[0].seen,
            [("a.txt".to_string(), 1), ("b.txt".to_string(), 2)]
        );
        let yaml = render(&c.suggestions, &Thresholds::default());
        assert!(
            yaml.contains("  - name: \"Yang Hye Ji\"\n    variants: [\"Yan Hye Ji\"]\n"),
            "{yaml}"
        );
        assert!(yaml.contains("seen 2 times: a.txt:1, b.txt:2"), "{yaml}");
        let rules = crate::dictionary::parse("suggested.yaml", &yaml).unwrap();
        assert_eq!(rules.len(), 1);
    }
}
