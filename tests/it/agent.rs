//! Unlock once (issue 10): `coffer unlock` starts an agent that holds a
//! passphrase-protected identity, later commands open the vault through it
//! without a passphrase, `coffer lock` and the TTL end it, and the agent
//! serves only its own user and never sends the identity.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Env, Run, run_command};

/// A vault whose identity is protected by a passphrase (in `pass.txt`),
/// holding secret `A`, with agent sockets under `run/`. Dropping it locks
/// (the agent also exits once the identity file is gone).
struct Protected {
    env: Env,
    pass: PathBuf,
}

impl Drop for Protected {
    fn drop(&mut self) {
        let _ = self.run(&["lock"]);
    }
}

impl Protected {
    fn new() -> Protected {
        let env = Env::new();
        let pass = env.path("pass.txt");
        std::fs::write(&pass, "correct horse\n").unwrap();
        let run = env.path("run");
        std::fs::create_dir(&run).unwrap();
        std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).unwrap();
        let p = Protected { env, pass };
        p.run(&["init", "--passphrase-file", p.pass()]).ok();
        p.run(&[
            "secrets:create",
            "A",
            "alpha",
            "--passphrase-file",
            p.pass(),
        ])
        .ok();
        p
    }

    fn pass(&self) -> &str {
        self.pass.to_str().unwrap()
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.env.cmd(args);
        cmd.env("XDG_RUNTIME_DIR", self.env.path("run"));
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        run_command(self.cmd(args))
    }

    fn run_with(&self, args: &[&str], key: &str, value: &Path) -> Run {
        let mut cmd = self.cmd(args);
        cmd.env(key, value);
        run_command(cmd)
    }

    fn unlock(&self, ttl: &str) -> serde_json::Value {
        self.run(&[
            "unlock",
            "--passphrase-file",
            self.pass(),
            "--ttl",
            ttl,
            "--format",
            "json",
        ])
        .ok()
        .json()
    }

    /// `status`'s identity state (`unlocked`, `locked`), asking the
    /// passphrase from the file when no agent holds it.
    fn state(&self) -> String {
        let status = self
            .run(&[
                "status",
                "--format",
                "json",
                "--passphrase-file",
                self.pass(),
            ])
            .ok()
            .json();
        status["identity"]["state"].as_str().unwrap().to_owned()
    }

    fn socket_dir(&self) -> PathBuf {
        self.env.path("run/coffer")
    }

    fn socket(&self) -> PathBuf {
        let mut socks: Vec<PathBuf> = std::fs::read_dir(self.socket_dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(socks.len(), 1, "{socks:?}");
        socks.pop().unwrap()
    }

    /// The identity, decrypted with the passphrase.
    fn identity(&self) -> age::x25519::Identity {
        let source = coffer::vault::identity::PassphraseSource {
            file: Some(self.pass.clone()),
            ..Default::default()
        };
        coffer::vault::identity::load(&self.env.identity(), &source).unwrap()
    }
}

/// Whether process `pid` still runs (and is not a zombie).
fn alive(pid: u64) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| {
        !s.rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

/// Wait, up to a bound, until `done` holds.
#[track_caller]
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting until {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether `tool` is installed; in CI (`COFFER_REQUIRE_TOOLS`) it must be.
fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found || std::env::var_os("COFFER_REQUIRE_TOOLS").is_none(),
        "{tool} is required here (COFFER_REQUIRE_TOOLS is set): install it"
    );
    found
}

