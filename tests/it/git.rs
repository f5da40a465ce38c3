//! A vault tracked in git: what `git diff` and `git log -p` show through
//! coffer's textconv driver (`vault:textconv`): names, versions and tags,
//! never a value. Runs the real `git`.

use crate::common::{self, Env};

const VALUE: &str = "postgresql://admin:s3cr3t-Pa55@db.internal/app";
const NEW_VALUE: &str = "postgresql://admin:n3w-Pa55@db.internal/app";

/// `git` with a fixed author, in the environment's folder.
fn git(env: &Env, args: &[&str]) -> common::Run {
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
fn tracked() -> Env {
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

fn assert_no_value(text: &str) {
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
    env.run(&["vault:textconv", "junk"])
        .code(6)
        .stderr_has("malformed");
    env.run(&["vault:textconv", "missing.log"]).code(3);
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
    env.run(&["vault:textconv", "other.age"]).code(6);
    // An empty log (one a fold cleared) has nothing to show.
    std::fs::write(env.path("empty.log"), b"").unwrap();
    assert_eq!(env.run(&["vault:textconv", "empty.log"]).ok().out(), "");
}
