//! The command line, as clap definitions only: no application logic here, so
//! the man page and completion generators see exactly what users see.

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

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
    /// Create a secret (version 1)
    #[command(name = "secrets:create", visible_alias = "create")]
    SecretsCreate(CreateArgs),
    /// Print a secret's value (or several, as a batch)
    #[command(name = "secrets:get", visible_alias = "get")]
    SecretsGet(GetArgs),
    /// List secrets (names and facts, never values)
    #[command(name = "secrets:list", visible_alias = "ls")]
    SecretsList(ListArgs),
    /// Change a secret: a new value makes a new version; facts change in place
    #[command(name = "secrets:update", visible_alias = "update")]
    SecretsUpdate(UpdateArgs),
    /// List a secret's versions
    ///
    /// Each version's number, when, by whom and how it was made, and a short
    /// keyed fingerprint of its value (never the value); CURRENT marks the
    /// one `secrets:get` returns. A secret in conflict after a merge has no
    /// current version: the versions to choose from say `conflict` under
    /// CURRENT (`in_conflict` in JSON, and `current` is false for all) until
    /// `secrets:resolve` keeps one.
    #[command(name = "secrets:versions")]
    SecretsVersions(VersionsArgs),
    /// Compare two versions of a secret
    #[command(name = "secrets:diff")]
    SecretsDiff(DiffArgs),
    /// Make a new version carrying an earlier version's value
    #[command(name = "secrets:rollback")]
    SecretsRollback(RollbackArgs),
    /// End a secret's conflict after a merge: version N's value becomes current
    ///
    /// After two clones changed a secret's value at once and the vault's merge
    /// policy is `manual` (see vault:policy), replaying the merged records
    /// keeps both sides' versions and puts the secret in conflict, on every
    /// clone alike, whoever merged them (`coffer sync` or a plain `git
    /// pull`): `secrets:get` refuses it (exit 7) until this command makes a
    /// new version (of kind merge) with the chosen version's value. `secrets:versions NAME` shows both, and
    /// `secrets:get NAME --version N` reads each.
    #[command(name = "secrets:resolve")]
    SecretsResolve(ResolveArgs),
    /// Replace a secret's value with a new one (a version of kind rotate)
    #[command(name = "secrets:rotate")]
    SecretsRotate(RotateArgs),
    /// Delete secrets (soft: versions are kept and restore brings them back)
    #[command(name = "secrets:delete")]
    SecretsDelete(DeleteArgs),
    /// Bring back a deleted secret
    #[command(name = "secrets:restore")]
    SecretsRestore(NameArg),
    /// Refuse reads of a secret until it is enabled again
    #[command(name = "secrets:disable")]
    SecretsDisable(NameArg),
    /// Allow reads of a disabled secret again
    #[command(name = "secrets:enable")]
    SecretsEnable(NameArg),
    // --- wip/small: rename, search ---
    /// Give a secret a new name, keeping its versions, tags, metadata and state
    ///
    /// One audited change (`renamed`); every clone replaying it gets the same
    /// vault. Audit rows from before keep the old name, and `audit:logs
    /// --secret NEW` shows them too. A NEW that any secret already holds, even a deleted
    /// one, is refused (exit 7) and nothing changes; a deleted OLD must be
    /// restored first (exit 3). A clone that changed OLD while another
    /// renamed it cannot merge the two (the change names a secret that is
    /// gone): rename on a synced clone.
    #[command(name = "secrets:rename")]
    SecretsRename(RenameArgs),
    /// Find secrets whose name, tags, metadata or description hold TEXT
    ///
    /// Case-insensitive substring match; values are never searched or shown.
    /// Deleted secrets only with --deleted. Audited as a listing (`listed`,
    /// with the count, not the names or TEXT).
    #[command(name = "secrets:search")]
    SecretsSearch(SearchArgs),
    /// Erase a leaked version's value for good, keeping its fingerprint
    ///
    /// The version stays in `secrets:versions` as destroyed, a `destroyed`
    /// audit row keeps the value's fingerprint, and reading, comparing or
    /// rolling back to it is refused (exit 3). The journal is folded into a
    /// new checkpoint at once, so neither the vault file nor this device's
    /// journal holds the value afterwards. Copies outside the vault file are
    /// NOT touched: backups, older files in git history, other machines. In
    /// a vault shared through git it is refused (exit 1): every clone's
    /// journal keeps the value; rotate instead. The current version cannot
    /// be destroyed (exit 2): rotate first. Asks on a terminal; otherwise
    /// --yes is required (exit 2).
    #[command(name = "secrets:destroy")]
    SecretsDestroy(DestroyArgs),
    // --- end wip/small ---
    /// Show the audit log
    #[command(name = "audit:logs")]
    AuditLogs(LogsArgs),
    /// Check every link of the audit chain, and its length against kept heads
    ///
    /// Walks every row and reports one status. ok: every link holds and a head
    /// kept outside the file vouches for its length. unanchored: every link
    /// holds, but nothing outside the file vouches for its length. tampered: a
    /// row was changed, removed, added, duplicated or reordered, or the vault
    /// id changed (the first bad seq and why). truncated: the log ends before
    /// the newest row the vault itself records. rolled_back: the file is older
    /// than a head this machine has seen, or than --expect. forked: at a kept
    /// head's seq the file holds a different row.
    ///
    /// Exit 0 for ok and unanchored, 6 for the rest. After a clean verify, and
    /// after every write, this machine remembers the head in
    /// $XDG_STATE_HOME/coffer/heads/VAULT_ID. Breaks recorded by
    /// audit:acknowledge are shown as acknowledged, and count again if the
    /// rows before the acknowledgement change.
    #[command(name = "audit:verify")]
    AuditVerify(VerifyArgs),
    /// Print the audit log's verified head (SEQ:HASH) to keep outside the vault
    ///
    /// Verifies the chain first and refuses (exit 6) when it does not verify.
    /// Commit the line to git beside the vault or paste it into a ticket;
    /// `audit:verify --expect SEQ:HASH` later proves the log still holds that
    /// row and every row before it, unchanged. The line does not name its
    /// vault: one from another vault reads as forked or rolled back.
    #[command(name = "audit:checkpoint")]
    AuditCheckpoint(CheckpointArgs),
    /// Record a verify failure you have looked into, so writes can go on
    ///
    /// Every command that writes refuses (exit 6) while audit:verify reports
    /// anything but ok or unanchored. This appends an `acknowledged` row with
    /// your name, the reason, and what verify found, binding the exact rows
    /// it accepts; this machine then remembers the vault as it is now. Later
    /// verifies list the break as acknowledged. Prints nothing to acknowledge,
    /// and writes nothing, when the log verifies.
    #[command(name = "audit:acknowledge")]
    AuditAcknowledge(AcknowledgeArgs),
    /// Print a value's fingerprint, to find the audit rows that touched it
    ///
    /// The fingerprint is HMAC-SHA256 of the value under this vault's own key,
    /// as audit rows carry it; `audit:logs --fingerprint` finds those rows. The
    /// value is read as secrets:create reads it (argument, `-` for stdin,
    /// --from-file, or a hidden prompt on a terminal) and is never printed.
    #[command(name = "audit:hash")]
    AuditHash(HashArgs),
    /// Trust a signing key as a writer of this vault, on this machine
    ///
    /// Every save is signed by its writer's key (derived from their identity;
    /// `coffer status` shows yours), and coffer opens only vaults last
    /// written by a key it trusts: your own, one pinned here, or one in
    /// COFFER_EXPECT. Anyone holding your public key can make a vault
    /// encrypted to you; the signature is what tells yours from theirs.
    /// Pin a teammate's key after checking it with them. --unsigned accepts
    /// a vault made before coffer signed vaults (coffer 0.1) on this machine;
    /// its next write signs it.
    #[command(name = "vault:trust")]
    VaultTrust(TrustArgs),
    /// Fold the journal into a new checkpoint now
    ///
    /// Every command appends one record to the journal beside the vault
    /// (VAULT.journal/); opening replays the records after the checkpoint
    /// (VAULT.age). Writes fold the journal in by themselves once it holds
    /// 32 to 1024 records (more for a larger vault) or 4 MiB; this does it now, for example before copying
    /// the vault, so that `age -d` and `sqlite3` see everything. A vault made
    /// by an older coffer is migrated. Changes no secret and adds no audit row.
    ///
    /// In a git work tree every record stays in the journal (other clones may
    /// still need it): writes fold into this clone's own checkpoint in the
    /// state folder, and only this command rewrites vault.age.
    #[command(name = "vault:compact")]
    VaultCompact,
    /// Show or set which version is current after two clones changed a secret at once
    ///
    /// `ours` keeps this clone's side current (MazeVault's "target wins"),
    /// `theirs` the incoming side ("source wins"), and `manual` (the default)
    /// marks the secret in conflict until `secrets:resolve`. Every version
    /// either side made is kept whatever the policy. Setting it is an
    /// audited change every clone gets with its next sync; `coffer sync
    /// --policy` overrides it for one sync.
    #[command(name = "vault:policy")]
    VaultPolicy(PolicyArgs),
    /// Show a vault file as text for `git diff`: names, versions, tags, never values
    ///
    /// FILE is a checkpoint (vault.age, any version of it) or a journal log
    /// (vault.journal/*.log). A checkpoint shows each secret's type, state,
    /// tags and versions; a log shows each record's time, author and what it
    /// did. Values, fingerprints and metadata values are never shown. A log
    /// is opened with the journal key of the vault (--vault). This is a
    /// textconv driver: in .gitattributes, `vault.age diff=coffer` and
    /// `vault.journal/*.log diff=coffer`; in git's config,
    /// `git config diff.coffer.textconv "coffer --vault $PWD/vault.age vault:textconv"`.
    /// A file it cannot show (damaged, not a vault file) is said so in its
    /// place, with a warning, so that git still shows the rest of a diff.
    /// Reads are not audited: it shows no value. It checks no signature (an
    /// old file in git may hold what anyone with your public key wrote):
    /// `coffer audit:verify` judges the vault.
    #[command(name = "vault:textconv")]
    VaultTextconv(TextconvArgs),
    /// Git's merge driver for vault.age: keep the checkpoint that folded in more
    ///
    /// When two clones both rewrote vault.age (`vault:compact`), a plain `git
    /// pull` calls this with the common ancestor, this clone's and the other
    /// clone's file (`%O %A %B`). Every journal record stays in the tracked
    /// logs, so either checkpoint, with the logs, holds everything: it keeps
    /// the one that folded in more records (ties to the list of each
    /// device's last folded record that sorts first, the same choice on every
    /// clone) and writes it to OURS. Every open applies the same rule: the
    /// checkpoint set aside, put back later, is refused (exit 6). `coffer sync` sets
    /// it up: in .gitattributes `vault.age merge=coffer`, in git's config
    /// `merge.coffer.driver "coffer --vault $PWD/vault.age vault:merge-driver %O %A %B"`.
    #[command(name = "vault:merge-driver")]
    VaultMergeDriver(MergeDriverArgs),
    /// Share the vault through git: commit its changes, pull, push
    ///
    /// The vault's folder must be in a git work tree. sync adds what git needs
    /// to .gitattributes and .gitignore (the lock and temporary files are
    /// never tracked) and sets the repository's textconv driver (`git diff`
    /// shows names, versions and tags; see vault:textconv). It commits the
    /// vault's files with a message naming what changed (actions and secret
    /// names, never values), then, when the repository has a remote, pulls
    /// (a merge) and pushes. With no remote it only commits. Each clone
    /// appends to a journal log of its own, so git merges clones without
    /// conflicts, and coffer replays the union of both clones' records in
    /// one order every clone computes alike: every version either side made
    /// is kept (renumbered after the other side's). For a secret whose value
    /// both sides changed, the merge policy (vault:policy, or --policy)
    /// decides what is current: ours, theirs, or manual (the default: the
    /// secret is in conflict until secrets:resolve, as the records decide
    /// whoever merged them). Settling by ours or theirs is a record sync
    /// commits and pushes, so clones converge. A sync that leaves secrets in
    /// conflict pushes, then exits 7 naming them. A vault that does not open
    /// after the pull is not pushed. Not audited: it reads no value.
    Sync(SyncArgs),
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
    Run(RunArgs),
    /// Fill a template's {{ NAME }} placeholders with secret values
    ///
    /// Every `{{ NAME }}` (spaces inside the braces optional) becomes the
    /// value of secret NAME; `\{{` writes a literal `{{`. A placeholder
    /// must close on its line: an unclosed `{{` is an error naming the
    /// line. Unknown names are all listed, and nothing is written. Each
    /// secret used is an audited read (`accessed`, via inject). OUT is
    /// written 0600 through a temporary file and a rename, and an existing
    /// OUT is replaced only with --force. Without -o, to stdout.
    Inject(InjectArgs),
    /// Print secrets with their values, for a backup or another tool
    ///
    /// THIS PRINTS SECRET VALUES. Every secret exported is an audited read
    /// (`accessed`, via export). json (the default) is the array
    /// `secrets:get --format json` prints, with each secret's type, tags,
    /// description and metadata: `coffer import` takes it back. env and
    /// dotenv name each secret as `coffer run` does (`prod/db/password` is
    /// PROD_DB_PASSWORD) and refuse values they cannot carry (see
    /// secrets:get --format). Deleted and disabled secrets are left out.
    Export(ExportArgs),
    /// Add secrets from a dotenv or JSON file, or from a pass or passage store
    ///
    /// FILE (or `-` for stdin) is a .env file (`NAME=value`, `export`,
    /// quotes and `#` comments as python-dotenv reads them) or the JSON
    /// array `coffer export` writes. --from passage DIR decrypts every
    /// *.age file under DIR with the age CLI (identities in
    /// $PASSAGE_IDENTITIES_FILE or ~/.passage/identities), --from pass every
    /// *.gpg file with gpg; the folders make the name: prod/db/password.age
    /// is prod/db/password. A one-line entry loses its final newline. Every
    /// name is checked before anything is written: an invalid or repeated
    /// name is an error naming its line (its entry in JSON); a name the
    /// vault has is an error unless --on-conflict says skip or update.
    /// Everything lands in one record: new secrets get version 1 and updated
    /// ones a new version, both of kind import (audit action `imported`).
    Import(ImportArgs),
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

