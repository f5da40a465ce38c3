//! Secrets in and out in bulk: `secrets:get --format env|dotenv|json`,
//! `run`, `inject`, `export` and `import`, read back by the real consumers
//! (sh, python-dotenv, Node's dotenv, docker's env-file rules) and checked
//! against the audit log.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{Env, run_command, versions};

/// A tool the test needs: missing, the test is skipped with a note, except
/// in CI (`COFFER_REQUIRE_TOOLS`, set by .ci/run, which installs it), where
/// it fails.
fn have(check: &mut Command, what: &str) -> bool {
    let ok = check
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok || std::env::var_os("COFFER_REQUIRE_TOOLS").is_none(),
        "{what} is required here (COFFER_REQUIRE_TOOLS is set): run .ci/run to install it"
    );
    if !ok {
        eprintln!("skipped: {what} is not installed");
    }
    ok
}

/// Where .ci/run installs Node's `dotenv` package: $COFFER_NODE_PATH, or
/// ~/.cache/coffer-ci/node/node_modules.
fn node_path() -> PathBuf {
    std::env::var_os("COFFER_NODE_PATH")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/coffer-ci/node/node_modules")
        })
}

fn node_dotenv() -> Command {
    let mut c = Command::new("node");
    c.env("NODE_PATH", node_path());
    c
}

/// Values that need every kind of care in a .env file, all on one line.
const TRICKY: &[(&str, &str)] = &[
    ("PLAIN", "s3cr3t=with=equals"),
    ("SPACES", "  padded value  "),
    ("HASH", "pa#ss #word"),
    ("SINGLE", "it's here"),
    ("DOUBLE", "say \"hi\""),
    ("DOLLAR", "$USER and ${HOME"),
    ("BACKSLASH", "C:\\path\\to"),
    ("BACKTICK", "`date`"),
    ("UNICODE", "caf\u{e9} \u{1f511}"),
    ("TAB", "a\tb"),
];

/// Values on several lines: a PEM-like block whose lines look like
/// comments and assignments, one with a quote, CR LF line ends, a lone CR,
/// spaces and tabs at the ends of lines.
const MULTILINE: &[(&str, &str)] = &[
    (
        "PEM",
        "-----BEGIN KEY-----\nMIIB#abc\n# not a comment\nOTHER=not a variable\n-----END KEY-----\n",
    ),
    ("APOSTROPHE_LINES", "it's\non two lines"),
    ("CRLF", "one\r\ntwo\r\n"),
    ("LONE_CR", "a\rb"),
    ("PADDED_LINES", "  spaced\n\ttabbed  \n\n"),
];

/// Every value a dotenv file carries exactly, one-line and multi-line.
fn all_values() -> Vec<(&'static str, &'static str)> {
    TRICKY.iter().chain(MULTILINE).copied().collect()
}

fn create_tricky(env: &Env) {
    for (name, value) in TRICKY {
        env.run_stdin(&["secrets:create", name, "-"], value.as_bytes())
            .ok();
    }
}

fn create_multiline(env: &Env) {
    for (name, value) in MULTILINE {
        env.run_stdin(&["secrets:create", name, "-"], value.as_bytes())
            .ok();
    }
}

/// The .env file `export` writes of every value (TRICKY and MULTILINE),
/// which `secrets:get` writes alike.
fn dotenv_of(env: &Env) -> String {
    create_tricky(env);
    create_multiline(env);
    let exported = env.run(&["export", "--format", "dotenv"]).ok().out();
    for (name, _) in MULTILINE {
        let entry = env
            .run(&["secrets:get", name, "--format", "dotenv"])
            .ok()
            .out();
        assert!(exported.contains(&entry), "{entry:?}");
    }
    exported
}

fn expected() -> serde_json::Value {
    all_values()
        .iter()
        .map(|(n, v)| (n.to_string(), serde_json::Value::from(*v)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[test]
fn env_format_exports_variables_a_child_process_sees() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "DB_USER", "admin"]).ok();
    env.run_stdin(
        &["secrets:create", "DB_PASS", "-"],
        b"it's \"x\" $HOME\nline2",
    )
    .ok();
    let out = env
        .run(&["secrets:get", "DB_USER", "DB_PASS", "--format", "env"])
        .ok()
        .out();
    assert!(out.starts_with("export DB_USER='admin'\n"), "{out}");
    // The help's own example: a child of the shell sees the variables.
    let run = run_command(env.shell(
        r#"eval "$(coffer secrets:get DB_USER DB_PASS --format env)" && sh -c 'printf "%s|%s" "$DB_USER" "$DB_PASS"'"#,
    ))
    .ok();
    assert_eq!(run.out(), "admin|it's \"x\" $HOME\nline2");
}

#[test]
fn dotenv_is_read_back_exactly_by_python_dotenv() {
    if !have(
        Command::new("python3").args(["-c", "import dotenv"]),
        "python-dotenv (pip install python-dotenv)",
    ) {
        return;
    }
    let env = Env::with_vault();
    let file = env.path("app.env");
    std::fs::write(&file, dotenv_of(&env)).unwrap();
    let mut python = Command::new("python3");
    python.args([
            "-c",
            "import json, sys; from dotenv import dotenv_values; print(json.dumps(dotenv_values(sys.argv[1])))",
        ]);
    assert_eq!(parsed_by(python, &file), expected());
}

#[test]
fn dotenv_is_read_back_exactly_by_node_dotenv() {
    if !have(
        node_dotenv().args(["-e", "require('dotenv')"]),
        "node with the dotenv package (.ci/run installs it under ~/.cache/coffer-ci/node)",
    ) {
        return;
    }
    let env = Env::with_vault();
    let file = env.path("app.env");
    std::fs::write(&file, dotenv_of(&env)).unwrap();
    let mut node = node_dotenv();
    node.args([
            "-e",
            "const fs = require('fs'); console.log(JSON.stringify(require('dotenv').parse(fs.readFileSync(process.argv[1]))))",
        ]);
    assert_eq!(parsed_by(node, &file), expected());
}

