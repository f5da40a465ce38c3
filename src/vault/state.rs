//! What this machine remembers about each vault, outside the vault file.
//!
//! A chain kept inside a file that every member can rewrite proves nothing
//! about its own length: anyone can cut the tail or restore an older copy. So
//! after every write and every clean verify, coffer keeps the vault's head in
//! `$XDG_STATE_HOME/coffer/heads/VAULT_ID` (one line, `SEQ:HASH`), and the next
//! command checks the file against it, as a Certificate Transparency client
//! keeps the last signed tree head it saw.
//!
//! The file is replaced atomically (temp file, fsync, rename) and only moves
//! forward, except after `audit:acknowledge`, which accepts the file as it is.
//!
//! Everything that anchors a vault (`heads/`, `records/`, `bases/`,
//! `verified/`, `trust/`) is keyed by the vault id alone: one anchor per
//! vault on this machine, whatever path the vault is opened at and whether
//! or not its folder looks shared through git. Both are in the hands of
//! whoever can push to a repository (a `.gitattributes` edited, a copy put
//! at a new path), so neither may choose which anchor applies (see
//! `man/coffer-vault.5`, STATE). Two clones of one vault on one machine
//! therefore share their anchors: the one behind is refused as rolled back
//! until it pulls. coffer 0.2 kept a vault shared through git under
//! `ID.DEVICE`, one per clone; [`adopt_clone_keys`] folds those into the
//! vault's own files, so no anchor is lost on upgrade.
//!
//! Heads are found by the vault id, which comes from inside the file. So that
//! a file rewritten under a new id cannot step around its old head, coffer
//! also remembers which vault id it last saw at each vault path, in
//! `paths/SHA256(PATH)`. Each state file is read, compared and replaced
//! under its own lock in `locks/`: copies of one vault at different paths
//! do not share a vault lock.
//!
//! `trust/VAULT_ID` lists the signing keys this machine trusts for a vault
//! besides the user's own (`coffer vault:trust KEY`), `unsigned` while the
//! user accepts a vault made before vaults were signed, and `signed` once
//! this machine has seen the vault signed: from then on an unsigned copy is
//! refused, whatever else the file says.
//!
//! Only the device id (`devices/SHA256(PATH)`: which log a clone appends to)
//! and a clone's own fold (`cache/`) are per path; neither is an anchor.
//!
//! Whoever can write these folders can pin their own key and move heads, so
//! coffer uses them only when they belong to the user and no one else can
//! write them (exit 4 otherwise); the folders it creates are 0700.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::audit::Head;
use crate::error::{Error, Result};

/// `$XDG_STATE_HOME/coffer` on Linux (`~/.local/state/coffer`); where the
/// platform has no state folder, its local data folder.
pub fn default_state_dir() -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("coffer"))
}

/// Where the head of `vault_id` is kept. The id comes from inside the vault,
/// so it is checked before it names a file.
pub fn path(state_dir: &Path, vault_id: &str) -> Result<PathBuf> {
    if !is_vault_id(vault_id) {
        return Err(Error::integrity(format!(
            "the vault id {:?} is malformed (expected 32 lowercase hex digits)",
            crate::output::clean(vault_id)
        )));
    }
    Ok(state_dir.join("heads").join(vault_id))
}

fn is_hex(s: &str, n: usize) -> bool {
    s.len() == n
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_vault_id(s: &str) -> bool {
    is_hex(s, 32)
}

/// The state files coffer 0.2 kept per clone of `vault_id` in `folder`
/// (`ID.DEVICE`, DEVICE 16 hex digits), by device.
fn clone_files(state_dir: &Path, folder: &str, vault_id: &str) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(state_dir.join(folder)) else {
        return Vec::new();
    };
    let mut out: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let device = name.strip_prefix(vault_id)?.strip_prefix('.')?;
            is_hex(device, 16).then(|| (device.to_owned(), e.path()))
        })
        .collect();
    out.sort();
    out
}

