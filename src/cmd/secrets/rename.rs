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

use crate::audit::Event;
use crate::cli::RenameArgs;
use crate::error::{Error, Result};
use crate::output;
use crate::store;
use crate::vault::Location;

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
            Event::secret(crate::audit::bind::RENAMED, &args.new, Some(secret.version))
                .detail("from", args.old.as_str()),
        )?;
        Ok(())
    })?;
    output::line(&format!("renamed {} to {}", args.old, args.new))
}
