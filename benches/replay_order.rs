//! Ordering journal records for replay (`replay::order`), as a merge of
//! records from many devices, or a flood of records someone who can push
//! wrote, hands it over (issue 17, item 4: 5,000 such records took 1.5 s
//! and 20,000 took 30 s with the scan this replaced).
//!
//! Two shapes of N records (default 20,000), each timed over a few runs:
//!
//! - `siblings`: every record written on the checkpoint's last record, each
//!   from its own device: all N ready at once, the worst case for a scan of
//!   the ready records;
//! - `runs`: 100 devices' chains of N/100 records each, all on the
//!   checkpoint's last record, as a merge of many clones' offline work.
//!
//! Records are built with the library's own `record::encode` (signed, as
//! replay checks them before ordering). `cargo bench --bench replay_order`
//! runs it; `-- --records N` sets N. Without `--bench` (as `cargo test
//! --all-targets` runs it) it is a smoke test with 200 records.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use coffer::vault::journal::{Frame, Log, Stamp};
use coffer::vault::record::{self, Header, Id};
use coffer::vault::replay;
use common::{median, ms};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bench = args.iter().any(|a| a == "--bench");
    let n: usize = args
        .iter()
        .position(|a| a == "--records")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(if bench { 20_000 } else { 200 });
    let runs = if bench { 5 } else { 1 };
    let base: Id = [7; 32];
    let known: BTreeMap<Id, u64> = BTreeMap::from([(base, 0)]);
    for (shape, chains) in [("siblings", n), ("runs", 100.min(n))] {
        let logs = build(n, chains, base);
        let mut times: Vec<Duration> = Vec::new();
        for _ in 0..runs {
            let pending: Vec<replay::Pending<'_>> = logs
                .iter()
                .flat_map(|l| l.frames.iter().map(move |f| (l, &f.record, f.offset)))
                .collect();
            let start = Instant::now();
            let ordered = replay::order(pending, Some(base), &known).expect("no orphans");
            times.push(start.elapsed());
            assert_eq!(ordered.len(), n);
        }
        times.sort();
        println!(
            "order {n} records ({shape}, {chains} devices): median {:.1} ms",
            ms(median(&times))
        );
    }
}

/// `n` records in `chains` devices' logs, each chain starting on `base`.
fn build(n: usize, chains: usize, base: Id) -> Vec<Log> {
    let signer = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
    let (vault, key) = ([1u8; 16], [2u8; 32]);
    let per = n.div_ceil(chains);
    let mut left = n;
    let mut logs = Vec::new();
    for c in 0..chains {
        let device = (c as u64).to_be_bytes();
        let mut frames = Vec::new();
        let mut parent = base;
        for seq in 1..=per.min(left) as u64 {
            let header = Header {
                device,
                seq,
                lamport: seq,
                parents: vec![parent],
                author: signer.verifying_key().to_bytes(),
            };
            let (stored, id) = record::encode(&vault, &key, &signer, &header, [3; 16], b"ops");
            frames.push(Frame {
                offset: (seq - 1) * (4 + stored.len() as u64),
                record: record::decode(&stored).expect("a record it wrote"),
            });
            parent = id;
        }
        left -= frames.len();
        logs.push(Log {
            device,
            path: PathBuf::from(format!("{}.log", hex::encode(device))),
            frames,
            valid_len: 0,
            stamp: Stamp::default(),
        });
    }
    logs
}
