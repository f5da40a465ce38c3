//! The `audit:` commands themselves: the head this machine remembers for each
//! vault, `audit:verify` and `--expect`, `audit:checkpoint`,
//! `audit:acknowledge`, `audit:hash` and `audit:logs --fingerprint/--verify`,
//! the migration to schema 2, and a failed audit row aborting its command.
//! (Tampering scenarios in depth live in the audit_tamper module.)
use crate::common;

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use common::{Env, Run, decrypt_vault, edit_image, encrypt_vault};
use serde_json::Value;

// ---------------------------------------------------------------- helpers

/// The vault id, as `status --format json` reports it.
fn vault_id(env: &Env) -> String {
    let status = env.run(&["status", "--format", "json"]).ok().json();
    let id = status["vault_id"]
        .as_str()
        .expect("status has a vault_id")
        .to_owned();
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id:?}"
    );
    id
}

/// `<state>/coffer/heads/<vault_id>`.
fn head_path(env: &Env) -> PathBuf {
    env.path("state/coffer/heads").join(vault_id(env))
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("stat {}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Whether `s` is `SEQ:HASH` with SEQ >= 1 and 64 lowercase hex digits.
fn is_head(s: &str) -> bool {
    let Some((seq, hash)) = s.split_once(':') else {
        return false;
    };
    !seq.is_empty()
        && seq.bytes().all(|b| b.is_ascii_digit())
        && seq.parse::<i64>().is_ok_and(|n| n >= 1)
        && hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `audit:checkpoint`'s whole stdout (one `SEQ:HASH` line), checked for form.
fn checkpoint_line(env: &Env) -> String {
    let out = env.run(&["audit:checkpoint"]).ok().out();
    assert!(out.ends_with('\n'), "{out:?}");
    assert_eq!(out.lines().count(), 1, "{out:?}");
    assert!(is_head(out.trim_end()), "not SEQ:HASH: {out:?}");
    out
}

fn checkpoint(env: &Env) -> String {
    checkpoint_line(env).trim_end().to_owned()
}

/// The newest row as `SEQ:HASH`.
fn newest_row_head(env: &Env) -> String {
    let rows = env.audit_rows(&[]);
    let last = rows.last().expect("a vault has audit rows");
    format!(
        "{}:{}",
        last["seq"].as_i64().unwrap(),
        last["hash"].as_str().unwrap()
    )
}

/// The remembered head file holds exactly checkpoint's output line, which is
/// the newest row; the file is 0600. Returns the checkpoint.
#[track_caller]
fn assert_head_remembered(env: &Env) -> String {
    let path = head_path(env);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("no remembered head at {}: {e}", path.display()));
    assert_eq!(mode(&path), 0o600, "{}", path.display());
    let line = checkpoint_line(env);
    assert_eq!(text, line, "remembered head vs audit:checkpoint");
    let cp = line.trim_end().to_owned();
    assert_eq!(cp, newest_row_head(env), "checkpoint vs newest audit row");
    cp
}

fn seq_of(head: &str) -> i64 {
    head.split_once(':').unwrap().0.parse().unwrap()
}

/// The value of a `key   value` line of table output (`output::fields`).
fn field(out: &str, key: &str) -> Option<String> {
    out.lines().find_map(|l| {
        let rest = l.strip_prefix(key)?;
        rest.starts_with(char::is_whitespace)
            .then(|| rest.trim().to_owned())
    })
}

fn verify_json(env: &Env, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["audit:verify", "--format", "json"];
    args.extend_from_slice(extra);
    let run = env.run(&args);
    let json = run.json();
    (run.code, json)
}

/// The decrypted SQLite image of the vault.
fn image(env: &Env) -> Vec<u8> {
    env.image()
}

/// Change the vault's image with SQL, as an insider holding the identity
/// could: coffer's triggers that `sql` drops are put back after it, and the
/// image is signed with the identity's key, as coffer signs every write.
fn edit_vault(env: &Env, sql: &str) {
    let img = edit_image(&image(env), |c| {
        common::keep_triggers(c, |c| {
            c.execute_batch(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}"))
        })
    });
    let img = common::resign(&img, &env.identity());
    encrypt_vault(&img, &env.vault(), &env.identity());
}

/// Read one value from the vault's image.
fn query_image<T: rusqlite::types::FromSql>(env: &Env, sql: &str) -> T {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    std::fs::write(&db, image(env)).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn fingerprint_of(env: &Env, value: &str) -> String {
    let out = env.run(&["audit:hash", value]).ok().out();
    let fp = out.trim_end().to_owned();
    assert!(is_hex64(&fp), "{out:?}");
    fp
}

#[track_caller]
fn assert_usage(run: Run, text: &str) {
    let run = run.code(2).stderr_has(text);
    assert!(run.stdout.is_empty(), "stdout: {}", run.out());
}

// ---------------------------------------------------------- remembered head

#[test]
fn init_and_every_write_remember_the_head() {
    let env = Env::new();
    assert!(!env.path("state").exists());
    env.run(&["init"]).ok();

    // coffer created every folder on the way, private.
    for dir in ["state", "state/coffer", "state/coffer/heads"] {
        assert_eq!(mode(&env.path(dir)), 0o700, "{dir}");
    }
    let mut cp = assert_head_remembered(&env);
    assert_eq!(seq_of(&cp), 1, "init writes one row");

    let writes: &[&[&str]] = &[
        &["secrets:create", "A", "v1"],
        &["secrets:update", "A", "v2"],
        &["secrets:get", "A"],
        &["secrets:list"],
        &["secrets:versions", "A"],
        &["secrets:disable", "A"],
        &["secrets:enable", "A"],
        &["secrets:delete", "A"],
        &["secrets:restore", "A"],
    ];
    for args in writes {
        env.run(args).ok();
        let next = assert_head_remembered(&env);
        assert_eq!(seq_of(&next), seq_of(&cp) + 1, "after {args:?}");
        cp = next;
    }
    // Still no other file in heads/.
    let names: Vec<_> = std::fs::read_dir(env.path("state/coffer/heads"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, vec![vault_id(&env)]);
}

#[test]
fn a_state_folder_the_user_made_keeps_its_mode() {
    let env = Env::new();
    std::fs::create_dir(env.path("state")).unwrap();
    std::fs::set_permissions(env.path("state"), std::fs::Permissions::from_mode(0o755)).unwrap();
    env.run(&["init"]).ok();
    assert_eq!(mode(&env.path("state")), 0o755);
    assert_eq!(mode(&env.path("state/coffer")), 0o700);
    assert_eq!(mode(&env.path("state/coffer/heads")), 0o700);
    assert_head_remembered(&env);
}

#[test]
fn reads_that_are_not_audited_leave_the_head_alone() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    let path = head_path(&env);
    let before = std::fs::read(&path).unwrap();
    let meta = std::fs::metadata(&path).unwrap();
    let (ino, mtime) = (meta.ino(), (meta.mtime(), meta.mtime_nsec()));
    let vault = env.vault_state();
    let rows = env.audit_rows(&[]).len();

    std::thread::sleep(std::time::Duration::from_millis(20));
    env.run(&["status"]).ok();
    env.run(&["status", "--format", "json"]).ok();
    env.run(&["audit:logs"]).ok();
    env.run(&["audit:logs", "--format", "json", "--secret", "A"])
        .ok();
    env.run(&["audit:hash", "v1"]).ok();

    assert_eq!(std::fs::read(&path).unwrap(), before);
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!(meta.ino(), ino, "the head file was replaced");
    assert_eq!((meta.mtime(), meta.mtime_nsec()), mtime);
    assert_eq!(env.vault_state(), vault, "a read rewrote the vault");
    assert_eq!(env.audit_rows(&[]).len(), rows, "a read was audited");

    // An older remembered head (as a failed remember leaves it) is not moved
    // forward by those reads either; audit:verify does move it.
    let old = {
        let rows = env.audit_rows(&[]);
        let r = &rows[rows.len() - 2];
        format!("{}:{}\n", r["seq"], r["hash"].as_str().unwrap())
    };
    std::fs::write(&path, &old).unwrap();
    env.run(&["status"]).ok();
    env.run(&["audit:logs"]).ok();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), old);
    env.run(&["audit:verify"]).ok();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("{}\n", newest_row_head(&env))
    );
}

