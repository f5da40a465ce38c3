//! The attacks of the 0.1 security review, each as it was reproduced, and
//! what coffer now does: foreign SQL planted in the image (H1), a whole vault
//! forged with only the victim's public key (H2), data edited by an insider
//! without an audit row (M1), pins for CI (COFFER_EXPECT), a vault from
//! coffer 0.1 on a new machine, and state folders someone else controls.
//!
//! Insiders hold the identity: they decrypt the vault, edit it with SQLite,
//! drop coffer's triggers first and put them back after (as an attacker
//! would), sign it with the identity's key, and re-encrypt it.

use crate::common;

use std::path::{Path, PathBuf};

use common::{
    Env, Run, decrypt_vault, edit_image, encrypt_vault, insider_edit_vault, legacy_fixture,
};
use rusqlite::Connection;

const INTEGRITY: i32 = 6;

/// `audit:verify --format json`, with its exit code.
fn verify(env: &Env) -> (i32, serde_json::Value) {
    let run = env.run(&["audit:verify", "--format", "json"]);
    let json = if run.stdout.is_empty() {
        serde_json::Value::Null
    } else {
        run.json()
    };
    (run.code, json)
}

/// Assert a run failed with exit 6, said `text`, printed nothing, and the
/// vault is still `bytes`.
#[track_caller]
fn refused(env: &Env, run: Run, text: &str, bytes: &[u8]) {
    assert_eq!(
        run.code,
        INTEGRITY,
        "stderr: {}\nstdout: {}",
        run.stderr,
        run.out()
    );
    assert!(
        run.stderr.contains(text),
        "stderr lacks {text:?}: {}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "stdout: {}", run.out());
    assert_eq!(
        env.vault_bytes(),
        bytes,
        "a refused command changed the vault"
    );
}

/// Plant SQL in the vault's image, as the review did: with the identity,
/// no trigger restored, no re-signing needed (`meta` is untouched).
fn plant(env: &Env, sql: &str) {
    let image = env.image();
    let image = edit_image(&image, |c| c.execute_batch(sql).unwrap());
    encrypt_vault(&image, &env.vault(), &env.identity());
}

// ---------------------------------------------------------------- H1: foreign SQL

#[test]
fn a_trigger_that_swallows_audit_rows_is_refused_by_name() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    let head = env.run(&["audit:checkpoint"]).ok().out();
    plant(
        &env,
        "CREATE TRIGGER zz BEFORE INSERT ON audit WHEN NEW.action = 'accessed'
           BEGIN SELECT RAISE(IGNORE); END;
         CREATE TRIGGER zz_head BEFORE UPDATE ON meta WHEN OLD.key = 'audit_head'
           BEGIN SELECT RAISE(IGNORE); END;",
    );
    let planted = env.vault_bytes();
    for _ in 0..4 {
        let run = env.run(&["secrets:get", "A"]);
        refused(&env, run, "trigger zz that coffer did not create", &planted);
    }
    for args in [
        vec!["audit:verify"],
        vec!["audit:verify", "--expect", head.trim()],
        vec!["status"],
        vec!["audit:logs"],
    ] {
        let run = env.run(&args);
        refused(
            &env,
            run,
            "database schema was changed outside coffer",
            &planted,
        );
    }
}

#[test]
fn a_view_in_place_of_the_member_table_is_refused() {
    let env = Env::with_vault();
    let attacker = age::x25519::Identity::generate().to_public().to_string();
    plant(
        &env,
        &format!(
            "ALTER TABLE member RENAME TO member_real;
             CREATE VIEW member AS SELECT * FROM member_real UNION ALL
               SELECT 999, 'ghost', '{attacker}', 'admin', 0, NULL WHERE total_changes() > 0;"
        ),
    );
    let planted = env.vault_bytes();
    let run = env.run(&["status"]);
    refused(
        &env,
        run,
        "table member_real that coffer did not create",
        &planted,
    );
    assert!(run_has_more(&env), "the other differences are counted");
    let run = env.run(&["secrets:create", "B", "bravo"]);
    refused(&env, run, "table member_real", &planted);
}

/// Whether `status` on the vault counts differences it did not list.
fn run_has_more(env: &Env) -> bool {
    env.run(&["status"]).stderr.contains("more differences)")
}

#[test]
fn a_trigger_that_puts_values_into_errors_is_refused_before_any_value_is_read() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "db-password-123"]).ok();
    plant(
        &env,
        "CREATE TRIGGER leak BEFORE UPDATE ON secret
           BEGIN SELECT json_extract('{}', (SELECT value FROM version LIMIT 1)); END;",
    );
    let planted = env.vault_bytes();
    for args in [
        vec!["secrets:get", "A"],
        vec!["secrets:create", "G", "--generate"],
        vec!["secrets:update", "A", "new-value-456"],
    ] {
        let run = env.run(&args);
        assert!(!run.stderr.contains("db-password-123"), "{}", run.stderr);
        refused(&env, run, "trigger leak", &planted);
    }
}

