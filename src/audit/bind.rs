//! Binding the data to the audit chain: every fact a command changes is
//! recorded, as a digest, in the audit row that changed it, so a change made
//! without coffer (with the identity, SQLite and a re-encryption) is found by
//! `audit:verify` and refused by every write, just as an edited row is.
//!
//! What the rows record, and what a walk checks against the vault:
//!
//! - **Versions.** The row that made a version (`created`, `updated`,
//!   `rotated`, `rolled_back`) carries its value's fingerprint, HMAC-SHA256
//!   under the vault's key. Each version's value must have that fingerprint,
//!   and its author, time, kind and source version must be the row's actor,
//!   time, action and `source_version`; a version without a row, and a row
//!   whose version is gone, are breaks.
//! - **Secrets.** Every row that changes a secret carries `state`: the
//!   SHA-256 of the canonical encoding of its facts after the change (see
//!   [`Facts`]). Each secret must match the `state` of its newest such row;
//!   a secret without one, and a recorded secret that is gone, are breaks.
//!   Reads (`accessed`, `listed_versions`, `compared`) and refused reads
//!   (`denied`) change no fact and
//!   record none (`last_read_at` and `updated_at` are not facts).
//! - **Destroyed versions.** A `destroyed` row (target, version) makes that
//!   version expected empty (no fingerprint), its attribution unchanged;
//!   an empty value without one is a changed value.
//! - **Renames.** A `renamed` row (target the new name, `from` the old)
//!   moves each version's and the secret's expectation to the new name.
//! - **Members** (`members`) and **the fingerprint key** (`key_check`,
//!   HMAC of a fixed text under the key): recorded by `initialized` and by the
//!   `migrated` row that binds a vault made before data binding (schema 3).
//!   Only those actions may record them, and only changes may record
//!   `state`: a read or a listing that carries one is not believed.
//!
//! A vault whose log has no such row yet (made by coffer 0.1 and never
//! written since) is checked for versions only; its first write binds it.
//!
//! An acknowledgement that found data breaks records what it accepted (each
//! item and the digest it then had), and from then on those digests are the
//! expected ones, until the next row that changes the item. As with breaks in
//! the chain, an acknowledgement cannot accept a change to what an anchor (a
//! remembered head, `--expect`) vouched for before the acknowledgement
//! existed, and accepting a member set or key as absent means absent, not
//! unchecked.

use std::collections::{BTreeMap, HashMap};

use hmac::{Hmac, Mac};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::RowFields;
use crate::error::Result;
use crate::model::{Action, Resource};

/// The version kinds coffer writes.
pub const VERSION_KINDS: &[&str] = &["create", "update", "rotate", "rollback", "import", "merge"];

/// Who made the version a version-making row records, when, how and from
/// which version: the row's own actor, time and action (see [`kind_of`])
/// and its `source_version`; except that an `imported` row restoring a
/// history (`coffer import` of `coffer export --history`) records the
/// version's original author, time and kind in its `by`, `at` and `kind`
/// details, which its writer vouches for. None for a row that makes no
/// version, or whose details are malformed.
pub fn version_attribution<'a>(
    action: &str,
    actor: &'a str,
    ts: i64,
    details: super::Details<'a>,
) -> Option<(&'a str, i64, &'a str, Option<i64>)> {
    let source = details.get("source_version").and_then(|v| v.parse().ok());
    let kind = kind_of(action)?;
    if action == Action::Imported
        && let Some(by) = details.get("by")
    {
        let at = details.get("at")?.parse().ok()?;
        let kind = details.get("kind")?;
        if !VERSION_KINDS.contains(&kind) {
            return None;
        }
        return Some((by, at, kind, source));
    }
    Some((actor, ts, kind, source))
}

/// Whether an audit row restores a secret from a history (see
/// [`version_attribution`]).
pub fn is_restore(action: &str, details: super::Details<'_>) -> bool {
    action == Action::Imported && details.get("by").is_some()
}

