//! `coffer secrets:list`: names and facts, never values. Listing is audited
//! (as `listed`, with the count, not the names). Every secret is listed with
//! its STATE (active, disabled, pending, expired), deleted ones only with
//! `--deleted`; `--state` picks states.

use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::Result;
use crate::model::{Action, SecretState, SecretType, Span, Tag};
use crate::output;
use crate::store::{self, Secret};
use crate::vault::Location;

/// List secrets (names and facts, never values)
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only secrets with this tag (repeatable: all must match)
    #[arg(long, value_name = "TAG", value_parser = Tag::parse)]
    pub tag: Vec<Tag>,

    /// Only names starting with PREFIX
    #[arg(long)]
    pub prefix: Option<String>,

    /// Only secrets of this type
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub kind: Option<SecretType>,

    /// Only secrets that expire within DURATION (expired ones included)
    #[arg(long, value_name = "DURATION", value_parser = Span::parse)]
    pub expiring_within: Option<Span>,

    /// Only secrets due for rotation: inside the notify window or past the
    /// date (see secrets:create --rotate-every)
    #[arg(long)]
    pub due: bool,

    /// Only secrets past their rotation date
    #[arg(long)]
    pub overdue: bool,

    /// Only secrets nobody read for DURATION (never-read secrets count
    /// once they are older than DURATION)
    #[arg(long, value_name = "DURATION", value_parser = Span::parse)]
    pub unused_for: Option<Span>,

    // --- secrets:list states (wip/small) ---
    /// Only secrets in STATE (repeatable: any may match): active, disabled,
    /// pending, expired, deleted. Without it, every state but deleted
    #[arg(long, value_enum, value_name = "STATE")]
    pub state: Vec<crate::model::SecretState>,

    /// Show deleted secrets too
    #[arg(long, alias = "include-deleted")]
    pub deleted: bool,

    /// No longer needed: disabled secrets are listed (with their STATE).
    /// Kept so that old scripts still run
    #[arg(long, hide = true)]
    pub include_disabled: bool,
    // --- end secrets:list states ---
    /// Print names only, one per line
    #[arg(long, conflicts_with = "format")]
    pub names_only: bool,

    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Examples for `coffer secrets:list --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    ("Everything current", "coffer secrets:list"),
    (
        "Tagged production and database",
        "coffer secrets:list --tag production --tag database",
    ),
    (
        "What expires within 30 days",
        "coffer secrets:list --expiring-within 30d",
    ),
    (
        "Names for a script",
        "coffer secrets:list --prefix prod/ --names-only",
    ),
    (
        "Due for rotation, or not read for 90 days",
        "coffer secrets:list --due && coffer secrets:list --unused-for 90d",
    ),
];

/// Output of `secrets:list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Tsv,
}

// --- states (wip/small): every state but deleted is listed by default ---
/// What state a secret is in, for people and scripts.
pub(crate) fn state(s: &Secret, now: i64) -> &'static str {
    secret_state(s, now).as_str()
}

fn secret_state(s: &Secret, now: i64) -> SecretState {
    SecretState::of(s.deleted_at, s.enabled, s.activates_at, s.expires_at, now)
}

/// Whether `--deleted` or `--state` asks for deleted secrets.
fn wants_deleted(args: &ListArgs) -> bool {
    args.deleted || args.state.contains(&SecretState::Deleted)
}

/// Keep the secrets in one of the `--state` states (all without it).
fn keep_states(secrets: &mut Vec<Secret>, states: &[SecretState], now: i64) {
    if !states.is_empty() {
        secrets.retain(|s| states.contains(&secret_state(s, now)));
    }
}
// --- end states ---

#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    secret: &'a Secret,
    state: &'static str,
    /// `ok`, `due` or `overdue` (null without a rotation policy).
    rotation: Option<crate::store::rotation::RotationState>,
}

pub fn run(loc: &Location, args: &ListArgs) -> Result<()> {
    let now = crate::time::now();
    let until = args.expiring_within.map(|s| s.after(now)).transpose()?;
    let tags: Vec<String> = args.tag.iter().map(|t| t.to_string()).collect();
    let secrets = crate::vault::transact_for(loc, crate::vault::Intent::List, |ctx| {
        let mut secrets: Vec<Secret> = store::list(
            ctx.db,
            &store::Filter {
                include_deleted: wants_deleted(args),
                include_disabled: true,
                tags: &tags,
                prefix: args.prefix.as_deref(),
                kind: args.kind.map(|k| k.as_str()),
                expiring_by: until,
                without_metadata: args.names_only || args.format != ListFormat::Json,
                // Rotation and use (issue 11).
                rotation: crate::store::rotation::Filter {
                    due_at: args.due.then_some(now),
                    overdue_at: args.overdue.then_some(now),
                    unread_since: args.unused_for.map(|s| now.saturating_sub(s.secs())),
                },
            },
        )?;
        keep_states(&mut secrets, &args.state, now);
        ctx.audit(Event::vault(Action::Listed).detail("count", secrets.len().to_string()))?;
        Ok(secrets)
    })?;

    if args.names_only {
        let mut s = String::new();
        for secret in &secrets {
            s.push_str(&output::clean_line(&secret.name));
            s.push('\n');
        }
        return output::write_stdout(s.as_bytes());
    }
    match args.format {
        ListFormat::Json => output::json(
            &secrets
                .iter()
                .map(|s| Listed {
                    secret: s,
                    state: state(s, now),
                    rotation: crate::store::rotation::state(s, now),
                })
                .collect::<Vec<_>>(),
        ),
        ListFormat::Tsv => {
            let mut out = String::new();
            for s in &secrets {
                let cells: Vec<String> =
                    row(s, now).iter().map(|c| output::clean_line(c)).collect();
                out.push_str(&cells.join("\t"));
                out.push('\n');
            }
            output::write_stdout(out.as_bytes())
        }
        ListFormat::Table => output::table(
            &[
                "NAME", "TYPE", "VERSION", "TAGS", "EXPIRES", "STATE",
                // Last, so TSV columns keep their places.
                "ROTATION",
            ],
            secrets.iter().map(|s| row(s, now)).collect(),
        ),
    }
}

fn row(s: &Secret, now: i64) -> Vec<String> {
    vec![
        s.name.clone(),
        s.kind.clone(),
        s.version.to_string(),
        if s.tags.is_empty() {
            "-".into()
        } else {
            s.tags.join(",")
        },
        s.expires_at
            .map(crate::time::format)
            .unwrap_or_else(|| "-".into()),
        state(s, now).to_owned(),
        rotate_by(s, now),
    ]
}

/// The ROTATION cell: the next rotation date, marked when due or overdue.
pub(crate) fn rotate_by(s: &Secret, now: i64) -> String {
    use crate::store::rotation::{self, RotationState};
    match (s.next_rotation_at, rotation::state(s, now)) {
        (Some(at), Some(RotationState::Ok)) => crate::time::format(at),
        (Some(at), Some(state)) => format!("{} ({})", crate::time::format(at), state.as_str()),
        _ => "-".into(),
    }
}
