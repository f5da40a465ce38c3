//! The life of a secret, end to end through the real binary: every command,
//! with `--format json` output parsed and checked field by field.

use crate::common;

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;

use common::Env;
use serde_json::Value;

// ---------------------------------------------------------------- helpers

/// `secrets:get NAME -n`: the stored bytes exactly.
fn value(env: &Env, name: &str) -> Vec<u8> {
    env.run(&["secrets:get", name, "-n"]).ok().stdout
}

/// `secrets:list ARGS --format json` as an array.
fn list(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["secrets:list", "--format", "json"];
    all.extend_from_slice(args);
    match env.run(&all).ok().json() {
        Value::Array(a) => a,
        other => panic!("list is not an array: {other}"),
    }
}

/// The names `secrets:list ARGS` shows, in its order.
fn listed_names(env: &Env, args: &[&str]) -> Vec<String> {
    list(env, args)
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect()
}

/// One secret's record from `secrets:list --include-disabled --include-deleted`.
fn record(env: &Env, name: &str) -> Value {
    list(env, &["--include-disabled", "--include-deleted"])
        .into_iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not listed"))
}

/// `secrets:versions NAME --format json`.
fn versions(env: &Env, name: &str) -> Vec<Value> {
    match env
        .run(&["secrets:versions", name, "--format", "json"])
        .ok()
        .json()
    {
        Value::Array(a) => a,
        other => panic!("versions is not an array: {other}"),
    }
}

/// `audit:logs ARGS --format json`.
fn audit(env: &Env, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["audit:logs", "--format", "json"];
    all.extend_from_slice(args);
    match env.run(&all).ok().json() {
        Value::Array(a) => a,
        other => panic!("audit:logs is not an array: {other}"),
    }
}

fn actions(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["action"].as_str().unwrap().to_owned())
        .collect()
}