/// Whether the current user can still create a file in `dir` (root can,
/// whatever its mode).
fn can_write_in(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    match std::fs::File::create(&probe) {
        Ok(_) => {
            std::fs::remove_file(&probe).unwrap();
            true
        }
        Err(_) => false,
    }
}

#[test]
fn an_unwritable_state_folder_is_a_warning_not_a_failure() {
    let env = Env::with_vault();
    let heads = env.path("state/coffer/heads");
    let before = assert_head_remembered(&env);
    std::fs::set_permissions(&heads, std::fs::Permissions::from_mode(0o500)).unwrap();
    let writable = can_write_in(&heads);
    let run = env.run(&["secrets:create", "A", "v1"]);
    std::fs::set_permissions(&heads, std::fs::Permissions::from_mode(0o700)).unwrap();

    let run = run.ok();
    assert!(run.out().contains("created A"), "{}", run.out());
    if writable {
        eprintln!(
            "note: {} stays writable at mode 0500 (running as root); the warning is checked by \
             a_state_folder_that_cannot_be_created_is_a_warning instead",
            heads.display()
        );
        return;
    }
    let run = run.stderr_has("warning:");
    assert!(
        run.stderr.contains("cannot remember the audit head"),
        "{}",
        run.stderr
    );
    // The write happened, the old head stayed.
    assert_eq!(
        std::fs::read_to_string(head_path(&env)).unwrap().trim_end(),
        before
    );
    assert_eq!(env.audit_rows(&["--secret", "A"]).len(), 1);
    // Once writable again, the longer file still verifies against the old head.
    let (code, json) = verify_json(&env, &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["status"], "ok");
    assert_eq!(json["rows_since_anchor"], 1);
}

