//! `coffer audit:hash`: a value's fingerprint, as audit rows carry it.

use std::path::PathBuf;

use clap::Args;

use crate::cmd::Examples;
use crate::cmd::secrets::ValueArgs;
use crate::error::{Error, Result};
use crate::output;
use crate::store::Ctx;
use crate::vault::{Location, Vault};

/// Print a value's fingerprint, to find the audit rows that touched it
///
/// The fingerprint is HMAC-SHA256 of the value under this vault's own key,
/// as audit rows carry it; `audit:logs --fingerprint` finds those rows. The
/// value is read as secrets:create reads it (argument, `-` for stdin,
/// --from-file, or a hidden prompt on a terminal) and is never printed.
#[derive(Debug, Args)]
pub struct HashArgs {
    /// The value, or `-` to read it from stdin (one final newline is dropped,
    /// as `secrets:create -` drops it). Values in arguments land in your
    /// shell history: prefer `-`, --from-file, or the hidden prompt
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,
    /// Read the value from FILE, byte for byte
    #[arg(long, value_name = "FILE", conflicts_with = "value")]
    pub from_file: Option<PathBuf>,
}

/// Examples for `coffer audit:hash --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Which events touched a leaked token (typed at a hidden prompt)",
        "coffer audit:logs --fingerprint \"$(coffer audit:hash)\"",
    ),
    ("From a file", "coffer audit:hash --from-file leaked.pem"),
];

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