fn status(env: &Env) -> Value {
    env.run(&["status", "--format", "json"]).ok().json()
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The public key an identity file names in its `# public key:` comment.
fn public_key(env: &Env) -> String {
    let text = std::fs::read_to_string(env.identity()).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .expect("identity names its public key")
        .to_owned()
}

/// Whitespace collapsed, so wrapped help text can be searched for phrases.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Seconds since the epoch of an RFC 3339 string.
fn ts(v: &Value) -> i64 {
    chrono::DateTime::parse_from_rfc3339(v.as_str().expect("a time string"))
        .unwrap()
        .timestamp()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

// ---------------------------------------------------------------- init

#[test]
fn init_creates_identity_and_vault_readable_only_by_owner() {
    let env = Env::new();
    let run = env.run(&["init"]).ok();
    assert!(run.out().contains("created identity"), "{}", run.out());
    assert!(run.out().contains("created vault"), "{}", run.out());
    assert_eq!(mode(&env.identity()), 0o600, "identity mode");
    assert_eq!(mode(&env.vault()), 0o600, "vault mode");
    // A plain (unprotected) identity gets a warning saying so.
    assert!(run.stderr.contains("warning:"), "{}", run.stderr);
    // The vault is binary age by default.
    assert!(env.vault_bytes().starts_with(b"age-encryption.org/v1\n"));
}

#[test]
fn init_again_refuses_and_leaves_both_files_byte_identical() {
    let env = Env::with_vault();
    let vault = env.vault_state();
    let identity = std::fs::read(env.identity()).unwrap();
    let run = env.run(&["init"]).code(1).stderr_has("already exists");
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    env.run(&["init", "--armor", "--name", "other"]).code(1);
    assert_eq!(env.vault_state(), vault);
    assert_eq!(std::fs::read(env.identity()).unwrap(), identity);
}

#[test]
fn init_armor_makes_an_armored_vault_that_stays_armored_after_a_write() {
    let env = Env::new();
    env.run(&["init", "--armor"]).ok();
    let begin = b"-----BEGIN AGE ENCRYPTED FILE-----";
    assert!(env.vault_bytes().starts_with(begin));
    let before = env.vault_bytes();
    env.run(&["secrets:create", "A", "v"]).ok();
    env.run(&["vault:compact"]).ok();
    let after = env.vault_bytes();
    assert_ne!(before, after, "the fold rewrote the vault");
    assert!(after.starts_with(begin), "still armored after a write");
    assert!(
        after
            .trim_ascii_end()
            .ends_with(b"-----END AGE ENCRYPTED FILE-----")
    );
    assert_eq!(value(&env, "A"), b"v");
}

#[test]
fn init_name_shows_in_status() {
    let env = Env::new();
    env.run(&["init", "--name", "team"]).ok();
    let s = status(&env);
    assert_eq!(s["name"], "team");
    let table = env.run(&["status"]).ok().out();
    assert!(table.contains("team"), "{table}");
    // Without --name there is no name.
    let other = Env::with_vault();
    assert!(status(&other)["name"].is_null());
}

// ---------------------------------------------------------------- status

#[test]
fn status_counts_secrets_versions_audit_rows_expiry_and_recipients() {
    let env = Env::with_vault();
    let s = status(&env);
    assert_eq!(s["secrets"], 0);
    assert_eq!(s["versions"], 0);
    assert_eq!(s["audit_rows"], 1, "init writes one row");
    assert_eq!(s["schema_version"], 5);
    assert_eq!(s["vault_id"].as_str().unwrap().len(), 32);
    let recipients = s["recipients"].as_array().unwrap();
    assert_eq!(recipients.len(), 1);
    assert!(
        recipients[0].as_str().unwrap().contains(&public_key(&env)),
        "{recipients:?}"
    );

    env.run(&["secrets:create", "OLD", "v", "--expires-at", "2020-01-01"])
        .ok();
    env.run(&["secrets:create", "SOON", "v", "--expires-in", "3d"])
        .ok();
    env.run(&["secrets:create", "LATER", "v", "--expires-in", "30d"])
        .ok();
    env.run(&["secrets:create", "NEVER", "v1"]).ok();
    env.run(&["secrets:update", "NEVER", "v2"]).ok();
    env.run(&["secrets:create", "GONE", "v", "--expires-at", "2020-01-01"])
        .ok();
    env.run(&["secrets:delete", "GONE"]).ok();

    let s = status(&env);
    assert_eq!(s["secrets"], 4, "deleted secrets are not counted: {s}");
    assert_eq!(s["deleted_secrets"], 1);
    assert_eq!(s["versions"], 6);
    assert_eq!(s["expired"], 1, "{s}");
    assert_eq!(s["expiring_within_7d"], 1, "{s}");
    // status reads only: it is not audited, and the audit log has every row.
    let rows = audit(&env, &[]);
    assert_eq!(s["audit_rows"], rows.len());
    assert_eq!(status(&env)["audit_rows"], rows.len());
}

// ---------------------------------------------------------------- create

#[test]
fn create_takes_the_value_from_the_argument() {
    let env = Env::with_vault();
    let run = env.run(&["secrets:create", "DATABASE_URL", "postgres://u:p@h/db"]);
    assert!(run.ok().out().contains("version 1"));
    assert_eq!(value(&env, "DATABASE_URL"), b"postgres://u:p@h/db");
    let r = record(&env, "DATABASE_URL");
    assert_eq!(r["version"], 1);
    assert_eq!(r["type"], "generic");
    assert_eq!(r["state"], "active");
    assert_eq!(r["created_by"], "tester");
}

#[test]
fn create_from_stdin_strips_one_trailing_newline_of_a_single_line_only() {
    let env = Env::with_vault();
    let cases: &[(&str, &[u8], &[u8])] = &[
        ("LF", b"token\n", b"token"),
        ("CRLF", b"token\r\n", b"token"),
        ("BARE", b"token", b"token"),
        ("TWO_NL", b"token\n\n", b"token\n\n"),
        (
            "PEM",
            b"-----BEGIN X-----\nabc\n-----END X-----\n",
            b"-----BEGIN X-----\nabc\n-----END X-----\n",
        ),
        ("NO_FINAL_NL", b"line one\nline two", b"line one\nline two"),
        ("SPACES", b"  padded  \n", b"  padded  "),
    ];
    for (name, input, stored) in cases {
        env.run_stdin(&["secrets:create", name, "-"], input).ok();
        assert_eq!(
            value(&env, name),
            *stored,
            "{name}: {:?}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn create_from_file_stores_binary_bytes_exactly() {
    let env = Env::with_vault();
    let bytes: Vec<u8> = (0..=255u8).chain([0, 0xff, b'\n', 0xc3]).collect();
    let path = env.path("blob.bin");
    std::fs::write(&path, &bytes).unwrap();
    env.run(&[
        "secrets:create",
        "BLOB",
        "--from-file",
        path.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(value(&env, "BLOB"), bytes);
    // A trailing newline in a file is part of the value.
    std::fs::write(&path, b"text\n").unwrap();
    env.run(&[
        "secrets:create",
        "TEXT",
        "--from-file",
        path.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(value(&env, "TEXT"), b"text\n");
}

#[test]
fn create_generate_makes_random_alphanumerics_of_the_asked_length() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "G40", "--generate", "--length", "40"])
        .ok();
    env.run(&["secrets:create", "G32", "--generate"]).ok();
    env.run(&["secrets:create", "G32B", "--generate"]).ok();
    let g40 = value(&env, "G40");
    assert_eq!(g40.len(), 40);
    assert!(g40.iter().all(u8::is_ascii_alphanumeric), "{g40:?}");
    let g32 = value(&env, "G32");
    assert_eq!(g32.len(), 32, "default length");
    assert_ne!(g32, value(&env, "G32B"), "two generated values differ");
}

#[test]
fn create_records_type_description_tags_and_metadata() {
    let env = Env::with_vault();
    env.run(&[
        "secrets:create",
        "prod/api",
        "v",
        "--type",
        "api_key",
        "--description",
        "the billing API key",
        "--tags",
        "prod,billing,prod",
        "--metadata",
        "owner=backend=team",
        "--metadata",
        "ticket=OPS-12",
    ])
    .ok();
    let r = record(&env, "prod/api");
    assert_eq!(r["type"], "api_key");
    assert_eq!(r["description"], "the billing API key");
    assert_eq!(r["tags"], serde_json::json!(["billing", "prod"]));
    assert_eq!(
        r["metadata"],
        serde_json::json!({"owner": "backend=team", "ticket": "OPS-12"})
    );
    assert!(r["expires_at"].is_null());
    assert!(r["activates_at"].is_null());
}

#[test]
fn create_sets_expiry_from_expires_in_and_expires_at() {
    let env = Env::with_vault();
    let before = now();
    env.run(&["secrets:create", "IN", "v", "--expires-in", "90d"])
        .ok();
    let after = now();
    env.run(&["secrets:create", "AT", "v", "--expires-at", "2031-05-06"])
        .ok();
    env.run(&[
        "secrets:create",
        "AT_TIME",
        "v",
        "--expires-at",
        "2031-05-06T07:08:09+02:00",
    ])
    .ok();
    let e = ts(&record(&env, "IN")["expires_at"]);
    assert!(
        (before + 90 * 86400..=after + 90 * 86400).contains(&e),
        "expires_at {e}"
    );
    assert_eq!(record(&env, "AT")["expires_at"], "2031-05-06T00:00:00Z");
    assert_eq!(
        record(&env, "AT_TIME")["expires_at"],
        "2031-05-06T05:08:09Z"
    );
    // expires-in and expires-at together is a usage error.
    env.run(&[
        "secrets:create",
        "BOTH",
        "v",
        "--expires-in",
        "1d",
        "--expires-at",
        "2031-01-01",
    ])
    .code(2);
}

#[test]
fn create_activates_at_in_the_future_refuses_reads_until_then() {
    let env = Env::with_vault();
    env.run(&[
        "secrets:create",
        "LATER",
        "v",
        "--activates-at",
        "2099-01-01",
    ])
    .ok();
    env.run(&["secrets:get", "LATER"])
        .code(4)
        .stderr_has("not active");
    let r = record(&env, "LATER");
    assert_eq!(r["state"], "pending");
    assert_eq!(r["activates_at"], "2099-01-01T00:00:00Z");
    // A past activation time reads fine.
    env.run(&["secrets:create", "NOW", "v", "--activates-at", "2020-01-01"])
        .ok();
    assert_eq!(value(&env, "NOW"), b"v");
}

#[test]
fn create_of_an_existing_name_fails_and_keeps_the_old_value() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "first"]).ok();
    let before = env.vault_state();
    env.run(&["secrets:create", "A", "second"])
        .code(1)
        .stderr_has("already exists");
    assert_eq!(env.vault_state(), before);
    assert_eq!(value(&env, "A"), b"first");
    // A deleted name is still taken; the hint says restore.
    env.run(&["secrets:delete", "A"]).ok();
    env.run(&["secrets:create", "A", "third"])
        .code(1)
        .stderr_has("secrets:restore");
}

// ---------------------------------------------------------------- get

#[test]
fn get_prints_the_bare_value_and_a_newline_or_none_with_n() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "hello world"]).ok();
    assert_eq!(env.run(&["secrets:get", "A"]).ok().stdout, b"hello world\n");
    assert_eq!(
        env.run(&["secrets:get", "A", "-n"]).ok().stdout,
        b"hello world"
    );
    assert_eq!(
        env.run(&["secrets:get", "A", "--no-newline"]).ok().stdout,
        b"hello world"
    );
}