/// What a dotenv reader (`reader FILE`, printing JSON) makes of `file`.
fn parsed_by(mut reader: Command, file: &Path) -> serde_json::Value {
    let out = reader.arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `docker run --env-file` as docker's opts/envfile.go (parseKeyValueFile)
/// reads a file: leading whitespace trimmed from each line, blank lines and
/// lines starting with `#` skipped, the name before the first `=` (no
/// whitespace in it), and the value everything after it, literally. No
/// docker daemon runs in CI, so the test reproduces these rules.
fn docker_env_file(text: &str) -> Vec<(String, String)> {
    let mut vars = Vec::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, value) = line.split_once('=').expect("coffer writes NAME=value");
        assert!(
            !name.contains(char::is_whitespace),
            "docker refuses {name:?}"
        );
        vars.push((name.to_owned(), value.to_owned()));
    }
    vars
}

#[test]
fn dotenv_bare_values_are_read_exactly_by_docker_rules_and_quoted_ones_are_warned_about() {
    let env = Env::with_vault();
    create_tricky(&env);
    let run = env.run(&["export", "--format", "dotenv"]).ok();
    assert!(
        run.stderr
            .contains("docker run --env-file` keeps the quotes"),
        "{}",
        run.stderr
    );
    let vars = docker_env_file(&run.out());
    assert_eq!(vars.len(), TRICKY.len());
    for (name, value) in TRICKY {
        let (_, got) = vars.iter().find(|(n, _)| n == name).unwrap();
        // coffer's rule for a bare value (see output::dotenv_line).
        let bare = !value.contains(['#', '\t'])
            && !value.contains("${")
            && !value.starts_with(['\'', '"', '`'])
            && value.trim() == *value;
        if bare {
            assert_eq!(got, value, "docker reads {name} differently");
        } else {
            // Quoted for the dotenv libraries; docker keeps the quotes.
            assert_eq!(&got[1..got.len() - 1], *value, "{name}");
        }
    }
}

#[test]
fn values_no_format_can_carry_are_refused_naming_the_secret_before_any_read() {
    let env = Env::with_vault();
    env.run_stdin(&["secrets:create", "MULTI", "-"], b"one\ntwo\n")
        .ok();
    let nul = env.path("nul.bin");
    std::fs::write(&nul, b"a\0b").unwrap();
    env.run(&[
        "secrets:create",
        "NUL",
        "--from-file",
        nul.to_str().unwrap(),
    ])
    .ok();
    env.run_stdin(&["secrets:create", "EXPANDS", "-"], b"pre${HOME}post")
        .ok();
    let bin = env.path("bin.bin");
    std::fs::write(&bin, b"\xff\xfe").unwrap();
    env.run(&[
        "secrets:create",
        "BIN",
        "--from-file",
        bin.to_str().unwrap(),
    ])
    .ok();
    let before = env.vault_state();
    for (args, secret) in [
        (vec!["secrets:get", "NUL", "--format", "dotenv"], "NUL"),
        (vec!["secrets:get", "BIN", "--format", "dotenv"], "BIN"),
        (
            vec!["secrets:get", "EXPANDS", "--format", "dotenv"],
            "EXPANDS",
        ),
        (vec!["secrets:get", "NUL", "--format", "env"], "NUL"),
        (vec!["export", "--format", "dotenv"], "BIN"),
        (vec!["export", "--format", "env"], "BIN"),
    ] {
        let run = env
            .run(&args)
            .code(2)
            .stderr_has(&format!("error: secret {secret} "))
            .stderr_has("use --format json");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.out());
    }
    assert_eq!(env.vault_state(), before, "a refused read was recorded");
    // json carries all of them.
    let all = env.run(&["export"]).ok().json();
    assert_eq!(all.as_array().unwrap().len(), 4);
}

// ------------------------------------------------------------------- run

fn accessed_via(env: &Env, via: &str) -> Vec<serde_json::Value> {
    env.audit_rows(&["--action", "accessed"])
        .into_iter()
        .filter(|r| r["details"]["via"] == via)
        .collect()
}

fn verify_ok(env: &Env) {
    let report = env.run(&["audit:verify", "--format", "json"]).ok().json();
    assert!(
        report["status"] == "ok" || report["status"] == "unanchored",
        "{report}"
    );
}

#[test]
fn run_passes_secrets_as_variables_and_audits_each_read() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "prod/db/password", "pw-value-1"])
        .ok();
    env.run(&["secrets:create", "API_KEY", "key-value-2"]).ok();
    env.run(&["secrets:create", "other", "not-passed"]).ok();
    let run = env
        .run(&[
            "run",
            "prod/db/password",
            "--env",
            "TOKEN=API_KEY",
            "--",
            "sh",
            "-c",
            r#"printf '%s|%s|%s|' "$PROD_DB_PASSWORD" "$TOKEN" "${OTHER-unset}"; tr '\0' ' ' < /proc/$$/cmdline"#,
        ])
        .ok();
    let out = run.out();
    assert!(out.starts_with("pw-value-1|key-value-2|unset|"), "{out}");
    // Values travel in the environment, never in the program's arguments.
    let argv = out.splitn(4, '|').nth(3).unwrap();
    assert!(
        !argv.contains("pw-value-1") && !argv.contains("key-value-2"),
        "{argv}"
    );
    let rows = accessed_via(&env, "run");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r["details"]["fingerprint"].is_string()));
    let list = env.run(&["secrets:list", "--format", "json"]).ok().json();
    for s in list.as_array().unwrap() {
        assert_eq!(
            s["last_read_at"].is_null(),
            s["name"] == "other",
            "last_read_at of {s}"
        );
    }
    let log = env.run(&["audit:logs", "--format", "json"]).ok().out();
    assert!(!log.contains("pw-value-1") && !log.contains("key-value-2"));
    verify_ok(&env);
}

