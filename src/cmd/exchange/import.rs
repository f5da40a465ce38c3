//! `coffer import FILE|-` (dotenv or the JSON `coffer export` writes) and
//! `coffer import --from passage|pass DIR`.
//!
//! Everything is read and checked before the vault is touched: every name
//! valid and given once (an error names the line, or the entry in JSON),
//! every value storable, every name the vault has settled by
//! `--on-conflict`. Then all of it lands in one transaction, so one journal
//! record: new secrets at version 1 and updated ones at a new version, of
//! kind `import`, each with an `imported` audit row carrying the value's
//! fingerprint. Values from a store are decrypted by the `age` / `gpg` CLI
//! and read from the child's stdout pipe, never from argv or a file.

use std::collections::{BTreeMap, HashMap};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget};
use zeroize::Zeroizing;

use super::history;
use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::{Action, MetaEntry, Name, SecretType, Tag};
use crate::output::{self, Entry};
use crate::store::{self, MAX_VALUE_BYTES, op::Op};
use crate::vault::Location;

/// Add secrets from a dotenv or JSON file, or from a pass or passage store
///
/// FILE (or `-` for stdin) is a .env file (`NAME=value`, `export`,
/// quotes and `#` comments as python-dotenv reads them) or the JSON
/// array `coffer export` writes. --from passage DIR decrypts every
/// *.age file under DIR with the age CLI (identities in
/// $PASSAGE_IDENTITIES_FILE or ~/.passage/identities), --from pass every
/// *.gpg file with gpg; the folders make the name: prod/db/password.age
/// is prod/db/password. A one-line entry loses its final newline. Every
/// name is checked before anything is written: an invalid or repeated
/// name is an error naming its line (its entry in JSON); a name the
/// vault has is an error unless --on-conflict says skip or update.
/// Everything lands in one record: new secrets get version 1 and updated
/// ones a new version, both of kind import (audit action `imported`).
/// A history (`coffer export --history`, a JSON object) is restored
/// whole, into an empty vault only (any other is refused, exit 7): every
/// secret with its state and facts, every version with its number, kind,
/// time and author, one `imported` audit row per version naming them.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file (`-` for stdin), or with --from the store's folder
    #[arg(value_name = "FILE|DIR")]
    pub source: PathBuf,
    /// Read a pass or passage store in the folder FILE|DIR
    #[arg(long, value_enum, value_name = "STORE", conflicts_with = "format")]
    pub from: Option<ImportSource>,
    #[arg(long, value_enum, default_value_t = ImportFormat::Auto)]
    pub format: ImportFormat,
    /// What to do with a name the vault already has
    #[arg(long, value_enum, default_value_t = OnConflict::Fail)]
    pub on_conflict: OnConflict,
    /// Show what would be created, updated and skipped; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// Examples for `coffer import --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    ("Take a .env file in", "coffer import .env"),
    (
        "Restore a history into a new, empty vault",
        "coffer --vault restored.age init && coffer --vault restored.age import history.json",
    ),
    (
        "Take current values in, updating secrets that exist",
        "coffer import current.json --on-conflict update",
    ),
    (
        "Move a passage store in (see what happens first)",
        "coffer import --from passage ~/.passage/store --dry-run",
    ),
];

/// Where `coffer import` reads from, besides a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportSource {
    /// A passage store: *.age files, decrypted with the age CLI
    Passage,
    /// A pass store: *.gpg files, decrypted with gpg
    Pass,
}

/// The format of an import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// JSON when the file starts with `[`, dotenv otherwise
    Auto,
    Dotenv,
    Json,
}

/// What `coffer import` does with a name the vault already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnConflict {
    /// Stop before anything is written (exit 7)
    Fail,
    /// Leave the secret as it is
    Skip,
    /// Give it a new version with the imported value (none when equal)
    Update,
}

/// One secret to import, and where it came from (for errors).
struct Item {
    name: String,
    value: Zeroizing<Vec<u8>>,
    place: String,
    kind: SecretType,
    description: Option<String>,
    tags: Vec<String>,
    metadata: BTreeMap<String, String>,
}

