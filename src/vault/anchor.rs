//! Anchors: what this machine remembers of a vault, so that a chain inside
//! a file anyone with the identity can rewrite cannot be cut short, rolled
//! back or forked unseen (the crate docs, "The anchors" under
//! [where each promise is kept](crate#nothing-is-changed-silently)). The
//! audit head last seen and the ids seen at each path ([`Vault::remember`]),
//! the checkpoint last verified, the journal frontier of the newest
//! checkpoint seen (an older one put back is a rollback), and the head moved
//! after a merge of two clones' records. All of it is kept in
//! [`super::state`].

use rusqlite::OptionalExtension;

use super::{Vault, replay, state};
use crate::audit;
use crate::error::Result;

impl Vault {
    /// Whether the checkpoint folded in less than one this machine saw of
    /// this vault, at any path: an older `vault.age` put back (an old copy
    /// pushed to the repository, a backup restored) would replay the same
    /// records in another order, changing what a merge decided. What is
    /// wrong, if so (verification reports it as a rollback, and every
    /// command that reads or writes refuses it until `audit:acknowledge`);
    /// otherwise the checkpoint is remembered.
    pub(super) fn check_base_not_older(&self) -> Result<Option<String>> {
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
    pub(super) fn reanchor_after_merge(&self) {
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

    pub(super) fn load_verified(&self) -> Option<state::Verified> {
        let dir = self.state_dir.as_ref()?;
        state::load_verified(dir, &self.id().ok()?).ok().flatten()
    }

    /// Remember that this machine verified the checkpoint as it now is and
    /// the journal up to its last record. A failure costs only a later
    /// verification.
    pub(super) fn note_verified(&self) {
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
}
