//! Secret names for the shells: `coffer __complete-names` is what the
//! completion scripts run when the user presses Tab. It reads the words of
//! the command line up to the cursor from stdin, each ended by a NUL (or,
//! when there is no NUL, by a newline), the last one being the word being
//! completed (possibly empty): a value typed on the line never lands in the
//! arguments of a process, where other users could read it. (`coffer
//! __complete-names -- WORD...` takes them as arguments, for tests.)
//!
//! It decides from the command tree itself whether that word is a secret
//! name (a positional or option value whose parser makes a
//! [`crate::model::Name`]), so every command that takes a name completes
//! one, aliases included. If it is not, it prints nothing and exits 1, and
//! the script completes as it would have. If it is, it exits 0 and prints
//! the candidates, one per line: names starting with the word, cut after the
//! next `/` (so `prod/` offers `prod/db/` and `prod/api/`, not every secret
//! below them; a folder that holds one folder is entered at once).
//!
//! The lookup opens the vault as `--read-only` does: no lock, no journal
//! record, no audit row (a listing of names without the names is what
//! `secrets:list` audits; completion reads none of a value). It never asks
//! for a passphrase (a protected identity with neither a passphrase file
//! nor an agent gives no names), and it prints no error: a shell's prompt is
//! no place for one. `secrets:restore` offers deleted secrets, every other
//! command the ones not deleted, and `secrets:create` (which takes a new
//! name) only the folders.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::PathBuf;

use clap::Command;

use crate::vault::{Expectation, Location, Vault};

/// The hidden first argument that asks for names.
pub const COMMAND: &str = "__complete-names";

/// Which secrets a slot takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// A secret that exists (not deleted).
    Existing,
    /// A deleted secret (`secrets:restore`).
    Deleted,
    /// A new name: only the folders existing names are in.
    Folders,
}

/// What the command line before the cursor says about the word under it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Slot {
    pub want: Option<Want>,
    pub vault: Option<PathBuf>,
    pub identity: Option<PathBuf>,
    pub passphrase_file: Option<PathBuf>,
}

/// The words from stdin: NUL-ended, or newline-ended without a NUL.
pub fn read_words(input: &[u8]) -> Vec<OsString> {
    use std::os::unix::ffi::OsStrExt;
    let end = if input.contains(&0) { 0 } else { b'\n' };
    let input = input.strip_suffix(&[end]).unwrap_or(input);
    if input.is_empty() {
        return Vec::new();
    }
    input
        .split(|b| *b == end)
        .map(|w| std::ffi::OsStr::from_bytes(w).to_owned())
        .collect()
}

/// Run the lookup for `words`: print candidates and return true at a name
/// slot, return false elsewhere.
pub fn run(words: &[OsString]) -> bool {
    let Some(words) = words
        .iter()
        .map(|w| w.to_str().map(str::to_owned))
        .collect::<Option<Vec<String>>>()
    else {
        return false;
    };
    let Some((current, before)) = words.split_last() else {
        return false;
    };
    let slot = slot(&crate::cli::command(), before, current);
    let Some(want) = slot.want else {
        return false;
    };
    let mut out = String::new();
    for c in lookup(&slot, want, current).unwrap_or_default() {
        out.push_str(&c);
        out.push('\n');
    }
    let _ = crate::output::write_stdout(out.as_bytes());
    true
}

/// Whether values of `arg` are secret names.
pub fn is_name(arg: &clap::Arg) -> bool {
    let name = clap::builder::ValueParser::new(crate::model::Name::parse).type_id();
    arg.get_value_parser().type_id() == name
}

fn takes_value(arg: &clap::Arg) -> bool {
    arg.get_action().takes_values()
}