/// What a fingerprint key's `key_check` is the HMAC of.
const KEY_CHECK_TEXT: &[u8] = b"coffer-key-check-v1";

/// The digest an absent member set, key or value is expected (and
/// observed) as.
const ABSENT: &str = "-";

/// The version kind a row's version-making action writes
/// ([`Action::version_kind`]); none for an action this coffer does not know.
pub fn kind_of(action: &str) -> Option<&'static str> {
    Action::of(action)?.version_kind()
}

/// What a version is expected (and observed) as: its value's fingerprint
/// (none when absent or malformed), and a digest of who made it, when, how
/// and from which version. Fixed-size, so a walk over many versions does
/// not allocate for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct VersionSeen {
    fingerprint: Option<[u8; 32]>,
    attribution: [u8; 16],
}

impl VersionSeen {
    fn new(
        fingerprint: Option<[u8; 32]>,
        by: &str,
        at: i64,
        kind: &str,
        source: Option<i64>,
    ) -> Self {
        let mut h = Sha256::new();
        h.update(b"coffer-version-v1");
        for text in [by, kind] {
            h.update((text.len() as u64).to_be_bytes());
            h.update(text.as_bytes());
        }
        h.update(at.to_be_bytes());
        match source {
            Some(n) => {
                h.update([1]);
                h.update(n.to_be_bytes());
            }
            None => h.update([0]),
        }
        let mut attribution = [0u8; 16];
        attribution.copy_from_slice(&h.finalize()[..16]);
        VersionSeen {
            fingerprint,
            attribution,
        }
    }

    /// `FINGERPRINT:ATTRIBUTION` in hex (`-` for no fingerprint), as an
    /// acknowledgement records it.
    fn text(&self) -> String {
        format!(
            "{}:{}",
            self.fingerprint.map_or(ABSENT.to_owned(), hex::encode),
            hex::encode(self.attribution)
        )
    }

    fn parse(text: &str) -> Option<VersionSeen> {
        let (fp, attr) = text.split_once(':')?;
        let fingerprint = if fp == ABSENT {
            None
        } else {
            Some(hex_array(fp)?)
        };
        Some(VersionSeen {
            fingerprint,
            attribution: hex_array(attr)?,
        })
    }
}

/// `N` bytes from exactly `2N` hex digits.
fn hex_array<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

/// A secret's facts, as its `state` digest covers them.
#[derive(Debug, Clone)]
pub struct Facts {
    pub name: String,
    pub kind: String,
    pub description: Option<String>,
    pub enabled: bool,
    pub deleted_at: Option<i64>,
    pub activates_at: Option<i64>,
    pub expires_at: Option<i64>,
    pub rotation_period: Option<i64>,
    pub rotation_notify: Option<i64>,
    pub created_at: i64,
    pub created_by: String,
    /// The newest version's number (0 if it has none).
    pub version: i64,
    /// Sorted.
    pub tags: Vec<String>,
    pub metadata: BTreeMap<String, String>,
}

/// The canonical encoding: a MessagePack array in this order, starting with
/// a domain tag, as audit rows are encoded (no floats, maps sorted).
#[derive(Serialize)]
struct CanonicalFacts<'a>(
    &'static str,
    &'a str,
    &'a str,
    Option<&'a str>,
    bool,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    i64,
    &'a str,
    i64,
    &'a [String],
    &'a BTreeMap<String, String>,
);

impl Facts {
    /// SHA-256 of the canonical encoding, as lowercase hex.
    pub fn digest(&self) -> String {
        let bytes = rmp_serde::to_vec(&CanonicalFacts(
            "coffer-secret-state-v1",
            &self.name,
            &self.kind,
            self.description.as_deref(),
            self.enabled,
            self.deleted_at,
            self.activates_at,
            self.expires_at,
            self.rotation_period,
            self.rotation_notify,
            self.created_at,
            &self.created_by,
            self.version,
            &self.tags,
            &self.metadata,
        ))
        .expect("encoding to a Vec cannot fail");
        hex::encode(Sha256::digest(bytes))
    }
}

