//! Snapshots of what users read: every command's `--help`, and the exact
//! output and exit code of bad input. A change to any of them shows up as a
//! diff in review. The temp folder is shown as `[TMP]`. Cases that show
//! times run at a fixed clock (libfaketime); vault ids, keys and hashes,
//! random on every run, are shown as `[ID]`, `[KEY]`, `[HASH]` and `[FP]`.
//!
//! After a deliberate change: `INSTA_UPDATE=always cargo test --test it snapshots`,
//! then review the diff of `tests/it/snapshots/`.

use crate::common::{self, Env, Run};

/// A command, what it printed and how it exited, as one text.
fn transcript(env: &Env, args: &[&str], run: &Run) -> String {
    let tmp = env.dir.path().display().to_string();
    let hide = |s: &str| s.replace(&tmp, "[TMP]");
    format!(
        "$ coffer {}\n[exit {}]\n--- stdout\n{}--- stderr\n{}",
        args.iter()
            .map(|a| a.escape_debug().to_string())
            .collect::<Vec<_>>()
            .join(" "),
        run.code,
        hide(&run.out()),
        hide(&run.stderr)
    )
}

#[test]
fn help() {
    let env = Env::new();
    let mut names: Vec<String> = coffer::cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    names.insert(0, String::new());
    let mut all = String::new();
    for name in &names {
        let mut args: Vec<&str> = Vec::new();
        if !name.is_empty() {
            args.push(name);
        }
        args.push("--help");
        let run = env.run(&args);
        all.push_str(&transcript(&env, &args, &run));
        all.push('\n');
    }
    insta::assert_snapshot!("help", all);
}

#[test]
fn bad_input() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    let before = env.vault_state();
    let cases: &[&[&str]] = &[
        &["secrets:get", "NOPE"],
        &["secrets:get", "bad name"],
        &["secrets:get", "A", "--version", "9"],
        &["secrets:get", "A", "B", "-n"],
        &["secrets:create", "A", "v"],
        &["secrets:create", "K", "v", "--expires-in", "banana"],
        &["secrets:create", "K", "v", "--expires-at", "2027-13-01"],
        &["secrets:create", "K", "v", "--expires-in", "99999999999d"],
        &["secrets:create", "K", "-", "--tag", "foo"],
        &["secrets:create", "B\u{202E}gnp.exe", "v"],
        &["secrets:create", "K", "v", "--length", "12"],
        &["secrets:create", "K\u{1b}[2J", "v"],
        &["secrets:create", "K", "v", "--tags", "prod,has space"],
        &["secrets:create", "K", "v", "--metadata", "owner"],
        &["secrets:create", "K", "v", "--metadata", "the owner=me"],
        &["secrets:create", "K", "v", "--activates-at", "tomorrow"],
        &["secrets:update", "A", "--unset-metadata", "a b"],
        &["secrets:list", "--tag", ""],
        &["audit:logs", "--secret=-x"],
        &["secrets:update", "A"],
        &["secrets:update", "A", "--remove-tag", "nope"],
        &["secrets:update", "A", "v2", "--if-version", "7"],
        &["secrets:rollback", "A"],
        &["secrets:diff", "A", "--from", "5"],
        &["secrets:disable", "NOPE"],
        &["secrets:delete", "NOPE"],
        &["secrets:list", "--expiring-within", "0d"],
        &["audit:logs", "--since", "yesterday"],
        &["audit:logs", "--fingerprint", "abc"],
        &["audit:acknowledge", "--reason", " "],
        &["audit:verify", "--expect", "banana"],
        &["vault:trust", "ed25519:zz"],
        &["--lock-timeout", "soon", "status"],
        &["status", "--vault", "missing.age"],
        &["--identity", "missing.txt", "secrets:get", "A"],
    ];
    let mut all = String::new();
    for args in cases {
        let run = env.run(args);
        assert_ne!(run.code, 0, "{args:?} succeeded");
        all.push_str(&transcript(&env, args, &run));
        all.push('\n');
    }
    assert_eq!(env.vault_state(), before, "bad input changed the vault");
    // And a refused write on a tampered vault, as an insider leaves it.
    common::insider_edit_vault(&env, |c| {
        c.execute("UPDATE secret SET enabled = 0 WHERE name = 'A'", [])
            .unwrap();
    });
    let args = ["secrets:get", "A"];
    let run = env.run(&args);
    all.push_str(&transcript(&env, &args, &run));
    insta::assert_snapshot!("bad_input", all);
}

