//! Verifying the audit chain: one walk over every row, and a verdict.
//!
//! For each row, in seq order, the walk checks that
//!
//! 1. its seq is the previous one plus one (else a gap or a duplicate),
//! 2. its stored hash is `SHA-256(prev_hash || canonical_bytes)` (else its
//!    contents were changed), and
//! 3. its `prev_hash` is the previous row's stored hash, or for seq 1 the
//!    vault's genesis hash (else the link is broken, or the vault id changed).
//!
//! After a break the walk goes on from the broken row's stored hash, so one
//! walk finds every break, not just the first.
//!
//! Then the ends: the head the vault records in `meta` (a log cut short inside
//! the file is `truncated`), and anchors kept outside the file, the head this
//! machine remembered and the one the user passed with `--expect` (a file
//! shorter than an anchor is `rolled_back`; a different hash at an anchor's
//! seq is `forked`).
//!
//! # Acknowledgements
//!
//! `audit:acknowledge` appends a row that records the *witness*: the chain
//! recomputed from the genesis hash over every row's canonical bytes, ignoring
//! the stored hashes. It binds the exact contents of every row before it. A
//! later walk recomputes the witness at that point; if it matches, the breaks
//! before the acknowledgement are reported as acknowledged, and after it the
//! witness restarts from the acknowledgement's stored hash. If any row before
//! it changed since, the witness differs and the breaks count again. While no
//! break has been seen, the witness equals the stored hash, so an intact log
//! costs no second hash per row.

use std::borrow::Cow;
use std::sync::mpsc;

use rusqlite::Connection;
use rusqlite::types::ValueRef;
use serde::Serialize;

use super::bind::{self, Expected, Item, Mismatch, MismatchKind};
use super::{Details, HEAD_KEY, Head, RowFields, encode_canonical, genesis, row_digest, row_hash};
use crate::error::Result;
use crate::model::{Action, Resource};

/// The verdict of a walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The chain is intact and an anchor outside the file vouches for its length.
    Ok,
    /// A row was changed, removed, added, duplicated or reordered.
    Tampered,
    /// The file's log ends before the head the file itself records.
    Truncated,
    /// The file is older than (shorter than) an anchor.
    RolledBack,
    /// At an anchor's seq the file holds a different row.
    Forked,
    /// The chain is intact, but nothing outside the file vouches for its length.
    Unanchored,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Tampered => "tampered",
            Status::Truncated => "truncated",
            Status::RolledBack => "rolled_back",
            Status::Forked => "forked",
            Status::Unanchored => "unanchored",
        }
    }

    /// How bad: the most specific finding wins a report (tampered,
    /// truncated, forked, then rolled back).
    fn severity(self) -> u8 {
        match self {
            Status::Tampered => 4,
            Status::Truncated => 3,
            Status::Forked => 2,
            Status::RolledBack => 1,
            Status::Ok | Status::Unanchored => 0,
        }
    }

    /// Whether a command may write on top of a chain in this state.
    pub fn allows_writes(self) -> bool {
        matches!(self, Status::Ok | Status::Unanchored)
    }
}

/// Why a finding was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The row's contents do not hash to its stored hash.
    HashMismatch,
    /// The row's `prev_hash` is not the previous row's stored hash.
    BrokenLink,
    /// Rows are missing before this one.
    SeqGap,
    /// Two rows share a seq.
    SeqDuplicate,
    /// A row numbered before the chain's first seq (0 or below).
    SeqOutOfOrder,
    /// Row 1 does not chain from this vault's id.
    VaultIdMismatch,
    /// A column holds the wrong type, or details are not a string map.
    MalformedRow,
    /// The head recorded in `meta` is missing, or names a row the log does
    /// not hold with that hash.
    HeadMismatch,
    /// The log ends before the head recorded in `meta`.
    MissingTail,
    /// The log ends before an anchor's seq.
    OlderThanAnchor,
    /// At an anchor's seq the log holds another hash.
    DiffersFromAnchor,
    /// A version's value is not the one its audit row fingerprinted.
    ValueMismatch,
    /// A version whose author, time, kind or source is not its row's.
    VersionMismatch,
    /// A version that no audit row made.
    UnrecordedVersion,
    /// An audit row made a version the vault no longer holds.
    MissingVersion,
    /// A secret's facts are not the ones its last audit row recorded.
    StateMismatch,
    /// A secret that no audit row recorded.
    UnrecordedSecret,
    /// An audit row recorded a secret the vault no longer holds.
    MissingSecret,
    /// The members are not the ones the log recorded.
    MembersMismatch,
    /// The fingerprint key is not the one the log recorded.
    KeyMismatch,
    /// The vault claims a schema older than the one its log was written at.
    SchemaDowngraded,
    /// A row names a version with a fingerprint other than the one the
    /// version was made with, or before it was made.
    FingerprintMismatch,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::HashMismatch => "hash mismatch",
            Reason::BrokenLink => "broken link",
            Reason::SeqGap => "seq gap",
            Reason::SeqDuplicate => "duplicate seq",
            Reason::SeqOutOfOrder => "seq out of order",
            Reason::VaultIdMismatch => "vault id mismatch",
            Reason::MalformedRow => "malformed row",
            Reason::HeadMismatch => "head mismatch",
            Reason::MissingTail => "missing tail",
            Reason::OlderThanAnchor => "older than anchor",
            Reason::DiffersFromAnchor => "differs from anchor",
            Reason::ValueMismatch => "value mismatch",
            Reason::VersionMismatch => "version mismatch",
            Reason::UnrecordedVersion => "unrecorded version",
            Reason::MissingVersion => "missing version",
            Reason::StateMismatch => "state mismatch",
            Reason::UnrecordedSecret => "unrecorded secret",
            Reason::MissingSecret => "missing secret",
            Reason::MembersMismatch => "members mismatch",
            Reason::KeyMismatch => "key mismatch",
            Reason::SchemaDowngraded => "schema downgraded",
            Reason::FingerprintMismatch => "fingerprint mismatch",
        }
    }
}

