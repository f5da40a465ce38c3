//! What `coffer sync`, `vault:textconv` and `vault:merge-driver` do with a
//! work tree that anyone with push access writes: no symlink followed, no
//! device or huge file read, nothing of an outsider's taken as genuine; and
//! what they say: commit messages in people's words, `sync:policy`.

use std::path::Path;

use crate::common::{self, Env};
use crate::git::{VALUE, coffer_git, git, shared_pair, tracked};

const DENIED: i32 = 4;
const INTEGRITY: i32 = 6;

/// A git work tree around the default vault, with no commit yet.
fn repo() -> Env {
    let env = Env::with_vault();
    git(&env, &["init", "-q", "data/coffer"]);
    env
}

/// `sh -c script` in the vault's folder, memory capped at 2 GB, so that a
/// coffer that reads a device without end fails instead of taking the
/// machine's memory; `timeout` ends one that reads without growing.
fn capped(env: &Env, script: &str) -> common::Run {
    let mut cmd = env.shell(&format!("ulimit -v 2000000; timeout 60 {script}"));
    cmd.current_dir(env.path("data/coffer"));
    for (k, v) in [
        ("GIT_AUTHOR_NAME", "tester"),
        ("GIT_COMMITTER_NAME", "tester"),
        ("GIT_AUTHOR_EMAIL", "t@x"),
        ("GIT_COMMITTER_EMAIL", "t@x"),
        ("GIT_CONFIG_NOSYSTEM", "1"),
    ] {
        cmd.env(k, v);
    }
    common::run_command(cmd)
}

// ---------------------------------------------------- item 10: first sync

#[test]
fn sync_right_after_init_commits_the_vault() {
    let env = repo();
    let run = coffer_git(&env, "alice", &["sync"]).ok();
    assert!(
        run.out().contains("committed: coffer: add the vault"),
        "{}",
        run.out()
    );
    let files = git(&env, &["-C", "data/coffer", "ls-files"]).out();
    for f in ["vault.age", ".gitattributes", ".gitignore"] {
        assert!(files.lines().any(|l| l == f), "{f} not committed: {files}");
    }
    // The journal folder comes with the first record.
    env.run(&["secrets:create", "API_KEY", "k-123456"]).ok();
    let run = coffer_git(&env, "alice", &["sync"]).ok();
    assert!(
        run.out().contains("committed: coffer: create API_KEY"),
        "{}",
        run.out()
    );
    let files = git(&env, &["-C", "data/coffer", "ls-files"]).out();
    assert!(files.contains("vault.journal/"), "{files}");
    coffer_git(&env, "alice", &["sync"])
        .ok()
        .out()
        .contains("nothing to commit")
        .then_some(())
        .expect("a second sync has nothing to commit");
}

// ------------------------------------------- item 6: symlinks and sizes

