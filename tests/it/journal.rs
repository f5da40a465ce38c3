//! The 0.2 store (`man 5 coffer-vault`; src/lib.rs, "The life of a command"): a
//! checkpoint and a journal of records beside it. What a command appends,
//! what a crash leaves, and what tampering with records, logs or
//! checkpoints gets.

use crate::common;

use std::path::{Path, PathBuf};

use sha2::Digest;

use common::{Env, VaultState};

const INTEGRITY: i32 = 6;
const CONFLICT: u8 = 7;

/// The logs in the journal folder, by path.
fn logs(env: &Env) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(env.journal_dir())
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "log"));
    out.sort();
    out
}

/// This environment's one log.
fn log(env: &Env) -> PathBuf {
    let all = logs(env);
    assert_eq!(all.len(), 1, "one device, one log: {all:?}");
    all[0].clone()
}

/// A log's frames: (offset, whole frame with its length prefix).
fn frames(bytes: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 4 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        assert!(at + 4 + len <= bytes.len(), "a torn frame at {at}");
        out.push((at, bytes[at..at + 4 + len].to_vec()));
        at += 4 + len;
    }
    assert_eq!(at, bytes.len());
    out
}

fn read_log(env: &Env) -> Vec<u8> {
    std::fs::read(log(env)).unwrap()
}

/// Forget the heads this machine remembered (as a fresh machine would).
fn forget_heads(env: &Env) {
    std::fs::remove_dir_all(env.path("state/coffer/heads")).unwrap();
}

fn write_log(env: &Env, bytes: &[u8]) {
    std::fs::write(log(env), bytes).unwrap();
}

/// A vault with three records in its journal after the checkpoint `init`
/// wrote: A created, A read, A updated.
fn three_records() -> Env {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    env.run(&["secrets:get", "A"]).ok();
    env.run(&["secrets:update", "A", "alpha-2"]).ok();
    assert_eq!(frames(&read_log(&env)).len(), 3);
    env
}

#[test]
fn an_audited_read_appends_one_small_record_and_rewrites_nothing() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "prod/db/password", "hunter2"])
        .ok();
    let checkpoint = env.vault_bytes();
    let before = read_log(&env);
    env.run(&["secrets:get", "prod/db/password"]).ok();
    let after = read_log(&env);
    assert_eq!(
        env.vault_bytes(),
        checkpoint,
        "a read rewrote the checkpoint"
    );
    assert!(
        after.starts_with(&before),
        "the log was not only appended to"
    );
    let added = after.len() - before.len();
    assert_eq!(frames(&after[before.len()..]).len(), 1);
    // src/lib.rs, "Cost": at most 400 bytes per audited read.
    assert!(added <= 400, "one audited read added {added} bytes");
    // The record holds neither the value nor the name in the clear.
    for needle in [&b"hunter2"[..], b"prod/db/password", b"accessed"] {
        assert!(!after.windows(needle.len()).any(|w| w == needle));
    }
}

#[test]
fn compact_folds_the_journal_into_a_checkpoint_that_age_and_sqlite_read_alone() {
    let env = three_records();
    let status = env.run(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["journal_records"], 3);
    assert!(
        env.run(&["vault:compact"])
            .ok()
            .out()
            .contains("folded 3 journal records")
    );
    let status = env.run(&["status", "--format", "json"]).ok().json();
    assert_eq!(
        (&status["journal_records"], &status["journal_bytes"]),
        (&0.into(), &0.into())
    );
    assert_eq!(read_log(&env), b"", "the log is cleared once folded in");
    let image = common::decrypt_vault(&env.vault(), &env.identity());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    std::fs::write(&db, image).unwrap();
    let c = rusqlite::Connection::open(&db).unwrap();
    let versions: i64 = c
        .query_row("SELECT COUNT(*) FROM version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(versions, 2);
    // And coffer goes on from the new checkpoint.
    assert_eq!(env.run(&["secrets:get", "-n", "A"]).ok().out(), "alpha-2");
    env.run(&["audit:verify"]).ok();
}

#[test]
fn writes_fold_the_journal_in_by_themselves() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    let first = env.vault_bytes();
    // A small vault folds after 32 records (vault::compact_after).
    let script = "for i in $(seq 1 40); do coffer secrets:get -n A >/dev/null || exit 1; done";
    let run = common::run_command(env.shell(script));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_ne!(env.vault_bytes(), first, "no fold after 40 records");
    assert!(frames(&read_log(&env)).len() < 10);
    assert_eq!(env.audit_rows(&["--action", "accessed"]).len(), 40);
    env.run(&["audit:verify"]).ok();
}

