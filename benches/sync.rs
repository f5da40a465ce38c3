//! `coffer sync` between two clones of one vault, with real git and a bare
//! remote in a temp folder, as issue 9's targets name it:
//!
//! - the sync that merges two clones that each made N changes (default
//!   1,000: updates of 100 secrets, both sides at once), target 1 s;
//! - a sync with nothing to merge, beside `git pull` and `coffer status`
//!   (target: no more than the two together).
//!
//! `cargo bench --bench sync` runs it; `-- --changes N` sets N, `--keep`
//! keeps the temp folder. Without `--bench` (as `cargo test --all-targets`
//! runs it) it is a smoke test with 20 changes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{median, ms};

/// One clone: its HOME, and the git author it commits as.
struct Clone {
    home: PathBuf,
    who: &'static str,
}

impl Clone {
    fn command(&self, program: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_STATE_HOME", self.home.join("state"))
            .env("GIT_AUTHOR_NAME", self.who)
            .env("GIT_COMMITTER_NAME", self.who)
            .env("GIT_AUTHOR_EMAIL", format!("{}@example.com", self.who))
            .env("GIT_COMMITTER_EMAIL", format!("{}@example.com", self.who))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        cmd
    }

    /// Run and time `program args`; panic unless it succeeds.
    fn run(&self, program: &Path, args: &[&str]) -> Duration {
        let start = Instant::now();
        let out = self.command(program, args).output().expect("run");
        let took = start.elapsed();
        assert!(
            out.status.success(),
            "{} {args:?} failed: {}",
            program.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        took
    }

    fn vault_dir(&self) -> PathBuf {
        self.home.join("data/coffer")
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bench = args.iter().any(|a| a == "--bench");
    let keep = args.iter().any(|a| a == "--keep");
    let changes: usize = args
        .iter()
        .position(|a| a == "--changes")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(if bench { 1000 } else { 20 });
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_coffer"));
    let git = PathBuf::from("git");
    let tmp = tempfile::tempdir().expect("temp folder");
    let root = tmp.path();
    let remote = root.join("vault.git");
    let a = Clone {
        home: root.join("a"),
        who: "alice",
    };
    let b = Clone {
        home: root.join("b"),
        who: "bob",
    };
    a.run(&git, &["init", "-q", "--bare", remote.to_str().unwrap()]);
    a.run(&bin, &["init"]);
    let a_dir = a.vault_dir();
    let a_dir = a_dir.to_str().unwrap();
    a.run(&git, &["init", "-q", a_dir]);
    a.run(
        &git,
        &[
            "-C",
            a_dir,
            "remote",
            "add",
            "origin",
            remote.to_str().unwrap(),
        ],
    );
    let secrets = 100.min(changes.max(1));
    for i in 0..secrets {
        a.run(&bin, &["secrets:create", &format!("S{i}"), "v"]);
    }
    a.run(&bin, &["sync"]);
    std::fs::create_dir_all(b.home.join("config/coffer")).unwrap();
    std::fs::copy(
        a.home.join("config/coffer/identity.txt"),
        b.home.join("config/coffer/identity.txt"),
    )
    .unwrap();
    let b_dir = b.vault_dir();
    let b_dir = b_dir.to_str().unwrap();
    b.run(&git, &["clone", "-q", remote.to_str().unwrap(), b_dir]);
    for i in 0..changes {
        let name = format!("S{}", i % secrets);
        a.run(&bin, &["secrets:update", &name, &format!("a{i}")]);
        b.run(&bin, &["secrets:update", &name, &format!("b{i}")]);
    }
    a.run(&bin, &["sync"]);
    println!("coffer sync benchmark: {}", bin.display());
    println!("two clones, each made {changes} changes to {secrets} secrets; wall time in ms");
    let merge = b.run(&bin, &["sync", "--policy", "ours"]);
    println!(
        "  sync that merges them             {:8.1}   target 1000",
        ms(merge)
    );
    let pulled = a.run(&bin, &["sync"]);
    println!("  the other clone's next sync       {:8.1}", ms(pulled));
    let runs = if bench { 9 } else { 1 };
    let time = |clone: &Clone, program: &Path, args: &[&str]| {
        let mut t: Vec<Duration> = (0..runs).map(|_| clone.run(program, args)).collect();
        t.sort();
        median(&t)
    };
    let nothing = time(&b, &bin, &["sync"]);
    let pull = time(&b, &git, &["-C", b_dir, "pull", "-q"]);
    let status = time(&b, &bin, &["status"]);
    println!(
        "  sync with nothing to merge        {:8.1}   target {:.1} (git pull + status)",
        ms(nothing),
        ms(pull + status)
    );
    println!("  git pull                          {:8.1}", ms(pull));
    println!("  coffer status                     {:8.1}", ms(status));
    if keep {
        println!("kept {}", tmp.keep().display());
    }
}
