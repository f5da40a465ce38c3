//! Whole-process timing of `coffer scan` on a generated tree, beside
//! ripgrep searching the same tree for the same fixed strings
//! (`rg -F -f PATTERNS`), where `rg` is installed.
//!
//! Builds a vault of 1,000 secrets through the library (one 32-byte value
//! each) and a tree of 10,000 text files (100 folders, 1 to 8 KiB of
//! generated source-like lines each, ~45 MiB), with a fixed seed, so every
//! run scans the same bytes; 100 files hold one of the values. Then runs the
//! release binary as a user would, and prints the median and p90 wall time
//! (target: under 1 s).
//!
//! `cargo bench --bench scan` runs it. Arguments after `--`: `--quick`
//! (3 runs instead of 11), `--keep` (keep the temp folder and print its
//! path). Without `--bench` (as `cargo test --all-targets` runs it) it is a
//! smoke test: 100 secrets, 200 files, one run.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use coffer::vault::Location;
use common::{median, ms, p90};
use rand::distributions::Alphanumeric;
use rand::{Rng, SeedableRng};

const SEED: u64 = 11;

struct Options {
    secrets: usize,
    files: usize,
    runs: usize,
    keep: bool,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has = |a: &str| args.iter().any(|x| x == a);
    if !has("--bench") {
        return Options {
            secrets: 100,
            files: 200,
            runs: 1,
            keep: false,
        };
    }
    Options {
        secrets: 1_000,
        files: 10_000,
        runs: if has("--quick") { 3 } else { 11 },
        keep: has("--keep"),
    }
}

fn main() {
    let opts = options();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_coffer"));
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(SEED);
    let values: Vec<String> = (0..opts.secrets)
        .map(|_| {
            (&mut rng)
                .sample_iter(Alphanumeric)
                .take(32)
                .map(char::from)
                .collect()
        })
        .collect();
    let loc = build_vault(&dir.path().join("vault"), &values);
    let tree = dir.path().join("tree");
    let (bytes, planted) = build_tree(&tree, opts.files, &values, &mut rng);
    println!(
        "scan: {} secrets, {} files ({:.1} MiB), {planted} files holding a value",
        opts.secrets,
        opts.files,
        common::mib(bytes)
    );

    let mut coffer = Command::new(&bin);
    coffer
        .arg("--vault")
        .arg(&loc.vault)
        .arg("--identity")
        .arg(&loc.identity)
        .arg("scan")
        .arg(&tree)
        .env("HOME", &home)
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env_remove("COFFER_VAULT")
        .env_remove("COFFER_IDENTITY");
    let (times, found) = time_runs(&mut coffer, opts.runs, 1);
    assert_eq!(found, planted, "coffer scan found every planted value");
    report("coffer scan TREE", &times);

    // The same patterns for ripgrep, in a file of the temp folder (this is
    // a benchmark: the values are generated and worthless).
    let patterns = dir.path().join("patterns.txt");
    std::fs::write(&patterns, values.join("\n") + "\n").unwrap();
    match Command::new("rg").arg("--version").output() {
        Ok(_) => {
            let mut rg = Command::new("rg");
            rg.arg("-F").arg("-l").arg("-f").arg(&patterns).arg(&tree);
            let (times, found) = time_runs(&mut rg, opts.runs, 0);
            assert_eq!(found, planted, "rg found every planted value");
            report("rg -F -l -f PATTERNS TREE", &times);
        }
        Err(_) => println!("rg: not installed (apt-get install ripgrep), not compared"),
    }
    if opts.keep {
        println!("kept {}", dir.keep().display());
    }
}

/// Run `cmd` `runs` times after one warm-up; each run must exit `code` (0
/// for rg, which exits 0 on a match; 1 for coffer scan). Returns the
/// sorted times and how many distinct files the last run's output named.
fn time_runs(cmd: &mut Command, runs: usize, code: i32) -> (Vec<Duration>, usize) {
    cmd.stdin(Stdio::null());
    let mut times = Vec::new();
    let mut found = 0;
    for i in 0..=runs {
        let start = Instant::now();
        let out = cmd.output().expect("run");
        let took = start.elapsed();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let files: std::collections::BTreeSet<&str> = text
            .lines()
            .map(|l| l.split(':').next().unwrap_or(l))
            .collect();
        found = files.len();
        if i > 0 {
            times.push(took);
        }
    }
    times.sort();
    (times, found)
}

fn report(what: &str, times: &[Duration]) {
    println!(
        "{what:<28} median {:>7.1} ms   p90 {:>7.1} ms   ({} runs)",
        ms(median(times)),
        ms(p90(times)),
        times.len()
    );
}

/// An identity and a vault holding `values` as secrets SCAN_0000...
fn build_vault(folder: &Path, values: &[String]) -> Location {
    std::fs::create_dir_all(folder).unwrap();
    let loc = common::location(folder, "identity.txt");
    let identity = coffer::vault::identity::create(&loc.identity, None).expect("identity");
    let secrets = values
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("SCAN_{i:04}"), v.clone()));
    common::create_vault(&loc, identity, &[], secrets);
    loc
}

const WORDS: &[&str] = &[
    "let", "fn", "return", "self", "config", "value", "name", "user", "if", "else", "for", "in",
    "match", "Some", "None", "Ok", "Err", "impl", "pub", "struct", "string", "request", "token",
    "client", "server", "=", "{", "}", "(", ")", ";", "//", "0", "1", "42", "true", "false",
];

/// `files` text files in 100 folders; every 100th holds one of `values`
/// on one line. Returns the bytes written and the number of such files.
fn build_tree(tree: &Path, files: usize, values: &[String], rng: &mut impl Rng) -> (u64, usize) {
    let mut bytes = 0u64;
    let mut planted = 0;
    for f in 0..files {
        let folder = tree.join(format!("d{:02}", f % 100));
        std::fs::create_dir_all(&folder).unwrap();
        let target = rng.gen_range(1024..8 * 1024);
        let mut text = String::with_capacity(target + 128);
        let mut plant_at = (f % 100 == 7).then(|| rng.gen_range(0..target));
        if plant_at.is_some() {
            planted += 1;
        }
        while text.len() < target {
            if plant_at.is_some_and(|at| text.len() >= at) {
                text.push_str(&format!("    KEY = \"{}\"\n", values[f % values.len()]));
                plant_at = None;
                continue;
            }
            let words = rng.gen_range(2..12);
            for w in 0..words {
                if w > 0 {
                    text.push(' ');
                }
                if rng.gen_ratio(1, 10) {
                    let len = rng.gen_range(6..20);
                    let id: String = (&mut *rng)
                        .sample_iter(Alphanumeric)
                        .take(len)
                        .map(char::from)
                        .collect();
                    text.push_str(&id);
                } else {
                    text.push_str(WORDS[rng.gen_range(0..WORDS.len())]);
                }
            }
            text.push('\n');
        }
        if plant_at.is_some() {
            // The last line went past both the plant point and the target.
            text.push_str(&format!("KEY = \"{}\"\n", values[f % values.len()]));
        }
        let mut file = std::fs::File::create(folder.join(format!("f{f:05}.rs"))).unwrap();
        file.write_all(text.as_bytes()).unwrap();
        bytes += text.len() as u64;
    }
    (bytes, planted)
}
