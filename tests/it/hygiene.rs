//! Rotation policies and secret hygiene (issue 11): `--rotate-every` /
//! `--notify-before`, the next rotation date, `secrets:list --due /
//! --overdue / --unused-for`, `coffer check` and `secrets:rotate --due`.
//! Time is a fixed clock (`run_at`, libfaketime), never slept through.

use crate::common::{Env, Run, run_command, versions};

const T0: &str = "2030-01-01 00:00:00";

fn at(days: u32) -> String {
    // Days after T0, within January to March 2030.
    let (month, day) = match days {
        0..=30 => (1, days + 1),
        31..=58 => (2, days - 30),
        _ => (3, days - 58),
    };
    assert!(month < 3 || day <= 31, "{days} days is past March");
    format!("2030-{month:02}-{day:02} 00:00:00")
}

fn verify_ok(env: &Env) {
    env.run(&["audit:verify"]).ok();
}

fn names(run: &Run) -> Vec<String> {
    run.out().lines().map(str::to_owned).collect()
}

fn list_at(env: &Env, time: &str, filter: &[&str]) -> Vec<String> {
    let mut args = vec!["secrets:list", "--names-only"];
    args.extend_from_slice(filter);
    names(&env.run_at(time, &args).ok())
}

fn listed(env: &Env, time: &str, name: &str) -> serde_json::Value {
    let all = env
        .run_at(
            time,
            &["secrets:list", "--format", "json", "--include-disabled"],
        )
        .ok()
        .json();
    all.as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not listed"))
        .clone()
}

#[test]
fn bad_policies_are_refused_and_change_nothing() {
    let env = Env::with_vault();
    let rows = env.audit_rows(&[]).len();
    for (args, says) in [
        (
            vec!["--rotate-every", "0d"],
            "invalid --rotate-every \"0d\"",
        ),
        (
            vec!["--rotate-every", "banana"],
            "invalid --rotate-every \"banana\"",
        ),
        (
            vec!["--notify-before", "banana", "--rotate-every", "30d"],
            "invalid --notify-before",
        ),
        (
            vec!["--rotate-every", "7d", "--notify-before", "7d"],
            "must be shorter than the rotation period",
        ),
        (
            vec!["--rotate-every", "7d", "--notify-before", "8d"],
            "must be shorter than the rotation period",
        ),
        (
            vec!["--notify-before", "7d"],
            "--notify-before needs a rotation period",
        ),
    ] {
        let mut full = vec!["secrets:create", "A", "v"];
        full.extend(args);
        env.run(&full).code(2).stderr_has(says);
    }
    assert!(names(&env.run(&["secrets:list", "--names-only"]).ok()).is_empty());
    assert_eq!(
        env.audit_rows(&[]).len(),
        rows + 1,
        "only the listing was recorded"
    );

    env.run(&["secrets:create", "A", "v"]).ok();
    env.run(&["secrets:update", "A", "--notify-before", "1d"])
        .code(2)
        .stderr_has("--notify-before needs a rotation period");
    env.run(&[
        "secrets:update",
        "A",
        "--rotate-every",
        "30d",
        "--notify-before",
        "7d",
    ])
    .ok();
    // A shorter period than the window already set.
    env.run(&["secrets:update", "A", "--rotate-every", "5d"])
        .code(2)
        .stderr_has("the notify window (7d) must be shorter than the rotation period (5d)");
    env.run(&["secrets:update", "A", "--notify-before", "30d"])
        .code(2);
    env.run(&[
        "secrets:update",
        "A",
        "--no-rotation",
        "--rotate-every",
        "5d",
    ])
    .code(2);
    // Asking for the policy it has changes nothing.
    env.run(&["secrets:update", "A", "--rotate-every", "30d"])
        .code(2)
        .stderr_has("nothing to update");
    let a = env.run(&["secrets:list", "--format", "json"]).ok().json();
    assert_eq!(a[0]["rotate_every"], "30d");
    assert_eq!(a[0]["notify_before"], "7d");
    verify_ok(&env);
}

