//! Fixes from the security review of coffer 0.1: each test replays a finding
//! the way a user (or someone sharing the machine) would meet it, and checks
//! the exit code and the message they see.

use crate::common;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{Env, Run, have_script, run_command};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
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
    let run = run_command(cmd);
    no_panic(&run);
    let run = run
        .code(2)
        .stderr_has("error: unexpected argument (not shown: it may be a secret value)");
    assert!(!run.stderr.contains("--bogus"), "{}", run.stderr);
}

// ---------------------------------------------------------------- L2 folders

#[test]
fn init_under_umask_000_makes_private_folders() {
    let env = Env::new();
    run_command(env.shell("umask 000; exec coffer init")).ok();
    for dir in ["config/coffer", "data/coffer"] {
        assert_eq!(mode(&env.path(dir)), 0o700, "{dir}");
    }
    assert_eq!(mode(&env.identity()), 0o600);
    assert_eq!(mode(&env.vault()), 0o600);
}

// ---------------------------------------------------------------- L8 identity mode

#[test]
fn an_identity_others_can_read_is_refused_and_a_private_one_works() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "s3cr3t-VALUE"]).ok();
    let id = env.identity();
    let before = env.vault_state();
    for loose in [0o644, 0o666, 0o640, 0o604] {
        std::fs::set_permissions(&id, std::fs::Permissions::from_mode(loose)).unwrap();
        for args in [&["secrets:get", "A"][..], &["secrets:list"], &["status"]] {
            let run = env.run(args).code(4);
            let shown = format!("{loose:04o}");
            let run = run
                .stderr_has(&format!("error: identity {}", id.display()))
                .stderr_has(&format!("accessible by others (mode {shown})"))
                .stderr_has(&format!("hint: chmod 600 {}", id.display()));
            assert!(run.stdout.is_empty(), "{args:?}: {}", run.out());
            assert!(!run.stderr.contains("s3cr3t"), "{}", run.stderr);
        }
        assert_eq!(
            env.vault_state(),
            before,
            "mode {loose:o}: the vault changed"
        );
    }
    for private in [0o600, 0o400] {
        std::fs::set_permissions(&id, std::fs::Permissions::from_mode(private)).unwrap();
        let run = env.run(&["secrets:get", "A"]).ok();
        assert_eq!(run.out(), "s3cr3t-VALUE\n");
    }
}

// ---------------------------------------------------------------- L1 lock file

#[test]
fn a_symlink_at_the_lock_path_is_refused_and_its_target_is_not_created() {
    let env = Env::with_vault();
    let lock = env.path("data/coffer/vault.age.lock");
    std::fs::remove_file(&lock).unwrap();
    let target = env.path("planted-target");
    std::os::unix::fs::symlink(&target, &lock).unwrap();
    let before = env.vault_state();
    for args in [&["secrets:create", "B", "v"][..], &["secrets:list"]] {
        let run = env.run(args).code(6);
        run.stderr_has(&format!(
            "error: lock file {} is a symbolic link; coffer does not follow links",
            lock.display()
        ))
        .stderr_has("hint: ");
        assert!(
            !target.exists(),
            "{args:?}: the symlink's target was created"
        );
    }
    assert_eq!(env.vault_state(), before);
    assert!(std::fs::symlink_metadata(&lock).unwrap().is_symlink());
}

#[test]
fn a_lock_file_owned_by_another_user_is_refused_at_once() {
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipped: only root can give a file to another user");
        return;
    }
    let env = Env::with_vault();
    let lock = env.path("data/coffer/vault.age.lock");
    std::os::unix::fs::chown(&lock, Some(65534), Some(65534)).unwrap();
    // As the other user would: hold it. The old coffer waited out the lock
    // timeout (exit 7); this one refuses the file.
    let _held = common::hold_lock(&lock);
    let before = env.vault_state();
    let run = env
        .run(&["secrets:create", "B", "v", "--lock-timeout", "5s"])
        .code(4);
    run.stderr_has(&format!(
        "error: lock file {} belongs to another user (uid 65534; you are uid 0)",
        lock.display()
    ))
    .stderr_has("hint: remove it if you may");
    assert_eq!(env.vault_state(), before);
}

