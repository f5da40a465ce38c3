//! Everyday commands: the value prompt (twice, on a real terminal),
//! `secrets:list` states, refused reads recorded as `denied`, generated
//! values, `secrets:rename` and `secrets:search`. Each new command is
//! followed by `audit:verify`.

use crate::common::{self, Env, have_script, run_command};

fn audit_ok(env: &Env) {
    let report = env.run(&["audit:verify", "--format", "json"]).ok().json();
    assert_eq!(report["status"], "ok", "{report}");
}

/// Run `coffer ARGS` on a real terminal (a pty `script` holds) and type
/// `typed` at it; returns what the terminal showed.
fn typed_at_terminal(env: &Env, args: &str, typed: &str) -> common::Run {
    run_command(env.shell(&format!(
        "printf '{typed}' | script -qec 'coffer {args}' /dev/null"
    )))
}

// --- 1. the value prompt ---

#[test]
fn update_on_a_terminal_prompts_for_the_new_value_twice() {
    if !have_script() {
        return;
    }
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    let run = typed_at_terminal(&env, "secrets:update A", "two\\ntwo\\n").ok();
    let shown = run.out();
    assert!(shown.contains("Value for A: "), "{shown:?}");
    assert!(shown.contains("Value for A again: "), "{shown:?}");
    assert!(shown.contains("updated A (version 2; value)"), "{shown:?}");
    assert_eq!(env.run(&["secrets:get", "A"]).ok().out(), "two\n");
    audit_ok(&env);
}

#[test]
fn a_mismatched_confirmation_is_refused_for_create_update_and_rotate() {
    if !have_script() {
        return;
    }
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    let before = env.vault_state();
    for args in ["secrets:create B", "secrets:update A", "secrets:rotate A"] {
        let run = typed_at_terminal(&env, args, "first\\nfirts\\n");
        assert_eq!(run.code, 2, "{args}: {}", run.out());
        let shown = run.out();
        assert!(
            shown.contains("differ; nothing was changed"),
            "{args}: {shown:?}"
        );
        assert!(shown.contains("--no-confirm"), "{args}: {shown:?}");
        assert_eq!(env.vault_state(), before, "{args} changed the vault");
    }
    // The same value twice goes through.
    typed_at_terminal(&env, "secrets:create B", "bee\\nbee\\n").ok();
    typed_at_terminal(&env, "secrets:rotate A", "r2\\nr2\\n").ok();
    assert_eq!(env.run(&["secrets:get", "B"]).ok().out(), "bee\n");
    assert_eq!(env.run(&["secrets:get", "A"]).ok().out(), "r2\n");
    audit_ok(&env);
}

#[test]
fn no_confirm_asks_once() {
    if !have_script() {
        return;
    }
    let env = Env::with_vault();
    let run = typed_at_terminal(&env, "secrets:create A --no-confirm", "only\\n").ok();
    assert!(!run.out().contains("again"), "{}", run.out());
    assert_eq!(env.run(&["secrets:get", "A"]).ok().out(), "only\n");
    // --no-confirm means nothing when no prompt can come.
    env.run(&["secrets:update", "A", "v", "--no-confirm"])
        .code(2);
}

#[test]
fn update_with_nothing_off_a_terminal_says_what_to_give() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    env.run(&["secrets:update", "A"])
        .code(2)
        .stderr_has("nothing to update: no new value or change given for A")
        .stderr_has("hint: give VALUE");
    // A fact change alone never prompts.
    env.run(&["secrets:update", "A", "--add-tag", "t"]).ok();
}

// --- 2. list states ---

fn states_env() -> Env {
    let env = Env::with_vault();
    let at = "2030-01-01 00:00:00";
    env.run_at(at, &["secrets:create", "ACTIVE", "v"]).ok();
    env.run_at(at, &["secrets:create", "OFF", "v"]).ok();
    env.run_at(at, &["secrets:disable", "OFF"]).ok();
    env.run_at(
        at,
        &[
            "secrets:create",
            "LATER",
            "v",
            "--activates-at",
            "2031-01-01",
        ],
    )
    .ok();
    env.run_at(
        at,
        &["secrets:create", "OLD", "v", "--expires-at", "2030-01-01"],
    )
    .ok();
    env.run_at(at, &["secrets:create", "GONE", "v"]).ok();
    env.run_at(at, &["secrets:delete", "GONE"]).ok();
    env
}

