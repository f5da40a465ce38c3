//! `coffer unlock` and `coffer lock`: start the agent that keeps the
//! identity unlocked for a while, and stop it (see [`crate::agent`]).
//! Neither touches a vault, so neither is audited.

use serde::Serialize;

use crate::agent;
use crate::cli::{AgentServeArgs, ShowFormat, UnlockArgs};
use crate::error::{Error, Result};
use crate::output;
use crate::vault::{Location, identity};

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
