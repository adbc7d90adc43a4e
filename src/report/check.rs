//! `unspin check` lines and summary.
//!
//! One line per edit, in document order:
//!
//! ```text
//! news.txt:3:14: Minimize! -> Cut! [spun.cut]
//! news.txt:9:1: Similar Articles -> (removed) [boilerplate.similar-articles]
//! news.txt:4:2: flag: the second that -> the moment [spun.the-second-that]
//! news.txt: spin score 21.3 (spun rules applied)
//! ```
//!
//! - `line:col` is where the edit starts; lines are 1-based, columns count characters
//!   ([`crate::edit::LineIndex`]), counting from the very first byte (a byte-order mark is
//!   column 1 of line 1, so text after it starts at column 2).
//! - `before` and `after` are shown on one line (see [`visible`]): invisible and control
//!   characters appear as `<NBSP>`, `<TAB>`, `<CR>`, `<U+200B>`...; a `before` spanning
//!   several lines shows its first line with content, then `…`; a deletion shows
//!   `-> (removed)`.
//! - An edit of a `flag` rule is reported with `flag:` and never counted as a change.
//! - A document with a non-zero spin score gets one more line giving it, with
//!   `(spun rules applied)` when its score switched on the `spun` tier.
//!
//! The summary counts changes by kind, omitting kinds with none:
//! `15 changes in 3 files: names 3, substitutions 12`, or `no changes (5 files checked)`;
//! flagged edits are added as `; 2 flagged (not applied)`, and changes the decisions file
//! suppressed ([`crate::decisions`]) as `; 2 suppressed by decisions`.

use super::{in_order, Document};
use crate::edit::LineIndex;
use crate::engine::Outcome;
use crate::rule::{Kind, Rule};
use std::io::{self, Write};

/// Writes the check lines of one document. `rules` is the engine's rule table
/// ([`crate::engine::Engine::rules`]), which [`crate::edit::Edit::rule`] indexes.
pub fn write_document<W: Write>(out: &mut W, doc: &Document<'_>, rules: &[Rule]) -> io::Result<()> {
    let index = LineIndex::new(doc.haystack);
    for (edit, flagged) in in_order(doc.outcome) {
        let (line, column) = index.line_column(doc.haystack, edit.span.start);
        let flag = if flagged { "flag: " } else { "" };
        let after = if edit.is_deletion() {
            "(removed)".to_string()
        } else {
            visible(&edit.after)
        };
        writeln!(
            out,
            "{}:{line}:{column}: {flag}{} -> {after} [{}]",
            doc.path,
            visible(&edit.before),
            rules[edit.rule].id
        )?;
    }
    let outcome = doc.outcome;
    if outcome.spin_score > 0.0 {
        let applied = if outcome.spun_applied {
            " (spun rules applied)"
        } else {
            ""
        };
        writeln!(
            out,
            "{}: spin score {:.1}{applied}",
            doc.path, outcome.spin_score
        )?;
    }
    Ok(())
}

/// Shows `text` on one line, with what cannot be seen made visible.
///
/// - Line breaks: leading ones are skipped (a cut from a marker to the end of the document
///   starts at the end of the last line kept); the first line with content is shown, and
///   `…` stands for whatever follows it. A lone line break shows as `<LF>`.
/// - U+00A0 shows as `<NBSP>`, a tab as `<TAB>`, a carriage return as `<CR>`, a byte-order
///   mark as `<BOM>`; any other control character, Unicode space or zero-width character
///   as `<U+XXXX>`. Plain spaces are left as they are.
/// - Empty text shows as `(empty)`.
pub fn visible(text: &str) -> String {
    if text.is_empty() {
        return "(empty)".to_string();
    }
    let body = text.trim_start_matches(['\r', '\n']);
    if body.is_empty() {
        return text.chars().map(name_of).collect();
    }
    let (first, rest) = match body.find('\n') {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, ""),
    };
    // The `\r` of a CRLF belongs to the line break, not to the line.
    let first = first.strip_suffix('\r').unwrap_or(first);
    let mut shown: String = first.chars().map(name_of).collect();
    if !rest.is_empty() {
        shown.push('…');
    }
    shown
}

/// Like [`visible`], but keeps every line: only line breaks are left as they are. Used
/// inside word-diff markers, where a no-break space turned into a space must still show.
pub fn visible_lines(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' => c.to_string(),
            c => name_of(c),
        })
        .collect()
}

