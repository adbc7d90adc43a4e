//! The automaton: a trie over tokens, walked from one start at a time.
//!
//! Why not a byte-level Aho-Corasick automaton: the engine's walk is *anchored* (it starts
//! only at word starts and punctuation, see [`super::prefilter`]), so the failure
//! transitions that let Aho-Corasick search unanchored were never followed, yet building
//! them, with the byte-level trie under them, was most of `Engine::new` (28% of start-up at
//! 100,000 phrases, and the bulk of the default packs' start-up). A walk also took one
//! dependent, cache-missing load per *byte* of the match.
//!
//! A view, and every phrase's view, is a sequence of tokens (a word with its
//! [`super::view::BOUNDARY`], or one punctuation mark), each after one space or none (see
//! [`super::prefilter::tokens`]). So the trie steps a whole token at a time: a node is a
//! token sequence that begins at least one phrase (a *prefix*), and a walk costs one probe
//! per token, stopping at the first token no phrase continues with. A prefix that is a
//! whole phrase holds that phrase's pattern id; equal phrase views share a prefix, hence a
//! pattern.
//!
//! Prefixes live in one hash table keyed by the *path key* of their tokens, the key the
//! start filter computes (`prefilter::first_key`, `prefilter::next_key`): a function of the
//! tokens' hashes and spacing alone, not of where the parent landed. So every probe of a
//! walk has its address before the previous one's answer is in, and the processor overlaps
//! their cache misses; a walk once waited for three misses a token (slot, node, token bytes)
//! one after the other, at 100,000 phrases about a tenth of the run.
//!
//! Exactness does not rest on the key. A slot keeps its prefix's view bytes; a walk
//! compares them with the text before it reports a pattern. Along the way it trusts the
//! key alone, which is safe: if the text's prefix differs from the slot's yet shares its
//! key, the text's prefix is in no phrase (were it, the two prefixes would share a key,
//! and building marks such slots, whose bytes every walk then compares), so nothing the
//! walk goes on to find can pass the final comparison.
//!
//! Building is one probe per phrase token, a copy of each new phrase's view, and no other
//! allocation beyond the table's growth.

use super::prefilter::{first_key, next_key};
use super::view::View;

/// The trie would need more than 2^32 prefixes, patterns or view bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the dictionaries hold more phrase tokens than the automaton can index (2^32)")]
pub struct TooLarge;

/// No pattern ends at this prefix.
const NO_PATTERN: u32 = u32::MAX;

/// The slot holds a prefix.
const OCCUPIED: u32 = 1;
/// Some phrase continues past this prefix: a walk stops at a slot without this, instead of
/// probing the table for a child that is not there.
const HAS_CHILDREN: u32 = 2;
/// Another prefix has the same key: a walk compares this slot's bytes before taking it.
const SHARED_KEY: u32 = 4;

/// A slot of the prefix table: one token sequence that begins at least one phrase.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    /// The path key of the prefix's tokens.
    key: u64,
    /// The prefix's view bytes are `PhraseTrie::bytes[at..at + len]`.
    at: u32,
    len: u32,
    /// The pattern this prefix is, or [`NO_PATTERN`].
    pattern: u32,
    /// [`OCCUPIED`], [`HAS_CHILDREN`], [`SHARED_KEY`].
    flags: u32,
}

/// Phrase views in a token trie. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct PhraseTrie {
    table: Vec<Slot>,
    /// `64 - log2(table.len())`: a key's top bits index the table.
    shift: u32,
    /// How many slots are occupied.
    prefixes: usize,
    /// The view of every phrase that added a prefix, back to back.
    bytes: Vec<u8>,
    patterns: u32,
    /// Applied to every path key: all ones, but tests keep a few bits so that keys collide.
    key_mask: u64,
}

#[cfg(test)]
impl PhraseTrie {
    /// An empty trie whose path keys keep only the bits of `mask`, so that prefixes share
    /// keys and the comparisons that keep walks exact are exercised.
    fn with_key_mask(mask: u64) -> PhraseTrie {
        PhraseTrie {
            key_mask: mask,
            ..PhraseTrie::new()
        }
    }
}

impl Default for PhraseTrie {
    fn default() -> PhraseTrie {
        PhraseTrie::new()
    }
}

impl PhraseTrie {
    /// An empty trie.
    pub fn new() -> PhraseTrie {
        PhraseTrie {
            table: vec![Slot::default(); 16],
            shift: 64 - 4,
            prefixes: 0,
            bytes: Vec::new(),
            patterns: 0,
            key_mask: u64::MAX,
        }
    }

    /// How many distinct phrase views the trie holds.
    pub fn pattern_count(&self) -> usize {
        self.patterns as usize
    }

