//! Trust: whose signature an opener accepts (the crate docs, "Signatures"
//! under [where each promise is kept](crate#nothing-is-changed-silently)).
//! The checkpoint's signature must cover the head the vault records and be a
//! member's; its signer, and every record's author in replay, must be a key
//! this opener trusts: the user's own, one pinned on this machine
//! (`vault:trust`, kept in [`super::state`]) or one given in
//! `COFFER_EXPECT`. An unsigned vault is trusted only once accepted, and
//! never after this machine saw it signed.

use super::{TrustCheck, Vault, replay, sign, state};
use crate::audit;
use crate::error::{Error, Result};

/// The signing keys an opener trusts to have written a vault.
pub(super) struct Trusting {
    pub(super) keys: Vec<String>,
    pub(super) skip: bool,
}

impl replay::Judge for Trusting {
    fn trusts(&self, key: &str) -> Result<bool> {
        Ok(self.skip || self.keys.iter().any(|k| k == key))
    }
}

impl Vault {
    /// What this machine trusts for this vault.
    /// Read once per command: the signer check and the replay both ask.
    pub(super) fn trust(&self) -> Result<&state::Trust> {
        if let Some(t) = self.trust.get() {
            return Ok(t);
        }
        let t = match &self.state_dir {
            Some(dir) => state::load_trust(dir, &self.id()?)?,
            None => state::Trust::default(),
        };
        Ok(self.trust.get_or_init(|| t))
    }

    /// Read what this machine trusts again, after `vault:trust` changed it.
    pub fn reload_trust(&mut self) {
        self.trust.take();
    }

    /// Why this opener trusts the vault's signer: `None` when it does not.
    /// An unsigned vault is trusted only when the user accepted it with
    /// `vault:trust --unsigned`, and never once this machine saw it signed.
    pub fn trusted_because(&self) -> Result<Option<&'static str>> {
        let trust = self.trust()?;
        Ok(match &self.signed {
            Some(s) if s.signer == self.own_key() => Some("your own key"),
            Some(s) if self.expect.keys.contains(&s.signer) => Some("COFFER_EXPECT / --expect"),
            Some(s) if trust.keys.contains(&s.signer) => Some("pinned on this machine"),
            Some(_) => None,
            None if trust.unsigned && !trust.signed => Some("unsigned, accepted on this machine"),
            None => None,
        })
    }

    /// Remember that this machine saw the vault signed. A failure only
    /// weakens a later check, so it is not an error.
    pub(super) fn note_signed(&self) {
        if let (Some(dir), Ok(id)) = (&self.state_dir, self.id()) {
            let _ = state::note_signed(dir, &id);
        }
    }

    /// Refuse a vault whose signature does not vouch for it as it is, or whose
    /// signer this opener does not trust (see [`sign`]).
    pub(super) fn check_signer(&self, trust: TrustCheck) -> Result<()> {
        let path = self.path.display();
        match &self.signed {
            Some(s) => {
                let recorded = crate::store::meta(&self.conn, audit::HEAD_KEY).ok();
                if recorded.as_deref() != Some(s.head.as_str()) {
                    return Err(Error::integrity(format!(
                        "vault {path} was changed after its last signed write: the signature covers audit head {}, but the vault records {}",
                        s.head,
                        recorded.as_deref().map_or("none".into(), crate::output::clean_line)
                    ))
                    .hint("restore the vault from a backup or from git, and find out who changed it"));
                }
                if !sign::is_member_key(&self.conn, &s.signer)? {
                    return Err(Error::integrity(format!(
                        "vault {path} is signed by {}, which is no member's signing key",
                        s.signer
                    ))
                    .hint("the vault was forged or altered; do not use it, and restore it from a backup or from git"));
                }
            }
            None if self.schema_version >= 3 => {
                return Err(Error::integrity(format!(
                    "vault {path} is not signed, but every vault of schema 3 is"
                ))
                .hint("the vault was forged or altered; do not use it, and restore it from a backup or from git"));
            }
            None => {}
        }
        if trust == TrustCheck::Skip || self.trusted_because()?.is_some() {
            if self.signed.is_some() && trust == TrustCheck::Enforce && !self.trust()?.signed {
                self.note_signed();
            }
            return Ok(());
        }
        if self.signed.is_none() && self.trust()?.signed {
            return Err(Error::integrity(format!(
                "vault {path} is not signed, but this machine has seen vault {} signed: an unsigned copy is a downgrade or a forgery",
                self.id()?
            ))
            .hint("do not use this file; restore the vault from a backup or from git"));
        }
        Err(match &self.signed {
            Some(s) => Error::integrity(format!(
                "vault {path} was last written by {}, a signing key this machine does not trust (yours is {})",
                s.signer,
                self.own_key()
            ))
            .hint(format!(
                "anyone who has your public key can make a vault encrypted to you, so coffer reads only vaults signed by keys you trust; if that key is a teammate's (ask them for the key `coffer status` shows), pin it with `coffer vault:trust {}`; otherwise do not use this file",
                s.signer
            )),
            None => Error::integrity(format!(
                "vault {path} is not signed: it was made before coffer signed vaults (coffer 0.1), or forged"
            ))
            .hint("anyone who has your public key can make such a vault; if you know this one is yours, accept it on this machine with `coffer vault:trust --unsigned` (its next write signs it)"),
        })
    }
}
