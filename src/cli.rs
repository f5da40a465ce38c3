//! The command line, as clap definitions only: no application logic here, so
//! the man page and completion generators see exactly what users see.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

pub use crate::cmd::ShowFormat;
use crate::cmd::{
    Examples, audit, compact, exchange, merge_driver, policy, secrets, sync, textconv, trust,
};

const AFTER_HELP: &str = "\
Values given as arguments land in your shell history; prefer `-` (stdin), \
--from-file, or no value at all for a hidden prompt.";

/// `Exit status: 0 ok, 1 failure, …`, from the one table of exit codes.
fn exit_status_line() -> String {
    let codes: Vec<String> = crate::error::Exit::ALL
        .iter()
        .map(|e| format!("{} {}", e.code(), e.name()))
        .collect();
    format!("Exit status: {}.", codes.join(", "))
}

/// A secrets manager for developers and their scripts: every version of every
/// secret, in one age-encrypted file, with a hash-chained audit log.
#[derive(Debug, Parser)]
#[command(name = "coffer", version, after_help = AFTER_HELP, max_term_width = 100)]
#[command(disable_help_subcommand = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The vault file [default: $XDG_DATA_HOME/coffer/vault.age]
    #[arg(long, global = true, env = "COFFER_VAULT", value_name = "PATH")]
    pub vault: Option<PathBuf>,

    /// Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]
    #[arg(long, global = true, env = "COFFER_IDENTITY", value_name = "PATH")]
    pub identity: Option<PathBuf>,

    /// Read the identity's passphrase from the first line of FILE instead of
    /// prompting
    #[arg(
        long,
        global = true,
        env = "COFFER_PASSPHRASE_FILE",
        value_name = "FILE"
    )]
    pub passphrase_file: Option<PathBuf>,

    /// How long to wait for another coffer process using the vault
    #[arg(
        long,
        global = true,
        env = "COFFER_LOCK_TIMEOUT",
        value_name = "DURATION",
        default_value = "10s",
        value_parser = crate::model::parse_wait
    )]
    pub lock_timeout: std::time::Duration,

    /// Pin what the vault must be: a head the audit log must still hold
    /// (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its
    /// writer (ed25519:HEX, from `coffer status`). Comma-separated or
    /// repeated; applies to every command
    #[arg(
        long,
        global = true,
        env = "COFFER_EXPECT",
        value_name = "SEQ:HASH|KEY",
        value_delimiter = ',',
        value_parser = parse_expectation
    )]
    pub expect: Vec<crate::vault::Expectation>,

    /// Read a vault you cannot write (a read-only mount): no lock, nothing
    /// appended, so reads are NOT recorded in the audit log; commands that
    /// change the vault are refused (exit 4)
    #[arg(long, global = true, env = "COFFER_READ_ONLY",
          value_parser = clap::builder::BoolishValueParser::new())]
    pub read_only: bool,
}

