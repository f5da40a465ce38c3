//! A test environment that runs the real `coffer` binary on a temp vault, with
//! HOME and the XDG folders inside a temp dir, so a test never touches the
//! real user's files.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Env {
    pub dir: tempfile::TempDir,
}

/// What a run of coffer did.
pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.out()))
    }
    /// Assert success and return self.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert_eq!(
            self.code,
            0,
            "expected success; stderr: {}\nstdout: {}",
            self.stderr,
            self.out()
        );
        self
    }
    /// Assert the exit code and return self.
    #[track_caller]
    pub fn code(self, code: i32) -> Self {
        assert_eq!(
            self.code,
            code,
            "expected exit {code}; stderr: {}\nstdout: {}",
            self.stderr,
            self.out()
        );
        self
    }
    /// Assert stderr contains `text`.
    #[track_caller]
    pub fn stderr_has(self, text: &str) -> Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}: {}",
            self.stderr
        );
        self
    }
}

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    /// A fresh environment with no vault.
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A fresh environment with an initialised vault (unprotected identity).
    pub fn with_vault() -> Env {
        let env = Env::new();
        env.run(&["init"]).ok();
        env
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The default vault path under the temp XDG_DATA_HOME.
    pub fn vault(&self) -> PathBuf {
        self.path("data/coffer/vault.age")
    }

    /// The default identity path under the temp XDG_CONFIG_HOME.
    pub fn identity(&self) -> PathBuf {
        self.path("config/coffer/identity.txt")
    }

    /// A `coffer` command with a clean environment pointing into the temp dir.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_coffer"));
        cmd.args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("USER", "tester")
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_STATE_HOME", self.path("state"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Run coffer with no stdin.
    pub fn run(&self, args: &[&str]) -> Run {
        to_run(self.cmd(args).output().expect("run coffer"))
    }

    /// Run coffer with `input` on stdin.
    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        let mut cmd = self.cmd(args);
        cmd.stdin(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn coffer");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input)
            .expect("write stdin");
        to_run(child.wait_with_output().expect("wait for coffer"))
    }

    /// Every audit row (or those `filter`, extra `audit:logs` arguments,
    /// picks), oldest first, as `audit:logs --format json` prints them.
    pub fn audit_rows(&self, filter: &[&str]) -> Vec<serde_json::Value> {
        let mut args = vec!["audit:logs", "--format", "json"];
        args.extend_from_slice(filter);
        match self.run(&args).ok().json() {
            serde_json::Value::Array(rows) => rows,
            other => panic!("audit:logs is not a JSON array: {other}"),
        }
    }

    /// The vault as one SQLite image: the journal folded in first
    /// (`vault:compact`, which a broken vault refuses: then the checkpoint
    /// as it is), then the checkpoint decrypted.
    pub fn image(&self) -> Vec<u8> {
        let _ = self.run(&["vault:compact"]);
        decrypt_vault(&self.vault(), &self.identity())
    }

    /// Everything the vault is on disk, to compare or put back: the
    /// checkpoint and every journal file.
    pub fn vault_state(&self) -> VaultState {
        let mut files = std::collections::BTreeMap::new();
        files.insert(self.vault(), self.vault_bytes());
        if let Ok(entries) = std::fs::read_dir(self.journal_dir()) {
            for e in entries.flatten() {
                files.insert(e.path(), std::fs::read(e.path()).unwrap());
            }
        }
        VaultState { files }
    }

    /// Put the vault back as `state` holds it (an older copy of the
    /// checkpoint and its journal, as a backup would restore them).
    pub fn restore(&self, state: &VaultState) {
        let _ = std::fs::remove_dir_all(self.journal_dir());
        for (path, bytes) in &state.files {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }

    /// The library's view of this environment's vault, as the binary would
    /// resolve it.
    pub fn location(&self) -> coffer::vault::Location {
        coffer::vault::Location {
            vault: self.vault(),
            identity: self.identity(),
            passphrase: Default::default(),
            lock_timeout: std::time::Duration::from_secs(1),
            state_dir: Some(self.path("state/coffer")),
            expect: Default::default(),
            read_only: false,
        }
    }

    /// Create secret `name` from `kib` KiB of random bytes (seeded), and
    /// return them.
    pub fn create_blob(&self, name: &str, kib: usize, seed: u64) -> Vec<u8> {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let blob: Vec<u8> = (0..kib * 1024).map(|_| rng.r#gen()).collect();
        let path = self.path(&format!("{name}.blob"));
        std::fs::write(&path, &blob).unwrap();
        self.run(&[
            "secrets:create",
            name,
            "--from-file",
            path.to_str().unwrap(),
        ])
        .ok();
        blob
    }

    /// The journal folder beside the vault.
    pub fn journal_dir(&self) -> PathBuf {
        self.path("data/coffer/vault.journal")
    }

    /// The vault file's bytes.
    pub fn vault_bytes(&self) -> Vec<u8> {
        std::fs::read(self.vault()).expect("read vault")
    }
}

/// A vault's files, as [`Env::vault_state`] read them.
#[derive(Clone, PartialEq, Eq)]
pub struct VaultState {
    files: std::collections::BTreeMap<PathBuf, Vec<u8>>,
}

impl std::fmt::Debug for VaultState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use sha2::Digest;
        let mut l = f.debug_list();
        for (path, bytes) in &self.files {
            l.entry(&format!(
                "{}: {} bytes, sha256 {}",
                path.display(),
                bytes.len(),
                &hex::encode(sha2::Sha256::digest(bytes))[..16]
            ));
        }
        l.finish()
    }
}

