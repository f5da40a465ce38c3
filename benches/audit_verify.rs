//! Whole-process timings of `coffer audit:verify` on a vault with a long
//! audit log, and of the walk every write does first.
//!
//! Builds (once, then cached under `target/bench-vaults/`) a vault of 3,000
//! secrets and 1,000,000 audit rows: an initial import (`created`), then a
//! mix of `accessed` (86%), `updated` (10%, each a real new version) and
//! `listed` (4%) events, most secret events on a hot tenth of the secrets,
//! every secret event with its 64-hex value fingerprint, as the real commands
//! write them. The rows are chained with the library's own `encode_canonical`
//! and `row_hash` and inserted with one prepared statement; `meta.audit_head`
//! names the newest row. Then it runs the release binary as a user would and
//! prints min / median / p90 / max wall time:
//!
//! - `audit:verify` (lock + open + walk of every row, read through the
//!   checkpoint's VFS; must say `ok` or `unanchored` with the expected row
//!   count, or the bench panics)
//! - `secrets:get NAME` (an audited read: verify what this machine has not,
//!   append one journal record; must print the expected value)
//!
//! and an in-process split of the same work: identity, open (lock + age
//! header + VFS open + replay; decrypting the whole file is timed apart, for
//! scale), the verify walk, the write of one audited record, and the walk
//! itself taken apart into its passes (read rows, parse details JSON,
//! MessagePack encoding, SHA-256).
//!
//! `cargo bench --bench audit_verify` runs it. Arguments after `--`:
//! `--quick` (100,000 rows, 3 runs), `--rows N`, `--runs N`, `--rebuild`
//! (build the cached vault again), `--keep` (keep the temp folder with the
//! vault copy the runs used, and print its path).
//! Without `--bench` (as `cargo test --all-targets` runs it) it is a smoke
//! test: a small vault in a temp folder, one run of each operation.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use coffer::audit::{self, Event, Head, RowFields};
use coffer::model::{Action, Resource};
use coffer::store::{self, Ctx, NewSecret};
use coffer::vault::identity::PassphraseSource;
use coffer::vault::{Location, Vault, lock};
use common::{Runner, median, mib, ms, p90};
use rand::{Rng, RngCore, SeedableRng};
use rusqlite::params;
use rusqlite::types::ValueRef;

/// Bump whenever the built vault changes (its rows, secrets, or the file
/// format coffer writes), so a stale cached vault is not reused.
const FORMAT: u32 = 1;
const SECRETS: usize = 3_000;
const ENVS: [&str; 3] = ["production", "staging", "development"];

struct Options {
    rows: usize,
    runs: usize,
    /// Cache the built vault under target/bench-vaults/.
    cache: bool,
    rebuild: bool,
    keep: bool,
    /// The in-process split (skipped by the smoke test).
    split: bool,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has = |a: &str| args.iter().any(|x| x == a);
    let value = |a: &str| -> Option<usize> {
        let i = args.iter().position(|x| x == a)?;
        let v = args
            .get(i + 1)
            .unwrap_or_else(|| panic!("{a} takes a number"));
        Some(
            v.replace('_', "")
                .parse()
                .unwrap_or_else(|_| panic!("{a} {v:?}: not a number")),
        )
    };
    if !has("--bench") {
        // Built and run as a test: check that everything works, quickly.
        return Options {
            rows: 2_000,
            runs: 1,
            cache: false,
            rebuild: false,
            keep: false,
            split: false,
        };
    }
    let quick = has("--quick");
    let rows = value("--rows").unwrap_or(if quick { 100_000 } else { 1_000_000 });
    assert!(rows >= 100, "--rows must be at least 100");
    Options {
        rows,
        runs: value("--runs").unwrap_or(if quick { 3 } else { 5 }).max(1),
        cache: true,
        rebuild: has("--rebuild"),
        keep: has("--keep"),
        split: true,
    }
}

