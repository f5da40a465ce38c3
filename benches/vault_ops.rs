//! Whole-process timings of the release `coffer` binary on large vaults.
//!
//! Builds vaults of 1,000 and 10,000 secrets through the library (5 versions
//! each, every secret tagged with its environment and every 10th `hot`, with the
//! audit rows the real commands would have written), then runs the binary as a
//! user would and prints min / median / p90 / max wall time per operation:
//!
//! - `secrets:get NAME` (an audited read: a full rewrite of the vault today)
//! - `secrets:create NAME VALUE` (a distinct new name each run)
//! - `secrets:list --tag hot`
//!
//! plus `coffer --version` as the cost of starting the process, and an
//! in-process split of one write into open (read + decrypt + deserialize) and
//! save (serialize + encrypt + fsync + rename).
//!
//! `cargo bench --bench vault_ops` runs it. Arguments after `--`:
//! `--quick` (fewer runs), `1k` / `10k` (one size only), `--keep` (keep the
//! temp folder and print its path, to poke at the vaults afterwards).
//! Without `--bench` (as `cargo test --all-targets` runs it) it is a smoke
//! test: one small vault, one run of each operation.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use coffer::audit::Event;
use coffer::store::{self, Ctx, NewSecret};
use coffer::vault::identity::PassphraseSource;
use coffer::vault::{Location, Vault, lock};
use common::{Runner, median, ms};
use rand::{Rng, RngCore, SeedableRng};

const VERSIONS: i64 = 5;
const ENVS: [&str; 3] = ["production", "staging", "development"];
const OPS: [&str; 4] = [
    "--version",
    "secrets:get NAME",
    "secrets:create NEW VALUE",
    "secrets:list --tag hot",
];

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
        (1_000, if quick { 5 } else { 20 }),
        (10_000, if quick { 3 } else { 10 }),
    ];
    let only: Vec<usize> = args
        .iter()
        .filter_map(|a| match a.as_str() {
            "1k" | "1000" => Some(1_000),
            "10k" | "10000" => Some(10_000),
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

fn main() {
    let opts = options();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_coffer"));
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    println!("coffer vault benchmark: {}", bin.display());
    println!(
        "each secret: {VERSIONS} versions, tagged with its environment, every 10th `hot`; \
         wall time of whole runs in ms\n"
    );

    let mut rows = Vec::new();
    let mut splits = Vec::new();
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
        let mut created = 0usize;
        let mut args = |label: &str| -> Vec<String> {
            match label {
                "--version" => vec!["--version".into()],
                "secrets:get NAME" => vec!["secrets:get".into(), get_name.clone()],
                "secrets:create NEW VALUE" => {
                    created += 1;
                    vec![
                        "secrets:create".into(),
                        format!("bench/new-{created:05}"),
                        "s3cr3t-value-0123456789abcdef".into(),
                    ]
                }
                "secrets:list --tag hot" => {
                    vec!["secrets:list".into(), "--tag".into(), "hot".into()]
                }
                _ => unreachable!("unknown operation {label}"),
            }
        };
        for label in OPS {
            // Warm-up, checked.
            let out = run.once(&args(label));
            if label.starts_with("secrets:get") {
                assert_eq!(
                    out,
                    format!("{expected}\n").into_bytes(),
                    "get printed the wrong value"
                );
            }
            if label.starts_with("secrets:list") {
                let text = String::from_utf8_lossy(&out);
                let want = secret_name(n.div_ceil(10) * 10 - 10);
                assert!(text.contains(&want), "list --tag hot lacks {want}");
            }
            let mut times: Vec<Duration> = (0..runs)
                .map(|_| {
                    let a = args(label);
                    let t = Instant::now();
                    run.once(&a);
                    t.elapsed()
                })
                .collect();
            times.sort();
            rows.push((n, label, size, times));
        }
        splits.push((n, split(&loc)));
    }

    println!();
    println!(
        "{:>7}  {:<26} {:>9} {:>4} {:>8} {:>8} {:>8} {:>8}",
        "secrets", "operation", "vault MiB", "runs", "min", "median", "p90", "max"
    );
    for (n, label, size, t) in &rows {
        println!(
            "{:>7}  {:<26} {:>9.2} {:>4} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
            n,
            label,
            *size as f64 / (1024.0 * 1024.0),
            t.len(),
            ms(t[0]),
            ms(median(t)),
            ms(t[(t.len() * 9).div_ceil(10) - 1]),
            ms(t[t.len() - 1]),
        );
    }
    println!();
    println!("in-process split of one audited write (median of 5, ms):");
    println!(
        "{:>7}  {:>10} {:>10} {:>10} {:>12}",
        "secrets", "identity", "open", "save", "image MiB"
    );
    for (n, s) in &splits {
        println!(
            "{:>7}  {:>10.2} {:>10.1} {:>10.1} {:>12.2}",
            n,
            ms(s.identity),
            ms(s.open),
            ms(s.save),
            s.image_bytes as f64 / (1024.0 * 1024.0)
        );
    }
    println!(
        "  identity = load the identity file; open = lock + read + decrypt + deserialize;\n  \
         save = commit + serialize + encrypt + fsync + rename (Vault::write of one audit row)"
    );
    if opts.keep {
        println!("\nkept {}", dir.keep().display());
    }
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
                Event::secret("created", &name, Some(1))
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
                    Event::secret("updated", &name, Some(v))
                        .detail("fingerprint", ctx.fingerprint(val.as_bytes())),
                )?;
                last = val;
            }
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

struct Split {
    identity: Duration,
    open: Duration,
    save: Duration,
    image_bytes: u64,
}

/// Time the parts of one audited write in this process, median of 5.
fn split(loc: &Location) -> Split {
    let mut identity = Vec::new();
    let mut open = Vec::new();
    let mut save = Vec::new();
    let mut image_bytes = 0;
    for _ in 0..5 {
        let t = Instant::now();
        coffer::vault::identity::load(&loc.identity, &loc.passphrase).unwrap();
        identity.push(t.elapsed());
        let t = Instant::now();
        let mut vault = Vault::open_write(loc).unwrap();
        open.push(t.elapsed());
        image_bytes = common::image_bytes(vault.conn());
        let t = Instant::now();
        vault
            .write(|ctx| ctx.audit(Event::vault("listed").detail("count", "0")))
            .unwrap();
        save.push(t.elapsed());
    }
    for v in [&mut identity, &mut open, &mut save] {
        v.sort();
    }
    Split {
        identity: median(&identity),
        open: median(&open),
        save: median(&save),
        image_bytes,
    }
}
