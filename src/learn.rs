//! `unspin learn`: candidate dictionary rules from pairs of (garbled, fixed) documents.
//!
//! Nothing learned is ever applied: [`learn`] returns candidates, [`render`] writes them as
//! YAML for a person to review, and `unspin learn --into` appends them to a dictionary file
//! only after the result parses.
//!
//! # How a pair becomes candidates
//!
//! 1. **Normalize** both texts: byte-order mark dropped, CRLF → LF, every space character
//!    (U+00A0 included) → a plain space. Spacing is never learned: the shipped
//!    `no-break-space` rule covers it, and a phrase's spaces match any run of spaces anyway.
//! 2. **Trailing furniture.** The non-blank lines of both texts are aligned (`similar`,
//!    patience). When both end in differing lines, the fixed ones are taken to be the first
//!    of the garbled ones (changed: `Look now` for `Watch Now`) and the garbled lines beyond
//!    are a reaction widget or comment form: a `cut_from` candidate for the first of them.
//!    The rest of the pair is learned without them.
//! 3. **Tokenize** into words (letters and digits, joined across inner hyphens:
//!    `behind-the-scenes`) and single punctuation marks; white space separates tokens.
//!    **Align** the token lists with `similar` (patience diff): runs of changed tokens are
//!    *changes*, everything else is equal on both sides. A change that holds a reordered
//!    name next to other words (`Kang song like` → `Song Kang as`) is split in two.
//! 4. **Stamps and lines.** A deletion at the very start of the document, on its first
//!    line, is a scraper's stamp: a `strip_prefix` candidate whose pattern generalizes
//!    digits and spaces (` date 2021-01-24 ` → `^\s*date\s+\d{4}-\d{2}-\d{2}\s+`). A
//!    deletion of whole lines elsewhere: a `remove_line` candidate per line.
//! 5. **Names.** A change whose fixed side is capitalized words grows, over equal tokens,
//!    to the whole run of capitalized words around it (`Website positioning` → `Seo` grows
//!    to `Website positioning Dan Ah` → `Seo Dan Ah`; a common word that starts the sentence
//!    is not taken). The run is a `names` candidate when it has two words or more and is a
//!    name the loaded dictionaries know, or holds a word that is not common English
//!    ([`crate::names::is_distinctive`]), or its garbled side is capitalized too and differs
//!    by more than case (`Women’ Generation` → `Girls’ Generation`). The garbled spelling
//!    is listed as a variant unless it differs only in case or the engine already
//!    generates it. A change inside a quoted, title-cased span (`“Inform Me What You
//!    Noticed”`) makes a `title` of the whole quoted span.
//! 6. **Substitutions.** Any other change is a `find`/`replace` candidate. A change of at
//!    most three ordinary English words (common words, numbers, their contractions and
//!    hyphenations) is not safe alone (`an` → `a` would rewrite every "an"), so it takes a
//!    word of context on each side where its line has one: `shared an lovely` → `shared a
//!    lovely`. A comma, semicolon, colon or apostrophe on the way is kept and the word
//!    after it taken (`After all, CEO`); an attached `.`, `!` or `?` is context enough
//!    (`Minimize!`). Context never crosses a line break, a quote mark, a bracket, the end of
//!    a sentence or a name (the name's own rule claims those words). A change that fills its
//!    line and has no context gets `guard: {whole_line: true}` (`Look now` → `Watch Now`).
//!    Changes whose context overlaps are merged into one candidate. Replacements are
//!    written in lower case when the match is capitalized (house style: the engine restores
//!    the case shape), or with `case: verbatim` when the shape cannot give the fixed text.
//!    A candidate that is still only ordinary words gets a `# check:` comment: it may well
//!    be good English elsewhere, and is a candidate for `tier: spun` or a guard.
//!
//! # What is kept
//!
//! Identical candidates from several places (or pairs) are merged and counted (`support`).
//! A candidate is dropped, and [`Learned::dropped`] says why, when:
//!
//! - the loaded dictionaries already make the change: the pair's fixed line with only this
//!   change garbled, run through the current rules with every tier on, comes out fixed;
//! - it would change a fixed text of any pair (it is not safe);
//! - its example does not hold with it alone, or with all other candidates loaded;
//! - another candidate finds the same phrase with another result and more support;
//! - its phrase would span a line break.
//!
//! Each candidate carries an example built from its pair: the fixed sentence with only this
//! change garbled back, so `dict test` checks it without the rest of the damage.
//!
//! # Output
//!
//! A dictionary file holds one kind, so [`render`] writes one YAML document per kind
//! (`---` between), each a complete file: `kind:`, `source:`, `rules:`, and per rule the
//! comments `# support: N`, `# seen: "<garbled sentence>" (pair:line)`, then the rule with
//! its `examples:`. `unspin learn --into FILE` appends the candidates of FILE's kind (and
//! says how many others it skipped); `--into FOLDER/` writes or extends
//! `learned-<kind>.yaml` files there.

use crate::dictionary::{self, yaml::text as yaml_text};
use crate::edit::apply;
use crate::engine::case::{apply_shape, shape_of, Shape};
use crate::engine::view::{is_word_char, phrase_view};
use crate::engine::{Engine, Options, TierMode};
use crate::names;
use crate::rule::{Action, Kind, NameCategory, Rule};
use std::collections::HashMap;
use std::ops::Range;
use yaml_text::{Layout, RuleText, Value};

/// One (garbled, fixed) pair of documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// How the pair is named in comments (`002.garbled.txt`).
    pub name: String,
    /// The damaged text.
    pub garbled: String,
    /// The same text, repaired by a person.
    pub fixed: String,
}

/// What a candidate rule does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Proposal {
    /// `find`/`replace` (a `substitutions` rule).
    Substitution {
        /// The garbled phrase.
        find: String,
        /// The replacement, as written in the dictionary.
        replace: String,
        /// `case: verbatim` (the case shape of the match would not give the fixed text).
        verbatim: bool,
        /// `guard: {whole_line: true}`.
        whole_line: bool,
        /// Common words with no context available on the line: worth a second look.
        weak: bool,
    },
    /// A canonical name and the garbled spellings seen for it.
    Name {
        /// The canonical spelling (from the fixed text).
        canonical: String,
        /// Person, group or title.
        category: NameCategory,
        /// Garbled spellings the engine would not recognise by itself.
        variants: Vec<String>,
        /// Where the loaded dictionaries already define this name (`file:line`).
        known_at: Option<String>,
    },
    /// `cut_from`: a marker line starting page furniture that runs to the end.
    CutFrom {
        /// The marker line.
        marker: String,
    },
    /// `remove_line`: a line of page furniture.
    RemoveLine {
        /// The line.
        line: String,
    },
    /// `strip_prefix`: a scraper's stamp at the document start.
    StripPrefix {
        /// The regular expression.
        pattern: String,
    },
}

impl Proposal {
    /// The kind of dictionary the candidate belongs in.
    pub fn kind(&self) -> Kind {
        match self {
            Proposal::Substitution { .. } => Kind::Substitutions,
            Proposal::Name { .. } => Kind::Names,
            Proposal::CutFrom { .. }
            | Proposal::RemoveLine { .. }
            | Proposal::StripPrefix { .. } => Kind::Boilerplate,
        }
    }

