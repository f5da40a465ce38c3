//! Whole-process timings of the release `coffer` binary on large vaults,
//! beside the floor of a file-per-secret store (`age -d` of a one-secret
//! file) and `pass show` / `gopass show` where they are installed.
//!
//! Builds vaults of 1,000, 10,000 and 100,000 secrets through the library
//! (5 versions each and 5 audited reads, so ~10 audit rows per secret; every
//! secret tagged with its environment and every 10th `hot`), then runs the
//! binary as a user would and prints median and p90 wall time per operation
//! against the targets in the crate docs (src/lib.rs, "Cost"):
//!
//! - `secrets:get NAME` (an audited read: appends one journal record)
//! - `secrets:create NAME VALUE` (a distinct new name each run) and
//!   `secrets:update NAME VALUE`
//! - `secrets:list --tag hot`
//! - completing a secret name (what a shell's Tab runs: no audit, no lock;
//!   target 30 ms), for an empty word (every name read, three folders
//!   offered) and for one service's folder
//!
//! plus the bytes one audited read adds to the vault, the peak memory of a
//! `get` (GNU time's maximum RSS), and one `vault:compact` (a fold, which
//! writes pay once per 256 records).
//!
//! `cargo bench --bench vault_ops` runs it. Arguments after `--`:
//! `--quick` (fewer runs), `1k` / `10k` / `100k` (those sizes only),
//! `--keep` (keep the temp folder and print its path).
//! Without `--bench` (as `cargo test --all-targets` runs it) it is a smoke
//! test: one small vault, one run of each operation.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use coffer::audit::Event;
use coffer::model::Action;
use coffer::store::{self, Ctx, NewSecret};
use coffer::vault::identity::PassphraseSource;
use coffer::vault::{Location, Vault, lock};
use common::{Runner, median, ms, p90};
use rand::{Rng, RngCore, SeedableRng};

const VERSIONS: i64 = 5;
const READS: i64 = 5;
const ENVS: [&str; 3] = ["production", "staging", "development"];

struct Options {
    sizes: Vec<(usize, usize)>,
    keep: bool,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has = |a: &str| args.iter().any(|x| x == a);
    if !has("--bench") {
        // Built and run as a test: check that everything works, quickly.
        return Options {
            sizes: vec![(100, 1)],
            keep: false,
        };
    }
    let quick = has("--quick");
    let mut sizes = vec![
        (1_000, if quick { 10 } else { 30 }),
        (10_000, if quick { 5 } else { 20 }),
        (100_000, if quick { 3 } else { 10 }),
    ];
    let only: Vec<usize> = args
        .iter()
        .filter_map(|a| match a.as_str() {
            "1k" | "1000" => Some(1_000),
            "10k" | "10000" => Some(10_000),
            "100k" | "100000" => Some(100_000),
            _ => None,
        })
        .collect();
    if !only.is_empty() {
        sizes.retain(|(n, _)| only.contains(n));
    }
    Options {
        sizes,
        keep: has("--keep"),
    }
}

/// One operation's timings at one size, sorted, and its target (ms).
struct Row {
    n: usize,
    label: String,
    times: Vec<Duration>,
    target: Option<f64>,
}

/// The crate docs' "Cost" (src/lib.rs): (get, create/update p90, list --tag) in ms.
fn targets(n: usize) -> (f64, f64, f64) {
    if n <= 1_000 {
        (5.0, 8.0, 8.0)
    } else if n <= 10_000 {
        (8.0, 12.0, 15.0)
    } else {
        (15.0, 25.0, 60.0)
    }
}

fn time_runs(runs: usize, mut once: impl FnMut(usize)) -> Vec<Duration> {
    once(usize::MAX); // warm-up
    let mut times: Vec<Duration> = (0..runs)
        .map(|i| {
            let t = Instant::now();
            once(i);
            t.elapsed()
        })
        .collect();
    times.sort();
    times
}

