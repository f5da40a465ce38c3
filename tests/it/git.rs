//! A vault shared through git, with the real `git`, bare remotes and two
//! HOMEs: what `git diff` and `git log -p` show (`vault:textconv`: never a
//! value), folds of a clone's own, `coffer sync` and its merges, policies
//! and `sync --status`, the merge driver, and rollbacks across all of it.

use crate::common::{self, Env};

pub(crate) const VALUE: &str = "postgresql://admin:s3cr3t-Pa55@db.internal/app";
pub(crate) const NEW_VALUE: &str = "postgresql://admin:n3w-Pa55@db.internal/app";

/// `git` with a fixed author, in the environment's folder.
pub(crate) fn git(env: &Env, args: &[&str]) -> common::Run {
    let mut cmd = env.shell("git \"$@\"");
    cmd.arg("git")
        .args(args)
        .env("GIT_AUTHOR_NAME", "tester")
        .env("GIT_AUTHOR_EMAIL", "tester@example.com")
        .env("GIT_COMMITTER_NAME", "tester")
        .env("GIT_COMMITTER_EMAIL", "tester@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    let run = common::run_command(cmd);
    assert_eq!(run.code, 0, "git {args:?}: {}", run.stderr);
    run
}

/// A vault in a git work tree with the textconv driver set up as
/// `vault:textconv --help` says, and one commit.
pub(crate) fn tracked() -> Env {
    let env = Env::with_vault();
    git(&env, &["init", "-q", "data/coffer"]);
    env.run(&[
        "secrets:create",
        "DATABASE_URL",
        VALUE,
        "--tags",
        "production,database",
        "--metadata",
        "owner=backend-team",
    ])
    .ok();
    env.run(&["vault:compact"]).ok();
    let vault = env.vault();
    std::fs::write(
        env.path("data/coffer/.gitattributes"),
        "vault.age diff=coffer\nvault.journal/*.log diff=coffer\n",
    )
    .unwrap();
    std::fs::write(env.path("data/coffer/.gitignore"), "*.lock\n").unwrap();
    let driver = format!(
        "{} --vault {} vault:textconv",
        env!("CARGO_BIN_EXE_coffer"),
        vault.display()
    );
    git(
        &env,
        &[
            "-C",
            "data/coffer",
            "config",
            "diff.coffer.textconv",
            &driver,
        ],
    );
    git(&env, &["-C", "data/coffer", "add", "-A"]);
    git(&env, &["-C", "data/coffer", "commit", "-qm", "a vault"]);
    env
}

pub(crate) fn assert_no_value(text: &str) {
    for v in [VALUE, NEW_VALUE, "s3cr3t", "n3w-Pa55", "backend-team"] {
        assert!(!text.contains(v), "{v:?} shown:\n{text}");
    }
}

#[test]
fn git_diff_shows_names_versions_and_tags_of_journal_records_never_values() {
    let env = tracked();
    env.run(&[
        "secrets:update",
        "DATABASE_URL",
        NEW_VALUE,
        "--add-tag",
        "billing",
    ])
    .ok();
    env.run(&["secrets:get", "DATABASE_URL"]).ok();
    env.run(&["secrets:create", "API_KEY", "k-1", "--type", "api_key"])
        .ok();
    git(&env, &["-C", "data/coffer", "add", "-A"]);
    let diff = git(&env, &["-C", "data/coffer", "diff", "--cached"]).out();
    assert_no_value(&diff);
    for shown in [
        "+  version DATABASE_URL v2 (update)",
        "+  tags DATABASE_URL [billing,database,production]",
        "+  audit tester accessed DATABASE_URL v2",
        "+  create API_KEY (api_key)",
        "+  version API_KEY v1 (create)",
    ] {
        assert!(diff.contains(shown), "{shown:?} missing:\n{diff}");
    }
    // Each record is headed by its device, number and author.
    assert_eq!(diff.matches("\n+record ").count(), 3, "{diff}");
}

#[test]
fn git_log_shows_what_a_fold_changed_in_the_checkpoint_never_values() {
    let env = tracked();
    env.run(&["secrets:update", "DATABASE_URL", NEW_VALUE]).ok();
    env.run(&["secrets:disable", "DATABASE_URL"]).ok();
    env.run(&["vault:compact"]).ok();
    git(&env, &["-C", "data/coffer", "commit", "-qam", "folded"]);
    let log = git(
        &env,
        &["-C", "data/coffer", "log", "-p", "-1", "--", "vault.age"],
    )
    .out();
    assert_no_value(&log);
    for shown in [
        "-DATABASE_URL  generic  active  version 1  tags database,production",
        "+DATABASE_URL  generic  disabled  version 2  tags database,production",
        "+  v2  update  ",
    ] {
        assert!(log.contains(shown), "{shown:?} missing:\n{log}");
    }
    // The first commit's checkpoint, read from git's object store.
    let first = git(
        &env,
        &[
            "-C",
            "data/coffer",
            "log",
            "-p",
            "--reverse",
            "--format=%s",
            "--",
            "vault.age",
        ],
    )
    .out();
    assert!(first.starts_with("a vault"), "{first}");
    assert!(first.contains("+  v1  create  "), "{first}");
}

#[test]
fn textconv_reads_several_files_and_refuses_what_is_no_vault_file() {
    let env = tracked();
    env.run(&["secrets:get", "DATABASE_URL"]).ok();
    let logs: Vec<String> = std::fs::read_dir(env.journal_dir())
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    let vault = env.vault().display().to_string();
    let mut args = vec!["vault:textconv", vault.as_str()];
    args.extend(logs.iter().map(String::as_str));
    let out = env.run(&args).ok().out();
    assert_no_value(&out);
    assert!(
        out.starts_with(&format!(
            "# {vault}\nDATABASE_URL  generic  active  version 1"
        )),
        "{out}"
    );
    assert!(
        out.contains("audit tester accessed DATABASE_URL v1"),
        "{out}"
    );

    std::fs::write(
        env.path("junk"),
        b"\x00\x00\x00\x09not a record, and more after it",
    )
    .unwrap();
    // A file that cannot be shown is said so in its place (git would drop
    // the whole diff on an error), and the others are still shown.
    let run = env
        .run(&["vault:textconv", "junk", vault.as_str(), "missing.log"])
        .ok();
    assert!(run.stderr.contains("malformed"), "{}", run.stderr);
    let out = run.out();
    assert!(
        out.contains("# junk\n(not shown: journal junk is damaged"),
        "{out}"
    );
    assert!(out.contains("DATABASE_URL  generic  active"), "{out}");
    assert!(out.contains("# missing.log\n(not shown: "), "{out}");
    // An age file that is no vault.
    let mut other = Vec::new();
    {
        let recipient = common::load_identity(&env.identity()).to_public();
        let enc =
            age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
                .unwrap();
        let mut w = enc.wrap_output(&mut other).unwrap();
        std::io::Write::write_all(&mut w, b"just text, no database").unwrap();
        w.finish().unwrap();
    }
    std::fs::write(env.path("other.age"), &other).unwrap();
    let out = env.run(&["vault:textconv", "other.age"]).ok().out();
    assert!(out.starts_with("(not shown: "), "{out}");
    // An empty log (one a fold cleared) has nothing to show.
    std::fs::write(env.path("empty.log"), b"").unwrap();
    assert_eq!(env.run(&["vault:textconv", "empty.log"]).ok().out(), "");
}

/// The records in every journal log of `env`'s vault.
fn records(env: &Env) -> usize {
    std::fs::read_dir(env.journal_dir())
        .unwrap()
        .map(|e| {
            let bytes = std::fs::read(e.unwrap().path()).unwrap();
            let mut at = 0;
            let mut n = 0;
            while at + 4 <= bytes.len() {
                at += 4 + u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
                n += 1;
            }
            n
        })
        .sum()
}

/// This clone's folds in the state folder.
fn folds(env: &Env) -> Vec<std::path::PathBuf> {
    match std::fs::read_dir(env.path("state/coffer/cache")) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn in_git_folds_keep_every_record_and_leave_the_tracked_checkpoint_alone() {
    use std::os::unix::fs::PermissionsExt;
    let env = tracked();
    let tracked_checkpoint = std::fs::read(env.vault()).unwrap();
    let before = records(&env);
    // More writes than the smallest fold threshold (32 records).
    for i in 0..40 {
        env.run(&["secrets:update", "DATABASE_URL", &format!("value-{i}")])
            .ok();
    }
    assert_eq!(std::fs::read(env.vault()).unwrap(), tracked_checkpoint);
    assert_eq!(records(&env), before + 40, "a record was cleared");
    let folds = folds(&env);
    assert_eq!(folds.len(), 1, "{folds:?}");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folds[0]), 0o600);
    assert_eq!(mode(folds[0].parent().unwrap()), 0o700);
    // Opening starts from the fold: few records are left to replay.
    let status = env.run(&["status", "--format", "json"]).ok().json();
    assert!(status["journal_records"].as_u64().unwrap() < 32, "{status}");
    assert_eq!(status["in_git"], true);
    assert_eq!(
        env.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        "value-39\n"
    );
    // git sees only the logs change.
    let changed = git(&env, &["-C", "data/coffer", "status", "--porcelain"]).out();
    assert!(!changed.contains("vault.age"), "{changed}");
    assert!(changed.contains("vault.journal/"), "{changed}");
    audit_ok(&env);
}