/// Fold what coffer 0.2 remembered per clone of a vault shared through git
/// (`heads/ID.DEVICE` with `records/ID.DEVICE`, and `bases/ID.DEVICE`) into
/// the vault's own files, then remove them. The anchor kept is the
/// strongest: the longest head (with the frontier remembered with it), and
/// the base that folded in the most records. A crash midway leaves files
/// that the next command folds in again, to the same result.
pub fn adopt_clone_keys(state_dir: &Path, vault_id: &str) -> Result<()> {
    if !is_vault_id(vault_id) {
        return path(state_dir, vault_id).map(|_| ());
    }
    let heads = clone_files(state_dir, "heads", vault_id);
    let bases = clone_files(state_dir, "bases", vault_id);
    if heads.is_empty() && bases.is_empty() {
        return Ok(());
    }
    check_private_dir(state_dir)?;
    if !heads.is_empty() {
        let _lock = lock(state_dir, &format!("head-{vault_id}"))?;
        let read = |p: &Path| std::fs::read_to_string(p).ok().map(|t| t.trim().to_owned());
        let mut best = load_with_record(state_dir, vault_id).ok().flatten();
        for (_, file) in &heads {
            let Some(head) = read(file).and_then(|t| t.parse::<Head>().ok()) else {
                continue;
            };
            let record = read(
                &state_dir
                    .join("records")
                    .join(file.file_name().expect("a name")),
            )
            .filter(|r| !r.is_empty());
            if best.as_ref().is_none_or(|(b, _)| head.seq > b.seq) {
                best = Some((head, record));
            }
        }
        if let Some((head, record)) = &best {
            replace_file(&path(state_dir, vault_id)?, &format!("{head}\n"), true)?;
            match record {
                Some(r) => {
                    replace_file(&record_path(state_dir, vault_id)?, &format!("{r}\n"), true)?
                }
                None => remove_if_there(&record_path(state_dir, vault_id)?)?,
            }
        }
        for (_, file) in &heads {
            remove_if_there(file)?;
            remove_if_there(
                &state_dir
                    .join("records")
                    .join(file.file_name().expect("a name")),
            )?;
        }
    }
    if !bases.is_empty() {
        let _lock = lock(state_dir, &format!("base-{vault_id}"))?;
        // The base that folded in the most: any checkpoint older than it is
        // older than every one of them it holds.
        let total = |t: &str| -> Option<u64> {
            Some(
                crate::vault::replay::parse_frontier(t)
                    .ok()?
                    .values()
                    .map(|(seq, _)| *seq)
                    .sum(),
            )
        };
        let mut best = load_base(state_dir, vault_id)
            .ok()
            .flatten()
            .and_then(|t| Some((total(&t)?, t)));
        for (_, file) in &bases {
            let Some(text) = std::fs::read_to_string(file)
                .ok()
                .map(|t| t.trim().to_owned())
            else {
                continue;
            };
            let Some(n) = total(&text) else { continue };
            if best.as_ref().is_none_or(|(b, _)| n > *b) {
                best = Some((n, text));
            }
        }
        if let Some((_, text)) = &best {
            replace_file(&base_path(state_dir, vault_id)?, &format!("{text}\n"), true)?;
        }
        for (_, file) in &bases {
            remove_if_there(file)?;
        }
    }
    Ok(())
}

fn remove_if_there(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("cannot remove", path, e)),
    }
}

/// The head this machine remembers for `vault_id`, if any.
pub fn load(state_dir: &Path, vault_id: &str) -> Result<Option<Head>> {
    load_with_record(state_dir, vault_id).map(|h| h.map(|(head, _)| head))
}

/// Where the journal's frontier when the head was remembered is kept:
/// `records/<vault_id>`, each device's last record as `DEVICE:SEQ:ID`.
fn record_path(state_dir: &Path, vault_id: &str) -> Result<PathBuf> {
    Ok(state_dir
        .join("records")
        .join(path(state_dir, vault_id)?.file_name().expect("an id")))
}

