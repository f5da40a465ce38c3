//! Journal records: one command's changes and audit rows, sealed, signed
//! and chained (`man 5 coffer-vault`, RECORDS; the crate docs,
//! [the life of a command](crate#the-life-of-a-command)).
//!
//! A record is stored as the MessagePack array `[body, signature]`, where
//! `body` (bin) is itself the MessagePack array
//!
//! ```text
//! [format, device, seq, lamport, [parent ids], author, salt, sealed]
//! ```
//!
//! - `format` is 1;
//! - `device` (8 bytes) names the clone that wrote it, `seq` counts that
//!   device's records from 1, and `lamport` is one more than the largest
//!   lamport of its parents (1 for a record whose parent is a checkpoint);
//! - `parents` are the ids of the records it was written on top of;
//! - `author` is the writer's Ed25519 public key (32 bytes);
//! - `sealed` is the payload, ChaCha20-Poly1305 with a zero nonce under the
//!   key HKDF-SHA256(salt = `salt` (16 random bytes), ikm = the vault's
//!   journal key, info = `coffer-record-v1`), with the associated data
//!   `"coffer-record-v1\0" || vault id (16 bytes) || msgpack([format, device,
//!   seq, lamport, parents, author, salt])`;
//! - `signature` is Ed25519 by `author` over
//!   `"coffer-record-v1\0" || vault id || body`.
//!
//! A record's id is SHA-256 of its stored bytes. The vault id is in the
//! associated data and the signature but not stored, so a record copied from
//! another vault neither opens nor verifies. The payload is
//! `[time, [ops]]` or `[time, [ops], base]` (see `store::op` and
//! `replay::WrittenOn`: the checkpoint it was written on).

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use serde_bytes::ByteBuf;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The record format this coffer writes and reads.
pub const FORMAT: u8 = 1;
const DOMAIN: &[u8] = b"coffer-record-v1\0";
const INFO: &[u8] = b"coffer-record-v1";

pub type Id = [u8; 32];
pub type Device = [u8; 8];

/// What a record says about itself in the clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub device: Device,
    pub seq: u64,
    pub lamport: u64,
    pub parents: Vec<Id>,
    pub author: [u8; 32],
}

/// A record as read from a journal: checked in shape, not yet opened.
#[derive(Debug, Clone)]
pub struct Record {
    pub header: Header,
    pub id: Id,
    len: usize,
    salt: [u8; 16],
    sealed: Vec<u8>,
    body: Vec<u8>,
    signature: [u8; 64],
}

/// Why a record was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bad {
    /// Not a record of this format.
    Malformed(&'static str),
    /// A record of a later format, written by a newer coffer.
    Newer,
    /// The signature does not verify.
    Signature,
    /// The payload does not open under this vault's journal key.
    Seal,
}

impl std::fmt::Display for Bad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bad::Malformed(why) => write!(f, "it is malformed ({why})"),
            Bad::Newer => f.write_str("it was written by a newer coffer"),
            Bad::Signature => f.write_str("its signature does not verify"),
            Bad::Seal => f.write_str(
                "it does not decrypt with this vault's journal key (altered, or from another vault)",
            ),
        }
    }
}

type BodyFields = (
    u8,
    ByteBuf,
    u64,
    u64,
    Vec<ByteBuf>,
    ByteBuf,
    ByteBuf,
    ByteBuf,
);
type AadFields<'a> = (
    u8,
    &'a serde_bytes::Bytes,
    u64,
    u64,
    Vec<&'a serde_bytes::Bytes>,
    &'a serde_bytes::Bytes,
    &'a serde_bytes::Bytes,
);

fn aad(vault_id: &[u8; 16], h: &Header, salt: &[u8; 16]) -> Vec<u8> {
    let fields: AadFields<'_> = (
        FORMAT,
        serde_bytes::Bytes::new(&h.device),
        h.seq,
        h.lamport,
        h.parents
            .iter()
            .map(|p| serde_bytes::Bytes::new(p))
            .collect(),
        serde_bytes::Bytes::new(&h.author),
        serde_bytes::Bytes::new(salt),
    );
    let mut out = DOMAIN.to_vec();
    out.extend_from_slice(vault_id);
    out.extend(rmp_serde::to_vec(&fields).expect("a record header encodes"));
    out
}

