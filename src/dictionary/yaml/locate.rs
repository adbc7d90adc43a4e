//! Positions in YAML source text, for the errors serde_yaml cannot place.
//!
//! serde_yaml reports line:column for syntax and type errors, but the values it returns
//! carry no spans. To point a semantic error (an empty phrase, a duplicate id) at its place,
//! this module scans the source text itself, in a deliberately small way:
//!
//! 1. Find the top-level `rules:` key (at column 1).
//! 2. In block style, each line that starts with `-` at the indentation of the first item
//!    begins a rule; the rule's text runs to the next item or the end of the sequence (a
//!    line indented less, or a sibling key). Blank and comment lines are skipped.
//! 3. If the number of items found equals the number of rules serde_yaml read, rule `i` is
//!    item `i`. Otherwise (flow style `rules: [...]`, odd layouts) every rule is placed at
//!    the `rules:` line and its phrases are searched for in the whole sequence.
//! 4. Within a rule's text, a scalar is found in its double-quoted, single-quoted or bare
//!    form, and only where a scalar can start (after `key: `, `- `, `[`, `,`, `{` or
//!    indentation) and end (before the line end, a comment, `,`, `]` or `}`); a key by
//!    `key:`.
//!
//! A wrong guess only moves an error to a nearby place; it never hides or invents one.

use std::ops::Range;

/// Longest prefix of a value searched for; a longer value is found by its start.
const MAX_NEEDLE: usize = 200;

/// The rule layout of one YAML source text.
#[derive(Debug)]
pub(super) struct SourceMap<'a> {
    text: &'a str,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
    /// Byte offset of the top-level `rules` key, if found.
    rules_key: Option<usize>,
    /// For each block-sequence item: from its first character to the start of the next.
    items: Vec<Range<usize>>,
}

/// Where one rule is: its first character, and the text to search for its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Place {
    /// Byte offset of the rule's first character.
    pub at: usize,
    /// Byte range of the rule's text.
    pub span: Range<usize>,
}

