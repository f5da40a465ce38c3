//! The vault's SQLite schema, its version, and the forward migrations.
//!
//! `PRAGMA application_id` marks an image as a coffer vault and
//! `PRAGMA user_version` holds the schema version. A vault written by a newer
//! coffer (a higher version than [`SCHEMA_VERSION`]) is refused, never modified.
//! Migrations run forward inside the command's write transaction, so a failed
//! migration leaves the file as it was.

use rusqlite::Connection;

use crate::error::{Error, Result};

/// "CFFR": the `application_id` of every coffer vault.
pub const APPLICATION_ID: i32 = 0x4346_4652;

/// The schema version this coffer writes.
pub const SCHEMA_VERSION: i32 = 2;

/// Schema version 1, the first one.
const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE member (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE,
    recipient TEXT NOT NULL UNIQUE,
    role      TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'manager', 'admin')),
    added_at  INTEGER NOT NULL
);

CREATE TABLE secret (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    type            TEXT NOT NULL
                    CHECK (type IN ('password', 'api_key', 'certificate', 'ssh_key', 'generic')),
    description     TEXT,
    created_at      INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      INTEGER NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    deleted_at      INTEGER,
    activates_at    INTEGER,
    expires_at      INTEGER,
    rotation_period INTEGER,
    rotation_notify INTEGER,
    last_read_at    INTEGER
);

CREATE TABLE version (
    secret_id      INTEGER NOT NULL REFERENCES secret (id),
    number         INTEGER NOT NULL CHECK (number >= 1),
    value          BLOB NOT NULL,
    created_at     INTEGER NOT NULL,
    created_by     TEXT NOT NULL,
    kind           TEXT NOT NULL
                   CHECK (kind IN ('create', 'update', 'rotate', 'rollback', 'import', 'merge')),
    source_version INTEGER,
    PRIMARY KEY (secret_id, number)
) WITHOUT ROWID;

CREATE TRIGGER version_is_immutable BEFORE UPDATE ON version
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER version_is_kept BEFORE DELETE ON version
BEGIN SELECT RAISE(ABORT, 'versions are never deleted'); END;

CREATE TABLE tag (
    secret_id INTEGER NOT NULL REFERENCES secret (id),
    tag       TEXT NOT NULL,
    PRIMARY KEY (secret_id, tag)
) WITHOUT ROWID;
CREATE INDEX tag_by_name ON tag (tag, secret_id);

CREATE TABLE metadata (
    secret_id INTEGER NOT NULL REFERENCES secret (id),
    key       TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (secret_id, key)
) WITHOUT ROWID;

CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    ts        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    resource  TEXT NOT NULL,
    target    TEXT,
    version   INTEGER,
    details   TEXT NOT NULL,
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
);
CREATE INDEX audit_by_target ON audit (target);

CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#;

/// `MIGRATIONS[i]` takes a vault from version `i + 1` to `i + 2`. Each entry
/// must be safe to run inside the command's transaction.
const MIGRATIONS: &[&str] = &[
    // 2: the vault records its audit head in `meta` (audit::HEAD_KEY), kept by
    // every append, so `audit:verify` can tell a log cut short inside the file
    // from an older copy of the whole file. A coffer that predates this would
    // append rows without moving the record, so it must refuse these vaults.
    "INSERT OR REPLACE INTO meta (key, value)
       SELECT 'audit_head', seq || ':' || lower(hex(hash))
         FROM audit ORDER BY seq DESC LIMIT 1;",
];

/// Create the schema in an empty database: version 1, then every migration.
pub fn create(conn: &Connection) -> Result<()> {
    conn.execute_batch(V1)?;
    for sql in MIGRATIONS {
        conn.execute_batch(sql)?;
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(())
}

/// Check that an opened image is a coffer vault this coffer can read.
/// Returns the vault's schema version.
pub fn check(conn: &Connection) -> Result<i32> {
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if app != APPLICATION_ID {
        return Err(Error::integrity(
            "the file decrypts, but it is not a coffer vault (wrong application id)",
        )
        .hint("check --vault / COFFER_VAULT"));
    }
    let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(Error::failure(format!(
            "this vault has schema version {version}, newer than this coffer understands ({SCHEMA_VERSION})"
        ))
        .hint("upgrade coffer to open it; the vault was not modified"));
    }
    if version < 1 {
        return Err(Error::integrity(format!(
            "the vault has an invalid schema version {version}"
        )));
    }
    Ok(version)
}

/// Bring a vault at `version` up to [`SCHEMA_VERSION`]. Runs on the caller's
/// open transaction.
pub fn migrate(conn: &Connection, version: i32) -> Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip((version - 1) as usize) {
        conn.execute_batch(sql)?;
        conn.pragma_update(None, "user_version", i as i32 + 2)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_schema_checks_out() {
        let conn = Connection::open_in_memory().unwrap();
        create(&conn).unwrap();
        assert_eq!(check(&conn).unwrap(), SCHEMA_VERSION);
        assert_eq!(MIGRATIONS.len() as i32, SCHEMA_VERSION - 1);
    }

    #[test]
    fn migration_to_2_records_the_audit_head() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(V1).unwrap();
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO audit VALUES (1, 0, 'me', 'initialized', 'vault', NULL, NULL, '{}', x'00', x'ab01');
             INSERT INTO audit VALUES (2, 0, 'me', 'listed', 'vault', NULL, NULL, '{}', x'ab01', x'CD02');",
        )
        .unwrap();
        migrate(&conn, check(&conn).unwrap()).unwrap();
        assert_eq!(check(&conn).unwrap(), 2);
        let head: String = conn
            .query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(head, "2:cd02");
        assert_eq!(crate::audit::HEAD_KEY, "audit_head");
    }

    #[test]
    fn newer_schema_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        create(&conn).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = check(&conn).unwrap_err();
        assert!(err.message.contains("newer"), "{}", err.message);
    }

    #[test]
    fn foreign_database_is_refused() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x)").unwrap();
        assert_eq!(
            check(&conn).unwrap_err().exit,
            crate::error::Exit::Integrity
        );
    }

    #[test]
    fn versions_and_audit_rows_cannot_change() {
        let conn = Connection::open_in_memory().unwrap();
        create(&conn).unwrap();
        conn.execute_batch(
            "INSERT INTO secret (id, name, type, created_at, created_by, updated_at)
               VALUES (1, 'A', 'generic', 0, 'me', 0);
             INSERT INTO version VALUES (1, 1, x'00', 0, 'me', 'create', NULL);
             INSERT INTO audit VALUES (1, 0, 'me', 'created', 'secrets', 'A', 1, '{}', x'', x'');",
        )
        .unwrap();
        for sql in [
            "UPDATE version SET value = x'01'",
            "DELETE FROM version",
            "UPDATE audit SET actor = 'x'",
            "DELETE FROM audit",
        ] {
            assert!(conn.execute_batch(sql).is_err(), "{sql} succeeded");
        }
    }
}
