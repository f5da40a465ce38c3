//! The one error type of coffer: what happened, what to do about it, and the exit
//! code a script can act on.
//!
//! Messages never contain secret values: they are built from names, paths and
//! counts only. Callers that hold a value never format it into an error.
//!
//! This module depends on no other module of coffer, so that every layer can
//! use it (the crate docs' [code map](crate#code-map)): what it must know of
//! the vault to word a failed SQLite call (the query budget, how the
//! checkpoint's VFS reports a chunk that does not decrypt) is defined here,
//! and the vault's code takes it from here.

use std::fmt;
use std::time::Duration;

/// How long all of one command's SQL may run before coffer gives up: a
/// backstop against an image crafted to make a query run forever (the
/// schema check of `vault::schema` already refuses the triggers and views
/// that could). `vault::schema::harden` enforces it; the error its running
/// out becomes names it.
pub const QUERY_BUDGET: Duration = Duration::from_secs(60);

/// Whether `err` is a read through the checkpoint's VFS (`vault::agevfs`)
/// that failed: a chunk of the checkpoint that does not decrypt (altered
/// after it was opened), which that VFS reports as SQLite's short or failed
/// read.
pub fn is_read_failure(err: &rusqlite::Error) -> bool {
    use rusqlite::ffi;
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == ffi::SQLITE_IOERR_READ
                || e.extended_code == ffi::SQLITE_IOERR_SHORT_READ
    )
}

/// Documented exit codes (README, man pages; the crate docs,
/// [errors and exit codes](crate#errors-and-exit-codes)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Failure = 1,
    Usage = 2,
    NotFound = 3,
    Denied = 4,
    Decrypt = 5,
    Integrity = 6,
    Conflict = 7,
}

impl Exit {
    /// Every exit code, in order: the one table that help, man pages and
    /// the README's table (checked by a test) are made from.
    pub const ALL: [Exit; 8] = [
        Exit::Ok,
        Exit::Failure,
        Exit::Usage,
        Exit::NotFound,
        Exit::Denied,
        Exit::Decrypt,
        Exit::Integrity,
        Exit::Conflict,
    ];

    pub fn code(self) -> u8 {
        self as u8
    }

    /// A word or two, for `--help`'s one-line summary.
    pub fn name(self) -> &'static str {
        match self {
            Exit::Ok => "ok",
            Exit::Failure => "failure",
            Exit::Usage => "usage",
            Exit::NotFound => "not found",
            Exit::Denied => "access denied",
            Exit::Decrypt => "cannot decrypt",
            Exit::Integrity => "integrity failure",
            Exit::Conflict => "conflict",
        }
    }

    /// What the code means, for man pages and the README.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Ok => "success (also when stdout is a closed pipe)",
            Exit::Failure => {
                "failure, including a vault from a newer coffer; `coffer check` finding what --fail-on names; a rotation or notify command that failed"
            }
            Exit::Usage => {
                "usage: bad arguments, names, durations, times or values; an update that changes nothing"
            }
            Exit::NotFound => {
                "not found: vault, identity, secret, version (a deleted secret, and a destroyed version, read as not found)"
            }
            Exit::Denied => {
                "access denied: disabled or not-yet-active secret (recorded as a `denied` audit row), file permissions, an identity others can read, a state folder or lock file that is not yours"
            }
            Exit::Decrypt => "cannot decrypt: wrong identity or passphrase",
            Exit::Integrity => {
                "integrity: the vault is damaged or not a vault, its schema was changed outside coffer, it is not signed by a key you trust, or its audit log or data does not verify (reads and writes refused until `audit:acknowledge`)"
            }
            Exit::Conflict => {
                "conflict: a secret in conflict after a merge (`secrets:get`, and `coffer sync` that leaves any), the vault is busy past the lock timeout, or `--if-version` mismatch, or `secrets:rename` to a name a secret already holds, or another program (a sync tool, `git pull`) changed the vault's files while the command ran"
            }
        }
    }
}

