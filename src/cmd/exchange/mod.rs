//! Secrets in and out in bulk: `run` (a program's environment), `inject`
//! (a template), `export` and `import`. What they share: picking secrets by
//! name, prefix and tag, and reading their values as audited reads, exactly
//! as `secrets:get` records them (`accessed`, with the value's fingerprint)
//! plus a `via` detail naming the command.

pub mod export;
pub mod history;
pub mod import;
pub mod inject;
pub mod run;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use zeroize::Zeroizing;

use crate::audit::Event;
use crate::error::{Error, Result};
use crate::model::{Action, Tag};
use crate::store::{self, Ctx, Secret};

/// A value read for a command, with what an output needs to say about it.
pub struct Read {
    pub name: String,
    pub version: i64,
    pub value: Zeroizing<Vec<u8>>,
    pub secret: Secret,
}

/// Which secrets a command takes: names given one by one, and every secret
/// under a prefix or with all of some tags.
pub struct Selection<'a> {
    pub names: Vec<String>,
    pub prefix: Option<&'a str>,
    pub tags: &'a [Tag],
}

impl Selection<'_> {
    fn by_filter(&self) -> bool {
        self.prefix.is_some() || !self.tags.is_empty()
    }
}

/// The secrets `sel` names, each once, in the order given and then by name.
/// A name given one by one must exist and be readable (as `secrets:get`
/// checks it); a prefix or tag takes the enabled, undeleted secrets it
/// matches (every one for an empty prefix), leaving out with a warning
/// those not readable now. Nothing is read yet.
pub fn select(ctx: &Ctx<'_>, sel: &Selection<'_>) -> Result<Vec<Secret>> {
    let mut picked: BTreeMap<String, ()> = BTreeMap::new();
    let mut out = Vec::new();
    for name in &sel.names {
        if picked.insert(name.clone(), ()).is_some() {
            continue;
        }
        let secret = store::find(ctx.db, name)?;
        secret.check_readable(ctx.now)?;
        secret.check_not_in_conflict()?;
        out.push(secret);
    }
    if sel.by_filter() {
        let tags: Vec<String> = sel.tags.iter().map(|t| t.to_string()).collect();
        let filter = store::Filter {
            tags: &tags,
            prefix: sel.prefix,
            ..Default::default()
        };
        for secret in store::list(ctx.db, &filter)? {
            if picked.insert(secret.name.clone(), ()).is_some() {
                continue;
            }
            // Not yet active, or left in conflict by a merge: left out,
            // with the reason `secrets:get` would give.
            if let Err(e) = secret
                .check_readable(ctx.now)
                .and_then(|()| secret.check_not_in_conflict())
            {
                crate::output::warn(&format!("left out: {}", e.message));
                continue;
            }
            out.push(secret);
        }
    }
    Ok(out)
}

/// The current value of each secret. Nothing is audited: call [`audit`]
/// once every value has been checked, so a refusal records no read.
pub fn values(ctx: &Ctx<'_>, secrets: Vec<Secret>) -> Result<Vec<Read>> {
    secrets
        .into_iter()
        .map(|secret| {
            let version = store::version(ctx.db, &secret, None)?;
            Ok(Read {
                name: secret.name.clone(),
                version: version.number,
                value: version.value,
                secret,
            })
        })
        .collect()
}

/// Record one audited read per value, `via` the command that used it.
pub fn audit(ctx: &Ctx<'_>, reads: &[Read], via: &str) -> Result<()> {
    for r in reads {
        ctx.audit(
            Event::secret(Action::Accessed, &r.name, Some(r.version))
                .detail("fingerprint", ctx.fingerprint(&r.value))
                .detail("via", via),
        )?;
    }
    Ok(())
}

/// Refuse an empty selection: a command that was given nothing to read.
pub fn require_some(reads: &[Read], what: &str) -> Result<()> {
    if reads.is_empty() {
        return Err(Error::not_found(format!("no secret matches {what}"))
            .hint("see the names with `coffer secrets:list`"));
    }
    Ok(())
}

