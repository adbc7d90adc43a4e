//! A start filter: skips the automaton walk at starts where no phrase can begin.
//!
//! Why: the walk is a chain of dependent loads through the automaton, and with a large
//! dictionary most of them miss the cache (at 100,000 phrases it was most of the run time,
//! about 9 automaton steps per start). Yet at most starts no phrase matches at all.
//!
//! How: a view is a sequence of *tokens* (a word with its [`BOUNDARY`], one punctuation
//! character) separated by at most one space, and so is every phrase's view (both come
//! from [`View::build`]). A phrase can only match where the view's tokens equal the
//! phrase's tokens, so its first token, or its first two tokens with the space (or not)
//! between them, must appear at the start. The filter keeps a small Bloom filter of those
//! keys, one for each phrase: a phrase is keyed by its first four tokens (`KEY_TOKENS`; all
//! of them if it has fewer), and each proper prefix of two tokens or more is marked as such. A start whose
//! keys are absent cannot match and is skipped; a false positive only costs a walk. The
//! filter is exact in the other direction: it never skips a start where a phrase matches.
//!
//! The filter is half a megabyte at 100,000 phrases (32 bits per phrase, three bits set per
//! key), so it stays in the core's cache; tokens are hashed once per line, as the view is
//! built. Its accuracy is what keeps large dictionaries fast: at 100,000 phrases, 16 bits
//! per phrase, two bits per key and keys of three tokens let through nine starts for every
//! one that matched, and each costs a walk of cache-missing trie probes; now it is under
//! two (`benches/run.sh`: the 100k run took 7% less CPU, the 1k and 10k runs the same).

use super::view::{is_word_char, Token, View, BOUNDARY, CONTROL_1, LONE_CR};

/// Filter bits per phrase (each phrase sets up to [`KEY_TOKENS`] keys, most prefixes are
/// shared). Small enough to stay in the core's cache: 512 KB at 100,000 phrases.
const BITS_PER_KEY: usize = 32;

/// How many leading tokens make a phrase's key: a phrase of fewer tokens is keyed by all of
/// them. Spaces are not tokens: `new york times` is keyed by `new|`, ` york|`, ` times|`.
/// Four, not three: with keys of three tokens, the four-token phrases of a 100,000-phrase
/// list let a walk through at every start holding their first three words.
const KEY_TOKENS: usize = 4;

/// The set of phrase keys (a phrase's first `KEY_TOKENS` tokens, or all of them) and of
/// their proper prefixes, as a blocked Bloom filter: each key sets three "full" bits and
/// three "prefix" bits in one 64-bit word, so one load answers both questions.
#[derive(Clone, Debug)]
pub struct StartFilter {
    words: Vec<u64>,
    shift: u32,
}

impl StartFilter {
    /// An empty filter for `phrases` phrase views (at most; its size depends on it).
    pub fn new(phrases: usize) -> StartFilter {
        let bits = (phrases * BITS_PER_KEY).next_power_of_two().max(1 << 12);
        let words = bits / 64;
        StartFilter {
            words: vec![0; words],
            shift: 64 - words.trailing_zeros(),
        }
    }

    /// Adds the keys of a phrase, given as its view ([`View::build`] of the phrase), whose
    /// tokens and hashes are at hand.
    pub fn insert(&mut self, phrase: &View) {
        let tokens = &phrase.tokens[..phrase.tokens.len().min(KEY_TOKENS)];
        let Some(first) = tokens.first() else {
            return;
        };
        let mut key = first_key(first.hash);
        for j in 1..tokens.len() {
            // A one-token prefix is never asked about: every start probes its pair.
            if j > 1 {
                self.mark(key, Mark::Prefix);
            }
            key = next_key(key, tokens[j].spaced_after(&tokens[j - 1]), tokens[j].hash);
        }
        self.mark(key, Mark::Full);
    }

