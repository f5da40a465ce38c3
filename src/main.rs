//! The `coffer` binary: parse, dispatch, map errors to exit codes.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::FromArgMatches;
use coffer::completions::names;
use coffer::{cli, cmd, error::Exit, output};

fn main() -> ExitCode {
    no_core_dumps();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == names::COMMAND) {
        // The shells' Tab: secret names, or exit 1 where none is wanted.
        // The words come on stdin (or, for tests, after `--`).
        let words = match args.get(2) {
            Some(dashdash) if dashdash == "--" => args[3..].to_vec(),
            _ => {
                use std::io::Read;
                let mut input = Vec::new();
                let _ = std::io::stdin().take(1 << 20).read_to_end(&mut input);
                names::read_words(&input)
            }
        };
        return if names::run(&words) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let matches = match cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            if e.kind() == clap::error::ErrorKind::UnknownArgument && takes_a_value() {
                // clap would echo the argument, and here it may be a secret
                // value (`secrets:create K --s3cret`, or an unquoted phrase).
                output::error(&unexpected_argument(&e));
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

/// The commands that take a value as an argument.
const VALUE_COMMANDS: [&str; 4] = [
    "secrets:create",
    "secrets:update",
    "secrets:rotate",
    "audit:hash",
];

/// Whether the command line names a command whose arguments include a value
/// (by its name or an alias: `create`, `update`).
/// Arguments need not be UTF-8 (`--vault $'vault\xff'`), so they are compared
/// as `OsStr`: `std::env::args` would panic on them.
fn takes_a_value() -> bool {
    let root = cli::command();
    let names: Vec<&str> = VALUE_COMMANDS
        .iter()
        .filter_map(|c| root.find_subcommand(c))
        .flat_map(|sub| std::iter::once(sub.get_name()).chain(sub.get_all_aliases()))
        .collect();
    std::env::args_os().any(|a| names.iter().any(|n| a == *n))
}

/// An unexpected argument of a command that takes a value, without the
/// argument itself. One that starts with `--` is likely a mistyped flag:
/// the hint names the flag it resembles (clap's suggestion, or a flag whose
/// name contains it), or else the command's flags. Neither repeats it.
fn unexpected_argument(e: &clap::Error) -> coffer::error::Error {
    use clap::error::{ContextKind, ContextValue};
    let err =
        coffer::error::Error::usage("unexpected argument (not shown: it may be a secret value)");
    let value_hint = "a value starting with '-' must come from stdin (`-`) or --from-file";
    let token = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(t)) if t.starts_with("--") && t.len() > 2 => t.as_str(),
        _ => {
            return err.hint(format!(
                "quote a value with spaces; {value_hint}; see --help"
            ));
        }
    };
    let typed = token[2..].split('=').next().unwrap_or_default();
    let sub = command_named();
    let flags: Vec<String> = sub
        .iter()
        .flat_map(|s| s.get_arguments())
        .filter(|a| !a.is_global_set() && !a.is_hide_set())
        .filter_map(|a| a.get_long())
        .filter(|l| *l != "help")
        .map(|l| format!("--{l}"))
        .collect();
    let suggested = match e.get(ContextKind::SuggestedArg) {
        Some(ContextValue::String(s)) if s.starts_with("--") => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.iter().find(|s| s.starts_with("--")).cloned(),
        _ => None,
    }
    .or_else(|| {
        // `--period` for `--rotation-period`: a flag whose name holds it.
        let mut holding = flags
            .iter()
            .filter(|f| typed.len() >= 3 && f[2..].contains(typed));
        match (holding.next(), holding.next()) {
            (Some(only), None) => Some(only.clone()),
            _ => None,
        }
    });
    let hint = match (suggested, sub) {
        (Some(flag), _) => format!("did you mean {flag}? ({value_hint}; see --help)"),
        (None, Some(sub)) if !flags.is_empty() => format!(
            "{} takes {}; {value_hint}; see --help",
            sub.get_name(),
            flags.join(", ")
        ),
        _ => format!("{value_hint}; see --help"),
    };
    err.hint(hint)
}

/// The subcommand the command line names (by name or alias), if any.
fn command_named() -> Option<clap::Command> {
    let root = cli::command();
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    args.iter()
        .find_map(|a| root.find_subcommand(a.to_str()?).cloned())
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