fn audit_ok(env: &Env) {
    let report = env.run(&["audit:verify", "--format", "json"]).ok().json();
    assert_eq!(report["status"], "ok", "{report}");
}

#[test]
fn another_clone_reads_everything_from_the_tracked_files_alone() {
    let env = tracked();
    for i in 0..40 {
        env.run(&["secrets:create", &format!("KEY_{i}"), &format!("v{i}")])
            .ok();
    }
    git(&env, &["-C", "data/coffer", "add", "-A"]);
    git(&env, &["-C", "data/coffer", "commit", "-qm", "forty"]);
    // The same person on another machine: same identity, own HOME.
    let other = Env::new();
    std::fs::create_dir_all(other.identity().parent().unwrap()).unwrap();
    std::fs::copy(env.identity(), other.identity()).unwrap();
    let from = env.path("data/coffer");
    git(
        &other,
        &["clone", "-q", from.to_str().unwrap(), "data/coffer"],
    );
    assert_eq!(other.run(&["secrets:get", "KEY_39"]).ok().out(), "v39\n");
    let listed = other.run(&["secrets:list", "--names-only"]).ok().out();
    assert_eq!(listed.lines().count(), 41, "{listed}");
    audit_ok(&other);
}

#[test]
fn a_fold_that_git_has_taken_records_from_is_not_used() {
    let env = tracked();
    for i in 0..40 {
        env.run(&["secrets:update", "DATABASE_URL", &format!("value-{i}")])
            .ok();
    }
    assert_eq!(folds(&env).len(), 1);
    // Back to the first commit: the logs lose the 40 records the fold holds.
    git(&env, &["-C", "data/coffer", "checkout", "-q", "--", "."]);
    // The fold is not read as the vault: the tracked files are, and this
    // machine remembers a later head, so it is a rollback.
    env.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("rolled back");
}

