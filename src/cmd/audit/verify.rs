//! `coffer audit:verify`: check every link of the audit chain, and its length
//! against the heads kept outside the file.

use clap::Args;

use crate::audit::verify::{Report, Source, Status};
use crate::cmd::{Examples, ShowFormat};
use crate::error::{Error, Result};
use crate::output;
use crate::vault::{Location, Vault};

/// Check every link of the audit chain, and its length against kept heads
///
/// Walks every row and reports one status. ok: every link holds and a head
/// kept outside the file vouches for its length. unanchored: every link
/// holds, but nothing outside the file vouches for its length. tampered: a
/// row was changed, removed, added, duplicated or reordered, or the vault
/// id changed (the first bad seq and why). truncated: the log ends before
/// the newest row the vault itself records. rolled_back: the file is older
/// than a head this machine has seen, or than --expect. forked: at a kept
/// head's seq the file holds a different row.
///
/// Exit 0 for ok and unanchored, 6 for the rest. After a clean verify, and
/// after every write, this machine remembers the head in
/// $XDG_STATE_HOME/coffer/heads/VAULT_ID. Breaks recorded by
/// audit:acknowledge are shown as acknowledged, and count again if the
/// rows before the acknowledgement change.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// Examples for `coffer audit:verify --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    ("Check the chain in a CI job", "coffer audit:verify"),
    (
        "Check against a checkpoint kept in git",
        "coffer audit:verify --expect \"$(cat audit.checkpoint)\"",
    ),
    (
        "The full report for a script",
        "coffer audit:verify --format json",
    ),
];

/// After a verify: remember a good head, or fail with exit 6.
pub(super) fn conclude(vault: &Vault, report: &Report) -> Result<()> {
    if report.status.allows_writes() {
        vault.remember(false);
        return Ok(());
    }
    Err(Error::integrity(report.summary()).hint(
        "writes are refused until `coffer audit:acknowledge --reason TEXT` records that you have looked into it",
    ))
}

pub fn run(loc: &Location, args: &VerifyArgs) -> Result<()> {
    let vault = Vault::open_to_verify(loc)?;
    let report = vault.verify()?;
    match args.format {
        ShowFormat::Json => output::json(&report)?,
        ShowFormat::Table => output::fields(&report_fields(&report))?,
    }
    conclude(&vault, &report)
}

fn report_fields(r: &Report) -> Vec<(&'static str, String)> {
    let mut out = vec![("status", r.status.as_str().to_owned())];
    if let Some(p) = &r.problem {
        out.push((
            "first bad seq",
            format!("{} ({}): {}", p.seq, p.reason.as_str(), p.message),
        ));
    }
    out.push(("rows", r.rows.to_string()));
    out.push((
        "head",
        r.head.as_ref().map_or("-".into(), |h| h.to_string()),
    ));
    if r.anchors.is_empty() {
        out.push((
            "anchor",
            "none: nothing outside the file vouches for its length (this machine remembers the head from now on; keep `coffer audit:checkpoint` elsewhere for --expect)".into(),
        ));
    }
    for a in &r.anchors {
        let source = match a.source {
            Source::Remembered => "remembered on this machine",
            Source::Expected => "--expect",
        };
        let result = match (a.result, a.rows_since) {
            (Status::Ok, Some(n)) => format!("ok, {} since", crate::output::count(n as u64, "row")),
            (s, _) => s.as_str().to_owned(),
        };
        out.push(("anchor", format!("{} ({source}): {result}", a.head)));
    }
    if !r.breaks.is_empty() {
        let open = r.unacknowledged().count();
        out.push((
            "breaks",
            format!(
                "{} ({} acknowledged), the first at seq {}",
                r.breaks.len(),
                r.breaks.len() - open,
                r.breaks[0].seq
            ),
        ));
    }
    for a in &r.acknowledgements {
        let validity = if a.valid {
            format!("covers {}", crate::output::count(a.covers as u64, "break"))
        } else {
            "NO LONGER MATCHES the rows before it".into()
        };
        out.push((
            "acknowledged",
            format!(
                "seq {} by {} at {} ({}; {validity}): {}",
                a.seq,
                a.actor,
                crate::time::format(a.ts),
                a.found,
                a.reason
            ),
        ));
    }
    for w in &r.warnings {
        out.push(("warning", w.clone()));
    }
    out
}
