//! `unspin check --format json`: JSON Lines, one object per edit, in document order.
//!
//! ```text
//! {"path":"a.txt","line":1,"column":11,"start":13,"end":22,"before":"Minimize!","after":"Cut!","rule":"spun.cut","dictionary":"spun.yaml:12","kind":"substitutions","tier":"auto"}
//! ```
//!
//! - `line`, `column`: 1-based; the column counts characters (as in the text report).
//! - `start`, `end`: byte offsets in the input (byte-order mark included), so
//!   `input[start..end] == before`.
//! - `rule`: the rule id; `dictionary`: where the rule was written, `file:line`.
//! - `kind`: `names`, `substitutions` or `boilerplate`.
//! - `tier`: the rule's tier. An edit of a `flag` rule (`"tier":"flag"`) is reported, never
//!   applied; every other record is an edit `fix` makes.

use super::{in_order, Document};
use crate::edit::LineIndex;
use crate::rule::Rule;
use serde::Serialize;
use std::io::{self, Write};

/// One JSON record; field order is the order written.
#[derive(Serialize)]
struct Record<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    start: usize,
    end: usize,
    before: &'a str,
    after: &'a str,
    rule: &'a str,
    dictionary: String,
    kind: &'static str,
    tier: &'static str,
}

/// Writes one JSON line per edit (applied or flagged) of one document. `rules` is the
/// engine's rule table, which [`crate::edit::Edit::rule`] indexes.
pub fn write_document<W: Write>(out: &mut W, doc: &Document<'_>, rules: &[Rule]) -> io::Result<()> {
    let index = LineIndex::new(doc.haystack);
    for (edit, _) in in_order(doc.outcome) {
        let rule = &rules[edit.rule];
        let (line, column) = index.line_column(doc.haystack, edit.span.start);
        let record = Record {
            path: doc.path,
            line,
            column,
            start: edit.span.start,
            end: edit.span.end,
            before: &edit.before,
            after: &edit.after,
            rule: &rule.id,
            dictionary: format!("{}:{}", rule.origin.file, rule.origin.line),
            kind: rule.kind.as_str(),
            tier: rule.tier.as_str(),
        };
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Edit;
    use crate::engine::Outcome;
    use crate::rule::{Kind, Origin, Tier};
    use serde_json::{json, Value};

    #[test]
    fn one_object_per_edit_with_every_field() {
        let hay = "\u{FEFF}yells “Minimize!”\nSeo\u{a0}Yeji\n";
        let mut cut = Rule::replace("spun.cut", &["Minimize!"], "Cut!");
        cut.origin = Origin {
            file: "dicts/spun.yaml".into(),
            line: 12,
            column: 5,
        };
        let mut flag = Rule::replace("names.seo", &[], "");
        flag.kind = Kind::Names;
        flag.tier = Tier::Flag;
        let start = hay.find("Minimize!").unwrap();
        let seo = hay.find("Seo").unwrap();
        let outcome = Outcome {
            edits: vec![Edit {
                span: start..start + 9,
                before: "Minimize!".into(),
                after: "Cut!".into(),
                rule: 0,
            }],
            flagged: vec![Edit {
                span: seo..seo + 9,
                before: "Seo\u{a0}Yeji".into(),
                after: "Seo Ye Ji".into(),
                rule: 1,
            }],
            ..Outcome::default()
        };
        let doc = Document {
            path: "in/a.txt",
            haystack: hay,
            outcome: &outcome,
        };
        let mut out = Vec::new();
        write_document(&mut out, &doc, &[cut, flag]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines,
            vec![
                json!({"path": "in/a.txt", "line": 1, "column": 9, "start": 12, "end": 21,
                       "before": "Minimize!", "after": "Cut!", "rule": "spun.cut",
                       "dictionary": "dicts/spun.yaml:12", "kind": "substitutions",
                       "tier": "auto"}),
                json!({"path": "in/a.txt", "line": 2, "column": 1, "start": 25, "end": 34,
                       "before": "Seo\u{a0}Yeji", "after": "Seo Ye Ji", "rule": "names.seo",
                       "dictionary": "<test>:1", "kind": "names", "tier": "flag"}),
            ]
        );
        assert_eq!(&hay[12..21], "Minimize!");
        assert!(text.starts_with(r#"{"path":"in/a.txt","line":1,"column":9,"start":12"#));
    }

    #[test]
    fn no_edits_no_output() {
        let outcome = Outcome::default();
        let doc = Document {
            path: "a",
            haystack: "x",
            outcome: &outcome,
        };
        let mut out = Vec::new();
        write_document(&mut out, &doc, &[]).unwrap();
        assert!(out.is_empty());
    }
}
