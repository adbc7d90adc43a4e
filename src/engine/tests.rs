//! Engine tests: a table of (name, rules, haystack, expected) cases, and a property test
//! against a brute-force oracle that knows nothing of views or automata.

use super::*;
use crate::edit::apply;
use crate::rule::{Guard, Pattern, Rule};

/// Runs `f` in a rayon pool of `threads` threads (what `--jobs` sets up).
pub(super) fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}

fn engine(rules: Vec<Rule>) -> Engine {
    Engine::new(rules, Options::default()).expect("test rules compile")
}

fn fix(engine: &Engine, text: &str) -> String {
    apply(text, &engine.find_edits(text).edits)
}

fn spun(mut rule: Rule) -> Rule {
    rule.tier = Tier::Spun;
    rule
}

fn signature(mut rule: Rule) -> Rule {
    rule.signature = true;
    rule
}

fn guarded(mut rule: Rule, guard: Guard) -> Rule {
    rule.guard = guard.into();
    rule
}

fn boilerplate(id: &str, action: Action) -> Rule {
    let mut rule = Rule::replace(id, &[], "");
    rule.kind = Kind::Boilerplate;
    rule.action = action;
    rule
}

/// (name, rules, haystack, expected fixed text)
fn table() -> Vec<(&'static str, Vec<Rule>, &'static str, &'static str)> {
    let ny = || {
        vec![
            Rule::replace("ny", &["New York"], "NY"),
            Rule::replace("nyt", &["New York Times"], "NYT"),
        ]
    };
    let cut = || vec![Rule::replace("cut", &["Minimize!"], "cut!")];
    vec![
        (
            "longest wins",
            ny(),
            "the New York Times said",
            "the NYT said",
        ),
        (
            "failed boundary does not hide shorter",
            ny(),
            "New York Timesquare",
            "NY Timesquare",
        ),
        ("no match inside a word", ny(), "New Yorker", "New Yorker"),
        (
            "leftmost wins over longer later",
            vec![
                Rule::replace("ab", &["a b"], "X"),
                Rule::replace("bcd", &["b c d"], "Y"),
            ],
            "a b c d",
            "X c d",
        ),
        (
            "boundary before, none after punctuation",
            cut(),
            "yells “Minimize!”",
            "yells “Cut!”",
        ),
        (
            "boundary needed before a word end",
            cut(),
            "Reminimize!",
            "Reminimize!",
        ),
        ("case shape upper", cut(), "MINIMIZE!", "CUT!"),
        ("case shape lower", cut(), "minimize!", "cut!"),
        (
            "spaces and no-break spaces match",
            vec![Rule::replace("t", &["work onerous"], "work hard")],
            "they work\u{a0}\u{a0}onerous now",
            "they work hard now",
        ),
        (
            "tab matches space",
            vec![Rule::replace("t", &["work onerous"], "work hard")],
            "work\tonerous",
            "work hard",
        ),
        (
            "curly apostrophe matches straight and is kept",
            vec![Rule::replace(
                "g",
                &["Women' Generation"],
                "Girls' Generation",
            )],
            "of Women’ Generation’s",
            "of Girls’ Generation’s",
        ),
        (
            "straight stays straight",
            vec![Rule::replace(
                "g",
                &["Women’ Generation"],
                "Girls’ Generation",
            )],
            "of Women' Generation's",
            "of Girls' Generation's",
        ),
        (
            "non-ASCII letters are not case-folded",
            vec![Rule::replace("e", &["évian"], "water")],
            "Évian and évian",
            "Évian and water",
        ),
        (
            "non-ASCII letters are word characters",
            vec![Rule::replace("c", &["caf"], "X")],
            "café caf",
            "café X",
        ),
        (
            "exact case",
            {
                let mut r = Rule::replace("l", &["L"], "El");
                r.case = CasePolicy::Exact;
                vec![r]
            },
            "L and l",
            "El and l",
        ),
        (
            "replacement not rescanned",
            vec![
                Rule::replace("ab", &["a"], "b"),
                Rule::replace("bc", &["b"], "c"),
            ],
            "a",
            "b",
        ),
        (
            "lines are matched separately",
            vec![Rule::replace("ny", &["New York"], "NY")],
            "New\nYork",
            "New\nYork",
        ),
        (
            "CRLF kept",
            vec![Rule::replace("ny", &["New York"], "NY")],
            "New York\r\nNew York\r\n",
            "NY\r\nNY\r\n",
        ),
        (
            "BOM kept",
            vec![Rule::replace("ny", &["New York"], "NY")],
            "\u{feff}New York",
            "\u{feff}NY",
        ),
        (
            "prev word guard",
            vec![guarded(
                Rule::replace("g", &["goal"], "aim"),
                Guard {
                    prev_word: crate::rule::WordGuard {
                        one_of: vec!["she".into()],
                        ..Default::default()
                    },
                    ..Guard::default()
                },
            )],
            "she goal for it; a goal for all",
            "she aim for it; a goal for all",
        ),
        (
            "next word regex guard",
            vec![guarded(
                Rule::replace("w", &["whereas"], "while"),
                Guard {
                    next_word: crate::rule::WordGuard {
                        matches: Some(Pattern::new("ing$").unwrap()),
                        ..Default::default()
                    },
                    ..Guard::default()
                },
            )],
            "whereas asking, whereas he",
            "while asking, whereas he",
        ),
        (
            "refused longer candidate falls back to shorter",
            vec![
                guarded(
                    Rule::replace("long", &["after all"], "of course"),
                    Guard {
                        followed_by: vec!["!".into()],
                        ..Guard::default()
                    },
                ),
                Rule::replace("short", &["after"], "behind"),
            ],
            "after all, yes",
            "behind all, yes",
        ),
        (
            "spun rule idle in clean text",
            vec![
                signature(Rule::replace("sig", &["onerous"], "hard")),
                spun(Rule::replace("however", &["however"], "but")),
            ],
            "It is good, however it is late.",
            "It is good, however it is late.",
        ),
        (
            "spun rule applies in spun text",
            vec![
                signature(Rule::replace("sig", &["onerous"], "hard")),
                spun(Rule::replace("however", &["however"], "but")),
            ],
            "work onerous, however late",
            "work hard, but late",
        ),
        (
            "canonical name claims its span",
            vec![
                Rule::name("Seo Ye Ji", crate::rule::NameCategory::Person, &[]),
                Rule::replace("seo", &["Seo"], "SEO"),
            ],
            "Seo Ye Ji and Seo",
            "Seo Ye Ji and SEO",
        ),
        (
            "case-garbled person name",
            vec![Rule::name(
                "Lee Ho Jung",
                crate::rule::NameCategory::Person,
                &[],
            )],
            "Lee ho jung sits",
            "Lee Ho Jung sits",
        ),
        (
            "swapped person name",
            vec![Rule::name(
                "Song Kang",
                crate::rule::NameCategory::Person,
                &[],
            )],
            "and Kang song like him",
            "and Song Kang like him",
        ),
        (
            "spinner syllable in a name",
            vec![Rule::name(
                "Seo Dan Ah",
                crate::rule::NameCategory::Person,
                &[],
            )],
            "by which Website positioning Dan Ah (Sooyoung)",
            "by which Seo Dan Ah (Sooyoung)",
        ),
        (
            "lower-case name not touched",
            vec![Rule::name("Joy", crate::rule::NameCategory::Person, &[])],
            "tears of joy",
            "tears of joy",
        ),
        (
            "lower-case start of a name not touched",
            vec![Rule::name(
                "Song Kang",
                crate::rule::NameCategory::Person,
                &[],
            )],
            "a kang song",
            "a kang song",
        ),
        (
            "title fixed in quotes",
            vec![Rule::name(
                "When the Devil Calls Your Name",
                crate::rule::NameCategory::Title,
                &[],
            )],
            "in “When the devil calls your name” below",
            "in “When the Devil Calls Your Name” below",
        ),
        (
            "title left alone in prose",
            vec![Rule::name("Run On", crate::rule::NameCategory::Title, &[])],
            "they run on and on",
            "they run on and on",
        ),
        (
            "name guards: like between names",
            vec![
                Rule::name("Han So Hee", crate::rule::NameCategory::Person, &[]),
                Rule::name("Yoo Na Bi", crate::rule::NameCategory::Person, &[]),
                guarded(
                    Rule::replace("like-as", &["like"], "as"),
                    Guard {
                        prev_name: true,
                        next_name: true,
                        ..Guard::default()
                    },
                ),
            ],
            "starring Han So Hee like Yoo Na Bi, a girl like me",
            "starring Han So Hee as Yoo Na Bi, a girl like me",
        ),
        (
            "cut to end removes furniture and blank lines before it",
            vec![boilerplate(
                "cut",
                Action::CutToEnd {
                    markers: vec!["How does this article make you feel?".into()],
                },
            )],
            "Body.\n\nHow does this article make you feel?\n396\nComments",
            "Body.",
        ),
        (
            "cut keeps the final newline",
            vec![boilerplate(
                "cut",
                Action::CutToEnd {
                    markers: vec!["How does this article make you feel?".into()],
                },
            )],
            "Body.\r\n\r\nHow does this article make you feel?\r\n",
            "Body.\r\n",
        ),
        (
            "remove line",
            vec![boilerplate(
                "rm",
                Action::RemoveLine {
                    lines: vec!["Similar Articles".into()],
                },
            )],
            "a\nSimilar Articles\nb",
            "a\nb",
        ),
        (
            "strip prefix",
            vec![boilerplate(
                "stamp",
                Action::StripPrefix {
                    pattern: Pattern::new(r"^\s*date \d{4}-\d{2}-\d{2}\s+").unwrap(),
                },
            )],
            " date 2021-01-24 JTBC’s show",
            "JTBC’s show",
        ),
        (
            "no-break spaces become spaces outside matches",
            vec![
                boilerplate(
                    "nbsp",
                    Action::ReplaceChar {
                        chars: vec!['\u{a0}'],
                        replacement: " ".into(),
                    },
                ),
                Rule::replace("ny", &["New York"], "NY"),
            ],
            "a\u{a0}b New\u{a0}York",
            "a b NY",
        ),
        (
            "whole-line guard",
            vec![guarded(
                {
                    let mut r = Rule::replace("look", &["Look now"], "Watch Now");
                    r.case = CasePolicy::Verbatim;
                    r
                },
                Guard {
                    whole_line: true,
                    ..Guard::default()
                },
            )],
            "Look now\nLook now at that",
            "Watch Now\nLook now at that",
        ),
        (
            "empty haystack",
            vec![Rule::replace("ny", &["New York"], "NY")],
            "",
            "",
        ),
    ]
}

