//! `coffer secrets:rotate NAME [VALUE | --generate | --command CMD]`: a new
//! value as a version of kind `rotate`; `--due` does it for every secret
//! due for rotation (see [`crate::store::rotation`]).
//!
//! Each secret is rotated in transactions of its own, one after the other,
//! never in one record for the whole run. A rotation command changes the
//! world outside the vault (a database password, an API key at a provider)
//! before coffer stores what it printed: the new value must be on disk as
//! soon as it exists, so a crash or a failure later in the run loses at
//! most the secret in hand, never the rotations already done. And the vault
//! is not locked while a command runs, so a command may itself run coffer
//! (to read an admin credential, say) and other coffer processes are not
//! held up for its --timeout.

use clap::Args;
use zeroize::Zeroizing;

use super::super::child::{self, Outcome, parse_child_timeout};
use super::{RotationArgs, RotationUpdateArgs, ValueArgs};
use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::{Error, Exit, Result};
use crate::model::{Action, Field, Name, Span};
use crate::output;
use crate::store::op::FieldValue;
use crate::store::rotation::{self, RotationState};
use crate::store::{self, MAX_VALUE_BYTES, Secret};
use crate::vault::Location;

/// Replace a secret's value with a new one (a version of kind rotate)
#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The secret to rotate (or --due)
    #[arg(value_parser = Name::parse, required_unless_present = "due")]
    pub name: Option<Name>,
    #[command(flatten)]
    pub value: ValueArgs,

    /// Rotate every secret that is due (see secrets:list --due; disabled
    /// ones included), with --generate or --command; one line per secret,
    /// and the others go on when one fails. Each commits on its own. Exit 0 when all rotated (or none was due), else the
    /// first failure's code (1 for a failed command)
    #[arg(long, conflicts_with_all = ["name", "value", "from_file"])]
    pub due: bool,

    /// With --due: list what would be rotated; change and run nothing
    // `requires` alone does not fire with NAME, which --due conflicts with.
    #[arg(long, requires = "due", conflicts_with = "name")]
    pub dry_run: bool,

    /// Make each new value with CMD, run through `sh -c` once per secret
    /// with COFFER_SECRET_NAME in its environment and the old value on its
    /// stdin (never in arguments or environment). What it prints is the
    /// new value (one trailing newline dropped, as `-` does; binary output
    /// is kept byte for byte). A command that fails, prints nothing,
    /// prints more than 1 MiB or outlives --timeout (then it is killed)
    /// leaves the secret unchanged
    #[arg(long, value_name = "CMD", conflicts_with_all = ["value", "from_file", "generate"])]
    pub command: Option<String>,

    /// How long --command may run for one secret
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_child_timeout)]
    pub timeout: std::time::Duration,
}

/// Examples for `coffer secrets:rotate --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Rotate to a generated value",
        "coffer secrets:rotate prod/db/password --generate",
    ),
    (
        "Rotate to a value from stdin",
        "new-token | coffer secrets:rotate API_KEY -",
    ),
    (
        "See what is due, then rotate it with your own script (old value on its stdin)",
        "coffer secrets:rotate --due --dry-run && coffer secrets:rotate --due --command ./rotate-db-password.sh",
    ),
];

pub fn run(loc: &Location, args: &RotateArgs) -> Result<()> {
    if args.due {
        return rotate_due(loc, args);
    }
    let name = args
        .name
        .as_ref()
        .expect("clap requires NAME without --due");
    if let Some(command) = &args.command {
        let how = How::Command {
            script: command,
            timeout: args.timeout,
        };
        return match rotate_one(loc, name, &how, false)? {
            Some(n) => output::line(&format!("rotated {name} (version {n})")),
            None => unreachable!("a named secret is rotated whether due or not"),
        };
    }
    let value = super::read_value(&args.value, name, true)?.expect("required");
    let n = crate::vault::transact(loc, |ctx| {
        let secret = store::find(ctx.db, name)?;
        secret.check_not_deleted()?;
        store_rotation(ctx, &secret, &value)
    })?;
    output::line(&format!("rotated {name} (version {n})"))
}

/// The policy `--rotate-every` / `--notify-before` make of `current`.
pub(crate) fn policy_from(
    current: Option<rotation::Policy>,
    args: &RotationArgs,
) -> Result<Option<rotation::Policy>> {
    rotation::Policy::merge(
        current,
        args.rotate_every.map(Span::secs),
        args.notify_before.map(Span::secs),
    )
}