/// Wait until process `pid` has `path` open.
fn wait_until_open(pid: u32, path: &Path) {
    let path = std::fs::canonicalize(path).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let open = match std::fs::read_dir(format!("/proc/{pid}/fd")) {
            Ok(fds) => fds
                .flatten()
                .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|p| p == path)),
            // coffer is not dumpable, so only root may look at its fds:
            // give it time instead.
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                std::thread::sleep(std::time::Duration::from_secs(2));
                return;
            }
            Err(_) => false,
        };
        if open {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "coffer never opened {}",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_lock_file_replaced_while_waiting_is_locked_anew() {
    let env = Env::with_vault();
    let lock = env.path("data/coffer/vault.age.lock");
    let old = common::hold_lock(&lock);
    let waiting = env
        .cmd(&["secrets:create", "B", "v", "--lock-timeout", "3s"])
        .spawn()
        .unwrap();
    wait_until_open(waiting.id(), &lock);
    // Another process replaces the lock file and holds the new one; then the
    // old one is released. The waiter must not go ahead on the old file.
    let fresh = env.path("data/coffer/fresh.lock");
    let new = common::hold_lock(&fresh);
    std::fs::rename(&fresh, &lock).unwrap();
    drop(old);
    let run = run_output(waiting.wait_with_output().unwrap());
    run.code(7).stderr_has("error: the vault is busy");
    drop(new);
    env.run(&["secrets:get", "B"]).code(3);
}

fn run_output(out: std::process::Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// ---------------------------------------------------------------- L4 core dumps

#[test]
fn coffer_runs_with_core_dumps_off() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "s3cr3t-VALUE"]).ok();
    let lock = env.path("data/coffer/vault.age.lock");
    let _held = common::hold_lock(&lock);
    // Allow core dumps as far as the hard limit does, as a user's shell may.
    let mut child = env
        .shell(r#"ulimit -c "$(ulimit -H -c)"; exec coffer secrets:get A"#)
        .spawn()
        .unwrap();
    wait_until_open(child.id(), &lock);
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .expect("a core size line");
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(&fields[4..6], ["0", "0"], "{core}");
}

// ---------------------------------------------------------------- L3 age header size

/// An age file whose header has `stanzas` X25519-looking stanzas, each with
/// `extra_lines` full body lines before its last one.
fn fake_age_file(stanzas: usize, extra_lines: usize) -> Vec<u8> {
    let short = "A".repeat(43);
    let full = "A".repeat(64);
    let mut out = String::from("age-encryption.org/v1\n");
    for _ in 0..stanzas {
        out.push_str(&format!("-> X25519 {short}\n"));
        for _ in 0..extra_lines {
            out.push_str(&full);
            out.push('\n');
        }
        out.push_str(&short);
        out.push('\n');
    }
    out.push_str(&format!("--- {short}\n"));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&[0u8; 64]);
    bytes
}

fn armored(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    let mut w =
        age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor).unwrap();
    w.write_all(bytes).unwrap();
    w.finish().unwrap();
    out
}

#[test]
fn an_age_header_with_20000_stanzas_is_refused_before_age_parses_it() {
    let env = Env::with_vault();
    let forged = fake_age_file(20_000, 0);
    for (file, what) in [(forged.clone(), "binary"), (armored(&forged), "armored")] {
        std::fs::write(env.vault(), &file).unwrap();
        for args in [&["secrets:list"][..], &["status"]] {
            let run = env.run(args).code(6);
            run.stderr_has(&format!(
                "error: vault {} is damaged: its age header has more than 1024 recipient stanzas",
                env.vault().display()
            ))
            .stderr_has("hint: ");
        }
        assert_eq!(env.vault_bytes(), file, "{what}: the vault changed");
    }
}

#[test]
fn an_age_header_larger_than_128_kib_is_refused() {
    let env = Env::with_vault();
    // One stanza of 2,100 body lines: 137 kB, which age would parse 2,100 times.
    let forged = fake_age_file(1, 2_100);
    for file in [forged.clone(), armored(&forged)] {
        std::fs::write(env.vault(), &file).unwrap();
        env.run(&["secrets:list"]).code(6).stderr_has(&format!(
            "error: vault {} is damaged: its age header is larger than 128 KiB",
            env.vault().display()
        ));
    }
}

// ---------------------------------------------------------------- L10 damaged images, times, --length

/// Decrypt the vault, change its image with `edit`, encrypt it again (what
/// someone holding the identity could do).
fn forge(env: &Env, edit: impl FnOnce(&rusqlite::Connection)) {
    let image = env.image();
    let image = common::edit_image(&image, edit);
    common::encrypt_vault(&image, &env.vault(), &env.identity());
}

