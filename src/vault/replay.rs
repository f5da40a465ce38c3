//! Replaying the journal onto a checkpoint, and what the checkpoint records
//! about the journal.
//!
//! The checkpoint keeps, in `meta`:
//! - `journal_key`: the key records are sealed under (64 hex digits);
//! - `journal_head`: the last record it folded in, `ID:LAMPORT`, or empty;
//! - `journal_frontier`: each device's last folded record, `DEVICE:SEQ:ID`
//!   items separated by spaces, or empty.
//!
//! Records after the frontier are replayed in the order [`order`] walks
//! (`man 5 coffer-vault`, REPLAY): each record's parent is the checkpoint's
//! head, a record it folded in, or one replayed before it, and each
//! device's seqs follow on without a gap. Anything else is damage or
//! tampering (exit 6).
//!
//! # Trust before cost
//!
//! Every record after the frontier is checked to be signed by a member's
//! signing key that the opener trusts *before* any record is ordered: anyone
//! who can push can write shape-valid records without a key, and those cost
//! one signature check each and stop replay at the first (the error names
//! it: its byte offset, and its place among the records checked). Ordering
//! is O(n log n) ([`order`]; `benches/replay_order.rs`). Each record must
//! then open under the journal key and keep its changes bound to its audit
//! rows: every secret it changes has a row recording the secret's new
//! state, every version it makes a row with the value's fingerprint, and
//! every row that names a version with a fingerprint (a read, an export)
//! names what that version holds here. So a record holds no change its
//! audit rows do not tell, and no row replays onto versions other than the
//! ones its writer saw.
//!
//! # Conflicts are decided by the records
//!
//! A record written concurrently with records replayed before it (another
//! clone's, merged in by git, the merge driver or `coffer sync`: it makes
//! no difference) has its versions renumbered ([`Renumbering`]). When a
//! version it makes takes a number another clone's version already holds,
//! both clones changed that secret's value at once: under the vault's
//! policy `manual` the replay puts the secret in conflict
//! (`store::CONFLICT_KEY`, listing each side's newest version), so every
//! clone that replays the same records finds the same conflict, and
//! `secrets:get` refuses it until a record (`secrets:resolve`, an update,
//! or `coffer sync` under `ours`/`theirs`) settles it.
//!
//! # Which checkpoint replay starts from
//!
//! The order starts from the checkpoint's head, so two checkpoints that
//! folded in different sides of a concurrent history (two clones ran
//! `vault:compact` at once) replay the other side's records after their
//! own: other version numbers, possibly another current value. Both are
//! signed and both are in git's history. Rather than re-fold the whole
//! history on every open, coffer lets only one of them stand: the merge
//! driver keeps the one [`merge_keeps`] prefers (more records folded in,
//! then the frontier that sorts first), every clone that opens the kept one
//! remembers what it folded in, and an open refuses a checkpoint that
//! folds in less than the one this clone saw, or that this rule sets aside
//! for it ([`may_follow`]), exit 6. A clone that never saw the kept one
//! has nothing to compare with; there the records say it: each names, in
//! its signed and sealed payload, the checkpoint its writer opened
//! ([`WrittenOn`]: each device's seq in the frontier of the tracked
//! `vault.age`, not the clone's own fold), and replay refuses a record
//! whose checkpoint the one it replays on may not follow by that same
//! rule ([`check_written_on`], exit 6): a record written on the kept one
//! refuses the one the merge set aside, or an older one, put back, on every
//! clone, fresh or not. A record written on X replays on any later
//! checkpoint (X and more), and one written on the set-aside side before
//! the merge replays on the kept one as that side's concurrent records do.
//! A record of coffer 0.2, or one written on an empty checkpoint, names
//! none and proves nothing here. Compaction writes no record: until a
//! record written on the kept checkpoint is in the logs, the records cannot
//! tell the two apart. Besides, a row of the other side's history that
//! names a version renumbered away (a read after the merge) is refused in
//! replay, and `audit:verify` reports any row in the checkpoint whose
//! fingerprint contradicts the version it names (`fingerprint_mismatch`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::journal::{self, Log};
use super::record::{Device, Id, Record};
use crate::audit::bind;
use crate::error::{Error, Result};
use crate::model::{Action, Resource};
use crate::store::{
    self,
    op::{self, Op},
};

pub const KEY_META: &str = "journal_key";
pub const HEAD_META: &str = "journal_head";
pub const FRONTIER_META: &str = "journal_frontier";
/// Versions renumbered by merges whose device's run of concurrent records
/// may go on after a fold: `[[DEVICE, NAME, WRITTEN, ACTUAL], ...]` (JSON).
pub const RENUMBERED_META: &str = "journal_renumbered";

