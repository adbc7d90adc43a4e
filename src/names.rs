//! Canonical names and the variants the engine recognises for them.
//!
//! Every name rule contributes its canonical spelling, the variants written by hand, and
//! (unless `generate: false`) variants generated here, so the dictionaries list names, not
//! garbles:
//!
//! - **Token order** (people): machine translation swaps family and given names.
//!   `Song Kang` → `Kang Song`; `Yang Hye Ji` → `Hye Ji Yang`.
//! - **Given-name spelling** (people with a two-syllable given name): `Yang Hye Ji` →
//!   `Yang Hye-ji`, `Yang Hye-Ji`, `Yang Hyeji`.
//! - **Spinner swaps**: article spinners run every word through a thesaurus, including the
//!   syllables of names that happen to be English words. [`SPINNER_SWAPS`] is the table:
//!   `Seo Dan Ah` → `Website positioning Dan Ah`, `Lee Young Hwa` → `Lee Younger Hwa`,
//!   `Girls' Generation` → `Women' Generation`, `Tell Me What You Saw` →
//!   `Inform Me What You Noticed`. At least one token is always left as it was, so a
//!   swap only ever fires inside a full name.
//!
//! Case garbles (`Lee ho jung`) need no variants: matching ignores ASCII case and the name
//! rule writes the canonical spelling; [`crate::engine`] decides when a differently-cased
//! match is safe to accept.
//!
//! Two canonical names that share a variant make it ambiguous: it is dropped for both, and
//! [`Expansion::dropped`] says why (`unspin dict lint` prints it).

use crate::engine::view::View;
use crate::rule::{Action, NameCategory, Rule};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::collections::hash_map::Entry;

/// Thesaurus swaps that spinners apply to words inside names and titles: for each word, the
/// forms a spinner writes instead. Matching ignores ASCII case; the variant keeps the case
/// written here.
pub const SPINNER_SWAPS: &[(&str, &[&str])] = &[
    (
        "Seo",
        &[
            "Website positioning",
            "Web optimization",
            "Search engine optimisation",
            "Search engine optimization",
            "SEO",
        ],
    ),
    ("Young", &["Younger"]),
    ("Song", &["Track", "Music"]),
    ("Won", &["Gained", "Received"]),
    ("Joy", &["Pleasure"]),
    ("Sun", &["Solar"]),
    ("Moon", &["Lunar"]),
    ("Go", &["Move"]),
    ("Girls", &["Women", "Ladies"]),
    ("Girls'", &["Women'", "Ladies'"]),
    ("Boys", &["Males"]),
    ("Red", &["Crimson", "Pink"]),
    ("Tell", &["Inform"]),
    ("Saw", &["Noticed", "Observed"]),
    ("Record", &["Report", "File", "Document"]),
    ("Devil", &["Satan"]),
    ("Landing", &["Touchdown"]),
    ("Where", &["The place"]),
    ("Ok", &["Okay"]),
    ("City", &["Metropolis"]),
    ("in", &["within"]),
];

/// Common English words, one per line (`#` comments), from `dictionaries/english-words.txt`.
static ENGLISH_WORDS: &str = include_str!("../dictionaries/english-words.txt");

/// True when `word` is a common English word (ASCII case ignored).
///
/// The set is built on first use (start-up, through [`is_distinctive`]): it borrows the
/// embedded lines, which are lower case, and hashes with FxHash.
pub fn is_common_english(word: &str) -> bool {
    use std::sync::OnceLock;
    static SET: OnceLock<FxHashSet<Cow<'static, str>>> = OnceLock::new();
    let set = SET.get_or_init(|| {
        ENGLISH_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| {
                if l.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(l.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(l)
                }
            })
            .collect()
    });
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        set.contains(word.to_ascii_lowercase().as_str())
    } else {
        set.contains(word)
    }
}

