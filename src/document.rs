//! Bytes → text: what unspin accepts as a document, and how it says no.
//!
//! unspin edits text byte for byte: whatever no rule asks to change is written back exactly as
//! it was read. So decoding never normalizes anything:
//!
//! - **UTF-8** is the only encoding. A byte-order mark (`EF BB BF`) stays in the text; the
//!   engine skips it and every report counts offsets from the first byte of the input, BOM
//!   included. Line endings (`\n`, `\r\n`, a lone `\r`) and a missing final newline are kept
//!   as they are, because they are kept as *text*.
//! - **Invalid UTF-8** is refused, naming the byte offset of the first bad byte
//!   (`invalid UTF-8 at byte 1234`). Repairing only the valid stretches is not offered.
//! - **NUL bytes** mean a binary file: refused as [`DecodeError::Binary`], which the
//!   command line reports as a note and skips (a binary file in a folder of articles is
//!   not an error).
//! - **UTF-16** (recognised by its byte-order mark, `FF FE` or `FE FF`) is refused with a
//!   message saying to convert it. Without a BOM, UTF-16 text is full of NUL bytes and is
//!   refused as binary.
//! - **Empty input** is a valid, empty document.
//!
//! ```
//! use unspin::document::{decode, DecodeError};
//! assert_eq!(decode(b"\xEF\xBB\xBFcut!\r\n"), Ok("\u{FEFF}cut!\r\n"));
//! assert_eq!(decode(b"ok \xFF"), Err(DecodeError::InvalidUtf8 { offset: 3 }));
//! assert_eq!(
//!     decode(b"ok \xFF").unwrap_err().to_string(),
//!     "invalid UTF-8 at byte 3"
//! );
//! ```

/// Why bytes are not a document unspin can repair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes are not UTF-8; `offset` is the 0-based offset of the first bad byte.
    #[error("invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first byte that is not part of a valid UTF-8 sequence.
        offset: usize,
    },
    /// The bytes hold a NUL byte: a binary file, skipped.
    #[error("binary file (NUL byte at byte {offset})")]
    Binary {
        /// Byte offset of the first NUL byte.
        offset: usize,
    },
    /// The bytes start with a UTF-16 byte-order mark.
    #[error(
        "UTF-16 is not supported; convert to UTF-8 (for example with `iconv -f UTF-16 -t UTF-8`)"
    )]
    Utf16,
}

impl DecodeError {
    /// True for a binary file, which callers skip with a note rather than report as an
    /// error.
    pub fn is_binary(&self) -> bool {
        matches!(self, DecodeError::Binary { .. })
    }
}

/// Decodes a document: `bytes` as UTF-8 text, byte-order mark included, nothing
/// normalized. See the [module docs](self) for what is refused and why.
///
/// The order of the checks matters: a UTF-16 byte-order mark is reported as UTF-16 even
/// though such text holds NUL bytes, and a NUL byte is reported as binary even when the
/// bytes are also invalid UTF-8.
pub fn decode(bytes: &[u8]) -> Result<&str, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(DecodeError::Binary { offset });
    }
    std::str::from_utf8(bytes).map_err(|e| DecodeError::InvalidUtf8 {
        offset: e.valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_input_is_an_empty_document() {
        assert_eq!(decode(b""), Ok(""));
    }

    #[test]
    fn utf8_is_kept_byte_for_byte() {
        let text = "line one\r\nline\u{a0}two\rthree";
        assert_eq!(decode(text.as_bytes()), Ok(text));
    }

    #[test]
    fn bom_stays_in_the_text() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi"), Ok("\u{FEFF}hi"));
        assert_eq!(decode(b"\xEF\xBB\xBF"), Ok("\u{FEFF}"));
    }

    #[test]
    fn invalid_utf8_names_the_first_bad_byte() {
        assert_eq!(
            decode(b"\xFFabc"),
            Err(DecodeError::InvalidUtf8 { offset: 0 })
        );
        // A truncated sequence at the end: offset of its first byte.
        assert_eq!(
            decode("ab“".as_bytes().split_last().unwrap().1),
            Err(DecodeError::InvalidUtf8 { offset: 2 })
        );
        // A bad byte after multi-byte characters: a byte offset, not a character count.
        assert_eq!(
            decode(b"\xE2\x80\x9Cx\xE2\x80\x9D \xC0\xAF"),
            Err(DecodeError::InvalidUtf8 { offset: 8 })
        );
        assert_eq!(
            DecodeError::InvalidUtf8 { offset: 1234 }.to_string(),
            "invalid UTF-8 at byte 1234"
        );
    }

    #[test]
    fn nul_byte_means_binary() {
        let err = decode(b"PK\x03\x04\x00\x00").unwrap_err();
        assert_eq!(err, DecodeError::Binary { offset: 4 });
        assert!(err.is_binary());
        // Binary wins over invalid UTF-8.
        assert!(decode(b"\xFF\x00").unwrap_err().is_binary());
    }

    #[test]
    fn utf16_with_bom_is_refused_clearly() {
        for bytes in [
            &b"\xFF\xFEh\x00i\x00"[..],
            &b"\xFE\xFF\x00h\x00i"[..],
            b"\xFF\xFE",
        ] {
            let err = decode(bytes).unwrap_err();
            assert_eq!(err, DecodeError::Utf16);
            assert!(!err.is_binary());
            assert!(err.to_string().contains("convert to UTF-8"));
        }
    }

    #[test]
    fn utf16_without_bom_is_binary() {
        assert!(decode(b"h\x00i\x00").unwrap_err().is_binary());
    }
}
