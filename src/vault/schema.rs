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
pub const SCHEMA_VERSION: i32 = 5;

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
    // 3: each member has an Ed25519 signing key (see vault::sign), and the
    // vault carries its writer's signature in `meta`. The first write after
    // this migration records the migrating member's key and appends the rows
    // that bind the data to the audit chain (audit::bind); a coffer that
    // predates this would save without signing, so it must refuse.
    // The index of audit rows by target goes: every open now checks that
    // each index agrees with its table, and this one was half that cost
    // and a sixth of a large vault's image, to speed up only
    // `audit:logs --secret`.
    "ALTER TABLE member ADD COLUMN signing_key TEXT;
     DROP INDEX audit_by_target;",
    // 4: changes go to a journal of records beside the vault (vault::journal),
    // and the checkpoint records in `meta` the journal key and how far it
    // folded the journal in (vault::replay::init_meta adds them). A coffer
    // that predates this would ignore the journal, so it must refuse.
    "",
    // 5: the versions' numbers, without their values: a secret's current
    // version is found in this small index instead of in the table's
    // leaves, where the values are (secrets:list at 100,000 secrets).
    "CREATE INDEX version_number ON version (secret_id, number);",
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

/// How long all of one command's SQL may run before coffer gives up: a
/// backstop against an image crafted to make a query run forever (the schema
/// check below already refuses the triggers and views that could). Defined
/// in [`crate::error`], which words its running out.
pub use crate::error::QUERY_BUDGET;

/// Make a connection safe to point at an image someone else may have made:
/// no SQL from the image runs with more trust than coffer's own
/// (`trusted_schema` off, defensive mode, no views), temporary tables stay in
/// memory (never plaintext in a temp folder), triggers cannot nest, and a
/// progress handler interrupts any query once `budget` has passed since this
/// call (exit 6, see [`crate::error`]).
pub fn harden(conn: &mut Connection, budget: std::time::Duration) -> Result<()> {
    use rusqlite::config::DbConfig;
    use rusqlite::limits::Limit;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.pragma_update(None, "recursive_triggers", false)?;
    conn.set_limit(Limit::SQLITE_LIMIT_TRIGGER_DEPTH, 2)?;
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    let start = std::time::Instant::now();
    conn.progress_handler(10_000, Some(move || start.elapsed() > budget))?;
    Ok(())
}

/// Check that an opened image is a coffer vault this coffer can read, and
/// that its schema is exactly the one coffer wrote for its version: any other
/// table, index, trigger or view would run (or be read) inside coffer's own
/// statements. Returns the vault's schema version.
pub fn check(conn: &Connection) -> Result<i32> {
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(damaged)?;
    if app != APPLICATION_ID {
        return Err(Error::integrity(
            "the file decrypts, but it is not a coffer vault (wrong application id)",
        )
        .hint("check --vault / COFFER_VAULT"));
    }
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(damaged)?;
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
    check_objects(conn, version)?;
    Ok(version)
}

/// Any SQLite error while first reading an image means the image is damaged.
fn damaged(err: rusqlite::Error) -> Error {
    match Error::from(err) {
        e if e.exit == crate::error::Exit::Failure => Error::integrity(format!(
            "the vault's database is damaged: {}",
            e.message.trim_start_matches("vault database error: ")
        ))
        .hint("restore the vault file from a backup or from git"),
        e => e,
    }
}

/// Refuse an image whose indexes do not agree with their tables: coffer's
/// commands read through indexes (a secret by its name, the members by
/// recipient) while verification reads the tables, so an index edited to
/// point elsewhere would redirect reads that every check passed. Only the
/// tables that have indexes are checked (`integrity_check(TABLE)`, not
/// `quick_check`, which does not compare an index with its table): the
/// audit log's pages are most of a vault and have no index, and damage
/// there fails its own reads (exit 6). Rows that reference no row (an
/// orphan version, tag or metadata row) are refused as well: a new secret
/// would inherit them.
pub fn check_structure(conn: &Connection) -> Result<()> {
    let mut problems: Vec<String> = Vec::new();
    let indexed: Vec<String> = conn
        .prepare(
            "SELECT DISTINCT tbl_name FROM sqlite_schema WHERE type = 'index' ORDER BY tbl_name",
        )
        .and_then(|mut stmt| {
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(damaged)?;
    for table in &indexed {
        // (The name comes from the schema, which check_objects has matched
        // against coffer's own.)
        let mut stmt = conn
            .prepare(&format!("PRAGMA integrity_check(\"{table}\")"))
            .map_err(damaged)?;
        let mut rows = stmt.query([]).map_err(damaged)?;
        while let Some(r) = rows.next().map_err(damaged)? {
            let line: String = r.get(0).map_err(damaged)?;
            if line != "ok" && problems.len() < 8 {
                problems.push(crate::output::clean_line(&line));
            }
        }
    }
    if problems.is_empty() {
        let orphans: i64 = conn
            .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .map_err(damaged)?;
        if orphans > 0 {
            problems.push(format!(
                "{orphans} rows refer to a secret that does not exist"
            ));
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(Error::integrity(format!(
        "the vault's database does not hold together ({}): it was damaged, or edited outside coffer",
        problems.join("; ")
    ))
    .hint("restore the vault from a backup or from git, and find out who changed it"))
}

/// One schema object as `sqlite_schema` records it: type, name, table, SQL.
type Object = [rusqlite::types::Value; 4];

fn objects(conn: &Connection) -> rusqlite::Result<Vec<Object>> {
    // (Errors here come from reading the image's schema: see `damaged`.)
    let mut stmt = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema")?;
    let mut list = stmt
        .query_map([], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))?
        .collect::<rusqlite::Result<Vec<Object>>>()?;
    list.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    Ok(list)
}

/// The objects coffer creates for schema `version`: version 1's DDL and the
/// migrations up to `version`, run on an empty database.
fn expected_objects(version: i32) -> Result<Vec<Object>> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(V1)?;
    for sql in &MIGRATIONS[..(version - 1) as usize] {
        conn.execute_batch(sql)?;
    }
    Ok(objects(&conn)?)
}

/// A digest of a schema's objects, to tell coffer's own schema at a glance.
fn digest(objects: &[Object]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("{objects:?}").as_bytes()))
}