    /// Identical candidates share a key.
    fn key(&self) -> String {
        let view = |s: &str| String::from_utf8_lossy(&phrase_view(s)).into_owned();
        match self {
            Proposal::Substitution {
                find,
                replace,
                verbatim,
                whole_line,
                ..
            } => format!("s\0{}\0{replace}\0{verbatim}\0{whole_line}", view(find)),
            Proposal::Name { canonical, .. } => format!("n\0{}", view(canonical)),
            Proposal::CutFrom { marker } => format!("c\0{}", view(marker)),
            Proposal::RemoveLine { line } => format!("r\0{}", view(line)),
            Proposal::StripPrefix { pattern } => format!("p\0{pattern}"),
        }
    }

    /// The phrases whose meaning must be unique: a substitution's phrase, a name's variants.
    fn claims(&self) -> Vec<String> {
        match self {
            Proposal::Substitution { find, .. } => vec![find.clone()],
            Proposal::Name { variants, .. } => variants.clone(),
            _ => Vec::new(),
        }
    }

    /// What a claimed phrase turns into, to tell conflicts from agreement.
    fn result(&self) -> String {
        match self {
            Proposal::Substitution { replace, .. } => replace.to_lowercase(),
            Proposal::Name { canonical, .. } => canonical.to_lowercase(),
            _ => String::new(),
        }
    }
}

/// Where a candidate was seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sighting {
    /// The pair's name.
    pub pair: String,
    /// 1-based line in the garbled text.
    pub line: usize,
    /// The garbled sentence around the change.
    pub sentence: String,
}

/// A candidate rule with its evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// What the rule would do.
    pub proposal: Proposal,
    /// How many times the change was seen.
    pub support: usize,
    /// Where (first sighting first).
    pub seen: Vec<Sighting>,
    /// Examples `(input, output)` built from the pairs: the fixed sentence with only this
    /// change garbled back.
    pub examples: Vec<(String, String)>,
    /// The same on the whole line (not written out): what the loaded dictionaries are
    /// checked against, so their guards see the same neighbours as in the document.
    pub line_checks: Vec<(String, String)>,
}

/// Why a candidate was dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// The loaded dictionaries already make this change.
    AlreadyProduced,
    /// It would change the fixed text of a pair: `pair:line`, before, after.
    ChangesFixedText(String, String, String),
    /// Another candidate claims the same phrase with another result and more support.
    Conflict(String),
    /// Its example does not hold (`got` is what the engine gave).
    ExampleFails(String),
    /// The phrase spans a line break.
    SpansLines,
    /// The rendered rule does not load (a message).
    Invalid(String),
}

impl std::fmt::Display for DropReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DropReason::AlreadyProduced => f.write_str("the loaded dictionaries already do this"),
            DropReason::ChangesFixedText(at, before, after) => write!(
                f,
                "it would also change the fixed text at {at}: `{before}` -> `{after}`"
            ),
            DropReason::Conflict(other) => {
                write!(f, "it conflicts with a better-supported candidate: {other}")
            }
            DropReason::ExampleFails(got) => write!(f, "its example does not hold (got `{got}`)"),
            DropReason::SpansLines => f.write_str("the phrase would span a line break"),
            DropReason::Invalid(msg) => write!(f, "the rule does not load: {msg}"),
        }
    }
}

/// A dropped candidate and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    /// The candidate.
    pub candidate: Candidate,
    /// Why it was dropped.
    pub reason: DropReason,
}

/// What [`learn`] found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Learned {
    /// Candidates to review, by kind (names, substitutions, boilerplate), then by support.
    pub candidates: Vec<Candidate>,
    /// Candidates dropped, with the reason.
    pub dropped: Vec<Dropped>,
    /// The pairs' names.
    pub pairs: Vec<String>,
    /// For each pair, the share of the fixed text's words that the alignment found in the
    /// garbled text: a low share means the two files are not the same article.
    pub aligned: Vec<f64>,
}

/// Learns candidate rules from `pairs`. `current` holds the rules of the dictionaries
/// already loaded: their names count as known, and changes they already make are dropped.
pub fn learn(pairs: &[Pair], current: &[Rule]) -> Learned {
    let known = KnownNames::of(current);
    let mut raw: Vec<Candidate> = Vec::new();
    let mut dropped: Vec<Dropped> = Vec::new();
    let mut fixed_texts: Vec<(String, String)> = Vec::new();
    let mut aligned = Vec::new();
    for pair in pairs {
        let garbled = normalize(&pair.garbled);
        let fixed = normalize(&pair.fixed);
        aligned.push(extract(
            &pair.name,
            &garbled,
            &fixed,
            &known,
            &mut raw,
            &mut dropped,
        ));
        fixed_texts.push((pair.name.clone(), fixed));
    }
    let merged = merge(raw);
    let mut kept = resolve_conflicts(merged, &mut dropped);
    kept = check_each(kept, current, &mut dropped);
    kept = check_together(kept, &fixed_texts, &mut dropped);
    kept.sort_by_key(|c| {
        let kind = Kind::ALL
            .iter()
            .position(|&k| k == c.proposal.kind())
            .unwrap_or(0);
        (kind, std::cmp::Reverse(c.support))
    });
    Learned {
        candidates: kept,
        dropped,
        pairs: pairs.iter().map(|p| p.name.clone()).collect(),
        aligned,
    }
}

// --- normalizing and tokens -----------------------------------------------------------