/// Walk the words before the cursor as clap would parse them: the
/// subcommand, options and the values they take, positionals, `--`.
pub fn slot(root: &Command, before: &[String], current: &str) -> Slot {
    let mut root = root.clone();
    root.build();
    let mut slot = Slot::default();
    let mut cmd: &Command = &root;
    let mut sub: Option<&Command> = None;
    let mut positionals = 0usize;
    let mut pending: Option<&clap::Arg> = None;
    let mut dashdash = false;
    let record = |slot: &mut Slot, arg: &clap::Arg, value: &str| {
        let path = Some(PathBuf::from(value));
        match arg.get_id().as_str() {
            "vault" => slot.vault = path,
            "identity" => slot.identity = path,
            "passphrase_file" => slot.passphrase_file = path,
            _ => {}
        }
    };
    for word in before.iter().skip(1) {
        if let Some(arg) = pending.take() {
            record(&mut slot, arg, word);
            continue;
        }
        if !dashdash && word == "--" {
            dashdash = true;
            continue;
        }
        if !dashdash && let Some(long) = word.strip_prefix("--") {
            let (flag, value) = match long.split_once('=') {
                Some((f, v)) => (f, Some(v)),
                None => (long, None),
            };
            let Some(arg) = cmd.get_arguments().find(|a| a.get_long() == Some(flag)) else {
                continue;
            };
            if takes_value(arg) {
                match value {
                    Some(v) => record(&mut slot, arg, v),
                    None => pending = Some(arg),
                }
            }
            continue;
        }
        if !dashdash && word.len() > 1 && word.starts_with('-') {
            for (i, c) in word.char_indices().skip(1) {
                let Some(arg) = cmd.get_arguments().find(|a| a.get_short() == Some(c)) else {
                    break;
                };
                if takes_value(arg) {
                    let rest = &word[i + c.len_utf8()..];
                    if rest.is_empty() {
                        pending = Some(arg);
                    } else {
                        record(&mut slot, arg, rest.trim_start_matches('='));
                    }
                    break;
                }
            }
            continue;
        }
        match sub {
            None => match root.find_subcommand(word) {
                Some(s) => {
                    sub = Some(s);
                    cmd = s;
                }
                None => return slot,
            },
            Some(_) => positionals += 1,
        }
    }
    let Some(sub) = sub else { return slot };
    let arg = match pending {
        Some(arg) => Some(arg),
        None if !dashdash && current.starts_with('-') => None,
        None => {
            let mut args: Vec<&clap::Arg> = sub.get_positionals().collect();
            args.sort_by_key(|a| a.get_index());
            let multiple = |a: &clap::Arg| a.get_num_args().is_some_and(|n| n.max_values() > 1);
            args.get(positionals)
                .copied()
                .or_else(|| args.last().copied().filter(|a| multiple(a)))
        }
    };
    if arg.is_some_and(is_name) {
        slot.want = Some(match sub.get_name() {
            "secrets:create" => Want::Folders,
            "secrets:restore" => Want::Deleted,
            _ => Want::Existing,
        });
    }
    slot
}

/// What to offer for `prefix` from the vault; `None` when the vault does
/// not open without asking anything.
fn lookup(slot: &Slot, want: Want, prefix: &str) -> Option<Vec<String>> {
    let env = |key: &str| std::env::var_os(key).filter(|v| !v.is_empty());
    let expect: Vec<Expectation> = std::env::var("COFFER_EXPECT")
        .unwrap_or_default()
        .split(',')
        .filter_map(|e| e.parse().ok())
        .collect();
    let mut loc = Location::resolve(
        slot.vault
            .clone()
            .or_else(|| env("COFFER_VAULT").map(PathBuf::from)),
        slot.identity
            .clone()
            .or_else(|| env("COFFER_IDENTITY").map(PathBuf::from)),
        slot.passphrase_file
            .clone()
            .or_else(|| env("COFFER_PASSPHRASE_FILE").map(PathBuf::from)),
        None,
        expect,
    )
    .ok()?
    .read_only(true);
    loc.passphrase.no_prompt = true;
    if !loc.vault.exists() {
        return None;
    }
    let vault = Vault::open_read(&loc).ok()?;
    let deleted = match want {
        Want::Deleted => "IS NOT NULL",
        Want::Existing | Want::Folders => "IS NULL",
    };
    // The first name at or after ?1, through the index on name.
    let mut first = vault
        .conn()
        .prepare(&format!(
            "SELECT name FROM secret WHERE name >= ?1 AND deleted_at {deleted}
              ORDER BY name LIMIT 1"
        ))
        .ok()?;
    let mut failed = false;
    // One level below `at`, skipping over each folder (`prod/...` ends
    // before `prod0`: '0' follows '/'), so a Tab reads a few index entries
    // per candidate, not every name in the vault.
    let level = |at: &str| -> Vec<String> {
        let mut found = Vec::new();
        let mut from = at.to_owned();
        loop {
            let name: String = match first.query_row([&from], |r| r.get(0)) {
                Ok(name) => name,
                Err(rusqlite::Error::QueryReturnedNoRows) => break,
                Err(_) => {
                    failed = true;
                    break;
                }
            };
            if !name.starts_with(at) {
                break;
            }
            match name[at.len()..].find('/') {
                Some(i) => {
                    let folder = &name[..at.len() + i + 1];
                    from = format!("{}0", &folder[..folder.len() - 1]);
                    found.push(folder.to_owned());
                }
                None => {
                    // Past this name: no name holds a control character.
                    from = format!("{name}\u{1}");
                    if want != Want::Folders {
                        found.push(name);
                    }
                }
            }
        }
        found
    };
    let out = complete(prefix, level);
    (!failed).then_some(out)
}

/// What to offer for `prefix`, given `level(p)`: the names starting with
/// `p`, each cut after the first `/` past `p` (a folder), deduplicated and
/// sorted. While that leaves a single folder, go into it; a folder that
/// holds nothing more to offer is offered itself.
fn complete(prefix: &str, mut level: impl FnMut(&str) -> Vec<String>) -> Vec<String> {
    let mut at = prefix.to_owned();
    loop {
        let found = level(&at);
        match found.as_slice() {
            [only] if only.ends_with('/') && *only != at => at = only.clone(),
            [] if at != prefix => return vec![at],
            _ => return found,
        }
    }
}