    fn slot(&self, key: u64) -> (usize, u64, u64) {
        // `shift` is at least 58 (at least 64 words), so `key >> shift` fits the table.
        let word = (key >> self.shift) as usize;
        // The bit numbers come from the key's low 36 bits, the word from its high bits.
        let bit = |at: u32| 1u64 << ((key >> at) & 63);
        let full = bit(0) | bit(6) | bit(12);
        let prefix = bit(18) | bit(24) | bit(30);
        (word, full, prefix)
    }

    fn mark(&mut self, key: u64, mark: Mark) {
        let (word, full, prefix) = self.slot(key);
        self.words[word] |= match mark {
            Mark::Full => full,
            Mark::Prefix => prefix,
        };
    }

    /// The hash of every token of `view`, in order: what [`Token::hash`] holds already
    /// (the engine uses those; this is their definition, for tests).
    pub fn hash_tokens(view: &View) -> Vec<u64> {
        view.tokens
            .iter()
            .map(|t| hash(&view.bytes[t.start as usize..t.end as usize]))
            .collect()
    }

    /// False when no phrase can match at the `k`-th of `tokens` (a view's).
    // Called at every start of every line: as a call of its own it cost 4% of the run
    // (alternating old and new on 60 MB: 738 -> 708 ms at 100k, 405 -> 390 ms at 1k).
    #[inline(always)]
    pub fn may_start(&self, tokens: &[Token], k: usize) -> bool {
        // The first token's key and the first two tokens' key are probed together, with no
        // branch between the loads: most first tokens (common words) begin some phrase, so
        // deciding on the first probe alone went the unexpected way at most starts, while
        // few pairs begin one.
        let token = &tokens[k];
        let key = first_key(token.hash);
        let (one_word, one_full, _) = self.slot(key);
        let next = k + 1;
        let (next_start, next_hash) = tokens
            .get(next)
            .map_or((u32::MAX, 0), |t| (t.start, t.hash));
        let end = token.end;
        // Tokens are adjacent or one space apart; anything else is never in one phrase.
        let paired = next_start <= end + 1;
        let pair = next_key(key, next_start > end, next_hash);
        let (two_word, two_full, two_prefix) = self.slot(pair);
        let (one_bits, two_bits) = (self.words[one_word], self.words[two_word]);
        if (one_bits & one_full == one_full) | (paired & (two_bits & two_full == two_full)) {
            return true;
        }
        if !(paired & (two_bits & two_prefix == two_prefix)) {
            return false;
        }
        // A longer key: on, a token at a time.
        let mut key = pair;
        let mut j = next;
        loop {
            let Some(next) = tokens.get(j + 1) else {
                return false;
            };
            let end = tokens[j].end;
            if next.start > end + 1 {
                return false;
            }
            j += 1;
            key = next_key(key, next.start > end, next.hash);
            let (word, full, prefix) = self.slot(key);
            let bits = self.words[word];
            if bits & full == full {
                return true;
            }
            if bits & prefix != prefix {
                return false;
            }
        }
    }
}

/// Which bits a key sets.
#[derive(Clone, Copy)]
enum Mark {
    /// A phrase's whole key.
    Full,
    /// A proper prefix of a phrase's key.
    Prefix,
}

/// The token ranges of a view's bytes: a word up to and including its [`BOUNDARY`], or one
/// punctuation character (or [`CONTROL_1`], [`LONE_CR`]); single spaces between tokens are
/// skipped.
pub fn tokens(view: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while view.get(at) == Some(&b' ') {
            at += 1;
        }
        let start = at;
        let rest = &view[start..];
        if matches!(rest.first(), Some(&CONTROL_1 | &LONE_CR)) {
            at += 1;
            return Some(start..start + 1);
        }
        let first = char_at(rest)?;
        let end = if is_word_char(first) {
            // A word runs to its boundary marker (a phrase view always has one).
            rest.iter()
                .position(|&b| b == BOUNDARY)
                .map_or(view.len(), |i| start + i + 1)
        } else {
            start + first.len_utf8()
        };
        at = end;
        Some(start..end)
    })
}