impl Item {
    fn new(name: String, value: Zeroizing<Vec<u8>>, place: String) -> Item {
        Item {
            name,
            value,
            place,
            kind: SecretType::Generic,
            description: None,
            tags: Vec::new(),
            metadata: BTreeMap::new(),
        }
    }
}

/// What the import does to one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    Create,
    /// A new version after the current one.
    Update,
    /// The vault has it (skipped, or already holding this value).
    Skip,
    Unchanged,
}

pub fn run(loc: &Location, args: &ImportArgs) -> Result<()> {
    let items = match args.from {
        Some(store) => read_store(store, &args.source)?,
        None => {
            let bytes = read_input(&args.source)?;
            if args.format != ImportFormat::Dotenv && history::looks_like(&bytes) {
                return restore(loc, args, &bytes);
            }
            let json = match args.format {
                ImportFormat::Json => true,
                ImportFormat::Dotenv => false,
                ImportFormat::Auto => bytes
                    .iter()
                    .find(|b| !b.is_ascii_whitespace())
                    .is_some_and(|&b| b == b'['),
            };
            if json {
                parse_json(&bytes)?
            } else {
                parse_dotenv(&bytes)?
            }
        }
    };
    check(&items)?;

    let (plans, counts) = crate::vault::transact(loc, |ctx| {
        let mut plans = Vec::with_capacity(items.len());
        let mut conflicts = Vec::new();
        for item in &items {
            let plan = match store::exists(ctx.db, &item.name)? {
                None => Plan::Create,
                Some(existing) => match args.on_conflict {
                    OnConflict::Fail => {
                        conflicts.push(item.name.as_str());
                        Plan::Skip
                    }
                    OnConflict::Skip => Plan::Skip,
                    OnConflict::Update => {
                        if existing.deleted_at.is_some() {
                            return Err(Error::failure(format!(
                                "secret {} is deleted; nothing was imported",
                                item.name
                            ))
                            .hint(format!(
                                "bring it back with `coffer secrets:restore {}` first, or use --on-conflict skip",
                                item.name
                            )));
                        }
                        let current = store::version(ctx.db, &existing, None)?;
                        if *current.value == *item.value {
                            Plan::Unchanged
                        } else {
                            Plan::Update
                        }
                    }
                },
            };
            plans.push(plan);
        }
        if !conflicts.is_empty() {
            let shown: Vec<&str> = conflicts.iter().take(10).copied().collect();
            let more = conflicts.len().saturating_sub(shown.len());
            return Err(Error::conflict(format!(
                "the vault already has {} of these secrets: {}{}; nothing was imported",
                conflicts.len(),
                shown.join(", "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ))
            .hint("choose with --on-conflict skip or --on-conflict update (--dry-run shows what each would do)"));
        }
        let count = |p: Plan| plans.iter().filter(|&&q| q == p).count();
        let counts = [
            count(Plan::Create),
            count(Plan::Update),
            count(Plan::Skip),
            count(Plan::Unchanged),
        ];
        if args.dry_run {
            return Ok((plans, counts));
        }
        let bar = ProgressBar::with_draw_target(
            Some((counts[0] + counts[1]) as u64),
            ProgressDrawTarget::stderr(),
        );
        for (item, plan) in items.iter().zip(&plans) {
            match plan {
                Plan::Create => {
                    create(ctx, item)?;
                    bar.inc(1);
                }
                Plan::Update => {
                    let secret = store::find(ctx.db, &item.name)?;
                    // A new value settles a conflict left by a merge, as
                    // secrets:update does.
                    if secret.metadata.contains_key(store::CONFLICT_KEY) {
                        store::unset_metadata(ctx, &secret, store::CONFLICT_KEY)?;
                    }
                    let n = store::add_version(ctx, &secret, &item.value, "import", None)?;
                    ctx.audit(
                        Event::secret(Action::Imported, &item.name, Some(n))
                            .detail("fingerprint", ctx.fingerprint(&item.value)),
                    )?;
                    bar.inc(1);
                }
                Plan::Skip | Plan::Unchanged => {}
            }
        }
        bar.finish_and_clear();
        Ok((plans, counts))
    })?;

    let [created, updated, skipped, unchanged] = counts;
    if args.dry_run {
        let mut text = String::new();
        for (item, plan) in items.iter().zip(&plans) {
            let what = match plan {
                Plan::Create => "create",
                Plan::Update => "update",
                Plan::Skip => "skip (exists)",
                Plan::Unchanged => "skip (same value)",
            };
            text.push_str(&format!("would {what}\t{}\n", item.name));
        }
        text.push_str(&format!(
            "dry run: {created} to create, {updated} to update, {} to skip; nothing was changed\n",
            skipped + unchanged
        ));
        return output::write_stdout(output::clean(&text).as_bytes());
    }
    output::line(&format!(
        "imported {}: {created} created, {updated} updated, {} skipped",
        output::count((created + updated) as u64, "secret"),
        skipped + unchanged
    ))
}

/// Restore a history (`coffer export --history`) into an empty vault, in
/// one record (see [`history`]).
fn restore(loc: &Location, args: &ImportArgs, bytes: &[u8]) -> Result<()> {
    let secrets = history::parse(bytes)?;
    if args.on_conflict != OnConflict::Fail {
        return Err(Error::usage(
            "--on-conflict does not apply to a history, which is restored into an empty vault only; nothing was imported",
        )
        .hint("leave out --on-conflict"));
    }
    crate::vault::transact(loc, |ctx| {
        history::check_empty(ctx)?;
        if !args.dry_run {
            for s in &secrets {
                history::restore(ctx, s)?;
            }
        }
        Ok(())
    })?;
    let versions: usize = secrets.iter().map(|s| s.version_count()).sum();
    let deleted = secrets.iter().filter(|s| s.is_deleted()).count();
    if args.dry_run {
        let mut text = String::new();
        for s in &secrets {
            text.push_str(&format!(
                "would restore\t{}\t{}{}\n",
                s.name(),
                output::count(s.version_count() as u64, "version"),
                if s.is_deleted() { ", deleted" } else { "" }
            ));
        }
        text.push_str(&format!(
            "dry run: {} with {} to restore; nothing was changed\n",
            output::count(secrets.len() as u64, "secret"),
            output::count(versions as u64, "version")
        ));
        return output::write_stdout(output::clean(&text).as_bytes());
    }
    output::line(&format!(
        "restored {} ({deleted} deleted) with {} from the history",
        output::count(secrets.len() as u64, "secret"),
        output::count(versions as u64, "version")
    ))
}

/// A new secret from `item`: version 1, of kind import.
fn create(ctx: &store::Ctx<'_>, item: &Item) -> Result<()> {
    ctx.apply(Op::Secret {
        name: item.name.clone(),
        kind: item.kind.as_str().to_owned(),
        description: item.description.clone(),
        at: ctx.now,
        by: ctx.actor.clone(),
        activates_at: None,
        expires_at: None,
    })?;
    if !item.tags.is_empty() {
        ctx.apply(Op::Tags {
            name: item.name.clone(),
            tags: item.tags.clone(),
        })?;
    }
    for (k, v) in &item.metadata {
        ctx.apply(Op::Metadata {
            name: item.name.clone(),
            key: k.clone(),
            value: Some(v.clone()),
        })?;
    }
    ctx.apply(Op::Version {
        name: item.name.clone(),
        number: 1,
        value: store::op::Value(item.value.clone()),
        at: ctx.now,
        by: ctx.actor.clone(),
        kind: "import".into(),
        source: None,
    })?;
    ctx.audit(
        Event::secret(Action::Imported, &item.name, Some(1))
            .detail("fingerprint", ctx.fingerprint(&item.value))
            .detail("type", item.kind.as_str()),
    )?;
    Ok(())
}

/// Every name valid for a new secret and given once, every value storable.
fn check(items: &[Item]) -> Result<()> {
    let mut seen: HashMap<&str, &str> = HashMap::with_capacity(items.len());
    for item in items {
        Name::parse_new(&item.name).map_err(|e| {
            Error::usage(format!("{}: {e}; nothing was imported", item.place))
                .hint(e.hint.unwrap_or("fix the name in the file"))
        })?;
        if let Some(first) = seen.insert(&item.name, &item.place) {
            return Err(Error::usage(format!(
                "{}: {} is given again (first at {first}); nothing was imported",
                item.place,
                output::clean(&item.name)
            ))
            .hint("keep one of them"));
        }
        if item.value.is_empty() {
            return Err(Error::usage(format!(
                "{}: the value of {} is empty; nothing was imported",
                item.place, item.name
            ))
            .hint("coffer does not store empty values: leave it out"));
        }
        if item.value.len() > MAX_VALUE_BYTES {
            return Err(Error::usage(format!(
                "{}: the value of {} is larger than the 1 MiB limit; nothing was imported",
                item.place, item.name
            )));
        }
    }
    Ok(())
}

fn read_input(path: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| Error::failure(format!("cannot read stdin: {e}")))?;
    } else {
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut buf))
            .map_err(|e| Error::io("cannot read", path, e))?;
    }
    Ok(buf)
}