#[test]
fn recursive_triggers_and_views_are_refused_without_running() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    plant(
        &env,
        "CREATE TRIGGER loop AFTER INSERT ON audit
           BEGIN INSERT INTO audit SELECT * FROM audit WHERE 0; END;
         CREATE VIEW spill AS WITH RECURSIVE c(x) AS
           (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c ORDER BY x DESC;",
    );
    let planted = env.vault_bytes();
    let run = env.run(&["secrets:get", "A"]);
    refused(&env, run, "trigger loop", &planted);
    // Nothing was spilled to a temp folder either: coffer never ran them.
    let tmp: Vec<PathBuf> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("etilqs")
        })
        .collect();
    assert!(tmp.is_empty(), "{tmp:?}");
}

// ---------------------------------------------------------------- H2: forged from the public key

/// An attacker's own vault, made with coffer under their own HOME, holding
/// `DATABASE_URL`, with its member row rewritten to the victim's recipient
/// and the whole image encrypted to the victim's public key: all it takes
/// is that public key.
fn forge_for(victim: &Env, into: &Path) -> String {
    let attacker = Env::with_vault();
    attacker
        .run(&[
            "secrets:create",
            "DATABASE_URL",
            "postgresql://attacker@evil/db",
        ])
        .ok();
    let victim_recipient = common::load_identity(&victim.identity())
        .to_public()
        .to_string();
    let image = attacker.image();
    let image = edit_image(&image, |c: &Connection| {
        c.execute("UPDATE member SET recipient = ?1", [&victim_recipient])
            .unwrap();
    });
    let recipient: age::x25519::Recipient = victim_recipient.parse().unwrap();
    let enc = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        .unwrap();
    let mut out = Vec::new();
    let mut w = enc.wrap_output(&mut out).unwrap();
    std::io::Write::write_all(&mut w, &image).unwrap();
    w.finish().unwrap();
    std::fs::write(into, out).unwrap();
    attacker.run(&["status", "--format", "json"]).ok().json()["signing_key"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_vault_forged_with_the_public_key_is_refused_on_a_fresh_machine() {
    let victim = Env::with_vault();
    let forged = victim.path("forged.age");
    let attacker_key = forge_for(&victim, &forged);
    let vault = forged.to_str().unwrap();
    let bytes = std::fs::read(&forged).unwrap();
    for args in [
        vec!["secrets:get", "DATABASE_URL", "--vault", vault],
        vec!["audit:verify", "--vault", vault],
        vec!["status", "--vault", vault],
        vec![
            "secrets:update",
            "DATABASE_URL",
            "rotated",
            "--vault",
            vault,
        ],
    ] {
        let run = victim.run(&args);
        assert_eq!(run.code, INTEGRITY, "{args:?}: {}", run.stderr);
        assert!(!run.out().contains("attacker"), "{}", run.out());
        assert!(
            run.stderr.contains(&format!(
                "last written by {attacker_key}, a signing key this machine does not trust"
            )),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("hint: anyone who has your public key"));
        assert_eq!(std::fs::read(&forged).unwrap(), bytes, "{args:?} wrote");
    }
}

#[test]
fn a_pinned_key_is_trusted_on_this_machine_and_in_coffer_expect() {
    // Until members can be added, the only vault another key signs is a
    // forged one: it shows what a pin does (the signer is trusted), and
    // that a wrong pin still does not make a forgery readable (its member
    // set was changed without an audit row).
    let victim = Env::with_vault();
    let forged = victim.path("teammate.age");
    let key = forge_for(&victim, &forged);
    let vault = forged.to_str().unwrap();
    // For CI: trusted for the one command that pins it.
    let out = victim
        .cmd(&["status", "--vault", vault, "--format", "json"])
        .env("COFFER_EXPECT", &key)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["trusted_as"], "COFFER_EXPECT / --expect");
    let out = victim
        .cmd(&["secrets:get", "DATABASE_URL", "--vault", vault])
        .env("COFFER_EXPECT", &key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(INTEGRITY));
    assert!(String::from_utf8_lossy(&out.stderr).contains("members mismatch"));
    assert!(out.stdout.is_empty());
    // A bad pin is a usage error, naming what a pin looks like.
    let out = victim
        .cmd(&["status", "--vault", vault])
        .env("COFFER_EXPECT", "ed25519:00")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ed25519:"));
    // On this machine, once pinned; the vault is then written (and signed)
    // by the victim's own key.
    victim.run(&["status", "--vault", vault]).code(INTEGRITY);
    let run = victim.run(&["vault:trust", &key, "--vault", vault]).ok();
    assert!(
        run.out().contains(&format!("trusted signing key {key}")),
        "{}",
        run.out()
    );
    victim.run(&["vault:trust", &key, "--vault", vault]).ok();
    let status = victim
        .run(&["status", "--vault", vault, "--format", "json"])
        .ok()
        .json();
    assert_eq!(status["trusted_as"], "pinned on this machine");
    victim
        .run(&["vault:trust", "ed25519:zz", "--vault", vault])
        .code(2);
    victim
        .run(&["vault:trust", "--unsigned", "--vault", vault])
        .code(2);
    let run = victim.run(&["vault:trust", "--unsigned"]).code(2);
    assert!(
        run.stderr.contains("is signed by your own key")
            && run.stderr.contains("nothing to accept"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_forged_unsigned_vault_is_refused_unless_accepted() {
    // The forger makes an unsigned vault of coffer 0.1's shape instead,
    // encrypted to the victim.
    let victim = Env::with_vault();
    let fixture = legacy_fixture(&victim);
    let victim_recipient = common::load_identity(&victim.identity())
        .to_public()
        .to_string();
    let image = decrypt_vault(&fixture, &victim.path("legacy/identity.txt"));
    let image = edit_image(&image, |c| {
        c.execute("UPDATE member SET recipient = ?1", [&victim_recipient])
            .unwrap();
    });
    encrypt_vault(&image, &fixture, &victim.identity());
    let run = victim.run(&[
        "secrets:get",
        "API_KEY",
        "--vault",
        fixture.to_str().unwrap(),
    ]);
    assert_eq!(run.code, INTEGRITY);
    assert!(run.stderr.contains("is not signed"), "{}", run.stderr);
    assert!(
        run.stderr.contains("coffer vault:trust --unsigned"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_signature_that_is_stripped_or_stale_is_refused() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    let good = env.vault_bytes();
    plant(&env, "DELETE FROM meta WHERE key = 'signature'");
    let stripped = env.vault_bytes();
    let run = env.run(&["secrets:get", "A"]);
    refused(
        &env,
        run,
        "is not signed, but every vault of schema 3 is",
        &stripped,
    );

    std::fs::write(env.vault(), &good).unwrap();
    // A row appended with coffer's own hashing, but not signed.
    let image = env.image();
    let image = edit_image(&image, |c| {
        c.execute(
            "UPDATE meta SET value = '99:' || substr(value, instr(value, ':') + 1) WHERE key = 'audit_head'",
            [],
        )
        .unwrap();
    });
    encrypt_vault(&image, &env.vault(), &env.identity());
    let stale = env.vault_bytes();
    let run = env.run(&["status"]);
    refused(&env, run, "was changed after its last signed write", &stale);

    // A signature by a key that is no member's.
    std::fs::write(env.vault(), &good).unwrap();
    let stranger = coffer::keys::signing_key(&age::x25519::Identity::generate());
    let image = env.image();
    let image = edit_image(&image, |c| coffer::vault::sign::sign(c, &stranger).unwrap());
    encrypt_vault(&image, &env.vault(), &env.identity());
    let foreign = env.vault_bytes();
    let run = env.run(&["status"]);
    refused(&env, run, "which is no member's signing key", &foreign);
}

// ---------------------------------------------------------------- M1: data bound to the audit

/// A vault with A (two versions, read once) and B, verified and anchored.
fn bound() -> Env {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha-1", "--tags", "t"])
        .ok();
    env.run(&["secrets:update", "A", "alpha-2"]).ok();
    env.run(&["secrets:get", "A"]).ok();
    env.run(&["secrets:create", "B", "bravo-1", "--metadata", "k=v"])
        .ok();
    assert_eq!(verify(&env).1["status"], "ok");
    env
}

/// After an insider edit: audit:verify reports `reason` (exit 6), and an
/// audited read is refused as a write would be, printing nothing.
#[track_caller]
fn caught(env: &Env, reason: &str) {
    let (code, report) = verify(env);
    assert_eq!(code, INTEGRITY, "{report:#}");
    assert_eq!(report["status"], "tampered", "{report:#}");
    assert_eq!(report["problem"]["reason"], reason, "{report:#}");
    let bytes = env.vault_bytes();
    let run = env.run(&["secrets:get", "A"]);
    refused(env, run, "refusing to read", &bytes);
}

#[test]
fn edited_versions_are_caught() {
    for (sql, reason) in [
        // A value changed: `secrets:get --version 1` would print it.
        (
            "UPDATE version SET value = x'6576696c' WHERE number = 1",
            "value_mismatch",
        ),
        // The newest version deleted: `secrets:get` would silently print
        // the one before.
        (
            "DELETE FROM version WHERE number = 2 AND secret_id = (SELECT id FROM secret WHERE name = 'A')",
            "missing_version",
        ),
    ] {
        let env = bound();
        insider_edit_vault(&env, |c| {
            c.execute(sql, []).unwrap();
        });
        caught(&env, reason);
    }
}

#[test]
fn a_version_added_without_a_row_is_unrecorded() {
    let env = bound();
    insider_edit_vault(&env, |c| {
        c.execute(
            "INSERT INTO version SELECT secret_id, 3, x'6576696c', created_at, created_by, 'update', NULL
               FROM version WHERE number = 2",
            [],
        )
        .unwrap();
    });
    let (code, report) = verify(&env);
    assert_eq!(code, INTEGRITY);
    // Its secret's newest version moved too: both are reported.
    let reasons = report["breaks"].to_string();
    assert!(reasons.contains("unrecorded_version"), "{report:#}");
    assert!(reasons.contains("state_mismatch"), "{report:#}");
}

#[test]
fn a_deleted_secret_is_missing() {
    let env = bound();
    insider_edit_vault(&env, |c| {
        c.execute_batch(
            "DELETE FROM metadata WHERE secret_id = (SELECT id FROM secret WHERE name = 'B');
             DELETE FROM version WHERE secret_id = (SELECT id FROM secret WHERE name = 'B');
             DELETE FROM secret WHERE name = 'B';",
        )
        .unwrap();
    });
    let (code, report) = verify(&env);
    assert_eq!(code, INTEGRITY);
    let reasons: Vec<&str> = report["breaks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"missing_secret"), "{report:#}");
    assert!(reasons.contains(&"missing_version"), "{report:#}");
}

#[test]
fn changed_facts_are_a_state_mismatch() {
    for sql in [
        "UPDATE secret SET enabled = 0 WHERE name = 'A'",
        "UPDATE secret SET expires_at = 4102444800 WHERE name = 'A'",
        "UPDATE secret SET deleted_at = 1 WHERE name = 'A'",
        "UPDATE secret SET description = 'x' WHERE name = 'A'",
        "DELETE FROM tag WHERE tag = 't'",
        "UPDATE metadata SET value = 'w' WHERE key = 'k'",
        "UPDATE secret SET type = 'password' WHERE name = 'A'",
    ] {
        let env = bound();
        insider_edit_vault(&env, |c| {
            c.execute_batch(sql).unwrap();
        });
        let (code, report) = verify(&env);
        assert_eq!(code, INTEGRITY, "{sql}: {report:#}");
        assert_eq!(
            report["problem"]["reason"], "state_mismatch",
            "{sql}: {report:#}"
        );
    }
}

#[test]
fn a_secret_added_without_a_row_is_unrecorded() {
    let env = bound();
    insider_edit_vault(&env, |c| {
        c.execute_batch(
            "INSERT INTO secret (id, name, type, created_at, created_by, updated_at)
               VALUES (99, 'PLANTED', 'generic', 0, 'x', 0);",
        )
        .unwrap();
    });
    caught(&env, "unrecorded_secret");
}

#[test]
fn a_zeroed_fingerprint_key_and_a_new_member_are_caught() {
    let env = bound();
    insider_edit_vault(&env, |c| {
        c.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'hmac_key'",
            [&"00".repeat(32)],
        )
        .unwrap();
    });
    let (code, report) = verify(&env);
    assert_eq!(code, INTEGRITY);
    let reasons = report["breaks"].to_string();
    assert!(reasons.contains("key_mismatch"), "{report:#}");
    assert!(reasons.contains("value_mismatch"), "{report:#}");

    let env = bound();
    let attacker = age::x25519::Identity::generate().to_public().to_string();
    insider_edit_vault(&env, |c| {
        c.execute(
            "INSERT INTO member (name, recipient, role, added_at) VALUES ('ghost', ?1, 'admin', 0)",
            [&attacker],
        )
        .unwrap();
    });
    caught(&env, "members_mismatch");
}

#[test]
fn acknowledging_a_data_break_accepts_that_data_and_no_later_edit() {
    let env = bound();
    insider_edit_vault(&env, |c| {
        c.execute("UPDATE secret SET enabled = 0 WHERE name = 'A'", [])
            .unwrap();
    });
    let run = env
        .run(&["audit:acknowledge", "--reason", "disabled by hand (INC-7)"])
        .ok();
    assert!(run.out().contains("state mismatch"), "{}", run.out());
    let (code, report) = verify(&env);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["acknowledgements"][0]["covers"], 1, "{report:#}");
    let rows = env.audit_rows(&["--action", "acknowledged"]);
    assert!(
        rows[0]["details"]["accepted"]
            .as_str()
            .unwrap()
            .contains("\"secret\",\"A\""),
        "{rows:?}"
    );
    // The accepted facts are what the log expects now...
    env.run(&["secrets:enable", "A"]).ok();
    env.run(&["secrets:get", "A"]).ok();
    // ...and a later edit of the same kind is caught again.
    insider_edit_vault(&env, |c| {
        c.execute("UPDATE secret SET enabled = 0 WHERE name = 'A'", [])
            .unwrap();
    });
    assert_eq!(verify(&env).1["problem"]["reason"], "state_mismatch");
}

// ---------------------------------------------------------------- COFFER_EXPECT

#[test]
fn coffer_expect_pins_a_head_for_every_command_on_a_fresh_machine() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    let old = env.vault_state();
    env.run(&["secrets:update", "A", "alpha-2"]).ok();
    let head = env.run(&["audit:checkpoint"]).ok().out().trim().to_owned();
    // A fresh machine, handed the older copy: only the pin can tell.
    std::fs::remove_dir_all(env.path("state")).unwrap();
    env.restore(&old);
    let out = env
        .cmd(&["secrets:get", "A"])
        .env("COFFER_EXPECT", &head)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(INTEGRITY));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rolled back"));
    assert!(out.stdout.is_empty());
    assert_eq!(env.vault_state(), old);
}

// ---------------------------------------------------------------- coffer 0.1 vaults

#[test]
fn a_coffer_0_1_vault_is_accepted_once_then_migrates_and_is_signed() {
    let env = Env::new();
    let vault = legacy_fixture(&env);
    let before = std::fs::read(&vault).unwrap();
    let args = |a: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = a.iter().map(|s| s.to_string()).collect();
        v.extend([
            "--vault".into(),
            vault.display().to_string(),
            "--identity".into(),
            env.path("legacy/identity.txt").display().to_string(),
        ]);
        v
    };
    let run_ = |a: &[&str]| {
        let a = args(a);
        env.run(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let run = run_(&["secrets:get", "API_KEY"]);
    assert_eq!(run.code, INTEGRITY, "{}", run.stderr);
    assert_eq!(std::fs::read(&vault).unwrap(), before);
    let run = run_(&["vault:trust", "--unsigned"]).ok();
    assert!(
        run.out().starts_with(
            "accepted unsigned vault 58e140bceceac0a24471dd76bd2d4132 on this machine"
        ),
        "{}",
        run.out()
    );
    let status = run_(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["schema_version"], 2);
    assert_eq!(status["signed_by"], serde_json::Value::Null);
    // The first write migrates: schema 3, bound, signed by this identity.
    assert_eq!(run_(&["secrets:get", "API_KEY"]).ok().out(), "key-2\n");
    let status = run_(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["schema_version"], 5);
    assert_eq!(status["signed_by"], status["signing_key"]);
    assert_eq!(status["trusted_as"], "your own key");
    let run = run_(&["audit:verify", "--format", "json"]).ok();
    assert_eq!(run.json()["status"], "ok");
    let logs = run_(&["audit:logs", "--action", "migrated", "--format", "json"])
        .ok()
        .json();
    let targets: Vec<String> = logs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["target"].as_str().unwrap_or("-").to_owned())
        .collect();
    assert_eq!(targets, ["-", "API_KEY", "DATABASE_URL", "OLD_TOKEN"]);
    // Everything the 0.1 vault held is still there, as it was.
    run_(&["secrets:get", "DATABASE_URL"]).code(4);
    run_(&["secrets:get", "OLD_TOKEN"]).code(3);
    assert_eq!(
        run_(&["secrets:get", "API_KEY", "--version", "1"])
            .ok()
            .out(),
        "key-1\n"
    );
    // And an insider's edit of a migrated secret is caught like any other.
    let image = decrypt_vault(&vault, &env.path("legacy/identity.txt"));
    let image = common::insider_edit(&image, &env.path("legacy/identity.txt"), |c| {
        c.execute(
            "UPDATE secret SET enabled = 1 WHERE name = 'DATABASE_URL'",
            [],
        )
        .unwrap();
    });
    encrypt_vault(&image, &vault, &env.path("legacy/identity.txt"));
    let run = run_(&["audit:verify", "--format", "json"]).code(INTEGRITY);
    assert_eq!(run.json()["problem"]["reason"], "state_mismatch");
}

// ---------------------------------------------------------------- state folders

#[test]
fn a_state_folder_others_can_write_or_own_is_not_trusted() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    let state = env.path("state/coffer");
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o777)).unwrap();
    let bytes = env.vault_bytes();
    let run = env.run(&["secrets:get", "A"]).code(4);
    assert!(
        run.stderr.contains("does not trust its state folder"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("others can write in it"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    assert_eq!(env.vault_bytes(), bytes);

    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o700)).unwrap();
    env.run(&["secrets:get", "A"]).ok();
    if rustix::process::getuid().is_root() {
        std::os::unix::fs::chown(&state, Some(65534), None).unwrap();
        let run = env.run(&["secrets:get", "A"]).code(4);
        assert!(
            run.stderr.contains("belongs to uid 65534"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_signed_vault_taken_back_to_schema_2_is_refused_by_verify() {
    // An insider rebuilds a signed vault in schema 2's exact shape (the
    // member table as coffer 0.1 wrote it, no signature) so that it opens
    // as an unsigned vault on a machine that knows it.
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    let fixture_env = Env::new();
    let fixture = legacy_fixture(&fixture_env);
    let old = decrypt_vault(&fixture, &fixture_env.path("legacy/identity.txt"));
    let (member_sql, index_sql): (String, String) = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("v.db"), &old).unwrap();
        let c = Connection::open(dir.path().join("v.db")).unwrap();
        let sql = |name: &str| -> String {
            c.query_row(
                "SELECT sql FROM sqlite_schema WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap()
        };
        (sql("member"), sql("audit_by_target"))
    };
    let image = env.image();
    let image = edit_image(&image, |c| {
        c.execute_batch(&format!(
            "ALTER TABLE member RENAME TO member_new;
             {member_sql};
             INSERT INTO member SELECT id, name, recipient, role, added_at FROM member_new;
             DROP TABLE member_new;
             {index_sql};
             DROP INDEX version_number;
             DELETE FROM meta WHERE key = 'signature';
             PRAGMA user_version = 2;"
        ))
        .unwrap();
    });
    encrypt_vault(&image, &env.vault(), &env.identity());
    // This machine has seen it signed: refused at open, whatever it trusts.
    let bytes = env.vault_bytes();
    let run = env.run(&["status"]);
    refused(&env, run, "this machine has seen vault", &bytes);
    let run = env.run(&["vault:trust", "--unsigned"]);
    refused(&env, run, "refusing to accept an unsigned copy", &bytes);
    // A machine that never saw it refuses it as unsigned; if its user is
    // talked into accepting it, it opens, but does not verify, and nothing
    // writes to it.
    std::fs::remove_dir_all(env.path("state")).unwrap();
    let run = env.run(&["secrets:get", "A"]);
    refused(&env, run, "vault:trust --unsigned", &bytes);
    env.run(&["vault:trust", "--unsigned"]).ok();
    let status = env.run(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["schema_version"], 2);
    let run = env.run(&["audit:verify", "--format", "json"]);
    assert_eq!(run.code, INTEGRITY, "{}", run.stderr);
    let report = run.json();
    assert_eq!(
        report["problem"]["reason"], "schema_downgraded",
        "{report:#}"
    );
    let run = env.run(&["secrets:get", "A"]);
    refused(&env, run, "downgraded", &bytes);
    // Someone who looked into it can acknowledge it: the acknowledgement
    // migrates the vault forward again and signs it with their own key.
    env.run(&[
        "audit:acknowledge",
        "--reason",
        "downgraded by hand (INC-9)",
    ])
    .ok();
    let status = env.run(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["schema_version"], 5);
    assert_eq!(status["trusted_as"], "your own key");
    assert_eq!(verify(&env).1["status"], "ok");
    assert_eq!(env.run(&["secrets:get", "A"]).ok().out(), "alpha\n");
}

// ---------------------------------------------------------------- the second review

/// Swap the rowids that the unique index on secret names gives `a` and `b`,
/// in the raw image (a leaf index page with one-byte rowids, as in a small
/// vault): the table and the index then disagree.
fn swap_index_rowids(image: &mut [u8], a: &str, b: &str) {
    let (root, page_size): (i64, i64) = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("v.db"), &*image).unwrap();
        let c = Connection::open(dir.path().join("v.db")).unwrap();
        (
            c.query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_autoindex_secret_1'",
                [],
                |r| r.get(0),
            )
            .unwrap(),
            c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap(),
        )
    };
    let start = ((root - 1) * page_size) as usize;
    let page = &mut image[start..start + page_size as usize];
    assert_eq!(page[0], 0x0a, "a leaf index page");
    let cells = u16::from_be_bytes([page[3], page[4]]) as usize;
    let mut rowid_at = std::collections::HashMap::new();
    for i in 0..cells {
        let ptr = u16::from_be_bytes([page[8 + 2 * i], page[9 + 2 * i]]) as usize;
        // payload size (one-byte varint), record header size, serial types
        let header = ptr + 1;
        let header_len = page[header] as usize;
        let name_type = page[header + 1] as usize;
        let name_len = (name_type - 13) / 2;
        let body = header + header_len;
        let name = String::from_utf8_lossy(&page[body..body + name_len]).into_owned();
        if name == a || name == b {
            assert_eq!(page[header + 2], 1, "a one-byte rowid for {name}");
            rowid_at.insert(name, body + name_len);
        }
    }
    let (ia, ib) = (rowid_at[a], rowid_at[b]);
    page.swap(ia, ib);
}

#[test]
fn an_index_edited_to_point_at_another_secret_is_refused_at_open() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "AAA", "a"]).ok();
    env.run(&["secrets:create", "DB_PROD", "postgres://prod-db/app"])
        .ok();
    env.run(&["secrets:create", "DB_STAG", "postgres://attacker-db/app"])
        .ok();
    let mut image = env.image();
    swap_index_rowids(&mut image, "DB_PROD", "DB_STAG");
    encrypt_vault(&image, &env.vault(), &env.identity());
    let bytes = env.vault_bytes();
    let run = env.run(&["secrets:get", "DB_PROD"]);
    assert!(!run.out().contains("attacker"), "{}", run.out());
    refused(&env, run, "does not hold together", &bytes);
    let run = env.run(&["audit:verify"]);
    refused(&env, run, "does not hold together", &bytes);
}