/// The same, for root too: `$XDG_STATE_HOME/coffer` under /proc cannot be
/// created by anyone.
#[test]
fn a_state_folder_that_cannot_be_created_is_a_warning() {
    if !Path::new("/proc/self/stat").exists() {
        eprintln!("note: no procfs; skipped");
        return;
    }
    let env = Env::with_vault();
    let run = |args: &[&str]| {
        let mut cmd = env.cmd(args);
        cmd.env("XDG_STATE_HOME", "/proc");
        let out = cmd.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: out.stdout,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    };
    let r = run(&["secrets:create", "A", "v1"])
        .ok()
        .stderr_has("cannot remember the audit head");
    assert!(r.stderr.contains("warning:"), "{}", r.stderr);
    assert!(!Path::new("/proc/coffer").exists());
    assert_eq!(env.audit_rows(&["--secret", "A"]).len(), 1);
}

/// A remembered head that cannot be parsed weakens nothing an attacker could
/// not weaken by deleting it: verify warns and goes on as unanchored, and the
/// next write replaces it with the real head.
#[test]
fn a_spoiled_remembered_head_is_a_warning_and_the_next_write_repairs_it() {
    let env = Env::with_vault();
    let path = head_path(&env);
    std::fs::write(&path, "not a head\n").unwrap();
    let run = env.run(&["audit:verify", "--format", "json"]);
    let json = run.json();
    assert_eq!(run.code, 0, "{json}");
    assert_eq!(json["status"], "unanchored", "{json}");
    let warnings = json["warnings"].to_string();
    assert!(warnings.contains("unreadable"), "{warnings}");
    assert!(warnings.contains(path.to_str().unwrap()), "{warnings}");

    std::fs::write(&path, "garbage").unwrap();
    env.run(&["secrets:create", "A", "v"])
        .ok()
        .stderr_has("unreadable");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        checkpoint_line(&env),
        "the write replaced the spoiled head"
    );
}

// ------------------------------------------------------------- audit:verify

#[test]
fn verify_a_fresh_vault() {
    let env = Env::with_vault();
    let cp = checkpoint(&env);

    let run = env.run(&["audit:verify"]).ok();
    let out = run.out();
    assert_eq!(field(&out, "status").as_deref(), Some("ok"), "{out}");
    assert_eq!(field(&out, "rows").as_deref(), Some("1"), "{out}");
    assert_eq!(field(&out, "head").as_deref(), Some(cp.as_str()), "{out}");

    let (code, json) = verify_json(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(json["status"], "ok", "{json}");
    assert_eq!(json["rows"], 1);
    assert_eq!(json["head"]["seq"], 1);
    assert_eq!(json["head"]["hash"], cp.split_once(':').unwrap().1);
    assert_eq!(json["head"]["checkpoint"], cp.as_str());
    let anchors = json["anchors"].as_array().expect("anchors is an array");
    assert_eq!(anchors.len(), 1, "{json}");
    assert_eq!(anchors[0]["source"], "remembered");
    assert_eq!(anchors[0]["result"], "ok");
    assert_eq!(anchors[0]["head"]["checkpoint"], cp.as_str());
    assert_eq!(json["rows_since_anchor"], 0);
    assert!(json["problem"].is_null(), "{json}");
}

#[test]
fn verify_without_a_remembered_head_is_unanchored_then_remembers_it() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    let cp = checkpoint(&env);
    let vault = env.vault_state();
    std::fs::remove_dir_all(env.path("state")).unwrap();

    let run = env.run(&["audit:verify"]).ok();
    let out = run.out();
    assert_eq!(
        field(&out, "status").as_deref(),
        Some("unanchored"),
        "{out}"
    );
    assert_eq!(field(&out, "rows").as_deref(), Some("2"), "{out}");
    assert_eq!(field(&out, "head").as_deref(), Some(cp.as_str()), "{out}");
    // verify remembered the head it checked.
    assert_eq!(assert_head_remembered(&env), cp);
    assert_eq!(env.vault_state(), vault, "verify rewrote the vault");

    let (code, json) = verify_json(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(json["status"], "ok", "{json}");
    assert_eq!(json["rows_since_anchor"], 0);

    std::fs::remove_dir_all(env.path("state")).unwrap();
    let (code, json) = verify_json(&env, &[]);
    assert_eq!(code, 0);
    assert_eq!(json["status"], "unanchored", "{json}");
    assert_eq!(json["anchors"], serde_json::json!([]));
    assert!(json["rows_since_anchor"].is_null(), "{json}");
    assert_eq!(json["rows"], 2);
    assert_eq!(json["head"]["checkpoint"], cp.as_str());
    assert_eq!(verify_json(&env, &[]).1["status"], "ok");
}

// ------------------------------------------------- checkpoint and --expect

#[test]
fn checkpoint_json() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    let cp = checkpoint(&env);
    let json = env
        .run(&["audit:checkpoint", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json["vault_id"], vault_id(&env).as_str());
    assert_eq!(json["checkpoint"], cp.as_str());
    assert_eq!(json["seq"], 2);
    assert_eq!(json["hash"], cp.split_once(':').unwrap().1);
    assert_eq!(json["rows"], 2);
    assert_eq!(
        format!("{}:{}", json["seq"], json["hash"].as_str().unwrap()),
        cp
    );
}

#[test]
fn expect_a_checkpoint() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    let cp = checkpoint(&env);
    assert_eq!(seq_of(&cp), 2);

    let run = env.run(&["audit:verify", "--expect", &cp]).ok();
    assert_eq!(field(&run.out(), "status").as_deref(), Some("ok"));
    let (code, json) = verify_json(&env, &["--expect", &cp]);
    assert_eq!(code, 0);
    assert_eq!(json["status"], "ok", "{json}");
    assert_eq!(json["rows_since_anchor"], 0);

    // Three more rows: the checkpoint still holds, three rows back.
    env.run(&["secrets:create", "B", "v1"]).ok();
    env.run(&["secrets:get", "A"]).ok();
    env.run(&["secrets:update", "A", "v2"]).ok();
    let (code, json) = verify_json(&env, &["--expect", &cp]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["status"], "ok", "{json}");
    let expected = json["anchors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == "expected")
        .unwrap_or_else(|| panic!("no --expect anchor: {json}"))
        .clone();
    assert_eq!(expected["result"], "ok");
    assert_eq!(expected["rows_since"], 3);
    assert_eq!(expected["head"]["checkpoint"], cp.as_str());
    // With the remembered head current, the newest anchor is 0 rows back...
    assert_eq!(json["rows_since_anchor"], 0, "{json}");
    // ...and with --expect the only anchor, the count is the new rows.
    std::fs::remove_dir_all(env.path("state")).unwrap();
    let (code, json) = verify_json(&env, &["--expect", &cp]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["status"], "ok", "{json}");
    assert_eq!(json["rows_since_anchor"], 3, "{json}");
    let run = env.run(&["audit:verify", "--expect", &cp]).ok();
    assert!(
        run.out().contains("(--expect): ok, 3 rows since"),
        "{}",
        run.out()
    );
}

#[test]
fn expect_a_different_hash_is_forked() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    env.run(&["secrets:create", "B", "v1"]).ok();
    let cp = checkpoint(&env);
    let vault = env.vault_state();
    // Another hash at seq 2.
    let wrong = format!("2:{}", "ab".repeat(32));
    let (code, json) = verify_json(&env, &["--expect", &wrong]);
    assert_eq!(code, 6, "{json}");
    assert_eq!(json["status"], "forked", "{json}");
    assert_eq!(json["problem"]["seq"], 2, "{json}");
    assert_eq!(json["problem"]["reason"], "differs_from_anchor");

    let run = env.run(&["audit:verify", "--expect", &wrong]).code(6);
    assert_eq!(field(&run.out(), "status").as_deref(), Some("forked"));
    assert!(run.stderr.contains("forked at seq 2"), "{}", run.stderr);

    // Nothing changed: the file, the remembered head, the next plain verify.
    assert_eq!(env.vault_state(), vault);
    assert_eq!(assert_head_remembered(&env), cp);
    assert_eq!(verify_json(&env, &[]).1["status"], "ok");
}