/// An error a user sees: `error: message` and, when there is one, `hint: hint`.
#[derive(Debug)]
pub struct Error {
    pub exit: Exit,
    pub message: String,
    pub hint: Option<String>,
    /// What caused it, for `source()` (its text is already in `message`).
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
    /// Nothing to print: stdout was a closed pipe, which ends a command
    /// quietly (exit 0), as `head` expects.
    pub quiet: bool,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Error {
            exit,
            message: message.into(),
            hint: None,
            source: None,
            quiet: false,
        }
    }
    pub fn failure(message: impl Into<String>) -> Self {
        Self::new(Exit::Failure, message)
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Exit::NotFound, message)
    }
    pub fn denied(message: impl Into<String>) -> Self {
        Self::new(Exit::Denied, message)
    }
    pub fn decrypt(message: impl Into<String>) -> Self {
        Self::new(Exit::Decrypt, message)
    }
    pub fn integrity(message: impl Into<String>) -> Self {
        Self::new(Exit::Integrity, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(Exit::Conflict, message)
    }
    /// Stdout was closed by its reader: stop quietly, successfully.
    pub fn closed_pipe() -> Self {
        Error {
            quiet: true,
            ..Self::new(Exit::Ok, "stdout was closed")
        }
    }

    /// Keep `cause` as this error's `source()`.
    pub fn caused_by(mut self, cause: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(cause));
        self
    }

    /// Attach what the user can do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    /// An I/O error on a path the user named or coffer chose.
    pub fn io(what: &str, path: &std::path::Path, err: std::io::Error) -> Self {
        let exit = if err.kind() == std::io::ErrorKind::NotFound {
            Exit::NotFound
        } else if err.kind() == std::io::ErrorKind::PermissionDenied {
            Exit::Denied
        } else {
            Exit::Failure
        };
        Self::new(exit, format!("{what} {}: {err}", path.display())).caused_by(err)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// SQLite errors inside an open vault are internal failures, except the ones that
/// mean the image itself is damaged: a corrupt database, or a column holding
/// data of another type than coffer wrote there. The latter never show the
/// data (it may be a value): only where it is.
impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::{Error as E, ErrorCode};
        let wrong_type = |column: String| {
            Error::integrity(format!(
                "the vault's database is damaged: {column} holds data of the wrong type"
            ))
            .hint("restore the vault file from a backup or from git")
        };
        let at = |index: usize| match index {
            usize::MAX => "a column".to_string(), // rusqlite's "unknown column"
            i => format!("the column at index {i}"),
        };
        match &err {
            E::InvalidColumnType(index, name, _) => {
                return wrong_type(format!("column {name} (index {index})"));
            }
            E::FromSqlConversionFailure(index, _, _)
            | E::IntegralValueOutOfRange(index, _)
            | E::Utf8Error(index, _) => return wrong_type(at(*index)),
            _ => {}
        }
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
                Error::integrity(format!("the vault's database is damaged: {err}"))
                    .hint("restore the vault file from a backup or from git")
            }
            // A chunk of the checkpoint that does not decrypt, read after
            // the open: altered since.
            _ if is_read_failure(&err) => Error::integrity(
                "the vault is damaged: part of it does not decrypt (it was truncated or altered)",
            )
            .hint(
                "restore the vault from a backup or from git; for a vault shared through git, first remove this clone's own folds ($XDG_STATE_HOME/coffer/cache/): the tracked files rebuild them",
            ),
            // The query budget (QUERY_BUDGET) ran out.
            Some(ErrorCode::OperationInterrupted) => Error::integrity(format!(
                "a query on the vault ran for more than {}s, so coffer stopped it: the vault may be crafted to hang coffer",
                QUERY_BUDGET.as_secs()
            ))
            .hint("nothing was changed; restore the vault from a backup or from git"),
            _ => Error::failure(format!("vault database error: {err}")).caused_by(err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_the_documented_ones() {
        let codes: Vec<u8> = Exit::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes, vec![0, 1, 2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn data_of_the_wrong_type_is_damage_and_is_not_shown() {
        use rusqlite::types::Type;
        let errors = [
            rusqlite::Error::InvalidColumnType(3, "expires_at".into(), Type::Text),
            rusqlite::Error::IntegralValueOutOfRange(2, 987_654_321_987),
            rusqlite::Error::Utf8Error(4, String::from_utf8(vec![0xff]).unwrap_err().utf8_error()),
            rusqlite::Error::FromSqlConversionFailure(
                1,
                Type::Text,
                "s3cr3t-in-the-cause".to_string().into(),
            ),
        ];
        for err in errors {
            let err = Error::from(err);
            assert_eq!(err.exit, Exit::Integrity, "{}", err.message);
            assert!(err.message.contains("holds data of the wrong type"));
            assert!(!err.message.contains("987654321987"), "{}", err.message);
            assert!(!err.message.contains("s3cr3t"), "{}", err.message);
        }
    }

    #[test]
    fn causes_are_kept_and_a_closed_pipe_is_quiet() {
        use std::error::Error as _;
        let err = Error::io(
            "reading",
            std::path::Path::new("/x"),
            std::io::Error::other("disk on fire"),
        );
        assert_eq!(err.source().unwrap().to_string(), "disk on fire");
        let pipe = Error::closed_pipe();
        assert!(pipe.quiet && pipe.exit == Exit::Ok);
        assert!(!Error::usage("x").quiet);
    }

    #[test]
    fn io_errors_map_to_exit_codes() {
        let p = std::path::Path::new("/x");
        let nf = Error::io(
            "reading",
            p,
            std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        assert_eq!(nf.exit, Exit::NotFound);
        let pd = Error::io(
            "reading",
            p,
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert_eq!(pd.exit, Exit::Denied);
    }
}
