//! `coffer run [NAMES...] [--prefix P] [--tag T] [--env VAR=NAME] -- CMD`:
//! a program with secrets in its environment.
//!
//! The program is found before the vault is opened (exit 127 when it is
//! not there, 126 when it cannot be run, as a shell does), the variables
//! are checked and the reads committed before it starts, and coffer then
//! only waits: it passes on the signals it gets and exits with the
//! program's code (128+N for signal N). Values go to the program in its
//! environment only: never in its arguments, never in a file.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use aho_corasick::{AhoCorasick, MatchKind};
use clap::Args;
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH};
use signal_hook::iterator::SignalsInfo;
use signal_hook::iterator::exfiltrator::WithOrigin;
use signal_hook::low_level::siginfo::Cause;
use zeroize::Zeroizing;

use super::Selection;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::{Name, Tag};
use crate::output;
use crate::vault::Location;

/// Run a program with secrets in its environment
///
/// Each secret becomes a variable named after it (`prod/db/password` is
/// PROD_DB_PASSWORD: letters upper-cased, other characters `_`), or the
/// one --env VAR=NAME gives. Two secrets for one variable, or a VAR that
/// is not a variable name, is an error before anything is read. Every
/// value passed is an audited read (`accessed`, via run) committed
/// before the program starts; values travel in its environment only,
/// never in its arguments. coffer waits for the program, passes on the
/// signals it gets (INT, TERM, HUP, QUIT, USR1, USR2, WINCH; a Ctrl-C at
/// a terminal already reaches the program) and exits with its code, or
/// 128+N when signal N killed it. A program that cannot be found exits
/// 127, one that cannot be run 126 (as a shell does), before anything is
/// read. --mask replaces every value in the program's output with
/// `*****`; output that may be the start of a value (at most the
/// longest value's length) is held back until more output, or the
/// program's end, shows it is not.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Secrets to pass, each as the variable named after it
    #[arg(value_name = "NAME", value_parser = Name::parse)]
    pub names: Vec<Name>,
    /// Also pass every secret whose name starts with PREFIX
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// Also pass every secret with this tag (repeatable: all must match)
    #[arg(long, value_name = "TAG", value_parser = Tag::parse)]
    pub tag: Vec<Tag>,
    /// Pass secret NAME as variable VAR (repeatable)
    #[arg(long = "env", value_name = "VAR=NAME", value_parser = EnvMapping::parse)]
    pub env: Vec<EnvMapping>,
    /// Replace every value in the program's stdout and stderr with *****
    #[arg(long)]
    pub mask: bool,
    /// The program and its arguments, after `--`
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<std::ffi::OsString>,
}

/// Examples for `coffer run --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "A program with two secrets in its environment",
        "coffer run DATABASE_URL API_KEY -- ./server --port 8080",
    ),
    (
        "Everything under prod/, with values masked in CI logs",
        "coffer run --prefix prod/ --mask -- make deploy",
    ),
    (
        "A secret under a variable name of your choice",
        "coffer run --env PGPASSWORD=prod/db/password -- psql -h db.internal",
    ),
];

/// `--env VAR=NAME`: a variable and the secret it holds.
#[derive(Debug, Clone)]
pub struct EnvMapping {
    pub var: String,
    pub name: Name,
}

impl EnvMapping {
    fn parse(s: &str) -> Result<EnvMapping, String> {
        let (var, name) = s
            .split_once('=')
            .ok_or_else(|| format!("expected VAR=NAME, got {:?}", crate::output::clean(s)))?;
        if !crate::output::is_env_name(var) {
            return Err(format!(
                "{:?} is not a variable name (letters, digits and _, not starting with a digit)",
                crate::output::clean(var)
            ));
        }
        let name = Name::parse(name).map_err(|e| e.to_string())?;
        Ok(EnvMapping {
            var: var.to_owned(),
            name,
        })
    }
}

/// What replaces a value in masked output.
pub const MASK: &[u8] = b"*****";

/// The signals passed on to the program.
const FORWARDED: [i32; 7] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH];

/// Exit codes a shell uses for a program it cannot find or run.
const NOT_FOUND: i32 = 127;
const CANNOT_RUN: i32 = 126;

