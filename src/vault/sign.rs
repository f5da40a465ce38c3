//! Who wrote a vault: every save is signed by its writer, and every open
//! checks the signature against the keys the opener trusts.
//!
//! age does not authenticate the sender: anyone holding a member's public
//! key can encrypt a whole vault of their own making to it. So each member
//! has an Ed25519 signing key, derived from their age identity with
//! HKDF-SHA256 ([`crate::keys`]: nothing new to keep), whose public half is in
//! their member row. Every save signs the vault id and the audit head
//! (`SEQ:HASH`), which through the audit chain and its data binding
//! (`audit::bind`) vouches for everything the vault holds. The signature is
//! kept in `meta` as `signature` = `ed25519:PUBHEX SEQ:HASH SIGHEX`.
//!
//! On open, the signature must verify, cover the head the vault records, be
//! made by a member's key, and that key must be trusted by the opener: their
//! own, one pinned on this machine (`coffer vault:trust`), or one given in
//! `COFFER_EXPECT`. Team vaults (signed records) build on the same keys.

use ed25519_dalek::{Signature, Signer as _, SigningKey, Verifier as _, VerifyingKey};
use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};

/// The `meta` key of the writer's signature.
pub const META_KEY: &str = "signature";

/// How a signing key's public half is written: `ed25519:` and 64 hex digits.
const PREFIX: &str = "ed25519:";

/// A signing key's public half as text (`ed25519:HEX`).
pub fn public_text(key: &VerifyingKey) -> String {
    format!("{PREFIX}{}", hex::encode(key.as_bytes()))
}

/// Parse `ed25519:HEX` (64 lowercase or uppercase hex digits).
pub fn parse_public(text: &str) -> std::result::Result<VerifyingKey, String> {
    let hex_part = text
        .trim()
        .strip_prefix(PREFIX)
        .ok_or("a signing key starts with `ed25519:`")?;
    let bytes: [u8; 32] = hex::decode(hex_part)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("a signing key is `ed25519:` and 64 hexadecimal digits")?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| "not a valid Ed25519 public key".to_owned())
}

/// What is signed: a domain tag, the vault id and the head, NUL-separated.
fn message(vault_id: &str, head: &str) -> Vec<u8> {
    let mut m = b"coffer-vault-signature-v1\0".to_vec();
    m.extend_from_slice(vault_id.as_bytes());
    m.push(0);
    m.extend_from_slice(head.as_bytes());
    m
}

fn meta(db: &Connection, key: &str) -> Result<Option<String>> {
    Ok(db
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

/// Sign the vault's current head with `key`, inside the caller's transaction.
pub fn sign(db: &Connection, key: &SigningKey) -> Result<()> {
    sign_with(db, &key.verifying_key(), |m| Ok(key.sign(m)))
}

/// [`sign`] with the key a vault was opened with (held here or by the agent).
pub fn sign_by(db: &Connection, key: &super::identity::Key) -> Result<()> {
    sign_with(db, &key.verifying_key(), |m| key.sign(m))
}

fn sign_with(
    db: &Connection,
    public: &VerifyingKey,
    sign: impl FnOnce(&[u8]) -> Result<Signature>,
) -> Result<()> {
    let vault_id =
        meta(db, "vault_id")?.ok_or_else(|| Error::integrity("the vault has no vault_id"))?;
    let head = meta(db, crate::audit::HEAD_KEY)?
        .ok_or_else(|| Error::integrity("the vault has no audit head to sign"))?;
    let sig = sign(&message(&vault_id, &head))?;
    let text = format!(
        "{} {head} {}",
        public_text(public),
        hex::encode(sig.to_bytes())
    );
    db.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        params![META_KEY, text],
    )?;
    Ok(())
}

/// A vault's signature, checked: it verifies over the vault id and the head
/// it names.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The signer's public key, `ed25519:HEX`.
    pub signer: String,
    /// The head it covers, `SEQ:HASH`.
    pub head: String,
}

fn forged(why: &str) -> Error {
    Error::integrity(format!("the vault's signature is invalid: {why}")).hint(
        "the vault was not written by coffer as it is now; restore it from a backup or from git",
    )
}

/// Read and check the vault's signature: `None` when it has none.
pub fn read(db: &Connection) -> Result<Option<Signed>> {
    let Some(text) = meta(db, META_KEY)? else {
        return Ok(None);
    };
    let mut parts = text.split(' ');
    let (Some(signer), Some(head), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(forged("it is malformed"));
    };
    let key = parse_public(signer).map_err(|e| forged(&e))?;
    let sig: [u8; 64] = hex::decode(sig)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| forged("it is malformed"))?;
    let vault_id =
        meta(db, "vault_id")?.ok_or_else(|| Error::integrity("the vault has no vault_id"))?;
    key.verify(&message(&vault_id, head), &Signature::from_bytes(&sig))
        .map_err(|_| forged("it does not match the vault id and head it names"))?;
    Ok(Some(Signed {
        signer: public_text(&key),
        head: head.to_owned(),
    }))
}

/// Whether `key` (`ed25519:HEX`) is some member's signing key.
pub fn is_member_key(db: &Connection, key: &str) -> Result<bool> {
    Ok(db
        .query_row("SELECT 1 FROM member WHERE signing_key = ?1", [key], |_| {
            Ok(())
        })
        .optional()?
        .is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_key_reads_back_from_its_text() {
        let id: age::x25519::Identity =
            "AGE-SECRET-KEY-1GQ9778VQXMMJVE8SK7J6VT8UJ4HDQAJUVSFCWCM02D8GEWQ72PVQ2Y5J33"
                .parse()
                .unwrap();
        let a = crate::keys::signing_key(&id);
        let text = public_text(&a.verifying_key());
        assert!(text.starts_with("ed25519:") && text.len() == 8 + 64);
        assert_eq!(parse_public(&text).unwrap(), a.verifying_key());
        for bad in ["", "ed25519:", "ed25519:zz", "ssh-ed25519 AAAA", &text[1..]] {
            assert!(parse_public(bad).is_err(), "{bad:?}");
        }
    }
}
