//! JSON Lines records: repair one string field of a record and leave every other byte alone.
//!
//! A record is one JSON object on one line. [`repair`] finds the field named by a
//! [`FieldPath`] (`text`, or `article.body` for a field inside an object), runs the engine
//! over its text, and splices the repaired string back into the record's own bytes. Nothing
//! is re-serialized: key order, white space, number spellings (`1.10`, a 30-digit integer),
//! escapes in other fields all stay exactly as they were. Only the repaired field is
//! written anew, as serde_json writes a string (non-ASCII characters as they are, quotes,
//! backslashes and control characters escaped); a field with no edits keeps its bytes too.
//!
//! With a report field, an array of the edits (`rule`, `before`, `after`, `start`, `end`:
//! byte offsets into the field's text) is added as the last member of the record, or
//! replaces the value of an existing member of that name.
//!
//! A record that is not JSON, lacks the field, or holds something other than a string
//! there is a [`Problem`]; callers pass such records through unchanged or stop.
//!
//! ```
//! use unspin::{engine::Engine, jsonl::{repair, FieldPath}, rule::Rule};
//! let engine = Engine::new(vec![Rule::replace("cut", &["Minimize!"], "cut!")], Default::default())?;
//! let path = FieldPath::parse("a.text").unwrap();
//! let record = br#"{"id": 12345678901234567890, "a": {"text": "yells Minimize!"}, "x": 1.10}"#;
//! let fixed = repair(&engine, record, &path, None).unwrap();
//! assert_eq!(
//!     String::from_utf8(fixed.record).unwrap(),
//!     r#"{"id": 12345678901234567890, "a": {"text": "yells Cut!"}, "x": 1.10}"#
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::engine::Engine;
use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// Where the text field sits in a record: object keys from the top, as in `article.body`.
/// (A key that itself holds a dot cannot be named.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldPath {
    keys: Vec<String>,
}

impl FieldPath {
    /// Parses a dotted path; `None` when it is empty or has an empty key (`a..b`).
    pub fn parse(path: &str) -> Option<FieldPath> {
        let keys: Vec<String> = path.split('.').map(str::to_string).collect();
        if keys.iter().any(String::is_empty) {
            return None;
        }
        Some(FieldPath { keys })
    }

    /// The top-level key the path starts with.
    pub fn first(&self) -> &str {
        &self.keys[0]
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.keys.join("."))
    }
}

/// Why a record was not repaired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a JSON value (serde_json's message).
    InvalidJson(String),
    /// The record is not an object, or the path leads nowhere.
    MissingField,
    /// The field holds a value of this JSON type instead of a string.
    NotAString(&'static str),
}

impl Problem {
    /// The category, for counts: `invalid JSON`, `missing field`, `field not a string`.
    pub fn category(&self) -> &'static str {
        match self {
            Problem::InvalidJson(_) => "invalid JSON",
            Problem::MissingField => "missing field",
            Problem::NotAString(_) => "field not a string",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::InvalidJson(e) => write!(f, "invalid JSON: {e}"),
            Problem::MissingField => f.write_str("missing field"),
            Problem::NotAString(kind) => write!(f, "field not a string but {kind}"),
        }
    }
}

/// A repaired record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repaired {
    /// The record's bytes with the field repaired (and the report added).
    pub record: Vec<u8>,
    /// Edits applied to the field.
    pub edits: usize,
}

/// One edit in a report.
#[derive(Serialize)]
struct ReportEdit<'a> {
    rule: &'a str,
    before: &'a str,
    after: &'a str,
    start: usize,
    end: usize,
}

