//! `coffer secrets:resolve NAME --version N`: end a secret's conflict after
//! a merge (policy `manual`) with a new version carrying version N's value.

use crate::audit::Event;
use crate::cli::ResolveArgs;
use crate::error::{Error, Result};
use crate::output;
use crate::store;
use crate::vault::Location;

pub fn run(loc: &Location, args: &ResolveArgs) -> Result<()> {
    let n = crate::vault::transact(loc, |ctx| {
        let secret = store::find(ctx.db, &args.name)?;
        if !secret.metadata.contains_key(store::CONFLICT_KEY) {
            return Err(Error::usage(format!(
                "secret {} is not in conflict",
                args.name
            ))
            .hint(format!(
                "to make an earlier version current, use `coffer secrets:rollback {} --version {}`",
                args.name, args.version
            )));
        }
        let chosen = store::version(ctx.db, &secret, Some(args.version))?;
        store::unset_metadata(ctx, &secret, store::CONFLICT_KEY)?;
        let n = store::add_version(ctx, &secret, &chosen.value, "merge", Some(args.version))?;
        ctx.audit(
            Event::secret("resolved", &args.name, Some(n))
                .detail("source_version", args.version.to_string())
                .detail("fingerprint", ctx.fingerprint(&chosen.value)),
        )?;
        Ok(n)
    })?;
    output::line(&format!(
        "resolved {}: version {n} has version {}'s value",
        args.name, args.version
    ))
}
