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
//!
//! This file is the API commands use: [`Location`], [`transact`] and
//! [`transact_for`], and [`Vault`]'s opens, writes and accessors. Each phase
//! of a command is a module of its own beside it, private to `vault`:
//! opening and replay (`open.rs`), trust in a signer (`trust.rs`), the
//! anchors this machine remembers (`anchor.rs`), verification
//! (`verify.rs`), the commit and append (`commit.rs`) and the fold
//! (`fold.rs`). The formats and files below them are the public modules.

pub mod agevfs;
mod anchor;
mod commit;
mod file;
mod fold;
pub mod identity;
pub mod journal;
pub mod lock;
mod open;
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
            } => !crate::model::Action::is_read_row(resource, action),
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
