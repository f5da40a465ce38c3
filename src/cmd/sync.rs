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

use clap::Args;

use crate::audit::Event;
use crate::cmd::{Examples, ShowFormat};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::model::{Action, Resource};
use crate::output;
use crate::store::{self, op::Op};
use crate::vault::{Location, Vault, journal, replay::Payload};

/// Share the vault through git: commit its changes, pull, push
///
/// The vault's folder must be in a git work tree. sync adds what git needs
/// to .gitattributes and .gitignore (the lock and temporary files are
/// never tracked) and sets the repository's textconv driver (`git diff`
/// shows names, versions and tags; see vault:textconv). It commits the
/// vault's files with a message saying in words what changed (`coffer:
/// update API_KEY; read DATABASE_URL`: secret names, never values), then, when the repository has a remote, pulls
/// (a merge) and pushes. With no remote it only commits. Each clone
/// appends to a journal log of its own, so git merges clones without
/// conflicts, and coffer replays the union of both clones' records in
/// one order every clone computes alike: every version either side made
/// is kept (renumbered after the other side's). For a secret whose value
/// both sides changed, the merge policy (sync:policy, or --policy)
/// decides what is current: ours, theirs, or manual (the default: the
/// secret is in conflict until secrets:resolve, as the records decide
/// whoever merged them). Settling by ours or theirs is a record sync
/// commits and pushes, so clones converge. A sync that leaves secrets in
/// conflict pushes, then exits 7 naming them. After the pull the vault is
/// opened as a read opens it (trusted signers, this machine's anchors, no
/// rollback): if it does not open, nothing is pushed and sync exits with
/// that error's code (6 for a rollback or a forgery), saying how to undo
/// the pull (`git reset --hard ORIG_HEAD`); a clone that a read refuses
/// before the sync is not committed or pushed, only pulled, and pushed
/// once the pull puts it right. When git's merge stops, sync
/// shows what git said and the paths in conflict, whose they are (a
/// journal log deleted or rewritten by the other side is tampering: exit
/// 6), and that `git merge --abort` gets back. Not audited: it reads no
/// value.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The commit message [default: one naming what changed]
    #[arg(long, short = 'm', value_name = "TEXT")]
    pub message: Option<String>,
    /// Commit and pull, but do not push
    #[arg(long, conflicts_with = "status")]
    pub no_push: bool,
    /// Which version is current for secrets both clones changed, for this
    /// sync only [default: the vault's, see sync:policy]
    #[arg(long, value_enum, value_name = "POLICY", conflicts_with = "status")]
    pub policy: Option<crate::model::MergePolicy>,
    /// Change nothing: fetch, then show how far this clone is ahead of and
    /// behind its upstream, and each secret changed here (pending), there
    /// (incoming), on both sides (both: the merge keeps both sides'
    /// versions, and the merge policy settles it), or left in conflict by a
    /// merge (conflict, until secrets:resolve)
    #[arg(long, conflicts_with = "message")]
    pub status: bool,
    /// Output of --status
    #[arg(long, value_enum, default_value_t = ShowFormat::Table, requires = "status")]
    pub format: ShowFormat,
}