/// The JSON array `coffer export` (and `secrets:get --format json`) prints.
fn parse_json(bytes: &[u8]) -> Result<Vec<Item>> {
    let entries: Vec<Entry> = serde_json::from_slice(bytes).map_err(|e| {
        // Only where and what kind of error: serde_json's message quotes
        // the data it did not expect (`invalid type: string "hunter2"`),
        // which may be a value.
        let why = match e.classify() {
            serde_json::error::Category::Io => "it could not be read",
            serde_json::error::Category::Syntax => "it is not valid JSON",
            serde_json::error::Category::Data => "an entry is not of the expected shape",
            serde_json::error::Category::Eof => "it ends too early",
        };
        Error::usage(format!(
            "the file is not the JSON `coffer export` writes: {why} (line {}, column {})",
            e.line(),
            e.column()
        ))
        .hint("expected an array of {\"name\": ..., \"value\": ...} objects")
    })?;
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let place = format!("entry {}", i + 1);
            let value = match (&e.value, &e.value_base64) {
                (Some(v), None) => Zeroizing::new(v.as_bytes().to_vec()),
                (None, Some(b)) => Zeroizing::new(
                    base64::engine::general_purpose::STANDARD
                        .decode(b)
                        .map_err(|_| {
                            Error::usage(format!("{place}: value_base64 is not base64"))
                        })?,
                ),
                _ => {
                    return Err(Error::usage(format!(
                        "{place}: give either value or value_base64"
                    )));
                }
            };
            let mut item = Item::new(e.name.clone(), value, place.clone());
            if let Some(k) = &e.kind {
                item.kind = SecretType::from_str(k, false).map_err(|_| {
                    Error::usage(format!("{place}: unknown type {:?}", output::clean(k)))
                })?;
            }
            item.description = e.description.clone();
            for t in &e.tags {
                let tag =
                    Tag::parse_new(t).map_err(|err| Error::usage(format!("{place}: {err}")))?;
                item.tags.push(tag.to_string());
            }
            item.tags.sort();
            item.tags.dedup();
            for (k, v) in &e.metadata {
                let m = MetaEntry::parse(&format!("{k}={v}"))
                    .map_err(|err| Error::usage(format!("{place}: {err}")))?;
                item.metadata.insert(m.key, m.value);
            }
            Ok(item)
        })
        .collect()
}