impl<'a> SourceMap<'a> {
    /// Scans `text` for the `rules:` key and the items of its block sequence.
    pub fn new(text: &'a str) -> SourceMap<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut map = SourceMap {
            text,
            line_starts,
            rules_key: None,
            items: Vec::new(),
        };
        if let Some(line) = map.rules_line() {
            map.rules_key = Some(map.line_starts[line]);
            map.items = map.block_items(line);
        }
        map
    }

    /// The place of rule `index` out of `count` rules read by serde_yaml.
    pub fn rule(&self, index: usize, count: usize) -> Place {
        match self.items.get(index) {
            Some(item) if self.items.len() == count => Place {
                at: item.start,
                span: item.clone(),
            },
            _ => {
                let at = self.rules_key.unwrap_or(0);
                Place {
                    at,
                    span: at..self.text.len(),
                }
            }
        }
    }

    /// 1-based line and column (in characters) of byte offset `offset`.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line as u32 + 1, column as u32 + 1)
    }

    /// Where the key `key` is written in `span`.
    pub fn key(&self, span: &Range<usize>, key: &str) -> Option<usize> {
        self.find_key(span, key).map(|(at, _)| at)
    }

    /// Where the value of `key` is written in `span` (the key itself when the value starts
    /// on a later line).
    pub fn key_value(&self, span: &Range<usize>, key: &str) -> Option<usize> {
        self.find_key(span, key)
            .map(|(at, value)| value.unwrap_or(at))
    }

    /// The first `key:` in `span` where a key can start: the key's offset, and its value's
    /// when that starts on the same line.
    fn find_key(&self, span: &Range<usize>, key: &str) -> Option<(usize, Option<usize>)> {
        let hay = self.text.get(span.clone())?;
        hay.match_indices(key).find_map(|(i, _)| {
            let at = span.start + i;
            if !self.scalar_starts(at) {
                return None;
            }
            let rest = self.line_rest(at + key.len());
            let value = rest.trim_start_matches([' ', '\t']).strip_prefix(':')?;
            if !(value.is_empty() || value.starts_with([' ', '\t'])) {
                return None;
            }
            let trimmed = value.trim_start_matches([' ', '\t']);
            if trimmed.is_empty() || trimmed.starts_with('#') {
                return Some((at, None));
            }
            Some((at, Some(at + key.len() + (rest.len() - trimmed.len()))))
        })
    }

    /// Where the scalar `value` is written in `span`: its double-quoted form, its
    /// single-quoted form, or its bare form, in that order; and whether it was quoted.
    pub fn scalar(&self, span: &Range<usize>, value: &str) -> Option<(usize, bool)> {
        let plain_ok = |c: char| !c.is_control() && c != '\\';
        if value.chars().all(|c| plain_ok(c) && c != '"') {
            if let Some(at) = self.find_scalar(span, &format!("\"{value}\"")) {
                return Some((at, true));
            }
        }
        if value.chars().all(plain_ok) {
            let single = format!("'{}'", value.replace('\'', "''"));
            if let Some(at) = self.find_scalar(span, &single) {
                return Some((at, true));
            }
        }
        if !value.is_empty() && value.trim() == value && value.chars().all(plain_ok) {
            if let Some(at) = self.find_scalar(span, value) {
                return Some((at, false));
            }
        }
        None
    }

    /// Where a value is written in `span`, even one written with escapes or over several
    /// lines: the whole scalar if [`SourceMap::scalar`] finds it, else its longest prefix
    /// free of characters YAML may have escaped, where a scalar can start.
    pub fn value(&self, span: &Range<usize>, value: &str) -> Option<usize> {
        if value.len() <= MAX_NEEDLE {
            if let Some((at, _)) = self.scalar(span, value) {
                return Some(at);
            }
        }
        let needle = literal_prefix(value);
        if needle.trim().is_empty() {
            return None;
        }
        let hay = self.text.get(span.clone())?;
        hay.match_indices(needle).find_map(|(i, _)| {
            let at = span.start + i;
            let quoted = at > 0 && matches!(self.text.as_bytes()[at - 1], b'"' | b'\'');
            let start = if quoted { at - 1 } else { at };
            self.scalar_starts(start).then_some(start)
        })
    }

    /// The line holding the top-level `rules:` key.
    fn rules_line(&self) -> Option<usize> {
        (0..self.line_starts.len()).find(|&line| {
            let text = self.line(line);
            text.strip_prefix("rules")
                .map(|rest| rest.trim_start_matches([' ', '\t']))
                .and_then(|rest| rest.strip_prefix(':'))
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        })
    }

    /// The items of a block sequence under the `rules:` key on line `key_line`; empty when
    /// the value is not a block sequence.
    fn block_items(&self, key_line: usize) -> Vec<Range<usize>> {
        let after_key = self.line(key_line).split_once(':').map_or("", |(_, v)| v);
        let after_key = after_key.trim();
        if !(after_key.is_empty() || after_key.starts_with('#')) {
            return Vec::new(); // flow style, or a scalar
        }
        let mut starts = Vec::new();
        let mut indent = None;
        let mut end = self.text.len();
        for line in key_line + 1..self.line_starts.len() {
            let text = self.line(line);
            let content = text.trim_start_matches(' ');
            if content.is_empty() || content.starts_with('#') {
                continue;
            }
            let this_indent = text.len() - content.len();
            let is_item = content == "-" || content.starts_with("- ") || content.starts_with("-\t");
            match indent {
                None if is_item => indent = Some(this_indent),
                None => return Vec::new(),
                Some(n) if this_indent == n && is_item => {}
                Some(n) if this_indent <= n => {
                    end = self.line_starts[line];
                    break;
                }
                Some(_) => continue,
            }
            let dash = self.line_starts[line] + this_indent;
            let body = content[1..].trim_start_matches([' ', '\t']);
            let first = if body.is_empty() || body.starts_with('#') {
                dash
            } else {
                dash + (content.len() - body.len())
            };
            starts.push((first, self.line_starts[line]));
        }
        let mut items = Vec::with_capacity(starts.len());
        for (i, &(first, _)) in starts.iter().enumerate() {
            let stop = starts.get(i + 1).map_or(end, |&(_, next_line)| next_line);
            items.push(first..stop);
        }
        items
    }

    /// First occurrence of `form` in `span` that sits where a scalar can start and end.
    fn find_scalar(&self, span: &Range<usize>, form: &str) -> Option<usize> {
        let hay = self.text.get(span.clone())?;
        hay.match_indices(form).find_map(|(i, _)| {
            let at = span.start + i;
            (self.scalar_starts(at) && self.scalar_ends(at + form.len())).then_some(at)
        })
    }

    /// True when a scalar (or a key) may start at `at`: only indentation before it on its
    /// line, or a flow indicator, or a block indicator followed by white space.
    fn scalar_starts(&self, at: usize) -> bool {
        let before = self.line_before(at);
        let trimmed = before.trim_end_matches([' ', '\t']);
        let spaced = trimmed.len() < before.len();
        trimmed.is_empty()
            || trimmed.ends_with(['[', '{', ','])
            || (spaced && trimmed.ends_with([':', '-', '?']))
    }

    /// True when a scalar may end at `at`: the line ends, or a comment, or a flow indicator
    /// follows.
    fn scalar_ends(&self, at: usize) -> bool {
        let rest = self.line_rest(at);
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let spaced = trimmed.len() < rest.len();
        trimmed.is_empty()
            || trimmed.starts_with([',', ']', '}'])
            || (spaced && trimmed.starts_with('#'))
    }

    /// Line `line` without its line break.
    fn line(&self, line: usize) -> &'a str {
        let start = self.line_starts[line];
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let text = self.text.get(start..end).unwrap_or("");
        text.strip_suffix('\r').unwrap_or(text)
    }

    /// The part of `at`'s line before `at`.
    fn line_before(&self, at: usize) -> &'a str {
        let line = self.line_starts.partition_point(|&s| s <= at) - 1;
        self.text.get(self.line_starts[line]..at).unwrap_or("")
    }

    /// The part of `at`'s line from `at` on, without the line break.
    fn line_rest(&self, at: usize) -> &'a str {
        let rest = self.text.get(at..).unwrap_or("");
        let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        let rest = &rest[..end];
        rest.strip_suffix('\r').unwrap_or(rest)
    }
}

