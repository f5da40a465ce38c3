//! The user's age identity: an X25519 key in age's own identity file format,
//! optionally encrypted with a passphrase (age's scrypt format, armored), as
//! `age-keygen` and `age -p` would write it.

use std::fs;
use std::io::{BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use age::secrecy::{ExposeSecret, SecretString};
use age::x25519;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Where a passphrase comes from when an identity needs one.
#[derive(Debug, Clone, Default)]
pub struct PassphraseSource {
    /// `--passphrase-file` or `COFFER_PASSPHRASE_FILE`.
    pub file: Option<PathBuf>,
    /// Never prompt and never start an agent (shell completion): a
    /// protected identity opens only through a running agent or the file.
    pub no_prompt: bool,
}

/// The largest scrypt work factor (log2 N) of a protected identity read.
const MAX_WORK_FACTOR: u8 = 20;

/// How many times a person at a terminal may type the passphrase.
const TRIES: usize = 3;

impl PassphraseSource {
    /// The passphrase: the first line of the file if one is set, otherwise a hidden
    /// prompt on the terminal. `None` when neither is available.
    fn read(&self, prompt: &str) -> Result<Option<SecretString>> {
        if let Some(path) = &self.file {
            let bytes = Zeroizing::new(
                fs::read(path).map_err(|e| Error::io("cannot read passphrase file", path, e))?,
            );
            let text = std::str::from_utf8(&bytes).map_err(|_| {
                Error::usage(format!(
                    "passphrase file {} is not valid UTF-8",
                    path.display()
                ))
            })?;
            let line = text.lines().next().unwrap_or("");
            return Ok(Some(SecretString::from(line.to_owned())));
        }
        if self.no_prompt || !has_terminal() {
            return Ok(None);
        }
        let pass = rpassword::prompt_password(prompt)
            .map_err(|e| Error::failure(format!("cannot read the passphrase: {e}")))?;
        Ok(Some(SecretString::from(pass)))
    }
}

/// Whether a person can answer a prompt: coffer prompts on the terminal, so a
/// pipe on stdin (a value being piped in) still allows a passphrase prompt.
pub fn has_terminal() -> bool {
    std::io::stdin().is_terminal() || std::io::stderr().is_terminal()
}

const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";
const BINARY_BEGIN: &[u8] = b"age-encryption.org/";

/// Load the identity at `path`, asking for its passphrase if it is protected
/// (up to three times at a terminal, once from a passphrase file).
/// A file that others may read or write is refused, as ssh refuses such keys.
pub fn load(path: &Path, pass: &PassphraseSource) -> Result<x25519::Identity> {
    match read_file(path)? {
        Contents::Plain(text) => parse(&text, path),
        Contents::Protected(bytes) => unlock_file(path, &bytes, pass).map(|(id, _)| id),
    }
}

/// The error for an identity file that is missing while a vault encrypted
/// to it is there: a lost key, not a step to take (`coffer init` makes a new
/// key, which opens no existing vault). `keys`: how many keys the vault's
/// age header says it is encrypted to.
pub fn lost(identity: &Path, vault: &Path, keys: Option<usize>) -> Error {
    let which = match keys {
        Some(1) => " (its only key)".to_owned(),
        Some(n) => format!(" (one of the {n} age keys it is encrypted to)"),
        None => String::new(),
    };
    Error::not_found(format!(
        "the identity file {} is missing: the vault at {} is encrypted to the key that file held{which}, and without it nothing in the vault can be decrypted",
        identity.display(),
        vault.display()
    ))
    .hint(format!(
        "restore {} from your backup, or point --identity / COFFER_IDENTITY at where it is; `coffer init` would make a new key, which cannot open this vault",
        identity.display()
    ))
}

/// What an identity file holds.
enum Contents {
    Plain(Zeroizing<Vec<u8>>),
    /// age-encrypted to a passphrase.
    Protected(Zeroizing<Vec<u8>>),
}

/// Whether the identity at `path` is protected by a passphrase (`None` when
/// it cannot be read).
pub fn is_protected(path: &Path) -> Option<bool> {
    match read_file(path).ok()? {
        Contents::Plain(_) => Some(false),
        Contents::Protected(_) => Some(true),
    }
}

fn read_file(path: &Path) -> Result<Contents> {
    let mut file = fs::File::open(path).map_err(|e| {
        let err = Error::io("cannot read identity", path, e);
        if err.exit == crate::error::Exit::NotFound {
            err.hint(
                "point --identity / COFFER_IDENTITY at yours, or restore it from your backup; `coffer init` would make a new key at this path, which opens no vault made with yours",
            )
        } else {
            err
        }
    })?;
    let meta = file
        .metadata()
        .map_err(|e| Error::io("cannot read identity", path, e))?;
    check_private(path, &meta)?;
    // Room for the whole file up front, so no reallocation leaves a copy of
    // the key behind in freed memory.
    let mut bytes = Zeroizing::new(Vec::with_capacity(
        usize::try_from(meta.len()).unwrap_or(0).saturating_add(1),
    ));
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::io("cannot read identity", path, e))?;
    Ok(
        if bytes.starts_with(ARMOR_BEGIN) || bytes.starts_with(BINARY_BEGIN) {
            Contents::Protected(bytes)
        } else {
            Contents::Plain(bytes)
        },
    )
}

