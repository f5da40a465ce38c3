//! The vault's files: where they are, the lock, the checkpoint and its
//! journal, schema checks and the one-record write. This is the only module
//! that touches them; commands get a transaction and never open files.
//!
//! A vault is a checkpoint (`vault.age`: an age-encrypted SQLite image) and
//! a journal beside it (`vault.journal/`, see [`journal`]) of records made
//! after it (see [`record`]). A command runs as (see the crate docs,
//! [the life of a command](crate#the-life-of-a-command))
//!
//! ```text
//! lock -> decrypt checkpoint + replay journal -> verify the unverified
//!   -> BEGIN -> work + audit rows -> encode the record -> append + fsync
//!   -> COMMIT -> [fold into a new checkpoint when due: temp -> fsync
//!   -> rename -> fsync folder -> clear this device's log] -> remember -> unlock
//! ```
//!
//! Nothing is written when anything fails before the append.

pub mod agevfs;
mod anchor;
mod commit;
mod file;
mod fold;
pub mod identity;
pub mod journal;
pub mod lock;
pub mod record;
pub mod replay;
pub mod schema;
pub mod shared;
pub mod sign;
pub mod state;
mod trust;
mod verify;

use std::path::{Path, PathBuf};
use std::time::Duration;

use age::x25519;
use rusqlite::Connection;

use crate::audit::Head;
use crate::error::{Error, Exit, Result};
use identity::PassphraseSource;
use lock::Lock;
use trust::Trusting;

pub use fold::{COMPACT_BYTES, compact_after};

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
    /// `--read-only`: open without the lock and append nothing; reads go
    /// unaudited and changes are refused.
    pub read_only: bool,
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
        lock_timeout: Option<Duration>,
        expect: Vec<Expectation>,
    ) -> Result<Location> {
        let vault = vault.or_else(default_vault_path).ok_or_else(|| {
            Error::usage("cannot find a data folder for the default vault")
                .hint("give --vault PATH or set COFFER_VAULT")
        })?;
        // The folder is the user's to choose, links and all: resolve it, so
        // that two paths to one vault share one lock. The vault's own files
        // are never followed through a link (see `man/coffer-vault.5`).
        let vault = match (vault.parent(), vault.file_name()) {
            // A missing file keeps the path as given (in errors too).
            _ if std::fs::symlink_metadata(&vault).is_err() => vault,
            (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or(vault),
            (_, Some(name)) => std::env::current_dir()
                .map(|d| d.join(name))
                .unwrap_or(vault),
            _ => vault,
        };
        let identity = identity.or_else(default_identity_path).ok_or_else(|| {
            Error::usage("cannot find a config folder for the default identity")
                .hint("give --identity PATH or set COFFER_IDENTITY")
        })?;
        let lock_timeout = lock_timeout.unwrap_or(lock::DEFAULT_TIMEOUT);
        Ok(Location {
            vault,
            identity,
            passphrase: PassphraseSource {
                file: passphrase_file,
                no_prompt: false,
            },
            lock_timeout,
            state_dir: state::default_state_dir(),
            expect: Expect::new(expect),
            read_only: false,
        })
    }

    /// The key to open the vault with ([`identity::key`]); an identity file
    /// missing while the vault is there is said to be lost
    /// ([`identity::lost`]).
    pub fn key(&self) -> Result<identity::Key> {
        identity::key(&self.identity, &self.passphrase).map_err(|e| match e.exit {
            Exit::NotFound => self.lost_identity().unwrap_or(e),
            _ => e,
        })
    }

    /// [`identity::lost`] when the identity file is missing and the vault
    /// file is there.
    pub fn lost_identity(&self) -> Option<Error> {
        let missing = std::fs::symlink_metadata(&self.identity)
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
        (missing && self.vault.is_file()).then(|| {
            identity::lost(
                &self.identity,
                &self.vault,
                file::x25519_recipients(&self.vault),
            )
        })
    }

    /// This location, never prompting for a passphrase nor starting an
    /// agent (shell completion): a protected identity opens only through a
    /// running agent or `--passphrase-file`.
    pub fn no_prompt(mut self) -> Location {
        self.passphrase.no_prompt = true;
        self
    }

    /// This location, opened `--read-only` or not.
    pub fn read_only(self, read_only: bool) -> Location {
        Location { read_only, ..self }
    }
}

