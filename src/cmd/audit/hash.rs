//! `coffer audit:hash`: a value's fingerprint, as audit rows carry it.

use crate::cli::HashArgs;
use crate::cmd::secrets::ValueArgs;
use crate::error::{Error, Result};
use crate::output;
use crate::store::Ctx;
use crate::vault::{Location, Vault};

pub fn run(loc: &Location, args: &HashArgs) -> Result<()> {
    use std::io::IsTerminal;
    if args.value.is_none() && args.from_file.is_none() && !std::io::stdin().is_terminal() {
        return Err(Error::usage("no value given to fingerprint")
            .hint("give VALUE, `-` to read stdin, or --from-file FILE"));
    }
    let value_args = ValueArgs {
        value: args.value.clone(),
        from_file: args.from_file.clone(),
        // Nothing is stored, so one prompt is enough.
        no_confirm: true,
        ..ValueArgs::default()
    };
    let value = crate::cmd::secrets::read_value(&value_args, "audit:hash", true)?
        .expect("a required value is read or refused");
    let vault = Vault::open_read(loc)?;
    let ctx = Ctx::new(vault.conn(), &vault.recipient().to_string())?;
    output::line(&ctx.fingerprint(&value))
}
