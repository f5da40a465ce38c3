//! `coffer secrets:rollback NAME [--version N]`: a new version carrying an
//! earlier version's value. History is never rewritten.

use clap::Args;

use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::{Action, Name};
use crate::output;
use crate::store;
use crate::vault::Location;

/// Make a new version carrying an earlier version's value
#[derive(Debug, Args)]
pub struct RollbackArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
    /// The version whose value to bring back [default: the one before the current]
    #[arg(long, value_name = "N")]
    pub version: Option<i64>,
}

/// Examples for `coffer secrets:rollback --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Bring back the previous value (as a new version)",
        "coffer secrets:rollback API_KEY",
    ),
    (
        "Bring back version 2's value",
        "coffer secrets:rollback API_KEY --version 2",
    ),
];

pub fn run(loc: &Location, args: &RollbackArgs) -> Result<()> {
    let (from, to) = crate::vault::transact(loc, |ctx| {
        let secret = store::find(ctx.db, &args.name)?;
        secret.check_not_deleted()?;
        let target = match args.version {
            Some(n) => n,
            None if secret.version > 1 => secret.version - 1,
            None => {
                return Err(Error::usage(format!(
                    "{} has only version 1; there is nothing to roll back to",
                    args.name
                )));
            }
        };
        if target == secret.version {
            return Err(Error::usage(format!(
                "version {target} is already the current version of {}",
                args.name
            )));
        }
        let source = store::version(ctx.db, &secret, Some(target))?;
        if *source.value == *store::version(ctx.db, &secret, None)?.value {
            return Err(Error::usage(format!(
                "version {target} of {} has the same value as the current version; nothing was rolled back",
                args.name
            )));
        }
        let n = store::add_version(ctx, &secret, &source.value, "rollback", Some(target))?;
        ctx.audit(
            Event::secret(Action::RolledBack, &args.name, Some(n))
                .detail("source_version", target.to_string())
                .detail("fingerprint", ctx.fingerprint(&source.value)),
        )?;
        Ok((target, n))
    })?;
    output::line(&format!(
        "rolled back {} to version {from}'s value (new version {to})",
        args.name
    ))
}