#[test]
fn sync_writes_through_no_symlinked_gitattributes_and_reads_no_device() {
    let env = repo();
    // A committed .gitattributes that points out of the repository.
    let outside = env.path("outside.txt");
    std::fs::write(&outside, "keep me\n").unwrap();
    std::os::unix::fs::symlink(&outside, env.path("data/coffer/.gitattributes")).unwrap();
    let run = coffer_git(&env, "alice", &["sync"]).code(DENIED);
    assert!(
        run.stderr.contains(".gitattributes: it is a symbolic link"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: "), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me\n");
    assert!(
        git(&env, &["-C", "data/coffer", "log", "--oneline", "--all"])
            .out()
            .is_empty()
    );

    // One that points at a device is not read either.
    std::fs::remove_file(env.path("data/coffer/.gitattributes")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", env.path("data/coffer/.gitignore")).unwrap();
    let run = capped(&env, "coffer sync");
    assert_eq!(run.code, DENIED, "{}", run.stderr);
    assert!(
        run.stderr.contains(".gitignore: it is a symbolic link"),
        "{}",
        run.stderr
    );

    // A huge regular one is refused, not read whole.
    std::fs::remove_file(env.path("data/coffer/.gitignore")).unwrap();
    let big = std::fs::File::create(env.path("data/coffer/.gitignore")).unwrap();
    big.set_len(4 << 30).unwrap();
    let run = capped(&env, "coffer sync");
    assert_eq!(run.code, INTEGRITY, "{}", run.stderr);
    assert!(run.stderr.contains("is larger than"), "{}", run.stderr);
    std::fs::remove_file(env.path("data/coffer/.gitignore")).unwrap();
    coffer_git(&env, "alice", &["sync"]).ok();
}

#[test]
fn sync_reads_no_file_of_the_journal_folder_but_device_logs() {
    let (_remote, a, _b) = shared_pair();
    a.run(&["secrets:get", "DATABASE_URL"]).ok();
    // Files that are no DEVICE.log are not coffer's, whatever they point at.
    std::os::unix::fs::symlink("/dev/zero", a.journal_dir().join("notes.log")).unwrap();
    std::fs::write(a.journal_dir().join("README.log"), b"junk1234").unwrap();
    let run = capped(&a, "coffer sync");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.out().contains("read DATABASE_URL"), "{}", run.out());
    let run = capped(&a, "coffer sync --status");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn textconv_and_the_merge_driver_follow_no_symlink_and_read_no_device() {
    let env = tracked();
    let vault = env.vault();
    let outside = env.path("outside.age");
    std::fs::copy(&vault, &outside).unwrap();
    let link = env.path("link.age");
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    for file in [link.to_str().unwrap(), "/dev/zero"] {
        let run = capped(&env, &format!("coffer vault:textconv {file}"));
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        assert!(
            run.out().starts_with("(not shown: coffer does not use"),
            "{file}: {}",
            run.out()
        );
    }
    // The driver writes OURS only as the regular file git made, never
    // through a link: here THEIRS folded in more and would be written.
    env.run(&["secrets:create", "API_KEY", "k-123456"]).ok();
    env.run(&["vault:compact"]).ok();
    let before = std::fs::read(&outside).unwrap();
    let run = env.run(&[
        "vault:merge-driver",
        "base",
        link.to_str().unwrap(),
        vault.to_str().unwrap(),
    ]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read(&outside).unwrap(),
        before,
        "written through the link"
    );
    let ours = env.path("ours.age");
    std::fs::copy(&outside, &ours).unwrap();
    env.run(&[
        "vault:merge-driver",
        "base",
        ours.to_str().unwrap(),
        vault.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(
        std::fs::read(&ours).unwrap(),
        std::fs::read(&vault).unwrap()
    );
}

// ------------------------------ item 8: what an outsider made is marked

/// An outsider's vault.age: their own vault, its member row given the
/// victim's recipient, encrypted to the victim's public key (all it takes).
/// With a record in the outsider's log that the checkpoint did not fold.
/// Returns the outsider's signing key, and their log's name and bytes.
fn forge(victim: &Env, into: &Path) -> (String, (std::ffi::OsString, Vec<u8>)) {
    let attacker = Env::with_vault();
    attacker
        .run(&[
            "secrets:create",
            "DATABASE_URL",
            "postgresql://attacker@evil/db",
        ])
        .ok();
    let recipient = common::load_identity(&victim.identity())
        .to_public()
        .to_string();
    let image = common::edit_image(&attacker.image(), |c| {
        c.execute("UPDATE member SET recipient = ?1", [&recipient])
            .unwrap();
    });
    let to: age::x25519::Recipient = recipient.parse().unwrap();
    let enc = age::Encryptor::with_recipients(std::iter::once(&to as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let mut w = enc.wrap_output(&mut out).unwrap();
    std::io::Write::write_all(&mut w, &image).unwrap();
    w.finish().unwrap();
    std::fs::write(into, out).unwrap();
    attacker.run(&["secrets:create", "EVIL", "e-123456"]).ok();
    let log = std::fs::read_dir(attacker.journal_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "log"))
        .unwrap();
    let log = (
        log.file_name().unwrap().to_owned(),
        std::fs::read(&log).unwrap(),
    );
    let key = attacker.run(&["status", "--format", "json"]).ok().json()["signing_key"]
        .as_str()
        .unwrap()
        .to_owned();
    (key, log)
}

#[test]
fn textconv_marks_a_checkpoint_and_records_an_outsider_made_on_their_first_line() {
    let env = tracked();
    let forged = env.path("forged.age");
    let (attacker_key, attacker_log) = forge(&env, &forged);
    // The genuine checkpoint is shown as it was.
    let genuine = env
        .run(&["vault:textconv", env.vault().to_str().unwrap()])
        .ok();
    assert!(!genuine.out().contains("NOT VERIFIED"), "{}", genuine.out());
    let shown = env
        .run(&["vault:textconv", forged.to_str().unwrap()])
        .ok()
        .out();
    let first = shown.lines().next().unwrap();
    assert!(
        first.starts_with(&format!(
            "NOT VERIFIED: it is signed by {attacker_key}, a signing key this machine does not trust"
        )),
        "{shown}"
    );
    assert!(shown.contains("DATABASE_URL"), "{shown}");

    // Committed over the genuine one, `git log -p` shows the mark.
    std::fs::copy(&forged, env.vault()).unwrap();
    let log_dir = env.journal_dir();
    std::fs::create_dir_all(&log_dir).unwrap();
    let planted = log_dir.join(&attacker_log.0);
    std::fs::write(&planted, &attacker_log.1).unwrap();
    git(&env, &["-C", "data/coffer", "add", "-A"]);
    git(&env, &["-C", "data/coffer", "commit", "-qm", "innocent"]);
    let log = git(&env, &["-C", "data/coffer", "log", "-p", "-1"]).out();
    assert!(
        log.contains(&format!("+NOT VERIFIED: it is signed by {attacker_key}")),
        "{log}"
    );
    // The outsider's record, opened with the forged checkpoint's journal
    // key (the textconv driver reads the work tree's vault.age), is marked
    // on the log's first line and on its own.
    let shown = env
        .run(&["vault:textconv", planted.to_str().unwrap()])
        .ok()
        .out();
    assert!(shown.starts_with("NOT VERIFIED: "), "{shown}");
    let record = shown.lines().find(|l| l.starts_with("record ")).unwrap();
    assert!(
        record.contains("NOT VERIFIED: it is signed by a key this machine does not trust"),
        "{shown}"
    );
    assert!(shown.contains("create EVIL"), "{shown}");

    // Once the user pins that key (say it is a teammate's), it verifies.
    env.run(&[
        "vault:trust",
        &attacker_key,
        "--vault",
        forged.to_str().unwrap(),
    ])
    .ok();
    let shown = env
        .run(&["vault:textconv", forged.to_str().unwrap()])
        .ok()
        .out();
    assert!(!shown.contains("NOT VERIFIED"), "{shown}");
    let shown = env
        .run(&["vault:textconv", planted.to_str().unwrap()])
        .ok()
        .out();
    assert!(!shown.contains("NOT VERIFIED"), "{shown}");
}

#[test]
fn the_merge_driver_never_keeps_a_checkpoint_an_outsider_made() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "DATABASE_URL", VALUE]).ok();
    env.run(&["vault:compact"]).ok();
    let genuine = std::fs::read(env.vault()).unwrap();
    let forged_path = env.path("forged.age");
    let (attacker_key, _) = forge(&env, &forged_path);
    let forged = std::fs::read(&forged_path).unwrap();
    let ours = env.path("ours.age");
    let theirs = env.path("theirs.age");
    // Either side: the one that verifies is kept, and the other named.
    for (o, t, kept) in [
        (
            &genuine,
            &forged,
            "kept this clone's vault.age: the other clone's does not verify",
        ),
        (
            &forged,
            &genuine,
            "kept the other clone's vault.age: this clone's does not verify",
        ),
    ] {
        std::fs::write(&ours, o).unwrap();
        std::fs::write(&theirs, t).unwrap();
        env.run(&[
            "vault:merge-driver",
            "base",
            ours.to_str().unwrap(),
            theirs.to_str().unwrap(),
        ])
        .ok()
        .stderr_has(kept)
        .stderr_has(&attacker_key);
        assert_eq!(std::fs::read(&ours).unwrap(), genuine);
    }
    // Neither: the merge fails and OURS is left for the user.
    std::fs::write(&ours, &forged).unwrap();
    std::fs::write(&theirs, &forged).unwrap();
    let run = env
        .run(&[
            "vault:merge-driver",
            "base",
            ours.to_str().unwrap(),
            theirs.to_str().unwrap(),
        ])
        .code(INTEGRITY)
        .stderr_has("error: neither vault.age verifies under a key this machine trusts")
        .stderr_has("hint: git leaves vault.age in conflict");
    assert!(run.stderr.contains(&attacker_key), "{}", run.stderr);
    assert_eq!(std::fs::read(&ours).unwrap(), forged);
}

// --------------------------------- item 17: commit messages in words

#[test]
fn sync_commit_messages_say_what_was_done_in_words_never_values() {
    let env = repo();
    coffer_git(&env, "alice", &["sync"]).ok();
    env.run(&["secrets:create", "API_KEY", "k-123456"]).ok();
    env.run(&["secrets:get", "API_KEY"]).ok();
    env.run(&["secrets:update", "API_KEY", "--rotate-every", "30d"])
        .ok();
    env.run(&["sync:policy", "theirs"]).ok();
    env.run(&["secrets:versions", "API_KEY"]).ok();
    env.run(&["secrets:list"]).ok();
    env.run(&["secrets:list"]).ok();
    env.run(&["secrets:update", "API_KEY", "k-654321", "--add-tag", "prod"])
        .ok();
    env.run(&["secrets:rename", "API_KEY", "STRIPE_KEY"]).ok();
    coffer_git(&env, "alice", &["sync"]).ok();
    let subject = git(&env, &["-C", "data/coffer", "log", "-1", "--format=%B"]).out();
    assert_eq!(
        subject.trim(),
        "coffer: create API_KEY; read API_KEY; set the rotation policy of API_KEY; \
         set the merge policy to theirs; list the versions of API_KEY; \
         list the secrets (2 times); change the value and tags of API_KEY; \
         rename API_KEY to STRIPE_KEY"
    );
    for internal in ["policy_set", "listed", "accessed", "×", "_versions"] {
        assert!(!subject.contains(internal), "{internal}: {subject}");
    }
    for value in ["k-123456", "k-654321"] {
        assert!(!subject.contains(value), "{subject}");
    }
}

// ------------------------------------- item 18: sync:policy, old alias

#[test]
fn the_merge_policy_is_sync_policy_and_vault_policy_still_works_unlisted() {
    let env = Env::with_vault();
    assert_eq!(env.run(&["sync:policy"]).ok().out(), "manual\n");
    env.run(&["sync:policy", "ours"]).ok();
    // The old name works, and says the same.
    assert_eq!(env.run(&["vault:policy"]).ok().out(), "ours\n");
    env.run(&["vault:policy", "theirs"]).ok();
    assert_eq!(env.run(&["sync:policy"]).ok().out(), "theirs\n");
    let help = env.run(&["--help"]).ok().out();
    assert!(help.contains("sync:policy"), "{help}");
    assert!(!help.contains("vault:policy"), "{help}");
    // Not in the generated completions or man pages either.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "completions/coffer.bash",
        "completions/_coffer",
        "completions/coffer.fish",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(text.contains("sync:policy"), "{file}");
        assert!(!text.contains("vault:policy"), "{file}");
    }
    assert!(root.join("man/coffer-sync-policy.1").exists());
    assert!(!root.join("man/coffer-vault-policy.1").exists());
}