/// Open the vault for writing and run `work` in its one transaction, with a
/// [`crate::store::Ctx`] for the current identity: the session every
/// command that reads or changes secrets goes through (the crate docs,
/// [the life of a command](crate#the-life-of-a-command)).
pub fn transact<T>(
    loc: &Location,
    work: impl FnOnce(&crate::store::Ctx<'_>) -> Result<T>,
) -> Result<T> {
    transact_for(loc, Intent::Change, work)
}

/// What a command means to do, for the words of a refusal: a vault whose
/// audit log does not verify refuses reads as well as writes, and says
/// which it refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Return values (`secrets:get`).
    Read,
    /// Show names and facts (`secrets:list`, `secrets:search`).
    List,
    /// Change the vault.
    Change,
}

/// [`transact`] for a command whose intent is `intent` (see [`Intent`]).
pub fn transact_for<T>(
    loc: &Location,
    intent: Intent,
    work: impl FnOnce(&crate::store::Ctx<'_>) -> Result<T>,
) -> Result<T> {
    if loc.read_only {
        return Vault::open_read(loc)?.read_only_for(intent, work);
    }
    Vault::open_write(loc)?.write_for(intent, work)
}

/// An open, decrypted vault.
pub struct Vault {
    conn: Connection,
    path: PathBuf,
    armor: bool,
    /// The key it was opened with: the identity, or the agent holding it.
    key: std::rc::Rc<identity::Key>,
    schema_version: i32,
    state_dir: Option<PathBuf>,
    expect: Expect,
    /// Who signed the checkpoint as it was opened (`None`: unsigned, made
    /// before signing), and whether this opener trusts them.
    signed: Option<sign::Signed>,
    /// The checkpoint as opened: the vault file, or this clone's own fold
    /// of it ([`shared`]).
    checkpoint: journal::Stamp,
    /// The vault file as opened (another program replacing it is a
    /// conflict).
    base: journal::Stamp,
    /// In a git work tree, where this clone's folds of the tracked
    /// checkpoint go ([`shared`]); `None` elsewhere, or without a state
    /// folder.
    cache: Option<PathBuf>,
    /// Whether the vault is shared through git ([`shared`]): no log is ever
    /// cleared.
    shared: bool,
    /// What the vault file (not this clone's own fold) says it folded in:
    /// each device's last record.
    base_frontier: std::collections::BTreeMap<record::Device, (u64, record::Id)>,
    /// Whether this machine had verified that checkpoint before.
    checkpoint_verified: bool,
    /// Why the checkpoint is older than one this machine saw of the vault,
    /// if it is (see [`Vault::check_base_not_older`]).
    base_older: Option<String>,
    /// The journal (schema 4 on).
    journal: Option<replay::Journal>,
    /// The vault id, from the checkpoint's `meta`.
    vault_id: String,
    /// What this machine trusts for the vault (see [`Vault::trust`]).
    trust: std::cell::OnceCell<state::Trust>,
    _lock: Option<Lock>,
}

/// Whether to refuse, at open, a vault signed by a key the opener does not
/// trust. Only `vault:trust` opens one anyway, to pin its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustCheck {
    Enforce,
    Skip,
}

/// Times an unlocked reader starts over when a writer replaced the
/// checkpoint while it read.
const READ_RETRIES: usize = 5;

impl Vault {
    /// Open for reading only: no lock. A reader that sees the checkpoint
    /// replaced while it read (a writer folded the journal) starts over.
    pub fn open_read(loc: &Location) -> Result<Vault> {
        let key = std::rc::Rc::new(loc.key()?);
        for _ in 0..READ_RETRIES {
            let before = journal::Stamp::sampled(&loc.vault)?;
            let vault = Self::open_with(loc, key.clone(), None, TrustCheck::Enforce);
            if journal::Stamp::sampled(&loc.vault)? == before {
                return vault;
            }
        }
        Err(journal::changed_meanwhile(&loc.vault))
    }

    /// Open for a command that writes: the identity is unlocked first (so a
    /// passphrase prompt does not hold the lock), then the lock is taken.
    pub fn open_write(loc: &Location) -> Result<Vault> {
        Self::open_write_checking(loc, TrustCheck::Enforce)
    }

    /// Open to read what writers read, under the lock (`audit:verify`), or
    /// without it under `--read-only`.
    pub fn open_to_verify(loc: &Location) -> Result<Vault> {
        if loc.read_only {
            Self::open_read(loc)
        } else {
            Self::open_write(loc)
        }
    }

    /// [`Vault::open_write`], choosing whether an untrusted signer is refused.
    pub fn open_write_checking(loc: &Location, trust: TrustCheck) -> Result<Vault> {
        if loc.read_only {
            return Err(read_only_refused());
        }
        let key = std::rc::Rc::new(loc.key()?);
        if !loc.vault.exists() {
            // Say "no vault" rather than create a lock file beside nothing.
            file::read(&loc.vault, &key)?;
        }
        let lock = Lock::acquire(&loc.vault, loc.lock_timeout)?;
        file::remove_stale_temps(&loc.vault);
        Self::open_with(loc, key, Some(lock), trust)
    }

