//! `coffer secrets:rotate NAME [VALUE | --generate]`: a new value as a version
//! of kind `rotate`.

use crate::audit::Event;
use crate::cli::RotateArgs;
use crate::error::{Error, Result};
use crate::output;
use crate::store;
use crate::vault::Location;

pub fn run(loc: &Location, args: &RotateArgs) -> Result<()> {
    let value = super::read_value(&args.value, &args.name, true)?.expect("required");
    let n = crate::vault::transact(loc, |ctx| {
        let secret = store::find(ctx.db, &args.name)?;
        secret.check_not_deleted()?;
        let current = store::version(ctx.db, &secret, None)?;
        if *current.value == *value {
            return Err(Error::usage(format!(
                "the new value of {} is the same as the current one; nothing was rotated",
                args.name
            )));
        }
        let n = store::add_version(ctx, &secret, &value, "rotate", None)?;
        let typed = crate::typecheck::inspect(&args.name, &secret.kind, &value, None);
        crate::typecheck::record(ctx, &secret, &typed, true)?;
        ctx.audit(
            Event::secret("rotated", &args.name, Some(n))
                .detail("fingerprint", ctx.fingerprint(&value)),
        )?;
        Ok(n)
    })?;
    output::line(&format!("rotated {} (version {n})", args.name))
}