#[test]
fn expect_beyond_the_log_is_rolled_back() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    let cp = checkpoint(&env);
    let hash = cp.split_once(':').unwrap().1;
    let beyond = format!("9:{hash}");
    let (code, json) = verify_json(&env, &["--expect", &beyond]);
    assert_eq!(code, 6, "{json}");
    assert_eq!(json["status"], "rolled_back", "{json}");
    assert_eq!(json["problem"]["seq"], 3, "the first missing seq: {json}");
    let run = env.run(&["audit:verify", "--expect", &beyond]).code(6);
    assert_eq!(
        field(&run.out(), "status").as_deref(),
        Some("rolled_back"),
        "{}",
        run.out()
    );
    assert!(run.stderr.contains("rolled back"), "{}", run.stderr);
}

#[test]
fn malformed_expect_is_a_usage_error() {
    let env = Env::with_vault();
    let hash = checkpoint(&env).split_once(':').unwrap().1.to_owned();
    let cases = [
        ("abc".to_owned(), "expected SEQ:HASH"),
        (format!("0:{hash}"), "not a row number"),
        ("5:xyz".to_owned(), "64 hexadecimal digits"),
        (format!("5:{}", &hash[1..]), "64 hexadecimal digits"),
        (format!("-1:{hash}"), "not a row number"),
        (format!("x:{hash}"), "not a row number"),
    ];
    // The forms the brief names, also as a separate argument.
    for value in ["abc", "5:xyz"] {
        assert_usage(env.run(&["audit:verify", "--expect", value]), "--expect");
    }
    for (value, message) in cases {
        // `--expect=VALUE`, so that clap reads `-1:…` as the option's value.
        let run = env.run(&["audit:verify", &format!("--expect={value}")]);
        assert_eq!(run.code, 2, "{value:?}: {}", run.stderr);
        assert!(run.stderr.contains("--expect"), "{value:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{value:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{value:?}: {}", run.out());
    }
    // The upper-case form of a good checkpoint is fine.
    let upper = format!("1:{}", hash.to_ascii_uppercase());
    assert_eq!(verify_json(&env, &["--expect", &upper]).1["status"], "ok");
}

