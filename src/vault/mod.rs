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
pub mod sign;

use std::path::{Path, PathBuf};
use std::time::Duration;

use age::x25519;
use rusqlite::Connection;

use crate::audit::verify::{Finding, Reason, Report, Source, Status};
use crate::audit::{self, Head, anchor};
use crate::error::{Error, Exit, Result};
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
    /// `--expect` / `COFFER_EXPECT`: heads the log must hold, and signing keys
    /// to trust besides the user's own.
    pub expect: Expect,
}

/// What the user pinned with `--expect` / `COFFER_EXPECT`.
#[derive(Debug, Clone, Default)]
pub struct Expect {
    /// Heads (`SEQ:HASH`) the audit log must still hold.
    pub heads: Vec<Head>,
    /// Signing keys (`ed25519:HEX`) trusted to have written the vault.
    pub keys: Vec<String>,
}

/// One `--expect` item: a head or a signing key.
#[derive(Debug, Clone)]
pub enum Expectation {
    Head(Head),
    Key(String),
}

impl std::str::FromStr for Expectation {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Expectation, String> {
        let s = s.trim();
        if s.starts_with("ed25519:") {
            return sign::parse_public(s).map(|k| Expectation::Key(sign::public_text(&k)));
        }
        s.parse::<Head>().map(Expectation::Head).map_err(|e| {
            format!("{e}; or a signing key `ed25519:HEX`, as `coffer status` shows it")
        })
    }
}

impl Expect {
    pub fn new(items: Vec<Expectation>) -> Expect {
        let mut expect = Expect::default();
        for item in items {
            match item {
                Expectation::Head(h) => expect.heads.push(h),
                Expectation::Key(k) => expect.keys.push(k),
            }
        }
        expect
    }
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
        expect: Vec<Expectation>,
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
            expect: Expect::new(expect),
        })
    }
}

/// Open the vault for writing and run `work` in its one transaction, with a
/// [`crate::store::Ctx`] for the current identity: the session every
/// command that reads or changes secrets goes through (DESIGN.md section 2).
pub fn transact<T>(
    loc: &Location,
    work: impl FnOnce(&crate::store::Ctx<'_>) -> Result<T>,
) -> Result<T> {
    let mut vault = Vault::open_write(loc)?;
    let recipient = vault.recipient().to_string();
    vault.write(|db| {
        let ctx = crate::store::Ctx::new(db, &recipient)?;
        work(&ctx)
    })
}

/// An open, decrypted vault.
pub struct Vault {
    conn: Connection,
    path: PathBuf,
    armor: bool,
    identity: x25519::Identity,
    signing_key: ed25519_dalek::SigningKey,
    schema_version: i32,
    state_dir: Option<PathBuf>,
    expect: Expect,
    /// Who signed the vault as it was opened (`None`: unsigned, made before
    /// signing), and whether this opener trusts them.
    signed: Option<sign::Signed>,
    _lock: Option<Lock>,
}

/// Whether to refuse, at open, a vault signed by a key the opener does not
/// trust. Only `vault:trust` opens one anyway, to pin its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustCheck {
    Enforce,
    Skip,
}

impl Vault {
    /// Open for reading only: no lock (a rename never shows a half-written file).
    pub fn open_read(loc: &Location) -> Result<Vault> {
        let identity = identity::load(&loc.identity, &loc.passphrase)?;
        Self::open_with(loc, identity, None, TrustCheck::Enforce)
    }

    /// Open for a command that writes: the identity is unlocked first (so a
    /// passphrase prompt does not hold the lock), then the lock is taken.
    pub fn open_write(loc: &Location) -> Result<Vault> {
        Self::open_write_checking(loc, TrustCheck::Enforce)
    }