/// The character at the start of `bytes`, which start on a character boundary of a view:
/// UTF-8 with ASCII letters lower-cased, quotes straightened and markers added.
fn char_at(bytes: &[u8]) -> Option<char> {
    let len = match *bytes.first()? {
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        _ => 2,
    };
    std::str::from_utf8(bytes.get(..len)?).ok()?.chars().next()
}

/// A fast hash of a token's bytes: their little-endian 8-byte chunks (the last one padded
/// with zeros) mixed in one after another, then the length.
///
/// Chunked so that [`View::build`] can hash a word from the 8-byte loads it classifies the
/// word with, without reading back the bytes it just wrote (a load over several fresh byte
/// stores waits for them all to retire: an eighth of the view's time went there). See
/// [`TokenHash`].
pub(super) fn hash(bytes: &[u8]) -> u64 {
    let mut state = TokenHash::default();
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        state.push(u64::from_le_bytes(chunk.try_into().expect("8 bytes")), 8);
    }
    let rest = chunks.remainder();
    let mut last = [0u8; 8];
    last[..rest.len()].copy_from_slice(rest);
    state.push(u64::from_le_bytes(last), rest.len());
    state.finish()
}

/// [`hash`] fed chunk by chunk: whole chunks of 8 bytes, then one of fewer (maybe none).
#[derive(Clone, Copy, Debug)]
pub(super) struct TokenHash {
    h: u64,
    /// The bytes after the last whole chunk (fewer than 8), zero above them.
    tail: u64,
    len: usize,
}

impl Default for TokenHash {
    fn default() -> TokenHash {
        TokenHash {
            h: 0x243f_6a88_85a3_08d3,
            tail: 0,
            len: 0,
        }
    }
}

impl TokenHash {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    /// Adds the low `n` bytes of `chunk` (all bytes above them zero). After a chunk of fewer
    /// than 8 bytes only [`TokenHash::finish`] or [`TokenHash::finish_with`] may follow.
    #[inline]
    pub(super) fn push(&mut self, chunk: u64, n: usize) {
        if n == 8 {
            self.h = (self.h.rotate_left(5) ^ chunk).wrapping_mul(Self::K);
        } else {
            self.tail = chunk;
        }
        self.len += n;
    }

    /// The hash of the bytes pushed.
    #[inline]
    pub(super) fn finish(self) -> u64 {
        let mut h = self.h;
        if self.len % 8 != 0 {
            h = (h.rotate_left(5) ^ self.tail).wrapping_mul(Self::K);
        }
        (h.rotate_left(5) ^ self.len as u64).wrapping_mul(Self::K)
    }

    /// The hash of the bytes pushed followed by `byte`.
    #[inline]
    pub(super) fn finish_with(mut self, byte: u8) -> u64 {
        let at = self.len % 8;
        self.tail |= u64::from(byte) << (8 * at);
        self.len += 1;
        if at == 7 {
            self.h = (self.h.rotate_left(5) ^ self.tail).wrapping_mul(Self::K);
        }
        self.finish()
    }
}

/// The key of a one-token prefix.
pub(super) fn first_key(h: u64) -> u64 {
    finish((h ^ 0x9e37_79b9_7f4a_7c15).wrapping_mul(0xbf58_476d_1ce4_e5b9))
}

/// The key of a prefix `key` followed by one more token (after a space, or not).
pub(super) fn next_key(key: u64, spaced: bool, h: u64) -> u64 {
    let salt = if spaced {
        0x2545_f491_4f6c_dd1d
    } else {
        0x94d0_49bb_1331_11eb
    };
    finish((key.rotate_left(23) ^ h ^ salt).wrapping_mul(0xbf58_476d_1ce4_e5b9))
}

/// Spreads a product's well-mixed high bits into its low bits.
fn finish(z: u64) -> u64 {
    z ^ (z >> 29)
}