/// The longest prefix of `value` (at most [`MAX_NEEDLE`] bytes) that YAML writes literally
/// in every style: it stops at quotes, backslashes, control characters and any white space
/// other than a plain space.
fn literal_prefix(value: &str) -> &str {
    let mut end = 0;
    for (i, c) in value.char_indices() {
        let escaped = c.is_control() || matches!(c, '"' | '\'' | '\\');
        if escaped || (c.is_whitespace() && c != ' ') || i + c.len_utf8() > MAX_NEEDLE {
            break;
        }
        end = i + c.len_utf8();
    }
    &value[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    const BLOCK: &str = "\
kind: substitutions
# a comment
rules:
  - id: cut
    find: \"Minimize!\"
    replace: cut!
# a section
  - find: [no, 'it''s', \"yes\"]
    replace: ''
  -
    find: |
      two
      lines
    replace: x
source: after
";

    fn pos(map: &SourceMap<'_>, at: usize) -> (u32, u32) {
        map.position(at)
    }

    #[test]
    fn block_items_are_rules() {
        let map = SourceMap::new(BLOCK);
        let places: Vec<(u32, u32)> = (0..3).map(|i| pos(&map, map.rule(i, 3).at)).collect();
        assert_eq!(places, vec![(4, 5), (8, 5), (10, 3)]);
        // The last item stops before the next top-level key.
        let last = map.rule(2, 3);
        assert!(!BLOCK[last.span].contains("source"));
    }

    #[test]
    fn a_count_mismatch_falls_back_to_the_rules_line() {
        let map = SourceMap::new(BLOCK);
        assert_eq!(pos(&map, map.rule(0, 4).at), (3, 1));
    }

    #[test]
    fn flow_style_falls_back_to_the_rules_line() {
        let text = "kind: names\nrules: [{name: A}, {name: \"\"}]\n";
        let map = SourceMap::new(text);
        let place = map.rule(1, 2);
        assert_eq!(pos(&map, place.at), (2, 1));
        let at = map
            .value(&place.span, "")
            .or(map.scalar(&place.span, "").map(|s| s.0));
        assert_eq!(at.map(|a| pos(&map, a)), Some((2, 27)));
    }

    #[test]
    fn items_at_column_one() {
        let text = "kind: names\nrules:\n- name: A\n- name: B\nkind2: x\n";
        let map = SourceMap::new(text);
        assert_eq!(pos(&map, map.rule(1, 2).at), (4, 3));
        assert!(!text[map.rule(1, 2).span].contains("kind2"));
    }

    #[test]
    fn quoted_and_bare_scalars() {
        let map = SourceMap::new(BLOCK);
        let second = map.rule(1, 3).span;
        assert_eq!(
            map.scalar(&second, "no").map(|(a, q)| (pos(&map, a), q)),
            Some(((8, 12), false))
        );
        assert_eq!(
            map.scalar(&second, "it's").map(|(a, q)| (pos(&map, a), q)),
            Some(((8, 16), true))
        );
        assert_eq!(
            map.scalar(&second, "yes").map(|(a, q)| (pos(&map, a), q)),
            Some(((8, 25), true))
        );
        assert_eq!(
            map.scalar(&second, "").map(|(a, q)| (pos(&map, a), q)),
            Some(((9, 14), true))
        );
        let first = map.rule(0, 3).span;
        // `cut` is found as the id's value, not inside `cut!`.
        assert_eq!(map.scalar(&first, "cut"), Some((first.start + 4, false)));
        assert_eq!(
            map.scalar(&first, "cut!").map(|(a, _)| pos(&map, a)),
            Some((6, 14))
        );
    }

    #[test]
    fn keys_and_values() {
        let map = SourceMap::new(BLOCK);
        let first = map.rule(0, 3).span;
        assert_eq!(
            map.key_value(&first, "replace").map(|a| pos(&map, a)),
            Some((6, 14))
        );
        assert_eq!(
            map.key(&first, "replace").map(|a| pos(&map, a)),
            Some((6, 5))
        );
        // `replace` is not the start of `replace_char:`, nor a value.
        let text = "rules:\n  - replace_char: [x]\n    note: replace\n    replace: y\n";
        let map2 = SourceMap::new(text);
        let only = map2.rule(0, 1).span;
        assert_eq!(
            map2.key(&only, "replace").map(|a| map2.position(a)),
            Some((4, 5))
        );
        let third = map.rule(2, 3).span;
        // A block scalar: its indicator.
        assert_eq!(
            map.key_value(&third, "find").map(|a| pos(&map, a)),
            Some((11, 11))
        );
        assert_eq!(
            map.value(&third, "two\nlines\n").map(|a| pos(&map, a)),
            Some((12, 7))
        );
    }

    #[test]
    fn columns_count_characters() {
        let text = "kind: names\nrules:\n  - {name: “Ä”, x: \"\"}\n";
        let map = SourceMap::new(text);
        let place = map.rule(0, 1);
        assert_eq!(
            map.key_value(&place.span, "x").map(|a| pos(&map, a)),
            Some((3, 20))
        );
    }

    #[test]
    fn crlf_lines() {
        let text = "kind: names\r\nrules:\r\n  - name: A\r\n  - name: ''\r\n";
        let map = SourceMap::new(text);
        let place = map.rule(1, 2);
        assert_eq!(pos(&map, place.at), (4, 5));
        assert_eq!(
            map.scalar(&place.span, "").map(|(a, _)| pos(&map, a)),
            Some((4, 11))
        );
    }
}