/// `coffer run`.
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

/// `coffer inject`.
#[derive(Debug, Args)]
pub struct InjectArgs {
    /// The template (`-` for stdin)
    #[arg(short = 'i', long = "in", value_name = "TEMPLATE")]
    pub input: PathBuf,
    /// Write here (0600) instead of stdout
    #[arg(short = 'o', long = "out", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace OUT if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

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

/// `coffer export`.
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
}

/// Where `coffer import` reads from, besides a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportSource {
    /// A passage store: *.age files, decrypted with the age CLI
    Passage,
    /// A pass store: *.gpg files, decrypted with gpg
    Pass,
}

/// The format of an import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// JSON when the file starts with `[`, dotenv otherwise
    Auto,
    Dotenv,
    Json,
}

/// What `coffer import` does with a name the vault already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnConflict {
    /// Stop before anything is written (exit 7)
    Fail,
    /// Leave the secret as it is
    Skip,
    /// Give it a new version with the imported value (none when equal)
    Update,
}

/// `coffer import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file (`-` for stdin), or with --from the store's folder
    #[arg(value_name = "FILE|DIR")]
    pub source: PathBuf,
    /// Read a pass or passage store in the folder FILE|DIR
    #[arg(long, value_enum, value_name = "STORE", conflicts_with = "format")]
    pub from: Option<ImportSource>,
    #[arg(long, value_enum, default_value_t = ImportFormat::Auto)]
    pub format: ImportFormat,
    /// What to do with a name the vault already has
    #[arg(long, value_enum, default_value_t = OnConflict::Fail)]
    pub on_conflict: OnConflict,
    /// Show what would be created, updated and skipped; change nothing
    #[arg(long)]
    pub dry_run: bool,
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
pub struct TrustArgs {
    /// The signing key to trust (ed25519:HEX)
    #[arg(value_name = "KEY", required_unless_present = "unsigned",
          conflicts_with = "unsigned", value_parser = parse_signing_key)]
    pub key: Option<String>,
    /// Accept this unsigned vault (made by coffer 0.1) on this machine
    #[arg(long)]
    pub unsigned: bool,
}

