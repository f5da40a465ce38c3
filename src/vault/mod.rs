//! The vault file: where it is, its lock, decryption, schema checks and the
//! one-transaction write. This is the only module that touches the file;
//! commands get a database handle inside a transaction and never open files.
//!
//! A writing command runs as
//! `lock -> decrypt -> BEGIN -> work + audit rows -> COMMIT -> encrypt to temp
//! -> fsync -> rename -> fsync folder -> unlock` (DESIGN.md section 2). Nothing
//! is written when anything fails before the rename.

mod file;
pub mod identity;
pub mod lock;
pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use age::x25519;
use rusqlite::Connection;

use crate::audit::verify::{Finding, Reason, Report, Source, Status};
use crate::audit::{self, Head, anchor};
use crate::error::{Error, Result};
use identity::PassphraseSource;
use lock::Lock;

/// Which vault, which identity, and how to unlock it: the global options after
/// defaults are applied.
#[derive(Debug, Clone)]
pub struct Location {
    pub vault: PathBuf,
    pub identity: PathBuf,
    pub passphrase: PassphraseSource,
    pub lock_timeout: Duration,
    /// Where this machine remembers each vault's audit head; `None` when the
    /// platform has no such folder (then nothing is remembered).
    pub state_dir: Option<PathBuf>,
}

/// `$XDG_DATA_HOME/coffer/vault.age` on Linux, the platform's data folder elsewhere.
pub fn default_vault_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("coffer").join("vault.age"))
}

/// `$XDG_CONFIG_HOME/coffer/identity.txt` on Linux, the platform's config folder elsewhere.
pub fn default_identity_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("coffer").join("identity.txt"))
}

impl Location {
    pub fn resolve(
        vault: Option<PathBuf>,
        identity: Option<PathBuf>,
        passphrase_file: Option<PathBuf>,
        lock_timeout: Option<&str>,
    ) -> Result<Location> {
        let vault = vault.or_else(default_vault_path).ok_or_else(|| {
            Error::usage("cannot find a data folder for the default vault")
                .hint("give --vault PATH or set COFFER_VAULT")
        })?;
        // Through a symlink, lock and replace the real file: the rename then
        // updates the target instead of replacing the link, and two paths to
        // one vault share one lock.
        let vault = std::fs::canonicalize(&vault).unwrap_or(vault);
        let identity = identity.or_else(default_identity_path).ok_or_else(|| {
            Error::usage("cannot find a config folder for the default identity")
                .hint("give --identity PATH or set COFFER_IDENTITY")
        })?;
        let lock_timeout = match lock_timeout {
            None => lock::DEFAULT_TIMEOUT,
            Some(s) => crate::time::parse_duration(s).map_err(|e| {
                Error::usage(format!(
                    "invalid --lock-timeout / COFFER_LOCK_TIMEOUT {s:?}: {e}"
                ))
            })?,
        };
        Ok(Location {
            vault,
            identity,
            passphrase: PassphraseSource {
                file: passphrase_file,
            },
            lock_timeout,
            state_dir: anchor::default_state_dir(),
        })
    }
}

/// An open, decrypted vault.
pub struct Vault {
    conn: Connection,
    path: PathBuf,
    armor: bool,
    identity: x25519::Identity,
    schema_version: i32,
    state_dir: Option<PathBuf>,
    _lock: Option<Lock>,
}

impl Vault {
    /// Open for reading only: no lock (a rename never shows a half-written file).
    pub fn open_read(loc: &Location) -> Result<Vault> {
        let identity = identity::load(&loc.identity, &loc.passphrase)?;
        Self::open_with(loc, identity, None)
    }

    /// Open for a command that writes: the identity is unlocked first (so a
    /// passphrase prompt does not hold the lock), then the lock is taken.
    pub fn open_write(loc: &Location) -> Result<Vault> {
        let identity = identity::load(&loc.identity, &loc.passphrase)?;
        if !loc.vault.exists() {
            // Say "no vault" rather than create a lock file beside nothing.
            file::read(&loc.vault, &identity)?;
        }
        let lock = Lock::acquire(&loc.vault, loc.lock_timeout)?;
        file::remove_stale_temps(&loc.vault);
        Self::open_with(loc, identity, Some(lock))
    }

    fn open_with(loc: &Location, identity: x25519::Identity, lock: Option<Lock>) -> Result<Vault> {
        let (conn, armor) = file::read(&loc.vault, &identity)?;
        let schema_version = schema::check(&conn)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        Ok(Vault {
            conn,
            path: loc.vault.clone(),
            armor,
            identity,
            schema_version,
            state_dir: loc.state_dir.clone(),
            _lock: lock,
        })
    }

    /// Create a new vault at `loc.vault`, never overwriting one; `fill` writes
    /// its first rows inside the creating transaction.
    pub fn create(
        loc: &Location,
        identity: x25519::Identity,
        armor: bool,
        fill: impl FnOnce(&Connection) -> Result<()>,
    ) -> Result<Vault> {
        if let Some(dir) = loc.vault.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::fsutil::create_private_dir_all(dir)?;
        }
        let lock = Lock::acquire(&loc.vault, loc.lock_timeout)?;
        if loc.vault.exists() {
            return Err(Error::failure(format!(
                "a vault already exists at {}",
                loc.vault.display()
            ))
            .hint("coffer never overwrites a vault; choose another path with --vault"));
        }
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let tx = conn.transaction()?;
        schema::create(&tx)?;
        fill(&tx)?;
        tx.commit()?;
        let mut vault = Vault {
            conn,
            path: loc.vault.clone(),
            armor,
            identity,
            schema_version: schema::SCHEMA_VERSION,
            state_dir: loc.state_dir.clone(),
            _lock: Some(lock),
        };
        vault.save()?;
        vault.remember(false);
        Ok(vault)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> i32 {
        self.schema_version
    }