#[test]
fn a_torn_record_is_ignored_by_readers_and_cut_by_the_next_writer() {
    let env = three_records();
    let whole = read_log(&env);
    let (_, last) = frames(&whole).pop().unwrap();
    // A crash in the middle of an append: half a frame after the last one.
    for cut in [1, 3, 4, 10, last.len() / 2, last.len() - 1] {
        let mut torn = whole.clone();
        torn.extend_from_slice(&last[..cut]);
        write_log(&env, &torn);
        // A reader ignores it (status reads without the lock).
        let status = env.run(&["status", "--format", "json"]).ok().json();
        assert_eq!(status["versions"], 2, "cut {cut}");
        // The next writer cuts it off, then appends its own record.
        env.run(&["secrets:get", "-n", "A"]).ok();
        let now = read_log(&env);
        assert!(
            now.starts_with(&whole),
            "cut {cut}: a whole record was lost"
        );
        assert_eq!(frames(&now).len(), 4, "cut {cut}");
        write_log(&env, &whole);
        forget_heads(&env);
    }
    // Zeros after the last record (a file system that extended the file
    // but never wrote the data) are a torn tail too.
    let mut zeros = whole.clone();
    zeros.extend_from_slice(&[0; 4096]);
    write_log(&env, &zeros);
    env.run(&["secrets:get", "-n", "A"]).ok();
    assert_eq!(frames(&read_log(&env)).len(), 4);
    env.run(&["audit:verify"]).ok();
}

#[test]
fn a_malformed_frame_with_records_after_it_is_damage_not_a_torn_tail() {
    let env = three_records();
    let bytes = read_log(&env);
    let f = frames(&bytes);
    // The second frame's record mangled where its MessagePack starts.
    let mut bad = bytes.clone();
    bad[f[1].0 + 4] = 0xc1;
    write_log(&env, &bad);
    env.run(&["secrets:get", "A"])
        .code(INTEGRITY)
        .stderr_has("more data follows it");
    assert_eq!(read_log(&env), bad, "the records after it were cut off");
    // A zero length with records after it, likewise.
    let mut zero = bytes[..f[1].0].to_vec();
    zero.extend_from_slice(&[0, 0, 0, 0]);
    zero.extend_from_slice(&f[2].1);
    write_log(&env, &zero);
    env.run(&["status"]).code(INTEGRITY);
    write_log(&env, &bytes);
    env.run(&["audit:verify"]).ok();
}

#[test]
fn an_edited_record_is_refused() {
    let env = three_records();
    let bytes = read_log(&env);
    let f = frames(&bytes);
    // A byte in the middle of the second record, and in the first.
    for (offset, frame) in [&f[1], &f[0]] {
        let mut bad = bytes.clone();
        bad[offset + frame.len() / 2] ^= 0x40;
        write_log(&env, &bad);
        env.run(&["secrets:get", "A"])
            .code(INTEGRITY)
            .stderr_has("is damaged");
        env.run(&["status"]).code(INTEGRITY);
        write_log(&env, &bytes);
    }
    env.run(&["secrets:get", "A"]).ok();
}

#[test]
fn a_removed_or_reordered_record_is_refused() {
    let env = three_records();
    let bytes = read_log(&env);
    let f = frames(&bytes);
    let removed: Vec<u8> = [f[0].1.as_slice(), f[2].1.as_slice()].concat();
    write_log(&env, &removed);
    env.run(&["secrets:get", "A"])
        .code(INTEGRITY)
        .stderr_has("removed or reordered");
    let swapped: Vec<u8> = [f[0].1.as_slice(), f[2].1.as_slice(), f[1].1.as_slice()].concat();
    write_log(&env, &swapped);
    env.run(&["secrets:get", "A"]).code(INTEGRITY);
    // The same record twice (replayed).
    let twice: Vec<u8> = [
        f[0].1.as_slice(),
        f[1].1.as_slice(),
        f[1].1.as_slice(),
        f[2].1.as_slice(),
    ]
    .concat();
    write_log(&env, &twice);
    env.run(&["secrets:get", "A"]).code(INTEGRITY);
    write_log(&env, &bytes);
    env.run(&["audit:verify"]).ok();
}

#[test]
fn the_last_record_removed_is_a_rollback_this_machine_catches() {
    let env = three_records();
    let bytes = read_log(&env);
    let f = frames(&bytes);
    write_log(&env, &[f[0].1.as_slice(), f[1].1.as_slice()].concat());
    env.run(&["secrets:get", "A"])
        .code(INTEGRITY)
        .stderr_has("rolled back");
}

#[test]
fn a_record_from_another_vault_or_another_copy_is_refused() {
    let env = three_records();
    let other = three_records();
    let mine = read_log(&env);
    let theirs = read_log(&other);
    // Another vault's record, in this vault's log.
    let f = frames(&theirs);
    write_log(&env, &[mine.as_slice(), &f[2].1].concat());
    env.run(&["secrets:get", "A"])
        .code(INTEGRITY)
        .stderr_has("is damaged");
    // Another copy's record: the copy took another write of its own.
    write_log(&env, &mine);
    let copy: VaultState = env.vault_state();
    env.run(&["secrets:update", "A", "on-the-copy"]).ok();
    let (_, stray) = frames(&read_log(&env)).pop().unwrap();
    env.restore(&copy);
    forget_heads(&env);
    env.run(&["secrets:update", "A", "on-the-original"]).ok();
    let mut log = read_log(&env);
    log.extend_from_slice(&stray);
    write_log(&env, &log);
    env.run(&["secrets:get", "A"]).code(INTEGRITY);
}

