//! `coffer init`: an identity if there is none, then a new vault encrypted to it.

use rand::RngCore;
use rusqlite::params;

use crate::audit::Event;
use crate::cli::InitArgs;
use crate::error::{Error, Result};
use crate::output;
use crate::store::Ctx;
use crate::vault::{Location, Vault, identity};

pub fn run(loc: &Location, args: &InitArgs) -> Result<()> {
    if loc.vault.exists() {
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
    let mut id = [0u8; 16];
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(&mut id);
    rand::rngs::OsRng.fill_bytes(key.as_mut());
    let vault_id = hex::encode(id);
    let member = std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty() && u.chars().all(|c| !c.is_control()))
        .unwrap_or_else(|| "owner".to_owned());
    let now = crate::time::now();
    Vault::create(loc, identity, args.armor, |db| {
        let mut put = db.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
        put.execute(params!["vault_id", vault_id])?;
        put.execute(params!["hmac_key", hex::encode(key.as_slice())])?;
        put.execute(params!["created_at", now.to_string()])?;
        put.execute(params!["created_by_version", env!("CARGO_PKG_VERSION")])?;
        if let Some(name) = &args.name {
            put.execute(params!["name", name])?;
        }
        db.execute(
            "INSERT INTO member (name, recipient, role, added_at) VALUES (?1, ?2, 'admin', ?3)",
            params![member, recipient, now],
        )?;
        let ctx = Ctx::new(db, &recipient)?;
        ctx.audit(Event::vault("initialized").detail("recipient", recipient.clone()))?;
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
    ))
}