#[test]
fn run_by_prefix_and_tag_and_exit_codes_pass_through() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "app/a", "va", "--tags", "ci"])
        .ok();
    env.run(&["secrets:create", "app/b", "vb"]).ok();
    env.run(&["secrets:create", "c", "vc", "--tags", "ci"]).ok();
    let out = env
        .run(&[
            "run",
            "--prefix",
            "app/",
            "--",
            "sh",
            "-c",
            "echo $APP_A$APP_B${C-none}",
        ])
        .ok()
        .out();
    assert_eq!(out, "vavbnone\n");
    let out = env
        .run(&[
            "run",
            "--tag",
            "ci",
            "--",
            "sh",
            "-c",
            "echo $APP_A${APP_B-none}$C",
        ])
        .ok()
        .out();
    assert_eq!(out, "vanonevc\n");
    env.run(&["run", "c", "--", "sh", "-c", "exit 42"]).code(42);
    // Killed by a signal: 128 + N, as a shell reports it.
    env.run(&["run", "c", "--", "sh", "-c", "kill -TERM $$"])
        .code(128 + 15);
}

#[test]
fn run_of_a_missing_program_is_an_error_before_anything_is_read() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "va"]).ok();
    let before = env.vault_state();
    env.run(&["run", "A", "--", "no-such-program-coffer"])
        .code(127)
        .stderr_has("program no-such-program-coffer not found");
    env.run(&["run", "A", "--", "./missing/prog"])
        .code(127)
        .stderr_has("not found");
    let script = env.path("not-executable.sh");
    std::fs::write(&script, "#!/bin/sh\necho hi\n").unwrap();
    env.run(&["run", "A", "--", script.to_str().unwrap()])
        .code(126)
        .stderr_has("not an executable file");
    assert_eq!(env.vault_state(), before, "a failed run was recorded");
}

#[test]
fn run_refuses_clashing_and_invalid_variables_before_anything_is_read() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "db/pass", "one"]).ok();
    env.run(&["secrets:create", "DB_PASS", "two"]).ok();
    let before = env.vault_state();
    env.run(&["run", "db/pass", "DB_PASS", "--", "true"])
        .code(2)
        .stderr_has("would both be the variable DB_PASS")
        .stderr_has("--env VAR=NAME");
    env.run(&["run", "--prefix", "", "--", "true"])
        .code(2)
        .stderr_has("DB_PASS");
    env.run(&["run", "--env", "1BAD=DB_PASS", "--", "true"])
        .code(2)
        .stderr_has("not a variable name");
    env.run(&[
        "run",
        "--env",
        "X=DB_PASS",
        "--env",
        "X=db/pass",
        "--",
        "true",
    ])
    .code(2)
    .stderr_has("would both be the variable X");
    env.run(&["run", "--", "true"])
        .code(2)
        .stderr_has("no secrets named");
    assert_eq!(env.vault_state(), before);
    // --env renames one of them, and the clash is gone.
    let out = env
        .run(&[
            "run",
            "db/pass",
            "DB_PASS",
            "--env",
            "OTHER=db/pass",
            "--",
            "sh",
            "-c",
            "echo $OTHER $DB_PASS",
        ])
        .ok()
        .out();
    assert_eq!(out, "one two\n");
}

#[test]
fn run_mask_hides_values_in_the_programs_output() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "TOKEN", "tok-abc-123"]).ok();
    env.run(&["secrets:create", "SHORT", "tok"]).ok();
    let run = env
        .run(&[
            "run",
            "--mask",
            "TOKEN",
            "SHORT",
            "--",
            "sh",
            "-c",
            r#"printf 'long=%s short=%s\n' "$TOKEN" "$SHORT"; printf 'err %s' "$TOKEN" >&2; exit 3"#,
        ])
        .code(3);
    assert_eq!(run.out(), "long=***** short=*****\n");
    assert_eq!(run.stderr, "err *****");
}

#[test]
fn run_passes_signals_on_to_the_program() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "va"]).ok();
    for sig in ["TERM", "HUP", "INT", "USR1"] {
        let script = format!(
            "trap 'echo got-{sig}; exit 5' {sig}; echo ready; while :; do sleep 0.05; done"
        );
        let mut child = env
            .cmd(&["run", "A", "--", "sh", "-c", &script])
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(line, "ready\n");
        // Sent to coffer only, not to the program's process group.
        Command::new("kill")
            .args([&format!("-{sig}"), &child.id().to_string()])
            .status()
            .unwrap();
        line.clear();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(line, format!("got-{sig}\n"));
        assert_eq!(child.wait().unwrap().code(), Some(5), "{sig}");
    }
}