/// The remembered head and the journal's frontier then, if that was kept.
pub fn load_with_record(
    state_dir: &Path,
    vault_id: &str,
) -> Result<Option<(Head, Option<String>)>> {
    let path = path(state_dir, vault_id)?;
    check_private_dirs(state_dir, &path)?;
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("cannot read the remembered audit head", &path, e)),
    };
    let record = std::fs::read_to_string(record_path(state_dir, vault_id)?)
        .ok()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    text.parse::<Head>()
        .map(|h| Some((h, record)))
        .map_err(|e| {
            Error::failure(format!(
                "the remembered audit head {} is unreadable: {e}",
                path.display()
            ))
            .hint(
                "remove the file to forget it; `audit:verify` then reports the vault as unanchored",
            )
        })
}

/// Where the vault id last seen at `vault` is kept.
pub fn id_path(state_dir: &Path, vault: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    let abs = std::fs::canonicalize(vault).unwrap_or_else(|_| vault.to_path_buf());
    let digest = Sha256::digest(abs.as_os_str().as_encoded_bytes());
    state_dir.join("paths").join(hex::encode(digest))
}

/// The vault id this machine last saw at `vault`, if any.
pub fn load_id(state_dir: &Path, vault: &Path) -> Result<Option<String>> {
    let path = id_path(state_dir, vault);
    check_private_dirs(state_dir, &path)?;
    match std::fs::read_to_string(&path) {
        Ok(t) => Ok(Some(t.trim().to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("cannot read the remembered vault id", &path, e)),
    }
}

/// Remember that `vault` holds the vault `vault_id` (unless already known).
pub fn remember_id(state_dir: &Path, vault: &Path, vault_id: &str) -> Result<()> {
    path(state_dir, vault_id)?; // the same check of the id's form
    if matches!(load_id(state_dir, vault), Ok(Some(id)) if id == vault_id) {
        return Ok(());
    }
    let path = id_path(state_dir, vault);
    let name = format!(
        "path-{}",
        path.file_name().unwrap_or_default().to_string_lossy()
    );
    let _lock = lock(state_dir, &name)?;
    replace_file(&path, &format!("{vault_id}\n"), true)
}

/// The lock of one state file, `locks/NAME.lock`, held from reading it to
/// replacing it.
fn lock(state_dir: &Path, name: &str) -> Result<crate::vault::lock::Lock> {
    let dir = state_dir.join("locks");
    create_private_dir(&dir)?;
    crate::vault::lock::Lock::acquire_file(
        &dir.join(format!("{name}.lock")),
        crate::vault::lock::DEFAULT_TIMEOUT,
        "the remembered audit head is busy",
    )
}

/// Remember `head` for `vault_id`. Unless `replace`, a head is only ever
/// replaced by a longer one: a concurrent reader that saw an older file
/// cannot move it back.
pub fn remember(
    state_dir: &Path,
    vault_id: &str,
    head: &Head,
    record: Option<&str>,
    replace: bool,
) -> Result<()> {
    let path = path(state_dir, vault_id)?;
    // Copies of one vault at other paths have other vault locks: hold this
    // head's own lock from the comparison to the rename.
    let _lock = lock(state_dir, &format!("head-{vault_id}"))?;
    if !replace && matches!(load(state_dir, vault_id), Ok(Some(old)) if old.seq >= head.seq) {
        return Ok(());
    }
    replace_file(&path, &format!("{head}\n"), true)?;
    // After the head: a crash between the two leaves an older record, which
    // only makes a later merge verify in full.
    match record {
        Some(r) => replace_file(&record_path(state_dir, vault_id)?, &format!("{r}\n"), true),
        None => Ok(()),
    }
}

/// Replace `path` with `text` atomically: a 0600 temp file beside it,
/// fsync (when `durable`), rename.
fn replace_file(path: &Path, text: &str, durable: bool) -> Result<()> {
    let dir = path.parent().expect("a state file has a parent");
    create_private_dir(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp.")
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot write in", dir, e))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| {
            if durable {
                tmp.as_file().sync_all()
            } else {
                Ok(())
            }
        })
        .map_err(|e| Error::io("cannot write in", dir, e))?;
    tmp.persist(path)
        .map_err(|e| Error::io("cannot write", path, e.error))?;
    Ok(())
}