fn parse_expectation(s: &str) -> Result<crate::vault::Expectation, String> {
    s.parse()
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an identity (if needed) and a new, empty vault
    Init(InitArgs),
    /// Show the vault's path, id, size and counts
    Status(StatusArgs),
    #[command(name = "secrets:create", visible_alias = "create")]
    SecretsCreate(secrets::create::CreateArgs),
    #[command(name = "secrets:get", visible_alias = "get")]
    SecretsGet(secrets::get::GetArgs),
    #[command(name = "secrets:list", visible_alias = "ls")]
    SecretsList(secrets::list::ListArgs),
    #[command(name = "secrets:update", visible_alias = "update")]
    SecretsUpdate(secrets::update::UpdateArgs),
    #[command(name = "secrets:versions")]
    SecretsVersions(secrets::versions::VersionsArgs),
    #[command(name = "secrets:diff")]
    SecretsDiff(secrets::diff::DiffArgs),
    #[command(name = "secrets:rollback")]
    SecretsRollback(secrets::rollback::RollbackArgs),
    #[command(name = "secrets:resolve")]
    SecretsResolve(secrets::resolve::ResolveArgs),
    #[command(name = "secrets:rotate")]
    SecretsRotate(secrets::rotate::RotateArgs),
    #[command(name = "secrets:delete")]
    SecretsDelete(secrets::lifecycle::DeleteArgs),
    #[command(name = "secrets:restore")]
    SecretsRestore(secrets::lifecycle::RestoreArgs),
    #[command(name = "secrets:disable")]
    SecretsDisable(secrets::lifecycle::DisableArgs),
    #[command(name = "secrets:enable")]
    SecretsEnable(secrets::lifecycle::EnableArgs),
    #[command(name = "secrets:rename")]
    SecretsRename(secrets::rename::RenameArgs),
    #[command(name = "secrets:search")]
    SecretsSearch(secrets::search::SearchArgs),
    #[command(name = "secrets:destroy")]
    SecretsDestroy(secrets::destroy::DestroyArgs),
    #[command(name = "audit:logs")]
    AuditLogs(audit::logs::LogsArgs),
    #[command(name = "audit:verify")]
    AuditVerify(audit::verify::VerifyArgs),
    #[command(name = "audit:checkpoint")]
    AuditCheckpoint(audit::checkpoint::CheckpointArgs),
    #[command(name = "audit:acknowledge")]
    AuditAcknowledge(audit::acknowledge::AcknowledgeArgs),
    #[command(name = "audit:hash")]
    AuditHash(audit::hash::HashArgs),
    #[command(name = "vault:trust")]
    VaultTrust(trust::TrustArgs),
    #[command(name = "vault:compact")]
    VaultCompact(compact::CompactArgs),
    #[command(name = "vault:policy")]
    VaultPolicy(policy::PolicyArgs),
    #[command(name = "vault:textconv")]
    VaultTextconv(textconv::TextconvArgs),
    #[command(name = "vault:merge-driver")]
    VaultMergeDriver(merge_driver::MergeDriverArgs),
    Sync(sync::SyncArgs),
    /// Find where the vault's current values appear verbatim in files
    ///
    /// Reads the current value of every readable secret (one audited
    /// `scanned` read naming them) and searches PATH (default: the current
    /// folder) for each, as ripgrep walks a tree: `.gitignore` inside a git
    /// repository, `.ignore` and `.git/info/exclude` are respected and
    /// hidden files skipped (--hidden, --no-ignore to include them); a file
    /// holding a NUL byte is binary and skipped (--binary to search it).
    /// Prints FILE:LINE: NAME for each line holding a value, never the value
    /// or the line. Only verbatim occurrences are found: a value split
    /// across lines, escaped or encoded is not. Values shorter than 6 bytes
    /// are not searched for (their count is printed on stderr). Exit 0 when
    /// nothing was found, 1 when a value was found or a file could not be
    /// read, 3 when a PATH does not exist. As a git pre-commit hook:
    /// `git diff --cached --name-only -z --diff-filter=ACMR | xargs -0 -r coffer scan --`
    Scan(ScanArgs),
    Run(exchange::run::RunArgs),
    Inject(exchange::inject::InjectArgs),
    Export(exchange::export::ExportArgs),
    Import(exchange::import::ImportArgs),
    // Unlock once (issue 10): the agent.
    /// Keep a passphrase-protected identity unlocked for a while (an agent)
    ///
    /// Asks for the identity's passphrase once (three tries at a terminal;
    /// one from --passphrase-file) and starts an agent that holds the
    /// identity until --ttl runs out, `coffer lock`, or the identity file is
    /// removed or replaced. Commands then open vaults through the agent
    /// without asking. The agent serves only your own user, through a socket
    /// (0600) in $XDG_RUNTIME_DIR/coffer/ (0700), or, when XDG_RUNTIME_DIR is
    /// unset, in $TMPDIR/coffer-agent-UID/ (default /tmp), which must be your
    /// own private folder or coffer refuses it; it unwraps file keys and
    /// signs, and never hands out the identity. Any program you run while
    /// it runs (`coffer run`, `rotate --command` included) can use it, as
    /// with ssh-agent. With COFFER_AGENT_AUTOSTART=1, a passphrase typed at
    /// a prompt of any command also starts an agent for 15 minutes, as
    /// gpg-agent does.
    /// Unlocking again replaces the agent (and asks again).
    Unlock(UnlockArgs),
    /// Forget the unlocked identity now (the agent exits)
    Lock,
    /// The agent itself (started by `unlock`; not for direct use)
    #[command(name = "agent:serve", hide = true)]
    AgentServe(AgentServeArgs),
    /// Print a shell completion script
    ///
    /// For bash, zsh or fish: subcommands (aliases and colons included),
    /// flags and their values, and the names of your secrets wherever a
    /// command takes one, a folder at a time (`prod/` offers `prod/db/`).
    /// Names are read as --read-only reads them: no audit row, no lock, no
    /// passphrase prompt (a protected identity without --passphrase-file
    /// gives no names), no error on your prompt.
    Completions(CompletionsArgs),
    /// Report secrets that need care, for cron and CI
    ///
    /// One report of expired secrets, secrets expiring within
    /// --expiring-within, secrets due for rotation (inside the notify
    /// window) or overdue (past the rotation date), secrets nobody read for
    /// --unused-for, and disabled secrets that were read or asked for since
    /// they were disabled (within --recent). Deleted secrets are left out.
    /// A table, or `--format json`: {"checked_at", "expiring_within",
    /// "unused_for", "recent", "fail_on": [CATEGORY...], "counts":
    /// {CATEGORY: N, ...}, "findings": [{"category", "name", "at",
    /// "attempts"}], "failed"}, where `at` is the date that put the secret
    /// there (expiry, rotation date, last read or last attempt, or null)
    /// and `attempts` counts a disabled secret's reads (null otherwise).
    /// The report holds names and dates only, never values.
    ///
    /// Exit 1 when a category named by --fail-on (default: overdue,expired)
    /// has findings, or the notify command fails; 0 otherwise. Audited as
    /// `checked` (with counts, no names).
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Folders and files to search [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Search hidden files and folders too (names starting with `.`)
    #[arg(long)]
    pub hidden: bool,
    /// Search files that .gitignore, .ignore or .git/info/exclude leave out
    #[arg(long)]
    pub no_ignore: bool,
    /// Search binary files (those holding a NUL byte) too
    #[arg(long)]
    pub binary: bool,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct UnlockArgs {
    /// How long the identity stays unlocked
    #[arg(long, value_name = "DURATION", default_value = "15m",
          value_parser = crate::model::parse_ttl)]
    pub ttl: std::time::Duration,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct AgentServeArgs {
    /// The socket to listen on
    #[arg(long, value_name = "PATH")]
    pub socket: PathBuf,
    /// The identity file it holds (canonical)
    #[arg(long = "for", value_name = "PATH")]
    pub for_identity: PathBuf,
    /// Seconds until it exits
    #[arg(long, value_name = "SECS")]
    pub ttl_secs: u64,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// A name for the vault, shown by `status`
    #[arg(long)]
    pub name: Option<String>,
    /// Write the vault as ASCII-armored age (friendlier to git and email)
    #[arg(long)]
    pub armor: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

use crate::cmd::child::parse_child_timeout;
pub use crate::model::SecretType;
use crate::model::Span;

// --- Rotation policies and secret hygiene (issue 11) ---

/// What `coffer check` reports, and what `--fail-on` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckCategory {
    /// Past the expiry date
    Expired,
    /// Expires within --expiring-within
    Expiring,
    /// Past the rotation date
    Overdue,
    /// Inside the rotation notify window, before the date
    Due,
    /// Not read for --unused-for (only with that flag)
    Unused,
    /// Disabled, yet read or asked for since it was disabled, within --recent
    #[value(name = "disabled-read", alias = "disabled_read")]
    DisabledRead,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Report secrets that expire within DURATION
    #[arg(long, value_name = "DURATION", default_value = "30d", value_parser = Span::parse)]
    pub expiring_within: Span,

    /// Report secrets nobody read for DURATION (never-read ones older than
    /// DURATION included) [default: not checked]
    #[arg(long, value_name = "DURATION", value_parser = Span::parse)]
    pub unused_for: Option<Span>,

    /// How far back to look for reads of disabled secrets
    #[arg(long, value_name = "DURATION", default_value = "30d", value_parser = Span::parse)]
    pub recent: Span,

    /// Exit 1 when the report holds any of these categories (comma
    /// separated)
    #[arg(
        long,
        value_name = "CATEGORY,...",
        value_enum,
        value_delimiter = ',',
        default_value = "overdue,expired"
    )]
    pub fail_on: Vec<CheckCategory>,

    /// When the report is not clean, run CMD through `sh -c` with the JSON
    /// report on its stdin (its output goes to stderr); recorded in the
    /// audit log as `notified` with its exit status. A failing CMD is a
    /// warning and exit 1
    #[arg(long, value_name = "CMD")]
    pub notify_command: Option<String>,

    /// How long the notify command may run before it is killed
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_child_timeout)]
    pub timeout: std::time::Duration,

    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