#[test]
fn rows_that_refer_to_no_secret_are_refused_at_open() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    insider_edit_vault(&env, |c| {
        c.execute_batch(
            "PRAGMA foreign_keys = OFF;
             INSERT INTO metadata VALUES (99, 'webhook', 'https://evil.example/hook');",
        )
        .unwrap();
    });
    let bytes = env.vault_bytes();
    let run = env.run(&["secrets:create", "NEW", "v"]);
    refused(
        &env,
        run,
        "1 rows refer to a secret that does not exist",
        &bytes,
    );
}

#[test]
fn a_version_with_another_author_is_a_version_mismatch() {
    let env = bound();
    insider_edit_vault(&env, |c| {
        c.execute(
            "UPDATE version SET created_by = 'mallory', kind = 'rollback', source_version = 1
               WHERE number = 2",
            [],
        )
        .unwrap();
    });
    caught(&env, "version_mismatch");
}

/// Append `event` as a row chained like coffer's own, and sign the image
/// (an insider with the identity).
fn append_row(env: &Env, change: &str, event: coffer::audit::Event) {
    insider_edit_vault(env, |c| {
        c.execute_batch(change).unwrap();
        let id: String = c
            .query_row("SELECT value FROM meta WHERE key = 'vault_id'", [], |r| {
                r.get(0)
            })
            .unwrap();
        coffer::audit::append(c, &id, 1_900_000_000, "owner", event).unwrap();
    });
}

