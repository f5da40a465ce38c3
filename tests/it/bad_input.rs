//! Bad input gets a clear error and the documented exit code, and the vault
//! file is byte-for-byte what it was before.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{Env, Run};

const MIB: usize = 1024 * 1024;

/// Run coffer with extra environment variables.
fn run_env(env: &Env, args: &[&str], vars: &[(&str, &Path)]) -> Run {
    let mut cmd = env.cmd(args);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run coffer");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The public key an identity file names in its `# public key:` comment.
fn public_key(identity: &Path) -> String {
    std::fs::read_to_string(identity)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .expect("identity names its public key")
        .to_owned()
}

/// An error run: one `error:` line first, nothing on stdout.
#[track_caller]
fn clean_error(run: Run) -> Run {
    assert!(
        run.stderr.starts_with("error: "),
        "stderr does not start with error: {:?}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "stdout on error: {}", run.out());
    run
}

/// A vault with one secret in it.
fn vault_with_secret() -> Env {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "s3cr3t-VALUE"]).ok();
    env
}

/// Commands that write (`get` and `list` are audited, so they write too),
/// and ones that only read.
const COMMANDS: &[&[&str]] = &[
    &["secrets:get", "A"],
    &["secrets:create", "B", "v"],
    &["secrets:list"],
    &["status"],
    &["audit:logs"],
];

// ---------------------------------------------------------------- keys

