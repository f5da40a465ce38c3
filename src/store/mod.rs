//! Typed reads and writes of what a vault holds: secrets, their versions, tags
//! and metadata, and the context a command writes in (who, when, audit).
//!
//! Everything here runs on a connection the vault module opened, inside the
//! command's one transaction.

pub mod op;
pub mod rotation;

use std::cell::RefCell;
use std::collections::BTreeMap;

use hmac::{Hmac, Mac};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::audit::{self, Event, bind};
use crate::error::{Error, Result};
use crate::model::{Action, Resource};
use op::{FieldValue, Op};

/// Largest value coffer stores.
pub const MAX_VALUE_BYTES: usize = 1024 * 1024;

/// Who is acting, when, and the vault's keys for audit rows.
pub struct Ctx<'a> {
    pub db: &'a Connection,
    pub actor: String,
    pub now: i64,
    pub vault_id: String,
    hmac_key: Zeroizing<Vec<u8>>,
    /// What this command changed, in order: its journal record.
    ops: RefCell<Vec<Op>>,
}

impl<'a> Ctx<'a> {
    /// The context for the holder of `recipient`: a member's name, or the
    /// recipient itself for an identity that is not a member.
    pub fn new(db: &'a Connection, recipient: &str) -> Result<Ctx<'a>> {
        let vault_id = meta(db, "vault_id")?;
        let key_hex = Zeroizing::new(meta(db, "hmac_key")?);
        let hmac_key = Zeroizing::new(
            hex::decode(key_hex.as_str())
                .map_err(|_| Error::integrity("the vault's fingerprint key is malformed"))?,
        );
        let actor = db
            .query_row(
                "SELECT name FROM member WHERE recipient = ?1",
                [recipient],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .unwrap_or_else(|| recipient.to_owned());
        Ok(Ctx {
            db,
            actor,
            now: crate::time::now(),
            vault_id,
            hmac_key,
            ops: RefCell::new(Vec::new()),
        })
    }

    /// Make a change, and keep it for the command's journal record.
    pub fn apply(&self, op: Op) -> Result<()> {
        op::apply(self.db, &self.vault_id, &op)?;
        self.ops.borrow_mut().push(op);
        Ok(())
    }

    /// The changes made through this context so far, in order.
    pub fn take_ops(&self) -> Vec<Op> {
        std::mem::take(&mut self.ops.borrow_mut())
    }

    /// Append an audit row in this transaction. A row that changes a secret
    /// records the secret's facts as they now are (`state`, see
    /// [`audit::bind`]), so a later change made without coffer is found.
    pub fn audit(&self, mut event: Event) -> Result<i64> {
        if event.resource == Resource::Secrets && !event.action.is_read() {
            let facts = match &event.target {
                Some(name) => bind::read_facts(self.db, Some(name))?.pop(),
                None => None,
            };
            if let Some(facts) = facts {
                event = event.detail("state", facts.digest());
            }
        }
        let seq = audit::next_seq(self.db)?;
        self.apply(Op::Audit {
            ts: self.now,
            actor: self.actor.clone(),
            action: event.action.as_str().to_owned(),
            resource: event.resource.as_str().to_owned(),
            target: event.target,
            version: event.version,
            details: event.details,
        })?;
        Ok(seq)
    }

    /// HMAC-SHA256 of a value under the vault's key, as hex: identifies a value
    /// without revealing it.
    pub fn fingerprint(&self, value: &[u8]) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.hmac_key).expect("HMAC takes any key length");
        mac.update(value);
        hex::encode(mac.finalize().into_bytes())
    }
}

