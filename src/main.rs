//! The `coffer` binary: parse, dispatch, map errors to exit codes.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::FromArgMatches;
use coffer::{cli, cmd, error::Exit, output};

fn main() -> ExitCode {
    no_core_dumps();
    let matches = match cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            if e.kind() == clap::error::ErrorKind::UnknownArgument && takes_a_value() {
                // clap would echo the argument, and here it may be a secret
                // value (`secrets:create K --s3cret`, or an unquoted phrase).
                output::error(
                    &coffer::error::Error::usage(
                        "unexpected argument (not shown: it may be a secret value)",
                    )
                    .hint(
                        "quote a value with spaces; a value starting with '-' must come \
                         from stdin (`-`) or --from-file; see --help",
                    ),
                );
                return ExitCode::from(Exit::Usage.code());
            }
            if let Some(err) = invalid_value(&e) {
                output::error(&err);
                return ExitCode::from(Exit::Usage.code());
            }
            // --help and --version print to stdout and exit 0; usage errors exit 2.
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(Exit::Usage.code());
        }
    };
    match cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.quiet {
                output::error(&e);
            }
            ExitCode::from(e.exit.code())
        }
    }
}

/// A value one of coffer's parsers refused (a name, tag, duration, time), as
/// coffer words it: `invalid --expires-in "banana": expected a duration...`
/// with the value escaped, where clap would echo it raw (terminal escapes
/// included) and lose the hint.
fn invalid_value(e: &clap::Error) -> Option<coffer::error::Error> {
    use clap::error::{ContextKind, ContextValue};
    use std::error::Error as _;
    let invalid = e.source()?.downcast_ref::<coffer::model::Invalid>()?;
    // clap names the argument `--expires-in <DURATION>`, or `<NAME>` for a
    // positional one: the flag is what the user typed.
    let flag = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) if arg.starts_with('-') => {
            arg.split(' ').next().map(str::to_owned)
        }
        _ => None,
    };
    Some(invalid.error_for(flag.as_deref().unwrap_or(invalid.what)))
}

/// Whether the command line names a command whose arguments include a value.
/// Arguments need not be UTF-8 (`--vault $'vault\xff'`), so they are compared
/// as `OsStr`: `std::env::args` would panic on them.
fn takes_a_value() -> bool {
    std::env::args_os().any(|a| {
        [
            "secrets:create",
            "secrets:update",
            "secrets:rotate",
            "audit:hash",
        ]
        .iter()
        .any(|command| a == *command)
    })
}

/// Keep secrets out of core dumps, first thing: a crash or a SIGQUIT must not
/// write the process's memory (values, the identity, the vault's HMAC key) to
/// disk. `PR_SET_DUMPABLE 0` also keeps other processes of the same user from
/// attaching a debugger or reading `/proc/PID/mem`; `RLIMIT_CORE 0` (soft and
/// hard) covers a core pattern that ignores dumpability.
fn no_core_dumps() {
    use rustix::process::{Resource, Rlimit, setrlimit};
    #[cfg(any(target_os = "linux", target_os = "android"))]
    if let Err(e) =
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
    {
        output::warn(&format!(
            "cannot turn off core dumps (PR_SET_DUMPABLE): {e}"
        ));
    }
    let none = Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    if let Err(e) = setrlimit(Resource::Core, none) {
        output::warn(&format!("cannot turn off core dumps (RLIMIT_CORE): {e}"));
    }
}
