//! `coffer init`: an identity if there is none, then a new vault encrypted to it.
//!
//! The identity file is the only copy of the key the vault is encrypted
//! to, so success names it and says to back it up. Run again where the
//! vault is and the identity is gone, init says the identity is lost (the
//! error every command gives then, [`crate::vault::identity::lost`]): a
//! new identity would open nothing in that vault, and one made at the lost
//! one's path would be overwritten by restoring the backup, so a new vault
//! is pointed at a new identity file as well.

use clap::Args;

use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::output;
use crate::store;
use crate::vault::{Location, Vault, identity};

/// Create an identity (if needed) and a new, empty vault
#[derive(Debug, Args)]
pub struct InitArgs {
    /// A name for the vault, shown by `status`
    #[arg(long)]
    pub name: Option<String>,
    /// Write the vault as ASCII-armored age (friendlier to git and email)
    #[arg(long)]
    pub armor: bool,
}

/// Examples for `coffer init --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Create ~/.config/coffer/identity.txt (if missing) and the default vault",
        "coffer init",
    ),
    (
        "A team vault in a git repository, armored for readable diffs",
        "coffer init --vault team.vault --armor --name team",
    ),
    (
        "Without a terminal, protect the identity with a passphrase from a file",
        "coffer init --passphrase-file pass.txt",
    ),
];

pub fn run(loc: &Location, args: &InitArgs) -> Result<()> {
    if loc.vault.exists() {
        if let Some(lost) = loc.lost_identity() {
            let hint = lost.hint.clone().unwrap_or_default();
            return Err(lost.hint(format!(
                "{hint}; to start a new vault instead, give it a new identity file too, `coffer init --vault NEW_PATH --identity NEW_FILE`: a new key at {} would take the place of the lost one, and restoring your backup there would overwrite it",
                loc.identity.display()
            )));
        }
        return Err(
            Error::failure(format!("a vault already exists at {}", loc.vault.display()))
                .hint("coffer never overwrites a vault; choose another path with --vault"),
        );
    }
    let (identity, created) = if loc.identity.exists() {
        (identity::load(&loc.identity, &loc.passphrase)?, false)
    } else {
        let pass = identity::new_passphrase(&loc.passphrase)?;
        if pass.is_none() {
            output::warn(&format!(
                "the identity {} has no passphrase: anyone who can read it can decrypt the vault",
                loc.identity.display()
            ));
        }
        (identity::create(&loc.identity, pass)?, true)
    };
    let recipient = identity.to_public().to_string();
    let member = std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty() && u.chars().all(|c| !c.is_control()))
        .unwrap_or_else(|| "owner".to_owned());
    let mut vault_id = String::new();
    Vault::create(loc, identity, args.armor, |db, signing_key| {
        vault_id = store::init_vault(db, &recipient, signing_key, &member, args.name.as_deref())?;
        Ok(())
    })?;
    if created {
        output::line(&format!(
            "created identity {} (public key {recipient})",
            loc.identity.display()
        ))?;
    }
    output::line(&format!(
        "created vault {} (id {vault_id})",
        loc.vault.display()
    ))?;
    output::line(&format!(
        "back up {} now (and keep it private): the vault is encrypted to its key, and without it nothing in the vault can be decrypted",
        loc.identity.display()
    ))
}
