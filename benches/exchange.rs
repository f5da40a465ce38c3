//! Whole-process timing of `coffer import` (target: 10,000 secrets in at
//! most 2 s) and of `coffer export` of what it imported, on the release
//! binary.
//!
//! Each run imports a generated file (dotenv, then JSON) into a fresh
//! vault: 10,000 secrets with 40-byte values, every 10th tagged in JSON.
//! Prints the median and the slowest of the runs.
//!
//! `cargo bench --bench exchange` runs it; `-- --secrets N --runs R` change
//! the size and the number of runs. Without `--bench` (as `cargo test
//! --all-targets` runs it) it is a smoke test: 100 secrets, one run.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{median, ms};

fn arg(args: &[String], flag: &str) -> Option<usize> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
}

/// coffer with HOME and the XDG folders under `home`.
fn coffer(bin: &Path, home: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = Command::new(bin)
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("COFFER_VAULT")
        .env_remove("COFFER_IDENTITY")
        .env_remove("COFFER_PASSPHRASE_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run coffer");
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "coffer {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    took
}

fn value(i: usize) -> String {
    format!(
        "v{i:08}-{:032x}",
        (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bench = args.iter().any(|a| a == "--bench");
    let n = arg(&args, "--secrets").unwrap_or(if bench { 10_000 } else { 100 });
    let runs = arg(&args, "--runs").unwrap_or(if bench { 5 } else { 1 });
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_coffer"));
    let tmp = tempfile::tempdir().expect("temp folder");

    let mut dotenv = String::new();
    let mut json = Vec::new();
    for i in 0..n {
        writeln!(dotenv, "APP_SECRET_{i:06}={}", value(i)).unwrap();
        let mut item = serde_json::json!({"name": format!("app/service-{}/secret-{i:06}", i % 50), "value": value(i)});
        if i % 10 == 0 {
            item["tags"] = serde_json::json!(["hot"]);
        }
        json.push(item);
    }
    let env_file = tmp.path().join("in.env");
    let json_file = tmp.path().join("in.json");
    std::fs::write(&env_file, dotenv).unwrap();
    std::fs::write(&json_file, serde_json::to_vec(&json).unwrap()).unwrap();

    println!(
        "coffer import benchmark: {} ({n} secrets, {runs} runs)",
        bin.display()
    );
    for (label, file) in [("dotenv", &env_file), ("json", &json_file)] {
        let mut times = Vec::new();
        let mut export = Vec::new();
        for run in 0..runs {
            let home = tmp.path().join(format!("{label}-{run}"));
            coffer(&bin, &home, &["init"]);
            times.push(coffer(&bin, &home, &["import", file.to_str().unwrap()]));
            export.push(coffer(&bin, &home, &["export"]));
        }
        times.sort();
        export.sort();
        println!(
            "import {label:<6}  median {:8.1} ms  max {:8.1} ms   (target 2000 ms at 10,000)",
            ms(median(&times)),
            ms(*times.last().unwrap())
        );
        println!(
            "export json     median {:8.1} ms  max {:8.1} ms",
            ms(median(&export)),
            ms(*export.last().unwrap())
        );
    }
}
