//! `coffer audit:acknowledge`: record a verify failure someone looked into,
//! so that writes can go on. The one `audit:` command that writes.

use clap::Args;

use crate::audit::Event;
use crate::audit::verify::Status;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::Action;
use crate::output;
use crate::vault::{Location, Vault};

/// Record a verify failure you have looked into, so writes can go on
///
/// Every command that writes refuses (exit 6) while audit:verify reports
/// anything but ok or unanchored. This appends an `acknowledged` row with
/// your name, the reason, and what verify found, binding the exact rows
/// it accepts; this machine then remembers the vault as it is now. Later
/// verifies list the break as acknowledged. Prints nothing to acknowledge,
/// and writes nothing, when the log verifies.
#[derive(Debug, Args)]
pub struct AcknowledgeArgs {
    /// Why writes may go on: what you found and did (kept in the audit row)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

/// Examples for `coffer audit:acknowledge --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[(
    "After restoring an older backup on purpose",
    "coffer audit:acknowledge --reason \"restored Monday's backup after disk failure (INC-42)\"",
)];

/// Longest acknowledgement reason, in characters.
const MAX_REASON_CHARS: usize = 1000;

pub fn run(loc: &Location, args: &AcknowledgeArgs) -> Result<()> {
    let reason = args.reason.trim();
    if reason.is_empty() {
        return Err(Error::usage("the --reason is empty")
            .hint("say what you found and did; it is kept in the audit log"));
    }
    if reason.chars().count() > MAX_REASON_CHARS || reason.chars().any(char::is_control) {
        return Err(Error::usage(format!(
            "the --reason must be one line of at most {MAX_REASON_CHARS} characters"
        )));
    }
    let mut vault = Vault::open_write(loc)?;
    let report = vault.verify()?;
    if report.status.allows_writes() {
        return output::line(&format!(
            "nothing to acknowledge: the audit log is {}",
            report.status.as_str()
        ));
    }
    let problem = report
        .problem
        .clone()
        .expect("a failed verify has a finding");
    // Say everything this acknowledges, not just the first finding.
    let open: Vec<_> = report.unacknowledged().collect();
    let mut lines = vec![format!("acknowledging: {}", report.summary())];
    const SHOWN: usize = 20;
    for b in open.iter().take(SHOWN) {
        lines.push(format!(
            "  break at seq {} ({}): {}",
            b.seq,
            b.reason.as_str(),
            b.message
        ));
    }
    if open.len() > SHOWN {
        lines.push(format!(
            "  and {} more",
            crate::output::count((open.len() - SHOWN) as u64, "break")
        ));
    }
    for w in &report.warnings {
        lines.push(format!("  warning: {w}"));
    }
    for l in &lines {
        output::line(&output::clean_line(l))?;
    }
    let vault_id = vault.id()?;
    let anchor = report
        .anchors
        .iter()
        .find(|a| a.result != Status::Ok)
        .map(|a| a.head.to_string());
    let seq = vault.write_acknowledging(|ctx| {
        let db = ctx.db;
        // Judge the log as it is in this transaction: the first write to a
        // coffer 0.1 vault has just appended the rows that migrate it, and
        // the witness must bind them too.
        let now =
            crate::audit::verify::verify(db, &vault_id, crate::vault::schema::SCHEMA_VERSION, &[])?;
        let mut event = Event::audit(Action::Acknowledged)
            .detail("reason", reason)
            .detail("found", report.status.as_str())
            .detail("seq", problem.seq.to_string())
            .detail("why", problem.reason.as_str())
            .detail("breaks", report.unacknowledged().count().to_string())
            .detail("witness", hex::encode(&now.witness))
            .detail(
                "head",
                report.head.as_ref().map_or("-".into(), |h| h.to_string()),
            );
        if let Some(anchor) = anchor {
            event = event.detail("anchor", anchor);
        }
        if !now.data.is_empty() {
            // What the data now is becomes what the log expects of it.
            event = event.detail("accepted", crate::audit::bind::accepted_detail(&now.data));
        }
        let seq = ctx.audit(event)?;
        // The acknowledgement must make the log verify (the machine's head is
        // replaced after this); if it cannot, nothing is written.
        let after =
            crate::audit::verify::verify(db, &vault_id, crate::vault::schema::SCHEMA_VERSION, &[])?;
        if !after.status.allows_writes() {
            return Err(Error::integrity(format!(
                "an acknowledgement cannot make this log verify, so none was written: {}",
                after.summary()
            )));
        }
        Ok(seq)
    })?;
    output::line(&format!(
        "acknowledged as audit row {seq}; writes can go on, and audit:verify keeps showing the breaks as acknowledged"
    ))
}