#[test]
fn table_cases() {
    for (name, rules, haystack, expected) in table() {
        let engine = engine(rules);
        let got = fix(&engine, haystack);
        assert_eq!(
            got, expected,
            "\n--- case: {name}\n--- haystack\n{haystack}\n--- expected\n{expected}\n--- got\n{got}\n"
        );
    }
}

#[test]
fn table_cases_are_idempotent() {
    for (name, rules, haystack, _) in table() {
        if name == "replacement not rescanned" {
            continue; // a -> b, b -> c is deliberately not idempotent
        }
        let engine = engine(rules);
        let once = fix(&engine, haystack);
        assert_eq!(fix(&engine, &once), once, "case {name} is not idempotent");
    }
}

#[test]
fn edits_carry_spans_and_rules() {
    let e = engine(vec![Rule::replace("cut", &["Minimize!"], "cut!")]);
    let text = "“Minimize!”";
    let out = e.find_edits(text);
    assert_eq!(out.edits.len(), 1);
    let edit = &out.edits[0];
    assert_eq!(&text[edit.span.clone()], "Minimize!");
    assert_eq!(edit.before, "Minimize!");
    assert_eq!(edit.after, "Cut!");
    assert_eq!(e.rule(edit.rule).id, "cut");
}

#[test]
fn spin_score_counts_signatures_per_thousand_words() {
    let e = engine(vec![signature(Rule::replace("sig", &["onerous"], "hard"))]);
    let out = e.find_edits("work onerous and work onerous now");
    assert_eq!(out.words, 6);
    assert!((out.spin_score - 2000.0 / 6.0).abs() < 1e-9);
    assert_eq!(e.find_edits("clean text").spin_score, 0.0);
}