#[test]
fn vault_compact_in_git_rewrites_the_tracked_checkpoint_and_keeps_the_journal() {
    let env = tracked();
    env.run(&["secrets:update", "DATABASE_URL", NEW_VALUE]).ok();
    let before = records(&env);
    let tracked_checkpoint = std::fs::read(env.vault()).unwrap();
    let run = env.run(&["vault:compact"]).ok();
    assert!(run.out().contains("the journal is kept"), "{}", run.out());
    assert_ne!(std::fs::read(env.vault()).unwrap(), tracked_checkpoint);
    assert_eq!(records(&env), before);
    let status = env.run(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["journal_records"], 0, "{status}");
    assert_eq!(
        env.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        format!("{NEW_VALUE}\n")
    );
    audit_ok(&env);
}

// ------------------------------------------------------------ coffer sync

/// `coffer ARGS` with a git author, as a user with git set up runs it.
pub(crate) fn coffer_git(env: &Env, who: &str, args: &[&str]) -> common::Run {
    let mut cmd = env.cmd(args);
    for var in ["GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"] {
        cmd.env(var, who);
    }
    for var in ["GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"] {
        cmd.env(var, format!("{who}@example.com"));
    }
    cmd.env("GIT_CONFIG_NOSYSTEM", "1");
    common::run_command(cmd)
}

/// A bare remote, and a first clone with a vault pushed to it by `sync`.
pub(crate) fn shared_pair() -> (tempfile::TempDir, Env, Env) {
    let remote = tempfile::tempdir().unwrap();
    let bare = remote.path().join("vault.git");
    let a = Env::with_vault();
    git(&a, &["init", "-q", "--bare", bare.to_str().unwrap()]);
    git(&a, &["init", "-q", "data/coffer"]);
    git(
        &a,
        &[
            "-C",
            "data/coffer",
            "remote",
            "add",
            "origin",
            bare.to_str().unwrap(),
        ],
    );
    a.run(&[
        "secrets:create",
        "DATABASE_URL",
        VALUE,
        "--tags",
        "production",
    ])
    .ok();
    let run = coffer_git(&a, "alice", &["sync"]).ok();
    assert!(
        run.out().contains("committed: coffer: create DATABASE_URL"),
        "{}",
        run.out()
    );
    assert!(run.out().contains("pushed to origin/"), "{}", run.out());
    // The same person's second machine: same identity, own HOME.
    let b = Env::new();
    std::fs::create_dir_all(b.identity().parent().unwrap()).unwrap();
    std::fs::copy(a.identity(), b.identity()).unwrap();
    git(&b, &["clone", "-q", bare.to_str().unwrap(), "data/coffer"]);
    (remote, a, b)
}

#[test]
fn two_clones_that_take_turns_share_a_vault_through_sync() {
    let (_remote, a, b) = shared_pair();
    assert_eq!(
        b.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        format!("{VALUE}\n")
    );
    b.run(&["secrets:update", "DATABASE_URL", NEW_VALUE]).ok();
    b.run(&["secrets:create", "API_KEY", "k-1"]).ok();
    let run = coffer_git(&b, "bob", &["sync"]).ok();
    assert!(
        run.out()
            .contains("committed: coffer: read DATABASE_URL; update DATABASE_URL; create API_KEY"),
        "{}",
        run.out()
    );
    let run = coffer_git(&a, "alice", &["sync"]).ok();
    assert!(run.out().contains("nothing to commit"), "{}", run.out());
    assert!(run.out().contains("pulled from origin/"), "{}", run.out());
    assert_eq!(
        a.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        format!("{NEW_VALUE}\n")
    );
    assert_eq!(a.run(&["secrets:get", "API_KEY"]).ok().out(), "k-1\n");
    audit_ok(&a);
    audit_ok(&b);
    // Nothing untracked or secret in git: the lock is ignored, and the
    // history (through the textconv driver sync set up) shows no value.
    coffer_git(&a, "alice", &["sync"]).ok();
    let status = git(
        &a,
        &["-C", "data/coffer", "status", "--porcelain", "--ignored"],
    )
    .out();
    assert!(!status.lines().any(|l| !l.starts_with("!!")), "{status}");
    for env in [&a, &b] {
        let log = git(env, &["-C", "data/coffer", "log", "-p"]).out();
        assert_no_value(&log);
        assert!(log.contains("version DATABASE_URL v2 (update)"), "{log}");
        let raw = git(
            env,
            &["-C", "data/coffer", "log", "-p", "--no-textconv", "--text"],
        )
        .out();
        assert_no_value(&raw);
    }
}