fn main() {
    let opts = options();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_coffer"));
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    println!("coffer audit:verify benchmark: {}", bin.display());

    // The vault: cached under target/, or built in the temp folder.
    let (source, info) = if opts.cache {
        cached_vault(opts.rows, opts.rebuild)
    } else {
        let folder = dir.path().join("built");
        let info = build_vault(&folder, opts.rows);
        (folder, info)
    };
    let size = std::fs::metadata(source.join("vault.age")).unwrap().len();
    println!(
        "vault: {} rows over {} secrets, {:.1} MiB encrypted (built in {:.1} s)",
        info.rows,
        info.secrets,
        mib(size),
        info.build_secs
    );

    // The runs work on a copy: every `get` appends a row and rewrites it.
    let work = dir.path().join("run");
    std::fs::create_dir_all(&work).unwrap();
    for f in ["vault.age", "identity.txt"] {
        std::fs::copy(source.join(f), work.join(f)).expect("copy the vault");
    }
    let loc = location(&work);
    let run = Runner {
        bin: &bin,
        home: &home,
        loc: &loc,
    };
    let mut rows_now = info.rows;

    // audit:verify. The warm-up remembers the head (unanchored), the timed
    // runs then check the file against it (ok).
    let verify_args = ["audit:verify".to_owned()];
    check_verify(&run.once(&verify_args), rows_now);
    let mut verify_times = Vec::new();
    for _ in 0..opts.runs {
        let t = Instant::now();
        let out = run.once(&verify_args);
        verify_times.push(t.elapsed());
        check_verify(&out, rows_now);
    }
    verify_times.sort();

    // secrets:get NAME: one audited read, so one walk, one row, one rewrite.
    let get_args = ["secrets:get".to_owned(), info.get_name.clone()];
    let want = format!("{}\n", info.get_value).into_bytes();
    let mut get_times = Vec::new();
    for i in 0..=opts.runs {
        let t = Instant::now();
        let out = run.once(&get_args);
        let took = t.elapsed();
        assert_eq!(out, want, "secrets:get printed the wrong value");
        rows_now += 1;
        if i > 0 {
            // The first is the warm-up.
            get_times.push(took);
        }
    }
    get_times.sort();
    // The gets left a chain that still verifies, one row longer each.
    check_verify(&run.once(&verify_args), rows_now);

    let split = opts.split.then(|| split(&loc, rows_now));
    let size_after = std::fs::metadata(&loc.vault).unwrap().len();

    println!();
    println!(
        "{:>9}  {:<22} {:>9} {:>4} {:>8} {:>8} {:>8} {:>8}",
        "rows", "operation", "vault MiB", "runs", "min", "median", "p90", "max"
    );
    for (label, t) in [
        ("audit:verify", &verify_times),
        ("secrets:get NAME", &get_times),
    ] {
        println!(
            "{:>9}  {:<22} {:>9.1} {:>4} {:>8.0} {:>8.0} {:>8.0} {:>8.0}",
            info.rows,
            label,
            mib(size),
            t.len(),
            ms(t[0]),
            ms(median(t)),
            ms(p90(t)),
            ms(t[t.len() - 1]),
        );
    }
    println!(
        "  (wall time of whole runs in ms; the vault ended at {rows_now} rows, {:.1} MiB)",
        mib(size_after)
    );

    if let Some(s) = split {
        println!();
        println!("in-process split (median of {}, ms):", s.reps);
        let line = |what: &str, d: Duration, note: &str| {
            println!("  {what:<26} {:>8.1}  {note}", ms(d));
        };
        line("identity", s.identity, "load the identity file");
        line(
            "open",
            s.open,
            "lock + age header + VFS + replay (Vault::open_write)",
        );
        line(
            "decrypt the whole file",
            s.decrypt,
            "age stream to a sink, for scale (an open decrypts a few chunks)",
        );
        line(
            "verify walk",
            s.verify,
            "Vault::verify: every row, then the ends",
        );
        line(
            "one audited write",
            s.save,
            "Vault::write - walk: commit + encode a record + append + fsync",
        );
        println!(
            "  where a walk's time goes, on one thread, pass by pass over {} rows\n  (each pass adds one step; the real walk reads on one thread and checks on another):",
            s.walk_rows
        );
        let mut before = Duration::ZERO;
        for (what, d) in &s.passes {
            println!(
                "    {what:<38} {:>8.1}  (+{:.1}, {:.0} ns/row)",
                ms(*d),
                ms(d.saturating_sub(before)),
                d.saturating_sub(before).as_nanos() as f64 / s.walk_rows.max(1) as f64
            );
            before = *d;
        }
        println!(
            "  canonical bytes hashed: {:.1} MiB ({:.0} B/row); image {:.1} MiB",
            mib(s.canonical_bytes),
            s.canonical_bytes as f64 / s.walk_rows.max(1) as f64,
            mib(s.image_bytes)
        );
        let objects: Vec<String> = s
            .objects
            .iter()
            .map(|(name, bytes)| format!("{name} {:.1}", mib(*bytes)))
            .collect();
        println!("  image MiB by table/index: {}", objects.join(", "));
    }
    if opts.keep {
        println!("\nkept {}", dir.keep().display());
    }
}

