//! Embeds the shipped dictionary packs: writes `$OUT_DIR/embedded_dicts.rs`, a table of every
//! `dictionaries/<pack>/*.yaml` file with its contents (`include_str!`), sorted by pack and
//! file name so the table, and the rule order, are the same on every machine.
//!
//! Only YAML files directly inside a pack folder are dictionaries; anything else under
//! `dictionaries/` (README.md, word lists, reference data) is not embedded.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut table = String::from(
        "/// Every embedded dictionary file, sorted by pack and file name.\n\
         static FILES: &[EmbeddedFile] = &[\n",
    );
    for (pack, files) in packs(&root) {
        let pack_dir = root.join(&pack);
        println!("cargo:rerun-if-changed={}", pack_dir.display());
        for file in files {
            let path = pack_dir.join(&file);
            println!("cargo:rerun-if-changed={}", path.display());
            let path = path
                .to_str()
                .expect("dictionary paths are UTF-8 (checked in packs)");
            writeln!(
                table,
                "    EmbeddedFile {{ pack: {pack:?}, file: {file:?}, contents: include_str!({path:?}) }},"
            )
            .expect("writing to a String cannot fail");
        }
    }
    table.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("embedded_dicts.rs"), table).expect("OUT_DIR is writable");
}

/// Pack folders with their YAML files, both sorted; folders without YAML files are skipped.
fn packs(root: &Path) -> Vec<(String, Vec<String>)> {
    let mut packs = Vec::new();
    for dir in sorted_entries(root) {
        if !dir.is_dir() {
            continue;
        }
        let files: Vec<String> = sorted_entries(&dir)
            .into_iter()
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
            .map(|p| utf8_name(&p))
            .collect();
        if !files.is_empty() {
            packs.push((utf8_name(&dir), files));
        }
    }
    packs
}

/// The entries of `dir` (none if it does not exist), sorted, hidden ones skipped.
fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.expect("dictionary folder is readable").path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    paths
}

fn utf8_name(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str());
    let name = name.unwrap_or_else(|| panic!("dictionary path {} is not UTF-8", path.display()));
    assert!(
        path.to_str().is_some(),
        "dictionary path {} is not UTF-8",
        path.display()
    );
    name.to_string()
}
