//! `coffer unlock` and `coffer lock`: start the agent that keeps the
//! identity unlocked for a while, and stop it (see [`crate::agent`]).
//! Neither touches a vault, so neither is audited.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use crate::agent;
use crate::cmd::{Examples, ShowFormat};
use crate::error::{Error, Result};
use crate::output;
use crate::vault::{Location, identity};

/// Keep a passphrase-protected identity unlocked for a while (an agent)
///
/// Asks for the identity's passphrase once (three tries at a terminal;
/// one from --passphrase-file) and starts an agent that holds the
/// identity until --ttl runs out, `coffer lock`, or the identity file is
/// removed or replaced. Commands then open vaults through the agent
/// without asking. The agent serves only your own user, through a socket
/// (0600) in $XDG_RUNTIME_DIR/coffer/ (0700), or, when XDG_RUNTIME_DIR is
/// unset, in $TMPDIR/coffer-agent-UID/ (default /tmp), which must be your
/// own private folder or coffer refuses it; it unwraps file keys and
/// signs, and never hands out the identity. Any program you run while
/// it runs (`coffer run`, `rotate --command` included) can use it, as
/// with ssh-agent. With COFFER_AGENT_AUTOSTART=1, a passphrase typed at
/// a prompt of any command also starts an agent for 15 minutes, as
/// gpg-agent does.
/// Unlocking again replaces the agent (and asks again).
#[derive(Debug, Args)]
pub struct UnlockArgs {
    /// How long the identity stays unlocked
    #[arg(long, value_name = "DURATION", default_value = "15m",
          value_parser = crate::model::parse_ttl)]
    pub ttl: std::time::Duration,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// Examples for `coffer unlock --help` and its man page: (what, command line).
pub const UNLOCK_EXAMPLES: Examples = &[
    ("Unlock the identity for 15 minutes", "coffer unlock"),
    ("Unlock for a working day", "coffer unlock --ttl 8h"),
    (
        "Unlock in a script, then read without a passphrase",
        "coffer unlock --passphrase-file pass.txt --ttl 5m && coffer secrets:get DB_URL",
    ),
];

/// Forget the unlocked identity now (the agent exits)
#[derive(Debug, Args)]
pub struct LockArgs {}

/// Examples for `coffer lock --help` and its man page: (what, command line).
pub const LOCK_EXAMPLES: Examples = &[("Forget the unlocked identity now", "coffer lock")];

/// The agent itself (started by `unlock`; not for direct use)
#[derive(Debug, Args)]
pub struct AgentServeArgs {
    /// The socket to listen on
    #[arg(long, value_name = "PATH")]
    pub socket: PathBuf,
    /// The identity file it holds (canonical)
    #[arg(long = "for", value_name = "PATH")]
    pub for_identity: PathBuf,
    /// Seconds until it exits
    #[arg(long, value_name = "SECS")]
    pub ttl_secs: u64,
}

/// Examples for `coffer agent:serve --help` and its man page: (what, command line).
pub const SERVE_EXAMPLES: Examples = &[(
    "Started by unlock, with the identity on stdin",
    "coffer unlock",
)];

/// Whether the identity is unlocked, and by which agent until when: what
/// `unlock` and `status` print.
#[derive(Debug, Serialize)]
pub struct AgentState {
    /// The identity file.
    pub identity: String,
    /// `unlocked`, `locked`, or `unprotected` (no passphrase: nothing to
    /// unlock).
    pub state: &'static str,
    /// When the agent forgets the identity (RFC 3339), when unlocked.
    pub unlocked_until: Option<String>,
    pub agent_pid: Option<u32>,
    pub agent_socket: Option<String>,
}

impl AgentState {
    /// What the agent for `loc`'s identity says, asking no passphrase.
    pub fn of(loc: &Location) -> Result<AgentState> {
        let mut state = AgentState {
            identity: loc.identity.display().to_string(),
            state: "locked",
            unlocked_until: None,
            agent_pid: None,
            agent_socket: None,
        };
        if identity::is_protected(&loc.identity) == Some(false) {
            state.state = "unprotected";
            return Ok(state);
        }
        let sock = agent::socket_for(&loc.identity)?;
        if let Some(client) = agent::Client::for_identity(&loc.identity, &sock)? {
            state.state = "unlocked";
            state.unlocked_until = Some(crate::time::format(client.hello.expires_at));
            state.agent_pid = Some(client.hello.pid);
            state.agent_socket = Some(sock.display().to_string());
        }
        Ok(state)
    }

    /// One line for a table: `unlocked until TIME (agent pid N)`.
    pub fn describe(&self) -> String {
        match (self.state, &self.unlocked_until, self.agent_pid) {
            ("unlocked", Some(until), Some(pid)) => {
                format!("unlocked until {until} (agent pid {pid})")
            }
            ("unprotected", _, _) => "not protected by a passphrase (nothing to unlock)".into(),
            _ => "locked".into(),
        }
    }
}

pub fn unlock(loc: &Location, args: &UnlockArgs) -> Result<()> {
    let state = match identity::is_protected(&loc.identity) {
        Some(false) => AgentState::of(loc)?,
        _ => {
            // Always asks: a new agent replaces one that runs.
            let id = identity::load(&loc.identity, &loc.passphrase)?;
            let hello = agent::start(&loc.identity, &id, args.ttl)?;
            drop(id);
            AgentState {
                identity: loc.identity.display().to_string(),
                state: "unlocked",
                unlocked_until: Some(crate::time::format(hello.expires_at)),
                agent_pid: Some(hello.pid),
                agent_socket: agent::own_socket(&loc.identity)
                    .ok()
                    .map(|s| s.display().to_string()),
            }
        }
    };
    match args.format {
        ShowFormat::Json => output::json(&state),
        ShowFormat::Table => output::line(&format!(
            "identity {}: {}{}",
            state.identity,
            state.describe(),
            if state.state == "unlocked" {
                "; `coffer lock` forgets it now"
            } else {
                ""
            }
        )),
    }
}

pub fn lock(loc: &Location) -> Result<()> {
    let sock = agent::socket_for(&loc.identity)?;
    match agent::Client::for_identity(&loc.identity, &sock)? {
        Some(client) => {
            client.lock()?;
            output::line(&format!(
                "identity {}: locked (agent pid {} exited)",
                loc.identity.display(),
                client.hello.pid
            ))
        }
        None => output::line(&format!(
            "identity {}: already locked (no agent holds it)",
            loc.identity.display()
        )),
    }
}

/// The hidden `agent:serve`: the agent process (see [`agent::serve`]).
pub fn serve(args: &AgentServeArgs) -> Result<()> {
    if args.ttl_secs == 0 {
        return Err(Error::usage("the agent's TTL must be at least one second"));
    }
    agent::serve(
        &args.socket,
        &args.for_identity,
        std::time::Duration::from_secs(args.ttl_secs),
    )
}
