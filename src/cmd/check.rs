//! `coffer check`: one report of the secrets that need care (expired,
//! expiring, due or overdue for rotation, unused, disabled yet still read),
//! for cron and CI, with an exit code chosen by `--fail-on` and an optional
//! notify command. The report holds names and dates, never values.

use std::collections::BTreeMap;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::child::{self, parse_child_timeout};
use crate::audit::Event;
use crate::cmd::{Examples, ShowFormat};
use crate::error::{Error, Result};
use crate::model::{Action, Resource, Span};
use crate::output;
use crate::store::rotation::{self, RotationState};
use crate::store::{self, Secret};
use crate::vault::Location;

/// Report secrets that need care, for cron and CI
///
/// One report of expired secrets, secrets expiring within
/// --expiring-within, secrets due for rotation (inside the notify
/// window) or overdue (past the rotation date), secrets nobody read for
/// --unused-for, and disabled secrets that were read or asked for since
/// they were disabled (within --recent). Deleted secrets are left out.
/// A table, or `--format json`: {"checked_at", "expiring_within",
/// "unused_for", "recent", "fail_on": [CATEGORY...], "counts":
/// {CATEGORY: N, ...}, "findings": [{"category", "name", "at",
/// "attempts"}], "failed"}, where `at` is the date that put the secret
/// there (expiry, rotation date, last read or last attempt, or null)
/// and `attempts` counts a disabled secret's reads (null otherwise).
/// The report holds names and dates only, never values.
///
/// Exit 1 when a category named by --fail-on (default: overdue,expired)
/// has findings, or the notify command fails; 0 otherwise. Audited as
/// `checked` (with counts, no names).
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report secrets that expire within DURATION
    #[arg(long, value_name = "DURATION", default_value = "30d", value_parser = Span::parse)]
    pub expiring_within: Span,

    /// Report secrets nobody read for DURATION (never-read ones older than
    /// DURATION included) [default: not checked]
    #[arg(long, value_name = "DURATION", value_parser = Span::parse)]
    pub unused_for: Option<Span>,

    /// How far back to look for reads of disabled secrets
    #[arg(long, value_name = "DURATION", default_value = "30d", value_parser = Span::parse)]
    pub recent: Span,

    /// Exit 1 when the report holds any of these categories (comma
    /// separated)
    #[arg(
        long,
        value_name = "CATEGORY,...",
        value_enum,
        value_delimiter = ',',
        default_value = "overdue,expired"
    )]
    pub fail_on: Vec<CheckCategory>,

    /// When the report is not clean, run CMD through `sh -c` with the JSON
    /// report on its stdin (its output goes to stderr); recorded in the
    /// audit log as `notified` with its exit status. A failing CMD is a
    /// warning and exit 1
    #[arg(long, value_name = "CMD")]
    pub notify_command: Option<String>,

    /// How long the notify command may run before it is killed
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_child_timeout)]
    pub timeout: std::time::Duration,

    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// Examples for `coffer check --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    ("What needs care", "coffer check"),
    (
        "A nightly CI job that fails on anything due or unused for 90 days",
        "coffer check --fail-on overdue,due,expired,unused --unused-for 90d",
    ),
    (
        "Mail the report when something needs attention",
        "coffer check --notify-command 'mail -s \"coffer check\" ops@example.com'",
    ),
];

/// What `coffer check` reports, and what `--fail-on` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckCategory {
    /// Past the expiry date
    Expired,
    /// Expires within --expiring-within
    Expiring,
    /// Past the rotation date
    Overdue,
    /// Inside the rotation notify window, before the date
    Due,
    /// Not read for --unused-for (only with that flag)
    Unused,
    /// Disabled, yet read or asked for since it was disabled, within --recent
    #[value(name = "disabled-read", alias = "disabled_read")]
    DisabledRead,
}

/// One secret in one category.
#[derive(Debug, Serialize)]
struct Finding {
    category: CheckCategory,
    name: String,
    /// The date that put it there: expiry, rotation date, last read, or
    /// last read attempt of a disabled secret (null: never read).
    #[serde(serialize_with = "crate::store::opt_time")]
    at: Option<i64>,
    /// Reads and refused reads of a disabled secret since it was disabled
    /// (null for other categories).
    attempts: Option<i64>,
}