#[test]
fn an_old_checkpoint_with_a_newer_journal_and_the_reverse_are_refused() {
    let env = three_records();
    let old = env.vault_state();
    env.run(&["vault:compact"]).ok();
    env.run(&["secrets:update", "A", "alpha-3"]).ok();
    let new = env.vault_state();
    // The checkpoint before the fold, with the journal after it: the
    // records it needs are gone.
    std::fs::write(env.vault(), old_checkpoint(&env, &old)).unwrap();
    env.run(&["secrets:get", "A"])
        .code(INTEGRITY)
        .stderr_has("does not follow any record of this vault's history");
    // The new checkpoint with the journal from before it: the newest
    // record is gone, which this machine's head catches.
    env.restore(&new);
    let older_log = old_log(&env, &old);
    write_log(&env, &older_log);
    env.run(&["secrets:get", "A"])
        .code(INTEGRITY)
        .stderr_has("rolled back");
    env.restore(&new);
    assert_eq!(env.run(&["secrets:get", "-n", "A"]).ok().out(), "alpha-3");
}

fn old_checkpoint(env: &Env, old: &VaultState) -> Vec<u8> {
    let now = env.vault_state();
    env.restore(old);
    let bytes = env.vault_bytes();
    env.restore(&now);
    bytes
}

fn old_log(env: &Env, old: &VaultState) -> Vec<u8> {
    let now = env.vault_state();
    env.restore(old);
    let bytes = read_log(env);
    env.restore(&now);
    bytes
}

#[test]
fn a_record_of_a_newer_format_is_refused_and_left_alone() {
    let env = three_records();
    let mut bytes = read_log(&env);
    // [body, signature] with body = [2, ...]: a later format.
    let body = [0x98u8, 0x02, 0x00];
    let mut stored = vec![0x92, 0xc4, body.len() as u8];
    stored.extend_from_slice(&body);
    stored.extend_from_slice(&[0xc4, 64]);
    stored.extend_from_slice(&[0; 64]);
    bytes.extend_from_slice(&(stored.len() as u32).to_be_bytes());
    bytes.extend_from_slice(&stored);
    write_log(&env, &bytes);
    env.run(&["secrets:get", "A"])
        .code(INTEGRITY)
        .stderr_has("newer coffer");
    assert_eq!(read_log(&env), bytes, "the newer record was touched");
}

#[test]
fn a_signed_record_of_operations_this_coffer_does_not_know_asks_for_a_newer_coffer() {
    let env = three_records();
    // Sealed and signed by a member, so not damage: a later coffer's
    // operation (here one named Rename), which this one cannot apply.
    let payload = rmp_serde::to_vec(&(
        1_800_000_000i64,
        vec![std::collections::BTreeMap::from([("Rename", ("A", "B"))])],
    ))
    .unwrap();
    forge_payload(&env, &payload);
    let before = env.vault_state();
    for args in [&["secrets:get", "A"][..], &["secrets:create", "C", "c"]] {
        env.run(args)
            .code(1)
            .stderr_has("written by a newer coffer");
    }
    assert_eq!(env.vault_state(), before, "the record was touched");
}

#[test]
fn a_journal_without_its_checkpoint_is_not_overwritten_by_init() {
    let env = three_records();
    std::fs::remove_file(env.vault()).unwrap();
    let journal = read_log(&env);
    env.run(&["init"]).code(1).stderr_has("without its vault");
    assert_eq!(read_log(&env), journal);
}

#[test]
fn files_changed_by_another_program_during_a_command_are_a_conflict() {
    use coffer::vault::Vault;
    let env = three_records();
    let loc = env.location();
    let audit = |ctx: &coffer::store::Ctx<'_>| {
        ctx.audit(coffer::audit::Event::vault(coffer::model::Action::Listed).detail("count", "0"))
    };
    // A sync tool appends to the log while the command runs.
    let mut vault = Vault::open_write(&loc).unwrap();
    let mut bytes = read_log(&env);
    bytes.extend_from_slice(b"\0\0");
    write_log(&env, &bytes);
    let err = vault.write(audit).expect_err("the write went on");
    assert_eq!(err.exit.code(), CONFLICT, "{}", err.message);
    assert!(err.message.contains("changed while this command ran"));
    drop(vault);
    bytes.truncate(bytes.len() - 2);
    write_log(&env, &bytes);
    // `git pull` replaces the checkpoint while the command runs.
    let mut vault = Vault::open_write(&loc).unwrap();
    let checkpoint = env.vault_bytes();
    let moved = env.path("moved.age");
    std::fs::write(&moved, &checkpoint).unwrap();
    std::fs::rename(&moved, env.vault()).unwrap();
    let err = vault.write(audit).expect_err("the write went on");
    assert_eq!(err.exit.code(), CONFLICT, "{}", err.message);
    assert_eq!(read_log(&env), bytes, "a refused write appended");
    drop(vault);
    // Once the command runs again on the files as they are, it goes on.
    env.run(&["secrets:get", "A"]).ok();
}

