//! Fixes from the security review of coffer 0.1: each test replays a finding
//! the way a user (or someone sharing the machine) would meet it, and checks
//! the exit code and the message they see.

mod common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use common::{Env, Run};

fn run_cmd(mut cmd: std::process::Command) -> Run {
    let out = cmd.output().expect("run coffer");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
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
    let run = run_cmd(cmd);
    no_panic(&run);
    let run = run
        .code(2)
        .stderr_has("error: unexpected argument (not shown: it may be a secret value)");
    assert!(!run.stderr.contains("--bogus"), "{}", run.stderr);
}