/// [`complete`] over a list of names (what the vault's index gives).
pub fn candidates(names: &[String], prefix: &str, want: Want) -> Vec<String> {
    complete(prefix, |at| {
        let found: BTreeSet<&str> = names
            .iter()
            .filter(|n| n.starts_with(at))
            .map(|n| match n[at.len()..].find('/') {
                Some(i) => &n[..at.len() + i + 1],
                None => n.as_str(),
            })
            .filter(|c| want != Want::Folders || c.ends_with('/'))
            .collect();
        found.into_iter().map(str::to_owned).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split(' ').map(str::to_owned).collect()
    }

    fn want(line: &str) -> Option<Want> {
        let w = words(line);
        let (cur, before) = w.split_last().unwrap();
        slot(&crate::cli::command(), before, cur).want
    }

    #[test]
    fn name_slots() {
        assert_eq!(want("coffer secrets:get "), Some(Want::Existing));
        assert_eq!(want("coffer secrets:get pr"), Some(Want::Existing));
        assert_eq!(want("coffer secrets:get A B"), Some(Want::Existing));
        assert_eq!(want("coffer get A --format json "), Some(Want::Existing));
        assert_eq!(
            want("coffer secrets:get --version 2 "),
            Some(Want::Existing)
        );
        assert_eq!(want("coffer secrets:get --version "), None);
        assert_eq!(want("coffer secrets:get --fo"), None);
        assert_eq!(want("coffer secrets:diff "), Some(Want::Existing));
        assert_eq!(want("coffer secrets:rollback X "), None);
        assert_eq!(want("coffer secrets:restore "), Some(Want::Deleted));
        assert_eq!(want("coffer secrets:create "), Some(Want::Folders));
        assert_eq!(want("coffer secrets:create X "), None, "VALUE is no name");
        assert_eq!(want("coffer secrets:update X "), None);
        assert_eq!(want("coffer audit:logs --secret "), Some(Want::Existing));
        assert_eq!(want("coffer audit:logs --secret=pr"), None);
        assert_eq!(want("coffer secrets:list "), None);
        assert_eq!(want("coffer sec"), None);
        assert_eq!(want("coffer "), None);
        assert_eq!(want("coffer --vault "), None);
        assert_eq!(want("coffer secrets:delete a b "), Some(Want::Existing));
        assert_eq!(want("coffer secrets:delete -- "), Some(Want::Existing));
        assert_eq!(want("coffer --read-only get "), Some(Want::Existing));
        assert_eq!(want("coffer --lock-timeout 5s get "), Some(Want::Existing));
        assert_eq!(want("coffer get -n "), Some(Want::Existing));
    }

    #[test]
    fn words_come_nul_or_newline_ended() {
        let w = |b: &[u8]| -> Vec<String> {
            read_words(b)
                .into_iter()
                .map(|o| o.into_string().unwrap())
                .collect()
        };
        assert_eq!(w(b"coffer\0get\0\0"), ["coffer", "get", ""]);
        assert_eq!(w(b"coffer\0get\0pr\0"), ["coffer", "get", "pr"]);
        assert_eq!(w(b"coffer\nget\n\n"), ["coffer", "get", ""]);
        assert_eq!(w(b"a b\nc\0"), ["a b\nc"]);
        assert!(w(b"").is_empty());
    }

    #[test]
    fn global_options_name_the_vault() {
        let w = words("coffer --vault=/v.age secrets:get --identity /id.txt ");
        let (cur, before) = w.split_last().unwrap();
        let s = slot(&crate::cli::command(), before, cur);
        assert_eq!(s.vault, Some(PathBuf::from("/v.age")));
        assert_eq!(s.identity, Some(PathBuf::from("/id.txt")));
        assert_eq!(s.want, Some(Want::Existing));
    }

    #[test]
    fn folders_complete_a_segment_at_a_time() {
        let names: Vec<String> = [
            "API_KEY",
            "prod/db/password",
            "prod/db/user",
            "prod/api/token",
            "staging/db/password",
        ]
        .map(str::to_owned)
        .to_vec();
        let c = |p: &str| candidates(&names, p, Want::Existing);
        assert_eq!(c(""), ["API_KEY", "prod/", "staging/"]);
        assert_eq!(c("pr"), ["prod/api/", "prod/db/"]);
        assert_eq!(c("prod/"), ["prod/api/", "prod/db/"]);
        assert_eq!(c("prod/d"), ["prod/db/password", "prod/db/user"]);
        assert_eq!(c("st"), ["staging/db/password"], "one folder: go in");
        assert_eq!(c("x"), Vec::<String>::new());
        assert_eq!(candidates(&names, "", Want::Folders), ["prod/", "staging/"]);
        assert_eq!(
            candidates(&names, "prod/", Want::Folders),
            ["prod/api/", "prod/db/"]
        );
        assert_eq!(candidates(&names, "st", Want::Folders), ["staging/db/"]);
        assert_eq!(candidates(&names, "A", Want::Folders), Vec::<String>::new());
    }
}
