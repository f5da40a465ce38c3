//! Tampering with a real vault's audit log the way an insider could (the
//! identity in hand, SQLite, coffer's own hashing library), then asking
//! `audit:verify` what it sees: every case names the status, the first bad
//! seq and the reason, and writes stay refused until a break is acknowledged.
//!
//! Every test starts from the same nine rows, made by the binary:
//!
//! | seq | action      | target |
//! |-----|-------------|--------|
//! | 1   | initialized | -      |
//! | 2   | created     | A      |
//! | 3   | created     | UNREAD (its value is never read: its fingerprint is in row 3 only) |
//! | 4   | accessed    | A      |
//! | 5   | updated     | A      |
//! | 6   | created     | B      |
//! | 7   | accessed    | B      |
//! |     | (`audit:checkpoint` here: `7:HASH`) |
//! | 8   | updated     | B      |
//! | 9   | accessed    | A      |

use crate::common;

use std::path::PathBuf;

use coffer::audit::{AuditRecord, canonical_bytes, genesis, row_hash};
use common::Env;
use rusqlite::Connection;
use serde_json::Value;

/// The exit status of an integrity failure.
const INTEGRITY: i32 = 6;

// ---------------------------------------------------------------- fixture

struct Seeded {
    env: Env,
    /// `audit:checkpoint` taken when the log ended at seq 7.
    checkpoint7: String,
    /// `audit:checkpoint` taken at the end, seq 9.
    checkpoint9: String,
    /// The fingerprint of UNREAD's value, found in row 3 only.
    unread_fp: String,
}

fn seeded() -> Seeded {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha-one"]).ok();
    env.run(&["secrets:create", "UNREAD", "never-read-7f3a9c"])
        .ok();
    env.run(&["secrets:get", "A"]).ok();
    env.run(&["secrets:update", "A", "alpha-two"]).ok();
    env.run(&["secrets:create", "B", "bravo-one"]).ok();
    env.run(&["secrets:get", "B"]).ok();
    let checkpoint7 = checkpoint(&env);
    env.run(&["secrets:update", "B", "bravo-two"]).ok();
    env.run(&["secrets:get", "A"]).ok();
    let checkpoint9 = checkpoint(&env);

    let rows = env.audit_rows(&[]);
    let actions: Vec<&str> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "initialized",
            "created",
            "created",
            "accessed",
            "updated",
            "created",
            "accessed",
            "updated",
            "accessed"
        ]
    );
    assert_eq!(rows[2]["target"], "UNREAD");
    let unread_fp = rows[2]["details"]["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(checkpoint7.starts_with("7:"), "{checkpoint7}");
    assert!(checkpoint9.starts_with("9:"), "{checkpoint9}");
    // The untouched vault verifies, anchored by the remembered head.
    verdict(&env, &[], 0, "ok", None);
    Seeded {
        env,
        checkpoint7,
        checkpoint9,
        unread_fp,
    }
}

fn checkpoint(env: &Env) -> String {
    env.run(&["audit:checkpoint"]).ok().out().trim().to_owned()
}

// ---------------------------------------------------------------- verify

/// Run `audit:verify --format json EXTRA` and check its exit status, status
/// and first finding (`None`: no problem). Returns the report.
#[track_caller]
fn verdict(
    env: &Env,
    extra: &[&str],
    code: i32,
    status: &str,
    problem: Option<(i64, &str)>,
) -> Value {
    let mut args = vec!["audit:verify", "--format", "json"];
    args.extend_from_slice(extra);
    let run = env.run(&args);
    let report = run.json();
    let shown = format!("stderr: {}\nreport: {report:#}", run.stderr);
    assert_eq!(run.code, code, "exit status; {shown}");
    assert_eq!(report["status"], status, "status; {shown}");
    match problem {
        None => assert!(report["problem"].is_null(), "problem; {shown}"),
        Some((seq, reason)) => {
            assert_eq!(report["problem"]["seq"], seq, "problem.seq; {shown}");
            assert_eq!(
                report["problem"]["reason"], reason,
                "problem.reason; {shown}"
            );
        }
    }
    report
}

fn warnings(report: &Value) -> Vec<String> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_owned())
        .collect()
}

// ---------------------------------------------------------------- the image

/// Decrypt the vault, change its image with `edit`, sign it with the
/// identity's key (as coffer signs every write) and re-encrypt it to the
/// same identity: what an insider holding the identity can do.
fn tamper(env: &Env, edit: impl FnOnce(&Connection)) {
    let image = env.image();
    let image = common::edit_image(&image, edit);
    let image = common::resign(&image, &env.identity());
    common::encrypt_vault(&image, &env.vault(), &env.identity());
}

/// Read the decrypted image without changing it.
fn inspect<T>(env: &Env, read: impl FnOnce(&Connection) -> T) -> T {
    let image = env.image();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    std::fs::write(&path, image).unwrap();
    let conn = Connection::open(&path).unwrap();
    read(&conn)
}

const TRIGGERS: &str = "
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
";

fn drop_triggers(c: &Connection) {
    c.execute_batch(
        "DROP TRIGGER audit_is_append_only_update;
         DROP TRIGGER audit_is_append_only_delete;",
    )
    .unwrap();
}

/// Run `edit` with the append-only triggers out of the way, and put them
/// back after, as a careful insider would (so no test leans on their absence).
fn unguarded(c: &Connection, edit: impl FnOnce(&Connection)) {
    drop_triggers(c);
    edit(c);
    c.execute_batch(TRIGGERS).unwrap();
}

fn vault_id(c: &Connection) -> String {
    c.query_row("SELECT value FROM meta WHERE key = 'vault_id'", [], |r| {
        r.get(0)
    })
    .unwrap()
}

fn meta_head(c: &Connection) -> String {
    c.query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| {
        r.get(0)
    })
    .unwrap()
}

