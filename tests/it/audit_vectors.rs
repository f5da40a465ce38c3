//! Golden vectors for the audit chain's bytes, computed independently of
//! coffer by `tests/vectors/audit_v1.py` (Python's msgpack and hashlib). If
//! coffer's canonical encoding, genesis or row hash ever change, every
//! existing vault's chain would break; these tests fail first.

use std::collections::BTreeMap;

use coffer::audit::verify::{Reason, Source, Status, verify_chain as verify};
use coffer::audit::{AuditRecord, Head, canonical_bytes, genesis, row_hash};
use rusqlite::Connection;
use serde_json::Value;

fn vectors() -> Value {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/audit_v1.json"),
    )
    .expect("read the vectors");
    serde_json::from_str(&text).expect("the vectors are JSON")
}

fn record(v: &Value) -> AuditRecord {
    let s = |k: &str| v[k].as_str().unwrap().to_owned();
    AuditRecord {
        seq: v["seq"].as_i64().unwrap(),
        ts: v["ts"].as_i64().unwrap(),
        actor: s("actor"),
        action: s("action"),
        resource: s("resource"),
        target: v["target"].as_str().map(str::to_owned),
        version: v["version"].as_i64(),
        details: v["details"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect::<BTreeMap<_, _>>(),
        prev_hash: hex::decode(s("prev_hash")).unwrap(),
        hash: hex::decode(s("hash")).unwrap(),
    }
}

/// The string field `k` of a vector.
fn string(v: &Value, k: &str) -> String {
    v[k].as_str().unwrap().to_owned()
}

#[test]
fn genesis_matches() {
    let v = vectors();
    let id = v["vault_id"].as_str().unwrap();
    assert_eq!(hex::encode(genesis(id)), string(&v, "genesis"));
}

#[test]
fn chain_rows_encode_and_hash_as_pinned() {
    let v = vectors();
    let id = v["vault_id"].as_str().unwrap();
    let mut prev = genesis(id);
    for row in v["chain"].as_array().unwrap() {
        let rec = record(row);
        let bytes = canonical_bytes(id, &rec);
        assert_eq!(
            hex::encode(&bytes),
            string(row, "canonical"),
            "seq {}",
            rec.seq
        );
        assert_eq!(
            rec.prev_hash, prev,
            "seq {} links to the row before",
            rec.seq
        );
        let hash = row_hash(&prev, &bytes);
        assert_eq!(hex::encode(&hash), string(row, "hash"), "seq {}", rec.seq);
        prev = hash;
    }
}

#[test]
fn edge_rows_encode_and_hash_as_pinned() {
    // Integer and string lengths at MessagePack's format boundaries, a map of
    // 17 entries, unicode, a negative time and a seq past 2^32.
    let v = vectors();
    let id = v["vault_id"].as_str().unwrap();
    for row in v["edges"].as_array().unwrap() {
        let rec = record(row);
        let bytes = canonical_bytes(id, &rec);
        assert_eq!(
            hex::encode(&bytes),
            string(row, "canonical"),
            "seq {}",
            rec.seq
        );
        assert_eq!(
            hex::encode(row_hash(&rec.prev_hash, &bytes)),
            string(row, "hash"),
            "seq {}",
            rec.seq
        );
    }
}

#[test]
fn moving_a_field_boundary_changes_the_hash() {
    // ("ab", "c") and ("a", "bc") in actor and action.
    let v = vectors();
    let id = v["vault_id"].as_str().unwrap();
    let rows = v["boundary"].as_array().unwrap();
    let (a, b) = (&rows[0], &rows[1]);
    assert_eq!(
        (a["actor"].as_str(), a["action"].as_str()),
        (Some("ab"), Some("c"))
    );
    assert_eq!(
        (b["actor"].as_str(), b["action"].as_str()),
        (Some("a"), Some("bc"))
    );
    let mut hashes = Vec::new();
    for row in [a, b] {
        let rec = AuditRecord {
            seq: row["seq"].as_i64().unwrap(),
            ts: row["ts"].as_i64().unwrap(),
            actor: string(row, "actor"),
            action: string(row, "action"),
            resource: string(row, "resource"),
            target: None,
            version: None,
            details: BTreeMap::new(),
            prev_hash: genesis(id),
            hash: Vec::new(),
        };
        let bytes = canonical_bytes(id, &rec);
        assert_eq!(hex::encode(&bytes), string(row, "canonical"));
        let hash = row_hash(&genesis(id), &bytes);
        assert_eq!(hex::encode(&hash), string(row, "hash"));
        hashes.push(hash);
    }
    assert_ne!(hashes[0], hashes[1]);
}

/// A database holding the golden chain, as a schema-2 vault would.
fn golden_db(v: &Value) -> Connection {
    let db = Connection::open_in_memory().unwrap();
    coffer::vault::schema::create(&db).unwrap();
    let rows = v["chain"].as_array().unwrap();
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('vault_id', ?1)",
        [v["vault_id"].as_str().unwrap()],
    )
    .unwrap();
    for row in rows {
        coffer::audit::insert_row(&db, &record(row)).unwrap();
    }
    let last = rows.last().unwrap();
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('audit_head', ?1)",
        [format!("{}:{}", last["seq"], string(last, "hash"))],
    )
    .unwrap();
    db
}