fn parse_signing_key(s: &str) -> Result<String, String> {
    crate::vault::sign::parse_public(s).map(|k| crate::vault::sign::public_text(&k))
}

#[derive(Debug, Args)]
pub struct ResolveArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
    /// The version whose value becomes current
    #[arg(long, value_name = "N")]
    pub version: i64,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// The policy to set [default: show the current one]
    #[arg(value_enum, value_name = "POLICY")]
    pub policy: Option<crate::model::MergePolicy>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The commit message [default: one naming what changed]
    #[arg(long, short = 'm', value_name = "TEXT")]
    pub message: Option<String>,
    /// Commit and pull, but do not push
    #[arg(long, conflicts_with = "status")]
    pub no_push: bool,
    /// Which version is current for secrets both clones changed, for this
    /// sync only [default: the vault's, see vault:policy]
    #[arg(long, value_enum, value_name = "POLICY", conflicts_with = "status")]
    pub policy: Option<crate::model::MergePolicy>,
    /// Change nothing: fetch, then show how far this clone is ahead of and
    /// behind its upstream, and each secret changed here (pending), there
    /// (incoming), on both sides (both: the merge keeps both sides'
    /// versions, and the merge policy settles it), or left in conflict by a
    /// merge (conflict, until secrets:resolve)
    #[arg(long, conflicts_with = "message")]
    pub status: bool,
    /// Output of --status
    #[arg(long, value_enum, default_value_t = ShowFormat::Table, requires = "status")]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's file (%O; unused)
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// This clone's file, where the result goes (%A)
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// The other clone's file (%B)
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
}

