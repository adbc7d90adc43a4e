//! Atomic in-place writes: a file is either its old version or its new one, never partial.
//!
//! [`atomic`] writes the new contents to a temporary file in the same folder (so the final
//! rename cannot cross file systems), flushes it to disk, gives it the original's
//! permissions (and, on Unix, its owner and group when the process may set them), renames it
//! over the original, and flushes the folder so the rename itself survives a crash.
//!
//! Decisions worth knowing:
//!
//! - **Symlinks are followed**: the path is resolved with [`std::fs::canonicalize`] first,
//!   so the file the link points to is rewritten and the link stays a link.
//! - **Files with other hard links are refused** (Unix): a rename gives the path a new
//!   inode, which would silently split it from its other names; unspin will not do that
//!   behind the user's back. The error says so; copy the file or break the link first.
//! - The path must name an existing regular file: this module rewrites files, it does not
//!   create them.
//! - Temporary files are named `.unspin-PID-RANDOM.tmp`, PID being the writer's process id
//!   (hidden, so folder walks skip them, and ignored by the project's `.gitignore`). They
//!   are removed on every error path; only a process killed between creating one and
//!   renaming it (SIGKILL, a power cut) can leave one behind. The real name never holds a
//!   partial file, and the next write into the same folder removes such leftovers: on
//!   Linux, the first write ([`atomic`], [`atomic_with`]) into a folder deletes every
//!   `.unspin-PID-*.tmp` there whose process is gone ([`remove_stale_temps`]); a run still
//!   writing keeps its own. Elsewhere
//!   leftovers are not cleaned automatically (there is no safe check that a process is
//!   gone); delete them by hand.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Every temporary file's name starts with this; the writer's process id and `-` follow.
const TEMP_PREFIX: &str = ".unspin-";
/// Every temporary file's name ends with this.
const TEMP_SUFFIX: &str = ".tmp";

/// Replaces the contents of the file at `path` with `contents`, atomically. See the
/// [module docs](self) for symlinks, hard links and permissions.
pub fn atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    atomic_with(path, |file| file.write_all(contents).map(|()| true)).map(|_| ())
}

/// Like [`atomic`], for contents too large to hold in memory: `write` writes them into the
/// temporary file (its buffering is up to it) and returns whether to keep them. On `false`
/// or an error the temporary file is removed and the original left as it was. Returns
/// whether the file was replaced.
pub fn atomic_with(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> io::Result<bool>,
) -> io::Result<bool> {
    let target = fs::canonicalize(path)?;
    let meta = fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    refuse_hard_links(&meta)?;
    let dir = target
        .parent()
        .expect("a canonical path to a file always has a parent folder");
    clean_once(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    if !write(tmp.as_file_mut())? {
        return Ok(false);
    }
    tmp.as_file().set_permissions(meta.permissions())?;
    keep_owner(tmp.as_file(), &meta);
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(dir)?;
    Ok(true)
}

/// Removes, once per folder and process, the temporary files interrupted runs left in `dir`.
/// Best effort: a folder that cannot be listed is left alone (the write that follows reports
/// any real problem).
fn clean_once(dir: &Path) {
    static CLEANED: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    let first = CLEANED
        .get_or_init(Default::default)
        .lock()
        .map(|mut cleaned| cleaned.insert(dir.to_path_buf()))
        .unwrap_or(false);
    if first {
        let _ = remove_stale_temps(dir);
    }
}

/// Deletes the stale temporary files in `dir`: those named `.unspin-PID-*.tmp` whose
/// process PID is no longer running (a run killed mid-write). Returns how many were removed.
/// Files of a process still running, this one included, are kept; so is anything else. Only
/// Linux can tell (through `/proc`); elsewhere nothing is removed.
pub fn remove_stale_temps(dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        if process_may_run(pid) || !entry.file_type()?.is_file() {
            continue;
        }
        if fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// The process id in a temporary file's name `.unspin-PID-RANDOM.tmp`, or `None` for any
/// other name.
fn temp_owner(name: &str) -> Option<u32> {
    let middle = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(TEMP_SUFFIX)?;
    let (pid, random) = middle.split_once('-')?;
    if random.is_empty() {
        return None;
    }
    pid.parse().ok()
}

/// False only when process `pid` is known to be gone.
fn process_may_run(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(unix)]
fn refuse_hard_links(meta: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let links = meta.nlink();
    if links > 1 {
        return Err(io::Error::other(format!(
            "refusing to rewrite a file with {links} hard links (writing by rename would split \
             it from its other names); copy it or remove the other links first"
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_hard_links(_: &fs::Metadata) -> io::Result<()> {
    Ok(())
}

/// Gives the new file the original's owner and group. Best effort: only a privileged
/// process may give a file away, and a user rewriting their own file needs nothing.
#[cfg(unix)]
fn keep_owner(file: &fs::File, meta: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid()));
}

#[cfg(not(unix))]
fn keep_owner(_: &fs::File, _: &fs::Metadata) {}

/// Flushes a folder's entries, so that a completed rename survives a crash.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_: &Path) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".unspin-"))
            .collect()
    }

    #[test]
    fn replaces_contents_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old contents that are longer").unwrap();
        atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        for mode in [0o644, 0o600, 0o755, 0o444] {
            let path = dir.path().join(format!("f{mode:o}.txt"));
            fs::write(&path, "x").unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            atomic(&path, b"y").unwrap();
            let got = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
            assert_eq!(got, mode, "mode {mode:o}");
            assert_eq!(fs::read(&path).unwrap(), b"y");
        }
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_target_is_written_and_link_kept() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        atomic(&link, b"new").unwrap();
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&link).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn hard_linked_file_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        fs::write(&a, "old").unwrap();
        fs::hard_link(&a, &b).unwrap();
        let err = atomic(&a, b"new").unwrap_err();
        assert!(err.to_string().contains("2 hard links"), "{err}");
        assert_eq!(fs::read(&a).unwrap(), b"old");
        assert_eq!(fs::read(&b).unwrap(), b"old");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn temp_names_carry_the_process_id() {
        assert_eq!(temp_owner(".unspin-123-AbC9xZ.tmp"), Some(123));
        for other in [
            ".unspin-AbC9xZ.tmp",
            ".unspin-123-.tmp",
            "unspin-1-a.tmp",
            ".unspin-1-a",
        ] {
            assert_eq!(temp_owner(other), None, "{other}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stale_temp_files_are_removed_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has finished: its id names no running process (until reused).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        let stale = format!(".unspin-{gone}-AbCdEf.tmp");
        let mine = format!(".unspin-{}-AbCdEf.tmp", std::process::id());
        for name in [stale.as_str(), mine.as_str(), "a.txt", ".unspin-notes.tmp"] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        let removed = remove_stale_temps(dir.path()).unwrap();
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        if Path::new("/proc").join(gone.to_string()).exists() {
            return; // the id was reused at once: nothing to conclude
        }
        assert_eq!(removed, 1);
        let mut want = vec![".unspin-notes.tmp", mine.as_str(), "a.txt"];
        want.sort();
        assert_eq!(left, want);
    }

    #[test]
    fn missing_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = atomic(&dir.path().join("nope.txt"), b"x").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::NotFound);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(atomic(dir.path(), b"x").is_err());
    }
}