/// A record's payload: when it was written, what it did, in order, and
/// the checkpoint it was written on.
#[derive(Serialize, Deserialize)]
pub struct Payload {
    pub time: i64,
    pub ops: Vec<Op>,
    /// The checkpoint its writer opened ([`WrittenOn`]). Left out when it
    /// folded in nothing, so a record written on an empty checkpoint is
    /// encoded as coffer 0.2 encoded every record, and a 0.2 record decodes
    /// with none named.
    #[serde(default, skip_serializing_if = "WrittenOn::is_empty")]
    pub base: WrittenOn,
}

/// The checkpoint a record was written on: each device's seq in the
/// frontier of the `vault.age` its writer opened (in a vault shared through
/// git, the tracked checkpoint, never the clone's own fold of it: the
/// order is rooted in the tracked one). Encoded as the MessagePack array
/// of `[device (bin 8), seq]` pairs, devices in ascending order, each once
/// (`man 5 coffer-vault`, RECORDS).
///
/// The frontier itself rather than a digest of it: the check on replay
/// ([`check_written_on`]) compares it device by device with the checkpoint
/// being replayed on, and a digest would only let a reader recognise a
/// checkpoint it holds, while a fresh clone holds neither the set-aside one
/// nor any other. Seqs without ids: a device's seq names one record of its
/// log (replay refuses a gap or a record other than the one the checkpoint
/// folded in at its place), so ids would add 32 bytes a device and decide
/// nothing. About 12 to 20 bytes a device, sealed with the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenOn(pub BTreeMap<Device, u64>);

impl WrittenOn {
    /// What a record written on a checkpoint that folded in `frontier` names.
    pub fn of(frontier: &Frontier) -> WrittenOn {
        WrittenOn(frontier.iter().map(|(d, (seq, _))| (*d, *seq)).collect())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for WrittenOn {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for (device, n) in &self.0 {
            seq.serialize_element(&(serde_bytes::Bytes::new(device), n))?;
        }
        seq.end()
    }
}

impl<'de> Deserialize<'de> for WrittenOn {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let pairs: Vec<(serde_bytes::ByteBuf, u64)> = Vec::deserialize(d)?;
        let mut out = BTreeMap::new();
        let mut last: Option<Device> = None;
        for (device, seq) in pairs {
            let device: Device = device
                .into_vec()
                .try_into()
                .map_err(|_| D::Error::custom("a device is 8 bytes"))?;
            // One encoding for one checkpoint: ascending, each device once,
            // every seq from 1.
            if last.is_some_and(|l| l >= device) || seq == 0 {
                return Err(D::Error::custom(
                    "devices ascending, each once, seqs from 1",
                ));
            }
            last = Some(device);
            out.insert(device, seq);
        }
        Ok(WrittenOn(out))
    }
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
    /// The ids of the records replayed.
    pub replayed_ids: BTreeSet<Id>,
    /// Each device's versions renumbered by a merge, while its records are
    /// still concurrent ones (kept across folds).
    pub renumbered: BTreeMap<Device, Renumbering>,
    pub bytes: u64,
}

/// The meta key under which a clone's own fold ([`crate::vault::shared`])
/// keeps [`folded_digest`] of what it folded in.
pub const FOLDED_META: &str = "fold_records";

/// A digest of the ids of every record in `logs` up to `frontier`, by
/// device and seq: the records a fold took in, byte for byte (an id is the
/// SHA-256 of a record's bytes). A log missing one, or holding an altered
/// one, gives another digest.
pub fn folded_digest(logs: &[Log], frontier: &BTreeMap<Device, (u64, Id)>) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"coffer-folded-records\0");
    let mut logs: Vec<&Log> = logs.iter().collect();
    logs.sort_by_key(|l| l.device);
    for log in logs {
        let upto = frontier.get(&log.device).map_or(0, |(s, _)| *s);
        for f in log.frames.iter().filter(|f| f.record.header.seq <= upto) {
            h.update(log.device);
            h.update(f.record.header.seq.to_be_bytes());
            h.update(f.record.id);
        }
    }
    hex::encode(h.finalize())
}

impl Journal {
    /// Whether every record after the checkpoint descends from its last
    /// record. Only then does replaying them on this checkpoint give what
    /// replaying everything on an earlier one gives: a record concurrent
    /// with what the checkpoint folded in (another clone's, merged by git)
    /// may belong before some of it.
    pub fn later_records_descend_from_head(&self) -> bool {
        let Some((head, _)) = self.head else {
            return true;
        };
        let mut parent: BTreeMap<Id, Option<Id>> = BTreeMap::new();
        let mut later: Vec<Id> = Vec::new();
        for log in &self.logs {
            let folded = self.frontier.get(&log.device).map_or(0, |(s, _)| *s);
            for f in &log.frames {
                parent.insert(f.record.id, f.record.header.parents.first().copied());
                if f.record.header.seq > folded {
                    later.push(f.record.id);
                }
            }
        }
        // Each walk stops at a record already known to descend: every record
        // is walked once (a path is a set, not a list searched at each step).
        let mut good: BTreeSet<Id> = BTreeSet::from([head]);
        later.iter().all(|start| {
            let mut path = BTreeSet::new();
            let mut at = Some(*start);
            while let Some(id) = at {
                if good.contains(&id) {
                    good.extend(path);
                    return true;
                }
                if !path.insert(id) {
                    return false;
                }
                at = parent.get(&id).copied().flatten();
            }
            false
        })
    }

