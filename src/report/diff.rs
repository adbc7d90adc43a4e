//! Unified and word diffs, built from the edits (nothing re-diffs two whole texts).
//!
//! # Unified diff ([`unified`])
//!
//! ```text
//! --- a/news/a.txt
//! +++ b/news/a.txt
//! @@ -2,3 +2,3 @@
//!  context line
//! -The director yells “Minimize!”
//! +The director yells “Cut!”
//!  context line
//! ```
//!
//! - The edits are grouped by the lines they touch; each group becomes `-` lines (the old
//!   lines, exactly as read) and `+` lines (the same lines with the edits applied). Lines
//!   the group leaves equal at its top or bottom become context. Groups closer than 6 lines
//!   share a hunk; each hunk has 3 lines of context.
//! - Lines are printed byte for byte: a `\r\n` line ending stays `\r\n`, a byte-order mark
//!   stays on line 1. A last line without a line break is followed by
//!   `\ No newline at end of file`. An edit that joins two lines takes the next line into
//!   its group, since a diff line can only lack its line break at the end of the file.
//! - Headers are `--- a/PATH` and `+++ b/PATH` with the path as given (a leading `./` or
//!   `/` dropped), so the output applies with `patch -p1` and `git apply`, giving exactly
//!   the bytes of [`crate::edit::apply`].
//!
//! With colour: headers bold, hunk headers cyan, `-` lines red, `+` lines green, and inside
//! a line that changed only in part, the exact spans of the edits in reverse video (articles
//! are often one long paragraph per line; the spans are where to look). The colour codes
//! go before the line break, so a coloured diff still shows one line per line.
//!
//! # Word diff ([`word`])
//!
//! The same headers and groups (without context), but each changed line is printed once, as
//! plain text with inline markers: `yells “[-Minimize!-]{+Cut!+}”`. A deletion has no
//! `{++}` part. Inside the markers, invisible characters are named as in `check`
//! (`[-<NBSP>-]{+ +}`), so a no-break space made plain can be seen. Not a patch: for
//! reading.

use super::check::visible_lines;
use crate::edit::Edit;
use std::io::{self, Write};
use std::ops::Range;

/// Lines of context around each hunk.
pub const CONTEXT: usize = 3;