/// Common Korean family names as K-news romanizes them; a name starting with one of these
/// and made of syllables is a Korean name even when every syllable is also English
/// (`Park So Dam`, `Go So Young`).
const KOREAN_SURNAMES: &[&str] = &[
    "Ahn", "Bae", "Baek", "Ban", "Bang", "Byun", "Cha", "Chae", "Cho", "Choi", "Choo", "Chun",
    "Do", "Eom", "Go", "Gong", "Ha", "Han", "Heo", "Hong", "Hwang", "Hyun", "Im", "Jang", "Jeon",
    "Jeong", "Ji", "Jin", "Jo", "Joo", "Jung", "Kang", "Kim", "Ko", "Kwak", "Kwon", "Lee", "Lim",
    "Ma", "Min", "Moon", "Mun", "Na", "Nam", "Noh", "Oh", "Park", "Pyo", "Ra", "Ryu", "Seo",
    "Seol", "Shin", "Son", "Song", "Sung", "Tak", "Um", "Wang", "Won", "Woo", "Yang", "Yeo", "Yoo",
    "Yoon", "Yu", "Yun",
];

/// True when a name holds at least one word that is not common English, or is a Korean
/// name of three syllables, so a case-garbled match of it cannot be ordinary prose
/// (`Lee ho jung`, `Park so dam` yes; `The king`, `Big mouth` no). A word with an
/// apostrophe (`It's`) counts as English.
pub fn is_distinctive(name: &str) -> bool {
    let tokens: Vec<&str> = name.split_whitespace().collect();
    let english = |token: &str| {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric());
        word.is_empty()
            || word.contains(['\'', '\u{2019}'])
            || word
                .split('-')
                .all(|part| part.is_empty() || is_common_english(part))
    };
    if tokens.iter().any(|t| !english(t)) {
        return true;
    }
    tokens.len() == 3
        && KOREAN_SURNAMES.contains(&tokens[0])
        && tokens.iter().all(|t| is_syllable(t))
}

/// How a variant came about; decides how it may match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VariantOrigin {
    /// The canonical spelling itself.
    Canonical,
    /// Written by hand in the dictionary.
    Listed,
    /// Generated by this module.
    Generated,
}

/// One spelling the engine should recognise as a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameVariant {
    /// The spelling, as written or generated.
    pub text: String,
    /// Index of the name rule that wrote or generated this spelling, in the rule list passed
    /// to [`expand`]; reports credit it.
    pub rule: usize,
    /// Index of the first rule with the same canonical name: spellings of one owner never
    /// make each other ambiguous.
    pub owner: usize,
    /// How it came about.
    pub origin: VariantOrigin,
}

/// A variant dropped because two names share it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    /// The shared spelling.
    pub text: String,
    /// The rules (indices) that both produced it.
    pub rules: Vec<usize>,
}

/// The result of expanding every name rule.
#[derive(Clone, Debug, Default)]
pub struct Expansion {
    /// Spellings to match, one per distinct matching form.
    pub variants: Vec<NameVariant>,
    /// Generated or listed variants dropped as ambiguous.
    pub dropped: Vec<Dropped>,
}

/// Expands every name rule in `rules` (other rules are skipped).
///
/// This runs at every start-up over tens of thousands of names, so it works in two passes:
/// the spellings of each rule and their matching forms are made first, in parallel chunks
/// of rules with the forms in one buffer per chunk; then they are placed in rule order,
/// which alone decides the result, with forms hashed by FxHash and borrowed from the
/// buffers.
pub fn expand(rules: &[Rule]) -> Expansion {
    /// Rules per parallel task: a few milliseconds of work.
    const CHUNK: usize = 2048;
    let chunks: Vec<Spellings<'_>> = rules
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(n, chunk)| Spellings::of(chunk, n * CHUNK))
        .collect();
    let total: usize = chunks.iter().map(|c| c.items.len()).sum();
    let names: usize = chunks.iter().map(|c| c.names).sum();
    let (forms, items): (Vec<Vec<u8>>, Vec<Vec<Spelling<'_>>>) =
        chunks.into_iter().map(|c| (c.forms, c.items)).unzip();
    // Most spellings have a form of their own; a table sized for all of them would often
    // be twice as large as needed (capacities round up to powers of two).
    let mut slots: FxHashMap<&[u8], usize> =
        FxHashMap::with_capacity_and_hasher(total / 8 * 7, Default::default());
    // The first spelling of each form, in first-seen order; the forms that other names
    // share too (few) have the others' spellings in `more`, in the order they came.
    let mut found: Vec<NameVariant> = Vec::with_capacity(total);
    let mut more: FxHashMap<usize, Vec<NameVariant>> = FxHashMap::default();
    // The same canonical name listed twice (say, in a hand-written and a generated file) is
    // one name: every spelling is credited to its first rule.
    let mut owners: FxHashMap<&[u8], usize> =
        FxHashMap::with_capacity_and_hasher(names, Default::default());
    let mut owner = 0;
    for (buffer, items) in forms.iter().zip(items) {
        for item in items {
            let form = &buffer[item.form.0 as usize..item.form.1 as usize];
            if item.origin == VariantOrigin::Canonical {
                owner = *owners.entry(form).or_insert(item.rule);
            }
            if form.is_empty() {
                continue;
            }
            let variant = NameVariant {
                text: item.text.into_owned(),
                rule: item.rule,
                owner,
                origin: item.origin,
            };
            match slots.entry(form) {
                Entry::Occupied(slot) => {
                    let slot = *slot.get();
                    let others = more.entry(slot).or_default();
                    if found[slot].owner != owner && others.iter().all(|v| v.owner != owner) {
                        others.push(variant);
                    }
                }
                Entry::Vacant(slot) => {
                    slot.insert(found.len());
                    found.push(variant);
                }
            }
        }
    }
    resolve(found, more)
}

