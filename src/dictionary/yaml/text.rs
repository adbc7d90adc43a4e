//! Writing dictionary YAML as text: quoting scalars, rendering a rule, and editing a file in
//! place of a serde round trip, so that every comment, blank line and key order outside the
//! insertion stays byte for byte as the author wrote it.
//!
//! Used by `unspin dict add` ([`crate::dictionary::add`]) and `unspin learn`
//! ([`crate::learn`]). The edits are line-based and only understand the block style the
//! shipped dictionaries use (`rules:` at the top level, one `- key: value` item per rule);
//! anything else is reported as an error rather than guessed at, and callers validate the
//! result by parsing it again before writing it.
//!
//! ```
//! use unspin::dictionary::yaml::text::{append_rules, RuleText, Value};
//! let file = "# my rules\nkind: substitutions\nrules:\n  - find: \"a\"\n    replace: \"b\"\n";
//! let rule = RuleText::new(vec![
//!     ("find", Value::Str("the 2 actors".into())),
//!     ("replace", Value::Str("the two actors".into())),
//! ]);
//! let edited = append_rules(file, &[rule]).unwrap();
//! assert_eq!(
//!     edited,
//!     "# my rules\nkind: substitutions\nrules:\n  - find: \"a\"\n    replace: \"b\"\n\n  \
//!      - find: \"the 2 actors\"\n    replace: \"the two actors\"\n"
//! );
//! ```

use std::fmt::Write as _;

/// `s` as a YAML double-quoted scalar. Backslash, double quote and control characters are
/// escaped; so are invisible spaces (U+00A0 is written `\u00a0`), so a reader sees them.
/// Everything else (curly quotes, Hangul) is written as it is.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || (c.is_whitespace() && c != ' ') || is_invisible(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as a YAML single-quoted scalar (`'` doubled, nothing else escaped), or `None` when
/// it holds a character only double quotes can show (a control character, an invisible
/// space). Regular expressions read best this way: `'^\s*date\s+'`.
pub fn quote_single(s: &str) -> Option<String> {
    if s.chars()
        .any(|c| c.is_control() || (c.is_whitespace() && c != ' ') || is_invisible(c))
    {
        return None;
    }
    Some(format!("'{}'", s.replace('\'', "''")))
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// A value in a rule written as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// A string, always written double-quoted.
    Str(String),
    /// A string written single-quoted when it can be (regular expressions), double-quoted
    /// otherwise.
    Literal(String),
    /// A bare word: `auto`, `verbatim`, `true`.
    Word(String),
    /// A list of strings in flow style: `["a", "b"]`.
    List(Vec<String>),
    /// A nested mapping in block style, two spaces deeper.
    Map(Vec<(String, Value)>),
    /// `examples`: `(input, output)` pairs, one block item each.
    Examples(Vec<(String, String)>),
}

/// One rule to write: comment lines above it, then its fields in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleText {
    /// Comment lines written above the rule, without the leading `# `.
    pub comments: Vec<String>,
    /// Fields in order; the first is written on the `- ` line.
    pub fields: Vec<(String, Value)>,
}

impl RuleText {
    /// A rule with these fields and no comments.
    pub fn new(fields: Vec<(&str, Value)>) -> RuleText {
        RuleText {
            comments: Vec::new(),
            fields: fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        }
    }

    /// The rule as lines in `layout` (each line ends with the layout's line break).
    pub fn render(&self, layout: &Layout) -> String {
        let nl = layout.newline;
        let dash = " ".repeat(layout.dash);
        let key_col = layout.dash + 1 + layout.gap;
        let mut out = String::new();
        for c in &self.comments {
            if c.is_empty() {
                let _ = write!(out, "{dash}#{nl}");
            } else {
                let _ = write!(out, "{dash}# {c}{nl}");
            }
        }
        for (i, (key, value)) in self.fields.iter().enumerate() {
            let lead = if i == 0 {
                format!("{dash}-{}", " ".repeat(layout.gap))
            } else {
                " ".repeat(key_col)
            };
            write_field(&mut out, &lead, key_col, key, value, nl);
        }
        out
    }
}