// --- end of rotation and hygiene ---

// --- end wip/small ---

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

/// Examples for each command's `--help` and man page: (what, command line).
pub fn examples(command: &str) -> Examples {
    match command {
        "coffer" => &[
            ("Create a vault and your identity", "coffer init"),
            (
                "Store a value typed at a hidden prompt",
                "coffer secrets:create API_KEY --type api_key",
            ),
            (
                "Use it in a script",
                "curl -H \"Authorization: Bearer $(coffer secrets:get API_KEY)\" ...",
            ),
            (
                "See who read it",
                "coffer audit:logs --secret API_KEY --action accessed",
            ),
        ],
        "init" => &[
            (
                "Create ~/.config/coffer/identity.txt (if missing) and the default vault",
                "coffer init",
            ),
            (
                "A team vault in a git repository, armored for readable diffs",
                "coffer init --vault team.vault --armor --name team",
            ),
            (
                "Without a terminal, protect the identity with a passphrase from a file",
                "coffer init --passphrase-file pass.txt",
            ),
        ],
        "status" => &[
            ("Show the vault's facts", "coffer status"),
            ("For a script", "coffer status --format json"),
        ],
        "secrets:create" => secrets::create::EXAMPLES,
        "secrets:get" => secrets::get::EXAMPLES,
        "secrets:list" => secrets::list::EXAMPLES,
        "secrets:update" => secrets::update::EXAMPLES,
        "secrets:versions" => secrets::versions::EXAMPLES,
        "secrets:diff" => secrets::diff::EXAMPLES,
        "secrets:rollback" => secrets::rollback::EXAMPLES,
        "secrets:rotate" => secrets::rotate::EXAMPLES,
        "secrets:delete" => secrets::lifecycle::DELETE_EXAMPLES,
        "secrets:restore" => secrets::lifecycle::RESTORE_EXAMPLES,
        "secrets:disable" => secrets::lifecycle::DISABLE_EXAMPLES,
        "secrets:enable" => secrets::lifecycle::ENABLE_EXAMPLES,
        "secrets:rename" => secrets::rename::EXAMPLES,
        "secrets:search" => secrets::search::EXAMPLES,
        "secrets:destroy" => secrets::destroy::EXAMPLES,
        "audit:logs" => audit::logs::EXAMPLES,
        "audit:verify" => audit::verify::EXAMPLES,
        "audit:checkpoint" => audit::checkpoint::EXAMPLES,
        "audit:acknowledge" => audit::acknowledge::EXAMPLES,
        "audit:hash" => audit::hash::EXAMPLES,
        "vault:trust" => trust::EXAMPLES,
        "vault:compact" => compact::EXAMPLES,
        "sync" => sync::EXAMPLES,
        "secrets:resolve" => secrets::resolve::EXAMPLES,
        "vault:policy" => policy::EXAMPLES,
        "vault:merge-driver" => merge_driver::EXAMPLES,
        "vault:textconv" => textconv::EXAMPLES,
        "check" => &[
            ("What needs care", "coffer check"),
            (
                "A nightly CI job that fails on anything due or unused for 90 days",
                "coffer check --fail-on overdue,due,expired,unused --unused-for 90d",
            ),
            (
                "Mail the report when something needs attention",
                "coffer check --notify-command 'mail -s \"coffer check\" ops@example.com'",
            ),
        ],
        "scan" => &[
            (
                "Is any value of the vault in this repository?",
                "coffer scan",
            ),
            (
                "Hidden and ignored files too, as JSON",
                "coffer scan --hidden --no-ignore --format json",
            ),
            (
                "In a git pre-commit hook: the files about to be committed",
                "git diff --cached --name-only -z --diff-filter=ACMR | xargs -0 -r coffer scan --",
            ),
        ],
        "run" => exchange::run::EXAMPLES,
        "inject" => exchange::inject::EXAMPLES,
        "export" => exchange::export::EXAMPLES,
        "import" => exchange::import::EXAMPLES,
        "unlock" => &[
            ("Unlock the identity for 15 minutes", "coffer unlock"),
            ("Unlock for a working day", "coffer unlock --ttl 8h"),
            (
                "Unlock in a script, then read without a passphrase",
                "coffer unlock --passphrase-file pass.txt --ttl 5m && coffer secrets:get DB_URL",
            ),
        ],
        "lock" => &[("Forget the unlocked identity now", "coffer lock")],
        "agent:serve" => &[(
            "Started by unlock, with the identity on stdin",
            "coffer unlock",
        )],
        "completions" => &[
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
        ],
        _ => &[],
    }
}

