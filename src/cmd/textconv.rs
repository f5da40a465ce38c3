//! `coffer vault:textconv FILE...`: a vault's files as text, for `git diff`
//! and `git log -p`. Names, types, versions, tags, states and times; never a
//! value, a fingerprint or a metadata value. Not audited: it shows nothing an
//! audit row guards.
//!
//! Anyone with a member's public key can make a checkpoint or a record
//! encrypted to them, and anyone with push access can commit it. So what
//! does not verify under a key this machine trusts (the user's own, one
//! pinned with `vault:trust`, one in `COFFER_EXPECT`: the keys an open
//! trusts, see `crate::vault::sign`) is marked `NOT VERIFIED` with the
//! reason: a checkpoint on the first line of its text, a log on its first
//! line and on each such record's line. The merge driver judges checkpoints
//! the same way ([`Trusted`]). Files are read only when they are regular
//! files (never through a symlink), and a log only up to
//! [`crate::fsutil::MAX_LOG_FILE`].

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use clap::Args;
use rusqlite::{Connection, OptionalExtension};

use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::output;
use crate::store::op::{FieldValue, Op};
use crate::store::{self, Filter};
use crate::vault::replay::Payload;
use crate::vault::{Location, Vault, identity, journal, schema, sign, state};

/// Show a vault file as text for `git diff`: names, versions, tags, never values
///
/// FILE is a checkpoint (vault.age, any version of it) or a journal log
/// (vault.journal/*.log). A checkpoint shows each secret's type, state,
/// tags and versions; a log shows each record's time, author and what it
/// did. Values, fingerprints and metadata values are never shown. A log
/// is opened with the journal key of the vault (--vault). This is a
/// textconv driver: in .gitattributes, `vault.age diff=coffer` and
/// `vault.journal/*.log diff=coffer`; in git's config,
/// `git config diff.coffer.textconv "coffer --vault $PWD/vault.age vault:textconv"`.
/// A file it cannot show (damaged, not a vault file) is said so in its
/// place, with a warning, so that git still shows the rest of a diff.
/// Reads are not audited: it shows no value. Anyone with your public key
/// can make a vault file encrypted to you, so a checkpoint or record that
/// does not verify under a key this machine trusts (yours, one pinned
/// with vault:trust, or COFFER_EXPECT) is marked NOT VERIFIED, with the
/// reason, on its first line. It follows no symlink; `coffer
/// audit:verify` judges the vault as a whole.
#[derive(Debug, Args)]
pub struct TextconvArgs {
    /// Checkpoints or journal logs (git passes a temporary copy of one)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// Examples for `coffer vault:textconv --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Let git diff show what changed in a vault tracked in git",
        "printf 'vault.age diff=coffer\\nvault.journal/*.log diff=coffer\\n' >> .gitattributes && git config diff.coffer.textconv \"coffer --vault $PWD/vault.age vault:textconv\"",
    ),
    (
        "See what the journal holds",
        "coffer vault:textconv vault.age vault.journal/*.log",
    ),
];

const AGE_BINARY: &[u8] = b"age-encryption.org/";
const AGE_ARMOR: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

