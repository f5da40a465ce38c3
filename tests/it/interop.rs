//! The vault is plain age over a plain SQLite image (`man 5 coffer-vault`):
//! standard tools read it, it holds no secret value outside the encryption,
//! its audit rows hold fingerprints and never values, and a file re-encrypted
//! by other age tooling still opens in coffer.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Env;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

const NEEDLE: &str = "needle-XYZZY-1234567890";
const NEEDLE_UPDATE: &str = "needle-PLUGH-0987654321";
const NEEDLE_ROTATE: &str = "needle-FROTZ-5555512345";

/// A binary value: every byte value, behind a distinctive prefix.
fn binary_value() -> Vec<u8> {
    let mut v = b"\x00\xffneedle-BINARY-\x01\x02".to_vec();
    v.extend((0..=255u8).rev());
    v.extend_from_slice(b"\r\n\x00tail-needle-BINARY");
    v
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let ty = entry.file_type().unwrap();
            if ty.is_dir() {
                todo.push(entry.path());
            } else if ty.is_file() {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    out
}

/// A decrypted image written to a temp file and opened with plain SQLite.
struct Image {
    _dir: tempfile::TempDir,
    path: PathBuf,
    conn: Connection,
}

fn open_image(image: &[u8]) -> Image {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    std::fs::write(&path, image).unwrap();
    let conn = Connection::open(&path).unwrap();
    Image {
        _dir: dir,
        path,
        conn,
    }
}

/// Where `tool` is installed. Missing, the test checks less and says so,
/// except in CI (`COFFER_REQUIRE_TOOLS`, set by .ci/run, which installs it),
/// where it fails.
fn which(tool: &str) -> Option<PathBuf> {
    let found = Command::new("which")
        .arg(tool)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    assert!(
        found.is_some() || std::env::var_os("COFFER_REQUIRE_TOOLS").is_none(),
        "{tool} is required here (COFFER_REQUIRE_TOOLS is set): install it"
    );
    found
}

/// A vault with a few secrets, versions and reads; `armor` for `init --armor`.
fn populated(armor: bool) -> (Env, tempfile::TempDir) {
    let env = Env::new();
    if armor {
        env.run(&["init", "--armor"]).ok();
    } else {
        env.run(&["init"]).ok();
    }
    // The binary value comes from a file outside the environment, so a search
    // of the environment's folders finds only what coffer wrote.
    let outside = tempfile::tempdir().unwrap();
    let bin = outside.path().join("bin");
    std::fs::write(&bin, binary_value()).unwrap();
    env.run(&["secrets:create", "prod/db/password", NEEDLE])
        .ok();
    env.run(&[
        "secrets:create",
        "BINARY_BLOB",
        "--from-file",
        bin.to_str().unwrap(),
    ])
    .ok();
    env.run_stdin(
        &["secrets:create", "FROM_STDIN", "-"],
        b"stdin-needle-QWERTY\n",
    )
    .ok();
    env.run(&["secrets:update", "prod/db/password", NEEDLE_UPDATE])
        .ok();
    env.run(&["secrets:rotate", "prod/db/password", NEEDLE_ROTATE])
        .ok();
    assert_eq!(
        env.run(&["secrets:get", "-n", "prod/db/password", "--version", "1"])
            .ok()
            .out(),
        NEEDLE
    );
    assert_eq!(
        env.run(&["secrets:get", "-n", "prod/db/password"])
            .ok()
            .out(),
        NEEDLE_ROTATE
    );
    assert_eq!(
        env.run(&["secrets:get", "-n", "BINARY_BLOB"]).ok().stdout,
        binary_value()
    );
    env.run(&["secrets:get", "BINARY_BLOB", "--format", "json"])
        .ok();
    env.run(&["secrets:versions", "prod/db/password"]).ok();
    env.run(&["secrets:list"]).ok();
    (env, outside)
}

fn all_values() -> Vec<Vec<u8>> {
    vec![
        NEEDLE.as_bytes().to_vec(),
        NEEDLE_UPDATE.as_bytes().to_vec(),
        NEEDLE_ROTATE.as_bytes().to_vec(),
        b"stdin-needle-QWERTY".to_vec(),
        binary_value(),
        // Parts of the binary value, in case it were stored split or trimmed.
        b"needle-BINARY-".to_vec(),
        b"tail-needle-BINARY".to_vec(),
    ]
}

fn check_standard_sqlite(image: &[u8]) {
    assert!(image.starts_with(b"SQLite format 3\0"));
    let db = open_image(image);
    let c = &db.conn;
    let app: i64 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, 0x4346_4652, "application_id is not CFFR");
    let user: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        user, 5,
        "schema 5: a journal beside the checkpoint, versions indexed by number"
    );
    let (recorded, last): (String, String) = c
        .query_row(
            "SELECT (SELECT value FROM meta WHERE key = 'audit_head'),
                    (SELECT seq || ':' || lower(hex(hash)) FROM audit ORDER BY seq DESC LIMIT 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(recorded, last, "meta.audit_head is the newest row");
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: Vec<String> = c
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(fk.is_empty(), "foreign key violations in {fk:?}");
    let mut names: Vec<String> = c
        .prepare("SELECT name FROM secret")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names.sort();
    assert_eq!(names, ["BINARY_BLOB", "FROM_STDIN", "prod/db/password"]);
    let versions: i64 = c
        .query_row("SELECT COUNT(*) FROM version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(versions, 5);
    // The values are there in the clear, for whoever holds the identity.
    let current: Vec<u8> = c
        .query_row(
            "SELECT v.value FROM version v JOIN secret s ON s.id = v.secret_id
              WHERE s.name = 'prod/db/password' ORDER BY v.number DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(current, NEEDLE_ROTATE.as_bytes());
    let blob: Vec<u8> = c
        .query_row(
            "SELECT v.value FROM version v JOIN secret s ON s.id = v.secret_id
              WHERE s.name = 'BINARY_BLOB'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(blob, binary_value());

    // The sqlite3 shell, when installed, reads the same image.
    if let Some(sqlite3) = which("sqlite3") {
        let out = Command::new(sqlite3)
            .arg(&db.path)
            .arg("SELECT name FROM secret ORDER BY name; PRAGMA integrity_check;")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "BINARY_BLOB\nFROM_STDIN\nprod/db/password\nok\n"
        );
    } else {
        eprintln!("sqlite3 is not installed; checked the image with rusqlite only");
    }
}

#[test]
fn the_vault_is_age_over_a_standard_sqlite_image() {
    for armor in [false, true] {
        let (env, _outside) = populated(armor);
        let file = env.vault_bytes();
        if armor {
            assert!(file.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----\n"));
            assert!(
                String::from_utf8_lossy(&file)
                    .trim_end()
                    .ends_with("-----END AGE ENCRYPTED FILE-----")
            );
        } else {
            assert!(file.starts_with(b"age-encryption.org/v1\n-> X25519 "));
        }
        let image = env.image();
        check_standard_sqlite(&image);

        // The age CLI, when installed, decrypts it to the same image.
        if let Some(age) = which("age") {
            let dir = tempfile::tempdir().unwrap();
            let out_db = dir.path().join("v.db");
            let st = Command::new(age)
                .arg("-d")
                .arg("-i")
                .arg(env.identity())
                .arg("-o")
                .arg(&out_db)
                .arg(env.vault())
                .status()
                .unwrap();
            assert!(st.success(), "age -d failed");
            assert_eq!(std::fs::read(&out_db).unwrap(), image);
        } else {
            eprintln!("the age CLI is not installed; decrypted with the age crate only");
        }
    }
}

#[test]
fn no_secret_value_is_stored_in_the_clear() {
    for armor in [false, true] {
        let (env, _outside) = populated(armor);
        let vault = env.vault_bytes();
        let image = env.image();
        for value in all_values() {
            // The search would find it: the decrypted image holds every value.
            assert!(
                contains(&image, &value),
                "sanity: the image lacks {:?}",
                String::from_utf8_lossy(&value)
            );
            assert!(
                !contains(&vault, &value),
                "armor={armor}: the vault file holds {:?} in the clear",
                String::from_utf8_lossy(&value)
            );
        }
        // Nothing else coffer left in HOME, the XDG folders or the vault's
        // folder (identity, lock, state, temp files) holds a value either.
        let files = files_under(env.dir.path());
        assert!(files.contains(&env.vault()));
        assert!(files.contains(&env.identity()));
        for f in &files {
            let name = f.file_name().unwrap().to_string_lossy();
            assert!(
                !(name.starts_with(".vault.age.") && name.ends_with(".tmp")),
                "temp file left behind: {}",
                f.display()
            );
            let bytes = std::fs::read(f).unwrap();
            for value in all_values() {
                assert!(
                    !contains(&bytes, &value),
                    "{} holds {:?} in the clear",
                    f.display(),
                    String::from_utf8_lossy(&value)
                );
            }
        }
    }
}

#[test]
fn audit_rows_hold_fingerprints_never_values() {
    let (env, _outside) = populated(false);
    let image = env.image();
    let db = open_image(&image);

    // Every column of every audit row, as bytes.
    let mut stmt = db.conn.prepare("SELECT * FROM audit ORDER BY seq").unwrap();
    let columns = stmt.column_count();
    let rows: Vec<Vec<u8>> = stmt
        .query_map([], |r| {
            let mut bytes = Vec::new();
            for i in 0..columns {
                use rusqlite::types::ValueRef;
                match r.get_ref(i)? {
                    ValueRef::Text(t) | ValueRef::Blob(t) => bytes.extend_from_slice(t),
                    ValueRef::Integer(n) => bytes.extend_from_slice(n.to_string().as_bytes()),
                    ValueRef::Real(x) => bytes.extend_from_slice(x.to_string().as_bytes()),
                    ValueRef::Null => {}
                }
                bytes.push(b'|');
            }
            Ok(bytes)
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        rows.len() >= 10,
        "expected a row per command, got {}",
        rows.len()
    );
    for (i, row) in rows.iter().enumerate() {
        for value in all_values() {
            assert!(
                !contains(row, &value),
                "audit row {} holds {:?}",
                i + 1,
                String::from_utf8_lossy(&value)
            );
        }
    }
    // Nor does audit:logs print one.
    let logs = env.run(&["audit:logs", "--format", "json"]).ok();
    let table = env.run(&["audit:logs"]).ok();
    for value in all_values() {
        assert!(!contains(&logs.stdout, &value));
        assert!(!contains(&table.stdout, &value));
    }

    // The fingerprints in the rows match those `secrets:versions` shows.
    let versions = env
        .run(&["secrets:versions", "prod/db/password", "--format", "json"])
        .ok()
        .json();
    let short = |n: usize| versions[n - 1]["fingerprint"].as_str().unwrap().to_owned();
    assert_eq!(short(1).len(), 16);
    let detail = |action: &str, version: i64| -> String {
        let details: String = db
            .conn
            .query_row(
                "SELECT details FROM audit
                  WHERE action = ?1 AND target = 'prod/db/password' AND version = ?2
                  ORDER BY seq LIMIT 1",
                rusqlite::params![action, version],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("no {action} row for version {version}: {e}"));
        let map: serde_json::Value = serde_json::from_str(&details).unwrap();
        map["fingerprint"]
            .as_str()
            .unwrap_or_else(|| panic!("{action} row has no fingerprint: {details}"))
            .to_owned()
    };
    let created = detail("created", 1);
    assert_eq!(created.len(), 64, "a whole HMAC-SHA256 in hex: {created}");
    assert!(created.starts_with(&short(1)), "{created} vs {}", short(1));
    assert!(detail("updated", 2).starts_with(&short(2)));
    assert!(detail("rotated", 3).starts_with(&short(3)));
    assert!(detail("accessed", 1).starts_with(&short(1)));
    assert!(detail("accessed", 3).starts_with(&short(3)));
    // Different values, different fingerprints; and the fingerprint is keyed,
    // not a bare hash anyone could check guesses against.
    assert_ne!(short(1), short(2));
    assert_ne!(short(2), short(3));
    assert_ne!(created, hex::encode(Sha256::digest(NEEDLE.as_bytes())));
}

#[test]
fn a_vault_re_encrypted_with_the_age_crate_still_opens() {
    let (env, _outside) = populated(false);
    let image = env.image();
    let original = env.vault_state();
    common::encrypt_vault(&image, &env.vault(), &env.identity());
    assert_ne!(env.vault_state(), original, "age encryption is randomised");

    assert_eq!(
        env.run(&["secrets:get", "-n", "prod/db/password"])
            .ok()
            .out(),
        NEEDLE_ROTATE
    );
    assert_eq!(
        env.run(&["secrets:get", "-n", "BINARY_BLOB"]).ok().stdout,
        binary_value()
    );
    env.run(&["secrets:update", "prod/db/password", "after-reencrypt"])
        .ok();
    assert_eq!(
        env.run(&["secrets:get", "-n", "prod/db/password"])
            .ok()
            .out(),
        "after-reencrypt"
    );
    assert!(
        env.vault_bytes().starts_with(b"age-encryption.org/v1\n"),
        "a binary vault stays binary"
    );

    // ASCII-armored by other tooling: coffer reads it and keeps the armor.
    let image = env.image();
    common::encrypt_vault_as(
        &image,
        &env.vault(),
        &env.identity(),
        age::armor::Format::AsciiArmor,
    );
    assert_eq!(
        env.run(&["secrets:get", "-n", "prod/db/password"])
            .ok()
            .out(),
        "after-reencrypt"
    );
    assert!(
        env.vault_bytes()
            .starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"),
        "an armored vault stays armored"
    );
    check_standard_sqlite_after_writes(&env);

    // An image rewritten by plain SQLite (VACUUM renumbers every page) opens too.
    let image = env.image();
    let image = common::edit_image(&image, |c| c.execute_batch("VACUUM").unwrap());
    common::encrypt_vault(&image, &env.vault(), &env.identity());
    assert_eq!(
        env.run(&["secrets:get", "-n", "FROM_STDIN"]).ok().out(),
        "stdin-needle-QWERTY"
    );
    let status = env.run(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["secrets"].as_i64(), Some(3));
    assert_eq!(status["versions"].as_i64(), Some(6));
}

fn check_standard_sqlite_after_writes(env: &Env) {
    let image = env.image();
    let db = open_image(&image);
    let ok: String = db
        .conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}