pub fn run(loc: &Location, args: RunArgs) -> Result<()> {
    let program = args.command[0].clone();
    let path = match find_program(&program) {
        Ok(p) => p,
        Err((code, err)) => {
            output::error(&err);
            std::process::exit(code);
        }
    };
    if args.names.is_empty() && args.env.is_empty() && args.prefix.is_none() && args.tag.is_empty()
    {
        return Err(Error::usage("no secrets named for the program")
            .hint("give NAMES, --prefix, --tag or --env VAR=NAME before `--`"));
    }
    let explicit: Vec<(String, String)> = args
        .env
        .iter()
        .map(|m| (m.var.clone(), m.name.to_string()))
        .collect();
    let mut names: Vec<String> = args.names.iter().map(|n| n.to_string()).collect();
    names.extend(explicit.iter().map(|(_, n)| n.clone()));
    let sel = Selection {
        names,
        prefix: args.prefix.as_deref(),
        tags: &args.tag,
    };
    let env: Vec<(String, Zeroizing<Vec<u8>>)> =
        crate::vault::transact_for(loc, crate::vault::Intent::Read, |ctx| {
            let reads = super::values(ctx, super::select(ctx, &sel)?)?;
            super::require_some(&reads, "--prefix and --tag")?;
            for r in &reads {
                if r.value.contains(&0) {
                    return Err(Error::usage(format!(
                    "secret {} holds a NUL byte, which no environment variable can hold",
                    r.name
                ))
                .hint(
                    "leave it out, or write it to a file with `coffer secrets:get NAME -n > FILE`",
                ));
                }
            }
            let vars = super::variables(&reads, &explicit)?;
            super::audit(ctx, &reads, "run")?;
            Ok(vars
                .into_iter()
                .map(|(var, i)| (var, reads[i].value.clone()))
                .collect())
        })?;

    let mut cmd = Command::new(&path);
    cmd.arg0(&program).args(&args.command[1..]);
    for (var, value) in &env {
        cmd.env(var, OsStr::from_bytes(value));
    }
    let masker = if args.mask {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        Some(
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(env.iter().map(|(_, v)| v.as_slice()))
                .map_err(|e| Error::failure(format!("cannot build the value matcher: {e}")))?,
        )
    } else {
        None
    };
    let longest = env.iter().map(|(_, v)| v.len()).max().unwrap_or(1);
    drop(env);

    // Catch the signals before the program starts, so none is missed.
    let mut signals = SignalsInfo::<WithOrigin>::new(FORWARDED)
        .map_err(|e| Error::failure(format!("cannot catch signals: {e}")))?;
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            output::error(&Error::failure(format!(
                "cannot run {}: {e}",
                output::clean(&path.to_string_lossy())
            )));
            std::process::exit(CANNOT_RUN);
        }
    };
    drop(cmd);
    let pid = rustix::process::Pid::from_child(&child);
    let handle = signals.handle();
    let forwarder = std::thread::spawn(move || {
        for origin in signals.forever() {
            // A Ctrl-C (or a resize) at a terminal goes to the whole
            // foreground group, the program included: passing it on would
            // deliver it twice.
            let from_terminal = matches!(origin.signal, SIGINT | SIGQUIT | SIGWINCH)
                && matches!(origin.cause, Cause::Kernel);
            if from_terminal {
                continue;
            }
            if let Some(sig) = rustix::process::Signal::from_named_raw(origin.signal) {
                let _ = rustix::process::kill_process(pid, sig);
            }
        }
    });
    let mut copiers = Vec::new();
    if let Some(ac) = masker {
        let out = child.stdout.take().expect("piped");
        let err = child.stderr.take().expect("piped");
        let ac2 = ac.clone();
        copiers.push(std::thread::spawn(move || {
            mask_stream(&ac, longest, out, std::io::stdout())
        }));
        copiers.push(std::thread::spawn(move || {
            mask_stream(&ac2, longest, err, std::io::stderr())
        }));
    }
    let status = child
        .wait()
        .map_err(|e| Error::failure(format!("cannot wait for the program: {e}")))?;
    for c in copiers {
        let _ = c.join();
    }
    handle.close();
    let _ = forwarder.join();
    let code = match (status.code(), status.signal()) {
        (Some(code), _) => code,
        (None, Some(sig)) => 128 + sig,
        (None, None) => 1,
    };
    std::process::exit(code)
}