// -------------------------------------------------------- audit:acknowledge

#[test]
fn acknowledge_on_a_clean_vault_writes_nothing() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    let vault = env.vault_state();
    let head = std::fs::read(head_path(&env)).unwrap();
    let run = env
        .run(&["audit:acknowledge", "--reason", "checked it"])
        .ok();
    assert!(
        run.out().contains("nothing to acknowledge"),
        "{}",
        run.out()
    );
    assert_eq!(env.vault_state(), vault);
    assert_eq!(std::fs::read(head_path(&env)).unwrap(), head);
    assert!(env.audit_rows(&["--action", "acknowledged"]).is_empty());

    // The limit is in characters: 1000 two-byte characters are one line of 1000.
    let long = "é".repeat(1000);
    let run = env.run(&["audit:acknowledge", "--reason", &long]).ok();
    assert!(run.out().contains("nothing to acknowledge"));
    assert_eq!(env.vault_state(), vault);
}

#[test]
fn acknowledge_refuses_a_bad_reason() {
    let env = Env::with_vault();
    let vault = env.vault_state();
    let too_long = "x".repeat(1001);
    for (reason, message) in [
        ("", "empty"),
        ("    ", "empty"),
        ("\t \n", "empty"),
        ("first line\nsecond line", "one line"),
        ("a\rb", "one line"),
        ("bell\x07", "one line"),
        (too_long.as_str(), "at most 1000"),
    ] {
        let run = env.run(&["audit:acknowledge", "--reason", reason]);
        assert_eq!(run.code, 2, "{reason:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{reason:?}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{reason:?}: {}", run.out());
    }
    assert_usage(env.run(&["audit:acknowledge"]), "--reason");
    assert_eq!(env.vault_state(), vault);
}

#[test]
fn acknowledge_a_tampered_row_lets_writes_go_on() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    env.run(&["secrets:create", "B", "v1"]).ok();
    edit_vault(
        &env,
        "DROP TRIGGER audit_is_append_only_update;
         UPDATE audit SET actor = 'mallory' WHERE seq = 2;",
    );
    let tampered = env.vault_state();

    let run = env.run(&["secrets:create", "C", "v1"]).code(6);
    assert!(run.stderr.contains("refusing to write"), "{}", run.stderr);
    assert_eq!(env.vault_state(), tampered, "a refused write wrote");
    env.run(&["audit:checkpoint"]).code(6);
    let (code, json) = verify_json(&env, &[]);
    assert_eq!(code, 6);
    assert_eq!(json["status"], "tampered", "{json}");
    assert_eq!(json["problem"]["seq"], 2, "{json}");

    let reason = "restored from backup after INC-42";
    let run = env.run(&["audit:acknowledge", "--reason", reason]).ok();
    assert!(
        run.out().contains("acknowledged as audit row 4"),
        "{}",
        run.out()
    );

    env.run(&["secrets:create", "C", "v1"]).ok();
    let (code, json) = verify_json(&env, &[]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["status"], "ok", "{json}");
    assert_eq!(json["breaks"][0]["acknowledged_by"], 4, "{json}");
    assert_head_remembered(&env);

    let rows = env.audit_rows(&["--action", "acknowledged"]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = &rows[0];
    assert_eq!(row["seq"], 4);
    assert_eq!(row["resource"], "audit");
    assert_eq!(row["actor"], "tester");
    let d = &row["details"];
    assert_eq!(d["reason"], reason);
    assert_eq!(d["found"], "tampered");
    assert_eq!(d["seq"], "2");
    assert_eq!(d["why"], "hash mismatch");
    assert!(
        d["witness"].as_str().is_some_and(is_hex64),
        "witness: {row}"
    );
    // And it is found with the new resource filter too.
    let rows = env.audit_rows(&["--resource", "audit", "--action", "acknowledged"]);
    assert_eq!(rows.len(), 1);
}

// --------------------------------------------------------------- audit:hash