const BOLD: &str = "\x1b[1m";
const CYAN: &str = "\x1b[36m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const REVERSE: &str = "\x1b[7m";
const NO_REVERSE: &str = "\x1b[27m";
const RESET: &str = "\x1b[0m";

/// Writes the unified diff that turns `haystack` into `apply(haystack, edits)`. Writes
/// nothing when `edits` change nothing. `edits` must be sorted and must not overlap, as the
/// engine returns them.
pub fn unified<W: Write>(
    out: &mut W,
    path: &str,
    haystack: &str,
    edits: &[Edit],
    color: bool,
) -> io::Result<()> {
    let lines = line_ranges(haystack);
    let blocks: Vec<Block<'_>> = blocks(haystack, &lines, edits)
        .into_iter()
        .filter(|b| !b.old.is_empty() || !b.new_lines.is_empty())
        .collect();
    if blocks.is_empty() {
        return Ok(());
    }
    write_headers(out, path, color)?;
    let n = lines.len();
    let mut delta: isize = 0;
    let mut i = 0;
    while i < blocks.len() {
        // Blocks whose contexts meet share a hunk.
        let mut j = i + 1;
        let mut ctx_hi = (blocks[i].old.end + CONTEXT).min(n);
        while j < blocks.len() && blocks[j].old.start.saturating_sub(CONTEXT) <= ctx_hi {
            ctx_hi = (blocks[j].old.end + CONTEXT).min(n);
            j += 1;
        }
        let hunk = &blocks[i..j];
        let ctx_lo = hunk[0].old.start.saturating_sub(CONTEXT);
        let old_count = ctx_hi - ctx_lo;
        let hunk_delta: isize = hunk.iter().map(Block::delta).sum();
        let new_start = (ctx_lo as isize + delta) as usize;
        let new_count = (old_count as isize + hunk_delta) as usize;
        let header = format!(
            "@@ -{} +{} @@",
            range(ctx_lo, old_count),
            range(new_start, new_count)
        );
        if color {
            writeln!(out, "{CYAN}{header}{RESET}")?;
        } else {
            writeln!(out, "{header}")?;
        }
        let mut pos = ctx_lo;
        for block in hunk {
            for line in &lines[pos..block.old.start] {
                write_line(out, b' ', &haystack[line.clone()], &[], None)?;
            }
            let old_spans: Vec<Range<usize>> = block.edits.iter().map(|e| e.span.clone()).collect();
            for line in &lines[block.old.clone()] {
                let spans = relative(&old_spans, line);
                let paint = color.then_some(RED);
                write_line(out, b'-', &haystack[line.clone()], &spans, paint)?;
            }
            for line in &block.new_lines {
                let spans = relative(&block.new_spans, line);
                let paint = color.then_some(GREEN);
                write_line(out, b'+', &block.new_text[line.clone()], &spans, paint)?;
            }
            pos = block.old.end;
        }
        for line in &lines[pos..ctx_hi] {
            write_line(out, b' ', &haystack[line.clone()], &[], None)?;
        }
        delta += hunk_delta;
        i = j;
    }
    Ok(())
}

/// Writes the word diff of `edits` (see the [module docs](self)). Writes nothing when there
/// are no edits.
pub fn word<W: Write>(
    out: &mut W,
    path: &str,
    haystack: &str,
    edits: &[Edit],
    color: bool,
) -> io::Result<()> {
    let lines = line_ranges(haystack);
    let blocks = blocks(haystack, &lines, edits);
    if blocks.is_empty() {
        return Ok(());
    }
    write_headers(out, path, color)?;
    let mut delta: isize = 0;
    for block in &blocks {
        let old = &block.full_old;
        let new_start = (old.start as isize + delta) as usize;
        let header = format!(
            "@@ -{} +{} @@",
            range(old.start, old.len()),
            range(new_start, block.full_new_count)
        );
        if color {
            writeln!(out, "{CYAN}{header}{RESET}")?;
        } else {
            writeln!(out, "{header}")?;
        }
        let (lo, hi) = byte_range(&lines, old);
        let mut text = String::new();
        let mut last = lo;
        for edit in block.edits {
            text.push_str(&haystack[last..edit.span.start]);
            let (red, green, reset) = if color {
                (RED, GREEN, RESET)
            } else {
                ("", "", "")
            };
            text.push_str(&format!("{red}[-{}-]{reset}", visible_lines(&edit.before)));
            if !edit.after.is_empty() {
                text.push_str(&format!(
                    "{green}{{+{}+}}{reset}",
                    visible_lines(&edit.after)
                ));
            }
            last = edit.span.end;
        }
        text.push_str(&haystack[last..hi]);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        out.write_all(text.as_bytes())?;
        delta += block.full_new_count as isize - old.len() as isize;
    }
    Ok(())
}

/// A group of edits and the lines they touch.
struct Block<'e> {
    /// Old lines shown as `-` (indices into the line table), after trimming equal lines.
    old: Range<usize>,
    /// New lines shown as `+` (byte ranges in `new_text`), after trimming.
    new_lines: Vec<Range<usize>>,
    /// The touched lines with the edits applied.
    new_text: String,
    /// Where each edit's replacement sits in `new_text`.
    new_spans: Vec<Range<usize>>,
    /// The edits of the group.
    edits: &'e [Edit],
    /// Every line the edits touch (before trimming).
    full_old: Range<usize>,
    /// Lines of `new_text`.
    full_new_count: usize,
}

impl Block<'_> {
    /// Lines added minus lines removed.
    fn delta(&self) -> isize {
        self.new_lines.len() as isize - self.old.len() as isize
    }
}

/// Byte ranges of the lines of `text`, each with its `\n`; a final line break does not
/// start another line.
fn line_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(start..i + 1);
        start = i + 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Index of the line holding byte `offset` (the last line for the end of the text).
fn line_of(lines: &[Range<usize>], offset: usize) -> usize {
    lines
        .partition_point(|r| r.end <= offset)
        .min(lines.len().saturating_sub(1))
}

/// Bytes covered by the lines `range` (empty range: where the first of them would start).
fn byte_range(lines: &[Range<usize>], range: &Range<usize>) -> (usize, usize) {
    if range.is_empty() {
        let at = lines
            .get(range.start)
            .map_or_else(|| lines.last().map_or(0, |l| l.end), |l| l.start);
        return (at, at);
    }
    (lines[range.start].start, lines[range.end - 1].end)
}