/// The facts of every secret (or of the one named `only`), by name.
pub fn read_facts(db: &Connection, only: Option<&str>) -> Result<Vec<Facts>> {
    let mut sql = String::from(
        "SELECT s.id, s.name, s.type, s.description, s.enabled, s.deleted_at, s.activates_at,
                s.expires_at, s.rotation_period, s.rotation_notify, s.created_at, s.created_by,
                (SELECT COALESCE(MAX(number), 0) FROM version v WHERE v.secret_id = s.id)
           FROM secret s",
    );
    if only.is_some() {
        sql.push_str(" WHERE s.name = ?1");
    }
    let mut stmt = db.prepare(&sql)?;
    let params: Vec<&dyn rusqlite::ToSql> = match &only {
        Some(name) => vec![name],
        None => Vec::new(),
    };
    let mut by_id: HashMap<i64, Facts> = HashMap::new();
    let mut rows = stmt.query(params.as_slice())?;
    while let Some(r) = rows.next()? {
        by_id.insert(
            r.get(0)?,
            Facts {
                name: r.get(1)?,
                kind: r.get(2)?,
                description: r.get(3)?,
                enabled: r.get(4)?,
                deleted_at: r.get(5)?,
                activates_at: r.get(6)?,
                expires_at: r.get(7)?,
                rotation_period: r.get(8)?,
                rotation_notify: r.get(9)?,
                created_at: r.get(10)?,
                created_by: r.get(11)?,
                version: r.get(12)?,
                tags: Vec::new(),
                metadata: BTreeMap::new(),
            },
        );
    }
    let filter = if only.is_some() {
        " WHERE secret_id IN (SELECT id FROM secret WHERE name = ?1)"
    } else {
        ""
    };
    let mut stmt = db.prepare(&format!(
        "SELECT secret_id, tag FROM tag{filter} ORDER BY tag"
    ))?;
    let mut rows = stmt.query(params.as_slice())?;
    while let Some(r) = rows.next()? {
        if let Some(f) = by_id.get_mut(&r.get::<_, i64>(0)?) {
            f.tags.push(r.get(1)?);
        }
    }
    let mut stmt = db.prepare(&format!(
        "SELECT secret_id, key, value FROM metadata{filter}"
    ))?;
    let mut rows = stmt.query(params.as_slice())?;
    while let Some(r) = rows.next()? {
        if let Some(f) = by_id.get_mut(&r.get::<_, i64>(0)?) {
            f.metadata.insert(r.get(1)?, r.get(2)?);
        }
    }
    Ok(by_id.into_values().collect())
}

/// SHA-256 of the member set: each member's name, recipient, role and
/// signing key, sorted by recipient, as lowercase hex.
pub fn members_digest(db: &Connection) -> Result<String> {
    let mut stmt =
        db.prepare("SELECT name, recipient, role, signing_key FROM member ORDER BY recipient")?;
    let members = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let bytes =
        rmp_serde::to_vec(&("coffer-members-v1", members)).expect("encoding to a Vec cannot fail");
    Ok(hex::encode(Sha256::digest(bytes)))
}

/// The `key_check` of a fingerprint key: HMAC-SHA256 of a fixed text, hex.
pub fn key_check(key: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(KEY_CHECK_TEXT);
    hex::encode(mac.finalize().into_bytes())
}

/// One fact a row vouches for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    Version(String, i64),
    Secret(String),
    Members,
    Key,
}

impl std::fmt::Display for Item {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Item::Version(name, n) => write!(f, "version {n} of {name}"),
            Item::Secret(name) => write!(f, "secret {name}"),
            Item::Members => f.write_str("the member set"),
            Item::Key => f.write_str("the fingerprint key"),
        }
    }
}

