//! The agent: one background process per identity file that keeps a
//! passphrase-protected identity unlocked for a while (`coffer unlock`), as
//! ssh-agent and gpg-agent do, so that each command does not ask for the
//! passphrase and run scrypt again.
//!
//! The agent never hands out the identity. It serves only what a command
//! needs: the public halves (the x25519 recipient and the Ed25519 verifying
//! key), unwrapping an age file key from a file's recipient stanzas, and
//! signing a message with the signing key derived from the identity
//! ([`crate::keys`]).
//!
//! - Where: a Unix socket `agent-HASH.sock`, HASH naming the identity file's
//!   canonical path, in `$XDG_RUNTIME_DIR/coffer/` (a folder of mode 0700),
//!   or when `XDG_RUNTIME_DIR` is unset in `$TMPDIR/coffer-agent-UID/`
//!   (default `/tmp`), which must be a folder (not a link) this user owns
//!   with mode 0700, or coffer refuses to use it (exit 4). The socket is
//!   0600. `COFFER_AGENT_SOCK` names a socket to use instead (as
//!   `SSH_AUTH_SOCK` does); the agent found there serves whichever identity
//!   it holds.
//! - Who: the agent answers only processes of its own user (`SO_PEERCRED`);
//!   the client also checks that the agent is its own user's.
//! - How: it is this binary run again with the hidden `agent:serve`
//!   command, the identity written to it through a pipe (never argv, env or
//!   a file), in a session of its own with stdio closed. It locks its memory
//!   where it can (`mlockall`), makes no core dumps (`main` turns them off),
//!   keeps keys in zeroizing memory, and exits at its TTL, on `coffer lock`,
//!   or when the identity file is removed or replaced.
//! - Wire: frames of a 4-byte big-endian length and a MessagePack
//!   [`Request`] or [`Response`].

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use age::secrecy::ExposeSecret;
use age::x25519;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_bytes::ByteBuf;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Names a socket to use instead of the identity's own (tests, forwarding).
pub const SOCK_ENV: &str = "COFFER_AGENT_SOCK";
/// `0`, `false`, `no` or `off`: a passphrase prompt does not start an agent.
pub const AUTOSTART_ENV: &str = "COFFER_AGENT_AUTOSTART";
/// How long an agent that a passphrase prompt started keeps the identity.
pub const DEFAULT_TTL: Duration = Duration::from_secs(15 * 60);
/// The wire protocol's version, checked in [`Hello`].
const PROTOCOL: u32 = 1;
/// The largest frame either side accepts.
const MAX_FRAME: u32 = 1 << 20;
/// How long a client waits for an answer, and an agent for a request.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// A stanza of an age file's header, as the agent gets it.
#[derive(Debug, Serialize, Deserialize)]
pub struct WireStanza {
    pub tag: String,
    pub args: Vec<String>,
    pub body: ByteBuf,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    /// Who are you: the public halves and the TTL.
    Hello,
    /// Unwrap the file key from one of these stanzas (one file's header).
    Unwrap(Vec<WireStanza>),
    /// Sign this message with the signing key.
    Sign(ByteBuf),
    /// Forget the identity and exit.
    Lock,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum Response {
    Hello(Hello),
    /// No stanza is for this identity.
    NoMatch,
    /// A stanza was for this identity, but it did not unwrap.
    Failed,
    FileKey(ByteBuf),
    Signature(ByteBuf),
    Locked,
    /// The request was refused (another user, a malformed request).
    Refused(String),
}

/// What an agent says about itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hello {
    pub protocol: u32,
    /// The identity file it holds, canonical.
    pub identity: String,
    /// The identity's x25519 recipient (`age1...`).
    pub recipient: String,
    /// The Ed25519 verifying key of the derived signing key.
    pub verifying_key: ByteBuf,
    /// When it forgets the identity and exits (Unix seconds).
    pub expires_at: i64,
    pub pid: u32,
}

