//! `coffer sync:policy [POLICY]` (its old name `vault:policy` is a
//! hidden alias): which version is current after two clones changed a
//! secret at once. Setting it is an audited change that syncs to every
//! clone. `policy:*` is left for the access policy of team vaults.

use crate::audit::Event;
use crate::cli::PolicyArgs;
use crate::error::Result;
use crate::output;
use crate::store;
use crate::vault::Location;

pub fn run(loc: &Location, args: &PolicyArgs) -> Result<()> {
    match args.policy {
        None => {
            let vault = crate::vault::Vault::open_read(loc)?;
            let policy = store::merge_policy(vault.conn())?;
            output::line(policy.as_str())
        }
        Some(policy) => {
            crate::vault::transact(loc, |ctx| {
                ctx.audit(Event::vault("policy_set").detail("policy", policy.as_str()))
            })?;
            output::line(&format!("merge policy: {}", policy.as_str()))
        }
    }
}