/// A .env file as python-dotenv reads it: `NAME=value` lines, `export`
/// before a name, `#` comments and blank lines; a value bare (trimmed, a
/// ` #` comment cut), in single quotes (literal, `\\` and `\'` escaped)
/// or double quotes (`\n`, `\t`, `\"`, `\\` ... escaped), quoted values
/// spanning lines.
fn parse_dotenv(bytes: &[u8]) -> Result<Vec<Item>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::usage(format!(
            "the file is not UTF-8 text (at byte {})",
            e.valid_up_to()
        ))
        .hint("a dotenv file holds text; import binary values as JSON with value_base64")
    })?;
    let mut items = Vec::new();
    let mut line = 1usize;
    let mut rest = text;
    while !rest.is_empty() {
        let start_line = line;
        let (entry, after) = split_entry(rest).map_err(|why| {
            Error::usage(format!("line {start_line}: {why}; nothing was imported"))
                .hint("a line is NAME=value, NAME='value' or NAME=\"value\"")
        })?;
        line += rest[..rest.len() - after.len()].matches('\n').count();
        rest = after;
        if let Some((name, value)) = entry {
            items.push(Item::new(
                name,
                Zeroizing::new(value.into_bytes()),
                format!("line {start_line}"),
            ));
        }
    }
    Ok(items)
}