/// Whether a passphrase prompt starts an agent ([`AUTOSTART_ENV`]).
pub fn autostart_enabled() -> bool {
    match std::env::var(AUTOSTART_ENV) {
        // Off unless asked for: an agent started behind the user's back
        // would also serve every program a command runs (`coffer run`,
        // `rotate --command`), for its whole TTL.
        Ok(v) => matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        ),
        Err(_) => false,
    }
}

/// The identity file's canonical path, as agents are keyed on it.
pub fn canonical_identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The folder of agent sockets, made (0700) if missing and checked to be
/// this user's own and private.
pub fn socket_dir() -> Result<PathBuf> {
    let uid = rustix::process::getuid().as_raw();
    let dir = match std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        Some(run) => PathBuf::from(run).join("coffer"),
        None => std::env::temp_dir().join(format!("coffer-agent-{uid}")),
    };
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(Error::io("cannot create the agent's folder", &dir, e)),
    }
    let meta = std::fs::symlink_metadata(&dir)
        .map_err(|e| Error::io("cannot read the agent's folder", &dir, e))?;
    let mode = meta.permissions().mode() & 0o7777;
    if !meta.is_dir() || meta.uid() != uid || mode != 0o700 {
        return Err(Error::denied(format!(
            "the agent's folder {} is not a private folder of yours (it must be a folder, not a link, owned by uid {uid}, mode 0700; it is {}mode {mode:04o}, owner {})",
            dir.display(),
            if meta.is_dir() { "" } else { "not a folder, " },
            meta.uid()
        ))
        .hint("someone may be trying to catch your identity: remove it if it is yours, or set XDG_RUNTIME_DIR to a private folder"));
    }
    Ok(dir)
}

/// The socket of the agent for `identity` (any path to it): the one
/// `COFFER_AGENT_SOCK` names, or the identity's own.
pub fn socket_for(identity: &Path) -> Result<PathBuf> {
    if let Some(sock) = std::env::var_os(SOCK_ENV).filter(|s| !s.is_empty()) {
        return Ok(PathBuf::from(sock));
    }
    own_socket(identity)
}

/// The identity's own socket, in [`socket_dir`].
pub fn own_socket(identity: &Path) -> Result<PathBuf> {
    let canonical = canonical_identity(identity);
    let hash = Sha256::digest(canonical.as_os_str().as_encoded_bytes());
    Ok(socket_dir()?.join(format!("agent-{}.sock", hex::encode(&hash[..8]))))
}

fn wrong_agent(sock: &Path, why: &str) -> Error {
    Error::decrypt(format!(
        "the coffer agent at {} does not answer as one: {why}",
        sock.display()
    ))
    .hint(format!(
        "if it is not an agent coffer started, remove {} (or unset {SOCK_ENV}) and run `coffer unlock` again",
        sock.display()
    ))
}

fn write_frame<T: Serialize>(stream: &mut UnixStream, value: &T) -> std::io::Result<()> {
    let bytes =
        Zeroizing::new(rmp_serde::to_vec(value).map_err(|e| std::io::Error::other(e.to_string()))?);
    let len = u32::try_from(bytes.len()).map_err(|_| std::io::Error::other("frame too large"))?;
    let mut frame = Zeroizing::new(Vec::with_capacity(4 + bytes.len()));
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(&bytes);
    stream.write_all(&frame)
}

/// Read one frame; `Ok(None)` when the peer closed the connection first.
fn read_frame<T: for<'de> Deserialize<'de>>(stream: &mut UnixStream) -> std::io::Result<Option<T>> {
    let mut len = [0u8; 4];
    match stream.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes(len);
    if len > MAX_FRAME {
        return Err(std::io::Error::other(format!("a frame of {len} bytes")));
    }
    let mut buf = Zeroizing::new(vec![0u8; len as usize]);
    stream.read_exact(&mut buf)?;
    rmp_serde::from_slice(&buf)
        .map(Some)
        .map_err(|e| std::io::Error::other(format!("a malformed message ({e})")))
}

/// A connection to a running agent; one per command.
pub struct Client {
    sock: PathBuf,
    stream: std::cell::RefCell<UnixStream>,
    pub hello: Hello,
    /// The agent's public halves, parsed.
    recipient: x25519::Recipient,
    verifying_key: VerifyingKey,
    /// What went wrong in the last [`age::Identity`] call, which age can
    /// only report as a failed unwrap.
    pub(crate) last_error: std::cell::RefCell<Option<Error>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("sock", &self.sock).finish()
    }
}