/// Decrypt a protected identity with its passphrase: from the file once, or
/// asked up to [`TRIES`] times on the terminal. Also says whether a person
/// typed it (then an agent may be started).
fn unlock_file(
    path: &Path,
    bytes: &[u8],
    pass: &PassphraseSource,
) -> Result<(x25519::Identity, bool)> {
    let tries = if pass.file.is_some() { 1 } else { TRIES };
    let mut last = None;
    for attempt in 0..tries {
        let prompt = if attempt == 0 {
            format!("Passphrase for {}: ", path.display())
        } else {
            format!("Wrong passphrase; try again ({} of {tries}): ", attempt + 1)
        };
        let passphrase = pass.read(&prompt)?.ok_or_else(|| {
            Error::decrypt(format!(
                "identity {} is protected by a passphrase, and there is no terminal to ask for it",
                path.display()
            ))
            .hint("run `coffer unlock` first, or set COFFER_PASSPHRASE_FILE to a file holding the passphrase")
        })?;
        match decrypt_identity(bytes, passphrase, path) {
            Ok(text) => return Ok((parse(&text, path)?, pass.file.is_none())),
            Err(e) if e.message.ends_with("wrong passphrase") => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.expect("at least one try").hint(if tries > 1 {
        format!("{tries} wrong passphrases; nothing was changed")
    } else {
        "check the passphrase file; nothing was changed".to_owned()
    }))
}

/// The key a command opens vaults with: the identity itself when it is not
/// protected; otherwise the agent holding it unlocked (`coffer unlock`), or
/// else the identity unlocked with its passphrase, which (when a person
/// typed it) starts an agent when `COFFER_AGENT_AUTOSTART` is on.
pub fn key(path: &Path, pass: &PassphraseSource) -> Result<Key> {
    let bytes = match read_file(path)? {
        Contents::Plain(text) => return Ok(Key::local(parse(&text, path)?)),
        Contents::Protected(bytes) => bytes,
    };
    // A socket folder that is not private (another user made it first) is
    // not used, but does not keep the user from their vault.
    let sock = match crate::agent::socket_for(path) {
        Ok(sock) => Some(sock),
        Err(e) => {
            if !pass.no_prompt {
                crate::output::warn(&format!("not using an agent: {}", e.message));
            }
            None
        }
    };
    if let Some(sock) = &sock
        && let Some(client) = crate::agent::Client::for_identity(path, sock)?
    {
        return Ok(Key::Agent(Box::new(client)));
    }
    let (identity, typed) = unlock_file(path, &bytes, pass)?;
    if typed && sock.is_some() && !pass.no_prompt && crate::agent::autostart_enabled() {
        // Started in the background: said on the terminal, never silently.
        match crate::agent::start(path, &identity, crate::agent::DEFAULT_TTL) {
            Ok(hello) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "note: identity unlocked until {} by an agent (pid {}); `coffer lock` forgets it",
                    crate::time::format(hello.expires_at),
                    hello.pid,
                );
            }
            Err(e) => crate::output::warn(&format!(
                "the identity stays locked: {} (unset {} to not start an agent)",
                e.message,
                crate::agent::AUTOSTART_ENV
            )),
        }
    }
    Ok(Key::local(identity))
}

