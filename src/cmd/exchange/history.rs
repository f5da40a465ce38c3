//! A vault's history as a file: `coffer export --history` writes it and
//! `coffer import` restores it into an empty vault (format
//! `coffer-history-1`, documented in coffer-export(1)).
//!
//! It holds every secret in every state (pending, disabled, deleted and in
//! conflict included) with all its facts, and every version with its
//! number, kind, source version, time, author and value; a destroyed
//! version is marked destroyed and has no value. Not in it: the audit log
//! (it stays in the vault; fingerprints are keyed per vault), the members,
//! the merge policy and the vault's keys.
//!
//! A restore is one journal record. Each version gets an `imported` audit
//! row carrying its fingerprint under the new vault's key and, as `by`,
//! `at` and `kind`, its original author, time and kind (see
//! `audit::bind::version_attribution`, and "OPERATIONS" in
//! coffer-vault(5)); a destroyed one also a `destroyed` row. So the new
//! vault's log tells that the history was imported, by whom and when, and
//! vouches for what it restored.

use std::collections::BTreeMap;

use base64::Engine;
use clap::ValueEnum;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::audit::Event;
use crate::error::{Error, Result};
use crate::model::{Action, Field, MetaEntry, Name, SecretType, Tag};
use crate::output;
use crate::store::op::{FieldValue, Op, Value};
use crate::store::{self, Ctx, MAX_VALUE_BYTES};

/// The `format` of the file this coffer writes and reads.
pub const FORMAT: &str = "coffer-history-1";

/// The format, as coffer-export(1) documents it (paragraphs).
pub const FORMAT_DOC: &[&str] = &[
    "coffer export --history writes one JSON object: \"format\": \"coffer-history-1\" \
     (a reader refuses any other), \"exported_at\" (RFC 3339, UTC, to the second, as \
     every time in the file) and \"secrets\", an array ordered by name. A later \
     format gets a new name.",
    "Each secret: \"name\", \"type\" (password, api_key, certificate, ssh_key or \
     generic), \"description\" (or null), \"tags\" (sorted), \"metadata\" (an object; \
     coffer.conflict marks a secret left in conflict by a merge), \"enabled\", \
     \"deleted_at\", \"activates_at\", \"expires_at\" (times or null), \
     \"rotate_every_seconds\", \"notify_before_seconds\" (the rotation policy, or \
     null), \"created_at\", \"created_by\", \"updated_at\", \"last_read_at\" (this \
     export's reads set it) and \"versions\", oldest first.",
    "Each version: \"number\" (1, 2, 3 ...), \"kind\" (create, update, rotate, \
     rollback, import or merge), \"source_version\" (a rollback's, or null), \
     \"created_at\", \"created_by\", and its value as \"value\" (UTF-8 text) or \
     \"value_base64\" (binary data); a version secrets:destroy erased has \
     \"destroyed\": true and no value.",
    "Not in the file: the audit log (it stays in the vault; fingerprints are keyed \
     per vault), the members, the merge policy and the vault's keys. The full backup \
     is the vault's files (vault.age and vault.journal/) and the identity file. \
     coffer import restores a history into an empty vault only, as one journal record \
     with one imported audit row per version; secrets:list, secrets:list --deleted \
     and secrets:versions then show what they showed in the source, fingerprints \
     aside.",
];

/// The whole file.
#[derive(Serialize, Deserialize)]
pub struct History {
    pub format: String,
    pub exported_at: String,
    pub secrets: Vec<SecretHistory>,
}

/// One secret, its facts and its versions, oldest first.
#[derive(Serialize, Deserialize)]
pub struct SecretHistory {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub metadata: BTreeMap<String, String>,
    pub enabled: bool,
    pub deleted_at: Option<String>,
    pub activates_at: Option<String>,
    pub expires_at: Option<String>,
    pub rotate_every_seconds: Option<i64>,
    pub notify_before_seconds: Option<i64>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub last_read_at: Option<String>,
    pub versions: Vec<VersionHistory>,
}

/// One version: `value` for text, `value_base64` for binary data, neither
/// when destroyed.
#[derive(Serialize, Deserialize)]
pub struct VersionHistory {
    pub number: i64,
    pub kind: String,
    pub source_version: Option<i64>,
    pub created_at: String,
    pub created_by: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub destroyed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_base64: Option<String>,
}

