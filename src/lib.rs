//! coffer: a command-line secrets manager. A vault is an age-encrypted SQLite
//! checkpoint and a journal of signed records beside it, holding every
//! version of every secret and a hash-chained audit log.
//!
//! The binary is a thin `main`; this library holds the program so that tests,
//! benchmarks and the man page and completion generators share it.
#![deny(unsafe_code)]

pub mod agent;
pub mod audit;
pub mod cli;
pub mod cmd;
pub mod completions;
pub mod error;
pub mod fsutil;
pub mod man;
pub mod model;
pub mod output;
pub mod store;
pub mod time;
pub mod typecheck;
pub mod vault;