impl Client {
    /// Connect to the agent for `identity`: `Ok(None)` when none runs (no
    /// socket, or a stale one left by a killed agent). An agent for another
    /// identity at the identity's own socket counts as none.
    pub fn for_identity(identity: &Path, sock: &Path) -> Result<Option<Client>> {
        let named = std::env::var_os(SOCK_ENV).is_some_and(|s| !s.is_empty());
        let Some(client) = Client::connect(sock)? else {
            return Ok(None);
        };
        if !named && Path::new(&client.hello.identity) != canonical_identity(identity) {
            return Ok(None);
        }
        Ok(Some(client))
    }

    /// Connect to the agent at `sock` and greet it.
    pub fn connect(sock: &Path) -> Result<Option<Client>> {
        let stream = match UnixStream::connect(sock) {
            Ok(s) => s,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused
                ) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(Error::io("cannot reach the coffer agent at", sock, e)),
        };
        let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
        let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
        let me = rustix::process::getuid().as_raw();
        let peer = rustix::net::sockopt::socket_peercred(&stream)
            .map_err(|e| wrong_agent(sock, &format!("cannot tell who runs it ({e})")))?;
        if peer.uid.as_raw() != me {
            return Err(Error::denied(format!(
                "the coffer agent at {} runs as uid {}, not as you (uid {me})",
                sock.display(),
                peer.uid.as_raw()
            ))
            .hint("do not use it; unset COFFER_AGENT_SOCK or remove the socket"));
        }
        let mut client = Client {
            sock: sock.to_path_buf(),
            stream: std::cell::RefCell::new(stream),
            hello: Hello {
                protocol: 0,
                identity: String::new(),
                recipient: String::new(),
                verifying_key: ByteBuf::new(),
                expires_at: 0,
                pid: 0,
            },
            recipient: x25519::Identity::generate().to_public(),
            verifying_key: VerifyingKey::default(),
            last_error: Default::default(),
        };
        let answer = {
            let mut stream = client.stream.borrow_mut();
            match write_frame(&mut stream, &Request::Hello).and_then(|()| read_frame(&mut stream)) {
                Ok(Some(answer)) => answer,
                // No answer at all: an agent that was killed or ended as we
                // connected (the connection was queued on its socket, then
                // closed or reset as its last thread let the socket go). A
                // dead agent, as if it had refused the connection.
                Ok(None) => return Ok(None),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::BrokenPipe
                    ) =>
                {
                    return Ok(None);
                }
                Err(e) => return Err(wrong_agent(sock, &e.to_string())),
            }
        };
        let hello = match answer {
            Response::Hello(h) => h,
            // An agent that forgot its identity between connect and hello.
            Response::Locked => return Ok(None),
            other => return Err(client.unexpected(&other)),
        };
        if hello.protocol != PROTOCOL {
            return Err(wrong_agent(
                sock,
                &format!(
                    "it speaks protocol {}, this coffer {PROTOCOL}",
                    hello.protocol
                ),
            )
            .hint("run `coffer lock` and `coffer unlock` again with this coffer"));
        }
        client.recipient = hello
            .recipient
            .parse()
            .map_err(|_| wrong_agent(sock, "its recipient is not an age recipient"))?;
        client.verifying_key = hello
            .verifying_key
            .as_slice()
            .try_into()
            .ok()
            .and_then(|b: [u8; 32]| VerifyingKey::from_bytes(&b).ok())
            .ok_or_else(|| wrong_agent(sock, "its verifying key is malformed"))?;
        client.hello = hello;
        Ok(Some(client))
    }

    pub fn sock(&self) -> &Path {
        &self.sock
    }

    pub fn recipient(&self) -> x25519::Recipient {
        self.recipient.clone()
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.verifying_key
    }

    fn unexpected(&self, got: &Response) -> Error {
        match got {
            Response::Refused(why) => Error::denied(format!(
                "the coffer agent at {} refused: {}",
                self.sock.display(),
                crate::output::clean_line(why)
            ))
            .hint("run `coffer unlock` again"),
            _ => wrong_agent(&self.sock, "it gave an unexpected answer"),
        }
    }

    fn call(&self, request: &Request) -> Result<Response> {
        let mut stream = self.stream.borrow_mut();
        write_frame(&mut stream, request)
            .and_then(|()| read_frame(&mut stream))
            .map_err(|e| wrong_agent(&self.sock, &e.to_string()))?
            .ok_or_else(|| {
                wrong_agent(&self.sock, "it closed the connection")
                    .hint("the agent may have just expired or been locked: run the command again")
            })
    }

    /// Sign `message` with the identity's signing key.
    pub fn sign(&self, message: &[u8]) -> Result<Signature> {
        match self.call(&Request::Sign(ByteBuf::from(message.to_vec())))? {
            Response::Signature(sig) => {
                let bytes: [u8; 64] = sig
                    .as_slice()
                    .try_into()
                    .map_err(|_| wrong_agent(&self.sock, "its signature is malformed"))?;
                let sig = Signature::from_bytes(&bytes);
                use ed25519_dalek::Verifier as _;
                self.verifying_key.verify(message, &sig).map_err(|_| {
                    wrong_agent(&self.sock, "its signature does not verify with its own key")
                })?;
                Ok(sig)
            }
            other => Err(self.unexpected(&other)),
        }
    }

    /// Tell the agent to forget the identity and exit.
    pub fn lock(&self) -> Result<()> {
        match self.call(&Request::Lock)? {
            Response::Locked => Ok(()),
            other => Err(self.unexpected(&other)),
        }
    }

    fn unwrap(&self, stanzas: &[age_core::format::Stanza]) -> Result<Option<Zeroizing<[u8; 16]>>> {
        let wire = stanzas
            .iter()
            .map(|s| WireStanza {
                tag: s.tag.clone(),
                args: s.args.clone(),
                body: ByteBuf::from(s.body.clone()),
            })
            .collect();
        match self.call(&Request::Unwrap(wire))? {
            Response::NoMatch => Ok(None),
            Response::Failed => Err(Error::decrypt(format!(
                "the coffer agent at {} could not unwrap the file's key",
                self.sock.display()
            ))),
            Response::FileKey(key) => {
                let key = Zeroizing::new(key.into_vec());
                let mut out = Zeroizing::new([0u8; 16]);
                if key.len() != 16 {
                    return Err(wrong_agent(&self.sock, "its file key is malformed"));
                }
                out.copy_from_slice(&key);
                Ok(Some(out))
            }
            other => Err(self.unexpected(&other)),
        }
    }
}

