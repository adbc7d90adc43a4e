//! Streaming: repair a document of any size with bounded memory, with exactly the output of
//! [`Engine::find_edits`] and [`crate::edit::apply`] on the whole document.
//!
//! No phrase spans a line break (the engine matches line by line), so a document can be
//! read in chunks of whole lines. What the engine knows about a *document* rather than a
//! line is carried from chunk to chunk, or measured before the first byte is written:
//!
//! - **Byte-order mark and scraper's stamp**: at the start only. The stamp is looked for in
//!   the first [`PREFIX_WINDOW`] bytes of the document (to the end of the line holding the
//!   last of them), whole or streamed alike, so the reader buffers that much before the
//!   first chunk.
//! - **Cut to end** (reaction widgets, comment forms): once a marker line is seen,
//!   everything after it is dropped, and so are the blank (or removed) lines before it. So
//!   the output of the lines after the last line with content is *held back* until the next
//!   line with content (then it is written) or a marker (then it is dropped). Held-back
//!   output above [`HELD_IN_MEMORY`] bytes spills to an anonymous temporary file, so even a
//!   gigabyte of blank lines keeps memory bounded.
//! - **Quote style** (which quotes a replacement is written with, when the text it replaces
//!   has none) and **spin score** (whether `spun` rules apply) depend on the whole document.
//!   [`Engine::survey`] measures them in a first pass; [`Engine::rewrite`] then writes the
//!   output in a second. [`Engine::stream`] does both over a seekable input (a file). The
//!   survey runs the matcher only when the spin score decides something (tier `score` with
//!   `spun` rules loaded); otherwise it only counts quotes and checks the encoding.
//!   [`Engine::stream_to_file`] saves that matching pass when the output is a file: it
//!   rewrites without `spun` rules while measuring the score, and starts the file over with
//!   them only when the score calls for them (the same two passes `find_edits` makes then).
//! - **Encoding**: the survey reads every byte, so a document that is not UTF-8, or holds a
//!   NUL byte, is refused (with the same [`DecodeError`] as [`crate::document::decode`])
//!   before anything is written.
//!
//! Memory: a few chunks ([`StreamOptions::chunk_bytes`], 2 MiB by default; a line longer
//! than that is read whole): the reader's, the one being matched and the one being written,
//! with their lines' edits; the prefix window, and up to [`HELD_IN_MEMORY`] bytes of
//! held-back output, whatever the size of the document.
//!
//! ```
//! use unspin::{engine::Engine, engine::stream::StreamOptions, rule::Rule, edit::apply};
//! use std::io::Cursor;
//! let engine = Engine::new(vec![Rule::replace("cut", &["Minimize!"], "cut!")], Default::default())?;
//! let text = "line one\nthe director yells “Minimize!”\n";
//! let mut out = Vec::new();
//! let summary = engine.stream(Cursor::new(text), &mut out, &StreamOptions::default())?;
//! assert_eq!(out, apply(text, &engine.find_edits(text).edits).as_bytes());
//! assert_eq!(summary.edits, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use super::case::{QuoteCounts, QuoteStyle};
use super::{lines, prefix_window_end, spin_score, DocState, Engine, LineStep, Pass, TierMode};
use crate::document::DecodeError;
use crate::edit::Edit;
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::ops::Range;

pub use super::PREFIX_WINDOW;

/// Held-back output (see the [module docs](self)) kept in memory; beyond this it spills to
/// a temporary file.
pub const HELD_IN_MEMORY: usize = 8 << 20;

/// Settings for streaming.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamOptions {
    /// About how many bytes to process at a time: chunks end at a line end, so a chunk is
    /// shorter, or longer when one line is. Default 2 MiB: a chunk dense with edits holds
    /// several times its size in them (4 MiB chunks of a line with two edits every 150 bytes
    /// took `fix -w` of 1 GB to 72 MB; 2 MiB, 39 MB). Only memory use depends on it, never
    /// the output.
    pub chunk_bytes: usize,
}

impl Default for StreamOptions {
    fn default() -> StreamOptions {
        StreamOptions {
            chunk_bytes: 2 << 20,
        }
    }
}

/// Why a document could not be streamed.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The bytes are not a document (offsets count from the start of the input).
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

/// The document-wide facts [`Engine::rewrite`] needs, measured by [`Engine::survey`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Survey {
    /// Bytes in the document.
    pub bytes: u64,
    /// Words in the document, counted only when the spin score is measured (`spin_score`
    /// is `Some`), 0 otherwise: [`Engine::rewrite`] counts them from the lines it matches,
    /// at no cost, where counting here took a tenth of a streamed run.
    pub words: usize,
    /// Which quotes the document prefers.
    pub style: QuoteStyle,
    /// Whether `spun` rules apply.
    pub spun: bool,
    /// The spin score of the first pass, when the survey had to measure it.
    pub spin_score: Option<f64>,
}

/// What [`Engine::rewrite`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StreamSummary {
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// Edits applied ([`super::Outcome::edits`]`.len()` for the whole document).
    pub edits: usize,
    /// Edits of `flag` rules, reported by `check`, never applied.
    pub flagged: usize,
    /// Words in the document.
    pub words: usize,
    /// The spin score, as in [`super::Outcome::spin_score`].
    pub spin_score: f64,
    /// Whether `spun` rules were applied.
    pub spun_applied: bool,
}

impl Engine {
    /// Repairs the document `input` into `output`: [`Engine::survey`], rewind,
    /// [`Engine::rewrite`]. The output is byte for byte that of [`Engine::find_edits`] and
    /// [`crate::edit::apply`] on the whole document; memory stays bounded (see the
    /// [module docs](self)). The input is read twice, from its current position.
    pub fn stream<R: Read + Seek, W: Write>(
        &self,
        mut input: R,
        output: W,
        options: &StreamOptions,
    ) -> Result<StreamSummary, StreamError> {
        let start = input.stream_position()?;
        let survey = self.survey(&mut input, options)?;
        input.seek(SeekFrom::Start(start))?;
        self.rewrite(input, output, &survey, options)
    }