/// The file `program` names: itself when it holds a `/`, else the first
/// executable file of that name in PATH. Errors carry a shell's exit code.
fn find_program(program: &OsStr) -> std::result::Result<PathBuf, (i32, Error)> {
    let shown = output::clean(&program.to_string_lossy());
    let runnable =
        |p: &Path| p.is_file() && rustix::fs::access(p, rustix::fs::Access::EXEC_OK).is_ok();
    if program.as_bytes().contains(&b'/') {
        let path = PathBuf::from(program);
        if runnable(&path) {
            return Ok(path);
        }
        if path.exists() {
            return Err((
                CANNOT_RUN,
                Error::denied(format!("cannot run {shown}: not an executable file"))
                    .hint("check its permissions (chmod +x)"),
            ));
        }
        return Err((
            NOT_FOUND,
            Error::not_found(format!("program {shown} not found; nothing was read"))
                .hint("check the path"),
        ));
    }
    let search = std::env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/bin:/bin"));
    for dir in std::env::split_paths(&search) {
        let candidate = dir.join(program);
        if runnable(&candidate) {
            return Ok(candidate);
        }
    }
    Err((
        NOT_FOUND,
        Error::not_found(format!(
            "program {shown} not found in PATH; nothing was read"
        ))
        .hint("check its name, or give its path"),
    ))
}

/// Copy `from` to `to`, each value `ac` finds replaced by [`MASK`], as the
/// bytes come. A value split across reads is still found: bytes that may
/// be the start of a value (fewer than `longest` from the end) are held
/// back until more output or the end shows what they are. A match counts
/// once every value that could start at its place fits in what was read,
/// so the longest value wins (LeftmostLongest).
pub fn mask_stream(
    ac: &AhoCorasick,
    longest: usize,
    mut from: impl std::io::Read,
    mut to: impl Write,
) -> std::io::Result<()> {
    let mut buf: Zeroizing<Vec<u8>> = Zeroizing::new(Vec::with_capacity(16 * 1024));
    let mut chunk = Zeroizing::new(vec![0u8; 8 * 1024]);
    loop {
        let n = match from.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let eof = n == 0;
        buf.extend_from_slice(&chunk[..n]);
        let done = mask_ready(ac, longest, &buf, eof, &mut to)?;
        buf.drain(..done);
        to.flush()?;
        if eof {
            return Ok(());
        }
    }
}

/// Write what of `buf` is settled (masked), and return how many of its
/// bytes that used.
fn mask_ready(
    ac: &AhoCorasick,
    longest: usize,
    buf: &[u8],
    eof: bool,
    to: &mut impl Write,
) -> std::io::Result<usize> {
    let mut pos = 0;
    for m in ac.find_iter(buf) {
        if !eof && m.start() + longest > buf.len() {
            break;
        }
        to.write_all(&buf[pos..m.start()])?;
        to.write_all(MASK)?;
        pos = m.end();
    }
    let settled = if eof {
        buf.len()
    } else {
        buf.len().saturating_sub(longest - 1).max(pos)
    };
    to.write_all(&buf[pos..settled])?;
    Ok(settled)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `input` masked when read `step` bytes at a time.
    fn masked(values: &[&str], input: &str, step: usize) -> String {
        struct Trickle<'a>(&'a [u8], usize);
        impl std::io::Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(self.0.len()).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(values)
            .unwrap();
        let longest = values.iter().map(|v| v.len()).max().unwrap();
        let mut out = Vec::new();
        mask_stream(&ac, longest, Trickle(input.as_bytes(), step), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn values_are_masked_across_every_read_boundary() {
        let input = "user=admin pass=hunter2hunter2 again:hunter2hunter2!";
        let want = "user=admin pass=***** again:*****!";
        for step in 1..=input.len() {
            assert_eq!(
                masked(&["hunter2hunter2"], input, step),
                want,
                "step {step}"
            );
        }
    }

    #[test]
    fn the_longest_value_wins_and_nothing_leaks() {
        // "abc" is the start of "abcdef": masking "abc" alone would print "def".
        for step in 1..=12 {
            assert_eq!(
                masked(&["abc", "abcdef"], "xabcdefyabcz", step),
                "x*****y*****z"
            );
        }
        assert_eq!(masked(&["secret"], "no values here", 3), "no values here");
        assert_eq!(masked(&["secret"], "ends with secr", 2), "ends with secr");
    }
}