/// The first rows of a new vault: its id, fingerprint key and creation facts
/// in `meta`, its first member (an admin, holder of `recipient`, signing with
/// `signing_key`), and the `initialized` audit row, which records the member
/// set and the key (see [`audit::bind`]). Returns the new vault id.
pub fn init_vault(
    db: &Connection,
    recipient: &str,
    signing_key: &str,
    member: &str,
    vault_name: Option<&str>,
) -> Result<String> {
    use rand::RngCore;
    let mut id = [0u8; 16];
    let mut key = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(&mut id);
    rand::rngs::OsRng.fill_bytes(key.as_mut());
    let vault_id = hex::encode(id);
    let now = crate::time::now();
    let mut put = db.prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)")?;
    put.execute(params!["vault_id", vault_id])?;
    put.execute(params!["hmac_key", hex::encode(key.as_slice())])?;
    put.execute(params!["created_at", now.to_string()])?;
    put.execute(params!["created_by_version", env!("CARGO_PKG_VERSION")])?;
    if let Some(name) = vault_name {
        put.execute(params!["name", name])?;
    }
    db.execute(
        "INSERT INTO member (name, recipient, role, added_at, signing_key)
         VALUES (?1, ?2, 'admin', ?3, ?4)",
        params![member, recipient, now, signing_key],
    )?;
    Ctx::new(db, recipient)?.audit(
        Event::vault(Action::Initialized)
            .detail("recipient", recipient)
            .detail("members", bind::members_digest(db)?)
            .detail("key_check", bind::key_check(key.as_slice())),
    )?;
    Ok(vault_id)
}

/// Bind a vault made before schema 3 to its audit chain, on its first write
/// after the migration: the writer's signing key goes into their member row,
/// then a `migrated` row records the member set and the fingerprint key, and
/// one `migrated` row per secret records its facts; the first row names
/// `schema_version`, the schema the vault migrates to.
pub fn bind_legacy(
    db: &Connection,
    recipient: &str,
    signing_key: &str,
    schema_version: i32,
) -> Result<()> {
    db.execute(
        "UPDATE member SET signing_key = ?2 WHERE recipient = ?1",
        params![recipient, signing_key],
    )?;
    let ctx = Ctx::new(db, recipient)?;
    ctx.audit(
        Event::vault(Action::Migrated)
            .detail("schema", schema_version.to_string())
            .detail("members", bind::members_digest(db)?)
            .detail("key_check", bind::key_check(&ctx.hmac_key)),
    )?;
    let mut names: Vec<String> = db
        .prepare("SELECT name FROM secret ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in names.drain(..) {
        ctx.audit(Event::secret(Action::Migrated, &name, None))?;
    }
    Ok(())
}

/// A value from the `meta` table.
pub fn meta(db: &Connection, key: &str) -> Result<String> {
    db.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::integrity(format!("the vault has no {key}")))
}

/// What a vault holds, counted (for `status`).
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    /// Secrets not deleted.
    pub secrets: i64,
    pub deleted_secrets: i64,
    pub versions: i64,
    pub audit_rows: i64,
    /// Secrets not deleted whose expiry has passed at `now`.
    pub expired: i64,
    /// Secrets not deleted that expire after `now` but within the window.
    pub expiring: i64,
    /// Secrets in conflict after a merge ([`CONFLICT_KEY`]).
    pub conflicts: i64,
}

/// Count what the vault holds, as of `now`, with an expiry window of
/// `window` seconds.
pub fn counts(db: &Connection, now: i64, window: i64) -> Result<Counts> {
    Ok(db.query_row(
        "SELECT
           (SELECT COUNT(*) FROM secret WHERE deleted_at IS NULL),
           (SELECT COUNT(*) FROM secret WHERE deleted_at IS NOT NULL),
           (SELECT COUNT(*) FROM version),
           (SELECT COUNT(*) FROM audit),
           (SELECT COUNT(*) FROM secret WHERE deleted_at IS NULL AND expires_at <= ?1),
           (SELECT COUNT(*) FROM secret
             WHERE deleted_at IS NULL AND expires_at > ?1 AND expires_at <= ?2),
           (SELECT COUNT(*) FROM metadata WHERE key = ?3)",
        params![now, now.saturating_add(window), CONFLICT_KEY],
        |r| {
            Ok(Counts {
                secrets: r.get(0)?,
                deleted_secrets: r.get(1)?,
                versions: r.get(2)?,
                audit_rows: r.get(3)?,
                expired: r.get(4)?,
                expiring: r.get(5)?,
                conflicts: r.get(6)?,
            })
        },
    )?)
}