fn listed(env: &Env, extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["secrets:list", "--format", "json"];
    args.extend_from_slice(extra);
    let v = env.run_at("2030-06-01 00:00:00", &args).ok().json();
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_owned(),
                s["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn list_shows_every_state_but_deleted_and_filters_by_state() {
    let env = states_env();
    assert_eq!(
        listed(&env, &[]),
        pairs(&[
            ("ACTIVE", "active"),
            ("LATER", "pending"),
            ("OFF", "disabled"),
            ("OLD", "expired")
        ])
    );
    assert_eq!(
        listed(&env, &["--state", "disabled", "--state", "pending"]),
        pairs(&[("LATER", "pending"), ("OFF", "disabled")])
    );
    assert_eq!(
        listed(&env, &["--state", "deleted"]),
        pairs(&[("GONE", "deleted")])
    );
    assert_eq!(listed(&env, &["--deleted"]).len(), 5);
    assert_eq!(
        listed(&env, &["--deleted", "--state", "active"]),
        pairs(&[("ACTIVE", "active")])
    );
    // The old flags still work, and are no longer shown in --help.
    assert_eq!(
        listed(&env, &["--include-disabled", "--include-deleted"]).len(),
        5
    );
    let help = env.run(&["secrets:list", "--help"]).ok().out();
    assert!(!help.contains("--include-"), "{help}");
    assert!(help.contains("--state <STATE>"), "{help}");
    // TSV carries the state in its own column (the rotation date is last).
    let tsv = env
        .run_at("2030-06-01 00:00:00", &["secrets:list", "--format", "tsv"])
        .ok()
        .out();
    assert!(
        tsv.lines()
            .any(|l| l.starts_with("OFF\t") && l.ends_with("\tdisabled\t-")),
        "{tsv}"
    );
    env.run(&["secrets:list", "--state", "gone"])
        .code(2)
        .stderr_has("invalid value 'gone'");
}

// --- 3. denied reads, and refusals that name the intent ---

#[test]
fn a_refused_read_is_recorded_as_denied_and_still_fails() {
    let env = states_env();
    let at = "2030-06-01 00:00:00";
    env.run_at(at, &["secrets:get", "OFF"])
        .code(4)
        .stderr_has("secret OFF is disabled");
    env.run_at(at, &["secrets:get", "LATER", "--version", "1"])
        .code(4)
        .stderr_has("not active until");
    // In a batch, the refusal comes before any value is read.
    env.run_at(at, &["secrets:get", "ACTIVE", "OFF"]).code(4);
    let denied = env.audit_rows(&["--action", "denied"]);
    let got: Vec<(String, String)> = denied
        .iter()
        .map(|r| {
            (
                r["target"].as_str().unwrap().to_owned(),
                r["details"]["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        pairs(&[
            ("OFF", "disabled"),
            ("LATER", "pending"),
            ("OFF", "disabled")
        ])
    );
    assert_eq!(denied[1]["version"], 1);
    assert!(
        env.audit_rows(&["--action", "accessed"]).is_empty(),
        "a value was recorded as read"
    );
    // Deleted and unknown names are not found, and record nothing.
    env.run_at(at, &["secrets:get", "GONE"]).code(3);
    env.run_at(at, &["secrets:get", "NOPE"]).code(3);
    assert_eq!(env.audit_rows(&["--action", "denied"]).len(), 3);
    audit_ok(&env);
    // --read-only records nothing, and still refuses.
    env.run_at(at, &["--read-only", "secrets:get", "OFF"])
        .code(4);
    assert_eq!(env.audit_rows(&["--action", "denied"]).len(), 3);
}

#[test]
fn an_older_copy_of_the_vault_is_refused_for_what_the_command_means_to_do() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v"]).ok();
    let old = env.vault_state();
    env.run(&["secrets:create", "B", "v"]).ok();
    env.restore(&old);
    env.run(&["secrets:get", "A"])
        .code(6)
        .stderr_has("error: refusing to read: ")
        .stderr_has("hint: no value was read");
    // Every command that reads values says so (versions and diff
    // fingerprint and compare values; export, run, inject and scan print
    // or pass them on).
    std::fs::write(env.path("t.tpl"), "{{ A }}\n").unwrap();
    for args in [
        &["secrets:versions", "A"][..],
        &["secrets:diff", "A", "--from", "1"],
        &["export"],
        &["inject", "-i", "t.tpl"],
        &["run", "A", "--", "true"],
        &["scan", "."],
    ] {
        let run = env.run(args).code(6);
        assert!(
            run.stderr.contains("error: refusing to read: "),
            "{args:?}: {}",
            run.stderr
        );
    }
    env.run(&["check"])
        .code(6)
        .stderr_has("error: refusing to list secrets: ");
    env.run(&["secrets:list"])
        .code(6)
        .stderr_has("error: refusing to list secrets: ");
    env.run(&["secrets:search", "A"])
        .code(6)
        .stderr_has("error: refusing to list secrets: ");
    env.run(&["secrets:update", "A", "w"])
        .code(6)
        .stderr_has("error: refusing to write: ")
        .stderr_has("hint: nothing was changed");
}

// --- 4. generated values ---

fn value(env: &Env, name: &str) -> String {
    let out = env.run(&["secrets:get", name]).ok().out();
    out.strip_suffix('\n').unwrap().to_owned()
}

#[test]
fn generate_draws_from_the_asked_characters_or_words() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "DEFAULT", "--generate"]).ok();
    let v = value(&env, "DEFAULT");
    assert_eq!(v.len(), 32);
    assert!(v.chars().all(|c| c.is_ascii_alphanumeric()), "{v}");

    env.run(&[
        "secrets:create",
        "HEX",
        "--generate",
        "--charset",
        "hex",
        "--length",
        "40",
    ])
    .ok();
    let v = value(&env, "HEX");
    assert_eq!(v.len(), 40);
    assert!(
        v.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
        "{v}"
    );

    env.run(&[
        "secrets:create",
        "PIN",
        "--generate",
        "--charset",
        "0123456789",
        "--length",
        "8",
    ])
    .ok();
    assert!(value(&env, "PIN").chars().all(|c| c.is_ascii_digit()));

    env.run(&[
        "secrets:create",
        "SYM",
        "--generate",
        "--symbols",
        "--length",
        "200",
    ])
    .ok();
    let v = value(&env, "SYM");
    assert!(v.chars().any(|c| c.is_ascii_punctuation()), "{v}");
    assert!(!v.contains(['\'', '"', '\\', '`', ' ']), "{v}");

    env.run(&[
        "secrets:create",
        "PHRASE",
        "--generate",
        "--words",
        "5",
        "--separator",
        ".",
    ])
    .ok();
    let v = value(&env, "PHRASE");
    assert_eq!(v.split('.').count(), 5, "{v}");
    assert!(
        v.chars()
            .all(|c| c.is_ascii_lowercase() || c == '.' || c == '-'),
        "{v}"
    );

    env.run(&["secrets:create", "SIX", "--generate", "--words"])
        .ok();
    assert!(value(&env, "SIX").split('-').count() >= 6);

    env.run(&["secrets:rotate", "SIX", "--generate", "--words", "7"])
        .ok();
    env.run(&["secrets:update", "HEX", "--generate", "--charset", "base32"])
        .ok();
    assert_eq!(value(&env, "HEX").len(), 32);
    audit_ok(&env);
    let help = env.run(&["secrets:create", "--help"]).ok().out();
    assert!(
        help.contains("190 bits") && help.contains("12.9 bits"),
        "{help}"
    );
}