    /// [`Vault::open_write`], choosing whether an untrusted signer is refused.
    pub fn open_write_checking(loc: &Location, trust: TrustCheck) -> Result<Vault> {
        let identity = identity::load(&loc.identity, &loc.passphrase)?;
        if !loc.vault.exists() {
            // Say "no vault" rather than create a lock file beside nothing.
            file::read(&loc.vault, &identity)?;
        }
        let lock = Lock::acquire(&loc.vault, loc.lock_timeout)?;
        file::remove_stale_temps(&loc.vault);
        Self::open_with(loc, identity, Some(lock), trust)
    }

    fn open_with(
        loc: &Location,
        identity: x25519::Identity,
        lock: Option<Lock>,
        trust: TrustCheck,
    ) -> Result<Vault> {
        let (mut conn, armor) = file::read(&loc.vault, &identity)?;
        schema::harden(&mut conn, schema::QUERY_BUDGET)?;
        let schema_version = schema::check(&conn)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let signed = sign::read(&conn)?;
        let vault = Vault {
            conn,
            path: loc.vault.clone(),
            armor,
            signing_key: sign::signing_key(&identity),
            identity,
            schema_version,
            state_dir: loc.state_dir.clone(),
            expect: loc.expect.clone(),
            signed,
            _lock: lock,
        };
        vault.check_signer(trust)?;
        Ok(vault)
    }

    /// This identity's signing key, `ed25519:HEX`.
    pub fn own_key(&self) -> String {
        sign::public_text(&self.signing_key.verifying_key())
    }

    /// Who signed the vault as it was opened; `None` for an unsigned vault.
    pub fn signed(&self) -> Option<&sign::Signed> {
        self.signed.as_ref()
    }

    /// What this machine trusts for this vault.
    fn trust(&self) -> Result<anchor::Trust> {
        match &self.state_dir {
            Some(dir) => anchor::load_trust(dir, &self.id()?),
            None => Ok(anchor::Trust::default()),
        }
    }