/// Examples for `coffer sync --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Put a vault in git and share it",
        "git -C ~/.local/share/coffer init && git -C ~/.local/share/coffer remote add origin git@example.com:team/vault.git && coffer sync",
    ),
    ("Commit, pull and push what changed", "coffer sync"),
    ("Commit and pull only", "coffer sync --no-push"),
    (
        "See what a sync would push and pull",
        "coffer sync --status",
    ),
];

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
    // One that opens but that a read refuses (this clone behind what this
    // machine has seen, a rollback a pull brought in and not undone) is
    // not committed or pushed either, but may still pull what puts it
    // right: it is pushed only once it opens as a read does.
    let refused = open_as_read(loc).err();
    setup(loc, &dir)?;
    if refused.is_none() && !commit(loc, &dir, args.message.as_deref())? {
        output::line("nothing to commit")?;
    }
    let mut pulled = false;
    let upstream = git(
        &dir,
        &["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"],
    )
    .ok();
    match upstream {
        Some(upstream) => {
            git(&dir, &["fetch", "--quiet"])?;
            if integrate(loc, &dir, "@{u}", args.policy)? {
                pulled = true;
                output::line(&format!("pulled from {}", upstream.trim()))?;
                // What settling the merge wrote.
                commit(loc, &dir, None)?;
            }
            still_refused(refused, pulled)?;
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
                    pulled = true;
                    commit(loc, &dir, None)?;
                }
            }
            still_refused(refused, pulled)?;
            if !args.no_push {
                git(
                    &dir,
                    &["push", "--quiet", "--set-upstream", "origin", branch],
                )?;
                output::line(&format!("pushed to origin/{branch}"))?;
            }
        }
        None => {
            still_refused(refused, false)?;
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
            "{} {} in conflict after the merge: {}",
            output::count(names.len() as u64, "secret"),
            output::plural(names.len() as u64, "is", "are"),
            names.join(", ")
        ))
        .hint(format!(
            "both clones changed {}; compare the versions with `coffer secrets:versions {first}`, then keep one with `coffer secrets:resolve {first} --version N` (or set a value with `coffer secrets:update`), and run `coffer sync` again",
            output::plural(names.len() as u64, "it", "each")
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
    let names = present_names(dir, &tracked_names(&loc.vault))?;
    if names.is_empty() {
        return Ok(false);
    }
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
    let mut what = changed_since_head(loc, dir)?;
    if what.is_empty() {
        // No new record: the checkpoint alone, or coffer's git files.
        let vault_file = &tracked_names(&loc.vault)[0];
        let staged = git(
            dir,
            &["diff", "--cached", "--name-status", "--", vault_file],
        )?;
        let text = match staged.split_whitespace().next() {
            Some("A") => "add the vault",
            Some(_) => "fold the journal into the checkpoint",
            None => "set up git for the vault",
        };
        what.push(Done {
            phrase: Phrase::Whole(text.into()),
            names: Vec::new(),
            times: 1,
        });
    }
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
    let before = git(dir, &["rev-parse", "HEAD"])?.trim().to_owned();
    let theirs_commit = git(dir, &["rev-parse", rev])?.trim().to_owned();
    merge(loc, dir, rev, &before)?;
    if git(dir, &["rev-parse", "HEAD"])?.trim() == before {
        return Ok(false);
    }
    // What came in must open as a read would: damage, an untrusted writer
    // or a rollback stops here, before anything is pushed.
    opens_after_pull(loc, dir, &before, &theirs_commit)?;
    if both_rewrote_the_checkpoint(loc, dir, &before, &theirs_commit)? {
        // The merge driver kept one of two checkpoints. Until a record
        // written on the kept one is in the repository, nothing tells a
        // clone that never saw it from one handed the other (put back by
        // whoever can push): each replays the two sides' records in its own
        // order. This record names the kept checkpoint, as every record
        // names the one it was written on, and goes out with this push.
        crate::vault::transact(loc, |ctx| ctx.audit(Event::vault(Action::CheckpointKept)))?;
    }
    for (name, what) in settle(loc, &ours, &theirs, policy)? {
        output::line(&format!("{}: {what}", output::clean_line(&name)))?;
    }
    Ok(true)
}

/// Whether both sides of the merge of `before` and `theirs` rewrote the
/// checkpoint since they parted (each ran `vault:compact`), so that the
/// merge driver kept one of two.
fn both_rewrote_the_checkpoint(
    loc: &Location,
    dir: &Path,
    before: &str,
    theirs: &str,
) -> Result<bool> {
    let Some(name) = loc.vault.file_name().and_then(|n| n.to_str()) else {
        return Ok(false);
    };
    let base = git(dir, &["merge-base", before, theirs])?;
    let blob = |rev: &str| {
        git(
            dir,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}:./{name}"),
            ],
        )
        .ok()
        .map(|b| b.trim().to_owned())
    };
    let (base, ours, theirs) = (blob(base.trim()), blob(before), blob(theirs));
    Ok(ours.is_some() && theirs.is_some() && ours != theirs && ours != base && theirs != base)
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
                        Event::secret(Action::Merged, name, Some(n))
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
                                Event::secret(Action::Conflicted, name, None)
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