/// The variable each value becomes: those `explicit` (VAR, NAME) pairs
/// give, and for a secret with none, the one its name makes (see
/// [`crate::output::env_var_for`]). Returns (variable, index into `reads`).
/// Two secrets for one variable are an error naming both.
pub fn variables(reads: &[Read], explicit: &[(String, String)]) -> Result<Vec<(String, usize)>> {
    let index: BTreeMap<&str, usize> = reads
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), i))
        .collect();
    let mut pairs: Vec<(String, usize)> = Vec::with_capacity(reads.len());
    for (var, name) in explicit {
        let i = *index
            .get(name.as_str())
            .expect("every --env secret is selected");
        pairs.push((var.clone(), i));
    }
    for (i, r) in reads.iter().enumerate() {
        if !explicit.iter().any(|(_, n)| *n == r.name) {
            pairs.push((crate::output::env_var_for(&r.name), i));
        }
    }
    let mut taken: BTreeMap<&str, usize> = BTreeMap::new();
    for (var, i) in &pairs {
        if let Some(&other) = taken.get(var.as_str()) {
            return Err(if other == *i {
                Error::usage(format!("variable {var} is given twice"))
                    .hint("give each --env VAR once")
            } else {
                Error::usage(format!(
                    "secrets {} and {} would both be the variable {var}",
                    reads[other].name, reads[*i].name
                ))
                .hint("give one of them another variable with --env VAR=NAME")
            });
        }
        taken.insert(var, *i);
    }
    Ok(pairs)
}

/// Refuse, before the reads are recorded, output for a terminal that holds
/// control characters other than newline, tab and carriage return: a
/// terminal acts on escape sequences (`ESC ]52` writes the clipboard), and
/// in a shared vault another writer chooses the values. As `secrets:get`
/// refuses them. JSON escapes them, so it always passes.
pub(crate) fn refuse_controls_on_terminal(out: &[u8]) -> Result<()> {
    use std::io::IsTerminal;
    let controls = String::from_utf8_lossy(out)
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'));
    if controls && std::io::stdout().is_terminal() {
        return Err(Error::usage(
            "a value holds control characters (such as terminal escape sequences); refusing to print it to a terminal; nothing was read",
        )
        .hint("redirect the output to a file (`> file`) or a pipe, or use -o / --format json"));
    }
    Ok(())
}

/// The prefixes of the temporary names `inject -o` and `export -o` use
/// beside OUT (`.coffer-COMMAND-`).
const TEMP_PREFIXES: [&str; 2] = [".coffer-inject-", ".coffer-export-"];

