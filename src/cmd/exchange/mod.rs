//! Secrets in and out in bulk: `run` (a program's environment), `inject`
//! (a template), `export` and `import`. What they share: picking secrets by
//! name, prefix and tag, and reading their values as audited reads, exactly
//! as `secrets:get` records them (`accessed`, with the value's fingerprint)
//! plus a `via` detail naming the command.

pub mod export;
pub mod history;
pub mod import;
pub mod inject;
pub mod run;

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::audit::Event;
use crate::error::{Error, Result};
use crate::model::{Action, Tag};
use crate::store::{self, Ctx, Secret};

/// A value read for a command, with what an output needs to say about it.
pub struct Read {
    pub name: String,
    pub version: i64,
    pub value: Zeroizing<Vec<u8>>,
    pub secret: Secret,
}

/// Which secrets a command takes: names given one by one, and every secret
/// under a prefix or with all of some tags.
pub struct Selection<'a> {
    pub names: Vec<String>,
    pub prefix: Option<&'a str>,
    pub tags: &'a [Tag],
}

impl Selection<'_> {
    fn by_filter(&self) -> bool {
        self.prefix.is_some() || !self.tags.is_empty()
    }
}

/// The secrets `sel` names, each once, in the order given and then by name.
/// A name given one by one must exist and be readable (as `secrets:get`
/// checks it); a prefix or tag takes the enabled, undeleted secrets it
/// matches (every one for an empty prefix), leaving out with a warning
/// those not readable now. Nothing is read yet.
pub fn select(ctx: &Ctx<'_>, sel: &Selection<'_>) -> Result<Vec<Secret>> {
    let mut picked: BTreeMap<String, ()> = BTreeMap::new();
    let mut out = Vec::new();
    for name in &sel.names {
        if picked.insert(name.clone(), ()).is_some() {
            continue;
        }
        let secret = store::find(ctx.db, name)?;
        secret.check_readable(ctx.now)?;
        secret.check_not_in_conflict()?;
        out.push(secret);
    }
    if sel.by_filter() {
        let tags: Vec<String> = sel.tags.iter().map(|t| t.to_string()).collect();
        let filter = store::Filter {
            tags: &tags,
            prefix: sel.prefix,
            ..Default::default()
        };
        for secret in store::list(ctx.db, &filter)? {
            if picked.insert(secret.name.clone(), ()).is_some() {
                continue;
            }
            // Not yet active, or left in conflict by a merge: left out,
            // with the reason `secrets:get` would give.
            if let Err(e) = secret
                .check_readable(ctx.now)
                .and_then(|()| secret.check_not_in_conflict())
            {
                crate::output::warn(&format!("left out: {}", e.message));
                continue;
            }
            out.push(secret);
        }
    }
    Ok(out)
}

/// The current value of each secret. Nothing is audited: call [`audit`]
/// once every value has been checked, so a refusal records no read.
pub fn values(ctx: &Ctx<'_>, secrets: Vec<Secret>) -> Result<Vec<Read>> {
    secrets
        .into_iter()
        .map(|secret| {
            let version = store::version(ctx.db, &secret, None)?;
            Ok(Read {
                name: secret.name.clone(),
                version: version.number,
                value: version.value,
                secret,
            })
        })
        .collect()
}

/// Record one audited read per value, `via` the command that used it.
pub fn audit(ctx: &Ctx<'_>, reads: &[Read], via: &str) -> Result<()> {
    for r in reads {
        ctx.audit(
            Event::secret(Action::Accessed, &r.name, Some(r.version))
                .detail("fingerprint", ctx.fingerprint(&r.value))
                .detail("via", via),
        )?;
    }
    Ok(())
}

/// Refuse an empty selection: a command that was given nothing to read.
pub fn require_some(reads: &[Read], what: &str) -> Result<()> {
    if reads.is_empty() {
        return Err(Error::not_found(format!("no secret matches {what}"))
            .hint("see the names with `coffer secrets:list`"));
    }
    Ok(())
}

/// The variable each value becomes: those `explicit` (VAR, NAME) pairs
/// give, and for a secret with none, the one its name makes (see
/// [`crate::output::env_var_for`]). Returns (variable, index into `reads`).
/// Two secrets for one variable are an error naming both.
pub fn variables(reads: &[Read], explicit: &[(String, String)]) -> Result<Vec<(String, usize)>> {
    let index: BTreeMap<&str, usize> = reads
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), i))
        .collect();
    let mut pairs: Vec<(String, usize)> = Vec::with_capacity(reads.len());
    for (var, name) in explicit {
        let i = *index
            .get(name.as_str())
            .expect("every --env secret is selected");
        pairs.push((var.clone(), i));
    }
    for (i, r) in reads.iter().enumerate() {
        if !explicit.iter().any(|(_, n)| *n == r.name) {
            pairs.push((crate::output::env_var_for(&r.name), i));
        }
    }
    let mut taken: BTreeMap<&str, usize> = BTreeMap::new();
    for (var, i) in &pairs {
        if let Some(&other) = taken.get(var.as_str()) {
            return Err(if other == *i {
                Error::usage(format!("variable {var} is given twice"))
                    .hint("give each --env VAR once")
            } else {
                Error::usage(format!(
                    "secrets {} and {} would both be the variable {var}",
                    reads[other].name, reads[*i].name
                ))
                .hint("give one of them another variable with --env VAR=NAME")
            });
        }
        taken.insert(var, *i);
    }
    Ok(pairs)
}

/// Refuse, before the reads are recorded, output for a terminal that holds
/// control characters other than newline, tab and carriage return: a
/// terminal acts on escape sequences (`ESC ]52` writes the clipboard), and
/// in a shared vault another writer chooses the values. As `secrets:get`
/// refuses them. JSON escapes them, so it always passes.
pub(crate) fn refuse_controls_on_terminal(out: &[u8]) -> Result<()> {
    use std::io::IsTerminal;
    let controls = String::from_utf8_lossy(out)
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'));
    if controls && std::io::stdout().is_terminal() {
        return Err(Error::usage(
            "a value holds control characters (such as terminal escape sequences); refusing to print it to a terminal; nothing was read",
        )
        .hint("redirect the output to a file (`> file`) or a pipe, or use -o / --format json"));
    }
    Ok(())
}