#[test]
fn hash_matches_the_fingerprint_in_the_log() {
    let env = Env::with_vault();
    env.run_stdin(&["secrets:create", "A", "-"], b"tok\n").ok();
    let created = env.audit_rows(&["--action", "created", "--secret", "A"]);
    assert_eq!(created.len(), 1);
    let logged = created[0]["details"]["fingerprint"]
        .as_str()
        .expect("a created row has a fingerprint")
        .to_owned();
    assert!(is_hex64(&logged), "{logged}");

    // secrets:versions shows the start of the same fingerprint.
    let versions = env
        .run(&["secrets:versions", "A", "--format", "json"])
        .ok()
        .json();
    let short = versions[0]["fingerprint"].as_str().unwrap().to_owned();
    assert!(short.len() >= 8 && logged.starts_with(&short), "{versions}");
    let vault = env.vault_state();
    let rows = env.audit_rows(&[]).len();

    let from_stdin = env.run_stdin(&["audit:hash", "-"], b"tok\n").ok().out();
    assert_eq!(from_stdin, format!("{logged}\n"));
    let from_arg = env.run(&["audit:hash", "tok"]).ok().out();
    assert_eq!(from_arg, format!("{logged}\n"));

    // --from-file is byte for byte: its newline stays.
    std::fs::write(env.path("nl.txt"), b"tok\n").unwrap();
    std::fs::write(env.path("bare.txt"), b"tok").unwrap();
    let file_nl = env
        .run(&[
            "audit:hash",
            "--from-file",
            env.path("nl.txt").to_str().unwrap(),
        ])
        .ok()
        .out();
    let file_bare = env
        .run(&[
            "audit:hash",
            "--from-file",
            env.path("bare.txt").to_str().unwrap(),
        ])
        .ok()
        .out();
    assert_eq!(file_bare, format!("{logged}\n"));
    assert_ne!(file_nl, file_bare);
    assert!(is_hex64(file_nl.trim_end()), "{file_nl:?}");

    // Hashing is neither a write nor an audited event.
    assert_eq!(env.vault_state(), vault);
    assert_eq!(env.audit_rows(&[]).len(), rows);
}

#[test]
fn fingerprints_are_per_vault() {
    let one = Env::with_vault();
    let two = Env::with_vault();
    assert_ne!(vault_id(&one), vault_id(&two));
    assert_ne!(fingerprint_of(&one, "tok"), fingerprint_of(&two, "tok"));
    assert_eq!(fingerprint_of(&one, "tok"), fingerprint_of(&one, "tok"));
}

#[test]
fn hash_without_a_value_is_a_usage_error() {
    let env = Env::with_vault();
    // stdin is /dev/null: no terminal to prompt on.
    assert_usage(env.run(&["audit:hash"]), "no value given");
    assert_usage(env.run_stdin(&["audit:hash", "-"], b""), "empty");
}

#[test]
fn hash_never_prints_the_value() {
    let env = Env::with_vault();
    let value = "Sup3r-S3cret-Valu3";
    std::fs::write(env.path("v.txt"), value).unwrap();
    let runs = [
        env.run(&["audit:hash", value]),
        env.run_stdin(&["audit:hash", "-"], format!("{value}\n").as_bytes()),
        env.run(&[
            "audit:hash",
            "--from-file",
            env.path("v.txt").to_str().unwrap(),
        ]),
    ];
    let mut fps = Vec::new();
    for run in runs {
        let run = run.ok();
        assert!(!run.out().contains(value), "stdout: {}", run.out());
        assert!(!run.stderr.contains(value), "stderr: {}", run.stderr);
        fps.push(run.out());
    }
    assert!(fps.windows(2).all(|w| w[0] == w[1]), "{fps:?}");
    // Nor does the log after storing it.
    env.run_stdin(&["secrets:create", "S", "-"], value.as_bytes())
        .ok();
    let logs = env.run(&["audit:logs", "--format", "json"]).ok();
    assert!(!logs.out().contains(value));
}