/// Every member as (name, recipient), in the order they were added.
pub fn members(db: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = db.prepare("SELECT name, recipient FROM member ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A secret's facts (never its value).
#[derive(Debug, Clone, Serialize)]
pub struct Secret {
    #[serde(skip)]
    pub id: i64,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub description: Option<String>,
    pub version: i64,
    pub enabled: bool,
    #[serde(serialize_with = "opt_time")]
    pub deleted_at: Option<i64>,
    #[serde(serialize_with = "time")]
    pub created_at: i64,
    pub created_by: String,
    #[serde(serialize_with = "time")]
    pub updated_at: i64,
    #[serde(serialize_with = "opt_time")]
    pub activates_at: Option<i64>,
    #[serde(serialize_with = "opt_time")]
    pub expires_at: Option<i64>,
    #[serde(serialize_with = "opt_time")]
    pub last_read_at: Option<i64>,
    pub tags: Vec<String>,
    pub metadata: BTreeMap<String, String>,
    // Rotation policy (see [`rotation`]): the period and notify window in
    // seconds, shown as spans (`30d`), and the time of the last value
    // change, from which the next rotation date follows.
    #[serde(rename = "rotate_every", serialize_with = "opt_span")]
    pub rotation_period: Option<i64>,
    #[serde(rename = "notify_before", serialize_with = "opt_span")]
    pub rotation_notify: Option<i64>,
    #[serde(skip)]
    pub value_changed_at: Option<i64>,
    /// When the value is next due for rotation.
    #[serde(serialize_with = "opt_time")]
    pub next_rotation_at: Option<i64>,
}

fn opt_span<S: serde::Serializer>(t: &Option<i64>, s: S) -> std::result::Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&crate::model::Span::text(*t)),
        None => s.serialize_none(),
    }
}

fn time<S: serde::Serializer>(t: &i64, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&crate::time::format(*t))
}

pub(crate) fn opt_time<S: serde::Serializer>(
    t: &Option<i64>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&crate::time::format(*t)),
        None => s.serialize_none(),
    }
}

impl Secret {
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|t| t <= now)
    }

    /// Refuse a read of a deleted, disabled or not-yet-active secret, saying which.
    pub fn check_readable(&self, now: i64) -> Result<()> {
        if let Some(at) = self.deleted_at {
            return Err(Error::not_found(format!(
                "secret {} was deleted at {}",
                self.name,
                crate::time::format(at)
            ))
            .hint(format!(
                "bring it back with `coffer secrets:restore {}`",
                self.name
            )));
        }
        if !self.enabled {
            return Err(
                Error::denied(format!("secret {} is disabled", self.name)).hint(format!(
                    "allow reads again with `coffer secrets:enable {}`",
                    self.name
                )),
            );
        }
        if let Some(at) = self.activates_at.filter(|&at| at > now) {
            return Err(Error::denied(format!(
                "secret {} is not active until {}",
                self.name,
                crate::time::format(at)
            )));
        }
        Ok(())
    }

    /// Why a read of this (not deleted) secret is refused, if it is:
    /// `disabled`, or `pending` before it activates. An audit row
    /// `denied` records it.
    pub fn read_refusal(&self, now: i64) -> Option<&'static str> {
        if !self.enabled {
            Some("disabled")
        } else if self.activates_at.is_some_and(|at| at > now) {
            Some("pending")
        } else {
            None
        }
    }

    /// Refuse the current value of a secret in conflict after a merge.
    pub fn check_not_in_conflict(&self) -> Result<()> {
        match self.metadata.get(CONFLICT_KEY) {
            None => Ok(()),
            Some(versions) => Err(Error::conflict(format!(
                "secret {} is in conflict after a merge: both clones changed it (versions {})",
                self.name,
                versions.replace(',', " and ")
            ))
            .hint(format!(
                "read each with `coffer secrets:get {0} --version N`, then keep one with `coffer secrets:resolve {0} --version N`",
                self.name
            ))),
        }
    }

    pub fn check_not_deleted(&self) -> Result<()> {
        if self.deleted_at.is_some() {
            return Err(
                Error::not_found(format!("secret {} is deleted", self.name)).hint(format!(
                    "restore it first: `coffer secrets:restore {}`",
                    self.name
                )),
            );
        }
        Ok(())
    }
}