#[test]
fn digests_are_believed_only_from_the_rows_that_may_record_them() {
    // A member added, "recorded" by a listing; a secret re-enabled,
    // "recorded" by a read.
    let env = bound();
    let attacker = age::x25519::Identity::generate().to_public().to_string();
    let mut members = String::new();
    insider_edit_vault(&env, |c| {
        c.execute(
            "INSERT INTO member (name, recipient, role, added_at) VALUES ('ghost', ?1, 'admin', 0)",
            [&attacker],
        )
        .unwrap();
        members = coffer::audit::bind::members_digest(c).unwrap();
    });
    append_row(
        &env,
        "",
        coffer::audit::Event::vault(coffer::model::Action::Listed)
            .detail("count", "2")
            .detail("members", members),
    );
    caught(&env, "members_mismatch");

    let env = bound();
    env.run(&["secrets:disable", "A"]).ok();
    let mut state = String::new();
    insider_edit_vault(&env, |c| {
        c.execute("UPDATE secret SET enabled = 1 WHERE name = 'A'", [])
            .unwrap();
        state = coffer::audit::bind::read_facts(c, Some("A"))
            .unwrap()
            .pop()
            .unwrap()
            .digest();
    });
    append_row(
        &env,
        "",
        coffer::audit::Event::secret(coffer::model::Action::Accessed, "A", Some(2))
            .detail("state", state),
    );
    caught(&env, "state_mismatch");
}