/// [`digest`] of [`expected_objects`] for schema versions 1 to
/// [`SCHEMA_VERSION`]: building them runs all of coffer's DDL, a third of a
/// small command's time, so an open compares digests and builds the
/// objects only to say what differs (a test pins these).
const EXPECTED_DIGESTS: [&str; SCHEMA_VERSION as usize] = [
    "2b35e85bad94bd85a8d9ad12f3ee388094b4c66facab11dd41e037f5cf719e37",
    "2b35e85bad94bd85a8d9ad12f3ee388094b4c66facab11dd41e037f5cf719e37",
    "3e020495c94b66c51deaa4943fb65a98a4cccabcaa0ae787ebfd83fcfa818df7",
    "3e020495c94b66c51deaa4943fb65a98a4cccabcaa0ae787ebfd83fcfa818df7",
    "94aa31e36c32d7e9a0aeaf293d8486d3bbe967eb7da73821645d077ec3de492e",
];

/// Refuse an image whose schema is not exactly coffer's, naming what differs.
fn check_objects(conn: &Connection, version: i32) -> Result<()> {
    use rusqlite::types::Value;
    let found = objects(conn).map_err(damaged)?;
    if digest(&found) == EXPECTED_DIGESTS[(version - 1) as usize] {
        return Ok(());
    }
    let expected = expected_objects(version)?;
    if found == expected {
        return Ok(());
    }
    let show = |v: &Value| match v {
        Value::Text(t) => crate::output::clean_line(t),
        other => format!("{other:?}"),
    };
    let key = |o: &Object| (show(&o[0]), show(&o[1]));
    let mut problems = Vec::new();
    for o in &found {
        match expected.iter().find(|e| key(e) == key(o)) {
            None => problems.push(format!(
                "it has a {} {} that coffer did not create",
                key(o).0,
                key(o).1
            )),
            Some(e) if e != o => problems.push(format!(
                "its {} {} differs from the one coffer created",
                key(o).0,
                key(o).1
            )),
            Some(_) => {}
        }
    }
    for e in &expected {
        if !found.iter().any(|o| key(o) == key(e)) {
            problems.push(format!("its {} {} is missing", key(e).0, key(e).1));
        }
    }
    let shown = problems.len().min(3);
    let more = match problems.len() - shown {
        0 => String::new(),
        n => format!(" (and {n} more differences)"),
    };
    Err(Error::integrity(format!(
        "the vault's database schema was changed outside coffer: {}{more}",
        problems[..shown].join("; ")
    ))
    .hint(
        "coffer refuses to run SQL it did not write; restore the vault from a backup or from git, and find out who changed it",
    ))
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
    fn the_pinned_schema_digests_are_the_ddl() {
        for version in 1..=SCHEMA_VERSION {
            let d = digest(&expected_objects(version).unwrap());
            assert_eq!(
                EXPECTED_DIGESTS[(version - 1) as usize],
                d,
                "schema {version}: update EXPECTED_DIGESTS"
            );
        }
    }

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
        assert_eq!(check(&conn).unwrap(), SCHEMA_VERSION);
        let head: String = conn
            .query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(head, "2:cd02");
        assert_eq!(crate::audit::HEAD_KEY, "audit_head");
    }

    #[test]
    fn any_object_coffer_did_not_create_is_refused_by_name() {
        for (sql, named) in [
            (
                "CREATE TRIGGER zz BEFORE INSERT ON audit BEGIN SELECT RAISE(IGNORE); END;",
                "trigger zz",
            ),
            ("CREATE VIEW v AS SELECT 1;", "view v"),
            ("CREATE TABLE extra (x);", "table extra"),
            ("CREATE INDEX i ON secret (type);", "index i"),
            (
                "DROP TRIGGER version_is_kept;",
                "trigger version_is_kept is missing",
            ),
            (
                "ALTER TABLE member RENAME TO member_real; CREATE TABLE member (id);",
                "table member differs",
            ),
        ] {
            let conn = Connection::open_in_memory().unwrap();
            create(&conn).unwrap();
            conn.execute_batch(sql).unwrap();
            let err = check(&conn).unwrap_err();
            assert_eq!(err.exit, crate::error::Exit::Integrity, "{sql}");
            assert!(err.message.contains(named), "{sql}: {}", err.message);
        }
    }

    #[test]
    fn a_hardened_connection_interrupts_a_runaway_query() {
        let mut conn = Connection::open_in_memory().unwrap();
        harden(&mut conn, std::time::Duration::from_millis(50)).unwrap();
        let err = conn
            .query_row(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
                 SELECT count(*) FROM c",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap_err();
        assert_eq!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::OperationInterrupted)
        );
        let err = Connection::execute_batch(&conn, "CREATE VIEW v AS SELECT 1; SELECT * FROM v");
        assert!(err.is_err(), "views are off");
        let temp: i64 = conn
            .pragma_query_value(None, "temp_store", |r| r.get(0))
            .unwrap();
        assert_eq!(temp, 2, "temp_store=MEMORY");
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
