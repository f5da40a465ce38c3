//! One module per command, `GROUP/VERB.rs` as jj lays them out: each holds
//! the command's clap arguments (a `#[derive(clap::Args)]` struct whose doc
//! comments are its `--help`), its `EXAMPLES` for `--help` and its man page,
//! and its `run`. A command parses nothing at run time and opens no vault
//! file itself: it gets its arguments and a [`Location`], asks the vault
//! module for a transaction, and prints. A group's `mod.rs` holds what its
//! commands share; what several groups share is here.

pub mod audit;
// Rotation and hygiene (issue 11):
pub mod check;
pub mod child;
pub mod compact;
pub mod completions;
pub mod exchange;
pub mod init;
pub mod man;
pub mod merge_driver;
pub mod policy;
pub mod scan;
pub mod secrets;
pub mod status;
pub mod sync;
pub mod textconv;
pub mod trust;
pub mod unlock;

use crate::cli::{Cli, Command};
use crate::error::Result;
use crate::vault::Location;

/// A command's examples, for its `--help` and its man page: (what it does,
/// the command line). `cli::examples` finds them by the command's name.
pub type Examples = &'static [(&'static str, &'static str)];

/// Output of commands that show records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Table,
    Json,
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    if let Command::Completions(args) = &cli.command {
        return completions::run(args);
    }
    if let Command::Man(args) = &cli.command {
        return man::run(args);
    }
    let g = cli.global;
    let loc = Location::resolve(
        g.vault,
        g.identity,
        g.passphrase_file,
        Some(g.lock_timeout),
        g.expect,
    )?
    .read_only(g.read_only);
    match cli.command {
        Command::Init(args) => init::run(&loc, &args),
        Command::Status(args) => status::run(&loc, &args),
        Command::SecretsCreate(args) => secrets::create::run(&loc, &args),
        Command::SecretsGet(args) => secrets::get::run(&loc, &args),
        Command::SecretsList(args) => secrets::list::run(&loc, &args),
        Command::SecretsUpdate(args) => secrets::update::run(&loc, &args),
        Command::SecretsVersions(args) => secrets::versions::run(&loc, &args),
        Command::SecretsDiff(args) => secrets::diff::run(&loc, &args),
        Command::SecretsRollback(args) => secrets::rollback::run(&loc, &args),
        Command::SecretsResolve(args) => secrets::resolve::run(&loc, &args),
        Command::VaultPolicy(args) => policy::run(&loc, &args),
        Command::SecretsRotate(args) => secrets::rotate::run(&loc, &args),
        Command::SecretsDelete(args) => secrets::lifecycle::delete(&loc, &args),
        Command::SecretsRestore(args) => secrets::lifecycle::restore(&loc, &args),
        Command::SecretsDisable(args) => secrets::lifecycle::disable(&loc, &args),
        Command::SecretsEnable(args) => secrets::lifecycle::enable(&loc, &args),
        Command::SecretsRename(args) => secrets::rename::run(&loc, &args),
        Command::SecretsSearch(args) => secrets::search::run(&loc, &args),
        Command::SecretsDestroy(args) => secrets::destroy::run(&loc, &args),
        Command::AuditLogs(args) => audit::logs::run(&loc, &args),
        Command::AuditVerify(args) => audit::verify::run(&loc, &args),
        Command::AuditCheckpoint(args) => audit::checkpoint::run(&loc, &args),
        Command::AuditAcknowledge(args) => audit::acknowledge::run(&loc, &args),
        Command::AuditHash(args) => audit::hash::run(&loc, &args),
        Command::VaultTrust(args) => trust::run(&loc, &args),
        Command::VaultCompact(_) => compact::run(&loc),
        Command::VaultTextconv(args) => textconv::run(&loc, &args),
        Command::VaultMergeDriver(args) => merge_driver::run(&loc, &args),
        Command::Sync(args) => sync::run(&loc, &args),
        Command::Check(args) => check::run(&loc, &args),
        Command::Scan(args) => scan::run(&loc, &args),
        Command::Run(args) => exchange::run::run(&loc, args),
        Command::Inject(args) => exchange::inject::run(&loc, &args),
        Command::Export(args) => exchange::export::run(&loc, &args),
        Command::Import(args) => exchange::import::run(&loc, &args),
        Command::Completions(_) | Command::Man(_) => unreachable!("handled above"),
        Command::Unlock(args) => unlock::unlock(&loc, &args),
        Command::Lock(_) => unlock::lock(&loc),
        Command::AgentServe(args) => unlock::serve(&args),
    }
}