    /// A checkpoint file's database, for showing its facts: decrypted,
    /// hardened and its schema checked, as any open does, but not bound to
    /// a journal, a signer or this machine's state (`vault:textconv` reads
    /// old versions of it from git).
    pub fn read_checkpoint(path: &Path, loc: &Location) -> Result<Connection> {
        let key = loc.key()?;
        let (mut conn, _, _) = file::read(path, &key)?;
        schema::harden(&mut conn, schema::QUERY_BUDGET)?;
        schema::check(&conn)?;
        schema::check_structure(&conn)?;
        Ok(conn)
    }

    fn open_with(
        loc: &Location,
        key: std::rc::Rc<identity::Key>,
        lock: Option<Lock>,
        trust: TrustCheck,
    ) -> Result<Vault> {
        let (mut conn, armor, base) = file::read(&loc.vault, &key)?;
        schema::harden(&mut conn, schema::QUERY_BUDGET)?;
        let schema_version = schema::check(&conn)?;
        let mut checkpoint = base;
        let shared = schema_version >= 4 && shared::in_git_work_tree(&loc.vault);
        let base_frontier = if schema_version >= 4 {
            replay::parse_frontier(&crate::store::meta(&conn, replay::FRONTIER_META)?)?
        } else {
            Default::default()
        };
        let cache = Self::cache_for(loc, &conn, &base, schema_version);
        let mut preloaded = None;
        if let Some(path) = &cache
            && let Some((fold, stamp, journal)) = Self::open_cache(path, &key, &loc.vault)
        {
            conn = fold;
            checkpoint = stamp;
            preloaded = Some(journal);
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        let signed = sign::read(&conn)?;
        let vault_id = crate::store::meta(&conn, "vault_id")?;
        if let Some(dir) = &loc.state_dir {
            // Anchors are this vault's on this machine, whatever the path:
            // what coffer 0.2 kept per clone joins them (see [`state`]).
            state::adopt_clone_keys(dir, &vault_id)?;
        }
        let mut vault = Vault {
            conn,
            path: loc.vault.clone(),
            armor,
            key,
            schema_version,
            state_dir: loc.state_dir.clone(),
            expect: loc.expect.clone(),
            signed,
            checkpoint,
            base,
            cache,
            shared,
            base_frontier,
            checkpoint_verified: false,
            base_older: None,
            journal: None,
            vault_id,
            trust: std::cell::OnceCell::new(),
            _lock: lock,
        };
        vault.check_signer(trust)?;
        let verified = vault.load_verified();
        vault.checkpoint_verified = verified
            .as_ref()
            .is_some_and(|v| v.checkpoint == checkpoint.to_text());
        if !vault.checkpoint_verified {
            schema::check_structure(&vault.conn)?;
        }
        if schema_version >= 4 {
            vault.replay(
                trust,
                verified
                    .filter(|_| vault.checkpoint_verified)
                    .and_then(|v| v.record),
                preloaded,
            )?;
            vault.base_older = vault.check_base_not_older()?;
            if vault.base_older.is_none() {
                vault.reanchor_after_merge();
            }
        } else if journal::read_all(&journal::dir_for(&vault.path))?
            .iter()
            .any(|l| l.stamp.len > 0)
        {
            return Err(Error::integrity(format!(
                "vault {} has schema version {schema_version}, which keeps no journal, but journal {} is beside it",
                vault.path.display(),
                journal::dir_for(&vault.path).display()
            ))
            .hint("the vault file was replaced by an older one (a backup?); restore the vault and its journal folder together, or move the journal folder away"));
        }
        Ok(vault)
    }

    /// In a git work tree, where this clone folds the tracked checkpoint
    /// `base` (a vault with a journal and a signature); `None` elsewhere.
    /// No fold of its own without a state folder this user can write (a
    /// read-only HOME in CI): the vault is then replayed from the tracked
    /// files, as slow as that is, and never folded by a write.
    fn cache_for(
        loc: &Location,
        base: &Connection,
        base_stamp: &journal::Stamp,
        schema_version: i32,
    ) -> Option<PathBuf> {
        if schema_version < 4 || loc.read_only || !shared::in_git_work_tree(&loc.vault) {
            return None;
        }
        let dir = loc.state_dir.as_ref()?;
        let key = shared::base_key(base, base_stamp).ok()??;
        let device = state::device(dir, &loc.vault).ok()?;
        state::cache_path(dir, &device, &key).ok()
    }

    /// This clone's fold at `path`, if there is a whole one of the current
    /// schema. One that does not open is left for the next fold to replace:
    /// the tracked checkpoint and logs hold everything it did.
    /// Its journal is read too: each record the fold took in must still be
    /// in the tracked logs, or git has since taken it away (a reset, an old
    /// copy checked out) and the fold shows what the vault no longer holds.
    fn open_cache(
        path: &Path,
        identity: &identity::Key,
        vault: &Path,
    ) -> Option<(Connection, journal::Stamp, replay::Journal)> {
        if !path.exists() {
            return None;
        }
        let (mut conn, _, stamp) = file::read(path, identity).ok()?;
        schema::harden(&mut conn, schema::QUERY_BUDGET).ok()?;
        if schema::check(&conn).ok()? != schema::SCHEMA_VERSION {
            return None;
        }
        let journal = replay::load(&conn, &journal::dir_for(vault)).ok()?;
        let folded = crate::store::meta(&conn, replay::FOLDED_META).ok()?;
        (folded == replay::folded_digest(&journal.logs, &journal.frontier)
            && journal.later_records_descend_from_head())
        .then_some((conn, stamp, journal))
    }

    /// Replay the journal (`preloaded`, or read now) onto the checkpoint.
    fn replay(
        &mut self,
        trust: TrustCheck,
        verified: Option<String>,
        preloaded: Option<replay::Journal>,
    ) -> Result<()> {
        let mut journal = match preloaded {
            Some(j) => j,
            None => replay::load(&self.conn, &journal::dir_for(&self.path))?,
        };
        let mut keys = self.trust()?.keys.clone();
        keys.push(self.own_key());
        keys.extend(self.expect.keys.iter().cloned());
        let judge = Trusting {
            keys,
            skip: trust == TrustCheck::Skip,
        };
        let id = self.id()?;
        let recipient = self.recipient().to_string();
        replay::replay(
            &mut self.conn,
            &mut journal,
            &id,
            &recipient,
            &judge,
            verified.as_deref(),
        )?;
        self.journal = Some(journal);
        Ok(())
    }

    /// This identity's signing key, `ed25519:HEX`.
    pub fn own_key(&self) -> String {
        sign::public_text(&self.key.verifying_key())
    }

    /// Who signed the checkpoint as it was opened; `None` for an unsigned vault.
    pub fn signed(&self) -> Option<&sign::Signed> {
        self.signed.as_ref()
    }

    /// The journal's size beyond the checkpoint: records and bytes.
    /// Records in the journal that the vault file has not folded in (this
    /// clone's own fold may hold some of them, [`shared`]).
    pub fn records_beyond_base(&self) -> u64 {
        self.journal.as_ref().map_or(0, |j| {
            j.frontier
                .iter()
                .map(|(d, (seq, _))| {
                    seq - self.base_frontier.get(d).map_or(0, |(s, _)| *s).min(*seq)
                })
                .sum()
        })
    }

    pub fn journal_size(&self) -> (usize, u64) {
        self.journal
            .as_ref()
            .map_or((0, 0), |j| (j.replayed, j.bytes))
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
        Self::create_with(loc, identity::Key::local(identity), armor, fill)
    }

    /// [`Vault::create`] with a key that may be the agent's.
    pub fn create_with(
        loc: &Location,
        key: identity::Key,
        armor: bool,
        fill: impl FnOnce(&Connection, &str) -> Result<()>,
    ) -> Result<Vault> {
        if let Some(dir) = loc.vault.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::fsutil::create_private_dir_all(dir)?;
        }
        let lock = Lock::acquire(&loc.vault, loc.lock_timeout)?;
        if file::is_link(&loc.vault) {
            return Err(file::link_refused(&loc.vault, "vault file"));
        }
        if loc.vault.exists() {
            return Err(Error::failure(format!(
                "a vault already exists at {}",
                loc.vault.display()
            ))
            .hint("coffer never overwrites a vault; choose another path with --vault"));
        }
        let dir = journal::dir_for(&loc.vault);
        if journal::read_all(&dir)?.iter().any(|l| l.stamp.len > 0) {
            return Err(Error::failure(format!(
                "journal {} is there without its vault",
                dir.display()
            ))
            .hint("it belongs to a vault whose .age file is gone: restore that file, or move the folder away"));
        }
        let mut conn = Connection::open_in_memory()?;
        // The query budget stops an image someone crafted from hanging a
        // command; a new vault holds nothing anyone crafted, and a program
        // that fills a large one (the benchmarks) may take longer.
        schema::harden(&mut conn, std::time::Duration::from_secs(24 * 3600))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let tx = conn.transaction()?;
        schema::create(&tx)?;
        replay::init_meta(&tx)?;
        fill(&tx, &sign::public_text(&key.verifying_key()))?;
        sign::sign_by(&tx, &key)?;
        tx.commit()?;
        let journal = replay::load(&conn, &dir)?;
        let vault_id = crate::store::meta(&conn, "vault_id")?;
        let mut vault = Vault {
            conn,
            path: loc.vault.clone(),
            armor,
            key: std::rc::Rc::new(key),
            schema_version: schema::SCHEMA_VERSION,
            state_dir: loc.state_dir.clone(),
            expect: loc.expect.clone(),
            signed: None,
            checkpoint: journal::Stamp::default(),
            base: journal::Stamp::default(),
            cache: None,
            shared: false,
            base_frontier: Default::default(),
            checkpoint_verified: true,
            base_older: None,
            journal: Some(journal),
            vault_id,
            trust: std::cell::OnceCell::new(),
            _lock: Some(lock),
        };
        let path = vault.path.clone();
        vault.checkpoint = vault.save(&path, vault.armor)?.stamp.unwrap_or_default();
        vault.base = vault.checkpoint;
        vault.shared = shared::in_git_work_tree(&loc.vault);
        vault.cache = Self::cache_for(loc, &vault.conn, &vault.base, schema::SCHEMA_VERSION);
        vault.note_verified();
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
        self.key.recipient()
    }