/// An acknowledgement an insider writes by hand: valid (its witness is the
/// chain so far), accepting `accepted`.
fn forged_acknowledgement(env: &Env, change: &str, accepted: serde_json::Value) {
    insider_edit_vault(env, |c| {
        c.execute_batch(change).unwrap();
        let id: String = c
            .query_row("SELECT value FROM meta WHERE key = 'vault_id'", [], |r| {
                r.get(0)
            })
            .unwrap();
        let head = coffer::audit::last_head(c).unwrap().unwrap();
        let event = coffer::audit::Event::audit(coffer::model::Action::Acknowledged)
            .detail("reason", "routine")
            .detail("found", "tampered")
            .detail("witness", hex::encode(&head.hash))
            .detail("accepted", accepted.to_string());
        coffer::audit::append(c, &id, 1_900_000_000, "owner", event).unwrap();
    });
}

#[test]
fn a_forged_acknowledgement_cannot_accept_what_an_anchor_vouched_for() {
    let env = bound();
    let checkpoint = env.run(&["audit:checkpoint"]).ok().out().trim().to_owned();
    forged_acknowledgement(
        &env,
        "UPDATE version SET value = CAST('attacker-value' AS BLOB)
           WHERE number = 1 AND secret_id = (SELECT id FROM secret WHERE name = 'A')",
        serde_json::json!([["version", "A", 1, null]]),
    );
    // With the remembered head (taken before the acknowledgement existed),
    // the acknowledgement cannot accept version 1: it was vouched for.
    let (code, report) = verify(&env);
    assert_eq!(code, INTEGRITY, "{report:#}");
    assert_eq!(report["problem"]["reason"], "value_mismatch", "{report:#}");
    assert!(
        report["warnings"].to_string().contains(
            "accepts version 1 of A as it is, but a head kept outside the file vouched for it"
        ),
        "{report:#}"
    );
    // The same with only --expect, on a fresh machine.
    std::fs::remove_dir_all(env.path("state")).unwrap();
    let run = env.run(&["audit:verify", "--format", "json", "--expect", &checkpoint]);
    assert_eq!(run.code, INTEGRITY, "{}", run.out());
}

