//! `coffer sync`: share a vault through git, as `gopass sync` does. Sets up
//! the files git needs (`.gitattributes`, `.gitignore`, the textconv and
//! merge drivers in the repository's config), commits the vault's files
//! (only those: other staged changes in the repository are left alone) with
//! a message that names what changed (never a value), then fetches, merges,
//! settles secrets both sides changed by the merge policy, and pushes when
//! the repository has a remote. Git runs as a child process; nothing secret
//! is in its arguments or environment.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::audit::Event;
use crate::cli::{ShowFormat, SyncArgs};
use crate::error::{Error, Exit, Result};
use crate::output;
use crate::store::{self, op::Op};
use crate::vault::{Location, Vault, journal, replay::Payload};

/// The lines coffer keeps in the vault folder's `.gitattributes` and
/// `.gitignore` (`{vault}` is the vault's file name).
const ATTRIBUTES: [&str; 2] = [
    "/{vault} diff=coffer merge=coffer",
    "/{journal}/*.log diff=coffer",
];
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
    if args.status {
        return status(loc, &dir, args.format);
    }
    // A vault that does not open (damaged, from another history) is not
    // committed or pushed.
    Vault::open_write(loc)?.fold_if_due()?;
    setup(loc, &dir)?;
    if !commit(loc, &dir, args.message.as_deref())? {
        output::line("nothing to commit")?;
    }
    let upstream = git(
        &dir,
        &["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"],
    )
    .ok();
    match upstream {
        Some(upstream) => {
            git(&dir, &["fetch", "--quiet"])?;
            if integrate(loc, &dir, "@{u}", args.policy)? {
                output::line(&format!("pulled from {}", upstream.trim()))?;
                // What settling the merge wrote.
                commit(loc, &dir, None)?;
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
                git(&dir, &["fetch", "--quiet", "origin", branch])?;
                if integrate(loc, &dir, "FETCH_HEAD", args.policy)? {
                    commit(loc, &dir, None)?;
                }
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
    // Whatever merged the logs, the records decide what is in conflict; a
    // sync that leaves any is not a success a script should go on from.
    let left = in_conflict(loc)?;
    if !left.is_empty() {
        let names: Vec<String> = left.iter().map(|(n, _)| output::clean_line(n)).collect();
        let first = names[0].clone();
        return Err(Error::conflict(format!(
            "{} in conflict after the merge: {}",
            if names.len() == 1 {
                "1 secret is".to_owned()
            } else {
                format!("{} secrets are", names.len())
            },
            names.join(", ")
        ))
        .hint(format!(
            "both clones changed each; compare the versions with `coffer secrets:versions {first}`, then keep one with `coffer secrets:resolve {first} --version N` (or set a value with `coffer secrets:update`), and run `coffer sync` again"
        )));
    }
    Ok(())
}

/// The secrets in conflict, each with the versions to choose from
/// ([`store::CONFLICT_KEY`]), by name.
fn in_conflict(loc: &Location) -> Result<Vec<(String, String)>> {
    let vault = Vault::open_read(loc)?;
    let mut stmt = vault.conn().prepare(
        "SELECT s.name, m.value FROM metadata m JOIN secret s ON s.id = m.secret_id
          WHERE m.key = ?1 AND s.deleted_at IS NULL ORDER BY s.name",
    )?;
    let rows = stmt.query_map([store::CONFLICT_KEY], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Commit the vault's files if they changed, with `message` or one naming
/// what changed; whether there was a commit.
fn commit(loc: &Location, dir: &Path, message_given: Option<&str>) -> Result<bool> {
    let names = tracked_names(&loc.vault);
    let mut status: Vec<&str> = vec!["status", "--porcelain", "--"];
    status.extend(names.iter().map(String::as_str));
    if git(dir, &status)?.trim().is_empty() {
        return Ok(false);
    }
    let mut add: Vec<&str> = vec!["add", "--"];
    add.extend(names.iter().map(String::as_str));
    git(dir, &add)?;
    let mut staged: Vec<&str> = vec!["diff", "--cached", "--quiet", "--exit-code", "--"];
    staged.extend(names.iter().map(String::as_str));
    if git_status(dir, &staged)? {
        return Ok(false);
    }
    let what = changed_since_head(loc, dir)?;
    let message = message(message_given, &what);
    // Only the vault's files: whatever else the user staged stays staged.
    let mut commit: Vec<&str> = vec!["commit", "--quiet", "--message", &message, "--"];
    commit.extend(names.iter().map(String::as_str));
    git(dir, &commit)?;
    output::line(&format!("committed: {}", first_line(&message)))?;
    Ok(true)
}

/// Merge the fetched `rev` into this clone (coffer's files merge by
/// themselves: one log per device, appended to; vault.age rewritten only
/// by `vault:compact`), check the vault opens, and settle the secrets whose
/// value both sides changed by `policy` (or the vault's). Whether anything
/// came in.
fn integrate(
    loc: &Location,
    dir: &Path,
    rev: &str,
    policy: Option<crate::model::MergePolicy>,
) -> Result<bool> {
    // Nothing came in: nothing to merge.
    if git_status(dir, &["merge-base", "--is-ancestor", rev, "HEAD"])? {
        return Ok(false);
    }
    // What each side changed since they parted, before they are one.
    let (ours, theirs) = differing_records(loc, dir, rev)?;
    let before = git(dir, &["rev-parse", "HEAD"])?;
    merge(dir, rev)?;
    if git(dir, &["rev-parse", "HEAD"])? == before {
        return Ok(false);
    }
    // What came in must replay: damage or an untrusted writer stops here,
    // before anything is pushed.
    opens_after_pull(loc, dir)?;
    for (name, what) in settle(loc, &ours, &theirs, policy)? {
        output::line(&format!("{}: {what}", output::clean_line(&name)))?;
    }
    Ok(true)
}

/// The newest value each secret got in `payloads`.
fn last_values(payloads: &[Payload]) -> BTreeMap<String, zeroize::Zeroizing<Vec<u8>>> {
    let mut out = BTreeMap::new();
    for payload in payloads {
        for op in &payload.ops {
            if let Op::Version { name, value, .. } = op {
                out.insert(name.clone(), value.0.clone());
            }
        }
    }
    out
}

/// For each secret whose value both sides changed, after the merge kept
/// every version: under `ours` or `theirs`, make that side's newest value
/// current (a new version of kind merge, unless it already is and the
/// secret is not in conflict), which settles a conflict the replay found;
/// under `manual`, say the conflict the replay of the merged records found
/// (`replay::Renumbering`: whoever merged the logs finds the same), or,
/// when `--policy manual` overrides another vault policy, mark it. One
/// audited record, which the next push takes to the other clones.
fn settle(
    loc: &Location,
    ours: &[Payload],
    theirs: &[Payload],
    policy: Option<crate::model::MergePolicy>,
) -> Result<Vec<(String, String)>> {
    use crate::model::MergePolicy;
    let (ours, theirs) = (last_values(ours), last_values(theirs));
    let both: Vec<&String> = ours.keys().filter(|k| theirs.contains_key(*k)).collect();
    if both.is_empty() {
        return Ok(Vec::new());
    }
    crate::vault::transact(loc, |ctx| {
        let vault_policy = store::merge_policy(ctx.db)?;
        let policy = policy.unwrap_or(vault_policy);
        let mut said = Vec::new();
        for name in both {
            let secret = store::find(ctx.db, name)?;
            if secret.deleted_at.is_some() {
                // A delete on either side wins; restore brings every version.
                continue;
            }
            let versions = store::versions(ctx.db, &secret)?;
            let number_of = |v: &[u8]| {
                versions
                    .iter()
                    .rev()
                    .find(|x| *x.value == *v)
                    .map(|x| x.number)
            };
            let (o, t) = (number_of(&ours[name]), number_of(&theirs[name]));
            let (Some(o), Some(t)) = (o, t) else { continue };
            if o == t || *ours[name] == *theirs[name] {
                continue;
            }
            let current = versions.last().map(|v| v.number).unwrap_or(0);
            let marked = secret.metadata.get(store::CONFLICT_KEY).cloned();
            match policy {
                MergePolicy::Ours | MergePolicy::Theirs => {
                    let (want, source) = if policy == MergePolicy::Ours {
                        (&ours[name], o)
                    } else {
                        (&theirs[name], t)
                    };
                    if source == current && marked.is_none() {
                        said.push((
                            name.clone(),
                            format!(
                                "both clones changed it; version {current} ({}) is current",
                                policy.as_str()
                            ),
                        ));
                        continue;
                    }
                    if marked.is_some() {
                        store::unset_metadata(ctx, &secret, store::CONFLICT_KEY)?;
                    }
                    let n = store::add_version(ctx, &secret, want, "merge", Some(source))?;
                    ctx.audit(
                        Event::secret("merged", name, Some(n))
                            .detail("source_version", source.to_string())
                            .detail("policy", policy.as_str())
                            .detail("fingerprint", ctx.fingerprint(want)),
                    )?;
                    said.push((
                        name.clone(),
                        format!(
                            "both clones changed it; version {n} has version {source}'s value ({})",
                            policy.as_str()
                        ),
                    ));
                }
                MergePolicy::Manual => {
                    let versions = match marked {
                        Some(v) => v,
                        // The replay marks it under the vault's `manual`;
                        // nothing more, unless it did not.
                        None if vault_policy == MergePolicy::Manual => continue,
                        None => {
                            let versions = format!("{o},{t}");
                            store::set_metadata(ctx, &secret, store::CONFLICT_KEY, &versions)?;
                            ctx.audit(
                                Event::secret("conflicted", name, None)
                                    .detail("versions", versions.clone()),
                            )?;
                            versions
                        }
                    };
                    said.push((
                        name.clone(),
                        format!(
                            "in conflict: versions {}; choose with `coffer secrets:resolve {name} --version N`",
                            versions.replace(',', " and ")
                        ),
                    ));
                }
            }
        }
        Ok(said)
    })
}

/// `git merge` of the fetched `rev`.
fn merge(dir: &Path, rev: &str) -> Result<()> {
    let args = vec!["merge", "--quiet", "--no-edit", rev];
    git(dir, &args).map(|_| ()).map_err(|e| {
        if e.exit == Exit::Conflict {
            return e;
        }
        Error::conflict(format!("git merge did not merge: {}", e.message)).hint(
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
    let merge = format!(
        "{} --vault {} vault:merge-driver %O %A %B",
        shell_word(&exe.to_string_lossy()),
        shell_word(&vault.to_string_lossy())
    );
    // One git run to read what is set; more only for what differs.
    let set = git(dir, &["config", "--get-regexp", r"^(diff|merge)\.coffer\."]).unwrap_or_default();
    for (key, value) in [
        ("diff.coffer.textconv", driver.as_str()),
        ("merge.coffer.driver", merge.as_str()),
        ("merge.coffer.name", "coffer checkpoint"),
    ] {
        if !set.lines().any(|l| l == format!("{key} {value}")) {
            git(dir, &["config", key, value])?;
        }
    }
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

/// The payloads of the records the work tree's logs hold beyond the logs
/// at `rev`, and those at `rev` beyond the work tree's. Each log is only
/// appended to, so one side of each is a prefix of the other.
fn differing_records(
    loc: &Location,
    dir: &Path,
    rev: &str,
) -> Result<(Vec<Payload>, Vec<Payload>)> {
    let journal_dir = journal::dir_for(&loc.vault);
    let rel_dir = journal_dir
        .strip_prefix(dir)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut names: BTreeSet<String> = BTreeSet::new();
    if let Ok(entries) = std::fs::read_dir(&journal_dir) {
        for e in entries.flatten() {
            names.insert(e.file_name().to_string_lossy().into_owned());
        }
    }
    if let Ok(listed) = git(
        dir,
        &["ls-tree", "--name-only", rev, "--", &format!("{rel_dir}/")],
    ) {
        for l in listed.lines() {
            if let Some(name) = Path::new(l).file_name() {
                names.insert(name.to_string_lossy().into_owned());
            }
        }
    }
    let mut keys = None;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for name in names.iter().filter(|n| n.ends_with(".log")) {
        let path = journal_dir.join(name);
        let here = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(Error::io("cannot read journal", &path, e)),
        };
        let there = git_bytes(
            dir,
            &["cat-file", "blob", &format!("{rev}:./{rel_dir}/{name}")],
        )
        .unwrap_or_default();
        for (bytes, other_len, out) in [
            (&here, there.len(), &mut ours),
            (&there, here.len(), &mut theirs),
        ] {
            let frames = journal::parse_bytes(&path, bytes)?;
            for frame in frames.iter().filter(|f| f.offset >= other_len as u64) {
                if keys.is_none() {
                    keys = Some(super::textconv::journal_keys(loc)?);
                }
                let (_, vault_id, key) = keys.as_ref().expect("set above");
                if let Some(payload) = frame
                    .record
                    .open(vault_id, key)
                    .ok()
                    .and_then(|p| rmp_serde::from_slice::<Payload>(&p).ok())
                {
                    out.push(payload);
                }
            }
        }
    }
    Ok((ours, theirs))
}

/// What the records that HEAD's logs lack did: each audit action and the
/// secrets it names, in order of first appearance.
fn changed_since_head(loc: &Location, dir: &Path) -> Result<Vec<(String, Vec<String>, usize)>> {
    let (ours, _) = differing_records(loc, dir, "HEAD")?;
    let mut out: Vec<(String, Vec<String>, usize)> = Vec::new();
    for payload in &ours {
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
    Ok(out)
}

/// The secrets the records change (not those they only read).
fn changed_secrets(payloads: &[Payload]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for payload in payloads {
        for op in &payload.ops {
            if let Some(name) = op.secret() {
                out.insert(name.to_owned());
            }
        }
    }
    out
}

/// `coffer sync --status`: after a fetch, how far this clone is ahead of and
/// behind its upstream, and each secret changed on either side.
fn status(loc: &Location, dir: &Path, format: ShowFormat) -> Result<()> {
    let in_conflict: BTreeSet<String> = {
        let vault = Vault::open_read(loc)?;
        let mut stmt = vault.conn().prepare(
            "SELECT s.name FROM metadata m JOIN secret s ON s.id = m.secret_id WHERE m.key = ?1",
        )?;
        let names = stmt.query_map([store::CONFLICT_KEY], |r| r.get(0))?;
        names.collect::<rusqlite::Result<_>>()?
    };
    let upstream = git(
        dir,
        &["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"],
    )
    .ok()
    .map(|u| u.trim().to_owned());
    let (ahead, behind, rev) = match &upstream {
        Some(_) => {
            git(dir, &["fetch", "--quiet"])?;
            let counts = git(dir, &["rev-list", "--left-right", "--count", "HEAD...@{u}"])?;
            let mut n = counts
                .split_whitespace()
                .map(|c| c.parse::<u64>().unwrap_or(0));
            (n.next().unwrap_or(0), n.next().unwrap_or(0), "@{u}")
        }
        None => (0, 0, "HEAD"),
    };
    let (ours, theirs) = differing_records(loc, dir, rev)?;
    let (pending, incoming) = (changed_secrets(&ours), changed_secrets(&theirs));
    let mut rows: Vec<(String, &'static str)> = Vec::new();
    let changed: BTreeSet<&String> = pending.union(&incoming).chain(&in_conflict).collect();
    for name in changed {
        let state = if in_conflict.contains(name) {
            "conflict"
        } else {
            match (pending.contains(name), incoming.contains(name)) {
                (true, true) => "both",
                (true, false) => "pending",
                _ => "incoming",
            }
        };
        rows.push((name.clone(), state));
    }
    #[derive(serde::Serialize)]
    struct Report<'a> {
        upstream: Option<&'a str>,
        ahead: u64,
        behind: u64,
        records_to_push: usize,
        records_to_pull: usize,
        secrets: BTreeMap<&'a str, &'a str>,
    }
    let report = Report {
        upstream: upstream.as_deref(),
        ahead,
        behind,
        records_to_push: ours.len(),
        records_to_pull: theirs.len(),
        secrets: rows.iter().map(|(n, s)| (n.as_str(), *s)).collect(),
    };
    match format {
        ShowFormat::Json => output::json(&report),
        ShowFormat::Table => {
            output::line(&match &upstream {
                Some(u) => format!(
                    "{u}: {ahead} commits ahead, {behind} behind; {} records to push, {} to pull",
                    ours.len(),
                    theirs.len()
                ),
                None => format!("no upstream; {} records not committed", ours.len()),
            })?;
            if rows.is_empty() {
                return output::line("every secret is synced");
            }
            output::table(
                &["NAME", "STATE"],
                rows.into_iter()
                    .map(|(n, s)| vec![n, s.to_owned()])
                    .collect(),
            )
        }
    }
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

/// Run git in `dir`, stdin closed, its output captured.
fn run_git(dir: &Path, args: &[&str]) -> Result<std::process::Output> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Error::failure(format!("cannot run git: {e}")).hint("install git, then try again")
        })
}

/// Run git in `dir` for its raw stdout.
fn git_bytes(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = run_git(dir, args)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(Error::failure(format!("git {} failed", args.join(" "))))
    }
}

/// Run git in `dir`; its stdout, or an error with what it printed.
fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = run_git(dir, args)?;
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
    match run_git(dir, args)?.status.code() {
        Some(0) => Ok(true),
        Some(1) => Ok(false),
        _ => Err(Error::failure(format!("git {} failed", args.join(" ")))),
    }
}
