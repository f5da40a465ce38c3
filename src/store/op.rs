//! Operations: every change a command makes to a vault, as data.
//!
//! A command's writes go through [`apply`] and are collected, in order, into
//! the command's journal record; opening a vault replays a record by
//! applying its operations again, through the same function. So what a
//! record says and what the command did cannot drift apart.
//!
//! Secrets are named, not numbered: a local row id means nothing in another
//! clone. Each operation is encoded by rmp-serde as a one-entry map from its
//! name to the array of its fields, in the order they are declared here
//! (`man 5 coffer-vault` lists them).

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::audit::{self, AuditRecord};
use crate::error::{Error, Result};
use crate::model::{Action, Field, Resource};

/// A secret value inside an operation: encoded as MessagePack bin, wiped
/// from memory when dropped, and never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Value(pub Zeroizing<Vec<u8>>);

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Value({} bytes)", self.0.len())
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Value, D::Error> {
        let buf = serde_bytes::ByteBuf::deserialize(d)?;
        Ok(Value(Zeroizing::new(buf.into_vec())))
    }
}

/// The value a [`Field`] is set to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    Int(i64),
    Text(String),
}

/// One change to a vault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// A new secret, before its first version, tags and metadata.
    Secret {
        name: String,
        kind: String,
        description: Option<String>,
        at: i64,
        by: String,
        activates_at: Option<i64>,
        expires_at: Option<i64>,
    },
    /// A new version of a secret.
    Version {
        name: String,
        number: i64,
        value: Value,
        at: i64,
        by: String,
        kind: String,
        source: Option<i64>,
    },
    /// The secret changed at `at` (its `updated_at`).
    Touch { name: String, at: i64 },
    /// The secret's tags are now exactly `tags`.
    Tags { name: String, tags: Vec<String> },
    /// Set (`Some`) or remove (`None`) one metadata entry.
    Metadata {
        name: String,
        key: String,
        value: Option<String>,
    },
    /// Set one of the secret's facts in place; also its `updated_at`.
    Field {
        name: String,
        field: Field,
        value: Option<FieldValue>,
        at: i64,
    },
    /// The secret `from` is now named `to`, with its versions, tags and
    /// metadata; also its `updated_at`.
    Rename { from: String, to: String, at: i64 },
    /// Erase version `number`'s value (`secrets:destroy`): its bytes
    /// become empty (coffer never stores an empty value); its facts stay.
    Destroy { name: String, number: i64, at: i64 },
    /// An audit row. Its seq is the next in the vault's log, and its chain
    /// hash follows from the row before it: a record carries no local
    /// number that another clone's records could also use. A read of a
    /// secret's value (`accessed`) also sets its `last_read_at`.
    Audit {
        ts: i64,
        actor: String,
        action: String,
        resource: String,
        target: Option<String>,
        version: Option<i64>,
        details: BTreeMap<String, String>,
    },
}

impl Op {
    /// The secret this operation changes, if any.
    pub fn secret(&self) -> Option<&str> {
        match self {
            Op::Secret { name, .. }
            | Op::Version { name, .. }
            | Op::Touch { name, .. }
            | Op::Tags { name, .. }
            | Op::Metadata { name, .. }
            | Op::Field { name, .. }
            | Op::Destroy { name, .. } => Some(name),
            Op::Rename { to, .. } => Some(to),
            Op::Audit { .. } => None,
        }
    }
}

fn secret_id(db: &Connection, name: &str) -> Result<i64> {
    db.prepare_cached("SELECT id FROM secret WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            Error::integrity(format!(
                "a change names secret {}, which the vault does not hold",
                crate::output::clean(name)
            ))
        })
}

