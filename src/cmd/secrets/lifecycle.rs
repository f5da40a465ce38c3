//! `secrets:delete`, `secrets:restore`, `secrets:disable`, `secrets:enable`:
//! state changes that keep every version.
//!
//! Delete takes several names and reports one line per name; the names it
//! could delete are deleted (and audited) even when others fail, as `rm` does,
//! and the exit code is the first failure's. Restore, disable and enable are
//! idempotent: asking for the state a secret is already in succeeds and
//! changes nothing (the file is not rewritten).

use clap::Args;

use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::{Action, Field, Name, StateChange};
use crate::output;
use crate::store;
use crate::store::op::FieldValue;
use crate::vault::Location;

/// Delete secrets (soft: versions are kept and restore brings them back)
#[derive(Debug, Args)]
pub struct DeleteArgs {
    #[arg(required = true, value_name = "NAME", value_parser = Name::parse)]
    pub names: Vec<Name>,
}

/// Examples for `coffer secrets:delete --help` and its man page: (what, command line).
pub const DELETE_EXAMPLES: Examples = &[(
    "Delete two secrets (restore brings them back)",
    "coffer secrets:delete OLD_KEY staging/token",
)];

/// Bring back a deleted secret
#[derive(Debug, Args)]
pub struct RestoreArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
}

/// Examples for `coffer secrets:restore --help` and its man page: (what, command line).
pub const RESTORE_EXAMPLES: Examples = &[("Undo a delete", "coffer secrets:restore OLD_KEY")];

/// Refuse reads of a secret until it is enabled again
#[derive(Debug, Args)]
pub struct DisableArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
}

/// Examples for `coffer secrets:disable --help` and its man page: (what, command line).
pub const DISABLE_EXAMPLES: Examples = &[(
    "Stop all reads of a leaked key",
    "coffer secrets:disable API_KEY",
)];

/// Allow reads of a disabled secret again
#[derive(Debug, Args)]
pub struct EnableArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
}

/// Examples for `coffer secrets:enable --help` and its man page: (what, command line).
pub const ENABLE_EXAMPLES: Examples = &[("Allow reads again", "coffer secrets:enable API_KEY")];

pub fn delete(loc: &Location, args: &DeleteArgs) -> Result<()> {
    let results = crate::vault::transact(loc, |ctx| {
        let mut results = Vec::new();
        for name in &args.names {
            // Only "no such secret" and "already deleted" fail one name; any
            // other error aborts the whole transaction, so a change never
            // commits without its audit row.
            let found = store::find(ctx.db, name).and_then(|s| s.check_not_deleted().map(|()| s));
            let secret = match found {
                Ok(s) => s,
                Err(e) => {
                    results.push((name, Err(e)));
                    continue;
                }
            };
            store::set_field(
                ctx,
                &secret,
                Field::DeletedAt,
                Some(FieldValue::Int(ctx.now)),
            )?;
            ctx.audit(Event::secret(Action::Deleted, name, Some(secret.version)))?;
            results.push((name, Ok(())));
        }
        Ok(results)
    })?;
    let mut first_failure = None;
    let failed = results.iter().filter(|(_, r)| r.is_err()).count();
    for (name, result) in results {
        match result {
            // A closed stdout must not hide a failure: keep going.
            Ok(()) => output::line(&format!("deleted {name}")).unwrap_or(()),
            Err(e) => {
                output::error(&e);
                first_failure.get_or_insert(e.exit);
            }
        }
    }
    match first_failure {
        None => Ok(()),
        Some(exit) => Err(Error::new(
            exit,
            format!(
                "{failed} of {} {} not deleted",
                crate::output::count(args.names.len() as u64, "secret"),
                crate::output::plural(failed as u64, "was", "were")
            ),
        )),
    }
}

pub fn restore(loc: &Location, args: &RestoreArgs) -> Result<()> {
    set_state(loc, &args.name, StateChange::Restore)
}

pub fn disable(loc: &Location, args: &DisableArgs) -> Result<()> {
    set_state(loc, &args.name, StateChange::Disable)
}

pub fn enable(loc: &Location, args: &EnableArgs) -> Result<()> {
    set_state(loc, &args.name, StateChange::Enable)
}

/// Make `change`, unless the secret is in that state already.
fn set_state(loc: &Location, name: &str, change: StateChange) -> Result<()> {
    let changed = crate::vault::transact(loc, |ctx| {
        let secret = store::find(ctx.db, name)?;
        let (already, value) = match change {
            StateChange::Restore => (secret.deleted_at.is_none(), None),
            StateChange::Disable => {
                secret.check_not_deleted()?;
                (!secret.enabled, Some(FieldValue::Int(0)))
            }
            StateChange::Enable => {
                secret.check_not_deleted()?;
                (secret.enabled, Some(FieldValue::Int(1)))
            }
        };
        if already {
            return Ok(false);
        }
        store::set_field(ctx, &secret, change.field(), value)?;
        ctx.audit(Event::secret(change.action(), name, Some(secret.version)))?;
        Ok(true)
    })?;
    let action = change.action().as_str();
    if changed {
        output::line(&format!("{action} {name}"))
    } else {
        let state = match change {
            StateChange::Restore => "not deleted",
            _ => action,
        };
        output::line(&format!("{name} is already {state}; nothing changed"))
    }
}