/// The report, as `--format json` prints it and the notify command reads
/// it (documented in `coffer check --help`).
#[derive(Debug, Serialize)]
struct Report {
    checked_at: String,
    expiring_within: String,
    unused_for: Option<String>,
    recent: String,
    fail_on: Vec<CheckCategory>,
    counts: BTreeMap<CheckCategory, usize>,
    findings: Vec<Finding>,
    /// Whether a --fail-on category has findings.
    failed: bool,
}

const ALL: [CheckCategory; 6] = [
    CheckCategory::Expired,
    CheckCategory::Expiring,
    CheckCategory::Overdue,
    CheckCategory::Due,
    CheckCategory::Unused,
    CheckCategory::DisabledRead,
];

fn label(c: CheckCategory) -> &'static str {
    match c {
        CheckCategory::Expired => "expired",
        CheckCategory::Expiring => "expiring",
        CheckCategory::Overdue => "overdue",
        CheckCategory::Due => "due",
        CheckCategory::Unused => "unused",
        CheckCategory::DisabledRead => "disabled-read",
    }
}

pub fn run(loc: &Location, args: &CheckArgs) -> Result<()> {
    let report = crate::vault::transact_for(loc, crate::vault::Intent::List, |ctx| {
        let findings = find(ctx.db, ctx.now, args)?;
        let mut counts: BTreeMap<CheckCategory, usize> = ALL.iter().map(|&c| (c, 0)).collect();
        for f in &findings {
            *counts.entry(f.category).or_default() += 1;
        }
        let mut event = Event::vault(Action::Checked);
        for (c, n) in &counts {
            event = event.detail(label(*c), n.to_string());
        }
        ctx.audit(event)?;
        let mut fail_on = args.fail_on.clone();
        fail_on.sort();
        fail_on.dedup();
        Ok(Report {
            checked_at: crate::time::format(ctx.now),
            expiring_within: Span::text(args.expiring_within.secs()),
            unused_for: args.unused_for.map(|s| Span::text(s.secs())),
            recent: Span::text(args.recent.secs()),
            failed: findings.iter().any(|f| fail_on.contains(&f.category)),
            fail_on,
            counts,
            findings,
        })
    })?;

    match args.format {
        ShowFormat::Json => output::json(&report)?,
        ShowFormat::Table if report.findings.is_empty() => {
            output::line("nothing needs attention")?;
        }
        ShowFormat::Table => output::table(
            &["CATEGORY", "NAME", "WHEN"],
            report
                .findings
                .iter()
                .map(|f| {
                    let when =
                        f.at.map_or_else(|| "never read".to_owned(), crate::time::format);
                    vec![
                        label(f.category).to_owned(),
                        f.name.clone(),
                        match f.attempts {
                            Some(n) => format!("{when} (last of {n} reads since disabled)"),
                            None => when,
                        },
                    ]
                })
                .collect(),
        )?,
    }

    let notify_failed = match &args.notify_command {
        Some(script) if !report.findings.is_empty() => !notify(loc, script, args, &report)?,
        _ => false,
    };
    if report.failed {
        let summary: Vec<String> = report
            .fail_on
            .iter()
            .filter(|c| report.counts[c] > 0)
            .map(|c| format!("{} {}", report.counts[c], label(*c)))
            .collect();
        return Err(Error::failure(format!(
            "the check failed: {}",
            summary.join(", ")
        ))
        .hint("rotate what is due with `coffer secrets:rotate --due --generate` (or --command CMD); --fail-on chooses what fails the check"));
    }
    if notify_failed {
        return Err(Error::failure("the notify command failed"));
    }
    Ok(())
}

