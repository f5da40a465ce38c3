//! `coffer inject -i TEMPLATE [-o OUT]`: fill `{{ NAME }}` placeholders.
//!
//! The template is parsed whole before the vault is opened: an unclosed
//! `{{` or an invalid name is an error naming its line. `\{{` is a literal
//! `{{`. Every name must exist (all missing ones are listed); then each
//! secret used is an audited read, and OUT is written 0600, never over an
//! existing file without --force.
//!
//! OUT holds a value only after its read is recorded: the file is made
//! before the vault is opened, empty, and filled once the transaction's
//! record (its `accessed` rows) is fsynced; it gets OUT's name last. So a
//! kill at any moment leaves no OUT without its read recorded (a read
//! recorded without OUT is possible). On Linux the file is anonymous
//! (`O_TMPFILE`, then `linkat`), so a kill leaves nothing; on a file system
//! without anonymous files, and for the instant between link and rename
//! with --force, a `.coffer-inject-*` file (0600) may be left, which the
//! next inject or export into that folder removes (each run holds a lock on
//! its own). The writer is [`super::Pending`], which `export -o` shares.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use super::Pending;

use clap::Args;
use zeroize::Zeroizing;

use super::Selection;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::Name;
use crate::output;
use crate::store;
use crate::vault::Location;

/// Fill a template's {{ NAME }} placeholders with secret values
///
/// Every `{{ NAME }}` (spaces inside the braces optional) becomes the
/// value of secret NAME; `\{{` writes a literal `{{`. A placeholder
/// must close on its line: an unclosed `{{` is an error naming the
/// line. Unknown names are all listed, and nothing is written. Each
/// secret used is an audited read (`accessed`, via inject). OUT is
/// written 0600, and an existing OUT is replaced only with --force.
/// Without -o, to stdout. The reads are recorded (and fsynced) before
/// any value reaches the disk, and OUT gets its name last, whole: a
/// kill leaves no OUT whose read is not in the audit log (it may leave
/// the read recorded and no OUT). On Linux OUT is written as an
/// anonymous file (O_TMPFILE) until it is linked into place, so a kill
/// leaves nothing behind; elsewhere, or in the instant between link and
/// rename with --force, it can leave a `.coffer-inject-*` file (0600)
/// beside OUT, which the next inject (or export -o) into that folder
/// removes.
#[derive(Debug, Args)]
pub struct InjectArgs {
    /// The template (`-` for stdin)
    #[arg(short = 'i', long = "in", value_name = "TEMPLATE")]
    pub input: PathBuf,
    /// Write here (0600) instead of stdout
    #[arg(short = 'o', long = "out", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace OUT if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

/// Examples for `coffer inject --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Fill a config template (`password: {{ prod/db/password }}`)",
        "coffer inject -i config.yml.tpl -o config.yml",
    ),
    ("To stdout, from stdin", "coffer inject -i - < app.env.tpl"),
];

/// A piece of a template.
#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Text(Vec<u8>),
    Secret(String),
}

/// Split a template into text and placeholders.
fn parse(template: &[u8]) -> Result<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut text = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < template.len() {
        let rest = &template[i..];
        if rest.starts_with(b"\\{{") {
            text.extend_from_slice(b"{{");
            i += 3;
        } else if rest.starts_with(b"{{") {
            let end_of_line = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let Some(close) = rest[..end_of_line].windows(2).position(|w| w == b"}}") else {
                return Err(Error::usage(format!(
                    "the template has an unclosed `{{{{` on line {line}"
                ))
                .hint("close it with `}}` on the same line, or write `\\{{` for a literal `{{`"));
            };
            let inner = std::str::from_utf8(&rest[2..close])
                .unwrap_or("\u{fffd}")
                .trim();
            let name = Name::parse(inner).map_err(|e| {
                Error::usage(format!("line {line} of the template: {e}"))
                    .hint("a placeholder is `{{ NAME }}`; write `\\{{` for a literal `{{`")
            })?;
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(Piece::Secret(name.to_string()));
            i += close + 2;
        } else {
            if rest[0] == b'\n' {
                line += 1;
            }
            text.push(rest[0]);
            i += 1;
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

pub fn run(loc: &Location, args: &InjectArgs) -> Result<()> {
    let template = read_template(&args.input)?;
    let pieces = parse(&template)?;
    let mut names: Vec<String> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Secret(n) => Some(n.clone()),
            Piece::Text(_) => None,
        })
        .collect();
    names.sort();
    names.dedup();
    // OUT's file is made (empty, and with no name where the file system
    // allows) before anything is read, so a folder coffer cannot write in
    // fails with nothing read; the values go into it only once their reads
    // are recorded.
    let mut pending = match &args.output {
        Some(out) => Some(Pending::create(out, args.force, "inject")?),
        None => None,
    };
    let rendered = crate::vault::transact_for(loc, crate::vault::Intent::Read, |ctx| {
        let mut missing: Vec<&str> = Vec::new();
        for n in &names {
            if store::exists(ctx.db, n)?.is_none() {
                missing.push(n);
            }
        }
        if !missing.is_empty() {
            return Err(Error::not_found(format!(
                "the template names secrets the vault does not have: {}; nothing was written",
                missing.join(", ")
            ))
            .hint("see the names with `coffer secrets:list`"));
        }
        let sel = Selection {
            names: names.clone(),
            prefix: None,
            tags: &[],
        };
        let reads = super::values(ctx, super::select(ctx, &sel)?)?;
        let mut out = Zeroizing::new(Vec::with_capacity(template.len()));
        for p in &pieces {
            match p {
                Piece::Text(t) => out.extend_from_slice(t),
                Piece::Secret(n) => {
                    let r = reads.iter().find(|r| r.name == *n).expect("selected");
                    out.extend_from_slice(&r.value);
                }
            }
        }
        if pending.is_none() {
            super::refuse_controls_on_terminal(&out)?;
        }
        super::audit(ctx, &reads, "inject")?;
        Ok(out)
    })?;
    // The reads are committed (their record fsynced): only now does any
    // value reach the disk.
    match (pending.take(), &args.output) {
        (Some(p), Some(out)) => p.finish(&rendered, out, args.force),
        _ => output::write_stdout(&rendered),
    }
}

fn read_template(path: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| Error::failure(format!("cannot read the template from stdin: {e}")))?;
    } else {
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut buf))
            .map_err(|e| Error::io("cannot read the template", path, e))?;
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_with_and_without_spaces() {
        let p = parse(b"a={{A}} b={{  prod/b }}\n\\{{ c }}").unwrap();
        assert_eq!(
            p,
            vec![
                Piece::Text(b"a=".to_vec()),
                Piece::Secret("A".into()),
                Piece::Text(b" b=".to_vec()),
                Piece::Secret("prod/b".into()),
                Piece::Text(b"\n{{ c }}".to_vec()),
            ]
        );
    }

    #[test]
    fn unclosed_names_its_line() {
        let e = parse(b"ok\nstill {{ A }}\nbad {{ B\n}}").unwrap_err();
        assert!(e.message.contains("line 3"), "{}", e.message);
        let e = parse(b"{{ }}").unwrap_err();
        assert!(e.message.contains("line 1"), "{}", e.message);
    }
}
