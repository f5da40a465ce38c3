//! coffer's integration tests, as one test binary (one link instead of one
//! per file): each module runs the real `coffer` binary on temp vaults, with
//! HOME and the XDG folders in a temp dir (see `common`).

mod agent;
mod audit_commands;
mod audit_tamper;
mod audit_vectors;
mod bad_input;
mod common;
mod completion_shells;
mod daily;
mod exchange;
mod forgery;
mod fuzz;
mod generated;
mod git;
mod gitsurface;
mod hardening;
mod hygiene;
mod interop;
mod journal;
mod layout;
mod life;
mod man_pages;
mod merge;
mod pushattack;
mod reliability;
mod scan;
mod snapshots;
mod typed;
// Completion of names, aliases, flag suggestions, the README's tour.
mod readme;
mod suggestions;