/// What the log says each fact should be: a digest, and the seq of the row
/// that said so.
#[derive(Debug, Default)]
pub struct Expected {
    versions: HashMap<(String, i64), (VersionSeen, i64)>,
    states: HashMap<String, (String, i64)>,
    members: Option<(String, i64)>,
    key: Option<(String, i64)>,
    /// The first row that recorded the member set: from it on, the log
    /// records every secret's state.
    bound_at: Option<i64>,
    /// Rows that named a version (with a fingerprint) before any row made
    /// it: (secret, number) to the first such row's seq.
    named_early: HashMap<(String, i64), i64>,
}

/// A row that names a version with a fingerprint (a read, an export, a
/// destroy) other than the one the row that made the version recorded, or
/// names a version before it was made. An honest history never does: each
/// row names what the version held when it was written. A history whose
/// versions were renumbered after (a merge's records replayed in another
/// order on a checkpoint put back) does.
#[derive(Debug, Clone)]
pub struct Contradiction {
    /// The row that names the version.
    pub seq: i64,
    pub name: String,
    pub version: i64,
    /// The row that made the version (none: made only after `seq`).
    pub made_at: Option<i64>,
}

impl Contradiction {
    pub fn message(&self) -> String {
        let (name, n, seq) = (&self.name, self.version, self.seq);
        match self.made_at {
            Some(made) => format!(
                "row {seq} names version {n} of {name} with a fingerprint other than the one row {made} made it with: versions were renumbered or reordered after the row was written"
            ),
            None => format!(
                "row {seq} names version {n} of {name} before any row makes it: versions were renumbered or reordered after the row was written"
            ),
        }
    }
}

impl Expected {
    /// Take in what one row records (its actor and time are what a version
    /// it makes must carry). Returns the rows it shows to contradict the
    /// versions they name ([`Contradiction`]): this one, or, for a row that
    /// makes a version, earlier rows that named it before it was made.
    pub fn row(&mut self, row: &RowFields<'_>) -> Vec<Contradiction> {
        let found = self.contradictions(row);
        self.take_in(row);
        found
    }

    fn contradictions(&mut self, row: &RowFields<'_>) -> Vec<Contradiction> {
        let RowFields {
            seq,
            action,
            resource,
            target,
            version,
            ref details,
            ..
        } = *row;
        let (Some(name), Some(n), true) = (target, version, resource == Resource::Secrets) else {
            return Vec::new();
        };
        let key = (name.to_owned(), n);
        if kind_of(action).is_some() {
            // Made now: whatever named it earlier named what did not exist.
            return match self.named_early.remove(&key) {
                Some(early) => vec![Contradiction {
                    seq: early,
                    name: name.to_owned(),
                    version: n,
                    made_at: None,
                }],
                None => Vec::new(),
            };
        }
        let Some(fp) = details.get("fingerprint") else {
            return Vec::new();
        };
        match self.versions.get(&key) {
            // Destroyed before: no fingerprint left to compare.
            Some((seen, _)) if seen.fingerprint.is_none() => Vec::new(),
            Some((seen, made)) if seen.fingerprint != hex_array(fp) => vec![Contradiction {
                seq,
                name: name.to_owned(),
                version: n,
                made_at: Some(*made),
            }],
            Some(_) => Vec::new(),
            None => {
                self.named_early.entry(key).or_insert(seq);
                Vec::new()
            }
        }
    }