/// What `init` says on success (the identity to back up, by name), and
/// what a lost identity gives: every command and `init` itself say that it
/// is lost and what to restore, never to run `init`.
#[test]
fn lost_identity() {
    let env = Env::new();
    let mut all = String::new();
    let mut show = |args: &[&str]| {
        let run = env.run(args);
        all.push_str(&transcript(&env, args, &run));
        all.push('\n');
        run
    };
    show(&["init"]).ok();
    show(&["secrets:create", "A", "alpha"]).ok();
    std::fs::rename(env.identity(), env.path("backup-identity.txt")).unwrap();
    show(&["secrets:get", "A"]).code(3);
    show(&["status"]).code(3);
    show(&["init"])
        .code(3)
        .stderr_has("`coffer init --vault NEW_PATH --identity NEW_FILE`");
    // The new vault the hint gives keeps its key apart from the lost one's
    // path, so restoring the backup there overwrites nothing.
    show(&[
        "init",
        "--vault",
        "new.age",
        "--identity",
        "new-identity.txt",
    ])
    .ok();
    assert!(!env.identity().exists());
    // With the identity file named, it opens again.
    show(&["--identity", "backup-identity.txt", "secrets:get", "A"]).ok();
    insta::with_settings!({filters => vec![
        (r"age1[0-9a-z]{58}", "[RECIPIENT]"),
        (r"\b[0-9a-f]{32}\b", "[ID]"),
    ]}, {
        insta::assert_snapshot!("lost_identity", all);
    });
}

/// Tables and records as users and scripts read them, from one vault built
/// at fixed times: lists, versions, a diff, the audit log, verify, status.
#[test]
fn tables() {
    let env = Env::new();
    let day1 = "2027-03-01 09:00:00";
    let day2 = "2027-03-02 10:30:00";
    let day3 = "2027-03-03 12:00:00";
    let setup: &[(&str, &[&str])] = &[
        (day1, &["init", "--name", "team"]),
        (
            day1,
            &[
                "secrets:create",
                "DATABASE_URL",
                "postgresql://db.internal/app",
                "--tags",
                "production,database",
                "--metadata",
                "owner=backend-team",
                "--expires-in",
                "90d",
            ],
        ),
        (
            day1,
            &[
                "secrets:create",
                "API_KEY",
                "k-1",
                "--type",
                "api_key",
                "--tags",
                "production",
            ],
        ),
        (
            day1,
            &[
                "secrets:create",
                "prod/db/password",
                "hunter2",
                "--type",
                "password",
            ],
        ),
        (
            day1,
            &[
                "secrets:create",
                "OLD_KEY",
                "old",
                "--activates-at",
                "2027-03-02",
            ],
        ),
        (day2, &["secrets:update", "API_KEY", "k-2"]),
        (
            day2,
            &["secrets:update", "API_KEY", "k-3", "--add-tag", "billing"],
        ),
        (day2, &["secrets:rollback", "API_KEY", "--version", "1"]),
        (day2, &["secrets:get", "API_KEY"]),
        (day3, &["secrets:disable", "OLD_KEY"]),
        (day3, &["secrets:delete", "prod/db/password"]),
    ];
    for (time, args) in setup {
        env.run_at(time, args).ok();
    }
    let shown: &[&[&str]] = &[
        &["secrets:list"],
        &["secrets:list", "--deleted"],
        &["secrets:list", "--state", "disabled", "--format", "tsv"],
        &["secrets:list", "--tag", "production", "--format", "tsv"],
        &["secrets:list", "--tag", "database", "--format", "json"],
        &["secrets:versions", "API_KEY"],
        &["secrets:versions", "API_KEY", "--format", "json"],
        &["secrets:diff", "API_KEY", "--from", "1", "--to", "3"],
        &["secrets:get", "API_KEY", "DATABASE_URL", "--format", "json"],
        &["audit:logs"],
        &[
            "audit:logs",
            "--secret",
            "API_KEY",
            "--format",
            "json",
            "--limit",
            "2",
        ],
        &["audit:verify"],
        &["status"],
        &["secrets:search", "key"],
    ];
    let mut all = String::new();
    for args in shown {
        let run = env.run_at(day3, args);
        all.push_str(&transcript(&env, args, &run));
        all.push('\n');
    }
    insta::with_settings!({filters => vec![
        (r"age1[0-9a-z]{58}", "[RECIPIENT]"),
        (r"ed25519:[0-9a-f]{64}", "ed25519:[KEY]"),
        (r"\b[0-9a-f]{64}\b", "[HASH]"),
        (r"\b[0-9a-f]{32}\b", "[ID]"),
        // Fingerprints are keyed by the vault's random key.
        (r"\b[0-9a-f]{16}\b", "[FP]"),
        (r"(fingerprint|key_check|members)=[0-9a-f]{12}…", "$1=[FP]…"),
        (r"recipient=age1[0-9a-z]{8}…", "recipient=[RECIPIENT]…"),
        // The image's size varies with its random keys.
        (r"file size( +)\d+ bytes", "file size$1[N] bytes"),
    ]}, {
        insta::assert_snapshot!("tables", all);
    });
}
