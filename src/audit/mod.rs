//! The audit chain: canonical encoding of an event, its hash, and appending.
//!
//! Each row's canonical bytes are a MessagePack array (rmp-serde, struct as
//! array) of its fields in a fixed order:
//! `[seq, ts, vault_id, actor, action, resource, target, version, details]`,
//! with `details` a map sorted by key and no floats anywhere. Then
//! `hash = SHA-256(prev_hash || canonical_bytes)`, and the first row's
//! `prev_hash` is `SHA-256("coffer-audit-v1" || vault_id)` (the id's 16 raw bytes).
//!
//! A row's action and resource are words of [`Action`] and [`Resource`]
//! when coffer writes them ([`Event`]); rows read back keep them as the
//! text they hold ([`AuditRecord`], [`RowFields`]), so a row of an action
//! this coffer does not know (a newer coffer's) is shown, hashed and
//! verified as it is, and matched through [`Action::of`].
//!
//! A row never holds a secret value; value-related events carry a keyed
//! fingerprint (HMAC-SHA256 under the vault's own key), as HashiCorp Vault's
//! audit devices do.

use std::collections::BTreeMap;

pub mod bind;
pub mod verify;

use std::fmt;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::model::{Action, Resource};

/// The `meta` key under which a vault records its newest row as `SEQ:HASH`
/// (schema 2 on), so that a log cut short inside the file is told apart from
/// an older copy of the whole file.
pub const HEAD_KEY: &str = "audit_head";

/// A point in a chain: a row's seq and its stored hash. Written and parsed as
/// `SEQ:HASH`, with HASH in lowercase hex, which is what `audit:checkpoint`
/// prints and `audit:verify --expect` takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: Vec<u8>,
}

impl fmt::Display for Head {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.seq, hex::encode(&self.hash))
    }
}

impl std::str::FromStr for Head {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Head, String> {
        let (seq, hash) = s
            .trim()
            .split_once(':')
            .ok_or("expected SEQ:HASH, as `coffer audit:checkpoint` prints it")?;
        let seq: i64 = seq
            .parse()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("{seq:?} is not a row number (1 or more)"))?;
        let hash = hex::decode(hash)
            .ok()
            .filter(|h| h.len() == 32)
            .ok_or("HASH must be 64 hexadecimal digits (a SHA-256)")?;
        Ok(Head { seq, hash })
    }
}

impl Serialize for Head {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Head", 3)?;
        st.serialize_field("seq", &self.seq)?;
        st.serialize_field("hash", &hex::encode(&self.hash))?;
        st.serialize_field("checkpoint", &self.to_string())?;
        st.end()
    }
}

/// The newest row's seq and stored hash, if the log has any rows. A hash
/// that is not a blob (a malformed row) reads as empty, as the verify walk
/// reads it, so an acknowledgement can still chain on after it.
pub fn last_head(db: &Connection) -> Result<Option<Head>> {
    Ok(db
        .query_row(
            "SELECT seq, hash FROM audit WHERE typeof(seq) = 'integer'
              ORDER BY seq DESC LIMIT 1",
            [],
            |r| {
                Ok(Head {
                    seq: r.get(0)?,
                    hash: match r.get_ref(1)? {
                        rusqlite::types::ValueRef::Blob(b) => b.to_vec(),
                        _ => Vec::new(),
                    },
                })
            },
        )
        .optional()?)
}

/// One event, before it has a place in the chain.
#[derive(Debug, Clone)]
pub struct Event {
    pub action: Action,
    pub resource: Resource,
    pub target: Option<String>,
    pub version: Option<i64>,
    pub details: BTreeMap<String, String>,
}

impl Event {
    fn new(action: Action, resource: Resource, target: Option<String>) -> Event {
        debug_assert!(
            action.resources().contains(&resource),
            "{action} is not an action on {resource}"
        );
        Event {
            action,
            resource,
            target,
            version: None,
            details: BTreeMap::new(),
        }
    }

    pub fn secret(action: Action, name: &str, version: Option<i64>) -> Event {
        Event {
            version,
            ..Event::new(action, Resource::Secrets, Some(name.to_owned()))
        }
    }

    pub fn vault(action: Action) -> Event {
        Event::new(action, Resource::Vault, None)
    }

    pub fn audit(action: Action) -> Event {
        Event::new(action, Resource::Audit, None)
    }

