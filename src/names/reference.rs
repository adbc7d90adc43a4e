//! The implementation of [`super::expand`] and [`super::generated`] as they were before they
//! were made faster (issue 5), kept verbatim as the reference the fast ones must equal.

use super::{Dropped, Expansion, NameVariant, VariantOrigin, SPINNER_SWAPS};
use crate::engine::view::phrase_view;
use crate::rule::{Action, NameCategory, Rule};
use std::collections::HashMap;

/// Expands every name rule in `rules` (other rules are skipped).
pub(super) fn expand(rules: &[Rule]) -> Expansion {
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
pub(super) fn generated(canonical: &str, category: NameCategory) -> Vec<String> {
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