fn cipher(journal_key: &[u8; 32], salt: &[u8; 16]) -> ChaCha20Poly1305 {
    let hk = Hkdf::<Sha256>::new(Some(salt), journal_key);
    let mut key = Zeroizing::new([0u8; 32]);
    hk.expand(INFO, key.as_mut())
        .expect("32 bytes is a valid HKDF-SHA256 length");
    ChaCha20Poly1305::new(Key::from_slice(key.as_ref()))
}

fn signed_message(vault_id: &[u8; 16], body: &[u8]) -> Vec<u8> {
    let mut m = Vec::with_capacity(DOMAIN.len() + 16 + body.len());
    m.extend_from_slice(DOMAIN);
    m.extend_from_slice(vault_id);
    m.extend_from_slice(body);
    m
}

/// Seal and sign `payload` as a record; returns its stored bytes and id.
/// `salt` is random in use and fixed only in golden vectors.
pub fn encode(
    vault_id: &[u8; 16],
    journal_key: &[u8; 32],
    signer: &SigningKey,
    header: &Header,
    salt: [u8; 16],
    payload: &[u8],
) -> (Vec<u8>, Id) {
    debug_assert_eq!(header.author, signer.verifying_key().to_bytes());
    encode_with(vault_id, journal_key, header, salt, payload, |m| {
        Ok::<_, std::convert::Infallible>(signer.sign(m))
    })
    .unwrap_or_else(|never| match never {})
}

/// [`encode`], signing with `sign` (a key held by an agent), whose error
/// is returned.
pub fn encode_with<E>(
    vault_id: &[u8; 16],
    journal_key: &[u8; 32],
    header: &Header,
    salt: [u8; 16],
    payload: &[u8],
    sign: impl FnOnce(&[u8]) -> Result<Signature, E>,
) -> Result<(Vec<u8>, Id), E> {
    let sealed = cipher(journal_key, &salt)
        .encrypt(
            Nonce::from_slice(&[0u8; 12]),
            Payload {
                msg: payload,
                aad: &aad(vault_id, header, &salt),
            },
        )
        .expect("ChaCha20-Poly1305 seals any payload under 256 GiB");
    let fields: BodyFields = (
        FORMAT,
        ByteBuf::from(header.device.to_vec()),
        header.seq,
        header.lamport,
        header
            .parents
            .iter()
            .map(|p| ByteBuf::from(p.to_vec()))
            .collect(),
        ByteBuf::from(header.author.to_vec()),
        ByteBuf::from(salt.to_vec()),
        ByteBuf::from(sealed),
    );
    let body = rmp_serde::to_vec(&fields).expect("a record body encodes");
    let signature = sign(&signed_message(vault_id, &body))?;
    let stored = rmp_serde::to_vec(&(
        serde_bytes::Bytes::new(&body),
        serde_bytes::Bytes::new(&signature.to_bytes()),
    ))
    .expect("a record encodes");
    let id = Sha256::digest(&stored).into();
    Ok((stored, id))
}

fn fixed<const N: usize>(b: ByteBuf, what: &'static str) -> Result<[u8; N], Bad> {
    b.into_vec().try_into().map_err(|_| Bad::Malformed(what))
}