#[test]
fn bad_generate_options_are_refused_before_anything_runs() {
    let env = Env::with_vault();
    let before = env.vault_state();
    for (args, says) in [
        (&["--charset", ""][..], "it is empty"),
        (&["--charset", "a"], "at least two different characters"),
        (&["--charset", "ab c"], "whitespace"),
        (&["--words", "0"], "0 is not in 1..=64"),
        (&["--words", "65"], "65 is not in 1..=64"),
        (&["--words", "3", "--length", "12"], "cannot be used with"),
        (&["--words", "3", "--charset", "hex"], "cannot be used with"),
        (&["--words", "3", "--symbols"], "cannot be used with"),
        (&["--length", "7"], "7 is not in 8..=1024"),
    ] {
        let mut full = vec!["secrets:create", "X", "--generate"];
        full.extend_from_slice(args);
        env.run(&full).code(2).stderr_has(says);
    }
    env.run(&["secrets:create", "X", "--charset", "hex"])
        .code(2)
        .stderr_has("--generate");
    env.run(&["secrets:create", "X", "--generate", "--separator", "."])
        .code(2)
        .stderr_has("--words");
    env.run(&[
        "secrets:create",
        "X",
        "--generate",
        "--words",
        "2",
        "--separator",
        "\t",
    ])
    .code(2)
    .stderr_has("control character");
    assert_eq!(env.vault_state(), before);
}