    /// Whether every record of `frontier` (each device's last record, as
    /// [`format_frontier`] writes it) is in its device's log, at its place.
    pub fn holds(&self, frontier: &BTreeMap<Device, (u64, Id)>) -> bool {
        frontier.iter().all(|(device, (seq, id))| {
            self.logs.iter().any(|l| {
                l.device == *device
                    && l.frames
                        .iter()
                        .any(|f| f.record.header.seq == *seq && f.record.id == *id)
            })
        })
    }

    /// Whether every record the checkpoint says it folded in is still in
    /// its device's log, at its place.
    pub fn folded_records_present(&self) -> bool {
        self.holds(&self.frontier)
    }
}

/// Each device's last folded record: what a checkpoint folded in.
pub type Frontier = BTreeMap<Device, (u64, Id)>;

/// Records a checkpoint folded in, in all.
fn folded_count(f: &Frontier) -> u64 {
    f.values().map(|(seq, _)| seq).sum()
}

/// Of two checkpoints of one vault, the one a merge keeps: the one that
/// folded in more records, then the one whose frontier ([`format_frontier`])
/// sorts first. `Less` keeps `a`. The merge driver (`vault:merge-driver`)
/// and every open apply this one rule, so a clone takes the checkpoint git
/// kept and refuses the one it set aside, put back ([`may_follow`]).
pub fn merge_keeps(a: &Frontier, b: &Frontier) -> std::cmp::Ordering {
    (std::cmp::Reverse(folded_count(a)), format_frontier(a))
        .cmp(&(std::cmp::Reverse(folded_count(b)), format_frontier(b)))
}

/// Whether a checkpoint that folded in `new` may take the place of one that
/// folded in `seen`, which this clone opened before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Succession {
    /// The same, one that folds in all it did and more, or the one a merge
    /// keeps over it (two clones compacted at once).
    Follows,
    /// One that folds in less: an older copy put back.
    Older,
    /// A checkpoint of a concurrent compaction that the merge set aside for
    /// the one this clone opened, put back. Replaying the journal on it
    /// would order the two sides' records the other way round: other
    /// version numbers, another current value.
    SetAside,
}

/// [`Succession`] of `new` after `seen` (an empty `seen`: nothing seen).
pub fn may_follow(seen: &Frontier, new: &Frontier) -> Succession {
    let folded = |f: &Frontier, d: &Device| f.get(d).map_or(0, |(s, _)| *s);
    let devices: BTreeSet<&Device> = seen.keys().chain(new.keys()).collect();
    if seen.is_empty() || seen == new || devices.iter().all(|d| folded(new, d) >= folded(seen, d)) {
        return Succession::Follows;
    }
    if devices.iter().all(|d| folded(new, d) <= folded(seen, d)) {
        return Succession::Older;
    }
    if merge_keeps(new, seen) == std::cmp::Ordering::Less {
        Succession::Follows
    } else {
        Succession::SetAside
    }
}

/// Whether a record written on a checkpoint that folded in `named` may
/// replay on one that folded in `base`: the rule an open applies to the
/// checkpoint it remembers ([`may_follow`]), applied to the one the record's
/// writer opened. `base` may be the same, one that folds in all it did and
/// more (a later compaction), or the one a merge keeps over it (a record
/// written on the set-aside side before the merge is one of that side's
/// concurrent records); anything else is a checkpoint put back that its
/// writer never replayed on. A record that names none (coffer 0.2, or
/// written on an empty checkpoint) proves nothing here.
///
/// Ids are not compared: a device's seq names one record of its log, so
/// both sides carry the same placeholder, and [`merge_keeps`] decides as it
/// does with the ids (two frontiers' texts first differ at a device or a
/// seq, never at the id of one record).
pub fn check_written_on(named: &WrittenOn, base: &Frontier) -> Succession {
    let seqs = |f: &BTreeMap<Device, u64>| -> Frontier {
        f.iter().map(|(d, s)| (*d, (*s, [0u8; 32]))).collect()
    };
    may_follow(&seqs(&named.0), &seqs(&WrittenOn::of(base).0))
}

/// The checkpoint a replay's order is rooted in: the vault file, and what
/// it folded in (in a vault shared through git, the tracked `vault.age`,
/// even when replay starts from this clone's own fold of it).
pub struct Base<'a> {
    pub path: &'a Path,
    pub frontier: &'a Frontier,
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

