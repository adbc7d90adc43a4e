//! Exit codes: one contract, in one place.
//!
//! | code | meaning |
//! |---|---|
//! | [`OK`] (0) | nothing to change, or every write done; also `--help`, `--version`, and a reader that closed the pipe early |
//! | [`CHANGES`] (1) | `check`, `diff` or `fix --check` found changes; `dict test` found failing examples |
//! | [`ERROR`] (2) | an error: bad dictionary, bad arguments, unreadable input, invalid UTF-8, a failed write |
//!
//! Every input is processed even after a failure; each failure is reported on stderr, and
//! the worst code wins ([`worst`]).

/// Nothing to change, or every write done.
pub const OK: u8 = 0;
/// Changes were found (and, for `check`, `diff` and `fix --check`, not made).
pub const CHANGES: u8 = 1;
/// Something went wrong; see stderr.
pub const ERROR: u8 = 2;

/// The worse of two codes: an error beats changes, changes beat success.
pub fn worst(a: u8, b: u8) -> u8 {
    a.max(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_beats_changes_beats_ok() {
        assert_eq!(worst(OK, CHANGES), CHANGES);
        assert_eq!(worst(ERROR, CHANGES), ERROR);
        assert_eq!(worst(OK, OK), OK);
    }
}