fn name_of(c: char) -> String {
    match c {
        '\u{A0}' => "<NBSP>".to_string(),
        '\t' => "<TAB>".to_string(),
        '\r' => "<CR>".to_string(),
        '\n' => "<LF>".to_string(),
        '\u{FEFF}' => "<BOM>".to_string(),
        ' ' => " ".to_string(),
        c if c.is_control()
            || c.is_whitespace()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}') =>
        {
            format!("<U+{:04X}>", c as u32)
        }
        c => c.to_string(),
    }
}

/// Totals over a run, for the summary line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents checked.
    pub files: usize,
    /// Documents with at least one change.
    pub changed_files: usize,
    /// Changes per kind, in [`Kind::ALL`] order.
    pub by_kind: [usize; 3],
    /// Edits of `flag` rules (reported, not applied).
    pub flagged: usize,
    /// Edits the decisions file suppressed (not reported, not applied).
    pub suppressed: usize,
}

impl Summary {
    /// Counts one document's outcome.
    pub fn add(&mut self, outcome: &Outcome, rules: &[Rule]) {
        self.files += 1;
        if !outcome.edits.is_empty() {
            self.changed_files += 1;
        }
        for edit in &outcome.edits {
            let kind = rules[edit.rule].kind;
            let slot = Kind::ALL
                .iter()
                .position(|&k| k == kind)
                .expect("Kind::ALL lists every kind");
            self.by_kind[slot] += 1;
        }
        self.flagged += outcome.flagged.len();
    }

    /// Total changes (flagged edits not included).
    pub fn changes(&self) -> usize {
        self.by_kind.iter().sum()
    }

