//! Type-aware checks with real certificates and keys made by `openssl` and
//! `ssh-keygen` in the test: a certificate's notAfter becomes the secret's
//! expiry (and disagreeing with it warns), an SSH key's fingerprint matches
//! `ssh-keygen -l`, a value that does not parse as its type warns but is
//! stored, and the facts survive replay and the audit binding.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::Env;

/// Run an external tool in `dir`; it must be installed (.ci/run installs
/// openssl and openssh-client).
fn tool(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("run {program} ({e}): install it (apt-get install openssl openssh-client)")
        });
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A self-signed certificate valid for `days`, as PEM at `cert.pem` and
/// DER at `cert.der` in the env's folder; returns its notAfter as RFC 3339,
/// as openssl reads it.
fn certificate(env: &Env, days: u32) -> String {
    let dir = env.dir.path();
    tool(
        dir,
        "openssl",
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "cert.key",
            "-out",
            "cert.pem",
            "-subj",
            "/CN=coffer.test",
            "-days",
            &days.to_string(),
        ],
    );
    tool(
        dir,
        "openssl",
        &[
            "x509", "-in", "cert.pem", "-outform", "DER", "-out", "cert.der",
        ],
    );
    let end = tool(
        dir,
        "openssl",
        &["x509", "-in", "cert.pem", "-noout", "-enddate"],
    );
    let end = end.trim().strip_prefix("notAfter=").expect("notAfter=...");
    // `Dec 29 05:59:32 2026 GMT`
    let t = chrono::NaiveDateTime::parse_from_str(end, "%b %e %H:%M:%S %Y GMT")
        .unwrap_or_else(|e| panic!("openssl's date {end:?}: {e}"));
    t.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn listed(env: &Env, name: &str) -> serde_json::Value {
    let all = env.run(&["secrets:list", "--format", "json"]).ok().json();
    all.as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not listed"))
        .clone()
}

fn verified(env: &Env) {
    let v = env.run(&["audit:verify", "--format", "json"]).ok().json();
    assert_eq!(v["status"], "ok", "{v}");
}

#[test]
fn a_certificates_not_after_becomes_its_expiry() {
    let env = Env::with_vault();
    let not_after = certificate(&env, 30);
    env.run(&[
        "secrets:create",
        "tls/pem",
        "--type",
        "certificate",
        "--from-file",
        "cert.pem",
    ])
    .ok();
    env.run(&[
        "secrets:create",
        "tls/der",
        "--type",
        "certificate",
        "--from-file",
        "cert.der",
    ])
    .ok();
    for name in ["tls/pem", "tls/der"] {
        let s = listed(&env, name);
        assert_eq!(s["expires_at"], not_after.as_str(), "{s}");
        assert_eq!(s["metadata"]["coffer.not_after"], not_after.as_str());
        let v = env
            .run(&["secrets:versions", name, "--format", "json"])
            .ok()
            .json();
        assert_eq!(v[0]["not_after"], not_after.as_str());
        assert!(
            env.run(&["secrets:versions", name])
                .ok()
                .out()
                .contains(&not_after),
            "the table shows notAfter"
        );
    }
    // The existing expiry features see it.
    let soon = env
        .run(&["secrets:list", "--expiring-within", "60d", "--names-only"])
        .ok();
    assert_eq!(soon.out(), "tls/der\ntls/pem\n");
    assert_eq!(
        env.run(&["secrets:list", "--expiring-within", "7d", "--names-only"])
            .ok()
            .out(),
        ""
    );
    verified(&env);
}

#[test]
fn an_expiry_that_disagrees_with_the_certificate_warns_and_is_kept() {
    let env = Env::with_vault();
    let not_after = certificate(&env, 30);
    let run = env
        .run(&[
            "secrets:create",
            "tls",
            "--type",
            "certificate",
            "--from-file",
            "cert.pem",
            "--expires-in",
            "365d",
        ])
        .ok()
        .stderr_has(&format!(
            "warning: the certificate in tls expires at {not_after}"
        ));
    assert!(run.stderr.contains("but its expiry is set to"));
    let s = listed(&env, "tls");
    assert_ne!(s["expires_at"], not_after.as_str(), "the given expiry wins");
    // One that agrees (within a day) says nothing.
    let run = env
        .run(&[
            "secrets:create",
            "tls2",
            "--type",
            "certificate",
            "--from-file",
            "cert.pem",
            "--expires-in",
            "30d",
        ])
        .ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    verified(&env);
}

#[test]
fn a_new_certificate_moves_the_expiry_on_update_and_rotate() {
    let env = Env::with_vault();
    certificate(&env, 30);
    env.run(&[
        "secrets:create",
        "tls",
        "--type",
        "certificate",
        "--from-file",
        "cert.pem",
    ])
    .ok();
    let later = certificate(&env, 400);
    env.run(&["secrets:update", "tls", "--from-file", "cert.pem"])
        .ok();
    assert_eq!(listed(&env, "tls")["expires_at"], later.as_str());
    assert_eq!(
        listed(&env, "tls")["metadata"]["coffer.not_after"],
        later.as_str()
    );
    let latest = certificate(&env, 800);
    env.run(&["secrets:rotate", "tls", "--from-file", "cert.der"])
        .ok();
    assert_eq!(listed(&env, "tls")["expires_at"], latest.as_str());
    // Each version shows its own certificate's notAfter.
    let v = env
        .run(&["secrets:versions", "tls", "--format", "json"])
        .ok()
        .json();
    assert_eq!(v[1]["not_after"], later.as_str());
    assert_eq!(v[2]["not_after"], latest.as_str());
    verified(&env);
    // What the journal records replays to the same facts.
    let before = listed(&env, "tls");
    env.run(&["vault:compact"]).ok();
    assert_eq!(listed(&env, "tls")["metadata"], before["metadata"]);
    verified(&env);
}

