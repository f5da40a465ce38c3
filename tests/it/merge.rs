//! Merges decided by the records (issue 17, items 3, 4, 11 and 12): a
//! conflict that any merge of the logs finds (a plain `git pull` as much as
//! `coffer sync`), `sync`'s exit 7 and `secrets:versions`' conflict marker,
//! a checkpoint the merge set aside put back, and records that are not
//! signed by a member refused before they are ordered.

use crate::common::{self, Env};
use crate::git::{both_change_the_value, coffer_git, git, shared_pair, sync_may_conflict};

/// `git ARGS` in the vault's work tree, as a user of plain git runs it.
fn in_tree(env: &Env, args: &[&str]) -> common::Run {
    let mut all = vec!["-C", "data/coffer"];
    all.extend_from_slice(args);
    git(env, &all)
}

/// Each version's number and whether `secrets:versions` marks it in
/// conflict and current.
fn marks(env: &Env, name: &str) -> Vec<(i64, bool, bool)> {
    let v = env
        .run(&["secrets:versions", name, "--format", "json"])
        .ok()
        .json();
    v.as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].as_i64().unwrap(),
                v["in_conflict"].as_bool().unwrap(),
                v["current"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_plain_git_pull_finds_the_conflict_the_records_make_on_both_clones() {
    let (_remote, a, b) = shared_pair();
    a.run(&["secrets:update", "DATABASE_URL", "from-a"]).ok();
    b.run(&["secrets:update", "DATABASE_URL", "from-b"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    // b merges with git alone, and shares its side the same way.
    in_tree(&b, &["pull", "-q", "--no-rebase", "--no-edit"]);
    b.run(&["secrets:get", "DATABASE_URL"])
        .code(7)
        .stderr_has("in conflict after a merge")
        .stderr_has("coffer secrets:resolve DATABASE_URL --version");
    in_tree(&b, &["add", "-A"]);
    in_tree(&b, &["commit", "-qm", "bob's side"]);
    in_tree(&b, &["push", "-q"]);
    in_tree(&a, &["pull", "-q", "--no-rebase", "--no-edit"]);
    a.run(&["secrets:get", "DATABASE_URL"])
        .code(7)
        .stderr_has("in conflict after a merge");
    // The same versions in conflict on both, none current.
    let on_a = marks(&a, "DATABASE_URL");
    assert_eq!(on_a, marks(&b, "DATABASE_URL"));
    assert_eq!(on_a.iter().filter(|(_, c, _)| *c).count(), 2, "{on_a:?}");
    assert!(on_a.iter().all(|(_, _, current)| !current), "{on_a:?}");
    // Each side is still there to choose from.
    for (n, in_conflict, _) in &on_a {
        if *in_conflict {
            let value = a
                .run(&["secrets:get", "DATABASE_URL", "--version", &n.to_string()])
                .ok()
                .out();
            assert!(value == "from-a\n" || value == "from-b\n", "{value}");
        }
    }
    common::run_command({
        let mut c = a.cmd(&["audit:verify"]);
        c.env("GIT_CONFIG_NOSYSTEM", "1");
        c
    })
    .ok();
}

#[test]
fn a_sync_that_leaves_a_conflict_exits_7_naming_it_and_versions_shows_it() {
    let (_remote, a, b, run) = both_change_the_value(&[]);
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("1 secret is in conflict after the merge: DATABASE_URL"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("coffer secrets:resolve DATABASE_URL --version N")
    );
    // It pushed its side all the same: a finds the same conflict.
    coffer_git(&a, "alice", &["sync"])
        .code(7)
        .stderr_has("DATABASE_URL");
    // The table: both sides marked, no version current.
    let table = b.run(&["secrets:versions", "DATABASE_URL"]).ok().out();
    assert_eq!(table.matches("conflict").count(), 2, "{table}");
    assert!(!table.contains('*'), "{table}");
    let sides: Vec<i64> = marks(&b, "DATABASE_URL")
        .into_iter()
        .filter(|(_, c, _)| *c)
        .map(|(n, ..)| n)
        .collect();
    assert_eq!(sides.len(), 2, "{sides:?}");
    b.run(&[
        "secrets:resolve",
        "DATABASE_URL",
        "--version",
        &sides[0].to_string(),
    ])
    .ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    let after = marks(&a, "DATABASE_URL");
    assert!(after.iter().all(|(_, c, _)| !c), "{after:?}");
    assert_eq!(
        after.iter().filter(|(.., cur)| *cur).count(),
        1,
        "{after:?}"
    );
    assert!(
        a.run(&["secrets:versions", "DATABASE_URL"])
            .ok()
            .out()
            .contains('*')
    );
}

#[test]
fn a_checkpoint_the_merge_set_aside_put_back_is_refused() {
    let (_remote, a, b) = shared_pair();
    a.run(&["vault:policy", "theirs"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    a.run(&["secrets:update", "DATABASE_URL", "from-a"]).ok();
    b.run(&["secrets:update", "DATABASE_URL", "from-b"]).ok();
    a.run(&["vault:compact"]).ok();
    b.run(&["vault:compact"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    // Both rewrote vault.age: the merge driver keeps one of them.
    sync_may_conflict(&b, "bob", &["sync"]);
    coffer_git(&a, "alice", &["sync"]).ok();
    // (Read on b only: a read on a would be a row of a's that a reordered
    // history contradicts, which replay refuses on its own.)
    let value = b.run(&["secrets:get", "DATABASE_URL"]).ok().out();
    // Someone who can push commits the vault.age the merge set aside.
    let merge = in_tree(&a, &["log", "--merges", "-1", "--format=%H"]).out();
    let merge = merge.trim();
    let blob = |rev: &str| in_tree(&a, &["rev-parse", &format!("{rev}:vault.age")]).out();
    let kept = blob(merge);
    let aside = [format!("{merge}^1"), format!("{merge}^2")]
        .into_iter()
        .find(|p| blob(p) != kept)
        .expect("the merge kept one side's vault.age");
    in_tree(&a, &["checkout", "-q", &aside, "--", "vault.age"]);
    in_tree(&a, &["commit", "-qm", "an old checkpoint"]);
    a.run(&["secrets:get", "DATABASE_URL"])
        .code(6)
        .stderr_has("is the checkpoint a merge set aside");
    a.run(&["audit:verify"])
        .code(6)
        .stderr_has("is the checkpoint a merge set aside");
    // Put back what the merge kept, and all is as it was.
    in_tree(&a, &["checkout", "-q", merge, "--", "vault.age"]);
    in_tree(&a, &["commit", "-qm", "the merged checkpoint"]);
    assert_eq!(a.run(&["secrets:get", "DATABASE_URL"]).ok().out(), value);
    a.run(&["audit:verify"]).ok();
}

#[test]
fn records_no_member_signed_are_refused_at_the_first_before_any_is_ordered() {
    use coffer::vault::record::{self, Header};
    use rand::RngCore;
    let env = Env::with_vault();
    env.run(&["secrets:create", "K", "v"]).ok();
    env.run(&["vault:compact"]).ok();
    // What anyone who can push can write: shape-valid records under a key
    // of their own, sealed under a journal key they guess, each naming a
    // parent that is in no history (so ordering them would fail on its own).
    let mut rng = rand::thread_rng();
    let mut bytes = |n: usize| {
        let mut b = vec![0u8; n];
        rng.fill_bytes(&mut b);
        b
    };
    let device: [u8; 8] = bytes(8).try_into().unwrap();
    let signer = ed25519_dalek::SigningKey::from_bytes(&bytes(32).try_into().unwrap());
    let vault_id: [u8; 16] = bytes(16).try_into().unwrap();
    let journal_key: [u8; 32] = bytes(32).try_into().unwrap();
    const FORGED: u64 = 3000;
    let mut log = Vec::new();
    for seq in 1..=FORGED {
        let header = Header {
            device,
            seq,
            lamport: seq,
            parents: vec![bytes(32).try_into().unwrap()],
            author: signer.verifying_key().to_bytes(),
        };
        let salt: [u8; 16] = bytes(16).try_into().unwrap();
        let (stored, _) =
            record::encode(&vault_id, &journal_key, &signer, &header, salt, &bytes(64));
        log.extend_from_slice(&(stored.len() as u32).to_be_bytes());
        log.extend_from_slice(&stored);
    }
    let dir = env.journal_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}.log", hex::encode(device)));
    std::fs::write(&path, &log).unwrap();
    env.run(&["secrets:get", "K"])
        .code(6)
        .stderr_has("the record at byte 0")
        .stderr_has("(record 1 of the 3000 after the checkpoint, checked before any is ordered)");
}

// ------------------------------------------------- the checkpoint a record names

/// A clone of the shared remote made now, by the same person on a third
/// machine: the identity, and no state at all.
fn fresh_clone(remote: &tempfile::TempDir, from: &Env) -> Env {
    let c = Env::new();
    std::fs::create_dir_all(c.identity().parent().unwrap()).unwrap();
    std::fs::copy(from.identity(), c.identity()).unwrap();
    let bare = remote.path().join("vault.git");
    git(&c, &["clone", "-q", bare.to_str().unwrap(), "data/coffer"]);
    c
}

/// The review's setup (issue 17, item 3): under `theirs`, with records of
/// both devices folded in, alice and bob each update S and compact at once;
/// alice syncs, then bob (the merge driver keeps bob's checkpoint, on which
/// alice's value is current), who goes on working on it and syncs. Alice
/// has not pulled bob's merge. Returns the remote, alice, bob, and alice's
/// commit, whose `vault.age` the merge set aside.
fn compacted_at_once() -> (tempfile::TempDir, Env, Env, String) {
    compacted_at_once_then(true)
}

/// [`compacted_at_once`], where bob goes on working after his merge only if
/// `bob_writes_after`.
fn compacted_at_once_then(bob_writes_after: bool) -> (tempfile::TempDir, Env, Env, String) {
    let (remote, a, b) = shared_pair();
    // As the review's setup.sh: both devices' records folded in, S at v2.
    b.run(&["secrets:get", "DATABASE_URL"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    a.run(&["secrets:update", "DATABASE_URL", "v2"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    b.run(&["secrets:get", "DATABASE_URL"]).ok();
    a.run(&["sync:policy", "theirs"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    b.run(&["secrets:get", "DATABASE_URL"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    a.run(&["secrets:update", "DATABASE_URL", "alice-v3"]).ok();
    a.run(&["vault:compact"]).ok();
    b.run(&["secrets:update", "DATABASE_URL", "bob-v3"]).ok();
    // One more record on bob's side: the merge keeps his checkpoint, the
    // one that folded in more (`replay::merge_keeps`), as in the review.
    b.run(&["secrets:get", "DATABASE_URL"]).ok();
    b.run(&["vault:compact"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    let run = sync_may_conflict(&b, "bob", &["sync"]);
    let said = format!("{}{}", run.out(), run.stderr);
    assert!(said.contains("(theirs) is current"), "{said}");
    // Bob goes on working on the checkpoint the merge kept, and shares
    // that: a record that names no version of S (a read would, and replay
    // on another order may catch that on its own).
    if bob_writes_after {
        b.run(&["secrets:create", "API_KEY", "k-1"]).ok();
        coffer_git(&b, "bob", &["sync"]).ok();
    }
    let merge = in_tree(&b, &["log", "--merges", "-1", "--format=%H"]).out();
    let merge = merge.trim();
    let blob = |rev: &str| in_tree(&b, &["rev-parse", &format!("{rev}:vault.age")]).out();
    let kept = blob(merge);
    let aside = [format!("{merge}^1"), format!("{merge}^2")]
        .into_iter()
        .find(|p| blob(p) != kept)
        .expect("the merge kept one side's vault.age");
    let aside = in_tree(&b, &["rev-parse", &aside]).out().trim().to_owned();
    let author = in_tree(&b, &["log", "-1", "--format=%an", &aside]).out();
    assert_eq!(
        author.trim(),
        "alice",
        "the merge set aside alice's checkpoint"
    );
    (remote, a, b, aside)
}

/// Someone with push access only commits the `vault.age` of `commit` on
/// top of what the remote holds.
fn put_back(remote: &tempfile::TempDir, commit: &str) {
    let eve = Env::new();
    let bare = remote.path().join("vault.git");
    git(&eve, &["clone", "-q", bare.to_str().unwrap(), "repo"]);
    git(
        &eve,
        &["-C", "repo", "checkout", "-q", commit, "--", "vault.age"],
    );
    git(&eve, &["-C", "repo", "commit", "-qm", "an old checkpoint"]);
    git(&eve, &["-C", "repo", "push", "-q"]);
}

fn refused_as_put_back(run: common::Run) {
    run.code(6)
        .stderr_has("put back: the record at byte")
        .stderr_has("was written on a checkpoint that folded in records this one did not")
        .stderr_has("git log -- vault.age");
}

#[test]
fn a_fresh_clone_refuses_the_checkpoint_the_merge_set_aside_that_its_records_were_not_written_on() {
    let (remote, a, _b, aside) = compacted_at_once();
    // Before the put-back, a fresh clone reads what the merge decided.
    let before = fresh_clone(&remote, &a);
    assert_eq!(
        before.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        "alice-v3\n"
    );
    put_back(&remote, &aside);
    // A clone with no state at all has nothing of its own to compare with:
    // the records name the checkpoint they were written on.
    let carol = fresh_clone(&remote, &a);
    refused_as_put_back(carol.run(&["secrets:get", "DATABASE_URL"]));
    refused_as_put_back(carol.run(&["--read-only", "secrets:get", "DATABASE_URL"]));
    refused_as_put_back(carol.run(&["audit:verify"]));
    // What a later commit holds is read as the merge decided.
    let head = in_tree(&carol, &["rev-parse", "HEAD^"]).out();
    in_tree(&carol, &["checkout", "-q", head.trim(), "--", "vault.age"]);
    assert_eq!(
        carol.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        "alice-v3\n"
    );
    carol.run(&["audit:verify"]).ok();
}

#[test]
fn the_sync_that_keeps_one_of_two_checkpoints_leaves_a_record_on_it() {
    // The review's flow exactly: after the merge that kept bob's checkpoint
    // nobody writes again, yet a fresh clone handed alice's is refused: the
    // sync that merged wrote a record on the kept one, and pushed it.
    let (remote, a, b, aside) = compacted_at_once_then(false);
    let rows = b
        .run(&[
            "audit:logs",
            "--action",
            "checkpoint_kept",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(rows.as_array().map(Vec::len), Some(1), "{rows}");
    let before = fresh_clone(&remote, &a);
    assert_eq!(
        before.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        "alice-v3\n"
    );
    put_back(&remote, &aside);
    let carol = fresh_clone(&remote, &a);
    refused_as_put_back(carol.run(&["secrets:get", "DATABASE_URL"]));
    refused_as_put_back(carol.run(&["audit:verify"]));
}

#[test]
fn a_clone_that_had_not_pulled_the_merge_refuses_the_checkpoint_it_set_aside_put_back() {
    let (remote, a, _b, aside) = compacted_at_once();
    assert_eq!(
        a.run(&["secrets:get", "DATABASE_URL"]).ok().out(),
        "alice-v3\n"
    );
    put_back(&remote, &aside);
    // Alice pulls bob's merge and the put-back at once: the checkpoint she
    // gets is her own (if hers was set aside), which her memory allows.
    let run = coffer_git(&a, "alice", &["sync"]);
    assert_eq!(run.code, 6, "{}", run.stderr);
    refused_as_put_back(a.run(&["secrets:get", "DATABASE_URL"]));
    a.run(&["audit:verify"]).code(6);
}

#[test]
fn records_written_on_either_checkpoint_of_concurrent_compactions_replay_on_the_one_kept() {
    let (remote, a, b, _aside) = compacted_at_once();
    // Each side reads on its own checkpoint before it has the other's
    // (one of them is the checkpoint the merge set aside): those records
    // are that side's concurrent records on the kept one.
    a.run(&["secrets:get", "DATABASE_URL"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    let value = a.run(&["secrets:get", "DATABASE_URL"]).ok().out();
    assert_eq!(b.run(&["secrets:get", "DATABASE_URL"]).ok().out(), value);
    // Records written after the merge, on the kept one, and a compaction
    // on top of it.
    b.run(&["secrets:update", "API_KEY", "k-1b"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    a.run(&["vault:compact"]).ok();
    a.run(&["secrets:update", "API_KEY", "k-2"]).ok();
    coffer_git(&a, "alice", &["sync"]).ok();
    coffer_git(&b, "bob", &["sync"]).ok();
    for env in [&a, &b, &fresh_clone(&remote, &a)] {
        assert_eq!(env.run(&["secrets:get", "DATABASE_URL"]).ok().out(), value);
        assert_eq!(env.run(&["secrets:get", "API_KEY"]).ok().out(), "k-2\n");
        env.run(&["audit:verify"]).ok();
    }
}
