//! The matching view of one line: the bytes the automaton walks, with a map back to the line.
//!
//! The view makes the matching contract cheap to honour with one anchored walk per token:
//!
//! - ASCII letters are lower-cased (matching is ASCII-case-insensitive; case policies are
//!   checked afterwards against the original text). Non-ASCII letters are copied as they
//!   are, so `É` and `é` do not match each other.
//! - A run of white space (space, tab, `\r`, U+00A0 and every other Unicode space, plus the
//!   zero-width U+200B and U+FEFF) becomes one space; leading and trailing runs vanish.
//! - Curly and straight quotes become straight: `’ ‘ ‛ ʼ` → `'`, `“ ” „ ‟` → `"`.
//! - A [`BOUNDARY`] byte is written after every word (a run of alphanumeric characters or
//!   `_`). A phrase ending in a word character carries the same marker, so it can only
//!   match where the text's word ends too: `New York` cannot match inside `New Yorker`,
//!   and a longer phrase that fails its boundary simply does not match, so it never hides
//!   a shorter one at the same start.
//!
//! Each token (a word with its boundary, or one punctuation mark) records where it starts and
//! ends in the line, so a match in the view, which always starts and ends on tokens, maps
//! back to an exact byte span of the original. (Recording a range for every view byte
//! instead made building the view, which runs over every input byte, a third slower.)

/// Marker written after every word. It cannot occur in text: control character U+0001 is
/// written as [`CONTROL_1`] instead.
pub const BOUNDARY: u8 = 0x01;

/// What control character U+0001 becomes in the view: a punctuation byte that UTF-8 never
/// uses, so it neither collides with [`BOUNDARY`] nor vanishes (dropping it once let
/// `a\u{1}b` match `ab` and let an edit swallow the character; found by fuzzing).
pub const CONTROL_1: u8 = 0xFF;

/// What a carriage return that does not end its line becomes in the view: a token of its
/// own, a byte UTF-8 never uses and no phrase holds (phrases cannot contain line breaks), so
/// no match spans it. Such a CR is a line break of a CR-only or mixed-endings file; folding
/// it into a space once let `the 2\ractors` match `the 2 actors` and lose the line break
/// (a CR right before `\n`, or at the very end, is still white space).
pub const LONE_CR: u8 = 0xFE;

use super::prefilter::TokenHash;

/// One token of a view: a word with its [`BOUNDARY`], or one punctuation mark.
///
/// Why one record rather than a vector per field: building the view pushes a token for
/// every word of the input, and five pushes (each a capacity check and a length update)
/// cost more than the rest of the token's work; the start filter also reads a token's
/// fields together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Token {
    /// Where the token starts in the view: a word start or a punctuation mark, where a
    /// match may start.
    pub start: u32,
    /// Where it ends in the view: after the [`BOUNDARY`] of a word, after the bytes of a
    /// punctuation mark. Phrases are token sequences too, so a match always ends at one of
    /// these (see [`super::prefilter`]).
    pub end: u32,
    /// Where its source starts in the line.
    pub src_start: u32,
    /// Where its source ends in the line (a word's ends with its last character: the
    /// boundary marker has no source).
    pub src_end: u32,
    /// The hash of its bytes (what the start filter and the trie are keyed by), computed
    /// as the token is written, while its bytes are at hand.
    pub hash: u64,
}

impl Token {
    /// Whether a space separates this token from `previous`.
    #[inline]
    pub fn spaced_after(&self, previous: &Token) -> bool {
        self.start > previous.end
    }
}

/// A reusable buffer holding the view of one line.
#[derive(Default, Debug)]
pub struct View {
    /// The normalized bytes.
    pub bytes: Vec<u8>,
    /// The tokens in order: every place a match may start, and may end.
    pub tokens: Vec<Token>,
    /// How many of `tokens` are words (the others are punctuation).
    pub word_starts: usize,
    /// The token being written: where it starts in the view and in the line.
    open: (u32, u32),
}

/// True for characters that make up words.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        c.is_alphanumeric()
    }
}

/// True for characters the view folds into a single space.
pub fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\r' || c == '\u{200B}' || c == '\u{FEFF}' || c.is_whitespace()
}

/// The straight form of a quote character, or `None` for anything else.
pub fn straight_quote(c: char) -> Option<u8> {
    match c {
        '\'' | '\u{2019}' | '\u{2018}' | '\u{201B}' | '\u{02BC}' => Some(b'\''),
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => Some(b'"'),
        _ => None,
    }
}

