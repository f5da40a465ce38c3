//! The vault's write lock: an exclusive `flock` on `<vault>.lock`.
//!
//! The kernel drops the lock when its holder exits, however it exits (SIGKILL
//! included), so a crashed writer never leaves the vault locked. The lock file
//! itself is left in place; it holds nothing.

use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
        let path = path.to_path_buf();
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(|e| Error::io("cannot open lock file", &path, e))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(TryLockError::WouldBlock) => {
                    if start.elapsed() >= timeout {
                        return Err(Error::conflict(format!(
                            "{busy}: another coffer process holds {} (waited {})",
                            path.display(),
                            humantime::format_duration(timeout)
                        ))
                        .hint(
                            "try again when it finishes, or wait longer with COFFER_LOCK_TIMEOUT (e.g. 60s)",
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(TryLockError::Error(e)) => {
                    return Err(Error::io("cannot lock", &path, e));
                }
            }
        }
    }
}