#[test]
fn wrong_identity_exits_5_naming_the_recipient() {
    let env = vault_with_secret();
    let other = Env::new();
    other.run(&["init"]).ok();
    let other_key = public_key(&other.identity());
    let before = env.vault_state();
    let other_identity = other.identity();
    for args in COMMANDS {
        let mut all = args.to_vec();
        all.extend(["--identity", other_identity.to_str().unwrap()]);
        let run = clean_error(env.run(&all).code(5));
        assert!(run.stderr.contains(&other_key), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    }
    assert_eq!(env.vault_state(), before);
    // COFFER_IDENTITY does the same.
    run_env(
        &env,
        &["secrets:get", "A"],
        &[("COFFER_IDENTITY", &other.identity())],
    )
    .code(5);
    assert_eq!(env.vault_state(), before);
}

#[test]
fn wrong_passphrase_exits_5_and_the_right_one_works() {
    let env = Env::new();
    let right = env.path("pass-right");
    let wrong = env.path("pass-wrong");
    std::fs::write(&right, "correct horse battery staple\n").unwrap();
    std::fs::write(&wrong, "incorrect horse\n").unwrap();
    env.run(&["init", "--passphrase-file", right.to_str().unwrap()])
        .ok();
    let identity = std::fs::read(env.identity()).unwrap();
    assert!(identity.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----"));
    assert!(!String::from_utf8_lossy(&identity).contains("AGE-SECRET-KEY"));

    let before = env.vault_state();
    let run = run_env(
        &env,
        &["secrets:create", "A", "v"],
        &[("COFFER_PASSPHRASE_FILE", &wrong)],
    );
    clean_error(run.code(5).stderr_has("wrong passphrase"));
    assert_eq!(env.vault_state(), before);

    run_env(
        &env,
        &["secrets:create", "A", "v"],
        &[("COFFER_PASSPHRASE_FILE", &right)],
    )
    .ok();
    assert_ne!(env.vault_state(), before);
}

#[test]
fn protected_identity_without_passphrase_file_or_terminal_exits_5_with_a_hint() {
    let env = Env::new();
    let pass = env.path("pass");
    std::fs::write(&pass, "a passphrase").unwrap();
    env.run(&["init", "--passphrase-file", pass.to_str().unwrap()])
        .ok();
    let before = env.vault_state();
    for args in [&["secrets:get", "A"][..], &["status"]] {
        let run = clean_error(env.run(args).code(5));
        assert!(run.stderr.contains("passphrase"), "{}", run.stderr);
        assert!(
            run.stderr.contains("hint:") && run.stderr.contains("COFFER_PASSPHRASE_FILE"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(env.vault_state(), before);
}

#[test]
fn missing_vault_exits_3_with_an_init_hint_and_creates_nothing() {
    let env = Env::with_vault();
    let elsewhere = env.path("nowhere/vault.age");
    for args in COMMANDS {
        let mut all = args.to_vec();
        all.extend(["--vault", elsewhere.to_str().unwrap()]);
        let run = clean_error(env.run(&all).code(3));
        assert!(run.stderr.contains("no vault"), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("coffer init"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert!(!elsewhere.exists());
    assert!(
        !env.path("nowhere").exists(),
        "no folder or lock file was made"
    );
    // The default vault missing says the same.
    std::fs::remove_file(env.vault()).unwrap();
    clean_error(env.run(&["secrets:get", "A"]).code(3)).stderr_has("coffer init");
}

#[test]
fn missing_identity_exits_3() {
    let env = vault_with_secret();
    let before = env.vault_state();
    let missing = env.path("no-such-identity.txt");
    for args in COMMANDS {
        let mut all = args.to_vec();
        all.extend(["--identity", missing.to_str().unwrap()]);
        let run = clean_error(env.run(&all).code(3));
        assert!(run.stderr.contains("identity"), "{}", run.stderr);
    }
    assert_eq!(env.vault_state(), before);
    assert!(
        !missing.exists(),
        "a command other than init never creates an identity"
    );
}

#[test]
fn a_file_that_is_not_an_identity_exits_5() {
    let env = vault_with_secret();
    let bogus = env.path("bogus.txt");
    std::fs::write(&bogus, "# just a comment\nnot a key\n").unwrap();
    // Private, as coffer requires of an identity, so the content is what fails.
    std::fs::set_permissions(&bogus, std::fs::Permissions::from_mode(0o600)).unwrap();
    let before = env.vault_state();
    clean_error(
        env.run(&["secrets:get", "A", "--identity", bogus.to_str().unwrap()])
            .code(5),
    );
    assert_eq!(env.vault_state(), before);
}

// ---------------------------------------------------------------- damaged vaults

#[test]
fn truncated_vault_exits_6_and_is_left_as_it_was() {
    let env = vault_with_secret();
    let whole = env.vault_bytes();
    for len in [10, whole.len() / 2, whole.len() - 1] {
        let cut = &whole[..len];
        std::fs::write(env.vault(), cut).unwrap();
        for args in COMMANDS {
            let run = clean_error(env.run(args).code(6));
            assert!(
                run.stderr.contains("damaged"),
                "cut at {len}: {}",
                run.stderr
            );
            assert!(!run.stderr.contains("s3cr3t-VALUE"));
            assert_eq!(env.vault_bytes(), cut, "cut at {len}: {args:?} touched it");
        }
    }
    // An empty file too.
    std::fs::write(env.vault(), b"").unwrap();
    clean_error(env.run(&["secrets:get", "A"]).code(6));
    assert!(env.vault_bytes().is_empty());
    // Put back, it works again.
    std::fs::write(env.vault(), &whole).unwrap();
    assert_eq!(
        env.run(&["secrets:get", "A"]).ok().stdout,
        b"s3cr3t-VALUE\n"
    );
}

#[test]
fn random_bytes_as_the_vault_exit_6() {
    let env = Env::with_vault();
    // Deterministic noise (an LCG) so a failure reproduces.
    let mut x: u64 = 0x1234_5678_9abc_def0;
    let noise: Vec<u8> = (0..8192)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 56) as u8
        })
        .collect();
    std::fs::write(env.vault(), &noise).unwrap();
    for args in COMMANDS {
        clean_error(env.run(args).code(6)).stderr_has("damaged");
        assert_eq!(env.vault_bytes(), noise);
    }
}

#[test]
fn a_flipped_byte_in_the_ciphertext_exits_6() {
    let env = vault_with_secret();
    let mut bytes = env.vault_bytes();
    let i = bytes.len() - 100;
    bytes[i] ^= 0x01;
    std::fs::write(env.vault(), &bytes).unwrap();
    clean_error(env.run(&["secrets:get", "A"]).code(6));
    clean_error(env.run(&["status"]).code(6));
    assert_eq!(env.vault_bytes(), bytes);
}

#[test]
fn an_age_file_that_is_not_a_sqlite_image_exits_6() {
    let env = Env::with_vault();
    for plain in [
        &b"hello, this is not a database at all"[..],
        &[0u8; 4096][..],
        b"SQLite format 3\0 but far too short",
    ] {
        common::encrypt_vault(plain, &env.vault(), &env.identity());
        let before = env.vault_state();
        for args in COMMANDS {
            clean_error(env.run(args).code(6));
            assert_eq!(env.vault_state(), before);
        }
    }
}

#[test]
fn a_sqlite_image_that_is_not_a_coffer_vault_exits_6() {
    let env = vault_with_secret();
    let image = env.image();
    let image = common::edit_image(&image, |c| {
        c.execute_batch("PRAGMA application_id = 0").unwrap();
    });
    common::encrypt_vault(&image, &env.vault(), &env.identity());
    let before = env.vault_state();
    for args in COMMANDS {
        clean_error(env.run(args).code(6)).stderr_has("not a coffer vault");
        assert_eq!(env.vault_state(), before);
    }
}

#[test]
fn a_vault_from_a_newer_coffer_exits_1_and_is_never_modified() {
    let env = vault_with_secret();
    let image = env.image();
    let image = common::edit_image(&image, |c| {
        c.execute_batch("PRAGMA user_version = 99").unwrap();
    });
    common::encrypt_vault(&image, &env.vault(), &env.identity());
    let before = env.vault_state();
    for args in COMMANDS {
        let run = clean_error(env.run(args).code(1)).stderr_has("newer");
        assert!(run.stderr.contains("99"), "{}", run.stderr);
        assert_eq!(env.vault_state(), before, "{args:?}");
    }
}

// ---------------------------------------------------------------- not found

#[test]
fn unknown_secret_exits_3() {
    let env = vault_with_secret();
    let before = env.vault_state();
    for args in [
        &["secrets:get", "NOPE"][..],
        &["secrets:get", "A", "NOPE"],
        &["secrets:update", "NOPE", "v"],
        &["secrets:versions", "NOPE"],
        &["secrets:diff", "NOPE", "--from", "1"],
        &["secrets:rollback", "NOPE"],
        &["secrets:rotate", "NOPE", "v"],
        &["secrets:delete", "NOPE"],
        &["secrets:restore", "NOPE"],
        &["secrets:disable", "NOPE"],
        &["secrets:enable", "NOPE"],
    ] {
        let run = clean_error(env.run(args).code(3));
        assert!(run.stderr.contains("NOPE"), "{args:?}: {}", run.stderr);
        assert_eq!(env.vault_state(), before, "{args:?}");
    }
}

#[test]
fn unknown_version_exits_3() {
    let env = vault_with_secret();
    env.run(&["secrets:update", "A", "two"]).ok();
    let before = env.vault_state();
    for args in [
        &["secrets:get", "A", "--version", "3"][..],
        &["secrets:get", "A", "--version", "0"],
        &["secrets:get", "A", "--version=-1"],
        &["secrets:diff", "A", "--from", "7"],
        &["secrets:diff", "A", "--from", "1", "--to", "9"],
        &["secrets:rollback", "A", "--version", "5"],
    ] {
        let run = clean_error(env.run(args).code(3));
        assert!(run.stderr.contains("version"), "{args:?}: {}", run.stderr);
        assert_eq!(env.vault_state(), before, "{args:?}");
    }
}

// ---------------------------------------------------------------- usage

#[test]
fn invalid_names_exit_2() {
    let env = Env::with_vault();
    let before = env.vault_state();
    let long = "x".repeat(257);
    let bad = [
        "has space",
        "tab\there",
        "new\nline",
        "bell\u{7}",
        "esc\u{1b}[31m",
        long.as_str(),
        "",
    ];
    for name in bad {
        for args in [
            &["secrets:create", name, "v"][..],
            &["secrets:get", name],
            &["secrets:update", name, "v"],
            &["secrets:delete", name],
        ] {
            let run = clean_error(env.run(args).code(2));
            assert!(
                run.stderr.contains("invalid secret name"),
                "{name:?}: {}",
                run.stderr
            );
            // The name is shown escaped: no raw control character reaches stderr.
            assert!(
                !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
                "{:?}",
                run.stderr
            );
        }
    }
    // A leading '-' is refused, even after `--`.
    clean_error(env.run(&["secrets:create", "--", "-abc", "v"]).code(2)).stderr_has("'-'");
    env.run(&["secrets:create", "-abc", "v"]).code(2);
    assert_eq!(env.vault_state(), before);
    // 256 bytes is the limit, and it works.
    let max = "y".repeat(256);
    env.run(&["secrets:create", &max, "v"]).ok();
    assert_eq!(env.run(&["secrets:get", &max]).ok().stdout, b"v\n");
}

#[test]
fn bad_durations_and_dates_exit_2() {
    let env = vault_with_secret();
    let before = env.vault_state();
    // `--flag=VALUE`, so that "-5d" reaches coffer rather than clap's flag parser.
    for d in ["30", "5x", "0s", "-5d", "soon", ""] {
        let expires_in = format!("--expires-in={d}");
        clean_error(env.run(&["secrets:create", "B", "v", &expires_in]).code(2))
            .stderr_has("invalid --expires-in");
        clean_error(env.run(&["secrets:update", "A", &expires_in]).code(2));
        let within = format!("--expiring-within={d}");
        clean_error(env.run(&["secrets:list", &within]).code(2));
    }
    for t in [
        "2027-13-45",
        "2027-02-30",
        "tomorrow",
        "12:00",
        "31/01/2027",
    ] {
        clean_error(
            env.run(&["secrets:create", "B", "v", "--expires-at", t])
                .code(2),
        )
        .stderr_has("invalid --expires-at");
        clean_error(
            env.run(&["secrets:create", "B", "v", "--activates-at", t])
                .code(2),
        )
        .stderr_has("invalid --activates-at");
        clean_error(env.run(&["secrets:update", "A", "--expires-at", t]).code(2));
    }
    clean_error(env.run(&["audit:logs", "--since", "2027-13-45"]).code(2));
    clean_error(
        run_env(
            &env,
            &["secrets:get", "A"],
            &[("COFFER_LOCK_TIMEOUT", Path::new("forever"))],
        )
        .code(2),
    );
    assert_eq!(env.vault_state(), before);
}

#[test]
fn bad_tags_metadata_and_types_exit_2() {
    let env = vault_with_secret();
    let before = env.vault_state();
    for args in [
        &["secrets:create", "B", "v", "--tags", "a b"][..],
        &["secrets:create", "B", "v", "--tags", "a,,b"],
        &["secrets:create", "B", "v", "--metadata", "novalue"],
        &["secrets:create", "B", "v", "--metadata", "=v"],
        &["secrets:create", "B", "v", "--metadata", "k=line\nbreak"],
        &["secrets:create", "B", "v", "--type", "banana"],
        &["secrets:create", "B", "--generate", "--length", "4"],
        &["secrets:create", "B", "v", "--generate"],
        &["secrets:update", "A", "--add-tag", "has space"],
        &["secrets:update", "A", "--tags", "x", "--add-tag", "y"],
        &["secrets:get", "A", "--format", "xml"],
        &["secrets:get", "A", "A", "-n"],
        &["secrets:list", "--format", "csv"],
    ] {
        let run = env.run(args).code(2);
        assert!(run.stderr.contains("error"), "{args:?}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        assert_eq!(env.vault_state(), before, "{args:?}");
    }
}

#[test]
fn oversized_values_exit_2_and_exactly_one_mib_works() {
    let env = Env::with_vault();
    let before = env.vault_state();
    let too_big = vec![b'a'; MIB + 1];
    clean_error(
        env.run_stdin(&["secrets:create", "BIG", "-"], &too_big)
            .code(2),
    )
    .stderr_has("1 MiB");
    let file = env.path("big");
    std::fs::write(&file, &too_big).unwrap();
    clean_error(
        env.run(&[
            "secrets:create",
            "BIG",
            "--from-file",
            file.to_str().unwrap(),
        ])
        .code(2),
    )
    .stderr_has("1 MiB");
    assert_eq!(env.vault_state(), before);

    let exact = vec![b'b'; MIB];
    env.run_stdin(&["secrets:create", "MAX_STDIN", "-"], &exact)
        .ok();
    std::fs::write(&file, &exact).unwrap();
    env.run(&[
        "secrets:create",
        "MAX_FILE",
        "--from-file",
        file.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(
        env.run(&["secrets:get", "MAX_STDIN", "-n"]).ok().stdout,
        exact
    );
    assert_eq!(
        env.run(&["secrets:get", "MAX_FILE", "-n"]).ok().stdout,
        exact
    );
    // Updating to an oversized value is refused the same way.
    let before = env.vault_state();
    clean_error(
        env.run_stdin(&["secrets:update", "MAX_STDIN", "-"], &too_big)
            .code(2),
    );
    clean_error(
        env.run_stdin(&["secrets:rotate", "MAX_STDIN", "-"], &too_big)
            .code(2),
    );
    assert_eq!(env.vault_state(), before);
}

#[test]
fn empty_values_exit_2() {
    let env = vault_with_secret();
    let before = env.vault_state();
    let empty = env.path("empty");
    std::fs::write(&empty, b"").unwrap();
    clean_error(env.run(&["secrets:create", "B", ""]).code(2)).stderr_has("empty");
    clean_error(env.run_stdin(&["secrets:create", "B", "-"], b"").code(2)).stderr_has("empty");
    // A lone newline on stdin strips to nothing.
    clean_error(env.run_stdin(&["secrets:create", "B", "-"], b"\n").code(2));
    clean_error(
        env.run(&[
            "secrets:create",
            "B",
            "--from-file",
            empty.to_str().unwrap(),
        ])
        .code(2),
    );
    clean_error(env.run(&["secrets:update", "A", ""]).code(2));
    clean_error(env.run(&["secrets:rotate", "A", ""]).code(2));
    assert_eq!(env.vault_state(), before);
}

#[test]
fn missing_value_file_exits_3() {
    let env = Env::with_vault();
    let before = env.vault_state();
    let missing = env.path("no-such-file");
    clean_error(
        env.run(&[
            "secrets:create",
            "B",
            "--from-file",
            missing.to_str().unwrap(),
        ])
        .code(3),
    )
    .stderr_has("no-such-file");
    assert_eq!(env.vault_state(), before);
}

#[test]
fn no_value_and_no_terminal_exits_2() {
    let env = vault_with_secret();
    let before = env.vault_state();
    let run = clean_error(env.run(&["secrets:create", "B"]).code(2));
    assert!(run.stderr.contains("no value"), "{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "{}", run.stderr);
    clean_error(env.run(&["secrets:rotate", "A"]).code(2));
    assert_eq!(env.vault_state(), before);
}

#[test]
fn binary_values_round_trip_byte_exact() {
    let env = Env::with_vault();
    let file = env.path("bin");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("NULS", vec![0, 0, 0]),
        ("NUL_INSIDE", b"before\0after".to_vec()),
        ("BAD_UTF8", vec![0xff, 0xfe, 0xc3, 0x28, b'\n']),
        ("ALL_BYTES", (0..=255u8).rev().collect()),
        ("ONE_NL_BINARY", vec![0x80, b'\n']),
        ("CRLF", b"a\r\nb\r\n".to_vec()),
    ];
    for (name, bytes) in &cases {
        std::fs::write(&file, bytes).unwrap();
        env.run(&[
            "secrets:create",
            name,
            "--from-file",
            file.to_str().unwrap(),
        ])
        .ok();
        assert_eq!(
            &env.run(&["secrets:get", name, "-n"]).ok().stdout,
            bytes,
            "{name}"
        );
        let mut nl = bytes.clone();
        nl.push(b'\n');
        assert_eq!(env.run(&["secrets:get", name]).ok().stdout, nl, "{name}");
    }
    // Binary data piped on stdin is kept as is, final newline included.
    env.run_stdin(&["secrets:create", "PIPED", "-"], &[0xff, 0, b'\n'])
        .ok();
    assert_eq!(
        env.run(&["secrets:get", "PIPED", "-n"]).ok().stdout,
        [0xff, 0, b'\n']
    );
    // And through an update and a rollback.
    std::fs::write(&file, [1u8, 2, 0, 3]).unwrap();
    env.run(&[
        "secrets:update",
        "NULS",
        "--from-file",
        file.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(
        env.run(&["secrets:get", "NULS", "-n"]).ok().stdout,
        [1, 2, 0, 3]
    );
    env.run(&["secrets:rollback", "NULS"]).ok();
    assert_eq!(
        env.run(&["secrets:get", "NULS", "-n"]).ok().stdout,
        [0, 0, 0]
    );
}

// ---------------------------------------------------------------- lock

#[test]
fn a_held_lock_makes_writers_exit_7_and_they_succeed_once_it_is_released() {
    let env = vault_with_secret();
    let lock_path = env.path("data/coffer/vault.age.lock");
    let lock = common::hold_lock(&lock_path);
    let before = env.vault_state();
    let timeout = Path::new("1s");
    for args in [
        &["secrets:create", "B", "v"][..],
        &["secrets:get", "A"],
        &["secrets:update", "A", "new"],
    ] {
        let started = std::time::Instant::now();
        let run = run_env(&env, args, &[("COFFER_LOCK_TIMEOUT", timeout)]);
        let waited = started.elapsed();
        let run = clean_error(run.code(7)).stderr_has("busy");
        assert!(run.stderr.contains("COFFER_LOCK_TIMEOUT"), "{}", run.stderr);
        assert!(
            waited >= std::time::Duration::from_millis(900),
            "{waited:?}"
        );
        assert_eq!(env.vault_state(), before, "{args:?}");
    }
    // Readers that do not write do not need the lock.
    env.run(&["status"]).ok();
    env.run(&["audit:logs"]).ok();

    lock.unlock().unwrap();
    run_env(
        &env,
        &["secrets:create", "B", "v"],
        &[("COFFER_LOCK_TIMEOUT", timeout)],
    )
    .ok();
    assert_eq!(env.run(&["secrets:get", "B"]).ok().stdout, b"v\n");
}

#[test]
fn a_lock_released_while_waiting_lets_the_writer_through() {
    let env = vault_with_secret();
    let lock_path = env.path("data/coffer/vault.age.lock");
    let lock = common::hold_lock(&lock_path);
    let child = env
        .cmd(&["secrets:create", "B", "v"])
        .env("COFFER_LOCK_TIMEOUT", "20s")
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    lock.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.run(&["secrets:get", "B"]).ok().stdout, b"v\n");
}

// ---------------------------------------------------------------- no leaks

#[test]
fn error_messages_never_contain_the_secret_value() {
    let secret = "s3cr3t-VALUE";
    let env = vault_with_secret();
    env.run(&["secrets:create", "C", "other", "--tags", "t"])
        .ok();
    env.run(&["secrets:create", "D", "dis"]).ok();
    env.run(&["secrets:disable", "D"]).ok();
    let file = env.path("val");
    std::fs::write(&file, secret).unwrap();
    let f = file.to_str().unwrap();
    let runs = [
        env.run(&["secrets:create", "A", secret]).code(1),
        env.run(&["secrets:create", "A", "--from-file", f]).code(1),
        env.run_stdin(&["secrets:create", "A", "-"], secret.as_bytes())
            .code(1),
        env.run(&["secrets:update", "A", secret]).code(2),
        env.run(&["secrets:update", "A", "--from-file", f]).code(2),
        env.run(&["secrets:rotate", "A", secret]).code(2),
        env.run(&["secrets:update", "A", "x", "--if-version", "9"])
            .code(7),
        env.run(&["secrets:get", "A", "--version", "9"]).code(3),
        env.run(&["secrets:get", "A", "NOPE"]).code(3),
        env.run(&["secrets:get", "A", "D"]).code(4),
        env.run(&["secrets:rollback", "A"]).code(2),
        env.run(&["secrets:create", "bad name", secret]).code(2),
        env.run(&["secrets:create", "B", secret, "--expires-in", "5x"])
            .code(2),
        env.run(&["secrets:create", "B", secret, "--tags", "a b"])
            .code(2),
        env.run(&["secrets:create", "B", secret, "--metadata", "oops"])
            .code(2),
        env.run(&["secrets:update", "C", secret, "--remove-tag", "zzz"])
            .code(2),
        env.run(&["secrets:update", "A", "--add-tag", "x", "--if-version", "3"])
            .code(7),
        env.run(&["secrets:delete", "A", "NOPE"]).code(3),
        env.run(&["secrets:get", "A"]).code(3),
        env.run(&["secrets:diff", "A", "--from", "1", "--reveal"])
            .code(3),
    ];
    for (i, run) in runs.iter().enumerate() {
        assert!(!run.stderr.is_empty(), "run {i} said nothing");
        assert!(
            !run.stderr.contains(secret),
            "run {i} leaked the value: {}",
            run.stderr
        );
        assert!(
            !run.out().contains(secret),
            "run {i} printed the value: {}",
            run.out()
        );
    }
    // Once restored, the value is the original one.
    env.run(&["secrets:restore", "A"]).ok();
    assert_eq!(
        env.run(&["secrets:get", "A"]).ok().out(),
        format!("{secret}\n")
    );
}

#[test]
fn a_stray_argument_that_may_be_a_value_is_not_echoed() {
    let env = Env::with_vault();
    let before = env.vault_state();
    for args in [
        &["secrets:create", "K", "--hunter2pass"][..],
        &["secrets:create", "K", "my", "hunter2pass", "words"][..],
        &["secrets:update", "K", "--hunter2pass"][..],
    ] {
        let run = env.run(args).code(2).stderr_has("not shown");
        assert!(!run.stderr.contains("hunter2pass"), "{}", run.stderr);
    }
    assert_eq!(env.vault_state(), before);
    // Elsewhere clap's own message (with its suggestion) is kept.
    env.run(&["secrets:list", "--tagz", "x"])
        .code(2)
        .stderr_has("--tag");
}

#[test]
fn a_rollback_to_the_current_value_is_refused() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "K", "one"]).ok();
    env.run(&["secrets:update", "K", "two"]).ok();
    env.run(&["secrets:rollback", "K", "--version", "1"]).ok();
    let before = env.vault_state();
    env.run(&["secrets:rollback", "K", "--version", "1"])
        .code(2)
        .stderr_has("same value");
    assert_eq!(env.vault_state(), before);
}

#[test]
fn a_huge_expiry_window_does_not_overflow() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "K", "v", "--expires-in", "30d"])
        .ok();
    // Past the year 9999 it is a usage error (and no overflow on the way).
    clean_error(
        env.run(&[
            "secrets:list",
            "--expiring-within",
            "9223372036000000000s",
            "--names-only",
        ])
        .code(2),
    )
    .stderr_has("the duration reaches past the year 9999");
    let out = env
        .run(&["secrets:list", "--expiring-within", "7000y", "--names-only"])
        .ok()
        .out();
    assert_eq!(out, "K\n");
}