/// A break in the chain, found at one row.
#[derive(Debug, Clone, Serialize)]
pub struct Break {
    /// The first seq that is bad (for a gap: the first missing seq).
    pub seq: i64,
    pub reason: Reason,
    /// The seq of the row at which the walk found it.
    pub at: i64,
    /// The acknowledgement row that covers it, if any.
    pub acknowledged_by: Option<i64>,
    pub message: String,
}

impl Break {
    fn new(seq: i64, reason: Reason, at: i64) -> Break {
        let message = match reason {
            Reason::HashMismatch => {
                format!("row {at}'s contents do not match its stored hash: the row was changed")
            }
            Reason::BrokenLink if at == 1 => "row 1 does not start from this vault's genesis hash: it was rewritten, or rows were reordered".to_owned(),
            Reason::BrokenLink => format!(
                "row {at} does not link to the row before it: that row was rewritten with a new hash, or rows were removed or reordered"
            ),
            Reason::SeqGap => {
                let missing = if seq + 1 == at {
                    format!("row {seq} is missing")
                } else {
                    format!("rows {seq} to {} are missing", at - 1)
                };
                if seq == 1 {
                    format!("{missing}: the log starts at {at}")
                } else {
                    format!("{missing}: the row after {} is {at}", seq - 1)
                }
            }
            Reason::SeqDuplicate => format!("seq {at} appears more than once"),
            Reason::SeqOutOfOrder => {
                format!("a row is numbered {at}: the chain starts at seq 1")
            }
            Reason::VaultIdMismatch => {
                "no row hashes under this vault's id: the vault id was changed, or the log comes from another vault".to_owned()
            }
            _ => format!("row {at} is malformed: a column holds the wrong type"),
        };
        Break {
            seq,
            reason,
            at,
            acknowledged_by: None,
            message,
        }
    }
}

/// What made a status other than ok or unanchored.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub seq: i64,
    pub reason: Reason,
    pub message: String,
}

/// Where an anchor came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The head this machine remembered in its state folder.
    Remembered,
    /// `--expect SEQ:HASH`.
    Expected,
}

/// A head kept outside the file, and what the walk found at its seq.
#[derive(Debug, Clone, Serialize)]
pub struct AnchorCheck {
    pub source: Source,
    pub head: Head,
    /// ok, rolled_back or forked.
    pub result: Status,
    /// Rows in the file after the anchor.
    pub rows_since: Option<i64>,
}

/// An `acknowledged` row as a walk sees it.
#[derive(Debug, Clone, Serialize)]
pub struct Acknowledgement {
    pub seq: i64,
    pub ts: i64,
    pub actor: String,
    pub reason: String,
    /// What the verify before it found, as it recorded.
    pub found: String,
    /// Breaks it covers in the log as it is now.
    pub covers: usize,
    /// Whether the rows before it are still the ones it acknowledged.
    pub valid: bool,
}

