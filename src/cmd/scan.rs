//! `coffer scan [PATH...]`: find where the vault's current values appear,
//! verbatim, in a tree of files (Teller's `scan`, gitleaks for one vault).
//!
//! The current value of every readable secret is read in one audited
//! transaction (one `scanned` row naming the secrets read, never a value),
//! then the vault is unlocked and the tree is walked the way ripgrep walks
//! it: the `ignore` crate's parallel walker (`.gitignore` inside a git
//! repository, `.ignore`, `.git/info/exclude`), and
//! one Aho-Corasick automaton over all values, searched in each file read
//! whole into a buffer. A file holding a NUL byte is binary and skipped
//! unless `--binary` (ripgrep's heuristic). What is reported is a file, a
//! line number and a secret's name: never the value, never the line.
//!
//! Hidden files are searched (unlike ripgrep's default; `--no-hidden`
//! skips them): `.env` is where a value leaks first. A `.git` folder inside
//! the tree is never entered: it is git's store, not the work tree (its
//! objects are compressed, so a value there would not be found anyway).
//!
//! Only verbatim occurrences are found: a value split across lines, quoted
//! with escapes, base64-encoded or otherwise transformed is not. Values
//! shorter than [`MIN_VALUE_BYTES`] are not searched: they would match
//! everywhere and mean nothing (their count is reported).
//!
//! Exit status: 0 when nothing was found, 1 when a value was found (or a
//! file could not be read, so the tree could not be cleared), 3 when a PATH
//! does not exist, and the usual codes for a vault that does not open.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use aho_corasick::AhoCorasick;
use clap::Args;
use ignore::{WalkBuilder, WalkState};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::audit::Event;
use crate::cmd::{Examples, ShowFormat};
use crate::error::{Error, Result};
use crate::model::Action;
use crate::output;
use crate::store;
use crate::vault::Location;

/// Find where the vault's current values appear verbatim in files
///
/// Reads the current value of every readable secret (one audited
/// `scanned` read naming them) and searches PATH (default: the current
/// folder) for each, as ripgrep walks a tree: `.gitignore` inside a git
/// repository, `.ignore` and `.git/info/exclude` are respected
/// (--no-ignore to search what they leave out). Hidden files such as
/// `.env` are searched (--no-hidden skips them), `.git` folders never; a
/// file holding a NUL byte is binary and skipped (--binary to search it).
/// Prints FILE:LINE: NAME for each line holding a value, never the value
/// or the line. Only verbatim occurrences are found: a value split
/// across lines, escaped or encoded is not. Values shorter than 6 bytes
/// are not searched for (their count is printed on stderr). Exit 0 when
/// nothing was found, 1 when a value was found or a file could not be
/// read, 3 when a PATH does not exist. As a git pre-commit hook:
/// `git diff --cached --name-only -z --diff-filter=ACMR | xargs -0 -r coffer scan --`
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Folders and files to search [default: .]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Skip hidden files and folders (names starting with `.`), which are
    /// searched by default (`.git/` never is)
    #[arg(long)]
    pub no_hidden: bool,
    /// Search files that .gitignore, .ignore or .git/info/exclude leave out
    #[arg(long)]
    pub no_ignore: bool,
    /// Search binary files (those holding a NUL byte) too
    #[arg(long)]
    pub binary: bool,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
    /// Search hidden files too: the default since coffer 0.2.1; kept so that
    /// scripts that give it go on working
    #[arg(long, hide = true, conflicts_with = "no_hidden")]
    pub hidden: bool,
}

/// Examples for `coffer scan --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Is any value of the vault in this repository?",
        "coffer scan",
    ),
    (
        "Ignored files too, as JSON",
        "coffer scan --no-ignore --format json",
    ),
    (
        "In a git pre-commit hook: the files about to be committed",
        "git diff --cached --name-only -z --diff-filter=ACMR | xargs -0 -r coffer scan --",
    ),
];

/// Values shorter than this many bytes are not searched for.
pub const MIN_VALUE_BYTES: usize = 6;

/// One place a value was found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
struct Finding {
    path: String,
    line: u64,
    name: String,
}

/// What a scan found, and what it left out.
#[derive(Debug, Default, Serialize)]
struct Report {
    findings: Vec<Finding>,
    /// Secrets whose current value was searched for.
    secrets_searched: usize,
    /// Secrets whose value is shorter than [`MIN_VALUE_BYTES`].
    skipped_short: usize,
    /// Secrets not read: disabled, not yet active, or in conflict.
    skipped_unreadable: usize,
    files_searched: u64,
    /// Files with a NUL byte, not searched (see `--binary`).
    binary_files_skipped: u64,
    /// Files and folders that could not be read.
    errors: u64,
}