fn write_field(out: &mut String, lead: &str, col: usize, key: &str, value: &Value, nl: &str) {
    match value {
        Value::Str(s) => {
            let _ = write!(out, "{lead}{key}: {}{nl}", quote(s));
        }
        Value::Literal(s) => {
            let q = quote_single(s).unwrap_or_else(|| quote(s));
            let _ = write!(out, "{lead}{key}: {q}{nl}");
        }
        Value::Word(w) => {
            let _ = write!(out, "{lead}{key}: {w}{nl}");
        }
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(|s| quote(s)).collect();
            let _ = write!(out, "{lead}{key}: [{}]{nl}", items.join(", "));
        }
        Value::Map(fields) => {
            let _ = write!(out, "{lead}{key}:{nl}");
            let inner = " ".repeat(col + 2);
            for (k, v) in fields {
                write_field(out, &inner, col + 2, k, v, nl);
            }
        }
        Value::Examples(pairs) => {
            let _ = write!(out, "{lead}{key}:{nl}");
            let item = " ".repeat(col + 2);
            let cont = " ".repeat(col + 4);
            for (input, output) in pairs {
                let _ = write!(out, "{item}- input: {}{nl}", quote(input));
                let _ = write!(out, "{cont}output: {}{nl}", quote(output));
            }
        }
    }
}

/// How a file lays out its `rules:` list, so new rules look like the old ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Column of each rule's `-`.
    pub dash: usize,
    /// Spaces between the `-` and the first key.
    pub gap: usize,
    /// Whether rules are separated by a blank line.
    pub blank_between: bool,
    /// The file's line break.
    pub newline: &'static str,
}

impl Default for Layout {
    /// The shipped dictionaries' style: `  - key:`, keys at column 4, a blank line between
    /// rules.
    fn default() -> Layout {
        Layout {
            dash: 2,
            gap: 1,
            blank_between: true,
            newline: "\n",
        }
    }
}