/// Make `policy` `secret`'s rotation policy (`None`: no policy), setting
/// only the fields that change.
pub(crate) fn set_policy(
    ctx: &store::Ctx<'_>,
    secret: &Secret,
    policy: Option<rotation::Policy>,
) -> Result<()> {
    let (period, notify) = match policy {
        Some(p) => (Some(p.period), p.notify),
        None => (None, None),
    };
    for (field, old, new) in [
        (Field::RotationPeriod, secret.rotation_period, period),
        (Field::RotationNotify, secret.rotation_notify, notify),
    ] {
        if old != new {
            store::set_field(ctx, secret, field, new.map(FieldValue::Int))?;
        }
    }
    Ok(())
}

/// secrets:update's rotation options on `secret`; whether they changed
/// its policy.
pub(crate) fn update_policy(
    ctx: &store::Ctx<'_>,
    secret: &Secret,
    args: &RotationUpdateArgs,
) -> Result<bool> {
    let current = rotation::Policy::of(secret);
    let policy = if args.no_rotation {
        None
    } else {
        policy_from(current, &args.policy)?
    };
    if policy == current {
        return Ok(false);
    }
    set_policy(ctx, secret, policy)?;
    Ok(true)
}

/// How `--due` and `--command` make a new value.
enum How<'a> {
    /// `--generate` with its options (--length, --charset, --words …).
    Generate(&'a ValueArgs),
    Command {
        script: &'a str,
        timeout: std::time::Duration,
    },
}

/// Add `value` as `secret`'s next version, of kind rotate, and audit it.
fn store_rotation(ctx: &store::Ctx<'_>, secret: &Secret, value: &[u8]) -> Result<i64> {
    let current = store::version(ctx.db, secret, None)?;
    if *current.value == *value {
        return Err(Error::usage(format!(
            "the new value of {} is the same as the current one; nothing was rotated",
            secret.name
        )));
    }
    let n = store::add_version(ctx, secret, value, "rotate", None)?;
    let typed = crate::typecheck::inspect(&secret.name, &secret.kind, value, None);
    crate::typecheck::record(ctx, secret, &typed, true)?;
    ctx.audit(
        Event::secret(Action::Rotated, &secret.name, Some(n))
            .detail("fingerprint", ctx.fingerprint(value)),
    )?;
    Ok(n)
}

/// A secret that can be rotated now: not deleted, not in conflict (which
/// value would be the old one?), and, for `--due`, still due.
fn rotatable(ctx: &store::Ctx<'_>, name: &str, only_if_due: bool) -> Result<Option<Secret>> {
    let secret = store::find(ctx.db, name)?;
    secret.check_not_deleted()?;
    secret.check_not_in_conflict()?;
    if only_if_due
        && !matches!(
            rotation::state(&secret, ctx.now),
            Some(RotationState::Due | RotationState::Overdue)
        )
    {
        return Ok(None);
    }
    Ok(Some(secret))
}

/// Rotate one secret as `how` says. `None`: with `only_if_due`, it was no
/// longer due (another process rotated it meanwhile).
fn rotate_one(loc: &Location, name: &str, how: &How<'_>, only_if_due: bool) -> Result<Option<i64>> {
    let (script, timeout) = match how {
        How::Generate(value_args) => {
            return crate::vault::transact(loc, |ctx| {
                let Some(secret) = rotatable(ctx, name, only_if_due)? else {
                    return Ok(None);
                };
                store_rotation(ctx, &secret, &super::generate_from(value_args)?).map(Some)
            });
        }
        How::Command { script, timeout } => (*script, *timeout),
    };
    // The old value goes to the command: an audited read (`piped`),
    // committed before the command sees it.
    let old = crate::vault::transact(loc, |ctx| {
        let Some(secret) = rotatable(ctx, name, only_if_due)? else {
            return Ok(None);
        };
        let current = store::version(ctx.db, &secret, None)?;
        ctx.audit(
            Event::secret(Action::Piped, name, Some(current.number))
                .detail("fingerprint", ctx.fingerprint(&current.value)),
        )?;
        Ok(Some(current.value))
    })?;
    let Some(old) = old else {
        return Ok(None);
    };
    let new = new_value(name, script, timeout, old)?;
    // Stored even if the secret changed while the command ran: the command
    // has already put its value to use, and the other change stays in the
    // history as the version before this one.
    crate::vault::transact(loc, |ctx| {
        let secret = store::find(ctx.db, name)?;
        secret.check_not_deleted()?;
        store_rotation(ctx, &secret, &new).map(Some)
    })
    .map_err(|mut e| {
        // The command succeeded, so what it set up outside the vault may
        // already be in use; the value is written nowhere but the vault, so
        // say plainly that it is gone.
        e.message = format!(
            "{}; the value the rotation command printed for {name} was not stored",
            e.message
        );
        if e.hint.is_none() {
            e = e.hint(format!(
                "if the command changed {name} elsewhere, rotate {name} again"
            ));
        }
        e
    })
}