/// `audit:verify`'s table must say ok or unanchored, over `rows` rows.
fn check_verify(out: &[u8], rows: usize) {
    let text = String::from_utf8_lossy(out);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| {
                l.strip_prefix(name)
                    .filter(|rest| rest.starts_with(' '))
                    .map(str::trim)
            })
            .unwrap_or_else(|| panic!("audit:verify printed no {name}:\n{text}"))
    };
    let status = field("status");
    assert!(
        status == "ok" || status == "unanchored",
        "audit:verify says {status}:\n{text}"
    );
    assert_eq!(
        field("rows"),
        rows.to_string(),
        "audit:verify walked the wrong number of rows:\n{text}"
    );
}

/// What a built vault holds, beside it in `info.txt`.
struct Info {
    rows: usize,
    secrets: usize,
    get_name: String,
    get_value: String,
    build_secs: f64,
}

impl Info {
    fn to_text(&self) -> String {
        format!(
            "format {FORMAT}\nrows {}\nsecrets {}\nget_name {}\nget_value {}\nbuild_secs {:.3}\n",
            self.rows, self.secrets, self.get_name, self.get_value, self.build_secs
        )
    }

    fn parse(text: &str) -> Option<Info> {
        let map: BTreeMap<&str, &str> = text.lines().filter_map(|l| l.split_once(' ')).collect();
        if map.get("format")?.parse::<u32>().ok()? != FORMAT {
            return None;
        }
        Some(Info {
            rows: map.get("rows")?.parse().ok()?,
            secrets: map.get("secrets")?.parse().ok()?,
            get_name: map.get("get_name")?.to_string(),
            get_value: map.get("get_value")?.to_string(),
            build_secs: map.get("build_secs")?.parse().ok()?,
        })
    }
}