const SECRET_COLUMNS: &str = "s.id, s.name, s.type, s.description, s.enabled, s.deleted_at,
    s.created_at, s.created_by, s.updated_at, s.activates_at, s.expires_at, s.last_read_at,
    (SELECT MAX(number) FROM version v WHERE v.secret_id = s.id),
    s.rotation_period, s.rotation_notify,
    (SELECT MAX(created_at) FROM version v WHERE v.secret_id = s.id)";

/// How many columns [`SECRET_COLUMNS`] selects: a query's own columns come
/// after them.
const SECRET_COLUMN_COUNT: usize = 16;

fn secret_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Secret> {
    Ok(Secret {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        description: r.get(3)?,
        enabled: r.get(4)?,
        deleted_at: r.get(5)?,
        created_at: r.get(6)?,
        created_by: r.get(7)?,
        updated_at: r.get(8)?,
        activates_at: r.get(9)?,
        expires_at: r.get(10)?,
        last_read_at: r.get(11)?,
        version: r.get(12)?,
        tags: Vec::new(),
        metadata: BTreeMap::new(),
        rotation_period: r.get(13)?,
        rotation_notify: r.get(14)?,
        value_changed_at: r.get(15)?,
        next_rotation_at: None,
    })
    .map(|mut s: Secret| {
        s.next_rotation_at = rotation::next_rotation(&s);
        s
    })
}

/// Find a secret by name, deleted or not.
pub fn find(db: &Connection, name: &str) -> Result<Secret> {
    let sql = format!("SELECT {SECRET_COLUMNS} FROM secret s WHERE s.name = ?1");
    let mut secret = db
        .query_row(&sql, [name], secret_from_row)
        .optional()?
        .ok_or_else(|| {
            Error::not_found(format!("no secret named {}", name.escape_debug()))
                .hint("see the names with `coffer secrets:list`")
        })?;
    secret.tags = tags(db, secret.id)?;
    secret.metadata = metadata(db, secret.id)?;
    Ok(secret)
}

