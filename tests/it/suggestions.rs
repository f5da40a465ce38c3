//! A mistyped flag gets a "did you mean", and a stray argument of a command
//! that takes a value is still never echoed; the short aliases of the
//! everyday verbs work and are shown.

use crate::common::{Env, Run};

fn transcript(args: &[&str], run: &Run) -> String {
    format!(
        "$ coffer {}\n[exit {}]\n--- stderr\n{}",
        args.join(" "),
        run.code,
        run.stderr
    )
}

#[test]
fn a_mistyped_flag_gets_a_suggestion_and_no_echo() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "alpha"]).ok();
    let before = env.vault_state();
    let cases: &[&[&str]] = &[
        &["secrets:create", "X9", "-", "--tag", "foo"],
        &["create", "X9", "-", "--tag", "foo"],
        &["secrets:create", "X9", "--generate", "--lenght", "12"],
        &["secrets:update", "A", "--add-tags", "billing"],
        &["update", "A", "--expires", "30d"],
        &["secrets:rotate", "A", "--period", "30d"],
        &["secrets:rotate", "A", "--generat"],
        &["audit:hash", "--from", "f.txt"],
        // A value that looks like a flag: nothing like it, nothing shown.
        &["secrets:create", "X9", "--hunter2-Sw0rdfish"],
        &["secrets:create", "X9", "two", "words"],
    ];
    let mut all = String::new();
    for args in cases {
        let run = env.run(args).code(2).stderr_has("not shown");
        for secret in ["foo", "lenght", "add-tags", "expires", "period", "generat", "hunter2", "words"] {
            assert!(!run.stderr.contains(secret), "{args:?} echoed {secret}: {}", run.stderr);
        }
        all.push_str(&transcript(args, &run));
        all.push('\n');
    }
    assert_eq!(env.vault_state(), before, "a refused command changed the vault");
    insta::assert_snapshot!("mistyped_flags", all);
}

#[test]
fn the_short_aliases_are_the_secrets_commands() {
    let env = Env::with_vault();
    env.run_stdin(&["create", "prod/db/password", "-"], b"pw1")
        .ok();
    env.run(&["update", "prod/db/password", "pw2"]).ok();
    assert_eq!(env.run(&["get", "prod/db/password"]).ok().out(), "pw2\n");
    assert_eq!(
        env.run(&["ls", "--names-only"]).ok().out(),
        "prod/db/password\n"
    );
    // Audited as the long names are.
    let reads = env.audit_rows(&["--action", "accessed"]);
    assert_eq!(reads.len(), 1, "{reads:?}");
    env.run(&["audit:verify"]).ok();
    let help = env.run(&["--help"]).ok().out();
    for alias in ["[aliases: get]", "[aliases: ls]", "[aliases: create]", "[aliases: update]"] {
        assert!(help.contains(alias), "--help lacks {alias}:\n{help}");
    }
}