#[test]
fn flag_rules_report_but_never_apply() {
    let mut r = Rule::replace("f", &["neural network"], "NN");
    r.tier = Tier::Flag;
    let e = engine(vec![r, Rule::replace("n", &["network"], "net")]);
    let out = e.find_edits("a neural network");
    assert_eq!(out.flagged.len(), 1);
    assert_eq!(apply("a neural network", &out.edits), "a neural net");
}

/// Fuzz finding (target `engine`, input `[36, 32, 168, 0, 26]`): the view dropped control
/// character U+0001, so an edit for `a` in `a\u{1}` swallowed it, and `ab` matched
/// `a\u{1}b`.
#[test]
fn regression_fuzz_engine_control_char() {
    let e = engine(vec![Rule::replace("a", &["a"], "xy")]);
    let out = e.find_edits("a\u{1}");
    assert_eq!(out.edits.len(), 1);
    assert_eq!(out.edits[0].span, 0..1);
    assert_eq!(fix(&e, "a\u{1}"), "xy\u{1}");
    let e = engine(vec![Rule::replace("ab", &["ab"], "X")]);
    assert_eq!(fix(&e, "a\u{1}b ab"), "a\u{1}b X");
}

/// Found writing the reliability tests: in a CR-only file, `the 2\ractors` matched
/// `the 2 actors` (the view folded a lone CR into a space) and the fix lost a line break.
#[test]
fn regression_cr_only_line_break_is_never_matched_across() {
    let e = engine(vec![Rule::replace(
        "two",
        &["the 2 actors"],
        "the two actors",
    )]);
    assert_eq!(
        fix(&e, "the 2\ractors\rthe 2 actors\r"),
        "the 2\ractors\rthe two actors\r"
    );
    assert_eq!(fix(&e, "the 2 actors\r\n"), "the two actors\r\n");
    assert_eq!(fix(&e, "the 2 \r actors"), "the 2 \r actors");
}