fn rows(c: &Connection) -> Vec<AuditRecord> {
    let mut stmt = c
        .prepare(
            "SELECT seq, ts, actor, action, resource, target, version, details, prev_hash, hash
               FROM audit ORDER BY seq",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let details: String = r.get(7)?;
        Ok(AuditRecord {
            seq: r.get(0)?,
            ts: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            resource: r.get(4)?,
            target: r.get(5)?,
            version: r.get(6)?,
            details: serde_json::from_str(&details).unwrap(),
            prev_hash: r.get(8)?,
            hash: r.get(9)?,
        })
    })
    .unwrap()
    .collect::<rusqlite::Result<Vec<_>>>()
    .unwrap()
}

fn insert(c: &Connection, r: &AuditRecord) {
    coffer::audit::insert_row(c, r).unwrap();
}

/// Replace the whole log with `log` (triggers dropped and put back).
fn replace_log(c: &Connection, log: &[AuditRecord]) {
    unguarded(c, |c| {
        c.execute("DELETE FROM audit", []).unwrap();
        for r in log {
            insert(c, r);
        }
    });
}

/// Recompute `prev_hash` and `hash` of `log[from..]`, chaining from the row
/// before (or the genesis hash), as coffer's `append` would have.
fn rechain(id: &str, log: &mut [AuditRecord], from: usize) {
    for i in from..log.len() {
        let prev = if i == 0 {
            genesis(id)
        } else {
            log[i - 1].hash.clone()
        };
        log[i].prev_hash = prev;
        log[i].hash = row_hash(&log[i].prev_hash, &canonical_bytes(id, &log[i]));
    }
}

/// `SEQ:HEX(HASH)` of a row, as `meta.audit_head` and checkpoints hold it.
fn head_of(r: &AuditRecord) -> String {
    format!("{}:{}", r.seq, hex::encode(&r.hash))
}

fn set_meta_head(c: &Connection, head: &str) {
    c.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'audit_head'",
        [head],
    )
    .unwrap();
}

// ---------------------------------------------------------------- the machine's anchor

fn head_file(env: &Env) -> PathBuf {
    let id = inspect(env, vault_id);
    env.path("state/coffer/heads").join(id)
}

fn remembered(env: &Env) -> String {
    std::fs::read_to_string(head_file(env))
        .unwrap()
        .trim()
        .to_owned()
}

fn forget_heads(env: &Env) {
    std::fs::remove_dir_all(env.path("state")).unwrap();
}

// ---------------------------------------------------------------- tampering

/// Case 1: one hex digit of row 3's fingerprint, changed in the raw image.
fn flip_unread_fingerprint(s: &Seeded) {
    let mut image = s.env.image();
    let fp = s.unread_fp.as_bytes();
    let at: Vec<usize> = image
        .windows(fp.len())
        .enumerate()
        .filter(|(_, w)| *w == fp)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(at.len(), 1, "the fingerprint occurs once in the image");
    let byte = &mut image[at[0] + 10];
    *byte = if *byte == b'0' { b'1' } else { b'0' };
    common::encrypt_vault(&image, &s.env.vault(), &s.env.identity());
    let seen = inspect(&s.env, |c| rows(c)[2].details["fingerprint"].clone());
    assert_ne!(
        seen, s.unread_fp,
        "the image still reads as SQLite, changed"
    );
}

/// Case 10: triggers dropped, one column updated; the triggers are put back
/// unless `leave_dropped`.
fn update_ts_without_triggers(env: &Env, seq: i64, leave_dropped: bool) {
    tamper(env, |c| {
        drop_triggers(c);
        let n = c
            .execute("UPDATE audit SET ts = ts + 3600 WHERE seq = ?1", [seq])
            .unwrap();
        assert_eq!(n, 1);
        if !leave_dropped {
            c.execute_batch(TRIGGERS).unwrap();
        }
    });
}

/// The image's schema is not coffer's: every command refuses to open it
/// (exit 6), naming `object`, and changes nothing.
#[track_caller]
fn refused_at_open(env: &Env, object: &str) {
    let before = env.vault_state();
    for args in [
        &["audit:verify", "--format", "json"][..],
        &["secrets:get", "A"][..],
        &["status"][..],
    ] {
        let run = env.run(args).code(INTEGRITY);
        assert!(
            run.stderr
                .contains("database schema was changed outside coffer")
                && run.stderr.contains(object),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.out());
        assert_eq!(env.vault_state(), before, "{args:?} changed the vault");
    }
}

#[test]
fn a_byte_flipped_in_the_raw_image_is_a_hash_mismatch_at_its_row() {
    let s = seeded();
    flip_unread_fingerprint(&s);
    let report = verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((3, "hash_mismatch")),
    );
    // One changed row, one break in the chain (the walk goes on from its
    // stored hash); and the value it fingerprinted no longer matches it.
    let breaks = report["breaks"].as_array().unwrap();
    assert_eq!(breaks.len(), 2, "{report:#}");
    assert_eq!(breaks[1]["reason"], "value_mismatch", "{report:#}");
    assert_eq!(breaks[1]["seq"], 3, "{report:#}");
    assert!(warnings(&report).is_empty(), "{report:#}");
}

#[test]
fn an_edited_row_with_its_own_hash_recomputed_breaks_the_next_link() {
    let s = seeded();
    tamper(&s.env, |c| {
        let id = vault_id(c);
        let mut log = rows(c);
        let row = &mut log[4];
        assert_eq!(row.seq, 5);
        row.actor = "mallory".into();
        row.hash = row_hash(&row.prev_hash, &canonical_bytes(&id, row));
        let hash = row.hash.clone();
        unguarded(c, |c| {
            c.execute(
                "UPDATE audit SET actor = 'mallory', hash = ?1 WHERE seq = 5",
                [hash],
            )
            .unwrap();
        });
    });
    let report = verdict(&s.env, &[], INTEGRITY, "tampered", Some((6, "broken_link")));
    // The chain breaks once; and the version row 5 made no longer names
    // the author its row does.
    let breaks = report["breaks"].as_array().unwrap();
    assert_eq!(breaks.len(), 2, "{report:#}");
    assert_eq!(breaks[1]["reason"], "version_mismatch", "{report:#}");
    assert!(warnings(&report).is_empty(), "triggers were put back");
}