#[derive(Debug, Args)]
pub struct TextconvArgs {
    /// Checkpoints or journal logs (git passes a temporary copy of one)
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
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

/// Output of commands that show records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Table,
    Json,
}

/// Output of `secrets:list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
    Tsv,
}

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

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

pub use crate::model::SecretType;
use crate::model::{MetaEntry, MetaKey, Name, Since, Span, Tag, Time};

/// Where a new value comes from. With none of these, coffer asks for it with a
/// hidden prompt on a terminal (twice, unless --no-confirm).
#[derive(Debug, Default, Args)]
pub struct ValueArgs {
    /// The value, or `-` to read it from stdin. Values in arguments land in your
    /// shell history: prefer `-`, --from-file, or the hidden prompt
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,

    /// Read the value from FILE, byte for byte
    #[arg(long, value_name = "FILE", conflicts_with_all = ["value", "generate"])]
    pub from_file: Option<PathBuf>,

    /// Generate a random value from the OS's generator: 32 letters and
    /// digits (190 bits) unless --length, --charset, --symbols or --words
    /// say otherwise. Each character adds log2(set size) bits: 5.95 for
    /// letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9
    #[arg(long, conflicts_with = "value")]
    pub generate: bool,

    /// Length of a generated value, in characters [default: 32]
    // `requires = "generate"` alone never fires when VALUE or --from-file is
    // given: clap lets a required argument be missing when it conflicts with
    // one that is present, and --generate conflicts with both. So --length
    // conflicts with them itself.
    #[arg(long, value_name = "N", requires = "generate",
          conflicts_with_all = ["value", "from_file", "words"],
          value_parser = clap::value_parser!(u16).range(8..=1024))]
    pub length: Option<u16>,

    // --- generated values (wip/small) ---
    /// Draw generated characters from CHARS: a set (alnum, the default;
    /// alpha, lower, upper, digits, hex, base32) or the characters
    /// themselves (at least two different ones)
    #[arg(long, value_name = "CHARS", requires = "generate",
          conflicts_with_all = ["value", "from_file", "words"],
          value_parser = crate::model::Charset::parse)]
    pub charset: Option<crate::model::Charset>,

    /// Add ASCII punctuation to the generated characters (no quotes,
    /// backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~
    #[arg(long, requires = "generate", conflicts_with_all = ["value", "from_file", "words"])]
    pub symbols: bool,

    /// Generate a passphrase of N words [default: 6, 77 bits] from EFF's
    /// long word list (7,776 words, 12.9 bits each)
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "6",
          requires = "generate", conflicts_with_all = ["value", "from_file"],
          value_parser = clap::value_parser!(u8).range(1..=64))]
    pub words: Option<u8>,

    /// What joins the words of a passphrase [default: -]
    #[arg(long, value_name = "TEXT", requires = "words")]
    pub separator: Option<String>,
    // --- end generated values ---
    /// At the hidden prompt, ask for the value once instead of twice
    #[arg(long, conflicts_with_all = ["value", "from_file", "generate"])]
    pub no_confirm: bool,
}

