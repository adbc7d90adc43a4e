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

use crate::engine::view::phrase_view;
use crate::rule::{Action, NameCategory, Rule};
use std::collections::HashMap;

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
pub fn is_common_english(word: &str) -> bool {
    use std::sync::OnceLock;
    static SET: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
    let set = SET.get_or_init(|| {
        ENGLISH_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_ascii_lowercase)
            .collect()
    });
    set.contains(&word.to_ascii_lowercase())
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
pub fn expand(rules: &[Rule]) -> Expansion {
    // Matching form (the view bytes) → variants producing it.
    let mut by_form: HashMap<Vec<u8>, Vec<NameVariant>> = HashMap::new();
    let mut order: Vec<Vec<u8>> = Vec::new();
    // The same canonical name listed twice (say, in a hand-written and a generated file) is
    // one name: every spelling is credited to its first rule.
    let mut owners: HashMap<Vec<u8>, usize> = HashMap::new();
    for (index, rule) in rules.iter().enumerate() {
        let Action::Name {
            canonical,
            category,
            variants,
            generate,
        } = &rule.action
        else {
            continue;
        };
        let owner = *owners.entry(phrase_view(canonical)).or_insert(index);
        let mut spellings = vec![(canonical.clone(), VariantOrigin::Canonical)];
        spellings.extend(variants.iter().map(|v| (v.clone(), VariantOrigin::Listed)));
        if *generate {
            spellings.extend(
                generated(canonical, *category)
                    .into_iter()
                    .map(|v| (v, VariantOrigin::Generated)),
            );
        }
        for (text, origin) in spellings {
            let form = phrase_view(&text);
            if form.is_empty() {
                continue;
            }
            let entry = by_form.entry(form.clone()).or_default();
            if entry.is_empty() {
                order.push(form);
            }
            if entry.iter().any(|v| v.owner == owner) {
                continue;
            }
            entry.push(NameVariant {
                text,
                rule: index,
                owner,
                origin,
            });
        }
    }
    let mut expansion = Expansion::default();
    for form in order {
        let mut found = by_form
            .remove(&form)
            .expect("every form in order was inserted");
        if found.len() == 1 {
            expansion.variants.extend(found);
            continue;
        }
        // Shared: a canonical spelling keeps its own form; everything else is ambiguous.
        if let Some(at) = found
            .iter()
            .position(|v| v.origin == VariantOrigin::Canonical)
        {
            expansion.variants.push(found.remove(at));
        }
        if !found.is_empty() {
            expansion.dropped.push(Dropped {
                text: found[0].text.clone(),
                rules: found.iter().map(|v| v.owner).collect(),
            });
        }
    }
    expansion
}

/// The variants generated for one canonical name (without the name itself).
pub fn generated(canonical: &str, category: NameCategory) -> Vec<String> {
    let tokens: Vec<&str> = canonical.split_whitespace().collect();
    let mut out: Vec<String> = Vec::new();
    if category == NameCategory::Person {
        out.extend(order_swaps(&tokens));
        out.extend(given_name_forms(&tokens));
    }
    out.extend(spinner_swaps(&tokens));
    out.retain(|v| v != canonical);
    out.sort();
    out.dedup();
    out
}

/// Family name last (people written in Western order by a translation round trip).
fn order_swaps(tokens: &[&str]) -> Vec<String> {
    match tokens.len() {
        2 => vec![format!("{} {}", tokens[1], tokens[0])],
        3 if is_syllable(tokens[1]) && is_syllable(tokens[2]) => {
            vec![format!("{} {} {}", tokens[1], tokens[2], tokens[0])]
        }
        _ => Vec::new(),
    }
}

/// `Yang Hye Ji` → `Yang Hye-ji`, `Yang Hye-Ji`, `Yang Hyeji`.
fn given_name_forms(tokens: &[&str]) -> Vec<String> {
    if tokens.len() != 3 || !is_syllable(tokens[1]) || !is_syllable(tokens[2]) {
        return Vec::new();
    }
    let (family, a, b) = (tokens[0], tokens[1], tokens[2]);
    let lower_b = b.to_lowercase();
    vec![
        format!("{family} {a}-{lower_b}"),
        format!("{family} {a}-{b}"),
        format!("{family} {a}{lower_b}"),
    ]
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
    if tokens.len() < 2 {
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