/// Repairs the field at `path` of `record` (one JSON object, without its line break). With
/// `report`, the edits are added under that top-level key (which must not be the first key
/// of `path`).
pub fn repair(
    engine: &Engine,
    record: &[u8],
    path: &FieldPath,
    report: Option<&str>,
) -> Result<Repaired, Problem> {
    serde_json::from_slice::<serde::de::IgnoredAny>(record)
        .map_err(|e| Problem::InvalidJson(e.to_string()))?;
    let top = skip_ws(record, 0);
    let span = locate(record, top, &path.keys)?;
    let text: String = serde_json::from_slice(&record[span.clone()])
        .map_err(|e| Problem::InvalidJson(e.to_string()))?;
    let outcome = engine.find_edits(&text);
    // Splices, in order of position: the field, then the report.
    let mut splices: Vec<(Range<usize>, Vec<u8>)> = Vec::new();
    if !outcome.edits.is_empty() {
        let fixed = crate::edit::apply(&text, &outcome.edits);
        let json = serde_json::to_vec(&fixed).expect("a string always serializes");
        splices.push((span, json));
    }
    if let Some(key) = report {
        let edits: Vec<ReportEdit<'_>> = outcome
            .edits
            .iter()
            .map(|e| ReportEdit {
                rule: &engine.rule(e.rule).id,
                before: &e.before,
                after: &e.after,
                start: e.span.start,
                end: e.span.end,
            })
            .collect();
        let value = serde_json::to_vec(&edits).expect("edits always serialize");
        match member(record, top, key) {
            Some(existing) => splices.push((existing, value)),
            None => {
                let close = record
                    .iter()
                    .rposition(|&b| b == b'}')
                    .expect("a record with a field is an object");
                let mut member = Vec::with_capacity(value.len() + key.len() + 4);
                member.push(b',');
                member.extend(serde_json::to_vec(key).expect("a string always serializes"));
                member.push(b':');
                member.extend(value);
                splices.push((close..close, member));
            }
        }
    }
    splices.sort_by_key(|(range, _)| range.start);
    let mut out = Vec::with_capacity(record.len() + 64);
    let mut last = 0;
    for (range, bytes) in splices {
        out.extend_from_slice(&record[last..range.start]);
        out.extend_from_slice(&bytes);
        last = range.end;
    }
    out.extend_from_slice(&record[last..]);
    Ok(Repaired {
        record: out,
        edits: outcome.edits.len(),
    })
}

/// The span (quotes included) of the string at `keys` inside the object at `at`. The bytes
/// are known to be valid JSON.
fn locate(json: &[u8], at: usize, keys: &[String]) -> Result<Range<usize>, Problem> {
    let Some((key, rest)) = keys.split_first() else {
        return Err(Problem::MissingField);
    };
    if json.get(at) != Some(&b'{') {
        return Err(Problem::MissingField);
    }
    let value = member(json, at, key).ok_or(Problem::MissingField)?;
    if rest.is_empty() {
        return match json[value.start] {
            b'"' => Ok(value),
            b'{' => Err(Problem::NotAString("an object")),
            b'[' => Err(Problem::NotAString("an array")),
            b't' | b'f' => Err(Problem::NotAString("a boolean")),
            b'n' => Err(Problem::NotAString("null")),
            _ => Err(Problem::NotAString("a number")),
        };
    }
    locate(json, value.start, rest)
}

/// The value span of member `key` of the object starting at `at` (the last one, if the key
/// is repeated, as serde_json reads it).
fn member(json: &[u8], at: usize, key: &str) -> Option<Range<usize>> {
    let mut found = None;
    let mut i = skip_ws(json, at + 1);
    while json.get(i) == Some(&b'"') {
        let key_end = string_end(json, i);
        let raw = &json[i + 1..key_end - 1];
        let same = if raw.contains(&b'\\') {
            serde_json::from_slice::<String>(&json[i..key_end]).is_ok_and(|k| k == key)
        } else {
            raw == key.as_bytes()
        };
        i = skip_ws(json, key_end);
        // The colon.
        i = skip_ws(json, i + 1);
        let end = value_end(json, i);
        if same {
            found = Some(i..end);
        }
        i = skip_ws(json, end);
        if json.get(i) == Some(&b',') {
            i = skip_ws(json, i + 1);
        }
    }
    found
}

fn skip_ws(json: &[u8], mut i: usize) -> usize {
    while i < json.len() && matches!(json[i], b' ' | b'\t' | b'\r' | b'\n') {
        i += 1;
    }
    i
}