/// One spelling of a name rule, before it is placed.
struct Spelling<'r> {
    text: Cow<'r, str>,
    rule: usize,
    origin: VariantOrigin,
    /// Its matching form: a range of the chunk's buffer.
    form: (u32, u32),
}

/// The spellings of a run of rules: each name rule's canonical spelling (always first, even
/// when it has no matching form: it decides the owner), listed variants, then generated ones.
struct Spellings<'r> {
    /// Every matching form, one after another.
    forms: Vec<u8>,
    items: Vec<Spelling<'r>>,
    /// How many name rules there were.
    names: usize,
}

impl<'r> Spellings<'r> {
    /// The spellings of `rules`, the first of which is rule number `first`.
    fn of(rules: &'r [Rule], first: usize) -> Spellings<'r> {
        // About three spellings of some 15 bytes per name.
        let mut out = Spellings {
            forms: Vec::with_capacity(rules.len() * 48),
            items: Vec::with_capacity(rules.len() * 3),
            names: 0,
        };
        let mut view = View::default();
        let mut names = 0;
        let mut push = |text: Cow<'r, str>, rule: usize, origin: VariantOrigin| {
            view.build(&text);
            let start = out.forms.len();
            out.forms.extend_from_slice(&view.bytes);
            let form = (to_u32(start), to_u32(out.forms.len()));
            out.items.push(Spelling {
                text,
                rule,
                origin,
                form,
            });
        };
        for (offset, rule) in rules.iter().enumerate() {
            let Action::Name {
                canonical,
                category,
                variants,
                generate,
            } = &rule.action
            else {
                continue;
            };
            let index = first + offset;
            names += 1;
            push(Cow::Borrowed(canonical), index, VariantOrigin::Canonical);
            for variant in variants {
                push(Cow::Borrowed(variant), index, VariantOrigin::Listed);
            }
            if *generate {
                for variant in generated(canonical, *category) {
                    push(Cow::Owned(variant), index, VariantOrigin::Generated);
                }
            }
        }
        out.names = names;
        out
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("a chunk's matching forms are far under 4 GiB (phrases are short)")
}

/// One variant per form: `found` holds the first spelling of each form, `more` the other
/// names' spellings of a shared form (by index in `found`). A shared form keeps a
/// canonical spelling if one of them is that, and the rest are [`Dropped`].
fn resolve(mut found: Vec<NameVariant>, more: FxHashMap<usize, Vec<NameVariant>>) -> Expansion {
    let mut shared: Vec<(usize, Vec<NameVariant>)> =
        more.into_iter().filter(|(_, m)| !m.is_empty()).collect();
    shared.sort_unstable_by_key(|&(slot, _)| slot);
    let mut dropped = Vec::new();
    let mut unkept = Vec::new();
    for (slot, others) in shared {
        let placeholder = NameVariant {
            text: String::new(),
            rule: 0,
            owner: 0,
            origin: VariantOrigin::Generated,
        };
        let mut all = Vec::with_capacity(1 + others.len());
        all.push(std::mem::replace(&mut found[slot], placeholder));
        all.extend(others);
        // Shared: a canonical spelling keeps its own form; everything else is ambiguous.
        match all
            .iter()
            .position(|v| v.origin == VariantOrigin::Canonical)
        {
            Some(at) => found[slot] = all.remove(at),
            None => unkept.push(slot),
        }
        if !all.is_empty() {
            dropped.push(Dropped {
                text: all[0].text.clone(),
                rules: all.iter().map(|v| v.owner).collect(),
            });
        }
    }
    if !unkept.is_empty() {
        let mut unkept = unkept.into_iter().peekable();
        let mut slot = 0;
        found.retain(|_| {
            let keep = unkept.next_if_eq(&slot).is_none();
            slot += 1;
            keep
        });
    }
    Expansion {
        variants: found,
        dropped,
    }
}

/// The variants generated for one canonical name (without the name itself).
pub fn generated(canonical: &str, category: NameCategory) -> Vec<String> {
    let tokens: Vec<&str> = canonical.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    if category == NameCategory::Person {
        order_swaps(&tokens, &mut out);
        given_name_forms(&tokens, &mut out);
    }
    out.extend(spinner_swaps(&tokens));
    out.retain(|v| v != canonical);
    out.sort();
    out.dedup();
    out
}

/// Family name last (people written in Western order by a translation round trip).
fn order_swaps(tokens: &[&str], out: &mut Vec<String>) {
    // `concat` rather than `format!`: this runs for every name at start-up.
    match tokens.len() {
        2 => out.push([tokens[1], " ", tokens[0]].concat()),
        3 if is_syllable(tokens[1]) && is_syllable(tokens[2]) => {
            out.push([tokens[1], " ", tokens[2], " ", tokens[0]].concat());
        }
        _ => {}
    }
}

/// `Yang Hye Ji` → `Yang Hye-ji`, `Yang Hye-Ji`, `Yang Hyeji`.
fn given_name_forms(tokens: &[&str], out: &mut Vec<String>) {
    if tokens.len() != 3 || !is_syllable(tokens[1]) || !is_syllable(tokens[2]) {
        return;
    }
    let (family, a, b) = (tokens[0], tokens[1], tokens[2]);
    // A syllable is ASCII, so this is `to_lowercase`.
    let lower_b = b.to_ascii_lowercase();
    out.extend([
        [family, " ", a, "-", &lower_b].concat(),
        [family, " ", a, "-", b].concat(),
        [family, " ", a, &lower_b].concat(),
    ]);
}

/// A romanized Korean syllable: one capitalized ASCII word of at most five letters.
fn is_syllable(token: &str) -> bool {
    let mut chars = token.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_lowercase())
        && token.len() <= 5
}