    /// Adds a phrase, given as its view ([`View::build`] of the phrase, whose tokens and
    /// hashes are at hand); returns its pattern id and whether it is new. Ids are given out
    /// 0, 1, 2, … in order of first insertion. `None` for an empty view.
    pub fn insert(&mut self, phrase: &View) -> Result<Option<(usize, bool)>, TooLarge> {
        let tokens = &phrase.tokens;
        if tokens.is_empty() {
            return Ok(None);
        }
        // Room for every prefix of the phrase first, so that slot numbers hold throughout.
        while (self.prefixes + tokens.len()) * 2 > self.table.len() {
            self.grow();
        }
        let at = u32::try_from(self.bytes.len()).map_err(|_| TooLarge)?;
        let len = u32::try_from(phrase.bytes.len()).map_err(|_| TooLarge)?;
        at.checked_add(len).ok_or(TooLarge)?;
        let mut stored = false;
        let mut key = 0;
        let mut previous: Option<usize> = None;
        for (j, token) in tokens.iter().enumerate() {
            key = if j == 0 {
                first_key(token.hash)
            } else {
                next_key(key, token.spaced_after(&tokens[j - 1]), token.hash)
            };
            let prefix = &phrase.bytes[..token.end as usize];
            let slot = match self.find_exact(key & self.key_mask, prefix) {
                Ok(slot) => slot,
                Err((free, shared)) => {
                    if !stored {
                        self.bytes.extend_from_slice(&phrase.bytes);
                        stored = true;
                    }
                    self.table[free] = Slot {
                        key: key & self.key_mask,
                        at,
                        len: prefix.len() as u32,
                        pattern: NO_PATTERN,
                        flags: OCCUPIED,
                    };
                    self.prefixes += 1;
                    if shared {
                        self.mark_shared(key & self.key_mask);
                    }
                    free
                }
            };
            if let Some(previous) = previous {
                self.table[previous].flags |= HAS_CHILDREN;
            }
            previous = Some(slot);
        }
        let slot = &mut self.table[previous.expect("the phrase has a token")];
        if slot.pattern != NO_PATTERN {
            return Ok(Some((slot.pattern as usize, false)));
        }
        if self.patterns == NO_PATTERN {
            return Err(TooLarge);
        }
        slot.pattern = self.patterns;
        self.patterns += 1;
        Ok(Some((slot.pattern as usize, true)))
    }

    /// Every pattern matching at the `k`-th start of `view`, as (pattern, index of its last
    /// token in `view.tokens`), shortest first, into `out`.
    pub fn walk(&self, view: &View, k: usize, out: &mut Vec<(usize, usize)>) {
        out.clear();
        let tokens = &view.tokens;
        let from = tokens[k].start as usize;
        let mut key = first_key(tokens[k].hash);
        let mut j = k;
        loop {
            let text = &view.bytes[from..tokens[j].end as usize];
            let Some((slot, compared)) = self.find(key & self.key_mask, text) else {
                return;
            };
            if slot.pattern != NO_PATTERN && (compared || self.bytes_of(slot) == text) {
                out.push((slot.pattern as usize, j));
            }
            if slot.flags & HAS_CHILDREN == 0 {
                return;
            }
            let Some(next) = tokens.get(j + 1) else {
                return;
            };
            let end = tokens[j].end;
            // Tokens of a phrase are adjacent or one space apart.
            if next.start > end + 1 {
                return;
            }
            key = next_key(key, next.start > end, next.hash);
            j += 1;
        }
    }

