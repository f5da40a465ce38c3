//! Reading and writing the checkpoint: an age-encrypted SQLite image.
//!
//! A binary checkpoint is read through the `coffer-age` VFS
//! ([`super::agevfs`]), which decrypts only the chunks a query touches; an
//! armored one (whose reader cannot seek cheaply) streams from the age
//! reader into SQLite's in-memory database (`deserialize_read_exact`).
//! Writing streams the serialized image into a temp file beside the vault,
//! which is fsynced and renamed over it.

use std::fs::{self, File};
use std::io::{BufRead, BufWriter, Read, Seek, Write};
use std::path::Path;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use age::x25519;

use super::identity::Key;
use rusqlite::{Connection, MAIN_DB};

use crate::error::{Error, Result};

const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
/// Temp files are `.{vault file name}.{TEMP_RANDOM_LEN alphanumerics}.tmp`.
const TEMP_RANDOM_LEN: usize = 12;
/// The most recipient stanzas a vault's age header may have: one per member,
/// so a team of 1024.
const MAX_STANZAS: usize = 1024;
/// The largest age header read. 1024 X25519 stanzas take about 100 KiB.
const MAX_HEADER_BYTES: usize = 128 * 1024;

/// Open `path` for reading without following a symlink at its last
/// component (and without blocking on a FIFO put there).
pub fn open_nofollow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits() as i32)
        .open(path)
}

/// Whether `path` itself is a symlink.
pub fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The refusal of a symlink among a vault's files (exit 6). Git keeps
/// symlinks, so anyone who can push can commit one: `vault.age` pointing at
/// an old copy, a log pointing at `/dev/zero`. coffer reads and writes only
/// the files themselves (see `man/coffer-vault.5`).
pub fn link_refused(path: &Path, what: &str) -> Error {
    let target = fs::read_link(path)
        .map(|t| format!(" (to {})", crate::output::clean(&t.to_string_lossy())))
        .unwrap_or_default();
    Error::integrity(format!(
        "{what} {} is a symbolic link{target}; coffer does not follow links among a vault's files",
        path.display()
    ))
    .hint("nothing was read or changed; if you did not make the link, someone who can write the folder (or push to its repository) did: remove it and restore the file itself from a backup or from git; to keep the vault elsewhere, point --vault / COFFER_VAULT at the real file, or link its folder")
}

fn damaged(path: &Path, why: &str) -> Error {
    Error::integrity(format!("vault {} is damaged: {why}", path.display()))
        .hint("the file was truncated or altered; restore it from a backup or from git")
}

/// Open the vault at `path` with `identity` as a database (see
/// [`read_from`]), with the stamp of the file opened.
pub fn read(path: &Path, identity: &Key) -> Result<(Connection, bool, super::journal::Stamp)> {
    let file = open_nofollow(path).map_err(|e| {
        if is_link(path) {
            return link_refused(path, "vault file");
        }
        let err = Error::io("cannot open vault", path, e);
        if err.exit == crate::error::Exit::NotFound {
            Error::not_found(format!("no vault at {}", path.display()))
                .hint("create one with `coffer init`, or point --vault / COFFER_VAULT at yours")
        } else {
            err
        }
    })?;
    let stamp = super::journal::Stamp::of_file(&file)
        .map_err(|e| Error::io("cannot read vault", path, e))?;
    let (conn, armor) = read_from(path, file, identity)?;
    Ok((conn, armor, stamp))
}