/// Everything one walk found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub status: Status,
    pub rows: i64,
    /// The newest row's seq and stored hash.
    pub head: Option<Head>,
    /// The first finding behind a status other than ok or unanchored.
    pub problem: Option<Finding>,
    pub anchors: Vec<AnchorCheck>,
    /// Rows after the newest anchor that vouches for the file.
    pub rows_since_anchor: Option<i64>,
    /// Every break in the chain, acknowledged or not, oldest first.
    pub breaks: Vec<Break>,
    pub acknowledgements: Vec<Acknowledgement>,
    /// Facts about the vault that weaken no verdict but a reviewer should see.
    pub warnings: Vec<String>,
    /// The recomputed chain at the end (see the module documentation).
    #[serde(skip)]
    pub witness: Vec<u8>,
    /// Whether the log binds the data (it has a row recording the member
    /// set: schema 3 on).
    #[serde(skip)]
    pub bound: bool,
    /// Data that differs from what the log recorded (see [`super::bind`]),
    /// as `audit:acknowledge` records what it accepts.
    #[serde(skip)]
    pub data: Vec<Mismatch>,
}

impl Report {
    /// Breaks no acknowledgement covers.
    pub fn unacknowledged(&self) -> impl Iterator<Item = &Break> {
        self.breaks.iter().filter(|b| b.acknowledged_by.is_none())
    }

    /// Add a finding made outside the walk: it becomes the report's status
    /// when it is worse than what the walk found, and a warning otherwise.
    pub fn escalate(&mut self, status: Status, finding: Finding) {
        if status.severity() > self.status.severity() {
            self.status = status;
            self.problem = Some(finding);
        } else {
            self.warnings.push(finding.message);
        }
    }

    /// Put `finding` first: what it says explains the other findings (a
    /// checkpoint put back replays the records in another order, so the
    /// log forks where that order differs). The status is the worse of
    /// `status` and the one found; the finding it replaces is kept as a
    /// warning.
    /// When nothing worse than `status` was found, this is [`Report::escalate`].
    pub fn explain(&mut self, status: Status, finding: Finding) {
        if status.severity() >= self.status.severity() {
            return self.escalate(status, finding);
        }
        if let Some(old) = self.problem.replace(finding) {
            self.warnings.push(old.message);
        }
    }

    /// One line for an error message: the status and the first finding.
    pub fn summary(&self) -> String {
        match &self.problem {
            Some(p) => format!(
                "the audit log is {} at seq {} ({}): {}",
                self.status.as_str().replace('_', " "),
                p.seq,
                p.reason.as_str(),
                p.message
            ),
            None => format!("the audit log is {}", self.status.as_str()),
        }
    }
}

/// One row as read, before it is checked.
struct Row<'a> {
    seq: i64,
    fields: RowFields<'a>,
    prev_hash: &'a [u8],
    hash: &'a [u8],
}

/// The columns the walk reads, in this order.
const COLUMNS: usize = 10;
const SELECT: &str =
    "SELECT seq, ts, actor, action, resource, target, version, details, prev_hash, hash
                        FROM audit ORDER BY seq";

/// Rows per batch handed from the reading thread to the checking one.
const BATCH_ROWS: usize = 4096;

/// Rows copied out of SQLite: each column as a type tag, a length (8 bytes,
/// big-endian) and its bytes; row `i` ends at `ends[i]`. The same bytes are
/// what a malformed row folds into the witness.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Batch {
    fn push(&mut self, v: ValueRef<'_>) {
        let (tag, bytes): (u8, &[u8]) = match v {
            ValueRef::Null => (0, &[]),
            ValueRef::Integer(n) => {
                self.bytes.push(1);
                self.bytes.extend_from_slice(&8u64.to_be_bytes());
                self.bytes.extend_from_slice(&n.to_be_bytes());
                return;
            }
            ValueRef::Real(f) => {
                self.bytes.push(2);
                self.bytes.extend_from_slice(&8u64.to_be_bytes());
                self.bytes.extend_from_slice(&f.to_be_bytes());
                return;
            }
            ValueRef::Text(t) => (3, t),
            ValueRef::Blob(b) => (4, b),
        };
        self.bytes.push(tag);
        self.bytes
            .extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        self.bytes.extend_from_slice(bytes);
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }
}

/// A column as copied into a [`Batch`].
#[derive(Clone, Copy)]
enum Col<'a> {
    Null,
    Integer(i64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
    Other,
}

/// Split one row of a batch back into its columns.
fn columns(mut row: &[u8]) -> [Col<'_>; COLUMNS] {
    let mut out = [Col::Null; COLUMNS];
    for col in &mut out {
        let (tag, rest) = row.split_first().expect("a batch row has every column");
        let (len, rest) = rest.split_at(8);
        let len = u64::from_be_bytes(len.try_into().expect("8 bytes")) as usize;
        let (bytes, rest) = rest.split_at(len);
        *col = match tag {
            0 => Col::Null,
            1 => Col::Integer(i64::from_be_bytes(bytes.try_into().expect("8 bytes"))),
            3 => Col::Text(bytes),
            4 => Col::Blob(bytes),
            _ => Col::Other,
        };
        row = rest;
    }
    out
}