/// `git merge` of the fetched `rev` into HEAD (`before`). When git does not
/// merge: what git said (cleaned of control characters: anyone with push
/// access chooses the paths it names), the paths in conflict and which are
/// coffer's, what fits each (coffer's logs are only appended to, so a log
/// the other side deleted or changed otherwise is tampering; two rewritten
/// checkpoints are the merge driver's to settle), and that the repository
/// is mid-merge until `git merge --abort`.
fn merge(loc: &Location, dir: &Path, rev: &str, before: &str) -> Result<()> {
    let out = run_git(dir, &["merge", "--quiet", "--no-edit", rev])?;
    if out.status.success() {
        return Ok(());
    }
    let said = output::clean(
        format!(
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout).trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        )
        .trim(),
    );
    let said = if said.is_empty() {
        "(git printed nothing)".to_owned()
    } else {
        said
    };
    let theirs = git(dir, &["rev-parse", "--short=12", rev])
        .map(|c| c.trim().to_owned())
        .unwrap_or_else(|_| rev.to_owned());
    let dir_word = shell_word(&dir.to_string_lossy());
    if !git_status(dir, &["rev-parse", "--quiet", "--verify", "MERGE_HEAD"])? {
        // git stopped before it started: nothing to abort.
        return Err(Error::failure(format!(
            "git merge of {theirs} did not start; git said:\n{said}"
        ))
        .hint("nothing was merged or pushed; do what git says, then run `coffer sync` again"));
    }
    let names = coffer_paths(loc, dir)?;
    let conflicts = conflicting_paths(dir)?;
    let base = git(dir, &["merge-base", before, rev])
        .map(|b| b.trim().to_owned())
        .ok();
    let tampered = match &base {
        Some(base) => logs_not_appended(dir, &names, base, "MERGE_HEAD")?,
        None => Vec::new(),
    };
    let mut lines = Vec::new();
    let (mut log_conflict, mut checkpoint_conflict, mut other_conflict) = (false, false, false);
    for (path, how) in &conflicts {
        let whose = match names.kind(path) {
            Some(Kind::Log) => {
                log_conflict = true;
                "coffer's journal log"
            }
            Some(Kind::Checkpoint) => {
                checkpoint_conflict = true;
                "coffer's checkpoint"
            }
            Some(Kind::GitFile) => {
                other_conflict = true;
                "coffer's lines for git"
            }
            None => {
                other_conflict = true;
                "not coffer's"
            }
        };
        lines.push(format!("  {} ({whose}; {how})", output::clean_line(path)));
    }
    for (path, how) in &tampered {
        if !conflicts.iter().any(|(p, _)| p == path) {
            lines.push(format!(
                "  {} (coffer's journal log; {how} by the other side, merged without a conflict)",
                output::clean_line(path)
            ));
        }
    }
    let abort = format!("`git -C {dir_word} merge --abort` gets back to where this sync started");
    let mut hint = format!("the repository is in the middle of a merge: {abort}");
    let tampering = !tampered.is_empty() || log_conflict;
    if tampering {
        hint = format!(
            "coffer only ever appends to a journal log, so a log deleted or changed by someone else is tampering: run `git -C {dir_word} merge --abort`, then look at who pushed it (`git -C {dir_word} log --stat {}{theirs} -- {}`) and do not use what they pushed; nothing was pushed",
            base.as_deref()
                .map(|b| format!("{}..", b.get(..12).unwrap_or(b)))
                .unwrap_or_default(),
            shell_word(&names.journal),
        );
    } else if checkpoint_conflict && !names.driver_configured(dir) {
        hint.push_str(&format!(
            "; or, if both clones ran `coffer vault:compact`, keep either {0} (`git checkout --theirs -- {0}`, then `git add {0}` and `git commit`): the journal holds every record; then run `coffer sync` again (coffer sync sets up its merge driver, which settles this by itself)",
            shell_word(&names.checkpoint)
        ));
    } else if checkpoint_conflict {
        hint.push_str(
            "; coffer's merge driver would not choose between the two checkpoints (what it said is above): do not keep one it refused",
        );
    } else if other_conflict {
        hint.push_str(
            "; or settle the files that are not coffer's as with any git merge (`git add`, `git commit`), then run `coffer sync` again",
        );
    }
    let listed = if lines.is_empty() {
        String::new()
    } else {
        format!(":\n{}", lines.join("\n"))
    };
    let message = format!(
        "git could not merge {theirs} (the repository is mid-merge){listed}\ngit said:\n{said}"
    );
    Err(if tampering {
        Error::integrity(message)
    } else {
        Error::conflict(message)
    }
    .hint(hint))
}

