//! Case shape and quote style: how a replacement is made to look like what it replaces.
//!
//! Case shape (for rules with the default `shape` case policy) is read from the letters of
//! the matched text:
//!
//! | matched text      | shape       | replacement `cut!` is written |
//! |-------------------|-------------|-------------------------------|
//! | `minimize!`       | lower       | `cut!` (as written)           |
//! | `Minimize!`       | capitalized | `Cut!`                        |
//! | `MINIMIZE!`       | upper       | `CUT!`                        |
//! | `mInimize!`       | other       | `cut!` (as written)           |
//!
//! "Upper" needs at least two letters, so `I must` is capitalized, not upper. Only the first
//! letter of the replacement is changed for "capitalized": rule authors write replacements
//! in lower case except for proper nouns, which therefore survive (`after all, CEO` →
//! `of course, CEO`).
//!
//! Quote style: a replacement is written with the apostrophes and double quotes the document
//! uses. If the matched text holds a curly apostrophe, straight ones in the replacement
//! become curly (`Women’ Generation` → `Girls’ Generation`); if it holds none, the
//! document's majority style decides.

/// The case shape of a piece of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// No upper-case letters.
    Lower,
    /// First letter upper case, not all upper case.
    Capitalized,
    /// At least two letters, all upper case.
    Upper,
    /// Anything else (`iPhone`).
    Other,
}

/// Reads the case shape of `text`.
pub fn shape_of(text: &str) -> Shape {
    let mut letters = text.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Shape::Lower;
    };
    let mut count = 1;
    let mut any_upper = first.is_uppercase();
    let mut all_upper = first.is_uppercase();
    for c in letters {
        count += 1;
        any_upper |= c.is_uppercase();
        all_upper &= c.is_uppercase();
    }
    if !any_upper {
        Shape::Lower
    } else if all_upper && count >= 2 {
        Shape::Upper
    } else if first.is_uppercase() {
        Shape::Capitalized
    } else {
        Shape::Other
    }
}

/// Writes `replacement` in `shape`.
pub fn apply_shape(replacement: &str, shape: Shape) -> String {
    match shape {
        Shape::Lower | Shape::Other => replacement.to_string(),
        Shape::Upper => replacement.to_uppercase(),
        Shape::Capitalized => {
            let mut out = String::with_capacity(replacement.len());
            let mut done = false;
            for c in replacement.chars() {
                if !done && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                    done = true;
                } else {
                    out.push(c);
                }
            }
            out
        }
    }
}

/// True when every letter of `text` has the same case as the corresponding letter of
/// `phrase` (other characters are ignored), the test for `exact` rules and for names
/// written in their listed case.
pub fn same_letters_same_case(text: &str, phrase: &str) -> bool {
    let a = text.chars().filter(|c| c.is_alphanumeric());
    let b = phrase.chars().filter(|c| c.is_alphanumeric());
    a.eq(b)
}

/// True when `text` differs from `phrase` only by letters that `phrase` capitalizes and
/// `text` does not: the garble *lost* capitals (`Lee ho jung` for `Lee Ho Jung`). Headline
/// case, which *adds* capitals (`Crash Landing On You` for `Crash Landing on You`), is not a
/// garble and is left alone.
pub fn only_lost_capitals(text: &str, phrase: &str) -> bool {
    let a = text.chars().filter(|c| c.is_alphanumeric());
    let b = phrase.chars().filter(|c| c.is_alphanumeric());
    let mut lost_any = false;
    let mut len_a = 0;
    let mut len_b = 0;
    for (x, y) in a.zip(b) {
        len_a += 1;
        len_b += 1;
        if x == y {
            continue;
        }
        if x.is_lowercase() && y.is_uppercase() && x.to_uppercase().eq(y.to_uppercase()) {
            lost_any = true;
        } else {
            return false;
        }
    }
    let rest_a = text.chars().filter(|c| c.is_alphanumeric()).count();
    let rest_b = phrase.chars().filter(|c| c.is_alphanumeric()).count();
    lost_any && len_a == rest_a && len_b == rest_b
}

/// Which apostrophe and double quotes a document prefers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuoteStyle {
    /// Curly `’` rather than straight `'`.
    pub curly_apostrophe: bool,
    /// Curly `“ ”` rather than straight `"`.
    pub curly_double: bool,
}

impl QuoteStyle {
    /// Counts the document's quotes; ties go to straight.
    pub fn of(document: &str) -> QuoteStyle {
        let mut counts = QuoteCounts::default();
        counts.add(document);
        counts.style()
    }
}

/// Running quote counts, so that a document read in pieces (see [`crate::engine::stream`])
/// gets the same [`QuoteStyle`] as one read whole.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuoteCounts {
    straight_single: usize,
    curly_single: usize,
    straight_double: usize,
    curly_double: usize,
}