/// Every finding at `now`, by category, then name.
fn find(db: &rusqlite::Connection, now: i64, args: &CheckArgs) -> Result<Vec<Finding>> {
    let secrets: Vec<Secret> = store::list(
        db,
        &store::Filter {
            include_disabled: true,
            without_metadata: true,
            ..Default::default()
        },
    )?;
    let expiring_by = args.expiring_within.after(now)?;
    let unread_since = args.unused_for.map(|s| now.saturating_sub(s.secs()));
    let recent_since = now.saturating_sub(args.recent.secs());
    let mut findings = Vec::new();
    for s in &secrets {
        let mut add = |category, at, attempts| {
            findings.push(Finding {
                category,
                name: s.name.clone(),
                at,
                attempts,
            })
        };
        if let Some(t) = s.expires_at {
            if t <= now {
                add(CheckCategory::Expired, Some(t), None);
            } else if t <= expiring_by {
                add(CheckCategory::Expiring, Some(t), None);
            }
        }
        match rotation::state(s, now) {
            Some(RotationState::Overdue) => add(CheckCategory::Overdue, s.next_rotation_at, None),
            Some(RotationState::Due) => add(CheckCategory::Due, s.next_rotation_at, None),
            _ => {}
        }
        if let Some(since) = unread_since {
            let unused = match s.last_read_at {
                Some(t) => t <= since,
                None => s.created_at <= since,
            };
            if unused {
                add(CheckCategory::Unused, s.last_read_at, None);
            }
        }
        if !s.enabled
            && let Some((attempts, last)) = reads_since_disabled(db, &s.name, recent_since)?
        {
            add(CheckCategory::DisabledRead, Some(last), Some(attempts));
        }
    }
    findings.sort_by(|a, b| (a.category, &a.name).cmp(&(b.category, &b.name)));
    Ok(findings)
}

/// How many reads (`accessed`) and refused reads (`denied`) of a disabled
/// secret the audit log holds after its newest `disabled` row, at or after
/// `since`, and the newest one's time; `None` if there are none.
///
/// "After" is by time, then by place in the log: after a merge, a read made
/// on a clone that had not seen the disable yet may stand before it in the
/// log, yet it happened later, and is what this category is for.
fn reads_since_disabled(
    db: &rusqlite::Connection,
    name: &str,
    since: i64,
) -> Result<Option<(i64, i64)>> {
    let (count, last): (i64, Option<i64>) = db.query_row(
        "WITH d AS (SELECT seq, ts FROM audit
                     WHERE target = ?1 AND resource = ?3 AND action = ?4
                     ORDER BY ts DESC, seq DESC LIMIT 1)
         SELECT COUNT(*), MAX(a.ts) FROM audit a, d
          WHERE a.target = ?1 AND a.resource = ?3 AND a.action IN (?5, ?6)
            AND a.ts >= ?2 AND (a.ts > d.ts OR (a.ts = d.ts AND a.seq > d.seq))",
        rusqlite::params![
            name,
            since,
            Resource::Secrets.as_str(),
            Action::Disabled.as_str(),
            Action::Accessed.as_str(),
            Action::Denied.as_str(),
        ],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(last.filter(|_| count > 0).map(|last| (count, last)))
}

/// Run the notify command with the report on its stdin, and record that it
/// ran. Whether it succeeded; a failure is a warning here.
fn notify(loc: &Location, script: &str, args: &CheckArgs, report: &Report) -> Result<bool> {
    let json = serde_json::to_vec_pretty(report)
        .map_err(|e| Error::failure(format!("cannot encode the report: {e}")))?;
    let outcome = child::run(script, &[], &json, child::Stdout::ToStderr, args.timeout);
    let status = match &outcome {
        Ok(child::Outcome::Exited { code: Some(c), .. }) => c.to_string(),
        Ok(child::Outcome::Exited { code: None, .. }) => "signal".to_owned(),
        Ok(child::Outcome::TimedOut) => "timeout".to_owned(),
        Err(_) => "not run".to_owned(),
    };
    if loc.read_only {
        output::warn("--read-only: that the notify command ran is not recorded in the audit log");
    } else {
        crate::vault::transact(loc, |ctx| {
            ctx.audit(
                Event::vault(Action::Notified)
                    .detail("status", status.clone())
                    .detail("findings", report.findings.len().to_string()),
            )
            .map(|_| ())
        })?;
    }
    let ok = status == "0";
    if !ok {
        output::warn(&match outcome {
            Err(e) => format!("cannot run the notify command: {e}"),
            Ok(child::Outcome::TimedOut) => format!(
                "the notify command ran longer than {} and was killed",
                Span::text(args.timeout.as_secs() as i64)
            ),
            Ok(_) => format!("the notify command failed (exit {status})"),
        });
    }
    Ok(ok)
}