/// The end (after the closing quote) of the string starting at `at`.
fn string_end(json: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while i < json.len() {
        match json[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    json.len()
}

/// The end of the value starting at `at`.
fn value_end(json: &[u8], at: usize) -> usize {
    match json.get(at) {
        Some(b'"') => string_end(json, at),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = at;
            while i < json.len() {
                match json[i] {
                    b'"' => {
                        i = string_end(json, i);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            json.len()
        }
        _ => {
            let mut i = at;
            while i < json.len()
                && !matches!(json[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
            {
                i += 1;
            }
            i
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Rule;

    fn engine() -> Engine {
        Engine::new(
            vec![
                Rule::replace("cut", &["Minimize!"], "cut!"),
                Rule::replace("ny", &["New York"], "NY"),
            ],
            Default::default(),
        )
        .unwrap()
    }

    fn fix(record: &str, path: &str, report: Option<&str>) -> Result<String, Problem> {
        repair(
            &engine(),
            record.as_bytes(),
            &FieldPath::parse(path).unwrap(),
            report,
        )
        .map(|r| String::from_utf8(r.record).unwrap())
    }

    #[test]
    fn only_the_field_changes() {
        let record = r#"{ "n": 123456789012345678901234567890, "f": 1.10, "e": 1E+2,
            "s": "caf\u00e9 \"q\"", "text": "in New York", "z": [1, {"text": "New York"}] }"#
            .replace('\n', "");
        assert_eq!(
            fix(&record, "text", None).unwrap(),
            record.replace("\"in New York\"", "\"in NY\"")
        );
    }

    #[test]
    fn nested_fields_and_escapes() {
        let record =
            r#"{"a":{"b":{"text":"She yells \u201cMinimize!\u201d\n"}},"text":"New York"}"#;
        assert_eq!(
            fix(record, "a.b.text", None).unwrap(),
            r#"{"a":{"b":{"text":"She yells “Cut!”\n"}},"text":"New York"}"#
        );
        // Keys with escapes match their decoded form.
        let record = r#"{"t\u0065xt":"New York"}"#;
        assert_eq!(fix(record, "text", None).unwrap(), r#"{"t\u0065xt":"NY"}"#);
    }

    #[test]
    fn unchanged_field_keeps_its_bytes() {
        let record = r#"{"text":"caf\u00e9 \/ fine"}"#;
        assert_eq!(fix(record, "text", None).unwrap(), record);
    }

    #[test]
    fn report_is_added_or_replaced() {
        assert_eq!(
            fix(r#"{"text":"New York, New York"}"#, "text", Some("edits")).unwrap(),
            r#"{"text":"NY, NY","edits":[{"rule":"ny","before":"New York","after":"NY","start":0,"end":8},{"rule":"ny","before":"New York","after":"NY","start":10,"end":18}]}"#
        );
        assert_eq!(
            fix(r#"{"edits":null,"text":"fine"}"#, "text", Some("edits")).unwrap(),
            r#"{"edits":[],"text":"fine"}"#
        );
    }

    #[test]
    fn problems() {
        assert!(matches!(
            fix("{\"text\": ", "text", None),
            Err(Problem::InvalidJson(_))
        ));
        assert!(matches!(
            fix("{} trailing", "text", None),
            Err(Problem::InvalidJson(_))
        ));
        assert_eq!(
            fix(r#"{"other":"x"}"#, "text", None),
            Err(Problem::MissingField)
        );
        assert_eq!(fix(r#"["text"]"#, "text", None), Err(Problem::MissingField));
        assert_eq!(
            fix(r#"{"a":"x"}"#, "a.text", None),
            Err(Problem::MissingField)
        );
        assert_eq!(
            fix(r#"{"text":12}"#, "text", None),
            Err(Problem::NotAString("a number"))
        );
        assert_eq!(
            fix(r#"{"text":null}"#, "text", None),
            Err(Problem::NotAString("null"))
        );
        assert_eq!(
            fix(r#"{"text":{"x":1}}"#, "text", None),
            Err(Problem::NotAString("an object"))
        );
    }

    #[test]
    fn repeated_keys_use_the_last() {
        assert_eq!(
            fix(r#"{"text":"New York","text":"Minimize!"}"#, "text", None).unwrap(),
            r#"{"text":"New York","text":"Cut!"}"#
        );
    }

    #[test]
    fn paths() {
        assert!(FieldPath::parse("").is_none());
        assert!(FieldPath::parse("a..b").is_none());
        assert_eq!(FieldPath::parse("a.b").unwrap().first(), "a");
    }
}