    pub fn recipient(&self) -> x25519::Recipient {
        self.identity.to_public()
    }

    /// The vault's id, from its `meta` table.
    pub fn id(&self) -> Result<String> {
        crate::store::meta(&self.conn, "vault_id")
    }

    /// Walk the whole audit chain and judge it against the head this machine
    /// remembers and `expect`. A remembered head that cannot be read is a
    /// warning in the report, and the walk goes on without it: whoever can
    /// spoil that file can as well delete it, which leaves the vault
    /// unanchored, so refusing would protect nothing.
    pub fn verify(&self, expect: Option<&Head>) -> Result<Report> {
        let id = self.id()?;
        let mut anchors = Vec::new();
        let mut unreadable = None;
        if let Some(dir) = &self.state_dir {
            match anchor::load(dir, &id) {
                Ok(Some(head)) => anchors.push((Source::Remembered, head)),
                Ok(None) => {}
                Err(e) if e.exit == crate::error::Exit::Integrity => return Err(e),
                Err(e) => unreadable = Some(e),
            }
        }
        if let Some(head) = expect {
            anchors.push((Source::Expected, head.clone()));
        }
        let mut report = audit::verify::verify(&self.conn, &id, self.schema_version, &anchors)?;
        let seen = match &self.state_dir {
            Some(dir) => anchor::load_id(dir, &self.path).unwrap_or_else(|e| {
                report.warnings.push(e.message);
                None
            }),
            None => None,
        };
        if let Some(seen) = seen.filter(|seen| *seen != id) {
            report.escalate(
                Status::Tampered,
                Finding {
                    seq: 1,
                    reason: Reason::VaultIdMismatch,
                    message: format!(
                        "this machine last saw vault {} at {}, but the file now holds vault {id}: the vault id was changed, or another vault was put in its place",
                        crate::output::clean(&seen),
                        self.path.display()
                    ),
                },
            );
        }
        if let Some(e) = unreadable {
            report.warnings.push(format!(
                "{}; verified without this machine's remembered head",
                e.message
            ));
        }
        Ok(report)
    }

    /// Remember the vault's current head on this machine (only a longer one,
    /// unless `replace`), and that this path holds this vault. A failure is
    /// a warning: the vault itself is fine, only a later rollback past this
    /// point goes unnoticed here.
    pub fn remember(&self, replace: bool) {
        let Some(dir) = &self.state_dir else { return };
        let result = self.id().and_then(|id| {
            anchor::remember_id(dir, &self.path, &id)?;
            match audit::last_head(&self.conn)? {
                Some(head) => anchor::remember(dir, &id, &head, replace),
                None => Ok(()),
            }
        });
        if let Err(e) = result {
            crate::output::warn(&format!(
                "cannot remember the audit head, so a later rollback of the vault past this point goes unnoticed on this machine: {}",
                e.message
            ));
        }
    }

    /// Run `work` in one transaction, commit, and write the vault. When `work`
    /// fails, nothing is committed and the file is untouched; when it changes
    /// nothing, the file is not rewritten.
    ///
    /// First the audit chain is verified: on a tampered, truncated, forked or
    /// rolled-back log nothing is done (fail closed), until
    /// `audit:acknowledge` records the break.
    pub fn write<T>(&mut self, work: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let report = self.verify(None)?;
        for w in &report.warnings {
            crate::output::warn(w);
        }
        if !report.status.allows_writes() {
            return Err(Error::integrity(format!(
                "refusing to write: {}",
                report.summary()
            ))
            .hint(
                "nothing was changed; `coffer audit:verify` shows what broke, and once you know why, `coffer audit:acknowledge --reason TEXT` records it and lets writes go on",
            ));
        }
        self.commit(work, false)
    }

    /// [`Vault::write`] without the chain check, for `audit:acknowledge`
    /// only: it appends the acknowledgement and makes the file as it now is
    /// the head this machine remembers.
    pub fn write_acknowledging<T>(
        &mut self,
        work: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        self.commit(work, true)
    }

    fn commit<T>(
        &mut self,
        work: impl FnOnce(&Connection) -> Result<T>,
        replace_head: bool,
    ) -> Result<T> {
        assert!(self._lock.is_some(), "write on a vault opened for reading");
        let before = self.conn.total_changes();
        let tx = self.conn.transaction()?;
        schema::migrate(&tx, self.schema_version)?;
        let out = work(&tx)?;
        tx.commit()?;
        let migrated = self.schema_version != schema::SCHEMA_VERSION;
        if migrated || self.conn.total_changes() != before {
            self.schema_version = schema::SCHEMA_VERSION;
            self.save()?;
            self.remember(replace_head);
        }
        Ok(out)
    }

    fn save(&mut self) -> Result<()> {
        let recipients = self.recipients()?;
        file::write(&self.path, &mut self.conn, &recipients, self.armor)
    }

    /// The age recipients the file is encrypted to: every member's.
    fn recipients(&self) -> Result<Vec<x25519::Recipient>> {
        let mut stmt = self
            .conn
            .prepare("SELECT recipient FROM member ORDER BY id")?;
        let list = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let recipients = list
            .iter()
            .map(|s| {
                s.parse::<x25519::Recipient>().map_err(|e| {
                    Error::integrity(format!("the vault holds an invalid recipient {s}: {e}"))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if recipients.is_empty() {
            return Err(Error::integrity("the vault has no members to encrypt to"));
        }
        Ok(recipients)
    }
}