/// The key a vault is opened with: the identity in this process, or an
/// agent that holds it. Either unwraps age file keys ([`age::Identity`])
/// and signs with the signing key derived from the identity
/// ([`super::sign`]); neither hands the identity out.
pub enum Key {
    Local(Box<LocalKey>),
    Agent(Box<crate::agent::Client>),
}

/// An identity held in this process, with its derived signing key.
pub struct LocalKey {
    identity: x25519::Identity,
    signing: ed25519_dalek::SigningKey,
}

impl Key {
    pub fn local(identity: x25519::Identity) -> Key {
        let signing = crate::keys::signing_key(&identity);
        Key::Local(Box::new(LocalKey { identity, signing }))
    }

    /// The identity's public key, which vaults are encrypted to.
    pub fn recipient(&self) -> x25519::Recipient {
        match self {
            Key::Local(k) => k.identity.to_public(),
            Key::Agent(c) => c.recipient(),
        }
    }

    /// The public half of the signing key.
    pub fn verifying_key(&self) -> ed25519_dalek::VerifyingKey {
        match self {
            Key::Local(k) => k.signing.verifying_key(),
            Key::Agent(c) => c.verifying_key(),
        }
    }

    /// Sign `message` with the signing key.
    pub fn sign(&self, message: &[u8]) -> Result<ed25519_dalek::Signature> {
        match self {
            Key::Local(k) => Ok(ed25519_dalek::Signer::sign(&k.signing, message)),
            Key::Agent(c) => c.sign(message),
        }
    }

    /// Why the last unwrap failed, when the agent said (or failed to say):
    /// age reports only that it failed.
    pub fn take_error(&self) -> Option<Error> {
        match self {
            Key::Local(_) => None,
            Key::Agent(c) => c.last_error.borrow_mut().take(),
        }
    }

    /// The agent serving this key, if one does.
    pub fn agent(&self) -> Option<&crate::agent::Client> {
        match self {
            Key::Local(_) => None,
            Key::Agent(c) => Some(c),
        }
    }
}

impl age::Identity for Key {
    fn unwrap_stanza(
        &self,
        stanza: &age_core::format::Stanza,
    ) -> Option<std::result::Result<age_core::format::FileKey, age::DecryptError>> {
        self.unwrap_stanzas(std::slice::from_ref(stanza))
    }

    fn unwrap_stanzas(
        &self,
        stanzas: &[age_core::format::Stanza],
    ) -> Option<std::result::Result<age_core::format::FileKey, age::DecryptError>> {
        match self {
            Key::Local(k) => k.identity.unwrap_stanzas(stanzas),
            Key::Agent(c) => c.unwrap_stanzas(stanzas),
        }
    }
}

/// Refuse an identity file with any group or other permission bit, as ssh
/// does: whoever can read it can decrypt every vault it opens. Only regular
/// files are checked; a pipe (`--identity <(pass show coffer)`) is read once.
fn check_private(path: &Path, meta: &fs::Metadata) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o7777;
    if meta.is_file() && mode & 0o077 != 0 {
        return Err(Error::denied(format!(
            "identity {} is accessible by others (mode {mode:04o}); refusing to use it",
            path.display()
        ))
        .hint(format!(
            "chmod 600 {} (and if someone else could read it, treat the key as exposed)",
            path.display()
        )));
    }
    Ok(())
}

fn decrypt_identity(
    bytes: &[u8],
    passphrase: SecretString,
    path: &Path,
) -> Result<Zeroizing<Vec<u8>>> {
    let wrong = || {
        Error::decrypt(format!(
            "cannot decrypt identity {}: wrong passphrase",
            path.display()
        ))
    };
    let decryptor =
        age::Decryptor::new_buffered(age::armor::ArmoredReader::new(bytes)).map_err(|e| {
            Error::decrypt(format!(
                "identity {} is not a valid encrypted identity: {e}",
                path.display()
            ))
        })?;
    let mut identity = age::scrypt::Identity::new(passphrase);
    // age caps the work factor by timing scrypt now, so a busy machine
    // refuses the file it wrote when idle; a fixed cap (1 GiB, seconds)
    // still refuses a file crafted to take hours.
    identity.set_max_work_factor(MAX_WORK_FACTOR);
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys => wrong(),
            other => Error::decrypt(format!(
                "cannot decrypt identity {}: {other}",
                path.display()
            )),
        })?;
    let mut out = Zeroizing::new(Vec::new());
    reader.read_to_end(&mut out).map_err(|_| wrong())?;
    Ok(out)
}