/// BOM dropped, CRLF and CR → LF, every other space character → a plain space.
fn normalize(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .map(|c| {
            if c != '\n' && (c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// A normalized text and its tokens (byte ranges).
struct Doc {
    text: String,
    toks: Vec<Range<usize>>,
}

impl Doc {
    fn new(text: &str) -> Doc {
        Doc {
            text: text.to_string(),
            toks: tokenize(text),
        }
    }

    fn tok(&self, i: usize) -> &str {
        &self.text[self.toks[i].clone()]
    }

    /// The text between token `i - 1` and token `i` (from the start for `i == 0`, to the end
    /// for `i == len`).
    fn gap(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.toks[i - 1].end };
        let end = if i == self.toks.len() {
            self.text.len()
        } else {
            self.toks[i].start
        };
        &self.text[start..end]
    }

    /// Byte span of tokens `r` (empty ranges sit at the start of token `r.start`).
    fn span(&self, r: &Range<usize>) -> Range<usize> {
        if r.is_empty() {
            let at = if r.start < self.toks.len() {
                self.toks[r.start].start
            } else {
                self.text.len()
            };
            return at..at;
        }
        self.toks[r.start].start..self.toks[r.end - 1].end
    }

    /// The text of tokens `r` with white space runs collapsed to one space.
    fn text_of(&self, r: &Range<usize>) -> String {
        collapse(&self.text[self.span(r)])
    }

    fn is_word(&self, i: usize) -> bool {
        self.tok(i).chars().next().is_some_and(is_word_char)
    }

    fn is_capitalized(&self, i: usize) -> bool {
        self.tok(i).chars().next().is_some_and(char::is_uppercase)
    }

    fn line_of(&self, byte: usize) -> usize {
        self.text[..byte].matches('\n').count() + 1
    }
}

fn collapse(s: &str) -> String {
    s.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn tokenize(text: &str) -> Vec<Range<usize>> {
    let mut toks = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                let joins = (d == '-' || d == '\u{2011}')
                    && chars.get(j + 1).is_some_and(|&(_, e)| is_word_char(e));
                if is_word_char(d) {
                    j += 1;
                } else if joins {
                    j += 2;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
            toks.push(at..end);
            i = j;
        } else {
            toks.push(at..at + c.len_utf8());
            i += 1;
        }
    }
    toks
}

// --- alignment -------------------------------------------------------------------------

/// A run of equal tokens, or a change (`equal == false`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Seg {
    equal: bool,
    g: Range<usize>,
    f: Range<usize>,
}

fn align(g: &Doc, f: &Doc) -> Vec<Seg> {
    let gs: Vec<&str> = (0..g.toks.len()).map(|i| g.tok(i)).collect();
    let fs: Vec<&str> = (0..f.toks.len()).map(|i| f.tok(i)).collect();
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_slices(&gs, &fs);
    let mut segs: Vec<Seg> = Vec::new();
    for op in diff.ops() {
        let (tag, gr, fr) = op.as_tag_tuple();
        let equal = tag == similar::DiffTag::Equal;
        match segs.last_mut() {
            Some(last) if !last.equal && !equal => {
                last.g.end = gr.end;
                last.f.end = fr.end;
            }
            _ => segs.push(Seg {
                equal,
                g: gr,
                f: fr,
            }),
        }
    }
    segs
}

/// Splits a change that holds a reordered name next to other words (`Kang song like` →
/// `Song Kang as`) into the name and the rest, so each becomes its own candidate. The
/// name part is a run of two or more capitalized words at either end of the fixed side,
/// whose words the garbled side has at the same end in another order or case.
fn split_names(g: &Doc, f: &Doc, segs: Vec<Seg>) -> Vec<Seg> {
    let mut out = Vec::with_capacity(segs.len());
    let mut i = 0;
    while i < segs.len() {
        if segs[i].equal {
            out.push(segs[i].clone());
            i += 1;
            continue;
        }
        // A diff often keeps one word of a swapped name equal (`Kang`), leaving a change on
        // each side of it: try the three together first.
        if i + 2 < segs.len() && segs[i + 1].equal && segs[i + 1].g.len() <= 3 {
            let joined = Seg {
                equal: false,
                g: segs[i].g.start..segs[i + 2].g.end,
                f: segs[i].f.start..segs[i + 2].f.end,
            };
            let one_line = |d: &Doc, r: &Range<usize>| !d.text[d.span(r)].contains('\n');
            if one_line(g, &joined.g) && one_line(f, &joined.f) {
                let reordered = split_name(g, f, &joined).filter(|[name, _]| {
                    let lower = |d: &Doc, r: &Range<usize>| d.text_of(r).to_lowercase();
                    lower(g, &name.g) != lower(f, &name.f)
                });
                if let Some(parts) = reordered {
                    out.extend(parts);
                    i += 3;
                    continue;
                }
            }
        }
        match split_name(g, f, &segs[i]) {
            Some(parts) => out.extend(parts),
            None => out.push(segs[i].clone()),
        }
        i += 1;
    }
    out
}

fn split_name(g: &Doc, f: &Doc, seg: &Seg) -> Option<[Seg; 2]> {
    let fixed: Vec<usize> = seg.f.clone().collect();
    let garbled: Vec<usize> = seg.g.clone().collect();
    let cap = |i: &usize| f.is_word(*i) && f.is_capitalized(*i);
    let same_words = |gi: &[usize], fi: &[usize]| {
        let mut a: Vec<String> = gi.iter().map(|&i| g.tok(i).to_lowercase()).collect();
        let mut b: Vec<String> = fi.iter().map(|&i| f.tok(i).to_lowercase()).collect();
        a.sort();
        b.sort();
        a == b
    };
    let (gl, fl) = (garbled.len(), fixed.len());
    let k = fixed.iter().take_while(|i| cap(i)).count();
    if k >= 2 && k < fl && gl > k && same_words(&garbled[..k], &fixed[..k]) {
        return Some([
            Seg {
                equal: false,
                g: seg.g.start..seg.g.start + k,
                f: seg.f.start..seg.f.start + k,
            },
            Seg {
                equal: false,
                g: seg.g.start + k..seg.g.end,
                f: seg.f.start + k..seg.f.end,
            },
        ]);
    }
    let k = fixed.iter().rev().take_while(|i| cap(i)).count();
    if k >= 2 && k < fl && gl > k && same_words(&garbled[gl - k..], &fixed[fl - k..]) {
        return Some([
            Seg {
                equal: false,
                g: seg.g.start..seg.g.end - k,
                f: seg.f.start..seg.f.end - k,
            },
            Seg {
                equal: false,
                g: seg.g.end - k..seg.g.end,
                f: seg.f.end - k..seg.f.end,
            },
        ]);
    }
    None
}

/// A span aligned on both sides: `g` and `f` token ranges whose ends are alignment points.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Region {
    g: Range<usize>,
    f: Range<usize>,
}

/// What lies beside a region boundary.
enum Beside {
    /// An equal token (its index on the fixed side).
    Equal(usize),
    /// A change segment.
    Change(usize),
}

struct Aligned<'a> {
    g: &'a Doc,
    f: &'a Doc,
    segs: &'a [Seg],
}

impl Aligned<'_> {
    fn right(&self, r: &Region) -> Option<Beside> {
        for (k, s) in self.segs.iter().enumerate() {
            if s.equal {
                if s.g.start <= r.g.end
                    && r.g.end < s.g.end
                    && r.f.end - s.f.start == r.g.end - s.g.start
                {
                    return Some(Beside::Equal(r.f.end));
                }
            } else if s.g.start == r.g.end && s.f.start == r.f.end {
                return Some(Beside::Change(k));
            }
        }
        None
    }

    fn left(&self, r: &Region) -> Option<Beside> {
        for (k, s) in self.segs.iter().enumerate() {
            if s.equal {
                if s.g.start < r.g.start
                    && r.g.start <= s.g.end
                    && r.f.start - s.f.start == r.g.start - s.g.start
                {
                    return Some(Beside::Equal(r.f.start - 1));
                }
            } else if s.g.end == r.g.start && s.f.end == r.f.start {
                return Some(Beside::Change(k));
            }
        }
        None
    }

    fn take_right(&self, r: &mut Region, what: &Beside) {
        match *what {
            Beside::Equal(_) => {
                r.g.end += 1;
                r.f.end += 1;
            }
            Beside::Change(k) => {
                r.g.end = self.segs[k].g.end;
                r.f.end = self.segs[k].f.end;
            }
        }
    }

    fn take_left(&self, r: &mut Region, what: &Beside) {
        match *what {
            Beside::Equal(_) => {
                r.g.start -= 1;
                r.f.start -= 1;
            }
            Beside::Change(k) => {
                r.g.start = self.segs[k].g.start;
                r.f.start = self.segs[k].f.start;
            }
        }
    }

    /// True when the change segment `k` is one line on each side and its fixed side is empty
    /// or name-like words.
    fn change_is_namelike(&self, k: usize) -> bool {
        let s = &self.segs[k];
        let f_ok = s.f.clone().all(|i| {
            (self.f.is_word(i) && self.f.is_capitalized(i)) || is_apostrophe(self.f.tok(i))
        });
        let one_line = |d: &Doc, r: &Range<usize>| !d.text[d.span(r)].contains('\n');
        f_ok && one_line(self.g, &s.g) && one_line(self.f, &s.f)
    }
}

fn is_apostrophe(t: &str) -> bool {
    matches!(t, "'" | "\u{2019}")
}

fn is_open_quote(t: &str) -> bool {
    matches!(t, "\u{201C}" | "\"")
}

fn is_close_quote(t: &str) -> bool {
    matches!(t, "\u{201D}" | "\"")
}

/// Lower-case words allowed inside a title (`Crash Landing on You`).
const TITLE_SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "on", "in", "to", "for", "and", "or", "at", "by", "with", "from", "as",
    "but", "nor", "vs",
];

