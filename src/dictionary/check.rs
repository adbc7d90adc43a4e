//! Checks shared by every dictionary format: what makes a phrase acceptable, default rule
//! ids, and the two cross-rule conflicts that make a set of rules unusable (a phrase with two
//! different replacements, an id used twice).
//!
//! The YAML and TSV readers run these on one file; [`super::load`] runs the cross-rule ones
//! again across files, and [`super::lint`] reports them as diagnostics.

use crate::engine::view::View;
use crate::rule::{Action, Rule};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::hash_map::Entry;

/// Longest phrase or replacement accepted, in bytes. Real phrases are a few words; a
/// boilerplate marker line a few hundred bytes. Anything longer is a mistake (a pasted
/// article, a missing line break), and would bloat the automaton.
pub(crate) const MAX_PHRASE_BYTES: usize = 1000;

/// Why `text` cannot be a phrase to find, or `None` when it can.
pub(crate) fn phrase_problem(text: &str) -> Option<String> {
    if text.is_empty() {
        return Some("empty phrase".to_string());
    }
    if text.contains(['\n', '\r']) {
        return Some("phrase contains a line break (phrases never span lines)".to_string());
    }
    if text.len() > MAX_PHRASE_BYTES {
        return Some(format!(
            "phrase is {} bytes long; the limit is {MAX_PHRASE_BYTES}",
            text.len()
        ));
    }
    if text.trim().is_empty() {
        return Some("phrase is only white space".to_string());
    }
    if !has_matching_form(text) {
        return Some("phrase has nothing to match".to_string());
    }
    None
}

/// True when `text`'s matching form (its [`crate::engine::view::phrase_view`]) is not
/// empty. Every phrase of every dictionary is checked at start-up: an ASCII letter or digit
/// always makes a word of the view, so most phrases need no view at all, and the others
/// reuse one view per thread.
fn has_matching_form(text: &str) -> bool {
    if text.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return true;
    }
    thread_local! {
        static VIEW: RefCell<View> = RefCell::new(View::default());
    }
    VIEW.with(|view| {
        let mut view = view.borrow_mut();
        view.build(text);
        !view.bytes.is_empty()
    })
}

/// Why `text` cannot be a replacement, or `None` when it can. Empty is fine (a deletion).
pub(crate) fn replacement_problem(text: &str) -> Option<String> {
    if text.contains(['\n', '\r']) {
        return Some("replacement contains a line break".to_string());
    }
    if text.len() > MAX_PHRASE_BYTES {
        return Some(format!(
            "replacement is {} bytes long; the limit is {MAX_PHRASE_BYTES}",
            text.len()
        ));
    }
    None
}

/// The file stem used in default rule ids: `dictionaries/kdrama/spun.yaml` → `spun`.
pub(crate) fn stem(name: &str) -> &str {
    std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("dict")
}

/// [`push_slug`] into a new string.
#[cfg(test)]
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    push_slug(&mut out, text);
    out
}

/// Appends the slug of a phrase for a default id to `out`: lower case, every run of other
/// characters than letters and digits becomes one `-`, trimmed, at most 40 characters.
/// Nothing when the phrase has no letters or digits.
pub(crate) fn push_slug(out: &mut String, text: &str) {
    // Every rule without an id takes this path at start-up: ASCII text skips the Unicode
    // case tables (for ASCII, lower-casing and `is_alphanumeric` agree with the ASCII ones).
    if text.is_ascii() {
        push_slug_of(
            out,
            text.bytes().map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        push_slug_of(out, text.chars().flat_map(char::to_lowercase));
    }
}

/// [`push_slug`] of the lower-cased characters of a phrase.
fn push_slug_of(out: &mut String, chars: impl Iterator<Item = char>) {
    const MAX: usize = 40;
    let mut len = 0;
    let mut dash = false;
    for c in chars {
        if !c.is_alphanumeric() {
            dash = true;
            continue;
        }
        let need = if dash && len > 0 { 2 } else { 1 };
        if len + need > MAX {
            break;
        }
        if need == 2 {
            out.push('-');
        }
        out.push(c);
        len += need;
        dash = false;
    }
}

/// True when `id` can name a rule on a command line and in reports.
pub(crate) fn id_problem(id: &str) -> Option<String> {
    if id.is_empty() {
        Some("rule id is empty".to_string())
    } else if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Some(format!("rule id `{id}` contains white space"))
    } else {
        None
    }
}