// --- 5. rename ---

/// A second machine of the same person, holding a copy of `env`'s vault
/// files as they are now.
fn copy_of(env: &Env) -> Env {
    let other = Env::new();
    std::fs::create_dir_all(other.identity().parent().unwrap()).unwrap();
    std::fs::copy(env.identity(), other.identity()).unwrap();
    std::fs::create_dir_all(other.journal_dir()).unwrap();
    std::fs::copy(env.vault(), other.vault()).unwrap();
    for log in std::fs::read_dir(env.journal_dir()).unwrap() {
        let log = log.unwrap().path();
        std::fs::copy(&log, other.journal_dir().join(log.file_name().unwrap())).unwrap();
    }
    other
}

#[test]
fn rename_moves_versions_tags_metadata_and_history() {
    let env = Env::with_vault();
    env.run(&[
        "secrets:create",
        "OLD",
        "v1",
        "--tags",
        "a,b",
        "--metadata",
        "owner=ops",
        "--description",
        "the key",
    ])
    .ok();
    env.run(&["secrets:update", "OLD", "v2"]).ok();
    env.run(&["secrets:get", "OLD"]).ok();
    let other = copy_of(&env);
    env.run(&["secrets:rename", "OLD", "team/NEW"])
        .ok()
        .out()
        .contains("renamed OLD to team/NEW")
        .then_some(())
        .expect("says what it did");
    assert_eq!(value(&env, "team/NEW"), "v2");
    assert_eq!(
        env.run(&["secrets:get", "team/NEW", "--version", "1"])
            .ok()
            .out(),
        "v1\n"
    );
    assert_eq!(common::versions(&env, "team/NEW").len(), 2);
    env.run(&["secrets:get", "OLD"]).code(3);
    let names = env.run(&["secrets:list", "--names-only"]).ok().out();
    assert_eq!(names, "team/NEW\n");
    let json = env.run(&["secrets:list", "--format", "json"]).ok().json();
    assert_eq!(json[0]["tags"], serde_json::json!(["a", "b"]));
    assert_eq!(json[0]["metadata"]["owner"], "ops");
    assert_eq!(json[0]["description"], "the key");
    let row = &env.audit_rows(&["--action", "renamed"])[0];
    assert_eq!(row["target"], "team/NEW");
    assert_eq!(row["details"]["from"], "OLD");
    audit_ok(&env);
    // The renamed secret goes on as any other.
    env.run(&["secrets:update", "team/NEW", "v3", "--add-tag", "c"])
        .ok();
    env.run(&["secrets:rollback", "team/NEW", "--version", "1"])
        .ok();
    audit_ok(&env);
    // Another clone replaying the same records gets the same vault.
    common::merge_logs(&env, &other);
    assert_eq!(value(&other, "team/NEW"), "v1");
    assert_eq!(
        common::versions(&other, "team/NEW"),
        common::versions(&env, "team/NEW")
    );
    assert_eq!(
        other.run(&["secrets:list", "--names-only"]).ok().out(),
        "team/NEW\n"
    );
    audit_ok(&other);
    // The name is free again.
    env.run(&["secrets:create", "OLD", "fresh"]).ok();
    audit_ok(&env);
    // The history follows the secret through its renames, and not into
    // the new secret that took its old name.
    env.run(&["secrets:rename", "team/NEW", "team/LAST"]).ok();
    let actions = |name: &str| -> Vec<String> {
        env.audit_rows(&["--secret", name])
            .iter()
            .map(|r| {
                format!(
                    "{}:{}",
                    r["action"].as_str().unwrap(),
                    r["target"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        actions("team/LAST"),
        [
            "created:OLD",
            "updated:OLD",
            "accessed:OLD",
            "renamed:team/NEW",
            "accessed:team/NEW",
            "accessed:team/NEW",
            "listed_versions:team/NEW",
            "updated:team/NEW",
            "rolled_back:team/NEW",
            "listed_versions:team/NEW",
            "renamed:team/LAST",
        ]
    );
    assert_eq!(
        actions("OLD"),
        ["created:OLD", "updated:OLD", "accessed:OLD", "created:OLD"]
    );
    audit_ok(&env);
}

#[test]
fn rename_refuses_a_taken_name_a_missing_secret_and_bad_names() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "v"]).ok();
    env.run(&["secrets:create", "B", "v"]).ok();
    env.run(&["secrets:create", "C", "v"]).ok();
    env.run(&["secrets:delete", "C"]).ok();
    let before = env.vault_state();
    env.run(&["secrets:rename", "A", "B"])
        .code(7)
        .stderr_has("a secret named B already exists; nothing was renamed");
    env.run(&["secrets:rename", "A", "C"])
        .code(7)
        .stderr_has("hint: it is deleted");
    env.run(&["secrets:rename", "C", "D"])
        .code(3)
        .stderr_has("deleted");
    env.run(&["secrets:rename", "NOPE", "D"]).code(3);
    env.run(&["secrets:rename", "A", "A"]).code(2);
    env.run(&["secrets:rename", "A", "has space"]).code(2);
    env.run(&["secrets:rename", "A"]).code(2);
    assert_eq!(env.vault_state(), before);
    audit_ok(&env);
}

// --- 6. search ---

#[test]
fn search_finds_names_tags_metadata_and_descriptions_never_values() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "payments/stripe", "sk_live_hidden"])
        .ok();
    env.run(&["secrets:create", "DB_URL", "v", "--tags", "Payments"])
        .ok();
    env.run(&[
        "secrets:create",
        "MAIL",
        "v",
        "--metadata",
        "team=PAYMENTS-core",
    ])
    .ok();
    env.run(&["secrets:create", "OTHER", "v", "--metadata", "payments=yes"])
        .ok();
    env.run(&[
        "secrets:create",
        "DOC",
        "v",
        "--description",
        "for the payment service",
    ])
    .ok();
    env.run(&["secrets:create", "GONE", "v", "--tags", "payments"])
        .ok();
    env.run(&["secrets:delete", "GONE"]).ok();
    env.run(&["secrets:disable", "DB_URL"]).ok();
    let found = env
        .run(&["secrets:search", "PayMent", "--format", "json"])
        .ok()
        .json();
    let got: Vec<(String, String)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_owned(),
                f["matched"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(","),
            )
        })
        .collect();
    assert_eq!(
        got,
        pairs(&[
            ("DB_URL", "tag"),
            ("DOC", "description"),
            ("MAIL", "metadata_value"),
            ("OTHER", "metadata_key"),
            ("payments/stripe", "name"),
        ])
    );
    assert_eq!(found[0]["state"], "disabled");
    // Values are never searched.
    let none = env.run(&["secrets:search", "sk_live"]).ok().out();
    assert_eq!(none, "NAME  TYPE  STATE  MATCHED\n");
    let with_deleted = env
        .run(&["secrets:search", "payments", "--deleted"])
        .ok()
        .out();
    assert!(
        with_deleted.contains("GONE") && with_deleted.contains("deleted"),
        "{with_deleted}"
    );
    // Audited as a listing: the count, not the text.
    let rows = env.audit_rows(&["--action", "listed"]);
    assert_eq!(rows[0]["details"]["count"], "5");
    assert!(!rows[0].to_string().contains("ayment"), "{}", rows[0]);
    audit_ok(&env);
    env.run(&["secrets:search", ""]).code(2);
    env.run(&["secrets:search", "  "]).code(2);
    env.run(&["secrets:search"]).code(2);
}

