//! Rotation policies: a secret's value is due for a change every
//! `rotation_period` seconds, counted from its last value change (the newest
//! version, whatever made it: create, update, rotate, rollback, merge,
//! import), and counts as due `rotation_notify` seconds before that date.
//!
//! The policy is two columns of `secret`, set through `Field` operations
//! like any other fact (so journal replay gives every clone the same
//! policy, and the audit `state` digest covers it); the date is derived,
//! never stored.

use serde::Serialize;

use super::Secret;
use crate::error::{Error, Result};

/// Where a secret stands against its rotation policy at some time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RotationState {
    /// Not yet inside the notify window.
    Ok,
    /// Inside the notify window, before the rotation date.
    Due,
    /// The rotation date has come.
    Overdue,
}

impl RotationState {
    pub fn as_str(self) -> &'static str {
        match self {
            RotationState::Ok => "ok",
            RotationState::Due => "due",
            RotationState::Overdue => "overdue",
        }
    }
}

/// When `secret`'s value is next due for rotation: its last value change
/// plus its period (`None` without a policy).
pub fn next_rotation(secret: &Secret) -> Option<i64> {
    let period = secret.rotation_period?;
    Some(secret.value_changed_at?.saturating_add(period))
}

/// Where `secret` stands at `now` (`None` without a policy).
pub fn state(secret: &Secret, now: i64) -> Option<RotationState> {
    let next = secret.next_rotation_at?;
    let notify = secret.rotation_notify.unwrap_or(0);
    Some(if now >= next {
        RotationState::Overdue
    } else if now >= next.saturating_sub(notify) {
        RotationState::Due
    } else {
        RotationState::Ok
    })
}

/// A rotation policy: period and notify window, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub period: i64,
    pub notify: Option<i64>,
}

impl Policy {
    /// The policy `--rotate-every` / `--notify-before` (given as
    /// `period` / `notify`) make of `current` (`None`: the secret has
    /// none): a flag not given keeps the current setting. Refuses a notify
    /// window without a period, and one as long as the period or longer
    /// (the secret would always be due).
    pub fn merge(
        current: Option<Policy>,
        period: Option<i64>,
        notify: Option<i64>,
    ) -> Result<Option<Policy>> {
        let Some(period) = period.or(current.map(|p| p.period)) else {
            if notify.is_some() {
                return Err(Error::usage(
                    "--notify-before needs a rotation period, and this secret has none",
                )
                .hint("add --rotate-every DURATION (e.g. --rotate-every 30d)"));
            }
            return Ok(None);
        };
        let notify = notify.or(current.and_then(|p| p.notify));
        if let Some(n) = notify
            && n >= period
        {
            return Err(Error::usage(format!(
                "the notify window ({}) must be shorter than the rotation period ({})",
                crate::model::Span::text(n),
                crate::model::Span::text(period)
            ))
            .hint("give a shorter --notify-before (or a longer --rotate-every)"));
        }
        Ok(Some(Policy { period, notify }))
    }

    /// `secret`'s policy, if it has one.
    pub fn of(secret: &Secret) -> Option<Policy> {
        secret.rotation_period.map(|period| Policy {
            period,
            notify: secret.rotation_notify,
        })
    }
}

/// Which secrets `secrets:list` keeps, by rotation and use.
#[derive(Debug, Default, Clone, Copy)]
pub struct Filter {
    /// Due (inside the notify window, or past the date) at this time.
    pub due_at: Option<i64>,
    /// Past the rotation date at this time.
    pub overdue_at: Option<i64>,
    /// Not read since this time: last read then or before, or never read
    /// and created then or before (a secret younger than the span cannot
    /// have gone unused that long).
    pub unread_since: Option<i64>,
}

/// The next rotation date in SQL, for a secret `s`.
const NEXT_SQL: &str =
    "((SELECT MAX(created_at) FROM version v WHERE v.secret_id = s.id) + s.rotation_period)";

impl Filter {
    /// Add this filter's conditions to a query over `secret s`.
    pub(super) fn push_sql(&self, sql: &mut String, args: &mut Vec<rusqlite::types::Value>) {
        if let Some(t) = self.due_at {
            sql.push_str(&format!(
                " AND s.rotation_period IS NOT NULL AND {NEXT_SQL} - COALESCE(s.rotation_notify, 0) <= ?"
            ));
            args.push(t.into());
        }
        if let Some(t) = self.overdue_at {
            sql.push_str(&format!(
                " AND s.rotation_period IS NOT NULL AND {NEXT_SQL} <= ?"
            ));
            args.push(t.into());
        }
        if let Some(t) = self.unread_since {
            sql.push_str(
                " AND (s.last_read_at <= ? OR (s.last_read_at IS NULL AND s.created_at <= ?))",
            );
            args.push(t.into());
            args.push(t.into());
        }
    }
}

/// How many secrets (not deleted) are due for rotation at `now` (overdue
/// ones included), and how many of those are overdue.
pub fn counts(db: &rusqlite::Connection, now: i64) -> Result<(i64, i64)> {
    Ok(db.query_row(
        &format!(
            "SELECT COUNT(*), COALESCE(SUM(next <= ?1), 0) FROM (
               SELECT {NEXT_SQL} AS next, COALESCE(s.rotation_notify, 0) AS notify
                 FROM secret s
                WHERE s.deleted_at IS NULL AND s.rotation_period IS NOT NULL)
              WHERE next - notify <= ?1"
        ),
        [now],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}
