//! Reports, all built from edits: check lines and a summary ([`check`]), JSON Lines
//! ([`json`]), unified and word diffs ([`diff`]).
//!
//! Every report is a pure function of (haystack, edits) that writes to an `impl Write`, so
//! it is tested by writing into a `Vec<u8>`; none re-reads files or re-diffs whole texts.

pub mod check;
pub mod diff;
pub mod json;

use crate::edit::Edit;
use crate::engine::Outcome;

/// One document's findings, as the reports need them.
#[derive(Clone, Copy, Debug)]
pub struct Document<'a> {
    /// The name printed for the document: its path as the user gave it, or `<stdin>`.
    pub path: &'a str,
    /// The whole input, byte-order mark included.
    pub haystack: &'a str,
    /// What the engine found in it.
    pub outcome: &'a Outcome,
}

/// Applied and flagged edits of `outcome` in document order; `true` marks a flagged one.
/// At the same start, the applied edit comes first.
pub(crate) fn in_order(outcome: &Outcome) -> Vec<(&Edit, bool)> {
    let mut all: Vec<(&Edit, bool)> = outcome
        .edits
        .iter()
        .map(|e| (e, false))
        .chain(outcome.flagged.iter().map(|e| (e, true)))
        .collect();
    // A stable sort keeps each list's own order at equal starts.
    all.sort_by_key(|(e, flagged)| (e.span.start, *flagged));
    all
}
