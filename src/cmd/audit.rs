//! The `audit:` commands: read the log, verify the chain, keep and check its
//! head, acknowledge a break, fingerprint a value. None of them is itself an
//! audited event except `audit:acknowledge`, which is a write.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::audit::verify::{Report, Source, Status};
use crate::audit::{self, AuditRecord, Event, Filter};
use crate::cli::{
    AcknowledgeArgs, CheckpointArgs, HashArgs, LogsArgs, ShowFormat, ValueArgs, VerifyArgs,
};
use crate::error::{Error, Result};
use crate::output;
use crate::store::Ctx;
use crate::vault::{Location, Vault};

pub fn logs(loc: &Location, args: &LogsArgs) -> Result<()> {
    let since = args.since.map(|s| s.resolve(crate::time::now()));
    let fingerprint = args
        .fingerprint
        .as_deref()
        .map(parse_fingerprint)
        .transpose()?;
    let filter = Filter {
        resource: args.resource.clone(),
        action: args.action.clone(),
        target: args.secret.as_ref().map(|n| n.to_string()),
        actor: args.actor.clone(),
        fingerprint,
        since,
        limit: args.limit,
    };
    // --verify judges the file against the remembered head, so it reads
    // under the lock, as a writer would leave it.
    let (vault, report) = if args.verify {
        let vault = Vault::open_to_verify(loc)?;
        let report = vault.verify()?;
        (vault, Some(report))
    } else {
        (Vault::open_read(loc)?, None)
    };
    let rows = audit::query(vault.conn(), &filter)?;
    match &report {
        None => print_rows(rows, args.format)?,
        Some(report) => {
            let marks = marks(report);
            let marked: Vec<Marked> = rows
                .into_iter()
                .map(|rec| {
                    let chain = marks.get(&rec.seq).cloned().unwrap_or_else(|| "ok".into());
                    Marked { rec, chain }
                })
                .collect();
            print_marked(marked, args.format)?;
        }
    }
    match report {
        Some(report) => conclude(&vault, &report),
        None => Ok(()),
    }
}

/// A fingerprint as `audit:hash` prints it: 64 hex digits.
fn parse_fingerprint(s: &str) -> Result<String> {
    let lower = s.trim().to_ascii_lowercase();
    if lower.len() == 64 && lower.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(lower)
    } else {
        // Not echoed: a value passed here by mistake would land in logs.
        Err(Error::usage(
            "invalid --fingerprint: expected 64 hex digits, as `coffer audit:hash` prints",
        ))
    }
}

/// What `--verify` says of each row, by seq: `ok` unless a break was found there.
fn marks(report: &Report) -> BTreeMap<i64, String> {
    let mut marks: BTreeMap<i64, String> = BTreeMap::new();
    for b in &report.breaks {
        let text = match b.acknowledged_by {
            Some(ack) => format!("{} (acknowledged at {ack})", b.reason.as_str()),
            None => format!("BROKEN: {}", b.reason.as_str()),
        };
        marks
            .entry(b.at)
            .and_modify(|m| {
                m.push_str("; ");
                m.push_str(&text);
            })
            .or_insert(text);
    }
    marks
}

#[derive(Serialize)]
struct Marked {
    #[serde(flatten)]
    rec: AuditRecord,
    chain: String,
}

const LOG_HEADER: [&str; 8] = [
    "SEQ", "TIME", "ACTOR", "ACTION", "RESOURCE", "TARGET", "VERSION", "DETAILS",
];

fn cells(r: &AuditRecord) -> Vec<String> {
    vec![
        r.seq.to_string(),
        crate::time::format(r.ts),
        r.actor.clone(),
        r.action.clone(),
        r.resource.clone(),
        r.target.clone().unwrap_or_else(|| "-".into()),
        r.version.map_or("-".into(), |v| v.to_string()),
        details(&r.details),
    ]
}