#[test]
fn the_next_rotation_follows_the_last_value_change() {
    let env = Env::with_vault();
    env.run_at(
        T0,
        &[
            "secrets:create",
            "A",
            "v1",
            "--rotate-every",
            "30d",
            "--notify-before",
            "7d",
        ],
    )
    .ok();
    let next = |time: &str| listed(&env, time, "A")["next_rotation_at"].clone();
    assert_eq!(next(&at(0)), "2030-01-31T00:00:00Z");
    assert_eq!(listed(&env, &at(0), "A")["rotation"], "ok");
    // Facts that are not the value do not move it.
    env.run_at(&at(3), &["secrets:update", "A", "--add-tag", "x"])
        .ok();
    assert_eq!(next(&at(3)), "2030-01-31T00:00:00Z");
    // Every kind of value change does.
    env.run_at(&at(5), &["secrets:update", "A", "v2"]).ok();
    assert_eq!(next(&at(5)), "2030-02-05T00:00:00Z");
    env.run_at(&at(6), &["secrets:rotate", "A", "v3"]).ok();
    assert_eq!(next(&at(6)), "2030-02-06T00:00:00Z");
    env.run_at(&at(8), &["secrets:rollback", "A"]).ok();
    assert_eq!(next(&at(8)), "2030-02-08T00:00:00Z");
    // A new period counts from the last change too.
    env.run_at(&at(9), &["secrets:update", "A", "--rotate-every", "10d"])
        .ok();
    assert_eq!(next(&at(9)), "2030-01-19T00:00:00Z");
    assert_eq!(listed(&env, &at(9), "A")["notify_before"], "7d");
    // secrets:versions shows it on the current version.
    let v = env
        .run_at(&at(9), &["secrets:versions", "A", "--format", "json"])
        .ok()
        .json();
    let v = v.as_array().unwrap();
    assert_eq!(v.len(), 4);
    assert!(v[..3].iter().all(|v| v["next_rotation_at"].is_null()));
    assert_eq!(v[3]["next_rotation_at"], "2030-01-19T00:00:00Z");
    let table = env.run_at(&at(9), &["secrets:versions", "A"]).ok().out();
    assert!(
        table.contains("ROTATION") && table.contains("2030-01-19T00:00:00Z"),
        "{table}"
    );
    let table = env.run_at(&at(12), &["secrets:list"]).ok().out();
    assert!(table.contains("2030-01-19T00:00:00Z (due)"), "{table}");
    // --no-rotation removes it.
    env.run_at(&at(10), &["secrets:update", "A", "--no-rotation"])
        .ok();
    let a = listed(&env, &at(10), "A");
    assert!(
        a["next_rotation_at"].is_null() && a["rotate_every"].is_null() && a["rotation"].is_null()
    );
    // Policy changes are audited changes of the secret, bound to the log,
    // and they replay from the journal: fold it and read again.
    let changed: Vec<String> = env
        .audit_rows(&["--secret", "A", "--action", "updated"])
        .iter()
        .map(|r| r["details"]["changed"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(changed, ["tags", "value", "rotation", "rotation"]);
    env.run(&["vault:compact"]).ok();
    env.run_at(&at(11), &["secrets:update", "A", "--rotate-every", "20d"])
        .ok();
    assert_eq!(
        listed(&env, &at(11), "A")["next_rotation_at"],
        "2030-01-29T00:00:00Z"
    );
    verify_ok(&env);
}

/// A due in the notify window at day 24, B overdue since day 10, C without
/// a policy, D disabled and overdue, E deleted and overdue.
fn rotation_vault() -> Env {
    let env = Env::with_vault();
    for args in [
        &[
            "secrets:create",
            "A",
            "a1",
            "--rotate-every",
            "30d",
            "--notify-before",
            "7d",
            "--tags",
            "t",
        ][..],
        &[
            "secrets:create",
            "B",
            "b1",
            "--rotate-every",
            "10d",
            "--tags",
            "t",
        ],
        &["secrets:create", "C", "c1", "--tags", "t"],
        &["secrets:create", "D", "d1", "--rotate-every", "10d"],
        &["secrets:create", "E", "e1", "--rotate-every", "10d"],
        &["secrets:disable", "D"],
        &["secrets:delete", "E"],
    ] {
        env.run_at(T0, args).ok();
    }
    env
}

#[test]
fn list_finds_due_overdue_and_unused_secrets() {
    let env = rotation_vault();
    assert!(list_at(&env, &at(5), &["--due"]).is_empty());
    // D is disabled: listed (with its state), and due all the same.
    assert_eq!(list_at(&env, &at(12), &["--due"]), ["B", "D"]);
    assert_eq!(list_at(&env, &at(24), &["--due"]), ["A", "B", "D"]);
    assert_eq!(
        list_at(&env, &at(24), &["--due", "--state", "active"]),
        ["A", "B"]
    );
    assert_eq!(list_at(&env, &at(24), &["--overdue"]), ["B", "D"]);
    assert_eq!(
        list_at(&env, &at(24), &["--due", "--include-disabled"]),
        ["A", "B", "D"]
    );
    assert_eq!(list_at(&env, &at(31), &["--overdue"]), ["A", "B", "D"]);
    // Filters combine.
    env.run_at(&at(1), &["secrets:update", "B", "--remove-tag", "t"])
        .ok();
    assert_eq!(list_at(&env, &at(24), &["--due", "--tag", "t"]), ["A"]);
    assert_eq!(list_at(&env, &at(24), &["--due", "--prefix", "B"]), ["B"]);
    let json = env
        .run_at(&at(24), &["secrets:list", "--due", "--format", "json"])
        .ok()
        .json();
    let states: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["rotation"].as_str().unwrap()))
        .collect();
    assert_eq!(states, [("A", "due"), ("B", "overdue"), ("D", "overdue")]);

    // Unused: A read on day 1, B never read (nor D, disabled), F created on
    // day 80.
    env.run_at(&at(1), &["secrets:get", "A"]).ok();
    env.run_at(&at(80), &["secrets:create", "F", "f1"]).ok();
    let day100 = "2030-04-11 00:00:00";
    assert_eq!(
        list_at(&env, day100, &["--unused-for", "90d"]),
        ["A", "B", "C", "D"]
    );
    assert_eq!(
        list_at(&env, day100, &["--unused-for", "120d"]),
        Vec::<String>::new()
    );
    env.run_at("2030-04-05 00:00:00", &["secrets:get", "A"])
        .ok();
    assert_eq!(
        list_at(&env, day100, &["--unused-for", "90d"]),
        ["B", "C", "D"]
    );
    assert_eq!(
        list_at(&env, day100, &["--unused-for", "90d", "--overdue"]),
        ["B", "D"]
    );
    assert_eq!(
        list_at(&env, day100, &["--unused-for", "10d"]),
        ["B", "C", "D", "F"]
    );
    env.run(&["secrets:list", "--unused-for", "0d"]).code(2);
    env.run(&["secrets:list", "--unused-for", "banana"]).code(2);

    // status counts them (due includes overdue).
    let s = env
        .run_at(&at(24), &["status", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        (s["rotation_due"].as_i64(), s["rotation_overdue"].as_i64()),
        (Some(3), Some(2))
    );
    let s = env
        .run_at(&at(5), &["status", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        (s["rotation_due"].as_i64(), s["rotation_overdue"].as_i64()),
        (Some(0), Some(0))
    );
    let table = env.run_at(&at(24), &["status"]).ok().out();
    assert!(
        table.contains("rotation due        3 (2 overdue)"),
        "{table}"
    );
    verify_ok(&env);
}

fn check_at(env: &Env, time: &str, args: &[&str]) -> Run {
    let mut full = vec!["check"];
    full.extend_from_slice(args);
    env.run_at(time, &full)
}

fn findings(report: &serde_json::Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["category"].as_str().unwrap().to_owned(),
                f["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn check_reports_what_needs_care_and_exits_by_fail_on() {
    let env = rotation_vault();
    env.run_at(T0, &["secrets:create", "X", "x1", "--expires-in", "3d"])
        .ok();
    env.run_at(T0, &["secrets:create", "Y", "y1", "--expires-in", "40d"])
        .ok();

    // Day 1: nothing within a day; X and Y expire within 60 days.
    let clean = check_at(&env, &at(1), &["--expiring-within", "1d"]).ok();
    assert_eq!(clean.out(), "nothing needs attention\n");
    let run = check_at(
        &env,
        &at(1),
        &["--expiring-within", "60d", "--format", "json"],
    )
    .ok();
    let r = run.json();
    assert_eq!(
        findings(&r),
        [
            ("expiring".into(), "X".into()),
            ("expiring".into(), "Y".into())
        ]
    );
    assert_eq!(r["failed"], false);

    // Day 24: X expired, A due, B and D overdue (D disabled: still in the
    // report; E deleted: not), Y expiring within 30 days.
    let run = check_at(&env, &at(24), &["--format", "json"]).code(1);
    assert!(
        run.stderr
            .contains("error: the check failed: 1 expired, 2 overdue"),
        "{}",
        run.stderr
    );
    let r = run.json();
    assert_eq!(
        findings(&r),
        [
            ("expired".into(), "X".into()),
            ("expiring".into(), "Y".into()),
            ("overdue".into(), "B".into()),
            ("overdue".into(), "D".into()),
            ("due".into(), "A".into()),
        ]
    );
    assert_eq!(r["checked_at"], "2030-01-25T00:00:00Z");
    assert_eq!(r["fail_on"], serde_json::json!(["expired", "overdue"]));
    assert_eq!(r["counts"]["overdue"], 2);
    assert_eq!(r["counts"]["disabled_read"], 0);
    assert_eq!(r["findings"][0]["at"], "2030-01-04T00:00:00Z");
    assert_eq!(r["findings"][4]["at"], "2030-01-31T00:00:00Z");
    assert!(r["findings"][0]["attempts"].is_null());
    assert_eq!(r["failed"], true);
    let table = check_at(&env, &at(24), &[]).code(1).out();
    assert!(
        table.contains("overdue   B     2030-01-11T00:00:00Z"),
        "{table}"
    );

    // --fail-on picks what fails.
    check_at(&env, &at(24), &["--fail-on", "unused"]).ok();
    check_at(&env, &at(24), &["--fail-on", "due"])
        .code(1)
        .stderr_has("1 due");
    check_at(&env, &at(24), &["--fail-on", "expiring,disabled-read"]).code(1);
    check_at(&env, &at(24), &["--fail-on", "banana"]).code(2);
    check_at(&env, &at(24), &["--expiring-within", "0d"]).code(2);

    // Unused only with --unused-for; never-read secrets older than it count.
    let r = check_at(
        &env,
        &at(24),
        &[
            "--unused-for",
            "20d",
            "--fail-on",
            "unused",
            "--format",
            "json",
        ],
    )
    .code(1)
    .json();
    let unused: Vec<String> = findings(&r)
        .into_iter()
        .filter(|(c, _)| c == "unused")
        .map(|(_, n)| n)
        .collect();
    assert_eq!(unused, ["A", "B", "C", "D", "X", "Y"]);
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["category"] == "unused" && f["at"].is_null())
    );

    // Each check is audited with its counts, never names.
    let row = env.audit_rows(&["--action", "checked"]).pop().unwrap();
    assert_eq!(row["details"]["unused"], "6");
    assert!(!row.to_string().contains("\"X\""), "{row}");
    verify_ok(&env);
}

#[test]
fn disabled_secrets_read_before_the_disable_are_not_reported() {
    // Reads before a disable are no finding; the refused read after it is
    // audited as `denied` and counts as one attempt.
    let env = Env::with_vault();
    env.run_at(T0, &["secrets:create", "OLD", "v"]).ok();
    env.run_at(&at(1), &["secrets:get", "OLD"]).ok();
    env.run_at(&at(2), &["secrets:disable", "OLD"]).ok();
    env.run_at(&at(3), &["secrets:get", "OLD"]).code(4);
    let r = check_at(&env, &at(3), &["--format", "json"]).ok().json();
    assert_eq!(r["counts"]["disabled_read"], 1);
    let f = &r["findings"].as_array().unwrap()[0];
    assert_eq!((&f["name"], &f["attempts"]), (&"OLD".into(), &1.into()));
    assert_eq!(r["recent"], "30d");
}

#[test]
fn the_notify_command_gets_the_report_when_something_needs_attention() {
    let env = rotation_vault();
    let report = env.path("report.json");
    let script = format!("cat > '{}'", report.display());
    // Clean: not run.
    check_at(&env, &at(1), &["--notify-command", &script]).ok();
    assert!(!report.exists());
    assert!(env.audit_rows(&["--action", "notified"]).is_empty());

    // Something to report: run with the JSON report on stdin; recorded.
    let run = check_at(
        &env,
        &at(24),
        &["--notify-command", &script, "--fail-on", "expired"],
    )
    .ok();
    let sent: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(
        findings(&sent),
        [
            ("overdue".into(), "B".into()),
            ("overdue".into(), "D".into()),
            ("due".into(), "A".into())
        ]
    );
    let text = std::fs::read_to_string(&report).unwrap();
    for value in ["a1", "b1", "d1"] {
        assert!(!text.contains(&format!("\"{value}\"")), "{text}");
    }
    assert!(run.out().contains("overdue"));
    let rows = env.audit_rows(&["--action", "notified"]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["details"]["status"], "0");
    assert_eq!(rows[0]["details"]["findings"], "3");

    // Its stdout goes to stderr, not into the report on stdout.
    let run = check_at(
        &env,
        &at(24),
        &[
            "--notify-command",
            "echo from-notify",
            "--fail-on",
            "expired",
            "--format",
            "json",
        ],
    )
    .ok();
    run.json();
    assert!(run.stderr.contains("from-notify"), "{}", run.stderr);

    // A failing command: a warning and exit 1, recorded with its status.
    check_at(
        &env,
        &at(24),
        &["--notify-command", "exit 3", "--fail-on", "expired"],
    )
    .code(1)
    .stderr_has("warning: the notify command failed (exit 3)");
    let rows = env.audit_rows(&["--action", "notified"]);
    assert_eq!(rows.last().unwrap()["details"]["status"], "3");
    // One that hangs is killed after --timeout.
    check_at(
        &env,
        &at(24),
        &[
            "--notify-command",
            "sleep 30",
            "--timeout",
            "1s",
            "--fail-on",
            "expired",
        ],
    )
    .code(1)
    .stderr_has("ran longer than 1s");
    assert_eq!(
        env.audit_rows(&["--action", "notified"]).last().unwrap()["details"]["status"],
        "timeout"
    );
    verify_ok(&env);
}

/// `secrets:get NAME` as bytes.
fn value(env: &Env, name: &str) -> Vec<u8> {
    env.run(&["secrets:get", name, "-n"]).ok().stdout
}

#[test]
fn rotate_due_with_a_generator_rotates_exactly_what_is_due() {
    let env = rotation_vault();
    env.run_at(&at(24), &["secrets:rotate", "--due"])
        .code(2)
        .stderr_has("--due needs --generate or --command");
    env.run_at(&at(24), &["secrets:rotate", "--due", "A"])
        .code(2);
    env.run_at(&at(24), &["secrets:rotate", "A", "--dry-run", "--generate"])
        .code(2);
    env.run_at(&at(24), &["secrets:rotate", "A", "--dry-run"])
        .code(2);
    assert_eq!(versions(&env, "A").len(), 1);

    let dry = env
        .run_at(&at(24), &["secrets:rotate", "--due", "--dry-run"])
        .ok();
    assert_eq!(
        dry.out(),
        "would rotate A (due on 2030-01-31T00:00:00Z)\n\
         would rotate B (overdue since 2030-01-11T00:00:00Z)\n\
         would rotate D (overdue since 2030-01-11T00:00:00Z)\n"
    );
    assert_eq!(versions(&env, "A").len(), 1);

    let run = env
        .run_at(
            &at(24),
            &["secrets:rotate", "--due", "--generate", "--length", "40"],
        )
        .ok();
    assert_eq!(
        run.out(),
        "rotated A (version 2)\nrotated B (version 2)\nrotated D (version 2)\n"
    );
    for name in ["A", "B"] {
        assert_eq!(versions(&env, name)[1], (2, "rotate".to_owned()));
        let v = value(&env, name);
        assert_eq!(v.len(), 40);
        assert!(v.iter().all(u8::is_ascii_alphanumeric));
    }
    assert_eq!(versions(&env, "C").len(), 1);
    assert_eq!(
        versions(&env, "E").len(),
        1,
        "deleted secrets are not rotated"
    );
    // Nothing is due any more; the next date moved.
    assert!(list_at(&env, &at(24), &["--due", "--include-disabled"]).is_empty());
    assert_eq!(
        listed(&env, &at(24), "A")["next_rotation_at"],
        "2030-02-24T00:00:00Z"
    );
    assert_eq!(
        env.run_at(&at(24), &["secrets:rotate", "--due", "--generate"])
            .ok()
            .out(),
        "nothing is due for rotation\n"
    );
    verify_ok(&env);
}

/// A vault with A and B overdue on day 24, for rotation commands.
fn two_due() -> Env {
    let env = Env::with_vault();
    env.run_at(
        T0,
        &[
            "secrets:create",
            "A",
            "old-a-value",
            "--rotate-every",
            "10d",
        ],
    )
    .ok();
    env.run_at(
        T0,
        &[
            "secrets:create",
            "B",
            "old-b-value",
            "--rotate-every",
            "10d",
        ],
    )
    .ok();
    env
}

fn rotate_with(env: &Env, script: &str, extra: &[&str]) -> Run {
    let mut args = vec!["secrets:rotate", "--due", "--command", script];
    args.extend_from_slice(extra);
    env.run_at(&at(24), &args)
}

#[test]
fn a_rotation_command_gets_the_old_value_on_stdin_only() {
    let env = two_due();
    let dir = env.path("dump");
    std::fs::create_dir(&dir).unwrap();
    // Each run saves its own argv, environment and stdin, then prints the
    // new value with a trailing newline (dropped, as `-` drops it).
    let script = format!(
        "d='{}'/$COFFER_SECRET_NAME; cat /proc/$$/cmdline > $d.argv; cat /proc/$$/environ > $d.env; \
         cat > $d.stdin; printf 'new-%s\\n' \"$COFFER_SECRET_NAME\"",
        dir.display()
    );
    let run = rotate_with(&env, &script, &[]).ok();
    assert_eq!(run.out(), "rotated A (version 2)\nrotated B (version 2)\n");
    // Handing the value to a rotation command is not a use: last_read_at
    // stays empty.
    assert!(listed(&env, &at(24), "A")["last_read_at"].is_null());
    for (name, old) in [("A", "old-a-value"), ("B", "old-b-value")] {
        let read = |ext: &str| std::fs::read(dir.join(format!("{name}.{ext}"))).unwrap();
        assert_eq!(read("stdin"), old.as_bytes());
        let contains = |hay: &[u8]| hay.windows(old.len()).any(|w| w == old.as_bytes());
        assert!(!contains(&read("argv")), "the old value is in argv");
        assert!(
            !contains(&read("env")),
            "the old value is in the environment"
        );
        let env_text = String::from_utf8_lossy(&read("env")).into_owned();
        assert!(
            env_text
                .split('\0')
                .any(|kv| kv == format!("COFFER_SECRET_NAME={name}"))
        );
        assert_eq!(value(&env, name), format!("new-{name}").as_bytes());
        assert_eq!(versions(&env, name)[1], (2, "rotate".to_owned()));
    }
    // Handing the old value over is an audited read, before the rotation.
    let rows = env.audit_rows(&["--secret", "A"]);
    let actions: Vec<&str> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions[..3], ["created", "piped", "rotated"]);
    assert!(rows[1]["details"]["fingerprint"].is_string());
    // A named secret can be rotated by a command too.
    env.run(&["secrets:rotate", "A", "--command", "tr a-z A-Z"])
        .ok();
    assert_eq!(value(&env, "A"), b"NEW-A");
    verify_ok(&env);
}