// --- known names -------------------------------------------------------------------------

struct KnownNames {
    /// View form of a canonical name → (category, `file:line`).
    canonical: HashMap<Vec<u8>, (NameCategory, String)>,
}

impl KnownNames {
    fn of(rules: &[Rule]) -> KnownNames {
        let mut canonical = HashMap::new();
        for r in rules {
            if let Action::Name {
                canonical: c,
                category,
                ..
            } = &r.action
            {
                canonical
                    .entry(phrase_view(c))
                    .or_insert((*category, format!("{}:{}", r.origin.file, r.origin.line)));
            }
        }
        KnownNames { canonical }
    }

    fn get(&self, name: &str) -> Option<&(NameCategory, String)> {
        self.canonical.get(&phrase_view(name))
    }
}

// --- extraction ------------------------------------------------------------------------

/// Adds the candidates of one pair to `out`; returns the share of the fixed words aligned.
fn extract(
    pair: &str,
    garbled: &str,
    fixed: &str,
    known: &KnownNames,
    out: &mut Vec<Candidate>,
    dropped: &mut Vec<Dropped>,
) -> f64 {
    let f = Doc::new(fixed);
    let mut g = Doc::new(garbled);
    if let Some((cut_at, candidate)) = trailing_furniture(pair, &g, &f) {
        out.push(candidate);
        g = Doc::new(&garbled[..cut_at]);
    }
    let segs = split_names(&g, &f, align(&g, &f));
    let equal: usize = segs.iter().filter(|s| s.equal).map(|s| s.f.len()).sum();
    let share = if f.toks.is_empty() {
        1.0
    } else {
        equal as f64 / f.toks.len() as f64
    };
    let aligned = Aligned {
        g: &g,
        f: &f,
        segs: &segs,
    };
    // Furniture first, then names, then everything else: substitutions take their context
    // around names, never from inside them.
    let mut furniture: Vec<usize> = Vec::new();
    for (k, seg) in segs.iter().enumerate() {
        if seg.equal {
            continue;
        }
        if k == 0 && seg.f.is_empty() && seg.g.start == 0 {
            if let Some(c) = leading_stamp(pair, &g, &f, seg) {
                out.push(c);
                furniture.push(k);
                continue;
            }
        }
        if seg.f.is_empty() {
            if let Some(lines) = whole_lines(&g, &seg.g) {
                out.extend(remove_lines(pair, &f, seg, lines));
                furniture.push(k);
            }
        }
    }
    let mut regions: Vec<(Region, Option<NameInfo>)> = Vec::new();
    for (k, seg) in segs.iter().enumerate() {
        if seg.equal || furniture.contains(&k) || regions.iter().any(|(r, _)| covers(r, seg)) {
            continue;
        }
        let region = Region {
            g: seg.g.clone(),
            f: seg.f.clone(),
        };
        if let Some((r, info)) = name_region(&aligned, &region, known) {
            push_region(&mut regions, r, Some(info));
        }
    }
    let names: Vec<Region> = regions.iter().map(|(r, _)| r.clone()).collect();
    for (k, seg) in segs.iter().enumerate() {
        if seg.equal || furniture.contains(&k) || regions.iter().any(|(r, _)| covers(r, seg)) {
            continue;
        }
        let region = Region {
            g: seg.g.clone(),
            f: seg.f.clone(),
        };
        let r = substitution_region(&aligned, region, &names);
        push_region(&mut regions, r, None);
    }
    regions.sort_by_key(|(r, _)| r.g.start);
    for (region, name) in regions {
        let candidate = match name {
            Some(info) => name_candidate(pair, &g, &f, &region, info, known),
            None => substitution_candidate(pair, &g, &f, &region),
        };
        match candidate {
            Ok(c) => out.push(c),
            Err(d) => dropped.push(*d),
        }
    }
    share
}

fn covers(r: &Region, s: &Seg) -> bool {
    r.g.start <= s.g.start && s.g.end <= r.g.end && r.f.start <= s.f.start && s.f.end <= r.f.end
}

/// Adds a region, merging it with earlier ones it overlaps (the union is a substitution).
fn push_region(
    regions: &mut Vec<(Region, Option<NameInfo>)>,
    mut r: Region,
    mut name: Option<NameInfo>,
) {
    while let Some(at) = regions.iter().position(|(o, _)| {
        o.g.start < r.g.end && r.g.start < o.g.end || o.f.start < r.f.end && r.f.start < o.f.end
    }) {
        let (o, _) = regions.remove(at);
        r = Region {
            g: o.g.start.min(r.g.start)..o.g.end.max(r.g.end),
            f: o.f.start.min(r.f.start)..o.f.end.max(r.f.end),
        };
        name = None;
    }
    regions.push((r, name));
}

/// Whole lines at the end of the garbled text that the fixed text does not have: the byte
/// offset where the garbled text should end, and a `cut_from` candidate.
///
/// Lines are compared with their white space collapsed. When both texts end in a block of
/// differing lines, the fixed block's lines are taken to be the first lines of the garbled
/// block (changed, say `Look now` for `Watch Now`) and the garbled lines beyond them are the
/// furniture.
fn trailing_furniture(pair: &str, g: &Doc, f: &Doc) -> Option<(usize, Candidate)> {
    let lines = |d: &Doc| -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        let mut at = 0;
        for line in d.text.split('\n') {
            let c = collapse(line);
            if !c.is_empty() {
                out.push((at..at + line.len(), c));
            }
            at += line.len() + 1;
        }
        out
    };
    let gl = lines(g);
    let fl = lines(f);
    let gs: Vec<&str> = gl.iter().map(|(_, l)| l.as_str()).collect();
    let fs: Vec<&str> = fl.iter().map(|(_, l)| l.as_str()).collect();
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_slices(&gs, &fs);
    // The block of differing lines at the very end, if any.
    let mut g_from = gs.len();
    let mut f_from = fs.len();
    for op in diff.ops().iter().rev() {
        let (tag, gr, fr) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            break;
        }
        g_from = gr.start;
        f_from = fr.start;
    }
    let kept = g_from + (fs.len() - f_from);
    if kept >= gs.len() || kept == 0 {
        return None;
    }
    let cut_at = gl[kept - 1].0.end;
    let marker_range = gl[kept].0.clone();
    let marker = gl[kept].1.clone();
    let fixed_last = f.text[fl.last()?.0.clone()].to_string();
    let shown: Vec<&str> = gl[kept..].iter().take(3).map(|(_, l)| l.as_str()).collect();
    let input = format!("{fixed_last}\n\n{}", shown.join("\n"));
    Some((
        cut_at,
        Candidate {
            proposal: Proposal::CutFrom {
                marker: marker.clone(),
            },
            support: 1,
            seen: vec![Sighting {
                pair: pair.to_string(),
                line: g.line_of(marker_range.start),
                sentence: marker,
            }],
            line_checks: vec![(input.clone(), fixed_last.clone())],
            examples: vec![(input, fixed_last)],
        },
    ))
}

/// A deletion at the very start of the document, on its first line: a `strip_prefix`.
fn leading_stamp(pair: &str, g: &Doc, f: &Doc, seg: &Seg) -> Option<Candidate> {
    let end = if seg.g.end < g.toks.len() {
        g.toks[seg.g.end].start
    } else {
        return None;
    };
    let stamp = &g.text[..end];
    if stamp.contains('\n') || f.toks.is_empty() {
        return None;
    }
    let pattern = stamp_pattern(stamp);
    let output = f.text.lines().next().unwrap_or("").to_string();
    let input = format!("{stamp}{output}");
    Some(Candidate {
        proposal: Proposal::StripPrefix { pattern },
        support: 1,
        seen: vec![Sighting {
            pair: pair.to_string(),
            line: 1,
            sentence: collapse(stamp),
        }],
        line_checks: vec![(input.clone(), output.clone())],
        examples: vec![(input, output)],
    })
}