impl age::Identity for Client {
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
        match self.unwrap(stanzas) {
            Ok(None) => None,
            Ok(Some(key)) => Some(Ok(age_core::format::FileKey::init_with_mut(|k| {
                k.copy_from_slice(&key[..])
            }))),
            Err(e) => {
                *self.last_error.borrow_mut() = Some(e);
                Some(Err(age::DecryptError::KeyDecryptionFailed))
            }
        }
    }
}

/// What the agent holds: the identity and the key derived from it.
struct Keys {
    identity: x25519::Identity,
    signing: SigningKey,
}

/// Start an agent holding `identity` (the contents of the file at `path`)
/// for `ttl`, replacing one that runs for it already. Returns its greeting.
pub fn start(path: &Path, identity: &x25519::Identity, ttl: Duration) -> Result<Hello> {
    let sock = own_socket(path)?;
    if let Ok(Some(old)) = Client::connect(&sock) {
        let _ = old.lock();
    }
    let exe = std::env::current_exe().map_err(|e| {
        Error::failure(format!(
            "cannot find the coffer binary to start the agent: {e}"
        ))
    })?;
    let mut child = std::process::Command::new(exe)
        .arg("agent:serve")
        .arg("--socket")
        .arg(&sock)
        .arg("--for")
        .arg(canonical_identity(path))
        .arg("--ttl-secs")
        .arg(ttl.as_secs().max(1).to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| Error::failure(format!("cannot start the coffer agent: {e}")))?;
    {
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let secret = identity.to_string();
        let sent = stdin.write_all(secret.expose_secret().as_bytes());
        drop(stdin);
        sent.map_err(|e| Error::failure(format!("cannot hand the identity to the agent: {e}")))?;
    }
    let mut line = String::new();
    let _ = BufReader::new(child.stdout.take().expect("stdout is piped")).read_line(&mut line);
    if line.trim() != "ready" {
        let _ = child.wait();
        return Err(Error::failure(format!(
            "the coffer agent did not start: {}",
            crate::output::clean_line(line.trim().strip_prefix("error: ").unwrap_or("it exited"))
        )));
    }
    // The agent lives on in its own session; nothing waits for it here.
    drop(child);
    match Client::connect(&sock)? {
        Some(c) => Ok(c.hello),
        None => Err(Error::failure(
            "the coffer agent started but does not answer",
        )),
    }
}