#[test]
fn get_version_n_prints_that_version() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    env.run(&["secrets:update", "A", "two"]).ok();
    env.run(&["secrets:update", "A", "three"]).ok();
    for (n, v) in [("1", "one\n"), ("2", "two\n"), ("3", "three\n")] {
        assert_eq!(env.run(&["secrets:get", "A", "--version", n]).ok().out(), v);
    }
    assert_eq!(env.run(&["secrets:get", "A"]).ok().out(), "three\n");
    let j = env
        .run(&["secrets:get", "A", "--version", "2", "--format", "json"])
        .ok()
        .json();
    assert_eq!(j[0]["version"], 2);
    assert_eq!(j[0]["value"], "two");
}

#[test]
fn get_json_is_an_array_of_objects_for_one_name_and_for_several() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    env.run(&["secrets:create", "B", "multi\nline\n"]).ok();
    let one = env
        .run(&["secrets:get", "A", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        one,
        serde_json::json!([{"name": "A", "version": 1, "value": "alpha"}])
    );
    let many = env
        .run(&["secrets:get", "A", "B", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        many,
        serde_json::json!([
            {"name": "A", "version": 1, "value": "alpha"},
            {"name": "B", "version": 1, "value": "multi\nline\n"},
        ])
    );
}

#[test]
fn get_batch_raw_prints_one_value_per_line_in_order() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "a-val"]).ok();
    env.run(&["secrets:create", "B", "b-val"]).ok();
    env.run(&["secrets:create", "C", "c-val"]).ok();
    assert_eq!(
        env.run(&["secrets:get", "C", "A", "B"]).ok().out(),
        "c-val\na-val\nb-val\n"
    );
    // Every value returned is an audited read.
    let reads = audit(&env, &["--action", "accessed"]);
    let targets: Vec<&str> = reads
        .iter()
        .map(|r| r["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets, ["C", "A", "B"]);
}

#[test]
fn get_env_format_quotes_for_the_shell_and_refuses_invalid_names() {
    let env = Env::with_vault();
    let tricky = "it's \"quoted\" $HOME `date` \\ end";
    env.run(&["secrets:create", "DB_PASS", tricky]).ok();
    env.run(&["secrets:create", "prod/db", "x"]).ok();
    env.run(&["secrets:create", "EMPTYISH", " "]).ok();
    // A name that cannot be a variable is refused before anything is read.
    let before = env.vault_state();
    let refused = env
        .run(&["secrets:get", "DB_PASS", "prod/db", "--format", "env"])
        .code(2)
        .stderr_has("prod/db is not a shell variable name");
    assert!(refused.stdout.is_empty());
    assert_eq!(env.vault_state(), before, "a refused get was recorded");
    let out = env
        .run(&["secrets:get", "DB_PASS", "EMPTYISH", "--format", "env"])
        .ok()
        .out();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("export DB_PASS='"), "{out}");
    assert_eq!(lines[1], "export EMPTYISH=' '");
    // A real shell reads the values back exactly.
    let sh = std::process::Command::new("sh")
        .args([
            "-c",
            "eval \"$1\"; printf '%s|%s' \"$DB_PASS\" \"$EMPTYISH\"",
            "sh",
            &out,
        ])
        .output()
        .unwrap();
    assert!(sh.status.success());
    assert_eq!(String::from_utf8(sh.stdout).unwrap(), format!("{tricky}| "));
}

