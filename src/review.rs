//! Interactive review: walk every proposed change, one at a time, and decide.
//!
//! [`Review`] is a pure state machine over the documents under review (haystack, proposed
//! edits, and each edit's [`ChangeKey`]), driven by [`Key`]s; it never reads a terminal or
//! writes a file, so every key is unit-tested. [`session`] drives it from any
//! [`KeySource`] and writes what a person sees to any `impl Write`; the command line
//! (`unspin review`) supplies a raw-mode terminal or, when stdin is not a terminal, one key
//! per line, and afterwards applies [`Review::decided`]: the accepted edits go through
//! [`crate::edit::apply`] and [`crate::write::atomic`], the rejections into the decisions
//! file ([`crate::decisions`]).
//!
//! # Keys
//!
//! | key | decision |
//! |---|---|
//! | `y` | accept this change |
//! | `n` | reject it (recorded in the decisions file: not proposed again) |
//! | `a` | accept this and every undecided change left in this file |
//! | `d` | reject this and every undecided change left in this file (each recorded) |
//! | `A` | accept this and every undecided change from the same rule, in every file of the run |
//! | `N` | never apply this rule to this file again: reject this and its undecided changes from the rule here, and record a `never` entry scoped to the file |
//! | `e` | type your own replacement instead (an empty line cancels) |
//! | `u` | undo the last decision (all the changes one `a`, `d`, `A` or `N` decided) |
//! | `q` | quit: accepted changes are written, the rest stay undecided |
//! | `?` | help |
//!
//! The review ends by itself when every change is decided. Undecided changes are neither
//! written nor recorded, so the next review proposes them again.
//!
//! ```
//! use unspin::review::{Doc, Key, Review, Step};
//! use unspin::{decisions, engine::Engine, rule::Rule};
//! let engine = Engine::new(vec![Rule::replace("cut", &["Minimize!"], "Cut!")], Default::default())?;
//! let text = "He yells “Minimize!” twice: “Minimize!”";
//! let edits = engine.find_edits(text).edits;
//! let keys = decisions::keys(text, &edits, engine.rules());
//! let doc = Doc { label: "a.txt".into(), scope: "a.txt".into(), haystack: text.into(), edits, keys };
//! let mut review = Review::new(vec![doc]);
//! assert_eq!(review.press(Key::Accept), Step::Show);
//! assert_eq!(review.press(Key::Reject), Step::Done);
//! let decided = review.decided();
//! assert_eq!(decided.accepted[0].len(), 1);
//! assert_eq!(decided.rejected.len(), 1);
//! # Ok::<(), unspin::engine::BuildError>(())
//! ```

use crate::decisions::{head_words, tail_words, ChangeKey, Never, Rejection};
use crate::edit::{Edit, LineIndex};
use crate::report::check::visible;
use crate::rule::Rule;
use std::io::{self, BufRead, Write};

/// Words of context shown on each side of a change.
pub const SHOWN_WORDS: usize = 6;

/// The keys, as the prompt lists them.
pub const KEYS: &str = "y,n,a,d,A,N,e,u,q,?";

/// The help printed for `?`.
pub const HELP: &str = "\
y - accept this change
n - reject this change (remembered: it will not be proposed again)
a - accept this and the rest of the changes in this file
d - reject this and the rest of the changes in this file (remembered)
A - accept every change from this rule, in every file
N - never apply this rule to this file again (remembered)
e - type your own replacement (an empty line cancels)
u - undo the last decision
q - quit; accepted changes are written, undecided ones are left for later
? - this help";

const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// One document under review.
#[derive(Clone, Debug)]
pub struct Doc {
    /// The name shown (the path as given).
    pub label: String,
    /// The file's scope in the decisions file ([`crate::decisions::Store::scope`]).
    pub scope: String,
    /// The whole input.
    pub haystack: String,
    /// The proposed edits (sorted, not overlapping), after the decisions file's filter.
    pub edits: Vec<Edit>,
    /// The key of each edit, computed over the full proposal ([`crate::decisions::keys`]).
    pub keys: Vec<ChangeKey>,
}