// --- 7. destroy ---

const LEAKED: &[u8] = b"LEAKED-TOKEN-4242";

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Every journal log's size, in bytes.
fn log_sizes(env: &Env) -> Vec<u64> {
    std::fs::read_dir(env.journal_dir())
        .map(|d| {
            d.map(|e| e.unwrap().metadata().unwrap().len())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
}

#[test]
fn destroy_erases_a_version_from_the_checkpoint_and_the_journal() {
    let env = Env::with_vault();
    env.run_stdin(&["secrets:create", "API_KEY", "-"], LEAKED)
        .ok();
    env.run(&["secrets:rotate", "API_KEY", "fresh"]).ok();
    env.run(&["secrets:get", "API_KEY", "--version", "1"]).ok();
    assert!(log_sizes(&env).iter().any(|&n| n > 0));
    let fingerprint = env.audit_rows(&["--action", "created"])[0]["details"]["fingerprint"]
        .as_str()
        .unwrap()
        .to_owned();
    let run = env
        .run(&["secrets:destroy", "API_KEY", "--version", "1", "--yes"])
        .ok();
    assert!(
        run.out().contains("destroyed version 1 of API_KEY"),
        "{}",
        run.out()
    );
    assert!(
        run.stderr.contains("backups, git history"),
        "{}",
        run.stderr
    );
    // The journal was folded in: no log holds a record any more, and the
    // checkpoint's image no longer holds the value's bytes.
    assert!(
        log_sizes(&env).iter().all(|&n| n == 0),
        "{:?}",
        log_sizes(&env)
    );
    let image = common::decrypt_vault(&env.vault(), &env.identity());
    assert!(
        !contains(&image, LEAKED),
        "the value is still in the checkpoint"
    );
    assert!(contains(&image, b"fresh"));
    // The version stays, shown as destroyed; the audit keeps the fingerprint.
    let versions = env
        .run(&["secrets:versions", "API_KEY", "--format", "json"])
        .ok()
        .json();
    assert_eq!(versions[0]["destroyed"], true);
    assert_eq!(versions[0]["fingerprint"], "destroyed");
    assert_eq!(versions[1]["destroyed"], false);
    let row = &env.audit_rows(&["--action", "destroyed"])[0];
    assert_eq!(row["target"], "API_KEY");
    assert_eq!(row["version"], 1);
    assert_eq!(row["details"]["fingerprint"], fingerprint.as_str());
    audit_ok(&env);
    // Reading, comparing and rolling back to it are refused (exit 3).
    env.run(&["secrets:get", "API_KEY", "--version", "1"])
        .code(3)
        .stderr_has("version 1 of API_KEY was destroyed");
    env.run(&["secrets:diff", "API_KEY", "--from", "1"]).code(3);
    env.run(&["secrets:rollback", "API_KEY", "--version", "1"])
        .code(3);
    env.run(&["secrets:rollback", "API_KEY"]).code(3);
    assert_eq!(value(&env, "API_KEY"), "fresh");
    // Again: nothing to do.
    env.run(&["secrets:destroy", "API_KEY", "--version", "1", "--yes"])
        .ok()
        .out()
        .contains("already destroyed")
        .then_some(())
        .expect("says it was already destroyed");
    env.run(&["secrets:rotate", "API_KEY", "third"]).ok();
    audit_ok(&env);
}

/// Every file under `dir` whose bytes hold `needle`: in the clear, or once
/// decrypted as coffer would decrypt it: an age file (the checkpoint, a
/// clone's own fold, a temp file a killed fold left) with the identity, each
/// record of a journal log under the vault's journal key.
fn files_holding(env: &Env, dir: &std::path::Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    let image = common::decrypt_vault(&env.vault(), &env.identity());
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("v.db"), &image).unwrap();
    let db = rusqlite::Connection::open(tmp.path().join("v.db")).unwrap();
    let meta = |key: &str| -> Vec<u8> {
        let text: String = db
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .unwrap();
        hex::decode(text).unwrap()
    };
    let vault_id: [u8; 16] = meta("vault_id").try_into().unwrap();
    let journal_key: [u8; 32] = meta("journal_key").try_into().unwrap();
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                todo.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let mut plain = vec![bytes.clone()];
            if bytes.starts_with(b"age-encryption.org/")
                || bytes.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
            {
                plain.push(decrypt_what_opens(&path, &env.identity()));
            }
            if path.extension().is_some_and(|e| e == "log") {
                let stem = path.file_stem().unwrap().to_str().unwrap();
                let device: [u8; 8] = hex::decode(stem).unwrap().try_into().unwrap();
                let log = coffer::vault::journal::read_log(&path, device).unwrap();
                for frame in &log.frames {
                    plain.push(frame.record.open(&vault_id, &journal_key).unwrap().to_vec());
                }
            }
            if plain.iter().any(|p| contains(p, needle)) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// What of the age file at `path` decrypts under `identity`: all of it, or
/// the whole chunks before where a kill cut a temp file short.
fn decrypt_what_opens(path: &std::path::Path, identity: &std::path::Path) -> Vec<u8> {
    use std::io::Read;
    let ids = age::IdentityFile::from_file(identity.to_str().unwrap().to_owned())
        .unwrap()
        .into_identities()
        .unwrap();
    let file = std::fs::File::open(path).unwrap();
    let mut out = Vec::new();
    if let Ok(dec) = age::Decryptor::new_buffered(age::armor::ArmoredReader::new(file))
        && let Ok(mut r) = dec.decrypt(ids.iter().map(|i| i.as_ref() as &dyn age::Identity))
    {
        let mut chunk = [0u8; 64 * 1024];
        while let Ok(n) = r.read(&mut chunk) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&chunk[..n]);
        }
    }
    out
}

