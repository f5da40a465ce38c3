//! `coffer sync`: share a vault through git, as `gopass sync` does. Sets up
//! the files git needs (`.gitattributes`, `.gitignore`, the textconv driver
//! in the repository's config), commits the vault's changes with a message
//! that names what changed (never a value), then pulls and pushes when the
//! repository has a remote. Git runs as a child process; nothing secret is
//! in its arguments or environment.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::cli::SyncArgs;
use crate::error::{Error, Exit, Result};
use crate::output;
use crate::store::op::Op;
use crate::vault::{Location, Vault, journal, replay::Payload};

/// The lines coffer keeps in the vault folder's `.gitattributes` and
/// `.gitignore` (`{vault}` is the vault's file name).
const ATTRIBUTES: [&str; 2] = ["/{vault} diff=coffer", "/{journal}/*.log diff=coffer"];
const IGNORED: [&str; 2] = ["/{vault}.lock", "/.{vault}.*.tmp"];

pub fn run(loc: &Location, args: &SyncArgs) -> Result<()> {
    let dir = folder(&loc.vault);
    if git(&dir, &["rev-parse", "--show-toplevel"]).is_err() {
        return Err(Error::usage(format!(
            "the vault's folder {} is not in a git work tree",
            dir.display()
        ))
        .hint(format!(
            "make it one with `git -C {} init` (and add a remote to share it), then run `coffer sync` again",
            dir.display()
        )));
    }
    // A vault that does not open (damaged, from another history) is not
    // committed or pushed.
    Vault::open_write(loc)?.fold_if_due()?;
    setup(loc, &dir)?;
    let names = tracked_names(&loc.vault);
    let mut status: Vec<&str> = vec!["status", "--porcelain", "--"];
    status.extend(names.iter().map(String::as_str));
    let changed = !git(&dir, &status)?.trim().is_empty();
    let staged = changed && {
        let mut add: Vec<&str> = vec!["add", "--"];
        add.extend(names.iter().map(String::as_str));
        git(&dir, &add)?;
        !git_status(&dir, &["diff", "--cached", "--quiet", "--exit-code"])?
    };
    if staged {
        let what = changed_since_head(loc, &dir)?;
        let message = message(args.message.as_deref(), &what);
        git(&dir, &["commit", "--quiet", "--message", &message])?;
        output::line(&format!("committed: {}", first_line(&message)))?;
    } else {
        output::line("nothing to commit")?;
    }
    let upstream = git(
        &dir,
        &["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"],
    )
    .ok();
    match upstream {
        Some(upstream) => {
            let before = git(&dir, &["rev-parse", "HEAD"])?;
            pull(&dir, &[])?;
            let after = git(&dir, &["rev-parse", "HEAD"])?;
            if before != after {
                // What came in must replay: damage or an untrusted writer
                // stops here, before anything is pushed.
                opens_after_pull(loc, &dir)?;
                output::line(&format!("pulled from {}", upstream.trim()))?;
            }
            let ahead = git(&dir, &["rev-list", "--count", "@{u}..HEAD"])?;
            if !args.no_push && ahead.trim() != "0" {
                git(&dir, &["push", "--quiet"])?;
                output::line(&format!("pushed to {}", upstream.trim()))?;
            }
        }
        None if git(&dir, &["remote", "get-url", "origin"]).is_ok() => {
            let branch = git(&dir, &["rev-parse", "--abbrev-ref", "HEAD"])?;
            let branch = branch.trim();
            if !git(&dir, &["ls-remote", "--heads", "origin", branch])?
                .trim()
                .is_empty()
            {
                pull(&dir, &["origin", branch])?;
                opens_after_pull(loc, &dir)?;
            }
            if !args.no_push {
                git(
                    &dir,
                    &["push", "--quiet", "--set-upstream", "origin", branch],
                )?;
                output::line(&format!("pushed to origin/{branch}"))?;
            }
        }
        None => {
            output::line("no remote: committed only (add one with `git remote add origin URL`)")?
        }
    }
    Ok(())
}

/// `git pull` by merge: coffer's files merge by themselves (one log per
/// device, appended to; vault.age rewritten only by `vault:compact`).
fn pull(dir: &Path, extra: &[&str]) -> Result<()> {
    let mut args = vec!["pull", "--quiet", "--no-rebase", "--no-edit"];
    args.extend_from_slice(extra);
    git(dir, &args).map(|_| ()).map_err(|e| {
        if e.exit == Exit::Conflict {
            return e;
        }
        Error::conflict(format!("git pull did not merge: {}", e.message)).hint(
            "if both clones ran `coffer vault:compact`, keep either vault.age (`git checkout --theirs -- vault.age`, then `git add` and `git commit`): the journal holds every record; then run `coffer sync` again",
        )
    })
}

/// Whether the vault, as the pull left it, opens (damage, an untrusted
/// writer); if not, nothing is pushed.
fn opens_after_pull(loc: &Location, dir: &Path) -> Result<()> {
    match Vault::open_write(loc).and_then(|mut v| v.fold_if_due()) {
        Ok(()) => Ok(()),
        Err(e) => Err(e.hint(format!(
            "nothing was pushed; to go back to this clone's history, undo the pull with `git -C {} reset --hard ORIG_HEAD`",
            dir.display()
        ))),
    }
}

