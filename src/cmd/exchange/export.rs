//! `coffer export [--format json|dotenv|env] [--prefix P] [--tag T]`: every
//! secret picked, with its value, to stdout. Each is an audited read; a
//! value the format cannot carry is refused before anything is recorded.
//! `coffer export --history`: every secret and version (see [`super::history`]).

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use zeroize::Zeroizing;

use super::{Pending, Selection};
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::Tag;
use crate::output::{self, Dotenv, Entry, env_line, json_array, refuse};
use crate::vault::Location;

/// Print secrets with their values, for another tool or a backup (--history)
///
/// THIS PRINTS SECRET VALUES. Every secret exported is an audited read
/// (`accessed`, via export). json (the default) is the array
/// `secrets:get --format json` prints, with each secret's type, tags,
/// description and metadata: `coffer import` takes it back. env and
/// dotenv name each secret as `coffer run` does (`prod/db/password` is
/// PROD_DB_PASSWORD) and refuse values they cannot carry (see
/// secrets:get --format). These carry current values only: deleted,
/// disabled and pending secrets, expiry, activation, rotation policies
/// and older versions are left out. --history writes everything instead:
/// every secret in every state with all its facts and every version
/// (number, kind, source, time, author, value; destroyed versions
/// without one), each version read an audited read (via export
/// --history); `coffer import` restores it into an empty vault. Not in
/// it: the audit log, which stays in the vault, and the members, merge
/// policy and keys; the full backup is the vault's files and your
/// identity file. -o FILE writes FILE 0600 (never over an existing
/// file without --force), as `inject -o` does: the reads are recorded
/// before any value reaches the disk, and FILE gets its name last, whole.
/// A shell redirect (`> FILE`) instead makes a file with your umask's
/// mode (often 0644: readable by every user on the machine).
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Only names starting with PREFIX
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// Only secrets with this tag (repeatable: all must match)
    #[arg(long, value_name = "TAG", value_parser = Tag::parse)]
    pub tag: Vec<Tag>,
    /// Every secret in every state with all its facts and every version
    /// (JSON, "format": "coffer-history-1"; see coffer-export(1)), which
    /// `coffer import` restores into an empty vault
    #[arg(long, conflicts_with_all = ["prefix", "tag"])]
    pub history: bool,
    /// Write here (0600, the reads recorded before any value reaches the
    /// disk) instead of stdout
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// Examples for `coffer export --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Every secret in every state, every version (keep the file safe)",
        "coffer export --history -o history.json",
    ),
    (
        "The current values, for another tool",
        "coffer export -o current.json",
    ),
    (
        "A .env file for docker",
        "coffer export --format dotenv --tag staging -o staging.env",
    ),
];

/// Output of `coffer export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The array secrets:get --format json prints, plus each secret's facts
    Json,
    /// A .env file (see secrets:get --format dotenv)
    Dotenv,
    /// `export NAME='value'` lines for a POSIX shell
    Env,
}

pub fn run(loc: &Location, args: &ExportArgs) -> Result<()> {
    if args.history {
        if args.format != ExportFormat::Json {
            return Err(Error::usage(
                "--history writes JSON only (every version of every secret); nothing was read",
            )
            .hint("leave out --format, or use --format json"));
        }
        let pending = open_out(args)?;
        let text =
            crate::vault::transact_for(loc, crate::vault::Intent::Read, super::history::export)?;
        return write_out(args, pending, &text);
    }
    let sel = Selection {
        names: Vec::new(),
        // No prefix takes every secret.
        prefix: Some(args.prefix.as_deref().unwrap_or("")),
        tags: &args.tag,
    };
    let (mut quoted, mut several_lines) = (0u64, 0);
    // FILE is made before anything is read; the values reach it only once
    // their reads are recorded (as `inject -o`, [`Pending`]).
    let pending = open_out(args)?;
    let text = crate::vault::transact_for(loc, crate::vault::Intent::Read, |ctx| {
        let reads = super::values(ctx, super::select(ctx, &sel)?)?;
        let out = match args.format {
            ExportFormat::Json => {
                let entries: Vec<Entry> = reads
                    .iter()
                    .map(|r| {
                        let mut e = Entry::new(&r.name, r.version, &r.value);
                        e.kind = Some(r.secret.kind.clone());
                        e.description = r.secret.description.clone();
                        e.tags = r.secret.tags.clone();
                        e.metadata = r.secret.metadata.clone();
                        e
                    })
                    .collect();
                json_array(&entries)
            }
            ExportFormat::Env | ExportFormat::Dotenv => {
                let vars = super::variables(&reads, &[])?;
                let mut out = Zeroizing::new(Vec::new());
                for (var, i) in vars {
                    let r = &reads[i];
                    let line = if args.format == ExportFormat::Env {
                        env_line(&r.name, &var, &r.value)?
                    } else {
                        match output::dotenv_line(&var, &r.value) {
                            Ok(Dotenv::Bare(l)) => Zeroizing::new(l),
                            Ok(Dotenv::Quoted(l)) => {
                                quoted += 1;
                                if r.value.iter().any(|&b| b == b'\n' || b == b'\r') {
                                    several_lines += 1;
                                }
                                Zeroizing::new(l)
                            }
                            Err(why) => return Err(refuse(&r.name, "dotenv", why)),
                        }
                    };
                    out.extend_from_slice(line.as_bytes());
                }
                out
            }
        };
        if pending.is_none() {
            super::refuse_controls_on_terminal(&out)?;
        }
        super::audit(ctx, &reads, "export")?;
        Ok(out)
    })?;
    if quoted > 0 {
        let lines = if several_lines > 0 {
            format!(" and cannot read the {several_lines} on several lines")
        } else {
            String::new()
        };
        output::warn(&format!(
            "{} {} quoted; python-dotenv and Node's dotenv read them back exactly, `docker run --env-file` keeps the quotes{lines}",
            output::count(quoted, "value"),
            output::plural(quoted, "is", "are")
        ));
    }
    write_out(args, pending, &text)
}

/// `-o FILE`'s file, made before the vault is opened.
fn open_out(args: &ExportArgs) -> Result<Option<Pending>> {
    match &args.output {
        Some(out) => Ok(Some(Pending::create(out, args.force, "export")?)),
        None => Ok(None),
    }
}

/// The export, once its reads are committed: into `-o FILE`, or to stdout.
fn write_out(args: &ExportArgs, pending: Option<Pending>, text: &[u8]) -> Result<()> {
    match (pending, &args.output) {
        (Some(p), Some(out)) => p.finish(text, out, args.force),
        _ => output::write_stdout(text),
    }
}