#[test]
fn export_to_a_file_writes_it_0600_whatever_the_umask_and_records_the_reads() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "DATABASE_URL", "postgres://u:pw1@h/db"])
        .ok();
    env.run(&["secrets:create", "API_KEY", "sk-2"]).ok();
    // A shell redirect under umask 022 makes a 0644 file; -o does not.
    let export = |args: &[&str]| {
        let mut cmd = env.shell("umask 022; exec coffer \"$@\"");
        cmd.arg("coffer").args(args);
        run_command(cmd)
    };
    let current = env.path("current.json");
    let history = env.path("history.json");
    let dotenv = env.path("prod.env");
    export(&["export", "-o", current.to_str().unwrap()]).ok();
    export(&["export", "--history", "-o", history.to_str().unwrap()]).ok();
    export(&[
        "export",
        "--format",
        "dotenv",
        "-o",
        dotenv.to_str().unwrap(),
    ])
    .ok();
    for file in [&current, &history, &dotenv] {
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", file.display());
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&current).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2, "{json}");
    let text = std::fs::read_to_string(&history).unwrap();
    assert!(
        text.contains("coffer-history-1") && text.contains("sk-2"),
        "{text}"
    );
    assert!(
        std::fs::read_to_string(&dotenv)
            .unwrap()
            .contains("API_KEY=sk-2")
    );
    assert_eq!(
        accessed_via(&env, "export").len(),
        4,
        "two secrets, two runs"
    );
    // An existing FILE is kept, and nothing is read, without --force.
    std::fs::write(&current, "mine").unwrap();
    let before = env.vault_state();
    export(&["export", "-o", current.to_str().unwrap()])
        .code(1)
        .stderr_has("exists; nothing was read or written")
        .stderr_has("--force");
    assert_eq!(std::fs::read_to_string(&current).unwrap(), "mine");
    assert_eq!(env.vault_state(), before);
    export(&["export", "-o", current.to_str().unwrap(), "--force"]).ok();
    assert!(std::fs::read_to_string(&current).unwrap().contains("sk-2"));
    let mode = std::fs::metadata(&current).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".coffer-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
    // --force only with -o.
    env.run(&["export", "--force"]).code(2);
    verify_ok(&env);
}

// ---------------------------------------------------------------- inject

#[test]
fn inject_fills_placeholders_into_a_private_file() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "prod/db/password", "pw1"]).ok();
    env.run(&["secrets:create", "USER", "admin"]).ok();
    let tpl = env.path("config.tpl");
    std::fs::write(
        &tpl,
        "user: {{USER}}\npass: {{ prod/db/password }} again {{   prod/db/password}}\nliteral: \\{{ USER }}\n",
    )
    .unwrap();
    let want = "user: admin\npass: pw1 again pw1\nliteral: {{ USER }}\n";
    assert_eq!(
        env.run(&["inject", "-i", tpl.to_str().unwrap()]).ok().out(),
        want
    );
    let out = env.path("config.yml");
    env.run(&[
        "inject",
        "-i",
        tpl.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .ok();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), want);
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let rows = accessed_via(&env, "inject");
    assert_eq!(rows.len(), 4, "two secrets, two runs: {rows:?}");
    // An existing OUT is kept, and nothing is read, without --force.
    std::fs::write(&out, "mine").unwrap();
    let before = env.vault_state();
    env.run(&[
        "inject",
        "-i",
        tpl.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .code(1)
    .stderr_has("exists")
    .stderr_has("--force");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    assert_eq!(env.vault_state(), before);
    env.run(&[
        "inject",
        "-i",
        tpl.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ])
    .ok();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), want);
    let leftovers: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".coffer-inject")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
    let log = env.run(&["audit:logs", "--format", "json"]).ok().out();
    assert!(!log.contains("pw1") && !log.contains("admin\""));
    verify_ok(&env);
}

#[test]
fn inject_refuses_unknown_names_and_unclosed_placeholders_writing_nothing() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "KNOWN", "v"]).ok();
    let before = env.vault_state();
    let out = env.path("out.txt");
    let tpl = env.path("t.tpl");
    std::fs::write(&tpl, "{{ KNOWN }} {{ MISSING_ONE }}\n{{ MISSING_TWO }}\n").unwrap();
    env.run(&[
        "inject",
        "-i",
        tpl.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .code(3)
    .stderr_has("MISSING_ONE, MISSING_TWO");
    assert!(!out.exists());
    std::fs::write(&tpl, "a {{ KNOWN }}\nb {{ KNOWN\n}}\n").unwrap();
    let run = env
        .run(&["inject", "-i", tpl.to_str().unwrap()])
        .code(2)
        .stderr_has("unclosed `{{` on line 2");
    assert!(run.stdout.is_empty());
    std::fs::write(&tpl, "{{ has space }}\n").unwrap();
    env.run(&["inject", "-i", tpl.to_str().unwrap()])
        .code(2)
        .stderr_has("line 1");
    assert_eq!(env.vault_state(), before, "a refused inject was recorded");
}

/// The files in `dir`, by name.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn inject_killed_at_any_moment_leaves_no_value_on_disk_without_its_read_recorded() {
    use rand::{Rng, SeedableRng};
    use std::time::{Duration, Instant};
    const ITERATIONS: u64 = 60;
    let env = Env::with_vault();
    // A large value, 16 times over: 8 MiB to write and fsync, so kills land
    // while OUT is being written, not only before or after.
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x1A7EC7);
    let value: String = (0..512 * 1024)
        .map(|_| rng.sample(rand::distributions::Alphanumeric) as char)
        .collect();
    let blob = env.path("big.txt");
    std::fs::write(&blob, &value).unwrap();
    env.run(&[
        "secrets:create",
        "BIG",
        "--from-file",
        blob.to_str().unwrap(),
    ])
    .ok();
    let tpl = env.path("big.tpl");
    std::fs::write(&tpl, "{{ BIG }}\n".repeat(16)).unwrap();
    let want = format!("{value}\n").repeat(16);
    let dir = env.path("out");
    std::fs::create_dir(&dir).unwrap();
    let inject = |out: &Path| {
        env.cmd(&[
            "inject",
            "-i",
            tpl.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
    };
    let mut times: Vec<Duration> = (0..3)
        .map(|i| {
            let out = env.path(&format!("warm-{i}"));
            let t = Instant::now();
            run_command(inject(&out)).ok();
            t.elapsed()
        })
        .collect();
    times.sort();
    let window = times[1] * 3 / 2;

    let (mut killed, mut written, mut read_only) = (0, 0, 0);
    let mut outs: Vec<String> = Vec::new();
    for i in 0..ITERATIONS {
        let reads_before = accessed_via(&env, "inject").len();
        let name = format!("out-{i}");
        let out = dir.join(&name);
        let mut rng = rand::rngs::StdRng::seed_from_u64(i);
        let delay = Duration::from_micros(rng.gen_range(0..=window.as_micros() as u64));
        let mut child = inject(&out).spawn().unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap();
        let status = child.wait().unwrap();
        if status.code().is_none() {
            killed += 1;
        } else {
            assert!(status.success(), "iteration {i}: inject failed on its own");
        }
        let reads = accessed_via(&env, "inject").len();
        if out.exists() {
            // OUT is whole, private, and its read is recorded.
            assert!(
                std::fs::read_to_string(&out).unwrap() == want,
                "iteration {i}: OUT is not the whole output"
            );
            let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "iteration {i}");
            assert_eq!(
                reads,
                reads_before + 1,
                "iteration {i}: OUT holds the value, but its read is not in the audit log"
            );
            outs.push(name);
            written += 1;
        } else if reads > reads_before {
            read_only += 1;
        }
        // Nothing else in the folder: no temporary file holding the value.
        let mut expected = outs.clone();
        expected.sort();
        assert_eq!(file_names(&dir), expected, "iteration {i}: a leftover");
    }
    eprintln!(
        "inject kills: {ITERATIONS} runs in a {window:?} window: {killed} killed, \
         {written} wrote OUT, {read_only} recorded the read without OUT"
    );
    assert!(killed > 0, "no inject was killed before it finished");
    verify_ok(&env);
}