#[test]
fn a_vault_image_in_wal_mode_is_refused_as_damaged() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "s3cr3t-VALUE"]).ok();
    forge(&env, |c| {
        let mode: String = c
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    });
    let image = env.image();
    assert_eq!(&image[18..20], [2, 2], "sanity: the image is in WAL mode");
    let before = env.vault_state();
    for args in [&["secrets:get", "A"][..], &["status"], &["secrets:list"]] {
        env.run(args)
            .code(6)
            .stderr_has(&format!(
                "error: vault {} is damaged: its database is in WAL mode",
                env.vault().display()
            ))
            .stderr_has("hint: ");
    }
    assert_eq!(env.vault_state(), before);
}

#[test]
fn data_of_the_wrong_type_in_the_vault_is_damage_and_is_not_shown() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "s3cr3t-VALUE"]).ok();
    // Text where a time belongs.
    forge(&env, |c| {
        c.execute(
            "UPDATE secret SET expires_at = 'SOON-x9q' WHERE name = 'A'",
            [],
        )
        .unwrap();
    });
    let run = env
        .run(&["secrets:list"])
        .code(6)
        .stderr_has("error: the vault's database is damaged: column expires_at")
        .stderr_has("holds data of the wrong type");
    assert!(!run.stderr.contains("SOON-x9q"), "{}", run.stderr);

    // Text that is not UTF-8.
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "s3cr3t-VALUE"]).ok();
    forge(&env, |c| {
        c.execute(
            "UPDATE secret SET description = CAST(x'4142ff43' AS TEXT) WHERE name = 'A'",
            [],
        )
        .unwrap();
    });
    env.run(&["secrets:list", "--format", "json"])
        .code(6)
        .stderr_has("holds data of the wrong type");
}

#[test]
fn times_past_the_year_9999_are_usage_errors() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v"]).ok();
    let before = env.vault_state();
    let cases: &[(&[&str], &str)] = &[
        (
            &["secrets:create", "K", "v", "--expires-in", "99999999999d"],
            "error: invalid --expires-in \"99999999999d\": the duration reaches past the year 9999",
        ),
        (
            &["secrets:update", "A", "--expires-in", "99999999999d"],
            "error: invalid --expires-in \"99999999999d\": the duration reaches past the year 9999",
        ),
        (
            &["secrets:create", "K", "v", "--expires-at", "+10000-01-01"],
            "error: invalid --expires-at \"+10000-01-01\": the time must fall within the years 0000 to 9999",
        ),
        (
            &[
                "secrets:create",
                "K",
                "v",
                "--expires-at",
                "9999-12-31T23:59:59-01:00",
            ],
            "the time must fall within the years 0000 to 9999",
        ),
        (
            &[
                "secrets:create",
                "K",
                "v",
                "--activates-at",
                "+200000-01-01",
            ],
            "error: invalid --activates-at \"+200000-01-01\": the time must fall within",
        ),
        (
            &["secrets:list", "--expiring-within", "99999999999d"],
            "error: invalid --expiring-within \"99999999999d\": the duration reaches past the year 9999",
        ),
    ];
    for (args, message) in cases {
        let run = env.run(args).code(2).stderr_has(message);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.out());
    }
    assert_eq!(env.vault_state(), before);
    // The last second of 9999 is still a time.
    env.run(&[
        "secrets:create",
        "K",
        "v",
        "--expires-at",
        "9999-12-31T23:59:59Z",
    ])
    .ok();
}

#[test]
fn length_without_generate_is_a_usage_error() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v"]).ok();
    let file = env.path("value.txt");
    std::fs::write(&file, "s3cr3t-FROM-FILE").unwrap();
    let file = file.to_str().unwrap();
    let before = env.vault_state();
    for args in [
        &["secrets:create", "K", "s3cr3t-VALUE", "--length", "40"][..],
        &["secrets:create", "K", "--from-file", file, "--length", "40"],
        &["secrets:create", "K", "-", "--length", "40"],
        &["secrets:update", "A", "s3cr3t-VALUE", "--length", "40"],
        &["secrets:rotate", "A", "--from-file", file, "--length", "40"],
        &[
            "secrets:update",
            "A",
            "--length",
            "40",
            "--description",
            "d",
        ],
    ] {
        // clap refuses before reading stdin, so it gets none.
        let run = env.run(args).code(2);
        let run = run.stderr_has("error: ").stderr_has("--length");
        assert!(!run.stderr.contains("s3cr3t"), "{args:?}: {}", run.stderr);
    }
    assert_eq!(env.vault_state(), before);
    env.run(&["secrets:get", "K"]).code(3);
}