/// The values to look for: each distinct value once, with the names of the
/// secrets that hold it.
struct Needles {
    values: Vec<Zeroizing<Vec<u8>>>,
    names: Vec<Vec<String>>,
}

pub fn run(loc: &Location, args: &ScanArgs) -> Result<()> {
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    // Refuse a mistyped path before anything is read or recorded.
    for root in &roots {
        if std::fs::symlink_metadata(root).is_err() {
            return Err(Error::not_found(format!(
                "{} does not exist",
                output::clean_line(&root.display().to_string())
            ))
            .hint("give folders or files to scan (default: the current folder)"));
        }
    }
    let mut report = Report::default();
    let needles = crate::vault::transact_for(loc, crate::vault::Intent::Read, |ctx| {
        let secrets = store::list(
            ctx.db,
            &store::Filter {
                include_disabled: true,
                ..Default::default()
            },
        )?;
        let mut held: Vec<(Zeroizing<Vec<u8>>, String)> = Vec::new();
        let mut read = Vec::new();
        for secret in secrets {
            if secret.check_readable(ctx.now).is_err() || secret.check_not_in_conflict().is_err() {
                report.skipped_unreadable += 1;
                continue;
            }
            let version = store::version(ctx.db, &secret, None)?;
            read.push(secret.name.clone());
            if version.value.len() < MIN_VALUE_BYTES {
                report.skipped_short += 1;
                continue;
            }
            held.push((version.value, secret.name));
        }
        // One row for the whole read: names (they hold no whitespace) and
        // a count, never a value or a fingerprint.
        ctx.audit(
            Event::vault(Action::Scanned)
                .detail("count", read.len().to_string())
                .detail("names", read.join(" ")),
        )?;
        report.secrets_searched = read.len() - report.skipped_short;
        // Secrets holding the same value share one pattern.
        held.sort_by(|a, b| a.0.as_slice().cmp(b.0.as_slice()));
        let mut needles = Needles {
            values: Vec::new(),
            names: Vec::new(),
        };
        for (value, name) in held {
            if needles.values.last().is_some_and(|v| **v == *value) {
                needles.names.last_mut().expect("one per value").push(name);
            } else {
                needles.values.push(value);
                needles.names.push(vec![name]);
            }
        }
        Ok(needles)
    })?;

    if !needles.values.is_empty() {
        search(&roots, args, &needles, &mut report)?;
    }
    drop(needles);
    report.findings.sort();
    report.findings.dedup();
    print(args, &report)?;
    if !report.findings.is_empty() {
        let mut quiet = Error::failure("values found");
        quiet.quiet = true;
        return Err(quiet);
    }
    if report.errors > 0 {
        let n = report.errors;
        return Err(Error::failure(format!(
            "{n} {} could not be read, so the scan is incomplete",
            output::plural(n, "file or folder", "files or folders")
        ))
        .hint("see the warnings above; fix their permissions or leave them out"));
    }
    Ok(())
}

/// Walk `roots` in parallel and search every file for every value.
fn search(
    roots: &[PathBuf],
    args: &ScanArgs,
    needles: &Needles,
    report: &mut Report,
) -> Result<()> {
    // The automaton copies the values into its own tables, which the
    // aho-corasick crate does not zeroize when it is dropped: those bytes
    // stay in freed heap memory until it is reused. It lives only for this
    // function (dropped as it returns, before anything is printed), and
    // coffer makes no core dumps (main.rs), which is the best this crate
    // allows.
    let automaton = AhoCorasick::builder()
        .build(needles.values.iter().map(|v| v.as_slice()))
        .map_err(|e| Error::failure(format!("cannot build the value matcher: {e}")))?;

    let mut walk = WalkBuilder::new(&roots[0]);
    for root in &roots[1..] {
        walk.add(root);
    }
    walk.hidden(args.no_hidden)
        // Never into a `.git` below a root (a root named on the command
        // line is searched as given).
        .filter_entry(|entry| entry.depth() == 0 || entry.file_name() != ".git")
        .ignore(!args.no_ignore)
        .git_ignore(!args.no_ignore)
        .git_exclude(!args.no_ignore)
        .git_global(!args.no_ignore)
        .parents(!args.no_ignore);

    let findings = Mutex::new(Vec::new());
    let (searched, binary, errors) = (AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0));
    let default_root = args.paths.is_empty();
    walk.build_parallel().run(|| {
        // One buffer per thread, reused from file to file: file contents may
        // hold values, so it is zeroized when the thread is done.
        let mut buf = Zeroizing::new(Vec::new());
        let (automaton, findings) = (&automaton, &findings);
        let (searched, binary, errors) = (&searched, &binary, &errors);
        Box::new(move |entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    output::warn(&output::clean_line(&e.to_string()));
                    errors.fetch_add(1, Ordering::Relaxed);
                    return WalkState::Continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                return WalkState::Continue;
            }
            let path = entry.path();
            buf.clear();
            if let Err(e) = std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut buf)) {
                output::warn(&format!(
                    "cannot read {}: {e}",
                    output::clean_line(&path.display().to_string())
                ));
                errors.fetch_add(1, Ordering::Relaxed);
                return WalkState::Continue;
            }
            if !args.binary && buf.contains(&0) {
                binary.fetch_add(1, Ordering::Relaxed);
                return WalkState::Continue;
            }
            searched.fetch_add(1, Ordering::Relaxed);
            let hits = lines_of(automaton, &buf);
            if !hits.is_empty() {
                let shown = shown(path, default_root);
                let mut findings = findings.lock().expect("no panics while held");
                for (line, pattern) in hits {
                    for name in &needles.names[pattern] {
                        findings.push(Finding {
                            path: shown.clone(),
                            line,
                            name: name.clone(),
                        });
                    }
                }
            }
            WalkState::Continue
        })
    });
    drop(automaton);
    report.files_searched += searched.into_inner();
    report.binary_files_skipped += binary.into_inner();
    report.errors += errors.into_inner();
    report
        .findings
        .extend(findings.into_inner().expect("no panics while held"));
    Ok(())
}