/// Decrypt the vault in `file` with `identity` into a database: binary
/// vaults through the `coffer-age` VFS, armored ones loaded in memory.
/// Returns the database and whether the file is ASCII-armored (the next
/// save keeps the format).
fn read_from(path: &Path, mut file: File, identity: &Key) -> Result<(Connection, bool)> {
    let file_len = file
        .metadata()
        .map_err(|e| Error::io("cannot read vault", path, e))?
        .len();
    if file_len == 0 {
        return Err(damaged(path, "the file is empty"));
    }
    check_header_size(path, &mut file)?;
    file.rewind()
        .map_err(|e| Error::io("cannot read vault", path, e))?;
    let mut start = [0u8; ARMOR_BEGIN.len()];
    let n =
        read_up_to(&mut file, &mut start).map_err(|e| Error::io("cannot read vault", path, e))?;
    let armor = start[..n] == *ARMOR_BEGIN;
    file.rewind()
        .map_err(|e| Error::io("cannot read vault", path, e))?;

    if !armor {
        return read_binary(path, file, identity).map(|conn| (conn, false));
    }
    let decryptor = age::Decryptor::new_buffered(ArmoredReader::new(file))
        .map_err(|e| header_error(path, e))?;
    let mut plain = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|e| key_error(path, identity, e))?;
    let mut header = [0u8; 100];
    plain
        .read_exact(&mut header)
        .map_err(|_| damaged(path, "decryption failed (the file is truncated or altered)"))?;
    let len = check_image_header(path, &header)?;
    if len > file_len {
        return Err(damaged(path, "the database header is inconsistent"));
    }
    let mut conn = Connection::open_in_memory()?;
    let mut body = (&header[..]).chain(&mut plain);
    conn.deserialize_read_exact(
        MAIN_DB,
        &mut body,
        usize::try_from(len).map_err(|_| damaged(path, "the image is too large"))?,
        false,
    )
    .map_err(|_| damaged(path, "decryption failed (the file is truncated or altered)"))?;
    // Read to the end: age authenticates the last chunk only when it is read
    // whole, and nothing may follow the image.
    let mut rest = [0u8; 1];
    match plain.read(&mut rest) {
        Ok(0) => {}
        Ok(_) => return Err(damaged(path, "data follows the database image")),
        Err(_) => {
            return Err(damaged(
                path,
                "decryption failed (the file is truncated or altered)",
            ));
        }
    }
    Ok((conn, armor))
}

/// A binary checkpoint, read through the `coffer-age` VFS (see
/// [`super::agevfs`]): only the chunks a query touches are decrypted. The
/// last chunk is authenticated here, which fixes the image's length.
fn read_binary(path: &Path, file: File, identity: &Key) -> Result<Connection> {
    let decryptor = age::Decryptor::new_buffered(std::io::BufReader::new(file))
        .map_err(|e| header_error(path, e))?;
    let mut reader = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|e| key_error(path, identity, e))?;
    let truncated = || damaged(path, "decryption failed (the file is truncated or altered)");
    let len = reader
        .seek(std::io::SeekFrom::End(0))
        .map_err(|_| truncated())?;
    let mut image = super::agevfs::Image::new(reader, len);
    let mut header = [0u8; 100];
    let n = image.read_at(0, &mut header).map_err(|_| truncated())?;
    if n < header.len() {
        return Err(if header.starts_with(SQLITE_MAGIC) {
            damaged(path, "the database header is inconsistent")
        } else {
            not_a_vault(path)
        });
    }
    let image_len = check_image_header(path, &header)?;
    if image_len != len {
        return Err(damaged(
            path,
            if image_len < len {
                "data follows the database image"
            } else {
                "the database header is inconsistent"
            },
        ));
    }
    super::agevfs::open(image).map_err(|_| damaged(path, "its database cannot be opened"))
}

fn header_error(path: &Path, e: age::DecryptError) -> Error {
    match e {
        age::DecryptError::Io(_)
        | age::DecryptError::InvalidHeader
        | age::DecryptError::UnknownFormat => damaged(path, "it is not a valid age file"),
        other => damaged(path, &other.to_string()),
    }
}

fn key_error(path: &Path, identity: &Key, e: age::DecryptError) -> Error {
    if let Some(err) = identity.take_error() {
        return err;
    }
    if let (Some(agent), age::DecryptError::InvalidMac) = (identity.agent(), &e) {
        return Error::decrypt(format!(
            "cannot decrypt vault {}: the key the coffer agent at {} unwrapped does not open it",
            path.display(),
            agent.sock().display()
        ))
        .hint("the agent holds another identity than this vault's: run `coffer lock`, then `coffer unlock` with the right --identity (or unset COFFER_AGENT_SOCK)");
    }
    match e {
        age::DecryptError::NoMatchingKeys => Error::decrypt(format!(
            "cannot decrypt vault {}: identity {} is not one of its recipients",
            path.display(),
            identity.recipient()
        ))
        .hint("use the identity this vault was encrypted to (--identity / COFFER_IDENTITY)"),
        age::DecryptError::InvalidMac => damaged(path, "the age header's MAC does not match"),
        other => damaged(path, &other.to_string()),
    }
}