#[test]
fn a_failing_rotation_command_leaves_its_secret_and_the_others_go_on() {
    let env = two_due();
    let run = rotate_with(
        &env,
        "if [ \"$COFFER_SECRET_NAME\" = A ]; then echo boom >&2; exit 3; fi; printf fresh-b",
        &[],
    )
    .code(1);
    assert_eq!(run.out(), "rotated B (version 2)\n");
    assert!(
        run.stderr
            .contains("error: the rotation command for A failed (exit 3); A is unchanged"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("boom"), "the command's stderr is shown");
    assert!(
        run.stderr.contains("1 of 2 secrets was not rotated"),
        "{}",
        run.stderr
    );
    assert_eq!(versions(&env, "A").len(), 1);
    assert_eq!(value(&env, "A"), b"old-a-value");
    assert_eq!(value(&env, "B"), b"fresh-b");
    assert!(!run.stderr.contains("old-a-value"));
    verify_ok(&env);
}

#[test]
fn a_hanging_rotation_command_is_killed_after_the_timeout() {
    let env = two_due();
    let started = std::time::Instant::now();
    let run = rotate_with(
        &env,
        "if [ \"$COFFER_SECRET_NAME\" = A ]; then sleep 30; fi; printf fresh-b",
        &["--timeout", "1s"],
    )
    .code(1)
    .stderr_has("the rotation command for A ran longer than 1s; it was killed and A is unchanged");
    // Killed, not waited for (sleep 30 would take 30 s).
    assert!(started.elapsed() < std::time::Duration::from_secs(25));
    assert_eq!(run.out(), "rotated B (version 2)\n");
    assert_eq!(value(&env, "A"), b"old-a-value");
    env.run(&[
        "secrets:rotate",
        "--due",
        "--command",
        "true",
        "--timeout",
        "0s",
    ])
    .code(2);
    verify_ok(&env);
}

#[test]
fn rotation_commands_that_print_nothing_too_much_or_the_same_value_change_nothing() {
    let env = two_due();
    rotate_with(&env, "cat > /dev/null", &[])
        .code(1)
        .stderr_has("the rotation command for A printed nothing; A is unchanged");
    rotate_with(&env, "printf '\\n'", &[])
        .code(1)
        .stderr_has("printed nothing");
    rotate_with(&env, "cat > /dev/null; head -c 1048577 /dev/zero", &[])
        .code(1)
        .stderr_has("printed more than the 1 MiB limit");
    // Printing the old value back is no rotation.
    rotate_with(&env, "cat", &[])
        .code(2)
        .stderr_has("the new value of A is the same as the current one");
    for name in ["A", "B"] {
        assert_eq!(versions(&env, name).len(), 1, "{name}");
    }
    // Exactly 1 MiB is accepted.
    rotate_with(&env, "cat > /dev/null; head -c 1048576 /dev/zero", &[]).ok();
    assert_eq!(value(&env, "A").len(), 1024 * 1024);
    verify_ok(&env);
}

#[test]
fn a_rotation_command_may_print_binary() {
    let env = two_due();
    // Binary output is kept byte for byte, trailing newline included.
    rotate_with(&env, "cat > /dev/null; printf '\\377\\000\\376\\n'", &[]).ok();
    assert_eq!(value(&env, "A"), b"\xff\x00\xfe\n");
    assert_eq!(value(&env, "B"), b"\xff\x00\xfe\n");
    let run = run_command(env.shell("coffer secrets:get A --format json"));
    assert!(run.out().contains("value_base64"), "{}", run.out());
    verify_ok(&env);
}

/// A second machine with the same identity and a copy of `a`'s vault.
fn second_clone(a: &Env) -> Env {
    let b = Env::new();
    std::fs::create_dir_all(b.identity().parent().unwrap()).unwrap();
    std::fs::copy(a.identity(), b.identity()).unwrap();
    std::fs::create_dir_all(b.path("data")).unwrap();
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(a.path("data/coffer"))
        .arg(b.path("data/coffer"))
        .status()
        .unwrap();
    assert!(copied.success());
    b
}

#[test]
fn a_policy_set_on_one_clone_replays_alike_on_another() {
    let a = Env::with_vault();
    a.run_at(T0, &["secrets:create", "A", "v"]).ok();
    let b = second_clone(&a);
    b.run(&["secrets:list"]).ok();

    a.run_at(
        &at(1),
        &[
            "secrets:update",
            "A",
            "--rotate-every",
            "30d",
            "--notify-before",
            "7d",
        ],
    )
    .ok();
    a.run_at(&at(2), &["secrets:update", "A", "--notify-before", "3d"])
        .ok();
    crate::common::merge_logs(&a, &b);
    let seen_a = listed(&a, &at(28), "A");
    let seen_b = listed(&b, &at(28), "A");
    for key in [
        "rotate_every",
        "notify_before",
        "next_rotation_at",
        "rotation",
    ] {
        assert_eq!(seen_a[key], seen_b[key], "{key}");
    }
    assert_eq!(seen_b["notify_before"], "3d");
    assert_eq!(seen_b["rotation"], "due");
    b.run(&["audit:verify"]).ok();
    verify_ok(&a);
}

#[test]
fn a_disabled_secret_another_clone_still_read_is_reported() {
    let a = Env::with_vault();
    a.run_at(T0, &["secrets:create", "OLD", "v"]).ok();
    a.run_at(T0, &["secrets:create", "KEPT", "k"]).ok();
    let b = second_clone(&a);
    // A disables OLD; B, not knowing, reads it twice afterwards. After the
    // merge, B's reads may stand before or after the disable in the log
    // (the order of concurrent records); they happened after it.
    a.run_at(&at(1), &["secrets:disable", "OLD"]).ok();
    b.run_at(&at(2), &["secrets:get", "OLD"]).ok();
    b.run_at(&at(3), &["secrets:get", "OLD"]).ok();
    b.run_at(&at(3), &["secrets:get", "KEPT"]).ok();
    crate::common::merge_logs(&a, &b);
    let r = check_at(
        &b,
        &at(4),
        &["--format", "json", "--fail-on", "disabled-read"],
    )
    .code(1)
    .json();
    let found: Vec<&serde_json::Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["category"] == "disabled_read")
        .collect();
    assert_eq!(found.len(), 1, "{r}");
    assert_eq!(found[0]["name"], "OLD");
    assert_eq!(found[0]["at"], "2030-01-04T00:00:00Z");
    assert_eq!(found[0]["attempts"], 2);
    let table = check_at(&b, &at(4), &[]).ok().out();
    assert!(
        table
            .contains("disabled-read  OLD   2030-01-04T00:00:00Z (last of 2 reads since disabled)"),
        "{table}"
    );
    // Only within --recent.
    let r = check_at(&b, "2030-03-01 00:00:00", &["--format", "json"])
        .ok()
        .json();
    assert_eq!(r["counts"]["disabled_read"], 0);
    // Reads before a new disable do not count.
    b.run_at(&at(5), &["secrets:enable", "OLD"]).ok();
    b.run_at(&at(6), &["secrets:disable", "OLD"]).ok();
    let r = check_at(&b, &at(6), &["--format", "json"]).ok().json();
    assert_eq!(r["counts"]["disabled_read"], 0);
    b.run(&["audit:verify"]).ok();
}

/// A rotation command may change the credential outside the vault before it
/// prints the new value: a SIGTERM (or a Ctrl-C, which its own process
/// group does not get) to coffer meanwhile is passed on to the command,
/// and coffer stores what it printed before stopping.
#[test]
fn a_signal_during_a_rotation_command_is_passed_on_and_its_value_kept() {
    let env = Env::with_vault();
    env.run(&["secrets:create", "K", "old"]).ok();
    let started = env.path("started");
    let script = format!(
        "trap 'echo new-after-term; exit 0' TERM; touch {}; sleep 20 & wait",
        started.display()
    );
    let mut child = env
        .cmd(&[
            "secrets:rotate",
            "K",
            "--command",
            &script,
            "--timeout",
            "30s",
        ])
        .spawn()
        .unwrap();
    let t = std::time::Instant::now();
    while !started.exists() {
        assert!(
            t.elapsed() < std::time::Duration::from_secs(20),
            "the command never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert_eq!(
        env.run(&["secrets:get", "K"]).ok().out(),
        "new-after-term\n"
    );
    verify_ok(&env);
}
