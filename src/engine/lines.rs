//! Lines in parallel: a large document (or a large chunk of a streamed one) is matched on
//! every core.
//!
//! A line's edits depend only on the line and the pass (see `Engine::line_step`); what a
//! document carries from line to line (edits in order, the spin score's signatures, where
//! its content ends, a cut marker) is folded in afterwards, in line order, so the output is
//! the same whatever the number of threads. Small texts stay on the calling thread: below
//! [`PARALLEL_MIN_BYTES`], handing lines to other threads costs more than it saves.
//!
//! The threads are rayon's: the global pool, or the pool the caller installed (`--jobs`),
//! so `--jobs 1` matches on one thread.

use super::case::QuoteStyle;
use super::view::View;
use super::{Engine, LineStep, Pass};
use rayon::prelude::*;
use std::ops::Range;

/// Texts shorter than this are matched on the calling thread.
pub const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// Lines handed to a thread at a time (lines of news prose are paragraphs of 0.1–3 KB).
const LINES_PER_TASK: usize = 32;

/// The ranges of the lines of `text` from byte `from`, each with its `\n`. The text after
/// the last `\n` (maybe empty) is a line too when `last` is true (the end of a document);
/// otherwise it is left for the next chunk.
pub fn ranges(text: &str, from: usize, last: bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if from > text.len() {
        return out;
    }
    let mut at = from;
    for newline in memchr::memchr_iter(b'\n', &text.as_bytes()[from..]) {
        let end = from + newline + 1;
        out.push(at..end);
        at = end;
    }
    if last {
        out.push(at..text.len());
    }
    out
}

impl Engine {
    /// The step of every line `ranges` picks out of `text` (whose first byte is at offset
    /// `base` of the document), in order: on several threads when the lines are long
    /// enough together.
    pub(super) fn line_steps(
        &self,
        text: &str,
        base: usize,
        ranges: &[Range<usize>],
        style: QuoteStyle,
        pass: Pass,
    ) -> Vec<LineStep> {
        let step = |view: &mut View, range: &Range<usize>| {
            self.line_step(&text[range.clone()], base + range.start, view, style, pass)
        };
        let bytes = match (ranges.first(), ranges.last()) {
            (Some(first), Some(last)) => last.end - first.start,
            _ => 0,
        };
        if bytes < PARALLEL_MIN_BYTES || rayon::current_num_threads() < 2 {
            let mut view = View::default();
            return ranges.iter().map(|range| step(&mut view, range)).collect();
        }
        ranges
            .par_iter()
            .with_min_len(LINES_PER_TASK)
            .map_init(View::default, step)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::stream::StreamOptions;
    use super::super::tests::on_threads;
    use super::*;
    use crate::rule::{Action, Rule};
    use std::io::Cursor;

    fn line_rule(id: &str, action: Action) -> Rule {
        let mut rule = Rule::replace(id, &[], "");
        rule.action = action;
        rule
    }

    /// Runs `f` on a pool of `threads` threads.

    #[test]
    fn lines_matched_in_parallel_give_the_edits_of_one_thread() {
        let engine = Engine::new(
            vec![
                Rule::replace("cut", &["Minimize!"], "Cut!"),
                Rule::replace("as", &["starring Kim like"], "starring Kim as"),
                line_rule(
                    "ad",
                    Action::RemoveLine {
                        lines: vec!["Advertisement".into()],
                    },
                ),
                line_rule(
                    "widget",
                    Action::CutToEnd {
                        markers: vec!["How does this article make you feel?".into()],
                    },
                ),
            ],
            Default::default(),
        )
        .expect("an engine");
        let paragraph = "The director yells “Minimize!” on set, starring Kim like a lead. ";
        let mut text = String::new();
        for i in 0..12_000 {
            text.push_str(&paragraph.repeat(1 + i % 5));
            text.push_str(if i % 97 == 0 {
                "\nAdvertisement\n\n"
            } else {
                "\n"
            });
        }
        let with_cut = format!("{text}How does this article make you feel?\nLike 3\n");
        for doc in [&text, &with_cut] {
            assert!(doc.len() > 4 * PARALLEL_MIN_BYTES);
            let one = on_threads(1, || engine.find_edits(doc));
            let two = on_threads(2, || engine.find_edits(doc));
            assert!(one.edits.len() > 20_000);
            assert_eq!(one, two);
            let streamed = |threads| {
                on_threads(threads, || {
                    let mut out = Vec::new();
                    let options = StreamOptions {
                        chunk_bytes: 3 * PARALLEL_MIN_BYTES,
                    };
                    engine
                        .stream(Cursor::new(doc.as_bytes()), &mut out, &options)
                        .expect("streams");
                    out
                })
            };
            let fixed = crate::edit::apply(doc, &one.edits);
            assert_eq!(streamed(1), fixed.as_bytes());
            assert_eq!(streamed(2), fixed.as_bytes());
        }
    }

    #[test]
    fn ranges_keep_line_breaks_and_the_last_line_only_at_the_end() {
        let text = "a\nbb\n\ncc";
        assert_eq!(ranges(text, 0, true), vec![0..2, 2..5, 5..6, 6..8]);
        assert_eq!(ranges(text, 0, false), vec![0..2, 2..5, 5..6]);
        assert_eq!(ranges(text, 2, true), vec![2..5, 5..6, 6..8]);
        assert_eq!(ranges("a\n", 0, true), vec![0..2, 2..2]);
        assert_eq!(ranges("", 0, true), vec![0..0]);
        assert!(ranges("ab", 3, true).is_empty());
    }
}