    pub fn detail(mut self, key: &str, value: impl Into<String>) -> Event {
        self.details.insert(key.to_owned(), value.into());
        self
    }
}

/// A row as stored: the event plus its place in the chain.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub ts: i64,
    pub actor: String,
    pub action: String,
    pub resource: String,
    pub target: Option<String>,
    pub version: Option<i64>,
    pub details: BTreeMap<String, String>,
    #[serde(serialize_with = "hex_ser")]
    pub prev_hash: Vec<u8>,
    #[serde(serialize_with = "hex_ser")]
    pub hash: Vec<u8>,
}

fn hex_ser<S: serde::Serializer>(bytes: &[u8], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(bytes))
}

/// The fields that are hashed, in their fixed order.
#[derive(Serialize)]
struct Canonical<'a>(
    i64,
    i64,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Option<i64>,
    Details<'a>,
);

/// The canonical bytes of a row (see the module documentation).
pub fn canonical_bytes(vault_id: &str, rec: &AuditRecord) -> Vec<u8> {
    let mut buf = Vec::new();
    encode_canonical(
        &mut buf,
        vault_id,
        RowFields {
            seq: rec.seq,
            ts: rec.ts,
            actor: &rec.actor,
            action: &rec.action,
            resource: &rec.resource,
            target: rec.target.as_deref(),
            version: rec.version,
            details: Details::Map(&rec.details),
        },
    );
    buf
}

/// The hashed fields of a row, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct RowFields<'a> {
    pub seq: i64,
    pub ts: i64,
    pub actor: &'a str,
    pub action: &'a str,
    pub resource: &'a str,
    pub target: Option<&'a str>,
    pub version: Option<i64>,
    pub details: Details<'a>,
}

/// A row's details: a map, or (as a verify walk reads them) pairs already
/// sorted by key with no key twice. Both encode as the same MessagePack map.
#[derive(Debug, Clone, Copy)]
pub enum Details<'a> {
    Map(&'a BTreeMap<String, String>),
    Sorted(&'a [(std::borrow::Cow<'a, str>, std::borrow::Cow<'a, str>)]),
}

impl<'a> Details<'a> {
    pub fn get(self, key: &str) -> Option<&'a str> {
        match self {
            Details::Map(m) => m.get(key).map(String::as_str),
            Details::Sorted(p) => p.iter().find(|(k, _)| k == key).map(|(_, v)| &**v),
        }
    }
}

impl Serialize for Details<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Details::Map(m) => m.serialize(s),
            Details::Sorted(p) => s.collect_map(p.iter().map(|(k, v)| (&**k, &**v))),
        }
    }
}

/// Append a row's canonical bytes to `buf` (cleared first), so a walk over
/// many rows reuses one allocation.
pub fn encode_canonical(buf: &mut Vec<u8>, vault_id: &str, row: RowFields<'_>) {
    buf.clear();
    rmp_serde::encode::write(
        buf,
        &Canonical(
            row.seq,
            row.ts,
            vault_id,
            row.actor,
            row.action,
            row.resource,
            row.target,
            row.version,
            row.details,
        ),
    )
    .expect("encoding to a Vec cannot fail");
}

/// The `prev_hash` of the first row of the vault `vault_id` (32 hex digits).
pub fn genesis(vault_id: &str) -> Vec<u8> {
    let id = hex::decode(vault_id).unwrap_or_else(|_| vault_id.as_bytes().to_vec());
    let mut h = Sha256::new();
    h.update(b"coffer-audit-v1");
    h.update(&id);
    h.finalize().to_vec()
}

/// `SHA-256(prev_hash || canonical_bytes)`.
pub fn row_hash(prev_hash: &[u8], canonical: &[u8]) -> Vec<u8> {
    row_digest(prev_hash, canonical).to_vec()
}

/// [`row_hash`] without an allocation, for walks over every row.
pub(crate) fn row_digest(prev_hash: &[u8], canonical: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev_hash);
    h.update(canonical);
    h.finalize().into()
}

/// The seq the next row gets.
pub fn next_seq(db: &Connection) -> Result<i64> {
    match last_head(db)? {
        Some(head) => head.seq.checked_add(1).ok_or_else(|| {
            Error::integrity("the audit log cannot grow: its newest seq is the largest there is")
        }),
        None => Ok(1),
    }
}