#[test]
fn a_temp_file_a_killed_inject_left_is_removed_by_the_next_one() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "K", "v"]).ok();
    let tpl = env.path("t.tpl");
    std::fs::write(&tpl, "k={{ K }}\n").unwrap();
    let dir = env.path("conf");
    std::fs::create_dir(&dir).unwrap();
    // What a run killed where the file system has no anonymous files, or
    // between link and rename with --force, leaves: a 0600 file that no
    // process holds locked.
    let stale = dir.join(".coffer-inject-AbC123");
    std::fs::write(&stale, "k=old value\n").unwrap();
    std::fs::set_permissions(&stale, std::fs::Permissions::from_mode(0o600)).unwrap();
    // A running inject's file: it holds a lock on it.
    let live = dir.join(".coffer-inject-live");
    let held = std::fs::File::create(&live).unwrap();
    held.lock().unwrap();
    // Someone else's file of another name is no business of coffer's.
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let out = dir.join("app.conf");
    env.run(&[
        "inject",
        "-i",
        tpl.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .ok()
    .stderr_has("removed 1 temporary file that a killed `coffer inject` or `coffer export` left");
    assert_eq!(
        file_names(&dir),
        [".coffer-inject-live", "app.conf", "notes.txt"]
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "k=v\n");
    drop(held);
}

// -------------------------------------------------------- export / import

fn journal_records(env: &Env) -> i64 {
    env.run(&["status", "--format", "json"]).ok().json()["journal_records"]
        .as_i64()
        .unwrap()
}

#[test]
fn a_json_export_imports_back_into_another_vault_in_one_record() {
    let from = Env::with_vault();
    from.run(&[
        "secrets:create",
        "prod/db/password",
        "pw",
        "--type",
        "password",
        "--tags",
        "prod,db",
        "--description",
        "main db",
        "--metadata",
        "owner=ops",
    ])
    .ok();
    from.run(&["secrets:create", "API_KEY", "k1"]).ok();
    from.run(&["secrets:update", "API_KEY", "k2"]).ok();
    let bin = from.path("bin");
    std::fs::write(&bin, b"\x00\xffbin").unwrap();
    from.run(&[
        "secrets:create",
        "BLOB",
        "--from-file",
        bin.to_str().unwrap(),
    ])
    .ok();
    let exported = from.run(&["export"]).ok();
    assert_eq!(accessed_via(&from, "export").len(), 3);
    let items = exported.json();
    assert_eq!(items.as_array().unwrap().len(), 3);
    let file = from.path("backup.json");
    std::fs::write(&file, &exported.stdout).unwrap();

    let to = Env::with_vault();
    let records = journal_records(&to);
    let out = to.run(&["import", file.to_str().unwrap()]).ok().out();
    assert!(out.contains("3 created"), "{out}");
    assert_eq!(journal_records(&to), records + 1, "one import, one record");
    assert_eq!(to.run(&["secrets:get", "API_KEY"]).ok().out(), "k2\n");
    assert_eq!(
        to.run(&["secrets:get", "-n", "BLOB"]).ok().stdout,
        b"\x00\xffbin"
    );
    assert_eq!(
        versions(&to, "prod/db/password"),
        [(1, "import".to_owned())]
    );
    let list = to.run(&["secrets:list", "--format", "json"]).ok().json();
    let pw = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "prod/db/password")
        .unwrap();
    assert_eq!(pw["type"], "password");
    assert_eq!(pw["tags"], serde_json::json!(["db", "prod"]));
    assert_eq!(pw["description"], "main db");
    assert_eq!(pw["metadata"]["owner"], "ops");
    let imported = to.audit_rows(&["--action", "imported"]);
    assert_eq!(imported.len(), 3);
    let log = to.run(&["audit:logs", "--format", "json"]).ok().out();
    assert!(!log.contains("\"k2\"") && !log.contains("\"pw\""));
    verify_ok(&to);
    // secrets:get's JSON imports too.
    let got = to.run(&["secrets:get", "API_KEY", "--format", "json"]).ok();
    let third = Env::with_vault();
    third.run_stdin(&["import", "-"], &got.stdout).ok();
    assert_eq!(third.run(&["secrets:get", "API_KEY"]).ok().out(), "k2\n");
}