#[test]
fn the_verifier_accepts_the_independent_chain() {
    let v = vectors();
    let id = v["vault_id"].as_str().unwrap();
    let db = golden_db(&v);
    let report = verify(&db, id, 2, &[]).unwrap();
    assert_eq!(report.status, Status::Unanchored);
    assert_eq!(report.rows, 5);
    assert!(report.breaks.is_empty());
    assert_eq!(
        report.head.as_ref().map(|h| h.to_string()),
        Some(format!("5:{}", string(&v["chain"][4], "hash")))
    );

    let third: Head = format!("3:{}", string(&v["chain"][2], "hash"))
        .parse()
        .unwrap();
    let report = verify(&db, id, 2, &[(Source::Expected, third)]).unwrap();
    assert_eq!(report.status, Status::Ok);
    assert_eq!(report.rows_since_anchor, Some(2));
}

#[test]
fn the_verifier_finds_one_changed_field_in_the_independent_chain() {
    let v = vectors();
    let id = v["vault_id"].as_str().unwrap();
    let db = golden_db(&v);
    db.execute_batch(
        "DROP TRIGGER audit_is_append_only_update;
         UPDATE audit SET ts = ts + 1 WHERE seq = 3;",
    )
    .unwrap();
    let report = verify(&db, id, 2, &[]).unwrap();
    assert_eq!(report.status, Status::Tampered);
    let problem = report.problem.unwrap();
    assert_eq!((problem.seq, problem.reason), (3, Reason::HashMismatch));
    assert_eq!(report.breaks.len(), 1, "{:?}", report.breaks);
    assert!(report.warnings.iter().any(|w| w.contains("triggers")));
}

// ------------------------------------------------ data binding and signatures

/// tests/vectors/bind_v1.json, made by tests/vectors/bind_v1.py.
fn bind_vectors() -> Value {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/bind_v1.json"),
    )
    .expect("read the vectors");
    serde_json::from_str(&text).expect("the vectors are JSON")
}

