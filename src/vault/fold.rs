//! Fold: the journal folded into a new checkpoint (the crate docs,
//! [the life of a command](crate#the-life-of-a-command), step 8). When it is
//! due ([`compact_after`], [`COMPACT_BYTES`]), how the new checkpoint is
//! signed, written beside its file and renamed over it, which log is then
//! cleared (none in a git work tree, where the fold goes to this clone's own
//! checkpoint, [`super::shared`]), and whether a `secrets:destroy` stopped
//! before its fold left an erased value behind.

use std::path::Path;

use age::x25519;

use super::commit::unchanged;
use super::{Vault, file, journal, replay, shared, sign, state};
use crate::error::{Error, Result};

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

impl Vault {
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
            .query_map([crate::model::Action::Destroyed.as_str()], |r| {
                r.get::<_, Option<String>>(0)
            })?
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
                    Op::Audit { action, .. } => {
                        beyond && *action == crate::model::Action::Destroyed
                    }
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

    /// Fold the journal into a new checkpoint: sign it, write it beside its
    /// file and rename it over. Outside git the checkpoint is the vault file,
    /// and this device's log is then cleared (other devices' logs are theirs
    /// to clear; their folded records are skipped). In a git work tree no
    /// log is cleared, and a fold that is not asked for (`to_base` false)
    /// goes to this clone's own fold instead of the tracked vault file.
    pub(super) fn fold(&mut self, to_base: bool) -> Result<()> {
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
    pub(super) fn save(&mut self, path: &Path, armor: bool) -> Result<file::Written> {
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
