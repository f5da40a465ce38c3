//! `coffer vault:textconv FILE...`: a vault's files as text, for `git diff`
//! and `git log -p`. Names, types, versions, tags, states and times; never a
//! value, a fingerprint or a metadata value. Not audited: it shows nothing an
//! audit row guards.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use rusqlite::{Connection, OptionalExtension};

use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::output;
use crate::store::op::{FieldValue, Op};
use crate::store::{self, Filter};
use crate::vault::replay::Payload;
use crate::vault::{Location, Vault, journal, sign};

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
/// Reads are not audited: it shows no value. It checks no signature (an
/// old file in git may hold what anyone with your public key wrote):
/// `coffer audit:verify` judges the vault.
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
            let bytes = std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?;
            if bytes.starts_with(AGE_BINARY) || bytes.starts_with(AGE_ARMOR) {
                checkpoint(&Vault::read_checkpoint(path, loc)?, &mut shown)
            } else {
                if keys.is_none() {
                    keys = Some(journal_keys(loc)?);
                }
                let (db, vault_id, key) = keys.as_ref().expect("set above");
                log(path, &bytes, db, vault_id, key, &mut shown)
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
fn log(
    path: &Path,
    bytes: &[u8],
    db: &Connection,
    vault_id: &[u8; 16],
    key: &[u8; 32],
    out: &mut String,
) -> Result<()> {
    let frames = journal::parse_bytes(path, bytes)?;
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