#[test]
fn sync_merges_changes_two_clones_made_at_once_and_both_end_alike() {
    let (_remote, a, b) = shared_pair();
    // Enough writes on each side that both clones fold (32 records), so
    // whichever clone's records replay second holds a fold that the merge
    // must not build on.
    for i in 0..40 {
        a.run(&["secrets:update", "DATABASE_URL", &format!("a-{i}")])
            .ok();
    }
    for _ in 0..20 {
        b.run(&["secrets:get", "DATABASE_URL"]).ok();
    }
    b.run(&["secrets:create", "API_KEY", "k-1"]).ok();
    b.run(&["secrets:update", "DATABASE_URL", "from-b"]).ok();
    for i in 0..20 {
        b.run(&["secrets:update", "API_KEY", &format!("k-{i}")])
            .ok();
    }
    coffer_git(&a, "alice", &["sync"]).ok();
    let run = coffer_git(&b, "bob", &["sync", "--policy", "ours"]).ok();
    assert!(run.out().contains("pulled from origin/"), "{}", run.out());
    assert!(run.out().contains("pushed to origin/"), "{}", run.out());
    coffer_git(&a, "alice", &["sync"]).ok();
    // Every version either clone made is kept, numbered alike on both.
    assert_eq!(
        common::versions(&a, "DATABASE_URL"),
        common::versions(&b, "DATABASE_URL")
    );
    // 40 of a's, b's one, version 1, and the merge's when b's was not last.
    let n = common::versions(&a, "DATABASE_URL").len();
    assert!(n == 42 || n == 43, "{n}");
    assert_eq!(
        b.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        "from-b\n"
    );
    assert_eq!(
        common::versions(&a, "API_KEY"),
        common::versions(&b, "API_KEY")
    );
    for name in ["DATABASE_URL", "API_KEY"] {
        assert_eq!(
            a.run(&["secrets:get", name]).ok().out(),
            b.run(&["secrets:get", name]).ok().out()
        );
    }
    audit_ok(&a);
    audit_ok(&b);
    // Both go on from the merged history.
    a.run(&["secrets:update", "API_KEY", "after-merge"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    assert_eq!(
        b.run(&["secrets:get", "API_KEY"]).ok().out(),
        "after-merge\n"
    );
    audit_ok(&b);
}

#[test]
fn sync_without_a_remote_commits_and_outside_git_says_how_to_start() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "K", "v"]).ok();
    coffer_git(&env, "alice", &["sync"])
        .code(2)
        .stderr_has("not in a git work tree")
        .stderr_has("init");
    git(&env, &["init", "-q", "data/coffer"]);
    let run = coffer_git(&env, "alice", &["sync", "-m", "first"]).ok();
    assert!(run.out().contains("committed: first"), "{}", run.out());
    assert!(
        run.out().contains("no remote: committed only"),
        "{}",
        run.out()
    );
    let run = coffer_git(&env, "alice", &["sync"]).ok();
    assert!(run.out().contains("nothing to commit"), "{}", run.out());
    let attributes = std::fs::read_to_string(env.path("data/coffer/.gitattributes")).unwrap();
    assert_eq!(
        attributes,
        "/vault.age diff=coffer merge=coffer\n/vault.journal/*.log diff=coffer\n"
    );
    let ignored = std::fs::read_to_string(env.path("data/coffer/.gitignore")).unwrap();
    assert_eq!(ignored, "/vault.age.lock\n/.vault.age.*.tmp\n");
}