#[test]
fn import_on_conflict_fail_skip_and_update() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "old-a"]).ok();
    env.run(&["secrets:create", "B", "same-b"]).ok();
    let file = env.path("in.env");
    std::fs::write(&file, "A=new-a\nB=same-b\nC=new-c\n").unwrap();
    let f = file.to_str().unwrap();

    let before = env.vault_state();
    env.run(&["import", f])
        .code(7)
        .stderr_has("already has 2 of these secrets: A, B")
        .stderr_has("--on-conflict");
    assert_eq!(env.vault_state(), before, "a failed import wrote something");

    // --dry-run shows each way and writes nothing.
    for (way, want) in [
        ("fail", None),
        (
            "skip",
            Some("would skip (exists)\tA\nwould skip (exists)\tB\nwould create\tC\n"),
        ),
        (
            "update",
            Some("would update\tA\nwould skip (same value)\tB\nwould create\tC\n"),
        ),
    ] {
        let run = env.run(&["import", f, "--on-conflict", way, "--dry-run"]);
        match want {
            None => {
                run.code(7);
            }
            Some(w) => assert!(run.ok().out().starts_with(w)),
        }
    }
    assert_eq!(env.vault_state(), before, "a dry run wrote something");

    env.run(&["import", f, "--on-conflict", "skip"]).ok();
    assert_eq!(env.run(&["secrets:get", "A"]).ok().out(), "old-a\n");
    assert_eq!(env.run(&["secrets:get", "C"]).ok().out(), "new-c\n");

    std::fs::write(&file, "A=new-a\nB=same-b\n").unwrap();
    let out = env
        .run(&["import", f, "--on-conflict", "update"])
        .ok()
        .out();
    assert!(out.contains("1 updated, 1 skipped"), "{out}");
    assert_eq!(env.run(&["secrets:get", "A"]).ok().out(), "new-a\n");
    assert_eq!(
        versions(&env, "A"),
        [(1, "create".to_owned()), (2, "import".to_owned())]
    );
    assert_eq!(versions(&env, "B"), [(1, "create".to_owned())]);
    verify_ok(&env);
}

#[test]
fn import_refuses_a_duplicate_or_invalid_name_naming_its_line() {
    let env = Env::with_vault();
    let before = env.vault_state();
    let file = env.path("in.env");
    std::fs::write(&file, "# header\nA=1\n\nB='x'\nA=2\n").unwrap();
    env.run(&["import", file.to_str().unwrap()])
        .code(2)
        .stderr_has("line 5: A is given again (first at line 2)");
    std::fs::write(&file, "A=1\nBAD NAME=2\n").unwrap();
    env.run(&["import", file.to_str().unwrap()])
        .code(2)
        .stderr_has("line 2");
    std::fs::write(&file, "A=1\nB='unclosed\n").unwrap();
    env.run(&["import", file.to_str().unwrap()])
        .code(2)
        .stderr_has("line 2");
    std::fs::write(
        &file,
        r#"[{"name": "A", "value": "1"}, {"name": "A", "value": "2"}]"#,
    )
    .unwrap();
    env.run(&["import", file.to_str().unwrap()])
        .code(2)
        .stderr_has("entry 2: A is given again (first at entry 1)");
    assert_eq!(env.vault_state(), before);
}

#[test]
fn import_reads_back_a_dotenv_export() {
    let from = Env::with_vault();
    create_tricky(&from);
    create_multiline(&from);
    let dotenv = from
        .run(&["export", "--format", "dotenv"])
        .ok()
        .stderr_has("cannot read the 5 on several lines");
    let to = Env::with_vault();
    to.run_stdin(&["import", "-"], &dotenv.stdout).ok();
    for (name, value) in all_values() {
        assert_eq!(
            to.run(&["secrets:get", "-n", name]).ok().out(),
            value,
            "{name}"
        );
    }
}