#[test]
fn a_deleted_middle_row_is_a_seq_gap() {
    let s = seeded();
    tamper(&s.env, |c| {
        unguarded(c, |c| {
            assert_eq!(c.execute("DELETE FROM audit WHERE seq = 5", []).unwrap(), 1);
        });
    });
    verdict(&s.env, &[], INTEGRITY, "tampered", Some((5, "seq_gap")));
}

/// Delete row 5, renumber 6..9 to 5..8 and re-chain them, and record the new
/// head in `meta`: the file is consistent with itself.
fn delete_and_rechain(env: &Env) -> String {
    let mut new_head = String::new();
    tamper(env, |c| {
        let id = vault_id(c);
        let mut log = rows(c);
        log.remove(4);
        for r in &mut log[4..] {
            r.seq -= 1;
        }
        rechain(&id, &mut log, 4);
        replace_log(c, &log);
        new_head = head_of(log.last().unwrap());
        set_meta_head(c, &new_head);
    });
    assert!(new_head.starts_with("8:"), "{new_head}");
    new_head
}

#[test]
fn a_deleted_row_with_the_rest_rechained_is_caught_by_an_anchor_and_by_the_data() {
    let s = seeded();
    delete_and_rechain(&s.env);
    // This machine saw seq 9: the file is shorter.
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "rolled_back",
        Some((9, "older_than_anchor")),
    );
    // A checkpoint at seq 7 (>= 5) names a row the file no longer holds.
    verdict(
        &s.env,
        &["--expect", &s.checkpoint7],
        INTEGRITY,
        "forked",
        Some((7, "differs_from_anchor")),
    );
    forget_heads(&s.env);
    verdict(
        &s.env,
        &["--expect", &s.checkpoint7],
        INTEGRITY,
        "forked",
        Some((7, "differs_from_anchor")),
    );
    // With nothing outside the file, the chain holds, but the data does
    // not match it: row 5 made version 2 of A, and A's last row (2) says
    // it has one version.
    let report = verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((2, "state_mismatch")),
    );
    let reasons = report["breaks"].to_string();
    assert!(reasons.contains("unrecorded_version"), "{report:#}");
    assert_eq!(report["rows"], 8);
}

#[test]
fn the_newest_row_rewritten_with_meta_fixed_differs_from_the_remembered_head() {
    let s = seeded();
    tamper(&s.env, |c| {
        let id = vault_id(c);
        let mut log = rows(c);
        log[8].actor = "mallory".into();
        rechain(&id, &mut log, 8);
        replace_log(c, &log);
        set_meta_head(c, &head_of(&log[8]));
    });
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "forked",
        Some((9, "differs_from_anchor")),
    );
    forget_heads(&s.env);
    verdict(
        &s.env,
        &["--expect", &s.checkpoint9],
        INTEGRITY,
        "forked",
        Some((9, "differs_from_anchor")),
    );
    verdict(&s.env, &[], 0, "unanchored", None);
}

#[test]
fn two_swapped_rows_are_tampered_at_the_first() {
    let s = seeded();
    tamper(&s.env, |c| {
        unguarded(c, |c| {
            c.execute_batch(
                "UPDATE audit SET seq = 0 WHERE seq = 5;
                 UPDATE audit SET seq = 5 WHERE seq = 6;
                 UPDATE audit SET seq = 6 WHERE seq = 0;",
            )
            .unwrap();
        });
        assert_eq!(rows(c)[4].action, "created", "row 6 now sits at seq 5");
    });
    verdict(&s.env, &[], INTEGRITY, "tampered", Some((5, "broken_link")));
}

#[test]
fn a_row_copied_to_the_end_is_tampered_there() {
    let s = seeded();
    tamper(&s.env, |c| {
        let mut copy = rows(c)[2].clone();
        copy.seq = 10;
        insert(c, &copy);
    });
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((10, "broken_link")),
    );
}

#[test]
fn two_rows_sharing_a_seq_need_a_schema_coffer_refuses() {
    let s = seeded();
    tamper(&s.env, |c| {
        c.execute_batch(
            "CREATE TABLE audit_copy (
                 seq INTEGER, ts INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                 resource TEXT NOT NULL, target TEXT, version INTEGER, details TEXT NOT NULL,
                 prev_hash BLOB NOT NULL, hash BLOB NOT NULL);
             INSERT INTO audit_copy SELECT * FROM audit ORDER BY seq;
             INSERT INTO audit_copy SELECT * FROM audit WHERE seq = 5;
             DROP TABLE audit;
             ALTER TABLE audit_copy RENAME TO audit;
             CREATE INDEX audit_by_target ON audit (target);",
        )
        .unwrap();
        c.execute_batch(TRIGGERS).unwrap();
        let n: i64 = c
            .query_row("SELECT COUNT(*) FROM audit WHERE seq = 5", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
    });
    // The seq is the audit table's primary key: only another table can
    // hold a duplicate, and coffer opens no schema but its own.
    refused_at_open(
        &s.env,
        "its table audit differs from the one coffer created",
    );
}

/// Delete rows 8 and 9; with `fix_meta`, also record row 7 as the head.
fn cut_tail(env: &Env, fix_meta: bool) {
    tamper(env, |c| {
        unguarded(c, |c| {
            assert_eq!(c.execute("DELETE FROM audit WHERE seq > 7", []).unwrap(), 2);
        });
        if fix_meta {
            let last = rows(c).pop().unwrap();
            set_meta_head(c, &head_of(&last));
        } else {
            assert!(meta_head(c).starts_with("9:"));
        }
    });
}

