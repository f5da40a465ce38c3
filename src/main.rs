//! The `coffer` binary: parse, dispatch, map errors to exit codes.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::FromArgMatches;
use coffer::{cli, cmd, error::Exit, output};

fn main() -> ExitCode {
    let matches = match cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => {
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
            if !e.message.is_empty() {
                output::error(&e);
            }
            ExitCode::from(e.exit.code())
        }
    }
}
