//! An attacker who can only push to a vault's repository (no identity, no
//! keys): each attack is made from a third, plain-git clone and pushed to
//! the bare remote two coffer clones share. What this machine has seen of a
//! vault is anchored by the vault id alone, so no file in the work tree
//! (`.gitattributes`, a symlink, a new path) chooses which anchor applies;
//! coffer never follows a symlink among a vault's files, and bounds what it
//! reads of a log before it trusts it.

use crate::common::{self, Env};
use crate::git::{NEW_VALUE, VALUE, coffer_git, git, shared_pair};

/// A plain-git clone of the shared remote, by someone with no coffer
/// identity at all.
fn attacker(remote: &tempfile::TempDir) -> Env {
    let m = Env::new();
    let bare = remote.path().join("vault.git");
    git(&m, &["clone", "-q", bare.to_str().unwrap(), "repo"]);
    assert!(!m.identity().exists());
    m
}

/// The attacker's first commit of the vault, from the history they cloned.
fn first_commit(m: &Env) -> String {
    git(m, &["-C", "repo", "rev-list", "--max-parents=0", "HEAD"])
        .out()
        .trim()
        .to_owned()
}

fn push(m: &Env, message: &str) {
    git(m, &["-C", "repo", "add", "-A"]);
    git(m, &["-C", "repo", "commit", "-qm", message]);
    git(m, &["-C", "repo", "push", "-q"]);
}

/// Delete coffer's lines from the repository's `.gitattributes`.
/// The attacker's clone takes the checkpoint and journal of `commit` from
/// history, in place of what is there now.
fn put_back_from(m: &Env, commit: &str) {
    git(m, &["-C", "repo", "rm", "-rq", "vault.journal"]);
    git(
        m,
        &[
            "-C",
            "repo",
            "checkout",
            commit,
            "--",
            "vault.age",
            "vault.journal",
        ],
    );
}

fn drop_coffer_attributes(m: &Env) {
    let path = m.path("repo/.gitattributes");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("coffer"), "{text}");
    let kept: String = text
        .lines()
        .filter(|l| !l.contains("coffer"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, kept).unwrap();
}

