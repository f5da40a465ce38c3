//! `coffer secrets:resolve NAME --version N`: end a secret's conflict after
//! a merge (policy `manual`) with a new version carrying version N's value.

use clap::Args;

use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::{Action, Name};
use crate::output;
use crate::store;
use crate::vault::Location;

/// End a secret's conflict after a merge: version N's value becomes current
///
/// After two clones changed a secret's value at once and the vault's merge
/// policy is `manual` (see sync:policy), replaying the merged records
/// keeps both sides' versions and puts the secret in conflict, on every
/// clone alike, whoever merged them (`coffer sync` or a plain `git
/// pull`): `secrets:get` refuses it (exit 7) until this command makes a
/// new version (of kind merge) with the chosen version's value.
/// `secrets:versions NAME` shows both, and
/// `secrets:get NAME --version N` reads each.
#[derive(Debug, Args)]
pub struct ResolveArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
    /// The version whose value becomes current
    #[arg(long, value_name = "N")]
    pub version: i64,
}

/// Examples for `coffer secrets:resolve --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[(
    "Keep version 7's value after a merge left API_KEY in conflict",
    "coffer secrets:resolve API_KEY --version 7",
)];

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
            Event::secret(Action::Resolved, &args.name, Some(n))
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
