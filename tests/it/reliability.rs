//! Reliability of the write protocol (src/lib.rs, "The life of a command"): writers killed at
//! any moment never damage the vault, concurrent writers never lose each
//! other's work, and a busy lock is reported instead of waited on forever.

use crate::common;

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{Env, Run};
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};

/// Temp files a writer leaves beside the vault (`.vault.age.XXXX.tmp`).
fn temp_files(vault: &Path) -> Vec<PathBuf> {
    let dir = vault.parent().unwrap();
    let prefix = format!(".{}.", vault.file_name().unwrap().to_string_lossy());
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with(&prefix) && n.ends_with(".tmp")
        })
        .map(|e| e.path())
        .collect()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The current value of `name`, as `secrets:get` prints it (an audited read).
fn get(env: &Env, name: &str) -> Vec<u8> {
    let run = env.run(&["secrets:get", "-n", name]).ok();
    run.stdout
}

fn version_count(env: &Env, name: &str) -> usize {
    let json = env
        .run(&["secrets:versions", name, "--format", "json"])
        .ok()
        .json();
    let list = json.as_array().expect("versions is a JSON array");
    // The numbers run 1..=n without gaps, and exactly the last is current.
    for (i, v) in list.iter().enumerate() {
        assert_eq!(v["version"].as_i64(), Some(i as i64 + 1), "{json}");
        assert_eq!(v["current"].as_bool(), Some(i + 1 == list.len()), "{json}");
    }
    list.len()
}

fn spawn(env: &Env, args: &[&str], extra_env: &[(&str, &str)]) -> Child {
    let mut cmd = env.cmd(args);
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.spawn().expect("spawn coffer")
}

fn finish(child: Child) -> Run {
    let out = child.wait_with_output().expect("wait for coffer");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Walk every link of the chain, recomputing each hash from the documented
/// canonical encoding (`man 5 coffer-vault`, the audit table) independently of coffer's code.
fn assert_chain_unbroken(env: &Env) -> Vec<serde_json::Value> {
    let rows = env.audit_rows(&[]);
    let status = env.run(&["status", "--format", "json"]).ok().json();
    let vault_id = status["vault_id"].as_str().unwrap().to_owned();
    let mut prev = Sha256::new()
        .chain_update(b"coffer-audit-v1")
        .chain_update(hex::decode(&vault_id).unwrap())
        .finalize()
        .to_vec();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["seq"].as_i64(), Some(i as i64 + 1), "seq gap at {row}");
        assert_eq!(
            row["prev_hash"].as_str().unwrap(),
            hex::encode(&prev),
            "row {} does not link to the row before it",
            i + 1
        );
        let details: std::collections::BTreeMap<String, String> =
            serde_json::from_value(row["details"].clone()).unwrap();
        let canonical = rmp_serde::to_vec(&(
            row["seq"].as_i64().unwrap(),
            row["ts"].as_i64().unwrap(),
            vault_id.as_str(),
            row["actor"].as_str().unwrap(),
            row["action"].as_str().unwrap(),
            row["resource"].as_str().unwrap(),
            row["target"].as_str(),
            row["version"].as_i64(),
            &details,
        ))
        .unwrap();
        let hash = Sha256::new()
            .chain_update(&prev)
            .chain_update(&canonical)
            .finalize()
            .to_vec();
        assert_eq!(
            row["hash"].as_str().unwrap(),
            hex::encode(&hash),
            "row {} hash does not match its contents",
            i + 1
        );
        prev = hash;
    }
    rows
}