/// A passage store under `dir`, encrypted to a new age identity; returns
/// the identity file.
fn passage_store(dir: &Path, entries: &[(&str, &[u8])]) -> PathBuf {
    let identity = dir.join("identities");
    let st = Command::new("age-keygen")
        .arg("-o")
        .arg(&identity)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
    let recipient = Command::new("age-keygen")
        .arg("-y")
        .arg(&identity)
        .output()
        .unwrap();
    let recipient = String::from_utf8(recipient.stdout).unwrap();
    for (name, value) in entries {
        let file = dir.join("store").join(format!("{name}.age"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let mut child = Command::new("age")
            .args(["-r", recipient.trim(), "-o"])
            .arg(&file)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(value).unwrap();
        assert!(child.wait().unwrap().success());
    }
    identity
}

#[test]
fn import_from_a_passage_store_keeps_folder_names() {
    if !have(
        Command::new("age-keygen").arg("--version"),
        "age and age-keygen",
    ) {
        return;
    }
    let env = Env::with_vault();
    let outside = tempfile::tempdir().unwrap();
    let identity = passage_store(
        outside.path(),
        &[
            ("prod/db/password", b"pw-from-passage\n"),
            ("web/cert", b"-----BEGIN-----\nabc\n-----END-----\n"),
        ],
    );
    let store = outside.path().join("store");
    let mut cmd = env.cmd(&["import", "--from", "passage", store.to_str().unwrap()]);
    cmd.env("PASSAGE_IDENTITIES_FILE", &identity);
    let out = run_command(cmd).ok().out();
    assert!(out.contains("2 created"), "{out}");
    assert_eq!(
        env.run(&["secrets:get", "-n", "prod/db/password"])
            .ok()
            .out(),
        "pw-from-passage"
    );
    assert_eq!(
        env.run(&["secrets:get", "-n", "web/cert"]).ok().out(),
        "-----BEGIN-----\nabc\n-----END-----\n"
    );
    assert_eq!(versions(&env, "web/cert"), [(1, "import".to_owned())]);
    verify_ok(&env);
    // The wrong identity: an error, nothing imported.
    let other = tempfile::tempdir().unwrap();
    let wrong = passage_store(other.path(), &[]);
    let before = env.vault_state();
    let mut cmd = env.cmd(&[
        "import",
        "--from",
        "passage",
        store.to_str().unwrap(),
        "--on-conflict",
        "update",
    ]);
    cmd.env("PASSAGE_IDENTITIES_FILE", &wrong);
    run_command(cmd).code(5).stderr_has("cannot decrypt");
    assert_eq!(env.vault_state(), before);
}

#[test]
fn import_from_a_pass_store_decrypts_with_gpg() {
    if !have(Command::new("gpg").arg("--version"), "gpg") {
        return;
    }
    let env = Env::with_vault();
    let outside = tempfile::tempdir().unwrap();
    let home = outside.path().join("gnupg");
    std::fs::create_dir(&home).unwrap();
    std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
    let gpg = |args: &[&str], input: Option<&[u8]>| {
        let mut c = Command::new("gpg");
        c.env("GNUPGHOME", &home)
            .args([
                "--batch",
                "--quiet",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                "",
            ])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        if let Some(input) = input {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(input).unwrap();
        }
        drop(child.stdin.take());
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "gpg {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    gpg(
        &[
            "--quick-gen-key",
            "coffer-test@example.com",
            "default",
            "default",
            "never",
        ],
        None,
    );
    let store = outside.path().join("password-store");
    std::fs::create_dir_all(store.join("web")).unwrap();
    std::fs::create_dir_all(store.join(".git")).unwrap();
    std::fs::write(store.join(".git/ignored.gpg"), b"not a secret").unwrap();
    for (name, value) in [
        ("web/token", &b"tok-from-pass\n"[..]),
        ("email", b"line1\nline2\n"),
    ] {
        let file = store.join(format!("{name}.gpg"));
        gpg(
            &[
                "--yes",
                "--trust-model",
                "always",
                "-r",
                "coffer-test@example.com",
                "-o",
                file.to_str().unwrap(),
                "--encrypt",
            ],
            Some(value),
        );
    }
    let mut cmd = env.cmd(&["import", "--from", "pass", store.to_str().unwrap()]);
    cmd.env("GNUPGHOME", &home);
    let out = run_command(cmd).ok().out();
    assert!(out.contains("2 created"), "{out}");
    assert_eq!(
        env.run(&["secrets:get", "-n", "web/token"]).ok().out(),
        "tok-from-pass"
    );
    assert_eq!(
        env.run(&["secrets:get", "-n", "email"]).ok().out(),
        "line1\nline2\n"
    );
    verify_ok(&env);
}

/// A JSON import that is not the expected shape says where, never what:
/// serde_json's own message would quote the data, which may be a value.
#[test]
fn a_malformed_json_import_never_quotes_its_data() {
    let env = Env::with_vault();
    for (bad, secret) in [
        (&br#"["hunter2secret"]"#[..], "hunter2secret"),
        (&br#"[{"name": "pin", "value": 73519264}]"#[..], "73519264"),
        (
            &br#"[{"name": "pin", "value": "s3cr3t-v4lue""#[..],
            "s3cr3t-v4lue",
        ),
    ] {
        let run = env
            .run_stdin(&["import", "-", "--format", "json"], bad)
            .code(2)
            .stderr_has("line 1, column");
        assert!(!run.stderr.contains(secret), "{}", run.stderr);
    }
    assert!(
        env.run(&["secrets:list", "--names-only"])
            .ok()
            .out()
            .is_empty()
    );
}

// ------------------------------------------------------ export --history

/// `args` of `env`'s vault as JSON, every `fingerprint` (keyed per vault)
/// taken out.
fn without_fingerprints(env: &Env, args: &[&str]) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                m.remove("fingerprint");
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = env.run(args).ok().json();
    strip(&mut v);
    v
}

/// The same vault and identity on another machine (its own HOME and
/// state), which replays and checks every record of the journal afresh.
fn on_another_machine(env: &Env) -> Env {
    let other = Env::new();
    std::fs::create_dir_all(other.path("data")).unwrap();
    let copied = Command::new("cp")
        .arg("-a")
        .arg(env.path("data/coffer"))
        .arg(other.path("data/"))
        .status()
        .unwrap();
    assert!(copied.success());
    std::fs::create_dir_all(other.path("config/coffer")).unwrap();
    std::fs::copy(env.identity(), other.identity()).unwrap();
    other
}

#[test]
fn export_history_restores_every_secret_state_and_version_into_an_empty_vault() {
    let from = Env::with_vault();
    from.run(&[
        "secrets:create",
        "prod/db/password",
        "v1",
        "--type",
        "password",
        "--description",
        "the main db",
        "--tags",
        "db,prod",
        "--metadata",
        "owner=ops",
        "--expires-in",
        "90d",
        "--rotate-every",
        "30d",
        "--notify-before",
        "7d",
    ])
    .ok();
    from.run(&["secrets:update", "prod/db/password", "leaked"])
        .ok();
    from.run(&["secrets:rotate", "prod/db/password", "v3"]).ok();
    from.run(&["secrets:rollback", "prod/db/password", "--version", "1"])
        .ok();
    from.run(&[
        "secrets:destroy",
        "prod/db/password",
        "--version",
        "2",
        "--yes",
    ])
    .ok();
    from.run(&["secrets:get", "prod/db/password"]).ok();
    from.run(&["secrets:create", "DISABLED", "d"]).ok();
    from.run(&["secrets:disable", "DISABLED"]).ok();
    from.run(&[
        "secrets:create",
        "PENDING",
        "p",
        "--activates-at",
        "2099-01-01",
    ])
    .ok();
    from.run(&["secrets:create", "GONE", "g1"]).ok();
    from.run(&["secrets:update", "GONE", "g2"]).ok();
    from.run(&["secrets:delete", "GONE"]).ok();
    let bin = from.path("bin");
    std::fs::write(&bin, b"\xff\x00\xfe").unwrap();
    from.run(&[
        "secrets:create",
        "BIN",
        "--from-file",
        bin.to_str().unwrap(),
    ])
    .ok();
    let names = ["BIN", "DISABLED", "GONE", "PENDING", "prod/db/password"];

    let history = from.run(&["export", "--history"]).ok();
    let file: serde_json::Value = history.json();
    assert_eq!(file["format"], "coffer-history-1");
    assert_eq!(file["secrets"].as_array().unwrap().len(), 5);
    let v2 = &file["secrets"][4]["versions"][1];
    assert_eq!(v2["destroyed"], true);
    assert!(v2.get("value").is_none() && v2.get("value_base64").is_none());
    // Every version whose value it holds is an audited read.
    assert_eq!(accessed_via(&from, "export --history").len(), 8);
    let path = from.path("history.json");
    std::fs::write(&path, &history.stdout).unwrap();
    let mode = |e: &Env| {
        let mut want = vec![
            without_fingerprints(e, &["secrets:list", "--format", "json"]),
            without_fingerprints(e, &["secrets:list", "--deleted", "--format", "json"]),
        ];
        for n in names {
            want.push(without_fingerprints(
                e,
                &["secrets:versions", n, "--format", "json"],
            ));
        }
        want
    };
    let want = mode(&from);

    let to = Env::with_vault();
    let before = to.vault_state();
    let dry = to
        .run(&["import", path.to_str().unwrap(), "--dry-run"])
        .ok()
        .out();
    assert!(
        dry.contains("would restore\tGONE\t2 versions, deleted"),
        "{dry}"
    );
    assert_eq!(to.vault_state(), before, "a dry run wrote something");
    let done = to.run(&["import", path.to_str().unwrap()]).ok().out();
    assert_eq!(
        done,
        "restored 5 secrets (1 deleted) with 9 versions from the history\n"
    );
    let restored = to.run(&["secrets:list", "--format", "json"]).ok();
    assert!(restored.out().contains("prod/db/password"));
    assert_eq!(
        mode(&to),
        want,
        "the restored vault differs from the source"
    );
    // The values, binary included, and a destroyed version stays destroyed.
    assert_eq!(
        to.run(&["secrets:get", "-n", "BIN"]).ok().stdout,
        b"\xff\x00\xfe"
    );
    assert_eq!(
        to.run(&["secrets:get", "prod/db/password", "--version", "3"])
            .ok()
            .out(),
        "v3\n"
    );
    to.run(&["secrets:get", "prod/db/password", "--version", "2"])
        .code(3)
        .stderr_has("destroyed");
    to.run(&["secrets:get", "GONE"]).code(3);
    to.run(&["secrets:restore", "GONE"]).ok();
    assert_eq!(to.run(&["secrets:get", "GONE"]).ok().out(), "g2\n");
    // The import is audited, one row per version, never with a value.
    let imported = to.audit_rows(&["--action", "imported"]);
    assert_eq!(imported.len(), 9);
    assert_eq!(imported[0]["details"]["by"], "tester");
    assert_eq!(imported[8]["details"]["kind"], "rollback");
    let log = to.run(&["audit:logs", "--format", "json"]).ok().out();
    assert!(!log.contains("\"v3\"") && !log.contains("g2"));
    verify_ok(&to);
    // Another machine replays the restore record and checks it afresh.
    let elsewhere = on_another_machine(&to);
    assert_eq!(
        mode(&elsewhere),
        mode(&to),
        "another machine reads it otherwise"
    );
    verify_ok(&elsewhere);
    // After a fold into the checkpoint, the same.
    to.run(&["vault:compact"]).ok();
    verify_ok(&to);

    // Into a vault that holds anything: refused, nothing changed.
    let before = to.vault_state();
    to.run(&["import", path.to_str().unwrap()])
        .code(7)
        .stderr_has("a history is restored into an empty vault only")
        .stderr_has("hint: make an empty vault");
    assert_eq!(to.vault_state(), before);
    // A format this coffer does not know: refused before the vault opens.
    let other = to.path("other.json");
    std::fs::write(
        &other,
        r#"{"format": "coffer-history-9", "exported_at": "", "secrets": []}"#,
    )
    .unwrap();
    Env::with_vault()
        .run(&["import", other.to_str().unwrap()])
        .code(2)
        .stderr_has("coffer-history-9");
}

/// A record that dates a version of a secret it did not create, with a
/// restore row naming another author: the restore exception covers only a
/// secret the record creates, so every opener refuses it (exit 6).
#[test]
fn a_restore_row_cannot_reattribute_a_version_of_an_existing_secret() {
    use coffer::audit::Event;
    use coffer::store::op::{Op, Value};
    let env = Env::with_vault();
    env.run(&["secrets:create", "K", "mine"]).ok();
    // Written with the library, as a writer holding the identity could.
    let written = coffer::vault::transact(&env.location(), |ctx| {
        ctx.apply(Op::Version {
            name: "K".into(),
            number: 2,
            value: Value(zeroize::Zeroizing::new(b"planted".to_vec())),
            at: 1_000_000,
            by: "someone-else".into(),
            kind: "update".into(),
            source: None,
        })?;
        ctx.audit(
            Event::secret(coffer::model::Action::Imported, "K", Some(2))
                .detail("fingerprint", ctx.fingerprint(b"planted"))
                .detail("by", "someone-else")
                .detail("at", "1000000")
                .detail("kind", "update"),
        )?;
        Ok(())
    });
    let why = "dates or attributes K otherwise than its signer now";
    match written {
        Err(e) => assert!(e.message.contains(why), "{}", e.message),
        Ok(()) => {
            // This machine trusts its own records; another one checks it.
            let run = on_another_machine(&env).run(&["secrets:get", "K"]).code(6);
            assert!(run.stderr.contains(why), "{}", run.stderr);
        }
    }
}