/// `agent:serve`: the agent process itself (see the module doc). Reads the
/// identity from stdin, says `ready` on stdout once it listens, then closes
/// both and serves until its TTL.
pub fn serve(sock: &Path, identity_path: &Path, ttl: Duration) -> Result<()> {
    let _ = rustix::process::setsid();
    // Hold no mount busy.
    let _ = std::env::set_current_dir("/");
    // Keep the keys out of swap where the memory limit allows it.
    let _ = rustix::mm::mlockall(
        rustix::mm::MlockAllFlags::CURRENT | rustix::mm::MlockAllFlags::FUTURE,
    );
    let mut out = std::io::stdout();
    let keys = match read_identity() {
        Ok(k) => k,
        Err(e) => {
            let _ = writeln!(out, "error: {}", e.message);
            return Err(e);
        }
    };
    let watched = file_id(identity_path);
    let listener = match bind(sock) {
        Ok(l) => l,
        Err(e) => {
            let _ = writeln!(out, "error: {}", e.message);
            return Err(e);
        }
    };
    let bound = file_id(sock);
    let started = Instant::now();
    let expires_at =
        crate::time::now().saturating_add(i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX));
    let hello = Hello {
        protocol: PROTOCOL,
        identity: identity_path.to_string_lossy().into_owned(),
        recipient: keys.identity.to_public().to_string(),
        verifying_key: ByteBuf::from(keys.signing.verifying_key().to_bytes().to_vec()),
        expires_at,
        pid: std::process::id(),
    };
    let keys = Arc::new(Mutex::new(Some(keys)));
    let _ = writeln!(out, "ready");
    let _ = out.flush();
    if let Ok(null) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
    {
        let _ = rustix::stdio::dup2_stdin(&null);
        let _ = rustix::stdio::dup2_stdout(&null);
        let _ = rustix::stdio::dup2_stderr(&null);
    }
    let shutdown = {
        let keys = Arc::clone(&keys);
        let sock = sock.to_path_buf();
        move || -> ! {
            // Drop (and so zero) the keys before anything else.
            if let Ok(mut k) = keys.lock() {
                k.take();
            }
            if bound.is_some() && file_id(&sock) == bound {
                let _ = std::fs::remove_file(&sock);
            }
            std::process::exit(0)
        }
    };
    {
        let shutdown = shutdown.clone();
        let identity_path = identity_path.to_path_buf();
        let sock_path = sock.to_path_buf();
        std::thread::spawn(move || {
            loop {
                let left = ttl.saturating_sub(started.elapsed());
                // The monotonic clock stops while the machine sleeps: the
                // wall clock (what `status` showed) ends it too. Also gone:
                // the identity file, or its socket (another agent took its
                // place; none could reach this one).
                if left.is_zero()
                    || crate::time::now() >= expires_at
                    || file_id(&identity_path) != watched
                    || file_id(&sock_path) != bound
                {
                    shutdown();
                }
                std::thread::sleep(left.min(Duration::from_millis(500)));
            }
        });
    }
    let me = rustix::process::getuid().as_raw();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let keys = Arc::clone(&keys);
        let hello = hello.clone();
        let shutdown = shutdown.clone();
        let handle = move || {
            // Just woken from a sleep past the expiry: serve nothing.
            if crate::time::now() >= hello.expires_at {
                shutdown();
            }
            if serve_one(stream, me, &keys, &hello) {
                shutdown();
            }
        };
        // A small stack: the memory is locked, and the limit on locked
        // memory may be small.
        let _ = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(handle);
    }
    shutdown()
}

