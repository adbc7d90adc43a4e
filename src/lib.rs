//! unspin repairs scraped English news text: names garbled by machine-translation round
//! trips, thesaurus swaps made by article spinners, and page furniture kept by scrapers.
//!
//! - [`rule`]: the rule model (what one dictionary entry asks for).
//! - [`dictionary`]: dictionaries on disk (YAML, TSV) and the embedded packs → rules.
//! - [`names`]: canonical names and their generated variants.
//! - [`engine`]: rules → one automaton → the [`edit::Edit`]s a haystack needs.
//! - [`edit`]: edits as data, applying them, line/column lookup.
//! - [`document`]: bytes ⇄ text (byte-order mark, invalid UTF-8).
//! - [`report`]: check lines, JSON Lines, unified diffs, summaries, all built from edits.
//! - [`write`](mod@write): atomic in-place writes.
//! - [`jsonl`]: JSON Lines records, one field repaired, every other byte kept.
//! - [`review`]: interactive accept/reject over an edit list, as a state machine.
//! - [`decisions`]: rejected changes and switched-off rules that stick across runs.
//! - [`settings`]: project settings (`.unspin.yaml`) and their precedence.
//! - [`learn`]: candidate rules learned from garbled/fixed pairs (`unspin learn`).
//! - [`suggest`]: near-miss names, suggested as variants (`unspin suggest`).
//! - [`cli`]: the command line (the `unspin` binary only calls [`cli::run`]).
//! - [`exit`]: exit codes, the one contract.
//!
//! ```
//! use unspin::{engine::Engine, rule::Rule, edit::apply};
//! let engine = Engine::new(vec![Rule::replace("cut", &["Minimize!"], "cut!")], Default::default())?;
//! let text = "the director yells “Minimize!”";
//! let outcome = engine.find_edits(text);
//! assert_eq!(apply(text, &outcome.edits), "the director yells “Cut!”");
//! # Ok::<(), unspin::engine::BuildError>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod cli;
pub mod decisions;
pub mod dictionary;
pub mod document;
pub mod edit;
pub mod engine;
pub mod exit;
pub mod jsonl;
pub mod learn;
pub mod names;
pub mod report;
pub mod review;
pub mod rule;
pub mod settings;
pub mod suggest;
pub mod write;
