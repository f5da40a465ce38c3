//! `coffer completions SHELL`: print a shell completion script, made by
//! [`crate::completions`] (which also answers the shells' Tab with secret
//! names). It needs no vault.

use clap::Args;

use crate::cmd::Examples;
use crate::error::Result;

/// Print a shell completion script
///
/// For bash, zsh or fish: subcommands (aliases and colons included),
/// flags and their values, and the names of your secrets wherever a
/// command takes one, a folder at a time (`prod/` offers `prod/db/`).
/// Names are read as --read-only reads them: no audit row, no lock, no
/// passphrase prompt (a protected identity without --passphrase-file
/// gives no names), no error on your prompt.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

/// Examples for `coffer completions --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "bash",
        "mkdir -p ~/.local/share/bash-completion/completions && coffer completions bash > ~/.local/share/bash-completion/completions/coffer",
    ),
    (
        "zsh (then, in ~/.zshrc before compinit: fpath=(~/.zfunc $fpath))",
        "mkdir -p ~/.zfunc && coffer completions zsh > ~/.zfunc/_coffer",
    ),
    (
        "fish",
        "mkdir -p ~/.config/fish/completions && coffer completions fish > ~/.config/fish/completions/coffer.fish",
    ),
];

pub fn run(args: &CompletionsArgs) -> Result<()> {
    crate::output::write_stdout(crate::completions::script(args.shell).as_bytes())
}
