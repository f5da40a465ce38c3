//! Type-aware checks of a secret's value: what a `certificate` or an
//! `ssh_key` says about itself.
//!
//! - A `certificate` (PEM, the first CERTIFICATE block, or DER) has an
//!   expiry of its own, its notAfter. When no `--expires-in`/`--expires-at`
//!   is given, it becomes the secret's expiry, so `secrets:list
//!   --expiring-within` and `status` see it; when one is given and differs
//!   from notAfter by more than a day, that is a warning.
//! - An `ssh_key` (an OpenSSH private key, encrypted or not, or a public key
//!   line) has a public-key fingerprint, `SHA256:...` as `ssh-keygen -l`
//!   prints it.
//!
//! A value that does not parse as its declared type is a warning, never a
//! refusal: coffer stores what it is given.
//!
//! These public facts of the current value are kept as reserved metadata
//! ([`NOT_AFTER_KEY`], [`SSH_FINGERPRINT_KEY`]; users cannot set `coffer.`
//! keys), written through journal ops by the command that writes the value,
//! before its audit row, so replays agree and the audit binding covers them.
//! `secrets:list` shows them without reading a value. `secrets:versions`,
//! which already reads every version to fingerprint it, computes them per
//! version at display time.

use std::collections::BTreeMap;

use crate::error::Result;
use crate::model::Field;
use crate::output;
use crate::store::{self, Ctx, Secret, op::FieldValue};

/// Reserved metadata: a certificate's notAfter (RFC 3339, UTC).
pub const NOT_AFTER_KEY: &str = "coffer.not_after";
/// Reserved metadata: an SSH key's public-key fingerprint (`SHA256:...`).
pub const SSH_FINGERPRINT_KEY: &str = "coffer.ssh_fingerprint";

/// How far an expiry given by hand may be from a certificate's notAfter
/// before coffer warns: a date typed without a time is up to a day off.
const EXPIRY_SLACK_SECONDS: i64 = 86_400;

/// What a value says about itself, given its declared type.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Typed {
    /// A certificate's notAfter, as a Unix time.
    pub not_after: Option<i64>,
    /// An SSH key's public-key fingerprint, `SHA256:...`.
    pub ssh_fingerprint: Option<String>,
    /// Why the value is not what its type says (never quoting the value).
    pub problem: Option<String>,
}

impl Typed {
    /// The reserved metadata these facts make.
    pub fn facts(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        if let Some(t) = self.not_after {
            out.insert(NOT_AFTER_KEY.to_owned(), crate::time::format(t));
        }
        if let Some(f) = &self.ssh_fingerprint {
            out.insert(SSH_FINGERPRINT_KEY.to_owned(), f.clone());
        }
        out
    }
}

/// Read what a value of type `kind` says about itself (nothing for types
/// without a structure).
pub fn read(kind: &str, value: &[u8]) -> Typed {
    match kind {
        "certificate" => match not_after(value) {
            Ok(t) => Typed {
                not_after: Some(t),
                ..Typed::default()
            },
            Err(why) => Typed {
                problem: Some(format!("does not parse as a certificate ({why})")),
                ..Typed::default()
            },
        },
        "ssh_key" => match ssh_fingerprint(value) {
            Ok(f) => Typed {
                ssh_fingerprint: Some(f),
                ..Typed::default()
            },
            Err(why) => Typed {
                problem: Some(format!("does not parse as an SSH key ({why})")),
                ..Typed::default()
            },
        },
        _ => Typed::default(),
    }
}

/// [`read`], warning (on stderr) when the value is not what `kind` says or
/// when `expiry`, given by hand, disagrees with the certificate's own.
pub fn inspect(name: &str, kind: &str, value: &[u8], expiry: Option<i64>) -> Typed {
    let typed = read(kind, value);
    if let Some(problem) = &typed.problem {
        output::warn(&format!(
            "the value of {} {problem}; it is stored as given",
            output::clean_line(name)
        ));
    }
    if let (Some(cert), Some(given)) = (typed.not_after, expiry)
        && (cert - given).abs() > EXPIRY_SLACK_SECONDS
    {
        output::warn(&format!(
            "the certificate in {} expires at {}, but its expiry is set to {}",
            output::clean_line(name),
            crate::time::format(cert),
            crate::time::format(given)
        ));
    }
    typed
}