/// Append `event` to the chain, inside the caller's transaction, and record
/// the new head in `meta`. Any failure here fails the command: its
/// transaction rolls back and nothing is written.
pub fn append(db: &Connection, vault_id: &str, ts: i64, actor: &str, event: Event) -> Result<Head> {
    let rec = AuditRecord {
        seq: next_seq(db)?,
        ts,
        actor: actor.to_owned(),
        action: event.action.as_str().to_owned(),
        resource: event.resource.as_str().to_owned(),
        target: event.target,
        version: event.version,
        details: event.details,
        prev_hash: Vec::new(),
        hash: Vec::new(),
    };
    chain_on(db, vault_id, rec)
}

/// Link `rec` (its seq must be the next one; its chain fields are
/// computed here) onto the chain, insert it, and record the new head.
pub fn chain_on(db: &Connection, vault_id: &str, mut rec: AuditRecord) -> Result<Head> {
    let (seq, prev_hash) = match last_head(db)? {
        Some(head) => (head.seq.saturating_add(1), head.hash),
        None => (1, genesis(vault_id)),
    };
    if rec.seq != seq {
        return Err(Error::integrity(format!(
            "an audit row numbered {} does not follow row {}",
            rec.seq,
            seq - 1
        )));
    }
    rec.prev_hash = prev_hash;
    rec.hash = row_hash(&rec.prev_hash, &canonical_bytes(vault_id, &rec));
    let head = Head {
        seq: rec.seq,
        hash: rec.hash.clone(),
    };
    insert_row(db, &rec)
        .and_then(|_| {
            db.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?
                .execute(params![HEAD_KEY, head.to_string()])
        })
        .map_err(|e| {
            let mut err = Error::from(e);
            err.message = format!(
                "cannot write the audit row, so nothing was done: {}",
                err.message
            );
            err
        })?;
    Ok(head)
}

/// Insert a row as it is, chain fields included. [`append`] is the way to
/// add an event; this is the one place that writes the row's columns (and
/// what a test uses to store a row an insider made).
pub fn insert_row(db: &Connection, rec: &AuditRecord) -> rusqlite::Result<usize> {
    let details = serde_json::to_string(&rec.details).expect("a string map encodes");
    db.prepare_cached(
        "INSERT INTO audit (seq, ts, actor, action, resource, target, version, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
            rec.seq,
            rec.ts,
            rec.actor,
            rec.action,
            rec.resource,
            rec.target,
            rec.version,
            details,
            rec.prev_hash,
            rec.hash
        ],
    )
}

/// Which rows `audit:logs` shows.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub resource: Option<Resource>,
    pub action: Option<Action>,
    pub target: Option<String>,
    pub actor: Option<String>,
    /// A value fingerprint (hex) in the row's details.
    pub fingerprint: Option<String>,
    pub since: Option<i64>,
    /// The newest `limit` rows, shown oldest first.
    pub limit: Option<u64>,
}