/// Walk every row of `db`'s audit log for the vault `vault_id` and judge it
/// against `anchors`. `schema_version` says whether the vault must record its
/// head in `meta` (version 2 on).
///
/// One thread reads rows out of SQLite while another checks them, so the
/// walk takes about as long as reading alone (see benches/audit_verify.rs).
pub fn verify(
    db: &Connection,
    vault_id: &str,
    schema_version: i32,
    anchors: &[(Source, Head)],
) -> Result<Report> {
    walk(db, vault_id, schema_version, anchors, true)
}

/// [`verify`] of the chain alone, without checking the data against it (for
/// golden vectors, whose rows describe no vault's data).
pub fn verify_chain(
    db: &Connection,
    vault_id: &str,
    schema_version: i32,
    anchors: &[(Source, Head)],
) -> Result<Report> {
    walk(db, vault_id, schema_version, anchors, false)
}

fn walk(
    db: &Connection,
    vault_id: &str,
    schema_version: i32,
    anchors: &[(Source, Head)],
    with_data: bool,
) -> Result<Report> {
    let mut stmt = db.prepare(SELECT)?;
    let mut rows = stmt.query([])?;
    let walk = std::thread::scope(|scope| {
        let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(2);
        let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
        let worker = scope.spawn(move || {
            let mut walk = Walk::new(vault_id, anchors);
            walk.with_data = with_data;
            for mut batch in full_rx {
                let mut start = 0;
                for &end in &batch.ends {
                    walk.raw_row(&batch.bytes[start..end]);
                    start = end;
                }
                batch.clear();
                // The reader may be done and gone; the batch is then dropped.
                let _ = empty_tx.send(batch);
            }
            walk
        });
        let mut read = || -> Result<()> {
            let mut batch = Batch::default();
            while let Some(r) = rows.next()? {
                for i in 0..COLUMNS {
                    batch.push(r.get_ref(i)?);
                }
                batch.ends.push(batch.bytes.len());
                if batch.ends.len() == BATCH_ROWS {
                    let next = empty_rx.try_recv().unwrap_or_default();
                    if full_tx.send(std::mem::replace(&mut batch, next)).is_err() {
                        return Ok(()); // the worker panicked: join says so
                    }
                }
            }
            if !batch.ends.is_empty() {
                let _ = full_tx.send(batch);
            }
            Ok(())
        };
        let read = read();
        drop(full_tx);
        let walk = worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read.map(|()| walk)
    })?;
    drop(rows);
    drop(stmt);
    let mut walk = walk;
    let expected = std::mem::take(&mut walk.expected);
    let bound = expected.is_bound();
    // (A downgraded vault lacks the columns the data check reads.)
    let downgraded = bound && schema_version < 3;
    let data = if with_data && !downgraded {
        bind::check(db, expected)?
    } else {
        Vec::new()
    };
    // Schema 2 on always records its head; an older vault that has the
    // record (a downgraded schema version) is held to it too.
    let head: Option<String> = db
        .query_row("SELECT value FROM meta WHERE key = ?1", [HEAD_KEY], |r| {
            r.get(0)
        })
        .ok();
    let recorded = match head {
        Some(head) => Some(Some(head)),
        None if schema_version >= 2 => Some(None),
        None => None,
    };
    let mut report = walk.finish(recorded, triggers_intact(db)?, data);
    report.bound = bound;
    // A log that binds the data was written at schema 3 or later: a vault
    // that claims an older schema was taken back to shed its signature.
    if downgraded {
        report.escalate(
            Status::Tampered,
            Finding {
                seq: report.head.as_ref().map_or(1, |h| h.seq),
                reason: Reason::SchemaDowngraded,
                message: format!(
                    "the vault claims schema {schema_version}, but its audit log was written by schema 3 or later: it was downgraded, which drops its signature"
                ),
            },
        );
    }
    Ok(report)
}