/// Both clones have seen DATABASE_URL rotated to NEW_VALUE, and the remote
/// holds everything both did.
fn rotated() -> (tempfile::TempDir, Env, Env) {
    let (remote, a, b) = shared_pair();
    assert_eq!(
        b.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        format!("{VALUE}\n")
    );
    coffer_git(&b, "bob", &["sync"]).ok();
    a.run(&["secrets:update", "DATABASE_URL", NEW_VALUE]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    assert_eq!(
        b.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        format!("{NEW_VALUE}\n")
    );
    coffer_git(&b, "bob", &["sync"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    (remote, a, b)
}

#[test]
fn an_old_vault_with_coffers_git_attributes_deleted_is_still_a_rollback() {
    let (remote, a, b) = rotated();
    let m = attacker(&remote);
    let first = first_commit(&m);
    // The old checkpoint and journal from history, and .gitattributes
    // without coffer's lines, so that the folder no longer looks shared.
    put_back_from(&m, &first);
    drop_coffer_attributes(&m);
    push(&m, "tidy up");
    // The clone that syncs.
    coffer_git(&b, "bob", &["sync"]);
    b.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("rolled back");
    b.run(&["audit:verify"]).code(6);
    // Every later sync and read stays refused.
    coffer_git(&b, "bob", &["sync"]);
    b.run(&["secrets:get", "DATABASE_URL"]).code(6);
    // The clone that only runs `git pull`.
    git(&a, &["-C", "data/coffer", "pull", "-q"]);
    a.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("rolled back");
    a.run(&["audit:verify"]).code(6);
}

#[test]
fn an_older_checkpoint_with_coffers_git_attributes_deleted_is_refused() {
    let (remote, a, b) = rotated();
    a.run(&["vault:compact"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    b.run(&["secrets:get", "DATABASE_URL"]).ok();
    let m = attacker(&remote);
    let first = first_commit(&m);
    // Only the checkpoint goes back: every record is still in the logs, so
    // the remembered head is too; what the checkpoint folded in is not.
    git(&m, &["-C", "repo", "checkout", &first, "--", "vault.age"]);
    drop_coffer_attributes(&m);
    push(&m, "tidy up");
    git(&b, &["-C", "data/coffer", "pull", "-q"]);
    // Refused by the records before this machine's memory is asked: bob's
    // read names the checkpoint it was written on, which folds in more.
    b.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("is an older checkpoint put back");
}

#[test]
fn a_symlinked_vault_file_pointing_at_an_old_copy_is_refused() {
    let (remote, _a, b) = rotated();
    let m = attacker(&remote);
    let first = first_commit(&m);
    // snap/ holds the old checkpoint with its old journal; vault.age
    // becomes a link to it.
    std::fs::create_dir(m.path("repo/snap")).unwrap();
    let run = common::run_command({
        let mut cmd =
            m.shell("git -C repo archive \"$1\" vault.age vault.journal | tar -x -C repo/snap");
        cmd.arg("sh").arg(&first);
        cmd
    });
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_file(m.path("repo/vault.age")).unwrap();
    std::os::unix::fs::symlink("snap/vault.age", m.path("repo/vault.age")).unwrap();
    push(&m, "move the vault");
    coffer_git(&b, "bob", &["sync"])
        .code(6)
        .stderr_has("is a symbolic link");
    b.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("vault file")
        .stderr_has("is a symbolic link")
        .stderr_has("hint: ");
    coffer_git(&b, "bob", &["sync"]).code(6);
    // The old copy at its own path: the same vault id, so the head this
    // machine remembers comes along.
    let snap = b.path("data/coffer/snap/vault.age");
    b.run(&[
        "--vault",
        snap.to_str().unwrap(),
        "secrets:get",
        "DATABASE_URL",
    ])
    .code(6)
    .stderr_has("rolled back");
}

#[test]
fn a_large_zero_filled_log_pushed_is_refused_before_it_is_read() {
    let (remote, _a, b) = rotated();
    let m = attacker(&remote);
    // 300 MB of zeros under a device log's name: a few hundred KiB in git.
    let log = std::fs::File::create(m.path("repo/vault.journal/00000000000000aa.log")).unwrap();
    log.set_len(300_000_000).unwrap();
    drop(log);
    push(&m, "more journal");
    git(&b, &["-C", "data/coffer", "pull", "-q"]);
    let started = std::time::Instant::now();
    b.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("larger than 256 MiB");
    b.run(&["audit:verify"]).code(6);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn zeros_longer_than_one_frame_are_no_torn_tail() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "K", "v"]).ok();
    let before = env.vault_state();
    // 80 MiB of zeros (sparse): a crash leaves at most one frame's worth.
    let log = std::fs::File::create(env.journal_dir().join("00000000000000aa.log")).unwrap();
    log.set_len(80 << 20).unwrap();
    drop(log);
    env.run(&["secrets:get", "K"])
        .code(6)
        .stderr_has("more than one frame");
    std::fs::remove_file(env.journal_dir().join("00000000000000aa.log")).unwrap();
    assert_eq!(env.vault_state(), before);
    // One frame's worth of zeros is a crash's torn tail, as before.
    let log = std::fs::File::create(env.journal_dir().join("00000000000000aa.log")).unwrap();
    log.set_len(1 << 20).unwrap();
    drop(log);
    assert_eq!(env.run(&["secrets:get", "K"]).ok().out(), "v\n");
}

/// `coffer ARGS` with its address space capped at 4 GB, so that a read
/// without end fails the test instead of the machine.
fn capped(env: &Env, args: &[&str]) -> common::Run {
    let mut cmd = env.shell("ulimit -v 4000000; exec coffer \"$@\"");
    cmd.arg("coffer").args(args);
    common::run_command(cmd)
}

#[test]
fn a_gitattributes_or_log_symlinked_to_dev_zero_is_not_read() {
    let (remote, a, b) = rotated();
    let m = attacker(&remote);
    std::fs::remove_file(m.path("repo/.gitattributes")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", m.path("repo/.gitattributes")).unwrap();
    push(&m, "attributes");
    git(&a, &["-C", "data/coffer", "pull", "-q"]);
    assert_eq!(
        capped(&a, &["secrets:get", "DATABASE_URL"]).ok().out(),
        format!("{NEW_VALUE}\n")
    );
    // A device's log that is a link to /dev/zero.
    std::os::unix::fs::symlink(
        "/dev/zero",
        m.path("repo/vault.journal/00000000000000aa.log"),
    )
    .unwrap();
    push(&m, "journal");
    git(&b, &["-C", "data/coffer", "pull", "-q"]);
    for args in [&["secrets:get", "DATABASE_URL"][..], &["audit:verify"]] {
        capped(&b, args)
            .code(6)
            .stderr_has("journal log")
            .stderr_has("is a symbolic link");
    }
}

#[test]
fn anchors_coffer_0_2_kept_per_clone_still_hold_after_the_upgrade() {
    let (remote, _a, b) = rotated();
    // b's state folder as coffer 0.2 kept it for a vault shared through
    // git: head, records and base under VAULT_ID.DEVICE.
    let state = b.path("state/coffer");
    let devices: Vec<_> = std::fs::read_dir(state.join("devices")).unwrap().collect();
    assert_eq!(devices.len(), 1);
    let device = std::fs::read_to_string(devices[0].as_ref().unwrap().path()).unwrap();
    let device = device.trim();
    let mut moved = 0;
    for folder in ["heads", "records", "bases"] {
        let Ok(entries) = std::fs::read_dir(state.join(folder)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            std::fs::rename(&path, state.join(folder).join(format!("{name}.{device}"))).unwrap();
            moved += 1;
        }
    }
    assert!(moved >= 2, "{moved}");
    // The attack of the first test.
    let m = attacker(&remote);
    let first = first_commit(&m);
    put_back_from(&m, &first);
    drop_coffer_attributes(&m);
    push(&m, "tidy up");
    git(&b, &["-C", "data/coffer", "pull", "-q"]);
    b.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("rolled back");
    // Folded into the vault's own files, the per-clone ones gone.
    let heads: Vec<String> = std::fs::read_dir(state.join("heads"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert_eq!(heads[0].len(), 32, "{heads:?}");
}

/// The commit the remote's main branch is at.
fn remote_head(remote: &tempfile::TempDir, env: &Env) -> String {
    let bare = remote.path().join("vault.git");
    git(env, &["-C", bare.to_str().unwrap(), "rev-parse", "HEAD"])
        .out()
        .trim()
        .to_owned()
}

/// The journal log the commits of `who` changed, as the attacker's clone
/// names it.
fn log_of(m: &Env, who: &str) -> String {
    git(
        m,
        &[
            "-C",
            "repo",
            "log",
            "--author",
            who,
            "--format=",
            "--name-only",
            "--",
            "vault.journal",
        ],
    )
    .out()
    .lines()
    .find(|l| !l.is_empty())
    .unwrap_or_else(|| panic!("no log of {who}"))
    .to_owned()
}

#[test]
fn a_log_deleted_by_a_push_stops_the_merge_as_tampering_in_gits_own_words() {
    let (remote, _a, b) = rotated();
    let m = attacker(&remote);
    let first = first_commit(&m);
    let (bobs, alices) = (log_of(&m, "bob"), log_of(&m, "alice"));
    assert_ne!(bobs, alices);
    // bob's log deleted, alice's put back as it was in the first commit.
    git(&m, &["-C", "repo", "rm", "-q", &bobs]);
    git(&m, &["-C", "repo", "checkout", &first, "--", &alices]);
    push(&m, "tidy the journal");
    let pushed = remote_head(&remote, &m);
    // bob holds a record not synced yet, so git's merge stops.
    b.run(&["secrets:get", "DATABASE_URL"]).ok();
    let run = coffer_git(&b, "bob", &["sync"])
        .code(6)
        // git's own words, and each path with whose it is.
        .stderr_has("CONFLICT (modify/delete)")
        .stderr_has(&format!(
            "{bobs} (coffer's journal log; changed here, deleted by the other side)"
        ))
        .stderr_has(&format!(
            "{alices} (coffer's journal log; changed by the other side"
        ))
        .stderr_has("mid-merge")
        .stderr_has("tampering")
        .stderr_has("merge --abort")
        .stderr_has("look at who pushed it");
    // Not the hint for two compacted checkpoints: vault.age is no part of it.
    assert!(!run.stderr.contains("checkout --theirs"), "{}", run.stderr);
    assert_eq!(remote_head(&remote, &m), pushed);
    // What the hint says gets back.
    git(&b, &["-C", "data/coffer", "merge", "--abort"]);
    assert_eq!(
        b.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        format!("{NEW_VALUE}\n")
    );
}

#[test]
fn a_sync_that_pulls_a_rollback_exits_6_and_pushes_nothing() {
    let (remote, _a, b) = rotated();
    // bob has a commit of his own to push (not a coffer file).
    std::fs::write(b.path("data/coffer/NOTES.md"), "notes\n").unwrap();
    git(&b, &["-C", "data/coffer", "add", "NOTES.md"]);
    git(&b, &["-C", "data/coffer", "commit", "-qm", "notes"]);
    let m = attacker(&remote);
    let first = first_commit(&m);
    // The old checkpoint and logs from history.
    put_back_from(&m, &first);
    push(&m, "tidy up");
    let pushed = remote_head(&remote, &m);
    let run = coffer_git(&b, "bob", &["sync"])
        .code(6)
        .stderr_has("after the pull")
        .stderr_has("rolled back")
        .stderr_has("nothing was pushed")
        .stderr_has("reset --hard");
    assert!(!run.out().contains("pushed to"), "{}", run.out());
    assert_eq!(remote_head(&remote, &m), pushed);
    // A second sync does not push it either.
    coffer_git(&b, "bob", &["sync"]).code(6);
    assert_eq!(remote_head(&remote, &m), pushed);
    // The hint's way back.
    git(
        &b,
        &["-C", "data/coffer", "reset", "-q", "--hard", "ORIG_HEAD"],
    );
    assert_eq!(
        b.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        format!("{NEW_VALUE}\n")
    );
}
