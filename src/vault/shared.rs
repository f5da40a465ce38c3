//! A vault tracked in git: its checkpoint (`vault.age`) and journal logs are
//! shared with other clones, so what one clone writes must never take a
//! record away that another may still need.
//!
//! In a git work tree coffer therefore
//! - never clears a journal log: every record stays in the tracked logs, and
//!   a git merge of two clones' logs (one file per device, only appended to)
//!   is the union of their records;
//! - folds the journal for speed into a checkpoint of its own, outside the
//!   work tree (`$XDG_STATE_HOME/coffer/cache/DEVICE.BASE.age`), made on top
//!   of the tracked checkpoint BASE names, instead of rewriting the tracked
//!   one. Opening uses that fold while the tracked checkpoint is the one it
//!   was made on, and otherwise replays the tracked logs on the tracked
//!   checkpoint;
//! - rewrites the tracked checkpoint only when asked (`coffer vault:compact`),
//!   still keeping every log.

use std::path::Path;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::vault::replay;

/// Whether `vault` is shared through git: its folder's `.gitattributes`
/// names coffer's driver (`coffer sync` writes it), and a `.git` (folder,
/// or file in a linked work tree or submodule) is in that folder or one
/// above it. A `.git` alone is not enough: a dotfiles repository in the
/// home folder that ignores the vault would keep its journal growing.
///
/// This decides only how the vault is kept (logs never cleared, folds of
/// the clone's own): `.gitattributes` is in the hands of whoever can push,
/// so nothing that anchors the vault depends on it ([`super::state`]). It
/// is read as git reads it: a symlink is not followed (git ignores one),
/// and at most [`MAX_GITATTRIBUTES`] bytes.
pub fn in_git_work_tree(vault: &Path) -> bool {
    let start = match vault.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    let marked = read_gitattributes(&start.join(".gitattributes"))
        .is_some_and(|t| t.lines().any(|l| l.contains("=coffer")));
    marked && start.ancestors().any(|d| d.join(".git").exists())
}

/// The most of a `.gitattributes` read (1 MiB): coffer's lines come first
/// in the files `coffer sync` writes.
pub const MAX_GITATTRIBUTES: u64 = 1024 * 1024;

/// The text of the `.gitattributes` at `path`, if it is a regular file
/// (not a symlink), at most [`MAX_GITATTRIBUTES`] bytes of it.
fn read_gitattributes(path: &Path) -> Option<String> {
    use std::io::Read;
    let file = super::file::open_nofollow(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(MAX_GITATTRIBUTES).read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// What names a tracked checkpoint for the folds made on it: a digest of
/// the file's stamp (device, inode, size, times and a hash of its first and
/// last bytes), its signature and what it says it folded in. `None` for an unsigned
/// checkpoint (coffer 0.1), which gets no fold of its own.
pub fn base_key(db: &Connection, file: &crate::vault::journal::Stamp) -> Result<Option<String>> {
    let meta = |k: &str| crate::store::meta(db, k);
    let signature = meta("signature").unwrap_or_default();
    if signature.is_empty() {
        return Ok(None);
    }
    let mut h = Sha256::new();
    h.update(b"coffer-fold-base\0");
    for part in [
        // The file itself, as it was read (a replaced file with the same
        // meta is another checkpoint: coffer never trusts a fold over it).
        file.to_text(),
        signature,
        meta(replay::HEAD_META)?,
        meta(replay::FRONTIER_META)?,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    Ok(Some(hex::encode(&h.finalize()[..16])))
}