#[test]
fn after_a_merge_an_old_copy_is_still_a_rollback() {
    let (_remote, a, b) = shared_pair();
    a.run(&["secrets:update", "DATABASE_URL", NEW_VALUE]).ok();
    b.run(&["secrets:create", "API_KEY", "k-1"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    audit_ok(&b);
    // The vault's files as they were before the merge, checked out again
    // (an old copy pushed back would bring the same).
    git(
        &b,
        &["-C", "data/coffer", "checkout", "-q", "HEAD~2", "--", "."],
    );
    b.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("rolled back");
}

#[test]
fn sync_status_shows_what_would_be_pushed_and_pulled_and_changes_nothing() {
    let (_remote, a, b) = shared_pair();
    b.run(&["secrets:update", "DATABASE_URL", "from-b"]).ok();
    b.run(&["secrets:create", "API_KEY", "k-1"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    a.run(&["secrets:update", "DATABASE_URL", NEW_VALUE]).ok();
    a.run(&["secrets:get", "DATABASE_URL"]).ok();
    let before = a.vault_state();
    let report = coffer_git(&a, "alice", &["sync", "--status", "--format", "json"])
        .ok()
        .json();
    assert_eq!(report["behind"], 1, "{report}");
    assert_eq!(report["ahead"], 0, "{report}");
    assert_eq!(report["records_to_push"], 2, "{report}");
    assert_eq!(report["records_to_pull"], 2, "{report}");
    assert_eq!(report["secrets"]["DATABASE_URL"], "both", "{report}");
    assert_eq!(report["secrets"]["API_KEY"], "incoming", "{report}");
    assert_eq!(a.vault_state(), before, "--status changed the vault");
    let table = coffer_git(&a, "alice", &["sync", "--status"]).ok().out();
    assert!(
        table.contains("0 commits ahead, 1 behind; 2 records to push, 2 to pull"),
        "{table}"
    );
    assert!(table.contains("API_KEY       incoming"), "{table}");
    // Both changed DATABASE_URL's value: under the default policy (manual)
    // it is left in conflict, and sync says so (exit 7).
    coffer_git(&a, "alice", &["sync"])
        .code(7)
        .stderr_has("1 secret is in conflict after the merge: DATABASE_URL")
        .stderr_has("hint: both clones changed it;");
    let table = coffer_git(&a, "alice", &["sync", "--status"]).ok().out();
    assert!(table.contains("DATABASE_URL  conflict"), "{table}");
    coffer_git(&a, "alice", &["sync", "--format", "json"]).code(2);
}

/// Flip one byte of the record `n` (from 1) of the vault's only log.
fn alter_record(env: &Env, n: usize) {
    let logs: Vec<_> = std::fs::read_dir(env.journal_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(logs.len(), 1);
    let mut bytes = std::fs::read(&logs[0]).unwrap();
    let mut at = 0;
    for _ in 1..n {
        at += 4 + u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    }
    let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    // The last byte of the frame: in the signature.
    bytes[at + 4 + len - 1] ^= 1;
    std::fs::write(&logs[0], bytes).unwrap();
}

#[test]
fn a_fold_of_its_own_does_not_hide_a_record_altered_in_the_tracked_logs() {
    let env = tracked();
    for i in 0..40 {
        env.run(&["secrets:update", "DATABASE_URL", &format!("value-{i}")])
            .ok();
    }
    assert_eq!(folds(&env).len(), 1);
    // Record 3 is folded into this clone's own checkpoint; every other
    // clone reads it from the tracked log.
    alter_record(&env, 3);
    env.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("is damaged");
}

#[test]
fn a_git_repository_that_does_not_share_the_vault_leaves_it_as_outside_git() {
    // A dotfiles repository in the home folder, without coffer's lines in
    // the vault folder's .gitattributes.
    let env = Env::with_vault();
    git(&env, &["init", "-q", "."]);
    for i in 0..40 {
        env.run(&["secrets:create", &format!("K{i}"), "v"]).ok();
    }
    let status = env.run(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["in_git"], false, "{status}");
    assert!(records(&env) < 32, "the journal was not folded and cleared");
    assert!(folds(&env).is_empty());
}

#[test]
fn without_a_state_folder_a_shared_vault_keeps_its_logs_and_its_checkpoint() {
    let env = tracked();
    let tracked_checkpoint = std::fs::read(env.vault()).unwrap();
    let before = records(&env);
    // A state folder that cannot be made (a read-only HOME in CI): coffer
    // warns that it remembers nothing, and works.
    let run = |args: &[&str]| {
        let mut cmd = env.cmd(args);
        cmd.env("XDG_STATE_HOME", "/proc/no-such-folder");
        common::run_command(cmd)
    };
    for i in 0..40 {
        run(&["secrets:update", "DATABASE_URL", &format!("v{i}")]).ok();
    }
    assert_eq!(
        run(&["--read-only", "secrets:get", "DATABASE_URL"])
            .ok()
            .out(),
        "v39\n"
    );
    assert_eq!(std::fs::read(env.vault()).unwrap(), tracked_checkpoint);
    assert_eq!(records(&env), before + 40);
}

#[test]
fn a_fold_cleans_up_the_temp_file_a_killed_fold_left() {
    let env = tracked();
    for i in 0..40 {
        env.run(&["secrets:update", "DATABASE_URL", &format!("v{i}")])
            .ok();
    }
    let fold = folds(&env).pop().unwrap();
    let name = fold.file_name().unwrap().to_string_lossy().into_owned();
    let stale = fold.with_file_name(format!(".{name}.K1lledF0ldXy.tmp"));
    std::fs::write(&stale, vec![0u8; 4096]).unwrap();
    for i in 0..40 {
        env.run(&["secrets:update", "DATABASE_URL", &format!("w{i}")])
            .ok();
    }
    assert!(
        !stale.exists(),
        "the killed fold's temp file is still there"
    );
}

#[test]
fn vault_compact_in_git_counts_from_the_tracked_file_and_leaves_it_alone_when_nothing_is_new() {
    let env = tracked();
    for i in 0..40 {
        env.run(&["secrets:update", "DATABASE_URL", &format!("v{i}")])
            .ok();
    }
    // This clone's own fold took most of them in; the tracked file none.
    let out = env.run(&["vault:compact"]).ok().out();
    assert!(out.starts_with("folded 40 journal records into "), "{out}");
    let tracked_checkpoint = std::fs::read(env.vault()).unwrap();
    let out = env.run(&["vault:compact"]).ok().out();
    assert!(
        out.ends_with("already holds every journal record\n"),
        "{out}"
    );
    assert_eq!(std::fs::read(env.vault()).unwrap(), tracked_checkpoint);
}

#[test]
fn two_clones_on_one_machine_share_one_anchor() {
    let (remote, a, _b) = shared_pair();
    let bare = remote.path().join("vault.git");
    git(&a, &["clone", "-q", bare.to_str().unwrap(), "data/second"]);
    let second = a.path("data/second/vault.age");
    let second = second.to_str().unwrap();
    a.run(&["secrets:update", "DATABASE_URL", NEW_VALUE]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    // The second clone is behind what this machine has seen of the vault:
    // to this machine that is a rollback (an old copy looks the same),
    // until it pulls.
    a.run(&["--vault", second, "secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("rolled back");
    coffer_git(&a, "alice", &["--vault", second, "sync"]).ok();
    assert_eq!(
        a.run(&["--vault", second, "secrets:get", "DATABASE_URL"])
            .ok()
            .out(),
        format!("{NEW_VALUE}\n")
    );
    a.run(&["--vault", second, "secrets:create", "API_KEY", "k-1"])
        .ok();
    coffer_git(&a, "alice", &["--vault", second, "sync"]).ok();
    // And the first, now behind the second, is held to the same anchor.
    a.run(&["secrets:get", "DATABASE_URL"]).code(6);
    coffer_git(&a, "alice", &["sync"]).ok();
    assert_eq!(a.run(&["secrets:get", "API_KEY"]).ok().out(), "k-1\n");
    audit_ok(&a);
}

/// `coffer sync` that succeeds, or leaves secrets in conflict (exit 7),
/// having pushed either way.
pub(crate) fn sync_may_conflict(env: &Env, who: &str, args: &[&str]) -> common::Run {
    let run = coffer_git(env, who, args);
    assert!(run.code == 0 || run.code == 7, "sync: {}", run.stderr);
    run
}

/// Both clones change DATABASE_URL's value at once; `a` syncs first, then
/// `b` syncs with `b_sync` (extra arguments), then `a` again.
pub(crate) fn both_change_the_value(b_sync: &[&str]) -> (tempfile::TempDir, Env, Env, common::Run) {
    let (remote, a, b) = shared_pair();
    a.run(&["secrets:update", "DATABASE_URL", "from-a"]).ok();
    b.run(&["secrets:update", "DATABASE_URL", "from-b"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    let mut args = vec!["sync"];
    args.extend_from_slice(b_sync);
    let run = sync_may_conflict(&b, "bob", &args);
    sync_may_conflict(&a, "alice", &["sync"]);
    (remote, a, b, run)
}

#[test]
fn policy_ours_and_theirs_choose_the_current_version_and_both_clones_agree() {
    for (policy, want) in [
        ("ours", "from-b"),
        ("theirs", "from-a"),
        ("target-wins", "from-b"),
        ("source-wins", "from-a"),
    ] {
        let (_remote, a, b, run) = both_change_the_value(&["--policy", policy]);
        assert!(
            run.out().contains("DATABASE_URL: both clones changed it"),
            "{}",
            run.out()
        );
        for clone in [&a, &b] {
            assert_eq!(
                clone.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
                format!("{want}\n"),
                "{policy}"
            );
            audit_ok(clone);
        }
        // Every version is kept: v1, both sides' v2, and the merge.
        let v = common::versions(&a, "DATABASE_URL");
        assert_eq!(v, common::versions(&b, "DATABASE_URL"));
        assert!(v.len() >= 3 && v.len() <= 4, "{v:?}");
    }
}

#[test]
fn policy_manual_leaves_the_secret_in_conflict_on_both_clones_until_resolved() {
    let (_remote, a, b, run) = both_change_the_value(&[]);
    assert!(
        run.out().contains("DATABASE_URL: in conflict"),
        "{}",
        run.out()
    );
    for clone in [&a, &b] {
        clone
            .run(&["secrets:get", "DATABASE_URL"])
            .code(7)
            .stderr_has("in conflict after a merge")
            .stderr_has("coffer secrets:resolve DATABASE_URL --version");
        audit_ok(clone);
    }
    // Each side's value is readable by number.
    let numbered = |env: &Env, value: &str| {
        common::versions(env, "DATABASE_URL")
            .iter()
            .map(|(n, _)| *n)
            .find(|n| {
                env.run(&["secrets:get", "DATABASE_URL", "--version", &n.to_string()])
                    .ok()
                    .out()
                    == format!("{value}\n")
            })
            .unwrap()
    };
    b.run(&["secrets:diff", "DATABASE_URL", "--from", "1", "--reveal"])
        .code(7);
    let report = coffer_git(&b, "bob", &["sync", "--status", "--format", "json"])
        .ok()
        .json();
    assert_eq!(report["secrets"]["DATABASE_URL"], "conflict", "{report}");
    let status = b.run(&["status"]).ok().out();
    assert!(
        status.contains("in conflict         1 secret ("),
        "{status}"
    );
    let theirs = numbered(&b, "from-a");
    b.run(&[
        "secrets:resolve",
        "DATABASE_URL",
        "--version",
        &theirs.to_string(),
    ])
    .ok();
    assert_eq!(
        b.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        "from-a\n"
    );
    b.run(&["secrets:resolve", "DATABASE_URL", "--version", "1"])
        .code(2)
        .stderr_has("not in conflict");
    coffer_git(&b, "bob", &["sync"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    assert_eq!(
        a.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        "from-a\n"
    );
    audit_ok(&a);
    audit_ok(&b);
    // A new value settles a conflict too.
    let (_remote2, c, _d, _) = both_change_the_value(&[]);
    c.run(&["secrets:get", "DATABASE_URL"]).code(7);
    c.run(&["secrets:update", "DATABASE_URL", "settled"]).ok();
    assert_eq!(
        c.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        "settled\n"
    );
    // The vault's policy, set on one clone, reaches the other.
    b.run(&["sync:policy", "theirs"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    assert_eq!(a.run(&["sync:policy"]).ok().out(), "theirs\n");
    a.run(&["sync:policy", "banana"]).code(2);
    b.run(&["--metadata", "x"]).code(2);
    b.run(&[
        "secrets:update",
        "DATABASE_URL",
        "--unset-metadata",
        "coffer.conflict",
    ])
    .code(2);
}

#[test]
fn merging_other_pairs_of_changes_keeps_every_version_and_both_clones_agree() {
    let (_remote, a, b) = shared_pair();
    for env in [&a, &b] {
        env.run(&["secrets:create", "TAGGED", "t", "--tags", "one"])
            .ok();
        env.run(&["secrets:create", "GONE", "g"]).ok();
        env.run(&["secrets:create", "OFF", "o"]).ok();
    }
    // The first creations: each clone made its own version 1 (create/create).
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync", "--policy", "ours"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    // Then: tags edited on both sides, delete/update, disable/rotate.
    a.run(&[
        "secrets:update",
        "TAGGED",
        "--add-tag",
        "from-a",
        "--metadata",
        "owner=a",
    ])
    .ok();
    b.run(&[
        "secrets:update",
        "TAGGED",
        "--add-tag",
        "from-b",
        "--metadata",
        "owner=b",
    ])
    .ok();
    a.run(&["secrets:delete", "GONE"]).ok();
    b.run(&["secrets:update", "GONE", "g-2"]).ok();
    a.run(&["secrets:disable", "OFF"]).ok();
    b.run(&["secrets:rotate", "OFF", "--generate"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    let list = |env: &Env| {
        env.run(&[
            "secrets:list",
            "--include-deleted",
            "--include-disabled",
            "--format",
            "json",
        ])
        .ok()
        .json()
    };
    assert_eq!(list(&a), list(&b));
    for env in [&a, &b] {
        audit_ok(env);
        // A delete on either side deletes (restore brings back every version).
        env.run(&["secrets:get", "GONE"]).code(3);
        // A disable on either side disables; the rotated value is kept.
        env.run(&["secrets:get", "OFF"]).code(4);
        assert_eq!(
            common::versions(env, "OFF").len(),
            common::versions(&a, "OFF").len()
        );
        assert!(
            common::versions(env, "OFF")
                .iter()
                .any(|(_, k)| k == "rotate")
        );
    }
    // Tags: the last change in the merged order holds.
    let tags = list(&a)
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "TAGGED")
        .unwrap()["tags"]
        .clone();
    assert!(
        tags == serde_json::json!(["from-a", "one"])
            || tags == serde_json::json!(["from-b", "one"]),
        "{tags}"
    );
    // Metadata too, from the same side as the tags (one record each).
    let owner = list(&a)
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "TAGGED")
        .unwrap()["metadata"]["owner"]
        .clone();
    let side = if tags[0] == "from-a" { "a" } else { "b" };
    assert_eq!(owner, side, "{owner}");
    assert_eq!(
        common::versions(&a, "TAGGED"),
        common::versions(&b, "TAGGED")
    );
}

#[test]
fn a_rollback_on_one_side_and_an_update_on_the_other_are_a_value_conflict() {
    let (_remote, a, b) = shared_pair();
    a.run(&["secrets:update", "DATABASE_URL", NEW_VALUE]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    a.run(&["secrets:rollback", "DATABASE_URL"]).ok();
    b.run(&["secrets:update", "DATABASE_URL", "from-b"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    let run = coffer_git(&b, "bob", &["sync"]).code(7);
    assert!(
        run.out().contains("DATABASE_URL: in conflict"),
        "{}",
        run.out()
    );
    coffer_git(&a, "alice", &["sync"]).code(7);
    for env in [&a, &b] {
        env.run(&["secrets:get", "DATABASE_URL"]).code(7);
        assert!(
            common::versions(env, "DATABASE_URL")
                .iter()
                .any(|(_, k)| k == "rollback")
        );
        audit_ok(env);
    }
}

#[test]
fn a_plain_git_pull_merges_two_rewritten_checkpoints_through_the_driver() {
    let (_remote, a, b) = shared_pair();
    // sync set up the driver on each clone.
    coffer_git(&b, "bob", &["sync"]).ok();
    for i in 0..5 {
        a.run(&["secrets:update", "DATABASE_URL", &format!("a-{i}")])
            .ok();
        b.run(&["secrets:create", &format!("B{i}"), "b"]).ok();
    }
    for (env, who) in [(&a, "alice"), (&b, "bob")] {
        env.run(&["vault:compact"]).ok();
        coffer_git(env, who, &["sync", "--no-push"]).ok();
    }
    coffer_git(&a, "alice", &["sync"]).ok();
    // Both rewrote vault.age: git hands the conflict to coffer's driver.
    let mut pull = b.shell("git pull --quiet --no-rebase --no-edit");
    for (k, v) in [
        ("GIT_AUTHOR_NAME", "bob"),
        ("GIT_COMMITTER_NAME", "bob"),
        ("GIT_AUTHOR_EMAIL", "b@x"),
        ("GIT_COMMITTER_EMAIL", "b@x"),
    ] {
        pull.env(k, v);
    }
    pull.current_dir(b.path("data/coffer"));
    let run = common::run_command(pull);
    assert_eq!(run.code, 0, "git pull: {}", run.stderr);
    coffer_git(&b, "bob", &["sync", "--policy", "ours"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    for env in [&a, &b] {
        assert_eq!(
            env.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
            "a-4\n"
        );
        assert_eq!(env.run(&["secrets:get", "B4"]).ok().out(), "b\n");
        audit_ok(env);
    }
    assert_eq!(
        common::versions(&a, "DATABASE_URL"),
        common::versions(&b, "DATABASE_URL")
    );
}

/// This clone's device id (hex), as its state folder keeps it.
pub(crate) fn device_of(env: &Env) -> String {
    let dir = env.path("state/coffer/devices");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::read_to_string(file).unwrap().trim().to_owned()
}

#[test]
fn a_record_written_before_a_pull_follows_a_merged_and_compacted_vault() {
    let (_remote, a, b) = shared_pair();
    a.run(&["secrets:get", "DATABASE_URL"]).ok();
    b.run(&["secrets:get", "DATABASE_URL"]).ok();
    // x replays first (its device sorts first), y's records come after.
    let (x, y, xw, yw) = if device_of(&a) < device_of(&b) {
        (&a, &b, "alice", "bob")
    } else {
        (&b, &a, "bob", "alice")
    };
    x.run(&["secrets:create", "T", "tx"]).ok();
    y.run(&["secrets:create", "U", "uy"]).ok();
    coffer_git(y, yw, &["sync"]).ok();
    // y2, written on y1 before y pulls x's change.
    y.run(&["secrets:update", "U", "uy2"]).ok();
    coffer_git(x, xw, &["sync"]).ok();
    x.run(&["vault:compact"]).ok();
    coffer_git(x, xw, &["sync"]).ok();
    coffer_git(y, yw, &["sync"]).ok();
    coffer_git(x, xw, &["sync"]).ok();
    for env in [x, y] {
        assert_eq!(env.run(&["secrets:get", "U"]).ok().out(), "uy2\n");
        assert_eq!(env.run(&["secrets:get", "T"]).ok().out(), "tx\n");
        audit_ok(env);
    }
}

#[test]
fn an_older_tracked_checkpoint_put_back_is_a_rollback() {
    let (_remote, a, b) = shared_pair();
    a.run(&["secrets:update", "DATABASE_URL", NEW_VALUE]).ok();
    a.run(&["vault:compact"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    // Someone who can push puts the first commit's vault.age back.
    let first = git(
        &b,
        &["-C", "data/coffer", "rev-list", "--max-parents=0", "HEAD"],
    )
    .out();
    git(
        &b,
        &[
            "-C",
            "data/coffer",
            "checkout",
            "-q",
            first.trim(),
            "--",
            "vault.age",
        ],
    );
    git(&b, &["-C", "data/coffer", "commit", "-qam", "an old copy"]);
    b.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("folds in fewer journal records than one this machine has seen");
}

#[test]
fn a_merge_renumbering_holds_across_a_compaction() {
    let (_remote, x, y) = shared_pair();
    x.run(&["secrets:update", "DATABASE_URL", "x2"]).ok();
    y.run(&["secrets:update", "DATABASE_URL", "y2"]).ok();
    // x gets y's first record (as a merge of y's log would bring it) and
    // compacts: y's v2 is x's v3 in the tracked checkpoint.
    let bring = || common::merge_logs(&y, &x);
    bring();
    x.run(&["vault:compact"]).ok();
    // y, still without x's records, reads what it calls version 2.
    y.run(&["secrets:get", "DATABASE_URL"]).ok();
    bring();
    let y2 = common::versions(&x, "DATABASE_URL")
        .iter()
        .map(|(n, _)| *n)
        .find(|n| {
            x.run(&["secrets:get", "DATABASE_URL", "--version", &n.to_string()])
                .ok()
                .out()
                == "y2\n"
        })
        .unwrap();
    let last_read = |env: &Env| {
        let rows = env
            .run(&[
                "audit:logs",
                "--secret",
                "DATABASE_URL",
                "--action",
                "accessed",
                "--format",
                "json",
            ])
            .ok()
            .json();
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["actor"] == "tester" && r["details"]["fingerprint"].is_string())
            .map(|r| r["version"].as_i64().unwrap())
    };
    // y's read names the version that holds y2, though the checkpoint it
    // replays on folded in y's first record.
    assert_eq!(last_read(&x), Some(y2));
    audit_ok(&x);
}

#[test]
fn sync_commits_only_the_vault_files_and_leaves_other_staged_changes_alone() {
    let env = Env::with_vault();
    git(&env, &["init", "-q", "data/coffer"]);
    std::fs::write(env.path("data/coffer/notes.txt"), "mine\n").unwrap();
    git(&env, &["-C", "data/coffer", "add", "notes.txt"]);
    env.run(&["secrets:create", "K", "v"]).ok();
    coffer_git(&env, "alice", &["sync"]).ok();
    let status = git(&env, &["-C", "data/coffer", "status", "--porcelain"]).out();
    assert_eq!(status, "A  notes.txt\n");
    let files = git(
        &env,
        &[
            "-C",
            "data/coffer",
            "show",
            "--name-only",
            "--format=",
            "HEAD",
        ],
    )
    .out();
    assert!(!files.contains("notes.txt"), "{files}");
    assert!(files.contains("vault.age"), "{files}");
}

#[test]
fn another_clones_record_that_replays_before_a_verified_one_is_still_checked() {
    let (_remote, a, b) = shared_pair();
    a.run(&["secrets:get", "DATABASE_URL"]).ok();
    b.run(&["secrets:get", "DATABASE_URL"]).ok();
    // y's records replay first (its device sorts first); x verified its own.
    let (x, y) = if device_of(&a) < device_of(&b) {
        (&b, &a)
    } else {
        (&a, &b)
    };
    x.run(&["secrets:update", "DATABASE_URL", "x2"]).ok();
    x.run(&["secrets:get", "DATABASE_URL"]).ok();
    y.run(&["secrets:update", "DATABASE_URL", "y2"]).ok();
    // y's log reaches x with its new record's signature altered.
    let name = format!("{}.log", device_of(y));
    let mut bytes = std::fs::read(y.journal_dir().join(&name)).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(x.journal_dir().join(&name), bytes).unwrap();
    x.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("signature");
}

#[test]
fn a_damaged_fold_of_its_own_says_how_to_rebuild_it() {
    let env = tracked();
    // Big enough that the fold has chunks past the first and the last.
    env.create_blob("BLOB", 300, 5);
    for i in 0..40 {
        env.run(&["secrets:update", "DATABASE_URL", &format!("v{i}")])
            .ok();
    }
    let fold = folds(&env).pop().expect("a fold");
    let mut bytes = std::fs::read(&fold).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    std::fs::write(&fold, bytes).unwrap();
    // Reading the blob reads most of the fold's chunks.
    env.run(&["secrets:get", "BLOB", "--format", "json"])
        .code(6)
        .stderr_has("does not decrypt")
        .stderr_has("coffer/cache/");
    // As the hint says: without it, the tracked files hold everything.
    std::fs::remove_dir_all(env.path("state/coffer/cache")).unwrap();
    assert_eq!(
        env.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        "v39\n"
    );
}

#[test]
fn the_merge_driver_leaves_checkpoints_of_two_vaults_to_the_user() {
    let env = Env::with_vault();
    let other = env.path("other.age");
    env.run(&["--vault", other.to_str().unwrap(), "init"]).ok();
    let ours = env.path("ours.age");
    std::fs::copy(env.vault(), &ours).unwrap();
    let before = std::fs::read(&ours).unwrap();
    env.run(&[
        "vault:merge-driver",
        "base",
        ours.to_str().unwrap(),
        other.to_str().unwrap(),
    ])
    .code(7)
    .stderr_has("checkpoints are of different vaults");
    assert_eq!(std::fs::read(&ours).unwrap(), before);
    // Not a vault file at all: it does not verify, so OURS is kept as it was.
    std::fs::write(env.path("junk"), b"junk").unwrap();
    env.run(&["vault:merge-driver", "base", ours.to_str().unwrap(), "junk"])
        .ok()
        .stderr_has("kept this clone's vault.age: the other clone's does not open");
    assert_eq!(std::fs::read(&ours).unwrap(), before);
}

#[test]
fn a_merge_stopped_by_a_file_not_coffers_says_so_and_how_to_get_back() {
    let (_remote, a, b) = shared_pair();
    coffer_git(&b, "bob", &["sync"]).ok();
    for (env, text) in [(&a, "alice's\n"), (&b, "bob's\n")] {
        std::fs::write(env.path("data/coffer/NOTES.md"), text).unwrap();
        git(env, &["-C", "data/coffer", "add", "NOTES.md"]);
        git(env, &["-C", "data/coffer", "commit", "-qm", "notes"]);
    }
    coffer_git(&a, "alice", &["sync"]).ok();
    let run = coffer_git(&b, "bob", &["sync"])
        .code(7)
        .stderr_has("CONFLICT (add/add)")
        .stderr_has("NOTES.md (not coffer's; added on both sides)")
        .stderr_has("mid-merge")
        .stderr_has("merge --abort` gets back")
        .stderr_has("as with any git merge");
    for wrong in ["tampering", "checkout --theirs", "git merge failed: \n"] {
        assert!(!run.stderr.contains(wrong), "{wrong}: {}", run.stderr);
    }
}