/// How [`View::build`] treats one character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Folded into a single space ([`is_space`]).
    Space,
    /// Part of a word ([`is_word_char`]).
    Word,
    /// Punctuation, symbols and control characters: a token of its own.
    Other,
}

/// [`Class`] of every ASCII byte: what `is_space` and `is_word_char` say of it.
static ASCII_CLASS: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c == b' ' || (c >= 9 && c <= 13) {
            Class::Space
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            Class::Word
        } else {
            Class::Other
        };
        b += 1;
    }
    table
};

/// `0x01` in every byte of a word.
const LO: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte of a word.
const HI: u64 = 0x8080_8080_8080_8080;

/// The first bytes of `bytes`, up to 8, as a little-endian word, zero above them: zero is
/// not a word byte, so a run found in the word stops where `bytes` does.
#[inline]
fn load(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(chunk) => u64::from_le_bytes(*chunk),
        None => {
            let mut last = [0u8; 8];
            last[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(last)
        }
    }
}

/// For each byte of `y`, `0x80` when it is `>= lo` and `<= hi`; every byte of `y` is
/// below `0x80`, so no sum carries into the next byte.
#[inline]
fn in_range(y: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = y + u64::from(0x80 - lo) * LO;
    let above_hi = y + u64::from(0x7F - hi) * LO;
    at_least_lo & !above_hi & HI
}

/// Eight bytes classified at once: `(word, letters)`, `0x80` in each byte of `x` that is an
/// ASCII word byte (letter, digit, `_`), resp. an ASCII letter. What [`ASCII_CLASS`] says
/// of each byte, eight at a time (a test checks every byte against it).
#[inline]
fn ascii_word_bytes(x: u64) -> (u64, u64) {
    let ascii = !x & HI;
    let y = x & !HI;
    // `| 0x20` maps `A..=Z` onto `a..=z`, and nothing else into that range.
    let letters = in_range(y | (0x20 * LO), b'a', b'z') & ascii;
    let digits = in_range(y, b'0', b'9');
    // `y ^ '_'` is zero exactly at `_`; adding 0x7F sets the top bit of every other byte.
    let underscores = !((y ^ (u64::from(b'_') * LO)) + 0x7F * LO) & HI;
    (letters | ((digits | underscores) & ascii), letters)
}

/// Word and white-space state carried across the characters of a line.
struct BuildState {
    /// How many bytes of the view are written: `View::bytes` is sized for the longest view
    /// the line can give while it is built, so that a write is a store rather than a push
    /// (a capacity check and a length update, for every byte, were most of the building).
    len: usize,
    in_word: bool,
    /// The hash of the word being written, while it is one run of ASCII word bytes from its
    /// start (see [`TokenHash`]); `None` once a non-ASCII letter joins it, and the word is
    /// hashed from the view at its end.
    word_hash: Option<TokenHash>,
    /// Whether a run of white space is pending, written as one space before the next token
    /// (never at the start or the end of the line).
    pending_space: bool,
}

