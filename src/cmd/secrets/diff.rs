//! `coffer secrets:diff NAME --from N [--to M] [--reveal]`: whether the value
//! changed and how its size changed; with `--reveal`, a line diff (an audited
//! read of both values).

use std::io::IsTerminal;

use clap::Args;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use zeroize::Zeroizing;

use crate::audit::Event;
use crate::cmd::{Examples, ShowFormat};
use crate::error::{Error, Result};
use crate::model::{Action, Name};
use crate::output;
use crate::store;
use crate::vault::Location;

/// Compare two versions of a secret
#[derive(Debug, Args)]
pub struct DiffArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
    /// The older version
    #[arg(long, value_name = "N")]
    pub from: i64,
    /// The newer version [default: the current one]
    #[arg(long, value_name = "M")]
    pub to: Option<i64>,
    /// Show a line diff of the two values (prints secret values!)
    #[arg(long)]
    pub reveal: bool,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// Examples for `coffer secrets:diff --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Did the value change between versions 1 and 2?",
        "coffer secrets:diff API_KEY --from 1 --to 2",
    ),
    (
        "Show the line diff (prints values)",
        "coffer secrets:diff config/app.env --from 3 --reveal",
    ),
];

#[derive(Serialize)]
struct Comparison {
    name: String,
    from: i64,
    to: i64,
    changed: bool,
    from_size: usize,
    to_size: usize,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "reveal")]
    diff: Option<Zeroizing<String>>,
}

fn reveal<S: serde::Serializer>(d: &Option<Zeroizing<String>>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(d.as_deref().map_or("", |d| d.as_str()))
}

pub fn run(loc: &Location, args: &DiffArgs) -> Result<()> {
    let cmp = crate::vault::transact_for(loc, crate::vault::Intent::Read, |ctx| {
        let secret = store::find(ctx.db, &args.name)?;
        secret.check_not_deleted()?;
        if args.reveal {
            secret.check_readable(ctx.now)?;
            if args.to.is_none() {
                // No current value to show until the conflict is resolved.
                secret.check_not_in_conflict()?;
            }
        }
        let from = store::version(ctx.db, &secret, Some(args.from))?;
        let to = store::version(ctx.db, &secret, args.to)?;
        let diff = if args.reveal {
            let (Ok(a), Ok(b)) = (
                std::str::from_utf8(&from.value),
                std::str::from_utf8(&to.value),
            ) else {
                return Err(Error::usage(format!(
                    "{} holds binary data, which has no line diff",
                    args.name
                )));
            };
            Some(line_diff(a, b))
        } else {
            None
        };
        let event = if args.reveal {
            Event::secret(Action::Accessed, &args.name, Some(to.number)).detail("via", "diff")
        } else {
            Event::secret(Action::Compared, &args.name, Some(to.number))
        };
        ctx.audit(event.detail("from", from.number.to_string()))?;
        Ok(Comparison {
            name: args.name.to_string(),
            from: from.number,
            to: to.number,
            changed: *from.value != *to.value,
            from_size: from.value.len(),
            to_size: to.value.len(),
            diff,
        })
    })?;
    match args.format {
        ShowFormat::Json => output::json(&cmp),
        ShowFormat::Table => {
            let verdict = if cmp.changed { "changed" } else { "unchanged" };
            let delta = cmp.to_size as i64 - cmp.from_size as i64;
            output::line(&format!(
                "{}: version {} -> {}: value {verdict}, {} -> {} bytes ({delta:+})",
                cmp.name, cmp.from, cmp.to, cmp.from_size, cmp.to_size
            ))?;
            if let Some(d) = &cmp.diff {
                if std::io::stdout().is_terminal() {
                    output::write_stdout(escape_controls(d).as_bytes())?;
                } else {
                    output::write_stdout(d.as_bytes())?;
                }
            }
            Ok(())
        }
    }
}

/// The diff with control characters other than newline and tab written as
/// escapes (`\u{1b}`), for a terminal, which would act on them.
fn escape_controls(diff: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(diff.len() + 64));
    for c in diff.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn line_diff(a: &str, b: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::new());
    for change in TextDiff::from_lines(a, b).iter_all_changes() {
        let sign = match change.tag() {
            ChangeTag::Delete => '-',
            ChangeTag::Insert => '+',
            ChangeTag::Equal => ' ',
        };
        out.push(sign);
        out.push_str(change.value());
        if !change.value().ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn controls_are_escaped_for_a_terminal() {
        assert_eq!(
            super::escape_controls("+a\x1b[2J\tb\x07\u{9b}\n").as_str(),
            "+a\\u{1b}[2J\tb\\u{7}\\u{9b}\n"
        );
    }

    #[test]
    fn line_diff_marks_lines() {
        assert_eq!(
            super::line_diff("a\nb\n", "a\nc\n").as_str(),
            " a\n-b\n+c\n"
        );
    }
}
