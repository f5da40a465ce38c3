//! The journal's files: one append-only log per device, in a folder beside
//! the checkpoint (`vault.age` → `vault.journal/`, see [`dir_for`]).
//!
//! A log (`DEVICE.log`, 16 hex digits) is a sequence of frames, each a
//! record's length as 4 big-endian bytes and then the record (see
//! [`super::record`]). Only its device appends to a log, under the vault's
//! lock, and fsyncs before the command reports success.
//!
//! A crash can leave the last frame cut short, or not yet written where the
//! file system already extended the file (zeros). Reading stops at the
//! first frame that is not whole and well-formed: when only zeros follow it,
//! it and they are the torn tail, which readers ignore and the next writer
//! of that log cuts off; nothing a command reported as done is in it, since
//! success is reported only after the fsync. A malformed frame with data
//! after it is no crash: the log is refused as damaged (exit 6).
//!
//! Everything in the folder may come from someone who can push to the
//! vault's repository, so it is bounded before it is trusted: only
//! `DEVICE.log` names are coffer's (anything else is ignored by every
//! command), a log that is a symlink is refused (exit 6) rather than
//! followed, and sizes are checked as a log is read, before any record is
//! decoded or ordered: a record of at most [`MAX_FRAME`], a log of at most
//! [`MAX_LOG`], a journal of at most [`MAX_JOURNAL`], and a torn tail of at
//! most one frame (a crash interrupts one append, never more). See
//! `man/coffer-vault.5`, JOURNAL.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::record::{self, Bad, Device, Record};
use crate::error::{Error, Result};

/// The largest frame a log may hold: a record of the largest value
/// (1 MiB) with room for many changes.
pub const MAX_FRAME: u32 = 64 * 1024 * 1024;

/// The largest log coffer reads (256 MiB): some 800,000 records of an
/// audited read, or 250 updates of a 1 MiB value. A larger one is refused
/// before it is read.
pub const MAX_LOG: u64 = 256 * 1024 * 1024;

/// The most that all of a journal's logs together may hold (1 GiB).
pub const MAX_JOURNAL: u64 = 1024 * 1024 * 1024;

/// The longest torn tail a crash can leave: one frame that was being
/// appended (its length, and zeros or part of the record).
const MAX_TORN: usize = 4 + MAX_FRAME as usize;

/// The journal folder of the vault whose checkpoint is `vault`: the file
/// name without `.age`, plus `.journal` (a name that is not UTF-8 keeps
/// its whole name).
pub fn dir_for(vault: &Path) -> PathBuf {
    let name = vault.file_name().unwrap_or_default();
    let mut dir = match name.to_str() {
        Some(s) => std::ffi::OsString::from(s.strip_suffix(".age").unwrap_or(s)),
        None => name.to_os_string(),
    };
    dir.push(".journal");
    vault.with_file_name(dir)
}

/// A device's log file name.
pub fn log_name(device: &Device) -> String {
    format!("{}.log", hex::encode(device))
}

/// One record in a log, where it is.
#[derive(Debug, Clone)]
pub struct Frame {
    pub offset: u64,
    pub record: Record,
}

/// A device's log as read.
#[derive(Debug, Clone)]
pub struct Log {
    pub device: Device,
    pub path: PathBuf,
    pub frames: Vec<Frame>,
    /// Where the whole frames end: the file's length unless it has a torn tail.
    pub valid_len: u64,
    /// The file's length, and its identity, as read.
    pub stamp: Stamp,
}

impl Log {
    pub fn torn(&self) -> bool {
        self.valid_len != self.stamp.len
    }
}

/// What identifies a file's content for "has it changed since": device,
/// inode, length, modification and change times. A rename, a rewrite or an
/// append changes at least one, except a rewrite in place within one tick
/// of the file system's clock; for the checkpoint, [`Stamp::sampled`] also
/// hashes its first KiB and last bytes, which any new encryption changes
/// (age draws a new file key and new recipient stanzas).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stamp {
    pub dev: u64,
    pub ino: u64,
    pub len: u64,
    pub mtime_ns: i128,
    pub ctime_ns: i128,
    pub sample: [u8; 8],
}