/// Expiry options shared by create and update.
#[derive(Debug, Args)]
pub struct ExpiryArgs {
    /// Expire this long from now (e.g. 90d, 12h, 2w)
    #[arg(long, value_name = "DURATION", conflicts_with = "expires_at",
          value_parser = Span::parse)]
    pub expires_in: Option<Span>,

    /// Expire at TIME (2027-01-31, '2027-01-31 12:00' UTC, or RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = Time::parse)]
    pub expires_at: Option<Time>,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The secret's name: printable, no spaces, at most 256 bytes
    /// (`prod/db/password` and `DATABASE_URL` both work)
    #[arg(value_parser = Name::parse_new)]
    pub name: Name,

    #[command(flatten)]
    pub value: ValueArgs,

    /// What kind of secret this is
    #[arg(long = "type", value_enum, default_value_t = SecretType::Generic)]
    pub kind: SecretType,

    /// A description
    #[arg(long)]
    pub description: Option<String>,

    /// Tags, comma separated
    #[arg(long, value_delimiter = ',', value_name = "TAG,...", value_parser = Tag::parse_new)]
    pub tags: Vec<Tag>,

    /// Metadata as KEY=VALUE (repeatable)
    #[arg(long, value_name = "KEY=VALUE", value_parser = MetaEntry::parse)]
    pub metadata: Vec<MetaEntry>,

    #[command(flatten)]
    pub expiry: ExpiryArgs,

    /// Refuse reads until TIME
    #[arg(long, value_name = "TIME", value_parser = Time::parse)]
    pub activates_at: Option<Time>,

    #[command(flatten)]
    pub rotation: RotationArgs,
}

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
    /// them); values on several lines, with NUL or binary data are refused:
    /// use json
    #[arg(long, value_enum, default_value_t = GetFormat::Raw)]
    pub format: GetFormat,

    /// Do not print a newline after a raw value
    #[arg(short = 'n', long)]
    pub no_newline: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only secrets with this tag (repeatable: all must match)
    #[arg(long, value_name = "TAG", value_parser = Tag::parse)]
    pub tag: Vec<Tag>,

    /// Only names starting with PREFIX
    #[arg(long)]
    pub prefix: Option<String>,

    /// Only secrets of this type
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub kind: Option<SecretType>,

    /// Only secrets that expire within DURATION (expired ones included)
    #[arg(long, value_name = "DURATION", value_parser = Span::parse)]
    pub expiring_within: Option<Span>,

    /// Only secrets due for rotation: inside the notify window or past the
    /// date (see secrets:create --rotate-every)
    #[arg(long)]
    pub due: bool,

    /// Only secrets past their rotation date
    #[arg(long)]
    pub overdue: bool,

    /// Only secrets nobody read for DURATION (never-read secrets count
    /// once they are older than DURATION)
    #[arg(long, value_name = "DURATION", value_parser = Span::parse)]
    pub unused_for: Option<Span>,

    // --- secrets:list states (wip/small) ---
    /// Only secrets in STATE (repeatable: any may match): active, disabled,
    /// pending, expired, deleted. Without it, every state but deleted
    #[arg(long, value_enum, value_name = "STATE")]
    pub state: Vec<crate::model::SecretState>,

    /// Show deleted secrets too
    #[arg(long, alias = "include-deleted")]
    pub deleted: bool,

    /// No longer needed: disabled secrets are listed (with their STATE).
    /// Kept so that old scripts still run
    #[arg(long, hide = true)]
    pub include_disabled: bool,
    // --- end secrets:list states ---
    /// Print names only, one per line
    #[arg(long, conflicts_with = "format")]
    pub names_only: bool,

    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,

    #[command(flatten)]
    pub value: ValueArgs,

    /// A new description (empty to clear)
    #[arg(long)]
    pub description: Option<String>,

    /// Replace all tags (comma separated; empty to clear)
    #[arg(long, value_delimiter = ',', value_name = "TAG,...",
          conflicts_with_all = ["add_tag", "remove_tag"],
          value_parser = Tag::parse_new_or_none)]
    pub tags: Option<Vec<Option<Tag>>>,

    /// Add a tag (repeatable)
    #[arg(long, value_name = "TAG", value_parser = Tag::parse_new)]
    pub add_tag: Vec<Tag>,

    /// Remove a tag (repeatable)
    #[arg(long, value_name = "TAG", value_parser = Tag::parse)]
    pub remove_tag: Vec<Tag>,

    /// Set metadata KEY=VALUE (repeatable)
    #[arg(long, value_name = "KEY=VALUE", value_parser = MetaEntry::parse)]
    pub metadata: Vec<MetaEntry>,

    /// Remove metadata KEY (repeatable)
    #[arg(long, value_name = "KEY", value_parser = MetaKey::parse)]
    pub unset_metadata: Vec<MetaKey>,

    #[command(flatten)]
    pub expiry: ExpiryArgs,

    /// Remove the expiry date
    #[arg(long, conflicts_with_all = ["expires_in", "expires_at"])]
    pub no_expiry: bool,

    /// Only update if the current version is N (check-and-set; exit 7 if not)
    #[arg(long, value_name = "N")]
    pub if_version: Option<i64>,

    #[command(flatten)]
    pub rotation: RotationUpdateArgs,
}

