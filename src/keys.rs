//! The keys a user's age identity stands for besides itself: the Ed25519
//! signing key that signs every checkpoint and record they write
//! ([`crate::vault::sign`], `man/coffer-vault.5`), derived from the identity
//! with HKDF-SHA256 so that there is nothing new to keep.
//!
//! Pure: no I/O, no state. It lies below both [`crate::vault`] and
//! [`crate::agent`]: a command derives the key from an identity it holds,
//! the agent from the one it was given, and neither calls the other for it.

use ed25519_dalek::SigningKey;
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

/// The member's signing key, derived from their age identity.
pub fn signing_key(identity: &age::x25519::Identity) -> SigningKey {
    use age::secrecy::ExposeSecret;
    let secret = identity.to_string();
    let hk = Hkdf::<Sha256>::new(
        Some(b"coffer-signing-key-v1"),
        secret.expose_secret().as_bytes(),
    );
    let mut seed = Zeroizing::new([0u8; 32]);
    hk.expand(b"ed25519", seed.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 length");
    SigningKey::from_bytes(&seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_derived_from_the_identity() {
        let id: age::x25519::Identity =
            "AGE-SECRET-KEY-1GQ9778VQXMMJVE8SK7J6VT8UJ4HDQAJUVSFCWCM02D8GEWQ72PVQ2Y5J33"
                .parse()
                .unwrap();
        let a = signing_key(&id);
        let b = signing_key(&id);
        assert_eq!(a.to_bytes(), b.to_bytes());
        let other = signing_key(&age::x25519::Identity::generate());
        assert_ne!(a.to_bytes(), other.to_bytes());
    }
}
