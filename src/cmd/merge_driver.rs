//! `coffer vault:merge-driver BASE OURS THEIRS`: git's merge driver for a
//! vault's checkpoint, for when two clones both rewrote `vault.age`
//! (`vault:compact`). In a vault shared through git every journal record
//! stays in the logs, so either checkpoint, with the logs, holds everything:
//! the driver keeps the one that folded in more records (the same choice on
//! every clone: ties go to the smaller SHA-256 of the file), writing it to
//! OURS as git asks.

use std::path::{Path, PathBuf};

use clap::Args;
use sha2::{Digest, Sha256};

use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::store;
use crate::vault::{Location, Vault, replay};

/// Git's merge driver for vault.age: keep the checkpoint that folded in more
///
/// When two clones both rewrote vault.age (`vault:compact`), a plain `git
/// pull` calls this with the common ancestor, this clone's and the other
/// clone's file (`%O %A %B`). Every journal record stays in the tracked
/// logs, so either checkpoint, with the logs, holds everything: it keeps
/// the one that folded in more records (ties to the smaller SHA-256, the
/// same choice on every clone) and writes it to OURS. `coffer sync` sets
/// it up: in .gitattributes `vault.age merge=coffer`, in git's config
/// `merge.coffer.driver "coffer --vault $PWD/vault.age vault:merge-driver %O %A %B"`.
#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's file (%O; unused)
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// This clone's file, where the result goes (%A)
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// The other clone's file (%B)
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
}

/// Examples for `coffer vault:merge-driver --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[(
    "Let a plain git pull merge vault.age (coffer sync does this)",
    "printf '/vault.age merge=coffer\\n' >> .gitattributes && git config merge.coffer.driver \"coffer --vault $PWD/vault.age vault:merge-driver %O %A %B\"",
)];

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
