//! A fuzz harness over vault images: a real vault's decrypted SQLite image,
//! mutated (bytes flipped, runs overwritten, the file cut or grown, pages
//! swapped), signed again by its identity where it still opens as SQLite (an
//! insider's forgery) or left as it is (a damaged file), re-encrypted with
//! age, and then opened, verified, listed, read and written through the
//! library, as a command would. No mutation may panic, hang or change
//! anything, and every refusal must be exit 6 (integrity), or exit 1 for a
//! newer schema.
//!
//! CI runs a short pass; a long local run:
//!
//! ```sh
//! COFFER_FUZZ_ITERATIONS=100000 COFFER_FUZZ_SEED=7 cargo test --release --test it fuzz -- --nocapture
//! ```

use crate::common;

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use coffer::error::Exit;
use coffer::store;
use coffer::vault::{Location, Vault, identity::PassphraseSource};
use common::Env;
use rand::{Rng, SeedableRng, rngs::StdRng};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A vault with a little of everything: versions, tags, metadata, a
/// deleted and a disabled secret, reads, an acknowledged break.
fn seed_vault() -> Env {
    let env = Env::with_vault();
    env.run(&[
        "secrets:create",
        "A",
        "alpha",
        "--tags",
        "x,y",
        "--metadata",
        "k=v",
    ])
    .ok();
    env.run(&["secrets:update", "A", "alpha-2"]).ok();
    env.run(&["secrets:create", "prod/db/password", "--generate"])
        .ok();
    env.run(&["secrets:create", "GONE", "g"]).ok();
    env.run(&["secrets:delete", "GONE"]).ok();
    env.run(&["secrets:create", "OFF", "o", "--expires-in", "30d"])
        .ok();
    env.run(&["secrets:disable", "OFF"]).ok();
    env.run(&["secrets:get", "A"]).ok();
    env.run(&["secrets:rollback", "A"]).ok();
    env
}

/// One mutation of `image`.
fn mutate(rng: &mut StdRng, image: &[u8]) -> Vec<u8> {
    let mut out = image.to_vec();
    let page = 4096.min(out.len());
    match rng.gen_range(0..6) {
        // A few bytes flipped anywhere.
        0 => {
            for _ in 0..rng.gen_range(1..8) {
                let i = rng.gen_range(0..out.len());
                out[i] ^= 1 << rng.gen_range(0..8);
            }
        }
        // Bytes of the first page (header and sqlite_schema) changed.
        1 => {
            for _ in 0..rng.gen_range(1..4) {
                let i = rng.gen_range(0..page);
                out[i] = rng.r#gen();
            }
        }
        // A run overwritten with random bytes.
        2 => {
            let len = rng.gen_range(1..64).min(out.len());
            let at = rng.gen_range(0..=out.len() - len);
            rng.fill(&mut out[at..at + len]);
        }
        // Cut short or grown.
        3 => {
            if rng.gen_bool(0.5) {
                out.truncate(rng.gen_range(0..out.len()));
            } else {
                let extra = rng.gen_range(1..8192);
                out.extend((0..extra).map(|_| rng.r#gen::<u8>()));
            }
        }
        // Two pages swapped.
        4 => {
            let pages = out.len() / page;
            if pages >= 2 {
                let a = rng.gen_range(0..pages);
                let b = rng.gen_range(0..pages);
                for i in 0..page {
                    out.swap(a * page + i, b * page + i);
                }
            }
        }
        // A page copied over another.
        _ => {
            let pages = out.len() / page;
            if pages >= 2 {
                let a = rng.gen_range(0..pages);
                let b = rng.gen_range(0..pages);
                let copy = out[a * page..(a + 1) * page].to_vec();
                out[b * page..(b + 1) * page].copy_from_slice(&copy);
            }
        }
    }
    out
}

/// What one command did with a mutated vault.
fn exercise(loc: &Location) -> coffer::error::Result<()> {
    let vault = Vault::open_read(loc)?;
    let report = vault.verify()?;
    drop(vault);
    let mut vault = Vault::open_write(loc)?;
    vault.write(|ctx| {
        let db = ctx.db;
        let everything = store::Filter {
            include_deleted: true,
            include_disabled: true,
            ..Default::default()
        };
        for secret in store::list(db, &everything)? {
            if secret.check_readable(ctx.now).is_ok() {
                let v = store::version(db, &secret, None)?;
                ctx.audit(
                    coffer::audit::Event::secret(
                        coffer::model::Action::Accessed,
                        &secret.name,
                        Some(v.number),
                    )
                    .detail("fingerprint", ctx.fingerprint(&v.value)),
                )?;
            }
        }
        Ok(())
    })?;
    // A write went through: the report before it must have allowed it.
    assert!(report.status.allows_writes(), "{:?}", report.status);
    Ok(())
}

/// Sign an image again with `key`, if SQLite can still read and write it.
fn try_resign(image: &[u8], key: &ed25519_dalek::SigningKey) -> Option<Vec<u8>> {
    let dir = tempfile::tempdir().ok()?;
    let path = dir.path().join("v.db");
    std::fs::write(&path, image).ok()?;
    let conn = rusqlite::Connection::open(&path).ok()?;
    coffer::vault::sign::sign(&conn, key).ok()?;
    drop(conn);
    std::fs::read(&path).ok()
}

#[test]
fn mutated_images_never_panic_and_exit_6() {
    let iterations = env_number("COFFER_FUZZ_ITERATIONS", 300);
    let seed = env_number("COFFER_FUZZ_SEED", 1);
    let env = seed_vault();
    let image = env.image();
    let mut rng = StdRng::seed_from_u64(seed);
    let key = coffer::keys::signing_key(&common::load_identity(&env.identity()));
    let loc = Location {
        vault: env.path("fuzz.age"),
        identity: env.identity(),
        passphrase: PassphraseSource::default(),
        lock_timeout: Duration::from_secs(1),
        state_dir: Some(env.path("fuzz-state")),
        expect: Default::default(),
        read_only: false,
    };
    let started = Instant::now();
    let (mut opened, mut refused) = (0u64, 0u64);
    for i in 0..iterations {
        let mutated = mutate(&mut rng, &image);
        // An insider re-signs what still opens as SQLite; the rest stays as
        // damaged as it is.
        let mutated = try_resign(&mutated, &key).unwrap_or(mutated);
        common::encrypt_vault(&mutated, &loc.vault, &loc.identity);
        let _ = std::fs::remove_dir_all(env.path("fuzz-state"));
        let before = std::fs::read(&loc.vault).unwrap();
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| exercise(&loc)));
        let result = result.unwrap_or_else(|_| {
            std::fs::write(env.path("panic.db"), &mutated).unwrap();
            panic!("iteration {i} (seed {seed}) panicked; its image is in panic.db")
        });
        match result {
            Ok(()) => opened += 1,
            Err(e) => {
                refused += 1;
                let newer = e.exit == Exit::Failure && e.message.contains("newer than this coffer");
                assert!(
                    e.exit == Exit::Integrity || newer,
                    "iteration {i} (seed {seed}): exit {:?}: {}",
                    e.exit,
                    e.message
                );
                assert_eq!(
                    std::fs::read(&loc.vault).unwrap(),
                    before,
                    "iteration {i}: a refused vault was changed"
                );
            }
        }
    }
    eprintln!(
        "fuzz: {iterations} images (seed {seed}) in {:.1?}: {opened} opened, {refused} refused with exit 6",
        started.elapsed()
    );
}