#[cfg(test)]
mod tests {
    use super::super::view::{is_space, phrase_view, straight_quote};
    use super::*;
    use proptest::prelude::*;

    /// `View::build` as written before its fast path (char by char), kept as the reference
    /// for it: (bytes, src_start, src_end, starts, word_starts).
    fn reference_view(line: &str) -> (Vec<u8>, Vec<u32>, Vec<u32>, Vec<u32>, usize) {
        let (mut bytes, mut src_start, mut src_end, mut starts) = (vec![], vec![], vec![], vec![]);
        let mut word_starts = 0;
        let mut push = |b: u8, s: usize, e: usize, bytes: &mut Vec<u8>| {
            bytes.push(b);
            src_start.push(s as u32);
            src_end.push(e as u32);
        };
        let mut in_word = false;
        let mut pending_space: Option<usize> = None;
        let mut last_space_end = 0;
        for (offset, c) in line.char_indices() {
            let end = offset + c.len_utf8();
            let lone_cr = c == '\r' && end < line.len();
            if is_space(c) && !lone_cr {
                if in_word {
                    push(BOUNDARY, offset, offset, &mut bytes);
                    in_word = false;
                }
                pending_space.get_or_insert(offset);
                last_space_end = end;
                continue;
            }
            if let Some(space) = pending_space.take() {
                if !bytes.is_empty() {
                    push(b' ', space, last_space_end, &mut bytes);
                }
            }
            if is_word_char(c) {
                if !in_word {
                    starts.push(bytes.len() as u32);
                    word_starts += 1;
                    in_word = true;
                }
                if c.is_ascii() {
                    push(c.to_ascii_lowercase() as u8, offset, end, &mut bytes);
                } else {
                    for &b in &line.as_bytes()[offset..end] {
                        push(b, offset, end, &mut bytes);
                    }
                }
            } else {
                if in_word {
                    push(BOUNDARY, offset, offset, &mut bytes);
                    in_word = false;
                }
                starts.push(bytes.len() as u32);
                match straight_quote(c) {
                    Some(q) => push(q, offset, end, &mut bytes),
                    None if c == '\u{1}' => push(CONTROL_1, offset, end, &mut bytes),
                    None if lone_cr => push(LONE_CR, offset, end, &mut bytes),
                    None => {
                        for &b in &line.as_bytes()[offset..end] {
                            push(b, offset, end, &mut bytes);
                        }
                    }
                }
            }
        }
        if in_word {
            push(BOUNDARY, line.len(), line.len(), &mut bytes);
        }
        (bytes, src_start, src_end, starts, word_starts)
    }

