//! The command line's top level, as clap definitions only: the global
//! options, the tree of commands (each variant of [`Command`] names its
//! arguments' type, which lives beside the command's code in
//! `src/cmd/GROUP/VERB.rs` with the doc comments that are its `--help`), and
//! what the top-level help and coffer(1) add: examples, environment, files.
//! No application logic here, so the man page and completion generators see
//! exactly what users see.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::cmd::{
    Examples, audit, check, compact, completions, exchange, init, man, merge_driver, policy, scan,
    secrets, status, sync, textconv, trust, unlock,
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

/// Every command, by the name users type. Its `--help` is the doc comment of
/// its arguments' type; its examples are `cli::examples(NAME)`.
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::InitArgs),
    Status(status::StatusArgs),
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
    #[command(name = "vault:textconv")]
    VaultTextconv(textconv::TextconvArgs),
    #[command(name = "vault:merge-driver")]
    VaultMergeDriver(merge_driver::MergeDriverArgs),
    Sync(sync::SyncArgs),
    #[command(name = "sync:policy", alias = "vault:policy")]
    VaultPolicy(policy::PolicyArgs),
    Scan(scan::ScanArgs),
    Run(exchange::run::RunArgs),
    Inject(exchange::inject::InjectArgs),
    Export(exchange::export::ExportArgs),
    Import(exchange::import::ImportArgs),
    Unlock(unlock::UnlockArgs),
    Lock(unlock::LockArgs),
    #[command(name = "agent:serve", hide = true)]
    AgentServe(unlock::AgentServeArgs),
    Completions(completions::CompletionsArgs),
    Man(man::ManArgs),
    Check(check::CheckArgs),
}

/// Examples for `coffer --help` and coffer(1): (what, command line).
pub const EXAMPLES: Examples = &[
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
];

/// Examples for each command's `--help` and man page (`coffer` for the top
/// level), each kept beside the command's code.
pub fn examples(command: &str) -> Examples {
    match command {
        "coffer" => EXAMPLES,
        "init" => init::EXAMPLES,
        "status" => status::EXAMPLES,
        "secrets:create" => secrets::create::EXAMPLES,
        "secrets:get" => secrets::get::EXAMPLES,
        "secrets:list" => secrets::list::EXAMPLES,
        "secrets:update" => secrets::update::EXAMPLES,
        "secrets:versions" => secrets::versions::EXAMPLES,
        "secrets:diff" => secrets::diff::EXAMPLES,
        "secrets:rollback" => secrets::rollback::EXAMPLES,
        "secrets:resolve" => secrets::resolve::EXAMPLES,
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
        "sync:policy" => policy::EXAMPLES,
        "vault:textconv" => textconv::EXAMPLES,
        "vault:merge-driver" => merge_driver::EXAMPLES,
        "sync" => sync::EXAMPLES,
        "scan" => scan::EXAMPLES,
        "run" => exchange::run::EXAMPLES,
        "inject" => exchange::inject::EXAMPLES,
        "export" => exchange::export::EXAMPLES,
        "import" => exchange::import::EXAMPLES,
        "unlock" => unlock::UNLOCK_EXAMPLES,
        "lock" => unlock::LOCK_EXAMPLES,
        "agent:serve" => unlock::SERVE_EXAMPLES,
        "man" => man::EXAMPLES,
        "completions" => completions::EXAMPLES,
        "check" => check::EXAMPLES,
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
