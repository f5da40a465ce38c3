//! Replaying the journal onto a checkpoint, and what the checkpoint records
//! about the journal.
//!
//! The checkpoint keeps, in `meta`:
//! - `journal_key`: the key records are sealed under (64 hex digits);
//! - `journal_head`: the last record it folded in, `ID:LAMPORT`, or empty;
//! - `journal_frontier`: each device's last folded record, `DEVICE:SEQ:ID`
//!   items separated by spaces, or empty.
//!
//! Records after the frontier are replayed in `(lamport, device, id)`
//! order. Until sync merges concurrent histories, they form one chain:
//! each record's parent is the record (or checkpoint head) before it, its
//! lamport one more, and each device's seqs follow on without a gap.
//! Anything else is damage or tampering (exit 6).
//!
//! Each record must verify under a member's signing key that the opener
//! trusts, open under the journal key, and keep its changes bound to its
//! audit rows: every secret it changes has a row recording the secret's new
//! state, and every version it makes a row with the value's fingerprint. So
//! a record holds no change its audit rows do not tell.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::journal::{self, Log};
use super::record::{Device, Id, Record};
use crate::audit::bind;
use crate::error::{Error, Result};
use crate::store::op::{self, Op};

pub const KEY_META: &str = "journal_key";
pub const HEAD_META: &str = "journal_head";
pub const FRONTIER_META: &str = "journal_frontier";

/// A record's payload: when it was written and what it did, in order.
#[derive(Serialize, Deserialize)]
pub struct Payload {
    pub time: i64,
    pub ops: Vec<Op>,
}

/// The journal as opened: its key, its logs, and where replay ended.
pub struct Journal {
    pub dir: PathBuf,
    pub key: Zeroizing<[u8; 32]>,
    pub logs: Vec<Log>,
    /// The last record applied (or folded into the checkpoint) and its lamport.
    pub head: Option<(Id, u64)>,
    /// Each device's last record applied or folded: (seq, id).
    pub frontier: BTreeMap<Device, (u64, Id)>,
    /// Records replayed on top of the checkpoint, and their bytes.
    pub replayed: usize,
    pub bytes: u64,
}

impl Journal {
    /// Whether every record the checkpoint says it folded in is still in
    /// its device's log, at its place.
    pub fn folded_records_present(&self) -> bool {
        self.frontier.iter().all(|(device, (seq, id))| {
            self.logs.iter().any(|l| {
                l.device == *device
                    && l.frames
                        .iter()
                        .any(|f| f.record.header.seq == *seq && f.record.id == *id)
            })
        })
    }
}

/// Give a new or migrated vault a new journal key and an empty frontier.
pub fn init_meta(db: &Connection) -> Result<()> {
    use rand::RngCore;
    let mut key = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(key.as_mut());
    // Replacing: a migrated image keeps nothing planted under these keys.
    let mut put = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?;
    let key_hex = Zeroizing::new(hex::encode(&key[..]));
    put.execute([KEY_META, key_hex.as_str()])?;
    put.execute([HEAD_META, ""])?;
    put.execute([FRONTIER_META, ""])?;
    Ok(())
}

fn malformed(what: &str) -> Error {
    Error::integrity(format!("the vault's {what} is malformed"))
        .hint("restore the vault from a backup or from git")
}

fn id_from_hex(text: &str) -> Option<Id> {
    hex::decode(text).ok()?.try_into().ok()
}

fn parse_head(text: &str) -> Result<Option<(Id, u64)>> {
    if text.is_empty() {
        return Ok(None);
    }
    let (id, lamport) = text.split_once(':').ok_or_else(|| malformed(HEAD_META))?;
    match (id_from_hex(id), lamport.parse::<u64>()) {
        (Some(id), Ok(l)) if l >= 1 => Ok(Some((id, l))),
        _ => Err(malformed(HEAD_META)),
    }
}