#[test]
fn get_binary_value_as_json_gives_value_base64() {
    use base64::Engine;
    let env = Env::with_vault();
    let bytes = b"\x00\xff\xfe binary \x80".to_vec();
    let path = env.path("bin");
    std::fs::write(&path, &bytes).unwrap();
    env.run(&[
        "secrets:create",
        "BIN",
        "--from-file",
        path.to_str().unwrap(),
    ])
    .ok();
    let j = env
        .run(&["secrets:get", "BIN", "--format", "json"])
        .ok()
        .json();
    assert!(j[0].get("value").is_none(), "{j}");
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(j[0]["value_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(decoded, bytes);
    // --format env cannot show binary data: a usage error, nothing read.
    let before = env.vault_state();
    env.run(&["secrets:get", "BIN", "--format", "env"]).code(2);
    assert_eq!(env.vault_state(), before);
}

#[test]
fn get_of_an_expired_secret_returns_the_value_with_a_warning() {
    let env = Env::with_vault();
    let run = env
        .run(&[
            "secrets:create",
            "OLD",
            "still-here",
            "--expires-at",
            "2020-01-01",
        ])
        .ok();
    assert!(
        run.stderr.contains("warning:"),
        "create warns: {}",
        run.stderr
    );
    let run = env.run(&["secrets:get", "OLD"]).ok();
    assert_eq!(run.stdout, b"still-here\n");
    assert!(run.stderr.contains("warning:"), "{}", run.stderr);
    assert!(run.stderr.contains("expired"), "{}", run.stderr);
    assert!(!run.stderr.contains("still-here"));
    assert_eq!(record(&env, "OLD")["state"], "expired");
}

#[test]
fn get_sets_last_read_at() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v"]).ok();
    assert!(record(&env, "A")["last_read_at"].is_null());
    value(&env, "A");
    let t = ts(&record(&env, "A")["last_read_at"]);
    assert!((now() - t).abs() < 120, "{t}");
}

// ---------------------------------------------------------------- list

/// A vault with secrets to filter.
fn populated() -> Env {
    let env = Env::with_vault();
    for args in [
        &[
            "secrets:create",
            "prod/db",
            "VAL-prod-db",
            "--tags",
            "prod,db",
            "--type",
            "password",
        ][..],
        &[
            "secrets:create",
            "prod/api",
            "VAL-prod-api",
            "--tags",
            "prod",
            "--type",
            "api_key",
        ],
        &[
            "secrets:create",
            "dev/db",
            "VAL-dev-db",
            "--tags",
            "db",
            "--expires-in",
            "3d",
        ],
        &[
            "secrets:create",
            "OLD",
            "VAL-old",
            "--expires-at",
            "2020-01-01",
        ],
        &[
            "secrets:create",
            "LATER",
            "VAL-later",
            "--expires-in",
            "60d",
        ],
        &["secrets:create", "OFF", "VAL-off", "--tags", "prod"],
        &["secrets:create", "GONE", "VAL-gone", "--tags", "prod"],
    ] {
        env.run(args).ok();
    }
    env.run(&["secrets:disable", "OFF"]).ok();
    env.run(&["secrets:delete", "GONE"]).ok();
    env
}

#[test]
fn list_shows_every_secret_but_deleted_ones_by_name() {
    let env = populated();
    assert_eq!(
        listed_names(&env, &[]),
        ["LATER", "OFF", "OLD", "dev/db", "prod/api", "prod/db"]
    );
}

#[test]
fn list_tag_filters_are_anded() {
    let env = populated();
    assert_eq!(
        listed_names(&env, &["--tag", "prod"]),
        ["OFF", "prod/api", "prod/db"]
    );
    assert_eq!(listed_names(&env, &["--tag", "db"]), ["dev/db", "prod/db"]);
    assert_eq!(
        listed_names(&env, &["--tag", "prod", "--tag", "db"]),
        ["prod/db"]
    );
    assert!(listed_names(&env, &["--tag", "nope"]).is_empty());
}

#[test]
fn list_filters_by_prefix_type_and_expiry() {
    let env = populated();
    assert_eq!(
        listed_names(&env, &["--prefix", "prod/"]),
        ["prod/api", "prod/db"]
    );
    assert_eq!(listed_names(&env, &["--type", "password"]), ["prod/db"]);
    assert_eq!(listed_names(&env, &["--type", "api_key"]), ["prod/api"]);
    // Expired ones are included in --expiring-within.
    assert_eq!(
        listed_names(&env, &["--expiring-within", "7d"]),
        ["OLD", "dev/db"]
    );
    assert_eq!(
        listed_names(&env, &["--expiring-within", "90d"]),
        ["LATER", "OLD", "dev/db"]
    );
    assert_eq!(
        listed_names(
            &env,
            &["--prefix", "dev/", "--expiring-within", "7d", "--tag", "db"]
        ),
        ["dev/db"]
    );
}

#[test]
fn list_keeps_the_old_include_flags_working() {
    let env = populated();
    let names = listed_names(&env, &["--include-disabled"]);
    assert!(names.contains(&"OFF".to_owned()) && !names.contains(&"GONE".to_owned()));
    let names = listed_names(&env, &["--include-deleted"]);
    assert!(names.contains(&"GONE".to_owned()), "{names:?}");
    let all = list(&env, &["--include-disabled", "--include-deleted"]);
    assert_eq!(all.len(), 7);
    let state = |n: &str| {
        all.iter().find(|s| s["name"] == n).unwrap()["state"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(state("OFF"), "disabled");
    assert_eq!(state("GONE"), "deleted");
    assert_eq!(state("OLD"), "expired");
    assert_eq!(state("prod/db"), "active");
    let gone = all.iter().find(|s| s["name"] == "GONE").unwrap();
    assert!(!gone["deleted_at"].is_null());
    let off = all.iter().find(|s| s["name"] == "OFF").unwrap();
    assert_eq!(off["enabled"], false);
}

#[test]
fn list_names_only_prints_one_name_per_line() {
    let env = populated();
    assert_eq!(
        env.run(&["secrets:list", "--names-only", "--prefix", "prod/"])
            .ok()
            .out(),
        "prod/api\nprod/db\n"
    );
}

#[test]
fn list_table_tsv_and_json_formats_never_show_values() {
    let env = populated();
    let table = env
        .run(&["secrets:list", "--include-disabled", "--include-deleted"])
        .ok()
        .out();
    let header: Vec<&str> = table.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        [
            "NAME", "TYPE", "VERSION", "TAGS", "EXPIRES", "STATE", "ROTATION"
        ]
    );
    assert!(
        table.contains("prod/db") && table.contains("disabled"),
        "{table}"
    );

    let tsv = env.run(&["secrets:list", "--format", "tsv"]).ok().out();
    let rows: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 6, "{tsv}");
    let db = rows.iter().find(|r| r[0] == "prod/db").unwrap();
    assert_eq!(db[1..4], ["password", "1", "db,prod"]);
    assert_eq!(db[4], "-");
    assert_eq!(db[5], "active");

    let json = env
        .run(&[
            "secrets:list",
            "--format",
            "json",
            "--include-disabled",
            "--include-deleted",
        ])
        .ok()
        .out();
    let names_only = env.run(&["secrets:list", "--names-only"]).ok().out();
    for out in [&table, &tsv, &json, &names_only] {
        assert!(
            !out.contains("VAL-"),
            "a value leaked into list output: {out}"
        );
    }
}

#[test]
fn list_is_audited_with_a_count_and_no_names() {
    let env = populated();
    env.run(&["secrets:list", "--tag", "prod"]).ok();
    let rows = audit(&env, &["--action", "listed"]);
    let last = rows.last().unwrap();
    assert_eq!(last["resource"], "vault");
    assert_eq!(last["details"]["count"], "3");
    assert!(last["target"].is_null());
}

// ---------------------------------------------------------------- update

#[test]
fn update_with_a_value_makes_the_next_version() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    let run = env.run(&["secrets:update", "A", "two"]).ok();
    assert!(run.out().contains("version 2"), "{}", run.out());
    assert_eq!(value(&env, "A"), b"two");
    env.run_stdin(&["secrets:update", "A", "-"], b"three\n")
        .ok();
    assert_eq!(value(&env, "A"), b"three");
    assert_eq!(record(&env, "A")["version"], 3);
    let v = versions(&env, "A");
    assert_eq!(actions_of(&v), ["create", "update", "update"]);
}

