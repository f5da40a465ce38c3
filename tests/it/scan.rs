//! `coffer scan`: values found verbatim in a tree, never printed; ignored
//! files, hidden files (searched; `.git/` never) and binary files; exit codes; JSON; one audit row per scan; and
//! the scan as a real git pre-commit hook.

use std::path::Path;

use crate::common::{Env, run_command};

const KEY: &str = "sk_live_4242424242";
const DB: &str = "correct-horse-battery";

/// A vault with two values worth finding and one too short to mean anything.
fn env_with_secrets() -> Env {
    let env = Env::with_vault();
    env.run(&["secrets:create", "API_KEY", KEY]).ok();
    env.run(&["secrets:create", "DB_PASSWORD", DB]).ok();
    env.run(&["secrets:create", "PIN", "1234"]).ok();
    env
}

fn write(env: &Env, rel: &str, contents: &[u8]) {
    let path = env.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn git(dir: &Path, args: &[&str]) -> crate::common::Run {
    let mut cmd = std::process::Command::new("git");
    cmd.args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com");
    run_command(cmd)
}

#[test]
fn finds_values_and_prints_names_never_values() {
    let env = env_with_secrets();
    write(&env, "tree/config.env", b"# app\nAPI=sk_live_4242424242\n");
    write(
        &env,
        "tree/src/both.txt",
        format!("one line: {KEY} and {DB} and {KEY} again\n").as_bytes(),
    );
    write(&env, "tree/clean.txt", b"nothing here\n1234\n");
    let run = env.run(&["scan", "tree"]).code(1);
    assert_eq!(
        run.out(),
        "tree/config.env:2: API_KEY\ntree/src/both.txt:1: API_KEY\ntree/src/both.txt:1: DB_PASSWORD\n"
    );
    for text in [run.out(), run.stderr.clone()] {
        assert!(!text.contains(KEY) && !text.contains(DB), "{text}");
        assert!(!text.contains("one line"), "the matched line is printed");
    }
    // Counts in the number they take (one secret, two files).
    run.stderr_has("1 value shorter than 6 bytes was not searched for")
        .stderr_has("found the values of 2 secrets in 2 files (3 places)");
    std::fs::remove_dir_all(env.path("tree/src")).unwrap();
    env.run(&["scan", "tree"])
        .code(1)
        .stderr_has("found the value of 1 secret in 1 file (1 place)");
}

#[test]
fn a_clean_tree_exits_0() {
    let env = env_with_secrets();
    write(&env, "tree/a.txt", b"sk_live_ but not the rest\n");
    let run = env.run(&["scan", "tree"]).ok();
    assert_eq!(run.out(), "");
}

#[test]
fn default_path_is_the_current_folder() {
    let env = env_with_secrets();
    write(&env, "work/notes.md", format!("x\ny\n{DB}\n").as_bytes());
    let mut cmd = env.cmd(&["scan"]);
    cmd.current_dir(env.path("work"));
    let run = run_command(cmd).code(1);
    assert_eq!(run.out(), "notes.md:3: DB_PASSWORD\n");
}

#[test]
fn a_path_that_does_not_exist_exits_3_and_reads_nothing() {
    let env = env_with_secrets();
    let before = env.audit_rows(&[]).len();
    env.run(&["scan", "no/such/folder"])
        .code(3)
        .stderr_has("error: no/such/folder does not exist");
    assert_eq!(env.audit_rows(&[]).len(), before, "nothing was read");
}

#[test]
fn a_value_split_across_lines_is_not_found() {
    let env = env_with_secrets();
    write(&env, "tree/split.txt", b"sk_live_42424\n42424\n");
    env.run(&["scan", "tree"]).ok();
}

#[test]
fn ignored_files_are_skipped_unless_asked() {
    let env = env_with_secrets();
    // .gitignore counts inside a git repository, as for ripgrep.
    let init = git(&env.path(""), &["init", "-q", "repo"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    write(&env, "repo/.gitignore", b"build/\n");
    write(&env, "repo/build/out.txt", KEY.as_bytes());
    write(&env, "repo/.ignore", b"*.log\n");
    write(&env, "repo/app.log", KEY.as_bytes());
    write(&env, "repo/main.rs", b"fn main() {}\n");
    env.run(&["scan", "repo"]).ok();
    assert_eq!(
        env.run(&["scan", "repo", "--no-ignore"]).code(1).out(),
        "repo/app.log:1: API_KEY\nrepo/build/out.txt:1: API_KEY\n"
    );
    // A file named on the command line is searched even when ignored.
    env.run(&["scan", "repo/app.log"]).code(1);
}

#[test]
fn hidden_files_are_searched_but_never_git_s_own_folder() {
    let env = env_with_secrets();
    let init = git(&env.path(""), &["init", "-q", "repo"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    write(&env, "repo/.env", format!("KEY={KEY}\n").as_bytes());
    write(
        &env,
        "repo/.config/app/settings",
        format!("db={DB}\n").as_bytes(),
    );
    // A hidden file the repository ignores stays out, as any ignored file.
    write(&env, "repo/.gitignore", b".env.local\n");
    write(&env, "repo/.env.local", format!("KEY={KEY}\n").as_bytes());
    // git's own folder is never searched: a commit message holding a value,
    // a value in its config, in this repository and in a nested one.
    write(
        &env,
        "repo/.git/COMMIT_EDITMSG",
        format!("add {KEY}\n").as_bytes(),
    );
    write(&env, "repo/.git/config.bak", DB.as_bytes());
    let nested = git(&env.path("repo"), &["init", "-q", "vendor/lib"]);
    assert_eq!(nested.code, 0, "{}", nested.stderr);
    write(&env, "repo/vendor/lib/.git/COMMIT_EDITMSG", KEY.as_bytes());
    let found = "repo/.config/app/settings:1: DB_PASSWORD\nrepo/.env:1: API_KEY\n";
    assert_eq!(env.run(&["scan", "repo"]).code(1).out(), found);
    // Outside a repository too (no ignore files apply there).
    let plain = env.path("plain");
    std::fs::create_dir_all(plain.join(".git")).unwrap();
    write(&env, "plain/.env", format!("KEY={KEY}\n").as_bytes());
    write(&env, "plain/.git/HEAD", KEY.as_bytes());
    assert_eq!(
        env.run(&["scan", "plain"]).code(1).out(),
        "plain/.env:1: API_KEY\n"
    );
    // --no-hidden skips them, and --no-ignore still keeps out of .git/.
    env.run(&["scan", "repo", "--no-hidden"]).ok();
    assert_eq!(
        env.run(&["scan", "repo", "--no-ignore"]).code(1).out(),
        "repo/.config/app/settings:1: DB_PASSWORD\nrepo/.env:1: API_KEY\nrepo/.env.local:1: API_KEY\n"
    );
    // --hidden, from before hidden files were searched, still works.
    assert_eq!(env.run(&["scan", "repo", "--hidden"]).code(1).out(), found);
    // Run from inside the repository with the default root as well.
    let mut cmd = env.cmd(&["scan"]);
    cmd.current_dir(env.path("repo"));
    let run = run_command(cmd);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.out(),
        ".config/app/settings:1: DB_PASSWORD\n.env:1: API_KEY\n"
    );
}

#[test]
fn binary_files_are_skipped_unless_asked() {
    let env = env_with_secrets();
    write(&env, "tree/blob.bin", format!("\0\x01{KEY}\n").as_bytes());
    let json = env.run(&["scan", "tree", "--format", "json"]).ok().json();
    assert_eq!(json["binary_files_skipped"], 1);
    assert_eq!(json["files_searched"], 0);
    assert_eq!(
        env.run(&["scan", "tree", "--binary"]).code(1).out(),
        "tree/blob.bin:1: API_KEY\n"
    );
}

#[test]
fn json_output_lists_findings_and_what_was_skipped() {
    let env = env_with_secrets();
    env.run(&["secrets:create", "OLD", "old-value-xyz"]).ok();
    env.run(&["secrets:disable", "OLD"]).ok();
    write(
        &env,
        "tree/a.txt",
        format!("{DB}\n{DB} {KEY}\nold-value-xyz\n").as_bytes(),
    );
    let run = env.run(&["scan", "tree", "--format", "json"]).code(1);
    assert!(!run.out().contains(DB));
    let json = run.json();
    assert_eq!(
        json["findings"],
        serde_json::json!([
            {"path": "tree/a.txt", "line": 1, "name": "DB_PASSWORD"},
            {"path": "tree/a.txt", "line": 2, "name": "API_KEY"},
            {"path": "tree/a.txt", "line": 2, "name": "DB_PASSWORD"},
        ])
    );
    assert_eq!(json["secrets_searched"], 2);
    assert_eq!(json["skipped_short"], 1);
    assert_eq!(
        json["skipped_unreadable"], 1,
        "the disabled secret is not read"
    );
    assert_eq!(json["files_searched"], 1);
    assert_eq!(json["errors"], 0);
}

#[test]
fn two_secrets_with_one_value_are_both_named() {
    let env = env_with_secrets();
    env.run(&["secrets:create", "DB_COPY", DB]).ok();
    write(&env, "tree/a.txt", DB.as_bytes());
    assert_eq!(
        env.run(&["scan", "tree"]).code(1).out(),
        "tree/a.txt:1: DB_COPY\ntree/a.txt:1: DB_PASSWORD\n"
    );
}

#[test]
fn a_scan_is_one_audited_read_and_the_log_verifies() {
    let env = env_with_secrets();
    write(&env, "tree/a.txt", KEY.as_bytes());
    let before = env.audit_rows(&[]).len();
    env.run(&["scan", "tree"]).code(1);
    let rows = env.audit_rows(&[]);
    assert_eq!(rows.len(), before + 1, "one row for the whole scan");
    let row = rows.last().unwrap();
    assert_eq!(row["action"], "scanned");
    assert_eq!(row["details"]["count"], "3");
    assert_eq!(row["details"]["names"], "API_KEY DB_PASSWORD PIN");
    let text = row.to_string();
    assert!(!text.contains(KEY) && !text.contains(DB));
    let verify = env.run(&["audit:verify", "--format", "json"]).ok().json();
    assert_eq!(verify["status"], "ok");
    // A scan is a read: audit:logs finds it among reads of the vault.
    let reads = env.audit_rows(&["--action", "scanned"]);
    assert_eq!(reads.len(), 1);
}

#[test]
fn an_unreadable_file_is_a_warning_and_exit_1() {
    let env = env_with_secrets();
    write(&env, "tree/locked.txt", b"hello\n");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        env.path("tree/locked.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let mut cmd = env.cmd(&["scan", "tree"]);
    if rustix::process::geteuid().is_root() {
        // Permissions do not stop root: scan as uid 65534 instead, with the
        // temp home (vault, identity and tree) handed over to it.
        let own = std::process::Command::new("chown")
            .args(["-R", "65534:65534"])
            .arg(env.path(""))
            .status()
            .expect("run chown");
        assert!(own.success());
        let mut as_nobody = std::process::Command::new("setpriv");
        as_nobody
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(cmd.get_program())
            .args(cmd.get_args())
            .env_clear()
            .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .current_dir(env.path(""));
        cmd = as_nobody;
    }
    crate::common::run_command(cmd)
        .code(1)
        .stderr_has("cannot read tree/locked.txt")
        .stderr_has("the scan is incomplete");
}

/// The README's hook, in a real repository: a commit whose staged file
/// holds a value is refused; once the value is gone, it goes through.
#[test]
fn the_pre_commit_hook_refuses_a_staged_value() {
    let env = env_with_secrets();
    let init = git(&env.path(""), &["init", "-q", "repo"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let repo = env.path("repo");
    let hook = repo.join(".git/hooks/pre-commit");
    std::fs::write(
        &hook,
        "#!/bin/sh\n\
         # Refuse a commit whose staged files hold a value of the vault.\n\
         git diff --cached --name-only -z --diff-filter=ACMR | xargs -0 -r coffer scan --\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    write(
        &env,
        "repo/settings.py",
        format!("KEY = '{KEY}'\n").as_bytes(),
    );
    write(&env, "repo/README", b"hello\n");

    let commit = |msg: &str| {
        let mut cmd = env.shell(&format!(
            "cd repo && git add -A && git -c user.name=t -c user.email=t@example.com commit -q -m '{msg}'"
        ));
        cmd.env("GIT_CONFIG_NOSYSTEM", "1");
        run_command(cmd)
    };
    let refused = commit("leak");
    assert_ne!(refused.code, 0, "the commit went through");
    // git shows a hook's stdout on stderr.
    assert!(
        refused.stderr.contains("settings.py:1: API_KEY"),
        "{}",
        refused.stderr
    );
    assert!(!refused.out().contains(KEY) && !refused.stderr.contains(KEY));
    assert_ne!(git(&repo, &["rev-parse", "--verify", "-q", "HEAD"]).code, 0);

    write(&env, "repo/settings.py", b"KEY = os.environ['API_KEY']\n");
    let ok = commit("clean");
    assert_eq!(ok.code, 0, "{}{}", ok.out(), ok.stderr);
    assert_eq!(git(&repo, &["rev-parse", "--verify", "-q", "HEAD"]).code, 0);
}