fn not_a_vault(path: &Path) -> Error {
    Error::integrity(format!(
        "{} decrypts, but it does not hold a coffer vault",
        path.display()
    ))
}

/// Check a SQLite image's 100-byte header; returns the image's length.
fn check_image_header(path: &Path, header: &[u8; 100]) -> Result<u64> {
    // The SQLite header says how long the image is: page size at offset 16,
    // page count at offset 28 (valid when the change counter at 24 matches the
    // version-valid-for number at 92, as it always is in a serialized image).
    if !header.starts_with(SQLITE_MAGIC) {
        return Err(not_a_vault(path));
    }
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65536u64,
        n => u64::from(n),
    };
    let pages = u64::from(u32::from_be_bytes(header[28..32].try_into().unwrap()));
    let valid = header[24..28] == header[92..96];
    if !valid || pages == 0 || page_size < 512 || !page_size.is_power_of_two() {
        return Err(damaged(path, "the database header is inconsistent"));
    }
    // Bytes 18 and 19, the write and read format versions: 1 for a rollback
    // journal, as every image coffer serializes; 2 for WAL, which coffer
    // never writes.
    if header[18] != 1 || header[19] != 1 {
        return Err(damaged(
            path,
            "its database is in WAL mode (or an unknown journal format), which no coffer vault is",
        ));
    }
    Ok(page_size * pages)
}

/// Refuse an age header larger than [`MAX_HEADER_BYTES`] or with more than
/// [`MAX_STANZAS`] stanzas, before age parses it: age reads a header line by
/// line and parses it again from the start after each line (str4d/rage#368),
/// so 16,000 fake stanzas (1.5 MB) take minutes, with the vault's lock held.
///
/// An age v1 header is the line `age-encryption.org/v1`, stanzas that each
/// start with a line `-> TYPE ARGS...` followed by base64 body lines, and
/// the line `--- MAC`. Anything else is left for age to judge. Read through
/// the armor, so armored vaults are measured the same way.
fn check_header_size(path: &Path, file: &mut File) -> Result<()> {
    header_stanzas(path, file).map(|_| ())
}

/// How many X25519 keys the age file at `path` is encrypted to, as its
/// header says in the clear (one stanza each; which keys, it does not say);
/// `None` when it is not an age v1 file whose header ends within the caps.
pub fn x25519_recipients(path: &Path) -> Option<usize> {
    header_stanzas(path, &mut File::open(path).ok()?).ok()?
}

