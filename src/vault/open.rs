//! Open and replay: a [`Vault`] made from its files (the crate docs,
//! [the life of a command](crate#the-life-of-a-command), step 3). The
//! checkpoint is decrypted ([`super::agevfs`]), hardened and its schema
//! checked ([`super::schema`]); in a git work tree this clone's own fold may
//! stand in for it ([`super::shared`]); its signer is checked
//! ([`super::trust`]); then the journal's records after its frontier are
//! replayed onto it ([`super::replay`]) and the anchors consulted
//! ([`super::anchor`]). A new vault is created here too, never over one.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::lock::Lock;
use super::trust::Trusting;
use super::{
    Location, TrustCheck, Vault, file, identity, journal, replay, schema, shared, sign, state,
};
use crate::error::{Error, Result};

impl Vault {
    pub(super) fn open_with(
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

    /// [`Vault::create`] with a key that may be the agent's.
    pub(super) fn create_with(
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
}