    /// Like [`Engine::stream`], into a file, with one matching pass fewer in the common
    /// case: the survey only checks the encoding and counts quotes and words, and the
    /// document is rewritten into `output` without `spun` rules while their spin score is
    /// measured; only when the score calls for them is `output` emptied and the document
    /// rewritten again with them (as [`Engine::find_edits`] makes a second pass).
    pub fn stream_to_file<R: Read + Seek>(
        &self,
        mut input: R,
        output: &mut File,
        options: &StreamOptions,
    ) -> Result<StreamSummary, StreamError> {
        let start = input.stream_position()?;
        let out_start = output.stream_position()?;
        let survey = self.survey_with(&mut input, options, false)?;
        input.seek(SeekFrom::Start(start))?;
        let summary = self.rewrite(
            &mut input,
            io::BufWriter::new(&mut *output),
            &survey,
            options,
        )?;
        let measured = self.options.tier == TierMode::Score && self.has_spun;
        if !measured || !self.spun_called_for(summary.spin_score) {
            return Ok(summary);
        }
        input.seek(SeekFrom::Start(start))?;
        output.set_len(out_start)?;
        output.seek(SeekFrom::Start(out_start))?;
        let survey = Survey {
            spun: true,
            spin_score: Some(summary.spin_score),
            ..survey
        };
        self.rewrite(input, io::BufWriter::new(output), &survey, options)
    }

    /// First pass: checks the encoding of the whole document and measures what depends on
    /// all of it (quote style, spin score). Nothing is written.
    pub fn survey<R: Read>(
        &self,
        input: R,
        options: &StreamOptions,
    ) -> Result<Survey, StreamError> {
        self.survey_with(input, options, true)
    }

    /// [`Engine::survey`]; with `measure` false the spin score is not measured (and
    /// `spun` is false unless the tier is [`TierMode::Spun`]).
    fn survey_with<R: Read>(
        &self,
        input: R,
        options: &StreamOptions,
        measure: bool,
    ) -> Result<Survey, StreamError> {
        let measuring = measure.then_some(self);
        let survey = survey_document(measuring, input, options)?;
        Ok(Survey {
            spun: self.options.tier == TierMode::Spun
                || survey.spin_score.is_some_and(|s| self.spun_called_for(s)),
            ..survey
        })
    }

    /// Whether [`Engine::survey`] runs the matcher over the document (to measure its spin
    /// score, when some rules are `spun` and the tier is decided by the score). When it
    /// does not, [`survey_encoding`] finds the same without an engine.
    pub fn survey_matches(&self) -> bool {
        self.options.tier == TierMode::Score && self.has_spun
    }

    /// A survey made by [`survey_encoding`], taken as this engine's own; `None` when this
    /// engine's survey has to run the matcher ([`Engine::survey_matches`]).
    pub fn adopt_survey(&self, survey: Survey) -> Option<Survey> {
        (!self.survey_matches()).then(|| Survey {
            spun: self.options.tier == TierMode::Spun,
            ..survey
        })
    }
}

/// The first pass without an engine: the encoding of the whole document checked, its bytes
/// and quotes counted. It needs no dictionary, so it can run while the engine is being
/// built (the CLI does, for one large file: at 100,000 phrases the build is a tenth of the
/// run); [`Engine::adopt_survey`] then takes it as the engine's own.
pub fn survey_encoding<R: Read>(input: R, options: &StreamOptions) -> Result<Survey, StreamError> {
    survey_document(None, input, options)
}

/// The survey: `measuring` is the engine whose spin score is measured, if any (`spun` is
/// left false: the engine decides it).
fn survey_document<R: Read>(
    measuring: Option<&Engine>,
    input: R,
    options: &StreamOptions,
) -> Result<Survey, StreamError> {
    let mut chunks = Chunks::new(input, options.chunk_bytes);
    let mut first_nul: Option<u64> = None;
    let mut first_invalid: Option<u64> = None;
    let mut quotes = QuoteCounts::default();
    let mut words = 0usize;
    let measuring = measuring.filter(|engine| engine.survey_matches());
    let measure = measuring.is_some();
    let mut lines = measuring.map(|engine| {
        (
            engine,
            LineWalk::new(QuoteStyle::default(), Pass { spun: false }),
        )
    });
    let mut utf16 = false;
    let mut first = true;
    while let Some(chunk) = chunks.next()? {
        if first {
            first = false;
            let b = chunks.window();
            utf16 = b.starts_with(&[0xFF, 0xFE]) || b.starts_with(&[0xFE, 0xFF]);
            if let (Some((engine, walk)), Ok(start)) = (&mut lines, std::str::from_utf8(b)) {
                walk.start(engine, start);
            }
        }
        let bytes = chunks.bytes(&chunk);
        let facts = ChunkFacts::of(bytes, measure);
        if first_nul.is_none() {
            first_nul = facts.nul.map(|i| chunk.offset + i as u64);
        }
        if let Some(i) = facts.invalid {
            if first_invalid.is_none() {
                first_invalid = Some(chunk.offset + i as u64);
            }
            lines = None;
            continue;
        }
        quotes.merge(&facts.quotes);
        words += facts.words;
        if let Some((engine, walk)) = &mut lines {
            let Ok(text) = std::str::from_utf8(bytes) else {
                continue; // Not reached: `facts` found no bad byte.
            };
            walk.chunk(engine, text, &chunk, |_, _, _| Ok(()))?;
            // The score counts signatures up to a cut only, as `find_edits` does: the
            // walk stops at a cut marker.
            walk.doc.out.edits.clear();
            walk.doc.out.flagged.clear();
        }
    }
    if utf16 {
        return Err(DecodeError::Utf16.into());
    }
    if let Some(offset) = first_nul {
        return Err(DecodeError::Binary {
            offset: offset as usize,
        }
        .into());
    }
    if let Some(offset) = first_invalid {
        return Err(DecodeError::InvalidUtf8 {
            offset: offset as usize,
        }
        .into());
    }
    let score = lines.map(|(_, walk)| spin_score(walk.doc.signatures, words));
    Ok(Survey {
        bytes: chunks.consumed,
        words,
        style: quotes.style(),
        spun: false,
        spin_score: score,
    })
}