#[test]
fn a_certificate_that_does_not_parse_warns_and_is_stored() {
    let env = Env::with_vault();
    let run = env
        .run(&[
            "secrets:create",
            "tls",
            "--type",
            "certificate",
            "not-a-cert-s3cret",
        ])
        .ok()
        .stderr_has("warning: the value of tls does not parse as a certificate");
    assert!(!run.stderr.contains("s3cret"), "{}", run.stderr);
    assert_eq!(
        env.run(&["secrets:get", "tls"]).ok().out(),
        "not-a-cert-s3cret\n"
    );
    let s = listed(&env, "tls");
    assert!(s["expires_at"].is_null());
    assert!(s["metadata"].get("coffer.not_after").is_none());
    // A PEM text with no certificate in it.
    std::fs::write(
        env.path("key-only.pem"),
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    env.run(&["secrets:update", "tls", "--from-file", "key-only.pem"])
        .ok()
        .stderr_has("does not parse as a certificate");
    verified(&env);
}

/// `ssh-keygen -l -f FILE`'s fingerprint (its second field).
fn keygen_fingerprint(dir: &Path, file: &str) -> String {
    let line = tool(dir, "ssh-keygen", &["-l", "-f", file]);
    line.split_whitespace().nth(1).unwrap().to_owned()
}

fn ssh_key(env: &Env, kind: &str, file: &str, passphrase: &str) -> PathBuf {
    tool(
        env.dir.path(),
        "ssh-keygen",
        &[
            "-q",
            "-t",
            kind,
            "-N",
            passphrase,
            "-C",
            "test@coffer",
            "-f",
            file,
        ],
    );
    env.path(file)
}

#[test]
fn an_ssh_keys_fingerprint_is_ssh_keygens() {
    let env = Env::with_vault();
    let dir = env.dir.path();
    ssh_key(&env, "ed25519", "id_ed25519", "");
    ssh_key(&env, "ecdsa", "id_ecdsa", "");
    // An encrypted key: its public half is readable without the passphrase.
    ssh_key(&env, "rsa", "id_rsa", "correct horse");
    for (name, file, pubfile) in [
        ("ssh/ed25519", "id_ed25519", "id_ed25519.pub"),
        ("ssh/ecdsa", "id_ecdsa", "id_ecdsa.pub"),
        ("ssh/rsa", "id_rsa", "id_rsa.pub"),
    ] {
        let expected = keygen_fingerprint(dir, pubfile);
        assert!(expected.starts_with("SHA256:"), "{expected}");
        env.run(&[
            "secrets:create",
            name,
            "--type",
            "ssh_key",
            "--from-file",
            file,
        ])
        .ok();
        let s = listed(&env, name);
        assert_eq!(
            s["metadata"]["coffer.ssh_fingerprint"],
            expected.as_str(),
            "{name}"
        );
        // The public key line alone gives the same fingerprint.
        let public = format!("{name}.pub");
        env.run(&[
            "secrets:create",
            &public,
            "--type",
            "ssh_key",
            "--from-file",
            pubfile,
        ])
        .ok();
        assert_eq!(
            listed(&env, &public)["metadata"]["coffer.ssh_fingerprint"],
            expected.as_str()
        );
        let table = env.run(&["secrets:versions", name]).ok().out();
        assert!(table.contains(&expected), "{table}");
    }
    verified(&env);
}

#[test]
fn an_ssh_key_that_does_not_parse_warns_and_loses_its_fingerprint() {
    let env = Env::with_vault();
    ssh_key(&env, "ed25519", "id", "");
    env.run(&[
        "secrets:create",
        "deploy",
        "--type",
        "ssh_key",
        "--from-file",
        "id",
    ])
    .ok();
    assert!(
        listed(&env, "deploy")["metadata"]
            .get("coffer.ssh_fingerprint")
            .is_some()
    );
    let run = env
        .run(&["secrets:update", "deploy", "not-a-key-s3cret"])
        .ok()
        .stderr_has("warning: the value of deploy does not parse as an SSH key");
    assert!(!run.stderr.contains("s3cret"));
    // The fingerprint of the old key no longer describes the current value.
    assert!(
        listed(&env, "deploy")["metadata"]
            .get("coffer.ssh_fingerprint")
            .is_none()
    );
    // An old PEM (PKCS#1) key is named as such.
    std::fs::write(
        env.path("old.pem"),
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n",
    )
    .unwrap();
    env.run(&["secrets:rotate", "deploy", "--from-file", "old.pem"])
        .ok()
        .stderr_has("not in OpenSSH format");
    verified(&env);
}

#[test]
fn reserved_fact_keys_cannot_be_set_by_hand() {
    let env = Env::with_vault();
    env.run(&[
        "secrets:create",
        "k",
        "value-123",
        "--metadata",
        "coffer.not_after=2099-01-01",
    ])
    .code(2);
    env.run(&["secrets:create", "k", "value-123"]).ok();
    env.run(&[
        "secrets:update",
        "k",
        "--unset-metadata",
        "coffer.ssh_fingerprint",
    ])
    .code(2);
}