/// Median wall time of a few `secrets:update` runs, to aim the kills at the
/// whole life of a writer (decrypt, transaction, encrypt, rename) whatever the
/// machine's speed.
fn typical_update_time(env: &Env, name: &str, values: &[&str]) -> Duration {
    let mut times: Vec<Duration> = values
        .iter()
        .map(|v| {
            let t = Instant::now();
            env.run(&["secrets:update", name, v]).ok();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

#[test]
fn killed_writers_never_damage_the_vault() {
    const ITERATIONS: u64 = 40;
    let env = Env::with_vault();
    let vault = env.vault();
    // A large, incompressible secret makes every write stream ~700 KiB through
    // age into the temp file, so kills land inside the write, not only before it.
    let blob_dir = tempfile::tempdir().unwrap();
    let blob = blob_dir.path().join("blob");
    let mut rng = rand::rngs::StdRng::seed_from_u64(0xC0FFE);
    let bytes: Vec<u8> = (0..700 * 1024).map(|_| rng.r#gen()).collect();
    std::fs::write(&blob, &bytes).unwrap();
    env.run(&[
        "secrets:create",
        "BIG",
        "--from-file",
        blob.to_str().unwrap(),
    ])
    .ok();
    env.run(&["secrets:create", "KEY", "initial"]).ok();

    let typical = typical_update_time(&env, "KEY", &["warm-1", "warm-2", "warm-3"]);
    let window = (typical * 3 / 2).max(Duration::from_millis(2));
    let mut value = b"warm-3".to_vec();
    let mut count = version_count(&env, "KEY");
    assert_eq!(count, 4);
    assert_eq!(get(&env, "KEY"), value);

    let (mut killed, mut completed, mut applied, mut temps_seen) = (0, 0, 0, 0);
    let started = Instant::now();
    for i in 0..ITERATIONS {
        let mut rng = rand::rngs::StdRng::seed_from_u64(i);
        let delay = Duration::from_micros(rng.gen_range(0..=window.as_micros() as u64));
        let new = format!("value-{i}");
        let mut child = spawn(&env, &["secrets:update", "KEY", &new], &[]);
        std::thread::sleep(delay);
        child.kill().expect("SIGKILL the writer");
        let run = finish(child);
        if run.code == 0 {
            completed += 1;
        } else {
            // Killed by the signal (no exit code), never a coffer error.
            assert_eq!(run.code, -1, "writer failed on its own: {}", run.stderr);
            killed += 1;
        }

        // The file on disk is always a whole vault: decrypts, mode 0600.
        assert_eq!(mode(&vault), 0o600, "iteration {i}: vault mode changed");
        common::decrypt_vault(&vault, &env.identity());
        if !temp_files(&vault).is_empty() {
            temps_seen += 1;
        }

        let now_value = get(&env, "KEY");
        // The read is a write: it removed whatever a killed writer left.
        assert_eq!(
            temp_files(&vault),
            Vec::<PathBuf>::new(),
            "iteration {i}: stale temp files survived a successful write"
        );
        let now_count = version_count(&env, "KEY");
        if now_count == count {
            assert!(run.code != 0, "iteration {i}: a completed update was lost");
            assert_eq!(
                now_value,
                value,
                "iteration {i}: value changed without a new version: {:?}",
                String::from_utf8_lossy(&now_value)
            );
        } else {
            assert_eq!(now_count, count + 1, "iteration {i}: version count jumped");
            assert_eq!(
                now_value,
                new.as_bytes(),
                "iteration {i}: a new version without the new value"
            );
            applied += 1;
            value = now_value;
            count = now_count;
        }
        assert_eq!(mode(&vault), 0o600, "iteration {i}: vault mode changed");
    }
    let elapsed = started.elapsed();

    // A stale temp file of the shape a killed writer leaves is removed by the
    // next successful command that writes, whatever it holds.
    let planted = vault.with_file_name(".vault.age.Zq3xKf8Lm2Pw.tmp");
    std::fs::write(&planted, b"half a vault").unwrap();
    env.run(&["secrets:update", "KEY", "final"]).ok();
    assert_eq!(temp_files(&vault), Vec::<PathBuf>::new());
    assert_eq!(get(&env, "KEY"), b"final");
    assert_eq!(version_count(&env, "KEY"), count + 1);
    assert_eq!(mode(&vault), 0o600);
    // The big secret went through every rewrite unharmed.
    let big = env.run(&["secrets:get", "-n", "BIG"]).ok().stdout;
    assert!(big == bytes, "BIG changed");
    assert_chain_unbroken(&env);

    eprintln!(
        "killed_writers: {ITERATIONS} iterations in {elapsed:?} (typical update {typical:?}, \
         kill window {window:?}): {killed} killed, {completed} completed, {applied} applied, \
         {temps_seen} left a temp file"
    );
    assert!(killed > 0, "no writer was killed before it finished");
}

#[test]
fn concurrent_updates_lose_nothing() {
    const WRITERS: usize = 20;
    let env = Env::with_vault();
    env.run(&["secrets:create", "KEY", "value-initial"]).ok();
    let sent: BTreeSet<String> = (0..WRITERS).map(|i| format!("value-{i}")).collect();
    let children: Vec<Child> = sent
        .iter()
        .map(|v| {
            spawn(
                &env,
                &["secrets:update", "KEY", v],
                &[("COFFER_LOCK_TIMEOUT", "120s")],
            )
        })
        .collect();
    for child in children {
        finish(child).ok();
    }

    assert_eq!(version_count(&env, "KEY"), WRITERS + 1);
    let got: BTreeSet<String> = (2..=WRITERS + 1)
        .map(|n| {
            let run = env
                .run(&["secrets:get", "-n", "KEY", "--version", &n.to_string()])
                .ok();
            run.out()
        })
        .collect();
    assert_eq!(got, sent);
    let v1 = env
        .run(&["secrets:get", "-n", "KEY", "--version", "1"])
        .ok();
    assert_eq!(v1.out(), "value-initial");

    let updated = env.audit_rows(&["--action", "updated"]);
    assert_eq!(updated.len(), WRITERS);
    let versions: BTreeSet<i64> = updated
        .iter()
        .map(|r| r["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, (2..=WRITERS as i64 + 1).collect());

    let all = assert_chain_unbroken(&env);
    // Each updated row sits in the full chain right after its predecessor.
    for row in &updated {
        let seq = row["seq"].as_i64().unwrap() as usize;
        assert_eq!(all[seq - 1]["hash"], row["hash"]);
        assert_eq!(all[seq - 2]["hash"], row["prev_hash"]);
    }
    assert!(temp_files(&env.vault()).is_empty());
}

#[test]
fn concurrent_readers_and_writers() {
    const WRITERS: usize = 6;
    const READERS: usize = 8;
    let env = Env::with_vault();
    env.run(&["secrets:create", "KEY", "value-initial"]).ok();
    let before = env.audit_rows(&["--action", "accessed"]).len();
    assert_eq!(before, 0);

    let wait = [("COFFER_LOCK_TIMEOUT", "120s")];
    let mut values: BTreeSet<String> = (0..WRITERS).map(|i| format!("value-{i}")).collect();
    let mut writers = Vec::new();
    let mut readers = Vec::new();
    for i in 0..WRITERS.max(READERS) {
        if i < READERS {
            readers.push(spawn(&env, &["secrets:get", "-n", "KEY"], &wait));
        }
        if i < WRITERS {
            let v = format!("value-{i}");
            writers.push(spawn(&env, &["secrets:update", "KEY", &v], &wait));
        }
    }
    let read_values: Vec<String> = readers.into_iter().map(|c| finish(c).ok().out()).collect();
    for w in writers {
        finish(w).ok();
    }
    values.insert("value-initial".into());
    for v in &read_values {
        assert!(values.contains(v), "a reader saw {v:?}");
    }

    let accessed = env.audit_rows(&["--action", "accessed"]);
    assert_eq!(accessed.len(), READERS);
    // Each read recorded the version it returned, and that version holds the
    // value the reader printed.
    let mut recorded: Vec<String> = accessed
        .iter()
        .map(|r| {
            let n = r["version"].as_i64().unwrap().to_string();
            env.run(&["secrets:get", "-n", "KEY", "--version", &n])
                .ok()
                .out()
        })
        .collect();
    let mut printed = read_values.clone();
    recorded.sort();
    printed.sort();
    assert_eq!(recorded, printed);
    assert_eq!(version_count(&env, "KEY"), WRITERS + 1);
    assert_eq!(
        env.audit_rows(&["--action", "updated"]).len(),
        WRITERS,
        "an update was lost"
    );
    assert_chain_unbroken(&env);
}

#[test]
fn lock_timeout_is_reported() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "KEY", "value-initial"]).ok();
    let before = env.vault_state();
    let rows_before = env.audit_rows(&[]).len();

    let lock_path = env.path("data/coffer/vault.age.lock");
    let lock = common::hold_lock(&lock_path);

    assert_eq!(mode(&lock_path), 0o600);

    let short = [("COFFER_LOCK_TIMEOUT", "500ms")];
    for args in [
        &["secrets:update", "KEY", "value-new"][..],
        &["secrets:get", "KEY"][..],
    ] {
        let t = Instant::now();
        let run = finish(spawn(&env, args, &short)).code(7).stderr_has("busy");
        let waited = t.elapsed();
        assert!(
            waited >= Duration::from_millis(500),
            "{args:?} gave up after {waited:?}, before its 500ms timeout"
        );
        assert!(
            waited < Duration::from_secs(8),
            "{args:?} waited {waited:?}, far past its 500ms timeout"
        );
        assert!(run.stdout.is_empty(), "{args:?} printed {}", run.out());
        assert!(
            run.stderr.contains("COFFER_LOCK_TIMEOUT"),
            "no hint: {}",
            run.stderr
        );
        assert_eq!(env.vault_state(), before, "{args:?} changed the vault");
    }
    // A malformed timeout is a usage error, not a wait.
    finish(spawn(
        &env,
        &["secrets:update", "KEY", "x"],
        &[("COFFER_LOCK_TIMEOUT", "soon")],
    ))
    .code(2);

    // Commands that only read do not need the lock.
    let status = env.run(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["versions"].as_i64(), Some(1));
    assert_eq!(env.audit_rows(&[]).len(), rows_before);
    env.run(&["audit:logs"]).ok();
    assert_eq!(env.vault_state(), before);
    assert!(temp_files(&env.vault()).is_empty());

    // Released, the same write goes through.
    lock.unlock().unwrap();
    drop(lock);
    finish(spawn(&env, &["secrets:update", "KEY", "value-new"], &short)).ok();
    assert_eq!(get(&env, "KEY"), b"value-new");
}

#[test]
fn a_waiting_writer_proceeds_when_the_lock_is_released() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "KEY", "value-initial"]).ok();
    let lock = common::hold_lock(env.path("data/coffer/vault.age.lock"));
    let child = spawn(
        &env,
        &["secrets:update", "KEY", "value-new"],
        &[("COFFER_LOCK_TIMEOUT", "60s")],
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(get_without_lock_check(&env), b"value-initial");
    lock.unlock().unwrap();
    finish(child).ok();
    assert_eq!(get(&env, "KEY"), b"value-new");
}

/// The current value as a reader without the lock sees it (the test holds
/// the lock): the checkpoint with the journal replayed.
fn get_without_lock_check(env: &Env) -> Vec<u8> {
    let loc = env.location();
    let vault = coffer::vault::Vault::open_read(&loc).unwrap();
    let secret = coffer::store::find(vault.conn(), "KEY").unwrap();
    coffer::store::version(vault.conn(), &secret, None)
        .unwrap()
        .value
        .to_vec()
}

#[test]
fn cleanup_spares_temp_files_of_other_vaults() {
    // Two vaults in one folder, one's name a prefix of the other's:
    // `vault.age` and `vault.age.bak`. A writer of `vault.age.bak` holds
    // `vault.age.bak.lock` and streams into `.vault.age.bak.XXXXXX.tmp`; a
    // writer of `vault.age` holds a different lock and must leave that file be.
    let env = Env::with_vault();
    env.run(&["secrets:create", "KEY", "value-initial"]).ok();
    let other = env.path("data/coffer/vault.age.bak");
    let other_str = other.to_str().unwrap();
    env.run(&["--vault", other_str, "init"]).ok();

    let other_lock = common::hold_lock(env.path("data/coffer/vault.age.bak.lock"));
    let in_flight = env.path("data/coffer/.vault.age.bak.AbC123xyz789.tmp");
    std::fs::write(&in_flight, b"the other vault, half written").unwrap();

    env.run(&["secrets:update", "KEY", "value-new"]).ok();
    assert!(
        in_flight.exists(),
        "a write to vault.age deleted {} while vault.age.bak's writer held its lock",
        in_flight.display()
    );
    other_lock.unlock().unwrap();
}

#[test]
fn concurrent_inits_leave_one_working_vault() {
    for _ in 0..5 {
        let env = Env::new();
        let children: Vec<Child> = (0..4).map(|_| spawn(&env, &["init"], &[])).collect();
        let runs: Vec<Run> = children.into_iter().map(finish).collect();
        let ok = runs.iter().filter(|r| r.code == 0).count();
        assert_eq!(
            ok,
            1,
            "{ok} inits succeeded: {:?}",
            runs.iter().map(|r| &r.stderr).collect::<Vec<_>>()
        );
        for r in runs.iter().filter(|r| r.code != 0) {
            assert!(r.code > 0, "an init died: {}", r.stderr);
        }
        // The vault opens with the identity that was left on disk.
        env.run(&["secrets:create", "KEY", "v"]).ok();
        assert_eq!(get(&env, "KEY"), b"v");
        assert_eq!(mode(&env.vault()), 0o600);
        assert_eq!(mode(&env.identity()), 0o600);
    }
}

#[test]
fn a_symlinked_vault_file_is_refused_and_a_linked_folder_is_followed() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "KEY", "one"]).ok();
    let link = env.path("link.age");
    std::os::unix::fs::symlink(env.vault(), &link).unwrap();
    let before = env.vault_state();
    env.run(&[
        "--vault",
        link.to_str().unwrap(),
        "secrets:update",
        "KEY",
        "two",
    ])
    .code(6)
    .stderr_has("is a symbolic link")
    .stderr_has("hint: ");
    assert_eq!(env.vault_state(), before);
    // A link to the vault's folder is the user's choice of folder.
    let folder = env.path("linked-folder");
    std::os::unix::fs::symlink(env.vault().parent().unwrap(), &folder).unwrap();
    let through = folder.join("vault.age");
    env.run(&[
        "--vault",
        through.to_str().unwrap(),
        "secrets:update",
        "KEY",
        "two",
    ])
    .ok();
    assert!(
        std::fs::symlink_metadata(&folder)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(get(&env, "KEY"), b"two");
}
