//! What the agent costs a read: `secrets:get NAME` on one vault of 1,000
//! secrets, opened with an unprotected identity file, against the same
//! identity protected by a passphrase and unlocked (`coffer unlock`), so
//! that every open unwraps the file key and signs the read's audit record
//! through the agent's socket. The target (issue 10): at most 1 ms more.
//! For scale, one `get` with `--passphrase-file` (scrypt every time).
//!
//! `cargo bench --bench agent` runs it (`-- --quick`: fewer runs). Without
//! `--bench` (as `cargo test --all-targets` runs it) it is a smoke test:
//! 100 secrets, a few runs.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use coffer::vault::Location;
use coffer::vault::identity::PassphraseSource;
use common::{Runner, median, ms, p90};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bench = args.iter().any(|a| a == "--bench");
    let quick = args.iter().any(|a| a == "--quick");
    let (n, runs) = match (bench, quick) {
        (false, _) => (100, 3),
        (true, true) => (1000, 51),
        (true, false) => (1000, 301),
    };
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_coffer"));
    let dir = tempfile::tempdir().expect("temp dir");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let folder = dir.path().join("vault");
    let (plain, protected, pass) = build(&folder, n);
    let run_plain = Runner {
        bin: &bin,
        home: &home,
        loc: &plain,
    };
    let run_agent = Runner {
        bin: &bin,
        home: &home,
        loc: &protected,
    };
    let pass_arg = pass.to_str().unwrap().to_owned();
    run_agent.once(&[
        "unlock".into(),
        "--passphrase-file".into(),
        pass_arg.clone(),
        "--ttl".into(),
        "1h".into(),
    ]);
    let name = format!("bench/secret-{:05}", n / 2);
    let get = ["secrets:get".to_owned(), name];
    assert_eq!(run_plain.once(&get), run_agent.once(&get));

    // Interleaved, so that both see the same journal length and machine load.
    let (mut t_plain, mut t_agent) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        run_plain.once(&get);
        t_plain.push(t.elapsed());
        let t = Instant::now();
        run_agent.once(&get);
        t_agent.push(t.elapsed());
    }
    let mut with_pass = Vec::new();
    for _ in 0..runs.min(5) {
        let mut args = get.to_vec();
        args.extend(["--passphrase-file".to_owned(), pass_arg.clone()]);
        run_agent.once(&["lock".into()]);
        let t = Instant::now();
        run_agent.once(&args);
        with_pass.push(t.elapsed());
    }
    run_agent.once(&["lock".into()]);
    for t in [&mut t_plain, &mut t_agent, &mut with_pass] {
        t.sort();
    }
    println!("secrets:get on {n} secrets, {runs} interleaved runs each, wall time in ms");
    println!("{:<44} {:>8} {:>8}", "", "median", "p90");
    let line = |label: &str, t: &[Duration]| {
        println!("{label:<44} {:>8.2} {:>8.2}", ms(median(t)), ms(p90(t)));
    };
    line("unprotected identity", &t_plain);
    line("protected identity, unlocked (agent)", &t_agent);
    line("protected identity, --passphrase-file", &with_pass);
    let extra = ms(median(&t_agent)) - ms(median(&t_plain));
    println!(
        "the agent adds {extra:.2} ms to the median (target: at most 1 ms){}",
        if extra <= 1.0 {
            ""
        } else {
            "  ** over target **"
        }
    );
}

/// A vault of `n` secrets, with one identity in two files: plain, and
/// protected by a passphrase (in `pass.txt`). Returns both locations.
fn build(folder: &Path, n: usize) -> (Location, Location, PathBuf) {
    std::fs::create_dir_all(folder).unwrap();
    let pass = folder.join("pass.txt");
    std::fs::write(&pass, "bench passphrase\n").unwrap();
    let loc = |identity: &str| common::location(folder, identity);
    let (plain, protected) = (loc("identity.txt"), loc("protected.txt"));
    coffer::vault::identity::create(
        &protected.identity,
        Some(age::secrecy::SecretString::from(
            "bench passphrase".to_owned(),
        )),
    )
    .expect("identity");
    let from_file = PassphraseSource {
        file: Some(pass.clone()),
        ..Default::default()
    };
    let identity = coffer::vault::identity::load(&protected.identity, &from_file).unwrap();
    {
        use age::secrecy::ExposeSecret;
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&plain.identity)
            .unwrap();
        writeln!(f, "{}", identity.to_string().expose_secret()).unwrap();
    }
    let secrets = (0..n).map(|i| {
        (
            format!("bench/secret-{i:05}"),
            format!("value-{i:05}-0123456789abcdef"),
        )
    });
    common::create_vault(&plain, identity, &["bench"], secrets);
    (plain, protected, pass)
}