/// Parse stored bytes into a record (nothing is verified yet).
pub fn decode(stored: &[u8]) -> Result<Record, Bad> {
    let (body, signature): (ByteBuf, ByteBuf) =
        rmp_serde::from_slice(stored).map_err(|_| Bad::Malformed("not [body, signature]"))?;
    let signature = fixed::<64>(signature, "the signature is not 64 bytes")?;
    // A later format keeps the body an array whose first item is the format.
    if let [0x90..=0x9f, format @ 0x02..=0x7f, ..] = body.as_slice()
        && *format > FORMAT
    {
        return Err(Bad::Newer);
    }
    let (format, device, seq, lamport, parents, author, salt, sealed): BodyFields =
        rmp_serde::from_slice(&body).map_err(|_| Bad::Malformed("its body has the wrong shape"))?;
    if format != FORMAT {
        return Err(Bad::Malformed("unknown record format"));
    }
    if seq == 0 || lamport == 0 {
        return Err(Bad::Malformed("seq and lamport start at 1"));
    }
    let header = Header {
        device: fixed(device, "the device is not 8 bytes")?,
        seq,
        lamport,
        parents: parents
            .into_iter()
            .map(|p| fixed(p, "a parent id is not 32 bytes"))
            .collect::<Result<_, _>>()?,
        author: fixed(author, "the author key is not 32 bytes")?,
    };
    let salt = fixed(salt, "the salt is not 16 bytes")?;
    // One record has one encoding, so one id: the outer array must be what
    // coffer writes for this body and signature.
    let again = rmp_serde::to_vec(&(
        serde_bytes::Bytes::new(&body),
        serde_bytes::Bytes::new(&signature),
    ))
    .expect("a record encodes");
    if again != stored {
        return Err(Bad::Malformed("not canonically encoded"));
    }
    let record = Record {
        header,
        id: Sha256::digest(stored).into(),
        len: stored.len(),
        salt,
        sealed: sealed.into_vec(),
        body: body.into_vec(),
        signature,
    };
    Ok(record)
}

impl Record {
    /// The length of its stored bytes.
    pub fn stored_len(&self) -> usize {
        self.len
    }

    /// Check the author's signature over the record, for this vault.
    pub fn verify(&self, vault_id: &[u8; 16]) -> Result<(), Bad> {
        let key = VerifyingKey::from_bytes(&self.header.author).map_err(|_| Bad::Signature)?;
        key.verify_strict(
            &signed_message(vault_id, &self.body),
            &Signature::from_bytes(&self.signature),
        )
        .map_err(|_| Bad::Signature)
    }

    /// Decrypt the payload with the vault's journal key.
    pub fn open(
        &self,
        vault_id: &[u8; 16],
        journal_key: &[u8; 32],
    ) -> Result<Zeroizing<Vec<u8>>, Bad> {
        cipher(journal_key, &self.salt)
            .decrypt(
                Nonce::from_slice(&[0u8; 12]),
                Payload {
                    msg: &self.sealed,
                    aad: &aad(vault_id, &self.header, &self.salt),
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| Bad::Seal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(key: &SigningKey) -> Header {
        Header {
            device: [7; 8],
            seq: 3,
            lamport: 9,
            parents: vec![[1; 32]],
            author: key.verifying_key().to_bytes(),
        }
    }

    #[test]
    fn a_record_round_trips_and_binds_its_vault() {
        let key = SigningKey::from_bytes(&[5; 32]);
        let (vault, jkey) = ([2u8; 16], [3u8; 32]);
        let (stored, id) = encode(&vault, &jkey, &key, &header(&key), [4; 16], b"payload");
        let rec = decode(&stored).unwrap();
        assert_eq!(rec.id, id);
        assert_eq!(rec.header, header(&key));
        rec.verify(&vault).unwrap();
        assert_eq!(rec.open(&vault, &jkey).unwrap().as_slice(), b"payload");
        // Another vault: neither the signature nor the seal holds.
        assert_eq!(rec.verify(&[9; 16]), Err(Bad::Signature));
        assert_eq!(rec.open(&[9; 16], &jkey).unwrap_err(), Bad::Seal);
        assert_eq!(rec.open(&vault, &[0; 32]).unwrap_err(), Bad::Seal);
    }

    #[test]
    fn every_flipped_byte_is_refused() {
        let key = SigningKey::from_bytes(&[5; 32]);
        let (vault, jkey) = ([2u8; 16], [3u8; 32]);
        let (stored, _) = encode(&vault, &jkey, &key, &header(&key), [4; 16], b"payload");
        for i in 0..stored.len() {
            let mut bad = stored.clone();
            bad[i] ^= 0x01;
            let ok = decode(&bad)
                .and_then(|r| r.verify(&vault).map(|_| r))
                .and_then(|r| r.open(&vault, &jkey));
            assert!(ok.is_err(), "flipping byte {i} went unnoticed");
        }
    }
}