#[test]
fn hash_does_not_echo_stray_arguments() {
    let env = Env::with_vault();
    // An unquoted value with a space, and a value starting with '-': both
    // are refused, as secrets:create refuses them, without showing them.
    for args in [
        &["audit:hash", "my", "s3cretpart"][..],
        &["audit:hash", "--s3cretpart"][..],
    ] {
        let run = env.run(args).code(2);
        assert!(
            !run.stderr.contains("s3cretpart"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
}

#[test]
fn hash_hint_names_only_options_it_has() {
    let env = Env::with_vault();
    let run = env.run(&["audit:hash"]).code(2);
    assert!(!run.stderr.contains("--generate"), "{}", run.stderr);
    // (and following that hint fails)
    env.run(&["audit:hash", "--generate"]).code(2);
}

// --------------------------------------------------------------- audit:logs

#[test]
fn logs_by_fingerprint() {
    let env = Env::with_vault();
    env.run_stdin(&["secrets:create", "A", "-"], b"tok\n").ok();
    env.run(&["secrets:create", "B", "other"]).ok();
    env.run(&["secrets:get", "A"]).ok();
    env.run(&["secrets:get", "B"]).ok();
    env.run(&["secrets:get", "A"]).ok();
    env.run(&["secrets:update", "A", "tok2"]).ok();
    env.run(&["secrets:list"]).ok();

    let fp = fingerprint_of(&env, "tok");
    let rows = env.audit_rows(&["--fingerprint", &fp]);
    let got: Vec<(i64, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["seq"].as_i64().unwrap(),
                r["action"].as_str().unwrap(),
                r["target"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "created", "A"),
            (4, "accessed", "A"),
            (6, "accessed", "A")
        ]
    );
    for r in &rows {
        assert_eq!(r["details"]["fingerprint"], fp.as_str());
    }
    // Exactly those: every other row carries another fingerprint or none.
    let others = env
        .audit_rows(&[])
        .into_iter()
        .filter(|r| r["details"]["fingerprint"] == fp.as_str())
        .count();
    assert_eq!(others, 3);

    let upper = env.audit_rows(&["--fingerprint", &fp.to_ascii_uppercase()]);
    assert_eq!(upper, rows);
    // Table output shows the same rows.
    let table = env.run(&["audit:logs", "--fingerprint", &fp]).ok().out();
    assert_eq!(table.lines().count(), 4, "{table}");

    // A fingerprint of another value matches only its rows.
    let fp2 = fingerprint_of(&env, "tok2");
    let rows2 = env.audit_rows(&["--fingerprint", &fp2]);
    assert_eq!(rows2.len(), 1);
    assert_eq!(rows2[0]["action"], "updated");
    // One of no value here matches nothing.
    assert!(
        env.audit_rows(&["--fingerprint", &"0".repeat(64)])
            .is_empty()
    );
}

#[test]
fn logs_refuses_a_malformed_fingerprint() {
    let env = Env::with_vault();
    for bad in [
        "abc".to_owned(),
        // A value passed here by mistake: refused without being echoed.
        "s3cret-value-passed-by-mistake".to_owned(),
        "a".repeat(63),
        "a".repeat(65),
        format!("{}g", "a".repeat(63)),
        String::new(),
    ] {
        let run = env.run(&["audit:logs", "--fingerprint", &bad]);
        assert_eq!(run.code, 2, "{bad:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("invalid --fingerprint"),
            "{bad:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{bad:?}");
        if !bad.is_empty() {
            assert!(!run.stderr.contains(&bad), "echoed: {}", run.stderr);
        }
    }
}

#[test]
fn logs_verify_on_a_clean_vault() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    env.run(&["secrets:get", "A"]).ok();

    let rows = env
        .run(&["audit:logs", "--verify", "--format", "json"])
        .ok()
        .json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for r in rows {
        assert_eq!(r["chain"], "ok", "{r}");
    }

    let table = env.run(&["audit:logs", "--verify"]).ok().out();
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(header.last(), Some(&"CHAIN"), "{table}");
    let body: Vec<&str> = lines.collect();
    assert_eq!(body.len(), 3, "{table}");
    for l in body {
        assert_eq!(l.split_whitespace().last(), Some("ok"), "{l}");
    }
    // Without --verify there is no CHAIN column.
    let plain = env.run(&["audit:logs"]).ok().out();
    assert!(!plain.lines().next().unwrap().contains("CHAIN"), "{plain}");
}

#[test]
fn logs_json_rows_carry_their_chain() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    for extra in [&[][..], &["--verify"][..], &["--limit", "1"][..]] {
        let rows = env.audit_rows(extra);
        assert!(!rows.is_empty());
        for r in &rows {
            assert!(r["seq"].as_i64().is_some(), "{r}");
            assert!(r["prev_hash"].as_str().is_some_and(is_hex64), "{r}");
            assert!(r["hash"].as_str().is_some_and(is_hex64), "{r}");
        }
    }
    let rows = env.audit_rows(&[]);
    assert_eq!(rows[1]["prev_hash"], rows[0]["hash"]);
    assert_eq!(
        format!("{}:{}", rows[1]["seq"], rows[1]["hash"].as_str().unwrap()),
        checkpoint(&env)
    );
}

#[test]
fn logs_filters_take_the_new_resource_and_action() {
    let env = Env::with_vault();
    let rows = env.audit_rows(&["--resource", "audit", "--action", "acknowledged"]);
    assert!(rows.is_empty());
    env.run(&["audit:logs", "--resource", "audit"]).ok();
    assert_usage(env.run(&["audit:logs", "--resource", "audits"]), "audits");
}

// ---------------------------------------------------------------- schema 2

/// Run coffer on the coffer 0.1 fixture (see `common::legacy_fixture`).
fn on_legacy(env: &Env, args: &[&str]) -> Run {
    let vault = env.path("legacy/vault.age");
    let identity = env.path("legacy/identity.txt");
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--vault", vault.to_str().unwrap()]);
    all.extend(["--identity", identity.to_str().unwrap()]);
    env.run(&all)
}

/// Change the fixture's image with SQL (it is unsigned: nothing to re-sign).
fn edit_legacy(env: &Env, sql: &str) {
    let vault = env.path("legacy/vault.age");
    let identity = env.path("legacy/identity.txt");
    let img = edit_image(&decrypt_vault(&vault, &identity), |c| {
        c.execute_batch(sql).unwrap()
    });
    encrypt_vault(&img, &vault, &identity);
}