impl Engine {
    /// Second pass: writes the repaired document, given what [`Engine::survey`] found in
    /// it. `input` must be the document the survey read.
    ///
    /// With two threads or more, a chunk is matched (a task on rayon's pool, the one this
    /// thread runs in if any) while this thread folds and writes the chunk before it and
    /// reads the one after, so reading, folding and writing do not leave the other cores
    /// waiting; with one thread, one after the other. Matching needs nothing from earlier
    /// chunks (`LineMatcher`) and folding goes in chunk order, so the output is the same.
    pub fn rewrite<R: Read, W: Write>(
        &self,
        input: R,
        output: W,
        survey: &Survey,
        options: &StreamOptions,
    ) -> Result<StreamSummary, StreamError> {
        let mut pass = Rewrite {
            engine: self,
            chunks: Chunks::new(input, options.chunk_bytes),
            walk: LineWalk::new(survey.style, Pass { spun: survey.spun }),
            out: Output {
                out: output,
                written: 0,
                held: Held::default(),
                keep_on_cut: Vec::new(),
                edits: 0,
                held_edits: 0,
            },
            flagged: 0,
            tail: [0; 2],
            first: true,
            spare: Vec::new(),
            pending: None,
        };
        let ahead = rayon::current_num_threads() >= 2;
        let mut incoming = pass.read()?;
        while incoming.is_some() || pass.pending.is_some() {
            let matcher = pass.walk.matcher(self);
            let matching = move || incoming.map(|c| matcher.chunk(c.bytes, c.offset, c.last));
            let (matched, next) = if ahead {
                let mut matched = None;
                let next = rayon::in_place_scope(|scope| {
                    scope.spawn(|_| matched = matching());
                    pass.fold_pending().and_then(|()| pass.read())
                });
                (matched, next)
            } else {
                let next = pass.fold_pending().and_then(|()| pass.read());
                (matching(), next)
            };
            incoming = next?;
            pass.pending = matched;
        }
        let Rewrite {
            chunks,
            walk,
            mut out,
            flagged,
            tail,
            ..
        } = pass;
        if walk.cut.is_some() {
            let final_break: &[u8] = match tail {
                [b'\r', b'\n'] => b"\r\n",
                [_, b'\n'] => b"\n",
                _ => b"",
            };
            out.write(final_break)?;
        } else {
            out.flush_held()?;
        }
        out.out.flush()?;
        Ok(StreamSummary {
            bytes_in: chunks.consumed,
            bytes_out: out.written,
            edits: out.edits,
            flagged,
            words: walk.doc.words,
            spin_score: spin_score(walk.doc.signatures, walk.doc.words),
            spun_applied: survey.spun,
        })
    }
}

/// The state of [`Engine::rewrite`] on the calling thread.
struct Rewrite<'e, R, W> {
    engine: &'e Engine,
    chunks: Chunks<R>,
    walk: LineWalk,
    out: Output<W>,
    /// Edits of `flag` rules seen.
    flagged: usize,
    /// The last two bytes read: past a cut, only the document's final line break is kept.
    tail: [u8; 2],
    first: bool,
    /// A buffer for the reader to read on into, once it hands its own over with a chunk
    /// (a matched chunk's, given back).
    spare: Vec<u8>,
    /// The chunk matched and waiting to be folded.
    pending: Option<MatchedChunk>,
}

/// A chunk taken from the reader, to be matched.
struct ReadChunk {
    bytes: Vec<u8>,
    offset: usize,
    last: bool,
}

impl<R: Read, W: Write> Rewrite<'_, R, W> {
    /// Reads the next chunk: `None` at the end, or past a cut marker (where the chunks are
    /// read only for the document's final line break).
    fn read(&mut self) -> Result<Option<ReadChunk>, StreamError> {
        while let Some(chunk) = self.chunks.next()? {
            if self.first {
                self.first = false;
                let start = decode(self.chunks.window(), 0)?;
                self.walk.start(self.engine, start);
                let bom = self.walk.body - self.walk.prefix;
                self.out.write(&start.as_bytes()[..bom])?;
                self.out.edits += self.walk.doc.out.edits.len();
                self.walk.doc.out.edits.clear();
            }
            let bytes = self.chunks.bytes(&chunk);
            let cut = self.walk.cut.is_some();
            if let Some(&b) = bytes.last() {
                self.tail = [
                    if bytes.len() > 1 {
                        bytes[bytes.len() - 2]
                    } else {
                        self.tail[1]
                    },
                    b,
                ];
            }
            if cut {
                self.walk.doc.words += std::str::from_utf8(bytes).map_or(0, count_words_fast);
            } else {
                let bytes = self.chunks.take(&chunk, std::mem::take(&mut self.spare));
                return Ok(Some(ReadChunk {
                    bytes,
                    offset: chunk.offset as usize,
                    last: chunk.last,
                }));
            }
        }
        Ok(None)
    }

    /// Folds the pending chunk into the document and writes its lines.
    fn fold_pending(&mut self) -> Result<(), StreamError> {
        let Some(matched) = self.pending.take() else {
            return Ok(());
        };
        let ChunkLines {
            text,
            ranges,
            steps,
        } = matched.lines?;
        if self.walk.cut.is_none() {
            let (out, flagged) = (&mut self.out, &mut self.flagged);
            self.walk.fold(
                &text,
                matched.offset,
                ranges,
                steps,
                |doc, line, line_start| {
                    *flagged += doc.out.flagged.len();
                    doc.out.flagged.clear();
                    let result = out.line(line, line_start, doc.content_end, &doc.out.edits);
                    doc.out.edits.clear();
                    result
                },
            )?;
            if self.walk.cut.is_some() {
                self.out.cut()?;
            }
        } else {
            // Read ahead before the cut was found: only its words count.
            self.walk.doc.words += count_words_fast(&text);
        }
        self.spare = text.into_bytes();
        Ok(())
    }
}

/// [`super::count_words`], faster: ASCII bytes are classified by a table, only other characters
/// are decoded.
fn count_words_fast(text: &str) -> usize {
    const fn table() -> [bool; 128] {
        let mut t = [false; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            t[b] = c.is_ascii_alphanumeric() || c == b'_';
            b += 1;
        }
        t
    }
    const WORD: [bool; 128] = table();
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let w = if b < 128 {
            i += 1;
            WORD[b as usize]
        } else {
            let c = text[i..]
                .chars()
                .next()
                .expect("i is on a character boundary");
            i += c.len_utf8();
            super::view::is_word_char(c)
        };
        if w && !in_word {
            count += 1;
        }
        in_word = w;
    }
    count
}

