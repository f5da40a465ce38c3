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
        .run_at(time, &["secrets:list", "--format", "json", "--include-disabled"])
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
        (vec!["--rotate-every", "0d"], "invalid --rotate-every \"0d\""),
        (vec!["--rotate-every", "banana"], "invalid --rotate-every \"banana\""),
        (vec!["--notify-before", "banana", "--rotate-every", "30d"], "invalid --notify-before"),
        (vec!["--rotate-every", "7d", "--notify-before", "7d"], "must be shorter than the rotation period"),
        (vec!["--rotate-every", "7d", "--notify-before", "8d"], "must be shorter than the rotation period"),
        (vec!["--notify-before", "7d"], "--notify-before needs a rotation period"),
    ] {
        let mut full = vec!["secrets:create", "A", "v"];
        full.extend(args);
        env.run(&full).code(2).stderr_has(says);
    }
    assert!(names(&env.run(&["secrets:list", "--names-only"]).ok()).is_empty());
    assert_eq!(env.audit_rows(&[]).len(), rows + 1, "only the listing was recorded");

    env.run(&["secrets:create", "A", "v"]).ok();
    env.run(&["secrets:update", "A", "--notify-before", "1d"])
        .code(2)
        .stderr_has("--notify-before needs a rotation period");
    env.run(&["secrets:update", "A", "--rotate-every", "30d", "--notify-before", "7d"])
        .ok();
    // A shorter period than the window already set.
    env.run(&["secrets:update", "A", "--rotate-every", "5d"])
        .code(2)
        .stderr_has("the notify window (7d) must be shorter than the rotation period (5d)");
    env.run(&["secrets:update", "A", "--notify-before", "30d"]).code(2);
    env.run(&["secrets:update", "A", "--no-rotation", "--rotate-every", "5d"])
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
    env.run_at(T0, &["secrets:create", "A", "v1", "--rotate-every", "30d", "--notify-before", "7d"])
        .ok();
    let next = |time: &str| listed(&env, time, "A")["next_rotation_at"].clone();
    assert_eq!(next(&at(0)), "2030-01-31T00:00:00Z");
    assert_eq!(listed(&env, &at(0), "A")["rotation"], "ok");
    // Facts that are not the value do not move it.
    env.run_at(&at(3), &["secrets:update", "A", "--add-tag", "x"]).ok();
    assert_eq!(next(&at(3)), "2030-01-31T00:00:00Z");
    // Every kind of value change does.
    env.run_at(&at(5), &["secrets:update", "A", "v2"]).ok();
    assert_eq!(next(&at(5)), "2030-02-05T00:00:00Z");
    env.run_at(&at(6), &["secrets:rotate", "A", "v3"]).ok();
    assert_eq!(next(&at(6)), "2030-02-06T00:00:00Z");
    env.run_at(&at(8), &["secrets:rollback", "A"]).ok();
    assert_eq!(next(&at(8)), "2030-02-08T00:00:00Z");
    // A new period counts from the last change too.
    env.run_at(&at(9), &["secrets:update", "A", "--rotate-every", "10d"]).ok();
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
    assert!(table.contains("ROTATE BY") && table.contains("2030-01-19T00:00:00Z"), "{table}");
    let table = env.run_at(&at(12), &["secrets:list"]).ok().out();
    assert!(table.contains("2030-01-19T00:00:00Z (due)"), "{table}");
    // --no-rotation removes it.
    env.run_at(&at(10), &["secrets:update", "A", "--no-rotation"]).ok();
    let a = listed(&env, &at(10), "A");
    assert!(a["next_rotation_at"].is_null() && a["rotate_every"].is_null() && a["rotation"].is_null());
    // Policy changes are audited changes of the secret, bound to the log,
    // and they replay from the journal: fold it and read again.
    let changed: Vec<String> = env
        .audit_rows(&["--secret", "A", "--action", "updated"])
        .iter()
        .map(|r| r["details"]["changed"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(changed, ["tags", "value", "rotation", "rotation"]);
    env.run(&["vault:compact"]).ok();
    env.run_at(&at(11), &["secrets:update", "A", "--rotate-every", "20d"]).ok();
    assert_eq!(listed(&env, &at(11), "A")["next_rotation_at"], "2030-01-29T00:00:00Z");
    verify_ok(&env);
}

/// A due in the notify window at day 24, B overdue since day 10, C without
/// a policy, D disabled and overdue, E deleted and overdue.
fn rotation_vault() -> Env {
    let env = Env::with_vault();
    for args in [
        &["secrets:create", "A", "a1", "--rotate-every", "30d", "--notify-before", "7d", "--tags", "t"][..],
        &["secrets:create", "B", "b1", "--rotate-every", "10d", "--tags", "t"],
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
    assert_eq!(list_at(&env, &at(12), &["--due"]), ["B"]);
    assert_eq!(list_at(&env, &at(24), &["--due"]), ["A", "B"]);
    assert_eq!(list_at(&env, &at(24), &["--overdue"]), ["B"]);
    assert_eq!(list_at(&env, &at(24), &["--due", "--include-disabled"]), ["A", "B", "D"]);
    assert_eq!(list_at(&env, &at(31), &["--overdue"]), ["A", "B"]);
    // Filters combine.
    env.run_at(&at(1), &["secrets:update", "B", "--remove-tag", "t"]).ok();
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
    assert_eq!(states, [("A", "due"), ("B", "overdue")]);

    // Unused: A read on day 1, B never read, F created on day 80.
    env.run_at(&at(1), &["secrets:get", "A"]).ok();
    env.run_at(&at(80), &["secrets:create", "F", "f1"]).ok();
    let day100 = "2030-04-11 00:00:00";
    assert_eq!(list_at(&env, day100, &["--unused-for", "90d"]), ["A", "B", "C"]);
    assert_eq!(list_at(&env, day100, &["--unused-for", "120d"]), Vec::<String>::new());
    env.run_at("2030-04-05 00:00:00", &["secrets:get", "A"]).ok();
    assert_eq!(list_at(&env, day100, &["--unused-for", "90d"]), ["B", "C"]);
    assert_eq!(list_at(&env, day100, &["--unused-for", "90d", "--overdue"]), ["B"]);
    assert_eq!(list_at(&env, day100, &["--unused-for", "10d"]), ["B", "C", "F"]);
    env.run(&["secrets:list", "--unused-for", "0d"]).code(2);
    env.run(&["secrets:list", "--unused-for", "banana"]).code(2);

    // status counts them (due includes overdue).
    let s = env.run_at(&at(24), &["status", "--format", "json"]).ok().json();
    assert_eq!((s["rotation_due"].as_i64(), s["rotation_overdue"].as_i64()), (Some(3), Some(2)));
    let s = env.run_at(&at(5), &["status", "--format", "json"]).ok().json();
    assert_eq!((s["rotation_due"].as_i64(), s["rotation_overdue"].as_i64()), (Some(0), Some(0)));
    let table = env.run_at(&at(24), &["status"]).ok().out();
    assert!(table.contains("rotation due        3 (2 overdue)"), "{table}");
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
    env.run_at(T0, &["secrets:create", "X", "x1", "--expires-in", "3d"]).ok();
    env.run_at(T0, &["secrets:create", "Y", "y1", "--expires-in", "40d"]).ok();

    // Day 1: nothing within a day; X and Y expire within 60 days.
    let clean = check_at(&env, &at(1), &["--expiring-within", "1d"]).ok();
    assert_eq!(clean.out(), "nothing needs attention\n");
    let run = check_at(&env, &at(1), &["--expiring-within", "60d", "--format", "json"]).ok();
    let r = run.json();
    assert_eq!(findings(&r), [("expiring".into(), "X".into()), ("expiring".into(), "Y".into())]);
    assert_eq!(r["failed"], false);

    // Day 24: X expired, A due, B and D overdue (D disabled: still in the
    // report; E deleted: not), Y expiring within 30 days.
    let run = check_at(&env, &at(24), &["--format", "json"]).code(1);
    assert!(run.stderr.contains("error: the check failed: 1 expired, 2 overdue"), "{}", run.stderr);
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
    assert!(table.contains("overdue   B     2030-01-11T00:00:00Z"), "{table}");

    // --fail-on picks what fails.
    check_at(&env, &at(24), &["--fail-on", "unused"]).ok();
    check_at(&env, &at(24), &["--fail-on", "due"]).code(1).stderr_has("1 due");
    check_at(&env, &at(24), &["--fail-on", "expiring,disabled-read"]).code(1);
    check_at(&env, &at(24), &["--fail-on", "banana"]).code(2);
    check_at(&env, &at(24), &["--expiring-within", "0d"]).code(2);

    // Unused only with --unused-for; never-read secrets older than it count.
    let r = check_at(&env, &at(24), &["--unused-for", "20d", "--fail-on", "unused", "--format", "json"])
        .code(1)
        .json();
    let unused: Vec<String> = findings(&r)
        .into_iter()
        .filter(|(c, _)| c == "unused")
        .map(|(_, n)| n)
        .collect();
    assert_eq!(unused, ["A", "B", "C", "D", "X", "Y"]);
    assert!(r["findings"].as_array().unwrap().iter().any(|f| f["category"] == "unused" && f["at"].is_null()));

    // Each check is audited with its counts, never names.
    let row = env.audit_rows(&["--action", "checked"]).pop().unwrap();
    assert_eq!(row["details"]["unused"], "6");
    assert!(!row.to_string().contains("\"X\""), "{row}");
    verify_ok(&env);
}

#[test]
fn disabled_secrets_read_before_the_disable_are_not_reported() {
    // Reads before a disable are no finding, and a refused read records
    // no `accessed` row. (Refused reads are counted once they are audited
    // as `denied`, which is not part of this change.)
    let env = Env::with_vault();
    env.run_at(T0, &["secrets:create", "OLD", "v"]).ok();
    env.run_at(&at(1), &["secrets:get", "OLD"]).ok();
    env.run_at(&at(2), &["secrets:disable", "OLD"]).ok();
    env.run_at(&at(3), &["secrets:get", "OLD"]).code(4);
    let r = check_at(&env, &at(3), &["--format", "json"]).ok().json();
    assert_eq!(r["counts"]["disabled_read"], 0);
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
    let run = check_at(&env, &at(24), &["--notify-command", &script, "--fail-on", "expired"]).ok();
    let sent: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert_eq!(findings(&sent), [("overdue".into(), "B".into()), ("overdue".into(), "D".into()), ("due".into(), "A".into())]);
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
    let run = check_at(&env, &at(24), &["--notify-command", "echo from-notify", "--fail-on", "expired", "--format", "json"]).ok();
    run.json();
    assert!(run.stderr.contains("from-notify"), "{}", run.stderr);

    // A failing command: a warning and exit 1, recorded with its status.
    check_at(&env, &at(24), &["--notify-command", "exit 3", "--fail-on", "expired"])
        .code(1)
        .stderr_has("warning: the notify command failed (exit 3)");
    let rows = env.audit_rows(&["--action", "notified"]);
    assert_eq!(rows.last().unwrap()["details"]["status"], "3");
    // One that hangs is killed after --timeout.
    check_at(&env, &at(24), &["--notify-command", "sleep 30", "--timeout", "1s", "--fail-on", "expired"])
        .code(1)
        .stderr_has("ran longer than 1s");
    assert_eq!(env.audit_rows(&["--action", "notified"]).last().unwrap()["details"]["status"], "timeout");
    verify_ok(&env);
}