fn actions_of(versions: &[Value]) -> Vec<String> {
    versions
        .iter()
        .map(|v| v["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn update_changes_description_tags_and_metadata_without_a_new_version() {
    let env = Env::with_vault();
    env.run(&[
        "secrets:create",
        "A",
        "v",
        "--description",
        "d1",
        "--tags",
        "a,b",
        "--metadata",
        "k=v",
        "--metadata",
        "o=p",
    ])
    .ok();

    env.run(&["secrets:update", "A", "--description", "d2"])
        .ok();
    assert_eq!(record(&env, "A")["description"], "d2");

    env.run(&["secrets:update", "A", "--tags", "x,y"]).ok();
    assert_eq!(record(&env, "A")["tags"], serde_json::json!(["x", "y"]));

    env.run(&["secrets:update", "A", "--add-tag", "z", "--add-tag", "w"])
        .ok();
    assert_eq!(
        record(&env, "A")["tags"],
        serde_json::json!(["w", "x", "y", "z"])
    );

    env.run(&["secrets:update", "A", "--remove-tag", "x"]).ok();
    assert_eq!(
        record(&env, "A")["tags"],
        serde_json::json!(["w", "y", "z"])
    );

    env.run(&[
        "secrets:update",
        "A",
        "--metadata",
        "k=w",
        "--metadata",
        "n=1",
    ])
    .ok();
    assert_eq!(
        record(&env, "A")["metadata"],
        serde_json::json!({"k": "w", "n": "1", "o": "p"})
    );

    env.run(&["secrets:update", "A", "--unset-metadata", "o"])
        .ok();
    assert_eq!(
        record(&env, "A")["metadata"],
        serde_json::json!({"k": "w", "n": "1"})
    );

    env.run(&["secrets:update", "A", "--description", ""]).ok();
    assert!(record(&env, "A")["description"].is_null());

    assert_eq!(record(&env, "A")["version"], 1, "facts make no new version");
    assert_eq!(versions(&env, "A").len(), 1);
    assert_eq!(value(&env, "A"), b"v");

    // Each change is an audited update naming what changed.
    let changed: Vec<String> = audit(&env, &["--action", "updated"])
        .iter()
        .map(|r| r["details"]["changed"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        changed,
        [
            "description",
            "tags",
            "tags",
            "tags",
            "metadata",
            "metadata",
            "description"
        ]
    );
}

#[test]
fn update_remove_of_a_missing_tag_or_metadata_is_a_usage_error() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v", "--tags", "a"]).ok();
    let before = env.vault_state();
    env.run(&["secrets:update", "A", "--remove-tag", "zzz"])
        .code(2)
        .stderr_has("zzz");
    env.run(&["secrets:update", "A", "--unset-metadata", "nokey"])
        .code(2)
        .stderr_has("nokey");
    assert_eq!(env.vault_state(), before);
}

#[test]
fn update_tags_empty_clears_all_tags() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v", "--tags", "a,b"]).ok();
    env.run(&["secrets:update", "A", "--tags", ""]).ok();
    assert_eq!(record(&env, "A")["tags"], serde_json::json!([]));
}

#[test]
fn update_sets_and_removes_expiry() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v"]).ok();
    let before = now();
    env.run(&["secrets:update", "A", "--expires-in", "10d"])
        .ok();
    let e = ts(&record(&env, "A")["expires_at"]);
    assert!(
        (before + 10 * 86400..=now() + 10 * 86400).contains(&e),
        "{e}"
    );
    env.run(&["secrets:update", "A", "--expires-at", "2032-02-03 04:05"])
        .ok();
    assert_eq!(record(&env, "A")["expires_at"], "2032-02-03T04:05:00Z");
    env.run(&["secrets:update", "A", "--no-expiry"]).ok();
    assert!(record(&env, "A")["expires_at"].is_null());
    // Removing an expiry that is not there changes nothing: an error.
    env.run(&["secrets:update", "A", "--no-expiry"]).code(2);
    assert_eq!(record(&env, "A")["version"], 1);
    env.run(&["secrets:update", "A", "--no-expiry", "--expires-in", "1d"])
        .code(2);
}

#[test]
fn update_if_version_succeeds_on_match_and_exits_7_on_mismatch_changing_nothing() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    env.run(&["secrets:update", "A", "two", "--if-version", "1"])
        .ok();
    assert_eq!(value(&env, "A"), b"two");
    let before = env.vault_state();
    env.run(&["secrets:update", "A", "three", "--if-version", "1"])
        .code(7)
        .stderr_has("version 2");
    env.run(&["secrets:update", "A", "--add-tag", "t", "--if-version", "5"])
        .code(7);
    assert_eq!(
        env.vault_state(),
        before,
        "vault untouched by a failed check-and-set"
    );
    env.run(&["secrets:update", "A", "three", "--if-version", "2"])
        .ok();
    assert_eq!(value(&env, "A"), b"three");
}

#[test]
fn update_that_changes_nothing_is_a_usage_error() {
    let env = Env::with_vault();
    env.run(&[
        "secrets:create",
        "A",
        "same",
        "--tags",
        "t",
        "--description",
        "d",
    ])
    .ok();
    let before = env.vault_state();
    env.run(&["secrets:update", "A", "same"])
        .code(2)
        .stderr_has("nothing to update");
    env.run(&["secrets:update", "A", "--add-tag", "t"]).code(2);
    env.run(&["secrets:update", "A", "--description", "d"])
        .code(2);
    env.run(&["secrets:update", "A"]).code(2);
    assert_eq!(env.vault_state(), before);
    assert_eq!(record(&env, "A")["version"], 1);
}

// ---------------------------------------------------------------- versions

#[test]
fn versions_show_kinds_sources_current_and_fingerprints() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    env.run(&["secrets:update", "A", "two"]).ok();
    env.run(&["secrets:rotate", "A", "three"]).ok();
    env.run(&["secrets:rollback", "A", "--version", "1"]).ok();
    let v = versions(&env, "A");
    let numbers: Vec<i64> = v.iter().map(|x| x["version"].as_i64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert_eq!(actions_of(&v), ["create", "update", "rotate", "rollback"]);
    let sources: Vec<Option<i64>> = v.iter().map(|x| x["source_version"].as_i64()).collect();
    assert_eq!(sources, [None, None, None, Some(1)]);
    let current: Vec<bool> = v.iter().map(|x| x["current"].as_bool().unwrap()).collect();
    assert_eq!(current, [false, false, false, true]);
    let fp: Vec<&str> = v
        .iter()
        .map(|x| x["fingerprint"].as_str().unwrap())
        .collect();
    for f in &fp {
        assert!(
            f.len() >= 16 && f.bytes().all(|c| c.is_ascii_hexdigit()),
            "{f}"
        );
    }
    assert_ne!(fp[0], fp[1]);
    assert_ne!(fp[1], fp[2]);
    assert_ne!(fp[0], fp[2]);
    assert_eq!(fp[0], fp[3], "equal values have equal fingerprints");
    for x in &v {
        assert_eq!(x["created_by"], "tester");
        assert!((now() - ts(&x["created_at"])).abs() < 120);
    }
    // The table never shows values.
    let table = env.run(&["secrets:versions", "A"]).ok().out();
    assert!(!table.contains("one") && !table.contains("two") && !table.contains("three"));
    assert!(table.contains("rollback"), "{table}");
}

