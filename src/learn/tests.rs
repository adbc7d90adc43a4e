use super::*;

fn pair(garbled: &str, fixed: &str) -> Pair {
    Pair {
        name: "t.txt".into(),
        garbled: garbled.into(),
        fixed: fixed.into(),
    }
}

fn learned(pairs: &[Pair]) -> Learned {
    learn(pairs, &[])
}

fn finds(l: &Learned) -> Vec<(String, String)> {
    l.candidates
        .iter()
        .filter_map(|c| match &c.proposal {
            Proposal::Substitution { find, replace, .. } => Some((find.clone(), replace.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn tokens_join_hyphens_and_split_punctuation() {
    let text = "the behind-the-scenes video, “Cut!” A+ don’t";
    let toks: Vec<&str> = tokenize(text).into_iter().map(|r| &text[r]).collect();
    assert_eq!(
        toks,
        [
            "the",
            "behind-the-scenes",
            "video",
            ",",
            "“",
            "Cut",
            "!",
            "”",
            "A",
            "+",
            "don",
            "’",
            "t"
        ]
    );
}

#[test]
fn stamps_generalize_digits_and_spaces() {
    assert_eq!(
        stamp_pattern(" date 2021-01-24 "),
        r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+"
    );
    assert_eq!(stamp_pattern("[AD] "), r"^\s*\[AD\]\s+");
}

#[test]
fn sentences_stop_at_sentence_ends() {
    let text = "First one. Then “the 2 actors” laugh! Last.";
    let at = text.find("2").unwrap();
    let r = sentence_around(text, at..at + 1);
    assert_eq!(&text[r], "Then “the 2 actors” laugh!");
}

#[test]
fn a_common_word_takes_context() {
    let l = learned(&[pair(
        "It has shared an lovely glimpse. He yells “Minimize!” and laughs.\n",
        "It has shared a lovely glimpse. He yells “Cut!” and laughs.\n",
    )]);
    assert_eq!(
        finds(&l),
        [
            (
                "shared an lovely".to_string(),
                "shared a lovely".to_string()
            ),
            ("Minimize!".to_string(), "cut!".to_string()),
        ]
    );
    let c = &l.candidates[0];
    assert_eq!(
        c.examples,
        [(
            "It has shared an lovely glimpse.".to_string(),
            "It has shared a lovely glimpse.".to_string()
        )]
    );
    assert_eq!(c.seen[0].line, 1);
}

#[test]
fn contractions_and_hyphenations_of_common_words_are_common() {
    assert!(is_common_chunk("doesn’t"));
    assert!(is_common_chunk("It’s"));
    assert!(is_common_chunk("behind-the-scenes"));
    assert!(is_common_chunk("2"));
    assert!(!is_common_chunk("Hwa"));
    assert!(is_ordinary("It doesn’t"));
    assert!(!is_ordinary("one of the simplest ways"));
}

#[test]
fn a_comma_is_kept_with_the_word_after_it() {
    let l = learned(&[pair(
        "He replies, “After all, CEO.”",
        "He replies, “Of course, CEO.”",
    )]);
    assert_eq!(
        finds(&l),
        [("After all, CEO".to_string(), "of course, CEO".to_string())]
    );
}

#[test]
fn a_line_of_common_words_gets_a_whole_line_guard() {
    let l = learned(&[pair(
        "Also see:\n\nLook now\n\nThe end.",
        "Also see:\n\nWatch Now\n\nThe end.",
    )]);
    let Proposal::Substitution {
        find,
        whole_line,
        verbatim,
        ..
    } = &l.candidates[0].proposal
    else {
        panic!("{:?}", l.candidates);
    };
    assert_eq!(find, "Look now");
    assert!(whole_line);
    assert!(!verbatim);
}

#[test]
fn names_grow_to_the_whole_run() {
    let l = learned(&[pair(
        "The scene by which Website positioning Dan Ah (Sooyoung) smiles, and Kang song waves.",
        "The scene in which Seo Dan Ah (Sooyoung) smiles, and Song Kang waves.",
    )]);
    let names: Vec<(String, Vec<String>)> = l
        .candidates
        .iter()
        .filter_map(|c| match &c.proposal {
            Proposal::Name {
                canonical,
                variants,
                ..
            } => Some((canonical.clone(), variants.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        names,
        [
            // The spinner swap is generated for `Seo Dan Ah`, so it is not listed.
            ("Seo Dan Ah".to_string(), vec![]),
            ("Song Kang".to_string(), vec!["Kang song".to_string()]),
        ]
    );
    assert_eq!(
        finds(&l),
        [("scene by which".to_string(), "scene in which".to_string())]
    );
}

#[test]
fn titles_in_quotes_become_titles() {
    let l = learned(&[pair(
        "She starred in “Inform Me What You Noticed” and “When the devil calls your name” too.",
        "She starred in “Tell Me What You Saw” and “When the Devil Calls Your Name” too.",
    )]);
    let got: Vec<(String, NameCategory, Vec<String>)> = l
        .candidates
        .iter()
        .filter_map(|c| match &c.proposal {
            Proposal::Name {
                canonical,
                category,
                variants,
                ..
            } => Some((canonical.clone(), *category, variants.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "Tell Me What You Saw".to_string(),
                NameCategory::Title,
                vec![]
            ),
            (
                "When the Devil Calls Your Name".to_string(),
                NameCategory::Title,
                vec![]
            ),
        ]
    );
}

#[test]
fn furniture_becomes_boilerplate() {
    let l = learned(&[pair(
        " date 2021-01-24 KBS shared a teaser.\n\nIt airs soon.\n\nHow does this article make you feel?\n\nLeave a Reply",
        "KBS shared a teaser.\n\nIt airs soon.",
    )]);
    let kinds: Vec<&Proposal> = l.candidates.iter().map(|c| &c.proposal).collect();
    assert_eq!(
        kinds,
        [
            &Proposal::CutFrom {
                marker: "How does this article make you feel?".into()
            },
            &Proposal::StripPrefix {
                pattern: r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+".into()
            },
        ]
    );
}

#[test]
fn no_break_spaces_are_not_learned() {
    let l = learned(&[pair("a\u{a0}b c.\n", "a b c.\n")]);
    assert!(l.candidates.is_empty(), "{:?}", l.candidates);
}

#[test]
fn identical_changes_merge_and_conflicts_keep_the_best_supported() {
    let l = learned(&[
        pair(
            "Oh means that she goes. Oh means that he goes.",
            "Oh suggests that she goes. Oh suggests that he goes.",
        ),
        pair("Oh means that it goes.", "Oh implies that it goes."),
    ]);
    assert_eq!(l.candidates.len(), 1, "{:?}", l.candidates);
    assert_eq!(l.candidates[0].support, 2);
    assert!(
        matches!(l.dropped[0].reason, DropReason::Conflict(_)),
        "{:?}",
        l.dropped
    );
}

#[test]
fn a_candidate_that_would_change_fixed_text_is_dropped() {
    // "the 2" → "the two" learned here, but the fixed text of the other pair keeps a "the 2".
    let l = learned(&[
        pair("Then the 2 actors met.", "Then the two actors met."),
        pair("See the 2 actors list.", "See the 2 actors list and more."),
    ]);
    assert!(finds(&l).is_empty(), "{:?}", l.candidates);
    assert!(l
        .dropped
        .iter()
        .any(|d| matches!(d.reason, DropReason::ChangesFixedText(..))));
}

#[test]
fn changes_the_loaded_rules_make_are_dropped() {
    let current = vec![Rule::replace("cut", &["Minimize!"], "cut!")];
    let l = learn(&[pair("He yells “Minimize!”", "He yells “Cut!”")], &current);
    assert!(l.candidates.is_empty());
    assert_eq!(l.dropped[0].reason, DropReason::AlreadyProduced);
}

#[test]
fn the_rendered_yaml_loads_and_its_examples_hold() {
    let l = learned(&[pair(
        "JTBC’s drama stars Kang song like Park Jae Uhn.\n\nHe yells “Minimize!”\n\nLook now\n\nComments",
        "JTBC’s drama stars Song Kang as Park Jae Uhn.\n\nHe yells “Cut!”\n\nWatch Now",
    )]);
    let text = render(&l, None);
    for doc in text.split("---\n") {
        let rules = crate::dictionary::parse("learned.yaml", doc)
            .unwrap_or_else(|e| panic!("{doc}\n{e:?}"));
        assert!(crate::dictionary::examples::run(&rules).is_empty(), "{doc}");
    }
    assert!(text.contains("# support: 1\n"), "{text}");
    assert!(text.contains("# seen: \""), "{text}");
}