/// What a path in the repository is of the vault's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Checkpoint,
    Log,
    GitFile,
}

/// The vault's files as paths from the repository's top (as git names
/// them in a merge).
struct CofferPaths {
    checkpoint: String,
    journal: String,
    git_files: [String; 2],
}

impl CofferPaths {
    fn kind(&self, path: &str) -> Option<Kind> {
        if path == self.checkpoint {
            Some(Kind::Checkpoint)
        } else if path
            .strip_prefix(self.journal.as_str())
            .and_then(|r| r.strip_prefix('/'))
            .is_some_and(is_log_name)
        {
            Some(Kind::Log)
        } else if self.git_files.iter().any(|f| f == path) {
            Some(Kind::GitFile)
        } else {
            None
        }
    }

    /// Whether git would merge the checkpoint with coffer's driver: the
    /// attribute names it and the repository's config says what it runs.
    fn driver_configured(&self, dir: &Path) -> bool {
        let attr = git(
            dir,
            &[
                "check-attr",
                "merge",
                "--",
                &format!(":/{}", self.checkpoint),
            ],
        )
        .unwrap_or_default();
        attr.trim().ends_with(": merge: coffer")
            && git(dir, &["config", "--get", "merge.coffer.driver"]).is_ok()
    }
}

fn coffer_paths(loc: &Location, dir: &Path) -> Result<CofferPaths> {
    let prefix = git(dir, &["rev-parse", "--show-prefix"])?.trim().to_owned();
    let names = tracked_names(&loc.vault);
    let at = |n: &str| format!("{prefix}{n}");
    Ok(CofferPaths {
        checkpoint: at(&names[0]),
        journal: at(&names[1]),
        git_files: [at(&names[2]), at(&names[3])],
    })
}

/// The paths git left unmerged, each with how each side changed it (from
/// the index's stages: 1 the merge base, 2 this clone's, 3 the other's).
fn conflicting_paths(dir: &Path) -> Result<Vec<(String, &'static str)>> {
    let unmerged = git(dir, &["diff", "--name-only", "--diff-filter=U", "-z"])?;
    let stages = git(dir, &["ls-files", "--unmerged", "-z"])?;
    let mut have: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for entry in stages.split('\0').filter(|e| !e.is_empty()) {
        // MODE OBJECT STAGE<TAB>PATH
        if let Some((facts, path)) = entry.split_once('\t')
            && let Some(stage) = facts.split_whitespace().nth(2)
        {
            have.entry(path).or_default().insert(stage);
        }
    }
    Ok(unmerged
        .split('\0')
        .filter(|p| !p.is_empty())
        .map(|path| {
            let s = have.get(path).cloned().unwrap_or_default();
            let how = match (s.contains("1"), s.contains("2"), s.contains("3")) {
                (true, true, false) => "changed here, deleted by the other side",
                (true, false, true) => "deleted here, changed by the other side",
                (false, true, true) => "added on both sides",
                (_, true, true) => "changed on both sides",
                _ => "in conflict",
            };
            (path.to_owned(), how)
        })
        .collect())
}