#[test]
fn accepting_the_members_as_absent_does_not_stop_checking_them() {
    let env = bound();
    forged_acknowledgement(
        &env,
        "",
        serde_json::json!([["members", null, null, null], ["key", null, null, null]]),
    );
    // No anchor can stop this one (the state folder is gone), but the
    // members are expected absent now, not unchecked.
    std::fs::remove_dir_all(env.path("state")).unwrap();
    let (code, report) = verify(&env);
    assert_eq!(code, INTEGRITY, "{report:#}");
    let reasons = report["breaks"].to_string();
    assert!(reasons.contains("members_mismatch"), "{report:#}");
    assert!(reasons.contains("key_mismatch"), "{report:#}");
}

#[test]
fn a_coffer_0_1_vault_with_a_break_can_be_acknowledged() {
    let env = Env::new();
    let vault = legacy_fixture(&env);
    let identity = env.path("legacy/identity.txt");
    let image = edit_image(&decrypt_vault(&vault, &identity), |c| {
        c.execute_batch(
            "DROP TRIGGER audit_is_append_only_update;
             UPDATE audit SET ts = ts + 1 WHERE seq = 2;",
        )
        .unwrap();
        c.execute_batch(
            "CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
        )
        .unwrap();
    });
    encrypt_vault(&image, &vault, &identity);
    let with = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--vault", vault.to_str().unwrap()]);
        all.extend(["--identity", identity.to_str().unwrap()]);
        env.run(&all)
    };
    with(&["vault:trust", "--unsigned"]).ok();
    with(&["secrets:get", "API_KEY"]).code(INTEGRITY);
    with(&["audit:acknowledge", "--reason", "clock fix (INC-3)"]).ok();
    let report = with(&["audit:verify", "--format", "json"]).ok().json();
    assert_eq!(report["status"], "ok", "{report:#}");
    assert_eq!(with(&["secrets:get", "API_KEY"]).ok().out(), "key-2\n");
    let status = with(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["trusted_as"], "your own key");
}