pub fn run(loc: &Location, args: &TextconvArgs) -> Result<()> {
    let mut out = String::new();
    // The keys this machine trusts, known once the identity is unlocked
    // (when the first file needs it: one that cannot be is said so in its
    // place, as any other file that cannot be shown).
    let mut trusted: Option<Trusted> = None;
    // The vault's journal key opens logs; read once, when a log needs it.
    let mut keys: Option<(Connection, [u8; 16], [u8; 32])> = None;
    for (i, path) in args.files.iter().enumerate() {
        if args.files.len() > 1 {
            if i > 0 {
                out.push('\n');
            }
            let _ = writeln!(out, "# {}", path.display());
        }
        // One file that cannot be shown (damaged, not a vault file) is said
        // so in its place: git would otherwise drop the whole diff.
        let mut shown = String::new();
        let result = (|| -> Result<()> {
            let mut start = Vec::new();
            fsutil::open_regular(path)?
                .ok_or_else(|| Error::not_found(format!("no file {}", path.display())))?
                .take(AGE_ARMOR.len() as u64)
                .read_to_end(&mut start)
                .map_err(|e| Error::io("cannot read", path, e))?;
            if start.starts_with(AGE_BINARY) || start.starts_with(AGE_ARMOR) {
                let db = Vault::read_checkpoint(path, loc)?;
                if trusted.is_none() {
                    trusted = Some(Trusted::new(loc)?);
                }
                let trusted = trusted.as_ref().expect("set above");
                if let Some(why) = trusted.checkpoint(&db)? {
                    let _ = writeln!(shown, "{NOT_VERIFIED}: {why}; {FORGEABLE}");
                }
                checkpoint(&db, &mut shown)
            } else {
                let bytes = fsutil::read_regular(path, fsutil::MAX_LOG_FILE)?.unwrap_or_default();
                if keys.is_none() {
                    keys = Some(journal_keys(loc)?);
                }
                let (db, vault_id, key) = keys.as_ref().expect("set above");
                if trusted.is_none() {
                    trusted = Some(Trusted::new(loc)?);
                }
                let trusts = trusted
                    .as_ref()
                    .expect("set above")
                    .keys(&hex::encode(vault_id))?;
                log(path, &bytes, db, vault_id, key, &trusts, &mut shown)
            }
        })();
        match result {
            Ok(()) => out.push_str(&shown),
            Err(e) => {
                output::warn(&e.message);
                let _ = writeln!(out, "(not shown: {})", e.message);
            }
        }
    }
    output::write_stdout(output::clean(&out).as_bytes())
}

/// How what does not verify is marked, first on its line.
const NOT_VERIFIED: &str = "NOT VERIFIED";
/// Why that matters, after the reason.
const FORGEABLE: &str =
    "anyone with your public key can make such a file, so what follows may be forged";

/// The signing keys this machine trusts to have written a vault, as an open
/// judges its signer (`crate::vault::sign`): the user's own, those in
/// `COFFER_EXPECT` / `--expect`, and those pinned for the vault's id with
/// `vault:trust`.
pub(crate) struct Trusted<'a> {
    loc: &'a Location,
    own: String,
}