/// The vault of `rows` rows under target/bench-vaults/, built if missing.
/// A build goes to a side folder renamed into place when complete, so an
/// interrupted build is never taken for a cached vault.
fn cached_vault(rows: usize, rebuild: bool) -> (PathBuf, Info) {
    // CARGO_TARGET_TMPDIR is target/tmp.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target folder")
        .to_path_buf();
    let root = target.join("bench-vaults");
    let label = match rows {
        n if n % 1_000_000 == 0 => format!("{}m", n / 1_000_000),
        n if n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    };
    let folder = root.join(format!("audit-{label}-v{FORMAT}"));
    let cached = std::fs::read_to_string(folder.join("info.txt"))
        .ok()
        .as_deref()
        .and_then(Info::parse)
        .filter(|i| !rebuild && i.rows == rows && folder.join("vault.age").exists());
    if let Some(info) = cached {
        println!("cached vault: {}", folder.display());
        return (folder, info);
    }
    let building = root.join(format!(
        "audit-{label}-v{FORMAT}.building-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&building);
    println!("building {rows} audit rows into {} ...", folder.display());
    let info = build_vault(&building, rows);
    std::fs::write(building.join("info.txt"), info.to_text()).unwrap();
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::rename(&building, &folder).expect("move the built vault into place");
    (folder, info)
}

fn location(folder: &Path) -> Location {
    Location {
        vault: folder.join("vault.age"),
        identity: folder.join("identity.txt"),
        passphrase: PassphraseSource::default(),
        lock_timeout: lock::DEFAULT_TIMEOUT,
        // The runs remember heads under their own XDG_STATE_HOME.
        state_dir: None,
        expect: Default::default(),
        read_only: false,
    }
}

/// The name of secret `i`: path-like, spread over environments and services.
fn secret_name(i: usize) -> String {
    format!("{}/service-{:03}/secret-{i:05}", ENVS[i % 3], i % 97)
}

fn new_value(rng: &mut impl RngCore, i: usize, v: i64) -> String {
    let mut bytes = [0u8; 24];
    rng.fill_bytes(&mut bytes);
    format!("s{i}v{v}-{}", hex::encode(bytes))
}

/// A secret as the build tracks it.
struct Tracked {
    secret: store::Secret,
    fingerprint: String,
    value: String,
    last_read: Option<i64>,
}

/// Write a plain identity file and a vault of `rows` audit rows into `folder`.
fn build_vault(folder: &Path, rows: usize) -> Info {
    let start = Instant::now();
    std::fs::create_dir_all(folder).unwrap();
    let loc = location(folder);
    let identity = coffer::vault::identity::create(&loc.identity, None).expect("identity");
    let recipient = identity.to_public().to_string();
    let mut rng = rand::rngs::StdRng::seed_from_u64(rows as u64);
    // The import is a tenth of the log at most.
    let n_secrets = SECRETS.min(rows / 10).max(1);
    let hot = (n_secrets / 10).max(1);
    let get_index = hot / 2;
    let mut get = (String::new(), String::new());
    let vault = Vault::create(&loc, identity, false, |db, key| {
        store::init_vault(db, &recipient, key, "bench", None)?;
        let mut ctx = Ctx::new(db, &recipient)?;
        let vault_id = ctx.vault_id.clone();
        // A history that ends a day ago, one event about every 45 s.
        ctx.now -= rows as i64 * 46 + 86_400;
        let mut head = audit::last_head(db)?.expect("init wrote the first row");
        let mut insert = db.prepare(
            "INSERT INTO audit (seq, ts, actor, action, resource, target, version, details, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut buf = Vec::with_capacity(512);
        let mut secrets: Vec<Tracked> = Vec::with_capacity(n_secrets);
        for _ in 1..rows {
            ctx.now += rng.gen_range(1..=90);
            let event = if secrets.len() < n_secrets {
                let i = secrets.len();
                let name = secret_name(i);
                let value = new_value(&mut rng, i, 1);
                let mut metadata = BTreeMap::new();
                metadata.insert("owner".to_owned(), format!("team-{}", i % 7));
                store::insert(
                    &ctx,
                    &NewSecret {
                        name: name.clone(),
                        kind: "api_key".to_owned(),
                        description: Some(format!("benchmark secret {i}")),
                        tags: vec![ENVS[i % 3].to_owned()],
                        metadata,
                        activates_at: None,
                        expires_at: None,
                        value: value.as_bytes(),
                    },
                )?;
                let fingerprint = ctx.fingerprint(value.as_bytes());
                let secret = store::find(db, &name)?;
                secrets.push(Tracked {
                    secret,
                    fingerprint: fingerprint.clone(),
                    value,
                    last_read: None,
                });
                Event::secret(Action::Created, &name, Some(1))
                    .detail("fingerprint", fingerprint)
                    .detail("type", "api_key")
            } else {
                let roll = rng.gen_range(0..100);
                // Most secret events touch the hot tenth.
                let k = if rng.gen_range(0..10) < 8 {
                    rng.gen_range(0..hot)
                } else {
                    rng.gen_range(0..n_secrets)
                };
                let t = &mut secrets[k];
                if roll < 86 {
                    t.last_read = Some(ctx.now);
                    Event::secret(Action::Accessed, &t.secret.name, Some(t.secret.version))
                        .detail("fingerprint", t.fingerprint.clone())
                } else if roll < 96 {
                    let v = t.secret.version + 1;
                    let value = new_value(&mut rng, k, v);
                    store::add_version(&ctx, &t.secret, value.as_bytes(), "update", None)?;
                    t.secret.version = v;
                    t.fingerprint = ctx.fingerprint(value.as_bytes());
                    t.value = value;
                    Event::secret(Action::Updated, &t.secret.name, Some(v))
                        .detail("fingerprint", t.fingerprint.clone())
                } else {
                    Event::vault(Action::Listed).detail("count", n_secrets.to_string())
                }
            };
            // A row that changes a secret records its state, as
            // store::Ctx::audit does (audit::bind).
            let mut event = event;
            if event.resource == Resource::Secrets
                && !event.action.is_read()
                && let Some(name) = event.target.clone()
                && let Some(facts) = coffer::audit::bind::read_facts(db, Some(&name))?.pop()
            {
                event = event.detail("state", facts.digest());
            }
            // What audit::append does, without its per-row head query and
            // statement preparation.
            let seq = head.seq + 1;
            audit::encode_canonical(
                &mut buf,
                &vault_id,
                RowFields {
                    seq,
                    ts: ctx.now,
                    actor: &ctx.actor,
                    action: event.action.as_str(),
                    resource: event.resource.as_str(),
                    target: event.target.as_deref(),
                    version: event.version,
                    details: coffer::audit::Details::Map(&event.details),
                },
            );
            let hash = audit::row_hash(&head.hash, &buf);
            let details = serde_json::to_string(&event.details).expect("a string map encodes");
            insert.execute(params![
                seq,
                ctx.now,
                ctx.actor,
                event.action.as_str(),
                event.resource.as_str(),
                event.target,
                event.version,
                details,
                head.hash,
                hash,
            ])?;
            head = Head { seq, hash };
        }
        db.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            params![audit::HEAD_KEY, head.to_string()],
        )?;
        assert_eq!(head.seq, rows as i64, "the build wrote the wrong number of rows");
        let mut read = db.prepare("UPDATE secret SET last_read_at = ?2 WHERE id = ?1")?;
        for t in &secrets {
            if let Some(at) = t.last_read {
                read.execute(params![t.secret.id, at])?;
            }
        }
        let g = &secrets[get_index.min(secrets.len() - 1)];
        get = (g.secret.name.clone(), g.value.clone());
        Ok(())
    })
    .expect("build the vault");
    // The library's own walk must accept what was built.
    let report = vault.verify().expect("verify the built vault");
    assert!(
        report.status.allows_writes() && report.rows == rows as i64,
        "the built vault does not verify: {} ({} rows)",
        report.summary(),
        report.rows
    );
    drop(vault); // releases the lock
    Info {
        rows,
        secrets: n_secrets,
        get_name: get.0,
        get_value: get.1,
        build_secs: start.elapsed().as_secs_f64(),
    }
}

struct Split {
    reps: usize,
    identity: Duration,
    decrypt: Duration,
    open: Duration,
    verify: Duration,
    save: Duration,
    image_bytes: u64,
    /// The biggest tables and indexes of the image, bytes by name.
    objects: Vec<(String, u64)>,
    walk_rows: usize,
    canonical_bytes: u64,
    /// Cumulative passes over the log: read, + JSON, + encode, + hash.
    passes: Vec<(&'static str, Duration)>,
}

/// Time the parts of `audit:verify` and of one audited write in this process.
fn split(loc: &Location, rows: usize) -> Split {
    let reps = 3;
    let mut identity = Vec::new();
    let mut decrypt = Vec::new();
    let mut open = Vec::new();
    let mut verify = Vec::new();
    let mut save = Vec::new();
    let mut passes: Vec<Vec<Duration>> = vec![Vec::new(); 4];
    let mut image_bytes = 0;
    let mut objects = Vec::new();
    let mut canonical_bytes = 0;
    let mut walk_rows = rows;
    for rep in 0..reps {
        let t = Instant::now();
        let id = coffer::vault::identity::load(&loc.identity, &loc.passphrase).unwrap();
        identity.push(t.elapsed());

        let t = Instant::now();
        decrypt_only(&loc.vault, &id);
        decrypt.push(t.elapsed());

        let t = Instant::now();
        let mut vault = Vault::open_write(loc).unwrap();
        open.push(t.elapsed());
        image_bytes = common::image_bytes(vault.conn());
        if rep == 0 {
            objects = image_objects(vault.conn());
        }

        let t = Instant::now();
        let report = vault.verify().unwrap();
        verify.push(t.elapsed());
        assert!(
            report.status.allows_writes() && report.rows == (rows + rep) as i64,
            "in-process verify: {} ({} rows)",
            report.summary(),
            report.rows
        );
        walk_rows = report.rows as usize;

        let vault_id = vault.id().unwrap();
        let (times, bytes) = walk_passes(vault.conn(), &vault_id, walk_rows);
        canonical_bytes = bytes;
        for (i, d) in times.into_iter().enumerate() {
            passes[i].push(d);
        }

        // One audited write: Vault::write verifies what this machine has
        // not (all of it, the first time), then appends a record.
        let t = Instant::now();
        vault
            .write(|ctx| ctx.audit(Event::vault(Action::Listed).detail("count", "0")))
            .unwrap();
        save.push(t.elapsed().saturating_sub(*verify.last().unwrap()));
    }
    let med = |mut v: Vec<Duration>| {
        v.sort();
        median(&v)
    };
    let names = [
        "read rows (SELECT, every column)",
        "+ parse details JSON",
        "+ MessagePack canonical encoding",
        "+ SHA-256 (all of a row's work)",
    ];
    Split {
        reps,
        identity: med(identity),
        decrypt: med(decrypt),
        open: med(open),
        verify: med(verify),
        save: med(save),
        image_bytes,
        objects,
        walk_rows,
        canonical_bytes,
        passes: names.into_iter().zip(passes.into_iter().map(med)).collect(),
    }
}

/// The biggest tables and indexes of the image (SQLite's dbstat), largest first.
fn image_objects(db: &rusqlite::Connection) -> Vec<(String, u64)> {
    let mut stmt = db
        .prepare(
            "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY SUM(pgsize) DESC LIMIT 4",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Decrypt the vault file to nowhere: the age part of opening it.
fn decrypt_only(path: &Path, identity: &age::x25519::Identity) {
    let file = std::fs::File::open(path).unwrap();
    let decryptor = age::Decryptor::new_buffered(std::io::BufReader::new(file)).unwrap();
    let mut plain = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .unwrap();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        match plain.read(&mut buf).unwrap() {
            0 => break,
            n => total += n as u64,
        }
    }
    assert!(total > 0);
}

/// Four passes over the audit table, each doing one step more of what the
/// verify walk does per row. Returns the time of each pass and the canonical
/// bytes hashed.
fn walk_passes(db: &rusqlite::Connection, vault_id: &str, rows: usize) -> (Vec<Duration>, u64) {
    let mut times = Vec::new();
    let mut bytes = 0u64;
    let empty = BTreeMap::new();
    for steps in 1..=4 {
        let t = Instant::now();
        let mut stmt = db
            .prepare(
                "SELECT seq, ts, actor, action, resource, target, version, details, prev_hash, hash
                   FROM audit ORDER BY seq",
            )
            .unwrap();
        let mut q = stmt.query([]).unwrap();
        let mut buf = Vec::with_capacity(512);
        let mut n = 0usize;
        let mut sink = 0u64;
        bytes = 0;
        while let Some(r) = q.next().unwrap() {
            n += 1;
            let int = |i| match r.get_ref(i).unwrap() {
                ValueRef::Integer(v) => Some(v),
                _ => None,
            };
            let text = |i| match r.get_ref(i).unwrap() {
                ValueRef::Text(t) => Some(std::str::from_utf8(t).unwrap()),
                _ => None,
            };
            let blob = |i| match r.get_ref(i).unwrap() {
                ValueRef::Blob(b) => b,
                _ => &[][..],
            };
            let seq = int(0).unwrap();
            let ts = int(1).unwrap();
            let actor = text(2).unwrap();
            let action = text(3).unwrap();
            let resource = text(4).unwrap();
            let target = text(5);
            let version = int(6);
            let details_text = text(7).unwrap();
            let prev = blob(8);
            let hash = blob(9);
            sink += (seq + ts) as u64
                + (actor.len() + action.len() + resource.len() + details_text.len()) as u64
                + target.map_or(0, str::len) as u64
                + version.unwrap_or(0) as u64
                + (prev.len() + hash.len()) as u64;
            if steps < 2 {
                continue;
            }
            let details: Option<BTreeMap<String, String>> = match details_text {
                "{}" => None,
                t => Some(serde_json::from_str(t).unwrap()),
            };
            if steps < 3 {
                sink += details.map_or(0, |d| d.len() as u64);
                continue;
            }
            audit::encode_canonical(
                &mut buf,
                vault_id,
                RowFields {
                    seq,
                    ts,
                    actor,
                    action,
                    resource,
                    target,
                    version,
                    details: coffer::audit::Details::Map(details.as_ref().unwrap_or(&empty)),
                },
            );
            bytes += buf.len() as u64;
            if steps < 4 {
                sink += buf[buf.len() - 1] as u64;
                continue;
            }
            let h = audit::row_hash(prev, &buf);
            assert_eq!(h, hash, "row {seq} does not hash to its stored hash");
        }
        std::hint::black_box(sink);
        assert_eq!(n, rows, "a pass read the wrong number of rows");
        times.push(t.elapsed());
    }
    (times, bytes)
}