/// A key press, as the review understands it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// `y`: accept this change.
    Accept,
    /// `n`: reject this change.
    Reject,
    /// `a`: accept the rest in this file.
    AcceptFile,
    /// `d`: reject the rest in this file.
    RejectFile,
    /// `A`: accept every change from this rule.
    AcceptRule,
    /// `N`: never apply this rule to this file again.
    NeverRule,
    /// `e`: type a replacement.
    Edit,
    /// `u`: undo the last decision.
    Undo,
    /// `q`: quit.
    Quit,
    /// `?`: help.
    Help,
}

impl Key {
    /// The key a character stands for (case matters: `a` and `A` differ).
    pub fn from_char(c: char) -> Option<Key> {
        Some(match c {
            'y' => Key::Accept,
            'n' => Key::Reject,
            'a' => Key::AcceptFile,
            'd' => Key::RejectFile,
            'A' => Key::AcceptRule,
            'N' => Key::NeverRule,
            'e' => Key::Edit,
            'u' => Key::Undo,
            'q' => Key::Quit,
            '?' | 'h' => Key::Help,
            _ => return None,
        })
    }
}

/// What to do after a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Show the current change (the next one, or the same one again).
    Show,
    /// Show the help; the current change is unchanged.
    Help,
    /// Ask for a line of text, the replacement for the current change, and pass it to
    /// [`Review::replace`].
    AskReplacement,
    /// The last decision was undone: this many changes are undecided again. Show the
    /// current change.
    Undone(usize),
    /// There is no decision to undo.
    NothingToUndo,
    /// The review is over: every change decided, or `q`.
    Done,
}

/// How one change was decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Accepted as proposed.
    Accept,
    /// Rejected, and recorded as such.
    Reject,
    /// Accepted with the reviewer's own replacement.
    Replace(String),
    /// Rejected by `N` (covered by the `never` entry; not recorded one by one).
    Never,
}

/// One key's worth of decisions, for undo.
#[derive(Clone, Debug)]
struct Action {
    /// The items it decided.
    items: Vec<usize>,
    /// The item that was current.
    cursor: usize,
    /// The `never` entry it recorded, for `N`.
    never: Option<Never>,
}

/// The review state: every proposed change of every document, in order, and the decisions
/// so far.
#[derive(Clone, Debug)]
pub struct Review {
    docs: Vec<Doc>,
    /// (document, edit) of each change, in document order.
    items: Vec<(usize, usize)>,
    decisions: Vec<Option<Decision>>,
    /// The current change; every change before it is decided.
    cursor: usize,
    history: Vec<Action>,
    quit: bool,
}

/// The current change, for display.
#[derive(Clone, Copy, Debug)]
pub struct Current<'a> {
    /// Its document.
    pub doc: &'a Doc,
    /// The edit.
    pub edit: &'a Edit,
    /// Its 0-based position among all changes.
    pub index: usize,
    /// How many changes there are.
    pub total: usize,
}

/// What the review decided, ready to apply and record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decided {
    /// For each document (in the order given), the edits to apply: accepted ones as
    /// proposed, replaced ones with the reviewer's text.
    pub accepted: Vec<Vec<Edit>>,
    /// Rejections to record (`n` and `d`), with the document's scope as their file.
    pub rejected: Vec<Rejection>,
    /// Rules switched off (`N`).
    pub never: Vec<Never>,
    /// Changes accepted as proposed.
    pub accepted_count: usize,
    /// Changes accepted with the reviewer's own replacement.
    pub replaced_count: usize,
    /// Changes rejected (including those `N` covers).
    pub rejected_count: usize,
    /// Changes left undecided.
    pub undecided_count: usize,
}