// ---------------------------------------------------------------- L5 deceptive names, values on a terminal

#[test]
fn names_tags_and_keys_with_bidi_or_invisible_characters_are_refused() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v"]).ok();
    let before = env.vault_state();
    let cases: &[(&[&str], &str)] = &[
        (
            &["secrets:create", "B\u{202E}gnp.exe", "v"],
            "error: invalid secret name \"B\\u{202e}gnp.exe\": invisible, format, private-use or unassigned characters such as U+202E are not allowed",
        ),
        (
            &["secrets:create", "api\u{200B}key", "v"],
            "such as U+200B are not allowed",
        ),
        (
            &["secrets:create", "K", "v", "--tags", "prod\u{2066}"],
            "error: invalid --tags \"prod\\u{2066}\": invisible, format",
        ),
        (
            &["secrets:update", "A", "--add-tag", "x\u{00AD}y"],
            "such as U+00AD are not allowed",
        ),
        (
            &["secrets:create", "K", "v", "--metadata", "own\u{FEFF}er=me"],
            "error: invalid --metadata \"own\\u{feff}er=me\": in the key, invisible, format",
        ),
        (
            &["secrets:create", "K\u{E0041}", "v"],
            "such as U+E0041 are not allowed",
        ),
    ];
    for (args, message) in cases {
        let run = env.run(args).code(2).stderr_has(message);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.out());
    }
    assert_eq!(env.vault_state(), before);
}

/// Run `coffer ARGS` with stdout and stderr on a real terminal (a pty that
/// `script` holds), returning what the terminal got.
fn on_terminal(env: &Env, args: &str) -> Run {
    run_command(env.shell(&format!("script -qec 'coffer {args}' /dev/null")))
}

const OSC52: &[u8] = b"\x1b]52;c;ZWNobyBwd25lZAo=\x07\x1b[2J";

#[test]
fn a_value_with_escape_sequences_is_refused_on_a_terminal_and_exact_in_a_pipe() {
    if !have_script() {
        return;
    }
    let env = Env::with_vault();
    env.run_stdin(&["secrets:create", "OSC", "-"], OSC52).ok();
    for args in ["secrets:get OSC", "secrets:get OSC --format env"] {
        let run = on_terminal(&env, args).code(2);
        let shown = run.out();
        assert!(
            shown.contains(
                "error: secret OSC holds control characters (such as terminal escape sequences); refusing to print it to a terminal"
            ),
            "{args}: {shown:?}"
        );
        assert!(!shown.contains('\x1b'), "{args}: {shown:?}");
    }
    assert!(
        env.audit_rows(&["--secret", "OSC", "--action", "accessed"])
            .is_empty(),
        "a refused read was recorded"
    );
    // Into a pipe or a file, byte for byte.
    let run = env.run(&["secrets:get", "OSC", "-n"]).ok();
    assert_eq!(run.stdout, OSC52);
    run_command(env.shell("coffer secrets:get OSC -n > out.bin")).ok();
    assert_eq!(std::fs::read(env.path("out.bin")).unwrap(), OSC52);
}

/// export and inject print values too: on a terminal, a value with escape
/// sequences is refused as by `secrets:get`, before any read is recorded.
#[test]
fn export_and_inject_refuse_escape_sequences_on_a_terminal() {
    if !have_script() {
        return;
    }
    let env = Env::with_vault();
    env.run_stdin(&["secrets:create", "OSC", "-"], OSC52).ok();
    std::fs::write(env.path("t.tpl"), "x: {{ OSC }}\n").unwrap();
    for args in ["export --format env", "inject -i t.tpl"] {
        let shown = on_terminal(&env, args).code(2).out();
        assert!(
            shown.contains("refusing to print it to a terminal"),
            "{args}: {shown:?}"
        );
        assert!(!shown.contains('\x1b'), "{args}: {shown:?}");
    }
    assert!(
        env.audit_rows(&["--secret", "OSC", "--action", "accessed"])
            .is_empty(),
        "a refused read was recorded"
    );
    // JSON escapes them; a pipe gets them byte for byte.
    assert!(!on_terminal(&env, "export").ok().out().contains('\x1b'));
    let run = env.run(&["inject", "-i", "t.tpl"]).ok();
    assert!(run.stdout.windows(OSC52.len()).any(|w| w == OSC52));
}

