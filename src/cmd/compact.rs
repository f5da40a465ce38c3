//! `coffer vault:compact`: fold the journal into a new checkpoint now.

use clap::Args;

use crate::cmd::Examples;
use crate::error::Result;
use crate::output;
use crate::vault::{Location, Vault};

/// Fold the journal into a new checkpoint now
///
/// Every command appends one record to the journal beside the vault
/// (VAULT.journal/); opening replays the records after the checkpoint
/// (VAULT.age). Writes fold the journal in by themselves once it holds
/// 32 to 1024 records (more for a larger vault) or 4 MiB; this does it now, for example before copying
/// the vault, so that `age -d` and `sqlite3` see everything. A vault made
/// by an older coffer is migrated. Changes no secret and adds no audit row.
///
/// In a git work tree every record stays in the journal (other clones may
/// still need it): writes fold into this clone's own checkpoint in the
/// state folder, and only this command rewrites vault.age.
#[derive(Debug, Args)]
pub struct CompactArgs {}

/// Examples for `coffer vault:compact --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[(
    "Fold the journal in before copying vault.age alone",
    "coffer vault:compact",
)];

pub fn run(loc: &Location) -> Result<()> {
    let mut vault = Vault::open_write(loc)?;
    let before = vault.schema_version();
    let (mut records, bytes) = vault.journal_size();
    // Verify what this machine has not, as before any write; a vault from
    // before the journal migrates (and is folded) here.
    vault.write(|_| Ok(()))?;
    if vault.is_shared() {
        // Counted from the vault file, not this clone's own fold; with
        // nothing new, the tracked file is left alone (git sees no change).
        let beyond = vault.records_beyond_base();
        if beyond == 0 {
            return output::line(&format!(
                "{} already holds every journal record",
                vault.path().display()
            ));
        }
        records = beyond as usize;
    }
    if before == vault.schema_version() {
        vault.compact()?;
    }
    let size = std::fs::metadata(vault.path()).map_or(0, |m| m.len());
    let bytes = if vault.is_shared() {
        String::new()
    } else {
        format!(" ({bytes} bytes)")
    };
    output::line(&format!(
        "folded {}{bytes} into {} ({size} bytes){}",
        crate::output::count(records as u64, "journal record"),
        vault.path().display(),
        if vault.is_shared() {
            "; the journal is kept (the vault is in a git work tree)"
        } else {
            ""
        }
    ))
}