/// The identity file's device and inode: the agent exits when they change.
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

fn read_identity() -> Result<Keys> {
    let mut text = Zeroizing::new(String::with_capacity(256));
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut text)
        .map_err(|e| Error::failure(format!("cannot read the identity: {e}")))?;
    let identity: x25519::Identity = text
        .trim()
        .parse()
        .map_err(|_| Error::failure("what it was given is not an age identity"))?;
    let signing = crate::keys::signing_key(&identity);
    Ok(Keys { identity, signing })
}

/// Listen on `sock` (0600, in a private folder), replacing a stale socket.
fn bind(sock: &Path) -> Result<UnixListener> {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    if let Ok(meta) = std::fs::symlink_metadata(sock) {
        if !meta.file_type().is_socket() {
            return Err(Error::denied(format!(
                "{} is there and is not a socket",
                sock.display()
            )));
        }
        let _ = std::fs::remove_file(sock);
    }
    let old = rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o177));
    let listener = UnixListener::bind(sock);
    rustix::process::umask(old);
    let listener = listener.map_err(|e| Error::io("cannot listen on", sock, e))?;
    std::fs::set_permissions(sock, std::fs::Permissions::from_mode(0o600))
        .map_err(|e| Error::io("cannot make private", sock, e))?;
    Ok(listener)
}

/// Serve one connection; true when the client asked the agent to lock.
fn serve_one(mut stream: UnixStream, me: u32, keys: &Mutex<Option<Keys>>, hello: &Hello) -> bool {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    match rustix::net::sockopt::socket_peercred(&stream) {
        Ok(peer) if peer.uid.as_raw() == me => {}
        _ => {
            // Read the request first (unanswered, it would reset the
            // connection before the refusal is read), then refuse it.
            let _ = read_frame::<Request>(&mut stream);
            let _ = write_frame(
                &mut stream,
                &Response::Refused("this agent serves only its own user".into()),
            );
            return false;
        }
    }
    loop {
        let request: Request = match read_frame(&mut stream) {
            Ok(Some(r)) => r,
            Ok(None) => return false,
            Err(_) => {
                let _ = write_frame(&mut stream, &Response::Refused("malformed request".into()));
                return false;
            }
        };
        let guard = match keys.lock() {
            Ok(g) => g,
            Err(_) => return false,
        };
        let Some(k) = guard.as_ref() else {
            let _ = write_frame(&mut stream, &Response::Locked);
            return false;
        };
        let response = match request {
            Request::Hello => Response::Hello(hello.clone()),
            Request::Sign(message) => {
                Response::Signature(ByteBuf::from(k.signing.sign(&message).to_bytes().to_vec()))
            }
            Request::Unwrap(stanzas) => {
                let stanzas: Vec<age_core::format::Stanza> = stanzas
                    .into_iter()
                    .map(|s| age_core::format::Stanza {
                        tag: s.tag,
                        args: s.args,
                        body: s.body.into_vec(),
                    })
                    .collect();
                match age::Identity::unwrap_stanzas(&k.identity, &stanzas) {
                    None => Response::NoMatch,
                    Some(Err(_)) => Response::Failed,
                    Some(Ok(key)) => Response::FileKey(ByteBuf::from(key.expose_secret().to_vec())),
                }
            }
            Request::Lock => {
                drop(guard);
                let _ = write_frame(&mut stream, &Response::Locked);
                return true;
            }
        };
        drop(guard);
        let mut response = response;
        let sent = write_frame(&mut stream, &response);
        if let Response::FileKey(key) = &mut response {
            zeroize::Zeroize::zeroize(&mut **key);
        }
        if sent.is_err() {
            return false;
        }
    }
}