    fn line() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec![
                "a", "B", "z9", "_", "New", " ", "  ", "\t", "\r", "\u{b}", "\u{c}", "\u{1c}",
                "\u{1}", "\u{a0}", "\u{200b}", "\u{feff}", "\u{3000}", "'", "’", "“", "”", "\"",
                "!", ",", ".", "-", "—", "é", "É", "\u{301}", "😀", "ß", "٣",
                // The edges of the view's punctuation fast path (U+2010..=U+2027).
                "\u{2009}", "\u{200f}", "\u{2010}", "…", "\u{2027}", "\u{2028}", "\u{2030}",
            ]),
            0..30,
        )
        .prop_map(|parts| parts.concat())
    }

    fn filter_of(phrases: &[String]) -> StartFilter {
        let mut filter = StartFilter::new(phrases.len());
        let mut view = View::default();
        for phrase in phrases {
            view.build(phrase);
            filter.insert(&view);
        }
        filter
    }

    fn passes(filter: &StartFilter, line: &str) -> Vec<bool> {
        let mut view = View::default();
        view.build(line);
        // The tokens with their hashes as defined, not as `View::build` computes them.
        let mut tokens = view.tokens.clone();
        for (token, hash) in tokens.iter_mut().zip(StartFilter::hash_tokens(&view)) {
            token.hash = hash;
        }
        (0..tokens.len())
            .map(|k| filter.may_start(&tokens, k))
            .collect()
    }

    #[test]
    fn keys_are_the_first_tokens() {
        let filter = filter_of(&["New York Times said".into(), "Minimize!".into()]);
        // Starts: the, new, york, times, said / minimize, !
        assert_eq!(
            passes(&filter, "the New York Times said"),
            [false, true, false, false, false]
        );
        assert_eq!(passes(&filter, "New York Post"), [false, false, false]);
        assert_eq!(passes(&filter, "“Minimize!”"), [false, true, false, false]);
        assert_eq!(passes(&filter, "Minimize !"), [false, false]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn fast_view_equals_reference(line in line()) {
            let mut view = View::default();
            view.build(&line);
            let (bytes, src_start, src_end, starts, word_starts) = reference_view(&line);
            prop_assert_eq!(&view.bytes, &bytes);
            // Source ranges are kept per token: where its first byte's source starts and its
            // last byte's (the boundary marker, for a word) ends.
            for token in &view.tokens {
                prop_assert_eq!(token.src_start, src_start[token.start as usize]);
                prop_assert_eq!(token.src_end, src_end[token.end as usize - 1]);
            }
            let token_starts: Vec<u32> = view.tokens.iter().map(|t| t.start).collect();
            prop_assert_eq!(&token_starts, &starts);
            prop_assert_eq!(view.word_starts, word_starts);
            // The recorded token ends agree with the tokenizer used for phrases.
            let tokens: Vec<_> = tokens(&view.bytes).map(|r| (r.start as u32, r.end as u32)).collect();
            let recorded: Vec<_> = view.tokens.iter().map(|t| (t.start, t.end)).collect();
            prop_assert_eq!(tokens, recorded);
            // The hashes recorded while building are those of the tokens' bytes.
            let hashes: Vec<u64> = view.tokens.iter().map(|t| t.hash).collect();
            prop_assert_eq!(hashes, StartFilter::hash_tokens(&view));
        }

        #[test]
        fn fast_count_words_equals_char_by_char(
            parts in proptest::collection::vec(prop::sample::select(vec![
                "a", "Z", "9", "_", " ", "ab cd ", "@", "[", "`", "{", "/", ":", "\u{1}", "é",
                "’", "\u{a0}", "\u{301}", "😀", "٣", "the quick brown fox jumps over ",
            ]), 0..80),
        ) {
            let text: String = parts.concat();
            let mut want = 0;
            let mut in_word = false;
            for c in text.chars() {
                let w = is_word_char(c);
                want += usize::from(w && !in_word);
                in_word = w;
            }
            prop_assert_eq!(super::super::count_words(&text), want);
        }

        #[test]
        fn never_skips_a_start_where_a_phrase_matches(
            (line, cuts) in line().prop_flat_map(|line| {
                let n = line.chars().count() + 1;
                (Just(line), proptest::collection::vec((0..n, 0..n), 1..8))
            }),
            others in proptest::collection::vec(line(), 0..4),
        ) {
            // Phrases cut out of the line itself, so that many of them match.
            let chars: Vec<char> = line.chars().collect();
            let mut phrases: Vec<String> = cuts
                .iter()
                .map(|&(a, b)| chars[a.min(b)..a.max(b)].iter().collect())
                .collect();
            phrases.extend(others);
            let filter = filter_of(&phrases);
            let mut view = View::default();
            view.build(&line);
            let pass = passes(&filter, &line);
            for (k, token) in view.tokens.iter().enumerate() {
                let rest = &view.bytes[token.start as usize..];
                for phrase in &phrases {
                    let form = phrase_view(phrase);
                    if !form.is_empty() && rest.starts_with(&form) {
                        prop_assert!(pass[k], "{:?} matches at start {} of {:?}", phrase, k, line);
                    }
                }
            }
        }
    }
}