    /// The vault's id, from its `meta` table.
    pub fn id(&self) -> Result<String> {
        Ok(self.vault_id.clone())
    }

    /// Run `work` in one transaction and append what it changed as one
    /// journal record. When `work` fails, nothing is written; when it
    /// changes nothing, nothing is appended.
    ///
    /// First what this machine has not verified is verified: on a tampered,
    /// truncated, forked or rolled-back log nothing is done (fail closed),
    /// until `audit:acknowledge` records the break.
    pub fn write<T>(
        &mut self,
        work: impl FnOnce(&crate::store::Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_for(Intent::Change, work)
    }

    /// [`Vault::write`] for a command whose intent is `intent`: a refusal
    /// names it.
    pub fn write_for<T>(
        &mut self,
        intent: Intent,
        work: impl FnOnce(&crate::store::Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.check_before(intent)?;
        self.commit(work, false)
    }

    /// [`Vault::write`] for `--read-only`: the same checks, then `work` in a
    /// transaction that is rolled back. Its reads are not recorded; a
    /// command that changes the vault is refused (exit 4).
    pub fn read_only<T>(
        &mut self,
        work: impl FnOnce(&crate::store::Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.read_only_for(Intent::Change, work)
    }

    /// [`Vault::read_only`], naming `intent` in a refusal.
    pub fn read_only_for<T>(
        &mut self,
        intent: Intent,
        work: impl FnOnce(&crate::store::Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        self.check_before(intent)?;
        let recipient = self.recipient().to_string();
        let tx = self.conn.transaction()?;
        let ctx = crate::store::Ctx::new(&tx, &recipient)?;
        let out = work(&ctx)?;
        let changes = ctx.take_ops().iter().any(|op| match op {
            crate::store::op::Op::Audit {
                action, resource, ..
            } => !crate::audit::READS.contains(&(resource.as_str(), action.as_str())),
            _ => true,
        });
        if changes {
            return Err(read_only_refused());
        }
        Ok(out)
    }

    /// [`Vault::write`] without the chain check, for `audit:acknowledge`
    /// only: it appends the acknowledgement and makes the file as it now is
    /// the head this machine remembers.
    pub fn write_acknowledging<T>(
        &mut self,
        work: impl FnOnce(&crate::store::Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        let out = self.commit(work, true)?;
        // And the checkpoint as it is the newest this machine has seen.
        if let Some(dir) = &self.state_dir
            && self.base_older.take().is_some()
            && let Err(e) = state::accept_base(
                dir,
                &self.vault_id,
                &replay::format_frontier(&self.base_frontier),
            )
        {
            crate::output::warn(&format!(
                "cannot remember the checkpoint as acknowledged: {}",
                e.message
            ));
        }
        Ok(out)
    }

    /// Whether the vault lies in a git work tree, where its logs are shared
    /// ([`shared`]).
    pub fn is_shared(&self) -> bool {
        self.shared
    }
}

/// What `--read-only` answers a command that changes the vault.
fn read_only_refused() -> Error {
    Error::denied("--read-only (COFFER_READ_ONLY) refuses a command that changes the vault").hint(
        "nothing was changed; run it without --read-only where the vault's folder is writable",
    )
}