fn parse_frontier(text: &str) -> Result<BTreeMap<Device, (u64, Id)>> {
    let mut out = BTreeMap::new();
    for item in text.split(' ').filter(|i| !i.is_empty()) {
        let mut parts = item.split(':');
        let parsed = (|| {
            let device: Device = hex::decode(parts.next()?).ok()?.try_into().ok()?;
            let seq: u64 = parts.next()?.parse().ok()?;
            let id = id_from_hex(parts.next()?)?;
            parts.next().is_none().then_some((device, (seq, id)))
        })();
        let (device, at) = parsed.ok_or_else(|| malformed(FRONTIER_META))?;
        out.insert(device, at);
    }
    Ok(out)
}

fn format_frontier(frontier: &BTreeMap<Device, (u64, Id)>) -> String {
    frontier
        .iter()
        .map(|(d, (seq, id))| format!("{}:{seq}:{}", hex::encode(d), hex::encode(id)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Record in the checkpoint (inside the caller's transaction) that it
/// folds in everything `journal` has applied.
pub fn fold_meta(db: &Connection, journal: &Journal) -> Result<()> {
    let head = journal
        .head
        .map(|(id, l)| format!("{}:{l}", hex::encode(id)))
        .unwrap_or_default();
    let mut put = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?;
    put.execute([HEAD_META, &head])?;
    put.execute([FRONTIER_META, &format_frontier(&journal.frontier)])?;
    Ok(())
}

/// Read what the checkpoint says of the journal, and the logs in `dir`.
pub fn load(db: &Connection, dir: &Path) -> Result<Journal> {
    let meta = |key: &str| crate::store::meta(db, key);
    let key_hex = Zeroizing::new(meta(KEY_META)?);
    let key: [u8; 32] = hex::decode(key_hex.as_str())
        .ok()
        .and_then(|k| k.try_into().ok())
        .ok_or_else(|| malformed(KEY_META))?;
    Ok(Journal {
        dir: dir.to_path_buf(),
        key: Zeroizing::new(key),
        logs: journal::read_all(dir)?,
        head: parse_head(&meta(HEAD_META)?)?,
        frontier: parse_frontier(&meta(FRONTIER_META)?)?,
        replayed: 0,
        bytes: 0,
    })
}

/// Who may have written a record, as the opener sees it.
pub trait Judge {
    /// Whether the opener trusts this signing key (`ed25519:HEX`).
    fn trusts(&self, key: &str) -> Result<bool>;
}

/// Apply the records after the checkpoint's frontier, in order. Signatures
/// are checked except on records up to `verified` (the id of a record this
/// machine verified over the same checkpoint). Returns the id of the last
/// record applied, if any.
pub fn replay(
    db: &mut Connection,
    journal: &mut Journal,
    vault_id: &str,
    recipient: &str,
    judge: &dyn Judge,
    verified: Option<&str>,
) -> Result<Option<Id>> {
    let vault_raw: [u8; 16] = hex::decode(vault_id)
        .ok()
        .and_then(|v| v.try_into().ok())
        .ok_or_else(|| malformed("vault id"))?;
    let mut pending: Vec<(&Log, &Record, u64)> = Vec::new();
    for log in &journal.logs {
        let mut expect = journal.frontier.get(&log.device).map(|(s, _)| s + 1);
        for frame in &log.frames {
            let rec = &frame.record;
            let h = &rec.header;
            let damaged = |why: &str| journal::damaged(&log.path, frame.offset, &why);
            if h.device != log.device {
                return Err(damaged("belongs to another device's log"));
            }
            match journal.frontier.get(&log.device) {
                Some((seq, id)) if h.seq <= *seq => {
                    if h.seq == *seq && rec.id != *id {
                        return Err(damaged(
                            "differs from the record the checkpoint folded in at its place",
                        ));
                    }
                    continue;
                }
                _ => {}
            }
            if expect.is_some_and(|e| e != h.seq) {
                return Err(damaged(&format!(
                    "is number {} of its device, but number {} is next: records were removed or reordered",
                    h.seq,
                    expect.unwrap_or(1)
                )));
            }
            expect = Some(h.seq + 1);
            pending.push((log, rec, frame.offset));
        }
    }
    pending.sort_by(|a, b| {
        let key = |r: &Record| (r.header.lamport, r.header.device, r.id);
        key(a.1).cmp(&key(b.1))
    });
    let skip_until = verified
        .and_then(id_from_hex)
        .and_then(|v| pending.iter().position(|(_, r, _)| r.id == v));

    let tx = db.transaction()?;
    let mut last = None;
    // Each record applied, by id: the device that wrote it.
    let mut applied: BTreeMap<Id, Device> = BTreeMap::new();
    let base = journal.head.map(|(id, _)| id);
    for (i, (log, rec, offset)) in pending.iter().enumerate() {
        let damaged = |why: &dyn std::fmt::Display| journal::damaged(&log.path, *offset, why);
        let h = &rec.header;
        let (parents, lamport) = match journal.head {
            Some((id, l)) => (vec![id], l + 1),
            None => (Vec::new(), 1),
        };
        if h.parents != parents || h.lamport != lamport {
            // Written on top of an earlier point of this history: another
            // clone wrote it concurrently (git merged the two logs).
            let earlier = match h.parents.as_slice() {
                [] => journal.head.is_some(),
                [p] => applied.contains_key(p) || Some(*p) == base,
                _ => false,
            };
            if earlier
                && h.device
                    != journal
                        .head
                        .and_then(|(id, _)| applied.get(&id).copied())
                        .unwrap_or(h.device)
            {
                return Err(Error::conflict(format!(
                    "the journal holds two concurrent histories: {} was written by another clone of the vault at the same time as records already replayed (git or a sync tool merged their logs)",
                    log.path.display()
                ))
                .hint(format!(
                    "nothing was changed; coffer does not merge concurrent changes yet; to go on with one history, move {} out of the journal folder (its records stay in that file)",
                    log.path.display()
                )));
            }
            return Err(damaged(
                &"does not follow the record before it: records were removed, reordered, or copied in from another copy of the vault",
            ));
        }
        let author = format!("ed25519:{}", hex::encode(h.author));
        // Records up to the one this machine verified over this checkpoint
        // were checked in full then (signature, membership, binding); they
        // chain to it by id, so they are the same records.
        let known = skip_until.is_some_and(|s| i <= s);
        if !known {
            rec.verify(&vault_raw).map_err(|e| damaged(&e))?;
        }
        if !known && !crate::vault::sign::is_member_key(&tx, &author)? {
            return Err(damaged(&format!(
                "is signed by {author}, which is no member's signing key"
            )));
        }
        if !judge.trusts(&author)? {
            return Err(Error::integrity(format!(
                "journal {} holds a record signed by {author}, a signing key this machine does not trust",
                log.path.display()
            ))
            .hint(format!(
                "anyone who has your public key can write records encrypted to you, so coffer reads only records signed by keys you trust; if that key is a teammate's, pin it with `coffer vault:trust {author}`; otherwise do not use this vault"
            )));
        }
        let plain = rec
            .open(&vault_raw, &journal.key)
            .map_err(|e| damaged(&e))?;
        // The payload is sealed under the vault's key and signed by a
        // trusted member: one that does not decode was written by a coffer
        // that knows operations this one does not.
        let payload: Payload = rmp_serde::from_slice(&plain).map_err(|_| {
            Error::failure(format!(
                "journal {} holds a record written by a newer coffer (operations this version does not know)",
                log.path.display()
            ))
            .hint("upgrade coffer to read this vault; nothing was changed")
        })?;
        if known {
            for o in &payload.ops {
                op::apply(&tx, vault_id, o).map_err(|e| damaged(&e.message))?;
            }
        } else {
            apply_bound(
                &tx,
                vault_id,
                recipient,
                &author,
                payload.time,
                &payload.ops,
            )
            .map_err(|why| damaged(&why))?;
        }
        applied.insert(rec.id, h.device);
        journal.head = Some((rec.id, h.lamport));
        journal.frontier.insert(h.device, (h.seq, rec.id));
        journal.replayed += 1;
        journal.bytes += 4 + rec_len(rec);
        last = Some(rec.id);
    }
    tx.commit()?;
    Ok(last)
}

fn rec_len(rec: &Record) -> u64 {
    rec.stored_len() as u64
}

/// Apply a record's operations, checking that its audit rows tell every
/// change it makes, as `audit:verify` would (see [`bind`]), and that they
/// are its author's: every row, secret and version it writes names the
/// member whose key signed it, at the record's time.
///
/// - Each secret it changes ends as the newest state row for it in the
///   record records (checked after the last operation, so no change can
///   follow the row that vouches for it).
/// - Each version it makes has a version-making row (`created`, `updated`,
///   `rotated`, `rolled_back`) with the value's fingerprint, the version's
///   kind and, for a rollback, its source.
fn apply_bound(
    db: &Connection,
    vault_id: &str,
    recipient: &str,
    author: &str,
    time: i64,
    ops: &[Op],
) -> std::result::Result<(), String> {
    let err = |e: Error| e.message;
    let ctx = crate::store::Ctx::new(db, recipient).map_err(err)?;
    let member: Option<String> = db
        .query_row(
            "SELECT name FROM member WHERE signing_key = ?1",
            [author],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| err(e.into()))?;
    let member = member.ok_or("is signed by no member")?;
    let own = |who: &str, when: i64| -> std::result::Result<(), String> {
        if who != member {
            return Err(format!(
                "writes in the name of {}, but {} signed it",
                crate::output::clean(who),
                crate::output::clean(&member)
            ));
        }
        if when != time {
            return Err("holds a change dated other than the record".to_owned());
        }
        Ok(())
    };
    // (name, number, fingerprint, kind, source) of each version made.
    let mut versions: Vec<(&str, i64, String, &str, Option<i64>)> = Vec::new();
    let mut changed: BTreeSet<&str> = BTreeSet::new();
    let mut stated: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for o in ops {
        match o {
            Op::Audit {
                ts,
                actor,
                action,
                resource,
                target,
                version,
                details,
                ..
            } => {
                own(actor, *ts)?;
                if resource == "secrets"
                    && let Some(t) = target.as_deref()
                {
                    if !bind::READ_ACTIONS.contains(&action.as_str()) {
                        stated.insert(t, details.get("state").map(String::as_str));
                    }
                    if let (Some(v), Some(fp), Some(kind)) =
                        (version, details.get("fingerprint"), bind::kind_of(action))
                    {
                        let source = details
                            .get("source_version")
                            .and_then(|s| s.parse::<i64>().ok());
                        versions.retain(|(n, num, f, k, src)| {
                            !(*n == t && num == v && f == fp && *k == kind && *src == source)
                        });
                    }
                }
            }
            Op::Secret { name, by, at, .. } => {
                own(by, *at)?;
                changed.insert(name);
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
                own(by, *at)?;
                versions.push((name, *number, ctx.fingerprint(&value.0), kind, *source));
                changed.insert(name);
            }
            Op::Touch { name, at } | Op::Field { name, at, .. } => {
                if *at != time {
                    return Err("holds a change dated other than the record".to_owned());
                }
                changed.insert(name);
            }
            Op::Tags { name, .. } | Op::Metadata { name, .. } => {
                changed.insert(name);
            }
        }
        op::apply(db, vault_id, o).map_err(err)?;
    }
    if let Some((name, number, ..)) = versions.first() {
        return Err(format!(
            "makes version {number} of {} without the audit row that records it",
            crate::output::clean(name)
        ));
    }
    for name in changed.iter().chain(stated.keys()) {
        let facts = bind::read_facts(db, Some(name)).map_err(err)?.pop();
        match (facts, stated.get(name).copied().flatten()) {
            (Some(f), Some(s)) if f.digest() == s => {}
            (None, None) if !changed.contains(name) => {}
            (_, None) => {
                return Err(format!(
                    "changes {} without an audit row recording it",
                    crate::output::clean(name)
                ));
            }
            _ => {
                return Err(format!(
                    "leaves {} other than its audit rows record",
                    crate::output::clean(name)
                ));
            }
        }
    }
    Ok(())
}