impl Drop for VersionHistory {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.value.zeroize();
        self.value_base64.zeroize();
    }
}

fn time(t: i64) -> String {
    crate::time::format(t)
}

/// Every secret and version of the vault, each readable version an audited
/// read (`accessed`, via `export --history`). The facts are taken after
/// the reads, so `last_read_at` is this export's, as the vault now says.
pub fn export(ctx: &Ctx<'_>) -> Result<Zeroizing<Vec<u8>>> {
    let every = store::Filter {
        include_deleted: true,
        include_disabled: true,
        ..Default::default()
    };
    let mut all = Vec::new();
    for secret in store::list(ctx.db, &every)? {
        let versions = store::versions(ctx.db, &secret)?;
        for v in versions.iter().filter(|v| !v.is_destroyed()) {
            ctx.audit(
                Event::secret(Action::Accessed, &secret.name, Some(v.number))
                    .detail("fingerprint", ctx.fingerprint(&v.value))
                    .detail("via", "export --history"),
            )?;
        }
        all.push(versions);
    }
    let secrets = store::list(ctx.db, &every)?;
    let history = History {
        format: FORMAT.to_owned(),
        exported_at: time(ctx.now),
        secrets: secrets
            .into_iter()
            .zip(all)
            .map(|(s, versions)| SecretHistory {
                versions: versions
                    .into_iter()
                    .map(|v| {
                        let (value, value_base64) = if v.is_destroyed() {
                            (None, None)
                        } else {
                            match std::str::from_utf8(&v.value) {
                                Ok(text) => (Some(text.to_owned()), None),
                                Err(_) => (
                                    None,
                                    Some(
                                        base64::engine::general_purpose::STANDARD.encode(&*v.value),
                                    ),
                                ),
                            }
                        };
                        VersionHistory {
                            number: v.number,
                            destroyed: v.is_destroyed(),
                            kind: v.kind.clone(),
                            source_version: v.source_version,
                            created_at: time(v.created_at),
                            created_by: v.created_by.clone(),
                            value,
                            value_base64,
                        }
                    })
                    .collect(),
                name: s.name,
                kind: s.kind,
                description: s.description,
                tags: s.tags,
                metadata: s.metadata,
                enabled: s.enabled,
                deleted_at: s.deleted_at.map(time),
                activates_at: s.activates_at.map(time),
                expires_at: s.expires_at.map(time),
                rotate_every_seconds: s.rotation_period,
                notify_before_seconds: s.rotation_notify,
                created_at: time(s.created_at),
                created_by: s.created_by,
                updated_at: time(s.updated_at),
                last_read_at: s.last_read_at.map(time),
            })
            .collect(),
    };
    let mut out =
        Zeroizing::new(serde_json::to_vec_pretty(&history).expect("values encode as JSON"));
    out.push(b'\n');
    Ok(out)
}

/// A secret checked and ready to restore.
pub struct Restore {
    name: String,
    kind: SecretType,
    description: Option<String>,
    tags: Vec<String>,
    metadata: BTreeMap<String, String>,
    enabled: bool,
    deleted_at: Option<i64>,
    activates_at: Option<i64>,
    expires_at: Option<i64>,
    rotation_period: Option<i64>,
    rotation_notify: Option<i64>,
    created_at: i64,
    created_by: String,
    updated_at: i64,
    last_read_at: Option<i64>,
    versions: Vec<RestoredVersion>,
}

struct RestoredVersion {
    number: i64,
    kind: &'static str,
    source: Option<i64>,
    at: i64,
    by: String,
    /// Empty when destroyed.
    value: Zeroizing<Vec<u8>>,
}