impl<'a> Trusted<'a> {
    /// Unlocks the identity for its signing key.
    pub(crate) fn new(loc: &'a Location) -> Result<Trusted<'a>> {
        let key = identity::key(&loc.identity, &loc.passphrase)?;
        Ok(Trusted {
            loc,
            own: sign::public_text(&key.verifying_key()),
        })
    }

    /// Every key trusted for the vault `vault_id` (hex), and what this
    /// machine remembers of it.
    fn keys(&self, vault_id: &str) -> Result<(Vec<String>, state::Trust)> {
        let pinned = match &self.loc.state_dir {
            Some(dir) => state::load_trust(dir, vault_id)?,
            None => state::Trust::default(),
        };
        let mut keys = vec![self.own.clone()];
        keys.extend(self.loc.expect.keys.iter().cloned());
        keys.extend(pinned.keys.iter().cloned());
        Ok((keys, pinned))
    }

    /// Why the checkpoint `db` does not verify under a trusted key, as
    /// opening it as the vault would find; `None` when it does.
    pub(crate) fn checkpoint(&self, db: &Connection) -> Result<Option<String>> {
        let vault_id = store::meta(db, "vault_id")?;
        let (keys, pinned) = self.keys(&vault_id)?;
        let signed = match sign::read(db) {
            Ok(s) => s,
            Err(e) => return Ok(Some(e.message)),
        };
        Ok(match signed {
            Some(s) => {
                let head = store::meta(db, crate::audit::HEAD_KEY).ok();
                if head.as_deref() != Some(s.head.as_str()) {
                    Some("it was changed after its last signed write".to_owned())
                } else if !sign::is_member_key(db, &s.signer)? {
                    Some(format!(
                        "it is signed by {}, which is no member's signing key",
                        s.signer
                    ))
                } else if !keys.contains(&s.signer) {
                    Some(format!(
                        "it is signed by {}, a signing key this machine does not trust",
                        s.signer
                    ))
                } else {
                    None
                }
            }
            None if schema::check(db)? >= 3 => {
                Some("it is not signed, but every vault of schema 3 on is".to_owned())
            }
            None if pinned.unsigned && !pinned.signed => None,
            None => {
                Some("it is not signed (made before coffer signed vaults, or forged)".to_owned())
            }
        })
    }
}

/// Each secret: name, type, state, tags, then its versions.
fn checkpoint(db: &Connection, out: &mut String) -> Result<()> {
    let now = crate::time::now();
    let secrets = store::list(
        db,
        &Filter {
            include_deleted: true,
            include_disabled: true,
            without_metadata: true,
            ..Filter::default()
        },
    )?;
    for s in &secrets {
        let _ = write!(
            out,
            "{}  {}  {}  version {}",
            output::clean_line(&s.name),
            s.kind,
            super::secrets::list::state(s, now),
            s.version
        );
        if !s.tags.is_empty() {
            let _ = write!(out, "  tags {}", output::clean_line(&s.tags.join(",")));
        }
        if let Some(t) = s.expires_at {
            let _ = write!(out, "  expires {}", crate::time::format(t));
        }
        out.push('\n');
        let mut stmt = db.prepare_cached(
            "SELECT number, kind, created_at, created_by, source_version
               FROM version WHERE secret_id = ?1 ORDER BY number",
        )?;
        let rows = stmt.query_map([s.id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })?;
        for row in rows {
            let (number, kind, at, by, source) = row?;
            let _ = write!(
                out,
                "  v{number}  {kind}  {}  {}",
                crate::time::format(at),
                output::clean_line(&by)
            );
            if let Some(n) = source {
                let _ = write!(out, "  from v{n}");
            }
            out.push('\n');
        }
    }
    if secrets.is_empty() {
        out.push_str("(no secrets)\n");
    }
    Ok(())
}

/// The vault's id and journal key, from the checkpoint at --vault.
pub(crate) fn journal_keys(loc: &Location) -> Result<(Connection, [u8; 16], [u8; 32])> {
    let db = Vault::read_checkpoint(&loc.vault, loc)?;
    let bad = || {
        Error::integrity(format!(
            "vault {} has no journal key (made before coffer 0.2?)",
            loc.vault.display()
        ))
        .hint("run `coffer vault:compact` on it once")
    };
    let vault_id: [u8; 16] = hex::decode(store::meta(&db, "vault_id")?)
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or_else(bad)?;
    let key_hex = zeroize::Zeroizing::new(
        db.query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [crate::vault::replay::KEY_META],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .ok_or_else(bad)?,
    );
    let key: [u8; 32] = hex::decode(key_hex.as_str())
        .ok()
        .and_then(|k| k.try_into().ok())
        .ok_or_else(bad)?;
    Ok((db, vault_id, key))
}

/// Each record: its device and number, time and author, then what it did.
/// A record whose signature does not verify, or whose author `trusts` does
/// not hold, is marked on its line, and the log on its first line.
fn log(
    path: &Path,
    bytes: &[u8],
    db: &Connection,
    vault_id: &[u8; 16],
    key: &[u8; 32],
    trusts: &(Vec<String>, state::Trust),
    out: &mut String,
) -> Result<()> {
    let frames = journal::parse_bytes(path, bytes)?;
    let why_not = |rec: &crate::vault::record::Record| -> Option<&'static str> {
        let author = format!("ed25519:{}", hex::encode(rec.header.author));
        if rec.verify(vault_id).is_err() {
            Some("its signature does not verify")
        } else if !trusts.0.contains(&author) {
            Some("it is signed by a key this machine does not trust")
        } else {
            None
        }
    };
    if frames.iter().any(|f| why_not(&f.record).is_some()) {
        let _ = writeln!(
            out,
            "{NOT_VERIFIED}: the records marked so are not signed by a key this machine trusts; anyone with your public key can make such records"
        );
    }
    for frame in &frames {
        let rec = &frame.record;
        let h = &rec.header;
        let author =
            sign::public_text(&ed25519_dalek::VerifyingKey::from_bytes(&h.author).map_err(
                |_| journal::damaged(path, frame.offset, &"has an author that is no Ed25519 key"),
            )?);
        let who: Option<String> = db
            .query_row(
                "SELECT name FROM member WHERE signing_key = ?1",
                [&author],
                |r| r.get(0),
            )
            .optional()?;
        let payload = rec
            .open(vault_id, key)
            .ok()
            .and_then(|plain| rmp_serde::from_slice::<Payload>(&plain).ok());
        let _ = write!(
            out,
            "record {}#{}  {}",
            hex::encode(h.device),
            h.seq,
            output::clean_line(who.as_deref().unwrap_or(&author))
        );
        if let Some(why) = why_not(rec) {
            let _ = write!(out, "  {NOT_VERIFIED}: {why}");
        }
        let Some(payload) = payload else {
            out.push_str("  (not readable with this vault's key, or from a newer coffer)\n");
            continue;
        };
        let _ = writeln!(out, "  {}", crate::time::format(payload.time));
        for op in &payload.ops {
            out.push_str("  ");
            out.push_str(&describe(op));
            out.push('\n');
        }
    }
    Ok(())
}

