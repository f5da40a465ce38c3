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
mod file;
pub mod identity;
pub mod journal;
pub mod lock;
pub mod record;
pub mod replay;
pub mod schema;
pub mod shared;
pub mod sign;
pub mod state;

use std::path::{Path, PathBuf};
use std::time::Duration;

use age::x25519;
use rusqlite::Connection;

use crate::audit::verify::{Finding, Reason, Report, Source, Status};
use crate::audit::{self, Head};
use crate::error::{Error, Exit, Result};
use identity::PassphraseSource;
use lock::Lock;
use rusqlite::OptionalExtension;
use zeroize::Zeroizing;

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

impl Intent {
    fn refusing(self) -> &'static str {
        match self {
            Intent::Read => "refusing to read",
            Intent::List => "refusing to list secrets",
            Intent::Change => "refusing to write",
        }
    }

    fn nothing_done(self) -> &'static str {
        match self {
            Intent::Read => "no value was read",
            Intent::List => "nothing was listed",
            Intent::Change => "nothing was changed",
        }
    }
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

/// When a write folds the journal into a new checkpoint: once it holds
/// this many records, or [`COMPACT_BYTES`].
///
/// Replaying a record costs about 35 us and folding rewrites the whole
/// checkpoint (measured: 33 ms at 3.3 MiB, 200 ms at 33 MiB, 1.6 s at
/// 330 MiB), so the average cost per command, fold/N + N/2 x 35 us, is
/// least near N = sqrt(2 x fold / 35 us): 25 x sqrt(checkpoint MiB)
/// records, kept between 32 and 1024 (`cargo bench --bench vault_ops`).
pub fn compact_after(checkpoint_bytes: u64) -> usize {
    let mib = checkpoint_bytes as f64 / (1024.0 * 1024.0);
    ((25.0 * mib.sqrt()) as usize).clamp(32, 1024)
}

/// ...or this many bytes of records (a value near 1 MiB makes one large
/// record).
pub const COMPACT_BYTES: u64 = 4 * 1024 * 1024;

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

/// The signing keys an opener trusts to have written a vault.
struct Trusting {
    keys: Vec<String>,
    skip: bool,
}

