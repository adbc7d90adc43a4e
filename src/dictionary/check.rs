//! Checks shared by every dictionary format: what makes a phrase acceptable, default rule
//! ids, and the two cross-rule conflicts that make a set of rules unusable (a phrase with two
//! different replacements, an id used twice).
//!
//! The YAML and TSV readers run these on one file; [`super::load`] runs the cross-rule ones
//! again across files, and [`super::lint`] reports them as diagnostics.

use crate::engine::view::phrase_view;
use crate::rule::{Action, Rule};
use std::collections::HashMap;

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
    if phrase_view(text).is_empty() {
        return Some("phrase has nothing to match".to_string());
    }
    None
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

/// The slug of a phrase for a default id: lower case, every run of other characters than
/// letters and digits becomes one `-`, trimmed, at most 40 characters. Empty when the phrase
/// has no letters or digits.
pub(crate) fn slug(text: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    let mut len = 0;
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
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
    out
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
/// what the rule does with it.
fn effect(rule: &Rule) -> Option<(u8, String, &[String])> {
    match &rule.action {
        Action::Replace {
            phrases,
            replacement,
        } => Some((0, format!("`{replacement}`"), phrases)),
        Action::CutToEnd { markers } => Some((1, "`cut_from`".to_string(), markers)),
        Action::RemoveLine { lines } => Some((1, "`remove_line`".to_string(), lines)),
        _ => None,
    }
}

/// Every phrase given two different effects under equal guards. Rules with different guards
/// may share a phrase: the guard decides which applies. Linear in the number of phrases
/// (rules that share a phrase are compared with each other).
pub(crate) fn phrase_clashes(rules: &[Rule]) -> Vec<PhraseClash> {
    let mut seen: HashMap<(u8, Vec<u8>), Vec<usize>> = HashMap::new();
    let mut clashes = Vec::new();
    for (index, rule) in rules.iter().enumerate() {
        let Some((table, effect_here, phrases)) = effect(rule) else {
            continue;
        };
        for phrase in phrases {
            let earlier = seen.entry((table, phrase_view(phrase))).or_default();
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
    let mut first: HashMap<&str, usize> = HashMap::new();
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