/// The folder OUT is in.
fn folder_of(out: &Path) -> &Path {
    match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The file `-o OUT` of `inject` and `export` before it holds anything,
/// made before the vault is opened and filled only once the reads are
/// recorded: an anonymous file in OUT's folder (`O_TMPFILE`, Linux), which
/// a kill removes with the process, or where the file system has none, a
/// `.coffer-COMMAND-*` file (0600) that this process holds an exclusive
/// lock on, so that the next inject or export writing into that folder
/// knows a killed run's leftover and removes it.
pub enum Pending {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    Anonymous(std::fs::File, std::path::PathBuf, &'static str),
    Named(tempfile::NamedTempFile),
}

impl Pending {
    /// OUT's file for `command` (`inject`, `export`): refused when OUT
    /// exists and not `force`, before anything is read.
    pub fn create(out: &Path, force: bool, command: &'static str) -> Result<Pending> {
        if !force && std::fs::symlink_metadata(out).is_ok() {
            return Err(Error::failure(format!(
                "{} exists; nothing was read or written",
                out.display()
            ))
            .hint("give --force to replace it"));
        }
        let prefix = match command {
            "export" => TEMP_PREFIXES[1],
            _ => TEMP_PREFIXES[0],
        };
        let dir = folder_of(out);
        remove_leftovers(dir);
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            use rustix::fs::{Mode, OFlags};
            use rustix::io::Errno;
            match rustix::fs::open(
                dir,
                OFlags::TMPFILE | OFlags::WRONLY | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o600),
            ) {
                Ok(fd) => {
                    return Ok(Pending::Anonymous(
                        std::fs::File::from(fd),
                        dir.to_path_buf(),
                        prefix,
                    ));
                }
                // The file system (or the kernel) has no anonymous files.
                Err(Errno::OPNOTSUPP | Errno::ISDIR | Errno::INVAL) => {}
                Err(e) => return Err(Error::io("cannot write in", dir, e.into())),
            }
        }
        let named = tempfile::Builder::new()
            .prefix(prefix)
            .tempfile_in(dir)
            .map_err(|e| Error::io("cannot write in", dir, e))?;
        named
            .as_file()
            .try_lock()
            .map_err(|e| Error::io("cannot lock", named.path(), e.into()))?;
        Ok(Pending::Named(named))
    }

    /// Write `bytes`, fsync, and give the file OUT's name (replacing an
    /// existing OUT only when `force`), then fsync the folder.
    pub fn finish(self, bytes: &[u8], out: &Path, force: bool) -> Result<()> {
        let recorded = "; the read is recorded in the audit log";
        let write = |mut f: &std::fs::File| {
            f.write_all(bytes)
                .and_then(|()| f.sync_all())
                .map_err(|e| Error::failure(format!("cannot write the output: {e}{recorded}")))
        };
        let dir = match self {
            #[cfg(any(target_os = "linux", target_os = "android"))]
            Pending::Anonymous(file, dir, prefix) => {
                write(&file)?;
                place_anonymous(&file, &dir, out, force, prefix)
                    .map_err(|e| link_error(out, e, recorded))?;
                dir
            }
            Pending::Named(named) => {
                write(named.as_file())?;
                let dir = folder_of(out).to_path_buf();
                let kept = if force {
                    named.persist(out).map(|_| ())
                } else {
                    named.persist_noclobber(out).map(|_| ())
                };
                kept.map_err(|e| link_error(out, e.error, recorded))?;
                dir
            }
        };
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

fn link_error(out: &Path, e: std::io::Error, recorded: &str) -> Error {
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        Error::failure(format!(
            "{} was made by another program while coffer read the values; it was left as it is{recorded}",
            out.display()
        ))
        .hint("give --force to replace it")
    } else {
        Error::failure(format!("cannot write {}: {e}{recorded}", out.display()))
    }
}

/// Give the anonymous `file` the name OUT. Without `force`, one link
/// that fails if OUT exists; with it, a link to a temporary name (which
/// this process holds locked, see [`remove_leftovers`]) and a rename over
/// OUT, so OUT is always either the old file or the whole new one.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn place_anonymous(
    file: &std::fs::File,
    dir: &Path,
    out: &Path,
    force: bool,
    prefix: &str,
) -> std::io::Result<()> {
    use rand::Rng;
    file.try_lock().map_err(std::io::Error::from)?;
    if !force {
        return link(file, out);
    }
    let temp = dir.join(format!("{prefix}{:016x}", rand::rngs::OsRng.r#gen::<u64>()));
    link(file, &temp)?;
    std::fs::rename(&temp, out).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// `linkat` an anonymous file to `name`: through `/proc/self/fd` (any
/// user may), or with `AT_EMPTY_PATH` where /proc is not mounted.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn link(file: &std::fs::File, name: &Path) -> std::io::Result<()> {
    use rustix::fs::{AtFlags, CWD};
    use std::os::fd::AsRawFd;
    let proc = format!("/proc/self/fd/{}", file.as_raw_fd());
    if Path::new(&proc).exists() {
        rustix::fs::linkat(CWD, proc.as_str(), CWD, name, AtFlags::SYMLINK_FOLLOW)?;
    } else {
        rustix::fs::linkat(file, "", CWD, name, AtFlags::EMPTY_PATH)?;
    }
    Ok(())
}

/// Remove what a killed inject or export left in `dir`: `.coffer-inject-*`
/// and `.coffer-export-*` regular
/// files of this user that no running inject holds locked. A file this
/// cannot open or lock is left alone.
fn remove_leftovers(dir: &Path) {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = rustix::process::geteuid().as_raw();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !TEMP_PREFIXES.iter().any(|p| name.starts_with(p)) {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.file_type().is_file() || meta.uid() != me {
            continue;
        }
        let Ok(f) = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
            .open(&path)
        else {
            continue;
        };
        // Locked: a running inject's or export's file.
        if f.try_lock().is_ok() && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    if removed > 0 {
        crate::output::warn(&format!(
            "removed {} that a killed `coffer inject` or `coffer export` left in {}",
            crate::output::count(removed, "temporary file"),
            dir.display()
        ));
    }
}