#[test]
fn a_cut_tail_is_truncated_while_meta_records_the_old_head() {
    let s = seeded();
    cut_tail(&s.env, false);
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "truncated",
        Some((8, "missing_tail")),
    );
    forget_heads(&s.env);
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "truncated",
        Some((8, "missing_tail")),
    );
}

#[test]
fn a_cut_tail_with_meta_fixed_is_caught_by_an_anchor_and_by_the_data() {
    let s = seeded();
    cut_tail(&s.env, true);
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "rolled_back",
        Some((8, "older_than_anchor")),
    );
    forget_heads(&s.env);
    verdict(
        &s.env,
        &["--expect", &s.checkpoint9],
        INTEGRITY,
        "rolled_back",
        Some((8, "older_than_anchor")),
    );
    // An older checkpoint the file still holds vouches for its rows, but
    // the data is newer than the log: row 8 made version 2 of B.
    let report = verdict(
        &s.env,
        &["--expect", &s.checkpoint7],
        INTEGRITY,
        "tampered",
        Some((6, "state_mismatch")),
    );
    assert!(report["breaks"].to_string().contains("unrecorded_version"));
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((6, "state_mismatch")),
    );
}

/// Copy the vault aside, add rows 10 and 11, and put the copy back.
fn restore_older_copy(env: &Env) {
    let old = env.vault_state();
    env.run(&["secrets:create", "C", "charlie"]).ok();
    env.run(&["secrets:get", "C"]).ok();
    assert!(remembered(env).starts_with("11:"));
    env.restore(&old);
}

#[test]
fn an_older_copy_of_the_file_is_rolled_back() {
    let s = seeded();
    restore_older_copy(&s.env);
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "rolled_back",
        Some((10, "older_than_anchor")),
    );
}

#[test]
fn a_changed_vault_id_is_a_mismatch_at_row_1() {
    let s = seeded();
    tamper(&s.env, |c| {
        let id = vault_id(c);
        // Another id of the same form: first hex digit changed.
        let first = if id.starts_with('0') { "1" } else { "0" };
        let other = format!("{first}{}", &id[1..]);
        assert_ne!(other, id);
        c.execute("UPDATE meta SET value = ?1 WHERE key = 'vault_id'", [other])
            .unwrap();
    });
    let report = verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((1, "vault_id_mismatch")),
    );
    // Every row's hash differs under another id; that is one finding, not nine.
    assert_eq!(report["breaks"].as_array().unwrap().len(), 1, "{report:#}");
}

/// The whole log rewritten under a new vault id, from its genesis on, with
/// meta fixed: the chain is perfect and no head is remembered under the new
/// id. This machine still knows which vault it last saw at this path.
#[test]
fn a_log_rechained_under_a_new_vault_id_is_caught_by_the_path_it_was_seen_at() {
    let s = seeded();
    tamper(&s.env, |c| {
        let id = vault_id(c);
        let other = format!(
            "{}{}",
            if id.starts_with('0') { "1" } else { "0" },
            &id[1..]
        );
        let mut log = rows(c);
        rechain(&other, &mut log, 0);
        replace_log(c, &log);
        c.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'vault_id'",
            [&other],
        )
        .unwrap();
        set_meta_head(c, &head_of(log.last().unwrap()));
    });
    let report = verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((1, "vault_id_mismatch")),
    );
    let message = report["problem"]["message"].as_str().unwrap();
    assert!(message.contains("last saw vault"), "{report:#}");
    assert!(
        report["breaks"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    let before = s.env.vault_state();
    s.env
        .run(&["secrets:get", "A"])
        .code(INTEGRITY)
        .stderr_has("refusing to read");
    assert_eq!(s.env.vault_state(), before);

    // A machine that never saw the vault cannot tell: the honest limit.
    let state = s.env.path("state");
    let saved = tempfile::tempdir().unwrap();
    std::process::Command::new("cp")
        .args(["-a"])
        .arg(&state)
        .arg(saved.path())
        .status()
        .unwrap();
    forget_heads(&s.env);
    verdict(&s.env, &[], 0, "unanchored", None);

    // Back on this machine, an acknowledgement accepts the vault at this path.
    forget_heads(&s.env);
    std::process::Command::new("cp")
        .args(["-a"])
        .arg(saved.path().join("state"))
        .arg(&state)
        .status()
        .unwrap();
    s.env
        .run(&[
            "audit:acknowledge",
            "--reason",
            "replaced the vault on purpose",
        ])
        .ok();
    verdict(&s.env, &[], 0, "ok", None);
    s.env.run(&["secrets:get", "A"]).ok();
}

#[test]
fn swapping_rows_1_and_2_is_a_broken_link_not_a_vault_id_change() {
    let s = seeded();
    tamper(&s.env, |c| {
        unguarded(c, |c| {
            c.execute_batch(
                "UPDATE audit SET seq = 0 WHERE seq = 1;
                 UPDATE audit SET seq = 1 WHERE seq = 2;
                 UPDATE audit SET seq = 2 WHERE seq = 0;",
            )
            .unwrap();
        });
    });
    let report = verdict(&s.env, &[], INTEGRITY, "tampered", Some((1, "broken_link")));
    for b in report["breaks"].as_array().unwrap() {
        assert_ne!(b["reason"], "vault_id_mismatch", "{report:#}");
    }
}

#[test]
fn an_update_with_the_triggers_dropped_is_a_hash_mismatch() {
    let s = seeded();
    update_ts_without_triggers(&s.env, 4, false);
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((4, "hash_mismatch")),
    );
}