/// Two rules that give one phrase different effects under the same guard: the engine could
/// only ever apply the first, so the second is a mistake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PhraseClash {
    /// Index of the earlier rule.
    pub first: usize,
    /// Index of the later rule.
    pub second: usize,
    /// The phrase as the later rule writes it.
    pub phrase: String,
}

/// Which table a phrase lives in (inline phrases and whole-line markers never meet), and
/// what the rule does with it, as [`clash_message`] describes it.
fn effect(rule: &Rule) -> Option<(u8, String, &[String])> {
    let (table, effect, phrases) = effect_of(rule)?;
    let described = match effect {
        Effect::Replace(replacement) => format!("`{replacement}`"),
        Effect::CutToEnd => "`cut_from`".to_string(),
        Effect::RemoveLine => "`remove_line`".to_string(),
    };
    Some((table, described, phrases))
}

/// What a rule does with its phrases, compared without formatting it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Effect<'a> {
    Replace(&'a str),
    CutToEnd,
    RemoveLine,
}

/// [`effect`], undescribed: the table, the effect and the phrases.
fn effect_of(rule: &Rule) -> Option<(u8, Effect<'_>, &[String])> {
    match &rule.action {
        Action::Replace {
            phrases,
            replacement,
        } => Some((0, Effect::Replace(replacement), phrases)),
        Action::CutToEnd { markers } => Some((1, Effect::CutToEnd, markers)),
        Action::RemoveLine { lines } => Some((1, Effect::RemoveLine, lines)),
        _ => None,
    }
}

/// The rules (indices) that gave one phrase so far, in order: nearly always just one.
struct Givers {
    first: usize,
    more: Vec<usize>,
}

/// The matching forms of a chunk's phrases, one after another, and for each phrase its
/// rule (index), the phrase, and where its form ends.
type Forms<'r> = (Vec<u8>, Vec<(usize, &'r String, usize)>);

/// Every phrase given two different effects under equal guards. Rules with different guards
/// may share a phrase: the guard decides which applies. Linear in the number of phrases
/// (rules that share a phrase are compared with each other).
///
/// A 100,000-line list runs through this twice at start-up (in its file, then across
/// files), so the matching forms are built into one buffer with one reused view and looked
/// up by FxHash, and effects are compared without formatting them.
pub(crate) fn phrase_clashes(rules: &[Rule]) -> Vec<PhraseClash> {
    // Pass 1, in parallel chunks of rules: every phrase's matching form, one after another
    // in the chunk's buffer, with (rule, phrase, end of its form).
    const CHUNK: usize = 4096;
    let chunks: Vec<Forms<'_>> = rules
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| {
            let mut view = View::default();
            let mut forms: Vec<u8> = Vec::new();
            let mut phrases = Vec::new();
            for (offset, rule) in chunk.iter().enumerate() {
                let Some((_, _, listed)) = effect_of(rule) else {
                    continue;
                };
                for phrase in listed {
                    view.build(phrase);
                    forms.extend_from_slice(&view.bytes);
                    phrases.push((n * CHUNK + offset, phrase, forms.len()));
                }
            }
            (forms, phrases)
        })
        .collect();
    let count = chunks.iter().map(|(_, phrases)| phrases.len()).sum();
    // Pass 2: in rule order, each phrase against the earlier rules that gave its form.
    let mut seen: FxHashMap<(u8, &[u8]), Givers> =
        FxHashMap::with_capacity_and_hasher(count, Default::default());
    let mut clashes = Vec::new();
    let phrases = chunks.iter().flat_map(|(forms, phrases)| {
        let mut start = 0;
        phrases.iter().map(move |&(index, phrase, end)| {
            let form = &forms[start..end];
            start = end;
            (index, phrase, form)
        })
    });
    for (index, phrase, form) in phrases {
        let rule = &rules[index];
        let Some((table, effect_here, _)) = effect_of(rule) else {
            continue; // cannot happen: pass 1 took only rules with an effect
        };
        let givers = match seen.entry((table, form)) {
            Entry::Vacant(slot) => {
                slot.insert(Givers {
                    first: index,
                    more: Vec::new(),
                });
                continue;
            }
            Entry::Occupied(slot) => slot.into_mut(),
        };
        let clash = std::iter::once(givers.first)
            .chain(givers.more.iter().copied())
            .find(|&e| {
                e != index
                    && rules[e].guard == rule.guard
                    && effect_of(&rules[e]).is_some_and(|(_, there, _)| there != effect_here)
            });
        if let Some(first) = clash {
            clashes.push(PhraseClash {
                first,
                second: index,
                phrase: phrase.clone(),
            });
        }
        if *givers.more.last().unwrap_or(&givers.first) != index {
            givers.more.push(index);
        }
    }
    clashes
}

