//! Edits are data: one [`Edit`] is one change to one haystack, with the rule that made it.
//!
//! The engine never rewrites text as it goes. It returns a `Vec<Edit>`, sorted by start and
//! never overlapping; the fixed text ([`apply`]), diffs, check lines, JSON, review and the
//! idempotence checks are all pure functions of (haystack, edits).

use std::ops::Range;

/// One change: replace `haystack[span]` (which equals `before`) by `after`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the haystack (the whole input, byte-order mark included).
    pub span: Range<usize>,
    /// The text the edit replaces; always `&haystack[span]`.
    pub before: String,
    /// The text written instead.
    pub after: String,
    /// Index of the rule in the engine's rule table ([`crate::engine::Engine::rule`]).
    pub rule: usize,
}

impl Edit {
    /// True when the edit only removes text.
    pub fn is_deletion(&self) -> bool {
        self.after.is_empty()
    }
}

/// Applies sorted, non-overlapping `edits` to `haystack` and returns the fixed text.
///
/// # Panics
///
/// Panics if the edits are unsorted, overlap, or fall outside the haystack or off a
/// character boundary: the engine guarantees none of these, so a panic here is a bug.
pub fn apply(haystack: &str, edits: &[Edit]) -> String {
    let added: usize = edits.iter().map(|e| e.after.len()).sum();
    let mut out = String::with_capacity(haystack.len() + added);
    let mut last = 0;
    for edit in edits {
        assert!(
            edit.span.start >= last,
            "edits must be sorted and must not overlap"
        );
        out.push_str(&haystack[last..edit.span.start]);
        out.push_str(&edit.after);
        last = edit.span.end;
    }
    out.push_str(&haystack[last..]);
    out
}

/// Maps byte offsets to 1-based line and column numbers (columns count characters).
///
/// Lines end at `\n`; a `\r` before it belongs to the line it ends.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `haystack`.
    pub fn new(haystack: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', haystack.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line number holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line - 1]
    }

    /// Number of lines (a haystack ending in `\n` has an empty last line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True for an index with no lines, which cannot happen: even "" has one line.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The 1-based (line, column) of byte `offset` in `haystack`; the column counts
    /// characters, so a name after a curly quote is reported where an editor shows it.
    pub fn line_column(&self, haystack: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.line_start(line);
        let column = haystack[start..offset].chars().count() + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(span: Range<usize>, before: &str, after: &str) -> Edit {
        Edit {
            span,
            before: before.into(),
            after: after.into(),
            rule: 0,
        }
    }

    #[test]
    fn apply_replaces_spans_in_order() {
        let hay = "the 2 actors said Minimize!";
        let edits = vec![edit(4..5, "2", "two"), edit(18..26, "Minimize", "Cut")];
        assert_eq!(apply(hay, &edits), "the two actors said Cut!");
    }

    #[test]
    fn apply_with_no_edits_is_identity() {
        assert_eq!(apply("a\r\nb", &[]), "a\r\nb");
    }

    #[test]
    fn line_column_counts_characters() {
        let hay = "one\n“Two” three\nfour";
        let idx = LineIndex::new(hay);
        let at = hay.find("three").unwrap();
        assert_eq!(idx.line_column(hay, at), (2, 7));
        assert_eq!(idx.line_column(hay, 0), (1, 1));
        assert_eq!(idx.line_column(hay, hay.find("four").unwrap()), (3, 1));
    }
}