#[test]
fn triggers_left_dropped_are_refused_at_open() {
    let s = seeded();
    update_ts_without_triggers(&s.env, 4, true);
    refused_at_open(&s.env, "trigger audit_is_append_only_delete is missing");
}

#[test]
fn an_appended_row_meta_does_not_record_is_a_head_mismatch() {
    let s = seeded();
    tamper(&s.env, |c| {
        let id = vault_id(c);
        let mut log = rows(c);
        let mut extra = log[3].clone();
        extra.seq = 10;
        log.push(extra);
        rechain(&id, &mut log, 9);
        insert(c, &log[9]);
    });
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((10, "head_mismatch")),
    );
}

#[test]
fn a_head_in_meta_with_another_hash_is_a_head_mismatch() {
    let s = seeded();
    tamper(&s.env, |c| {
        set_meta_head(c, &format!("9:{}", "ab".repeat(32)));
    });
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((9, "head_mismatch")),
    );
}

#[test]
fn a_column_of_the_wrong_type_is_a_malformed_row() {
    let s = seeded();
    tamper(&s.env, |c| {
        unguarded(c, |c| {
            c.execute("UPDATE audit SET ts = 'yesterday' WHERE seq = 6", [])
                .unwrap();
        });
    });
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((6, "malformed_row")),
    );
}

// ---------------------------------------------------------------- fail closed

#[track_caller]
fn assert_writes_refused(env: &Env) {
    let before = env.vault_state();
    let head = std::fs::read(head_file(env)).unwrap();
    for (args, refusing) in [
        (
            &["secrets:create", "NEW", "new-value"][..],
            "refusing to write",
        ),
        (
            &["secrets:update", "A", "alpha-three"][..],
            "refusing to write",
        ),
        // A read is refused as a write is, and says so.
        (&["secrets:get", "A"][..], "refusing to read"),
    ] {
        let run = env.run(args).code(INTEGRITY).stderr_has(refusing);
        assert!(
            !run.out().contains("alpha"),
            "{args:?} printed a value it could not record: {}",
            run.out()
        );
        assert_eq!(env.vault_state(), before, "{args:?} changed the vault");
        assert_eq!(
            std::fs::read(head_file(env)).unwrap(),
            head,
            "{args:?} moved the remembered head"
        );
    }
}

#[test]
fn writes_are_refused_on_a_vault_with_a_flipped_byte() {
    let s = seeded();
    flip_unread_fingerprint(&s);
    assert_writes_refused(&s.env);
}

#[test]
fn writes_are_refused_on_a_vault_updated_behind_the_triggers() {
    let s = seeded();
    update_ts_without_triggers(&s.env, 4, false);
    assert_writes_refused(&s.env);
}

// ---------------------------------------------------------------- acknowledge

#[test]
fn an_acknowledged_break_lets_writes_go_on_until_rows_before_it_change() {
    let s = seeded();
    flip_unread_fingerprint(&s);
    let ack = s
        .env
        .run(&["audit:acknowledge", "--reason", "restored from backup"])
        .ok()
        .out();
    assert!(ack.contains("acknowledged as audit row 10"), "{ack}");
    s.env.run(&["secrets:create", "AFTER", "after-value"]).ok();
    assert_eq!(
        s.env.run(&["secrets:get", "AFTER"]).ok().out(),
        "after-value\n"
    );

    let report = verdict(&s.env, &[], 0, "ok", None);
    let breaks = report["breaks"].as_array().unwrap();
    assert_eq!(breaks.len(), 1, "{report:#}");
    assert_eq!(breaks[0]["seq"], 3);
    assert_eq!(breaks[0]["reason"], "hash_mismatch");
    assert_eq!(breaks[0]["acknowledged_by"], 10, "{report:#}");
    let ack = &report["acknowledgements"][0];
    assert_eq!(ack["seq"], 10);
    assert_eq!(ack["reason"], "restored from backup");
    assert_eq!(ack["found"], "tampered");
    assert_eq!(ack["valid"], true);
    assert_eq!(report["head"]["seq"], 12);
    assert_eq!(remembered(&s.env), report["head"]["checkpoint"]);

    // A row before the acknowledgement changes afterwards: it no longer
    // covers anything, and writes stop again.
    tamper(&s.env, |c| {
        unguarded(c, |c| {
            c.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 6", [])
                .unwrap();
        });
    });
    let report = verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((3, "hash_mismatch")),
    );
    assert!(
        warnings(&report)
            .iter()
            .any(|w| w.contains("acknowledgement at seq 10 no longer matches")),
        "{report:#}"
    );
    assert_eq!(report["acknowledgements"][0]["valid"], false);
    for b in report["breaks"].as_array().unwrap() {
        assert!(b["acknowledged_by"].is_null(), "{report:#}");
    }
    s.env
        .run(&["secrets:create", "LATER", "v"])
        .code(INTEGRITY)
        .stderr_has("refusing to write");
}

#[test]
fn removing_the_acknowledgement_row_brings_the_break_back() {
    let s = seeded();
    flip_unread_fingerprint(&s);
    s.env
        .run(&["audit:acknowledge", "--reason", "restored from backup"])
        .ok();
    verdict(&s.env, &[], 0, "ok", None);
    tamper(&s.env, |c| {
        unguarded(c, |c| {
            assert_eq!(
                c.execute("DELETE FROM audit WHERE seq = 10", []).unwrap(),
                1
            );
        });
        set_meta_head(c, &head_of(&rows(c)[8]));
    });
    forget_heads(&s.env);
    let report = verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((3, "hash_mismatch")),
    );
    assert!(report["acknowledgements"].as_array().unwrap().is_empty());
}

