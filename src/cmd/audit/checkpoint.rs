//! `coffer audit:checkpoint`: the verified head (SEQ:HASH), to keep outside
//! the vault.

use serde::Serialize;

use crate::cli::{CheckpointArgs, ShowFormat};
use crate::error::{Error, Result};
use crate::output;
use crate::vault::{Location, Vault};

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