#[test]
fn unlock_once_then_commands_need_no_passphrase_until_lock() {
    let p = Protected::new();
    // Locked: no terminal, no passphrase file.
    p.run(&["secrets:get", "A"])
        .code(5)
        .stderr_has("hint: run `coffer unlock` first");
    assert_eq!(p.state(), "locked");

    let unlocked = p.unlock("15m");
    assert_eq!(unlocked["state"], "unlocked");
    assert!(unlocked["unlocked_until"].as_str().unwrap().ends_with('Z'));
    for _ in 0..3 {
        assert_eq!(p.run(&["secrets:get", "A"]).ok().out(), "alpha\n");
    }
    // Writes sign through the agent, and everything still verifies.
    p.run(&["secrets:create", "B", "beta"]).ok();
    p.run(&["secrets:update", "A", "alpha2"]).ok();
    p.run(&["vault:compact"]).ok();
    p.run(&["audit:verify"]).ok();
    assert_eq!(p.run(&["secrets:get", "B"]).ok().out(), "beta\n");
    let status = p.run(&["status", "--format", "json"]).ok().json();
    assert_eq!(status["identity"]["state"], "unlocked");
    assert_eq!(status["identity"]["agent_pid"], unlocked["agent_pid"]);
    let table = p.run(&["status"]).ok().out();
    assert!(table.contains("unlocked until "), "{table}");
    // The reads through the agent were audited like any other.
    let reads = p.env.cmd(&[
        "audit:logs",
        "--format",
        "json",
        "--passphrase-file",
        p.pass(),
    ]);
    let rows = run_command(reads).ok().json();
    assert!(rows.as_array().unwrap().len() >= 6, "{rows}");

    let pid = unlocked["agent_pid"].as_u64().unwrap();
    assert!(p.run(&["lock"]).ok().out().contains("locked"));
    wait_until("the agent exits", || !alive(pid));
    assert!(std::fs::read_dir(p.socket_dir()).unwrap().next().is_none());
    p.run(&["secrets:get", "A"]).code(5);
    assert_eq!(p.state(), "locked");
    assert!(p.run(&["lock"]).ok().out().contains("already locked"));
}

#[test]
fn the_agent_forgets_the_identity_at_its_ttl() {
    let p = Protected::new();
    // Long enough for `unlock` to greet it on a busy machine.
    let unlocked = p.unlock("3s");
    let pid = unlocked["agent_pid"].as_u64().unwrap();
    wait_until("the agent expires", || !alive(pid));
    assert!(std::fs::read_dir(p.socket_dir()).unwrap().next().is_none());
    p.run(&["secrets:get", "A"])
        .code(5)
        .stderr_has("no terminal");
    assert_eq!(p.state(), "locked");
}

/// A machine asleep stops the monotonic clock, not the wall clock that
/// `status` shows the expiry in: the agent ends by the wall clock too. Here
/// libfaketime runs the agent's wall clock 1000 times too fast (the
/// monotonic clock stays real), so a one-hour TTL ends within seconds.
#[test]
fn the_agent_ends_by_the_wall_clock_as_after_a_sleep() {
    if !have("faketime") {
        return;
    }
    let p = Protected::new();
    let template = p.cmd(&[
        "unlock",
        "--passphrase-file",
        p.pass(),
        "--ttl",
        "1h",
        "--format",
        "json",
    ]);
    let mut cmd = Command::new("faketime");
    cmd.arg("-f")
        .arg("+0 x1000")
        .arg(template.get_program())
        .args(template.get_args())
        .env_clear()
        .envs(template.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env("DONT_FAKE_MONOTONIC", "1")
        .current_dir(p.env.path(""))
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        // A file, not a pipe: faketime waits for the agent it preloaded,
        // and the test must not wait with it.
        .stdout(std::fs::File::create(p.env.path("unlock.json")).unwrap());
    let mut faketime = cmd.spawn().expect("run faketime");
    let mut pid = None;
    wait_until("unlock prints the agent", || {
        let text = std::fs::read_to_string(p.env.path("unlock.json")).unwrap();
        pid = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v["agent_pid"].as_u64());
        pid.is_some()
    });
    let pid = pid.unwrap();
    let ended = std::time::Instant::now();
    while alive(pid) && ended.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let still = alive(pid);
    if still {
        Command::new("kill").arg(pid.to_string()).status().unwrap();
    }
    let _ = faketime.kill();
    let _ = faketime.wait();
    assert!(!still, "the agent outlived its wall-clock expiry");
    assert_eq!(p.state(), "locked");
}

#[test]
fn a_killed_agent_falls_back_to_the_passphrase_and_is_replaced() {
    let p = Protected::new();
    let unlocked = p.unlock("15m");
    let pid = unlocked["agent_pid"].as_u64().unwrap();
    let sock = p.socket();
    Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    wait_until("the agent is dead", || !alive(pid));
    assert!(sock.exists(), "a killed agent leaves its socket behind");
    // Not an agent error: the usual no-terminal error, and the passphrase works.
    let run = p
        .run(&["secrets:get", "A"])
        .code(5)
        .stderr_has("no terminal");
    assert!(!run.stderr.contains("agent at"), "{}", run.stderr);
    assert_eq!(
        p.run(&["secrets:get", "A", "--passphrase-file", p.pass()])
            .ok()
            .out(),
        "alpha\n"
    );
    assert_eq!(p.state(), "locked");
    // Unlocking again replaces the stale socket.
    let again = p.unlock("15m");
    assert_ne!(again["agent_pid"], unlocked["agent_pid"]);
    assert_eq!(p.run(&["secrets:get", "A"]).ok().out(), "alpha\n");
}