impl Review {
    /// A review of `docs`' edits, starting at the first.
    ///
    /// # Panics
    ///
    /// Panics if a document has not exactly one key per edit: callers build both from the
    /// same proposal, so a mismatch is a bug.
    pub fn new(docs: Vec<Doc>) -> Review {
        let mut items = Vec::new();
        for (d, doc) in docs.iter().enumerate() {
            assert_eq!(doc.edits.len(), doc.keys.len(), "one key per edit");
            items.extend((0..doc.edits.len()).map(|e| (d, e)));
        }
        let decisions = vec![None; items.len()];
        Review {
            docs,
            items,
            decisions,
            cursor: 0,
            history: Vec::new(),
            quit: false,
        }
    }

    /// The documents under review.
    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    /// How many changes are under review.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there is nothing to review.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// True once every change is decided or the reviewer quit.
    pub fn is_done(&self) -> bool {
        self.quit || self.cursor >= self.items.len()
    }

    /// True if the review ended with `q` (or the end of the keys).
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// How each change was decided so far, in order.
    pub fn decisions(&self) -> &[Option<Decision>] {
        &self.decisions
    }

    /// The change to decide now, if the review is not over.
    pub fn current(&self) -> Option<Current<'_>> {
        if self.is_done() {
            return None;
        }
        let (d, e) = self.items[self.cursor];
        Some(Current {
            doc: &self.docs[d],
            edit: &self.docs[d].edits[e],
            index: self.cursor,
            total: self.items.len(),
        })
    }

    /// Applies one key.
    pub fn press(&mut self, key: Key) -> Step {
        if key == Key::Undo {
            return self.undo();
        }
        if self.is_done() {
            return Step::Done;
        }
        let (doc, edit) = self.items[self.cursor];
        let rule = self.docs[doc].keys[edit].rule.clone();
        let undecided_from_here = |review: &Review, pick: &dyn Fn(usize, usize) -> bool| {
            (review.cursor..review.items.len())
                .filter(|&i| review.decisions[i].is_none())
                .filter(|&i| {
                    let (d, e) = review.items[i];
                    pick(d, e)
                })
                .collect::<Vec<usize>>()
        };
        match key {
            Key::Accept => self.decide(vec![self.cursor], Decision::Accept, None),
            Key::Reject => self.decide(vec![self.cursor], Decision::Reject, None),
            Key::AcceptFile => {
                let items = undecided_from_here(self, &|d, _| d == doc);
                self.decide(items, Decision::Accept, None)
            }
            Key::RejectFile => {
                let items = undecided_from_here(self, &|d, _| d == doc);
                self.decide(items, Decision::Reject, None)
            }
            Key::AcceptRule => {
                let items = undecided_from_here(self, &|d, e| self.docs[d].keys[e].rule == rule);
                self.decide(items, Decision::Accept, None)
            }
            Key::NeverRule => {
                let items = undecided_from_here(self, &|d, e| {
                    d == doc && self.docs[d].keys[e].rule == rule
                });
                let never = Never {
                    rule: rule.clone(),
                    scope: self.docs[doc].scope.clone(),
                };
                self.decide(items, Decision::Never, Some(never))
            }
            Key::Edit => Step::AskReplacement,
            Key::Quit => {
                self.quit = true;
                Step::Done
            }
            Key::Help => Step::Help,
            Key::Undo => unreachable!("handled above"),
        }
    }

    /// Answers [`Step::AskReplacement`]: accepts the current change with `text` instead of
    /// the proposed replacement (a trailing line break is dropped). An empty `text` cancels
    /// and leaves the change undecided.
    pub fn replace(&mut self, text: &str) -> Step {
        let text = text.strip_suffix('\n').unwrap_or(text);
        let text = text.strip_suffix('\r').unwrap_or(text);
        if self.is_done() {
            return Step::Done;
        }
        if text.is_empty() {
            return Step::Show;
        }
        self.decide(vec![self.cursor], Decision::Replace(text.to_string()), None)
    }

    fn decide(&mut self, items: Vec<usize>, decision: Decision, never: Option<Never>) -> Step {
        for &i in &items {
            self.decisions[i] = Some(decision.clone());
        }
        self.history.push(Action {
            items,
            cursor: self.cursor,
            never,
        });
        self.advance();
        if self.is_done() {
            Step::Done
        } else {
            Step::Show
        }
    }

    /// Moves to the next undecided change (every one before the cursor is decided).
    fn advance(&mut self) {
        while self.cursor < self.items.len() && self.decisions[self.cursor].is_some() {
            self.cursor += 1;
        }
    }

    fn undo(&mut self) -> Step {
        let Some(action) = self.history.pop() else {
            return Step::NothingToUndo;
        };
        for &i in &action.items {
            self.decisions[i] = None;
        }
        self.cursor = action.cursor;
        self.quit = false;
        Step::Undone(action.items.len())
    }

    /// What was decided so far.
    pub fn decided(&self) -> Decided {
        let mut out = Decided {
            accepted: vec![Vec::new(); self.docs.len()],
            ..Decided::default()
        };
        for (i, &(d, e)) in self.items.iter().enumerate() {
            let doc = &self.docs[d];
            match &self.decisions[i] {
                Some(Decision::Accept) => {
                    out.accepted[d].push(doc.edits[e].clone());
                    out.accepted_count += 1;
                }
                Some(Decision::Replace(text)) => {
                    let mut edit = doc.edits[e].clone();
                    edit.after = text.clone();
                    out.accepted[d].push(edit);
                    out.replaced_count += 1;
                }
                Some(Decision::Reject) => {
                    out.rejected.push(Rejection {
                        key: doc.keys[e].clone(),
                        file: Some(doc.scope.clone()),
                    });
                    out.rejected_count += 1;
                }
                Some(Decision::Never) => out.rejected_count += 1,
                None => out.undecided_count += 1,
            }
        }
        out.never = self
            .history
            .iter()
            .filter_map(|a| a.never.clone())
            .collect();
        out
    }

    /// The current change as a person sees it: where, a few words of context with the
    /// change marked `[-old-]{+new+}` (in red and green with `color`), and the rule. Empty
    /// when the review is over. `rules` is the engine's rule table.
    pub fn render(&self, rules: &[Rule], color: bool) -> String {
        let Some(cur) = self.current() else {
            return String::new();
        };
        let (bold, red, green, dim, reset) = if color {
            (BOLD, RED, GREEN, DIM, RESET)
        } else {
            ("", "", "", "", "")
        };
        let hay = cur.doc.haystack.as_str();
        let edit = cur.edit;
        let (line, column) = LineIndex::new(hay).line_column(hay, edit.span.start);
        let before_text = &hay[..edit.span.start];
        let after_text = &hay[edit.span.end..];
        let left = tail_words(before_text, SHOWN_WORDS);
        // A change that removes a line break ends its line: what follows is another line.
        let ends_line = edit.before.ends_with(['\n', '\r']);
        let right = if ends_line {
            ""
        } else {
            head_words(after_text, SHOWN_WORDS)
        };
        let line_start = before_text.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line_end = if ends_line {
            0
        } else {
            after_text.find(['\n', '\r']).unwrap_or(after_text.len())
        };
        let more_left = if left.len() < before_text.len() - line_start {
            "…"
        } else {
            ""
        };
        let more_right = if right.len() < line_end { "…" } else { "" };
        let mut change = format!("{red}[-{}-]{reset}", visible(&edit.before));
        if !edit.after.is_empty() {
            change.push_str(&format!("{green}{{+{}+}}{reset}", visible(&edit.after)));
        }
        let rule = &rules[edit.rule];
        format!(
            "\n{bold}{}:{line}:{column}{reset} (change {} of {})\n  {more_left}{}{change}{}{more_right}\n  {dim}rule {} ({}:{}, tier {}){reset}\n",
            cur.doc.label,
            cur.index + 1,
            cur.total,
            shown(left),
            shown(right),
            rule.id,
            rule.origin.file,
            rule.origin.line,
            rule.tier.as_str(),
        )
    }
}