/// Whether a secret by this name exists (deleted or not).
pub fn exists(db: &Connection, name: &str) -> Result<Option<Secret>> {
    match find(db, name) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.exit == crate::error::Exit::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn tags(db: &Connection, id: i64) -> Result<Vec<String>> {
    let mut stmt = db.prepare_cached("SELECT tag FROM tag WHERE secret_id = ?1 ORDER BY tag")?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn metadata(db: &Connection, id: i64) -> Result<BTreeMap<String, String>> {
    let mut stmt = db.prepare_cached("SELECT key, value FROM metadata WHERE secret_id = ?1")?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Which secrets [`list`] returns.
#[derive(Debug, Default, Clone)]
pub struct Filter<'a> {
    pub include_deleted: bool,
    pub include_disabled: bool,
    /// Every one of these tags.
    pub tags: &'a [String],
    pub prefix: Option<&'a str>,
    pub kind: Option<&'a str>,
    /// Expiring at or before this time.
    pub expiring_by: Option<i64>,
    /// Leave metadata out (a table shows none).
    pub without_metadata: bool,
    /// Rotation filters (`--due`, `--overdue`, `--unused-for`).
    pub rotation: rotation::Filter,
}

/// The secrets `filter` picks, with tags and metadata, ordered by name.
/// The filter runs in SQL, so a tag is found through its index rather
/// than by reading every secret.
pub fn list(db: &Connection, filter: &Filter<'_>) -> Result<Vec<Secret>> {
    // Each secret's tags come in the same statement, joined by U+001F (a
    // tag cannot hold a control character).
    let mut sql = format!(
        "SELECT {SECRET_COLUMNS},
                (SELECT group_concat(tag, char(31) ORDER BY tag)
                   FROM tag WHERE tag.secret_id = s.id)
           FROM secret s WHERE 1 = 1"
    );
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if !filter.include_deleted {
        sql.push_str(" AND s.deleted_at IS NULL");
    }
    if !filter.include_disabled {
        sql.push_str(" AND (s.enabled = 1 OR s.deleted_at IS NOT NULL)");
    }
    for tag in filter.tags {
        sql.push_str(" AND s.id IN (SELECT secret_id FROM tag WHERE tag = ?)");
        args.push(tag.clone().into());
    }
    if let Some(p) = filter.prefix {
        sql.push_str(" AND substr(s.name, 1, length(?)) = ?");
        args.push(p.to_owned().into());
        args.push(p.to_owned().into());
    }
    if let Some(k) = filter.kind {
        sql.push_str(" AND s.type = ?");
        args.push(k.to_owned().into());
    }
    if let Some(t) = filter.expiring_by {
        sql.push_str(" AND s.expires_at <= ?");
        args.push(t.into());
    }
    filter.rotation.push_sql(&mut sql, &mut args);
    sql.push_str(" ORDER BY s.name");
    let mut stmt = db.prepare(&sql)?;
    let mut secrets: Vec<Secret> = stmt
        .query_map(rusqlite::params_from_iter(args), |r| {
            let mut s = secret_from_row(r)?;
            if let Some(joined) = r.get::<_, Option<String>>(SECRET_COLUMN_COUNT)? {
                s.tags = joined.split('\u{1f}').map(str::to_owned).collect();
            }
            Ok(s)
        })?
        .collect::<rusqlite::Result<_>>()?;
    if !filter.without_metadata {
        for s in &mut secrets {
            s.metadata = metadata(db, s.id)?;
        }
    }
    Ok(secrets)
}

/// One version of a secret, value included.
pub struct Version {
    pub number: i64,
    pub value: Zeroizing<Vec<u8>>,
    pub created_at: i64,
    pub created_by: String,
    pub kind: String,
    pub source_version: Option<i64>,
}

fn version_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Version> {
    Ok(Version {
        number: r.get(0)?,
        value: Zeroizing::new(r.get(1)?),
        created_at: r.get(2)?,
        created_by: r.get(3)?,
        kind: r.get(4)?,
        source_version: r.get(5)?,
    })
}

impl Version {
    /// Whether `secrets:destroy` erased its value (coffer stores no empty
    /// value, so an empty one is an erased one).
    pub fn is_destroyed(&self) -> bool {
        self.value.is_empty()
    }
}

/// Version `number` of `secret`, or its current version. A destroyed
/// version is not found (exit 3): its value is gone.
pub fn version(db: &Connection, secret: &Secret, number: Option<i64>) -> Result<Version> {
    let v = version_even_destroyed(db, secret, number)?;
    if v.is_destroyed() {
        return Err(Error::not_found(format!(
            "version {} of {} was destroyed: its value is gone",
            v.number, secret.name
        ))
        .hint(format!(
            "`coffer audit:logs --secret {} --action destroyed` shows when and by whom",
            secret.name
        )));
    }
    Ok(v)
}

/// [`version`], destroyed or not.
pub fn version_even_destroyed(
    db: &Connection,
    secret: &Secret,
    number: Option<i64>,
) -> Result<Version> {
    let number = number.unwrap_or(secret.version);
    db.query_row(
        "SELECT number, value, created_at, created_by, kind, source_version
           FROM version WHERE secret_id = ?1 AND number = ?2",
        params![secret.id, number],
        version_from_row,
    )
    .optional()?
    .ok_or_else(|| {
        Error::not_found(format!(
            "secret {} has no version {number} (versions 1 to {})",
            secret.name, secret.version
        ))
        .hint(format!(
            "see them with `coffer secrets:versions {}`",
            secret.name
        ))
    })
}

/// Every version of `secret`, oldest first.
pub fn versions(db: &Connection, secret: &Secret) -> Result<Vec<Version>> {
    let mut stmt = db.prepare(
        "SELECT number, value, created_at, created_by, kind, source_version
           FROM version WHERE secret_id = ?1 ORDER BY number",
    )?;
    let rows = stmt.query_map([secret.id], version_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The facts of a new secret.
pub struct NewSecret<'v> {
    pub name: String,
    pub kind: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub metadata: BTreeMap<String, String>,
    pub activates_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub value: &'v [u8],
}

/// Insert a secret, its tags and metadata, and its version 1.
pub fn insert(ctx: &Ctx<'_>, new: &NewSecret<'_>) -> Result<()> {
    ctx.apply(Op::Secret {
        name: new.name.clone(),
        kind: new.kind.clone(),
        description: new.description.clone(),
        at: ctx.now,
        by: ctx.actor.clone(),
        activates_at: new.activates_at,
        expires_at: new.expires_at,
    })?;
    if !new.tags.is_empty() {
        ctx.apply(Op::Tags {
            name: new.name.clone(),
            tags: new.tags.clone(),
        })?;
    }
    for (k, v) in &new.metadata {
        ctx.apply(Op::Metadata {
            name: new.name.clone(),
            key: k.clone(),
            value: Some(v.clone()),
        })?;
    }
    ctx.apply(Op::Version {
        name: new.name.clone(),
        number: 1,
        value: op::Value(Zeroizing::new(new.value.to_vec())),
        at: ctx.now,
        by: ctx.actor.clone(),
        kind: "create".into(),
        source: None,
    })
}

/// Add the next version of `secret`. Returns its number.
pub fn add_version(
    ctx: &Ctx<'_>,
    secret: &Secret,
    value: &[u8],
    kind: &str,
    source_version: Option<i64>,
) -> Result<i64> {
    let number = secret.version + 1;
    ctx.apply(Op::Version {
        name: secret.name.clone(),
        number,
        value: op::Value(Zeroizing::new(value.to_vec())),
        at: ctx.now,
        by: ctx.actor.clone(),
        kind: kind.to_owned(),
        source: source_version,
    })?;
    touch(ctx, secret)?;
    Ok(number)
}

/// Mark a secret as changed now.
pub fn touch(ctx: &Ctx<'_>, secret: &Secret) -> Result<()> {
    ctx.apply(Op::Touch {
        name: secret.name.clone(),
        at: ctx.now,
    })
}

/// Erase the value of version `number` of `secret`.
pub fn destroy(ctx: &Ctx<'_>, secret: &Secret, number: i64) -> Result<()> {
    ctx.apply(Op::Destroy {
        name: secret.name.clone(),
        number,
        at: ctx.now,
    })
}

/// Give `secret` a new name (no secret may hold it yet).
pub fn rename(ctx: &Ctx<'_>, secret: &Secret, to: &str) -> Result<()> {
    ctx.apply(Op::Rename {
        from: secret.name.clone(),
        to: to.to_owned(),
        at: ctx.now,
    })
}

/// Replace a secret's tags.
pub fn set_tags(ctx: &Ctx<'_>, secret: &Secret, tags: &[String]) -> Result<()> {
    ctx.apply(Op::Tags {
        name: secret.name.clone(),
        tags: tags.to_vec(),
    })
}

pub fn set_metadata(ctx: &Ctx<'_>, secret: &Secret, key: &str, value: &str) -> Result<()> {
    ctx.apply(Op::Metadata {
        name: secret.name.clone(),
        key: key.to_owned(),
        value: Some(value.to_owned()),
    })
}

pub fn unset_metadata(ctx: &Ctx<'_>, secret: &Secret, key: &str) -> Result<()> {
    ctx.apply(Op::Metadata {
        name: secret.name.clone(),
        key: key.to_owned(),
        value: None,
    })
}

/// Set one of a secret's facts in place.
pub fn set_field(
    ctx: &Ctx<'_>,
    secret: &Secret,
    field: crate::model::Field,
    value: Option<FieldValue>,
) -> Result<()> {
    ctx.apply(Op::Field {
        name: secret.name.clone(),
        field,
        value,
        at: ctx.now,
    })
}

/// The vault's merge policy: the newest `policy_set` audit row's, or
/// `manual` (nothing is chosen for you) when none was set.
pub fn merge_policy(db: &Connection) -> Result<crate::model::MergePolicy> {
    let details: Option<String> = db
        .query_row(
            "SELECT details FROM audit WHERE action = ?1 ORDER BY seq DESC LIMIT 1",
            [Action::PolicySet.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    let policy = details
        .and_then(|d| serde_json::from_str::<BTreeMap<String, String>>(&d).ok())
        .and_then(|d| {
            d.get("policy")
                .and_then(|p| crate::model::MergePolicy::parse(p))
        });
    Ok(policy.unwrap_or(crate::model::MergePolicy::Manual))
}

/// The metadata key that marks a secret in conflict after a merge (policy
/// `manual`): its value lists the versions to choose from. Keys starting
/// with `coffer.` are coffer's own; users cannot set them.
pub const CONFLICT_KEY: &str = "coffer.conflict";