/// One operation, without its value.
fn describe(op: &Op) -> String {
    let name = |n: &str| output::clean_line(n);
    match op {
        Op::Secret { name: n, kind, .. } => format!("create {} ({kind})", name(n)),
        Op::Version {
            name: n,
            number,
            kind,
            source,
            ..
        } => match source {
            Some(s) => format!("version {} v{number} ({kind} from v{s})", name(n)),
            None => format!("version {} v{number} ({kind})", name(n)),
        },
        Op::Touch { name: n, .. } => format!("touch {}", name(n)),
        Op::Rename { from, to, .. } => format!("rename {} to {}", name(from), name(to)),
        Op::Destroy {
            name: n, number, ..
        } => format!("destroy {} version {number}", name(n)),
        Op::Tags { name: n, tags } => {
            format!("tags {} [{}]", name(n), output::clean_line(&tags.join(",")))
        }
        Op::Metadata {
            name: n,
            key,
            value,
        } => format!(
            "metadata {} {} {}",
            name(n),
            output::clean_line(key),
            if value.is_some() { "set" } else { "removed" }
        ),
        Op::Field {
            name: n,
            field,
            value,
            ..
        } => {
            let shown = match (field, value) {
                (_, None) => "none".to_owned(),
                (crate::model::Field::Description, Some(_)) => "(text)".to_owned(),
                (crate::model::Field::Enabled, Some(FieldValue::Int(v))) => {
                    (if *v == 0 { "false" } else { "true" }).to_owned()
                }
                (
                    crate::model::Field::RotationPeriod | crate::model::Field::RotationNotify,
                    Some(FieldValue::Int(secs)),
                ) => crate::model::Span::text(*secs),
                (_, Some(FieldValue::Int(t))) => crate::time::format(*t),
                (_, Some(FieldValue::Text(_))) => "(text)".to_owned(),
            };
            format!("set {} {} {shown}", name(n), field.column())
        }
        Op::Audit {
            actor,
            action,
            target,
            version,
            ..
        } => {
            let mut s = format!("audit {} {action}", output::clean_line(actor));
            if let Some(t) = target {
                let _ = write!(s, " {}", name(t));
            }
            if let Some(v) = version {
                let _ = write!(s, " v{v}");
            }
            s
        }
    }
}