/// Every combination of spinner swaps that leaves at least one token as it was.
fn spinner_swaps(tokens: &[&str]) -> Vec<String> {
    /// Bounds the product for long titles.
    const MAX_VARIANTS: usize = 24;
    // Without a swappable token the only combination is the name itself, which is dropped.
    if tokens.len() < 2
        || !tokens
            .iter()
            .any(|t| SPINNER_SWAPS.iter().any(|(w, _)| w == t))
    {
        return Vec::new();
    }
    let options: Vec<Vec<&str>> = tokens
        .iter()
        .map(|&t| {
            let mut o = vec![t];
            if let Some((_, swaps)) = SPINNER_SWAPS.iter().find(|(w, _)| *w == t) {
                o.extend(swaps.iter().copied().filter(|s| *s != t));
            }
            o
        })
        .collect();
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::with_capacity(tokens.len());
    combine(&options, 0, &mut current, &mut out, MAX_VARIANTS);
    out.retain(|v: &String| {
        let changed = v.split_whitespace().count() != tokens.len()
            || v.split_whitespace().zip(tokens).any(|(a, b)| a != *b);
        let kept = tokens.iter().any(|t| v.split_whitespace().any(|w| w == *t));
        changed && kept
    });
    out
}

fn combine<'a>(
    options: &[Vec<&'a str>],
    at: usize,
    current: &mut Vec<&'a str>,
    out: &mut Vec<String>,
    max: usize,
) {
    if out.len() >= max {
        return;
    }
    if at == options.len() {
        out.push(current.join(" "));
        return;
    }
    for &choice in &options[at] {
        current.push(choice);
        combine(options, at + 1, current, out, max);
        current.pop();
    }
}

