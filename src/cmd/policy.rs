//! `coffer sync:policy [POLICY]` (its old name `vault:policy` is a
//! hidden alias): which version is current after two clones changed a
//! secret at once. Setting it is an audited change that syncs to every
//! clone. `policy:*` is left for the access policy of team vaults.

use clap::Args;

use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::Result;
use crate::model::Action;
use crate::output;
use crate::store;
use crate::vault::Location;

/// Show or set which version is current after two clones changed a secret at once
///
/// `ours` keeps this clone's side current (MazeVault's "target wins"),
/// `theirs` the incoming side ("source wins"), and `manual` (the default)
/// marks the secret in conflict until `secrets:resolve`. Every version
/// either side made is kept whatever the policy. Setting it is an
/// audited change every clone gets with its next sync; `coffer sync
/// --policy` overrides it for one sync. Its old name, `vault:policy`,
/// still works.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// The policy to set [default: show the current one]
    #[arg(value_enum, value_name = "POLICY")]
    pub policy: Option<crate::model::MergePolicy>,
}

/// Examples for `coffer sync:policy --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    ("Show the vault's merge policy", "coffer sync:policy"),
    (
        "Let the incoming side win from now on",
        "coffer sync:policy theirs",
    ),
];

pub fn run(loc: &Location, args: &PolicyArgs) -> Result<()> {
    match args.policy {
        None => {
            let vault = crate::vault::Vault::open_read(loc)?;
            let policy = store::merge_policy(vault.conn())?;
            output::line(policy.as_str())
        }
        Some(policy) => {
            crate::vault::transact(loc, |ctx| {
                ctx.audit(Event::vault(Action::PolicySet).detail("policy", policy.as_str()))
            })?;
            output::line(&format!("merge policy: {}", policy.as_str()))
        }
    }
}