/// The journal's total size, in bytes.
fn journal_bytes(vault: &Path) -> u64 {
    let dir = coffer::vault::journal::dir_for(vault);
    std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn main() {
    let opts = options();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_coffer"));
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    println!("coffer vault benchmark: {}", bin.display());
    println!(
        "each secret: {VERSIONS} versions and {READS} audited reads, tagged with its environment, \
         every 10th `hot`; wall time of whole runs in ms\n"
    );
    let age = which("age");
    let peers: Vec<&str> = ["pass", "gopass"]
        .into_iter()
        .filter(|p| which(p).is_some())
        .collect();

    let mut rows: Vec<Row> = Vec::new();
    let mut extra = Vec::new();
    for &(n, runs) in &opts.sizes {
        let folder = dir.path().join(format!("v{n}"));
        let t = Instant::now();
        let (loc, expected) = build_vault(&folder, n);
        let built = t.elapsed();
        let size = std::fs::metadata(&loc.vault).unwrap().len();
        println!(
            "built {n} secrets in {:.1} s: {} ({:.2} MiB)",
            built.as_secs_f64(),
            loc.vault.display(),
            size as f64 / (1024.0 * 1024.0)
        );
        let run = Runner {
            bin: &bin,
            home: &home,
            loc: &loc,
        };
        let get_name = secret_name(n / 2);
        let (t_get, t_write, t_list) = targets(n);
        let mut push = |label: &str, times: Vec<Duration>, target: Option<f64>| {
            rows.push(Row {
                n,
                label: label.to_owned(),
                times,
                target,
            })
        };

        push(
            "coffer --version",
            time_runs(runs, |_| {
                run.once(&["--version".into()]);
            }),
            None,
        );
        if let Some(age) = &age {
            let one = folder.join("one.age");
            encrypt_one(&loc.identity, &one, expected.as_bytes());
            push(
                "age -d (one-secret file)",
                time_runs(runs, |_| {
                    let out = Command::new(age)
                        .arg("-d")
                        .arg("-i")
                        .arg(&loc.identity)
                        .arg(&one)
                        .stderr(Stdio::null())
                        .output()
                        .unwrap();
                    assert_eq!(out.stdout, expected.as_bytes());
                }),
                None,
            );
        }
        let out = run.once(&["secrets:get".into(), get_name.clone()]);
        assert_eq!(
            out,
            format!("{expected}\n").into_bytes(),
            "get printed the wrong value"
        );
        push(
            "secrets:get NAME",
            time_runs(runs, |_| {
                run.once(&["secrets:get".into(), get_name.clone()]);
            }),
            Some(t_get),
        );
        push(
            "secrets:create NEW VALUE",
            time_runs(runs, |i| {
                run.once(&[
                    "secrets:create".into(),
                    format!("bench/new-{i:05}"),
                    "s3cr3t-value-0123456789abcdef".into(),
                ]);
            }),
            Some(t_write),
        );
        push(
            "secrets:update NAME VALUE",
            time_runs(runs, |i| {
                run.once(&[
                    "secrets:update".into(),
                    get_name.clone(),
                    format!("s3cr3t-value-{i}"),
                ]);
            }),
            Some(t_write),
        );
        let out = run.once(&["secrets:list".into(), "--tag".into(), "hot".into()]);
        let want = secret_name(n.div_ceil(10) * 10 - 10);
        assert!(
            String::from_utf8_lossy(&out).contains(&want),
            "list --tag hot lacks {want}"
        );
        push(
            "secrets:list --tag hot",
            time_runs(runs, |_| {
                run.once(&["secrets:list".into(), "--tag".into(), "hot".into()]);
            }),
            Some(t_list),
        );

        // A shell's Tab at a secret name (completion must not slow the
        // shell: 30 ms, src/lib.rs, "Cost").
        let out = run.complete_names(&["secrets:get", ""]);
        assert_eq!(
            out,
            // bench/ holds the secrets the create runs above made
            b"bench/\ndevelopment/\nproduction/\nstaging/\n".to_vec(),
            "completion offered the wrong folders"
        );
        push(
            "Tab: secrets:get <empty>",
            time_runs(runs, |_| {
                run.complete_names(&["secrets:get", ""]);
            }),
            Some(30.0),
        );
        let folder_prefix = get_name[..get_name.rfind('/').unwrap() + 1].to_owned();
        let out = run.complete_names(&["secrets:get", &folder_prefix]);
        assert!(
            String::from_utf8_lossy(&out).contains(&get_name),
            "completion of {folder_prefix} lacks {get_name}"
        );
        push(
            "Tab: secrets:get FOLDER/",
            time_runs(runs, |_| {
                run.complete_names(&["secrets:get", &folder_prefix]);
            }),
            Some(30.0),
        );

        // What one audited read adds, and what a get holds at its peak.
        let before = journal_bytes(&loc.vault);
        run.once(&["secrets:get".into(), get_name.clone()]);
        let read_bytes = journal_bytes(&loc.vault).saturating_sub(before);
        let peak_kib = peak_rss_kib(&run, &["secrets:get".into(), get_name.clone()]);
        let t = Instant::now();
        run.once(&["vault:compact".into()]);
        let fold = t.elapsed();
        extra.push((n, read_bytes, peak_kib, fold, size));
    }

    println!();
    println!(
        "{:>7}  {:<27} {:>4} {:>8} {:>8} {:>8}",
        "secrets", "operation", "runs", "median", "p90", "target"
    );
    for r in &rows {
        println!(
            "{:>7}  {:<27} {:>4} {:>8.1} {:>8.1} {:>8}",
            r.n,
            r.label,
            r.times.len(),
            ms(median(&r.times)),
            ms(p90(&r.times)),
            r.target.map_or("-".into(), |t| format!("{t}")),
        );
    }
    println!(
        "  targets: get median; create and update p90; list median (crate docs, Cost); Tab median"
    );
    if peers.is_empty() {
        println!("  pass and gopass are not installed here: no row for them");
    }
    println!();
    println!(
        "{:>7}  {:>14} {:>14} {:>12} {:>16}",
        "secrets", "bytes per read", "get peak MiB", "fold ms", "checkpoint MiB"
    );
    for (n, bytes, peak, fold, size) in &extra {
        println!(
            "{:>7}  {:>14} {:>14.1} {:>12.1} {:>16.2}",
            n,
            bytes,
            *peak as f64 / 1024.0,
            ms(*fold),
            *size as f64 / (1024.0 * 1024.0)
        );
    }
    println!("  targets: at most 400 bytes per audited read; at most 64 MiB for a get at 100k");
    if opts.keep {
        println!("\nkept {}", dir.keep().display());
    }
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}

/// A one-secret age file, encrypted to the identity, as a file-per-secret
/// store keeps each secret.
fn encrypt_one(identity: &Path, out: &Path, value: &[u8]) {
    use std::io::Write;
    let id = coffer::vault::identity::load(identity, &PassphraseSource::default()).unwrap();
    let recipient = id.to_public();
    let enc = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        .unwrap();
    let mut file = std::fs::File::create(out).unwrap();
    let mut w = enc.wrap_output(&mut file).unwrap();
    w.write_all(value).unwrap();
    w.finish().unwrap();
}

/// The largest resident set of one run, in KiB, as GNU time reports it
/// (0 where /usr/bin/time is missing).
fn peak_rss_kib(run: &Runner<'_>, args: &[String]) -> u64 {
    let time = Path::new("/usr/bin/time");
    if !time.exists() {
        return 0;
    }
    let out = Command::new(time)
        .arg("-f")
        .arg("%M")
        .arg(run.bin)
        .arg("--vault")
        .arg(&run.loc.vault)
        .arg("--identity")
        .arg(&run.loc.identity)
        .args(args)
        .env("HOME", run.home)
        .env("XDG_STATE_HOME", run.home.join(".local/state"))
        .stdout(Stdio::null())
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0)
}

