//! `coffer vault:merge-driver BASE OURS THEIRS`: git's merge driver for a
//! vault's checkpoint, for when two clones both rewrote `vault.age`
//! (`vault:compact`). In a vault shared through git every journal record
//! stays in the logs, so either checkpoint, with the logs, holds everything:
//! the driver keeps the one that folded in more records (the same choice on
//! every clone: ties go to the frontier that sorts first, see
//! `replay::merge_keeps`, which every open applies too), writing it to
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
    // The rule every open applies too (`replay::merge_keeps`): a clone
    // refuses the checkpoint set aside here if it is put back. Equal
    // frontiers fold in the same records: then the smaller digest.
    let keeps = replay::merge_keeps(&theirs.1, &ours.1).then(theirs.2.cmp(&ours.2));
    if keeps == std::cmp::Ordering::Less {
        let bytes =
            std::fs::read(&args.theirs).map_err(|e| Error::io("cannot read", &args.theirs, e))?;
        std::fs::write(&args.ours, bytes).map_err(|e| Error::io("cannot write", &args.ours, e))?;
    }
    Ok(())
}

/// A checkpoint's vault id, what it folded in, and the digest of its bytes.
fn facts(loc: &Location, path: &Path) -> Result<(String, replay::Frontier, [u8; 32])> {
    let db = Vault::read_checkpoint(path, loc)?;
    let folded = replay::parse_frontier(&store::meta(&db, replay::FRONTIER_META)?)?;
    let bytes = std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?;
    Ok((
        store::meta(&db, "vault_id")?,
        folded,
        Sha256::digest(&bytes).into(),
    ))
}