    /// Why this opener trusts the vault's signer: `None` when it does not.
    /// An unsigned vault is trusted only when the user accepted it with
    /// `vault:trust --unsigned`, and never once this machine saw it signed.
    pub fn trusted_because(&self) -> Result<Option<&'static str>> {
        let trust = self.trust()?;
        Ok(match &self.signed {
            Some(s) if s.signer == self.own_key() => Some("your own key"),
            Some(s) if self.expect.keys.contains(&s.signer) => Some("COFFER_EXPECT / --expect"),
            Some(s) if trust.keys.contains(&s.signer) => Some("pinned on this machine"),
            Some(_) => None,
            None if trust.unsigned && !trust.signed => Some("unsigned, accepted on this machine"),
            None => None,
        })
    }

    /// Remember that this machine saw the vault signed. A failure only
    /// weakens a later check, so it is not an error.
    fn note_signed(&self) {
        if let (Some(dir), Ok(id)) = (&self.state_dir, self.id()) {
            let _ = anchor::note_signed(dir, &id);
        }
    }

    /// Refuse a vault whose signature does not vouch for it as it is, or whose
    /// signer this opener does not trust (see [`sign`]).
    fn check_signer(&self, trust: TrustCheck) -> Result<()> {
        let path = self.path.display();
        match &self.signed {
            Some(s) => {
                let recorded = crate::store::meta(&self.conn, audit::HEAD_KEY).ok();
                if recorded.as_deref() != Some(s.head.as_str()) {
                    return Err(Error::integrity(format!(
                        "vault {path} was changed after its last signed write: the signature covers audit head {}, but the vault records {}",
                        s.head,
                        recorded.as_deref().map_or("none".into(), crate::output::clean_line)
                    ))
                    .hint("restore the vault from a backup or from git, and find out who changed it"));
                }
                if !sign::is_member_key(&self.conn, &s.signer)? {
                    return Err(Error::integrity(format!(
                        "vault {path} is signed by {}, which is no member's signing key",
                        s.signer
                    ))
                    .hint("the vault was forged or altered; do not use it, and restore it from a backup or from git"));
                }
            }
            None if self.schema_version >= 3 => {
                return Err(Error::integrity(format!(
                    "vault {path} is not signed, but every vault of schema 3 is"
                ))
                .hint("the vault was forged or altered; do not use it, and restore it from a backup or from git"));
            }
            None => {}
        }
        if trust == TrustCheck::Skip || self.trusted_because()?.is_some() {
            if self.signed.is_some() && trust == TrustCheck::Enforce && !self.trust()?.signed {
                self.note_signed();
            }
            return Ok(());
        }
        if self.signed.is_none() && self.trust()?.signed {
            return Err(Error::integrity(format!(
                "vault {path} is not signed, but this machine has seen vault {} signed: an unsigned copy is a downgrade or a forgery",
                self.id()?
            ))
            .hint("do not use this file; restore the vault from a backup or from git"));
        }
        Err(match &self.signed {
            Some(s) => Error::integrity(format!(
                "vault {path} was last written by {}, a signing key this machine does not trust (yours is {})",
                s.signer,
                self.own_key()
            ))
            .hint(format!(
                "anyone who has your public key can make a vault encrypted to you, so coffer reads only vaults signed by keys you trust; if that key is a teammate's (ask them for the key `coffer status` shows), pin it with `coffer vault:trust {}`; otherwise do not use this file",
                s.signer
            )),
            None => Error::integrity(format!(
                "vault {path} is not signed: it was made before coffer signed vaults (coffer 0.1), or forged"
            ))
            .hint("anyone who has your public key can make such a vault; if you know this one is yours, accept it on this machine with `coffer vault:trust --unsigned` (its next write signs it)"),
        })
    }

    /// Create a new vault at `loc.vault`, never overwriting one; `fill` writes
    /// its first rows inside the creating transaction, given the creator's
    /// signing key (`ed25519:HEX`).
    pub fn create(
        loc: &Location,
        identity: x25519::Identity,
        armor: bool,
        fill: impl FnOnce(&Connection, &str) -> Result<()>,
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
        schema::harden(&mut conn, schema::QUERY_BUDGET)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let signing_key = sign::signing_key(&identity);
        let tx = conn.transaction()?;
        schema::create(&tx)?;
        fill(&tx, &sign::public_text(&signing_key.verifying_key()))?;
        sign::sign(&tx, &signing_key)?;
        tx.commit()?;
        let mut vault = Vault {
            conn,
            path: loc.vault.clone(),
            armor,
            identity,
            signing_key,
            schema_version: schema::SCHEMA_VERSION,
            state_dir: loc.state_dir.clone(),
            expect: loc.expect.clone(),
            signed: None,
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
    pub fn verify(&self) -> Result<Report> {
        let id = self.id()?;
        let mut anchors = Vec::new();
        let mut unreadable = None;
        if let Some(dir) = &self.state_dir {
            match anchor::load(dir, &id) {
                Ok(Some(head)) => anchors.push((Source::Remembered, head)),
                Ok(None) => {}
                Err(e) if matches!(e.exit, Exit::Integrity | Exit::Denied) => return Err(e),
                Err(e) => unreadable = Some(e),
            }
        }
        for head in &self.expect.heads {
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
        let report = self.verify()?;
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
        let own_key = self.own_key();
        let recipient = self.recipient().to_string();
        let tx = self.conn.transaction()?;
        schema::migrate(&tx, self.schema_version)?;
        if self.schema_version < 3 {
            crate::store::bind_legacy(&tx, &recipient, &own_key)?;
        }
        let out = work(&tx)?;
        let migrated = self.schema_version != schema::SCHEMA_VERSION;
        let changed = migrated || tx.total_changes() != before;
        if changed {
            sign::sign(&tx, &self.signing_key)?;
        }
        tx.commit()?;
        if changed {
            self.schema_version = schema::SCHEMA_VERSION;
            self.save()?;
            if self.signed.is_none() {
                self.note_signed();
            }
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
        let recipients = crate::store::members(&self.conn)?
            .iter()
            .map(|(_, s)| {
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