impl replay::Judge for Trusting {
    fn trusts(&self, key: &str) -> Result<bool> {
        Ok(self.skip || self.keys.iter().any(|k| k == key))
    }
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
            &replay::Base {
                path: &self.path,
                frontier: &self.base_frontier,
            },
        )?;
        self.journal = Some(journal);
        Ok(())
    }

    /// Whether the checkpoint folded in less than one this machine saw of
    /// this vault, at any path: an older `vault.age` put back (an old copy
    /// pushed to the repository, a backup restored) would replay the same
    /// records in another order, changing what a merge decided. What is
    /// wrong, if so (verification reports it as a rollback, and every
    /// command that reads or writes refuses it until `audit:acknowledge`);
    /// otherwise the checkpoint is remembered.
    fn check_base_not_older(&self) -> Result<Option<String>> {
        // Whether the folder looks shared does not matter: its
        // `.gitattributes` is in the hands of whoever can push.
        let Some(dir) = self.state_dir.as_ref() else {
            return Ok(None);
        };
        let key = &self.vault_id;
        let seen = state::load_base(dir, key)?
            .and_then(|t| replay::parse_frontier(&t).ok())
            .unwrap_or_default();
        // Older: everything it folded, the one seen folded too, and more.
        // Two clones' concurrent vault:compact give checkpoints neither of
        // which holds the other: only the one the merge keeps may follow
        // (`replay::may_follow`).
        let why = match replay::may_follow(&seen, &self.base_frontier) {
            replay::Succession::Follows => None,
            replay::Succession::Older => Some(
                "folds in fewer journal records than one this machine has seen of it: it was rolled back (an older copy put back",
            ),
            replay::Succession::SetAside => Some(
                "is the checkpoint a merge set aside for the one this machine has seen (two clones compacted at once): put back, it would replay the two sides' records in the other order, renumbering versions and changing current values (",
            ),
        };
        if let Some(why) = why {
            return Ok(Some(format!(
                "vault {} {why}; a newer {} is in git's history, or in another clone of it on this machine, which `git pull` brings here)",
                self.path.display(),
                self.path.file_name().unwrap_or_default().to_string_lossy(),
            )));
        }
        if seen != self.base_frontier && !self.base_frontier.is_empty() {
            let _ = state::remember_base(dir, key, &replay::format_frontier(&self.base_frontier));
        }
        Ok(None)
    }

    /// After a merge of two clones' records, this machine's remembered head
    /// may sit at another row number: records of the other clone replayed
    /// before its own. When every record of the journal's frontier as it
    /// was then (each device's last record) is still in the logs, and
    /// records were replayed now from the signed journal, the history holds
    /// everything it held: remember the merged head. Anything else (a record
    /// gone: an old copy) is left for verification to judge.
    fn reanchor_after_merge(&self) {
        let (Some(dir), Some(journal)) = (&self.state_dir, &self.journal) else {
            return;
        };
        let Ok(id) = self.id() else { return };
        let Ok(Some((head, Some(record)))) = state::load_with_record(dir, &id) else {
            return;
        };
        let hash: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT hash FROM audit WHERE seq = ?1", [head.seq], |r| {
                r.get(0)
            })
            .optional()
            .ok()
            .flatten();
        if hash.as_deref() == Some(head.hash.as_slice()) {
            return;
        }
        let Ok(then) = replay::parse_frontier(&record) else {
            return;
        };
        if !journal.replayed_ids.is_empty() && !then.is_empty() && journal.holds(&then) {
            self.remember(true);
        }
    }

    fn load_verified(&self) -> Option<state::Verified> {
        let dir = self.state_dir.as_ref()?;
        state::load_verified(dir, &self.id().ok()?).ok().flatten()
    }

    /// Remember that this machine verified the checkpoint as it now is and
    /// the journal up to its last record. A failure costs only a later
    /// verification.
    fn note_verified(&self) {
        let (Some(dir), Ok(id)) = (&self.state_dir, self.id()) else {
            return;
        };
        let record = self
            .journal
            .as_ref()
            .and_then(|j| j.head)
            .map(|(id, _)| hex::encode(id));
        let _ = state::remember_verified(
            dir,
            &id,
            &state::Verified {
                checkpoint: self.checkpoint.to_text(),
                record,
            },
        );
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

    /// What this machine trusts for this vault.
    /// Read once per command: the signer check and the replay both ask.
    fn trust(&self) -> Result<&state::Trust> {
        if let Some(t) = self.trust.get() {
            return Ok(t);
        }
        let t = match &self.state_dir {
            Some(dir) => state::load_trust(dir, &self.id()?)?,
            None => state::Trust::default(),
        };
        Ok(self.trust.get_or_init(|| t))
    }

    /// Read what this machine trusts again, after `vault:trust` changed it.
    pub fn reload_trust(&mut self) {
        self.trust.take();
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
            let _ = state::note_signed(dir, &id);
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
            match state::load(dir, &self.vault_id) {
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
            Some(dir) => state::load_id(dir, &self.path).unwrap_or_else(|e| {
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
        if let Some(why) = &self.base_older {
            report.explain(
                Status::RolledBack,
                Finding {
                    seq: audit::last_head(&self.conn)?.map_or(0, |h| h.seq),
                    reason: Reason::OlderThanAnchor,
                    message: why.clone(),
                },
            );
        }
        if let Some(e) = unreadable {
            report.warnings.push(format!(
                "{}; verified without this machine's remembered head",
                e.message
            ));
        }
        if report.status.allows_writes() {
            if self._lock.is_some() {
                self.note_verified();
            }
        } else if let Some(dir) = &self.state_dir {
            // What failed is verified no more: every write verifies in full
            // again, and is refused until the break is acknowledged.
            let _ = state::forget_verified(dir, &id);
        }
        Ok(report)
    }

    /// Whether what the last full verification vouched for still stands:
    /// the checkpoint is the one this machine verified (the journal after it
    /// was checked record by record as it was replayed), and every anchor
    /// (the remembered head, `--expect`) is still in the log, with the
    /// vault id this machine saw at this path.
    fn still_verified(&self) -> Result<bool> {
        if !self.checkpoint_verified || self.base_older.is_some() {
            return Ok(false);
        }
        let id = self.id()?;
        let mut anchors: Vec<Head> = self.expect.heads.clone();
        if let Some(dir) = &self.state_dir {
            match (
                state::load(dir, &self.vault_id),
                state::load_id(dir, &self.path),
            ) {
                (Ok(head), Ok(seen)) => {
                    anchors.extend(head);
                    if seen.is_some_and(|s| s != id) {
                        return Ok(false);
                    }
                }
                _ => return Ok(false),
            }
        }
        for head in &anchors {
            let hash: Option<Vec<u8>> = self
                .conn
                .query_row("SELECT hash FROM audit WHERE seq = ?1", [head.seq], |r| {
                    r.get(0)
                })
                .optional()?;
            if hash.as_deref() != Some(head.hash.as_slice()) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Remember the vault's current head on this machine (only a longer one,
    /// unless `replace`), and that this path holds this vault. A failure is
    /// a warning: the vault itself is fine, only a later rollback past this
    /// point goes unnoticed here.
    pub fn remember(&self, replace: bool) {
        let Some(dir) = &self.state_dir else { return };
        let result = self.id().and_then(|id| {
            state::remember_id(dir, &self.path, &id)?;
            let record = self
                .journal
                .as_ref()
                .map(|j| replay::format_frontier(&j.frontier));
            match audit::last_head(&self.conn)? {
                Some(head) => {
                    state::remember(dir, &self.vault_id, &head, record.as_deref(), replace)
                }
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

    /// Verify what this machine has not; refuse (exit 6) when the log does
    /// not allow writes.
    fn check_before_write(&self) -> Result<()> {
        self.check_before(Intent::Change)
    }

    /// [`Vault::check_before_write`], naming `intent` in the refusal.
    fn check_before(&self, intent: Intent) -> Result<()> {
        if !self.still_verified()? {
            let report = self.verify()?;
            for w in &report.warnings {
                crate::output::warn(w);
            }
            if !report.status.allows_writes() {
                return Err(Error::integrity(format!(
                    "{}: {}",
                    intent.refusing(),
                    report.summary()
                ))
                .hint(format!(
                    "{}; `coffer audit:verify` shows what broke, and once you know why, `coffer audit:acknowledge --reason TEXT` records it and lets {} go on",
                    intent.nothing_done(),
                    if intent == Intent::Change { "writes" } else { "reads" }
                )));
            }
        }
        Ok(())
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

    /// This clone's device id: remembered in the state folder, or (without
    /// a usable one) derived from the vault's path and the user.
    fn device(&self) -> Result<record::Device> {
        if let Some(Ok(device)) = self
            .state_dir
            .as_ref()
            .map(|d| state::device(d, &self.path))
        {
            return Ok(device);
        }
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"coffer-device\0");
        h.update(self.path.as_os_str().as_encoded_bytes());
        h.update(rustix::process::getuid().as_raw().to_be_bytes());
        Ok(h.finalize()[..8].try_into().expect("8 bytes"))
    }

    fn commit<T>(
        &mut self,
        work: impl FnOnce(&crate::store::Ctx<'_>) -> Result<T>,
        replace_head: bool,
    ) -> Result<T> {
        assert!(self._lock.is_some(), "write on a vault opened for reading");
        let own_key = self.own_key();
        let recipient = self.recipient().to_string();
        let migrating = self.schema_version < schema::SCHEMA_VERSION;
        let device = if migrating {
            None
        } else {
            Some(self.device()?)
        };
        let tx = self.conn.transaction()?;
        schema::migrate(&tx, self.schema_version)?;
        if self.schema_version < 3 {
            crate::store::bind_legacy(&tx, &recipient, &own_key, schema::SCHEMA_VERSION)?;
        }
        if self.schema_version < 4 {
            // A vault from before the journal gets one.
            replay::init_meta(&tx)?;
        }
        let ctx = crate::store::Ctx::new(&tx, &recipient)?;
        let out = work(&ctx)?;
        let ops = ctx.take_ops();
        let now = ctx.now;
        drop(ctx);
        if migrating {
            // A vault from before the journal becomes a checkpoint at once.
            tx.commit()?;
            self.schema_version = schema::SCHEMA_VERSION;
            if self.journal.is_none() {
                self.journal = Some(replay::load(&self.conn, &journal::dir_for(&self.path))?);
            }
            self.compact()?;
            self.after_write(replace_head);
            return Ok(out);
        }
        if ops.is_empty() {
            return Ok(out);
        }
        let journal = self
            .journal
            .as_mut()
            .expect("a vault of schema 4 has a journal");
        let device = device.expect("set unless migrating");
        let (parents, lamport) = match journal.head {
            Some((id, l)) => (vec![id], l + 1),
            None => (Vec::new(), 1),
        };
        let header = record::Header {
            device,
            // After the device's last record, whether replayed or in its log
            // (never a seq its log already holds).
            seq: journal.frontier.get(&device).map_or(0, |(s, _)| *s).max(
                journal
                    .logs
                    .iter()
                    .find(|l| l.device == device)
                    .and_then(|l| l.frames.last())
                    .map_or(0, |f| f.record.header.seq),
            ) + 1,
            lamport,
            parents,
            author: self.key.verifying_key().to_bytes(),
        };
        let payload = Zeroizing::new(
            // Named in the record: the tracked checkpoint it was written on
            // (`replay::WrittenOn`), not this clone's own fold of it.
            rmp_serde::to_vec(&replay::Payload {
                time: now,
                ops,
                base: replay::WrittenOn::of(&self.base_frontier),
            })
            .map_err(|e| Error::failure(format!("cannot encode the change: {e}")))?,
        );
        let vault_raw: [u8; 16] = hex::decode(crate::store::meta(&tx, "vault_id")?)
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or_else(|| Error::integrity("the vault id is malformed"))?;
        let mut salt = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut salt);
        let (stored, id) =
            record::encode_with(&vault_raw, &journal.key, &header, salt, &payload, |m| {
                self.key.sign(m)
            })?;
        unchanged(&self.path, &self.base, journal)?;
        let log_path = journal.dir.join(journal::log_name(&device));
        let own = journal
            .logs
            .iter()
            .find(|l| l.device == device)
            .cloned()
            .unwrap_or_else(|| journal::Log {
                device,
                path: log_path.clone(),
                frames: Vec::new(),
                valid_len: 0,
                stamp: journal::Stamp::default(),
            });
        // The in-memory commit first: once the record is appended, nothing
        // may fail the command.
        tx.commit()?;
        journal::append(&log_path, &own, &stored)?;
        journal.head = Some((id, lamport));
        journal.frontier.insert(device, (header.seq, id));
        journal.replayed += 1;
        journal.bytes += 4 + stored.len() as u64;
        // From here on the change is saved: nothing may fail the command.
        // The log as it now is, for a fold in this process.
        let fresh = journal::Stamp::at(&log_path).ok().flatten();
        journal.logs.retain(|l| l.device != device);
        if let Some(stamp) = fresh {
            journal.logs.push(journal::Log {
                valid_len: stamp.len,
                stamp,
                ..own
            });
        }
        let due = journal.replayed >= compact_after(self.checkpoint.len)
            || journal.bytes >= COMPACT_BYTES;
        if due && let Err(e) = self.fold(false) {
            // Only the fold waits for the next writer. A fold reads every
            // page: one that is damaged (which no check read before) makes
            // the next command verify everything again, and fail closed.
            crate::output::warn(&format!(
                "the change was saved, but folding the journal into a new checkpoint failed: {}",
                e.message
            ));
            if e.exit == Exit::Integrity {
                self.checkpoint_verified = false;
                if let Some(dir) = &self.state_dir {
                    let _ = state::forget_verified(dir, &self.vault_id);
                }
                self.remember(replace_head);
                return Ok(out);
            }
        }
        self.after_write(replace_head);
        Ok(out)
    }

    fn after_write(&self, replace_head: bool) {
        if self.signed.is_none() {
            self.note_signed();
        }
        if self.checkpoint_verified {
            self.note_verified();
        }
        self.remember(replace_head);
    }

    /// Fold the journal into the vault file now (`vault:compact`, a
    /// migration). See [`Vault::fold`].
    pub fn compact(&mut self) -> Result<()> {
        self.fold(true)
    }

    /// Whether a value that `secrets:destroy` erased may still be in a file
    /// this device keeps: a record that the vault file has not folded in
    /// holds a `destroyed` row (the vault file was written before the
    /// erase), or this device's log still holds a record that made a
    /// version with an erased value (known by the fingerprint its
    /// `destroyed` row keeps). A destroy stopped between its record and its
    /// fold leaves both behind; [`Vault::compact`] finishes the erase.
    /// Other devices' logs are theirs to clear, and are not looked at.
    pub fn erase_unfinished(&self) -> Result<bool> {
        use crate::store::op::Op;
        let Some(journal) = &self.journal else {
            return Ok(false);
        };
        let erased: std::collections::BTreeSet<String> = self
            .conn
            .prepare(
                "SELECT json_extract(details, '$.fingerprint') FROM audit
                 WHERE action = ?1 AND json_valid(details)",
            )?
            .query_map([audit::bind::DESTROYED], |r| r.get::<_, Option<String>>(0))?
            .filter_map(|f| f.ok().flatten())
            .collect();
        if erased.is_empty() {
            return Ok(false);
        }
        let ctx = crate::store::Ctx::new(&self.conn, &self.recipient().to_string())?;
        let device = self.device()?;
        let vault_raw: [u8; 16] = hex::decode(&self.vault_id)
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or_else(|| Error::integrity("the vault id is malformed"))?;
        for log in &journal.logs {
            let folded = self.base_frontier.get(&log.device).map_or(0, |(s, _)| *s);
            let own = log.device == device;
            for frame in &log.frames {
                let beyond = frame.record.header.seq > folded;
                if !own && !beyond {
                    continue;
                }
                // Replay opened every record it applied; one that does not
                // open here is one it skipped, and holds nothing it showed.
                let Ok(plain) = frame.record.open(&vault_raw, &journal.key) else {
                    continue;
                };
                let Ok(payload) = rmp_serde::from_slice::<replay::Payload>(&plain) else {
                    continue;
                };
                let holds = payload.ops.iter().any(|op| match op {
                    Op::Audit { action, .. } => beyond && action == audit::bind::DESTROYED,
                    Op::Version { value, .. } => own && erased.contains(&ctx.fingerprint(&value.0)),
                    _ => false,
                });
                if holds {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Fold the journal now if a write would, after verifying what a write
    /// verifies (`sync`: a merge replays the other clone's records, which
    /// read-only commands would otherwise replay each time).
    pub fn fold_if_due(&mut self) -> Result<()> {
        let Some(j) = &self.journal else {
            return Ok(());
        };
        if j.replayed < compact_after(self.checkpoint.len) && j.bytes < COMPACT_BYTES {
            return Ok(());
        }
        self.check_before_write()?;
        self.fold(false)?;
        self.after_write(false);
        Ok(())
    }

    /// Whether the vault lies in a git work tree, where its logs are shared
    /// ([`shared`]).
    pub fn is_shared(&self) -> bool {
        self.shared
    }

    /// Fold the journal into a new checkpoint: sign it, write it beside its
    /// file and rename it over. Outside git the checkpoint is the vault file,
    /// and this device's log is then cleared (other devices' logs are theirs
    /// to clear; their folded records are skipped). In a git work tree no
    /// log is cleared, and a fold that is not asked for (`to_base` false)
    /// goes to this clone's own fold instead of the tracked vault file.
    fn fold(&mut self, to_base: bool) -> Result<()> {
        assert!(
            self._lock.is_some(),
            "compaction of a vault opened for reading"
        );
        if !to_base && self.shared && self.cache.is_none() {
            // Shared, with no state folder for a fold of its own: the
            // tracked checkpoint changes only when asked.
            return Ok(());
        }
        let journal = self
            .journal
            .as_ref()
            .expect("a vault of schema 4 has a journal");
        unchanged(&self.path, &self.base, journal)?;
        let target = match &self.cache {
            Some(cache) if !to_base => cache.clone(),
            _ => self.path.clone(),
        };
        let to_base = target == self.path;
        // A clone's own fold names every record it took in, so that opening
        // can tell the tracked logs still hold them unaltered.
        let folded = if to_base {
            None
        } else {
            let logs = journal::read_all(&journal.dir)?;
            Some(replay::folded_digest(&logs, &journal.frontier))
        };
        let tx = self.conn.transaction()?;
        replay::fold_meta(&tx, journal)?;
        match &folded {
            Some(d) => tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                [replay::FOLDED_META, d.as_str()],
            )?,
            None => tx.execute("DELETE FROM meta WHERE key = ?1", [replay::FOLDED_META])?,
        };
        sign::sign_by(&tx, &self.key)?;
        tx.commit()?;
        if !to_base {
            state::create_cache_dir(&target)?;
            // A fold killed mid-write left its temp file here.
            file::remove_stale_temps(&target);
        }
        // This clone's fold is binary whatever the vault file is: only it is
        // read through the VFS.
        let written = self.save(&target, self.armor && to_base)?;
        self.checkpoint = written.stamp.unwrap_or_default();
        self.checkpoint_verified = true;
        self.signed = sign::read(&self.conn)?;
        let device = self.device()?;
        if to_base {
            self.base = self.checkpoint;
            if let Some(j) = &self.journal {
                self.base_frontier = j.frontier.clone();
            }
            if let Some(dir) = &self.state_dir {
                let _ = state::remember_base(
                    dir,
                    &self.vault_id,
                    &replay::format_frontier(&self.base_frontier),
                );
            }
            if self.cache.is_some()
                && let (Some(dir), Some(key)) =
                    (&self.state_dir, shared::base_key(&self.conn, &self.base)?)
            {
                self.cache = Some(state::cache_path(dir, &device, &key)?);
            }
        }
        if let (Some(dir), Some(cache)) = (&self.state_dir, &self.cache) {
            // Folds made on a tracked checkpoint git has since replaced.
            let keep = if to_base { cache } else { &target };
            state::remove_other_caches(dir, &device, keep);
        }
        let shared = self.is_shared();
        let journal = self.journal.as_mut().expect("checked above");
        // Only once the new checkpoint is durable may the records it folds
        // leave this device's log (a power loss could bring the old one back),
        // and never in git, where other clones may still need them.
        if written.durable && !shared {
            journal::clear(&journal.dir.join(journal::log_name(&device)))?;
        }
        journal.replayed = 0;
        journal.bytes = 0;
        self.note_verified();
        Ok(())
    }

    /// Write the database as a new checkpoint. VACUUM first: each table and
    /// index then lies in consecutive pages, so a query later decrypts few
    /// 64 KiB chunks. (VACUUM copies through a temporary database it
    /// attaches, in memory: the one attachment coffer allows, for it only.)
    fn save(&mut self, path: &Path, armor: bool) -> Result<file::Written> {
        use rusqlite::limits::Limit;
        let recipients = self.recipients()?;
        self.conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 1)?;
        let vacuumed = self.conn.execute_batch("VACUUM");
        self.conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
        vacuumed?;
        file::write(path, &mut self.conn, &recipients, armor)
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

/// What `--read-only` answers a command that changes the vault.
fn read_only_refused() -> Error {
    Error::denied("--read-only (COFFER_READ_ONLY) refuses a command that changes the vault").hint(
        "nothing was changed; run it without --read-only where the vault's folder is writable",
    )
}

/// Refuse to write when another program changed the vault's files since
/// they were read: the checkpoint replaced, a log written or added. Writing
/// on would drop that change (exit 7).
fn unchanged(path: &Path, checkpoint: &journal::Stamp, journal: &replay::Journal) -> Result<()> {
    if journal::Stamp::sampled(path)?.unwrap_or_default() != *checkpoint {
        return Err(journal::changed_meanwhile(path));
    }
    let now = journal::read_stamps(&journal.dir)?;
    for log in &journal.logs {
        let same = now
            .iter()
            .find(|(d, _)| *d == log.device)
            .map_or(log.stamp.len == 0, |(_, s)| {
                (s.dev, s.ino, s.len) == (log.stamp.dev, log.stamp.ino, log.stamp.len)
            });
        if !same {
            return Err(journal::changed_meanwhile(&log.path));
        }
    }
    if let Some((d, _)) = now
        .iter()
        .find(|(d, s)| s.len > 0 && !journal.logs.iter().any(|l| l.device == *d))
    {
        return Err(journal::changed_meanwhile(
            &journal.dir.join(journal::log_name(d)),
        ));
    }
    Ok(())
}
