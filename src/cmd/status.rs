//! `coffer status`: the vault's facts at a glance. Reads only; not audited.

use clap::Args;
use serde::Serialize;

use crate::cmd::{Examples, ShowFormat};
use crate::error::Result;
use crate::output;
use crate::store;
use crate::vault::{Location, Vault};

/// Show the vault's path, id, size and counts
#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// Examples for `coffer status --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    ("Show the vault's facts", "coffer status"),
    ("For a script", "coffer status --format json"),
];

#[derive(Serialize)]
struct Status {
    vault: String,
    vault_id: String,
    name: Option<String>,
    schema_version: i32,
    file_size: u64,
    /// Journal records (and their bytes) after the checkpoint, which the
    /// next fold puts into it.
    journal_records: usize,
    journal_bytes: u64,
    /// Whether the vault lies in a git work tree: its logs are kept, and
    /// this clone folds them into a checkpoint of its own.
    in_git: bool,
    /// Secrets in conflict after a merge, until `secrets:resolve`.
    conflicts: i64,
    secrets: i64,
    deleted_secrets: i64,
    versions: i64,
    audit_rows: i64,
    recipients: Vec<String>,
    /// The key that signed the vault's last write (`None`: unsigned).
    signed_by: Option<String>,
    /// Why this machine trusts that writer.
    trusted_as: Option<&'static str>,
    /// This identity's signing key, to give to teammates.
    signing_key: String,
    expired: i64,
    expiring_within_7d: i64,
    /// Secrets due for rotation (inside the notify window or past the
    /// date), and how many of those are past it.
    rotation_due: i64,
    rotation_overdue: i64,
    /// Whether the identity is unlocked (`coffer unlock`), and until when.
    identity: Option<super::unlock::AgentState>,
}

pub fn run(loc: &Location, args: &StatusArgs) -> Result<()> {
    // Asked before the vault is opened, which may start an agent.
    let identity = super::unlock::AgentState::of(loc).ok();
    let vault = Vault::open_read(loc)?;
    let db = vault.conn();
    let now = crate::time::now();
    let counts = store::counts(db, now, 7 * 86400)?;
    let (rotation_due, rotation_overdue) = store::rotation::counts(db, now)?;
    let status = Status {
        vault: vault.path().display().to_string(),
        vault_id: store::meta(db, "vault_id")?,
        name: store::meta(db, "name").ok(),
        schema_version: vault.schema_version(),
        journal_records: vault.journal_size().0,
        journal_bytes: vault.journal_size().1,
        in_git: vault.is_shared(),
        conflicts: counts.conflicts,
        file_size: std::fs::metadata(vault.path())
            .map(|m| m.len())
            .unwrap_or(0),
        secrets: counts.secrets,
        deleted_secrets: counts.deleted_secrets,
        versions: counts.versions,
        audit_rows: counts.audit_rows,
        recipients: store::members(db)?
            .into_iter()
            .map(|(name, recipient)| format!("{recipient} ({name})"))
            .collect(),
        signed_by: vault.signed().map(|s| s.signer.clone()),
        trusted_as: vault.trusted_because()?,
        signing_key: vault.own_key(),
        expired: counts.expired,
        expiring_within_7d: counts.expiring,
        rotation_due,
        rotation_overdue,
        identity,
    };
    match args.format {
        ShowFormat::Json => output::json(&status),
        ShowFormat::Table => {
            let conflicts = status.conflicts;
            let mut rows = vec![
                ("vault", status.vault),
                ("vault id", status.vault_id),
                ("name", status.name.unwrap_or_else(|| "-".into())),
                ("schema version", status.schema_version.to_string()),
                ("file size", format!("{} bytes", status.file_size)),
                (
                    "journal",
                    format!(
                        "{} ({} bytes) since the checkpoint{}",
                        crate::output::count(status.journal_records as u64, "record"),
                        status.journal_bytes,
                        if status.in_git {
                            "; in a git work tree: every record is kept"
                        } else {
                            ""
                        }
                    ),
                ),
                (
                    "secrets",
                    format!("{} ({} deleted)", status.secrets, status.deleted_secrets),
                ),
                ("versions", status.versions.to_string()),
                ("audit rows", status.audit_rows.to_string()),
                ("recipients", status.recipients.join(", ")),
                (
                    "signed by",
                    match (&status.signed_by, status.trusted_as) {
                        (Some(k), Some(why)) => format!("{k} ({why})"),
                        (Some(k), None) => format!("{k} (not trusted)"),
                        (None, why) => format!("nobody ({})", why.unwrap_or("unsigned")),
                    },
                ),
                ("your signing key", status.signing_key),
                (
                    "identity",
                    status
                        .identity
                        .as_ref()
                        .map_or_else(|| "unknown (no agent folder)".into(), |i| i.describe()),
                ),
                ("expired", status.expired.to_string()),
                ("expiring in 7 days", status.expiring_within_7d.to_string()),
                (
                    "rotation due",
                    format!(
                        "{} ({} overdue)",
                        status.rotation_due, status.rotation_overdue
                    ),
                ),
            ];
            if conflicts > 0 {
                rows.insert(
                    7,
                    (
                        "in conflict",
                        format!(
                            "{} (see `coffer sync --status`; choose with `coffer secrets:resolve`)",
                            crate::output::count(conflicts as u64, "secret")
                        ),
                    ),
                );
            }
            output::fields(&rows)
        }
    }
}