/// One entry from the start of `text`: its name and value (none for a
/// blank or comment line), and the text after it.
type Pair = Option<(String, String)>;

fn split_entry(text: &str) -> std::result::Result<(Pair, &str), String> {
    let (first, next) = match text.find('\n') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let trimmed = first.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok((None, next));
    }
    let body = text.trim_start();
    let body = body
        .strip_prefix("export")
        .filter(|b| b.starts_with([' ', '\t']))
        .map_or(body, str::trim_start);
    let eq = body
        .find('=')
        .filter(|&i| !body[..i].contains('\n'))
        .ok_or("no `=` after the name")?;
    let name = body[..eq].trim().to_owned();
    let after = body[eq + 1..].trim_start_matches([' ', '\t']);
    let Some(q) = after.chars().next().filter(|c| *c == '\'' || *c == '"') else {
        // Bare: to the end of the line, a ` #` comment cut, trimmed.
        let end = after.find('\n').unwrap_or(after.len());
        let mut value = after[..end].trim_end_matches('\r');
        if let Some(i) = value.find(" #").or_else(|| value.find("\t#")) {
            value = &value[..i];
        }
        let value = value.trim().to_owned();
        let rest = after.get(end + 1..).unwrap_or("");
        return Ok((Some((name, value)), rest));
    };
    let inner = &after[1..];
    let mut value = String::new();
    let mut chars = inner.char_indices();
    let close = loop {
        let Some((i, c)) = chars.next() else {
            return Err(format!("the {q} quote is not closed"));
        };
        if c == q {
            break i;
        }
        if c == '\\' {
            let Some((_, e)) = chars.next() else {
                return Err(format!("the {q} quote is not closed"));
            };
            let decoded = match (q, e) {
                ('\'', '\\' | '\'') => Some(e),
                ('"', 'n') => Some('\n'),
                ('"', 'r') => Some('\r'),
                ('"', 't') => Some('\t'),
                ('"', 'a') => Some('\u{7}'),
                ('"', 'b') => Some('\u{8}'),
                ('"', 'f') => Some('\u{c}'),
                ('"', 'v') => Some('\u{b}'),
                ('"', '\\' | '"' | '\'') => Some(e),
                _ => None,
            };
            match decoded {
                Some(d) => value.push(d),
                None => {
                    value.push('\\');
                    value.push(e);
                }
            }
            continue;
        }
        value.push(c);
    };
    // After the closing quote: spaces and a comment only.
    let tail = &inner[close + 1..];
    let end = tail.find('\n').unwrap_or(tail.len());
    let trailing = tail[..end].trim();
    if !trailing.is_empty() && !trailing.starts_with('#') {
        return Err("text after the closing quote".into());
    }
    Ok((Some((name, value)), tail.get(end + 1..).unwrap_or("")))
}

/// Every secret of a pass or passage store under `dir`, decrypted.
fn read_store(kind: ImportSource, dir: &Path) -> Result<Vec<Item>> {
    let ext = match kind {
        ImportSource::Passage => "age",
        ImportSource::Pass => "gpg",
    };
    if !dir.is_dir() {
        return Err(
            Error::not_found(format!("{} is not a folder", dir.display()))
                .hint("give the store's folder, such as ~/.passage/store or ~/.password-store"),
        );
    }
    let mut files = Vec::new();
    walk(dir, ext, &mut files)?;
    files.sort();
    let identities = match kind {
        ImportSource::Passage => Some(
            std::env::var_os("PASSAGE_IDENTITIES_FILE")
                .map(PathBuf::from)
                .or_else(|| dirs::home_dir().map(|h| h.join(".passage/identities")))
                .ok_or_else(|| {
                    Error::not_found("no passage identities file")
                        .hint("set PASSAGE_IDENTITIES_FILE")
                })?,
        ),
        ImportSource::Pass => None,
    };
    let bar = ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr());
    let mut items = Vec::with_capacity(files.len());
    for file in files {
        let rel = file.strip_prefix(dir).expect("walked under dir");
        let mut name = rel
            .to_str()
            .ok_or_else(|| Error::usage(format!("{} is not a UTF-8 name", rel.display())))?
            .to_owned();
        name.truncate(name.len() - ext.len() - 1);
        let mut cmd = match &identities {
            Some(ids) => {
                let mut c = Command::new("age");
                c.arg("--decrypt").arg("--identity").arg(ids).arg(&file);
                c
            }
            None => {
                let mut c = Command::new("gpg");
                c.args(["--quiet", "--batch", "--yes", "--decrypt"])
                    .arg(&file);
                c
            }
        };
        let value = decrypt(&mut cmd, &file)?;
        items.push(Item::new(
            name,
            strip_single_newline(value),
            format!("file {}", rel.display()),
        ));
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(items)
}