/// `bytes` as text, or the error `crate::document::decode` gives (offsets from the start
/// of the document, `offset` being where `bytes` starts).
fn decode(bytes: &[u8], offset: u64) -> Result<&str, DecodeError> {
    crate::document::decode(bytes).map_err(|e| match e {
        DecodeError::InvalidUtf8 { offset: o } => DecodeError::InvalidUtf8 {
            offset: offset as usize + o,
        },
        DecodeError::Binary { offset: o } => DecodeError::Binary {
            offset: offset as usize + o,
        },
        // A chunk inside the document that starts like a UTF-16 byte-order mark.
        DecodeError::Utf16 if offset > 0 => DecodeError::InvalidUtf8 {
            offset: offset as usize,
        },
        DecodeError::Utf16 => DecodeError::Utf16,
    })
}

/// One pass of the engine over the lines of a document that arrives in chunks.
struct LineWalk {
    doc: DocState,
    /// Where the lines start: after the byte-order mark and the stamp.
    body: usize,
    /// Length of the stamp.
    prefix: usize,
    /// The rule of the cut marker, once one is met.
    cut: Option<usize>,
}

impl LineWalk {
    fn new(style: QuoteStyle, pass: Pass) -> LineWalk {
        LineWalk {
            doc: DocState::new(style, pass),
            body: 0,
            prefix: 0,
            cut: None,
        }
    }

    /// Handles the byte-order mark and the stamp, given the start of the document (the
    /// prefix window, or the whole document when shorter).
    fn start(&mut self, engine: &Engine, start: &str) {
        self.body = engine.document_start(start, &mut self.doc.out.edits);
        // The lines start after the stamp; its words count too.
        self.doc.words += count_words_fast(&start[..self.body]);
        self.prefix = self.doc.out.edits.iter().map(|e| e.span.len()).sum();
        self.doc.content_end = self.body;
    }

    /// What matching a chunk needs from the walk; fixed once [`LineWalk::start`] has run.
    fn matcher<'e>(&self, engine: &'e Engine) -> LineMatcher<'e> {
        LineMatcher {
            engine,
            body: self.body,
            style: self.doc.style,
            pass: self.doc.pass,
        }
    }

    /// Runs the lines of `text` (the chunk `chunk`) through the engine; `each` sees the
    /// state after every line that is not a cut marker, with the line and its offset.
    fn chunk(
        &mut self,
        engine: &Engine,
        text: &str,
        chunk: &Chunk,
        each: impl FnMut(&mut DocState, &str, usize) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.cut.is_some() {
            return Ok(());
        }
        let base = chunk.offset as usize;
        let (ranges, steps) = self.matcher(engine).lines(text, base, chunk.last);
        self.fold(text, base, ranges, steps, each)
    }

    /// Folds the steps of the lines `ranges` of `text` (at document offset `base`) into the
    /// document, in order, up to a cut marker; `each` as in [`LineWalk::chunk`].
    fn fold(
        &mut self,
        text: &str,
        base: usize,
        ranges: Vec<Range<usize>>,
        steps: Vec<LineStep>,
        mut each: impl FnMut(&mut DocState, &str, usize) -> io::Result<()>,
    ) -> io::Result<()> {
        for (range, step) in ranges.into_iter().zip(steps) {
            if let Some(rule) = self.doc.fold(step) {
                self.cut = Some(rule);
                // The words of the document from the cut on: this chunk's here, the later
                // chunks' as they are read.
                self.doc.words += count_words_fast(&text[range.start..]);
                return Ok(());
            }
            each(&mut self.doc, &text[range.clone()], base + range.start)?;
        }
        Ok(())
    }
}

/// Matches the lines of chunks: a line's step depends only on the line, the pass and the
/// quote style, and which lines a chunk has only on where the body starts, so chunks can be
/// matched ahead of the walk that folds them.
#[derive(Clone, Copy)]
struct LineMatcher<'e> {
    engine: &'e Engine,
    body: usize,
    style: QuoteStyle,
    pass: Pass,
}

impl LineMatcher<'_> {
    /// The lines of `text` (at document offset `base`; `last` for the document's last
    /// chunk) and their steps.
    fn lines(&self, text: &str, base: usize, last: bool) -> (Vec<Range<usize>>, Vec<LineStep>) {
        // The document's last line (maybe empty) has no `\n`; in other chunks, a line
        // without one is not complete yet.
        let ranges = lines::ranges(text, self.body.saturating_sub(base), last);
        let steps = self
            .engine
            .line_steps(text, base, &ranges, self.style, self.pass);
        (ranges, steps)
    }

    /// Decodes and matches a chunk read ahead (`bytes`, at document offset `base`).
    fn chunk(&self, bytes: Vec<u8>, base: usize, last: bool) -> MatchedChunk {
        // UTF-8 is checked once (by `String::from_utf8`); only a chunk that fails a check
        // goes through `decode`, for the error it gives.
        let text = match String::from_utf8(bytes) {
            Ok(text) if memchr::memchr(0, text.as_bytes()).is_none() => Ok(text),
            Ok(text) => Err(text.into_bytes()),
            Err(e) => Err(e.into_bytes()),
        };
        let lines = match text {
            Ok(text) => {
                let (ranges, steps) = self.lines(&text, base, last);
                Ok(ChunkLines {
                    text,
                    ranges,
                    steps,
                })
            }
            Err(bytes) => match decode(&bytes, base as u64) {
                Err(e) => Err(e),
                // Not reached: `decode` refuses what failed the checks above.
                Ok(_) => Err(DecodeError::InvalidUtf8 { offset: base }),
            },
        };
        MatchedChunk {
            offset: base,
            lines: lines.map_err(StreamError::from),
        }
    }
}

/// A chunk decoded and matched, waiting for its turn to be folded and written.
struct MatchedChunk {
    /// Document offset of its first byte.
    offset: usize,
    /// Its text, lines and their steps; or why it is not text (reported when its turn
    /// comes, so the output before it is written as without reading ahead).
    lines: Result<ChunkLines, StreamError>,
}

/// A chunk's text, the ranges of its lines and their steps.
struct ChunkLines {
    text: String,
    ranges: Vec<Range<usize>>,
    steps: Vec<LineStep>,
}