#[test]
fn a_revealed_diff_shows_escape_sequences_as_text_on_a_terminal() {
    if !have_script() {
        return;
    }
    let env = Env::with_vault();
    env.run_stdin(&["secrets:create", "D", "-"], b"line1\n")
        .ok();
    let mut second = b"line1\n".to_vec();
    second.extend_from_slice(OSC52);
    second.push(b'\n');
    env.run_stdin(&["secrets:update", "D", "-"], &second).ok();
    let run = on_terminal(&env, "secrets:diff D --from 1 --reveal").ok();
    let shown = run.out();
    assert!(!shown.contains('\x1b'), "{shown:?}");
    assert!(!shown.contains('\x07'), "{shown:?}");
    assert!(
        shown.contains("+\\u{1b}]52;c;ZWNobyBwd25lZAo=\\u{7}\\u{1b}[2J"),
        "{shown:?}"
    );
    // Into a pipe, the diff is the values' own bytes.
    let run = env
        .run(&["secrets:diff", "D", "--from", "1", "--reveal"])
        .ok();
    assert!(
        run.stdout.windows(OSC52.len()).any(|w| w == OSC52),
        "{}",
        run.out()
    );
}

#[test]
fn a_forged_name_with_newlines_and_tabs_stays_on_one_line_and_in_one_cell() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v"]).ok();
    env.run(&["secrets:create", "Z", "v"]).ok();
    forge(&env, |c| {
        c.execute(
            "UPDATE secret SET name = 'EVIL' || char(10) || 'FORGED' || char(9) || 'x' WHERE name = 'A'",
            [],
        )
        .unwrap();
    });
    // The renamed secret no longer matches its audit rows: every write is
    // refused until someone acknowledges it. Once acknowledged, the name
    // is shown, and still cannot add lines or cells.
    env.run(&["secrets:list", "--names-only"]).code(6);
    env.run(&["audit:acknowledge", "--reason", "test: a forged name"])
        .ok();
    let names = env.run(&["secrets:list", "--names-only"]).ok().out();
    assert_eq!(names, "EVIL\\nFORGED\\tx\nZ\n");
    let tsv = env.run(&["secrets:list", "--format", "tsv"]).ok().out();
    let rows: Vec<&str> = tsv.lines().collect();
    assert_eq!(rows.len(), 2, "{tsv:?}");
    for row in rows {
        assert_eq!(row.split('\t').count(), 7, "{row:?}");
    }
    assert!(tsv.starts_with("EVIL\\nFORGED\\tx\t"), "{tsv:?}");
}

// ---------------------------------------------------------------- M2 --format env

#[test]
fn env_format_refuses_a_nul_and_round_trips_quotes_and_newlines_through_sh() {
    let env = Env::with_vault();
    let nul = env.path("nul.bin");
    std::fs::write(&nul, b"before\0after").unwrap();
    env.run(&[
        "secrets:create",
        "NUL",
        "--from-file",
        nul.to_str().unwrap(),
    ])
    .ok();
    let run = env
        .run(&["secrets:get", "NUL", "--format", "env"])
        .code(2)
        .stderr_has("error: secret NUL holds a NUL byte, which --format env cannot carry exactly");
    assert!(run.stdout.is_empty(), "{}", run.out());
    assert!(!run.stderr.contains("before"), "{}", run.stderr);
    assert!(
        env.audit_rows(&["--secret", "NUL", "--action", "accessed"])
            .is_empty(),
        "a refused read was recorded"
    );

    // What python-dotenv misread as {'EVIL': 'injected'} is one value to sh.
    let value = "it's\nEVIL='injected'\n x=$(id) `id` \\ \"q\" '\n";
    env.run_stdin(&["secrets:create", "QUOTED", "-"], value.as_bytes())
        .ok();
    let run = run_command(
        env.shell(r#"eval "$(coffer secrets:get QUOTED --format env)" && printf %s "$QUOTED""#),
    )
    .ok();
    assert_eq!(run.out(), value);
}