    fn take_in(&mut self, row: &RowFields<'_>) {
        let RowFields {
            seq,
            ts,
            actor,
            action,
            resource,
            target,
            version,
            ref details,
        } = *row;
        if resource == Resource::Secrets
            && let Some(name) = target
        {
            // A rename moves what was recorded of the old name to the new.
            if action == Action::Renamed
                && let Some(from) = details.get("from")
            {
                self.rename(from, name);
            }
            if action == Action::Destroyed
                && let Some(n) = version
                && let Some((seen, at)) = self.versions.get_mut(&(name.to_owned(), n))
            {
                seen.fingerprint = None;
                *at = seq;
            }
            if let (Some(n), Some(fp), Some((by, at, kind, source))) = (
                version,
                details.get("fingerprint"),
                version_attribution(action, actor, ts, *details),
            ) {
                self.versions.insert(
                    (name.to_owned(), n),
                    (VersionSeen::new(hex_array(fp), by, at, kind, source), seq),
                );
            }
            if let Some(state) = details.get("state")
                && !Action::is_read_row(resource, action)
            {
                self.states.insert(name.to_owned(), (state.to_owned(), seq));
            }
        }
        if resource == Resource::Vault && Action::of(action).is_some_and(Action::binds_vault) {
            if let Some(m) = details.get("members") {
                self.members = Some((m.to_owned(), seq));
                self.bound_at.get_or_insert(seq);
            }
            if let Some(k) = details.get("key_check") {
                self.key = Some((k.to_owned(), seq));
            }
        }
    }

    /// What was recorded of secret `from` is now expected of `to`: its
    /// versions and its state (which the rename row then records anew).
    fn rename(&mut self, from: &str, to: &str) {
        let moved: Vec<i64> = self
            .versions
            .keys()
            .filter(|(name, _)| name == from)
            .map(|(_, n)| *n)
            .collect();
        for n in moved {
            if let Some(v) = self.versions.remove(&(from.to_owned(), n)) {
                self.versions.insert((to.to_owned(), n), v);
            }
        }
        if let Some(state) = self.states.remove(from) {
            self.states.insert(to.to_owned(), state);
        }
    }

    /// Take in what a valid acknowledgement at `seq` accepted (its
    /// `accepted` detail, see [`accepted_detail`]), except changes to what
    /// an anchor vouched for: expectations recorded at or before
    /// `vouched_until`. Returns how many items it accepted, and the ones it
    /// could not.
    pub fn accept(&mut self, seq: i64, accepted: &str, vouched_until: i64) -> (usize, Vec<Item>) {
        let Ok(items) = serde_json::from_str::<Vec<Accepted>>(accepted) else {
            return (0, Vec::new());
        };
        let (mut count, mut refused) = (0, Vec::new());
        for Accepted(kind, name, number, digest) in items {
            let item = match (kind.as_str(), name, number) {
                ("version", Some(name), Some(n)) => Item::Version(name, n),
                ("secret", Some(name), _) => Item::Secret(name),
                ("members", _, _) => Item::Members,
                ("key", _, _) => Item::Key,
                _ => continue,
            };
            let recorded_at = match &item {
                Item::Version(name, n) => self.versions.get(&(name.clone(), *n)).map(|v| v.1),
                Item::Secret(name) => self.states.get(name).map(|v| v.1),
                Item::Members => self.members.as_ref().map(|v| v.1),
                Item::Key => self.key.as_ref().map(|v| v.1),
            };
            let vouched = recorded_at.is_some_and(|at| at <= vouched_until);
            if vouched {
                refused.push(item);
                continue;
            }
            count += 1;
            match (item, digest) {
                (Item::Version(name, n), Some(d)) => match VersionSeen::parse(&d) {
                    Some(v) => {
                        self.versions.insert((name, n), (v, seq));
                    }
                    None => {
                        self.versions.remove(&(name, n));
                    }
                },
                (Item::Version(name, n), None) => {
                    self.versions.remove(&(name, n));
                }
                (Item::Secret(name), Some(d)) => {
                    self.states.insert(name, (d, seq));
                }
                (Item::Secret(name), None) => {
                    self.states.remove(&name);
                }
                (Item::Members, d) => {
                    self.members = Some((d.unwrap_or_else(|| ABSENT.to_owned()), seq));
                }
                (Item::Key, d) => {
                    self.key = Some((d.unwrap_or_else(|| ABSENT.to_owned()), seq));
                }
            }
        }
        (count, refused)
    }

