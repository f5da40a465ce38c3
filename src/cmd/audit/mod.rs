//! The `audit:` commands, one module each: read the log, verify the chain,
//! keep and check its head, acknowledge a break, fingerprint a value. None of
//! them is itself an audited event except `audit:acknowledge`, which is a write.

pub mod acknowledge;
pub mod checkpoint;
pub mod hash;
pub mod logs;
pub mod verify;
