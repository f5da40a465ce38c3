//! `coffer vault:merge-driver BASE OURS THEIRS`: git's merge driver for a
//! vault's checkpoint, for when two clones both rewrote `vault.age`
//! (`vault:compact`). In a vault shared through git every journal record
//! stays in the logs, so either checkpoint, with the logs, holds everything:
//! the driver keeps the one that folded in more records (the same choice on
//! every clone: ties go to the smaller SHA-256 of the file), writing it to
//! OURS as git asks.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::cli::MergeDriverArgs;
use crate::error::{Error, Result};
use crate::store;
use crate::vault::{Location, Vault, replay};

pub fn run(loc: &Location, args: &MergeDriverArgs) -> Result<()> {
    let ours = facts(loc, &args.ours)?;
    let theirs = facts(loc, &args.theirs)?;
    if ours.0 != theirs.0 {
        return Err(Error::conflict(
            "the two checkpoints are of different vaults: git must leave this conflict to you",
        ));
    }
    let key = |f: &(String, u64, [u8; 32])| (std::cmp::Reverse(f.1), f.2);
    if key(&theirs) < key(&ours) {
        let bytes =
            std::fs::read(&args.theirs).map_err(|e| Error::io("cannot read", &args.theirs, e))?;
        std::fs::write(&args.ours, bytes).map_err(|e| Error::io("cannot write", &args.ours, e))?;
    }
    Ok(())
}

/// A checkpoint's vault id, how many records it folded in, and the digest
/// of its bytes.
fn facts(loc: &Location, path: &Path) -> Result<(String, u64, [u8; 32])> {
    let db = Vault::read_checkpoint(path, loc)?;
    let frontier = replay::parse_frontier(&store::meta(&db, replay::FRONTIER_META)?)?;
    let folded = frontier.values().map(|(seq, _)| seq).sum();
    let bytes = std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?;
    Ok((
        store::meta(&db, "vault_id")?,
        folded,
        Sha256::digest(&bytes).into(),
    ))
}