/// The names the secret now named `name` had before, each with the seq of
/// the `renamed` row that ended it, newest first. A name given up and
/// later taken by another secret counts only until its rename.
fn names_before(db: &Connection, name: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = db.prepare_cached(
        "SELECT seq, CASE WHEN json_valid(details) THEN json_extract(details, '$.from') END
           FROM audit
          WHERE resource = ?3 AND action = ?4 AND target = ?1 AND seq < ?2
          ORDER BY seq DESC LIMIT 1",
    )?;
    let mut out = Vec::new();
    let (mut current, mut until) = (name.to_owned(), i64::MAX);
    // Each step goes back to an earlier row, so this ends; the bound keeps
    // a forged chain of renames from running long.
    while out.len() < 1000 {
        let found: Option<(i64, Option<String>)> = stmt
            .query_row(
                rusqlite::params![
                    current,
                    until,
                    Resource::Secrets.as_str(),
                    Action::Renamed.as_str()
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((seq, Some(from))) = found else {
            break;
        };
        out.push((from.clone(), seq));
        (current, until) = (from, seq);
    }
    Ok(out)
}

/// Read rows matching `filter`, oldest first.
pub fn query(db: &Connection, filter: &Filter) -> Result<Vec<AuditRecord>> {
    let mut sql = String::from(
        "SELECT seq, ts, actor, action, resource, target, version, details, prev_hash, hash
           FROM audit WHERE 1=1",
    );
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut add = |clause: &str, v: rusqlite::types::Value| {
        sql.push_str(clause);
        args.push(v);
    };
    if let Some(r) = &filter.resource {
        add(" AND resource = ?", r.as_str().to_owned().into());
    }
    if let Some(a) = &filter.action {
        add(" AND action = ?", a.as_str().to_owned().into());
    }
    if let Some(a) = &filter.actor {
        add(" AND actor = ?", a.clone().into());
    }
    if let Some(f) = &filter.fingerprint {
        add(
            " AND CASE WHEN json_valid(details) THEN json_extract(details, '$.fingerprint') END = ?",
            f.clone().into(),
        );
    }
    if let Some(s) = filter.since {
        add(" AND ts >= ?", s.into());
    }
    if let Some(t) = &filter.target {
        // A renamed secret's rows from before the rename name it as it was
        // then: follow `renamed` rows back (wip/small).
        let names = names_before(db, t)?;
        let mut clause = String::from(" AND (target = ?");
        let mut values: Vec<rusqlite::types::Value> = vec![t.clone().into()];
        for (name, until) in names {
            clause.push_str(" OR (target = ? AND seq < ?)");
            values.push(name.into());
            values.push(until.into());
        }
        clause.push(')');
        sql.push_str(&clause);
        args.extend(values);
    }
    sql.push_str(" ORDER BY seq DESC");
    if let Some(l) = filter.limit {
        sql.push_str(&format!(" LIMIT {l}"));
    }
    let mut stmt = db.prepare(&sql)?;
    let mut rows = stmt
        .query_map(rusqlite::params_from_iter(args), |r| {
            // Leniently: a row of the wrong types (tampering) is still shown,
            // as best it can be; `audit:verify` says what is wrong with it.
            use rusqlite::types::ValueRef;
            let int = |i| match r.get_ref(i) {
                Ok(ValueRef::Integer(n)) => Some(n),
                _ => None,
            };
            let text = |i| match r.get_ref(i) {
                Ok(ValueRef::Text(t)) => Some(String::from_utf8_lossy(t).into_owned()),
                Ok(ValueRef::Integer(n)) => Some(n.to_string()),
                Ok(ValueRef::Real(f)) => Some(f.to_string()),
                Ok(ValueRef::Blob(b)) => Some(hex::encode(b)),
                _ => None,
            };
            let bytes = |i| match r.get_ref(i) {
                Ok(ValueRef::Blob(b)) => b.to_vec(),
                Ok(ValueRef::Text(t)) => t.to_vec(),
                _ => Vec::new(),
            };
            Ok(AuditRecord {
                seq: int(0).unwrap_or_default(),
                ts: int(1).unwrap_or_default(),
                actor: text(2).unwrap_or_default(),
                action: text(3).unwrap_or_default(),
                resource: text(4).unwrap_or_default(),
                target: text(5),
                version: int(6),
                details: text(7)
                    .and_then(|d| serde_json::from_str(&d).ok())
                    .unwrap_or_default(),
                prev_hash: bytes(8),
                hash: bytes(9),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.reverse();
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VAULT: &str = "00112233445566778899aabbccddeeff";

    // The canonical bytes, genesis and row hash are pinned by independent
    // golden vectors in tests/it/audit_vectors.rs.

    #[test]
    fn heads_parse_and_print() {
        let hash = "ab".repeat(32);
        let head: Head = format!(" 42:{} \n", hash.to_uppercase()).parse().unwrap();
        assert_eq!(head.seq, 42);
        assert_eq!(head.to_string(), format!("42:{hash}"));
        for bad in [
            "",
            "42",
            &format!("0:{hash}"),
            &format!("-1:{hash}"),
            &format!("x:{hash}"),
            "42:abc",
            &format!("42:{}", "ab".repeat(33)),
            &format!("42:{}zz", "ab".repeat(31)),
        ] {
            assert!(bad.parse::<Head>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn append_chains_rows() {
        let db = Connection::open_in_memory().unwrap();
        crate::vault::schema::create(&db).unwrap();
        append(&db, VAULT, 1, "me", Event::vault(Action::Initialized)).unwrap();
        append(
            &db,
            VAULT,
            2,
            "me",
            Event::secret(Action::Created, "A", Some(1)),
        )
        .unwrap();
        let rows = query(&db, &Filter::default()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].prev_hash, genesis(VAULT));
        assert_eq!(rows[1].prev_hash, rows[0].hash);
        assert_eq!(
            rows[1].hash,
            row_hash(&rows[0].hash, &canonical_bytes(VAULT, &rows[1]))
        );
    }
}
