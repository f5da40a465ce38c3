//! `coffer vault:trust KEY | --unsigned`: pin, on this machine, a signing key
//! trusted to write the vault, or accept a vault made before signing.

use clap::Args;

use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::output;
use crate::vault::{Location, TrustCheck, Vault};

/// Trust a signing key as a writer of this vault, on this machine
///
/// Every save is signed by its writer's key (derived from their identity;
/// `coffer status` shows yours), and coffer opens only vaults last
/// written by a key it trusts: your own, one pinned here, or one in
/// COFFER_EXPECT. Anyone holding your public key can make a vault
/// encrypted to you; the signature is what tells yours from theirs.
/// Pin a teammate's key after checking it with them. --unsigned accepts
/// a vault made before coffer signed vaults (coffer 0.1) on this machine;
/// its next write signs it.
#[derive(Debug, Args)]
pub struct TrustArgs {
    /// The signing key to trust (ed25519:HEX)
    #[arg(value_name = "KEY", required_unless_present = "unsigned",
          conflicts_with = "unsigned", value_parser = parse_signing_key)]
    pub key: Option<String>,
    /// Accept this unsigned vault (made by coffer 0.1) on this machine
    #[arg(long)]
    pub unsigned: bool,
}

/// Examples for `coffer vault:trust --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Trust a teammate's key (they read it from `coffer status`)",
        "coffer vault:trust ed25519:3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29",
    ),
    (
        "Accept a vault made by coffer 0.1 on a new machine",
        "coffer vault:trust --unsigned",
    ),
];

fn parse_signing_key(s: &str) -> Result<String, String> {
    crate::vault::sign::parse_public(s).map(|k| crate::vault::sign::public_text(&k))
}

pub fn run(loc: &Location, args: &TrustArgs) -> Result<()> {
    let dir = loc.state_dir.as_ref().ok_or_else(|| {
        Error::failure("this platform has no state folder to keep trusted keys in")
            .hint("pin the key for each command with COFFER_EXPECT instead")
    })?;
    // Opened without the trust check (that is what this command changes),
    // but every other check holds: the schema, the signature itself, and
    // that the signer is a member.
    let mut vault = Vault::open_write_checking(loc, TrustCheck::Skip)?;
    let id = vault.id()?;
    let entry = match (&args.key, args.unsigned) {
        (Some(key), _) => key.clone(),
        (None, _) => {
            if let Some(s) = vault.signed().filter(|s| s.signer == vault.own_key()) {
                return Err(Error::usage(format!(
                    "vault {} is signed by your own key ({}); there is nothing to accept",
                    vault.path().display(),
                    s.signer
                )));
            }
            if let Some(s) = vault.signed() {
                return Err(Error::usage(format!(
                    "vault {} is signed (by {}); --unsigned is only for vaults made before coffer signed them",
                    vault.path().display(),
                    s.signer
                ))
                .hint(format!("to trust its signer, run `coffer vault:trust {}`", s.signer)));
            }
            if crate::vault::state::load_trust(dir, &id)?.signed {
                return Err(Error::integrity(format!(
                    "this machine has seen vault {id} signed; refusing to accept an unsigned copy of it"
                ))
                .hint("an unsigned copy of a signed vault is a downgrade or a forgery; restore the vault from a backup or from git"));
            }
            "unsigned".to_owned()
        }
    };
    let added = crate::vault::state::add_trust(dir, &id, &entry)?;
    vault.reload_trust();
    if entry == "unsigned" {
        output::line(&format!(
            "{} unsigned vault {id} on this machine; its next write signs it",
            if added {
                "accepted"
            } else {
                "already accepted:"
            }
        ))?;
    } else {
        output::line(&format!(
            "{} signing key {entry} for vault {id} on this machine",
            if added { "trusted" } else { "already trusted:" }
        ))?;
    }
    match (vault.signed(), vault.trusted_because()?) {
        (Some(s), None) => output::warn(&format!(
            "the vault was last written by {}, which is still not trusted",
            s.signer
        )),
        (Some(s), Some(why)) => output::line(&format!(
            "the vault was last written by {} ({why})",
            s.signer
        ))?,
        (None, _) => {}
    }
    Ok(())
}