mod oracle {
    //! A brute-force matcher written from the contract, character by character.
    use super::*;
    use proptest::prelude::*;

    /// White space a phrase's space may match. A `\r` never is: before `\n` it ends the
    /// line anyway, anywhere else it is a line break of its own (CR-only files).
    fn is_space(c: char) -> bool {
        c != '\n' && c != '\r' && view::is_space(c)
    }

    fn same(a: char, b: char) -> bool {
        let norm = |c: char| view::straight_quote(c).map_or(c.to_ascii_lowercase(), char::from);
        norm(a) == norm(b)
    }

    /// End of `phrase` matched at byte `at` of `text`, if it matches there.
    fn match_at(text: &str, at: usize, phrase: &str) -> Option<usize> {
        let mut t = text[at..].char_indices().peekable();
        let mut pos = at;
        let normalized: String = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        for pc in normalized.chars() {
            if pc == ' ' {
                let mut any = false;
                while let Some(&(i, c)) = t.peek() {
                    if !is_space(c) {
                        break;
                    }
                    any = true;
                    pos = at + i + c.len_utf8();
                    t.next();
                }
                if !any {
                    return None;
                }
            } else {
                let (i, c) = t.next()?;
                if !same(c, pc) {
                    return None;
                }
                pos = at + i + c.len_utf8();
            }
        }
        Some(pos)
    }

    /// The contract: leftmost, then longest, boundary-valid, then continue after it.
    pub fn find(rules: &[(String, String)], text: &str) -> Vec<(std::ops::Range<usize>, usize)> {
        let word = view::is_word_char;
        let mut found = Vec::new();
        let mut pos = 0;
        while pos <= text.len() {
            let mut best: Option<(usize, usize, usize)> = None; // (start, end, rule)
            for start in (pos..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for (index, (phrase, _)) in rules.iter().enumerate() {
                    let Some(end) = match_at(text, start, phrase) else {
                        continue;
                    };
                    let first = phrase.trim().chars().next().unwrap();
                    let last = phrase.trim().chars().next_back().unwrap();
                    if word(first) && text[..start].chars().next_back().is_some_and(word) {
                        continue;
                    }
                    if word(last) && text[end..].chars().next().is_some_and(word) {
                        continue;
                    }
                    if best.is_none_or(|(_, e, _)| end > e) {
                        best = Some((start, end, index));
                    }
                }
                if best.is_some() {
                    break;
                }
            }
            match best {
                Some((start, end, index)) => {
                    found.push((start..end, index));
                    pos = end;
                }
                None => break,
            }
        }
        found
    }

    fn phrase() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec!["a", "b", "A", " ", "'", "’", "!", "é", "-"]),
            1..5,
        )
        .prop_map(|parts| parts.concat())
        .prop_filter("phrases are trimmed and not empty", |p| {
            !p.is_empty() && p.trim() == p
        })
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec![
                "a", "b", "A", "B", " ", "\u{a0}", "\t", "'", "’", "!", ".", "é", "É", "\n", "\r",
                "-", "ab", "ba ",
            ]),
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    fn dictionary() -> impl Strategy<Value = Vec<(String, String)>> {
        proptest::collection::vec(phrase(), 1..6).prop_map(|phrases| {
            // One rule per matching form, as the loader guarantees.
            let mut seen = std::collections::HashSet::new();
            phrases
                .into_iter()
                .filter(|p| seen.insert(view::phrase_view(p)))
                .enumerate()
                .map(|(i, p)| (p, format!("#{i}")))
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn engine_agrees_with_oracle(rules in dictionary(), text in text()) {
            let engine = engine(
                rules.iter().enumerate()
                    .map(|(i, (p, r))| Rule::replace(&format!("r{i}"), &[p.as_str()], r))
                    .collect(),
            );
            let got: Vec<_> = engine
                .find_edits(&text)
                .edits
                .into_iter()
                .map(|e| (e.span, e.rule))
                .collect();
            let want = find(&rules, &text);
            prop_assert_eq!(got, want, "text {:?} rules {:?}", text, rules);
        }
    }
}