fn parse(text: &[u8], path: &Path) -> Result<x25519::Identity> {
    let bad = || {
        Error::decrypt(format!(
            "{} is not an age identity file (expected a line AGE-SECRET-KEY-1...)",
            path.display()
        ))
    };
    for line in BufReader::new(text).lines() {
        let line = Zeroizing::new(line.map_err(|_| bad())?);
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        return line.parse::<x25519::Identity>().map_err(|_| bad());
    }
    Err(bad())
}

/// Create a new identity file at `path` (mode 0600, never overwriting). With a
/// passphrase, the file is age-encrypted to it (scrypt) and armored.
pub fn create(path: &Path, passphrase: Option<SecretString>) -> Result<x25519::Identity> {
    let identity = x25519::Identity::generate();
    let created = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let text = Zeroizing::new(format!(
        "# created: {created}\n# public key: {}\n{}\n",
        identity.to_public(),
        identity.to_string().expose_secret()
    ));
    let contents: Zeroizing<Vec<u8>> = match passphrase {
        None => Zeroizing::new(text.as_bytes().to_vec()),
        Some(pass) => {
            let mut out = Vec::new();
            let enc = age::Encryptor::with_user_passphrase(pass);
            let armored =
                age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
                    .and_then(|a| enc.wrap_output(a))
                    .and_then(|mut w| {
                        w.write_all(text.as_bytes())?;
                        w.finish()
                    })
                    .and_then(|a| a.finish());
            armored.map_err(|e| Error::failure(format!("cannot encrypt the identity: {e}")))?;
            Zeroizing::new(out)
        }
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::fsutil::create_private_dir_all(dir)?;
    }
    // Write a 0600 temp file beside it, then link it into place: a crash never
    // leaves a half-written identity, and an existing one is never replaced.
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".coffer-identity.")
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot create a temp file in", dir, e))?;
    tmp.write_all(&contents)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io("cannot write identity", path, e))?;
    tmp.persist_noclobber(path)
        .map_err(|e| Error::io("cannot create identity", path, e.error))?;
    Ok(identity)
}

/// Ask for a new passphrase twice on the terminal (empty: none), or read it from
/// the passphrase file. `Ok(None)` means the identity stays unprotected.
pub fn new_passphrase(pass: &PassphraseSource) -> Result<Option<SecretString>> {
    if pass.file.is_some() {
        let p = pass
            .read("")?
            .expect("a passphrase file yields a passphrase");
        if p.expose_secret().is_empty() {
            return Err(Error::usage("the passphrase file is empty"));
        }
        return Ok(Some(p));
    }
    if !has_terminal() {
        return Ok(None);
    }
    let first = Zeroizing::new(
        rpassword::prompt_password("Passphrase for the new identity (empty for none): ")
            .map_err(|e| Error::failure(format!("cannot read the passphrase: {e}")))?,
    );
    if first.is_empty() {
        return Ok(None);
    }
    let second = Zeroizing::new(
        rpassword::prompt_password("Repeat the passphrase: ")
            .map_err(|e| Error::failure(format!("cannot read the passphrase: {e}")))?,
    );
    if *first != *second {
        return Err(Error::usage(
            "the passphrases do not match; nothing was created",
        ));
    }
    Ok(Some(SecretString::from(first.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_identity_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("id.txt");
        let made = create(&path, None).unwrap();
        let loaded = load(&path, &PassphraseSource::default()).unwrap();
        assert_eq!(made.to_public().to_string(), loaded.to_public().to_string());
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(create(&path, None).is_err(), "an identity was overwritten");
    }

    #[test]
    fn garbage_is_not_an_identity() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("id.txt");
        fs::write(&path, "# comment\nhello\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let Err(err) = load(&path, &PassphraseSource::default()) else {
            panic!("garbage loaded as an identity")
        };
        assert_eq!(err.exit, crate::error::Exit::Decrypt);
        assert!(!err.message.contains("hello"));
    }
}