/// Create `dir` and its parents, the new ones 0700 (the heads say which
/// vaults this user touches and how often), and check that it is private.
fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| Error::io("cannot create folder", dir, e))?;
    check_private_dir(dir)
}

/// Check the state folder and the folder of `file` inside it, where they exist.
fn check_private_dirs(state_dir: &Path, file: &Path) -> Result<()> {
    check_private_dir(state_dir)?;
    match file.parent() {
        Some(dir) if dir != state_dir => check_private_dir(dir),
        _ => Ok(()),
    }
}

/// A state folder coffer may rely on: a real folder (not a symlink) owned by
/// this user that no one else can write. A missing one is fine (nothing is
/// remembered there yet).
pub fn check_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io("cannot read folder", dir, e)),
    };
    let uid = rustix::process::getuid().as_raw();
    let why = if !meta.is_dir() {
        Some("it is not a folder (a symlink or a file)".to_owned())
    } else if meta.uid() != uid {
        Some(format!(
            "it belongs to uid {}, not to you (uid {uid})",
            meta.uid()
        ))
    } else if meta.mode() & 0o022 != 0 {
        Some(format!(
            "others can write in it (mode {:o})",
            meta.mode() & 0o7777
        ))
    } else {
        None
    };
    match why {
        None => Ok(()),
        Some(why) => Err(Error::denied(format!(
            "coffer does not trust its state folder {}: {why}",
            dir.display()
        ))
        .hint(format!(
            "it holds the audit heads and signing keys this machine trusts; make it yours and private (`chmod 700 {}`), or remove it",
            dir.display()
        ))),
    }
}

/// What this machine trusts for one vault besides the user's own key.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Trust {
    /// Pinned signing keys, `ed25519:HEX`.
    pub keys: Vec<String>,
    /// The user accepted this vault unsigned (made before signing).
    pub unsigned: bool,
    /// This machine has seen the vault signed.
    pub signed: bool,
}

/// Where the trust of `vault_id` is kept.
pub fn trust_path(state_dir: &Path, vault_id: &str) -> Result<PathBuf> {
    Ok(state_dir
        .join("trust")
        .join(path(state_dir, vault_id)?.file_name().expect("an id")))
}

/// What this machine trusts for `vault_id`.
pub fn load_trust(state_dir: &Path, vault_id: &str) -> Result<Trust> {
    let path = trust_path(state_dir, vault_id)?;
    check_private_dirs(state_dir, &path)?;
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Trust::default()),
        Err(e) => return Err(Error::io("cannot read the trusted keys", &path, e)),
    };
    let mut trust = Trust::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line == "unsigned" {
            trust.unsigned = true;
        } else if line == "signed" {
            trust.signed = true;
        } else {
            trust.keys.push(line.to_owned());
        }
    }
    Ok(trust)
}

/// Add `entry` (a key `ed25519:HEX`, or `unsigned`) to what this machine
/// trusts for `vault_id`. Returns false when it was already there.
pub fn add_trust(state_dir: &Path, vault_id: &str, entry: &str) -> Result<bool> {
    update_trust(state_dir, vault_id, |trust| match entry {
        "unsigned" => !std::mem::replace(&mut trust.unsigned, true),
        key if trust.keys.iter().any(|k| k == key) => false,
        key => {
            trust.keys.push(key.to_owned());
            true
        }
    })
}

