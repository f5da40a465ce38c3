//! Verify: whether the audit log may be trusted before a command reads or
//! writes (the crate docs, [the life of a command](crate#the-life-of-a-command),
//! step 4). When this machine already verified the checkpoint and every
//! anchor still holds, only the replayed records were new, and replay
//! checked them; otherwise the whole chain is walked ([`crate::audit::verify`])
//! and judged against the anchors. A log that does not verify refuses
//! reads and writes alike (exit 6), in the words of the command's
//! [`Intent`], until `audit:acknowledge`.

use rusqlite::OptionalExtension;

use super::{Intent, Vault, state};
use crate::audit::verify::{Finding, Reason, Report, Source, Status};
use crate::audit::{self, Head};
use crate::error::{Error, Exit, Result};

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

impl Vault {
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

    /// Verify what this machine has not; refuse (exit 6) when the log does
    /// not allow writes.
    pub(super) fn check_before_write(&self) -> Result<()> {
        self.check_before(Intent::Change)
    }

    /// [`Vault::check_before_write`], naming `intent` in the refusal.
    pub(super) fn check_before(&self, intent: Intent) -> Result<()> {
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
}
