//! `coffer man --install`: after an install like the README's (the binary
//! alone in PREFIX/bin), the pages land in PREFIX/share/man and man-db's
//! `man` finds them from PATH, with no MANPATH; `--dir` writes elsewhere;
//! plain `coffer man` prints coffer(1) and writes nothing.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{Run, to_run};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Whether man-db's `man` is here (tests skip without it, except in CI,
/// where .ci/run installs it and sets COFFER_REQUIRE_TOOLS).
fn have_man() -> bool {
    let found = Command::new("sh")
        .args(["-c", "command -v man"])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found || std::env::var_os("COFFER_REQUIRE_TOOLS").is_none(),
        "man is required here (COFFER_REQUIRE_TOOLS is set): apt-get install man-db"
    );
    if !found {
        eprintln!("skipped: man (man-db) is not installed");
    }
    found
}

/// A prefix holding only `bin/coffer`, a copy of the binary under test, as
/// `cargo install --root PREFIX` leaves it.
fn installed() -> (tempfile::TempDir, PathBuf) {
    let prefix = tempfile::tempdir().unwrap();
    let bin = prefix.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_coffer"), bin.join("coffer")).unwrap();
    (prefix, bin)
}

/// `program args` with only PATH (`bin` first) and an empty MANPATH, so
/// `man` finds pages from PATH alone, as on a machine with no man setup.
fn with_path(bin: &Path, program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Run {
    let mut path = std::ffi::OsString::from(bin);
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(program);
    cmd.args(args)
        .env_clear()
        .env("PATH", path)
        .env("MANPATH", "")
        .env("HOME", home.path())
        .current_dir(home.path())
        .stdin(Stdio::null());
    // A copy just written may still be open for writing in a child that
    // another test thread forked meanwhile (until that child execs): Linux
    // then refuses to run it (ETXTBSY) for a moment. Try again.
    for _ in 0..100 {
        match cmd.output() {
            Err(e) if e.raw_os_error() == Some(26) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            out => return to_run(out.expect("run the command")),
        }
    }
    panic!("{:?} stayed busy (ETXTBSY)", cmd.get_program())
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn man_finds_the_pages_coffer_installs_beside_its_binary() {
    if !have_man() {
        return;
    }
    let (prefix, bin) = installed();
    let man_dir = prefix.path().join("share/man");
    // Before: no manual entry.
    let before = with_path(&bin, "man", &["-w", "coffer"]);
    assert_ne!(
        before.code,
        0,
        "a coffer page is already installed: {}",
        before.out()
    );

    let run = with_path(&bin, bin.join("coffer"), &["man", "--install"]).ok();
    assert!(
        run.out().contains(&man_dir.display().to_string()),
        "{}",
        run.out()
    );
    assert_eq!(run.stderr, "", "a warning though man finds the pages");
    // man finds coffer(1), a command's page and coffer-vault(5) from PATH.
    for (args, page) in [
        (&["-w", "coffer"][..], "man1/coffer.1"),
        (
            &["-w", "coffer-secrets-get"][..],
            "man1/coffer-secrets-get.1",
        ),
        (&["-w", "5", "coffer-vault"][..], "man5/coffer-vault.5"),
    ] {
        let found = with_path(&bin, "man", args);
        assert_eq!(found.code, 0, "man {args:?}: {}", found.stderr);
        assert_eq!(
            Path::new(found.out().trim()).canonicalize().unwrap(),
            man_dir.join(page).canonicalize().unwrap(),
            "man {args:?}"
        );
    }
    // Exactly the committed pages, 0644, in folders anyone can read.
    let committed: Vec<_> = std::fs::read_dir(Path::new(ROOT).join("man"))
        .unwrap()
        .flatten()
        .collect();
    assert!(committed.len() > 30);
    for entry in committed {
        let name = entry.file_name().to_string_lossy().into_owned();
        let section = name.rsplit('.').next().unwrap();
        let path = man_dir.join(format!("man{section}")).join(&name);
        assert_eq!(
            std::fs::read(&path).unwrap_or_default(),
            std::fs::read(entry.path()).unwrap(),
            "{name}"
        );
        assert_eq!(mode(&path), 0o644, "{name}");
    }
    assert_eq!(mode(&man_dir.join("man1")), 0o755);
    // Again: pages replaced in place, no temp file left.
    with_path(&bin, bin.join("coffer"), &["man", "--install"]).ok();
    let names: Vec<String> = std::fs::read_dir(man_dir.join("man1"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[test]
fn man_install_dir_writes_elsewhere_and_plain_man_prints_coffer_1() {
    let (prefix, bin) = installed();
    let elsewhere = prefix.path().join("pages");
    let run = with_path(
        &bin,
        bin.join("coffer"),
        &["man", "--install", "--dir", elsewhere.to_str().unwrap()],
    )
    .ok();
    // man would not look there: it says so.
    assert!(run.stderr.contains("to MANPATH"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(elsewhere.join("man5/coffer-vault.5")).unwrap(),
        std::fs::read(Path::new(ROOT).join("man/coffer-vault.5")).unwrap()
    );
    assert!(elsewhere.join("man1/coffer-man.1").is_file());
    assert!(!prefix.path().join("share").exists());

    let run = with_path(&bin, bin.join("coffer"), &["man"]).ok();
    assert_eq!(
        run.stdout,
        std::fs::read(Path::new(ROOT).join("man/coffer.1")).unwrap()
    );
    assert!(!prefix.path().join("share").exists(), "plain `man` wrote");
    // --dir goes with --install only (exit 2).
    with_path(&bin, bin.join("coffer"), &["man", "--dir", "x"]).code(2);
}