/// The name of secret `i`: path-like, spread over environments and services.
fn secret_name(i: usize) -> String {
    format!("{}/service-{:03}/secret-{i:05}", ENVS[i % 3], i % 97)
}

fn value(rng: &mut impl RngCore, i: usize, v: i64) -> String {
    let mut bytes = [0u8; 24];
    rng.fill_bytes(&mut bytes);
    format!("s{i}v{v}-{}", hex::encode(bytes))
}

/// Write a plain identity file and a vault of `n` secrets into `folder`.
/// Returns its location and the current value of secret `n / 2`.
fn build_vault(folder: &Path, n: usize) -> (Location, String) {
    std::fs::create_dir_all(folder).unwrap();
    let loc = Location {
        vault: folder.join("vault.age"),
        identity: folder.join("identity.txt"),
        passphrase: PassphraseSource::default(),
        lock_timeout: lock::DEFAULT_TIMEOUT,
        // The runs remember heads under their own XDG_STATE_HOME.
        state_dir: None,
        expect: Default::default(),
        read_only: false,
    };
    let identity = coffer::vault::identity::create(&loc.identity, None).expect("identity");
    let recipient = identity.to_public().to_string();
    let mut rng = rand::rngs::StdRng::seed_from_u64(n as u64);
    let mut expected = String::new();
    let vault = Vault::create(&loc, identity, false, |db, key| {
        store::init_vault(db, &recipient, key, "bench", None)?;
        let mut ctx = Ctx::new(db, &recipient)?;
        // A history that starts a year ago, one event a few minutes apart.
        ctx.now -= 365 * 86_400;
        for i in 0..n {
            let name = secret_name(i);
            let mut tags = vec![ENVS[i % 3].to_owned()];
            if i % 10 == 0 {
                tags.push("hot".to_owned());
            }
            tags.sort();
            let mut metadata = BTreeMap::new();
            metadata.insert("owner".to_owned(), format!("team-{}", i % 7));
            let v1 = value(&mut rng, i, 1);
            ctx.now += rng.gen_range(1..300);
            store::insert(
                &ctx,
                &NewSecret {
                    name: name.clone(),
                    kind: "api_key".to_owned(),
                    description: Some(format!("benchmark secret {i}")),
                    tags,
                    metadata,
                    activates_at: None,
                    expires_at: None,
                    value: v1.as_bytes(),
                },
            )?;
            ctx.audit(
                Event::secret(Action::Created, &name, Some(1))
                    .detail("fingerprint", ctx.fingerprint(v1.as_bytes()))
                    .detail("type", "api_key"),
            )?;
            let mut last = v1;
            for v in 2..=VERSIONS {
                let secret = store::find(db, &name)?;
                let val = value(&mut rng, i, v);
                ctx.now += rng.gen_range(1..300);
                store::add_version(&ctx, &secret, val.as_bytes(), "update", None)?;
                ctx.audit(
                    Event::secret(Action::Updated, &name, Some(v))
                        .detail("fingerprint", ctx.fingerprint(val.as_bytes())),
                )?;
                last = val;
            }
            for _ in 0..READS {
                ctx.now += rng.gen_range(1..300);
                ctx.audit(
                    Event::secret(Action::Accessed, &name, Some(VERSIONS))
                        .detail("fingerprint", ctx.fingerprint(last.as_bytes())),
                )?;
            }
            // The vault is made as one checkpoint: no journal record to keep.
            ctx.take_ops();
            if i == n / 2 {
                expected = last;
            }
        }
        Ok(())
    })
    .expect("build the vault");
    drop(vault); // releases the lock
    (loc, expected)
}
