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
//! token sequence that begins at least one phrase, and its children are found in one hash
//! table keyed by (node, spaced or not, token bytes). A walk costs one probe per token and
//! stops at the first token no phrase continues with. A node that ends a phrase holds that
//! phrase's pattern id; equal phrase views share a node, hence a pattern.
//!
//! Building is one probe (and, for a new node, one push) per phrase token, with no
//! allocation per phrase beyond the table's growth.

use super::view::View;

/// The trie would need more than 2^32 nodes, patterns or token bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the dictionaries hold more phrase tokens than the automaton can index (2^32)")]
pub struct TooLarge;

/// No pattern ends at this node.
const NO_PATTERN: u32 = u32::MAX;

/// The root: the empty token sequence.
const ROOT: u32 = 0;

/// One token sequence that begins at least one phrase.
#[derive(Clone, Debug)]
struct Node {
    /// The sequence without its last token.
    parent: u32,
    /// Whether a space comes before the last token.
    spaced: bool,
    /// The last token's bytes in [`PhraseTrie::tokens`].
    token_start: u32,
    token_len: u32,
    /// The pattern ending here, or [`NO_PATTERN`].
    pattern: u32,
    /// Whether any phrase continues past this node. A walk stops at a node without
    /// children instead of probing the table for a child that is not there (a probe that
    /// misses the cache, once a walk at most starts).
    has_children: bool,
    /// This node's key in the child table (kept to rehash when the table grows).
    key: u64,
}

/// A slot of the child table: a node, with some bits of its key to skip most mismatches
/// without touching the node. Node 0 (the root, nobody's child) marks an empty slot.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    tag: u32,
    node: u32,
}

/// Phrase views in a token trie. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct PhraseTrie {
    nodes: Vec<Node>,
    tokens: Vec<u8>,
    table: Vec<Slot>,
    /// `64 - log2(table.len())`: a key's top bits index the table.
    shift: u32,
    patterns: u32,
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
            nodes: vec![Node {
                parent: ROOT,
                spaced: false,
                token_start: 0,
                token_len: 0,
                pattern: NO_PATTERN,
                has_children: false,
                key: 0,
            }],
            tokens: Vec::new(),
            table: vec![Slot::default(); 16],
            shift: 64 - 4,
            patterns: 0,
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
        let mut node = ROOT;
        for (j, token) in phrase.tokens.iter().enumerate() {
            let spaced = j > 0 && token.spaced_after(&phrase.tokens[j - 1]);
            let bytes = &phrase.bytes[token.start as usize..token.end as usize];
            let key = child_key(node, spaced, token.hash);
            node = match self.child(node, spaced, key, bytes) {
                Some(child) => child,
                None => self.add_child(node, spaced, key, bytes)?,
            };
        }
        if node == ROOT {
            return Ok(None);
        }
        let slot = &mut self.nodes[node as usize].pattern;
        if *slot != NO_PATTERN {
            return Ok(Some((*slot as usize, false)));
        }
        if self.patterns == NO_PATTERN {
            return Err(TooLarge);
        }
        *slot = self.patterns;
        self.patterns += 1;
        Ok(Some((*slot as usize, true)))
    }

    /// Every pattern matching at the `k`-th start of `view`, as (pattern, index of its last
    /// token in `view.starts`), shortest first, into `out`.
    pub fn walk(&self, view: &View, k: usize, out: &mut Vec<(usize, usize)>) {
        out.clear();
        let mut node = ROOT;
        let mut j = k;
        let tokens = &view.tokens;
        while j < tokens.len() {
            let token = &tokens[j];
            let spaced = if j == k {
                false
            } else {
                let prev_end = tokens[j - 1].end;
                // Tokens of a phrase are adjacent or one space apart.
                if token.start > prev_end + 1 {
                    return;
                }
                token.start > prev_end
            };
            let bytes = &view.bytes[token.start as usize..token.end as usize];
            // The view hashed each token as it wrote it (`Token::hash`).
            match self.child(node, spaced, child_key(node, spaced, token.hash), bytes) {
                Some(child) => node = child,
                None => return,
            }
            let node_data = &self.nodes[node as usize];
            if node_data.pattern != NO_PATTERN {
                out.push((node_data.pattern as usize, j));
            }
            if !node_data.has_children {
                return;
            }
            j += 1;
        }
    }

    fn child(&self, parent: u32, spaced: bool, key: u64, bytes: &[u8]) -> Option<u32> {
        let mask = self.table.len() - 1;
        let mut at = (key >> self.shift) as usize;
        loop {
            let slot = self.table[at];
            if slot.node == ROOT {
                return None;
            }
            if slot.tag == key as u32 {
                let node = &self.nodes[slot.node as usize];
                let start = node.token_start as usize;
                if node.parent == parent
                    && node.spaced == spaced
                    && self.tokens[start..start + node.token_len as usize] == *bytes
                {
                    return Some(slot.node);
                }
            }
            at = (at + 1) & mask;
        }
    }

    fn add_child(
        &mut self,
        parent: u32,
        spaced: bool,
        key: u64,
        bytes: &[u8],
    ) -> Result<u32, TooLarge> {
        let id = u32::try_from(self.nodes.len()).map_err(|_| TooLarge)?;
        let token_start = u32::try_from(self.tokens.len()).map_err(|_| TooLarge)?;
        let token_len = u32::try_from(bytes.len()).map_err(|_| TooLarge)?;
        token_start.checked_add(token_len).ok_or(TooLarge)?;
        self.nodes.push(Node {
            parent,
            spaced,
            token_start,
            token_len,
            pattern: NO_PATTERN,
            has_children: false,
            key,
        });
        self.nodes[parent as usize].has_children = true;
        self.tokens.extend_from_slice(bytes);
        // Keep the table at most half full.
        if self.nodes.len() * 2 > self.table.len() {
            self.grow();
        } else {
            self.place(id, key);
        }
        Ok(id)
    }

    fn place(&mut self, node: u32, key: u64) {
        let mask = self.table.len() - 1;
        let mut at = (key >> self.shift) as usize;
        while self.table[at].node != ROOT {
            at = (at + 1) & mask;
        }
        self.table[at] = Slot {
            tag: key as u32,
            node,
        };
    }

    fn grow(&mut self) {
        let size = self.table.len() * 2;
        self.table = vec![Slot::default(); size];
        self.shift = 64 - size.trailing_zeros();
        for id in 1..self.nodes.len() {
            let key = self.nodes[id].key;
            self.place(id as u32, key);
        }
    }
}

/// The child-table key of the token hashing to `h` after node `parent`.
fn child_key(parent: u32, spaced: bool, h: u64) -> u64 {
    let salt = if spaced {
        0x2545_f491_4f6c_dd1d
    } else {
        0x94d0_49bb_1331_11eb
    };
    let z = (u64::from(parent).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ h ^ salt)
        .wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z ^ (z >> 31)
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
