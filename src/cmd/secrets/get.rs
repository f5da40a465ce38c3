//! `coffer secrets:get NAME...`: print values. Every value returned is an
//! audited read, committed before anything is printed.

use std::io::IsTerminal;

use clap::{Args, ValueEnum};
use zeroize::Zeroizing;

use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::{Action, Name};
use crate::output::{self, Entry, env_line, json_array, refuse};
use crate::store;
use crate::vault::Location;

/// Print a secret's value (or several, as a batch)
#[derive(Debug, Args)]
pub struct GetArgs {
    /// One name prints its bare value; several make a batch
    #[arg(required = true, value_name = "NAME", value_parser = Name::parse)]
    pub names: Vec<Name>,

    /// Print this version instead of the current one
    #[arg(long, value_name = "N")]
    pub version: Option<i64>,

    /// How to print. json: an array with one object per secret, however
    /// many names, `[{"name": ..., "version": N, "value": ...}]`, with
    /// `value_base64` instead of `value` for binary data. env: `export
    /// NAME='value'` lines that `eval` turns into variables the programs it
    /// starts see (names must be shell variable names). dotenv: `NAME=value`
    /// lines that python-dotenv, Node's dotenv and `docker run --env-file`
    /// read back exactly (docker keeps the quotes of the few values that need
    /// them, and cannot read values on several lines, which are quoted for
    /// the two libraries); values with NUL or binary data are refused: use
    /// json
    #[arg(long, value_enum, default_value_t = GetFormat::Raw)]
    pub format: GetFormat,

    /// Do not print a newline after a raw value
    #[arg(short = 'n', long)]
    pub no_newline: bool,
}

/// Examples for `coffer secrets:get --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    ("Print the current value", "coffer secrets:get DATABASE_URL"),
    (
        "An earlier version, without a newline",
        "coffer secrets:get API_KEY --version 2 -n > key.txt",
    ),
    (
        "Several secrets as exported shell variables",
        "eval \"$(coffer secrets:get DB_USER DB_PASS --format env)\"",
    ),
];

/// Output of `secrets:get`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GetFormat {
    /// The bare value and a newline
    Raw,
    /// A JSON array of {name, version, value}, whatever the number of names
    Json,
    /// `export NAME='value'` lines for `eval` in a POSIX shell
    Env,
    /// `NAME=value` lines of a .env file
    Dotenv,
}

struct Read {
    name: String,
    version: i64,
    value: Zeroizing<Vec<u8>>,
}

pub fn run(loc: &Location, args: &GetArgs) -> Result<()> {
    let batch = args.names.len() > 1;
    if batch && args.no_newline {
        return Err(Error::usage("-n/--no-newline takes a single name"));
    }
    let mut expired = Vec::new();
    let outcome = crate::vault::transact_for(loc, crate::vault::Intent::Read, |ctx| {
        // A read refused for a disabled or pending secret is recorded
        // (`denied`) and committed before the command fails.
        if let Some(refused) = super::deny_unreadable(ctx, &args.names, args.version)? {
            return Ok(Err(refused));
        }
        let mut reads = Vec::with_capacity(args.names.len());
        for name in &args.names {
            let secret = store::find(ctx.db, name)?;
            secret.check_readable(ctx.now)?;
            if args.version.is_none() {
                secret.check_not_in_conflict()?;
            }
            if secret.is_expired(ctx.now) {
                expired.push((name.clone(), secret.expires_at.unwrap_or_default()));
            }
            let version = store::version(ctx.db, &secret, args.version)?;
            check_printable(args.format, batch, name, &version.value)?;
            ctx.audit(
                Event::secret(Action::Accessed, name, Some(version.number))
                    .detail("fingerprint", ctx.fingerprint(&version.value)),
            )?;
            reads.push(Read {
                name: name.to_string(),
                version: version.number,
                value: version.value,
            });
        }
        Ok(Ok(reads))
    })?;
    let reads = outcome?;
    for (name, at) in expired {
        output::warn(&format!(
            "secret {name} expired at {}",
            crate::time::format(at)
        ));
    }
    print(args, &reads)
}