#[test]
fn a_destroy_killed_before_its_fold_is_finished_by_running_it_again() {
    // The version's value in the journal, or folded into the checkpoint first.
    for compact_first in [false, true] {
        let env = Env::with_vault();
        env.run_stdin(&["secrets:create", "API_KEY", "-"], LEAKED)
            .ok();
        if compact_first {
            env.run(&["vault:compact"]).ok();
        }
        env.run(&["secrets:rotate", "API_KEY", "fresh"]).ok();
        let places = [env.path("data/coffer"), env.path("state")];
        let holding = |env: &Env| -> Vec<std::path::PathBuf> {
            places
                .iter()
                .flat_map(|p| files_holding(env, p, LEAKED))
                .collect()
        };
        let held = holding(&env);
        assert!(!held.is_empty(), "sanity: the search finds the value");
        let log_len = |env: &Env| -> u64 { log_sizes(env).iter().sum() };
        let before = log_len(&env);
        // Killed at the fold: RLIMIT_FSIZE leaves room for the destroy's
        // record in the log, and SIGXFSZ (not ignored: its default is to
        // kill) stops coffer at the first write past it, into the new
        // checkpoint's temp file.
        let script = format!(
            "ulimit -f {}; exec coffer secrets:destroy API_KEY --version 1 --yes",
            (before + 4096).div_ceil(512)
        );
        let run = common::run_command(env.shell(&script));
        assert_eq!(run.code, -1, "not killed: {}", run.stderr);
        assert!(
            log_len(&env) > before,
            "the destroy's record was not appended"
        );
        assert_eq!(
            holding(&env),
            held,
            "compact_first={compact_first}: the kill came after the fold"
        );
        // The rerun finishes the erase.
        let run = env
            .run(&["secrets:destroy", "API_KEY", "--version", "1", "--yes"])
            .ok();
        assert!(
            run.out()
                .contains("earlier destroy stopped before it erased the value"),
            "{}",
            run.out()
        );
        assert!(
            run.stderr.contains("backups, git history"),
            "{}",
            run.stderr
        );
        assert_eq!(
            holding(&env),
            Vec::<std::path::PathBuf>::new(),
            "compact_first={compact_first}: the value is still kept"
        );
        assert_eq!(value(&env, "API_KEY"), "fresh");
        assert_eq!(env.audit_rows(&["--action", "destroyed"]).len(), 1);
        audit_ok(&env);
        // Then there is nothing left to do, and it says so.
        let run = env
            .run(&["secrets:destroy", "API_KEY", "--version", "1", "--yes"])
            .ok();
        assert!(
            run.out().contains("already destroyed; nothing changed"),
            "{}",
            run.out()
        );
    }
}

