//! Snapshots of what users read: every command's `--help`, and the exact
//! output and exit code of bad input. A change to any of them shows up as a
//! diff in review. The temp folder is shown as `[TMP]`; the cases avoid
//! times, vault ids and keys, which differ on every run.
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