/// Record the facts of `secret`'s new current value as its reserved
/// metadata (and drop facts a new value no longer has). With
/// `follow_expiry`, a certificate's notAfter also becomes the secret's
/// expiry. Call before the command's audit row, so the row binds them.
pub fn record(ctx: &Ctx<'_>, secret: &Secret, typed: &Typed, follow_expiry: bool) -> Result<()> {
    let facts = typed.facts();
    for key in [NOT_AFTER_KEY, SSH_FINGERPRINT_KEY] {
        match facts.get(key) {
            Some(v) if secret.metadata.get(key) != Some(v) => {
                store::set_metadata(ctx, secret, key, v)?
            }
            None if secret.metadata.contains_key(key) => store::unset_metadata(ctx, secret, key)?,
            _ => {}
        }
    }
    if follow_expiry
        && let Some(t) = typed.not_after
        && secret.expires_at != Some(t)
    {
        store::set_field(ctx, secret, Field::ExpiresAt, Some(FieldValue::Int(t)))?;
    }
    Ok(())
}

/// A certificate's notAfter: the first CERTIFICATE block of a PEM text, or
/// DER.
fn not_after(value: &[u8]) -> std::result::Result<i64, String> {
    use x509_parser::pem::Pem;
    let looks_pem = value.windows(11).any(|w| w == b"-----BEGIN ");
    if looks_pem {
        for pem in Pem::iter_from_buffer(value) {
            let pem = pem.map_err(|e| format!("bad PEM: {e}"))?;
            if pem.label == "CERTIFICATE" || pem.label == "X509 CERTIFICATE" {
                let cert = pem
                    .parse_x509()
                    .map_err(|e| format!("bad X.509 certificate: {e}"))?;
                return Ok(cert.validity().not_after.timestamp());
            }
        }
        return Err("no CERTIFICATE block in the PEM text".into());
    }
    let (_, cert) = x509_parser::parse_x509_certificate(value)
        .map_err(|e| format!("neither PEM nor a DER X.509 certificate: {e}"))?;
    Ok(cert.validity().not_after.timestamp())
}

/// An SSH key's public-key fingerprint (SHA-256, as `ssh-keygen -l`).
fn ssh_fingerprint(value: &[u8]) -> std::result::Result<String, String> {
    use ssh_key::{HashAlg, PrivateKey, PublicKey};
    let text = std::str::from_utf8(value).map_err(|_| "not text".to_owned())?;
    let trimmed = text.trim();
    let public = if trimmed.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----") {
        // Only the public half is used; an encrypted key's public half is
        // in the clear, so no passphrase is needed.
        PrivateKey::from_openssh(trimmed)
            .map_err(|e| format!("bad OpenSSH private key: {e}"))?
            .public_key()
            .clone()
    } else if trimmed.starts_with("-----BEGIN ") {
        return Err(
            "a PEM key that is not in OpenSSH format (convert it with `ssh-keygen -p -f FILE`)"
                .into(),
        );
    } else {
        PublicKey::from_openssh(trimmed).map_err(|e| format!("bad public key: {e}"))?
    };
    Ok(public.fingerprint(HashAlg::Sha256).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_types_have_no_facts_and_no_problem() {
        assert_eq!(read("password", b"hunter22"), Typed::default());
    }

    #[test]
    fn garbage_is_a_problem_that_never_quotes_the_value() {
        for kind in ["certificate", "ssh_key"] {
            let typed = read(kind, b"s3cret-not-a-key");
            let problem = typed.problem.clone().expect("a problem");
            assert!(!problem.contains("s3cret"), "{problem}");
            assert!(typed.facts().is_empty());
        }
    }

    #[test]
    fn a_public_key_line_has_a_fingerprint() {
        // From ssh-key's own test vectors (id_ed25519.pub).
        let line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILM+rvN+ot98qgEN796jTiQfZfG1KaT0PtFDJ/XFSqti user@example.com";
        let typed = read("ssh_key", line.as_bytes());
        assert_eq!(
            typed.ssh_fingerprint.as_deref(),
            Some("SHA256:UCUiLr7Pjs9wFFJMDByLgc3NrtdU344OgUM45wZPcIQ")
        );
    }
}