#[test]
fn a_malformed_or_broken_signature_is_refused() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    let good = env.vault_bytes();
    for (sql, message) in [
        (
            "UPDATE meta SET value = 'garbage' WHERE key = 'signature'",
            "the vault's signature is invalid: it is malformed",
        ),
        (
            // The last hex digit of the signature changed.
            "UPDATE meta SET value = substr(value, 1, length(value) - 1)
                 || CASE substr(value, -1) WHEN '0' THEN '1' ELSE '0' END
               WHERE key = 'signature'",
            "the vault's signature is invalid: it does not match the vault id and head it names",
        ),
        (
            "UPDATE meta SET value = 'ssh-ed25519' || substr(value, 8) WHERE key = 'signature'",
            "the vault's signature is invalid: a signing key starts with `ed25519:`",
        ),
    ] {
        std::fs::write(env.vault(), &good).unwrap();
        plant(&env, sql);
        let bytes = env.vault_bytes();
        let run = env.run(&["status"]);
        refused(&env, run, message, &bytes);
    }
}

#[test]
fn a_bad_pin_is_a_usage_error_that_shows_both_forms() {
    let env = Env::with_vault();
    for pin in ["banana", "7:abc", "ed25519:zz"] {
        let out = env
            .cmd(&["status"])
            .env("COFFER_EXPECT", pin)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{pin}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("ed25519:"), "{pin}: {stderr}");
        assert!(out.stdout.is_empty());
    }
    // The same through --expect, on audit:verify as before.
    env.run(&["audit:verify", "--expect", "banana"]).code(2);
}

#[test]
fn a_state_folder_behind_a_symlink_is_not_trusted() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    let trust = env.path("state/coffer/trust");
    let elsewhere = env.path("elsewhere");
    std::fs::rename(&trust, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &trust).unwrap();
    let bytes = env.vault_bytes();
    let run = env.run(&["secrets:get", "A"]).code(4);
    assert!(
        run.stderr
            .contains("it is not a folder (a symlink or a file)"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    assert_eq!(env.vault_bytes(), bytes);
}