pub fn to_run(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Decrypt a vault file with an identity file, using the age crate (as
/// `age -d -i identity vault` would), into a SQLite image.
pub fn decrypt_vault(vault: &Path, identity: &Path) -> Vec<u8> {
    use std::io::Read;
    let ids = age::IdentityFile::from_file(identity.to_str().unwrap().to_owned())
        .expect("identity file")
        .into_identities()
        .expect("identities");
    let file = std::fs::File::open(vault).expect("open vault");
    let dec =
        age::Decryptor::new_buffered(age::armor::ArmoredReader::new(file)).expect("age header");
    let mut r = dec
        .decrypt(ids.iter().map(|i| i.as_ref() as &dyn age::Identity))
        .expect("decrypt");
    let mut out = Vec::new();
    r.read_to_end(&mut out).expect("read plaintext");
    out
}

/// Encrypt a SQLite image to the identity's recipient and write it as the vault
/// (what an insider with the identity could do).
pub fn encrypt_vault(image: &[u8], vault: &Path, identity: &Path) {
    encrypt_vault_as(image, vault, identity, age::armor::Format::Binary)
}

/// Like [`encrypt_vault`], in the given age format (binary or ASCII armor).
pub fn encrypt_vault_as(image: &[u8], vault: &Path, identity: &Path, format: age::armor::Format) {
    let text = std::fs::read_to_string(identity).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .unwrap();
    let id: age::x25519::Identity = line.parse().unwrap();
    let recipient = id.to_public();
    let enc = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        .unwrap();
    let mut out = Vec::new();
    {
        let armored = age::armor::ArmoredWriter::wrap_output(&mut out, format).unwrap();
        let mut w = enc.wrap_output(armored).unwrap();
        w.write_all(image).unwrap();
        w.finish().unwrap().finish().unwrap();
    }
    std::fs::write(vault, out).unwrap();
}

/// Open a decrypted image in SQLite, change it with `edit`, return the new image.
pub fn edit_image(image: &[u8], edit: impl FnOnce(&rusqlite::Connection)) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    std::fs::write(&db, image).unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        edit(&conn);
    }
    std::fs::read(&db).unwrap()
}

/// Hold the exclusive lock a coffer writer takes on `lock_path` (std's flock,
/// as another coffer process would), until the returned file is dropped or
/// unlocked.
pub fn hold_lock(lock_path: impl AsRef<Path>) -> std::fs::File {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path)
        .expect("open the lock file");
    file.lock().expect("take the lock");
    file
}

/// The age identity in an identity file (unprotected).
pub fn load_identity(identity: &Path) -> age::x25519::Identity {
    let text = std::fs::read_to_string(identity).unwrap();
    text.lines()
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .expect("an unprotected identity")
        .parse()
        .unwrap()
}

/// Change a decrypted image as an insider who holds `identity` would, to get
/// past coffer's checks: drop coffer's triggers, run `edit`, put the
/// triggers back exactly as they were, and sign the result with the
/// identity's signing key, as coffer would after a write.
pub fn insider_edit(
    image: &[u8],
    identity: &Path,
    edit: impl FnOnce(&rusqlite::Connection),
) -> Vec<u8> {
    let key = coffer::keys::signing_key(&load_identity(identity));
    edit_image(image, |c| {
        keep_triggers(c, |c| {
            for (name, _) in triggers(c) {
                c.execute_batch(&format!("DROP TRIGGER \"{name}\";"))
                    .unwrap();
            }
            edit(c);
        });
        coffer::vault::sign::sign(c, &key).unwrap();
    })
}