#[cfg(test)]
mod reference;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_variants() {
        let v = generated("Song Kang", NameCategory::Person);
        assert!(v.contains(&"Kang Song".to_string()), "{v:?}");
        assert!(v.contains(&"Track Kang".to_string()), "{v:?}");
        let v = generated("Yang Hye Ji", NameCategory::Person);
        assert!(v.contains(&"Hye Ji Yang".to_string()), "{v:?}");
        assert!(v.contains(&"Yang Hye-ji".to_string()), "{v:?}");
        assert!(v.contains(&"Yang Hyeji".to_string()), "{v:?}");
        let v = generated("Seo Dan Ah", NameCategory::Person);
        assert!(
            v.contains(&"Website positioning Dan Ah".to_string()),
            "{v:?}"
        );
        let v = generated("Lee Young Hwa", NameCategory::Person);
        assert!(v.contains(&"Lee Younger Hwa".to_string()), "{v:?}");
    }

    #[test]
    fn titles_and_groups_are_not_reordered() {
        let v = generated("Tell Me What You Saw", NameCategory::Title);
        assert!(
            v.contains(&"Inform Me What You Noticed".to_string()),
            "{v:?}"
        );
        assert!(!v.iter().any(|s| s.starts_with("Saw")), "{v:?}");
        let v = generated("Girls' Generation", NameCategory::Group);
        assert!(v.contains(&"Women' Generation".to_string()), "{v:?}");
    }

    #[test]
    fn swaps_seen_in_spun_articles() {
        let v = generated("Kim Young Ok", NameCategory::Person);
        assert!(v.contains(&"Kim Younger Okay".to_string()), "{v:?}");
        let v = generated("Lovestruck in the City", NameCategory::Title);
        assert!(
            v.contains(&"Lovestruck within the Metropolis".to_string()),
            "{v:?}"
        );
        let v = generated("River Where the Moon Rises", NameCategory::Title);
        assert!(
            v.contains(&"River The place the Moon Rises".to_string()),
            "{v:?}"
        );
        // `In` in a given name is not the preposition.
        let v = generated("Na In Woo", NameCategory::Person);
        assert!(!v.iter().any(|s| s.contains("within")), "{v:?}");
    }

    #[test]
    fn common_english_ignores_ascii_case_only() {
        let mut words = 0;
        for line in ENGLISH_WORDS.lines().filter(|l| !l.starts_with('#')) {
            let word = line.trim();
            if word.is_empty() {
                continue;
            }
            assert!(is_common_english(word), "{word}");
            assert!(is_common_english(&word.to_ascii_uppercase()), "{word}");
            words += 1;
        }
        assert!(words > 30_000, "{words}");
        assert!(is_common_english("The") && is_common_english("kING"));
        assert!(
            !is_common_english("Jisoo") && !is_common_english("") && !is_common_english(" the")
        );
    }

    #[test]
    fn distinctive_names() {
        assert!(is_distinctive("Lee Ho Jung"));
        assert!(is_distinctive("Park So Dam"));
        assert!(!is_distinctive("The King"));
        assert!(!is_distinctive("Big Mouth"));
        assert!(!is_distinctive("It's Okay"));
    }

    #[test]
    fn single_tokens_get_no_spinner_swaps() {
        assert!(generated("Joy", NameCategory::Person).is_empty());
    }

    #[test]
    fn a_shared_variant_is_dropped_for_both() {
        let rules = vec![
            Rule::name("Kang Song", NameCategory::Person, &[]),
            Rule::name("Song Kang", NameCategory::Person, &[]),
        ];
        let e = expand(&rules);
        // Each canonical keeps its own spelling; the swaps collide with the other's canonical.
        let texts: Vec<&str> = e.variants.iter().map(|v| v.text.as_str()).collect();
        assert!(texts.contains(&"Kang Song") && texts.contains(&"Song Kang"));
        assert_eq!(e.dropped.len(), 2, "{:?}", e.dropped);
    }

    /// Every shipped pack, each alone and all together (names shared across packs).
    fn shipped_rule_sets() -> Vec<(String, Vec<Rule>)> {
        use crate::dictionary::{self, embedded, Selection};
        let packs: Vec<String> = embedded::pack_names()
            .iter()
            .map(|p| p.to_string())
            .collect();
        let mut sets: Vec<(String, Vec<String>)> =
            packs.iter().map(|p| (p.clone(), vec![p.clone()])).collect();
        sets.push(("all packs".to_string(), packs));
        sets.into_iter()
            .map(|(label, packs)| {
                let selection = Selection {
                    packs,
                    ..Selection::default()
                };
                (
                    label,
                    dictionary::load(&selection).expect("shipped packs load"),
                )
            })
            .collect()
    }

    #[test]
    fn expand_equals_the_reference_on_the_shipped_packs() {
        for (label, rules) in shipped_rule_sets() {
            let got = expand(&rules);
            let want = reference::expand(&rules);
            assert_eq!(got.variants.len(), want.variants.len(), "{label}");
            // Element by element, so a failure shows the first difference, not 48,000 lines.
            for (i, (g, w)) in got.variants.iter().zip(&want.variants).enumerate() {
                assert_eq!(g, w, "{label}: variant {i}");
            }
            assert_eq!(got.dropped, want.dropped, "{label}");
        }
    }

    #[test]
    fn generated_equals_the_reference_on_the_shipped_names() {
        let mut checked = 0;
        for (_, rules) in shipped_rule_sets() {
            for rule in &rules {
                let Action::Name { canonical, .. } = &rule.action else {
                    continue;
                };
                for category in [
                    NameCategory::Person,
                    NameCategory::Group,
                    NameCategory::Title,
                ] {
                    assert_eq!(
                        generated(canonical, category),
                        reference::generated(canonical, category),
                        "{canonical:?} as {category:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "only {checked} names checked");
    }

    mod against_the_reference {
        use super::*;
        use proptest::prelude::*;

        /// Names from a few tokens that collide often: swap words and their swaps,
        /// syllables, names that are other names' swaps, odd spacing and case.
        fn name() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop::sample::select(vec![
                    "Seo", "SEO", "Song", "Track", "Kang", "Young", "Younger", "Ok", "Okay", "Hye",
                    "Ji", "ji", "Girls'", "Women'", "in", "City", "the", "Lee", "A-b", "é", "!",
                    "  ",
                ]),
                1..5,
            )
            .prop_map(|tokens| tokens.join(" "))
        }

        fn rule() -> impl Strategy<Value = Rule> {
            (
                name(),
                prop::sample::select(vec![
                    NameCategory::Person,
                    NameCategory::Group,
                    NameCategory::Title,
                ]),
                proptest::collection::vec(name(), 0..3),
                any::<bool>(),
                any::<bool>(),
            )
                .prop_map(|(canonical, category, variants, generate, substitution)| {
                    if substitution {
                        return Rule::replace("s", &[canonical.as_str()], "x");
                    }
                    let variants: Vec<&str> = variants.iter().map(String::as_str).collect();
                    let mut rule = Rule::name(&canonical, category, &variants);
                    if let Action::Name { generate: g, .. } = &mut rule.action {
                        *g = generate;
                    }
                    rule
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn expand_agrees(rules in proptest::collection::vec(rule(), 0..12)) {
                let got = expand(&rules);
                let want = reference::expand(&rules);
                prop_assert_eq!(got.variants, want.variants);
                prop_assert_eq!(got.dropped, want.dropped);
            }
        }
    }

    #[test]
    fn the_same_name_in_two_files_is_one_name() {
        let rules = vec![
            Rule::name("Song Kang", NameCategory::Person, &[]),
            Rule::name("Song Kang", NameCategory::Person, &[]),
        ];
        let e = expand(&rules);
        assert!(e.dropped.is_empty(), "{:?}", e.dropped);
        assert!(e
            .variants
            .iter()
            .any(|v| v.text == "Song Kang" && v.rule == 0));
    }
}