#[test]
fn an_acknowledged_older_copy_becomes_the_remembered_head() {
    let s = seeded();
    restore_older_copy(&s.env);
    s.env
        .run(&["secrets:create", "D", "delta"])
        .code(INTEGRITY)
        .stderr_has("refusing to write");
    s.env
        .run(&["audit:acknowledge", "--reason", "restored from backup"])
        .ok();
    // The acknowledgement is row 10 of the old copy, and this machine now
    // remembers it, not the lost row 11.
    let (ack, meta) = inspect(&s.env, |c| (rows(c).pop().unwrap(), meta_head(c)));
    assert_eq!(ack.seq, 10);
    assert_eq!(ack.action, "acknowledged");
    assert_eq!(ack.details["found"], "rolled_back");
    assert_eq!(remembered(&s.env), head_of(&ack));
    assert_eq!(meta, head_of(&ack));

    s.env.run(&["secrets:create", "D", "delta"]).ok();
    let report = verdict(&s.env, &[], 0, "ok", None);
    assert_eq!(report["head"]["seq"], 11);
    assert_eq!(remembered(&s.env), report["head"]["checkpoint"]);
    assert!(report["breaks"].as_array().unwrap().is_empty());
    assert_eq!(report["acknowledgements"][0]["valid"], true);
}

// ---------------------------------------------------------------- audit:logs --verify

#[test]
fn logs_verify_marks_the_broken_row() {
    let s = seeded();
    flip_unread_fingerprint(&s);

    let run = s
        .env
        .run(&["audit:logs", "--verify", "--format", "json"])
        .code(INTEGRITY);
    let rows = run.json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 9);
    for r in rows {
        let chain = r["chain"].as_str().expect("every row has a chain field");
        if r["seq"] == 3 {
            assert!(chain.contains("BROKEN"), "{r}");
            assert!(chain.contains("hash mismatch"), "{r}");
        } else {
            assert_eq!(chain, "ok", "{r}");
        }
    }

    let table = s.env.run(&["audit:logs", "--verify"]).code(INTEGRITY).out();
    let header = table.lines().next().unwrap();
    assert!(header.trim_end().ends_with("CHAIN"), "{table}");
    let broken: Vec<&str> = table.lines().filter(|l| l.contains("BROKEN")).collect();
    assert_eq!(broken.len(), 1, "{table}");
    assert!(broken[0].contains("UNREAD"), "{table}");
    assert_eq!(
        table
            .lines()
            .filter(|l| l.trim_end().ends_with(" ok"))
            .count(),
        8,
        "{table}"
    );
}

// ---------------------------------------------------------------- found while writing these

/// An insider puts a second `fingerprint` key *before* the real one in row 3's
/// details text. The hashed map is unchanged (serde keeps the last key), so
/// verify is happy; but SQLite's `json_extract` takes the first key, so
/// `audit:logs --fingerprint REAL` no longer finds the row, and a search for
/// the decoy finds a row that displays the real fingerprint. A stored details
/// text that is not the exact JSON coffer writes for the hashed map is a
/// changed row. `malformed_row` (an object with a duplicate key is not a
/// string map) and `hash_mismatch` (the stored contents are not what was
/// hashed) both say so.
#[test]

fn a_duplicate_key_in_details_is_a_changed_row() {
    let s = seeded();
    let decoy = "0".repeat(64);
    tamper(&s.env, |c| {
        unguarded(c, |c| {
            let text: String = c
                .query_row("SELECT details FROM audit WHERE seq = 3", [], |r| r.get(0))
                .unwrap();
            let forged = format!("{{\"fingerprint\":\"{decoy}\",{}", &text[1..]);
            c.execute("UPDATE audit SET details = ?1 WHERE seq = 3", [forged])
                .unwrap();
        });
    });
    // What the forgery does: the row no longer answers its own fingerprint.
    let found = s
        .env
        .run(&["audit:logs", "--fingerprint", &s.unread_fp])
        .ok()
        .out();
    assert!(
        !found.contains("UNREAD"),
        "the forgery did not hide the row: {found}"
    );

    let run = s.env.run(&["audit:verify", "--format", "json"]);
    let report = run.json();
    assert_eq!(run.code, INTEGRITY, "{report:#}");
    assert_eq!(report["status"], "tampered", "{report:#}");
    assert_eq!(report["problem"]["seq"], 3, "{report:#}");
    let reason = report["problem"]["reason"].as_str().unwrap();
    assert!(
        ["malformed_row", "hash_mismatch"].contains(&reason),
        "{report:#}"
    );
}

/// An extra row numbered 0, before the genuine row 1. Nothing is missing and
/// row 1 chains from this vault's id as it always did, yet verify reports
/// `seq_gap` at seq 1 with the message "rows 1 to -1 are missing: the row
/// after 0 is 0", and then a `vault_id_mismatch` at the untouched row 1. The
/// first bad seq is 0.
#[test]

fn a_row_numbered_before_1_is_tampered_at_that_row() {
    let s = seeded();
    tamper(&s.env, |c| {
        let mut extra = rows(c)[2].clone();
        extra.seq = 0;
        insert(c, &extra);
    });
    let run = s.env.run(&["audit:verify", "--format", "json"]);
    let report = run.json();
    assert_eq!(run.code, INTEGRITY, "{report:#}");
    assert_eq!(report["status"], "tampered", "{report:#}");
    assert_eq!(report["problem"]["seq"], 0, "{report:#}");
    assert_ne!(report["problem"]["reason"], "seq_gap", "nothing is missing");
    for b in report["breaks"].as_array().unwrap() {
        assert!(!b["message"].as_str().unwrap().contains("-1"), "{report:#}");
        assert_ne!(
            b["reason"], "vault_id_mismatch",
            "the vault id is intact: {report:#}"
        );
    }
}

// ---------------------------------------------------------------- found in review