/// The image's triggers as (name, SQL).
fn triggers(c: &rusqlite::Connection) -> Vec<(String, String)> {
    c.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Run `edit`, then put back, exactly as they were, the triggers it dropped.
pub fn keep_triggers(c: &rusqlite::Connection, edit: impl FnOnce(&rusqlite::Connection)) {
    let before = triggers(c);
    edit(c);
    let after = triggers(c);
    for (name, sql) in before.iter().filter(|t| !after.contains(t)) {
        c.execute_batch(sql)
            .unwrap_or_else(|e| panic!("restoring trigger {name}: {e}"));
    }
}

/// [`insider_edit`] on the environment's vault, in place.
pub fn insider_edit_vault(env: &Env, edit: impl FnOnce(&rusqlite::Connection)) {
    let image = env.image();
    let image = insider_edit(&image, &env.identity(), edit);
    encrypt_vault(&image, &env.vault(), &env.identity());
}

/// Sign an edited image with the identity's signing key, as coffer signs
/// every write (an insider holding the identity can).
pub fn resign(image: &[u8], identity: &Path) -> Vec<u8> {
    let key = coffer::keys::signing_key(&load_identity(identity));
    edit_image(image, |c| coffer::vault::sign::sign(c, &key).unwrap())
}

/// The vault and identity made by the coffer 0.1 binary (schema 2, commit
/// 538d92d; tests/fixtures/v0.1), copied into `env` as `legacy/vault.age`
/// and `legacy/identity.txt` (0600): DATABASE_URL (disabled), API_KEY (two
/// versions, read once, tagged billing), OLD_TOKEN (deleted). Returns the
/// vault's path.
pub fn legacy_fixture(env: &Env) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v0.1");
    let vault = env.path("legacy/vault.age");
    std::fs::create_dir_all(vault.parent().unwrap()).unwrap();
    std::fs::copy(from.join("vault.age"), &vault).unwrap();
    let identity = env.path("legacy/identity.txt");
    std::fs::copy(from.join("identity.txt"), &identity).unwrap();
    std::fs::set_permissions(&identity, std::fs::Permissions::from_mode(0o600)).unwrap();
    vault
}

impl Env {
    /// `sh -c script` in this environment (the same variables and folder as
    /// [`Env::cmd`]), with the coffer under test first on PATH, for what
    /// needs a shell: `umask`, `eval`, pipes.
    pub fn shell(&self, script: &str) -> Command {
        let template = self.cmd(&[]);
        let bin = Path::new(env!("CARGO_BIN_EXE_coffer"))
            .parent()
            .expect("the binary is in a folder");
        let mut path = std::ffi::OsString::from(bin);
        path.push(":");
        path.push(std::env::var_os("PATH").unwrap_or_default());
        let mut cmd = Command::new("sh");
        cmd.arg("-c").arg(script).env_clear();
        for (key, value) in template.get_envs() {
            if let Some(value) = value {
                cmd.env(key, value);
            }
        }
        cmd.env("PATH", path)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }
}

impl Env {
    /// [`Env::cmd`] with the wall clock frozen at `time` (UTC, `YYYY-MM-DD
    /// HH:MM:SS`) by libfaketime, for output that shows times. The
    /// monotonic clock (lock waits) and file times are left real. faketime
    /// is required: `.ci/run` installs it.
    pub fn cmd_at(&self, time: &str, args: &[&str]) -> Command {
        let template = self.cmd(args);
        let mut cmd = Command::new("faketime");
        // `-f` takes libfaketime's own spec: an absolute time stands still
        // (the wrapper's plain form would start the clock there and run).
        cmd.arg("-f")
            .arg(time)
            .arg(template.get_program())
            .args(template.get_args())
            .env_clear();
        for (key, value) in template.get_envs() {
            if let Some(value) = value {
                cmd.env(key, value);
            }
        }
        cmd.env("TZ", "UTC")
            .env("DONT_FAKE_MONOTONIC", "1")
            .env("NO_FAKE_STAT", "1")
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Run coffer at a fixed time (see [`Env::cmd_at`]).
    pub fn run_at(&self, time: &str, args: &[&str]) -> Run {
        let out = self
            .cmd_at(time, args)
            .output()
            .expect("run faketime (install it: apt-get install faketime)");
        to_run(out)
    }
}

/// `secrets:versions NAME` of `env`'s vault as (number, kind) pairs.
pub fn versions(env: &Env, name: &str) -> Vec<(i64, String)> {
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
                v["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// What a git merge makes of `from`'s journal logs in `to`'s: each log is
/// appended to by one clone only, so the longer side of each file wins.
pub fn merge_logs(from: &Env, to: &Env) {
    let len = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    for log in std::fs::read_dir(from.journal_dir()).unwrap() {
        let log = log.unwrap().path();
        let there = to.journal_dir().join(log.file_name().unwrap());
        if len(&log) > len(&there) {
            std::fs::copy(&log, &there).unwrap();
        }
    }
}

/// What a command built from [`Env::cmd`] or [`Env::shell`] did.
pub fn run_command(mut cmd: Command) -> Run {
    to_run(cmd.output().expect("run the command"))
}

/// Whether util-linux `script` is here to give coffer a real terminal
/// (tests skip without it, except in CI, where it must be).
pub fn have_script() -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", "command -v script"])
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    // CI installs it (.ci/run sets COFFER_REQUIRE_SHELLS): fail there.
    assert!(
        found || std::env::var_os("COFFER_REQUIRE_SHELLS").is_none(),
        "util-linux script is required (apt-get install bsdutils)"
    );
    if !found {
        eprintln!("skipped: util-linux script is not installed");
    }
    found
}
