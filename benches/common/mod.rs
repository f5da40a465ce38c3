//! What both benchmarks share: running the release binary with a clean
//! environment, and the statistics they print.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use coffer::vault::Location;

/// Runs the coffer binary on one vault, with HOME and the XDG folders in a
/// temp folder, so a benchmark never touches the user's files.
pub struct Runner<'a> {
    pub bin: &'a Path,
    pub home: &'a Path,
    pub loc: &'a Location,
}

impl Runner<'_> {
    /// Run coffer once with a clean environment; panic unless it succeeds.
    pub fn once(&self, args: &[String]) -> Vec<u8> {
        let mut cmd = Command::new(self.bin);
        cmd.arg("--vault")
            .arg(&self.loc.vault)
            .arg("--identity")
            .arg(&self.loc.identity)
            .args(args)
            .env("HOME", self.home)
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_STATE_HOME", self.home.join(".local/state"))
            .env("XDG_CACHE_HOME", self.home.join(".cache"))
            .env_remove("COFFER_VAULT")
            .env_remove("COFFER_IDENTITY")
            .env_remove("COFFER_PASSPHRASE_FILE")
            .env_remove("COFFER_LOCK_TIMEOUT")
            .stdin(Stdio::null());
        let out = cmd.output().expect("run coffer");
        assert!(
            out.status.success(),
            "coffer {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }
}

impl Runner<'_> {
    /// What a shell's Tab runs at a secret name: `coffer __complete-names`
    /// with `coffer --vault V --identity I WORDS...` on stdin, NUL-ended;
    /// panics unless it finds a name slot (exit 0).
    pub fn complete_names(&self, words: &[&str]) -> Vec<u8> {
        use std::io::Write;
        let mut input = Vec::new();
        let vault = self.loc.vault.to_str().expect("a UTF-8 path");
        let identity = self.loc.identity.to_str().expect("a UTF-8 path");
        for w in ["coffer", "--vault", vault, "--identity", identity]
            .iter()
            .chain(words)
        {
            input.extend_from_slice(w.as_bytes());
            input.push(0);
        }
        let mut child = Command::new(self.bin)
            .arg(coffer::completions::names::COMMAND)
            .env_clear()
            .env("HOME", self.home)
            .env("XDG_STATE_HOME", self.home.join(".local/state"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run coffer");
        child.stdin.take().unwrap().write_all(&input).unwrap();
        let out = child.wait_with_output().expect("wait for coffer");
        assert!(
            out.status.success(),
            "{words:?}: no name slot ({})",
            out.status
        );
        out.stdout
    }
}

/// The size of an open vault's SQLite image, in bytes.
pub fn image_bytes(db: &rusqlite::Connection) -> u64 {
    db.query_row(
        "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        [],
        |r| r.get::<_, i64>(0),
    )
    .expect("page count and size") as u64
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

pub fn median(sorted: &[Duration]) -> Duration {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

pub fn p90(sorted: &[Duration]) -> Duration {
    sorted[(sorted.len() * 9).div_ceil(10) - 1]
}

/// Where a bench keeps a vault: `folder/vault.age`, with the identity file
/// `folder/IDENTITY`. Runs remember heads under their own XDG_STATE_HOME.
pub fn location(folder: &Path, identity: &str) -> Location {
    Location {
        vault: folder.join("vault.age"),
        identity: folder.join(identity),
        passphrase: Default::default(),
        lock_timeout: coffer::vault::lock::DEFAULT_TIMEOUT,
        state_dir: None,
        expect: Default::default(),
        read_only: false,
    }
}

/// Make the vault at `loc` for `identity`, as one checkpoint (no journal
/// record), holding each (name, value) of `secrets` as an `api_key` secret
/// with `tags`, and its `created` audit row.
pub fn create_vault(
    loc: &Location,
    identity: age::x25519::Identity,
    tags: &[&str],
    secrets: impl IntoIterator<Item = (String, String)>,
) {
    use coffer::audit::Event;
    use coffer::model::Action;
    use coffer::store::{self, Ctx, NewSecret};
    let recipient = identity.to_public().to_string();
    let vault = coffer::vault::Vault::create(loc, identity, false, |db, key| {
        store::init_vault(db, &recipient, key, "bench", None)?;
        let ctx = Ctx::new(db, &recipient)?;
        for (name, value) in secrets {
            store::insert(
                &ctx,
                &NewSecret {
                    name: name.clone(),
                    kind: "api_key".to_owned(),
                    description: None,
                    tags: tags.iter().map(|t| (*t).to_owned()).collect(),
                    metadata: Default::default(),
                    activates_at: None,
                    expires_at: None,
                    value: value.as_bytes(),
                },
            )?;
            ctx.audit(
                Event::secret(Action::Created, &name, Some(1))
                    .detail("fingerprint", ctx.fingerprint(value.as_bytes()))
                    .detail("type", "api_key"),
            )?;
        }
        ctx.take_ops();
        Ok(())
    })
    .expect("build the vault");
    drop(vault);
}