/// The folder holding the vault file.
fn folder(vault: &Path) -> PathBuf {
    match vault.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The vault's file and journal folder names, as the lines of coffer's git
/// files use them.
fn tracked_names(vault: &Path) -> Vec<String> {
    let file = vault
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let journal = journal::dir_for(vault)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    vec![
        file,
        journal,
        ".gitattributes".to_owned(),
        ".gitignore".to_owned(),
    ]
}

fn fill(line: &str, vault: &Path) -> String {
    let names = tracked_names(vault);
    line.replace("{vault}", &names[0])
        .replace("{journal}", &names[1])
}

/// Add coffer's lines to `.gitattributes` and `.gitignore` where missing,
/// and point the repository's `diff.coffer.textconv` at this coffer.
fn setup(loc: &Location, dir: &Path) -> Result<()> {
    for (file, lines) in [(".gitattributes", ATTRIBUTES), (".gitignore", IGNORED)] {
        let path = dir.join(file);
        let mut text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Error::io("cannot read", &path, e)),
        };
        let missing: Vec<String> = lines
            .iter()
            .map(|l| fill(l, &loc.vault))
            .filter(|l| !text.lines().any(|have| have.trim() == l))
            .collect();
        if missing.is_empty() {
            continue;
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for l in missing {
            text.push_str(&l);
            text.push('\n');
        }
        std::fs::write(&path, text).map_err(|e| Error::io("cannot write", &path, e))?;
    }
    let exe = std::env::current_exe()
        .map_err(|e| Error::failure(format!("cannot find coffer's own path: {e}")))?;
    let vault = std::fs::canonicalize(&loc.vault).unwrap_or_else(|_| loc.vault.clone());
    let driver = format!(
        "{} --vault {} vault:textconv",
        shell_word(&exe.to_string_lossy()),
        shell_word(&vault.to_string_lossy())
    );
    git(dir, &["config", "diff.coffer.textconv", &driver])?;
    Ok(())
}

/// A word for the shell git runs the driver with.
fn shell_word(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c))
    {
        s.to_owned()
    } else {
        output::shell_quote(s)
    }
}

/// What the records that HEAD's logs lack did: each audit action and the
/// secrets it names, in order of first appearance.
fn changed_since_head(loc: &Location, dir: &Path) -> Result<Vec<(String, Vec<String>, usize)>> {
    let journal_dir = journal::dir_for(&loc.vault);
    let Ok(entries) = std::fs::read_dir(&journal_dir) else {
        return Ok(Vec::new());
    };
    let mut keys = None;
    let mut out: Vec<(String, Vec<String>, usize)> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "log") {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::io("cannot read journal", &path, e))?;
        let rel = match path.strip_prefix(dir) {
            Ok(r) => r.to_string_lossy().into_owned(),
            Err(_) => continue,
        };
        let committed = git(dir, &["cat-file", "-s", &format!("HEAD:./{rel}")])
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .unwrap_or(0);
        let frames = journal::parse_bytes(&path, &bytes)?;
        for frame in frames.iter().filter(|f| f.offset >= committed) {
            if keys.is_none() {
                keys = Some(super::textconv::journal_keys(loc)?);
            }
            let (_, vault_id, key) = keys.as_ref().expect("set above");
            let Some(payload) = frame
                .record
                .open(vault_id, key)
                .ok()
                .and_then(|p| rmp_serde::from_slice::<Payload>(&p).ok())
            else {
                continue;
            };
            for op in &payload.ops {
                if let Op::Audit { action, target, .. } = op {
                    let i = match out.iter().position(|(a, ..)| a == action) {
                        Some(i) => i,
                        None => {
                            out.push((action.clone(), Vec::new(), 0));
                            out.len() - 1
                        }
                    };
                    out[i].2 += 1;
                    if let Some(t) = target
                        && !out[i].1.contains(t)
                    {
                        out[i].1.push(t.clone());
                    }
                }
            }
        }
    }
    Ok(out)
}

/// The commit message: the user's, or one naming what changed.
fn message(given: Option<&str>, what: &[(String, Vec<String>, usize)]) -> String {
    if let Some(m) = given {
        return m.to_owned();
    }
    let mut parts = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (action, names, n) in what {
        if names.is_empty() {
            *counts.entry(action).or_default() += n;
            continue;
        }
        const SHOWN: usize = 8;
        let mut shown: Vec<String> = names
            .iter()
            .take(SHOWN)
            .map(|n| output::clean_line(n))
            .collect();
        if names.len() > SHOWN {
            shown.push(format!("and {} more", names.len() - SHOWN));
        }
        parts.push(format!("{action} {}", shown.join(", ")));
    }
    for (action, n) in counts {
        parts.push(format!("{action} ×{n}"));
    }
    if parts.is_empty() {
        "coffer sync".to_owned()
    } else {
        format!("coffer: {}", parts.join("; "))
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// Run git in `dir`; its stdout, or an error with what it printed.
fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Error::failure(format!("cannot run git: {e}")).hint("install git, then try again")
        })?;
    if out.status.success() {
        return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    Err(Error::failure(format!(
        "git {} failed: {}",
        args.first().copied().unwrap_or(""),
        stderr.trim()
    )))
}

/// Run git for its exit status alone (0 true, 1 false).
fn git_status(dir: &Path, args: &[&str]) -> Result<bool> {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .map_err(|e| Error::failure(format!("cannot run git: {e}")))?;
    match status.code() {
        Some(0) => Ok(true),
        Some(1) => Ok(false),
        _ => Err(Error::failure(format!("git {} failed", args.join(" ")))),
    }
}