/// A row's details as coffer writes them: a JSON object of strings whose keys
/// are unique and in order. Anything else (a duplicate key, which SQLite's
/// `json_extract` and serde would read differently, keys out of order, a
/// non-string value) is not a row coffer wrote. Strings without escapes are
/// borrowed from `text`.
fn parse_details(text: &str) -> Option<Vec<(Cow<'_, str>, Cow<'_, str>)>> {
    struct Str<'a>(Cow<'a, str>);
    impl<'de> serde::Deserialize<'de> for Str<'de> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Str<'de>, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Str<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a string")
                }
                fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Str<'de>, E> {
                    Ok(Str(Cow::Borrowed(v)))
                }
                fn visit_str<E>(self, v: &str) -> Result<Str<'de>, E> {
                    Ok(Str(Cow::Owned(v.to_owned())))
                }
            }
            d.deserialize_str(V)
        }
    }
    struct Pairs<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);
    impl<'de> serde::Deserialize<'de> for Pairs<'de> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Pairs<'de>, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Pairs<'de>;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a map of strings")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Pairs<'de>, A::Error> {
                    let mut out = Vec::new();
                    while let Some((Str(k), Str(v))) = map.next_entry::<Str, Str>()? {
                        out.push((k, v));
                    }
                    Ok(Pairs(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    let Pairs(pairs) = serde_json::from_str(text).ok()?;
    if pairs.windows(2).any(|w| w[0].0 >= w[1].0) {
        return None;
    }
    Some(pairs)
}

fn text(c: Col<'_>) -> Option<&str> {
    match c {
        Col::Text(t) => std::str::from_utf8(t).ok(),
        _ => None,
    }
}

fn integer(c: Col<'_>) -> Option<i64> {
    match c {
        Col::Integer(n) => Some(n),
        _ => None,
    }
}

fn blob(c: Col<'_>) -> Option<&[u8]> {
    match c {
        Col::Blob(b) => Some(b),
        _ => None,
    }
}

/// `Some(None)` for NULL, `Some(Some(x))` for a value of the right type.
fn optional<'a, T>(c: Col<'a>, get: fn(Col<'a>) -> Option<T>) -> Option<Option<T>> {
    match c {
        Col::Null => Some(None),
        c => get(c).map(Some),
    }
}

/// Whether the triggers that keep the audit table append-only are in place.
fn triggers_intact(db: &Connection) -> Result<bool> {
    let n: i64 = db.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'
           AND name IN ('audit_is_append_only_update', 'audit_is_append_only_delete')
           AND tbl_name = 'audit'",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 2)
}

/// The state of a walk between rows.
struct Walk<'v> {
    vault_id: &'v str,
    anchors: Vec<(Source, Head, Option<Vec<u8>>)>,
    buf: Vec<u8>,
    rows: i64,
    /// The previous row's seq and stored hash (genesis before row 1).
    last_seq: Option<i64>,
    prev: Vec<u8>,
    /// The recomputed chain, and whether it still equals `prev`.
    witness: Vec<u8>,
    in_sync: bool,
    breaks: Vec<Break>,
    /// Index into `breaks` of the first one no acknowledgement covers yet.
    pending_from: usize,
    acks: Vec<Acknowledgement>,
    /// The first acknowledgement's seq, and whether every row before it (or
    /// every row, without one) failed its own hash, as every row does when
    /// the vault id changed: row 1's broken link is then reported once, as a
    /// vault id mismatch, instead of a break per row.
    first_ack: Option<i64>,
    all_changed: bool,
    /// What the rows so far say the data should be.
    expected: Expected,
    /// What acknowledgements tried to accept and could not.
    ack_warnings: Vec<String>,
    /// Whether rows are checked against the versions they name (not for
    /// golden vectors, whose rows describe no vault's data).
    with_data: bool,
}

impl<'v> Walk<'v> {
    fn new(vault_id: &'v str, anchors: &[(Source, Head)]) -> Walk<'v> {
        let g = genesis(vault_id);
        Walk {
            vault_id,
            anchors: anchors.iter().map(|(s, h)| (*s, h.clone(), None)).collect(),
            buf: Vec::with_capacity(512),
            rows: 0,
            last_seq: None,
            prev: g.clone(),
            witness: g,
            in_sync: true,
            breaks: Vec::new(),
            pending_from: 0,
            acks: Vec::new(),
            first_ack: None,
            all_changed: true,
            expected: Expected::default(),
            ack_warnings: Vec::new(),
            with_data: true,
        }
    }

    fn expected_seq(&self) -> i64 {
        self.last_seq.map_or(1, |s| s.saturating_add(1))
    }

    fn push(&mut self, b: Break) {
        self.breaks.push(b);
        self.in_sync = false;
    }

    /// Check one row, as copied out of SQLite.
    fn raw_row(&mut self, raw: &[u8]) {
        let c = columns(raw);
        let seq = integer(c[0]);
        let details = match text(c[7]) {
            Some("{}") => Some(Vec::new()),
            Some(t) => parse_details(t),
            None => None,
        };
        let parsed = (|| {
            let seq = seq?;
            let details = details.as_ref()?;
            Some(Row {
                seq,
                fields: RowFields {
                    seq,
                    ts: integer(c[1])?,
                    actor: text(c[2])?,
                    action: text(c[3])?,
                    resource: text(c[4])?,
                    target: optional(c[5], text)?,
                    version: optional(c[6], integer)?,
                    details: Details::Sorted(details),
                },
                prev_hash: blob(c[8])?,
                hash: blob(c[9])?,
            })
        })();
        match parsed {
            Some(row) => self.row(&row),
            None => self.malformed(seq, blob(c[9]), raw),
        }
    }

    /// A row that cannot be read as a row: a column of the wrong type, or
    /// details that are not a string map. `raw` is its columns' bytes, folded
    /// into the witness so an acknowledgement still binds what it held.
    fn malformed(&mut self, seq: Option<i64>, hash: Option<&[u8]>, raw: &[u8]) {
        self.rows += 1;
        let seq = seq.unwrap_or_else(|| self.expected_seq());
        self.push(Break::new(seq, Reason::MalformedRow, seq));
        let mut folded = b"coffer-malformed-row".to_vec();
        folded.extend_from_slice(raw);
        self.witness = row_hash(&self.witness, &folded);
        self.advance(seq, hash.unwrap_or_default());
    }

    fn row(&mut self, row: &Row<'_>) {
        self.rows += 1;
        let expected = self.expected_seq();
        encode_canonical(&mut self.buf, self.vault_id, row.fields);
        if row.seq < expected && self.last_seq != Some(row.seq) {
            // Numbered before the chain's next seq (only seq 0 or below can
            // sort here): a row outside the chain. It is bound into the
            // witness, but the chain goes on as if it were not there.
            self.push(Break::new(row.seq, Reason::SeqOutOfOrder, row.seq));
            self.fold(row.prev_hash, row.hash);
            return;
        }
        let breaks_before = self.breaks.len();
        let mut placed = true;
        if self.last_seq == Some(row.seq) {
            self.push(Break::new(row.seq, Reason::SeqDuplicate, row.seq));
            placed = false;
        } else if row.seq != expected {
            self.push(Break::new(expected, Reason::SeqGap, row.seq));
            placed = false;
        }
        if placed && row.prev_hash != self.prev.as_slice() {
            self.push(Break::new(row.seq, Reason::BrokenLink, row.seq));
        }
        let intact = row_digest(row.prev_hash, &self.buf) == row.hash;
        if !intact {
            self.push(Break::new(row.seq, Reason::HashMismatch, row.seq));
        }
        if self.first_ack.is_none() {
            self.all_changed &= !intact;
        }
        for c in self.expected.row(&row.fields) {
            if self.with_data {
                self.push(Break {
                    seq: c.seq,
                    reason: Reason::FingerprintMismatch,
                    at: row.seq,
                    acknowledged_by: None,
                    message: c.message(),
                });
            }
        }

        if row.fields.action == Action::Acknowledged && row.fields.resource == Resource::Audit {
            self.first_ack.get_or_insert(row.seq);
            self.acknowledgement(row, self.breaks.len() == breaks_before);
        }

        // The witness: free while in sync, one more hash per row after a break.
        if self.in_sync {
            self.witness.clear();
            self.witness.extend_from_slice(row.hash);
        } else {
            self.fold(row.prev_hash, row.hash);
        }
        self.advance(row.seq, row.hash);
    }

    /// Fold a row into the out-of-sync witness: its canonical bytes (in
    /// `buf`) and its stored `prev_hash` and `hash`, so an acknowledgement
    /// binds every byte of every row before it, broken links included.
    fn fold(&mut self, prev_hash: &[u8], hash: &[u8]) {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(&self.witness);
        h.update(&self.buf);
        h.update((prev_hash.len() as u64).to_be_bytes());
        h.update(prev_hash);
        h.update((hash.len() as u64).to_be_bytes());
        h.update(hash);
        self.witness = h.finalize().to_vec();
    }

    /// Move past a row: it is the previous row for the next link check.
    fn advance(&mut self, seq: i64, hash: &[u8]) {
        for (_, head, found) in &mut self.anchors {
            if head.seq == seq && found.is_none() {
                *found = Some(hash.to_vec());
            }
        }
        self.prev.clear();
        self.prev.extend_from_slice(hash);
        self.last_seq = Some(seq);
    }

    /// An `acknowledged` row: it covers the pending breaks if the witness it
    /// recorded is the witness of the log before it, as it is now.
    fn acknowledgement(&mut self, row: &Row<'_>, intact: bool) {
        let d = row.fields.details;
        let recorded = d.get("witness").and_then(|w| hex::decode(w).ok());
        let valid = intact && recorded.as_deref() == Some(self.witness.as_slice());
        let mut covers = 0;
        if valid {
            for b in &mut self.breaks[self.pending_from..] {
                b.acknowledged_by = Some(row.seq);
                covers += 1;
            }
            self.pending_from = self.breaks.len();
            if let Some(accepted) = d.get("accepted") {
                // What an anchor before this row vouched for, it cannot accept.
                let vouched_until = self
                    .anchors
                    .iter()
                    .filter(|(_, h, found)| {
                        h.seq < row.seq && found.as_deref() == Some(h.hash.as_slice())
                    })
                    .map(|(_, h, _)| h.seq)
                    .max()
                    .unwrap_or(0);
                let (accepted, refused) = self.expected.accept(row.seq, accepted, vouched_until);
                covers += accepted;
                for item in refused {
                    self.ack_warnings.push(format!(
                        "the acknowledgement at seq {} accepts {item} as it is, but a head kept outside the file vouched for it at seq {vouched_until}: not accepted",
                        row.seq
                    ));
                }
            }
            // Restart the witness from this row's stored hash (set below as
            // the row is in sync from here).
            self.in_sync = true;
        }
        self.acks.push(Acknowledgement {
            seq: row.seq,
            ts: row.fields.ts,
            actor: row.fields.actor.to_owned(),
            reason: d.get("reason").unwrap_or_default().to_owned(),
            found: d.get("found").unwrap_or_default().to_owned(),
            covers,
            valid,
        });
    }

    fn finish(
        mut self,
        recorded: Option<Option<String>>,
        triggers: bool,
        data: Vec<Mismatch>,
    ) -> Report {
        let row1_unlinked = self
            .breaks
            .iter()
            .any(|b| b.at == 1 && b.reason == Reason::BrokenLink);
        if row1_unlinked && self.all_changed && self.rows > 0 {
            let until = self.first_ack.unwrap_or(i64::MAX);
            self.breaks
                .retain(|b| !(b.reason == Reason::HashMismatch && b.at < until));
            for b in &mut self.breaks {
                if b.at == 1 && b.reason == Reason::BrokenLink {
                    let ack = b.acknowledged_by;
                    *b = Break::new(1, Reason::VaultIdMismatch, 1);
                    b.acknowledged_by = ack;
                }
            }
        }
        let head = self.last_seq.map(|seq| Head {
            seq,
            hash: self.prev.clone(),
        });
        let mut warnings = std::mem::take(&mut self.ack_warnings);
        if !triggers {
            warnings.push(
                "the triggers that keep the audit table append-only are missing: someone changed the schema"
                    .to_owned(),
            );
        }
        for a in self.acks.iter().filter(|a| !a.valid) {
            warnings.push(format!(
                "the acknowledgement at seq {} no longer matches the rows before it: they changed after it was made",
                a.seq
            ));
        }

        // An anchor vouches for the rows up to its seq as they were when it
        // was taken, acknowledgements then in place included. A break in
        // those rows covered only by a later acknowledgement appeared after
        // the anchor: it counts, whoever the acknowledgement names.
        for (source, anchor, found) in &self.anchors {
            if found.as_deref() != Some(anchor.hash.as_slice()) {
                continue; // forked or rolled back: reported below
            }
            for b in &mut self.breaks {
                if let Some(ack) = b
                    .acknowledged_by
                    .filter(|a| b.at <= anchor.seq && *a > anchor.seq)
                {
                    b.acknowledged_by = None;
                    warnings.push(format!(
                        "the acknowledgement at seq {ack} covers row {}, which {} already vouched for at {}: the row changed after that",
                        b.at,
                        match source {
                            Source::Remembered => "the head this machine remembered",
                            Source::Expected => "the --expect head",
                        },
                        anchor
                    ));
                }
            }
        }

        let mut status = Status::Unanchored;
        let mut problem = None;
        if let Some(b) = self.breaks.iter().find(|b| b.acknowledged_by.is_none()) {
            status = Status::Tampered;
            problem = Some(Finding {
                seq: b.seq,
                reason: b.reason,
                message: b.message.clone(),
            });
        }

        // The head the file records for itself.
        if problem.is_none() {
            let last = head.as_ref().map_or(0, |h| h.seq);
            let parsed = recorded
                .as_ref()
                .map(|r| r.as_deref().map(str::parse::<Head>));
            let finding = match (parsed, &head) {
                (_, None) => Some((
                    Status::Truncated,
                    1,
                    Reason::MissingTail,
                    "the audit log is empty: every vault's log starts with its `initialized` row"
                        .to_owned(),
                )),
                (None, _) => None,
                (Some(None), Some(h)) => Some((
                    Status::Tampered,
                    h.seq,
                    Reason::HeadMismatch,
                    "the vault's record of its newest audit row is missing".to_owned(),
                )),
                (Some(Some(Err(_))), Some(h)) => Some((
                    Status::Tampered,
                    h.seq,
                    Reason::HeadMismatch,
                    "the vault's record of its newest audit row is malformed".to_owned(),
                )),
                (Some(Some(Ok(rec))), Some(h)) if rec.seq > last => Some((
                    Status::Truncated,
                    last + 1,
                    Reason::MissingTail,
                    format!(
                        "the vault records {} rows but its log ends at seq {last}: rows {} to {} were cut",
                        rec.seq,
                        last + 1,
                        rec.seq
                    ),
                )),
                (Some(Some(Ok(rec))), Some(_)) if rec.seq < last => Some((
                    Status::Tampered,
                    rec.seq + 1,
                    Reason::HeadMismatch,
                    format!(
                        "the vault records its newest row as seq {}, but the log goes on to {last}: rows were added without coffer",
                        rec.seq
                    ),
                )),
                (Some(Some(Ok(rec))), Some(h)) if rec.hash != h.hash => Some((
                    Status::Tampered,
                    h.seq,
                    Reason::HeadMismatch,
                    format!(
                        "the vault records another hash for its newest row, seq {}",
                        h.seq
                    ),
                )),
                _ => None,
            };
            if let Some((s, seq, reason, message)) = finding {
                status = s;
                problem = Some(Finding {
                    seq,
                    reason,
                    message,
                });
            }
        }

        // Anchors kept outside the file.
        let last = head.as_ref().map_or(0, |h| h.seq);
        let mut checks = Vec::new();
        let mut rows_since_anchor: Option<i64> = None;
        for (source, anchor, found) in self.anchors {
            let whose = match source {
                Source::Remembered => "this machine saw",
                Source::Expected => "--expect gives",
            };
            let (result, rows_since, finding) = if anchor.seq > last {
                (
                    Status::RolledBack,
                    None,
                    Some(Finding {
                        seq: last + 1,
                        reason: Reason::OlderThanAnchor,
                        message: format!(
                            "the log ends at seq {last}, but {whose} seq {}: the file is an older copy, or its tail was cut",
                            anchor.seq
                        ),
                    }),
                )
            } else if found.as_deref() != Some(anchor.hash.as_slice()) {
                (
                    Status::Forked,
                    None,
                    Some(Finding {
                        seq: anchor.seq,
                        reason: Reason::DiffersFromAnchor,
                        message: format!(
                            "row {} is not the row {whose} ({}): the log was rewritten from there, or another copy of the vault went its own way",
                            anchor.seq, anchor
                        ),
                    }),
                )
            } else {
                let since = last - anchor.seq;
                rows_since_anchor = Some(rows_since_anchor.map_or(since, |r| r.min(since)));
                (Status::Ok, Some(since), None)
            };
            if result.severity() > status.severity() {
                status = result;
                problem = finding;
            }
            checks.push(AnchorCheck {
                source,
                head: anchor,
                result,
                rows_since,
            });
        }
        if status == Status::Unanchored && checks.iter().any(|c| c.result == Status::Ok) {
            status = Status::Ok;
        }

        // Data that differs from what the log recorded. After a cut tail the
        // data is newer than the log, so the cut is what gets reported; the
        // data breaks are listed either way, and make an otherwise sound log
        // tampered.
        let last_seq = self.last_seq.unwrap_or(1);
        let mut data_breaks = data.iter().map(|m| {
            let seq = m.recorded_at.unwrap_or(last_seq);
            Break {
                seq,
                reason: data_reason(m),
                at: seq,
                acknowledged_by: None,
                message: m.message(),
            }
        });
        if let Some(first) = data_breaks.next() {
            if status.allows_writes() {
                status = Status::Tampered;
                problem = Some(Finding {
                    seq: first.seq,
                    reason: first.reason,
                    message: first.message.clone(),
                });
            }
            self.breaks.push(first);
            self.breaks.extend(data_breaks);
        }

        Report {
            status,
            rows: self.rows,
            head,
            problem,
            anchors: checks,
            rows_since_anchor,
            breaks: self.breaks,
            acknowledgements: self.acks,
            warnings,
            witness: self.witness,
            bound: false,
            data,
        }
    }
}

/// The reason a data mismatch is reported under.
fn data_reason(m: &Mismatch) -> Reason {
    match (&m.item, m.kind) {
        (Item::Version(..), MismatchKind::Changed) => Reason::ValueMismatch,
        (Item::Version(..), MismatchKind::Reattributed) => Reason::VersionMismatch,
        (Item::Version(..), MismatchKind::Unrecorded) => Reason::UnrecordedVersion,
        (Item::Version(..), MismatchKind::Missing) => Reason::MissingVersion,
        (Item::Secret(_), MismatchKind::Changed | MismatchKind::Reattributed) => {
            Reason::StateMismatch
        }
        (Item::Secret(_), MismatchKind::Unrecorded) => Reason::UnrecordedSecret,
        (Item::Secret(_), MismatchKind::Missing) => Reason::MissingSecret,
        (Item::Members, _) => Reason::MembersMismatch,
        (Item::Key, _) => Reason::KeyMismatch,
    }
}