    /// Whether the log binds every secret's state (it has a row recording
    /// the member set).
    pub fn is_bound(&self) -> bool {
        self.bound_at.is_some()
    }
}

/// An acknowledged item: kind, name, version number, digest (none: absent).
#[derive(Debug, serde::Deserialize, Serialize)]
struct Accepted(String, Option<String>, Option<i64>, Option<String>);

/// A fact that differs from what the log recorded.
#[derive(Debug, Clone)]
pub struct Mismatch {
    pub item: Item,
    /// The row that recorded what was expected (none for a fact no row records).
    pub recorded_at: Option<i64>,
    /// The digest the vault now has (none: the fact is absent).
    pub observed: Option<String>,
    pub kind: MismatchKind,
}

/// How a fact differs from the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MismatchKind {
    /// It differs from the digest the row recorded.
    Changed,
    /// A version whose value is as recorded, but not who made it, when or
    /// how (its author, time, kind or source version).
    Reattributed,
    /// The vault holds it, but no row recorded it.
    Unrecorded,
    /// A row recorded it, but the vault no longer holds it.
    Missing,
}

/// The `accepted` detail of an acknowledgement of `mismatches`.
pub fn accepted_detail(mismatches: &[Mismatch]) -> String {
    let items: Vec<Accepted> = mismatches
        .iter()
        .map(|m| {
            let (kind, name, number) = match &m.item {
                Item::Version(name, n) => ("version", Some(name.clone()), Some(*n)),
                Item::Secret(name) => ("secret", Some(name.clone()), None),
                Item::Members => ("members", None, None),
                Item::Key => ("key", None, None),
            };
            Accepted(kind.to_owned(), name, number, m.observed.clone())
        })
        .collect();
    serde_json::to_string(&items).expect("strings encode as JSON")
}

