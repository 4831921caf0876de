//! Writing files so that a crash or a full disk never leaves half a file under the user's name:
//! a temporary file beside the target, fsync, atomic rename, fsync of the folder; the temporary
//! file is removed when anything fails.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Result;

/// `dir/.name.tmp-<pid>`: the temporary file written before the rename.
pub fn temp_beside(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Datei".into());
    target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Replaces `target` with `bytes` atomically and durably.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    let temp = temp_beside(target);
    let result = (|| {
        let mut f = std::fs::File::create(&temp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&temp, target)?;
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Makes the rename itself durable; not possible on every platform.
            let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Whether two paths name the same file (the second may not exist yet): by canonical path and,
/// on Unix, by device and inode (a hard link). Uses metadata only, never opens the files (an
/// open project must not be opened with `std::fs`, see `store`).
pub fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        if a == b {
            return true;
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return a.dev() == b.dev() && a.ino() == b.ino();
        }
    }
    false
}