#[test]
fn a_coffer_0_1_vault_migrates_into_a_checkpoint_and_then_keeps_a_journal() {
    let env = Env::new();
    let vault = common::legacy_fixture(&env);
    let args = |more: &[&str]| -> Vec<String> {
        let mut a = vec![
            "--vault".to_owned(),
            vault.display().to_string(),
            "--identity".to_owned(),
            env.path("legacy/identity.txt").display().to_string(),
        ];
        a.extend(more.iter().map(|s| s.to_string()));
        a
    };
    let run = |more: &[&str]| {
        let a = args(more);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        env.run(&a)
    };
    run(&["vault:trust", "--unsigned"]).ok();
    let before = std::fs::read(&vault).unwrap();
    run(&["secrets:get", "-n", "API_KEY"]).ok();
    // The first write rewrote the file as a schema 4 checkpoint.
    assert_ne!(std::fs::read(&vault).unwrap(), before);
    let journal = env.path("legacy/vault.journal");
    assert!(
        std::fs::read_dir(&journal)
            .map(|d| d.count() == 0)
            .unwrap_or(true)
    );
    let status = run(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["schema_version"], 5);
    // The next write appends.
    let checkpoint = std::fs::read(&vault).unwrap();
    run(&["secrets:get", "-n", "API_KEY"]).ok();
    assert_eq!(std::fs::read(&vault).unwrap(), checkpoint);
    assert_eq!(std::fs::read_dir(&journal).unwrap().count(), 1);
    run(&["audit:verify"]).ok();
}

#[test]
fn folds_killed_at_any_moment_lose_nothing() {
    use rand::{Rng, SeedableRng};
    use std::time::{Duration, Instant};
    const ITERATIONS: u64 = 30;
    let env = Env::with_vault();
    // A large, incompressible secret makes each fold stream ~700 KiB
    // through age, so kills land inside it.
    let blob = env.create_blob("BIG", 700, 0xF01D);
    let mut rng = rand::rngs::StdRng::seed_from_u64(0xF01D);
    env.run(&["secrets:create", "KEY", "v-initial"]).ok();
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            env.run(&["vault:compact"]).ok();
            t.elapsed()
        })
        .collect();
    times.sort();
    let window = times[1] * 3 / 2;
    let mut killed = 0;
    for i in 0..ITERATIONS {
        let value = format!("v-{i}");
        env.run(&["secrets:update", "KEY", &value]).ok();
        let mut child = env.cmd(&["vault:compact"]).spawn().unwrap();
        let delay = rng.gen_range(0..=window.as_micros() as u64);
        std::thread::sleep(Duration::from_micros(delay));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        if status.code().is_none() {
            killed += 1;
        } else {
            assert_eq!(status.code(), Some(0), "iteration {i}: the fold failed");
        }
        // Whatever the kill left, every record is still there.
        let got = env.run(&["secrets:get", "-n", "KEY"]).ok().out();
        assert_eq!(got, value, "iteration {i}");
        let versions = env
            .run(&["secrets:versions", "KEY", "--format", "json"])
            .ok()
            .json();
        assert_eq!(versions.as_array().unwrap().len() as u64, i + 2);
    }
    assert!(killed > 0, "no fold was killed before it finished");
    assert!(env.run(&["secrets:get", "-n", "BIG"]).ok().stdout == blob);
    env.run(&["audit:verify"]).ok();
}

#[test]
fn readers_during_folds_see_whole_vaults() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "KEY", "v-0"]).ok();
    // A writer that updates and folds, and readers (status takes no lock)
    // that must never fail or go back.
    let writer = env
        .shell("for i in $(seq 1 40); do coffer secrets:update KEY v-$i >/dev/null && coffer vault:compact >/dev/null || exit 1; done")
        .spawn()
        .unwrap();
    let reader = env
        .shell("last=0; for i in $(seq 1 150); do n=$(coffer status --format json | grep -o '\"versions\": *[0-9]*' | grep -o '[0-9]*$') || exit 1; [ \"$n\" -ge \"$last\" ] || exit 2; last=$n; done")
        .spawn()
        .unwrap();
    let w = writer.wait_with_output().unwrap();
    let r = reader.wait_with_output().unwrap();
    assert!(w.status.success(), "{}", String::from_utf8_lossy(&w.stderr));
    assert!(
        r.status.success(),
        "a reader failed ({:?}): {}",
        r.status.code(),
        String::from_utf8_lossy(&r.stderr)
    );
    let status = env.run(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["versions"], 41);
}

