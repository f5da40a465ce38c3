//! `coffer vault:compact`: fold the journal into a new checkpoint now.

use crate::error::Result;
use crate::output;
use crate::vault::{Location, Vault};

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
        "folded {records} journal records{bytes} into {} ({size} bytes){}",
        vault.path().display(),
        if vault.is_shared() {
            "; the journal is kept (the vault is in a git work tree)"
        } else {
            ""
        }
    ))
}
