//! Fixes from the security review of coffer 0.1: each test replays a finding
//! the way a user (or someone sharing the machine) would meet it, and checks
//! the exit code and the message they see.

mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{Env, Run, run_command};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// No panic reached the user.
#[track_caller]
fn no_panic(run: &Run) {
    assert!(
        !run.stderr.contains("panicked"),
        "coffer panicked: {}",
        run.stderr
    );
}

// ---------------------------------------------------------------- L6 arguments

#[test]
fn a_non_utf8_argument_beside_an_unknown_flag_is_a_usage_error_not_a_panic() {
    let env = Env::with_vault();
    let mut cmd = env.cmd(&["--vault"]);
    cmd.arg(OsStr::from_bytes(b"vault\xff"))
        .args(["secrets:create", "K", "--bogus"]);
    let run = run_command(cmd);
    no_panic(&run);
    let run = run
        .code(2)
        .stderr_has("error: unexpected argument (not shown: it may be a secret value)");
    assert!(!run.stderr.contains("--bogus"), "{}", run.stderr);
}

// ---------------------------------------------------------------- L2 folders

#[test]
fn init_under_umask_000_makes_private_folders() {
    let env = Env::new();
    run_command(env.shell("umask 000; exec coffer init")).ok();
    for dir in ["config/coffer", "data/coffer"] {
        assert_eq!(mode(&env.path(dir)), 0o700, "{dir}");
    }
    assert_eq!(mode(&env.identity()), 0o600);
    assert_eq!(mode(&env.vault()), 0o600);
}

// ---------------------------------------------------------------- L8 identity mode

#[test]
fn an_identity_others_can_read_is_refused_and_a_private_one_works() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "s3cr3t-VALUE"]).ok();
    let id = env.identity();
    let before = env.vault_bytes();
    for loose in [0o644, 0o666, 0o640, 0o604] {
        std::fs::set_permissions(&id, std::fs::Permissions::from_mode(loose)).unwrap();
        for args in [&["secrets:get", "A"][..], &["secrets:list"], &["status"]] {
            let run = env.run(args).code(4);
            let shown = format!("{loose:04o}");
            let run = run
                .stderr_has(&format!("error: identity {}", id.display()))
                .stderr_has(&format!("accessible by others (mode {shown})"))
                .stderr_has(&format!("hint: chmod 600 {}", id.display()));
            assert!(run.stdout.is_empty(), "{args:?}: {}", run.out());
            assert!(!run.stderr.contains("s3cr3t"), "{}", run.stderr);
        }
        assert_eq!(
            env.vault_bytes(),
            before,
            "mode {loose:o}: the vault changed"
        );
    }
    for private in [0o600, 0o400] {
        std::fs::set_permissions(&id, std::fs::Permissions::from_mode(private)).unwrap();
        let run = env.run(&["secrets:get", "A"]).ok();
        assert_eq!(run.out(), "s3cr3t-VALUE\n");
    }
}