impl Restore {
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn version_count(&self) -> usize {
        self.versions.len()
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

/// Whether `bytes` look like a history file (a JSON object, not the array
/// plain `export` writes).
pub fn looks_like(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{')
}

/// Read and check a history file whole: its format, every name, type, tag,
/// metadata entry, time and version, before the vault is opened.
pub fn parse(bytes: &[u8]) -> Result<Vec<Restore>> {
    let history: History = serde_json::from_slice(bytes).map_err(|e| {
        // Where and what kind of error only: serde_json quotes the data.
        Error::usage(format!(
            "the file is not the JSON `coffer export --history` writes: {} (line {}, column {}); nothing was imported",
            match e.classify() {
                serde_json::error::Category::Io => "it could not be read",
                serde_json::error::Category::Syntax => "it is not valid JSON",
                serde_json::error::Category::Data => "a field is missing or of the wrong type",
                serde_json::error::Category::Eof => "it ends too early",
            },
            e.line(),
            e.column()
        ))
        .hint("see the format in `man coffer-export`")
    })?;
    if history.format != FORMAT {
        return Err(Error::usage(format!(
            "the history file is in format {:?}, which this coffer does not read (it reads {FORMAT}); nothing was imported",
            output::clean(&history.format)
        ))
        .hint("import it with the coffer that wrote it, or a newer one"));
    }
    let mut seen = std::collections::HashSet::new();
    history
        .secrets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let r = check(s).map_err(|why| {
                Error::usage(format!(
                    "secret {} ({}) of the history: {why}; nothing was imported",
                    i + 1,
                    output::clean(&s.name)
                ))
            })?;
            if !seen.insert(r.name.clone()) {
                return Err(Error::usage(format!(
                    "secret {} of the history: {} is given twice; nothing was imported",
                    i + 1,
                    output::clean(&r.name)
                )));
            }
            Ok(r)
        })
        .collect()
}

fn check(s: &SecretHistory) -> std::result::Result<Restore, String> {
    let when = |what: &str, t: &str| {
        crate::time::parse_time(t).map_err(|_| format!("{what} is not an RFC 3339 time"))
    };
    let maybe = |what: &str, t: &Option<String>| t.as_deref().map(|t| when(what, t)).transpose();
    let name = Name::parse(&s.name).map_err(|e| e.to_string())?.to_string();
    let kind = SecretType::from_str(&s.kind, false)
        .map_err(|_| format!("unknown type {:?}", output::clean(&s.kind)))?;
    let mut tags = Vec::with_capacity(s.tags.len());
    for t in &s.tags {
        tags.push(Tag::parse(t).map_err(|e| e.to_string())?.to_string());
    }
    tags.sort();
    tags.dedup();
    for (k, v) in &s.metadata {
        // coffer's own key for a conflict left by a merge is kept as it is.
        if k != store::CONFLICT_KEY {
            MetaEntry::parse(&format!("{k}={v}")).map_err(|e| e.to_string())?;
        }
    }
    for (what, secs) in [
        ("rotate_every_seconds", s.rotate_every_seconds),
        ("notify_before_seconds", s.notify_before_seconds),
    ] {
        if secs.is_some_and(|n| n <= 0) {
            return Err(format!("{what} is not a positive number"));
        }
    }
    if s.versions.is_empty() {
        return Err("it has no version".into());
    }
    let mut versions = Vec::with_capacity(s.versions.len());
    let mut last = 0;
    for v in &s.versions {
        let place = format!("version {}", v.number);
        if v.number <= last {
            return Err(format!("{place} does not follow version {last}"));
        }
        last = v.number;
        let kind = crate::audit::bind::VERSION_KINDS
            .iter()
            .find(|k| **k == v.kind)
            .ok_or_else(|| format!("{place} has an unknown kind {:?}", output::clean(&v.kind)))?;
        if v.source_version.is_some_and(|n| n < 1 || n >= v.number) {
            return Err(format!(
                "{place} names a source version that is not before it"
            ));
        }
        let value = match (v.destroyed, &v.value, &v.value_base64) {
            (true, None, None) => Zeroizing::new(Vec::new()),
            (true, ..) => return Err(format!("{place} is destroyed but has a value")),
            (false, Some(t), None) => Zeroizing::new(t.as_bytes().to_vec()),
            (false, None, Some(b)) => Zeroizing::new(
                base64::engine::general_purpose::STANDARD
                    .decode(b)
                    .map_err(|_| format!("{place}: value_base64 is not base64"))?,
            ),
            (false, ..) => return Err(format!("{place}: give either value or value_base64")),
        };
        if !v.destroyed && value.is_empty() {
            return Err(format!("{place} has an empty value"));
        }
        if value.len() > MAX_VALUE_BYTES {
            return Err(format!("{place} is larger than the 1 MiB limit"));
        }
        versions.push(RestoredVersion {
            number: v.number,
            kind,
            source: v.source_version,
            at: when(&format!("{place}'s created_at"), &v.created_at)?,
            by: v.created_by.clone(),
            value,
        });
    }
    if versions.last().is_some_and(|v| v.value.is_empty()) {
        return Err("its current version is destroyed".into());
    }
    Ok(Restore {
        name,
        kind,
        description: s.description.clone(),
        tags,
        metadata: s.metadata.clone(),
        enabled: s.enabled,
        deleted_at: maybe("deleted_at", &s.deleted_at)?,
        activates_at: maybe("activates_at", &s.activates_at)?,
        expires_at: maybe("expires_at", &s.expires_at)?,
        rotation_period: s.rotate_every_seconds,
        rotation_notify: s.notify_before_seconds,
        created_at: when("created_at", &s.created_at)?,
        created_by: s.created_by.clone(),
        updated_at: when("updated_at", &s.updated_at)?,
        last_read_at: maybe("last_read_at", &s.last_read_at)?,
        versions,
    })
}

/// Refuse a vault that holds any secret, deleted ones included: a history
/// keeps every version's number, which only an empty vault has free.
pub fn check_empty(ctx: &Ctx<'_>) -> Result<()> {
    let held: i64 = ctx
        .db
        .query_row("SELECT COUNT(*) FROM secret", [], |r| r.get(0))?;
    if held > 0 {
        return Err(Error::conflict(format!(
            "the vault already holds {} (deleted ones count too); a history is restored into an empty vault only, so that every secret keeps its versions and their numbers; nothing was imported",
            crate::output::count(held as u64, "secret")
        ))
        .hint("make an empty vault and import it there (`coffer --vault NEW.age init`, then `coffer --vault NEW.age import FILE`), or add the current values to this vault from plain `coffer export` JSON"));
    }
    Ok(())
}

/// Restore `r` into the (empty) vault: its facts first, then each version
/// with its audit rows, the last of which records the secret's final state.
pub fn restore(ctx: &Ctx<'_>, r: &Restore) -> Result<()> {
    let name = || r.name.clone();
    ctx.apply(Op::Secret {
        name: name(),
        kind: r.kind.as_str().to_owned(),
        description: r.description.clone(),
        at: r.created_at,
        by: r.created_by.clone(),
        activates_at: r.activates_at,
        expires_at: r.expires_at,
    })?;
    if !r.tags.is_empty() {
        ctx.apply(Op::Tags {
            name: name(),
            tags: r.tags.clone(),
        })?;
    }
    for (k, v) in &r.metadata {
        ctx.apply(Op::Metadata {
            name: name(),
            key: k.clone(),
            value: Some(v.clone()),
        })?;
    }
    let fields = [
        (Field::Enabled, (!r.enabled).then_some(0)),
        (Field::DeletedAt, r.deleted_at),
        (Field::RotationPeriod, r.rotation_period),
        (Field::RotationNotify, r.rotation_notify),
        (Field::LastReadAt, r.last_read_at),
    ];
    for (field, value) in fields {
        if let Some(v) = value {
            ctx.apply(Op::Field {
                name: name(),
                field,
                value: Some(FieldValue::Int(v)),
                at: ctx.now,
            })?;
        }
    }
    // Last of the facts: the fields above set updated_at too.
    ctx.apply(Op::Touch {
        name: name(),
        at: r.updated_at,
    })?;
    for v in &r.versions {
        ctx.apply(Op::Version {
            name: name(),
            number: v.number,
            value: Value(v.value.clone()),
            at: v.at,
            by: v.by.clone(),
            kind: v.kind.to_owned(),
            source: v.source,
        })?;
        let mut row = Event::secret(Action::Imported, &r.name, Some(v.number))
            .detail("fingerprint", ctx.fingerprint(&v.value))
            .detail("by", v.by.clone())
            .detail("at", v.at.to_string())
            .detail("kind", v.kind);
        if let Some(src) = v.source {
            row = row.detail("source_version", src.to_string());
        }
        ctx.audit(row)?;
        if v.value.is_empty() {
            ctx.audit(
                Event::secret(Action::Destroyed, &r.name, Some(v.number))
                    .detail("restored", "destroyed before the export"),
            )?;
        }
    }
    Ok(())
}