/// Files ending in `.ext` under `dir`, hidden folders (`.git`) left out.
fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("cannot read", dir, e))?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        let ft = entry
            .file_type()
            .map_err(|e| Error::io("cannot read", &path, e))?;
        if ft.is_dir() && !hidden {
            walk(&path, ext, out)?;
        } else if ft.is_file() && path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    Ok(())
}

/// Run a decrypting CLI and take the value from its stdout pipe.
fn decrypt(cmd: &mut Command, file: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Error::not_found(format!("cannot run {program}: {e}"))
                .hint(format!("install {program} to import this store"))
        })?;
    let mut value = Zeroizing::new(Vec::new());
    let mut stdout = child.stdout.take().expect("piped");
    stdout
        .by_ref()
        .take(MAX_VALUE_BYTES as u64 + 2)
        .read_to_end(&mut value)
        .map_err(|e| Error::failure(format!("cannot read from {program}: {e}")))?;
    drop(stdout);
    let mut err = String::new();
    if let Some(mut s) = child.stderr.take() {
        let _ = s.read_to_string(&mut err);
    }
    let status = child
        .wait()
        .map_err(|e| Error::failure(format!("cannot wait for {program}: {e}")))?;
    if !status.success() {
        return Err(Error::decrypt(format!(
            "{program} cannot decrypt {}: {}; nothing was imported",
            file.display(),
            output::clean(err.trim())
        ))
        .hint("check the identity or key the store is encrypted to"));
    }
    Ok(value)
}

/// A one-line entry (`pass insert` writes the password and a newline)
/// loses its final newline; several lines are kept byte for byte, as
/// `secrets:create -` does.
fn strip_single_newline(mut bytes: Zeroizing<Vec<u8>>) -> Zeroizing<Vec<u8>> {
    let text = std::str::from_utf8(&bytes).is_ok();
    if text && bytes.iter().filter(|&&b| b == b'\n').count() == 1 && bytes.ends_with(b"\n") {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse_dotenv(text.as_bytes())
            .unwrap()
            .into_iter()
            .map(|i| (i.name.clone(), String::from_utf8(i.value.to_vec()).unwrap()))
            .collect()
    }

    #[test]
    fn dotenv_forms() {
        let got = pairs(
            "# comment\n\nA=plain value  # note\nexport B='it'\nC=\"two\\nlines \\\"q\\\"\"\nD='multi\nline' # c\nE=a#b\nF=\n",
        );
        let want = [
            ("A", "plain value"),
            ("B", "it"),
            ("C", "two\nlines \"q\""),
            ("D", "multi\nline"),
            ("E", "a#b"),
            ("F", ""),
        ];
        assert_eq!(
            got,
            want.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn dotenv_errors_name_the_line() {
        let Err(e) = parse_dotenv(b"A=1\n\nB='open\nC=3") else {
            panic!("an unclosed quote was accepted")
        };
        assert!(e.message.starts_with("line 3:"), "{}", e.message);
        let Err(e) = parse_dotenv(b"A=1\nJUNK\n") else {
            panic!("a line without `=` was accepted")
        };
        assert!(e.message.starts_with("line 2:"), "{}", e.message);
        let items = parse_dotenv(b"A=1\nB='x\ny'\nC=2\n").unwrap();
        assert_eq!(items[2].place, "line 4");
    }
}
