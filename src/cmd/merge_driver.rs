//! `coffer vault:merge-driver BASE OURS THEIRS`: git's merge driver for a
//! vault's checkpoint, for when two clones both rewrote `vault.age`
//! (`vault:compact`). In a vault shared through git every journal record
//! stays in the logs, so either checkpoint, with the logs, holds everything:
//! the driver keeps the one that folded in more records (the same choice on
//! every clone: ties go to the frontier that sorts first, see
//! `replay::merge_keeps`, which every open applies too), writing it to
//! OURS as git asks.
//!
//! Only a checkpoint that verifies under a key this machine trusts (as an
//! open judges its signer, see `vault:textconv`'s [`Trusted`]) is ever
//! kept: anyone with push access can commit a `vault.age` of their own
//! making, encrypted to a member's public key. When one side does not
//! verify, the other is kept, and said so; when neither does, the merge
//! fails and git leaves the file in conflict. The files git gives are read
//! and written only as regular files, never through a symlink.

use std::path::{Path, PathBuf};

use clap::Args;
use sha2::{Digest, Sha256};

use super::textconv::Trusted;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::output;
use crate::store;
use crate::vault::{Location, Vault, replay};

/// Git's merge driver for vault.age: keep the checkpoint that folded in more
///
/// When two clones both rewrote vault.age (`vault:compact`), a plain `git
/// pull` calls this with the common ancestor, this clone's and the other
/// clone's file (`%O %A %B`). Every journal record stays in the tracked
/// logs, so either checkpoint, with the logs, holds everything: it keeps
/// the one that folded in more records (ties to the list of each
/// device's last folded record that sorts first, the same choice on every
/// clone) and writes it to OURS. Every open applies the same rule: the
/// checkpoint set aside, put back later, is refused (exit 6). A checkpoint that
/// does not verify under a key this machine trusts (as vault:textconv
/// marks it) is never kept: the other side is, and when neither
/// verifies the merge fails (exit 6), leaving vault.age in conflict.
/// `coffer sync` sets it up: in .gitattributes `vault.age merge=coffer`, in git's config
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
    let trusted = Trusted::new(loc)?;
    let ours = facts(loc, &trusted, &args.ours);
    let theirs = facts(loc, &trusted, &args.theirs);
    let keep_theirs = match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => {
            if ours.vault_id != theirs.vault_id {
                return Err(Error::conflict(
                    "the two checkpoints are of different vaults: git must leave this conflict to you",
                ));
            }
            // The rule every open applies too (`replay::merge_keeps`): a
            // clone refuses the checkpoint set aside here if it is put
            // back. Equal frontiers fold in the same records: then the
            // smaller digest.
            replay::merge_keeps(&theirs.folded, &ours.folded).then(theirs.digest.cmp(&ours.digest))
                == std::cmp::Ordering::Less
        }
        (Ok(_), Err(why)) => {
            output::warn(&format!(
                "kept this clone's vault.age: the other clone's {why}"
            ));
            false
        }
        (Err(why), Ok(_)) => {
            output::warn(&format!(
                "kept the other clone's vault.age: this clone's {why}"
            ));
            true
        }
        (Err(ours), Err(theirs)) => {
            return Err(Error::integrity(format!(
                "neither vault.age verifies under a key this machine trusts: this clone's {ours}; the other clone's {theirs}"
            ))
            .hint(
                "git leaves vault.age in conflict; put back one from a commit you trust (`git checkout COMMIT -- vault.age`, then `git add vault.age` and `git commit`), and find out who committed the other",
            ));
        }
    };
    if keep_theirs {
        let mut from = fsutil::open_regular(&args.theirs)?
            .ok_or_else(|| Error::not_found(format!("no file {}", args.theirs.display())))?;
        fsutil::overwrite_regular(&args.ours, |to| std::io::copy(&mut from, to).map(|_| ()))?;
    }
    Ok(())
}

/// What the choice between two checkpoints rests on.
struct Facts {
    vault_id: String,
    /// Each device's last record it folded in.
    folded: replay::Frontier,
    /// SHA-256 of the file.
    digest: [u8; 32],
}

/// A checkpoint's facts, or why it is not one to keep (it does not open,
/// or does not verify under a trusted key), said of "this clone's" or "the
/// other clone's" file.
fn facts(loc: &Location, trusted: &Trusted, path: &Path) -> std::result::Result<Facts, String> {
    let read = || -> Result<std::result::Result<Facts, String>> {
        let Some(mut file) = fsutil::open_regular(path)? else {
            return Err(Error::not_found(format!("no file {}", path.display())));
        };
        let db = Vault::read_checkpoint(path, loc)?;
        if let Some(why) = trusted.checkpoint(&db)? {
            return Ok(Err(format!("does not verify: {why}")));
        }
        let folded = replay::parse_frontier(&store::meta(&db, replay::FRONTIER_META)?)?;
        let mut hash = Sha256::new();
        std::io::copy(&mut file, &mut hash).map_err(|e| Error::io("cannot read", path, e))?;
        Ok(Ok(Facts {
            vault_id: store::meta(&db, "vault_id")?,
            folded,
            digest: hash.finalize().into(),
        }))
    };
    match read() {
        Ok(verdict) => verdict,
        Err(e) => Err(format!("does not open: {}", e.message)),
    }
}