/// A literal stamp as a pattern: white space → `\s+` (`\s*` at the start), digit runs →
/// `\d{n}`, everything else escaped.
fn stamp_pattern(stamp: &str) -> String {
    let mut out = String::from("^");
    let chars: Vec<char> = stamp.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut j = i + 1;
        if c.is_whitespace() {
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            out.push_str(if i == 0 { r"\s*" } else { r"\s+" });
        } else if c.is_ascii_digit() {
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            out.push_str(&format!(r"\d{{{}}}", j - i));
        } else {
            if r"\.+*?()|[]{}^$".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        i = j;
    }
    if !out.starts_with(r"^\s*") {
        out.insert_str(1, r"\s*");
    }
    out
}

/// The lines a deletion covers when it covers whole lines.
fn whole_lines(g: &Doc, r: &Range<usize>) -> Option<Vec<(usize, String)>> {
    if r.is_empty() {
        return None;
    }
    let span = g.span(r);
    let before = &g.text[..span.start];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let after = &g.text[span.end..];
    let line_end = span.end + after.find('\n').unwrap_or(after.len());
    if !g.text[line_start..span.start].trim().is_empty()
        || !g.text[span.end..line_end].trim().is_empty()
    {
        return None;
    }
    let first = g.line_of(line_start);
    Some(
        g.text[line_start..line_end]
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(k, l)| (first + k, collapse(l.trim())))
            .collect(),
    )
}

fn remove_lines(pair: &str, f: &Doc, seg: &Seg, lines: Vec<(usize, String)>) -> Vec<Candidate> {
    // The fixed lines around the removal, for the example.
    let at = f.span(&(seg.f.start..seg.f.start)).start;
    let before = f.text[..at].trim_end_matches(' ');
    let prev = before
        .trim_end_matches('\n')
        .rsplit('\n')
        .next()
        .unwrap_or("");
    let next = f.text[at..].split('\n').next().unwrap_or("");
    lines
        .into_iter()
        .map(|(line, text)| {
            let input = format!("{prev}\n{text}\n{next}");
            let output = format!("{prev}\n{next}");
            Candidate {
                proposal: Proposal::RemoveLine { line: text.clone() },
                support: 1,
                seen: vec![Sighting {
                    pair: pair.to_string(),
                    line,
                    sentence: text,
                }],
                line_checks: vec![(input.clone(), output.clone())],
                examples: vec![(input, output)],
            }
        })
        .collect()
}

/// How a name region was found.
#[derive(Clone, Debug, PartialEq, Eq)]
struct NameInfo {
    category: NameCategory,
}