/// The witness `audit:acknowledge` records, computed as an insider would from
/// the row after the last intact one (`first_break`, 0-based) up to `upto`:
/// each row's canonical bytes and stored hashes folded in (see
/// src/audit/verify.rs).
fn witness(id: &str, log: &[AuditRecord], first_break: usize, upto: usize) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut w = if first_break == 0 {
        genesis(id)
    } else {
        log[first_break - 1].hash.clone()
    };
    for r in &log[first_break..upto] {
        let mut h = Sha256::new();
        h.update(&w);
        h.update(canonical_bytes(id, r));
        h.update((r.prev_hash.len() as u64).to_be_bytes());
        h.update(&r.prev_hash);
        h.update((r.hash.len() as u64).to_be_bytes());
        h.update(&r.hash);
        w = h.finalize().to_vec();
    }
    w
}

/// An `acknowledged` row after `log`, chained correctly, naming `actor`.
fn forged_ack(id: &str, log: &[AuditRecord], w: &[u8], actor: &str, reason: &str) -> AuditRecord {
    let last = log.last().unwrap();
    let mut r = AuditRecord {
        seq: last.seq + 1,
        ts: last.ts + 1,
        actor: actor.to_owned(),
        action: "acknowledged".into(),
        resource: "audit".into(),
        target: None,
        version: None,
        details: [
            ("reason", reason.to_owned()),
            ("found", "tampered".to_owned()),
            ("witness", hex::encode(w)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect(),
        prev_hash: last.hash.clone(),
        hash: vec![],
    };
    r.hash = row_hash(&r.prev_hash, &canonical_bytes(id, &r));
    r
}

/// An insider rewrites row 4 (a read) as a harmless listing and appends a
/// perfectly formed acknowledgement in someone else's name. The anchors saw
/// row 4 before that acknowledgement existed, so it cannot cover it.
#[test]
fn a_forged_acknowledgement_cannot_cover_rows_an_anchor_vouched_for() {
    let s = seeded();
    tamper(&s.env, |c| {
        let id = vault_id(c);
        let mut log = rows(c);
        log[3].action = "listed".into();
        log[3].resource = "vault".into();
        log[3].target = None;
        log[3].version = None;
        log[3].details = [("count".to_owned(), "2".to_owned())].into_iter().collect();
        let w = witness(&id, &log, 3, log.len());
        let ack = forged_ack(&id, &log, &w, "alice", "restored backup (INC-1)");
        log.push(ack.clone());
        replace_log(c, &log);
        set_meta_head(c, &head_of(&ack));
    });
    let report = verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((4, "hash_mismatch")),
    );
    assert!(
        warnings(&report)
            .iter()
            .any(|w| w.contains("acknowledgement at seq 10") && w.contains("already vouched")),
        "{report:#}"
    );
    assert_writes_refused(&s.env);

    // The same through a checkpoint kept elsewhere, on a machine that never
    // saw the vault.
    forget_heads(&s.env);
    verdict(
        &s.env,
        &["--expect", &s.checkpoint9],
        INTEGRITY,
        "tampered",
        Some((4, "hash_mismatch")),
    );
    // With nothing outside the file, an acknowledgement is what it says it
    // is: the honest limit, shown as such.
    let report = verdict(&s.env, &[], 0, "unanchored", None);
    assert_eq!(
        report["acknowledgements"][0]["actor"], "alice",
        "{report:#}"
    );
    assert_eq!(report["breaks"][0]["acknowledged_by"], 10, "{report:#}");
}

/// After a genuine acknowledgement, only the stored hash columns of earlier
/// rows change: the acknowledgement no longer matches.
#[test]
fn an_acknowledgement_binds_the_stored_hashes_too() {
    let s = seeded();
    flip_unread_fingerprint(&s);
    s.env.run(&["audit:acknowledge", "--reason", "known"]).ok();
    verdict(&s.env, &[], 0, "ok", None);
    tamper(&s.env, |c| {
        unguarded(c, |c| {
            c.execute_batch(
                "UPDATE audit SET hash = zeroblob(32) WHERE seq = 5;
                 UPDATE audit SET prev_hash = zeroblob(32) WHERE seq = 6;",
            )
            .unwrap();
        });
    });
    let report = verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((3, "hash_mismatch")),
    );
    assert!(
        warnings(&report)
            .iter()
            .any(|w| w.contains("no longer matches")),
        "{report:#}"
    );
}

/// A row numbered i64::MAX: verify says so, and an acknowledgement, which
/// could not be numbered, fails cleanly and writes nothing.
#[test]
fn a_row_at_the_largest_seq_is_refused_without_a_panic() {
    let s = seeded();
    tamper(&s.env, |c| {
        let id = vault_id(c);
        let mut log = rows(c);
        let mut r = log.last().unwrap().clone();
        r.seq = i64::MAX;
        log.push(r);
        let n = log.len();
        rechain(&id, &mut log, n - 1);
        replace_log(c, &log);
        set_meta_head(c, &head_of(log.last().unwrap()));
    });
    verdict(&s.env, &[], INTEGRITY, "tampered", Some((10, "seq_gap")));
    let before = s.env.vault_state();
    s.env
        .run(&["audit:acknowledge", "--reason", "x"])
        .code(INTEGRITY)
        .stderr_has("cannot grow");
    assert_eq!(s.env.vault_state(), before);
}

/// Two rows at i64::MAX in a table rebuilt without its primary key.
#[test]
fn two_rows_at_the_largest_seq_are_a_duplicate_without_a_panic() {
    let s = seeded();
    tamper(&s.env, |c| {
        let log = rows(c);
        drop_triggers(c);
        c.execute_batch(
            "ALTER TABLE audit RENAME TO audit_old;
             CREATE TABLE audit (seq, ts, actor, action, resource, target, version, details, prev_hash, hash);
             INSERT INTO audit SELECT * FROM audit_old;
             DROP TABLE audit_old;",
        )
        .unwrap();
        let mut r = log.last().unwrap().clone();
        r.seq = i64::MAX;
        insert(c, &r);
        insert(c, &r);
    });
    // Only a table without the primary key holds both: refused at open.
    refused_at_open(
        &s.env,
        "its table audit differs from the one coffer created",
    );
}