/// Context text on one line, invisible characters named as in `check`.
fn shown(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        visible(text)
    }
}

/// What a key source gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Press {
    /// One key.
    Key(char),
    /// Something that is not one key (a line of several characters).
    Other(String),
    /// Stop now and write nothing (Ctrl-C on a terminal).
    Abort,
    /// No more keys (end of input): treated as `q`.
    End,
}

/// Where keys come from: a raw-mode terminal, or lines of text.
pub trait KeySource {
    /// The next key.
    fn key(&mut self) -> io::Result<Press>;
    /// A line of text (for `e`), without its line break; `None` at the end of input.
    fn line(&mut self) -> io::Result<Option<String>>;
}

/// Keys read one per line, for scripts and tests: each non-empty line (surrounding white
/// space ignored) must be one key; the line after an `e` is the replacement.
#[derive(Debug)]
pub struct LineKeys<R> {
    reader: R,
}

impl<R: BufRead> LineKeys<R> {
    /// Keys from `reader`.
    pub fn new(reader: R) -> LineKeys<R> {
        LineKeys { reader }
    }
}

impl<R: BufRead> KeySource for LineKeys<R> {
    fn key(&mut self) -> io::Result<Press> {
        loop {
            let mut line = String::new();
            if self.reader.read_line(&mut line)? == 0 {
                return Ok(Press::End);
            }
            let t = line.trim();
            let mut chars = t.chars();
            match (chars.next(), chars.next()) {
                (None, _) => continue,
                (Some(c), None) => return Ok(Press::Key(c)),
                _ => return Ok(Press::Other(t.to_string())),
            }
        }
    }

