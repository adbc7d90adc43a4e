//! The shipped packs, compiled into the binary so `unspin fix` works from any folder.
//!
//! `build.rs` embeds every `dictionaries/<pack>/*.yaml` file, sorted by pack and file name.
//! A pack is a folder; [`DEFAULT_PACK`] is loaded unless `--no-default-dicts`, others are
//! opt-in with `--pack NAME`. Embedded files are named `<embedded>/<pack>/<file>` in errors
//! and rule origins.

/// The pack loaded by default.
pub const DEFAULT_PACK: &str = "kdrama";

/// One dictionary file compiled into the binary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmbeddedFile {
    /// The pack (folder under `dictionaries/`).
    pub pack: &'static str,
    /// The file name inside the pack.
    pub file: &'static str,
    /// The file's text.
    pub contents: &'static str,
}

/// How the names of embedded files begin.
const PREFIX: &str = "<embedded>/";

impl EmbeddedFile {
    /// The name used in errors and origins: `<embedded>/kdrama/spun.yaml`.
    pub fn display_name(&self) -> String {
        format!("{PREFIX}{}/{}", self.pack, self.file)
    }
}

/// Whether `file` (a rule's origin file) is a shipped one, named as
/// [`EmbeddedFile::display_name`] names them.
pub fn is_embedded(file: &str) -> bool {
    file.starts_with(PREFIX)
}

include!(concat!(env!("OUT_DIR"), "/embedded_dicts.rs"));

/// Every embedded file, sorted by pack and file name.
pub fn all() -> &'static [EmbeddedFile] {
    FILES
}

/// The files of pack `name`, sorted; `None` when no such pack is shipped.
pub fn pack(name: &str) -> Option<Vec<&'static EmbeddedFile>> {
    let files: Vec<&'static EmbeddedFile> = FILES.iter().filter(|f| f.pack == name).collect();
    (!files.is_empty()).then_some(files)
}

/// The names of the shipped packs, sorted.
pub fn pack_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = FILES.iter().map(|f| f.pack).collect();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_pack_is_shipped() {
        assert!(pack_names().contains(&DEFAULT_PACK), "{:?}", pack_names());
        let files = pack(DEFAULT_PACK).expect("default pack");
        assert!(files.iter().all(|f| f.file.ends_with(".yaml")));
        assert!(pack("no-such-pack").is_none());
    }

    #[test]
    fn files_are_sorted_and_only_yaml() {
        let keys: Vec<(&str, &str)> = all().iter().map(|f| (f.pack, f.file)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert!(all().iter().all(|f| f.file.ends_with(".yaml")));
    }

    #[test]
    fn display_names() {
        let f = EmbeddedFile {
            pack: "kdrama",
            file: "spun.yaml",
            contents: "",
        };
        assert_eq!(f.display_name(), "<embedded>/kdrama/spun.yaml");
        assert!(is_embedded(&f.display_name()));
        assert!(!is_embedded("kdrama/spun.yaml"));
    }
}