#[test]
fn destroy_refuses_the_current_version_bad_versions_and_no_confirmation() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    env.run(&["secrets:update", "A", "two"]).ok();
    let before = env.vault_state();
    env.run(&["secrets:destroy", "A", "--version", "1"])
        .code(2)
        .stderr_has("without --yes");
    env.run(&["secrets:destroy", "A", "--version", "2", "--yes"])
        .code(2)
        .stderr_has("current version");
    env.run(&["secrets:destroy", "A", "--version", "9", "--yes"])
        .code(3);
    env.run(&["secrets:destroy", "NOPE", "--version", "1", "--yes"])
        .code(3);
    env.run(&["secrets:destroy", "A", "--version", "0", "--yes"])
        .code(2);
    env.run(&["secrets:destroy", "A", "--yes"]).code(2);
    assert_eq!(env.vault_state(), before);
    audit_ok(&env);
}

#[test]
fn destroy_asks_on_a_terminal() {
    if !have_script() {
        return;
    }
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    env.run(&["secrets:update", "A", "two"]).ok();
    let before = env.vault_state();
    let run = typed_at_terminal(&env, "secrets:destroy A --version 1", "no\\n");
    assert_eq!(run.code, 1, "{}", run.out());
    assert!(run.out().contains("Type yes"), "{}", run.out());
    assert!(run.out().contains("nothing was destroyed"), "{}", run.out());
    assert_eq!(env.vault_state(), before);
    typed_at_terminal(&env, "secrets:destroy A --version 1", "yes\\n").ok();
    assert_eq!(common::versions(&env, "A").len(), 2);
    env.run(&["secrets:get", "A", "--version", "1"]).code(3);
    audit_ok(&env);
}

#[test]
fn destroy_is_refused_in_a_vault_shared_through_git() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "A", "one"]).ok();
    env.run(&["secrets:update", "A", "two"]).ok();
    // A git work tree whose .gitattributes names coffer's drivers is a
    // shared vault (as `coffer sync` sets it up).
    run_command(env.shell(
        "git init -q data/coffer && printf 'vault.age merge=coffer\\n' > data/coffer/.gitattributes",
    ))
    .ok();
    let before = env.vault_state();
    env.run(&["secrets:destroy", "A", "--version", "1", "--yes"])
        .code(1)
        .stderr_has("shared through git")
        .stderr_has("secrets:rotate A");
    assert_eq!(env.vault_state(), before);
    assert_eq!(
        env.run(&["secrets:get", "A", "--version", "1"]).ok().out(),
        "one\n"
    );
}