#[test]
fn the_socket_folder_is_private_and_a_shared_fallback_is_refused() {
    let p = Protected::new();
    p.unlock("15m");
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode(&p.socket_dir()), 0o700);
    assert_eq!(mode(&p.socket()), 0o600);
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata(p.socket())
            .unwrap()
            .file_type()
            .is_socket()
    );

    // Without XDG_RUNTIME_DIR: a private folder of the user's own under
    // TMPDIR, and one someone else could have made (not 0700) is refused.
    let tmp = p.env.path("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let uid = String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout).unwrap();
    let fallback = tmp.join(format!("coffer-agent-{}", uid.trim()));
    let mut cmd = p.env.cmd(&["unlock", "--passphrase-file", p.pass()]);
    cmd.env("TMPDIR", &tmp);
    run_command(cmd).ok();
    assert_eq!(mode(&fallback), 0o700);
    let mut cmd = p.env.cmd(&["lock"]);
    cmd.env("TMPDIR", &tmp);
    run_command(cmd).ok();
    std::fs::set_permissions(&fallback, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = p.env.cmd(&["unlock", "--passphrase-file", p.pass()]);
    cmd.env("TMPDIR", &tmp);
    run_command(cmd)
        .code(4)
        .stderr_has("is not a private folder of yours")
        .stderr_has("hint: ");
    // A command that only needs the passphrase still works, without an agent.
    let mut cmd = p
        .env
        .cmd(&["secrets:get", "A", "--passphrase-file", p.pass()]);
    cmd.env("TMPDIR", &tmp);
    let run = run_command(cmd).ok();
    assert_eq!(run.out(), "alpha\n");
    assert!(run.stderr.contains("not using an agent"), "{}", run.stderr);
}

#[test]
fn a_wrong_passphrase_file_gets_one_try_and_changes_nothing() {
    let p = Protected::new();
    let wrong = p.env.path("wrong.txt");
    std::fs::write(&wrong, "wrong\n").unwrap();
    let before = p.env.vault_state();
    p.run(&["unlock", "--passphrase-file", wrong.to_str().unwrap()])
        .code(5)
        .stderr_has("wrong passphrase");
    assert!(none_in(&p.socket_dir()));
    assert_eq!(p.env.vault_state(), before);
    p.run(&["unlock", "--ttl", "0s", "--passphrase-file", p.pass()])
        .code(2)
        .stderr_has("TTL");
}

/// Whether folder `dir` is missing or empty (no agent socket in it).
fn none_in(dir: &Path) -> bool {
    std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none())
}