    fn line(&mut self) -> io::Result<Option<String>> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line.strip_suffix('\n').unwrap_or(&line);
        Ok(Some(line.strip_suffix('\r').unwrap_or(line).to_string()))
    }
}

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Every change was decided.
    Finished,
    /// `q`, or the keys ran out: what was decided stands.
    Quit,
    /// Aborted (Ctrl-C): nothing should be written.
    Aborted,
}

/// Runs a review: shows each change, reads keys from `keys` until the review is over, and
/// writes what a person sees (changes, prompts, the keys pressed, help) to `out`, flushing
/// before each read. `rules` is the engine's rule table.
pub fn session<S: KeySource, W: Write>(
    review: &mut Review,
    rules: &[Rule],
    keys: &mut S,
    out: &mut W,
    color: bool,
) -> io::Result<Ending> {
    let mut show = true;
    loop {
        if review.is_done() {
            return Ok(if review.quit() {
                Ending::Quit
            } else {
                Ending::Finished
            });
        }
        if show {
            out.write_all(review.render(rules, color).as_bytes())?;
        }
        write!(out, "Apply this change [{KEYS}]? ")?;
        out.flush()?;
        show = false;
        let c = match keys.key()? {
            Press::End => {
                writeln!(out)?;
                review.press(Key::Quit);
                continue;
            }
            Press::Abort => {
                writeln!(out, "^C")?;
                return Ok(Ending::Aborted);
            }
            Press::Other(text) => {
                writeln!(out, "{text}")?;
                writeln!(out, "one key per line, please; ? for help")?;
                continue;
            }
            Press::Key(c) => c,
        };
        writeln!(out, "{c}")?;
        let Some(key) = Key::from_char(c) else {
            writeln!(out, "unknown key `{c}`; ? for help")?;
            continue;
        };
        match review.press(key) {
            Step::Show | Step::Done => show = true,
            Step::Help => writeln!(out, "{HELP}")?,
            Step::NothingToUndo => writeln!(out, "nothing to undo")?,
            Step::Undone(n) => {
                let what = if n == 1 {
                    "1 change".to_string()
                } else {
                    format!("{n} changes")
                };
                writeln!(out, "undone: {what} undecided again")?;
                show = true;
            }
            Step::AskReplacement => {
                let proposed = review
                    .current()
                    .map(|c| visible(&c.edit.after))
                    .unwrap_or_default();
                write!(
                    out,
                    "Replacement (proposed: {proposed}; an empty line cancels): "
                )?;
                out.flush()?;
                match keys.line()? {
                    None => {
                        writeln!(out)?;
                        review.press(Key::Quit);
                    }
                    Some(text) => {
                        review.replace(&text);
                        show = true;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decisions;
    use crate::engine::Engine;

    fn engine() -> Engine {
        Engine::new(
            vec![
                Rule::replace("cut", &["Minimize!"], "Cut!"),
                Rule::replace("where", &["the place she"], "where she"),
                Rule::replace("two", &["the 2 actors"], "the two actors"),
            ],
            Default::default(),
        )
        .unwrap()
    }

    const A: &str = "He yells “Minimize!” at the place she grew up.\nThen Minimize! again.\n";
    const B: &str = "the 2 actors went to the place she knew. Minimize!\n";

    fn doc(engine: &Engine, label: &str, text: &str) -> Doc {
        let edits = engine.find_edits(text).edits;
        let keys = decisions::keys(text, &edits, engine.rules());
        Doc {
            label: label.into(),
            scope: label.into(),
            haystack: text.into(),
            edits,
            keys,
        }
    }

    /// A review of A (3 changes: cut, where, cut) and B (3 changes: two, where, cut).
    fn review() -> (Engine, Review) {
        let e = engine();
        let docs = vec![doc(&e, "a.txt", A), doc(&e, "b.txt", B)];
        let r = Review::new(docs);
        assert_eq!(r.len(), 6);
        (e, r)
    }

    fn rules_of(r: &Review) -> Vec<Option<&str>> {
        r.decisions()
            .iter()
            .map(|d| {
                d.as_ref().map(|d| match d {
                    Decision::Accept => "y",
                    Decision::Reject => "n",
                    Decision::Replace(_) => "e",
                    Decision::Never => "N",
                })
            })
            .collect()
    }

    fn fixed(r: &Review) -> Vec<String> {
        let decided = r.decided();
        r.docs()
            .iter()
            .zip(&decided.accepted)
            .map(|(d, edits)| crate::edit::apply(&d.haystack, edits))
            .collect()
    }

    #[test]
    fn keys_from_chars() {
        assert_eq!(Key::from_char('a'), Some(Key::AcceptFile));
        assert_eq!(Key::from_char('A'), Some(Key::AcceptRule));
        assert_eq!(Key::from_char('N'), Some(Key::NeverRule));
        assert_eq!(Key::from_char('?'), Some(Key::Help));
        assert_eq!(Key::from_char('x'), None);
        for c in KEYS.split(',') {
            assert!(Key::from_char(c.chars().next().unwrap()).is_some(), "{c}");
        }
    }

    #[test]
    fn y_and_n_decide_one_change_each() {
        let (_, mut r) = review();
        assert_eq!(r.press(Key::Accept), Step::Show);
        assert_eq!(r.press(Key::Reject), Step::Show);
        assert_eq!(r.current().unwrap().index, 2);
        assert_eq!(rules_of(&r)[..3], [Some("y"), Some("n"), None]);
        let d = r.decided();
        assert_eq!(
            (d.accepted_count, d.rejected_count, d.undecided_count),
            (1, 1, 4)
        );
        assert_eq!(d.rejected.len(), 1);
        assert_eq!(d.rejected[0].key.rule, "where");
        assert_eq!(d.rejected[0].file.as_deref(), Some("a.txt"));
        assert_eq!(
            fixed(&r),
            [
                "He yells “Cut!” at the place she grew up.\nThen Minimize! again.\n",
                B
            ]
        );
    }

    #[test]
    fn a_and_d_decide_the_rest_of_the_file() {
        let (_, mut r) = review();
        r.press(Key::Reject);
        assert_eq!(r.press(Key::AcceptFile), Step::Show);
        assert_eq!(r.current().unwrap().doc.label, "b.txt");
        assert_eq!(r.press(Key::RejectFile), Step::Done);
        assert!(r.is_done() && !r.quit());
        assert_eq!(
            rules_of(&r),
            [
                Some("n"),
                Some("y"),
                Some("y"),
                Some("n"),
                Some("n"),
                Some("n")
            ]
        );
        let d = r.decided();
        assert_eq!(d.rejected.len(), 4);
        assert_eq!(
            fixed(&r)[0],
            "He yells “Minimize!” at where she grew up.\nThen Cut! again.\n"
        );
    }

    #[test]
    fn big_a_accepts_the_rule_everywhere() {
        let (_, mut r) = review();
        assert_eq!(r.press(Key::AcceptRule), Step::Show);
        // Every `cut` change in both files is decided; the cursor is on the next other one.
        assert_eq!(
            rules_of(&r),
            [Some("y"), None, Some("y"), None, None, Some("y")]
        );
        assert_eq!(r.current().unwrap().index, 1);
        r.press(Key::Reject);
        assert_eq!(r.current().unwrap().index, 3);
    }

    #[test]
    fn big_n_switches_the_rule_off_in_this_file() {
        let (_, mut r) = review();
        r.press(Key::Accept);
        r.press(Key::Accept);
        // The second `cut` in a.txt: never again here.
        assert_eq!(r.press(Key::NeverRule), Step::Show);
        assert_eq!(r.current().unwrap().doc.label, "b.txt");
        // The `cut` in b.txt is untouched.
        assert_eq!(rules_of(&r)[5], None);
        let d = r.decided();
        assert_eq!(
            d.never,
            [Never {
                rule: "cut".into(),
                scope: "a.txt".into()
            }]
        );
        // Covered by the `never` entry, not recorded one by one.
        assert!(d.rejected.is_empty());
        assert_eq!(d.rejected_count, 1);
        // Undo removes the entry.
        assert_eq!(r.press(Key::Undo), Step::Undone(1));
        assert!(r.decided().never.is_empty());
        assert_eq!(r.current().unwrap().index, 2);
    }

    #[test]
    fn big_n_covers_the_rules_later_changes_in_the_file() {
        let (_, mut r) = review();
        r.press(Key::NeverRule);
        assert_eq!(rules_of(&r)[..3], [Some("N"), None, Some("N")]);
        assert_eq!(r.current().unwrap().index, 1);
    }

    #[test]
    fn e_replaces_with_the_reviewers_text() {
        let (_, mut r) = review();
        assert_eq!(r.press(Key::Edit), Step::AskReplacement);
        // Nothing decided until the text comes; an empty line cancels.
        assert_eq!(r.replace("\n"), Step::Show);
        assert_eq!(r.current().unwrap().index, 0);
        assert_eq!(r.press(Key::Edit), Step::AskReplacement);
        assert_eq!(r.replace("Stop!\r\n"), Step::Show);
        assert_eq!(r.current().unwrap().index, 1);
        let d = r.decided();
        assert_eq!(d.replaced_count, 1);
        assert_eq!(d.accepted[0][0].after, "Stop!");
        assert!(fixed(&r)[0].starts_with("He yells “Stop!” at"));
    }

    #[test]
    fn u_undoes_the_last_decision_and_steps_back() {
        let (_, mut r) = review();
        assert_eq!(r.press(Key::Undo), Step::NothingToUndo);
        r.press(Key::Accept);
        r.press(Key::AcceptFile);
        assert_eq!(r.current().unwrap().index, 3);
        assert_eq!(r.press(Key::Undo), Step::Undone(2));
        assert_eq!(r.current().unwrap().index, 1);
        assert_eq!(rules_of(&r)[..3], [Some("y"), None, None]);
        assert_eq!(r.press(Key::Undo), Step::Undone(1));
        assert_eq!(r.current().unwrap().index, 0);
        assert_eq!(r.decided().accepted_count, 0);
        // Undo works after the last decision ended the review, too.
        let (_, mut r) = review();
        r.press(Key::AcceptRule);
        r.press(Key::AcceptFile);
        assert_eq!(r.press(Key::AcceptFile), Step::Done);
        assert!(r.is_done());
        assert_eq!(r.press(Key::Undo), Step::Undone(2));
        assert!(!r.is_done());
        assert_eq!(r.current().unwrap().index, 3);
    }

    #[test]
    fn q_quits_keeping_what_was_decided() {
        let (_, mut r) = review();
        r.press(Key::Accept);
        assert_eq!(r.press(Key::Quit), Step::Done);
        assert!(r.is_done() && r.quit());
        assert!(r.current().is_none());
        assert_eq!(r.press(Key::Accept), Step::Done);
        let d = r.decided();
        assert_eq!((d.accepted_count, d.undecided_count), (1, 5));
        assert!(d.rejected.is_empty());
        // Help changes nothing.
        let (_, mut r) = review();
        assert_eq!(r.press(Key::Help), Step::Help);
        assert_eq!(r.current().unwrap().index, 0);
    }

    #[test]
    fn render_shows_place_context_change_and_rule() {
        let (e, mut r) = review();
        r.press(Key::Accept);
        let shown = r.render(e.rules(), false);
        assert_eq!(
            shown,
            "\na.txt:1:25 (change 2 of 6)\n  He yells “Minimize!” at [-the place she-]{+where she+} grew up.\n  rule where (<test>:1, tier auto)\n"
        );
        let colored = r.render(e.rules(), true);
        assert!(colored.contains("\x1b[31m[-the place she-]\x1b[0m\x1b[32m{+where she+}\x1b[0m"));
        // Long lines are cut to a few words, with … where text was left out.
        let long = "one two three four five six seven eight Minimize! nine ten eleven twelve thirteen fourteen fifteen";
        let mut r = Review::new(vec![doc(&e, "c.txt", long)]);
        assert_eq!(
            r.render(e.rules(), false).lines().nth(2).unwrap(),
            "  …three four five six seven eight [-Minimize!-]{+Cut!+} nine ten eleven twelve thirteen fourteen…"
        );
        r.press(Key::Quit);
        assert_eq!(r.render(e.rules(), false), "");
    }

    #[test]
    fn session_from_lines() {
        let (e, mut r) = review();
        let script = "y\n\nn\nwhat\nz\n?\ne\nStop!\nu\nu\nq\n";
        let mut keys = LineKeys::new(script.as_bytes());
        let mut out = Vec::new();
        let ending = session(&mut r, e.rules(), &mut keys, &mut out, false).unwrap();
        assert_eq!(ending, Ending::Quit);
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("one key per line, please"), "{out}");
        assert!(out.contains("unknown key `z`"), "{out}");
        assert!(out.contains("a - accept this and the rest"), "{out}");
        assert!(
            out.contains("Replacement (proposed: Cut!; an empty line cancels): "),
            "{out}"
        );
        assert!(out.contains("undone: 1 change undecided again"), "{out}");
        assert_eq!(rules_of(&r)[..3], [Some("y"), None, None]);
        // End of input is `q`.
        let (e, mut r) = review();
        let mut keys = LineKeys::new("a\n".as_bytes());
        let ending = session(&mut r, e.rules(), &mut keys, &mut Vec::new(), false).unwrap();
        assert_eq!(ending, Ending::Quit);
        assert_eq!(r.decided().accepted_count, 3);
        // Deciding everything finishes.
        let (e, mut r) = review();
        let mut keys = LineKeys::new("a\nd\n".as_bytes());
        let ending = session(&mut r, e.rules(), &mut keys, &mut Vec::new(), false).unwrap();
        assert_eq!(ending, Ending::Finished);
    }

    struct Aborting;
    impl KeySource for Aborting {
        fn key(&mut self) -> io::Result<Press> {
            Ok(Press::Abort)
        }
        fn line(&mut self) -> io::Result<Option<String>> {
            Ok(None)
        }
    }

    #[test]
    fn abort_ends_at_once() {
        let (e, mut r) = review();
        let ending = session(&mut r, e.rules(), &mut Aborting, &mut Vec::new(), false).unwrap();
        assert_eq!(ending, Ending::Aborted);
    }
}
