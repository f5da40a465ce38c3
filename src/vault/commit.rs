//! Commit and append: a command's one transaction becomes one journal
//! record (the crate docs, [the life of a command](crate#the-life-of-a-command),
//! steps 5 to 7). The work and its audit rows run in a SQLite transaction;
//! the operations it recorded are sealed, signed and chained to their parent
//! ([`super::record`]); the transaction commits in memory, then the record is
//! appended to this device's log and fsynced ([`super::journal`]). Nothing
//! after the append may fail the command; a fold that is due follows
//! ([`super::fold`]).

use std::path::Path;

use zeroize::Zeroizing;

use super::{COMPACT_BYTES, Vault, compact_after, journal, record, replay, schema, state};
use crate::error::{Error, Exit, Result};

/// Refuse to write when another program changed the vault's files since
/// they were read: the checkpoint replaced, a log written or added. Writing
/// on would drop that change (exit 7).
pub(super) fn unchanged(
    path: &Path,
    checkpoint: &journal::Stamp,
    journal: &replay::Journal,
) -> Result<()> {
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

impl Vault {
    /// This clone's device id: remembered in the state folder, or (without
    /// a usable one) derived from the vault's path and the user.
    pub(super) fn device(&self) -> Result<record::Device> {
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

    pub(super) fn commit<T>(
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

    pub(super) fn after_write(&self, replace_head: bool) {
        if self.signed.is_none() {
            self.note_signed();
        }
        if self.checkpoint_verified {
            self.note_verified();
        }
        self.remember(replace_head);
    }
}