#[test]
fn fingerprints_are_per_vault_keyed() {
    // The same value in two vaults has different fingerprints (HMAC, not a hash).
    let a = Env::with_vault();
    let b = Env::with_vault();
    a.run(&["secrets:create", "A", "same"]).ok();
    b.run(&["secrets:create", "A", "same"]).ok();
    assert_ne!(
        versions(&a, "A")[0]["fingerprint"],
        versions(&b, "A")[0]["fingerprint"]
    );
}

// ---------------------------------------------------------------- diff

#[test]
fn diff_says_whether_the_value_changed_and_sizes_without_showing_values() {
    let env = Env::with_vault();
    env.run_stdin(&["secrets:create", "CFG", "-"], b"alpha\nbeta\n")
        .ok();
    env.run_stdin(&["secrets:update", "CFG", "-"], b"alpha\ngamma-long\n")
        .ok();
    env.run(&["secrets:rollback", "CFG"]).ok();
    let j = env
        .run(&[
            "secrets:diff",
            "CFG",
            "--from",
            "1",
            "--to",
            "2",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(j["changed"], true);
    assert_eq!(j["from"], 1);
    assert_eq!(j["to"], 2);
    assert_eq!(j["from_size"], 11);
    assert_eq!(j["to_size"], 17);
    assert!(j.get("diff").is_none(), "{j}");
    // --to defaults to the current version (3, a rollback to 1's value).
    let j = env
        .run(&["secrets:diff", "CFG", "--from", "1", "--format", "json"])
        .ok()
        .json();
    assert_eq!(j["to"], 3);
    assert_eq!(j["changed"], false);
    assert_eq!(j["from_size"], j["to_size"]);

    let table = env
        .run(&["secrets:diff", "CFG", "--from", "1", "--to", "2"])
        .ok()
        .out();
    assert!(table.contains("changed"), "{table}");
    for out in [&table, &j.to_string()] {
        assert!(!out.contains("alpha") && !out.contains("beta") && !out.contains("gamma"));
    }
    // Comparing without --reveal is not a read of the value.
    let last = audit(&env, &[]).pop().unwrap();
    assert_eq!(last["action"], "compared");
}

#[test]
fn diff_reveal_shows_removed_and_added_lines() {
    let env = Env::with_vault();
    env.run_stdin(&["secrets:create", "CFG", "-"], b"alpha\nbeta\n")
        .ok();
    env.run_stdin(&["secrets:update", "CFG", "-"], b"alpha\ngamma\n")
        .ok();
    let out = env
        .run(&[
            "secrets:diff",
            "CFG",
            "--from",
            "1",
            "--to",
            "2",
            "--reveal",
        ])
        .ok()
        .out();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.contains(&"-beta"), "{out}");
    assert!(lines.contains(&"+gamma"), "{out}");
    assert!(lines.contains(&" alpha"), "{out}");
    let j = env
        .run(&[
            "secrets:diff",
            "CFG",
            "--from",
            "1",
            "--reveal",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let d = j["diff"].as_str().unwrap();
    assert!(d.contains("-beta\n") && d.contains("+gamma\n"), "{d}");
    // A revealed diff is an audited read.
    let last = audit(&env, &[]).pop().unwrap();
    assert_eq!(last["action"], "accessed");
    assert_eq!(last["details"]["via"], "diff");
}

// ---------------------------------------------------------------- rollback

#[test]
fn rollback_defaults_to_the_previous_version_and_takes_version_n() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    env.run(&["secrets:update", "A", "two"]).ok();
    env.run(&["secrets:update", "A", "three"]).ok();

    let run = env.run(&["secrets:rollback", "A"]).ok();
    assert!(run.out().contains("version 4"), "{}", run.out());
    assert_eq!(value(&env, "A"), b"two");
    let v = versions(&env, "A");
    assert_eq!(v[3]["kind"], "rollback");
    assert_eq!(v[3]["source_version"], 2);
    assert_eq!(v[3]["fingerprint"], v[1]["fingerprint"]);

    env.run(&["secrets:rollback", "A", "--version", "1"]).ok();
    assert_eq!(value(&env, "A"), b"one");
    let v = versions(&env, "A");
    assert_eq!(v.len(), 5);
    assert_eq!(v[4]["source_version"], 1);
    assert_eq!(v[4]["fingerprint"], v[0]["fingerprint"]);
    // History is kept: older versions still read as they were.
    assert_eq!(
        env.run(&["secrets:get", "A", "--version", "3"]).ok().out(),
        "three\n"
    );
    let rows = audit(&env, &["--action", "rolled_back"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["details"]["source_version"], "1");
    assert_eq!(rows[1]["version"], 5);
}

#[test]
fn rollback_refuses_what_it_cannot_do() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    let before = env.vault_state();
    env.run(&["secrets:rollback", "A"]).code(2);
    env.run(&["secrets:rollback", "A", "--version", "1"])
        .code(2);
    env.run(&["secrets:rollback", "A", "--version", "9"])
        .code(3);
    assert_eq!(env.vault_state(), before);
}

// ---------------------------------------------------------------- rotate

#[test]
fn rotate_takes_a_generated_or_piped_value() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "start"]).ok();
    env.run(&["secrets:rotate", "A", "--generate", "--length", "24"])
        .ok();
    let g = value(&env, "A");
    assert_eq!(g.len(), 24);
    assert!(g.iter().all(u8::is_ascii_alphanumeric));
    env.run_stdin(&["secrets:rotate", "A", "-"], b"piped-new\n")
        .ok();
    assert_eq!(value(&env, "A"), b"piped-new");
    let v = versions(&env, "A");
    assert_eq!(actions_of(&v), ["create", "rotate", "rotate"]);
    // Rotating to the same value is refused.
    env.run_stdin(&["secrets:rotate", "A", "-"], b"piped-new")
        .code(2);
    assert_eq!(audit(&env, &["--action", "rotated"]).len(), 2);
}

