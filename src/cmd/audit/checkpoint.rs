//! `coffer audit:checkpoint`: the verified head (SEQ:HASH), to keep outside
//! the vault.

use clap::Args;
use serde::Serialize;

use crate::cmd::{Examples, ShowFormat};
use crate::error::{Error, Result};
use crate::output;
use crate::vault::{Location, Vault};

/// Print the audit log's verified head (SEQ:HASH) to keep outside the vault
///
/// Verifies the chain first and refuses (exit 6) when it does not verify.
/// Commit the line to git beside the vault or paste it into a ticket;
/// `audit:verify --expect SEQ:HASH` later proves the log still holds that
/// row and every row before it, unchanged. The line does not name its
/// vault: one from another vault reads as forked or rolled back.
#[derive(Debug, Args)]
pub struct CheckpointArgs {
    /// `table` prints the bare SEQ:HASH line; `json` adds the vault id, row
    /// count and time
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// Examples for `coffer audit:checkpoint --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Keep the head in git beside the vault",
        "coffer audit:checkpoint > audit.checkpoint && git add audit.checkpoint",
    ),
    (
        "With the vault id and time",
        "coffer audit:checkpoint --format json",
    ),
];

#[derive(Serialize)]
struct Checkpoint {
    vault_id: String,
    checkpoint: String,
    seq: i64,
    hash: String,
    rows: i64,
    time: String,
}

pub fn run(loc: &Location, args: &CheckpointArgs) -> Result<()> {
    let vault = Vault::open_to_verify(loc)?;
    let report = vault.verify()?;
    if !report.status.allows_writes() {
        return Err(
            Error::integrity(format!("no checkpoint: {}", report.summary()))
                .hint("a checkpoint vouches for a verified log; see `coffer audit:verify`"),
        );
    }
    vault.remember(false);
    let head = report.head.expect("a verified log has rows");
    match args.format {
        ShowFormat::Table => output::line(&head.to_string()),
        ShowFormat::Json => output::json(&Checkpoint {
            vault_id: vault.id()?,
            checkpoint: head.to_string(),
            seq: head.seq,
            hash: hex::encode(&head.hash),
            rows: report.rows,
            time: crate::time::format(crate::time::now()),
        }),
    }
}