/// Refuse, before anything is recorded, output that cannot be printed as asked.
fn check_printable(format: GetFormat, batch: bool, name: &str, value: &[u8]) -> Result<()> {
    let text = std::str::from_utf8(value).is_ok();
    let terminal = std::io::stdout().is_terminal();
    match format {
        GetFormat::Raw if !text && terminal => Err(Error::usage(format!(
            "secret {name} holds binary data; refusing to print it to a terminal"
        ))
        .hint("redirect it to a file (`> file`) or use --format json")),
        // A terminal acts on escape sequences: `ESC ]52` writes the
        // clipboard, `ESC [2J` clears the screen.
        GetFormat::Raw | GetFormat::Env | GetFormat::Dotenv if terminal && has_controls(value) => {
            Err(Error::usage(format!(
                "secret {name} holds control characters (such as terminal escape sequences); refusing to print it to a terminal"
            ))
            .hint("redirect it to a file (`> file`) or a pipe, or use --format json"))
        }
        GetFormat::Raw if batch && value.contains(&b'\n') => Err(Error::usage(format!(
            "secret {name} has several lines, which a batch of raw values cannot show"
        ))
        .hint("use --format json or --format env")),
        GetFormat::Env | GetFormat::Dotenv if !output::is_env_name(name) => {
            Err(Error::usage(format!(
                "{name} is not a shell variable name, so --format {} cannot show it",
                format_name(format)
            ))
            .hint("use --format json, or `coffer export --format env|dotenv`, which makes variable names"))
        }
        GetFormat::Env => env_line(name, name, value).map(|_| ()),
        GetFormat::Dotenv => output::dotenv_line(name, value)
            .map(|_| ())
            .map_err(|why| refuse(name, "dotenv", why)),
        _ => Ok(()),
    }
}

fn format_name(format: GetFormat) -> &'static str {
    match format {
        GetFormat::Raw => "raw",
        GetFormat::Json => "json",
        GetFormat::Env => "env",
        GetFormat::Dotenv => "dotenv",
    }
}

/// Whether a text value holds a control character other than newline and
/// tab (C0, DEL or C1).
fn has_controls(value: &[u8]) -> bool {
    std::str::from_utf8(value)
        .is_ok_and(|s| s.chars().any(|c| c.is_control() && c != '\n' && c != '\t'))
}

fn print(args: &GetArgs, reads: &[Read]) -> Result<()> {
    match args.format {
        GetFormat::Raw => {
            let mut out = Zeroizing::new(Vec::new());
            for r in reads {
                out.extend_from_slice(&r.value);
                if !args.no_newline {
                    out.push(b'\n');
                }
            }
            output::write_stdout(&out)
        }
        GetFormat::Json => {
            // One shape however many names: an array of objects.
            let entries: Vec<Entry> = reads
                .iter()
                .map(|r| Entry::new(&r.name, r.version, &r.value))
                .collect();
            output::write_stdout(&json_array(&entries))
        }
        GetFormat::Env => {
            let mut out = Zeroizing::new(String::new());
            for r in reads {
                let line = env_line(&r.name, &r.name, &r.value)?;
                out.push_str(&line);
            }
            output::write_stdout(out.as_bytes())
        }
        GetFormat::Dotenv => {
            let mut out = Zeroizing::new(String::new());
            for r in reads {
                match output::dotenv_line(&r.name, &r.value) {
                    Ok(output::Dotenv::Bare(l) | output::Dotenv::Quoted(l)) => {
                        out.push_str(&Zeroizing::new(l))
                    }
                    Err(why) => return Err(refuse(&r.name, "dotenv", why)),
                }
            }
            output::write_stdout(out.as_bytes())
        }
    }
}