/// Environment variables coffer reads, for help and man pages.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    ("COFFER_VAULT", "The vault file (as --vault)."),
    ("COFFER_IDENTITY", "The age identity file (as --identity)."),
    (
        "COFFER_PASSPHRASE_FILE",
        "A file whose first line is the identity's passphrase (as --passphrase-file).",
    ),
    (
        "COFFER_LOCK_TIMEOUT",
        "How long to wait for a busy vault (as --lock-timeout; default 10s).",
    ),
    (
        "COFFER_READ_ONLY",
        "1 (or true, yes, on): every command runs as with --read-only; reads are not audited.",
    ),
    (
        "COFFER_EXPECT",
        "Heads (SEQ:HASH) the audit log must hold and signing keys (ed25519:HEX) \
         to trust, comma-separated (as --expect); for CI jobs that pin a vault.",
    ),
    (
        "PASSAGE_IDENTITIES_FILE",
        "The age identities `import --from passage` decrypts with (default ~/.passage/identities).",
    ),
    (
        "COFFER_AGENT_AUTOSTART",
        "1 (or true, yes, on): a passphrase typed at a prompt also starts an agent, for \
         15 minutes, as `coffer unlock` would (by default only `coffer unlock` starts one).",
    ),
    (
        "COFFER_AGENT_SOCK",
        "The agent socket to use instead of the identity's own (as SSH_AUTH_SOCK).",
    ),
    (
        "XDG_RUNTIME_DIR",
        "Where agent sockets live (coffer/, mode 0700); when unset, $TMPDIR/coffer-agent-UID/.",
    ),
    ("NO_COLOR", "When set, coffer prints no colour."),
    (
        "XDG_DATA_HOME, XDG_CONFIG_HOME",
        "Where the default vault and identity live.",
    ),
    (
        "XDG_STATE_HOME",
        "Where coffer remembers each vault's audit head (default ~/.local/state).",
    ),
];