/// Each (line number, value index) where a value occurs in `text`, one per
/// value per line, in order. Overlapping occurrences count: a value found
/// inside a longer one is reported too.
fn lines_of(automaton: &AhoCorasick, text: &[u8]) -> Vec<(u64, usize)> {
    let mut hits: Vec<(usize, usize)> = automaton
        .find_overlapping_iter(text)
        .map(|m| (m.start(), m.pattern().as_usize()))
        .collect();
    if hits.is_empty() {
        return Vec::new();
    }
    hits.sort_unstable();
    let mut out = BTreeSet::new();
    let (mut line, mut at) = (1u64, 0usize);
    for (start, pattern) in hits {
        line += text[at..start].iter().filter(|&&b| b == b'\n').count() as u64;
        at = start;
        out.insert((line, pattern));
    }
    out.into_iter().collect()
}

/// A path as printed: without the `./` the default root adds.
fn shown(path: &Path, default_root: bool) -> String {
    let path = if default_root {
        path.strip_prefix(".").unwrap_or(path)
    } else {
        path
    };
    output::clean_line(&path.display().to_string())
}

fn print(args: &ScanArgs, report: &Report) -> Result<()> {
    if report.skipped_short > 0 {
        let n = report.skipped_short as u64;
        output::warn(&format!(
            "{} shorter than {MIN_VALUE_BYTES} bytes {} not searched for",
            output::count(n, "value"),
            output::plural(n, "was", "were")
        ));
    }
    match args.format {
        ShowFormat::Json => output::json(report),
        ShowFormat::Table => {
            let mut out = String::new();
            for f in &report.findings {
                out.push_str(&format!("{}:{}: {}\n", f.path, f.line, f.name));
            }
            output::write_stdout(out.as_bytes())?;
            if !report.findings.is_empty() {
                let files: BTreeSet<&str> =
                    report.findings.iter().map(|f| f.path.as_str()).collect();
                let secrets: BTreeSet<&str> =
                    report.findings.iter().map(|f| f.name.as_str()).collect();
                output::warn(&format!(
                    "found the {} of {} in {} ({})",
                    output::plural(secrets.len() as u64, "value", "values"),
                    output::count(secrets.len() as u64, "secret"),
                    output::count(files.len() as u64, "file"),
                    output::count(report.findings.len() as u64, "place")
                ));
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(values: &[&str], text: &str) -> Vec<(u64, usize)> {
        lines_of(&AhoCorasick::new(values).unwrap(), text.as_bytes())
    }

    #[test]
    fn finds_each_value_once_per_line() {
        let text = "a\nxx secret1 secret2 secret1\n\nsecret2\n";
        assert_eq!(
            lines(&["secret1", "secret2"], text),
            vec![(2, 0), (2, 1), (4, 1)]
        );
    }

    #[test]
    fn a_value_inside_another_is_found_too() {
        assert_eq!(
            lines(&["abcdefgh", "cdef"], "abcdefgh"),
            vec![(1, 0), (1, 1)]
        );
    }

    #[test]
    fn a_value_split_across_lines_is_not_found() {
        assert!(lines(&["abcdefgh"], "abcd\nefgh\n").is_empty());
    }
}
