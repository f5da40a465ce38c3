//! `coffer audit:logs`: the audit log's rows, filtered; with --verify, each
//! marked with its place in the chain.

use std::collections::BTreeMap;

use clap::Args;
use serde::Serialize;

use super::verify::conclude;
use crate::audit::verify::Report;
use crate::audit::{self, AuditRecord, Filter};
use crate::cmd::{Examples, ShowFormat};
use crate::error::{Error, Result};
use crate::model::{Action, Name, Resource, Since};
use crate::output;
use crate::vault::{Location, Vault};

/// Show the audit log
#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Only rows about this kind of resource
    #[arg(long, value_enum)]
    pub resource: Option<Resource>,
    /// Only rows with this action
    #[arg(long, value_enum)]
    pub action: Option<Action>,
    /// Only rows about this secret (and, for a renamed secret, its rows
    /// under the names it had before)
    #[arg(long, value_name = "NAME", value_parser = Name::parse)]
    pub secret: Option<Name>,
    /// Only rows by this actor
    #[arg(long)]
    pub actor: Option<String>,
    /// Only rows since a duration ago (24h, 7d) or a time (2027-01-31)
    #[arg(long, value_name = "DURATION|TIME", value_parser = Since::parse)]
    pub since: Option<Since>,
    /// Only the newest N rows
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub limit: Option<u64>,
    /// Only rows whose value fingerprint is HEX (see `audit:hash`)
    #[arg(long, value_name = "HEX")]
    pub fingerprint: Option<String>,
    /// Verify the whole chain and mark each row shown (exit 6 if it is broken)
    #[arg(long)]
    pub verify: bool,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// Examples for `coffer audit:logs --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Who read secrets in the last day",
        "coffer audit:logs --resource secrets --action accessed --since 24h",
    ),
    (
        "Everything done to one secret",
        "coffer audit:logs --secret API_KEY",
    ),
    (
        "The newest 20 rows as JSON",
        "coffer audit:logs --limit 20 --format json",
    ),
    (
        "Each row with its place in the chain",
        "coffer audit:logs --verify",
    ),
];

pub fn run(loc: &Location, args: &LogsArgs) -> Result<()> {
    let since = args.since.map(|s| s.resolve(crate::time::now()));
    let fingerprint = args
        .fingerprint
        .as_deref()
        .map(parse_fingerprint)
        .transpose()?;
    let filter = Filter {
        resource: args.resource,
        action: args.action,
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
