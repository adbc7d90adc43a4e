//! `unspin review`: walk the proposed changes one at a time; write the accepted ones,
//! remember the rejected ones. The decisions themselves are [`crate::review`]'s state
//! machine; this file reads keys (a raw-mode terminal, or lines), writes files and the
//! decisions file.

use super::inputs::{io_message, Input};
use super::{build_engine, collect_inputs, open_decisions, read_input, Read, Shared, Status};
use crate::decisions;
use crate::edit::apply;
use crate::review::{self, Doc, Ending, KeySource, LineKeys, Press, Review};
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::terminal;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

pub(crate) const AFTER_HELP: &str = "\
Each change is shown with its file, line and column, a few words of context with the change
marked [-old-]{+new+} (in colour on a terminal), and the rule that proposes it (id,
dictionary file:line, tier). Then one key decides:

  y  accept this change            n  reject it (remembered: not proposed again)
  a  accept the rest of this file   d  reject the rest of this file (remembered)
  A  accept every change from this rule, in every file of this run
  N  never apply this rule to this file again (remembered as a `never` entry)
  e  type your own replacement      u  undo the last decision
  q  quit                           ?  help

On a terminal a key needs no Enter; Ctrl-C aborts and writes nothing (while typing a
replacement, Esc or Ctrl-C cancels it). When stdin is not a terminal, keys are read one per
line, and the line after `e` is the replacement.

The review ends when every change is decided, at `q`, or at the end of the keys. Then the
accepted changes are written, each file atomically as fix --write does (a file that changed
on disk during the review is left untouched), and rejections are added to the decisions
file (default .unspin/decisions.yaml in the folder of the first input; see --decisions).
fix, check, diff and review read it, so a rejected change is not proposed again, even after
the rest of the file changes. Undecided changes are left for the next review.

Examples:
  unspin review article.txt
  unspin review articles/                          every *.txt under articles/
  printf 'y\\nn\\nq\\n' | unspin review article.txt    scripted: accept, reject, quit
  unspin review --decisions team/decisions.yaml articles/

Exit codes: 0 done (whatever was decided); 2 error (bad dictionary, unreadable input or
decisions file, failed write).";

/// Arguments of `unspin review`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Inputs, dictionaries, rule selection and the decisions file.
    #[command(flatten)]
    pub shared: Shared,
}