pub fn id_from_hex(text: &str) -> Option<Id> {
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

pub fn parse_frontier(text: &str) -> Result<BTreeMap<Device, (u64, Id)>> {
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

pub fn format_frontier(frontier: &BTreeMap<Device, (u64, Id)>) -> String {
    frontier
        .iter()
        .map(|(d, (seq, id))| format!("{}:{seq}:{}", hex::encode(d), hex::encode(id)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_renumbered(text: &str) -> Result<BTreeMap<Device, Renumbering>> {
    let mut out: BTreeMap<Device, Renumbering> = BTreeMap::new();
    if text.is_empty() {
        return Ok(out);
    }
    let items: Vec<(String, String, i64, i64)> =
        serde_json::from_str(text).map_err(|_| malformed(RENUMBERED_META))?;
    for (device, name, written, actual) in items {
        let device: Device = hex::decode(&device)
            .ok()
            .and_then(|d| d.try_into().ok())
            .ok_or_else(|| malformed(RENUMBERED_META))?;
        out.entry(device)
            .or_default()
            .map
            .insert((name, written), actual);
    }
    Ok(out)
}

fn format_renumbered(r: &BTreeMap<Device, Renumbering>) -> String {
    let items: Vec<(String, &String, i64, i64)> = r
        .iter()
        .flat_map(|(d, m)| {
            m.map
                .iter()
                .map(move |((name, written), actual)| (hex::encode(d), name, *written, *actual))
        })
        .collect();
    serde_json::to_string(&items).expect("strings and numbers encode")
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
    if journal.renumbered.values().all(|r| r.map.is_empty()) {
        db.execute("DELETE FROM meta WHERE key = ?1", [RENUMBERED_META])?;
    } else {
        put.execute([RENUMBERED_META, &format_renumbered(&journal.renumbered)])?;
    }
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
        replayed_ids: BTreeSet::new(),
        renumbered: parse_renumbered(&crate::store::meta(db, RENUMBERED_META).unwrap_or_default())?,
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
    base: &Base<'_>,
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
    // Records the checkpoint folded in that are still in the logs (all of
    // them in git), which later records may name as their parent.
    // Each by its lamport (not its place in this order, which differs
    // after a merge); the checkpoint's head, when its log no longer holds
    // it, by 0: nothing is numbered before it.
    let mut known: BTreeMap<Id, u64> = BTreeMap::new();
    for log in &journal.logs {
        let folded = journal.frontier.get(&log.device).map_or(0, |(s, _)| *s);
        for frame in log.frames.iter().filter(|f| f.record.header.seq <= folded) {
            known
                .entry(frame.record.id)
                .or_insert(frame.record.header.lamport);
        }
    }
    if let Some((id, _)) = journal.head {
        known.entry(id).or_insert(0);
    }
    // The record this machine verified, and the records it chains to: after
    // a merge, records of the other clone may come before it in this order
    // without being among them, and those are checked as new.
    let mut verified_chain: BTreeSet<Id> = BTreeSet::new();
    if let Some(v) = verified.and_then(id_from_hex) {
        let parents: BTreeMap<Id, Option<Id>> = pending
            .iter()
            .map(|(_, r, _)| (r.id, r.header.parents.first().copied()))
            .collect();
        let mut at = parents.contains_key(&v).then_some(v);
        while let Some(id) = at {
            if !verified_chain.insert(id) {
                break;
            }
            at = parents.get(&id).copied().flatten();
        }
    }
    // Trust before cost: every record is signed by a member's key this
    // machine trusts before any takes part in ordering, so records written
    // without a key (anyone who can push can write shape-valid ones) cost
    // one signature check each and stop at the first.
    let count = pending.len();
    for (n, (log, rec, offset)) in pending.iter().enumerate() {
        let checked = format!(
            "record {} of the {count} after the checkpoint, checked before any is ordered",
            n + 1
        );
        let damaged = |why: &dyn std::fmt::Display| {
            journal::damaged(&log.path, *offset, &format!("{why} ({checked})"))
        };
        let author = format!("ed25519:{}", hex::encode(rec.header.author));
        // The record this machine verified over this checkpoint, and those
        // it chains to by id, were checked in full then.
        if !verified_chain.contains(&rec.id) {
            rec.verify(&vault_raw).map_err(|e| damaged(&e))?;
            if !crate::vault::sign::is_member_key(db, &author)? {
                return Err(damaged(&format!(
                    "is signed by {author}, which is no member's signing key"
                )));
            }
        }
        if !judge.trusts(&author)? {
            return Err(Error::integrity(format!(
                "journal {} holds a record signed by {author}, a signing key this machine does not trust ({checked})",
                log.path.display()
            ))
            .hint(format!(
                "anyone who has your public key can write records encrypted to you, so coffer reads only records signed by keys you trust; if that key is a teammate's, pin it with `coffer vault:trust {author}`; otherwise do not use this vault"
            )));
        }
    }
    let pending = match order(pending, journal.head.map(|(id, _)| id), &known) {
        Ok(p) => p,
        Err((log, _, offset)) => {
            return Err(journal::damaged(
                &log.path,
                offset,
                &"does not follow any record of this vault's history: records were removed, or copied in from another copy of the vault",
            ));
        }
    };

    let tx = db.transaction()?;
    let mut last = None;
    // Each device's versions renumbered by this merge: (secret, the number
    // its writer gave) to the number it got.
    let renumbered = &mut journal.renumbered;
    let mut position = journal.head.map_or(0, |(_, p)| p);
    // Each record's place in this order (the checkpoint's head's too).
    let mut placed: BTreeMap<Id, u64> = journal.head.into_iter().collect();
    for (log, rec, offset) in &pending {
        let damaged = |why: &dyn std::fmt::Display| journal::damaged(&log.path, *offset, why);
        let h = &rec.header;
        if let [p] = h.parents.as_slice()
            && let Some(parent) = known.get(p)
            && h.lamport <= *parent
        {
            return Err(damaged(&"is numbered before the record it follows"));
        }
        // Written on top of everything replayed before it (its writer saw
        // this same history), or concurrently with some of it, by another
        // clone whose records git merged in: then its versions take the
        // next free numbers, and its audit rows the state they leave.
        let linear = h.parents.first() == journal.head.map(|(id, _)| id).as_ref()
            && h.lamport == position + 1;
        let author = format!("ed25519:{}", hex::encode(h.author));
        // The record this machine verified over this checkpoint, and those
        // it chains to by id, were checked in full then (binding); every
        // other one's signer was checked above, before ordering.
        let verified_before = verified_chain.contains(&rec.id);
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
        // Written on a checkpoint this one may follow, or the order here
        // is not the one its writer saw (see "Which checkpoint replay
        // starts from").
        let written_on = check_written_on(&payload.base, base.frontier);
        if written_on != Succession::Follows {
            return Err(written_on_refused(base.path, log, *offset, rec, written_on));
        }
        // A record whose lamport is one more than its parent's place in this
        // order was written on this same history up to its parent (its
        // writer had replayed as many records): it names versions as they
        // are numbered here, so what its device's earlier concurrent run was
        // renumbered by no longer applies to it. Only versions it makes may
        // still collide, with records ordered between its parent and it.
        let saw_this_history = h
            .parents
            .first()
            .and_then(|p| placed.get(p))
            .is_some_and(|at| h.lamport == at + 1);
        if saw_this_history {
            renumbered.remove(&h.device);
        }
        let renumber = if linear {
            renumbered.remove(&h.device);
            None
        } else {
            Some(renumbered.entry(h.device).or_default())
        };
        if verified_before {
            let mut renumber = renumber;
            for o in &payload.ops {
                let o = match renumber.as_deref_mut() {
                    Some(r) => r.rewrite(&tx, o).map_err(|e| damaged(&e.message))?,
                    None => o.clone(),
                };
                op::apply(&tx, vault_id, &o).map_err(|e| damaged(&e.message))?;
            }
        } else {
            apply_bound(
                &tx,
                vault_id,
                recipient,
                &author,
                payload.time,
                &payload.ops,
                renumber,
            )
            .map_err(|why| damaged(&why))?;
        }
        position += 1;
        placed.insert(rec.id, position);
        known.insert(rec.id, h.lamport);
        journal.head = Some((rec.id, position));
        journal.frontier.insert(h.device, (h.seq, rec.id));
        journal.replayed += 1;
        journal.replayed_ids.insert(rec.id);
        journal.bytes += 4 + rec_len(rec);
        last = Some(rec.id);
    }
    tx.commit()?;
    Ok(last)
}

/// The checkpoint at `vault` is not one the record at `offset` of `log`
/// could have been replayed on (see [`check_written_on`]).
fn written_on_refused(
    vault: &Path,
    log: &Log,
    offset: u64,
    rec: &Record,
    why: Succession,
) -> Error {
    let what = match why {
        Succession::SetAside => {
            "the checkpoint a merge set aside (two clones compacted at once), put back"
        }
        _ => "an older checkpoint put back",
    };
    let file = vault.file_name().unwrap_or_default().to_string_lossy();
    Error::integrity(format!(
        "vault {} is {what}: the record at byte {offset} of journal {} (id {}) was written on a checkpoint that folded in records this one did not, so replayed on this one the records would be ordered otherwise than their writers saw them, renumbering versions and changing current values",
        vault.display(),
        log.path.display(),
        &hex::encode(rec.id)[..16],
    ))
    .hint(format!(
        "restore the {file} a later commit holds (`git log -- {file}` lists them; `git checkout COMMIT -- {file}`), or copy it from another clone; the journal is not at fault"
    ))
}

/// A record waiting to replay: its log, itself, and its offset in the log.
pub type Pending<'a> = (&'a Log, &'a Record, u64);

/// The order records replay in: a depth-first walk of the history from the
/// checkpoint's last record, each step taking, of the records whose parent
/// is applied, one that continues from the last record applied if there is
/// one (so a clone's run of records stays together), else the least by
/// (lamport, device, id). Every clone with the same files walks the same
/// order. A record whose parent never comes is returned as the error.
///
/// O(n log n) in the records: the records ready to apply are kept both in
/// one ordered set and by parent, so each step is a lookup, never a scan
/// (benches/replay_order.rs).
pub fn order<'a>(
    pending: Vec<Pending<'a>>,
    base: Option<Id>,
    known: &BTreeMap<Id, u64>,
) -> std::result::Result<Vec<Pending<'a>>, Pending<'a>> {
    type Key = (u64, Device, Id);
    let key = |r: &Record| (r.header.lamport, r.header.device, r.id);
    let parent_of = |r: &Record| r.header.parents.first().copied();
    let mut children: BTreeMap<Option<Id>, BTreeSet<Key>> = BTreeMap::new();
    let mut by_key: BTreeMap<Key, Pending<'a>> = BTreeMap::new();
    for item in pending {
        children
            .entry(parent_of(item.1))
            .or_default()
            .insert(key(item.1));
        by_key.insert(key(item.1), item);
    }
    // Ready: records whose parent is applied or folded in (or who have
    // none: a device's first record on an empty history), all of them and
    // by parent.
    let mut ready: BTreeSet<Key> = BTreeSet::new();
    let mut ready_by_parent: BTreeMap<Option<Id>, BTreeSet<Key>> = BTreeMap::new();
    let parents: Vec<Option<Id>> = children
        .keys()
        .filter(|p| p.is_none_or(|p| known.contains_key(&p)))
        .copied()
        .collect();
    for parent in parents {
        let kids = children.remove(&parent).expect("listed above");
        ready.extend(kids.iter().copied());
        ready_by_parent.insert(parent, kids);
    }
    let mut order = Vec::with_capacity(by_key.len());
    let mut last = base;
    loop {
        let next = match ready_by_parent.get_mut(&last).and_then(|k| k.pop_first()) {
            Some(k) => {
                ready.remove(&k);
                k
            }
            None => match ready.pop_first() {
                Some(k) => {
                    let parent = parent_of(by_key[&k].1);
                    if let Some(siblings) = ready_by_parent.get_mut(&parent) {
                        siblings.remove(&k);
                    }
                    k
                }
                None => break,
            },
        };
        let item = by_key.remove(&next).expect("each key once");
        last = Some(item.1.id);
        if let Some(kids) = children.remove(&Some(item.1.id)) {
            ready.extend(kids.iter().copied());
            ready_by_parent
                .entry(Some(item.1.id))
                .or_default()
                .extend(kids);
        }
        order.push(item);
    }
    match by_key.into_values().next() {
        Some(orphan) => Err(orphan),
        None => Ok(order),
    }
}

/// How a record written concurrently with records replayed before it is
/// applied: each version it makes takes the next free number of its secret
/// (its writer numbered it in a history without the other clone's
/// versions), numbers its audit rows and later records of the same device
/// name follow, and each state row it writes tells the state the secret is
/// in here.
#[derive(Debug, Default)]
pub struct Renumbering {
    map: BTreeMap<(String, i64), i64>,
}

impl Renumbering {
    fn number(&self, name: &str, n: i64) -> i64 {
        self.map.get(&(name.to_owned(), n)).copied().unwrap_or(n)
    }

    /// A version of `name` numbered `next` (with `value`) made concurrently
    /// with the secret's current version by another clone: under the
    /// vault's policy `manual`, the secret is in conflict, between each
    /// side's newest version ([`store::CONFLICT_KEY`] lists them), until a
    /// record resolves it. The same value on both sides is no conflict.
    /// Decided here, in replay, so every clone that replays the same
    /// records decides it alike, whoever merged the logs (`man 5
    /// coffer-vault`, Merges). Under `ours` and `theirs` the order decides
    /// (the version replayed last is current) until `coffer sync` writes a
    /// merge version.
    fn conflict(&self, db: &Connection, name: &str, next: i64, value: &op::Value) -> Result<()> {
        if store::merge_policy(db)? != crate::model::MergePolicy::Manual {
            return Ok(());
        }
        let (id, current): (i64, Option<Vec<u8>>) = db.query_row(
            "SELECT s.id, (SELECT v.value FROM version v WHERE v.secret_id = s.id AND v.number = ?2)
               FROM secret s WHERE s.name = ?1",
            rusqlite::params![name, next - 1],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let current = current.map(Zeroizing::new);
        if current
            .as_deref()
            .is_some_and(|c| c.as_slice() == value.0.as_slice())
        {
            return Ok(());
        }
        let marked: Option<String> = db
            .query_row(
                "SELECT value FROM metadata WHERE secret_id = ?1 AND key = ?2",
                rusqlite::params![id, store::CONFLICT_KEY],
                |r| r.get(0),
            )
            .optional()?;
        // This run's earlier versions of the secret give way to this one.
        let own: BTreeSet<i64> = self
            .map
            .iter()
            .filter(|((n, _), _)| n == name)
            .map(|(_, actual)| *actual)
            .collect();
        let mut sides: Vec<i64> = match marked {
            Some(m) => m
                .split(',')
                .filter_map(|n| n.parse().ok())
                .filter(|n| !own.contains(n))
                .collect(),
            None => vec![next - 1],
        };
        sides.push(next);
        let text = sides
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        db.prepare_cached(
            "INSERT INTO metadata (secret_id, key, value) VALUES (?1, ?2, ?3)
             ON CONFLICT (secret_id, key) DO UPDATE SET value = excluded.value",
        )?
        .execute(rusqlite::params![id, store::CONFLICT_KEY, text])?;
        Ok(())
    }

    /// `op` as it applies here.
    pub fn rewrite(&mut self, db: &Connection, op: &Op) -> Result<Op> {
        let mut op = op.clone();
        match &mut op {
            // Both clones created it: the second creation keeps the first's
            // facts and adds its versions after the first's.
            Op::Secret { name, at, .. }
                if db
                    .query_row("SELECT 1 FROM secret WHERE name = ?1", [&*name], |_| Ok(()))
                    .optional()?
                    .is_some() =>
            {
                return Ok(Op::Touch {
                    name: name.clone(),
                    at: *at,
                });
            }
            Op::Version {
                name,
                number,
                source,
                value,
                ..
            } => {
                let next: i64 = db
                    .query_row(
                        "SELECT COALESCE(MAX(v.number), 0) + 1 FROM version v
                           JOIN secret s ON s.id = v.secret_id WHERE s.name = ?1",
                        [&*name],
                        |r| r.get(0),
                    )
                    .optional()?
                    .unwrap_or(1);
                if let Some(s) = source {
                    *s = self.number(name, *s);
                }
                if next != *number {
                    // The number its writer gave is another clone's version:
                    // both changed the secret's value at once.
                    self.conflict(db, name, next, value)?;
                    self.map.insert((name.clone(), *number), next);
                    *number = next;
                }
            }
            Op::Audit {
                resource,
                target: Some(target),
                version,
                details,
                ..
            } if *resource == Resource::Secrets => {
                if let Some(v) = version {
                    *v = self.number(target, *v);
                }
                if let Some(s) = details.get("source_version").and_then(|s| s.parse().ok()) {
                    let n = self.number(target, s);
                    details.insert("source_version".into(), n.to_string());
                }
                if details.contains_key("state")
                    && let Some(facts) = bind::read_facts(db, Some(target))?.pop()
                {
                    details.insert("state".into(), facts.digest());
                }
            }
            _ => {}
        }
        Ok(op)
    }
}

/// A row that names version `number` of `name` with fingerprint `fp` (a
/// read, an export: a row that does not make the version) must name what
/// the version holds where the row replays. A history replayed in another
/// order than its writer saw (a checkpoint put back that folded the
/// other side first) numbers versions otherwise: this is where it shows.
fn check_names_held(
    db: &Connection,
    ctx: &crate::store::Ctx<'_>,
    name: &str,
    number: i64,
    fp: &str,
) -> std::result::Result<(), String> {
    let value: Option<Zeroizing<Vec<u8>>> = db
        .query_row(
            "SELECT v.value FROM version v JOIN secret s ON s.id = v.secret_id
              WHERE s.name = ?1 AND v.number = ?2",
            rusqlite::params![name, number],
            |r| r.get::<_, Vec<u8>>(0),
        )
        .optional()
        .map_err(|e| Error::from(e).message)?
        .map(Zeroizing::new);
    match value {
        None => Err(format!(
            "names version {number} of {}, which is not made before it: the history is replayed in another order than it was written in (a checkpoint put back?)",
            crate::output::clean(name)
        )),
        // Erased since by `secrets:destroy`: nothing left to compare.
        Some(v) if v.is_empty() => Ok(()),
        Some(v) if ctx.fingerprint(&v) == fp => Ok(()),
        Some(_) => Err(format!(
            "names version {number} of {} with a fingerprint that version does not hold: the history is replayed in another order than it was written in (a checkpoint put back?)",
            crate::output::clean(name)
        )),
    }
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
/// - A secret that the record creates and restores from a history (its
///   `imported` rows name each version's original author, time and kind,
///   see [`bind::version_attribution`]) may carry the history's creation,
///   version and change times and authors; every other change is the
///   signer's, at the record's time.
fn apply_bound(
    db: &Connection,
    vault_id: &str,
    recipient: &str,
    author: &str,
    time: i64,
    ops: &[Op],
    mut renumber: Option<&mut Renumbering>,
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
    // (name, number, fingerprint, kind, source, author, time) of each
    // version made.
    type Made = (String, i64, String, String, Option<i64>, String, i64);
    let mut versions: Vec<Made> = Vec::new();
    // Secrets this record creates, those it restores from a history, and
    // those whose creation or change it dates or attributes otherwise than
    // the signer now.
    let mut created: BTreeSet<String> = BTreeSet::new();
    let mut restored: BTreeSet<String> = BTreeSet::new();
    let mut historical: BTreeSet<String> = BTreeSet::new();
    let mut changed: BTreeSet<String> = BTreeSet::new();
    let mut stated: BTreeMap<String, Option<String>> = BTreeMap::new();
    // (name, number) of each version erased, until its `destroyed` row.
    let mut destroyed: Vec<(String, i64)> = Vec::new();
    for o in ops {
        // A concurrent record's operations are rewritten as each applies: a
        // state row tells the state the operations before it leave.
        let owned;
        let o = match renumber.as_deref_mut() {
            Some(r) => {
                owned = r.rewrite(db, o).map_err(err)?;
                &owned
            }
            None => o,
        };
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
                if *resource == Resource::Secrets
                    && let Some(t) = target.as_deref()
                    && let Some(v) = version
                    && let Some(fp) = details.get("fingerprint")
                    && bind::kind_of(action).is_none()
                    && *action != Action::Destroyed
                {
                    check_names_held(db, &ctx, t, *v, fp)?;
                }
                if *resource == Resource::Secrets
                    && let Some(t) = target.as_deref()
                {
                    if !Action::is_read_row(resource, action) {
                        stated.insert(t.to_owned(), details.get("state").cloned());
                    }
                    if *action == Action::Destroyed
                        && let Some(v) = version
                    {
                        destroyed.retain(|(n, num)| !(n == t && num == v));
                    }
                    let details = crate::audit::Details::Map(details);
                    if bind::is_restore(action, details) {
                        restored.insert(t.to_owned());
                    }
                    if let (Some(v), Some(fp), Some((by, at, kind, source))) = (
                        version,
                        details.get("fingerprint"),
                        bind::version_attribution(action, actor, *ts, details),
                    ) {
                        versions.retain(|(n, num, f, k, src, b, a)| {
                            !(n == t
                                && num == v
                                && f == fp
                                && k == kind
                                && *src == source
                                && b == by
                                && *a == at)
                        });
                    }
                }
            }
            Op::Secret { name, by, at, .. } => {
                if own(by, *at).is_err() {
                    historical.insert(name.clone());
                }
                created.insert(name.clone());
                changed.insert(name.clone());
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
                // Its row vouches for its author and time (the signer's,
                // unless it restores a history).
                if own(by, *at).is_err() {
                    historical.insert(name.clone());
                }
                versions.push((
                    name.clone(),
                    *number,
                    ctx.fingerprint(&value.0),
                    kind.clone(),
                    *source,
                    by.clone(),
                    *at,
                ));
                changed.insert(name.clone());
            }
            Op::Touch { name, at } => {
                if *at != time {
                    historical.insert(name.clone());
                }
                changed.insert(name.clone());
            }
            Op::Field { name, at, .. } => {
                if *at != time {
                    return Err("holds a change dated other than the record".to_owned());
                }
                changed.insert(name.clone());
            }
            Op::Tags { name, .. } | Op::Metadata { name, .. } => {
                changed.insert(name.clone());
            }
            Op::Rename { to, at, .. } => {
                if *at != time {
                    return Err("holds a change dated other than the record".to_owned());
                }
                changed.insert(to.clone());
            }
            Op::Destroy { name, number, at } => {
                if *at != time {
                    return Err("holds a change dated other than the record".to_owned());
                }
                destroyed.push((name.clone(), *number));
            }
        }
        op::apply(db, vault_id, o).map_err(err)?;
    }
    if let Some((name, number)) = destroyed.first() {
        return Err(format!(
            "erases version {number} of {} without the audit row that records it",
            crate::output::clean(name)
        ));
    }
    if let Some((name, number, ..)) = versions.first() {
        return Err(format!(
            "makes version {number} of {} without the audit row that records it",
            crate::output::clean(name)
        ));
    }
    if let Some(name) = historical
        .iter()
        .find(|n| !(created.contains(*n) && restored.contains(*n)))
    {
        return Err(format!(
            "dates or attributes {} otherwise than its signer now, restoring no history",
            crate::output::clean(name)
        ));
    }
    for name in changed.iter().chain(stated.keys()) {
        let facts = bind::read_facts(db, Some(name)).map_err(err)?.pop();
        match (facts, stated.get(name).cloned().flatten()) {
            (Some(f), Some(s)) if f.digest() == *s => {}
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