/// Compare the vault's data with what the log recorded.
pub fn check(db: &Connection, mut expected: Expected) -> Result<Vec<Mismatch>> {
    let mut out = Vec::new();
    let key_hex: Option<String> = db
        .query_row("SELECT value FROM meta WHERE key = 'hmac_key'", [], |r| {
            r.get(0)
        })
        .optional()?;
    let key = key_hex.and_then(|k| hex::decode(k).ok());

    if let Some((digest, seq)) = expected.key.take() {
        let observed = key.as_deref().map(key_check);
        if observed.as_deref().unwrap_or(ABSENT) != digest {
            out.push(Mismatch {
                item: Item::Key,
                recorded_at: Some(seq),
                observed,
                kind: MismatchKind::Changed,
            });
        }
    }
    if let Some((digest, seq)) = expected.members.take() {
        let observed = members_digest(db)?;
        if observed != digest {
            out.push(Mismatch {
                item: Item::Members,
                recorded_at: Some(seq),
                observed: Some(observed),
                kind: MismatchKind::Changed,
            });
        }
    }

    // Every version's value against the fingerprint its row recorded.
    let mac = key
        .as_deref()
        .map(|k| Hmac::<Sha256>::new_from_slice(k).expect("HMAC takes any key length"));
    let mut stmt = db.prepare(
        "SELECT s.name, v.number, v.value, v.created_by, v.created_at, v.kind, v.source_version
           FROM version v JOIN secret s ON s.id = v.secret_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let name: String = r.get(0)?;
        let number: i64 = r.get(1)?;
        let fingerprint = match (&mac, r.get_ref(2)?) {
            // An empty value is a destroyed one (coffer stores no empty
            // value): it has no fingerprint, as its `destroyed` row expects.
            (Some(mac), rusqlite::types::ValueRef::Blob(value)) if !value.is_empty() => {
                let mut mac = mac.clone();
                mac.update(value);
                Some(mac.finalize().into_bytes().into())
            }
            _ => None,
        };
        let seen = VersionSeen::new(
            fingerprint,
            &r.get::<_, String>(3)?,
            r.get(4)?,
            &r.get::<_, String>(5)?,
            r.get(6)?,
        );
        let kind = match expected.versions.remove(&(name.clone(), number)) {
            None => MismatchKind::Unrecorded,
            Some((want, _)) if want == seen => continue,
            Some((want, seq)) => {
                let kind = if want.fingerprint == seen.fingerprint {
                    MismatchKind::Reattributed
                } else {
                    MismatchKind::Changed
                };
                out.push(Mismatch {
                    item: Item::Version(name, number),
                    recorded_at: Some(seq),
                    observed: Some(seen.text()),
                    kind,
                });
                continue;
            }
        };
        out.push(Mismatch {
            item: Item::Version(name, number),
            recorded_at: None,
            observed: Some(seen.text()),
            kind,
        });
    }
    for ((name, number), (_, seq)) in expected.versions.drain() {
        out.push(Mismatch {
            item: Item::Version(name, number),
            recorded_at: Some(seq),
            observed: None,
            kind: MismatchKind::Missing,
        });
    }

    if expected.is_bound() {
        for facts in read_facts(db, None)? {
            let observed = facts.digest();
            let item = Item::Secret(facts.name.clone());
            match expected.states.remove(&facts.name) {
                None => out.push(Mismatch {
                    item,
                    recorded_at: None,
                    observed: Some(observed),
                    kind: MismatchKind::Unrecorded,
                }),
                Some((state, seq)) if state != observed => out.push(Mismatch {
                    item,
                    recorded_at: Some(seq),
                    observed: Some(observed),
                    kind: MismatchKind::Changed,
                }),
                Some(_) => {}
            }
        }
        for (name, (_, seq)) in expected.states.drain() {
            out.push(Mismatch {
                item: Item::Secret(name),
                recorded_at: Some(seq),
                observed: None,
                kind: MismatchKind::Missing,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.recorded_at.unwrap_or(i64::MAX), &a.item)
            .cmp(&(b.recorded_at.unwrap_or(i64::MAX), &b.item))
    });
    Ok(out)
}

impl Mismatch {
    /// One sentence for a report (names are cleaned by the caller's output).
    pub fn message(&self) -> String {
        let at = self
            .recorded_at
            .map_or(String::new(), |s| format!(" (recorded at seq {s})"));
        match (&self.item, self.kind) {
            (Item::Version(name, n), MismatchKind::Changed) => format!(
                "the value of version {n} of {name} is not the one its audit row recorded{at}: it was changed without coffer"
            ),
            (Item::Version(name, n), MismatchKind::Reattributed) => format!(
                "version {n} of {name} names another author, time, kind or source version than its audit row{at}: it was changed without coffer"
            ),
            (Item::Version(name, n), MismatchKind::Unrecorded) => {
                format!("version {n} of {name} has no audit row: it was added without coffer")
            }
            (Item::Version(name, n), MismatchKind::Missing) => format!(
                "version {n} of {name} is gone, but an audit row recorded it{at}: it was removed without coffer"
            ),
            (Item::Secret(name), MismatchKind::Changed | MismatchKind::Reattributed) => format!(
                "secret {name}'s facts (state, dates, tags or metadata) are not the ones its last audit row recorded{at}: they were changed without coffer"
            ),
            (Item::Secret(name), MismatchKind::Unrecorded) => {
                format!("secret {name} has no audit row recording it: it was added without coffer")
            }
            (Item::Secret(name), MismatchKind::Missing) => format!(
                "secret {name} is gone, but an audit row recorded it{at}: it was removed without coffer"
            ),
            (Item::Members, _) => format!(
                "the vault's members are not the ones the audit log recorded{at}: a member was added, removed or changed without coffer"
            ),
            (Item::Key, _) => format!(
                "the vault's fingerprint key is not the one the audit log recorded{at}: it was replaced without coffer"
            ),
        }
    }
}