/// Runs `unspin review`.
pub fn run<W: Write>(args: &Args, out: &mut W) -> io::Result<u8> {
    let mut status = Status::default();
    let shared = &args.shared;
    if shared.paths.iter().any(|p| p.as_os_str() == "-") {
        status.error(
            "review reads its keys from stdin and writes files in place: name files or \
             folders, not `-`",
        );
        return Ok(status.code());
    }
    let Some(engine) = build_engine(shared, &mut status) else {
        return Ok(status.code());
    };
    let Some(inputs) = collect_inputs(shared, &mut status) else {
        return Ok(status.code());
    };
    let Some(mut store) = open_decisions(shared, &mut status) else {
        return Ok(status.code());
    };
    let mut docs = Vec::new();
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut suppressed = 0;
    for input in &inputs {
        let Input::File(path) = input else {
            continue;
        };
        let Read::Text(text) = read_input(input, &mut status) else {
            continue;
        };
        let proposed = engine.find_edits(&text).edits;
        let keys = decisions::keys(&text, &proposed, engine.rules());
        let scope = store.scope(path);
        let (mut edits, mut kept_keys) = (Vec::new(), Vec::new());
        for (edit, key) in proposed.into_iter().zip(keys) {
            if store.decisions.suppresses(&key, Some(&scope)) {
                suppressed += 1;
            } else {
                edits.push(edit);
                kept_keys.push(key);
            }
        }
        if edits.is_empty() {
            continue;
        }
        docs.push(Doc {
            label: input.label(),
            scope,
            haystack: text,
            edits,
            keys: kept_keys,
        });
        paths.push(path.clone());
    }
    super::note_suppressed(&store, suppressed, &mut status);
    let mut review = Review::new(docs);
    if review.is_empty() {
        writeln!(
            out,
            "nothing to review ({} read)",
            plural(inputs.len(), "file")
        )?;
        return Ok(status.code());
    }
    let color = shared.color.enabled();
    let ending = if io::stdin().is_terminal() {
        terminal_session(&mut review, engine.rules(), out, color)?
    } else {
        let stdin = io::stdin();
        let mut keys = LineKeys::new(stdin.lock());
        review::session(&mut review, engine.rules(), &mut keys, out, color)?
    };
    if ending == Ending::Aborted {
        writeln!(out, "aborted: nothing written, nothing recorded")?;
        return Ok(status.code());
    }
    let decided = review.decided();
    let mut written = 0;
    for ((doc, path), edits) in review.docs().iter().zip(&paths).zip(&decided.accepted) {
        if edits.is_empty() {
            continue;
        }
        // The file may have been edited during the review: never overwrite that.
        match std::fs::read(path) {
            Ok(now) if now == doc.haystack.as_bytes() => {}
            Ok(_) => {
                status.error(format_args!(
                    "{}: changed on disk during the review; left untouched (its accepted \
                     changes were not written)",
                    doc.label
                ));
                continue;
            }
            Err(e) => {
                status.error(format_args!(
                    "{}: cannot read: {}; left untouched",
                    doc.label,
                    io_message(&e)
                ));
                continue;
            }
        }
        let fixed = apply(&doc.haystack, edits);
        match crate::write::atomic(path, fixed.as_bytes()) {
            Ok(()) => written += 1,
            Err(e) => status.error(format_args!(
                "{}: cannot write: {}; left untouched",
                doc.label,
                io_message(&e)
            )),
        }
    }
    let mut recorded = 0;
    for rejection in decided.rejected.iter().cloned() {
        recorded += usize::from(store.decisions.reject(rejection));
    }
    for never in decided.never.iter().cloned() {
        recorded += usize::from(store.decisions.add_never(never));
    }
    let mut remembered = String::new();
    if recorded > 0 {
        match store.save() {
            Ok(()) => remembered = format!(" (remembered in {})", store.path.display()),
            Err(e) => status.error(format_args!(
                "{}: cannot write the decisions file: {}; rejections not remembered",
                store.path.display(),
                io_message(&e)
            )),
        }
    }
    let mut summary = format!(
        "accepted {}",
        decided.accepted_count + decided.replaced_count
    );
    if decided.replaced_count > 0 {
        summary.push_str(&format!(" ({} with your text)", decided.replaced_count));
    }
    summary.push_str(&format!(
        ", rejected {}{remembered}",
        decided.rejected_count
    ));
    if decided.undecided_count > 0 {
        summary.push_str(&format!(", {} left undecided", decided.undecided_count));
    }
    summary.push_str(&format!("; {} written", plural(written, "file")));
    writeln!(out, "{summary}")?;
    Ok(status.code())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Runs the review on a terminal in raw mode (keys without Enter), restoring the terminal
/// afterwards, also on error or panic.
fn terminal_session<W: Write>(
    review: &mut Review,
    rules: &[crate::rule::Rule],
    out: &mut W,
    color: bool,
) -> io::Result<Ending> {
    let _raw = RawMode::enable()?;
    if io::stdout().is_terminal() {
        // Raw mode also stops the terminal turning `\n` into a new line at column 1.
        let mut out = Crlf(out);
        review::session(review, rules, &mut Terminal, &mut out, color)
    } else {
        review::session(review, rules, &mut Terminal, out, color)
    }
}

/// Raw mode while alive.
struct RawMode;

impl RawMode {
    fn enable() -> io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Writes `\r\n` for every `\n`, for a terminal in raw mode.
struct Crlf<'a, W: Write>(&'a mut W);

impl<W: Write> Write for Crlf<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut start = 0;
        for (i, &b) in buf.iter().enumerate() {
            if b == b'\n' {
                self.0.write_all(&buf[start..i])?;
                self.0.write_all(b"\r\n")?;
                start = i + 1;
            }
        }
        self.0.write_all(&buf[start..])?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Keys from a terminal in raw mode: one key press each, no Enter needed.
struct Terminal;

impl KeySource for Terminal {
    fn key(&mut self) -> io::Result<Press> {
        loop {
            let Event::Key(key) = event::read()? else {
                continue;
            };
            if key.kind != KeyEventKind::Press {
                continue;
            }
            if key.modifiers.contains(KeyModifiers::CONTROL) {
                match key.code {
                    KeyCode::Char('c') => return Ok(Press::Abort),
                    KeyCode::Char('d') => return Ok(Press::End),
                    _ => continue,
                }
            }
            if let KeyCode::Char(c) = key.code {
                return Ok(Press::Key(c));
            }
        }
    }

    /// A line typed in raw mode, echoed as typed: Enter ends it, Backspace deletes, Esc or
    /// Ctrl-C cancels (an empty line), Ctrl-D ends the review.
    fn line(&mut self) -> io::Result<Option<String>> {
        let mut text = String::new();
        let mut echo = io::stdout();
        loop {
            let Event::Key(key) = event::read()? else {
                continue;
            };
            if key.kind != KeyEventKind::Press {
                continue;
            }
            let control = key.modifiers.contains(KeyModifiers::CONTROL);
            match key.code {
                KeyCode::Char('d') if control => {
                    echo.write_all(b"\r\n")?;
                    echo.flush()?;
                    return Ok(None);
                }
                KeyCode::Char('c') if control => {
                    echo.write_all(b"\r\n")?;
                    echo.flush()?;
                    return Ok(Some(String::new()));
                }
                _ if control => continue,
                KeyCode::Enter => {
                    echo.write_all(b"\r\n")?;
                    echo.flush()?;
                    return Ok(Some(text));
                }
                KeyCode::Esc => {
                    echo.write_all(b"\r\n")?;
                    echo.flush()?;
                    return Ok(Some(String::new()));
                }
                KeyCode::Backspace if text.pop().is_some() => {
                    echo.write_all(b"\x08 \x08")?;
                }
                KeyCode::Char(c) => {
                    text.push(c);
                    write!(echo, "{c}")?;
                }
                _ => {}
            }
            echo.flush()?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_turns_every_line_break_into_cr_lf() {
        let mut buf = Vec::new();
        let mut w = Crlf(&mut buf);
        w.write_all(b"a\nb\n\nc").unwrap();
        assert_eq!(buf, b"a\r\nb\r\n\r\nc");
    }
}