/// Run `coffer ARGS` with the vault's folder mounted read-only, in a mount
/// namespace of its own (`unshare`, as a container mounts a volume `:ro`).
fn read_only_mount(env: &Env, args: &str, extra_env: &str) -> common::Run {
    let dir = env.path("data/coffer");
    let script = format!(
        "unshare -rm sh -c 'mount --bind -o ro \"{d}\" \"{d}\" && {extra_env} coffer {args}'",
        d = dir.display()
    );
    common::run_command(env.shell(&script))
}

#[test]
fn a_vault_on_a_read_only_mount_is_refused_unless_read_only_is_asked() {
    let env = three_records();
    let before = env.vault_state();
    // Every read is audited, so a plain read cannot happen there, and says
    // what can.
    let run = read_only_mount(&env, "secrets:get A", "");
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr.contains("Read-only file system"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--read-only"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    // --read-only reads, unaudited.
    let run = read_only_mount(&env, "--read-only secrets:get -n A", "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.out(), "alpha-2");
    let run = read_only_mount(&env, "secrets:list --names-only", "COFFER_READ_ONLY=true");
    assert_eq!((run.code, run.out().as_str()), (0, "A\n"), "{}", run.stderr);
    let run = read_only_mount(&env, "--read-only audit:verify", "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A change is refused before anything is tried.
    for args in ["secrets:update A new", "vault:compact", "secrets:delete A"] {
        let run = read_only_mount(&env, args, "COFFER_READ_ONLY=1");
        assert_eq!(run.code, 4, "{args}: {}", run.stderr);
        assert!(run.stderr.contains("--read-only"), "{}", run.stderr);
    }
    assert_eq!(env.vault_state(), before);
    // The unaudited reads left no row.
    assert_eq!(env.audit_rows(&["--action", "accessed"]).len(), 1);
}

#[test]
fn a_full_disk_fails_the_command_and_leaves_no_half_record() {
    let env = three_records();
    let before = env.vault_state();
    let size = std::fs::metadata(log(&env)).unwrap().len();
    // RLIMIT_FSIZE at the log's size: the append fails as on a full disk
    // (EFBIG; SIGXFSZ ignored, as the shell passes it on).
    let script = format!(
        "trap '' XFSZ; ulimit -f {}; coffer secrets:update A alpha-3",
        size.div_ceil(512)
    );
    let run = common::run_command(env.shell(&script));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot write journal"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was changed"), "{}", run.stderr);
    assert_eq!(
        env.vault_state(),
        before,
        "a failed append left bytes behind"
    );
    env.run(&["secrets:update", "A", "alpha-3"]).ok();
    assert_eq!(env.run(&["secrets:get", "-n", "A"]).ok().out(), "alpha-3");
}

#[test]
fn an_independent_reader_following_the_format_page_sees_what_coffer_sees() {
    let env = Env::with_vault();
    let run = |args: &[&str]| env.run(args).ok();
    run(&[
        "secrets:create",
        "prod/db/password",
        "p1",
        "--tags",
        "prod,db",
    ]);
    run(&["secrets:create", "API_KEY", "k1", "--type", "api_key"]);
    run(&["secrets:update", "prod/db/password", "p2"]);
    run(&["secrets:get", "API_KEY"]);
    // Some of it in the checkpoint, the rest in the journal.
    run(&["vault:compact"]);
    run(&["secrets:create", "OLD", "o1"]);
    run(&["secrets:rotate", "API_KEY", "k2"]);
    run(&["secrets:rollback", "prod/db/password", "--version", "1"]);
    run(&["secrets:update", "API_KEY", "--add-tag", "billing"]);
    run(&["secrets:disable", "API_KEY"]);
    run(&["secrets:delete", "OLD"]);
    // A torn tail, as a crash leaves it, is ignored by both.
    let mut log = read_log(&env);
    log.extend_from_slice(&[0, 0, 1, 0, 0x92]);
    write_log(&env, &log);

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/read_vault.py");
    let out = std::process::Command::new("python3")
        .arg(&script)
        .arg(env.vault())
        .arg(env.identity())
        .output()
        .expect("python3 runs (CI installs python3 with msgpack and cryptography)");
    assert!(
        out.status.success(),
        "the independent reader failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(theirs["records"], 6, "{theirs}");

    let listed = env
        .run(&[
            "secrets:list",
            "--include-deleted",
            "--include-disabled",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let mut ours = Vec::new();
    for s in listed.as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        let versions = env
            .run(&["secrets:versions", name, "--format", "json"])
            .ok()
            .json();
        let versions: Vec<serde_json::Value> = versions
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let n = v["version"].as_i64().unwrap();
                let value = if s["deleted_at"].is_null() && s["enabled"] == true {
                    env.run(&["secrets:get", "-n", name, "--version", &n.to_string()])
                        .ok()
                        .stdout
                } else {
                    // Not readable through coffer: take the reader's word
                    // for the value, and check the rest.
                    Vec::new()
                };
                serde_json::json!({
                    "number": n,
                    "kind": v["kind"],
                    "sha256": if value.is_empty() { serde_json::Value::Null } else {
                        hex::encode(sha2::Sha256::digest(&value)).into()
                    },
                })
            })
            .collect();
        ours.push(serde_json::json!({
            "name": name,
            "type": s["type"],
            "enabled": s["enabled"],
            "deleted": !s["deleted_at"].is_null(),
            "tags": s["tags"],
            "versions": versions,
        }));
    }
    let mut theirs_secrets = theirs["secrets"].as_array().unwrap().clone();
    for (t, o) in theirs_secrets.iter_mut().zip(&ours) {
        for (tv, ov) in t["versions"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .zip(o["versions"].as_array().unwrap())
        {
            if ov["sha256"].is_null() {
                tv["sha256"] = serde_json::Value::Null;
            }
        }
    }
    assert_eq!(
        serde_json::Value::Array(theirs_secrets),
        serde_json::Value::Array(ours)
    );
}

#[test]
fn a_checkpoint_altered_past_its_first_chunks_is_refused_when_read() {
    let env = Env::with_vault();
    // A value of 300 KiB spans several of age's 64 KiB chunks.
    env.create_blob("BIG", 300, 7);
    env.run(&["vault:compact"]).ok();
    let mut bytes = env.vault_bytes();
    let at = bytes.len() * 2 / 3;
    bytes[at] ^= 0x01;
    std::fs::write(env.vault(), &bytes).unwrap();
    // Reading the value decrypts the altered chunk: damage, exit 6, and no
    // byte of the value is printed.
    let run = env.run(&["secrets:get", "-n", "BIG"]).code(INTEGRITY);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("does not decrypt"), "{}", run.stderr);
    env.run(&["audit:verify"]).code(INTEGRITY);
}

// ------------------------------------------------------------ insiders

/// What an insider holding the environment's identity can append: a record
/// of `ops`, sealed and signed as coffer would, on this device's log.
fn forge_record(env: &Env, time: i64, ops: Vec<coffer::store::op::Op>) {
    let payload = rmp_serde::to_vec(&coffer::vault::replay::Payload {
        time,
        ops,
        base: Default::default(),
    })
    .unwrap();
    forge_payload(env, &payload);
}

/// [`forge_record`] with any payload bytes.
fn forge_payload(env: &Env, payload: &[u8]) {
    use coffer::vault::record;
    let image = common::decrypt_vault(&env.vault(), &env.identity());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    std::fs::write(&db, image).unwrap();
    let c = rusqlite::Connection::open(&db).unwrap();
    let meta = |k: &str| -> String {
        c.query_row("SELECT value FROM meta WHERE key = ?1", [k], |r| r.get(0))
            .unwrap()
    };
    let vault: [u8; 16] = hex::decode(meta("vault_id")).unwrap().try_into().unwrap();
    let key: [u8; 32] = hex::decode(meta("journal_key"))
        .unwrap()
        .try_into()
        .unwrap();
    let bytes = read_log(env);
    let last = frames(&bytes)
        .pop()
        .map(|(_, f)| record::decode(&f[4..]).unwrap())
        .expect("a record to follow");
    let signer = coffer::keys::signing_key(&common::load_identity(&env.identity()));
    let header = record::Header {
        device: last.header.device,
        seq: last.header.seq + 1,
        lamport: last.header.lamport + 1,
        parents: vec![last.id],
        author: signer.verifying_key().to_bytes(),
    };
    let (stored, _) = record::encode(&vault, &key, &signer, &header, [9; 16], payload);
    let mut log = bytes;
    log.extend_from_slice(&(stored.len() as u32).to_be_bytes());
    log.extend_from_slice(&stored);
    write_log(env, &log);
}

/// The state digest and fingerprint key of the environment's vault, as an
/// insider reads them.
fn insider_view(env: &Env, name: &str) -> (String, Vec<u8>) {
    let loc = env.location();
    let vault = coffer::vault::Vault::open_read(&loc).unwrap();
    let facts = coffer::audit::bind::read_facts(vault.conn(), Some(name))
        .unwrap()
        .pop()
        .unwrap();
    let key: String = vault
        .conn()
        .query_row("SELECT value FROM meta WHERE key = 'hmac_key'", [], |r| {
            r.get(0)
        })
        .unwrap();
    (facts.digest(), hex::decode(key).unwrap())
}

fn fingerprint(key: &[u8], value: &[u8]) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
    mac.update(value);
    hex::encode(mac.finalize().into_bytes())
}

