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
//! Each view byte records the range of the line it came from, so a match in the view maps
//! back to an exact byte span of the original.

/// Marker written after every word. It cannot occur in text: control character 0x01 is
/// dropped from the view.
pub const BOUNDARY: u8 = 0x01;

/// A reusable buffer holding the view of one line.
#[derive(Default, Debug)]
pub struct View {
    /// The normalized bytes.
    pub bytes: Vec<u8>,
    /// For each view byte, where its source starts in the line.
    pub src_start: Vec<u32>,
    /// For each view byte, where its source ends in the line (a boundary marker is empty).
    pub src_end: Vec<u32>,
    /// View offsets where a match may start: every word start and every punctuation mark.
    pub starts: Vec<u32>,
    /// Which of `starts` are word starts (the others are punctuation).
    pub word_starts: usize,
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

impl View {
    /// Rebuilds the view for `line`, which must hold no `\n`.
    pub fn build(&mut self, line: &str) {
        self.bytes.clear();
        self.src_start.clear();
        self.src_end.clear();
        self.starts.clear();
        self.word_starts = 0;
        let mut in_word = false;
        // Start of a pending run of white space, to be written as one space before the next
        // token (never at the start or the end of the line).
        let mut pending_space: Option<usize> = None;
        let mut last_space_end = 0;
        for (offset, c) in line.char_indices() {
            let end = offset + c.len_utf8();
            if is_space(c) {
                if in_word {
                    self.push(BOUNDARY, offset, offset);
                    in_word = false;
                }
                if pending_space.is_none() {
                    pending_space = Some(offset);
                }
                last_space_end = end;
                continue;
            }
            if c == '\u{1}' {
                continue;
            }
            if let Some(space) = pending_space.take() {
                if !self.bytes.is_empty() {
                    self.push(b' ', space, last_space_end);
                }
            }
            if is_word_char(c) {
                if !in_word {
                    self.starts.push(self.bytes.len() as u32);
                    self.word_starts += 1;
                    in_word = true;
                }
                if c.is_ascii() {
                    self.push(c.to_ascii_lowercase() as u8, offset, end);
                } else {
                    self.push_copy(line, offset, end);
                }
            } else {
                if in_word {
                    self.push(BOUNDARY, offset, offset);
                    in_word = false;
                }
                self.starts.push(self.bytes.len() as u32);
                match straight_quote(c) {
                    Some(q) => self.push(q, offset, end),
                    None => self.push_copy(line, offset, end),
                }
            }
        }
        if in_word {
            self.push(BOUNDARY, line.len(), line.len());
        }
    }

    fn push(&mut self, byte: u8, start: usize, end: usize) {
        self.bytes.push(byte);
        self.src_start.push(start as u32);
        self.src_end.push(end as u32);
    }

    /// Copies a multi-byte character byte by byte; each byte maps to the whole character so
    /// any match boundary that falls on it maps to a character boundary.
    fn push_copy(&mut self, line: &str, start: usize, end: usize) {
        for &b in &line.as_bytes()[start..end] {
            self.push(b, start, end);
        }
    }

    /// The line byte range of view range `start..end` (which must not be empty).
    pub fn source_span(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        self.src_start[start] as usize..self.src_end[end - 1] as usize
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
        // "a| \"seo| dan|\""
        let seo = v.bytes.iter().position(|&b| b == b's').unwrap();
        let end = v.bytes.len() - 1; // before the closing quote
        assert_eq!(&line[v.source_span(seo, end)], "Seo\u{a0}Dan");
        assert_eq!(&line[v.source_span(0, v.bytes.len())], line);
    }

    #[test]
    fn starts_are_word_starts_and_punctuation() {
        let mut v = View::default();
        v.build("A+ scholar, co-star");
        let starts: Vec<u8> = v.starts.iter().map(|&s| v.bytes[s as usize]).collect();
        assert_eq!(starts, b"a+s,c-s".to_vec());
    }
}