#[test]
fn a_schema_1_vault_migrates_on_its_next_write() {
    let env = Env::new();
    let vault = common::legacy_fixture(&env);
    // Schema 1 is schema 2 without the recorded head.
    edit_legacy(
        &env,
        "DELETE FROM meta WHERE key = 'audit_head'; PRAGMA user_version = 1;",
    );
    on_legacy(&env, &["vault:trust", "--unsigned"]).ok();
    let status = on_legacy(&env, &["status", "--format", "json"]).ok().json();
    assert_eq!(status["schema_version"], 1);
    let schema1 = std::fs::read(&vault).unwrap();

    // No recorded head is fine in schema 1.
    let run = on_legacy(&env, &["audit:verify", "--format", "json"]).ok();
    assert_eq!(run.json()["status"], "unanchored", "{}", run.out());
    assert_eq!(
        std::fs::read(&vault).unwrap(),
        schema1,
        "verify rewrote the vault"
    );

    on_legacy(&env, &["secrets:create", "B", "v1"]).ok();
    let status = on_legacy(&env, &["status", "--format", "json"]).ok().json();
    assert_eq!(status["schema_version"], 5);
    assert_eq!(status["trusted_as"], "your own key");
    let run = on_legacy(&env, &["audit:verify", "--format", "json"]).ok();
    assert_eq!(run.json()["status"], "ok", "{}", run.out());
    let rows = on_legacy(&env, &["audit:logs", "--format", "json"])
        .ok()
        .json();
    let last = rows.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "created");
    assert_eq!(last["target"], "B");
}

#[test]
fn a_schema_2_vault_without_its_recorded_head_is_tampered() {
    let env = Env::new();
    common::legacy_fixture(&env);
    on_legacy(&env, &["vault:trust", "--unsigned"]).ok();
    edit_legacy(&env, "DELETE FROM meta WHERE key = 'audit_head';");
    let run = on_legacy(&env, &["audit:verify", "--format", "json"]).code(6);
    let json = run.json();
    assert_eq!(json["status"], "tampered", "{json}");
    assert_eq!(json["problem"]["reason"], "head_mismatch", "{json}");
    assert_eq!(json["problem"]["seq"], 9, "{json}");
    on_legacy(&env, &["secrets:create", "B", "v1"]).code(6);
}

#[test]
fn a_signed_vault_without_its_recorded_head_is_refused_at_open() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    assert_eq!(
        query_image::<String>(&env, "SELECT value FROM meta WHERE key = 'audit_head'"),
        newest_row_head(&env)
    );
    let img = edit_image(&image(&env), |c| {
        c.execute_batch("DELETE FROM meta WHERE key = 'audit_head';")
            .unwrap()
    });
    encrypt_vault(&img, &env.vault(), &env.identity());
    let run = env.run(&["audit:verify"]).code(6);
    assert!(
        run.stderr
            .contains("was changed after its last signed write"),
        "{}",
        run.stderr
    );
    env.run(&["secrets:create", "B", "v1"]).code(6);
}

// ------------------------------------------------ the audit row is required

#[test]
fn a_trigger_that_blocks_audit_rows_is_refused_at_open() {
    // coffer 0.1 ran the trigger and then failed the command; now a trigger
    // coffer did not write never runs: the vault is refused at open.
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    let head_file = head_path(&env);
    let img = edit_image(&image(&env), |c| {
        c.execute_batch(
            "CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'no'); END;",
        )
        .unwrap()
    });
    encrypt_vault(&img, &env.vault(), &env.identity());
    let before = env.vault_state();
    let head = std::fs::read(&head_file).unwrap();
    for args in [&["secrets:create", "X", "v"][..], &["secrets:get", "A"][..]] {
        let run = env.run(args).code(6);
        assert!(run.stderr.contains("trigger no_audit"), "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.out());
        assert_eq!(env.vault_state(), before, "the vault changed");
        assert_eq!(std::fs::read(&head_file).unwrap(), head);
    }
}

/// `audit:logs --action` and `--resource` take exactly the words of
/// `model::Action` and `model::Resource`, in their order, as `--help` lists
/// them; each picks the rows of that action, and any other word is a usage
/// error.
#[test]
fn audit_logs_takes_exactly_the_actions_words() {
    use coffer::model::{Action, Resource};
    let logs = coffer::cli::command()
        .find_subcommand("audit:logs")
        .expect("audit:logs")
        .clone();
    let values = |id: &str| -> Vec<String> {
        logs.get_arguments()
            .find(|a| a.get_id() == id)
            .unwrap_or_else(|| panic!("--{id}"))
            .get_possible_values()
            .iter()
            .map(|v| v.get_name().to_owned())
            .collect()
    };
    let words: Vec<String> = Action::ALL.iter().map(|a| a.as_str().to_owned()).collect();
    assert_eq!(values("action"), words);
    let kinds: Vec<String> = Resource::ALL
        .iter()
        .map(|r| r.as_str().to_owned())
        .collect();
    assert_eq!(values("resource"), kinds);

    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v1"]).ok();
    env.run(&["secrets:get", "A"]).ok();
    let every = env.audit_rows(&[]);
    for action in Action::ALL {
        let rows = env.audit_rows(&["--action", action.as_str()]);
        let expected = every
            .iter()
            .filter(|r| r["action"] == action.as_str())
            .count();
        assert_eq!(rows.len(), expected, "--action {action}");
        assert!(rows.iter().all(|r| r["action"] == action.as_str()));
    }
    assert_eq!(env.audit_rows(&["--action", "accessed"]).len(), 1);
    env.run(&["audit:logs", "--action", "peeked"])
        .code(2)
        .stderr_has("peeked");
    env.run(&["audit:logs", "--resource", "members"]).code(2);
}