// ---------------------------------------------------------------- lifecycle

#[test]
fn delete_takes_several_names_and_reports_each() {
    let env = Env::with_vault();
    for n in ["A", "B", "C"] {
        env.run(&["secrets:create", n, "v"]).ok();
    }
    let out = env.run(&["secrets:delete", "A", "C"]).ok().out();
    assert_eq!(out.lines().collect::<Vec<_>>(), ["deleted A", "deleted C"]);
    assert_eq!(listed_names(&env, &[]), ["B"]);
    let rows = audit(&env, &["--action", "deleted"]);
    let targets: Vec<&str> = rows.iter().map(|r| r["target"].as_str().unwrap()).collect();
    assert_eq!(targets, ["A", "C"]);
}

#[test]
fn delete_with_an_unknown_name_deletes_the_known_ones_and_exits_3() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v"]).ok();
    env.run(&["secrets:create", "B", "v"]).ok();
    let run = env
        .run(&["secrets:delete", "A", "NOPE", "B"])
        .code(3)
        .stderr_has("NOPE");
    let out = run.out();
    assert!(
        out.contains("deleted A") && out.contains("deleted B"),
        "{out}"
    );
    assert!(!out.contains("NOPE"), "{out}");
    assert!(listed_names(&env, &[]).is_empty());
    assert_eq!(audit(&env, &["--action", "deleted"]).len(), 2);
    // Deleting again: already deleted is not found either.
    env.run(&["secrets:delete", "A"])
        .code(3)
        .stderr_has("deleted");
}

#[test]
fn deleted_secret_get_exits_3_with_a_restore_hint_and_restore_brings_it_back() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "keep-me"]).ok();
    env.run(&["secrets:update", "A", "keep-me-2"]).ok();
    env.run(&["secrets:delete", "A"]).ok();
    let run = env
        .run(&["secrets:get", "A"])
        .code(3)
        .stderr_has("deleted")
        .stderr_has("secrets:restore");
    assert!(run.stdout.is_empty());
    // Changes to a deleted secret are refused too.
    env.run(&["secrets:update", "A", "x"]).code(3);
    env.run(&["secrets:disable", "A"]).code(3);
    let run = env.run(&["secrets:restore", "A"]).ok();
    assert!(run.out().contains("restored A"), "{}", run.out());
    assert_eq!(value(&env, "A"), b"keep-me-2");
    assert_eq!(versions(&env, "A").len(), 2, "versions survive a delete");
    assert!(record(&env, "A")["deleted_at"].is_null());
    // Restoring what is not deleted changes nothing (and does not rewrite).
    let before = env.vault_state();
    let run = env.run(&["secrets:restore", "A"]).ok();
    assert!(run.out().contains("nothing changed"), "{}", run.out());
    assert_eq!(env.vault_state(), before);
    env.run(&["secrets:restore", "NOPE"]).code(3);
}

#[test]
fn disable_refuses_reads_with_exit_4_until_enabled() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v"]).ok();
    env.run(&["secrets:disable", "A"]).ok();
    let run = env
        .run(&["secrets:get", "A"])
        .code(4)
        .stderr_has("disabled")
        .stderr_has("secrets:enable");
    assert!(run.stdout.is_empty());
    // A batch containing a disabled secret returns nothing at all.
    env.run(&["secrets:create", "B", "other"]).ok();
    let run = env.run(&["secrets:get", "B", "A"]).code(4);
    assert!(run.stdout.is_empty());
    env.run(&["secrets:diff", "A", "--from", "1", "--reveal"])
        .code(4);
    assert_eq!(record(&env, "A")["state"], "disabled");
    env.run(&["secrets:enable", "A"]).ok();
    assert_eq!(value(&env, "A"), b"v");
    let out = env.run(&["secrets:enable", "A"]).ok().out();
    assert!(out.contains("already"), "{out}");
}

// ---------------------------------------------------------------- audit

/// A vault that has been through every command.
fn lived() -> Env {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "VALUE-one", "--tags", "t"])
        .ok();
    env.run(&["secrets:get", "A"]).ok();
    env.run(&["secrets:update", "A", "VALUE-two"]).ok();
    env.run(&["secrets:update", "A", "--add-tag", "u"]).ok();
    env.run(&["secrets:rotate", "A", "VALUE-three"]).ok();
    env.run(&["secrets:rollback", "A"]).ok();
    env.run(&["secrets:versions", "A"]).ok();
    env.run(&["secrets:diff", "A", "--from", "1"]).ok();
    env.run(&["secrets:list"]).ok();
    env.run(&["secrets:disable", "A"]).ok();
    env.run(&["secrets:enable", "A"]).ok();
    env.run(&["secrets:delete", "A"]).ok();
    env.run(&["secrets:restore", "A"]).ok();
    env.run(&["secrets:create", "B", "VALUE-b"]).ok();
    env.run(&["secrets:get", "A", "B", "--format", "json"]).ok();
    env
}

#[test]
fn audit_logs_record_every_command_in_order() {
    let env = lived();
    let rows = audit(&env, &[]);
    assert_eq!(
        actions(&rows),
        [
            "initialized",
            "created",
            "accessed",
            "updated",
            "updated",
            "rotated",
            "rolled_back",
            "listed_versions",
            "compared",
            "listed",
            "disabled",
            "enabled",
            "deleted",
            "restored",
            "created",
            "accessed",
            "accessed",
        ]
    );
    let seqs: Vec<i64> = rows.iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, (1..=rows.len() as i64).collect::<Vec<_>>());
    for r in &rows {
        assert_eq!(r["actor"], "tester");
        assert!((now() - r["ts"].as_i64().unwrap()).abs() < 300);
    }
    assert_eq!(rows[0]["resource"], "vault");
    assert_eq!(rows[0]["details"]["recipient"], public_key(&env));
    // Value events carry a fingerprint; versions are recorded.
    assert_eq!(rows[1]["version"], 1);
    assert_eq!(rows[3]["version"], 2);
    assert_eq!(rows[5]["version"], 3);
    assert_eq!(rows[6]["version"], 4);
    for i in [1, 2, 3, 5, 6] {
        assert!(rows[i]["details"]["fingerprint"].is_string(), "{}", rows[i]);
    }
    // The table shows the same rows.
    let table = env.run(&["audit:logs"]).ok().out();
    assert_eq!(table.lines().count(), rows.len() + 1, "{table}");
    // audit:logs itself is not audited.
    assert_eq!(audit(&env, &[]).len(), rows.len());
}