/// Grows a change whose fixed side is a capitalized word into the name around it.
fn name_region(a: &Aligned<'_>, start: &Region, known: &KnownNames) -> Option<(Region, NameInfo)> {
    let f = a.f;
    let has_capital = start.f.clone().any(|i| f.is_word(i) && f.is_capitalized(i));
    if !has_capital {
        return None;
    }
    if let Some(r) = title_region(a, start) {
        return Some((
            r,
            NameInfo {
                category: NameCategory::Title,
            },
        ));
    }
    // Every word on the fixed side of the change must look like part of a name.
    let seg_ok = start
        .f
        .clone()
        .all(|i| (f.is_word(i) && f.is_capitalized(i)) || is_apostrophe(f.tok(i)));
    if !seg_ok {
        return None;
    }
    let mut r = start.clone();
    // Right: capitalized words one space apart; `Girls’ Generation`.
    loop {
        match a.right(&r) {
            Some(Beside::Change(k)) if a.segs[k].f.is_empty() || a.change_is_namelike(k) => {
                a.take_right(&mut r, &Beside::Change(k));
            }
            Some(Beside::Equal(i)) if r.f.end > 0 => {
                let gap = f.gap(i);
                let word = f.is_word(i) && f.is_capitalized(i) && gap == " ";
                let apostrophe = is_apostrophe(f.tok(i))
                    && gap.is_empty()
                    && f.tok(i - 1).ends_with(['s', 'S'])
                    && i + 1 < f.toks.len()
                    && f.gap(i + 1) == " "
                    && f.is_word(i + 1)
                    && f.is_capitalized(i + 1);
                if word || apostrophe {
                    a.take_right(&mut r, &Beside::Equal(i));
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    // Left: the same, but not a common word that starts a sentence (`When Song Kang`).
    loop {
        match a.left(&r) {
            Some(Beside::Change(k)) if a.segs[k].f.is_empty() || a.change_is_namelike(k) => {
                a.take_left(&mut r, &Beside::Change(k));
            }
            Some(Beside::Equal(i)) => {
                let gap_after = f.gap(i + 1);
                let starts_sentence = i == 0
                    || f.gap(i).contains('\n')
                    || matches!(f.tok(i - 1), "." | "!" | "?" | ":" | "\u{201C}" | "\"");
                let ok = f.is_word(i)
                    && f.is_capitalized(i)
                    && gap_after == " "
                    && !(starts_sentence && names::is_common_english(f.tok(i)));
                if ok {
                    a.take_left(&mut r, &Beside::Equal(i));
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    let canonical = f.text_of(&r.f);
    let words = r.f.clone().filter(|&i| f.is_word(i)).count();
    let garbled = &a.g.text[a.g.span(&r.g)];
    if words < 2 || canonical.contains('\n') || garbled.contains('\n') {
        return None;
    }
    // A run of ordinary words is a name only when the garbled side is capitalized too and
    // differs by more than case (`Women’ Generation` → `Girls’ Generation`), so a line like
    // `Look now` → `Watch Now` stays a guarded substitution.
    let garbled_capitalized =
        r.g.clone()
            .filter(|&i| a.g.is_word(i))
            .all(|i| a.g.is_capitalized(i));
    let category = match known.get(&canonical) {
        Some((category, _)) => *category,
        None if names::is_distinctive(&canonical) => NameCategory::Person,
        None if garbled_capitalized && phrase_view(garbled) != phrase_view(&canonical) => {
            NameCategory::Person
        }
        None => return None,
    };
    Some((r, NameInfo { category }))
}

/// A change inside a quoted, title-cased span: the region of the whole span.
fn title_region(a: &Aligned<'_>, start: &Region) -> Option<Region> {
    let f = a.f;
    if start.f.is_empty() {
        return None;
    }
    const REACH: usize = 14;
    let mut open = None;
    let mut i = start.f.start;
    while i > 0 && start.f.start - i < REACH {
        i -= 1;
        let t = f.tok(i);
        if f.gap(i + 1).contains('\n') {
            return None;
        }
        if is_open_quote(t) {
            open = Some(i);
            break;
        }
        if is_close_quote(t) {
            return None;
        }
    }
    let open = open?;
    let mut close = None;
    let mut j = start.f.end;
    while j < f.toks.len() && j - start.f.end < REACH {
        if f.gap(j).contains('\n') {
            return None;
        }
        if is_close_quote(f.tok(j)) {
            close = Some(j);
            break;
        }
        j += 1;
    }
    let close = close?;
    // The title: the words inside, without trailing punctuation (`“Run On,”`).
    let mut end = close;
    while end > open + 1 && matches!(f.tok(end - 1), "," | "." | "!" | "?") {
        end -= 1;
    }
    let inner = open + 1..end;
    let words: Vec<usize> = inner.clone().filter(|&k| f.is_word(k)).collect();
    if words.len() < 2 || start.f.start < inner.start || start.f.end > inner.end {
        return None;
    }
    let title_cased = f.is_capitalized(words[0])
        && words
            .iter()
            .all(|&k| f.is_capitalized(k) || TITLE_SMALL_WORDS.contains(&f.tok(k)))
        && inner
            .clone()
            .all(|k| f.is_word(k) || is_apostrophe(f.tok(k)) || f.tok(k) == ",");
    if !title_cased {
        return None;
    }
    // Grow the change to exactly the inner span.
    let mut r = start.clone();
    while r.f.start > inner.start {
        let beside = a.left(&r)?;
        a.take_left(&mut r, &beside);
    }
    while r.f.end < inner.end {
        let beside = a.right(&r)?;
        a.take_right(&mut r, &beside);
    }
    (r.f == inner).then_some(r)
}

/// How many words a change may have and still need context, when all are common.
const CONTEXT_MAX_WORDS: usize = 3;

/// Gives a change of common words one word of context on each side.
fn substitution_region(a: &Aligned<'_>, start: Region, names: &[Region]) -> Region {
    // Context never reaches into a name: its rule claims those words.
    let in_name = |g_tok: usize| names.iter().any(|n| n.g.contains(&g_tok));
    let change_in_name = |k: usize| {
        let s = &a.segs[k];
        names.iter().any(|n| {
            n.g.start <= s.g.start
                && s.g.end <= n.g.end
                && n.f.start <= s.f.start
                && s.f.end <= n.f.end
        })
    };
    let g = a.g;
    let needs_context = is_ordinary(&g.text_of(&start.g));
    let mut r = start;
    if !needs_context {
        return r;
    }
    // Right.
    let mut took_comma = false;
    loop {
        match a.right(&r) {
            Some(Beside::Change(k)) if change_in_name(k) => break,
            Some(Beside::Change(k)) => a.take_right(&mut r, &Beside::Change(k)),
            Some(Beside::Equal(i)) => {
                let f = a.f;
                if f.gap(i).contains('\n') || in_name(r.g.end) {
                    break;
                }
                let t = f.tok(i);
                if f.is_word(i) {
                    a.take_right(&mut r, &Beside::Equal(i));
                    break;
                } else if (matches!(t, "," | ";" | ":") || is_apostrophe(t)) && !took_comma {
                    took_comma = true;
                    a.take_right(&mut r, &Beside::Equal(i));
                } else if matches!(t, "." | "!" | "?") && f.gap(i).is_empty() && r.f.end > 0 {
                    a.take_right(&mut r, &Beside::Equal(i));
                    break;
                } else {
                    break;
                }
            }
            None => break,
        }
    }
    // Left.
    let mut took_comma = false;
    loop {
        match a.left(&r) {
            Some(Beside::Change(k)) if change_in_name(k) => break,
            Some(Beside::Change(k)) => a.take_left(&mut r, &Beside::Change(k)),
            Some(Beside::Equal(i)) => {
                let f = a.f;
                if f.gap(i + 1).contains('\n') || r.g.start == 0 || in_name(r.g.start - 1) {
                    break;
                }
                let t = f.tok(i);
                if f.is_word(i) {
                    a.take_left(&mut r, &Beside::Equal(i));
                    break;
                } else if matches!(t, "," | ";" | ":") && !took_comma {
                    took_comma = true;
                    a.take_left(&mut r, &Beside::Equal(i));
                } else {
                    break;
                }
            }
            None => break,
        }
    }
    // A comma taken without the word beyond it is no context: give it back.
    while r.f.end > r.f.start && matches!(a.f.tok(r.f.end - 1), "," | ";" | ":") {
        if r.g.end == 0 || !matches!(g.tok(r.g.end - 1), "," | ";" | ":") {
            break;
        }
        r.f.end -= 1;
        r.g.end -= 1;
    }
    while r.f.start < r.f.end && matches!(a.f.tok(r.f.start), "," | ";" | ":") {
        if r.g.start >= g.toks.len() || !matches!(g.tok(r.g.start), "," | ";" | ":") {
            break;
        }
        r.f.start += 1;
        r.g.start += 1;
    }
    r
}

/// Words as written (white-space separated, with letters or digits).
fn chunks(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect()
}

/// Whether a word as written is ordinary English: a common word, a number, a contraction
/// of one (`doesn’t`, `it’s`), or common words joined by hyphens.
fn is_common_chunk(chunk: &str) -> bool {
    let w = chunk
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
        .replace('\u{2019}', "'");
    if w.is_empty() || matches!(w.as_str(), "won't" | "can't" | "shan't") {
        return true;
    }
    let stem = match w.strip_suffix("n't") {
        Some(stem) => stem,
        None => w.split('\'').next().unwrap_or(&w),
    };
    stem.split('-').all(|p| {
        p.is_empty() || names::is_common_english(p) || p.chars().all(|c| c.is_ascii_digit())
    })
}

/// A phrase of at most [`CONTEXT_MAX_WORDS`] ordinary English words (or none at all):
/// too common to be a rule without context.
fn is_ordinary(text: &str) -> bool {
    let words = chunks(text);
    words.len() <= CONTEXT_MAX_WORDS && words.iter().all(|w| is_common_chunk(w))
}

/// Whether garbled tokens `r` fill their line.
fn fills_line(d: &Doc, r: &Range<usize>) -> bool {
    !r.is_empty()
        && (r.start == 0 || d.gap(r.start).contains('\n'))
        && (r.end == d.toks.len() || d.gap(r.end).contains('\n'))
}

/// The sentence around bytes `span` of `text`: from after the previous `. `, `! ` or `? `
/// (closing quotes allowed between) on the same line, to the next one; at most about 240
/// bytes, cut at spaces.
fn sentence_around(text: &str, span: Range<usize>) -> Range<usize> {
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[span.end..]
        .find('\n')
        .map_or(text.len(), |i| span.end + i);
    let is_end = |c: char| matches!(c, '.' | '!' | '?');
    let is_closer = |c: char| matches!(c, '"' | '\u{201D}' | '\u{2019}' | ')' | ']');
    // Start: after the last sentence end before the span.
    let mut start = line_start;
    let before = &text[line_start..span.start];
    let chars: Vec<(usize, char)> = before.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        if !is_end(c) {
            continue;
        }
        let mut m = k + 1;
        while m < chars.len() && is_closer(chars[m].1) {
            m += 1;
        }
        if m < chars.len() && chars[m].1 == ' ' {
            start = line_start + chars[m].0 + 1;
        }
        let _ = at;
    }
    // End: the first sentence end after the span.
    let mut end = line_end;
    let after = &text[span.end..line_end];
    let chars: Vec<(usize, char)> = after.char_indices().collect();
    for (k, &(_, c)) in chars.iter().enumerate() {
        if !is_end(c) {
            continue;
        }
        let mut m = k + 1;
        while m < chars.len() && is_closer(chars[m].1) {
            m += 1;
        }
        if m == chars.len() || chars[m].1 == ' ' {
            end = span.end + chars.get(m).map_or(after.len(), |&(b, _)| b);
            break;
        }
    }
    const WINDOW: usize = 110;
    if span.start - start > WINDOW {
        let from = floor_char(text, span.start - WINDOW);
        start = text[from..span.start]
            .find(' ')
            .map_or(start, |i| from + i + 1);
    }
    if end - span.end > WINDOW {
        let to = floor_char(text, span.end + WINDOW);
        end = text[span.end..to].rfind(' ').map_or(end, |i| span.end + i);
    }
    start..end
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The example for a region: the fixed sentence, and the same with only this change garbled.
/// The whole fixed line, and the same with only this change garbled.
fn region_line(g: &Doc, f: &Doc, r: &Region) -> (String, String) {
    let fs = f.span(&r.f);
    let gs = g.span(&r.g);
    let ls = f.text[..fs.start].rfind('\n').map_or(0, |i| i + 1);
    let le = f.text[fs.end..]
        .find('\n')
        .map_or(f.text.len(), |i| fs.end + i);
    let input = format!(
        "{}{}{}",
        &f.text[ls..fs.start],
        &g.text[gs],
        &f.text[fs.end..le]
    );
    (input, f.text[ls..le].to_string())
}

fn region_example(g: &Doc, f: &Doc, r: &Region) -> (String, String) {
    let fs = f.span(&r.f);
    let gs = g.span(&r.g);
    let sentence = if fills_line(f, &r.f) || r.f.is_empty() && fills_line(g, &r.g) {
        let ls = f.text[..fs.start].rfind('\n').map_or(0, |i| i + 1);
        let le = f.text[fs.end..]
            .find('\n')
            .map_or(f.text.len(), |i| fs.end + i);
        ls..le
    } else {
        sentence_around(&f.text, fs.clone())
    };
    let output = f.text[sentence.clone()].to_string();
    let input = format!(
        "{}{}{}",
        &f.text[sentence.start..fs.start],
        &g.text[gs],
        &f.text[fs.end..sentence.end]
    );
    (input, output)
}

fn sighting(pair: &str, g: &Doc, r: &Region) -> Sighting {
    let gs = g.span(&r.g);
    let sentence = sentence_around(&g.text, gs.clone());
    Sighting {
        pair: pair.to_string(),
        line: g.line_of(gs.start),
        sentence: g.text[sentence].trim().to_string(),
    }
}

/// A candidate, or the candidate dropped at birth.
type Built = Result<Candidate, Box<Dropped>>;

fn substitution_candidate(pair: &str, g: &Doc, f: &Doc, r: &Region) -> Built {
    let find = g.text_of(&r.g);
    let fixed = f.text_of(&r.f);
    let short = is_ordinary(&find);
    let whole_line = short && fills_line(g, &r.g);
    // House style: replacements in lower case, the engine restores the match's case shape
    // (but `I` stays `I`).
    let shape = shape_of(&find);
    let mut written = fixed.clone();
    let first_word = fixed.split([' ', '\'', '\u{2019}']).next().unwrap_or("");
    if shape == Shape::Capitalized
        && fixed.chars().next().is_some_and(char::is_uppercase)
        && first_word != "I"
    {
        let mut chars = fixed.chars();
        let first = chars.next().expect("checked non-empty");
        written = first.to_lowercase().chain(chars).collect();
    }
    let verbatim = apply_shape(&written, shape) != fixed;
    if verbatim {
        written = fixed.clone();
    }
    // Ordinary words even with their context, and no telling punctuation (`Minimize!`,
    // `After all, CEO`): probably also good English somewhere.
    let weak = short && !whole_line && !find.contains(['!', '?', ',']);
    let candidate = Candidate {
        proposal: Proposal::Substitution {
            find: find.clone(),
            replace: written,
            verbatim,
            whole_line,
            weak,
        },
        support: 1,
        seen: vec![sighting(pair, g, r)],
        examples: vec![region_example(g, f, r)],
        line_checks: vec![region_line(g, f, r)],
    };
    if find.is_empty() {
        return Err(Box::new(Dropped {
            candidate,
            reason: DropReason::Invalid("nothing to find".into()),
        }));
    }
    if find.contains('\n') || fixed.contains('\n') {
        return Err(Box::new(Dropped {
            candidate,
            reason: DropReason::SpansLines,
        }));
    }
    Ok(candidate)
}

fn name_candidate(
    pair: &str,
    g: &Doc,
    f: &Doc,
    r: &Region,
    info: NameInfo,
    known: &KnownNames,
) -> Built {
    let canonical = f.text_of(&r.f);
    let garbled = g.text_of(&r.g);
    let mut variants = Vec::new();
    let generated = names::generated(&canonical, info.category);
    if phrase_view(&garbled) != phrase_view(&canonical) && !generated.contains(&garbled) {
        variants.push(garbled);
    }
    Ok(Candidate {
        proposal: Proposal::Name {
            known_at: known.get(&canonical).map(|(_, at)| at.clone()),
            canonical,
            category: info.category,
            variants,
        },
        support: 1,
        seen: vec![sighting(pair, g, r)],
        examples: vec![region_example(g, f, r)],
        line_checks: vec![region_line(g, f, r)],
    })
}

// --- merging and checking ----------------------------------------------------------------

fn merge(raw: Vec<Candidate>) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for c in raw {
        let key = c.proposal.key();
        let Some(&at) = index.get(&key) else {
            index.insert(key, out.len());
            out.push(c);
            continue;
        };
        let into = &mut out[at];
        into.support += c.support;
        into.seen.extend(c.seen);
        into.line_checks.extend(c.line_checks.iter().cloned());
        if let (
            Proposal::Name {
                variants, category, ..
            },
            Proposal::Name {
                variants: more,
                category: other,
                ..
            },
        ) = (&mut into.proposal, &c.proposal)
        {
            if *other == NameCategory::Title {
                *category = NameCategory::Title;
            }
            for v in more {
                if !variants.iter().any(|x| phrase_view(x) == phrase_view(v)) {
                    variants.push(v.clone());
                    into.examples.extend(c.examples.iter().cloned());
                }
            }
        }
    }
    out
}

fn resolve_conflicts(candidates: Vec<Candidate>, dropped: &mut Vec<Dropped>) -> Vec<Candidate> {
    // Best supported first; ties keep the order of appearance.
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(candidates[i].support));
    let mut claimed: HashMap<Vec<u8>, (String, String)> = HashMap::new();
    let mut keep = vec![true; candidates.len()];
    for &i in &order {
        let c = &candidates[i];
        let result = c.proposal.result();
        let clash = c.proposal.claims().iter().find_map(|p| {
            claimed
                .get(&phrase_view(p))
                .filter(|(r, _)| *r != result)
                .map(|(_, desc)| desc.clone())
        });
        if let Some(other) = clash {
            keep[i] = false;
            dropped.push(Dropped {
                candidate: c.clone(),
                reason: DropReason::Conflict(other),
            });
            continue;
        }
        for p in c.proposal.claims() {
            claimed.entry(phrase_view(&p)).or_insert((
                result.clone(),
                format!("`{p}` -> `{}`", c.proposal.result()),
            ));
        }
    }
    candidates
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

/// The candidate as a one-rule dictionary's rules, or why it does not load.
fn load_one(c: &Candidate, index: usize) -> Result<Vec<Rule>, String> {
    let doc = render_document(c.proposal.kind(), &[c], &[]);
    dictionary::parse(&format!("learned-{index}.yaml"), &doc).map_err(|errors| {
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    })
}

fn spun_engine(rules: Vec<Rule>) -> Option<Engine> {
    Engine::new(
        rules,
        Options {
            tier: TierMode::Spun,
            ..Options::default()
        },
    )
    .ok()
}

/// Each candidate alone: it loads, its examples hold with it alone, and the current
/// dictionaries do not already give them.
fn check_each(
    candidates: Vec<Candidate>,
    current: &[Rule],
    dropped: &mut Vec<Dropped>,
) -> Vec<Candidate> {
    let current = spun_engine(current.to_vec());
    let mut kept = Vec::new();
    for (index, c) in candidates.into_iter().enumerate() {
        let rules = match load_one(&c, index) {
            Ok(rules) => rules,
            Err(msg) => {
                dropped.push(Dropped {
                    candidate: c,
                    reason: DropReason::Invalid(msg),
                });
                continue;
            }
        };
        let Some(alone) = spun_engine(rules) else {
            continue;
        };
        let fix = |e: &Engine, s: &str| apply(s, &e.find_edits(s).edits);
        if let Some((input, _)) = c
            .examples
            .iter()
            .find(|(input, output)| fix(&alone, input) != *output)
        {
            let got = fix(&alone, input);
            dropped.push(Dropped {
                candidate: c,
                reason: DropReason::ExampleFails(got),
            });
            continue;
        }
        let produced = current.as_ref().is_some_and(|e| {
            c.line_checks
                .iter()
                .all(|(input, output)| fix(e, input) == *output)
        });
        if produced {
            dropped.push(Dropped {
                candidate: c,
                reason: DropReason::AlreadyProduced,
            });
            continue;
        }
        kept.push(c);
    }
    kept
}

/// All candidates together: none may change a fixed text, and every example must still hold.
fn check_together(
    mut candidates: Vec<Candidate>,
    fixed_texts: &[(String, String)],
    dropped: &mut Vec<Dropped>,
) -> Vec<Candidate> {
    for _round in 0..4 {
        let mut rules = Vec::new();
        let mut owner = Vec::new();
        for (index, c) in candidates.iter().enumerate() {
            if let Ok(r) = load_one(c, index) {
                owner.extend(std::iter::repeat_n(index, r.len()));
                rules.extend(r);
            }
        }
        let Some(engine) = spun_engine(rules) else {
            return candidates;
        };
        let mut bad: HashMap<usize, DropReason> = HashMap::new();
        for (name, text) in fixed_texts {
            for e in engine.find_edits(text).edits {
                let at = format!("{name}:{}", text[..e.span.start].matches('\n').count() + 1);
                bad.entry(owner[e.rule])
                    .or_insert(DropReason::ChangesFixedText(at, e.before, e.after));
            }
        }
        for (index, c) in candidates.iter().enumerate() {
            if bad.contains_key(&index) {
                continue;
            }
            for (input, output) in &c.examples {
                let got = apply(input, &engine.find_edits(input).edits);
                if got != *output {
                    bad.insert(index, DropReason::ExampleFails(got));
                    break;
                }
            }
        }
        if bad.is_empty() {
            break;
        }
        let mut kept = Vec::new();
        for (index, c) in candidates.into_iter().enumerate() {
            match bad.remove(&index) {
                Some(reason) => dropped.push(Dropped {
                    candidate: c,
                    reason,
                }),
                None => kept.push(c),
            }
        }
        candidates = kept;
    }
    candidates
}

// --- rendering -----------------------------------------------------------------------------

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}…")
}

/// The candidate as a rule to write, with its evidence as comments.
pub fn rule_text(c: &Candidate) -> RuleText {
    let mut comments = vec![format!("support: {}", c.support)];
    if let Some(s) = c.seen.first() {
        comments.push(format!(
            "seen: \"{}\" ({}:{})",
            clip(&s.sentence, 160),
            s.pair,
            s.line
        ));
    }
    if c.seen.len() > 1 {
        let more: Vec<String> = c
            .seen
            .iter()
            .skip(1)
            .take(8)
            .map(|s| format!("{}:{}", s.pair, s.line))
            .collect();
        comments.push(format!("also seen: {}", more.join(", ")));
    }
    let examples = Value::Examples(c.examples.clone());
    let mut fields: Vec<(&str, Value)> = Vec::new();
    match &c.proposal {
        Proposal::Substitution {
            find,
            replace,
            verbatim,
            whole_line,
            weak,
        } => {
            if *weak {
                comments.push(
                    "check: common words with little context; consider `tier: spun` or a guard"
                        .to_string(),
                );
            }
            fields.push(("find", Value::Str(find.clone())));
            fields.push(("replace", Value::Str(replace.clone())));
            if *verbatim {
                fields.push(("case", Value::Word("verbatim".into())));
            }
            if *whole_line {
                fields.push((
                    "guard",
                    Value::Map(vec![("whole_line".into(), Value::Word("true".into()))]),
                ));
            }
        }
        Proposal::Name {
            canonical,
            category,
            variants,
            known_at,
        } => {
            if let (Some(at), Some(v)) = (known_at, variants.first()) {
                comments.push(format!(
                    "`{canonical}` is already defined at {at}; to add the variant there: \
                     unspin dict add FILE --name \"{canonical}\" --variant \"{v}\""
                ));
            }
            fields.push(("name", Value::Str(canonical.clone())));
            if *category != NameCategory::Person {
                fields.push(("category", Value::Word(category.as_str().to_string())));
            }
            if !variants.is_empty() {
                fields.push(("variants", Value::List(variants.clone())));
            }
        }
        Proposal::CutFrom { marker } => {
            fields.push(("cut_from", Value::List(vec![marker.clone()])));
        }
        Proposal::RemoveLine { line } => {
            fields.push(("remove_line", Value::List(vec![line.clone()])));
        }
        Proposal::StripPrefix { pattern } => {
            fields.push(("strip_prefix", Value::Literal(pattern.clone())));
        }
    }
    fields.push(("examples", examples));
    let mut rule = RuleText::new(fields);
    rule.comments = comments;
    rule
}

/// One dictionary file of `kind` holding `candidates`, with `header` comment lines on top.
pub fn render_document(kind: Kind, candidates: &[&Candidate], header: &[String]) -> String {
    let layout = Layout::default();
    let mut out = String::new();
    for h in header {
        if h.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str(&format!("# {h}\n"));
        }
    }
    out.push_str(&format!("kind: {kind}\n"));
    out.push_str("source: \"unspin learn\"\n");
    if candidates.is_empty() {
        out.push_str("rules: []\n");
        return out;
    }
    out.push_str("rules:\n");
    for (i, c) in candidates.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&rule_text(c).render(&layout));
    }
    out
}

/// Every kind that has candidates, one YAML document each (`---` between): each document
/// is a complete dictionary file. `only` keeps one kind.
pub fn render(learned: &Learned, only: Option<Kind>) -> String {
    let mut docs = Vec::new();
    for kind in Kind::ALL {
        if only.is_some_and(|k| k != kind) {
            continue;
        }
        let of_kind: Vec<&Candidate> = learned
            .candidates
            .iter()
            .filter(|c| c.proposal.kind() == kind)
            .collect();
        if of_kind.is_empty() && only.is_none() {
            continue;
        }
        let header = vec![
            format!(
                "Candidate {kind} rules learned by `unspin learn` from {} pair{}: {}.",
                learned.pairs.len(),
                if learned.pairs.len() == 1 { "" } else { "s" },
                clip(&learned.pairs.join(", "), 200)
            ),
            "Nothing here has been applied. Review every rule (keep, edit or delete), then append"
                .to_string(),
            "it to a dictionary (`unspin learn ... --into FILE`) and run `unspin dict test`."
                .to_string(),
        ];
        docs.push(render_document(kind, &of_kind, &header));
    }
    docs.join("---\n")
}

#[cfg(test)]
mod tests;