fn print_rows(rows: Vec<AuditRecord>, format: ShowFormat) -> Result<()> {
    match format {
        ShowFormat::Json => output::json(&rows),
        ShowFormat::Table => output::table(&LOG_HEADER, rows.iter().map(cells).collect()),
    }
}

fn print_marked(rows: Vec<Marked>, format: ShowFormat) -> Result<()> {
    match format {
        ShowFormat::Json => output::json(&rows),
        ShowFormat::Table => {
            let mut header = LOG_HEADER.to_vec();
            header.push("CHAIN");
            output::table(
                &header,
                rows.iter()
                    .map(|m| {
                        let mut c = cells(&m.rec);
                        c.push(m.chain.clone());
                        c
                    })
                    .collect(),
            )
        }
    }
}

/// `k=v` pairs, with fingerprints shortened for the table (JSON has them whole).
fn details(map: &BTreeMap<String, String>) -> String {
    map.iter()
        .map(|(k, v)| {
            if matches!(
                k.as_str(),
                "fingerprint" | "recipient" | "witness" | "state" | "members" | "key_check"
            ) {
                format!("{k}={}…", v.chars().take(12).collect::<String>())
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// After a verify: remember a good head, or fail with exit 6.
fn conclude(vault: &Vault, report: &Report) -> Result<()> {
    if report.status.allows_writes() {
        vault.remember(false);
        return Ok(());
    }
    Err(Error::integrity(report.summary()).hint(
        "writes are refused until `coffer audit:acknowledge --reason TEXT` records that you have looked into it",
    ))
}

pub fn verify(loc: &Location, args: &VerifyArgs) -> Result<()> {
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
            (Status::Ok, Some(n)) => format!("ok, {n} rows since"),
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
            format!("covers {} breaks", a.covers)
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

#[derive(Serialize)]
struct Checkpoint {
    vault_id: String,
    checkpoint: String,
    seq: i64,
    hash: String,
    rows: i64,
    time: String,
}

pub fn checkpoint(loc: &Location, args: &CheckpointArgs) -> Result<()> {
    let vault = Vault::open_to_verify(loc)?;
    let report = vault.verify()?;
    if !report.status.allows_writes() {
        return Err(
            Error::integrity(format!("no checkpoint: {}", report.summary()))
                .hint("a checkpoint vouches for a verified log; see `coffer audit:verify`"),
        );
    }
    vault.remember(false);
    let head = report.head.expect("a verified log has rows");
    match args.format {
        ShowFormat::Table => output::line(&head.to_string()),
        ShowFormat::Json => output::json(&Checkpoint {
            vault_id: vault.id()?,
            checkpoint: head.to_string(),
            seq: head.seq,
            hash: hex::encode(&head.hash),
            rows: report.rows,
            time: crate::time::format(crate::time::now()),
        }),
    }
}

/// Longest acknowledgement reason, in characters.
const MAX_REASON_CHARS: usize = 1000;

pub fn acknowledge(loc: &Location, args: &AcknowledgeArgs) -> Result<()> {
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
        lines.push(format!("  and {} more breaks", open.len() - SHOWN));
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
        let mut event = Event::audit("acknowledged")
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

pub fn hash(loc: &Location, args: &HashArgs) -> Result<()> {
    use std::io::IsTerminal;
    if args.value.is_none() && args.from_file.is_none() && !std::io::stdin().is_terminal() {
        return Err(Error::usage("no value given to fingerprint")
            .hint("give VALUE, `-` to read stdin, or --from-file FILE"));
    }
    let value_args = ValueArgs {
        value: args.value.clone(),
        from_file: args.from_file.clone(),
        // Nothing is stored, so one prompt is enough.
        no_confirm: true,
        ..ValueArgs::default()
    };
    let value = super::secrets::read_value(&value_args, "audit:hash", true)?
        .expect("a required value is read or refused");
    let vault = Vault::open_read(loc)?;
    let ctx = Ctx::new(vault.conn(), &vault.recipient().to_string())?;
    output::line(&ctx.fingerprint(&value))
}
