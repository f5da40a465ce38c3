//! Small file-system helpers shared by the modules that make coffer's files.
//!
//! A vault shared through git lives in a work tree that anyone with push
//! access writes: a committed file can be a symlink to anywhere (git keeps
//! symlinks as such), or enormous. The readers and writers here never follow
//! a symlink, take only regular files, and read no more than a cap, so that
//! what coffer reads or writes in a work tree (`.gitattributes`,
//! `.gitignore`, the files `vault:textconv` and `vault:merge-driver` are
//! given) is the file it names and no more than it expects.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use crate::error::{Error, Result};

/// The most read of a small text file coffer keeps lines in
/// (`.gitattributes`, `.gitignore`): far more than any real one holds.
pub const MAX_TEXT_FILE: u64 = 1024 * 1024;

/// The most read of a journal log given as a file or taken from git before
/// any of its records is checked (a log of the largest records git keeps).
pub const MAX_LOG_FILE: u64 = 256 * 1024 * 1024;

/// Create `dir`, and any missing parents, with mode 0700 (less the umask):
/// a folder coffer makes for keys or vaults is private whatever the umask.
/// Folders that already exist are left as they are.
pub fn create_private_dir_all(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::io("cannot create folder", dir, e))
}

fn nofollow() -> i32 {
    rustix::fs::OFlags::NOFOLLOW.bits() as i32
}

/// Why coffer does not use the file at `path`, when it is a symlink or not
/// a regular file (exit 4, as for its lock file and journal folder).
fn refused(path: &Path, what: &str) -> Error {
    Error::denied(format!(
        "coffer does not use {}: it is {what}; coffer never follows a link or reads a device in a work tree",
        path.display()
    ))
    .hint(format!(
        "git keeps symbolic links as they were committed: replace {} with a regular file (`git rm` it, then run coffer again)",
        path.display()
    ))
}

/// Open `path` for reading without following a symlink; `None` when it
/// does not exist. Anything but a regular file is refused.
pub fn open_regular(path: &Path) -> Result<Option<File>> {
    open_checked(OpenOptions::new().read(true), path, "cannot read")
}

/// Open `path` with `options`, never through a symlink and never blocking
/// on a FIFO, and only if it is a regular file; `None` when it does not
/// exist. `doing` names the failure (`cannot read`, `cannot write`).
fn open_checked(options: &mut OpenOptions, path: &Path, doing: &str) -> Result<Option<File>> {
    let file = match options
        .custom_flags(nofollow() | rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(_) if is_symlink(path) => return Err(refused(path, "a symbolic link")),
        Err(e) => return Err(Error::io(doing, path, e)),
    };
    let meta = file.metadata().map_err(|e| Error::io(doing, path, e))?;
    if !meta.is_file() {
        return Err(refused(path, "not a regular file"));
    }
    Ok(Some(file))
}

/// [`open_checked`] of a file that must be there.
fn open_existing(options: &mut OpenOptions, path: &Path, doing: &str) -> Result<File> {
    open_checked(options, path, doing)?
        .ok_or_else(|| Error::io(doing, path, std::io::ErrorKind::NotFound.into()))
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The bytes of the regular file at `path`, never through a symlink and at
/// most `cap` of them (a larger file is refused, having read `cap` bytes
/// and one more); `None` when there is no such file.
pub fn read_regular(path: &Path, cap: u64) -> Result<Option<Vec<u8>>> {
    let Some(file) = open_regular(path)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("cannot read", path, e))?;
    if bytes.len() as u64 > cap {
        return Err(too_large(path, cap));
    }
    Ok(Some(bytes))
}

/// Error for a file larger than coffer reads of it.
pub fn too_large(path: &Path, cap: u64) -> Error {
    Error::integrity(format!(
        "{} is larger than the {} KiB coffer reads of such a file",
        path.display(),
        cap / 1024
    ))
    .hint("it is not a file coffer wrote; restore it from git's history, or remove it")
}

/// Append `text` to the regular file at `path` (created, mode 0644 less
/// the umask, when missing), never through a symlink.
pub fn append_regular(path: &Path, text: &[u8]) -> Result<()> {
    let mut file = open_existing(
        OpenOptions::new().append(true).create(true).mode(0o644),
        path,
        "cannot write",
    )?;
    file.write_all(text)
        .map_err(|e| Error::io("cannot write", path, e))
}

/// Replace the contents of the regular file at `path` with what `fill`
/// writes, never through a symlink (git's merge driver's `%A`).
pub fn overwrite_regular(
    path: &Path,
    fill: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<()> {
    let mut file = open_existing(OpenOptions::new().write(true), path, "cannot write")?;
    file.set_len(0)
        .and_then(|()| fill(&mut file))
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io("cannot write", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn new_folders_are_private_and_old_ones_are_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        std::fs::create_dir(&old).unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o750)).unwrap();
        create_private_dir_all(&old.join("a/b")).unwrap();
        assert_eq!(mode(&old), 0o750);
        assert_eq!(mode(&old.join("a")), 0o700);
        assert_eq!(mode(&old.join("a/b")), 0o700);
    }

    #[test]
    fn links_and_devices_are_neither_read_nor_written_and_reads_are_capped() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        std::fs::write(&outside, "keep\n").unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        assert_eq!(
            read_regular(&link, 10).unwrap_err().exit,
            crate::error::Exit::Denied
        );
        assert_eq!(
            append_regular(&link, b"x").unwrap_err().exit,
            crate::error::Exit::Denied
        );
        assert_eq!(
            overwrite_regular(&link, |_| Ok(())).unwrap_err().exit,
            crate::error::Exit::Denied
        );
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep\n");
        let dev = Path::new("/dev/zero");
        assert_eq!(
            read_regular(dev, 10).unwrap_err().exit,
            crate::error::Exit::Denied
        );
        assert!(
            read_regular(&tmp.path().join("none"), 10)
                .unwrap()
                .is_none()
        );
        assert_eq!(read_regular(&outside, 5).unwrap().unwrap(), b"keep\n");
        assert_eq!(
            read_regular(&outside, 4).unwrap_err().exit,
            crate::error::Exit::Integrity
        );
        let new = tmp.path().join("new");
        append_regular(&new, b"a\n").unwrap();
        append_regular(&new, b"b\n").unwrap();
        assert_eq!(std::fs::read_to_string(&new).unwrap(), "a\nb\n");
    }
}