impl QuoteCounts {
    /// Counts the quotes of `text`.
    pub fn add(&mut self, text: &str) {
        let bytes = text.as_bytes();
        for i in memchr::memchr3_iter(b'\'', b'"', 0xE2, bytes) {
            match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
                (b'\'', _, _) => self.straight_single += 1,
                (b'"', _, _) => self.straight_double += 1,
                // U+2018, U+2019 and U+201C, U+201D are E2 80 98/99/9C/9D.
                (_, Some(0x80), Some(0x98 | 0x99)) => self.curly_single += 1,
                (_, Some(0x80), Some(0x9C | 0x9D)) => self.curly_double += 1,
                _ => {}
            }
        }
    }

    /// Adds the counts of another piece of the same document.
    pub fn merge(&mut self, other: &QuoteCounts) {
        self.straight_single += other.straight_single;
        self.curly_single += other.curly_single;
        self.straight_double += other.straight_double;
        self.curly_double += other.curly_double;
    }

    /// The style these counts call for; ties go to straight.
    pub fn style(&self) -> QuoteStyle {
        QuoteStyle {
            curly_apostrophe: self.curly_single > self.straight_single,
            curly_double: self.curly_double > self.straight_double,
        }
    }
}

/// Whether `text` holds a quote [`adapt_quotes`] would rewrite.
pub fn has_quotes(text: &str) -> bool {
    text.contains(['\'', '"', '\u{2019}', '\u{2018}', '\u{201C}', '\u{201D}'])
}

/// Rewrites the quotes of `replacement` in the style of `matched` (or of the document, when
/// `matched` has no quotes of that kind).
pub fn adapt_quotes(replacement: &str, matched: &str, document: QuoteStyle) -> String {
    if !has_quotes(replacement) {
        return replacement.to_string();
    }
    let curly1 = if matched.contains(['\u{2019}', '\u{2018}']) {
        true
    } else if matched.contains('\'') {
        false
    } else {
        document.curly_apostrophe
    };
    let curly2 = if matched.contains(['\u{201C}', '\u{201D}']) {
        true
    } else if matched.contains('"') {
        false
    } else {
        document.curly_double
    };
    let mut out = String::with_capacity(replacement.len() + 4);
    let mut prev: Option<char> = None;
    for c in replacement.chars() {
        let opening = prev.is_none_or(|p| p.is_whitespace() || "([{".contains(p));
        let written = match c {
            '\'' | '\u{2019}' | '\u{2018}' if curly1 => {
                if opening && c != '\u{2019}' {
                    '\u{2018}'
                } else {
                    '\u{2019}'
                }
            }
            '\u{2019}' | '\u{2018}' => '\'',
            '"' | '\u{201C}' | '\u{201D}' if curly2 => {
                if opening {
                    '\u{201C}'
                } else {
                    '\u{201D}'
                }
            }
            '\u{201C}' | '\u{201D}' => '"',
            other => other,
        };
        out.push(written);
        prev = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape_of("minimize!"), Shape::Lower);
        assert_eq!(shape_of("Minimize!"), Shape::Capitalized);
        assert_eq!(shape_of("MINIMIZE!"), Shape::Upper);
        assert_eq!(shape_of("I must"), Shape::Capitalized);
        assert_eq!(shape_of("I"), Shape::Capitalized);
        assert_eq!(shape_of("iPhone"), Shape::Other);
        assert_eq!(shape_of("2"), Shape::Lower);
    }

    #[test]
    fn shape_applies_to_replacement() {
        assert_eq!(apply_shape("cut!", Shape::Capitalized), "Cut!");
        assert_eq!(apply_shape("cut!", Shape::Upper), "CUT!");
        assert_eq!(
            apply_shape("of course, CEO", Shape::Capitalized),
            "Of course, CEO"
        );
        assert_eq!(apply_shape("“é", Shape::Capitalized), "“É");
    }

    #[test]
    fn quotes_follow_the_match_then_the_document() {
        let straight = QuoteStyle::default();
        assert_eq!(
            adapt_quotes("Girls' Generation", "Women’ Generation", straight),
            "Girls’ Generation"
        );
        assert_eq!(
            adapt_quotes("Girls' Generation", "Women' Generation", straight),
            "Girls' Generation"
        );
        let curly = QuoteStyle {
            curly_apostrophe: true,
            curly_double: true,
        };
        assert_eq!(adapt_quotes("don't", "do not", curly), "don’t");
        assert_eq!(adapt_quotes("\"Cut!\"", "Minimize", curly), "“Cut!”");
    }

    #[test]
    fn lost_capitals_only() {
        assert!(only_lost_capitals("Lee ho jung", "Lee Ho Jung"));
        assert!(only_lost_capitals(
            "When the devil calls your name",
            "When the Devil Calls Your Name"
        ));
        assert!(!only_lost_capitals(
            "Crash Landing On You",
            "Crash Landing on You"
        ));
        assert!(!only_lost_capitals("Lee Ho Jung", "Lee Ho Jung"));
        assert!(!only_lost_capitals("Lee ho jun", "Lee Ho Jung"));
    }

    #[test]
    fn case_compare_ignores_punctuation_and_space() {
        assert!(same_letters_same_case(
            "Girls’ Generation",
            "Girls' Generation"
        ));
        assert!(!same_letters_same_case(
            "girls’ generation",
            "Girls' Generation"
        ));
    }
}