/// What the survey needs to know of a chunk when it does not match it: checked and counted
/// in pieces of whole lines on rayon's threads.
#[derive(Debug, Default, PartialEq)]
struct ChunkFacts {
    /// Offset of the first NUL byte.
    nul: Option<usize>,
    /// Offset of the first byte that is not UTF-8 (then quotes and words are not counted).
    invalid: Option<usize>,
    quotes: QuoteCounts,
    words: usize,
}

/// The survey's pieces: about this many bytes, to the end of a line.
const SURVEY_PIECE_BYTES: usize = 128 * 1024;

impl ChunkFacts {
    /// The facts of `bytes`, in parallel when there is enough of them. Pieces end after a
    /// `\n`, which is never inside a character or a word, so the counts add up and the
    /// first bad byte is the same as in one piece.
    fn of(bytes: &[u8], words: bool) -> ChunkFacts {
        if bytes.len() < 2 * SURVEY_PIECE_BYTES || rayon::current_num_threads() < 2 {
            return ChunkFacts::of_piece(bytes, words);
        }
        let mut pieces = Vec::new();
        let mut at = 0;
        while bytes.len() - at > SURVEY_PIECE_BYTES {
            match memchr::memchr(b'\n', &bytes[at + SURVEY_PIECE_BYTES..]) {
                Some(i) => {
                    let end = at + SURVEY_PIECE_BYTES + i + 1;
                    pieces.push(at..end);
                    at = end;
                }
                None => break,
            }
        }
        pieces.push(at..bytes.len());
        let facts: Vec<ChunkFacts> = pieces
            .par_iter()
            .map(|piece| ChunkFacts::of_piece(&bytes[piece.clone()], words).moved(piece.start))
            .collect();
        let mut all = ChunkFacts::default();
        for piece in facts {
            all.nul = all.nul.or(piece.nul);
            all.invalid = all.invalid.or(piece.invalid);
            all.quotes.merge(&piece.quotes);
            all.words += piece.words;
        }
        if all.invalid.is_some() {
            all.quotes = QuoteCounts::default();
            all.words = 0;
        }
        all
    }

    /// The facts of `bytes` in one piece; words are counted only if `words`.
    fn of_piece(bytes: &[u8], words: bool) -> ChunkFacts {
        let mut facts = ChunkFacts {
            nul: memchr::memchr(0, bytes),
            ..ChunkFacts::default()
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                facts.quotes.add(text);
                if words {
                    facts.words = count_words_fast(text);
                }
            }
            Err(e) => facts.invalid = Some(e.valid_up_to()),
        }
        facts
    }

    /// The same facts with offsets counted from `by` bytes earlier.
    fn moved(mut self, by: usize) -> ChunkFacts {
        self.nul = self.nul.map(|i| i + by);
        self.invalid = self.invalid.map(|i| i + by);
        self
    }
}

/// Where the output goes, with the output of the lines after the last line with content
/// held back (see the [module docs](self)).
struct Output<W> {
    out: W,
    written: u64,
    held: Held,
    /// Input text between the end of the last line with content and the start of an edit
    /// that straddles that end: a cut keeps it (the straddling edit is dropped).
    keep_on_cut: Vec<u8>,
    /// Edits written.
    edits: usize,
    /// Edits in the held-back output.
    held_edits: usize,
}

impl<W: Write> Output<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.written += bytes.len() as u64;
        self.out.write_all(bytes)
    }

    fn flush_held(&mut self) -> io::Result<()> {
        self.written += self.held.len();
        self.edits += std::mem::take(&mut self.held_edits);
        self.held.flush_to(&mut self.out)
    }

    /// Writes one line given its edits, and `content_end`, the end of the last line with
    /// content so far.
    fn line(
        &mut self,
        line: &str,
        line_start: usize,
        content_end: usize,
        edits: &[Edit],
    ) -> io::Result<()> {
        if content_end <= line_start {
            // Blank or removed: held back until a line with content (or a cut).
            let mut buf = Vec::with_capacity(line.len());
            apply_to(&mut buf, line, line_start, edits)?;
            self.held_edits += edits.len();
            return self.held.write(&buf);
        }
        self.flush_held()?;
        self.keep_on_cut.clear();
        // The edits that end by `content_end` are written; from the first that does not,
        // the rest of the line is held back.
        let k = edits.partition_point(|e| e.span.end <= content_end);
        let split = edits
            .get(k)
            .map_or(content_end, |e| e.span.start.min(content_end));
        let (now, later) = line.split_at(split - line_start);
        let mut buf = Vec::with_capacity(line.len());
        apply_to(&mut buf, now, line_start, &edits[..k])?;
        self.write(&buf)?;
        self.edits += k;
        self.held_edits = edits.len() - k;
        self.keep_on_cut
            .extend_from_slice(&later.as_bytes()[..content_end - split]);
        buf.clear();
        apply_to(&mut buf, later, split, &edits[k..])?;
        self.held.write(&buf)
    }

    /// A cut marker: the held-back output is dropped, and the cut is one edit.
    fn cut(&mut self) -> io::Result<()> {
        self.held.clear()?;
        self.held_edits = 0;
        self.edits += 1;
        let keep = std::mem::take(&mut self.keep_on_cut);
        self.write(&keep)
    }
}

/// Writes `text` (which starts at document offset `offset`) with `edits` applied.
fn apply_to(out: &mut Vec<u8>, text: &str, offset: usize, edits: &[Edit]) -> io::Result<()> {
    let mut last = 0;
    for e in edits {
        let start = e.span.start - offset;
        out.extend_from_slice(&text.as_bytes()[last..start]);
        out.extend_from_slice(e.after.as_bytes());
        last = e.span.end - offset;
    }
    out.extend_from_slice(&text.as_bytes()[last..]);
    Ok(())
}

/// Held-back output: in memory up to [`HELD_IN_MEMORY`] bytes, then in a temporary file
/// (earlier bytes in the file, later ones in memory).
#[derive(Default)]
struct Held {
    memory: Vec<u8>,
    file: Option<File>,
    in_file: u64,
}