impl View {
    /// Rebuilds the view for `line`, which must hold no `\n`.
    ///
    /// This runs over every byte of the input, so ASCII takes a fast path (a class table,
    /// whole runs of word bytes at once); other characters are decoded and classified by
    /// [`is_space`] and [`is_word_char`]. Both paths make the same view.
    pub fn build(&mut self, line: &str) {
        self.tokens.clear();
        self.word_starts = 0;
        // At most one view byte per line byte plus a boundary per word (a word has at least
        // one byte), plus the 7 bytes a word run may write past its end before they are cut
        // off; the bytes past the view are cut off at the end.
        self.bytes.clear();
        self.bytes.resize(2 * line.len() + 8, 0);
        let mut state = BuildState {
            len: 0,
            in_word: false,
            word_hash: None,
            pending_space: false,
        };
        let bytes = line.as_bytes();
        let mut offset = 0;
        while offset < bytes.len() {
            let b = bytes[offset];
            if b < 0x80 && ASCII_CLASS[b as usize] == Class::Word {
                self.flush_space(&mut state);
                if !state.in_word {
                    self.start_token(offset, &state);
                    self.word_starts += 1;
                    state.in_word = true;
                    state.word_hash = Some(TokenHash::default());
                }
                // The run of ASCII word bytes, eight at a time: classified, lower-cased,
                // written and hashed from one load.
                loop {
                    let x = load(&bytes[offset..]);
                    let (word, letters) = ascii_word_bytes(x);
                    let n = ((!word & HI).trailing_zeros() / 8) as usize;
                    let lower = x | (letters >> 2);
                    // All 8 bytes written (one store), those past the run overwritten next.
                    self.bytes[state.len..state.len + 8].copy_from_slice(&lower.to_le_bytes());
                    state.len += n;
                    offset += n;
                    if let Some(hash) = &mut state.word_hash {
                        let kept = if n == 8 {
                            lower
                        } else {
                            lower & ((1 << (8 * n)) - 1)
                        };
                        hash.push(kept, n);
                    }
                    if n < 8 {
                        break;
                    }
                }
                continue;
            }
            let (class, end) = if b < 0x80 {
                (ASCII_CLASS[b as usize], offset + 1)
            } else {
                let c = line[offset..]
                    .chars()
                    .next()
                    .expect("offset is on a char boundary: it only advances by whole chars");
                // Dashes, curly quotes, bullets and the ellipsis (U+2010..=U+2027) are the
                // commonest non-ASCII characters of news prose and neither spaces nor word
                // characters; the Unicode tables are slower to say so.
                let class = if ('\u{2010}'..='\u{2027}').contains(&c) {
                    Class::Other
                } else if is_space(c) {
                    Class::Space
                } else if is_word_char(c) {
                    Class::Word
                } else {
                    Class::Other
                };
                (class, offset + c.len_utf8())
            };
            match class {
                Class::Space if b == b'\r' && end < bytes.len() => {
                    self.flush_space(&mut state);
                    if state.in_word {
                        self.end_word(offset, &mut state);
                        state.in_word = false;
                    }
                    self.start_token(offset, &state);
                    self.put(&[LONE_CR], &mut state);
                    self.end_mark(end, &state);
                }
                Class::Space => {
                    if state.in_word {
                        self.end_word(offset, &mut state);
                        state.in_word = false;
                    }
                    state.pending_space = true;
                }
                Class::Word => {
                    // A non-ASCII letter or digit (ASCII ones took the fast path above).
                    self.flush_space(&mut state);
                    if !state.in_word {
                        self.start_token(offset, &state);
                        self.word_starts += 1;
                        state.in_word = true;
                    }
                    state.word_hash = None;
                    self.put(&bytes[offset..end], &mut state);
                }
                Class::Other => {
                    self.flush_space(&mut state);
                    if state.in_word {
                        self.end_word(offset, &mut state);
                        state.in_word = false;
                    }
                    self.start_token(offset, &state);
                    if b == 1 {
                        self.put(&[CONTROL_1], &mut state);
                    } else if b < 0x80 {
                        // ASCII punctuation, straight quotes included, stands for itself.
                        self.put(&[b], &mut state);
                    } else {
                        let c = line[offset..end]
                            .chars()
                            .next()
                            .expect("offset..end holds exactly one char");
                        match straight_quote(c) {
                            Some(q) => self.put(&[q], &mut state),
                            None => self.put(&bytes[offset..end], &mut state),
                        }
                    }
                    self.end_mark(end, &state);
                }
            }
            offset = end;
        }
        if state.in_word {
            self.end_word(line.len(), &mut state);
        }
        self.bytes.truncate(state.len);
    }

    /// Writes `bytes` to the view.
    #[inline(always)]
    fn put(&mut self, bytes: &[u8], state: &mut BuildState) {
        self.bytes[state.len..state.len + bytes.len()].copy_from_slice(bytes);
        state.len += bytes.len();
    }

    /// Writes the boundary marker that ends a word at line offset `at`.
    ///
    /// Inlined, like [`View::end_mark`]: once for every token of the input, they were calls
    /// of their own (60 MB alternating old and new: 390 -> 367 ms at 1k, 733 -> 708 ms at
    /// 100k).
    #[inline(always)]
    fn end_word(&mut self, at: usize, state: &mut BuildState) {
        let hash = match state.word_hash.take() {
            Some(hash) => hash,
            None => {
                // A word with non-ASCII letters: hashed from the view.
                let start = self.open.0 as usize;
                let mut hash = TokenHash::default();
                for chunk in self.bytes[start..state.len].chunks(8) {
                    hash.push(load(chunk), chunk.len());
                }
                hash
            }
        };
        self.put(&[BOUNDARY], state);
        self.end_token(at, hash.finish_with(BOUNDARY), state);
    }

    /// Starts a token here, whose source starts at line offset `at`.
    #[inline]
    fn start_token(&mut self, at: usize, state: &BuildState) {
        self.open = (state.len as u32, at as u32);
    }

