//! `coffer secrets:destroy NAME --version N`: erase a leaked version's value
//! for good, as Vault KV v2's `destroy` does. The version's number, author,
//! time and kind stay, `secrets:versions` shows it as destroyed, and a
//! `destroyed` audit row keeps the value's fingerprint (so `audit:logs
//! --fingerprint` still finds where it was used). Reading, comparing or
//! rolling back to it is refused (exit 3).
//!
//! The value also sits in the journal record that made it, signed and
//! encrypted, so the command folds the journal into a new checkpoint at
//! once (VACUUMed, so no free page keeps the bytes): this device's log is
//! cleared and the vault file holds only the empty value. In a vault
//! shared through git no log is ever cleared (every clone replays them)
//! and git history keeps every old file, so destroy is refused there:
//! rotate the value instead. Copies outside the vault file (backups, old
//! checkpoints in git, another device's copy) are never touched, nor are
//! logs other devices wrote into a folder synced by other means: each
//! device clears only its own log when it folds.
//!
//! A destroy stopped between its record and its fold (a kill, a full
//! disk) has erased the version in the records but not yet in the files:
//! running it again finds the value still in the vault file or this
//! device's log ([`crate::vault::Vault::erase_unfinished`]) and folds.
//!
//! The current version cannot be destroyed (rotate first, then destroy the
//! old one): a secret always has a value to read.

use std::io::{BufRead, IsTerminal, Write};

use clap::Args;

use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::{Action, Name};
use crate::output;
use crate::store;
use crate::vault::{Intent, Location, Vault};

/// Erase a leaked version's value for good, keeping its fingerprint
///
/// The version stays in `secrets:versions` as destroyed, a `destroyed`
/// audit row keeps the value's fingerprint, and reading, comparing or
/// rolling back to it is refused (exit 3). The journal is folded into a
/// new checkpoint at once, so neither the vault file nor this device's
/// journal holds the value afterwards; run again after a destroy was
/// stopped (a kill, a full disk) before that fold, it finishes the
/// erase. Copies outside the vault file are NOT touched: backups, older files in git history, other machines. In
/// a vault shared through git it is refused (exit 1): every clone's
/// journal keeps the value; rotate instead. The current version cannot
/// be destroyed (exit 2): rotate first. Asks on a terminal; otherwise
/// --yes is required (exit 2).
#[derive(Debug, Args)]
pub struct DestroyArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
    /// The version whose value to erase (not the current one)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(1..))]
    pub version: i64,
    /// Do not ask: destroy without a confirmation (required off a terminal)
    #[arg(long)]
    pub yes: bool,
}

/// Examples for `coffer secrets:destroy --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[(
    "Erase a leaked value after rotating it",
    "coffer secrets:rotate API_KEY --generate && coffer secrets:destroy API_KEY --version 3",
)];

const UNTOUCHED: &str =
    "copies outside this vault file (backups, git history, other machines) are not touched";

pub fn run(loc: &Location, args: &DestroyArgs) -> Result<()> {
    if !args.yes {
        confirm(args)?;
    }
    let mut vault = Vault::open_write(loc)?;
    if vault.is_shared() {
        return Err(Error::failure(format!(
            "refusing to destroy a version in a vault shared through git ({})",
            vault.path().display()
        ))
        .hint(format!(
            "every clone's journal log and git's history keep the value, so it cannot be erased here; rotate it with `coffer secrets:rotate {}` and treat the old value as leaked",
            args.name
        )));
    }
    let done = vault.write_for(Intent::Change, |ctx| {
        let secret = store::find(ctx.db, &args.name)?;
        secret.check_not_deleted()?;
        let version = store::version_even_destroyed(ctx.db, &secret, Some(args.version))?;
        if version.is_destroyed() {
            return Ok(false);
        }
        if version.number == secret.version {
            return Err(Error::usage(format!(
                "version {} is the current version of {}; nothing was destroyed",
                version.number, args.name
            ))
            .hint(format!(
                "rotate first (`coffer secrets:rotate {}`), then destroy the old version",
                args.name
            )));
        }
        let fingerprint = ctx.fingerprint(&version.value);
        store::destroy(ctx, &secret, version.number)?;
        ctx.audit(
            Event::secret(Action::Destroyed, &args.name, Some(version.number))
                .detail("fingerprint", fingerprint),
        )?;
        Ok(true)
    })?;
    if !done {
        // A destroy stopped (killed, a full disk) between its record and
        // its fold left the value in the vault file or this device's log:
        // this run finishes the erase.
        if !vault.erase_unfinished()? {
            return output::line(&format!(
                "version {} of {} was already destroyed; nothing changed",
                args.version, args.name
            ));
        }
        vault.compact()?;
        output::line(&format!(
            "version {} of {} was already destroyed, but an earlier destroy stopped before it erased the value: now erased from {} and this device's journal log",
            args.version,
            args.name,
            vault.path().display()
        ))?;
        output::warn(UNTOUCHED);
        return Ok(());
    }
    // The record that made the version still holds the value: fold the
    // journal now, so that no log of this device keeps it.
    vault.compact()?;
    output::line(&format!(
        "destroyed version {} of {}: its value is erased from {} and this device's journal log",
        args.version,
        args.name,
        vault.path().display()
    ))?;
    output::warn(UNTOUCHED);
    Ok(())
}

/// Ask on the terminal; without one, --yes is required.
fn confirm(args: &DestroyArgs) -> Result<()> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Error::usage(format!(
            "refusing to destroy version {} of {} without --yes",
            args.version, args.name
        ))
        .hint("destroying cannot be undone; give --yes to confirm"));
    }
    let mut err = std::io::stderr();
    let _ = write!(
        err,
        "Erase the value of version {} of {} for good? It cannot be undone; {UNTOUCHED}. Type yes: ",
        args.version, args.name
    );
    let _ = err.flush();
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Error::failure(format!("cannot read the answer: {e}")))?;
    if answer.trim() != "yes" {
        return Err(Error::failure("not confirmed; nothing was destroyed"));
    }
    Ok(())
}