/// The message for a clash, said from the later rule's place.
pub(crate) fn clash_message(rules: &[Rule], clash: &PhraseClash) -> String {
    let (first, second) = (&rules[clash.first], &rules[clash.second]);
    let describe = |r: &Rule| effect(r).map(|(_, e, _)| e).unwrap_or_default();
    let what = match second.action {
        Action::Replace { .. } => "replacement",
        _ => "action",
    };
    format!(
        "duplicate phrase `{}` with a different {what}: {} here, {} in rule `{}` at {}",
        clash.phrase,
        describe(second),
        describe(first),
        first.id,
        first.origin
    )
}

/// Every later rule whose id an earlier rule already uses, as (earlier, later).
pub(crate) fn duplicate_ids(rules: &[Rule]) -> Vec<(usize, usize)> {
    let mut first: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(rules.len(), Default::default());
    let mut out = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        match first.get(rule.id.as_str()) {
            Some(&earlier) => out.push((earlier, index)),
            None => {
                first.insert(&rule.id, index);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::view::phrase_view;

    #[test]
    fn slugs() {
        assert_eq!(slug("After all, CEO"), "after-all-ceo");
        assert_eq!(slug("  “Minimize!”  "), "minimize");
        assert_eq!(slug("\u{a0}"), "");
        assert_eq!(slug(&"word ".repeat(20)).chars().count(), 39);
        assert_eq!(slug(&"x".repeat(50)).chars().count(), 40);
        assert!(!slug(&"ab ".repeat(20)).ends_with('-'));
    }

    #[test]
    fn ascii_slugs_skip_the_unicode_tables_with_the_same_result() {
        let all_ascii: String = (0u8..128).map(char::from).collect();
        let texts = [
            all_ascii.as_str(),
            "After all, CEO",
            "  Ahn Bo-Hyun (2AM)  ",
            "a.mond",
            "__x__",
        ];
        for text in texts {
            let mut unicode = String::new();
            push_slug_of(&mut unicode, text.chars().flat_map(char::to_lowercase));
            assert_eq!(slug(text), unicode, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_matching_form_is_found_as_the_view_finds_it(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", "7", "_", " ", "\t", "\u{a0}", "\u{200b}", "\u{feff}", "\r", "!",
                    "’", "é", "\u{1}", "\u{3000}",
                ]),
                0..6,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(
                has_matching_form(&text),
                !phrase_view(&text).is_empty(),
                "{:?}", text
            );
        }
    }

    #[test]
    fn phrase_problems() {
        assert_eq!(phrase_problem("").as_deref(), Some("empty phrase"));
        assert_eq!(
            phrase_problem(" \t ").as_deref(),
            Some("phrase is only white space")
        );
        assert!(phrase_problem("a\nb").unwrap().contains("line break"));
        assert!(phrase_problem(&"a".repeat(1001)).unwrap().contains("limit"));
        assert_eq!(phrase_problem("Minimize!"), None);
    }

    #[test]
    fn clashes_need_equal_guards_and_different_effects() {
        let mut rules = vec![
            Rule::replace("a", &["after all"], "of course"),
            Rule::replace("b", &["After  all"], "of course"),
            Rule::replace("c", &["after all"], "anyway"),
        ];
        let found = phrase_clashes(&rules);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].first, found[0].second), (0, 2));
        rules[2].guard.whole_line = true;
        assert!(phrase_clashes(&rules).is_empty());
    }

    /// [`phrase_clashes`] as it was before it was made faster (issue 5), kept as the
    /// reference the fast one must equal.
    fn reference_phrase_clashes(rules: &[Rule]) -> Vec<PhraseClash> {
        let mut seen: std::collections::HashMap<(u8, Vec<u8>), Vec<usize>> =
            std::collections::HashMap::new();
        let mut clashes = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let Some((table, effect_here, phrases)) = effect(rule) else {
                continue;
            };
            for phrase in phrases {
                let earlier = seen
                    .entry((table, crate::engine::view::phrase_view(phrase)))
                    .or_default();
                let clash = earlier.iter().copied().find(|&e| {
                    e != index
                        && rules[e].guard == rule.guard
                        && effect(&rules[e]).is_some_and(|(_, there, _)| there != effect_here)
                });
                if let Some(first) = clash {
                    clashes.push(PhraseClash {
                        first,
                        second: index,
                        phrase: phrase.clone(),
                    });
                }
                if earlier.last() != Some(&index) {
                    earlier.push(index);
                }
            }
        }
        clashes
    }

    #[test]
    fn clashes_equal_the_reference_on_the_shipped_packs() {
        use crate::dictionary::embedded;
        let mut rules = Vec::new();
        for file in embedded::all() {
            let name = file.display_name();
            rules.extend(super::super::parse(&name, file.contents).expect("shipped files load"));
        }
        // Every rule twice, the second copy with other replacements: thousands of clashes.
        let mut doubled = rules.clone();
        for rule in &rules {
            let mut copy = rule.clone();
            if let Action::Replace { replacement, .. } = &mut copy.action {
                replacement.push('!');
            }
            doubled.push(copy);
        }
        for set in [&rules, &doubled] {
            assert_eq!(phrase_clashes(set), reference_phrase_clashes(set));
        }
        assert!(phrase_clashes(&doubled).len() > 1000);
    }

    mod against_the_reference {
        use super::*;
        use proptest::prelude::*;

        fn rule() -> impl Strategy<Value = Rule> {
            let phrase = prop::sample::select(vec!["a", "A", "a  b", "a b", "b", "’x", "'x", "é"]);
            (
                prop::collection::vec(phrase, 1..4),
                prop::sample::select(vec!["x", "y", "cut_from", ""]),
                0..4u8,
                any::<bool>(),
            )
                .prop_map(|(phrases, replacement, action, guarded)| {
                    let mut rule = Rule::replace("r", &phrases, replacement);
                    let listed: Vec<String> = phrases.iter().map(|p| p.to_string()).collect();
                    rule.action = match action {
                        0 | 1 => rule.action,
                        2 => Action::CutToEnd { markers: listed },
                        _ => Action::RemoveLine { lines: listed },
                    };
                    rule.guard.whole_line = guarded;
                    rule
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn clashes_agree(rules in prop::collection::vec(rule(), 0..10)) {
                prop_assert_eq!(phrase_clashes(&rules), reference_phrase_clashes(&rules));
            }
        }
    }

    #[test]
    fn duplicate_ids_name_both() {
        let rules = vec![
            Rule::replace("x", &["a"], "b"),
            Rule::replace("y", &["c"], "d"),
            Rule::replace("x", &["e"], "f"),
        ];
        assert_eq!(duplicate_ids(&rules), vec![(0, 2)]);
    }
}