#[test]
fn audit_logs_filter_by_resource_action_secret_and_actor() {
    let env = lived();
    let all = audit(&env, &[]);
    let vault_rows = audit(&env, &["--resource", "vault"]);
    assert_eq!(actions(&vault_rows), ["initialized", "listed"]);
    let secret_rows = audit(&env, &["--resource", "secrets"]);
    assert_eq!(vault_rows.len() + secret_rows.len(), all.len());

    let accessed = audit(&env, &["--resource", "secrets", "--action", "accessed"]);
    assert_eq!(accessed.len(), 3);
    assert!(accessed.iter().all(|r| r["action"] == "accessed"));

    let b = audit(&env, &["--secret", "B"]);
    assert_eq!(actions(&b), ["created", "accessed"]);
    assert!(b.iter().all(|r| r["target"] == "B"));
    let a_reads = audit(&env, &["--secret", "A", "--action", "accessed"]);
    assert_eq!(a_reads.len(), 2);

    assert_eq!(audit(&env, &["--actor", "tester"]).len(), all.len());
    assert!(audit(&env, &["--actor", "mallory"]).is_empty());
    assert!(audit(&env, &["--secret", "NOPE"]).is_empty());
    // An unknown action is a usage error.
    env.run(&["audit:logs", "--action", "exploded"]).code(2);
}

#[test]
fn audit_logs_since_and_limit() {
    let env = lived();
    let all = audit(&env, &[]);
    assert_eq!(audit(&env, &["--since", "1h"]).len(), all.len());
    assert_eq!(audit(&env, &["--since", "2020-01-01"]).len(), all.len());
    assert!(audit(&env, &["--since", "2099-01-01"]).is_empty());
    let last3 = audit(&env, &["--limit", "3"]);
    let seqs: Vec<i64> = last3.iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    let n = all.len() as i64;
    assert_eq!(seqs, [n - 2, n - 1, n], "the newest rows, oldest first");
    let created = audit(&env, &["--action", "created", "--limit", "1"]);
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["target"], "B");
    env.run(&["audit:logs", "--since", "yesterday-ish"]).code(2);
}

#[test]
fn audit_logs_json_carries_a_hash_chain_that_recomputes() {
    use sha2::{Digest, Sha256};
    let env = lived();
    let vault_id = status(&env)["vault_id"].as_str().unwrap().to_owned();
    let rows = audit(&env, &[]);
    let hex = |v: &Value| hex::decode(v.as_str().unwrap()).unwrap();
    let genesis = Sha256::new()
        .chain_update(b"coffer-audit-v1")
        .chain_update(hex::decode(&vault_id).unwrap())
        .finalize()
        .to_vec();
    assert_eq!(
        hex(&rows[0]["prev_hash"]),
        genesis,
        "first row links to the vault id"
    );
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            assert_eq!(
                r["prev_hash"],
                rows[i - 1]["hash"],
                "link at seq {}",
                r["seq"]
            );
        }
        // hash = SHA-256(prev_hash || msgpack [seq, ts, vault_id, actor, action,
        // resource, target, version, details]) (`man 5 coffer-vault`, the audit table).
        let details: std::collections::BTreeMap<String, String> =
            serde_json::from_value(r["details"].clone()).unwrap();
        let canonical = rmp_serde::to_vec(&(
            r["seq"].as_i64().unwrap(),
            r["ts"].as_i64().unwrap(),
            vault_id.as_str(),
            r["actor"].as_str().unwrap(),
            r["action"].as_str().unwrap(),
            r["resource"].as_str().unwrap(),
            r["target"].as_str(),
            r["version"].as_i64(),
            &details,
        ))
        .unwrap();
        let expect = Sha256::new()
            .chain_update(hex(&r["prev_hash"]))
            .chain_update(&canonical)
            .finalize()
            .to_vec();
        assert_eq!(hex(&r["hash"]), expect, "hash of seq {}", r["seq"]);
    }
    let hashes: BTreeSet<&str> = rows.iter().map(|r| r["hash"].as_str().unwrap()).collect();
    assert_eq!(hashes.len(), rows.len());
}

#[test]
fn audit_output_never_contains_a_value() {
    let env = lived();
    for args in [
        &["audit:logs"][..],
        &["audit:logs", "--format", "json"],
        &["audit:logs", "--secret", "A", "--format", "json"],
    ] {
        let run = env.run(args).ok();
        assert!(
            !contains(&run.stdout, b"VALUE-"),
            "a value in {args:?}: {}",
            run.out()
        );
    }
    // Nor does the vault's status.
    let s = env.run(&["status", "--format", "json"]).ok();
    assert!(!contains(&s.stdout, b"VALUE-"));
}

// ---------------------------------------------------------------- help, completions

#[test]
fn help_shows_examples_and_the_shell_history_warning() {
    let env = Env::new();
    let top = squash(&env.run(&["--help"]).ok().out());
    assert!(top.contains("Examples:"), "{top}");
    assert!(top.contains("shell history"), "{top}");
    assert!(top.contains("secrets:create"), "{top}");
    let create = squash(&env.run(&["secrets:create", "--help"]).ok().out());
    assert!(create.contains("Examples:"), "{create}");
    assert!(create.contains("land in your shell history"), "{create}");
    for cmd in [
        "init",
        "status",
        "secrets:get",
        "secrets:list",
        "secrets:update",
        "secrets:versions",
        "secrets:diff",
        "secrets:rollback",
        "secrets:rotate",
        "secrets:delete",
        "secrets:restore",
        "secrets:disable",
        "secrets:enable",
        "audit:logs",
        "completions",
    ] {
        let help = env.run(&[cmd, "--help"]).ok().out();
        assert!(help.contains("Examples:"), "{cmd} --help has no examples");
    }
    // No subcommand is a usage error.
    env.run(&[]).code(2);
}

#[test]
fn completions_print_scripts_for_bash_zsh_and_fish() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = env.run(&["completions", shell]).ok().out();
        assert!(out.len() > 200, "{shell}: {out}");
        assert!(out.contains("coffer"), "{shell}");
        assert!(
            out.contains("secrets:create") || out.contains("secrets\\:create"),
            "{shell}"
        );
    }
    env.run(&["completions", "tcsh"]).code(2);
}