/// The journal logs that `theirs` deleted, or changed other than by
/// appending, since `base`: coffer never does either in a shared vault
/// (`man 5 coffer-vault`, `destroy`). Read no more of a log than
/// [`fsutil::MAX_LOG_FILE`].
fn logs_not_appended(
    dir: &Path,
    names: &CofferPaths,
    base: &str,
    theirs: &str,
) -> Result<Vec<(String, &'static str)>> {
    // Each log's (mode, object, size) at a commit, by path from the top.
    let logs = |rev: &str| -> BTreeMap<String, (String, String, String)> {
        let listed = git(
            dir,
            &[
                "ls-tree",
                "-l",
                "--full-tree",
                rev,
                "--",
                &format!("{}/", names.journal),
            ],
        )
        .unwrap_or_default();
        listed
            .lines()
            .filter_map(|l| {
                let (facts, path) = l.split_once('\t')?;
                let f: Vec<&str> = facts.split_whitespace().collect();
                (names.kind(path) == Some(Kind::Log) && f.len() == 4).then(|| {
                    (
                        path.to_owned(),
                        (f[0].to_owned(), f[2].to_owned(), f[3].to_owned()),
                    )
                })
            })
            .collect()
    };
    let (at_base, at_theirs) = (logs(base), logs(theirs));
    let mut out = Vec::new();
    for (path, (_, object, size)) in &at_base {
        let Some((mode, their_object, their_size)) = at_theirs.get(path) else {
            out.push((path.clone(), "deleted"));
            continue;
        };
        if their_object == object {
            continue;
        }
        let bounded = |n: &str| n.parse::<u64>().is_ok_and(|n| n <= fsutil::MAX_LOG_FILE);
        if !mode.starts_with("1006") && !mode.starts_with("1007") {
            out.push((path.clone(), "replaced by what is no log"));
        } else if !bounded(size) || !bounded(their_size) {
            out.push((path.clone(), "changed"));
        } else {
            let was = git_bytes(dir, &["cat-file", "blob", object])?;
            let now = git_bytes(dir, &["cat-file", "blob", their_object])?;
            if !now.starts_with(&was) {
                out.push((path.clone(), "changed"));
            }
        }
    }
    Ok(out)
}

/// The refusal of a read before the sync (`refused`), unless a pull came
/// in since (which opened as a read does, or the sync stopped there).
fn still_refused(refused: Option<Error>, pulled: bool) -> Result<()> {
    match refused {
        Some(e) if !pulled => {
            let hint = e.hint.clone();
            Err(e.hint(match hint {
                Some(h) => format!("nothing was committed or pushed; {h}"),
                None => "nothing was committed or pushed".to_owned(),
            }))
        }
        _ => Ok(()),
    }
}

/// Open the vault, under the lock, with every check a read of a value
/// makes before it reads (`Intent::Read`), then fold the journal if due.
fn open_as_read(loc: &Location) -> Result<()> {
    let mut vault = Vault::open_write(loc)?;
    vault.read_only_for(crate::vault::Intent::Read, |_| Ok(()))?;
    vault.fold_if_due()
}