/// Run `coffer ARGS` on a real terminal (a pty `script` holds), typing
/// `typed` into it; returns what the terminal showed and the exit code.
fn on_terminal(p: &Protected, args: &str, typed: &str, extra_env: &str) -> Run {
    let mut cmd = p.env.shell(&format!(
        "{extra_env} XDG_RUNTIME_DIR={} script -qec 'coffer {args}' /dev/null",
        p.env.path("run").display()
    ));
    cmd.stdin(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(typed.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn three_wrong_passphrases_at_a_terminal_exit_5_and_change_nothing() {
    if !have("script") {
        return;
    }
    let p = Protected::new();
    let before = p.env.vault_state();
    let run = on_terminal(&p, "unlock", "one\ntwo\nthree\ncorrect horse\n", "");
    let shown = run.out();
    assert_eq!(run.code, 5, "{shown}");
    assert!(shown.contains("try again (2 of 3)"), "{shown}");
    assert!(shown.contains("try again (3 of 3)"), "{shown}");
    assert!(shown.contains("3 wrong passphrases"), "{shown}");
    assert!(none_in(&p.socket_dir()));
    assert_eq!(p.env.vault_state(), before);

    // The right one on the second try unlocks.
    let run = on_terminal(&p, "unlock --ttl 10m", "nope\ncorrect horse\n", "");
    assert_eq!(run.code, 0, "{}", run.out());
    assert_eq!(p.run(&["secrets:get", "A"]).ok().out(), "alpha\n");
}

#[test]
fn a_passphrase_typed_at_a_prompt_starts_an_agent_only_when_asked() {
    if !have("script") {
        return;
    }
    let p = Protected::new();
    for off in ["", "COFFER_AGENT_AUTOSTART=0"] {
        let run = on_terminal(&p, "secrets:list", "correct horse\n", off);
        assert_eq!(run.code, 0, "{}", run.out());
        assert!(
            !run.out().contains("note: identity unlocked"),
            "{}",
            run.out()
        );
        assert_eq!(p.state(), "locked");
    }
    let run = on_terminal(
        &p,
        "secrets:list",
        "correct horse\n",
        "COFFER_AGENT_AUTOSTART=1",
    );
    assert_eq!(run.code, 0, "{}", run.out());
    assert!(
        run.out().contains("note: identity unlocked until "),
        "{}",
        run.out()
    );
    assert_eq!(p.state(), "unlocked");
    // No terminal, no passphrase file: the agent it started answers.
    assert_eq!(p.run(&["secrets:get", "A"]).ok().out(), "alpha\n");
}

#[test]
fn another_user_is_refused_by_the_agent() {
    let root = String::from_utf8(Command::new("id").arg("-u").output().unwrap().stdout)
        .unwrap()
        .trim()
        == "0";
    if !root || !have("setpriv") {
        assert!(
            std::env::var_os("COFFER_REQUIRE_TOOLS").is_none(),
            "this test runs as root with setpriv in CI"
        );
        return;
    }
    let p = Protected::new();
    let unlocked = p.unlock("15m");
    let sock = p.socket();
    // Open the way to the socket for anyone: only the agent's own check
    // stands between uid 65534 and the key.
    for dir in [p.env.dir.path(), &p.env.path("run"), &p.socket_dir()] {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(&sock, std::fs::Permissions::from_mode(0o666)).unwrap();
    let mut cmd = Command::new("setpriv");
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_coffer"))
        .arg("lock")
        .env_clear()
        .env("HOME", p.env.dir.path())
        .env("XDG_CONFIG_HOME", p.env.path("config"))
        .env("XDG_DATA_HOME", p.env.path("data"))
        .env("COFFER_AGENT_SOCK", &sock)
        .stdin(Stdio::null());
    // coffer itself will not talk to another user's agent...
    run_command(cmd)
        .code(4)
        .stderr_has("runs as uid 0, not as you (uid 65534)");
    // ...and the agent will not answer another user: a raw client that
    // skips coffer's check asks it who it is, and gets only a refusal.
    let ask = r#"
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
s.sendall(b"\x00\x00\x00\x06\xa5Hello")
data = b""
while len(data) < 4 or len(data) < 4 + int.from_bytes(data[:4], "big"):
    chunk = s.recv(65536)
    if not chunk: break
    data += chunk
sys.stdout.buffer.write(data)
"#;
    // The system's python (one under root's home is not for uid 65534).
    let python = ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| !p.starts_with('/') || Path::new(p).exists())
        .unwrap();
    let mut cmd = Command::new("setpriv");
    cmd.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        python,
        "-c",
        ask,
    ])
    .arg(&sock)
    .env_clear()
    .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    let answer = run_command(cmd).ok().stdout;
    let has = |needle: &[u8]| answer.windows(needle.len()).any(|w| w == needle);
    assert!(
        has(b"Refused") && has(b"serves only its own user"),
        "{answer:?}"
    );
    assert!(!has(b"age1") && !has(b"Hello"), "{answer:?}");
    // The same request from the agent's own user gets its greeting.
    let mut cmd = Command::new("python3");
    cmd.args(["-c", ask]).arg(&sock);
    let answer = run_command(cmd).ok().stdout;
    assert!(answer.windows(4).any(|w| w == b"age1"), "{answer:?}");
    // The agent is still there for its own user.
    std::fs::set_permissions(p.socket_dir(), std::fs::Permissions::from_mode(0o700)).unwrap();
    std::fs::set_permissions(&sock, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(alive(unlocked["agent_pid"].as_u64().unwrap()));
    assert_eq!(p.run(&["secrets:get", "A"]).ok().out(), "alpha\n");
}

/// The bytes of a bech32 string's data part (no checksum check).
fn bech32_bytes(text: &str) -> Vec<u8> {
    const CHARSET: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let lower = text.to_ascii_lowercase();
    let data = &lower[lower.rfind('1').unwrap() + 1..];
    let data = &data[..data.len() - 6];
    let (mut acc, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for c in data.chars() {
        acc = (acc << 5) | CHARSET.find(c).unwrap() as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

const PROXY: &str = r#"
import socket, sys, threading, os
listen, target, log = sys.argv[1], sys.argv[2], sys.argv[3]
srv = socket.socket(socket.AF_UNIX)
srv.bind(listen)
srv.listen(16)
lock = threading.Lock()
out = open(log, "ab", buffering=0)
open(listen + ".ready", "w").close()
def pump(a, b):
    while True:
        data = a.recv(65536)
        if not data:
            try: b.shutdown(socket.SHUT_WR)
            except OSError: pass
            return
        with lock: out.write(data)
        b.sendall(data)
while True:
    c, _ = srv.accept()
    u = socket.socket(socket.AF_UNIX)
    u.connect(target)
    threading.Thread(target=pump, args=(c, u), daemon=True).start()
    threading.Thread(target=pump, args=(u, c), daemon=True).start()
"#;

#[test]
fn the_identity_never_crosses_the_socket() {
    if !have("python3") {
        return;
    }
    let p = Protected::new();
    p.unlock("15m");
    let proxy = p.env.path("run/proxy.sock");
    let log = p.env.path("traffic.bin");
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(PROXY)
        .arg(&proxy)
        .arg(p.socket())
        .arg(&log)
        .spawn()
        .unwrap();
    wait_until("the proxy listens", || {
        p.env.path("run/proxy.sock.ready").exists()
    });
    let via = |args: &[&str]| p.run_with(args, "COFFER_AGENT_SOCK", &proxy);
    assert_eq!(via(&["secrets:get", "A"]).ok().out(), "alpha\n");
    via(&["secrets:create", "C", "gamma"]).ok();
    via(&["vault:compact"]).ok();
    via(&["status"]).ok();
    let _ = child.kill();
    let _ = child.wait();

    let traffic = std::fs::read(&log).unwrap();
    let contains = |needle: &[u8]| traffic.windows(needle.len()).any(|w| w == needle);
    // The proxy did see the conversation: unwraps and signatures.
    assert!(
        contains(b"Unwrap") && contains(b"Sign"),
        "{} bytes",
        traffic.len()
    );
    let identity = p.identity();
    use age::secrecy::ExposeSecret;
    let secret = identity.to_string();
    let text = secret.expose_secret();
    let raw = bech32_bytes(text);
    assert_eq!(raw.len(), 32);
    let seed = coffer::keys::signing_key(&identity).to_bytes();
    for (what, needle) in [
        ("the identity as text", text.as_bytes()),
        (
            "the identity in lower case",
            text.to_ascii_lowercase().as_bytes(),
        ),
        ("the identity's raw bytes", &raw[..]),
        ("the signing key's seed", &seed[..]),
    ] {
        assert!(!contains(needle), "{what} crossed the socket");
    }
}

#[test]
fn a_wrong_agent_is_an_error_with_a_hint() {
    if !have("python3") {
        return;
    }
    let p = Protected::new();
    // Something that answers garbage.
    let fake = p.env.path("run/fake.sock");
    let script = r#"
import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(4)
open(sys.argv[1] + ".ready", "w").close()
while True:
    c, _ = s.accept()
    c.recv(65536)
    c.sendall(b"\x00\x00\x00\x05hello, world")
    c.close()
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .arg(&fake)
        .spawn()
        .unwrap();
    wait_until("the fake agent listens", || {
        p.env.path("run/fake.sock.ready").exists()
    });
    let run = p
        .run_with(&["secrets:get", "A"], "COFFER_AGENT_SOCK", &fake)
        .code(5)
        .stderr_has("does not answer as one")
        .stderr_has("hint: ");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let _ = child.kill();
    let _ = child.wait();

    // A real agent for another identity: its key does not open this vault.
    let other = Protected::new();
    other.unlock("15m");
    let before = p.env.vault_state();
    p.run_with(&["secrets:get", "A"], "COFFER_AGENT_SOCK", &other.socket())
        .code(5)
        .stderr_has("hint: ");
    p.run_with(
        &["secrets:create", "Z", "z"],
        "COFFER_AGENT_SOCK",
        &other.socket(),
    )
    .code(5);
    assert_eq!(p.env.vault_state(), before);
}
