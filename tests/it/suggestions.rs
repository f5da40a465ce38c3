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
    // Each case, and the words its message must not hold (as whole words:
    // `--expires` is in the suggestion `--expires-at`, but not alone).
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["secrets:create", "X9", "-", "--tag", "foo"],
            &["--tag", "foo"],
        ),
        (&["create", "X9", "-", "--tag", "foo"], &["--tag", "foo"]),
        (
            &["secrets:create", "X9", "--generate", "--lenght", "12"],
            &["--lenght", "12"],
        ),
        (
            &["secrets:update", "A", "--add-tags", "billing"],
            &["--add-tags", "billing"],
        ),
        (&["update", "A", "--expires", "30d"], &["--expires", "30d"]),
        (
            &["secrets:rotate", "A", "--period", "30d"],
            &["--period", "30d"],
        ),
        (&["secrets:rotate", "A", "--generat"], &["--generat"]),
        (&["audit:hash", "--from", "f.txt"], &["--from", "f.txt"]),
        // A value that looks like a flag: nothing like it, nothing shown.
        (
            &["secrets:create", "X9", "--hunter2-Sw0rdfish"],
            &["hunter2"],
        ),
        (&["secrets:create", "X9", "two", "words"], &["two", "words"]),
    ];
    let word_in = |hay: &str, word: &str| {
        hay.match_indices(word).any(|(at, _)| {
            let after = hay[at + word.len()..].chars().next();
            !after.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
    };
    let mut all = String::new();
    for (args, never) in cases {
        let run = env.run(args).code(2).stderr_has("not shown");
        for word in *never {
            assert!(
                !word_in(&run.stderr, word),
                "{args:?} echoed {word}: {}",
                run.stderr
            );
        }
        all.push_str(&transcript(args, &run));
        all.push('\n');
    }
    assert_eq!(
        env.vault_state(),
        before,
        "a refused command changed the vault"
    );
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
    for alias in [
        "[alias: get]",
        "[alias: ls]",
        "[alias: create]",
        "[alias: update]",
    ] {
        assert!(help.contains(alias), "--help lacks {alias}:\n{help}");
    }
}