fn audit_op(
    ts: i64,
    actor: &str,
    action: &str,
    version: Option<i64>,
    details: &[(&str, &str)],
) -> coffer::store::op::Op {
    coffer::store::op::Op::Audit {
        ts,
        actor: actor.into(),
        action: action.into(),
        resource: "secrets".into(),
        target: Some("A".into()),
        version,
        details: details
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

fn version_op(number: i64, value: &[u8], by: &str, at: i64) -> coffer::store::op::Op {
    coffer::store::op::Op::Version {
        name: "A".into(),
        number,
        value: coffer::store::op::Value(zeroize::Zeroizing::new(value.to_vec())),
        at,
        by: by.into(),
        kind: "update".into(),
        source: None,
    }
}

#[test]
fn a_record_whose_audit_rows_do_not_tell_its_changes_is_refused() {
    let env = three_records();
    let (state, key) = insider_view(&env, "A");
    let before = env.vault_state();
    let t = 1_900_000_000;
    let evil = b"evil";
    let fp = fingerprint(&key, evil);
    // A state row that vouches for A as it was, then a new version after
    // it, "cleared" by a read row carrying the value's fingerprint.
    forge_record(
        &env,
        t,
        vec![
            audit_op(t, "tester", "enabled", None, &[("state", &state)]),
            version_op(3, evil, "tester", t),
            audit_op(t, "tester", "accessed", Some(3), &[("fingerprint", &fp)]),
        ],
    );
    env.run(&["secrets:get", "-n", "A"])
        .code(INTEGRITY)
        .stderr_has("without the audit row that records it");
    env.restore(&before);
    // A version with its row, but the secret's state left unrecorded.
    forge_record(
        &env,
        t,
        vec![
            version_op(3, evil, "tester", t),
            audit_op(t, "tester", "updated", Some(3), &[("fingerprint", &fp)]),
        ],
    );
    env.run(&["secrets:get", "-n", "A"])
        .code(INTEGRITY)
        .stderr_has("without an audit row recording it");
    env.restore(&before);
    assert_eq!(env.run(&["secrets:get", "-n", "A"]).ok().out(), "alpha-2");
}

#[test]
fn a_record_in_another_members_name_or_at_another_time_is_refused() {
    let env = three_records();
    let before = env.vault_state();
    let (_, key) = insider_view(&env, "A");
    let t = 1_900_000_000;
    let fp = fingerprint(&key, b"attacker-chosen");
    let forged = |actor: &str, ts: i64| {
        env.restore(&before);
        // The state row is computed after the change, as coffer would.
        forge_record(
            &env,
            t,
            vec![
                version_op(3, b"attacker-chosen", actor, ts),
                audit_op(ts, actor, "updated", Some(3), &[("fingerprint", &fp)]),
            ],
        );
    };
    forged("alice", t);
    env.run(&["secrets:get", "-n", "A"])
        .code(INTEGRITY)
        .stderr_has("writes in the name of alice, but tester signed it");
    forged("tester", 1_600_000_000);
    env.run(&["secrets:get", "-n", "A"])
        .code(INTEGRITY)
        .stderr_has("dated other than the record");
}

#[test]
fn a_symlinked_journal_folder_is_refused() {
    let env = three_records();
    env.run(&["vault:compact"]).ok();
    let elsewhere = env.path("elsewhere");
    std::fs::rename(env.journal_dir(), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, env.journal_dir()).unwrap();
    env.run(&["secrets:update", "A", "alpha-3"])
        .code(6)
        .stderr_has("is a symbolic link");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 1);
    assert_eq!(
        std::fs::read(
            std::fs::read_dir(&elsewhere)
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .path()
        )
        .unwrap(),
        b""
    );
}

#[test]
fn two_clones_merged_by_git_converge_and_keep_every_version() {
    let env = three_records();
    // A second clone of the same vault on another machine: its own HOME,
    // so its own device.
    let other = Env::new();
    std::fs::create_dir_all(other.path("data")).unwrap();
    let copy = |from: &Env, to: &Env| {
        let _ = std::fs::remove_dir_all(to.path("data/coffer"));
        std::process::Command::new("cp")
            .arg("-a")
            .arg(from.path("data/coffer"))
            .arg(to.path("data/"))
            .status()
            .unwrap();
        std::fs::create_dir_all(to.path("config/coffer")).unwrap();
        std::fs::copy(from.identity(), to.identity()).unwrap();
    };
    copy(&env, &other);
    // Both clones change the vault at once: different secrets, and both
    // make a new version of A.
    env.run(&["secrets:create", "B", "bravo"]).ok();
    env.run(&["secrets:update", "A", "alpha-from-here"]).ok();
    other.run(&["secrets:create", "C", "charlie"]).ok();
    other.run(&["secrets:update", "A", "alpha-from-there"]).ok();
    other.run(&["secrets:get", "A"]).ok();
    // git merges the device logs cleanly: each is appended to by one clone
    // only, so the longer side of each file is the merge.
    common::merge_logs(&other, &env);
    common::merge_logs(&env, &other);
    for clone in [&env, &other] {
        assert_eq!(clone.run(&["secrets:get", "B"]).ok().out(), "bravo\n");
        assert_eq!(clone.run(&["secrets:get", "C"]).ok().out(), "charlie\n");
        let report = clone.run(&["audit:verify", "--format", "json"]).ok().json();
        assert_eq!(report["status"], "ok", "{report}");
    }
    // Both clones hold the same vault: every version of A, numbered alike.
    let versions = |clone: &Env| common::versions(clone, "A");
    assert_eq!(versions(&env), versions(&other));
    assert_eq!(versions(&env).len(), 4, "{:?}", versions(&env));
    // Both changed A's value: in conflict on both (the default policy is
    // manual), though no sync ran: the records decide.
    for clone in [&env, &other] {
        clone
            .run(&["secrets:get", "A"])
            .code(7)
            .stderr_has("in conflict after a merge");
    }
    let values: Vec<String> = (1..=4)
        .map(|n| {
            env.run(&["secrets:get", "A", "--version", &n.to_string()])
                .ok()
                .out()
        })
        .collect();
    assert!(
        values.contains(&"alpha-from-here\n".to_owned()),
        "{values:?}"
    );
    assert!(
        values.contains(&"alpha-from-there\n".to_owned()),
        "{values:?}"
    );
    // And each goes on writing on the merged history.
    env.run(&["secrets:update", "C", "charlie-2"]).ok();
    common::merge_logs(&env, &other);
    assert_eq!(other.run(&["secrets:get", "C"]).ok().out(), "charlie-2\n");
    let report = other.run(&["audit:verify", "--format", "json"]).ok().json();
    assert_eq!(report["status"], "ok", "{report}");
}

#[test]
fn a_schema_4_vault_with_records_migrates_without_losing_or_repeating_one() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    env.run(&["vault:compact"]).ok();
    env.run(&["secrets:create", "B", "bravo"]).ok();
    // Another user of the same files (another state folder: another device)
    // appends to a log of its own, which a fold here does not clear.
    let other = Env::new();
    let vault = env.vault().display().to_string();
    let identity = env.identity().display().to_string();
    other
        .run(&[
            "--vault",
            &vault,
            "--identity",
            &identity,
            "secrets:create",
            "C",
            "charlie",
        ])
        .ok();
    env.run(&["secrets:get", "A"]).ok();
    assert_eq!(logs(&env).len(), 2);
    // The checkpoint as coffer 0.2's schema 4 wrote it: no version index.
    let image = common::decrypt_vault(&env.vault(), &env.identity());
    let image = common::edit_image(&image, |c| {
        c.execute_batch("DROP INDEX version_number; PRAGMA user_version = 4;")
            .unwrap();
    });
    common::encrypt_vault(&image, &env.vault(), &env.identity());
    assert_eq!(
        env.run(&["status", "--format", "json"]).ok().json()["schema_version"],
        4
    );
    // The first write migrates and folds the records in, once.
    assert_eq!(env.run(&["secrets:get", "-n", "B"]).ok().out(), "bravo");
    let status = env.run(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["schema_version"], 5);
    assert_eq!(status["secrets"], 3);
    assert_eq!(env.audit_rows(&["--action", "accessed"]).len(), 2);
    assert_eq!(env.run(&["secrets:get", "-n", "A"]).ok().out(), "alpha");
    assert_eq!(env.run(&["secrets:get", "-n", "C"]).ok().out(), "charlie");
    env.run(&["audit:verify"]).ok();
}

#[test]
fn an_old_vault_restored_beside_a_journal_is_refused_and_left_alone() {
    let env = Env::new();
    let vault = common::legacy_fixture(&env);
    let journal = env.path("legacy/vault.journal");
    std::fs::create_dir_all(&journal).unwrap();
    std::fs::write(journal.join("0011223344556677.log"), b"\0\0\0\x05hello").unwrap();
    let before = std::fs::read(&vault).unwrap();
    let v = vault.display().to_string();
    let i = env.path("legacy/identity.txt").display().to_string();
    env.run(&["--vault", &v, "--identity", &i, "vault:trust", "--unsigned"])
        .code(INTEGRITY)
        .stderr_has("which keeps no journal, but journal")
        .stderr_has("restore the vault and its journal folder together");
    env.run(&["--vault", &v, "--identity", &i, "secrets:get", "API_KEY"])
        .code(INTEGRITY);
    assert_eq!(std::fs::read(&vault).unwrap(), before);
    assert!(journal.join("0011223344556677.log").exists());
}
