//! Completion must really work in bash (with and without bash-completion), zsh
//! and fish: tests/completion-shells.sh drives each shell through tmux, types
//! `coffer secrets:cr<TAB>` and friends, and reads the screen.
//!
//! The shells are not part of a Rust toolchain: when they are missing the test
//! says so and passes, unless COFFER_REQUIRE_SHELLS is set (as .ci/run does,
//! after installing them).

use std::process::Command;

#[test]
fn completion_works_in_real_shells() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/completion-shells.sh");
    let out = Command::new("bash")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_coffer"))
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(2) && std::env::var_os("COFFER_REQUIRE_SHELLS").is_none() {
        eprintln!("skipped: {stderr}(install tmux bash-completion zsh fish to run it)");
        return;
    }
    assert!(
        out.status.success(),
        "completion checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("failed 0"), "{stdout}");
}

// ------------------------------------------- `coffer __complete-names`
// What the scripts run at a secret name: checked here without a shell.

use crate::common::{Env, Run};

fn names(env: &Env, line: &str) -> Run {
    let mut args = vec!["__complete-names", "--"];
    args.extend(line.split(' '));
    env.run(&args)
}

fn vault_with_names() -> Env {
    let env = Env::with_vault();
    for name in [
        "API_KEY",
        "DATABASE_URL",
        "prod/db/password",
        "prod/db/user",
        "prod/api/token",
        "staging/db/password",
        "OLD_KEY",
    ] {
        env.run(&["secrets:create", name, "--generate"]).ok();
    }
    env.run(&["secrets:delete", "OLD_KEY"]).ok();
    env
}

#[test]
fn names_complete_from_the_vault_a_folder_at_a_time() {
    let env = vault_with_names();
    let cases: &[(&str, &str)] = &[
        (
            "coffer secrets:get ",
            "API_KEY\nDATABASE_URL\nprod/\nstaging/\n",
        ),
        ("coffer get pr", "prod/api/\nprod/db/\n"),
        (
            "coffer secrets:get prod/d",
            "prod/db/password\nprod/db/user\n",
        ),
        ("coffer secrets:versions st", "staging/db/password\n"),
        ("coffer secrets:delete API_KEY D", "DATABASE_URL\n"),
        ("coffer secrets:restore ", "OLD_KEY\n"),
        ("coffer secrets:create prod/", "prod/api/\nprod/db/\n"),
        ("coffer audit:logs --secret A", "API_KEY\n"),
        ("coffer secrets:get --version 1 A", "API_KEY\n"),
        ("coffer secrets:get nothing-like-it", ""),
    ];
    for (line, want) in cases {
        let run = names(&env, line).ok();
        assert_eq!(run.out(), *want, "{line}");
        assert_eq!(run.stderr, "", "{line}");
    }
    // As the scripts send them: on stdin, NUL- or newline-ended.
    let run = env
        .run_stdin(&["__complete-names"], b"coffer\0get\0prod/d\0")
        .ok();
    assert_eq!(run.out(), "prod/db/password\nprod/db/user\n");
    let run = env
        .run_stdin(&["__complete-names"], b"coffer\nsecrets:get\n\n")
        .ok();
    assert_eq!(run.out(), "API_KEY\nDATABASE_URL\nprod/\nstaging/\n");
    env.run_stdin(&["__complete-names"], b"coffer\0sec\0")
        .code(1);
    env.run(&["__complete-names"]).code(1);
    // Not a name: exit 1 and nothing, so the script completes as before.
    for line in [
        "coffer sec",
        "coffer secrets:get --fo",
        "coffer secrets:get --version ",
        "coffer secrets:create NEW ",
        "coffer secrets:list ",
        "coffer --vault ",
    ] {
        let run = names(&env, line).code(1);
        assert_eq!(
            (run.out(), run.stderr.as_str()),
            (String::new(), ""),
            "{line}"
        );
    }
}

#[test]
fn names_are_read_without_audit_lock_or_journal_record() {
    let env = vault_with_names();
    let rows = env.audit_rows(&[]).len();
    let before = env.vault_state();
    // A writer holding the lock does not hold completion up.
    let _lock = crate::common::hold_lock(coffer::vault::lock::lock_path(&env.vault()));
    names(&env, "coffer secrets:get A").ok();
    assert_eq!(names(&env, "coffer secrets:get A").ok().out(), "API_KEY\n");
    drop(_lock);
    assert_eq!(env.vault_state(), before, "completion wrote to the vault");
    assert_eq!(env.audit_rows(&[]).len(), rows);
    env.run(&["audit:verify"]).ok();
}

#[test]
fn names_never_prompt_and_never_print_errors() {
    // A passphrase-protected identity: no names, silently; with the
    // passphrase file the names come.
    let env = Env::new();
    std::fs::write(env.path("pass.txt"), "correct horse\n").unwrap();
    env.run(&["init", "--passphrase-file", "pass.txt"]).ok();
    env.run(&[
        "--passphrase-file",
        "pass.txt",
        "secrets:create",
        "APPLE",
        "--generate",
    ])
    .ok();
    let run = names(&env, "coffer get A").ok();
    assert_eq!((run.out(), run.stderr.as_str()), (String::new(), ""));
    let run = names(&env, "coffer --passphrase-file pass.txt get A").ok();
    assert_eq!(run.out(), "APPLE\n");
    let run = env
        .cmd(&["__complete-names", "--", "coffer", "get", "A"])
        .env("COFFER_PASSPHRASE_FILE", env.path("pass.txt"))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout), "APPLE\n");

    // No vault, an unreadable vault, a vault named on the line that is not
    // there: nothing, and no error.
    let empty = Env::new();
    for line in [
        "coffer get A",
        "coffer --vault missing.age get A",
        "coffer --vault=pass.txt get A",
    ] {
        for env in [&empty, &env] {
            let run = names(env, line).ok();
            assert_eq!(
                (run.out(), run.stderr.as_str()),
                (String::new(), ""),
                "{line}"
            );
        }
    }
}
