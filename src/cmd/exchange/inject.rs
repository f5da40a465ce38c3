//! `coffer inject -i TEMPLATE [-o OUT]`: fill `{{ NAME }}` placeholders.
//!
//! The template is parsed whole before the vault is opened: an unclosed
//! `{{` or an invalid name is an error naming its line. `\{{` is a literal
//! `{{`. Every name must exist (all missing ones are listed); then each
//! secret used is an audited read, and OUT is written 0600 through a
//! temporary file in its folder and a rename, never over an existing file
//! without --force.

use std::io::{Read as _, Write};
use std::path::{Path, PathBuf};

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
/// written 0600 through a temporary file and a rename, and an existing
/// OUT is replaced only with --force. Without -o, to stdout.
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
    if let Some(out) = &args.output
        && !args.force
        && std::fs::symlink_metadata(out).is_ok()
    {
        return Err(Error::failure(format!(
            "{} exists; nothing was read or written",
            out.display()
        ))
        .hint("give --force to replace it"));
    }
    // The temporary file sits beside OUT, so the rename cannot cross file systems.
    let mut temp = match &args.output {
        Some(out) => {
            let dir = match out.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            Some(
                tempfile::Builder::new()
                    .prefix(".coffer-inject-")
                    .tempfile_in(dir)
                    .map_err(|e| Error::io("cannot write in", dir, e))?,
            )
        }
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
        if let Some(f) = temp.as_mut() {
            f.write_all(&out)
                .and_then(|()| f.as_file().sync_all())
                .map_err(|e| Error::failure(format!("cannot write the output: {e}")))?;
        }
        if temp.is_none() {
            super::refuse_controls_on_terminal(&out)?;
        }
        super::audit(ctx, &reads, "inject")?;
        Ok(out)
    })?;
    match (temp, &args.output) {
        (Some(f), Some(out)) => {
            let kept = if args.force {
                f.persist(out).map(|_| ())
            } else {
                f.persist_noclobber(out).map(|_| ())
            };
            kept.map_err(|e| Error::io("cannot write", out, e.error))?;
            if let Some(dir) = out.parent().filter(|p| !p.as_os_str().is_empty())
                && let Ok(d) = std::fs::File::open(dir)
            {
                let _ = d.sync_all();
            }
            Ok(())
        }
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