impl Stamp {
    pub fn of(meta: &fs::Metadata) -> Stamp {
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime_ns: i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
            ctime_ns: i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()),
            sample: [0; 8],
        }
    }

    /// [`Stamp::at`], with a hash of the file's first KiB and last 32 bytes.
    pub fn sampled(path: &Path) -> Result<Option<Stamp>> {
        match super::file::open_nofollow(path) {
            Ok(f) => Stamp::of_file(&f)
                .map(Some)
                .map_err(|e| Error::io("cannot read", path, e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(_) if super::file::is_link(path) => {
                Err(super::file::link_refused(path, "vault file"))
            }
            Err(e) => Err(Error::io("cannot read", path, e)),
        }
    }

    /// The sampled stamp of an open file (read with `pread`, so the file's
    /// position does not move): what was opened is what is stamped.
    pub fn of_file(file: &File) -> std::io::Result<Stamp> {
        use sha2::{Digest, Sha256};
        use std::os::unix::fs::FileExt;
        let meta = file.metadata()?;
        let read = |off: u64, len: usize| -> std::io::Result<Vec<u8>> {
            let mut buf = vec![0u8; len];
            let mut n = 0;
            while n < len {
                match file.read_at(&mut buf[n..], off + n as u64)? {
                    0 => break,
                    k => n += k,
                }
            }
            buf.truncate(n);
            Ok(buf)
        };
        let head = read(0, 1024)?;
        let tail = read(meta.len().saturating_sub(32), 32)?;
        let digest = Sha256::new()
            .chain_update(&head)
            .chain_update(&tail)
            .finalize();
        Ok(Stamp {
            sample: digest[..8].try_into().expect("8 bytes"),
            ..Stamp::of(&meta)
        })
    }

    /// The stamp of the file at `path`; `None` when there is none.
    pub fn at(path: &Path) -> Result<Option<Stamp>> {
        match fs::symlink_metadata(path) {
            Ok(m) => Ok(Some(Stamp::of(&m))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io("cannot read", path, e)),
        }
    }

    /// As text, for the state folder.
    pub fn to_text(self) -> String {
        format!(
            "{}:{}:{}:{}:{}:{}",
            self.dev,
            self.ino,
            self.len,
            self.mtime_ns,
            self.ctime_ns,
            hex::encode(self.sample)
        )
    }
}

pub fn damaged(path: &Path, offset: u64, why: &dyn std::fmt::Display) -> Error {
    Error::integrity(format!(
        "journal {} is damaged: the record at byte {offset} {why}",
        path.display()
    ))
    .hint("the journal was altered; restore the vault (its .age file and journal folder) from a backup or from git")
}

/// Whether `name` is one of coffer's log names, `DEVICE.log` (16 lowercase
/// hex digits). Every other file in a journal folder is not coffer's, and
/// every command leaves it alone.
pub fn is_log_name(name: &str) -> bool {
    parse_device(name).is_some()
}

/// The device whose log `name` is, if it is one of coffer's log names.
pub fn parse_device(name: &str) -> Option<Device> {
    let hex_part = name.strip_suffix(".log")?;
    if hex_part.len() != 16 || hex_part.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    hex::decode(hex_part).ok()?.try_into().ok()
}

/// Every `DEVICE.log` in `dir` (none when the folder does not exist), by
/// device. Files that are not `DEVICE.log` are not coffer's and are left
/// alone.
fn log_paths(dir: &Path) -> Result<Vec<(Device, PathBuf)>> {
    check_dir(dir)?;
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("cannot read journal folder", dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("cannot read journal folder", dir, e))?;
        if let Some(device) = entry.file_name().to_str().and_then(parse_device) {
            if entry.file_type().is_ok_and(|t| t.is_symlink()) {
                return Err(super::file::link_refused(&entry.path(), "journal log"));
            }
            out.push((device, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// Refuse a journal folder that is a symlink (exit 6), or that is not a
/// folder of the user's own (exit 4).
fn check_dir(dir: &Path) -> Result<()> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io("cannot read journal folder", dir, e)),
    };
    if meta.file_type().is_symlink() {
        // Git keeps symlinks: one could send records out of the repository,
        // into a folder others write, or bring an old copy's logs in.
        return Err(super::file::link_refused(dir, "journal folder"));
    }
    let me = rustix::process::geteuid().as_raw();
    let why = if !meta.is_dir() {
        Some("it is not a folder".to_owned())
    } else if meta.uid() != me {
        Some(format!(
            "it belongs to uid {}, not to you (uid {me})",
            meta.uid()
        ))
    } else {
        None
    };
    match why {
        None => Ok(()),
        Some(why) => Err(Error::denied(format!(
            "coffer does not use journal folder {}: {why}",
            dir.display()
        ))
        .hint("the journal must be a folder of your own beside the vault; restore it from a backup or from git")),
    }
}

/// Read every device's log in `dir`, ordered by device; all together at
/// most [`MAX_JOURNAL`] bytes.
pub fn read_all(dir: &Path) -> Result<Vec<Log>> {
    let mut total = 0u64;
    let mut logs = Vec::new();
    for (device, path) in log_paths(dir)? {
        let log = read_log(&path, device)?;
        total += log.stamp.len;
        if total > MAX_JOURNAL {
            return Err(Error::integrity(format!(
                "journal {} holds more than {} MiB of logs, more than coffer reads",
                dir.display(),
                MAX_JOURNAL >> 20
            ))
            .hint("nothing was read; logs that large were not written by coffer: restore the journal folder from a backup or from git"));
        }
        logs.push(log);
    }
    Ok(logs)
}

/// The stamps of every device's log in `dir`, as they are now.
pub fn read_stamps(dir: &Path) -> Result<Vec<(Device, Stamp)>> {
    let mut out = Vec::new();
    for (device, path) in log_paths(dir)? {
        if let Some(stamp) = Stamp::at(&path)? {
            out.push((device, stamp));
        }
    }
    Ok(out)
}

/// Read one device's log; a missing file is an empty log.
pub fn read_log(path: &Path, device: Device) -> Result<Log> {
    let (bytes, stamp) = match read_capped(path)? {
        Some((bytes, meta)) => {
            // What was read, whatever the file grew to meanwhile.
            let stamp = Stamp {
                len: bytes.len() as u64,
                ..Stamp::of(&meta)
            };
            (bytes, stamp)
        }
        None => (Vec::new(), Stamp::default()),
    };
    let (frames, valid_len) = parse(path, &bytes)?;
    Ok(Log {
        device,
        path: path.to_path_buf(),
        frames,
        valid_len,
        stamp,
    })
}

/// The bytes of the log at `path` (`None` when there is none), read
/// without following a symlink and at most [`MAX_LOG`] of them: a larger
/// log, a link, or anything but a regular file is refused (exit 6) before
/// more is read.
pub fn read_log_bytes(path: &Path) -> Result<Option<Vec<u8>>> {
    read_capped(path).map(|r| r.map(|(bytes, _)| bytes))
}

fn read_capped(path: &Path) -> Result<Option<(Vec<u8>, fs::Metadata)>> {
    let f = match super::file::open_nofollow(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(_) if super::file::is_link(path) => {
            return Err(super::file::link_refused(path, "journal log"));
        }
        Err(e) => return Err(Error::io("cannot open journal", path, e)),
    };
    let meta = f
        .metadata()
        .map_err(|e| Error::io("cannot read journal", path, e))?;
    if !meta.is_file() {
        return Err(Error::integrity(format!(
            "journal {} is not a regular file",
            path.display()
        ))
        .hint("coffer's logs are regular files; remove it and restore the journal folder from a backup or from git"));
    }
    let too_large = || {
        Error::integrity(format!(
            "journal {} is larger than {} MiB, more than coffer reads of one log",
            path.display(),
            MAX_LOG >> 20
        ))
        .hint("nothing was read; a log that large was not written by coffer: restore the journal folder from a backup or from git")
    };
    if meta.len() > MAX_LOG {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Bounded as it is read, whatever the file grows to meanwhile.
    f.take(MAX_LOG + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io("cannot read journal", path, e))?;
    if bytes.len() as u64 > MAX_LOG {
        return Err(too_large());
    }
    Ok(Some((bytes, meta)))
}

/// The records of a log's bytes (`path` names it in errors), torn tail
/// left out.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Vec<Frame>> {
    parse(path, bytes).map(|(frames, _)| frames)
}

/// Split a log into records; returns them and where the whole ones end.
fn parse(path: &Path, bytes: &[u8]) -> Result<(Vec<Frame>, u64)> {
    let mut frames = Vec::new();
    let mut at = 0usize;
    // What a crash can leave after the last whole frame: a frame cut short
    // (its length runs past the end), or a frame and then zeros where the
    // file system extended the file before the data reached the disk. Bytes
    // that are not zeros after a frame that does not decode are no crash,
    // and neither is a tail longer than the one frame a crash interrupts
    // (so a log of a gigabyte of zeros is refused before it is scanned).
    let torn_here = |at: usize, end: usize| -> Result<()> {
        if bytes.len() - at > MAX_TORN {
            Err(damaged(
                path,
                at as u64,
                &format!(
                    "is malformed, and {} bytes follow it, more than one frame: the log was altered",
                    bytes.len() - at
                ),
            ))
        } else if bytes[end.min(bytes.len())..].iter().all(|b| *b == 0) {
            Ok(())
        } else {
            Err(damaged(
                path,
                at as u64,
                &"is malformed, and more data follows it: the log was altered",
            ))
        }
    };
    while bytes.len() - at >= 4 {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
        // The size first, before anything is decoded or ordered.
        if len == 0 || len > MAX_FRAME {
            torn_here(at, at + 4)?;
            break;
        }
        if bytes.len() - at - 4 < len as usize {
            // A frame cut short by a crash.
            break;
        }
        let stored = &bytes[at + 4..at + 4 + len as usize];
        match record::decode(stored) {
            Ok(record) => frames.push(Frame {
                offset: at as u64,
                record,
            }),
            Err(Bad::Newer) => {
                return Err(Error::integrity(format!(
                    "journal {} holds a record written by a newer coffer",
                    path.display()
                ))
                .hint("upgrade coffer; this one leaves the vault as it is"));
            }
            Err(_) => {
                torn_here(at, at + 4 + len as usize)?;
                break;
            }
        }
        at += 4 + len as usize;
    }
    Ok((frames, at as u64))
}

fn libc_nofollow() -> i32 {
    rustix::fs::OFlags::NOFOLLOW.bits() as i32
}

/// Append one record to the log at `path`, which must still be
/// `expected_len` bytes long (anything else means another program changed
/// it since it was read: exit 7), cutting off a torn tail first, and fsync.
/// On failure the log is cut back to `valid_len`, so no half record stays.
pub fn append(path: &Path, expected: &Log, stored: &[u8]) -> Result<()> {
    let dir = path.parent().expect("a log is in the journal folder");
    check_dir(dir)?;
    if fs::symlink_metadata(dir).is_err() {
        crate::fsutil::create_private_dir_all(dir)?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc_nofollow())
        .open(path)
        .map_err(|e| {
            if super::file::is_link(path) {
                super::file::link_refused(path, "journal log")
            } else {
                Error::io("cannot open journal", path, e)
            }
        })?;
    let meta = file
        .metadata()
        .map_err(|e| Error::io("cannot read journal", path, e))?;
    let now = Stamp::of(&meta);
    let same = if expected.stamp == Stamp::default() {
        now.len == 0
    } else {
        now.dev == expected.stamp.dev
            && now.ino == expected.stamp.ino
            && now.len == expected.stamp.len
    };
    if !same || !meta.is_file() {
        return Err(changed_meanwhile(path));
    }
    let len = u32::try_from(stored.len())
        .ok()
        .filter(|n| *n <= MAX_FRAME)
        .ok_or_else(|| Error::failure("the change is too large for one journal record"))?;
    let werr = |e: std::io::Error| Error::io("cannot write journal", path, e);
    if expected.torn() {
        file.set_len(expected.valid_len).map_err(werr)?;
    }
    let mut frame = Vec::with_capacity(4 + stored.len());
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(stored);
    let result = (|| {
        use std::io::{Seek, SeekFrom};
        file.seek(SeekFrom::Start(expected.valid_len))?;
        file.write_all(&frame)?;
        file.sync_data()
    })();
    if let Err(e) = result {
        // Leave no half record behind; if even this fails, the next writer
        // cuts it off as a torn tail.
        let _ = file.set_len(expected.valid_len);
        let _ = file.sync_data();
        return Err(werr(e).hint("nothing was changed"));
    }
    if now.len == 0 {
        // A new log: make its name durable too.
        if let Err(e) = File::open(dir).and_then(|d| d.sync_all()) {
            crate::output::warn(&format!(
                "the change was saved, but syncing folder {} failed: {e}",
                dir.display()
            ));
        }
    }
    Ok(())
}

pub fn changed_meanwhile(path: &Path) -> Error {
    Error::conflict(format!(
        "{} changed while this command ran: another program (a sync tool, `git pull`) replaced or wrote it",
        path.display()
    ))
    .hint("nothing was changed; run the command again")
}

/// Cut the log at `path` back to empty after a checkpoint folded it in.
pub fn clear(path: &Path) -> Result<()> {
    match OpenOptions::new()
        .write(true)
        .custom_flags(libc_nofollow())
        .open(path)
    {
        Ok(f) => f
            .set_len(0)
            .and_then(|_| f.sync_data())
            .map_err(|e| Error::io("cannot clear journal", path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) if super::file::is_link(path) => Err(super::file::link_refused(path, "journal log")),
        Err(e) => Err(Error::io("cannot clear journal", path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_folder_is_beside_the_checkpoint() {
        assert_eq!(
            dir_for(Path::new("/d/vault.age")),
            Path::new("/d/vault.journal")
        );
        assert_eq!(dir_for(Path::new("/d/team")), Path::new("/d/team.journal"));
    }

    #[test]
    fn device_names() {
        assert_eq!(
            parse_device("0011223344556677.log"),
            Some([0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77])
        );
        for bad in [
            "0011223344556677",
            "00112233445566.log",
            "001122334455667G.log",
            "00112233445566AA.log",
        ] {
            assert_eq!(parse_device(bad), None, "{bad}");
        }
    }
}