/// Apply `op` to the vault, inside the caller's transaction.
pub fn apply(db: &Connection, vault_id: &str, op: &Op) -> Result<()> {
    match op {
        Op::Secret {
            name,
            kind,
            description,
            at,
            by,
            activates_at,
            expires_at,
        } => {
            db.prepare_cached(
                "INSERT INTO secret (name, type, description, created_at, created_by, updated_at,
                                     activates_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?6, ?7)",
            )?
            .execute(params![
                name,
                kind,
                description,
                at,
                by,
                activates_at,
                expires_at
            ])?;
        }
        Op::Version {
            name,
            number,
            value,
            at,
            by,
            kind,
            source,
        } => {
            let id = secret_id(db, name)?;
            db.prepare_cached(
                "INSERT INTO version (secret_id, number, value, created_at, created_by, kind, source_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id, number, value.0.as_slice(), at, by, kind, source])?;
        }
        Op::Touch { name, at } => {
            let id = secret_id(db, name)?;
            db.prepare_cached("UPDATE secret SET updated_at = ?2 WHERE id = ?1")?
                .execute(params![id, at])?;
        }
        Op::Tags { name, tags } => {
            let id = secret_id(db, name)?;
            db.prepare_cached("DELETE FROM tag WHERE secret_id = ?1")?
                .execute([id])?;
            let mut stmt =
                db.prepare_cached("INSERT OR IGNORE INTO tag (secret_id, tag) VALUES (?1, ?2)")?;
            for t in tags {
                stmt.execute(params![id, t])?;
            }
        }
        Op::Metadata { name, key, value } => {
            let id = secret_id(db, name)?;
            match value {
                Some(v) => db
                    .prepare_cached(
                        "INSERT INTO metadata (secret_id, key, value) VALUES (?1, ?2, ?3)
                         ON CONFLICT (secret_id, key) DO UPDATE SET value = excluded.value",
                    )?
                    .execute(params![id, key, v])?,
                None => db
                    .prepare_cached("DELETE FROM metadata WHERE secret_id = ?1 AND key = ?2")?
                    .execute(params![id, key])?,
            };
        }
        Op::Field {
            name,
            field,
            value,
            at,
        } => {
            let id = secret_id(db, name)?;
            let value: rusqlite::types::Value = match value {
                None => rusqlite::types::Value::Null,
                Some(FieldValue::Int(i)) => (*i).into(),
                Some(FieldValue::Text(t)) => t.clone().into(),
            };
            db.prepare_cached(&format!(
                "UPDATE secret SET {} = ?2, updated_at = ?3 WHERE id = ?1",
                field.column()
            ))?
            .execute(params![id, value, at])?;
        }
        Op::Rename { from, to, at } => {
            let id = secret_id(db, from)?;
            db.prepare_cached("UPDATE secret SET name = ?2, updated_at = ?3 WHERE id = ?1")?
                .execute(params![id, to, at])?;
        }
        Op::Destroy { name, number, .. } => {
            let id = secret_id(db, name)?;
            // Versions are immutable to every other statement: the trigger
            // goes for this one update and comes back exactly as it was.
            let trigger: String = db.query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'version_is_immutable'",
                [],
                |r| r.get(0),
            )?;
            db.execute_batch("DROP TRIGGER version_is_immutable")?;
            let erased = db
                .prepare_cached(
                    "UPDATE version SET value = X'' WHERE secret_id = ?1 AND number = ?2",
                )?
                .execute(params![id, number])?;
            db.execute_batch(&trigger)?;
            if erased != 1 {
                return Err(Error::integrity(format!(
                    "a change erases version {number} of {}, which the vault does not hold",
                    crate::output::clean(name)
                )));
            }
        }
        Op::Audit {
            ts,
            actor,
            action,
            resource,
            target,
            version,
            details,
        } => {
            let rec = AuditRecord {
                seq: audit::next_seq(db)?,
                ts: *ts,
                actor: actor.clone(),
                action: action.clone(),
                resource: resource.clone(),
                target: target.clone(),
                version: *version,
                details: details.clone(),
                prev_hash: Vec::new(),
                hash: Vec::new(),
            };
            if *resource == Resource::Secrets
                && *action == Action::Accessed
                && let Some(name) = target
            {
                let id = secret_id(db, name)?;
                db.prepare_cached("UPDATE secret SET last_read_at = ?2 WHERE id = ?1")?
                    .execute(params![id, ts])?;
            }
            audit::chain_on(db, vault_id, rec)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `man 5 coffer-vault` documents every operation with its fields.
    #[test]
    fn the_format_page_lists_every_operation() {
        let page = include_str!("../../man/coffer-vault.5");
        let s = String::new;
        let all = [
            Op::Secret {
                name: s(),
                kind: s(),
                description: None,
                at: 0,
                by: s(),
                activates_at: None,
                expires_at: None,
            },
            Op::Version {
                name: s(),
                number: 0,
                value: Value(Zeroizing::new(Vec::new())),
                at: 0,
                by: s(),
                kind: s(),
                source: None,
            },
            Op::Touch { name: s(), at: 0 },
            Op::Tags {
                name: s(),
                tags: Vec::new(),
            },
            Op::Metadata {
                name: s(),
                key: s(),
                value: None,
            },
            Op::Field {
                name: s(),
                field: Field::Enabled,
                value: None,
                at: 0,
            },
            Op::Rename {
                from: s(),
                to: s(),
                at: 0,
            },
            Op::Destroy {
                name: s(),
                number: 0,
                at: 0,
            },
            Op::Audit {
                ts: 0,
                actor: s(),
                action: s(),
                resource: s(),
                target: None,
                version: None,
                details: BTreeMap::new(),
            },
        ];
        for op in all {
            // Adding an operation means documenting it: this match has no
            // wildcard, so it fails to compile until the page is updated.
            let doc = match &op {
                Op::Secret { .. } => {
                    "secret [name, type, description, at, by, activates_at, expires_at]"
                }
                Op::Version { .. } => "version [name, number, value, at, by, kind, source]",
                Op::Touch { .. } => "touch [name, at]",
                Op::Tags { .. } => "tags [name, [tag, ...]]",
                Op::Metadata { .. } => "metadata [name, key, value]",
                Op::Field { .. } => "field [name, field, value, at]",
                Op::Rename { .. } => "rename [from, to, at]",
                Op::Destroy { .. } => "destroy [name, number, at]",
                Op::Audit { .. } => "audit [ts, actor, action, resource, target, version, details]",
            };
            assert!(page.contains(&format!(".B {doc}")), "{doc}");
            // The name on the page is the one encoded.
            let bytes = rmp_serde::to_vec(&op).unwrap();
            let name = doc.split(' ').next().unwrap();
            assert_eq!(&bytes[2..2 + name.len()], name.as_bytes(), "{doc}");
        }
    }

    #[test]
    fn operations_encode_as_documented() {
        let op = Op::Touch {
            name: "A".into(),
            at: 5,
        };
        // {"touch": ["A", 5]}
        assert_eq!(
            rmp_serde::to_vec(&op).unwrap(),
            [
                0x81, 0xa5, b't', b'o', b'u', b'c', b'h', 0x92, 0xa1, b'A', 0x05
            ]
        );
        let op = Op::Version {
            name: "A".into(),
            number: 2,
            value: Value(Zeroizing::new(b"s3cr3t".to_vec())),
            at: 1,
            by: "me".into(),
            kind: "update".into(),
            source: None,
        };
        let bytes = rmp_serde::to_vec(&op).unwrap();
        // The value is bin (0xc4), not an array of numbers.
        assert!(bytes.windows(8).any(|w| w == b"\xc4\x06s3cr3t"));
        assert_eq!(rmp_serde::from_slice::<Op>(&bytes).unwrap(), op);
        assert!(!format!("{op:?}").contains("s3cr3t"));
        let op = Op::Field {
            name: "A".into(),
            field: Field::Description,
            value: Some(FieldValue::Text("d".into())),
            at: 1,
        };
        let bytes = rmp_serde::to_vec(&op).unwrap();
        assert_eq!(rmp_serde::from_slice::<Op>(&bytes).unwrap(), op);
    }
}