#[test]
fn secret_states_digest_as_pinned() {
    let v = bind_vectors();
    for f in v["facts"].as_array().unwrap() {
        let opt = |k: &str| f[k].as_i64();
        let facts = coffer::audit::bind::Facts {
            name: string(f, "name"),
            kind: string(f, "kind"),
            description: f["description"].as_str().map(str::to_owned),
            enabled: f["enabled"].as_bool().unwrap(),
            deleted_at: opt("deleted_at"),
            activates_at: opt("activates_at"),
            expires_at: opt("expires_at"),
            rotation_period: opt("rotation_period"),
            rotation_notify: opt("rotation_notify"),
            created_at: f["created_at"].as_i64().unwrap(),
            created_by: string(f, "created_by"),
            version: f["version"].as_i64().unwrap(),
            tags: f["tags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_owned())
                .collect(),
            metadata: f["metadata"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect(),
        };
        assert_eq!(facts.digest(), string(f, "state"), "{}", facts.name);
    }
}

#[test]
fn members_and_key_check_digest_as_pinned() {
    let v = bind_vectors();
    let db = Connection::open_in_memory().unwrap();
    coffer::vault::schema::create(&db).unwrap();
    for m in v["members"].as_array().unwrap() {
        db.execute(
            "INSERT INTO member (name, recipient, role, added_at, signing_key)
             VALUES (?1, ?2, ?3, 0, ?4)",
            rusqlite::params![m[0].as_str(), m[1].as_str(), m[2].as_str(), m[3].as_str()],
        )
        .unwrap();
    }
    assert_eq!(
        coffer::audit::bind::members_digest(&db).unwrap(),
        string(&v, "members_digest")
    );
    let key = hex::decode(string(&v, "key")).unwrap();
    assert_eq!(
        coffer::audit::bind::key_check(&key),
        string(&v, "key_check")
    );
}

#[test]
fn signing_keys_and_signatures_are_as_pinned() {
    let v = bind_vectors();
    let identity: age::x25519::Identity = string(&v, "identity").parse().unwrap();
    let key = coffer::keys::signing_key(&identity);
    assert_eq!(
        coffer::vault::sign::public_text(&key.verifying_key()),
        string(&v, "signing_key")
    );
    let db = Connection::open_in_memory().unwrap();
    coffer::vault::schema::create(&db).unwrap();
    db.execute_batch(&format!(
        "INSERT INTO meta VALUES ('vault_id', '{}'), ('audit_head', '{}')",
        string(&v, "vault_id"),
        string(&v, "head")
    ))
    .unwrap();
    coffer::vault::sign::sign(&db, &key).unwrap();
    let stored: String = db
        .query_row("SELECT value FROM meta WHERE key = 'signature'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        stored,
        format!(
            "{} {} {}",
            string(&v, "signing_key"),
            string(&v, "head"),
            string(&v, "signature")
        )
    );
    let signed = coffer::vault::sign::read(&db).unwrap().unwrap();
    assert_eq!(signed.signer, string(&v, "signing_key"));
}

// ------------------------------------------------------------ journal records

/// The operations `tests/vectors/record_v1.py` encodes, built as coffer
/// builds them.
fn vector_ops(i: usize) -> coffer::vault::replay::Payload {
    use coffer::model::Field;
    use coffer::store::op::{Op, Value};
    let name = || "prod/db/password".to_owned();
    let details = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let (ab, cd) = ("ab".repeat(32), "cd".repeat(32));
    let audit = |ts, action: &str, d| Op::Audit {
        ts,
        actor: "owner".into(),
        action: action.into(),
        resource: "secrets".into(),
        target: Some(name()),
        version: Some(1),
        details: d,
    };
    match i {
        0 => coffer::vault::replay::Payload {
            time: 1795910000,
            ops: vec![
                Op::Secret {
                    name: name(),
                    kind: "password".into(),
                    description: None,
                    at: 1795910000,
                    by: "owner".into(),
                    activates_at: None,
                    expires_at: Some(1803686000),
                },
                Op::Tags {
                    name: name(),
                    tags: vec!["db".into(), "prod".into()],
                },
                Op::Metadata {
                    name: name(),
                    key: "owner".into(),
                    value: Some("backend-team".into()),
                },
                Op::Version {
                    name: name(),
                    number: 1,
                    value: Value(zeroize::Zeroizing::new(b"hunter2".to_vec())),
                    at: 1795910000,
                    by: "owner".into(),
                    kind: "create".into(),
                    source: None,
                },
                audit(
                    1795910000,
                    "created",
                    details(&[("fingerprint", &ab), ("state", &cd), ("type", "password")]),
                ),
            ],
            base: Default::default(),
        },
        1 => coffer::vault::replay::Payload {
            time: 1795910060,
            ops: vec![
                audit(1795910060, "accessed", details(&[("fingerprint", &ab)])),
                Op::Field {
                    name: name(),
                    field: Field::ExpiresAt,
                    value: None,
                    at: 1795910060,
                },
                Op::Touch {
                    name: name(),
                    at: 1795910060,
                },
            ],
            base: Default::default(),
        },
        // Written on a checkpoint that folded in records: it names them.
        _ => coffer::vault::replay::Payload {
            time: 1795910120,
            ops: vec![Op::Touch {
                name: name(),
                at: 1795910120,
            }],
            base: coffer::vault::replay::WrittenOn(BTreeMap::from([
                ([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77], 2),
                ([0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff], 300),
            ])),
        },
    }
}

#[test]
fn journal_records_encode_as_pinned() {
    use coffer::vault::record;
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/record_v1.json"),
    )
    .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let bytes = |v: &Value| hex::decode(v.as_str().unwrap()).unwrap();
    let seed: [u8; 32] = bytes(&v["signing_seed"]).try_into().unwrap();
    let key = ed25519_dalek::SigningKey::from_bytes(&seed);
    let vault: [u8; 16] = bytes(&v["vault_id"]).try_into().unwrap();
    let journal: [u8; 32] = bytes(&v["journal_key"]).try_into().unwrap();
    for (i, r) in v["records"].as_array().unwrap().iter().enumerate() {
        let payload = rmp_serde::to_vec(&vector_ops(i)).unwrap();
        assert_eq!(
            hex::encode(&payload),
            r["payload"].as_str().unwrap(),
            "record {i}: payload"
        );
        let header = record::Header {
            device: bytes(&r["device"]).try_into().unwrap(),
            seq: r["seq"].as_u64().unwrap(),
            lamport: r["lamport"].as_u64().unwrap(),
            parents: r["parents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| bytes(p).try_into().unwrap())
                .collect(),
            author: key.verifying_key().to_bytes(),
        };
        let salt: [u8; 16] = bytes(&r["salt"]).try_into().unwrap();
        let (stored, id) = record::encode(&vault, &journal, &key, &header, salt, &payload);
        assert_eq!(
            hex::encode(&stored),
            r["stored"].as_str().unwrap(),
            "record {i}"
        );
        assert_eq!(hex::encode(id), r["id"].as_str().unwrap(), "record {i}");
        let back = record::decode(&stored).unwrap();
        back.verify(&vault).unwrap();
        assert_eq!(back.open(&vault, &journal).unwrap().as_slice(), payload);
        let ops: coffer::vault::replay::Payload = rmp_serde::from_slice(&payload).unwrap();
        assert_eq!(ops.ops, vector_ops(i).ops);
        assert_eq!(
            ops.base,
            vector_ops(i).base,
            "record {i}: the checkpoint it names"
        );
    }
}