/// One line of a file, with its byte range (without the line break) and where the next
/// line starts.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    text: &'a str,
    /// Byte offset after the line break (or the end of the file).
    next: usize,
    /// Whether a line break ends this line.
    terminated: bool,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let (end, next, terminated) = match text[start..].find('\n') {
            Some(i) => (start + i, start + i + 1, true),
            None => (text.len(), text.len(), false),
        };
        let body = text[start..end]
            .strip_suffix('\r')
            .unwrap_or(&text[start..end]);
        out.push(Line {
            text: body,
            next,
            terminated,
        });
        start = next;
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The value of the top-level `kind:` key, when the file has one (`kind: names # x` →
/// `names`).
pub fn top_level_kind(text: &str) -> Option<String> {
    lines(text).iter().find_map(|l| {
        let rest = l.text.strip_prefix("kind:")?;
        let value = rest.split('#').next().unwrap_or("").trim();
        Some(value.trim_matches(|c| c == '"' || c == '\'').to_string())
    })
}

/// Where the `rules:` list is: the index of the `rules:` line, and of each item's `-` line.
struct RulesList {
    key_line: usize,
    /// `rules: []`: an empty flow list to open up.
    empty_flow: bool,
    items: Vec<usize>,
    /// Index of the last line with content that belongs to the list (the key line when the
    /// list is empty).
    last_content: usize,
}

fn rules_list(lines: &[Line<'_>]) -> Result<RulesList, String> {
    let key_line = lines
        .iter()
        .position(|l| {
            l.text.strip_prefix("rules:").is_some_and(|rest| {
                let rest = rest.split('#').next().unwrap_or("").trim();
                rest.is_empty() || rest == "[]"
            })
        })
        .ok_or("no top-level `rules:` list in block style")?;
    let empty_flow = lines[key_line].text["rules:".len()..]
        .split('#')
        .next()
        .unwrap_or("")
        .trim()
        == "[]";
    let mut items: Vec<usize> = Vec::new();
    let mut last_content = key_line;
    if !empty_flow {
        for (i, line) in lines.iter().enumerate().skip(key_line + 1) {
            if is_blank_or_comment(line.text) {
                continue;
            }
            let item = line.text.trim_start().starts_with("- ") || line.text.trim() == "-";
            if indent(line.text) == 0 && !item {
                break; // the next top-level key
            }
            if item && (items.is_empty() || indent(line.text) == indent(lines[items[0]].text)) {
                items.push(i);
            }
            last_content = i;
        }
    }
    Ok(RulesList {
        key_line,
        empty_flow,
        items,
        last_content,
    })
}

/// Reads the layout of `text`'s `rules:` list (the default style when it has no rules).
pub fn layout(text: &str) -> Layout {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let all = lines(text);
    let Ok(list) = rules_list(&all) else {
        return Layout {
            newline,
            ..Layout::default()
        };
    };
    let Some(&first) = list.items.first() else {
        return Layout {
            newline,
            ..Layout::default()
        };
    };
    let first_line = all[first].text;
    let dash = indent(first_line);
    let after = &first_line[dash + 1..];
    let gap = (after.len() - after.trim_start_matches(' ').len()).max(1);
    // A blank line (possibly followed by comments) before most items after the first.
    let separated = list.items[1..]
        .iter()
        .filter(|&&i| {
            let mut j = i;
            while j > 0 && all[j - 1].text.trim_start().starts_with('#') {
                j -= 1;
            }
            j > 0 && all[j - 1].text.trim().is_empty()
        })
        .count();
    let blank_between = if list.items.len() > 1 {
        separated * 2 >= list.items.len() - 1
    } else {
        // One rule: separate if it is followed by a blank line before the end.
        true
    };
    Layout {
        dash,
        gap,
        blank_between,
        newline,
    }
}

/// `text` with `rules` appended at the end of its `rules:` list, in the file's own layout.
/// Lines after the list's last rule (trailing comments, a final newline or its absence) are
/// kept as they are.
pub fn append_rules(text: &str, rules: &[RuleText]) -> Result<String, String> {
    if rules.is_empty() {
        return Ok(text.to_string());
    }
    let all = lines(text);
    let list = rules_list(&all)?;
    let layout = layout(text);
    let nl = layout.newline;
    let mut chunk = String::new();
    for (i, rule) in rules.iter().enumerate() {
        if layout.blank_between && (i > 0 || !list.items.is_empty()) {
            chunk.push_str(nl);
        }
        chunk.push_str(&rule.render(&layout));
    }
    let mut out = String::with_capacity(text.len() + chunk.len() + 8);
    let anchor = all[list.last_content];
    let at = anchor.next;
    if list.empty_flow {
        // `rules: []` becomes `rules:` followed by the new items.
        let line_start = match list.key_line {
            0 => 0,
            k => all[k - 1].next,
        };
        out.push_str(&text[..line_start]);
        out.push_str("rules:");
        let comment = anchor.text.find('#').map(|i| &anchor.text[i..]);
        if let Some(comment) = comment {
            out.push(' ');
            out.push_str(comment);
        }
        out.push_str(nl);
        out.push_str(&chunk);
        if !anchor.terminated {
            trim_final_newline(&mut out, nl);
        }
        out.push_str(&text[at..]);
        return Ok(out);
    }
    out.push_str(&text[..at]);
    if anchor.terminated {
        out.push_str(&chunk);
    } else {
        // The file ends on the list's last line without a line break: keep it that way.
        out.push_str(nl);
        out.push_str(&chunk);
        trim_final_newline(&mut out, nl);
    }
    out.push_str(&text[at..]);
    Ok(out)
}

fn trim_final_newline(s: &mut String, nl: &str) {
    if s.ends_with(nl) {
        s.truncate(s.len() - nl.len());
    }
}

/// `text` with `variant` added to the `variants:` list of the rule whose `-` line is
/// `rule_line` (1-based, as in [`crate::rule::Origin::line`]).
///
/// - `variants: ["a"]` (flow, on one line) → `variants: ["a", "variant"]`;
/// - a block list (`variants:` then `- a` lines) gets a `- "variant"` line after its last
///   item, at the same indentation;
/// - no `variants:` key: `variants: ["variant"]` is added after the `name:` line (and after
///   a `category:` line right below it).
pub fn add_variant(text: &str, rule_line: usize, variant: &str) -> Result<String, String> {
    let all = lines(text);
    let first = rule_line
        .checked_sub(1)
        .filter(|&i| i < all.len())
        .ok_or_else(|| format!("line {rule_line} is not in the file"))?;
    let head = all[first].text;
    let dash = indent(head);
    if !head[dash..].starts_with('-') {
        return Err(format!("line {rule_line} does not start a rule"));
    }
    let after = &head[dash + 1..];
    let key_col = dash + 1 + (after.len() - after.trim_start_matches(' ').len());
    if head[key_col..].starts_with('{') {
        return Err("the rule is written in flow style (`- {...}`); edit it by hand".into());
    }
    // The rule's lines: up to the next line with content at the dash's indentation or less.
    let mut end = all.len();
    for (i, line) in all.iter().enumerate().skip(first + 1) {
        if !is_blank_or_comment(line.text) && indent(line.text) <= dash {
            end = i;
            break;
        }
    }
    let key_of = |i: usize| -> Option<&str> {
        let line = all[i].text;
        (i == first || indent(line) == key_col).then(|| &line[key_col..])
    };
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let start_of = |i: usize| -> usize {
        if i == 0 {
            0
        } else {
            all[i - 1].next
        }
    };
    let quoted = quote(variant);
    let found = (first..end).find(|&i| key_of(i).is_some_and(|k| k.starts_with("variants:")));
    let Some(vline) = found else {
        // No variants yet: after the name line, and after a category line right below it.
        let mut after_line = first;
        if after_line + 1 < end
            && key_of(after_line + 1).is_some_and(|k| k.starts_with("category:"))
        {
            after_line += 1;
        }
        let anchor = all[after_line];
        let insert = format!("{}variants: [{quoted}]", " ".repeat(key_col));
        let mut out = String::with_capacity(text.len() + insert.len() + 2);
        out.push_str(&text[..anchor.next]);
        if anchor.terminated {
            out.push_str(&insert);
            out.push_str(nl);
        } else {
            out.push_str(nl);
            out.push_str(&insert);
        }
        out.push_str(&text[anchor.next..]);
        return Ok(out);
    };
    let line = all[vline].text;
    let value_at = line.find("variants:").expect("found by its key") + "variants:".len();
    let value = line[value_at..].trim();
    let value_no_comment = value.split(" #").next().unwrap_or("").trim();
    if value_no_comment.starts_with('[') {
        if !value_no_comment.ends_with(']') {
            return Err(
                "the `variants:` flow list spans several lines; edit it by hand".to_string(),
            );
        }
        let close = value_at + line[value_at..].rfind(']').expect("ends with ]");
        let open = value_at + line[value_at..].find('[').expect("starts with [");
        let inner = line[open + 1..close].trim();
        let addition = if inner.is_empty() {
            quoted
        } else {
            format!(", {quoted}")
        };
        // Insert right after the last non-space character before `]`.
        let trimmed = line[..close].trim_end_matches(' ').len();
        let at = start_of(vline) + trimmed;
        let mut out = String::with_capacity(text.len() + addition.len());
        out.push_str(&text[..at]);
        out.push_str(&addition);
        out.push_str(&text[at..]);
        return Ok(out);
    }
    if !value_no_comment.is_empty() {
        return Err(format!(
            "`variants:` holds `{value_no_comment}`, not a list; edit it by hand"
        ));
    }
    // Block list: items below, deeper than the key (or at its column, as YAML allows).
    let mut last_item = None;
    let mut item_indent = None;
    for (i, line) in all.iter().enumerate().take(end).skip(vline + 1) {
        if is_blank_or_comment(line.text) {
            continue;
        }
        let ind = indent(line.text);
        if line.text.trim_start().starts_with('-')
            && ind >= key_col
            && item_indent.is_none_or(|x| x == ind)
        {
            item_indent = Some(ind);
            last_item = Some(i);
            continue;
        }
        if ind <= key_col {
            break;
        }
    }
    let (Some(last), Some(ind)) = (last_item, item_indent) else {
        return Err("`variants:` has no value and no list items; edit it by hand".to_string());
    };
    let anchor = all[last];
    let insert = format!("{}- {quoted}", " ".repeat(ind));
    let mut out = String::with_capacity(text.len() + insert.len() + 2);
    out.push_str(&text[..anchor.next]);
    if anchor.terminated {
        out.push_str(&insert);
        out.push_str(nl);
    } else {
        out.push_str(nl);
        out.push_str(&insert);
    }
    out.push_str(&text[anchor.next..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_yaml_needs_and_shows_invisible_spaces() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("say \"hi\" \\ no"), "\"say \\\"hi\\\" \\\\ no\"");
        assert_eq!(quote("a\u{a0}b\nc\td"), "\"a\\u00a0b\\nc\\td\"");
        assert_eq!(quote("Girls’ “Run On”"), "\"Girls’ “Run On”\"");
        assert_eq!(quote("no"), "\"no\"");
        assert_eq!(quote_single(r"^\s*it's").as_deref(), Some(r"'^\s*it''s'"));
        assert_eq!(quote_single("a\u{a0}b"), None);
    }

    #[test]
    fn renders_in_the_house_style() {
        let mut rule = RuleText::new(vec![
            ("find", Value::Str("Look now".into())),
            ("replace", Value::Str("Watch Now".into())),
            ("case", Value::Word("verbatim".into())),
            (
                "guard",
                Value::Map(vec![("whole_line".into(), Value::Word("true".into()))]),
            ),
            (
                "examples",
                Value::Examples(vec![("Look now".into(), "Watch Now".into())]),
            ),
        ]);
        rule.comments = vec!["support: 2".into()];
        assert_eq!(
            rule.render(&Layout::default()),
            "  # support: 2\n  - find: \"Look now\"\n    replace: \"Watch Now\"\n    case: verbatim\n    guard:\n      whole_line: true\n    examples:\n      - input: \"Look now\"\n        output: \"Watch Now\"\n"
        );
    }

    const FILE: &str = "\
# Header comment, kept.
kind: names   # the kind
rules:
  # a section comment
  - name: Yang Hye Ji
    variants: [\"Yan Hye Ji\"]   # seen in 004
    note: \"x\"

  - name: Song Kang
    category: person
    examples:
      - {input: \"Kang song\", output: \"Song Kang\"}

  - name: Han So Hee
    variants:
      - \"Han Soo Hee\"
      - 'Han Sohee'
    note: \"y\"
# trailing comment, kept
";

    #[test]
    fn reads_the_kind_and_layout() {
        assert_eq!(top_level_kind(FILE).as_deref(), Some("names"));
        assert_eq!(layout(FILE), Layout::default());
        let tight =
            "kind: substitutions\nrules:\n- find: a\n  replace: b\n- find: c\n  replace: d\n";
        assert_eq!(
            layout(tight),
            Layout {
                dash: 0,
                gap: 1,
                blank_between: false,
                newline: "\n"
            }
        );
    }

    #[test]
    fn appends_after_the_last_rule_keeping_everything_else() {
        let rule = RuleText::new(vec![("name", Value::Str("Lee Ho Jung".into()))]);
        let out = append_rules(FILE, &[rule]).unwrap();
        let at = FILE.find("# trailing comment").unwrap();
        assert_eq!(&out[..at], &FILE[..at]);
        assert_eq!(
            &out[at..],
            "\n  - name: \"Lee Ho Jung\"\n# trailing comment, kept\n"
        );
    }

    #[test]
    fn appends_to_an_empty_list_and_without_final_newline() {
        let out = append_rules(
            "kind: names\nrules: []  # none yet\n",
            &[RuleText::new(vec![("name", Value::Str("A B".into()))])],
        )
        .unwrap();
        assert_eq!(out, "kind: names\nrules: # none yet\n  - name: \"A B\"\n");
        let out = append_rules(
            "kind: names\nrules:\n  - name: X Y",
            &[RuleText::new(vec![("name", Value::Str("A B".into()))])],
        )
        .unwrap();
        assert_eq!(
            out,
            "kind: names\nrules:\n  - name: X Y\n\n  - name: \"A B\""
        );
        let crlf = "kind: names\r\nrules:\r\n  - name: X Y\r\n";
        let out = append_rules(
            crlf,
            &[RuleText::new(vec![("name", Value::Str("A B".into()))])],
        )
        .unwrap();
        assert_eq!(
            out,
            "kind: names\r\nrules:\r\n  - name: X Y\r\n\r\n  - name: \"A B\"\r\n"
        );
    }

    #[test]
    fn stops_at_the_next_top_level_key() {
        let text = "kind: names\nrules:\n  - name: X Y\nsource: \"late\"\n";
        let out = append_rules(
            text,
            &[RuleText::new(vec![("name", Value::Str("A B".into()))])],
        )
        .unwrap();
        assert_eq!(
            out,
            "kind: names\nrules:\n  - name: X Y\n\n  - name: \"A B\"\nsource: \"late\"\n"
        );
        assert!(append_rules("kind: names\n", &[RuleText::default()]).is_err());
    }

    #[test]
    fn adds_to_a_flow_list() {
        let out = add_variant(FILE, 5, "Yang Hyeji").unwrap();
        assert_eq!(
            out,
            FILE.replace(
                "[\"Yan Hye Ji\"]   #",
                "[\"Yan Hye Ji\", \"Yang Hyeji\"]   #"
            )
        );
        let empty = "kind: names\nrules:\n  - name: A B\n    variants: []\n";
        assert_eq!(
            add_variant(empty, 3, "A  B").unwrap(),
            "kind: names\nrules:\n  - name: A B\n    variants: [\"A  B\"]\n"
        );
    }

    #[test]
    fn adds_a_key_when_there_is_none() {
        let out = add_variant(FILE, 9, "Kang Sung").unwrap();
        assert_eq!(
            out,
            FILE.replace(
                "    category: person\n",
                "    category: person\n    variants: [\"Kang Sung\"]\n"
            )
        );
        let last = "kind: names\nrules:\n  - name: A B";
        assert_eq!(
            add_variant(last, 3, "B A").unwrap(),
            "kind: names\nrules:\n  - name: A B\n    variants: [\"B A\"]"
        );
    }

    #[test]
    fn adds_to_a_block_list() {
        let out = add_variant(FILE, 14, "Han Sohui").unwrap();
        assert_eq!(
            out,
            FILE.replace(
                "      - 'Han Sohee'\n",
                "      - 'Han Sohee'\n      - \"Han Sohui\"\n"
            )
        );
    }

    #[test]
    fn refuses_what_it_cannot_edit() {
        assert!(add_variant(FILE, 1, "x").is_err());
        assert!(add_variant(FILE, 999, "x").is_err());
        let flow = "kind: names\nrules:\n  - {name: A B}\n";
        assert!(add_variant(flow, 3, "x").is_err());
        let multi = "kind: names\nrules:\n  - name: A B\n    variants: [\"a\",\n      \"b\"]\n";
        assert!(add_variant(multi, 3, "x").is_err());
    }
}