/// Groups `edits` by the lines they touch and applies each group.
fn blocks<'e>(text: &str, lines: &[Range<usize>], edits: &'e [Edit]) -> Vec<Block<'e>> {
    let n = lines.len();
    let first = |e: &Edit| line_of(lines, e.span.start);
    let last = |e: &Edit| line_of(lines, e.span.end.saturating_sub(1).max(e.span.start));
    let mut out = Vec::new();
    let mut i = 0;
    while i < edits.len() {
        let lo = first(&edits[i]);
        let mut hi = (last(&edits[i]) + 1).min(n);
        let mut j = i + 1;
        let (new_text, new_spans) = loop {
            while j < edits.len() && first(&edits[j]) < hi {
                hi = hi.max((last(&edits[j]) + 1).min(n));
                j += 1;
            }
            let (b_lo, b_hi) = byte_range(lines, &(lo..hi));
            let (new_text, new_spans) = apply_in(text, b_lo, b_hi, &edits[i..j]);
            // A diff line may lack its line break only at the end of the file: an edit
            // that joins a line with the next takes the next line into the group.
            if !new_text.is_empty() && !new_text.ends_with('\n') && hi < n {
                hi += 1;
                continue;
            }
            break (new_text, new_spans);
        };
        let new_lines = line_ranges(&new_text);
        let full_new_count = new_lines.len();
        let mut block = Block {
            old: lo..hi,
            new_lines,
            new_text,
            new_spans,
            edits: &edits[i..j],
            full_old: lo..hi,
            full_new_count,
        };
        trim_equal_lines(text, lines, &mut block);
        out.push(block);
        i = j;
    }
    out
}

/// Applies `edits` to `text[lo..hi]`; returns the new text and where each replacement sits
/// in it.
fn apply_in(text: &str, lo: usize, hi: usize, edits: &[Edit]) -> (String, Vec<Range<usize>>) {
    let mut new = String::with_capacity(hi - lo);
    let mut spans = Vec::with_capacity(edits.len());
    let mut last = lo;
    for edit in edits {
        new.push_str(&text[last..edit.span.start]);
        let start = new.len();
        new.push_str(&edit.after);
        spans.push(start..new.len());
        last = edit.span.end;
    }
    new.push_str(&text[last..hi]);
    (new, spans)
}

/// Turns lines the block leaves equal at its top and bottom into context.
fn trim_equal_lines(text: &str, lines: &[Range<usize>], block: &mut Block<'_>) {
    let mut front = 0;
    while front < block.old.len()
        && front < block.new_lines.len()
        && text[lines[block.old.start + front].clone()]
            == block.new_text[block.new_lines[front].clone()]
    {
        front += 1;
    }
    let mut back = 0;
    while back < block.old.len() - front
        && back < block.new_lines.len() - front
        && text[lines[block.old.end - 1 - back].clone()]
            == block.new_text[block.new_lines[block.new_lines.len() - 1 - back].clone()]
    {
        back += 1;
    }
    block.old = block.old.start + front..block.old.end - back;
    let keep = front..block.new_lines.len() - back;
    block.new_lines = block.new_lines[keep].to_vec();
}

/// The parts of `spans` inside `line`, relative to the line's start.
fn relative(spans: &[Range<usize>], line: &Range<usize>) -> Vec<Range<usize>> {
    spans
        .iter()
        .filter_map(|s| {
            let start = s.start.max(line.start);
            let end = s.end.min(line.end);
            (start < end).then(|| start - line.start..end - line.start)
        })
        .collect()
}

/// `start,count` for a hunk header (0-based `start`), in the form patch and git expect: a
/// count of one is left out, and an empty range names the line before it.
fn range(start: usize, count: usize) -> String {
    match count {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{count}", start + 1),
    }
}

fn write_headers<W: Write>(out: &mut W, path: &str, color: bool) -> io::Result<()> {
    let path = path.trim_start_matches("./").trim_start_matches('/');
    if color {
        writeln!(out, "{BOLD}--- a/{path}{RESET}")?;
        writeln!(out, "{BOLD}+++ b/{path}{RESET}")
    } else {
        writeln!(out, "--- a/{path}")?;
        writeln!(out, "+++ b/{path}")
    }
}