/// What the vault promises against whom, for coffer(1).
pub const SECURITY: &str = "Someone with only your public key cannot read a vault, and cannot make one \
coffer reads: every write is signed by its writer's key (derived from the age identity), and \
coffer opens only vaults signed by your own key, a key pinned with vault:trust, or one in \
COFFER_EXPECT. An insider holding an identity can read everything and rewrite the whole file, \
but not change it silently for a machine that has seen it: rows, values, facts, members and \
the fingerprint key are bound to the hash-chained audit log, SQL planted in the image is \
refused before any statement runs, and a head kept outside the file (this machine's, \
--expect, COFFER_EXPECT) catches a rewrite or an older copy. Another local user cannot read \
the identity (refused when others may read it), the vault (0600) or coffer's folders (0700); \
coffer refuses (exit 4) a state folder that is not yours and private, and a lock file that is a \
symlink or not yours, and makes no core dumps. See README.md, \"Security\".";

/// Files coffer uses, for man pages.
pub const FILES: &[(&str, &str)] = &[
    (
        "$XDG_DATA_HOME/coffer/vault.age",
        "The default vault (~/.local/share/coffer/vault.age).",
    ),
    (
        "$XDG_CONFIG_HOME/coffer/identity.txt",
        "The default identity (~/.config/coffer/identity.txt), mode 0600.",
    ),
    (
        "VAULT.lock",
        "The lock file beside a vault; a writer holds an exclusive lock on it.",
    ),
    (
        "$XDG_STATE_HOME/coffer/paths/",
        "The vault id this machine last saw at each vault path, so that a vault \
         rewritten under a new id is not mistaken for a vault never seen.",
    ),
    (
        "$XDG_STATE_HOME/coffer/trust/VAULT_ID",
        "Signing keys this machine trusts as writers of the vault VAULT_ID besides \
         your own (vault:trust), one per line.",
    ),
    (
        "$XDG_RUNTIME_DIR/coffer/agent-HASH.sock",
        "The socket (0600) of the agent holding the identity whose canonical path \
         hashes to HASH (coffer unlock); the folder is 0700.",
    ),
    (
        "$XDG_STATE_HOME/coffer/heads/VAULT_ID",
        "The newest audit head (SEQ:HASH) this machine has seen of the vault VAULT_ID; \
         audit:verify and every write check the vault against it.",
    ),
];

fn after_help_with_examples(name: &str, base: Option<&str>) -> String {
    let mut text = String::from("Examples:\n");
    for (what, line) in examples(name) {
        text.push_str(&format!("  # {what}\n  $ {line}\n"));
    }
    if let Some(base) = base {
        text.push('\n');
        text.push_str(base);
    }
    text
}

/// The full clap command: the derive output plus each command's examples.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| {
            let text = after_help_with_examples(&name, None);
            sub.after_help(text)
        });
    }
    let base = format!("{AFTER_HELP}\n\n{}", exit_status_line());
    let top = after_help_with_examples("coffer", Some(&base));
    cmd.after_help(top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definitions_are_consistent() {
        command().debug_assert();
    }

    #[test]
    fn every_command_has_examples() {
        for sub in command().get_subcommands() {
            assert!(
                !examples(sub.get_name()).is_empty(),
                "{} has no examples",
                sub.get_name()
            );
        }
    }
}