/// Remember that this machine has seen `vault_id` signed (which also ends
/// any acceptance of it unsigned).
pub fn note_signed(state_dir: &Path, vault_id: &str) -> Result<()> {
    update_trust(state_dir, vault_id, |trust| {
        let changed = !trust.signed || trust.unsigned;
        trust.signed = true;
        trust.unsigned = false;
        changed
    })
    .map(|_| ())
}

/// Change the trust of `vault_id` under its lock; `change` says whether it
/// changed anything (else the file is not rewritten).
fn update_trust(
    state_dir: &Path,
    vault_id: &str,
    change: impl FnOnce(&mut Trust) -> bool,
) -> Result<bool> {
    let path = trust_path(state_dir, vault_id)?;
    let _lock = lock(state_dir, &format!("trust-{vault_id}"))?;
    let mut trust = load_trust(state_dir, vault_id)?;
    if !change(&mut trust) {
        return Ok(false);
    }
    let mut lines = trust.keys;
    if trust.unsigned {
        lines.push("unsigned".to_owned());
    }
    if trust.signed {
        lines.push("signed".to_owned());
    }
    replace_file(&path, &format!("{}\n", lines.join("\n")), true)?;
    Ok(true)
}

/// This clone's device id for the vault at `vault`: 8 random bytes, made
/// on first use and kept in `devices/SHA256(PATH)`, so two clones of one
/// vault on one machine append to different logs.
pub fn device(state_dir: &Path, vault: &Path) -> Result<crate::vault::record::Device> {
    let path = state_dir
        .join("devices")
        .join(id_path(state_dir, vault).file_name().expect("a digest"));
    check_private_dirs(state_dir, &path)?;
    let parse = |text: &str| -> Option<crate::vault::record::Device> {
        hex::decode(text.trim()).ok()?.try_into().ok()
    };
    if let Ok(text) = std::fs::read_to_string(&path)
        && let Some(d) = parse(&text)
    {
        return Ok(d);
    }
    let _lock = lock(state_dir, "devices")?;
    if let Ok(text) = std::fs::read_to_string(&path)
        && let Some(d) = parse(&text)
    {
        return Ok(d);
    }
    let mut device = [0u8; 8];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut device);
    replace_file(&path, &format!("{}\n", hex::encode(device)), true)?;
    Ok(device)
}

/// Where this clone keeps its own fold of a vault tracked in git (see
/// [`crate::vault::shared`]): `cache/DEVICE.BASE.age`, BASE naming the
/// tracked checkpoint it was folded on.
pub fn cache_path(
    state_dir: &Path,
    device: &crate::vault::record::Device,
    base: &str,
) -> Result<PathBuf> {
    let path = state_dir
        .join("cache")
        .join(format!("{}.{base}.age", hex::encode(device)));
    check_private_dirs(state_dir, &path)?;
    Ok(path)
}

/// Where this machine keeps what the newest checkpoint (`vault.age`) of a
/// vault it saw folded in: `bases/VAULT_ID`, a journal frontier. A
/// checkpoint that folds in less is an older copy put back.
pub fn base_path(state_dir: &Path, vault_id: &str) -> Result<PathBuf> {
    Ok(state_dir
        .join("bases")
        .join(path(state_dir, vault_id)?.file_name().expect("an id")))
}