/// [`check_header_size`]; with the number of X25519 stanzas of a header
/// that ends (the age crate adds a random "grease" stanza too).
fn header_stanzas(path: &Path, file: &mut File) -> Result<Option<usize>> {
    const FIRST_LINE: &[u8] = b"age-encryption.org/v1\n";
    let mut header = ArmoredReader::new(file).take(MAX_HEADER_BYTES as u64 + 1);
    let mut first = [0u8; FIRST_LINE.len()];
    if header.read_exact(&mut first).is_err() || first != FIRST_LINE {
        return Ok(None);
    }
    let mut line = Vec::new();
    let mut size = FIRST_LINE.len();
    let (mut stanzas, mut x25519) = (0, 0);
    loop {
        line.clear();
        let n = header
            .read_until(b'\n', &mut line)
            .map_err(|_| damaged(path, "it is not a valid age file"))?;
        if n == 0 {
            return Ok(None);
        }
        size += n;
        if size > MAX_HEADER_BYTES {
            return Err(damaged(
                path,
                &format!(
                    "its age header is larger than {} KiB",
                    MAX_HEADER_BYTES / 1024
                ),
            ));
        }
        if line.starts_with(b"-> ") {
            stanzas += 1;
            if line.starts_with(b"-> X25519 ") {
                x25519 += 1;
            }
            if stanzas > MAX_STANZAS {
                return Err(damaged(
                    path,
                    &format!("its age header has more than {MAX_STANZAS} recipient stanzas"),
                ));
            }
        } else if line.starts_with(b"---") {
            return Ok(Some(x25519));
        }
    }
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Write `conn`'s image to `path`, encrypted to `recipients`: temp file in the
/// same folder (0600), fsync, rename over the vault, fsync the folder.
pub fn write(
    path: &Path,
    conn: &mut Connection,
    recipients: &[x25519::Recipient],
    armor: bool,
) -> Result<Written> {
    let format = if armor {
        Format::AsciiArmor
    } else {
        Format::Binary
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{file_name}."))
        .suffix(".tmp")
        .rand_bytes(TEMP_RANDOM_LEN)
        .tempfile_in(&dir)
        .map_err(|e| Error::io("cannot create a temp file in", &dir, e))?;

    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| Error::failure(format!("cannot encrypt the vault: {e}")))?;
    let image = conn.serialize(MAIN_DB)?;
    let werr = |e: std::io::Error| Error::io("cannot write", tmp_path_hint(path), e);
    {
        let out = BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        let armored = ArmoredWriter::wrap_output(out, format).map_err(werr)?;
        let mut writer = encryptor.wrap_output(armored).map_err(werr)?;
        writer.write_all(&image).map_err(werr)?;
        let armored = writer.finish().map_err(werr)?;
        let mut out = armored.finish().map_err(werr)?;
        out.flush().map_err(werr)?;
    }
    drop(image);
    tmp.as_file().sync_all().map_err(werr)?;
    let file = tmp
        .persist(path)
        .map_err(|e| Error::io("cannot replace the vault", path, e.error))?;
    // The stamp of the file written, through its own descriptor.
    let stamp = super::journal::Stamp::of_file(&file).ok();
    // The rename has happened: the change is saved. A failed folder sync only
    // weakens durability across a power loss, so it is a warning.
    let durable = match File::open(&dir).and_then(|d| d.sync_all()) {
        Ok(()) => true,
        Err(e) => {
            crate::output::warn(&format!(
                "the change was saved, but syncing folder {} failed: {e}",
                dir.display()
            ));
            false
        }
    };
    Ok(Written { stamp, durable })
}

/// What [`write`] wrote: the new file's stamp, and whether its rename is
/// durable (the folder was synced).
pub struct Written {
    pub stamp: Option<super::journal::Stamp>,
    pub durable: bool,
}

fn tmp_path_hint(path: &Path) -> &Path {
    path.parent().unwrap_or(path)
}

/// Remove temp files that a killed writer left beside the vault. Call only
/// while holding the vault's lock: then no other writer owns one.
pub fn remove_stale_temps(path: &Path) {
    let Some(dir) = path.parent() else { return };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        // Only this vault's temps: `vault.age`'s cleanup must spare
        // `.vault.age.bak.XXXX.tmp`, which another lock protects.
        let is_ours = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .is_some_and(|r| {
                r.len() == TEMP_RANDOM_LEN && r.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if is_ours {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(stanzas: usize) -> Vec<u8> {
        let key = "A".repeat(43);
        let mut text = String::from("age-encryption.org/v1\n");
        for _ in 0..stanzas {
            text.push_str(&format!("-> X25519 {key}\n{key}\n"));
        }
        text.push_str(&format!("--- {key}\n"));
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(&[0xff; 100]);
        bytes
    }

    fn check(bytes: &[u8]) -> Result<()> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.age");
        fs::write(&path, bytes).unwrap();
        check_header_size(&path, &mut File::open(&path).unwrap())
    }

    #[test]
    fn a_team_of_1024_fits_the_header_caps() {
        let at_cap = header(MAX_STANZAS);
        assert!(at_cap.len() < MAX_HEADER_BYTES);
        check(&at_cap).unwrap();
        let over = check(&header(MAX_STANZAS + 1)).unwrap_err();
        assert_eq!(over.exit, crate::error::Exit::Integrity);
    }

    #[test]
    fn what_is_not_an_age_header_is_left_to_age() {
        let mut sqlite = b"SQLite format 3\0".to_vec();
        sqlite.extend_from_slice(&[0; 200 * 1024]);
        check(&sqlite).unwrap();
        check(b"age-encryption.org/v2\n-> X25519 AAAAAAAAAAAAAAAAAAAAAAAA\n").unwrap();
        check(b"age").unwrap();
        let mut long_line = b"age-encryption.org/v1\n-> ".to_vec();
        long_line.extend_from_slice(&[b'A'; 200 * 1024]);
        check(&long_line).unwrap_err();
    }
}