/// The newest row's hash stored as text: verify reports a malformed row, and
/// it can still be acknowledged, after which writes go on.
#[test]
fn a_malformed_newest_row_can_be_acknowledged() {
    let s = seeded();
    tamper(&s.env, |c| {
        unguarded(c, |c| {
            c.execute("UPDATE audit SET hash = hex(hash) WHERE seq = 9", [])
                .unwrap();
        });
    });
    verdict(
        &s.env,
        &[],
        INTEGRITY,
        "tampered",
        Some((9, "malformed_row")),
    );
    s.env
        .run(&["audit:acknowledge", "--reason", "disk trouble"])
        .ok();
    verdict(&s.env, &[], 0, "ok", None);
    s.env.run(&["secrets:get", "A"]).ok();
}

/// A column of the wrong type in a middle row: audit:logs still shows the
/// log, and --verify marks the row.
#[test]
fn logs_show_a_row_of_the_wrong_types() {
    let s = seeded();
    tamper(&s.env, |c| {
        unguarded(c, |c| {
            c.execute("UPDATE audit SET ts = 'yesterday' WHERE seq = 4", [])
                .unwrap();
        });
    });
    let all = s.env.run(&["audit:logs", "--format", "json"]).ok().json();
    assert_eq!(all.as_array().unwrap().len(), 9);
    let marked = s
        .env
        .run(&["audit:logs", "--verify", "--format", "json"])
        .code(INTEGRITY);
    let marked = marked.json();
    assert_eq!(marked[3]["chain"], "BROKEN: malformed row", "{marked:#}");
    assert_eq!(marked[2]["chain"], "ok", "{marked:#}");
}

/// Text from the vault cannot forge lines of a report: a forged
/// acknowledgement's reason full of newlines stays on its own line.
#[test]
fn newlines_in_vault_text_cannot_forge_report_lines() {
    let s = seeded();
    flip_unread_fingerprint(&s);
    tamper(&s.env, |c| {
        let id = vault_id(c);
        let mut log = rows(c);
        let fake = "x\n\nstatus  ok\nrows    10";
        let ack = forged_ack(&id, &log, &[0u8; 32], "alice", fake);
        log.push(ack.clone());
        replace_log(c, &log);
        set_meta_head(c, &head_of(&ack));
    });
    let run = s.env.run(&["audit:verify"]).code(INTEGRITY);
    let out = run.out();
    let status_lines: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| l.starts_with("status"))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(status_lines, [["status", "tampered"]], "{out}");
    assert!(out.contains("x\\n\\nstatus  ok\\nrows    10"), "{out}");
}

/// A schema version set back to 1 does not excuse a stale head record.
#[test]
fn a_downgraded_schema_still_answers_to_its_head_record() {
    let s = seeded();
    tamper(&s.env, |c| {
        unguarded(c, |c| {
            c.execute("DELETE FROM audit WHERE seq >= 8", []).unwrap();
        });
        c.pragma_update(None, "user_version", 1).unwrap();
    });
    forget_heads(&s.env);
    // Schema 1 had no signing keys: the image is not schema 1's.
    refused_at_open(
        &s.env,
        "its table member differs from the one coffer created",
    );
}

/// A vault id that is not 32 hex digits names no state file: coffer refuses
/// the vault (exit 6) and writes nothing outside its state folder.
#[test]
fn a_malformed_vault_id_is_refused_before_it_names_a_file() {
    let s = seeded();
    tamper(&s.env, |c| {
        c.execute(
            "UPDATE meta SET value = '../../escaped' WHERE key = 'vault_id'",
            [],
        )
        .unwrap();
    });
    let before = s.env.vault_state();
    for args in [&["audit:verify"][..], &["secrets:get", "A"][..]] {
        s.env
            .run(args)
            .code(INTEGRITY)
            .stderr_has("the vault id \"../../escaped\" is malformed");
    }
    assert_eq!(s.env.vault_state(), before);
    assert!(!s.env.path("escaped").exists());
    assert!(!s.env.path("state/escaped").exists());
}

/// Issue 17, item 3: a row that names a version with a fingerprint other
/// than the one the version was made with (what a history renumbered after
/// the row was written holds), or names it before it is made, is tampered
/// at that row, though every hash in the chain is sound.
#[test]
fn a_row_naming_a_version_it_did_not_read_is_a_fingerprint_mismatch() {
    for (row, renamed_to) in [(8usize, 2i64), (3, 2)] {
        let s = seeded();
        let first_fp = inspect(&s.env, |c| rows(c)[3].details["fingerprint"].clone());
        let second_fp = inspect(&s.env, |c| rows(c)[8].details["fingerprint"].clone());
        tamper(&s.env, |c| {
            let id = vault_id(c);
            let mut log = rows(c);
            // Row 9 reads A's version 2, but with version 1's fingerprint;
            // row 4 reads version 2 (made only at row 5) with its own.
            let r = &mut log[row];
            r.version = Some(renamed_to);
            let fp = if row == 8 { &first_fp } else { &second_fp };
            r.details.insert("fingerprint".into(), fp.clone());
            rechain(&id, &mut log, row);
            let head = head_of(log.last().unwrap());
            replace_log(c, &log);
            set_meta_head(c, &head);
        });
        forget_heads(&s.env);
        let report = verdict(
            &s.env,
            &[],
            INTEGRITY,
            "tampered",
            Some((row as i64 + 1, "fingerprint_mismatch")),
        );
        assert!(
            report["problem"]["message"]
                .as_str()
                .unwrap()
                .contains("names version 2 of A"),
            "{report:#}"
        );
    }
}