    /// Writes the summary line.
    pub fn write<W: Write>(&self, out: &mut W) -> io::Result<()> {
        let changes = self.changes();
        if changes == 0 {
            write!(out, "no changes ({} checked)", plural(self.files, "file"))?;
        } else {
            let kinds: Vec<String> = Kind::ALL
                .iter()
                .zip(self.by_kind)
                .filter(|(_, n)| *n > 0)
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            write!(
                out,
                "{} in {}: {}",
                plural(changes, "change"),
                plural(self.changed_files, "file"),
                kinds.join(", ")
            )?;
        }
        if self.flagged > 0 {
            write!(out, "; {} flagged (not applied)", self.flagged)?;
        }
        if self.suppressed > 0 {
            write!(out, "; {} suppressed by decisions", self.suppressed)?;
        }
        writeln!(out)
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::rule::Tier;

    fn rules() -> Vec<Rule> {
        let mut names = Rule::name("Seo Ye Ji", Default::default(), &[]);
        names.id = "names.seo-ye-ji".into();
        let mut furniture = Rule::replace("boilerplate.similar", &[], "");
        furniture.kind = Kind::Boilerplate;
        let mut flag = Rule::replace("spun.second", &["the second that"], "the moment");
        flag.tier = Tier::Flag;
        vec![
            Rule::replace("spun.cut", &["Minimize!"], "Cut!"),
            names,
            furniture,
            flag,
        ]
    }

    fn edit(hay: &str, before: &str, after: &str, rule: usize) -> Edit {
        let start = hay.find(before).unwrap();
        Edit {
            span: start..start + before.len(),
            before: before.into(),
            after: after.into(),
            rule,
        }
    }

    fn render(path: &str, hay: &str, outcome: &Outcome) -> String {
        let mut out = Vec::new();
        let doc = Document {
            path,
            haystack: hay,
            outcome,
        };
        write_document(&mut out, &doc, &rules()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn one_line_per_edit_with_flags_in_order() {
        let hay = "He yells “Minimize!”\nthe second that Seo\u{a0}Yeji came\nSimilar Articles\n";
        let outcome = Outcome {
            edits: vec![
                edit(hay, "Minimize!", "Cut!", 0),
                edit(hay, "Seo\u{a0}Yeji", "Seo Ye Ji", 1),
                edit(hay, "Similar Articles\n", "", 2),
            ],
            flagged: vec![edit(hay, "the second that", "the moment", 3)],
            ..Outcome::default()
        };
        let got = render("a.txt", hay, &outcome);
        let want = "\
a.txt:1:11: Minimize! -> Cut! [spun.cut]
a.txt:2:1: flag: the second that -> the moment [spun.second]
a.txt:2:17: Seo<NBSP>Yeji -> Seo Ye Ji [names.seo-ye-ji]
a.txt:3:1: Similar Articles -> (removed) [boilerplate.similar]
";
        assert_eq!(got, want);
    }

    #[test]
    fn spin_score_line() {
        let outcome = Outcome {
            spin_score: 21.333,
            spun_applied: true,
            ..Outcome::default()
        };
        assert_eq!(
            render("b.txt", "x", &outcome),
            "b.txt: spin score 21.3 (spun rules applied)\n"
        );
        let outcome = Outcome {
            spin_score: 2.0,
            ..Outcome::default()
        };
        assert_eq!(render("b.txt", "x", &outcome), "b.txt: spin score 2.0\n");
        assert_eq!(render("b.txt", "x", &Outcome::default()), "");
    }

    #[test]
    fn columns_count_characters_and_the_bom() {
        let hay = "\u{FEFF}“Minimize!”";
        let outcome = Outcome {
            edits: vec![edit(hay, "Minimize!", "Cut!", 0)],
            ..Outcome::default()
        };
        assert_eq!(
            render("c.txt", hay, &outcome),
            "c.txt:1:3: Minimize! -> Cut! [spun.cut]\n"
        );
    }

    #[test]
    fn visible_forms() {
        assert_eq!(visible("a\u{a0}b\tc"), "a<NBSP>b<TAB>c");
        assert_eq!(visible("x\u{200B}y\u{7}"), "x<U+200B>y<U+0007>");
        assert_eq!(visible("Similar Articles\r\n"), "Similar Articles");
        assert_eq!(visible("\n\nHow do you feel?\nLike\n"), "How do you feel?…");
        assert_eq!(visible("one\r\ntwo"), "one…");
        assert_eq!(visible("a\rb"), "a<CR>b");
        assert_eq!(visible("\n"), "<LF>");
        assert_eq!(
            visible("\u{FEFF} date 2021-01-24 "),
            "<BOM> date 2021-01-24 "
        );
        assert_eq!(visible(""), "(empty)");
        assert_eq!(visible("“Seo Ye Ji”"), "“Seo Ye Ji”");
        assert_eq!(visible_lines("a\u{a0}b\r\nc\t"), "a<NBSP>b\r\nc<TAB>");
    }

    #[test]
    fn summary_counts_by_kind_and_omits_zero() {
        let rules = rules();
        let hay = "Minimize! Minimize!\nSimilar Articles\n";
        let mut summary = Summary::default();
        let first = edit(hay, "Minimize!", "Cut!", 0);
        let mut second = first.clone();
        second.span = 10..19;
        summary.add(
            &Outcome {
                edits: vec![first, second, edit(hay, "Similar Articles\n", "", 2)],
                ..Outcome::default()
            },
            &rules,
        );
        summary.add(&Outcome::default(), &rules);
        let mut out = Vec::new();
        summary.write(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "3 changes in 1 file: substitutions 2, boilerplate 1\n"
        );
    }

    #[test]
    fn summary_singular_none_and_flagged() {
        let rules = rules();
        let hay = "Seo Yeji";
        let mut one = Summary::default();
        one.add(
            &Outcome {
                edits: vec![edit(hay, "Seo Yeji", "Seo Ye Ji", 1)],
                ..Outcome::default()
            },
            &rules,
        );
        let line = |s: &Summary| {
            let mut out = Vec::new();
            s.write(&mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(line(&one), "1 change in 1 file: names 1\n");
        let mut none = Summary::default();
        none.add(&Outcome::default(), &rules);
        assert_eq!(line(&none), "no changes (1 file checked)\n");
        none.add(
            &Outcome {
                flagged: vec![edit("the second that", "the second that", "x", 3)],
                ..Outcome::default()
            },
            &rules,
        );
        assert_eq!(
            line(&none),
            "no changes (2 files checked); 1 flagged (not applied)\n"
        );
        assert_eq!(none.changes(), 0);
        none.suppressed = 2;
        assert_eq!(
            line(&none),
            "no changes (2 files checked); 1 flagged (not applied); 2 suppressed by decisions\n"
        );
    }
}