impl Held {
    fn len(&self) -> u64 {
        self.in_file + self.memory.len() as u64
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.memory.len() + bytes.len() <= HELD_IN_MEMORY {
            self.memory.extend_from_slice(bytes);
            return Ok(());
        }
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(tempfile::tempfile()?),
        };
        file.write_all(&self.memory)?;
        file.write_all(bytes)?;
        self.in_file += (self.memory.len() + bytes.len()) as u64;
        self.memory.clear();
        Ok(())
    }

    fn flush_to<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        if let Some(file) = &mut self.file {
            if self.in_file > 0 {
                file.seek(SeekFrom::Start(0))?;
                io::copy(&mut (&mut *file).take(self.in_file), out)?;
            }
        }
        out.write_all(&self.memory)?;
        self.clear()
    }

    fn clear(&mut self) -> io::Result<()> {
        self.memory.clear();
        if let Some(file) = &mut self.file {
            if self.in_file > 0 {
                file.set_len(0)?;
                file.seek(SeekFrom::Start(0))?;
            }
        }
        self.in_file = 0;
        Ok(())
    }
}

/// A piece of the input made of whole lines (the last piece also holds the document's last
/// line, which has no `\n`).
struct Chunk {
    /// Offset of its first byte in the document.
    offset: u64,
    /// Its bytes, `buffer[range]` of [`Chunks`].
    range: std::ops::Range<usize>,
    /// True for the last piece of the document.
    last: bool,
}

/// Cuts a reader into [`Chunk`]s of whole lines.
struct Chunks<R> {
    input: R,
    buffer: Vec<u8>,
    /// Bytes of `buffer` handed out already.
    used: usize,
    /// Document offset of `buffer[0]`.
    offset: u64,
    /// Bytes read so far.
    consumed: u64,
    eof: bool,
    finished: bool,
    chunk_bytes: usize,
    /// The start of the document, kept until the first chunk is handed out.
    window: Option<usize>,
}

impl<R: Read> Chunks<R> {
    fn new(input: R, chunk_bytes: usize) -> Chunks<R> {
        Chunks {
            input,
            buffer: Vec::new(),
            used: 0,
            offset: 0,
            consumed: 0,
            eof: false,
            finished: false,
            chunk_bytes: chunk_bytes.max(1),
            window: None,
        }
    }

    /// Reads more into the buffer; false at the end of the input.
    fn fill(&mut self, at_least: usize) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let want = self.buffer.len() + at_least.max(64 * 1024);
        while self.buffer.len() < want {
            let old = self.buffer.len();
            self.buffer.resize(want, 0);
            let n = match self.input.read(&mut self.buffer[old..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => 0,
                Err(e) => {
                    self.buffer.truncate(old);
                    return Err(e);
                }
            };
            self.buffer.truncate(old + n);
            self.consumed += n as u64;
            if n == 0 {
                self.eof = true;
                break;
            }
        }
        Ok(true)
    }

    /// The start of the document as read for the first chunk: the prefix window (the
    /// whole document when shorter). Only valid right after the first call to `next`.
    fn window(&self) -> &[u8] {
        &self.buffer[..self.window.unwrap_or(0)]
    }

    fn bytes(&self, chunk: &Chunk) -> &[u8] {
        &self.buffer[chunk.range.clone()]
    }