/// Run the rotation command for `name` with `old` on its stdin; what it
/// printed, or why it is refused.
fn new_value(
    name: &str,
    script: &str,
    timeout: std::time::Duration,
    old: Zeroizing<Vec<u8>>,
) -> Result<Zeroizing<Vec<u8>>> {
    let unchanged = format!("{name} is unchanged");
    let outcome = child::run(
        script,
        &[("COFFER_SECRET_NAME", name)],
        &old,
        child::Stdout::Capture(MAX_VALUE_BYTES),
        timeout,
    )
    .map_err(|e| Error::failure(format!("cannot run the rotation command for {name}: {e}")))?;
    drop(old);
    let (code, stdout) = match outcome {
        Outcome::TimedOut => {
            return Err(Error::failure(format!(
                "the rotation command for {name} ran longer than {}; it was killed and {unchanged}",
                Span::text(timeout.as_secs() as i64)
            ))
            .hint("give it more time with --timeout"));
        }
        Outcome::Exited { code, stdout } => (code, stdout),
    };
    match code {
        Some(0) => {}
        Some(code) => {
            return Err(Error::failure(format!(
                "the rotation command for {name} failed (exit {code}); {unchanged}"
            )));
        }
        None => {
            return Err(Error::failure(format!(
                "the rotation command for {name} was killed by a signal; {unchanged}"
            )));
        }
    }
    let Some(stdout) = stdout else {
        return Err(Error::failure(format!(
            "the rotation command for {name} printed more than the 1 MiB limit; {unchanged}"
        )));
    };
    let value = super::strip_single_newline(stdout);
    if value.is_empty() {
        return Err(Error::failure(format!(
            "the rotation command for {name} printed nothing; {unchanged}"
        ))
        .hint("the command must print the new value on its stdout"));
    }
    Ok(value)
}

/// `--due`: every secret due for rotation, one line each.
fn rotate_due(loc: &Location, args: &RotateArgs) -> Result<()> {
    let how = match (&args.command, args.value.generate) {
        (Some(script), _) => Some(How::Command {
            script,
            timeout: args.timeout,
        }),
        (None, true) => Some(How::Generate(&args.value)),
        (None, false) => None,
    };
    if how.is_none() && !args.dry_run {
        return Err(Error::usage("--due needs --generate or --command")
            .hint("see what is due with --dry-run"));
    }
    let due: Vec<Secret> = crate::vault::transact(loc, |ctx| {
        let due = store::list(
            ctx.db,
            &store::Filter {
                include_disabled: true,
                without_metadata: true,
                rotation: rotation::Filter {
                    due_at: Some(ctx.now),
                    ..Default::default()
                },
                ..Default::default()
            },
        )?;
        ctx.audit(Event::vault(Action::Listed).detail("count", due.len().to_string()))?;
        Ok(due)
    })?;
    if due.is_empty() {
        return output::line("nothing is due for rotation");
    }
    let Some(how) = how.filter(|_| !args.dry_run) else {
        let now = crate::time::now();
        for s in &due {
            let when = s
                .next_rotation_at
                .map(crate::time::format)
                .unwrap_or_default();
            let state = match rotation::state(s, now) {
                Some(RotationState::Overdue) => format!("overdue since {when}"),
                _ => format!("due on {when}"),
            };
            output::line(&format!("would rotate {} ({state})", s.name))?;
        }
        return Ok(());
    };
    let mut first_failure: Option<Exit> = None;
    let mut failed = 0;
    for s in &due {
        match rotate_one(loc, &s.name, &how, true) {
            // A closed stdout must not hide a failure: keep going.
            Ok(Some(n)) => output::line(&format!("rotated {} (version {n})", s.name)).unwrap_or(()),
            Ok(None) => {
                output::line(&format!("{} is no longer due; skipped", s.name)).unwrap_or(())
            }
            Err(e) => {
                output::error(&e);
                failed += 1;
                first_failure.get_or_insert(e.exit);
            }
        }
        // Stopped by a signal while a command ran: that secret is done
        // (stored if its command succeeded); start no other.
        if let Some(sig) = child::interrupted() {
            return Err(Error::failure(format!(
                "interrupted by signal {sig}; the secrets after {} were not rotated",
                s.name
            )));
        }
    }
    match first_failure {
        None => Ok(()),
        Some(exit) => Err(Error::new(
            exit,
            format!(
                "{failed} of {} {} not rotated",
                crate::output::count(due.len() as u64, "secret"),
                crate::output::plural(failed as u64, "was", "were")
            ),
        )),
    }
}