    /// The slot a walk takes for a prefix with `key` whose text is `text`, and whether its
    /// bytes were compared with `text` on the way (see the [module docs](self)).
    #[inline]
    fn find(&self, key: u64, text: &[u8]) -> Option<(&Slot, bool)> {
        let mask = self.table.len() - 1;
        let mut at = (key >> self.shift) as usize;
        loop {
            let slot = &self.table[at];
            if slot.flags == 0 {
                return None;
            }
            if slot.key == key {
                if slot.flags & SHARED_KEY == 0 {
                    return Some((slot, false));
                }
                if self.bytes_of(slot) == text {
                    return Some((slot, true));
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// The slot holding the prefix `prefix` with `key`; or else the free slot where it
    /// goes, and whether another prefix has the same key.
    fn find_exact(&self, key: u64, prefix: &[u8]) -> Result<usize, (usize, bool)> {
        let mask = self.table.len() - 1;
        let mut at = (key >> self.shift) as usize;
        let mut shared = false;
        loop {
            let slot = &self.table[at];
            if slot.flags == 0 {
                return Err((at, shared));
            }
            if slot.key == key {
                if self.bytes_of(slot) == prefix {
                    return Ok(at);
                }
                shared = true;
            }
            at = (at + 1) & mask;
        }
    }

    /// Marks every slot with `key` as sharing it.
    fn mark_shared(&mut self, key: u64) {
        let mask = self.table.len() - 1;
        let mut at = (key >> self.shift) as usize;
        while self.table[at].flags != 0 {
            if self.table[at].key == key {
                self.table[at].flags |= SHARED_KEY;
            }
            at = (at + 1) & mask;
        }
    }

    fn bytes_of(&self, slot: &Slot) -> &[u8] {
        &self.bytes[slot.at as usize..(slot.at + slot.len) as usize]
    }

    fn grow(&mut self) {
        let size = self.table.len() * 2;
        let old = std::mem::replace(&mut self.table, vec![Slot::default(); size]);
        self.shift = 64 - size.trailing_zeros();
        let mask = size - 1;
        for slot in old.into_iter().filter(|slot| slot.flags != 0) {
            let mut at = (slot.key >> self.shift) as usize;
            while self.table[at].flags != 0 {
                at = (at + 1) & mask;
            }
            self.table[at] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view_of(phrase: &str) -> View {
        let mut view = View::default();
        view.build(phrase);
        view
    }

    fn trie_of(phrases: &[&str]) -> PhraseTrie {
        let mut trie = PhraseTrie::new();
        for p in phrases {
            trie.insert(&view_of(p)).expect("a small trie");
        }
        trie
    }

    fn matches(trie: &PhraseTrie, line: &str) -> Vec<Vec<(usize, usize)>> {
        let mut view = View::default();
        view.build(line);
        let mut out = Vec::new();
        (0..view.tokens.len())
            .map(|k| {
                trie.walk(&view, k, &mut out);
                out.clone()
            })
            .collect()
    }

    #[test]
    fn equal_views_share_a_pattern_and_ids_follow_insertion() {
        let mut trie = PhraseTrie::new();
        assert_eq!(trie.insert(&view_of("New York")), Ok(Some((0, true))));
        assert_eq!(trie.insert(&view_of("New York Times")), Ok(Some((1, true))));
        assert_eq!(trie.insert(&view_of("new  york")), Ok(Some((0, false))));
        assert_eq!(trie.insert(&view_of("  ")), Ok(None));
        assert_eq!(trie.pattern_count(), 2);
    }

    #[test]
    fn walk_reports_every_phrase_at_a_start_shortest_first() {
        let trie = trie_of(&["New York Times", "New York", "Minimize!"]);
        let found = matches(&trie, "the New York Times; Minimize! Minimize !");
        // Starts: the, New, York, Times, ;, Minimize, !, Minimize, !
        assert_eq!(found[1], vec![(1, 2), (0, 3)]);
        assert_eq!(found[5], vec![(2, 6)]);
        // A space before `!` is a different token sequence.
        assert_eq!(found[7], vec![]);
        assert!(found[0].is_empty() && found[2].is_empty());
    }

    #[test]
    fn a_longer_phrase_failing_its_boundary_does_not_hide_a_shorter_one() {
        let trie = trie_of(&["New York", "New York Times"]);
        assert_eq!(matches(&trie, "New York Timesquare")[0], vec![(0, 1)]);
    }

    /// What [`PhraseTrie::walk`] must report, from the phrases' views alone: at each start,
    /// every distinct phrase view equal to the text from that token to a later one (ids in
    /// order of first appearance), shortest first.
    fn brute_force(phrases: &[String], line: &str) -> Vec<Vec<(usize, usize)>> {
        let mut views: Vec<Vec<u8>> = Vec::new();
        for phrase in phrases {
            let form = super::super::view::phrase_view(phrase);
            if !form.is_empty() && !views.contains(&form) {
                views.push(form);
            }
        }
        let view = view_of(line);
        let tokens = &view.tokens;
        (0..tokens.len())
            .map(|k| {
                (k..tokens.len())
                    .filter_map(|j| {
                        let text = &view.bytes[tokens[k].start as usize..tokens[j].end as usize];
                        views.iter().position(|v| v == text).map(|p| (p, j))
                    })
                    .collect()
            })
            .collect()
    }

    /// Text made of few distinct tokens, so that phrases match often and share prefixes.
    fn little_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec!["a", "b", "ab", "A", "!", " ", "  ", "é", "’", "-"]),
            0..10,
        )
        .prop_map(|parts| parts.concat())
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        /// Walks agree with the brute force whether keys are distinct (all bits kept), often
        /// shared (two bits), or all equal (none), where only the compared bytes tell
        /// prefixes apart.
        #[test]
        fn walks_equal_the_brute_force_even_when_keys_collide(
            phrases in proptest::collection::vec(little_text(), 1..12),
            line in little_text(),
            mask in prop::sample::select(vec![u64::MAX, 0b11 << 62 | 0b1, 0]),
        ) {
            let mut trie = PhraseTrie::with_key_mask(mask);
            for phrase in &phrases {
                trie.insert(&view_of(phrase)).expect("a small trie");
            }
            prop_assert_eq!(matches(&trie, &line), brute_force(&phrases, &line));
        }
    }

    #[test]
    fn grows_without_losing_nodes() {
        let mut trie = PhraseTrie::new();
        let phrases: Vec<String> = (0..5000).map(|i| format!("w{i} x{} y", i % 7)).collect();
        for (i, p) in phrases.iter().enumerate() {
            assert_eq!(trie.insert(&view_of(p)), Ok(Some((i, true))));
        }
        for (i, p) in phrases.iter().enumerate() {
            assert_eq!(trie.insert(&view_of(p)), Ok(Some((i, false))));
        }
    }
}