    /// The next chunk, or `None` after the last one (which may be empty).
    fn next(&mut self) -> io::Result<Option<Chunk>> {
        if self.finished {
            return Ok(None);
        }
        // Drop what was handed out before.
        if self.used > 0 {
            self.buffer.drain(..self.used);
            self.offset += self.used as u64;
            self.used = 0;
            self.window = None;
        }
        if self.offset == 0 && self.window.is_none() {
            // The first chunk: read the whole prefix window first.
            while prefix_window_end(&self.buffer).is_none() && self.fill(PREFIX_WINDOW)? {}
            self.window = Some(prefix_window_end(&self.buffer).unwrap_or(self.buffer.len()));
        }
        while self.buffer.len() < self.chunk_bytes
            && self.fill(self.chunk_bytes - self.buffer.len())?
        {}
        if self.eof && self.buffer.len() <= self.chunk_bytes {
            self.finished = true;
            self.used = self.buffer.len();
            return Ok(Some(self.chunk(self.buffer.len(), true)));
        }
        if let Some(i) = memchr::memrchr(b'\n', &self.buffer[..self.chunk_bytes]) {
            self.used = i + 1;
            return Ok(Some(self.chunk(i + 1, false)));
        }
        // A line longer than a chunk: read on to its end.
        let mut searched = self.chunk_bytes;
        loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buffer[searched..]) {
                self.used = searched + i + 1;
                return Ok(Some(self.chunk(self.used, false)));
            }
            searched = self.buffer.len();
            if !self.fill(self.buffer.len())? {
                self.finished = true;
                self.used = self.buffer.len();
                return Ok(Some(self.chunk(self.buffer.len(), true)));
            }
        }
    }

    /// The bytes of `chunk`, the one [`Chunks::next`] just gave, handed over rather than
    /// copied: the buffer becomes the chunk's, and `spare` the buffer, holding what was
    /// read past the chunk. (Copying each chunk out was 1-2% of a run.)
    fn take(&mut self, chunk: &Chunk, mut spare: Vec<u8>) -> Vec<u8> {
        debug_assert!(chunk.range == (0..self.used));
        spare.clear();
        spare.extend_from_slice(&self.buffer[self.used..]);
        let mut taken = std::mem::replace(&mut self.buffer, spare);
        taken.truncate(self.used);
        self.offset += self.used as u64;
        self.used = 0;
        self.window = None;
        taken
    }

    fn chunk(&self, end: usize, last: bool) -> Chunk {
        Chunk {
            offset: self.offset,
            range: 0..end,
            last,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::on_threads;
    use super::*;
    use crate::edit::apply;
    use crate::engine::count_words;
    use crate::engine::{Options, TierMode};
    use crate::rule::{Action, Kind, Pattern, Rule, Tier};
    use proptest::prelude::*;
    use std::io::Cursor;

    fn boilerplate(id: &str, action: Action) -> Rule {
        let mut rule = Rule::replace(id, &[], "");
        rule.kind = Kind::Boilerplate;
        rule.action = action;
        rule
    }

    fn rules() -> Vec<Rule> {
        let mut sig = Rule::replace("sig", &["onerous"], "hard");
        sig.signature = true;
        let mut spun = Rule::replace("however", &["however"], "but");
        spun.tier = Tier::Spun;
        let mut flag = Rule::replace("flag", &["neural community"], "neural network");
        flag.tier = Tier::Flag;
        vec![
            Rule::replace("ny", &["New York"], "NY"),
            Rule::replace("nyt", &["New York Times"], "NYT"),
            Rule::replace("dont", &["do not"], "don't"),
            Rule::replace("quote", &["Minimize!"], "\"Cut!\""),
            sig,
            spun,
            flag,
            boilerplate(
                "cut",
                Action::CutToEnd {
                    markers: vec!["Leave a comment".into()],
                },
            ),
            boilerplate(
                "similar",
                Action::RemoveLine {
                    lines: vec!["Similar Articles".into()],
                },
            ),
            boilerplate(
                "stamp",
                Action::StripPrefix {
                    pattern: Pattern::new(r"^\s*date \d{4}-\d{2}-\d{2}\s+").unwrap(),
                },
            ),
            boilerplate(
                "nbsp",
                Action::ReplaceChar {
                    chars: vec!['\u{a0}'],
                    replacement: " ".into(),
                },
            ),
        ]
    }

    fn engine(tier: TierMode, spin_threshold: f64) -> Engine {
        Engine::new(
            rules(),
            Options {
                tier,
                spin_threshold,
            },
        )
        .unwrap()
    }

    fn streamed(engine: &Engine, text: &[u8], chunk_bytes: usize) -> Result<Vec<u8>, StreamError> {
        let mut out = Vec::new();
        engine.stream(Cursor::new(text), &mut out, &StreamOptions { chunk_bytes })?;
        Ok(out)
    }

    fn whole(engine: &Engine, text: &str) -> String {
        apply(text, &engine.find_edits(text).edits)
    }

    const WORDS: &[&str] = &[
        "New York",
        "New York Times",
        "New York Timesquare",
        "do not",
        "Minimize!",
        "onerous",
        "however",
        "However",
        "neural community",
        "said",
        "the",
        "a\u{a0}b",
        "\u{a0}",
        "’",
        "'",
        "“",
        "\"",
        "”",
        "  ",
        "\t",
        "é",
    ];

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => prop::collection::vec(prop::sample::select(WORDS), 0..8)
                .prop_map(|w| w.join(" ")),
            1 => Just("Leave a comment".to_string()),
            1 => Just("  leave  a COMMENT ".to_string()),
            1 => Just("Similar Articles".to_string()),
            1 => Just(String::new()),
            1 => Just(" \u{a0} ".to_string()),
        ]
    }

    fn document() -> impl Strategy<Value = String> {
        (
            any::<bool>(),
            prop_oneof![
                Just(""),
                Just("date 2021-01-24 "),
                Just(" \n date 2021-01-24\n")
            ],
            prop::collection::vec((line(), prop_oneof![Just("\n"), Just("\r\n")]), 0..14),
            prop_oneof![Just(""), Just("\n"), Just("\r\n"), Just("tail do not")],
        )
            .prop_map(|(bom, stamp, lines, end)| {
                let mut text = String::new();
                if bom {
                    text.push('\u{FEFF}');
                }
                text.push_str(stamp);
                for (line, eol) in lines {
                    text.push_str(&line);
                    text.push_str(eol);
                }
                text.push_str(end);
                text
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn streaming_equals_whole_document(
            text in document(),
            chunk_bytes in 1usize..120,
            tier in prop_oneof![Just(TierMode::Auto), Just(TierMode::Score), Just(TierMode::Spun)],
            threshold in prop_oneof![Just(0.0), Just(50.0), Just(200.0)],
        ) {
            let engine = engine(tier, threshold);
            let expected = whole(&engine, &text);
            let got = streamed(&engine, text.as_bytes(), chunk_bytes).unwrap();
            prop_assert_eq!(String::from_utf8(got).unwrap(), expected.clone());
            let mut out = Vec::new();
            let summary = engine
                .stream(Cursor::new(&text), &mut out, &StreamOptions { chunk_bytes })
                .unwrap();
            let outcome = engine.find_edits(&text);
            prop_assert_eq!(count_words_fast(&text), count_words(&text));
            let mut file = tempfile::tempfile().unwrap();
            let to_file = engine
                .stream_to_file(Cursor::new(&text), &mut file, &StreamOptions { chunk_bytes })
                .unwrap();
            let mut written = String::new();
            file.seek(SeekFrom::Start(0)).unwrap();
            file.read_to_string(&mut written).unwrap();
            prop_assert_eq!(&written, &expected);
            prop_assert_eq!(to_file, summary);
            prop_assert_eq!(summary.edits, outcome.edits.len());
            prop_assert_eq!(summary.flagged, outcome.flagged.len());
            prop_assert_eq!(summary.words, outcome.words);
            prop_assert_eq!(summary.spun_applied, outcome.spun_applied);
            prop_assert!((summary.spin_score - outcome.spin_score).abs() < 1e-9);
            prop_assert_eq!(summary.bytes_out, expected.len() as u64);
            prop_assert_eq!(summary.bytes_in, text.len() as u64);
        }
    }

    #[test]
    fn hand_picked_documents() {
        let engine = engine(TierMode::Score, 4.0);
        for text in [
            "",
            "\n",
            "\u{FEFF}",
            "\u{FEFF}date 2021-01-24 do not\r\n",
            "do not\n\n\nLeave a comment\nmore do not\n",
            "do not \u{a0}\r\n\r\nSimilar Articles\r\n\r\nLeave a comment\r\n",
            "do not \u{a0}\r\n\r\nSimilar Articles\r\n\r\nsaid\r\n",
            "Leave a comment",
            "a\n\nLeave a comment\nx",
            "onerous however onerous however\n\nhowever",
        ] {
            for chunk in [1, 2, 3, 5, 8, 1000] {
                let got = streamed(&engine, text.as_bytes(), chunk).unwrap();
                assert_eq!(
                    String::from_utf8(got).unwrap(),
                    whole(&engine, text),
                    "{text:?} in chunks of {chunk}"
                );
            }
        }
    }

    #[test]
    fn stamp_is_looked_for_in_the_prefix_window_only() {
        let engine = engine(TierMode::Auto, 4.0);
        // A stamp after more than a window of blank lines is out of reach, whole or streamed.
        let far = format!(
            "{}date 2021-01-24 do not\n",
            "\n".repeat(PREFIX_WINDOW + 10)
        );
        assert_eq!(whole(&engine, &far), far.replace("do not", "don't"));
        // One ending on the window's last line is in reach.
        let near = format!("{}date 2021-01-24 do not\n", " ".repeat(PREFIX_WINDOW - 5));
        assert_eq!(whole(&engine, &near), "don't\n");
        for text in [far, near] {
            for chunk in [7, 4096, 1 << 20] {
                let got = streamed(&engine, text.as_bytes(), chunk).unwrap();
                assert_eq!(String::from_utf8(got).unwrap(), whole(&engine, &text));
            }
        }
    }

    #[test]
    fn long_held_back_runs_spill_and_come_back() {
        let engine = engine(TierMode::Auto, 4.0);
        let blank = " \u{a0}\n".repeat(HELD_IN_MEMORY / 4 + 1000);
        for text in [
            format!("do not\n{blank}do not\n"),
            format!("do not\n{blank}Leave a comment\nx\n"),
            format!("do not\n{blank}"),
        ] {
            let got = streamed(&engine, text.as_bytes(), 64 * 1024).unwrap();
            assert!(got == whole(&engine, &text).as_bytes());
        }
    }

    /// A document of many chunks, with edits, blank lines and a cut marker near the end.
    fn long_document() -> String {
        let mut text = String::from("\u{FEFF}date 2021-01-24 do not\r\n");
        for i in 0..4000 {
            text.push_str(match i % 5 {
                0 => "onerous however onerous however do not\n",
                1 => "\n",
                2 => "Similar Articles\r\n",
                3 => "plain words, nothing “to” change here at all\n",
                _ => "said do not said\n",
            });
        }
        text.push_str("do not \u{a0}\r\n\r\n\nLeave a comment\nafter the cut\n");
        text
    }

    #[test]
    fn chunks_read_ahead_give_the_output_of_one_thread() {
        let engine = engine(TierMode::Score, 4.0);
        let text = long_document();
        let expected = whole(&engine, &text);
        for threads in [1, 2, 4] {
            for chunk in [64, 1000, 1 << 20] {
                let got = on_threads(threads, || streamed(&engine, text.as_bytes(), chunk));
                assert_eq!(
                    String::from_utf8(got.unwrap()).unwrap(),
                    expected,
                    "{threads} threads, chunks of {chunk}"
                );
                let mut file = tempfile::tempfile().unwrap();
                let summary = on_threads(threads, || {
                    engine.stream_to_file(
                        Cursor::new(&text),
                        &mut file,
                        &StreamOptions { chunk_bytes: chunk },
                    )
                });
                let summary = summary.unwrap();
                // Words are counted from the lines matched, the stamp and what follows the
                // cut: as many as in the whole document.
                let outcome = engine.find_edits(&text);
                assert_eq!(
                    summary.words, outcome.words,
                    "{threads} threads, chunks of {chunk}"
                );
                assert!((summary.spin_score - outcome.spin_score).abs() < 1e-9);
                let mut written = String::new();
                file.seek(SeekFrom::Start(0)).unwrap();
                file.read_to_string(&mut written).unwrap();
                assert_eq!(
                    written, expected,
                    "to a file: {threads} threads, chunks of {chunk}"
                );
            }
        }
    }

    #[test]
    fn survey_facts_in_pieces_equal_those_of_one_piece() {
        let mut text = String::new();
        let mut i = 0;
        while text.len() < 5 * SURVEY_PIECE_BYTES {
            text.push_str(
                [
                    "a ‘word’ and “quotes” here\n",
                    "Ünïcode wörds, 'straight' \"ones\"\r\n",
                    "\n",
                ][i % 3],
            );
            i += 1;
        }
        let clean = text.into_bytes();
        let mut cases = vec![clean.clone()];
        for at in [
            0,
            1,
            SURVEY_PIECE_BYTES - 1,
            SURVEY_PIECE_BYTES + 7,
            3 * SURVEY_PIECE_BYTES + 2,
            clean.len() - 1,
        ] {
            let mut nul = clean.clone();
            nul[at] = 0;
            cases.push(nul);
            let mut bad = clean.clone();
            bad[at] = 0xFF;
            cases.push(bad);
            let mut both = clean.clone();
            both[at] = 0xC3; // a lead byte without its continuation, or a changed one
            both[clean.len() / 2] = 0;
            cases.push(both);
            // The first of several bad bytes, in other pieces, is the one reported.
            let mut several = clean.clone();
            for k in [
                at.min(clean.len() - 3),
                clean.len() / 2,
                4 * SURVEY_PIECE_BYTES + 3,
            ] {
                several[k] = 0;
                several[k + 2] = 0x80;
            }
            cases.push(several);
        }
        for bytes in &cases {
            let one = ChunkFacts::of_piece(bytes, true);
            for threads in [1, 2, 3] {
                let pieces = on_threads(threads, || ChunkFacts::of(bytes, true));
                assert_eq!(pieces, one, "{threads} threads");
            }
        }
        // The clean text: words and quotes counted, nothing bad.
        let facts = ChunkFacts::of_piece(&clean, true);
        assert!(facts.words > 0 && facts.nul.is_none() && facts.invalid.is_none());
    }

    #[test]
    fn bad_bytes_give_the_errors_decode_gives() {
        let engine = engine(TierMode::Score, 4.0);
        let cases: Vec<Vec<u8>> = vec![
            b"fine\nbad \xFF here\nthen a nul \0\n".to_vec(),
            b"fine\nbad \xFF here\n".to_vec(),
            b"Leave a comment\nafter the cut \xFF\n".to_vec(),
            b"\xFF\xFEu\0t\0f\0".to_vec(),
            b"\0".to_vec(),
        ];
        for bytes in cases {
            let expected = crate::document::decode(&bytes).unwrap_err();
            for chunk in [1, 4, 1000] {
                match streamed(&engine, &bytes, chunk) {
                    Err(StreamError::Decode(e)) => assert_eq!(e, expected, "{bytes:?}"),
                    other => panic!("{bytes:?}: {other:?}"),
                }
            }
        }
    }
}