/// Whether the vault, as the pull left it, opens the way a read opens it
/// (the signer trusted, the anchors this machine keeps, the rollback and
/// set-aside checkpoint checks, and verification of what this machine has
/// not verified: `src/lib.rs`, "The anchors"); if not, the error's
/// exit code (6 for a rollback or a forgery), saying the pull brought it in
/// and how to get back. Nothing is folded, settled or pushed then.
fn opens_after_pull(loc: &Location, dir: &Path, before: &str, theirs: &str) -> Result<()> {
    open_as_read(loc).map_err(|e| {
        let short = |c: &str| c.get(..12).unwrap_or(c).to_owned();
        Error::new(
            e.exit,
            format!(
                "the vault does not open after the pull (merged {}, brought in by the pull): {}",
                short(theirs),
                e.message
            ),
        )
        .hint(format!(
            "nothing was pushed; go back to this clone's history before the pull with `git -C {dir} reset --hard {before}` (ORIG_HEAD), then find who pushed what came in with `git -C {dir} log --stat {before}..{theirs}`{}",
            match &e.hint {
                Some(h) => format!("; {h}"),
                None => String::new(),
            },
            dir = shell_word(&dir.to_string_lossy()),
            before = short(before),
            theirs = short(theirs),
        ))
    })
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

/// Those of `names` that git can take as paths: each one in the work tree
/// (`git add` of a name that is nowhere fails, as the journal folder is
/// before the first record after `init`) or known to git (a file removed
/// from the work tree, whose removal is committed).
fn present_names(dir: &Path, names: &[String]) -> Result<Vec<String>> {
    let mut known: Vec<&str> = vec!["ls-files", "-z", "--"];
    known.extend(names.iter().map(String::as_str));
    let known = git(dir, &known)?;
    let known: Vec<&str> = known.split('\0').filter(|p| !p.is_empty()).collect();
    Ok(names
        .iter()
        .filter(|name| {
            std::fs::symlink_metadata(dir.join(name)).is_ok()
                || known.iter().any(|p| {
                    p == name
                        || p.strip_prefix(name.as_str())
                            .is_some_and(|r| r.starts_with('/'))
                })
        })
        .cloned()
        .collect())
}

fn fill(line: &str, vault: &Path) -> String {
    let names = tracked_names(vault);
    line.replace("{vault}", &names[0])
        .replace("{journal}", &names[1])
}

/// Add coffer's lines to `.gitattributes` and `.gitignore` where missing,
/// and point the repository's `diff.coffer.textconv` at this coffer.
fn setup(loc: &Location, dir: &Path) -> Result<()> {
    // Both files are in the work tree, as committed by anyone with push
    // access: never through a symlink (git itself refuses to read one as
    // .gitattributes), only a regular file, and only so much of it. Lines
    // are appended, never rewritten.
    for (file, lines) in [(".gitattributes", ATTRIBUTES), (".gitignore", IGNORED)] {
        let path = dir.join(file);
        let bytes = fsutil::read_regular(&path, fsutil::MAX_TEXT_FILE)?.unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        let missing: Vec<String> = lines
            .iter()
            .map(|l| fill(l, &loc.vault))
            .filter(|l| !text.lines().any(|have| have.trim() == l))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let mut add = String::new();
        if !text.is_empty() && !text.ends_with('\n') {
            add.push('\n');
        }
        for l in missing {
            add.push_str(&l);
            add.push('\n');
        }
        fsutil::append_regular(&path, add.as_bytes())?;
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
/// appended to, so one side of each is a prefix of the other. Only
/// coffer's own `DEVICE.log` files are read (`man 5 coffer-vault`), never
/// through a symlink, and no more of each than [`fsutil::MAX_LOG_FILE`]:
/// everything in the work tree and in what was fetched is anyone's with
/// push access, and none of it is checked yet.
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
    // Each log's name, and its blob at `rev` when it is a regular file there.
    let mut names: BTreeMap<String, Option<String>> = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(&journal_dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if is_log_name(&name) {
                names.insert(name, None);
            }
        }
    }
    if let Ok(listed) = git(dir, &["ls-tree", "-l", rev, "--", &format!("{rel_dir}/")]) {
        for l in listed.lines() {
            // MODE TYPE OBJECT SIZE<TAB>PATH
            let Some((facts, path)) = l.split_once('\t') else {
                continue;
            };
            let Some(name) = Path::new(path).file_name().map(|n| n.to_string_lossy()) else {
                continue;
            };
            if !is_log_name(&name) {
                continue;
            }
            let facts: Vec<&str> = facts.split_whitespace().collect();
            let there = match facts.as_slice() {
                ["100644" | "100755", "blob", object, size] => {
                    if size
                        .parse::<u64>()
                        .map_or(true, |n| n > fsutil::MAX_LOG_FILE)
                    {
                        return Err(fsutil::too_large(
                            &Path::new(rev).join(path),
                            fsutil::MAX_LOG_FILE,
                        ));
                    }
                    Some((*object).to_owned())
                }
                // A symlink or anything else in the journal folder is no
                // log: opening the vault after the merge refuses it.
                _ => None,
            };
            names.insert(name.into_owned(), there);
        }
    }
    let mut keys = None;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for (name, object) in &names {
        let path = journal_dir.join(name);
        let here = fsutil::read_regular(&path, fsutil::MAX_LOG_FILE)?.unwrap_or_default();
        let there = match object {
            Some(object) => git_bytes(dir, &["cat-file", "blob", object])?,
            None => Vec::new(),
        };
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

/// Whether `name` is a device's log, `DEVICE.log` with DEVICE 16 lowercase
/// hex digits (`man 5 coffer-vault`); other files are not coffer's.
fn is_log_name(name: &str) -> bool {
    name.strip_suffix(".log").is_some_and(|d| {
        d.len() == 16
            && d.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// What the records that HEAD's logs lack did, in people's words: each
/// thing done and the secrets it was done to, in order of first appearance.
fn changed_since_head(loc: &Location, dir: &Path) -> Result<Vec<Done>> {
    let (ours, _) = differing_records(loc, dir, "HEAD")?;
    let mut out: Vec<Done> = Vec::new();
    for payload in &ours {
        for op in &payload.ops {
            if let Op::Audit {
                action,
                resource,
                target,
                version,
                details,
                ..
            } = op
            {
                let (phrase, name) = phrase(action, resource, target.as_deref(), *version, details);
                let i = match out.iter().position(|d| d.phrase == phrase) {
                    Some(i) => i,
                    None => {
                        out.push(Done {
                            phrase,
                            names: Vec::new(),
                            times: 0,
                        });
                        out.len() - 1
                    }
                };
                out[i].times += 1;
                if let Some(n) = name
                    && !out[i].names.contains(&n)
                {
                    out[i].names.push(n);
                }
            }
        }
    }
    Ok(out)
}

/// One thing the records did, for the commit message.
#[derive(Debug)]
struct Done {
    phrase: Phrase,
    /// The secrets it was done to (none for what names no secret).
    names: Vec<String>,
    /// How many audit rows said so.
    times: usize,
}

/// What an audit row says was done, as people say it (jj's transaction
/// descriptions: "create API_KEY", "read DATABASE_URL"): words before and
/// after the names of the secrets, or the whole of it for a row that
/// names none. Built from the row's action, target and the details that
/// name no value (never a fingerprint).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phrase {
    Names { before: String, after: &'static str },
    Whole(String),
}

/// The phrase of one audit row, and the secret it names (if its phrase
/// takes names).
fn phrase(
    action: &str,
    resource: &str,
    target: Option<&str>,
    version: Option<i64>,
    details: &BTreeMap<String, String>,
) -> (Phrase, Option<String>) {
    let detail = |k: &str| details.get(k).map(|v| output::clean_line(v));
    let names = |before: &str| Phrase::Names {
        before: before.to_owned(),
        after: "",
    };
    // Every action has its words here: the match names each, so a new
    // action does not compile until it has them.
    let Some(known) = Action::of(action) else {
        // An action this coffer has no words for (a newer coffer's).
        let words = output::clean_line(&action.replace('_', " "));
        let phrase = if target.is_some() {
            names(&words)
        } else {
            Phrase::Whole(words)
        };
        let name = target.filter(|_| matches!(phrase, Phrase::Names { .. }));
        return (phrase, name.map(str::to_owned));
    };
    let phrase = match known {
        Action::Initialized => Phrase::Whole("create the vault".into()),
        Action::Listed => Phrase::Whole("list the secrets".into()),
        Action::Migrated if resource == Resource::Vault => Phrase::Whole(match detail("schema") {
            Some(n) => format!("upgrade the vault to schema {n}"),
            None => "upgrade the vault".into(),
        }),
        Action::Migrated => names("upgrade"),
        Action::PolicySet => Phrase::Whole(match detail("policy") {
            Some(p) => format!("set the merge policy to {p}"),
            None => "set the merge policy".into(),
        }),
        Action::CheckpointKept => Phrase::Whole("keep the checkpoint the merge chose".into()),
        Action::Checked => Phrase::Whole("check the secrets for expiry and rotation".into()),
        Action::Notified => Phrase::Whole("run the notify command of a check".into()),
        Action::Scanned => Phrase::Whole(match detail("count") {
            Some(n) => format!("search files for the values of {n} secrets"),
            None => "search files for the secrets' values".into(),
        }),
        Action::Acknowledged => Phrase::Whole("acknowledge a break in the audit log".into()),
        Action::Created => names("create"),
        Action::Accessed => names("read"),
        Action::Updated => updated(details.get("changed").map_or("", String::as_str)),
        Action::Rotated => names("rotate"),
        Action::RolledBack => names("roll back"),
        Action::Deleted => names("delete"),
        Action::Restored => names("restore"),
        Action::Disabled => names("disable"),
        Action::Enabled => names("enable"),
        Action::ListedVersions => names("list the versions of"),
        Action::Compared => names("compare versions of"),
        Action::Merged => names("settle the merge of"),
        Action::Conflicted => Phrase::Names {
            before: "leave".into(),
            after: " in conflict",
        },
        Action::Resolved => names("resolve the conflict of"),
        Action::Piped => Phrase::Names {
            before: "pass".into(),
            after: " to a rotation command",
        },
        Action::Denied => names("refuse to read"),
        Action::Imported => names("import"),
        Action::Renamed => {
            let to = target.map(output::clean_line).unwrap_or_default();
            Phrase::Whole(match detail("from") {
                Some(from) => format!("rename {from} to {to}"),
                None => format!("rename to {to}"),
            })
        }
        Action::Destroyed => {
            let of = target.map(output::clean_line).unwrap_or_default();
            Phrase::Whole(match version {
                Some(v) => format!("destroy version {v} of {of}"),
                None => format!("destroy a version of {of}"),
            })
        }
    };
    let name = match phrase {
        Phrase::Names { .. } => target.map(str::to_owned),
        Phrase::Whole(_) => None,
    };
    (phrase, name)
}

/// The phrase of `secrets:update`, from what it changed (its row's
/// `changed` detail: value, description, tags, metadata, expiry, rotation).
fn updated(changed: &str) -> Phrase {
    let parts: Vec<&str> = changed.split(',').filter(|p| !p.is_empty()).collect();
    let before = match parts.as_slice() {
        [] | ["value"] => "update".to_owned(),
        ["rotation"] => "set the rotation policy of".to_owned(),
        ["expiry"] => "set the expiry of".to_owned(),
        parts => {
            let words: Vec<&str> = parts
                .iter()
                .map(|p| match *p {
                    "rotation" => "rotation policy",
                    other => other,
                })
                .collect();
            format!("change the {} of", and_list(&words))
        }
    };
    Phrase::Names { before, after: "" }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
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
                    "{u}: {} ahead, {behind} behind; {} to push, {} to pull",
                    output::count(ahead, "commit"),
                    output::count(ours.len() as u64, "record"),
                    theirs.len()
                ),
                None => format!(
                    "no upstream; {} not committed",
                    output::count(ours.len() as u64, "record")
                ),
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

/// The commit message: the user's, or one saying what changed, as people
/// say it ("coffer: update DATABASE_URL; read API_KEY, DATABASE_URL").
/// Names of secrets and facts only, never a value.
fn message(given: Option<&str>, what: &[Done]) -> String {
    if let Some(m) = given {
        return m.to_owned();
    }
    const SHOWN: usize = 8;
    let mut parts = Vec::new();
    for done in what {
        match &done.phrase {
            Phrase::Names { before, after } => {
                let mut shown: Vec<String> = done
                    .names
                    .iter()
                    .take(SHOWN)
                    .map(|n| output::clean_line(n))
                    .collect();
                if done.names.len() > SHOWN {
                    shown.push(format!("{} more", done.names.len() - SHOWN));
                }
                let shown: Vec<&str> = shown.iter().map(String::as_str).collect();
                parts.push(format!("{before} {}{after}", and_list(&shown)));
            }
            Phrase::Whole(text) if done.times > 1 => {
                parts.push(format!("{text} ({} times)", done.times))
            }
            Phrase::Whole(text) => parts.push(text.clone()),
        }
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