/// The frontier text kept at [`base_path`], if any.
pub fn load_base(state_dir: &Path, vault_id: &str) -> Result<Option<String>> {
    let path = base_path(state_dir, vault_id)?;
    check_private_dirs(state_dir, &path)?;
    match std::fs::read_to_string(&path) {
        Ok(t) => Ok(Some(t.trim().to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("cannot read", &path, e)),
    }
}

/// Keep `frontier` at [`base_path`], unless the one kept there already
/// folds in all it does and more (a reader that opened an older checkpoint
/// just before a writer replaced it cannot move the base back).
pub fn remember_base(state_dir: &Path, vault_id: &str, frontier: &str) -> Result<()> {
    let _lock = lock(state_dir, &format!("base-{vault_id}"))?;
    if let (Ok(Some(kept)), Ok(new)) = (
        load_base(state_dir, vault_id),
        crate::vault::replay::parse_frontier(frontier),
    ) && let Ok(kept) = crate::vault::replay::parse_frontier(&kept)
    {
        let seq = |f: &std::collections::BTreeMap<_, (u64, _)>, d| f.get(d).map_or(0, |(s, _)| *s);
        if kept != new
            && new
                .keys()
                .chain(kept.keys())
                .all(|d| seq(&new, d) <= seq(&kept, d))
        {
            return Ok(());
        }
    }
    replace_file(
        &base_path(state_dir, vault_id)?,
        &format!("{frontier}\n"),
        false,
    )
}

/// Keep `frontier` at [`base_path`] whatever was kept there
/// (`audit:acknowledge` accepts an older checkpoint).
pub fn accept_base(state_dir: &Path, vault_id: &str, frontier: &str) -> Result<()> {
    let _lock = lock(state_dir, &format!("base-{vault_id}"))?;
    replace_file(
        &base_path(state_dir, vault_id)?,
        &format!("{frontier}\n"),
        true,
    )
}

/// Make the folder of a [`cache_path`] (0700) before a fold is written there.
pub fn create_cache_dir(cache: &Path) -> Result<()> {
    match cache.parent() {
        Some(dir) => create_private_dir(dir),
        None => Ok(()),
    }
}

/// Remove this clone's folds other than `keep` (made on checkpoints git has
/// since replaced). A failure leaves only a stale file.
pub fn remove_other_caches(state_dir: &Path, device: &crate::vault::record::Device, keep: &Path) {
    let prefix = format!("{}.", hex::encode(device));
    let Ok(entries) = std::fs::read_dir(state_dir.join("cache")) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(&prefix) && entry.path() != keep {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// What this machine has verified of a vault: its checkpoint file (by its
/// [`crate::vault::journal::Stamp`]) and the last journal record (by id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verified {
    pub checkpoint: String,
    pub record: Option<String>,
}

fn verified_path(state_dir: &Path, vault_id: &str) -> Result<PathBuf> {
    Ok(state_dir
        .join("verified")
        .join(path(state_dir, vault_id)?.file_name().expect("an id")))
}

/// What this machine verified of `vault_id`, if anything.
pub fn load_verified(state_dir: &Path, vault_id: &str) -> Result<Option<Verified>> {
    let path = verified_path(state_dir, vault_id)?;
    check_private_dirs(state_dir, &path)?;
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("cannot read", &path, e)),
    };
    let mut lines = text.lines();
    Ok(lines.next().map(|checkpoint| Verified {
        checkpoint: checkpoint.trim().to_owned(),
        record: lines
            .next()
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty()),
    }))
}

/// Forget what this machine verified of `vault_id`.
pub fn forget_verified(state_dir: &Path, vault_id: &str) -> Result<()> {
    let path = verified_path(state_dir, vault_id)?;
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("cannot remove", &path, e)),
    }
}

