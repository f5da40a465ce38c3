//! The vault's write lock: an exclusive `flock` on `<vault>.lock`.
//!
//! The kernel drops the lock when its holder exits, however it exits (SIGKILL
//! included), so a crashed writer never leaves the vault locked. The lock file
//! itself is left in place; it holds nothing.
//!
//! The vault's folder may be shared (a 1777 folder, a team checkout), so the
//! lock file is not trusted as found: it is opened without following a
//! symlink (one planted there would make coffer create a file wherever it
//! points), it must be a regular file owned by the user running coffer
//! (another user's file could be held forever to block every write), and once
//! the lock is taken, the path must still name the file that was locked
//! (otherwise another process locks a different file and both go ahead).
//! Each refusal names the path and the problem, and exits 4 (access denied),
//! except a symlink, refused as every symlink among a vault's files is
//! (exit 6).

use std::fs::{File, TryLockError};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rustix::fs::{Mode, OFlags};
use rustix::io::Errno;

use crate::error::{Error, Result};

/// How long a writer waits for another to finish, unless `COFFER_LOCK_TIMEOUT`
/// says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Held while a command reads, changes and rewrites the vault.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

pub fn lock_path(vault: &Path) -> PathBuf {
    let mut name = vault.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    vault.with_file_name(name)
}

impl Lock {
    /// Take the lock, waiting up to `timeout` for another coffer process.
    pub fn acquire(vault: &Path, timeout: Duration) -> Result<Lock> {
        Self::acquire_file(&lock_path(vault), timeout, "the vault is busy")
    }

    /// Take an exclusive lock on the file `path` itself; `busy` starts the
    /// error when it stays taken past `timeout`.
    pub fn acquire_file(path: &Path, timeout: Duration, busy: &str) -> Result<Lock> {
        let start = Instant::now();
        let timed_out = || {
            Error::conflict(format!(
                "{busy}: another coffer process holds {} (waited {})",
                path.display(),
                humantime::format_duration(timeout)
            ))
            .hint("try again when it finishes, or wait longer with COFFER_LOCK_TIMEOUT (e.g. 60s)")
        };
        loop {
            let file = open(path)?;
            loop {
                match file.try_lock() {
                    Ok(()) => break,
                    Err(TryLockError::WouldBlock) => {
                        if start.elapsed() >= timeout {
                            return Err(timed_out());
                        }
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    Err(TryLockError::Error(e)) => {
                        return Err(Error::io("cannot lock", path, e));
                    }
                }
            }
            if still_names(path, &file)? {
                return Ok(Lock { _file: file });
            }
            // The file was removed or replaced while we waited: the lock we
            // hold is on a file no other process will open. Lock the one
            // that is there now, within the same timeout (a process that
            // keeps replacing it is as good as one holding it).
            if start.elapsed() >= timeout {
                return Err(timed_out());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Open (creating it 0600 if missing) the lock file at `path`, and refuse
/// one that is not safe to trust: a symlink, not a regular file, or owned by
/// someone else. One that others may open is made 0600 again, since anyone
/// who can open it can hold the lock.
fn open(path: &Path) -> Result<File> {
    // NONBLOCK: a FIFO or device put at the path cannot make the open hang
    // (it is refused just after); it changes nothing for a regular file.
    let flags =
        OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let fd = match rustix::fs::open(path, flags, Mode::from_raw_mode(0o600)) {
        Ok(fd) => fd,
        Err(Errno::LOOP) if is_symlink(path) => return Err(symlink(path)),
        Err(Errno::ISDIR) => return Err(not_regular(path, "a folder")),
        Err(e @ (Errno::ROFS | Errno::ACCESS | Errno::PERM)) => {
            return Err(Error::denied(format!(
                "cannot write beside the vault ({}: {})",
                path.display(),
                std::io::Error::from(e)
            ))
            .hint("coffer records every command, reads included, in the journal beside the vault, so it needs to write there; on a read-only mount, read without an audit record with --read-only (COFFER_READ_ONLY=1)"));
        }
        Err(e) => return Err(Error::io("cannot open lock file", path, e.into())),
    };
    let file = File::from(fd);
    let meta = file
        .metadata()
        .map_err(|e| Error::io("cannot open lock file", path, e))?;
    if !meta.file_type().is_file() {
        return Err(not_regular(path, "not a regular file"));
    }
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Err(Error::denied(format!(
            "lock file {} belongs to another user (uid {}; you are uid {me}), who could hold it to block every write; coffer only uses a lock file you own",
            path.display(),
            meta.uid()
        ))
        .hint(format!(
            "remove it if you may (rm {}), or keep the vault in a folder only you can write to",
            path.display()
        )));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| Error::io("cannot chmod 600 lock file", path, e))?;
    }
    Ok(file)
}

/// Whether `path` still names the file `file` is open on.
fn still_names(path: &Path, file: &File) -> Result<bool> {
    let held = file
        .metadata()
        .map_err(|e| Error::io("cannot check lock file", path, e))?;
    match std::fs::symlink_metadata(path) {
        Ok(now) => Ok(now.dev() == held.dev() && now.ino() == held.ino()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io("cannot check lock file", path, e)),
    }
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// A symlink at the lock path is refused like every symlink among a
/// vault's files (exit 6, `man/coffer-vault.5`).
fn symlink(path: &Path) -> Error {
    Error::integrity(format!(
        "lock file {} is a symbolic link; coffer does not follow links among a vault's files",
        path.display()
    ))
    .hint(format!(
        "if you did not make it, someone who can write to its folder may have: remove the link (rm {}) and look at where it points",
        path.display()
    ))
}

fn not_regular(path: &Path, what: &str) -> Error {
    Error::denied(format!(
        "lock file {} is {what}; coffer locks with a regular file only",
        path.display()
    ))
    .hint("remove it if you know what it is, or choose another vault path")
}
