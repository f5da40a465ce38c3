//! `coffer secrets:rename OLD NEW`: the secret keeps its versions, tags,
//! metadata, state and dates under its new name. One journal operation
//! (`rename`) and one audit row (`renamed`, target NEW, detail `from` OLD):
//! the audit data binding moves what the log recorded of OLD to NEW, so
//! `audit:verify` holds, and another clone replaying the record gets the
//! same vault. Audit rows before the rename keep the old name (the chain
//! cannot change); `audit:logs --secret NEW` follows the `renamed` rows
//! back and shows them too.
//!
//! A NEW that names any secret, even a deleted one, is a conflict (exit 7)
//! and changes nothing: a rename never merges two secrets' histories.

use clap::Args;

use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::{Action, Name};
use crate::output;
use crate::store;
use crate::vault::Location;

/// Give a secret a new name, keeping its versions, tags, metadata and state
///
/// One audited change (`renamed`); every clone replaying it gets the same
/// vault. Audit rows from before keep the old name, and `audit:logs
/// --secret NEW` shows them too. A NEW that any secret already holds, even a deleted
/// one, is refused (exit 7) and nothing changes; a deleted OLD must be
/// restored first (exit 3). A clone that changed OLD while another
/// renamed it cannot merge the two (the change names a secret that is
/// gone): rename on a synced clone.
#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The secret's name now
    #[arg(value_name = "OLD", value_parser = Name::parse)]
    pub old: Name,
    /// Its new name (printable, no spaces, at most 256 bytes)
    #[arg(value_name = "NEW", value_parser = Name::parse_new)]
    pub new: Name,
}

/// Examples for `coffer secrets:rename --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[(
    "Move a key under a folder-style name",
    "coffer secrets:rename STRIPE_KEY payments/stripe/key",
)];

pub fn run(loc: &Location, args: &RenameArgs) -> Result<()> {
    if args.old.as_str() == args.new.as_str() {
        return Err(Error::usage(format!(
            "{} is already named {}; nothing was renamed",
            args.old, args.new
        )));
    }
    crate::vault::transact(loc, |ctx| {
        let secret = store::find(ctx.db, &args.old)?;
        secret.check_not_deleted()?;
        if let Some(taken) = store::exists(ctx.db, &args.new)? {
            let err = Error::conflict(format!(
                "a secret named {} already exists; nothing was renamed",
                args.new
            ));
            return Err(if taken.deleted_at.is_some() {
                err.hint(format!(
                    "it is deleted, but keeps its versions under that name; choose another name, or restore it with `coffer secrets:restore {}` and rename or delete it",
                    args.new
                ))
            } else {
                err.hint("choose another name, or rename or delete that secret first")
            });
        }
        store::rename(ctx, &secret, &args.new)?;
        ctx.audit(
            Event::secret(Action::Renamed, &args.new, Some(secret.version))
                .detail("from", args.old.as_str()),
        )?;
        Ok(())
    })?;
    output::line(&format!("renamed {} to {}", args.old, args.new))
}