/// Remember what this machine verified of `vault_id`.
pub fn remember_verified(state_dir: &Path, vault_id: &str, v: &Verified) -> Result<()> {
    let path = verified_path(state_dir, vault_id)?;
    let _lock = lock(state_dir, &format!("verified-{vault_id}"))?;
    let text = format!(
        "{}\n{}\n",
        v.checkpoint,
        v.record.as_deref().unwrap_or_default()
    );
    // Not fsynced: losing it costs a verification, not a guarantee.
    replace_file(&path, &text, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "00112233445566778899aabbccddeeff";

    fn head(seq: i64, byte: u8) -> Head {
        Head {
            seq,
            hash: vec![byte; 32],
        }
    }

    #[test]
    fn heads_move_forward_unless_replaced() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path(), ID).unwrap(), None);
        remember(dir.path(), ID, &head(5, 1), None, false).unwrap();
        remember(dir.path(), ID, &head(3, 2), None, false).unwrap();
        assert_eq!(load(dir.path(), ID).unwrap(), Some(head(5, 1)));
        remember(dir.path(), ID, &head(3, 2), None, true).unwrap();
        assert_eq!(load(dir.path(), ID).unwrap(), Some(head(3, 2)));
        let text = std::fs::read_to_string(path(dir.path(), ID).unwrap()).unwrap();
        assert_eq!(text, format!("3:{}\n", "02".repeat(32)));
        // With the journal record last applied then.
        let record = "ab".repeat(32);
        remember(dir.path(), ID, &head(4, 3), Some(&record), false).unwrap();
        assert_eq!(
            load_with_record(dir.path(), ID).unwrap(),
            Some((head(4, 3), Some(record.clone())))
        );
        assert_eq!(load(dir.path(), ID).unwrap(), Some(head(4, 3)));
    }

    #[test]
    fn a_vault_id_cannot_name_another_file() {
        let dir = tempfile::tempdir().unwrap();
        for id in [
            "../../etc/passwd",
            "",
            "00112233445566778899AABBCCDDEEFF",
            "x",
        ] {
            assert!(path(dir.path(), id).is_err(), "{id:?} accepted");
        }
    }

    #[test]
    fn ids_are_remembered_per_vault_path() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.age");
        let b = dir.path().join("b.age");
        assert_eq!(load_id(dir.path(), &a).unwrap(), None);
        remember_id(dir.path(), &a, ID).unwrap();
        assert_eq!(load_id(dir.path(), &a).unwrap().as_deref(), Some(ID));
        assert_eq!(load_id(dir.path(), &b).unwrap(), None);
        assert!(remember_id(dir.path(), &b, "../x").is_err());
    }

    #[test]
    fn per_clone_state_of_0_2_folds_into_the_vault_s_own() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (x, y) = ("00000000000000aa", "00000000000000bb");
        for (folder, name, text) in [
            (
                "heads",
                format!("{ID}.{x}"),
                format!("7:{}", "01".repeat(32)),
            ),
            (
                "heads",
                format!("{ID}.{y}"),
                format!("9:{}", "02".repeat(32)),
            ),
            ("heads", ID.to_owned(), format!("3:{}", "03".repeat(32))),
            (
                "records",
                format!("{ID}.{y}"),
                format!("{y}:4:{}", "cd".repeat(32)),
            ),
            (
                "bases",
                format!("{ID}.{x}"),
                format!("{x}:5:{}", "ab".repeat(32)),
            ),
            (
                "bases",
                format!("{ID}.{y}"),
                format!("{x}:2:{}", "ab".repeat(32)),
            ),
        ] {
            std::fs::create_dir_all(d.join(folder)).unwrap();
            std::fs::write(d.join(folder).join(name), format!("{text}\n")).unwrap();
        }
        adopt_clone_keys(d, ID).unwrap();
        assert_eq!(
            load_with_record(d, ID).unwrap(),
            Some((head(9, 2), Some(format!("{y}:4:{}", "cd".repeat(32)))))
        );
        assert_eq!(
            load_base(d, ID).unwrap(),
            Some(format!("{x}:5:{}", "ab".repeat(32)))
        );
        for folder in ["heads", "records", "bases"] {
            for e in std::fs::read_dir(d.join(folder)).unwrap() {
                let name = e.unwrap().file_name().into_string().unwrap();
                assert!(name == ID || name.starts_with('.'), "{folder}/{name} left");
            }
        }
        // Again: nothing more to do, nothing changed.
        adopt_clone_keys(d, ID).unwrap();
        assert_eq!(load(d, ID).unwrap(), Some(head(9, 2)));
    }

    #[test]
    fn an_unreadable_head_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = path(dir.path(), ID).unwrap();
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, "garbage\n").unwrap();
        assert!(load(dir.path(), ID).is_err());
    }
}