/// Writes one diff line. `spans` (relative to the line) are highlighted when `paint` is set
/// and they cover only part of the line's content.
fn write_line<W: Write>(
    out: &mut W,
    sign: u8,
    line: &str,
    spans: &[Range<usize>],
    paint: Option<&str>,
) -> io::Result<()> {
    let content_len = line
        .strip_suffix('\n')
        .map_or(line.len(), |l| l.strip_suffix('\r').unwrap_or(l).len());
    match paint {
        None => {
            out.write_all(&[sign])?;
            out.write_all(line.as_bytes())?;
        }
        Some(paint) => {
            out.write_all(paint.as_bytes())?;
            out.write_all(&[sign])?;
            let content = &line[..content_len];
            let spans: Vec<Range<usize>> = spans
                .iter()
                .filter_map(|s| {
                    let end = s.end.min(content_len);
                    (s.start < end).then_some(s.start..end)
                })
                .collect();
            let covered: usize = spans.iter().map(|s| s.len()).sum();
            if spans.is_empty() || covered == content.len() {
                out.write_all(content.as_bytes())?;
            } else {
                let mut last = 0;
                for s in &spans {
                    out.write_all(&content.as_bytes()[last..s.start])?;
                    write!(out, "{REVERSE}{}{NO_REVERSE}", &content[s.clone()])?;
                    last = s.end;
                }
                out.write_all(&content.as_bytes()[last..])?;
            }
            out.write_all(RESET.as_bytes())?;
            out.write_all(&line.as_bytes()[content_len..])?;
        }
    }
    if !line.ends_with('\n') {
        out.write_all(b"\n\\ No newline at end of file\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;

    /// Edits replacing each `(before, after)` at its first occurrence after the previous.
    fn edits(hay: &str, pairs: &[(&str, &str)]) -> Vec<Edit> {
        let mut from = 0;
        pairs
            .iter()
            .map(|(before, after)| {
                let start = from + hay[from..].find(before).expect("before in haystack");
                from = start + before.len();
                Edit {
                    span: start..from,
                    before: before.to_string(),
                    after: after.to_string(),
                    rule: 0,
                }
            })
            .collect()
    }

    fn diff(hay: &str, edits: &[Edit]) -> String {
        let mut out = Vec::new();
        unified(&mut out, "a.txt", hay, edits, false).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// A tiny patch applier (strict: context and removed lines must match), to check every
    /// diff in these tests reproduces `apply` exactly. The integration tests use real
    /// `patch` and `git apply`.
    fn patch(old: &str, diff: &str) -> String {
        let lines = line_ranges(old);
        let mut out = String::new();
        let mut pos = 0; // next old line to copy
        let mut rows = diff.split_inclusive('\n').skip(2).peekable();
        // Rows still expected in the current hunk, by its header: (old side, new side).
        let mut left = (0usize, 0usize);
        let parse = |r: &str| -> (usize, usize) {
            let start: usize = r.split(',').next().unwrap().parse().unwrap();
            let count: usize = r.split(',').nth(1).map_or(1, |c| c.parse().unwrap());
            (if count == 0 { start } else { start - 1 }, count)
        };
        while let Some(row) = rows.next() {
            if let Some(header) = row.strip_prefix("@@ -") {
                assert_eq!(left, (0, 0), "hunk counts");
                let mut parts = header.split(' ');
                let (first, old_count) = parse(parts.next().unwrap());
                let (new_first, new_count) = parse(&parts.next().unwrap()[1..]);
                for l in &lines[pos..first] {
                    out.push_str(&old[l.clone()]);
                }
                pos = first;
                assert_eq!(out.matches('\n').count(), new_first, "new start");
                left = (old_count, new_count);
                continue;
            }
            match row.as_bytes()[0] {
                b' ' => left = (left.0 - 1, left.1 - 1),
                b'-' => left.0 -= 1,
                _ => left.1 -= 1,
            }
            let no_newline = rows.peek() == Some(&"\\ No newline at end of file\n");
            let mut body = &row[1..];
            if no_newline {
                body = body.strip_suffix('\n').unwrap();
                rows.next();
            }
            match row.as_bytes()[0] {
                b' ' => {
                    assert_eq!(&old[lines[pos].clone()], body, "context");
                    out.push_str(body);
                    pos += 1;
                }
                b'-' => {
                    assert_eq!(&old[lines[pos].clone()], body, "removed line");
                    pos += 1;
                }
                b'+' => out.push_str(body),
                other => panic!("unexpected row start {other}"),
            }
        }
        assert_eq!(left, (0, 0), "hunk counts");
        for l in &lines[pos..] {
            out.push_str(&old[l.clone()]);
        }
        out
    }

    fn check_roundtrip(hay: &str, edits: &[Edit]) -> String {
        let d = diff(hay, edits);
        assert_eq!(patch(hay, &d), apply(hay, edits), "diff:\n{d}");
        d
    }

    #[test]
    fn one_change_with_context() {
        let hay = "1\n2\n3\n4\nyells Minimize!\n6\n7\n8\n9\n";
        let d = check_roundtrip(hay, &edits(hay, &[("Minimize!", "Cut!")]));
        assert_eq!(
            d,
            "--- a/a.txt\n+++ b/a.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-yells Minimize!\n+yells Cut!\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn no_edits_no_output() {
        assert_eq!(diff("a\n", &[]), "");
    }

    #[test]
    fn near_changes_share_a_hunk_far_ones_do_not() {
        let hay: String = (1..=30).map(|i| format!("line {i}\n")).collect();
        let near = edits(&hay, &[("line 2\n", "two\n"), ("line 9\n", "nine\n")]);
        let d = check_roundtrip(&hay, &near);
        assert_eq!(d.matches("@@ -").count(), 1, "{d}");
        let far = edits(&hay, &[("line 2\n", "two\n"), ("line 10\n", "ten\n")]);
        let d = check_roundtrip(&hay, &far);
        assert_eq!(d.matches("@@ -").count(), 2, "{d}");
        assert!(d.contains("@@ -1,5 +1,5 @@\n"), "{d}");
        assert!(d.contains("@@ -7,7 +7,7 @@\n"), "{d}");
    }

    #[test]
    fn missing_final_newline() {
        let hay = "a\nb\nlast Minimize!";
        let d = check_roundtrip(hay, &edits(hay, &[("Minimize!", "Cut!")]));
        assert!(d.ends_with(
            "-last Minimize!\n\\ No newline at end of file\n+last Cut!\n\\ No newline at end of file\n"
        ));
        // Context line without a final newline.
        let hay = "Minimize!\nb\nc";
        let d = check_roundtrip(hay, &edits(hay, &[("Minimize!", "Cut!")]));
        assert!(d.ends_with(" c\n\\ No newline at end of file\n"), "{d}");
    }

    #[test]
    fn crlf_lines_are_kept() {
        let hay = "one\r\nyells Minimize!\r\nthree\r\n";
        let d = check_roundtrip(hay, &edits(hay, &[("Minimize!", "Cut!")]));
        assert_eq!(
            d,
            "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n one\r\n-yells Minimize!\r\n+yells Cut!\r\n three\r\n"
        );
    }

    #[test]
    fn removed_lines_and_bom() {
        let hay = "\u{FEFF}Title\nSimilar Articles\nbody\n";
        let d = check_roundtrip(hay, &edits(hay, &[("Similar Articles\n", "")]));
        assert_eq!(
            d,
            "--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,2 @@\n \u{FEFF}Title\n-Similar Articles\n body\n"
        );
    }

    #[test]
    fn cut_to_end_keeps_the_last_kept_line_as_context() {
        // As the engine cuts: from the end of the last content line to before the final
        // line break.
        let hay = "body text\n\nHow does this make you feel?\nLike\n";
        let start = "body text".len();
        let cut = Edit {
            span: start..hay.len() - 1,
            before: hay[start..hay.len() - 1].to_string(),
            after: String::new(),
            rule: 0,
        };
        let d = check_roundtrip(hay, &[cut]);
        assert_eq!(
            d,
            "--- a/a.txt\n+++ b/a.txt\n@@ -1,4 +1 @@\n body text\n-\n-How does this make you feel?\n-Like\n"
        );
    }

    #[test]
    fn joining_lines_takes_the_next_line() {
        let hay = "a\nb\nc\nd\n";
        let join = Edit {
            span: 3..4,
            before: "\n".into(),
            after: String::new(),
            rule: 0,
        };
        let d = check_roundtrip(hay, &[join]);
        assert!(d.contains("-b\n-c\n+bc\n"), "{d}");
    }

    #[test]
    fn whole_file_removed() {
        let hay = "Similar Articles\n";
        let d = check_roundtrip(hay, &edits(hay, &[("Similar Articles\n", "")]));
        assert_eq!(
            d,
            "--- a/a.txt\n+++ b/a.txt\n@@ -1 +0,0 @@\n-Similar Articles\n"
        );
    }

    #[test]
    fn cut_without_final_newline() {
        let hay = "A\nB";
        let cut = Edit {
            span: 1..3,
            before: "\nB".into(),
            after: String::new(),
            rule: 0,
        };
        let d = check_roundtrip(hay, &[cut]);
        assert_eq!(
            d,
            "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1 @@\n-A\n-B\n\\ No newline at end of file\n+A\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn several_edits_on_one_line_and_line_count_changes() {
        let hay: String = (1..=20).map(|i| format!("l{i} x\n")).collect();
        let e = edits(
            &hay,
            &[
                ("l3 x\n", ""),
                ("l4 x\n", ""),
                ("x", "y"),
                ("l15 x\n", "l15 x\nextra\n"),
            ],
        );
        check_roundtrip(&hay, &e);
    }

    #[test]
    fn paths_drop_dot_slash_and_root() {
        let hay = "Minimize!\n";
        let e = edits(hay, &[("Minimize!", "Cut!")]);
        for (path, want) in [("./x/a.txt", "x/a.txt"), ("/tmp/a.txt", "tmp/a.txt")] {
            let mut out = Vec::new();
            unified(&mut out, path, hay, &e, false).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(
                text.starts_with(&format!("--- a/{want}\n+++ b/{want}\n")),
                "{text}"
            );
        }
    }

    #[test]
    fn color_highlights_changed_spans() {
        let hay = "yells Minimize! now\r\nSimilar Articles\n";
        let e = edits(hay, &[("Minimize!", "Cut!"), ("Similar Articles\n", "")]);
        let mut out = Vec::new();
        unified(&mut out, "a.txt", hay, &e, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        let want = "\x1b[1m--- a/a.txt\x1b[0m\n\x1b[1m+++ b/a.txt\x1b[0m\n\
                    \x1b[36m@@ -1,2 +1 @@\x1b[0m\n\
                    \x1b[31m-yells \x1b[7mMinimize!\x1b[27m now\x1b[0m\r\n\
                    \x1b[32m+yells \x1b[7mCut!\x1b[27m now\x1b[0m\r\n\
                    \x1b[31m-Similar Articles\x1b[0m\n";
        assert_eq!(text, want);
    }

    #[test]
    fn word_diff_marks_changes_inline() {
        let hay = "1\n2\nyells Minimize! and Seo Yeji\nSimilar Articles\nend";
        let e = edits(
            hay,
            &[
                ("Minimize!", "Cut!"),
                ("Seo Yeji", "Seo Ye Ji"),
                ("Similar Articles\n", ""),
            ],
        );
        let mut out = Vec::new();
        word(&mut out, "a.txt", hay, &e, false).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "--- a/a.txt\n+++ b/a.txt\n@@ -3 +3 @@\n\
             yells [-Minimize!-]{+Cut!+} and [-Seo Yeji-]{+Seo Ye Ji+}\n\
             @@ -4 +3,0 @@\n[-Similar Articles\n-]\n"
        );
        let mut out = Vec::new();
        word(
            &mut out,
            "a.txt",
            "end Minimize!",
            &edits("end Minimize!", &[("Minimize!", "Cut!")]),
            true,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\x1b[1m--- a/a.txt\x1b[0m\n\x1b[1m+++ b/a.txt\x1b[0m\n\x1b[36m@@ -1 +1 @@\x1b[0m\n\
             end \x1b[31m[-Minimize!-]\x1b[0m\x1b[32m{+Cut!+}\x1b[0m\n"
        );
    }

    #[test]
    fn word_diff_shows_invisible_changes() {
        let hay = "a\u{a0}b\n";
        let e = edits(hay, &[("\u{a0}", " ")]);
        let mut out = Vec::new();
        word(&mut out, "a.txt", hay, &e, false).unwrap();
        assert!(String::from_utf8(out)
            .unwrap()
            .ends_with("a[-<NBSP>-]{+ +}b\n"));
    }

    proptest::proptest! {
        /// Any text, any sorted non-overlapping edits (joins, splits, deletions, CRLF,
        /// missing final newline): the diff reproduces `apply` exactly.
        #[test]
        fn diff_reproduces_apply(
            text in "[ab\n\r]{0,40}",
            cuts in proptest::collection::vec((0usize..41, 0usize..4, "[xy\n]{0,3}"), 0..6),
        ) {
            let mut points: Vec<(usize, usize, String)> = cuts
                .into_iter()
                .map(|(at, len, after)| (at.min(text.len()), len, after))
                .collect();
            points.sort();
            let mut edits = Vec::new();
            let mut last = 0;
            for (at, len, after) in points {
                if at < last {
                    continue;
                }
                let end = (at + len).min(text.len());
                if text[at..end] == after {
                    continue;
                }
                edits.push(Edit { span: at..end, before: text[at..end].to_string(), after, rule: 0 });
                last = end.max(at + 1);
            }
            check_roundtrip(&text, &edits);
        }
    }
}