// --- Rotation policies and secret hygiene (issue 11) ---

/// A rotation policy, for secrets:create and secrets:update.
#[derive(Debug, Args)]
pub struct RotationArgs {
    /// Rotate the value every DURATION (e.g. 30d, 12w): the next rotation
    /// date is the last change of the value plus DURATION. `secrets:list
    /// --due`, `coffer check` and `secrets:rotate --due` find what is due
    #[arg(long, value_name = "DURATION", value_parser = Span::parse)]
    pub rotate_every: Option<Span>,

    /// Count the secret as due this long before its rotation date; shorter
    /// than the period [default: due on the date]
    #[arg(long, value_name = "DURATION", value_parser = Span::parse)]
    pub notify_before: Option<Span>,
}

/// secrets:update's rotation options: a policy, or none.
#[derive(Debug, Args)]
pub struct RotationUpdateArgs {
    #[command(flatten)]
    pub policy: RotationArgs,

    /// Remove the rotation policy
    #[arg(long, conflicts_with_all = ["rotate_every", "notify_before"])]
    pub no_rotation: bool,
}

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

/// A child command's time limit: at least a second.
fn parse_child_timeout(s: &str) -> Result<std::time::Duration, crate::model::Invalid> {
    Span::parse(s).map(|span| std::time::Duration::from_secs(span.secs().unsigned_abs()))
}

// --- end of rotation and hygiene ---

#[derive(Debug, Args)]
pub struct VersionsArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
    /// The older version
    #[arg(long, value_name = "N")]
    pub from: i64,
    /// The newer version [default: the current one]
    #[arg(long, value_name = "M")]
    pub to: Option<i64>,
    /// Show a line diff of the two values (prints secret values!)
    #[arg(long)]
    pub reveal: bool,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
    /// The version whose value to bring back [default: the one before the current]
    #[arg(long, value_name = "N")]
    pub version: Option<i64>,
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The secret to rotate (or --due)
    #[arg(value_parser = Name::parse, required_unless_present = "due")]
    pub name: Option<Name>,
    #[command(flatten)]
    pub value: ValueArgs,

    /// Rotate every secret that is due (see secrets:list --due; disabled
    /// ones included), with --generate or --command; one line per secret,
    /// and the others go on when one fails. Each commits on its own. Exit 0 when all rotated (or none was due), else the
    /// first failure's code (1 for a failed command)
    #[arg(long, conflicts_with_all = ["name", "value", "from_file"])]
    pub due: bool,

    /// With --due: list what would be rotated; change and run nothing
    // `requires` alone does not fire with NAME, which --due conflicts with.
    #[arg(long, requires = "due", conflicts_with = "name")]
    pub dry_run: bool,

    /// Make each new value with CMD, run through `sh -c` once per secret
    /// with COFFER_SECRET_NAME in its environment and the old value on its
    /// stdin (never in arguments or environment). What it prints is the
    /// new value (one trailing newline dropped, as `-` does; binary output
    /// is kept byte for byte). A command that fails, prints nothing,
    /// prints more than 1 MiB or outlives --timeout (then it is killed)
    /// leaves the secret unchanged
    #[arg(long, value_name = "CMD", conflicts_with_all = ["value", "from_file", "generate"])]
    pub command: Option<String>,

    /// How long --command may run for one secret
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_child_timeout)]
    pub timeout: std::time::Duration,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    #[arg(required = true, value_name = "NAME", value_parser = Name::parse)]
    pub names: Vec<Name>,
}

// --- wip/small: rename, search ---
#[derive(Debug, Args)]
pub struct RenameArgs {
    /// The secret's name now
    #[arg(value_name = "OLD", value_parser = Name::parse)]
    pub old: Name,
    /// Its new name (printable, no spaces, at most 256 bytes)
    #[arg(value_name = "NEW", value_parser = Name::parse_new)]
    pub new: Name,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The text to find (case-insensitive)
    #[arg(value_name = "TEXT", value_parser = parse_search_text)]
    pub text: String,
    /// Search deleted secrets too
    #[arg(long)]
    pub deleted: bool,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct DestroyArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
    /// The version whose value to erase (not the current one)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(1..))]
    pub version: i64,
    /// Do not ask: destroy without a confirmation (required off a terminal)
    #[arg(long)]
    pub yes: bool,
}

fn parse_search_text(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err("give some text to search for".into());
    }
    Ok(s.to_owned())
}
// --- end wip/small ---