    /// Ends the token being written, whose bytes hash to `hash` and whose source ends at
    /// line offset `at`.
    #[inline]
    fn end_token(&mut self, at: usize, hash: u64, state: &BuildState) {
        let (start, src_start) = self.open;
        self.tokens.push(Token {
            start,
            end: state.len as u32,
            src_start,
            src_end: at as u32,
            hash,
        });
    }

    /// Ends a token of punctuation (one character), hashed from the view.
    #[inline(always)]
    fn end_mark(&mut self, at: usize, state: &BuildState) {
        let hash = super::prefilter::hash(&self.bytes[self.open.0 as usize..state.len]);
        self.end_token(at, hash, state);
    }

    /// Writes a pending run of white space as one space, unless the view is still empty.
    #[inline]
    fn flush_space(&mut self, state: &mut BuildState) {
        if std::mem::take(&mut state.pending_space) && state.len > 0 {
            self.put(b" ", state);
        }
    }

    /// The line byte range of the tokens `first..=last` (indices into `tokens`).
    pub fn source_span(&self, first: usize, last: usize) -> std::ops::Range<usize> {
        self.tokens[first].src_start as usize..self.tokens[last].src_end as usize
    }
}

/// The view of a phrase: the pattern the automaton stores for it.
pub fn phrase_view(phrase: &str) -> Vec<u8> {
    let mut view = View::default();
    view.build(phrase);
    view.bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(line: &str) -> String {
        phrase_view(line)
            .iter()
            .map(|&b| if b == BOUNDARY { '|' } else { b as char })
            .collect()
    }

    /// The eight-at-a-time classification says of every byte, at every place in the word,
    /// what the table says: word byte or not, letter or not, and its lower case.
    #[test]
    fn ascii_word_bytes_agree_with_the_class_table() {
        for b in 0..=255u8 {
            for at in 0..8 {
                // The byte among others of every kind, so that no carry goes unseen.
                for filler in [0u8, b'a', b'Z', b'_', b'9', 0x7F, 0x80, 0xFF, b' '] {
                    let mut bytes = [filler; 8];
                    bytes[at] = b;
                    let x = u64::from_le_bytes(bytes);
                    let (word, letters) = ascii_word_bytes(x);
                    let word_byte = b < 0x80 && ASCII_CLASS[b as usize] == Class::Word;
                    assert_eq!(
                        word >> (8 * at) & 0xFF == 0x80,
                        word_byte,
                        "byte {b:#x} at {at}"
                    );
                    assert_eq!(word >> (8 * at) & 0x7F, 0, "byte {b:#x} at {at}");
                    let lower = (x | (letters >> 2)).to_le_bytes()[at];
                    let want = if b.is_ascii_alphabetic() {
                        b.to_ascii_lowercase()
                    } else {
                        b
                    };
                    assert_eq!(lower, want, "byte {b:#x} at {at}");
                }
            }
        }
    }

    #[test]
    fn words_get_boundaries_and_case_folds() {
        assert_eq!(shown("New York Times"), "new| york| times|");
        assert_eq!(shown("Minimize!"), "minimize|!");
    }

    #[test]
    fn spaces_collapse_and_trim() {
        assert_eq!(shown("  Seo\u{a0}\u{a0}Dan \t Ah  \r"), "seo| dan| ah|");
    }

    #[test]
    fn quotes_straighten() {
        assert_eq!(shown("Girls’ “Run”"), "girls|' \"run|\"");
    }

    #[test]
    fn source_spans_map_back() {
        let line = "a  “Seo\u{a0}Dan”";
        let mut v = View::default();
        v.build(line);
        // Tokens: `a|`, `"`, `seo|`, `dan|`, `"`.
        assert_eq!(v.tokens.len(), 5);
        assert_eq!(&line[v.source_span(2, 3)], "Seo\u{a0}Dan");
        assert_eq!(&line[v.source_span(1, 4)], "“Seo\u{a0}Dan”");
        assert_eq!(&line[v.source_span(0, 4)], line);
        assert_eq!(&line[v.source_span(3, 3)], "Dan");
    }

    #[test]
    fn starts_are_word_starts_and_punctuation() {
        let mut v = View::default();
        v.build("A+ scholar, co-star");
        let starts: Vec<u8> = v.tokens.iter().map(|t| v.bytes[t.start as usize]).collect();
        assert_eq!(starts, b"a+s,c-s".to_vec());
    }
}