#[derive(Debug, Args)]
pub struct NameArg {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
}

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Only rows about this kind of resource
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::audit::RESOURCES))]
    pub resource: Option<String>,
    /// Only rows with this action
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::audit::ACTIONS))]
    pub action: Option<String>,
    /// Only rows about this secret (and, for a renamed secret, its rows
    /// under the names it had before)
    #[arg(long, value_name = "NAME", value_parser = Name::parse)]
    pub secret: Option<Name>,
    /// Only rows by this actor
    #[arg(long)]
    pub actor: Option<String>,
    /// Only rows since a duration ago (24h, 7d) or a time (2027-01-31)
    #[arg(long, value_name = "DURATION|TIME", value_parser = Since::parse)]
    pub since: Option<Since>,
    /// Only the newest N rows
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub limit: Option<u64>,
    /// Only rows whose value fingerprint is HEX (see `audit:hash`)
    #[arg(long, value_name = "HEX")]
    pub fingerprint: Option<String>,
    /// Verify the whole chain and mark each row shown (exit 6 if it is broken)
    #[arg(long)]
    pub verify: bool,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct CheckpointArgs {
    /// `table` prints the bare SEQ:HASH line; `json` adds the vault id, row
    /// count and time
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

#[derive(Debug, Args)]
pub struct AcknowledgeArgs {
    /// Why writes may go on: what you found and did (kept in the audit row)
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct HashArgs {
    /// The value, or `-` to read it from stdin (one final newline is dropped,
    /// as `secrets:create -` drops it). Values in arguments land in your
    /// shell history: prefer `-`, --from-file, or the hidden prompt
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,
    /// Read the value from FILE, byte for byte
    #[arg(long, value_name = "FILE", conflicts_with = "value")]
    pub from_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

/// Examples for each command's `--help` and man page: (what, command line).
pub fn examples(command: &str) -> &'static [(&'static str, &'static str)] {
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
        "secrets:create" => &[
            (
                "Type the value at a hidden prompt",
                "coffer secrets:create DATABASE_URL --tags production,database",
            ),
            (
                "Read it from stdin",
                "printf %s \"$TOKEN\" | coffer secrets:create API_KEY - --type api_key --expires-in 90d",
            ),
            (
                "Store a file byte for byte",
                "coffer secrets:create tls/cert --from-file cert.pem --type certificate",
            ),
            (
                "Generate a random password",
                "coffer secrets:create prod/db/password --generate --length 40",
            ),
            (
                "Add metadata",
                "coffer secrets:create STRIPE_KEY - --metadata owner=backend-team --metadata ticket=OPS-12",
            ),
        ],
        "secrets:get" => &[
            ("Print the current value", "coffer secrets:get DATABASE_URL"),
            (
                "An earlier version, without a newline",
                "coffer secrets:get API_KEY --version 2 -n > key.txt",
            ),
            (
                "Several secrets as exported shell variables",
                "eval \"$(coffer secrets:get DB_USER DB_PASS --format env)\"",
            ),
        ],
        "secrets:list" => &[
            ("Everything current", "coffer secrets:list"),
            (
                "Tagged production and database",
                "coffer secrets:list --tag production --tag database",
            ),
            (
                "What expires within 30 days",
                "coffer secrets:list --expiring-within 30d",
            ),
            (
                "Names for a script",
                "coffer secrets:list --prefix prod/ --names-only",
            ),
            (
                "Due for rotation, or not read for 90 days",
                "coffer secrets:list --due && coffer secrets:list --unused-for 90d",
            ),
        ],
        "secrets:update" => &[
            (
                "A new value from stdin (version N+1)",
                "coffer secrets:update API_KEY - < new-key.txt",
            ),
            (
                "Only if nobody changed it since version 3",
                "coffer secrets:update API_KEY - --if-version 3",
            ),
            (
                "Change tags and metadata (no new version)",
                "coffer secrets:update API_KEY --add-tag billing --metadata owner=payments",
            ),
            (
                "Extend the expiry",
                "coffer secrets:update API_KEY --expires-in 180d",
            ),
            (
                "Rotate every 30 days, due a week before",
                "coffer secrets:update API_KEY --rotate-every 30d --notify-before 7d",
            ),
        ],
        "secrets:versions" => &[(
            "Every version of a secret",
            "coffer secrets:versions API_KEY",
        )],
        "secrets:diff" => &[
            (
                "Did the value change between versions 1 and 2?",
                "coffer secrets:diff API_KEY --from 1 --to 2",
            ),
            (
                "Show the line diff (prints values)",
                "coffer secrets:diff config/app.env --from 3 --reveal",
            ),
        ],
        "secrets:rollback" => &[
            (
                "Bring back the previous value (as a new version)",
                "coffer secrets:rollback API_KEY",
            ),
            (
                "Bring back version 2's value",
                "coffer secrets:rollback API_KEY --version 2",
            ),
        ],
        "secrets:rotate" => &[
            (
                "Rotate to a generated value",
                "coffer secrets:rotate prod/db/password --generate",
            ),
            (
                "Rotate to a value from stdin",
                "new-token | coffer secrets:rotate API_KEY -",
            ),
            (
                "See what is due, then rotate it with your own script (old value on its stdin)",
                "coffer secrets:rotate --due --dry-run && coffer secrets:rotate --due --command ./rotate-db-password.sh",
            ),
        ],
        "secrets:delete" => &[(
            "Delete two secrets (restore brings them back)",
            "coffer secrets:delete OLD_KEY staging/token",
        )],
        "secrets:restore" => &[("Undo a delete", "coffer secrets:restore OLD_KEY")],
        "secrets:disable" => &[(
            "Stop all reads of a leaked key",
            "coffer secrets:disable API_KEY",
        )],
        "secrets:enable" => &[("Allow reads again", "coffer secrets:enable API_KEY")],
        "secrets:rename" => &[(
            "Move a key under a folder-style name",
            "coffer secrets:rename STRIPE_KEY payments/stripe/key",
        )],
        "secrets:search" => &[
            (
                "Everything about the payments team",
                "coffer secrets:search payments",
            ),
            (
                "As JSON, deleted secrets included",
                "coffer secrets:search stripe --deleted --format json",
            ),
        ],
        "secrets:destroy" => &[(
            "Erase a leaked value after rotating it",
            "coffer secrets:rotate API_KEY --generate && coffer secrets:destroy API_KEY --version 3",
        )],
        "audit:logs" => &[
            (
                "Who read secrets in the last day",
                "coffer audit:logs --resource secrets --action accessed --since 24h",
            ),
            (
                "Everything done to one secret",
                "coffer audit:logs --secret API_KEY",
            ),
            (
                "The newest 20 rows as JSON",
                "coffer audit:logs --limit 20 --format json",
            ),
            (
                "Each row with its place in the chain",
                "coffer audit:logs --verify",
            ),
        ],
        "audit:verify" => &[
            ("Check the chain in a CI job", "coffer audit:verify"),
            (
                "Check against a checkpoint kept in git",
                "coffer audit:verify --expect \"$(cat audit.checkpoint)\"",
            ),
            (
                "The full report for a script",
                "coffer audit:verify --format json",
            ),
        ],
        "audit:checkpoint" => &[
            (
                "Keep the head in git beside the vault",
                "coffer audit:checkpoint > audit.checkpoint && git add audit.checkpoint",
            ),
            (
                "With the vault id and time",
                "coffer audit:checkpoint --format json",
            ),
        ],
        "audit:acknowledge" => &[(
            "After restoring an older backup on purpose",
            "coffer audit:acknowledge --reason \"restored Monday's backup after disk failure (INC-42)\"",
        )],
        "audit:hash" => &[
            (
                "Which events touched a leaked token (typed at a hidden prompt)",
                "coffer audit:logs --fingerprint \"$(coffer audit:hash)\"",
            ),
            ("From a file", "coffer audit:hash --from-file leaked.pem"),
        ],
        "vault:trust" => &[
            (
                "Trust a teammate's key (they read it from `coffer status`)",
                "coffer vault:trust ed25519:3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29",
            ),
            (
                "Accept a vault made by coffer 0.1 on a new machine",
                "coffer vault:trust --unsigned",
            ),
        ],
        "vault:compact" => &[(
            "Fold the journal in before copying vault.age alone",
            "coffer vault:compact",
        )],
        "sync" => &[
            (
                "Put a vault in git and share it",
                "git -C ~/.local/share/coffer init && git -C ~/.local/share/coffer remote add origin git@example.com:team/vault.git && coffer sync",
            ),
            ("Commit, pull and push what changed", "coffer sync"),
            ("Commit and pull only", "coffer sync --no-push"),
            (
                "See what a sync would push and pull",
                "coffer sync --status",
            ),
        ],
        "secrets:resolve" => &[(
            "Keep version 7's value after a merge left API_KEY in conflict",
            "coffer secrets:resolve API_KEY --version 7",
        )],
        "vault:policy" => &[
            ("Show the vault's merge policy", "coffer vault:policy"),
            (
                "Let the incoming side win from now on",
                "coffer vault:policy theirs",
            ),
        ],
        "vault:merge-driver" => &[(
            "Let a plain git pull merge vault.age (coffer sync does this)",
            "printf '/vault.age merge=coffer\\n' >> .gitattributes && git config merge.coffer.driver \"coffer --vault $PWD/vault.age vault:merge-driver %O %A %B\"",
        )],
        "vault:textconv" => &[
            (
                "Let git diff show what changed in a vault tracked in git",
                "printf 'vault.age diff=coffer\\nvault.journal/*.log diff=coffer\\n' >> .gitattributes && git config diff.coffer.textconv \"coffer --vault $PWD/vault.age vault:textconv\"",
            ),
            (
                "See what the journal holds",
                "coffer vault:textconv vault.age vault.journal/*.log",
            ),
        ],
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
        "run" => &[
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
        ],
        "inject" => &[
            (
                "Fill a config template (`password: {{ prod/db/password }}`)",
                "coffer inject -i config.yml.tpl -o config.yml",
            ),
            ("To stdout, from stdin", "coffer inject -i - < app.env.tpl"),
        ],
        "export" => &[
            (
                "Back up every secret with its value (keep the file safe)",
                "coffer export > backup.json",
            ),
            (
                "A .env file for docker",
                "coffer export --format dotenv --tag staging > staging.env",
            ),
        ],
        "import" => &[
            ("Take a .env file in", "coffer import .env"),
            (
                "Restore an export, updating secrets that exist",
                "coffer import backup.json --on-conflict update",
            ),
            (
                "Move a passage store in (see what happens first)",
                "coffer import --from passage ~/.passage/store --dry-run",
            ),
        ],
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
