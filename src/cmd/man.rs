//! `coffer man [--install [--dir DIR]]`: coffer's man pages, without a
//! package manager.
//!
//! `cargo install` puts a binary in `~/.cargo/bin` and nothing else, so
//! `man coffer` finds nothing. `--install` writes the pages ([`crate::man`]:
//! coffer(1), one page per command, and coffer-vault(5), the same files
//! as `man/` in the source tree) into `share/man/man1` and `share/man/man5`
//! beside the folder the binary is in: `~/.cargo/bin/coffer` gives
//! `~/.cargo/share/man`. man-db's `man` looks there for every folder on
//! PATH (`DIR/../share/man`) when MANPATH is not set, so `man coffer` then
//! works with no configuration. Pages are 0644 (they hold no secret), each
//! written to a temp file and renamed into place; other files there are
//! left alone.
//!
//! Without `--install`, coffer(1) is printed as roff on stdout
//! (`coffer man | man -l -`), and nothing is written.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::output;

/// Print coffer's man page, or install every page where `man` finds it
///
/// Without --install, prints coffer(1) as roff on stdout (`coffer man |
/// man -l -`) and writes nothing. With --install, writes coffer(1), a
/// page per command and coffer-vault(5) into share/man/man1 and
/// share/man/man5 beside the folder the coffer binary is in (symlinks
/// resolved): ~/.cargo/bin/coffer gives ~/.cargo/share/man, where man-db's
/// `man` looks for every folder on PATH when MANPATH is not set. --dir
/// DIR writes into DIR/man1 and DIR/man5 instead. Pages are 0644, each
/// replaced whole; other files are left alone. Warns when `man` would not
/// look there (MANPATH set without it, or no folder on PATH leading to it).
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write every page into share/man beside the binary's folder, where
    /// `man` finds them from PATH
    #[arg(long)]
    pub install: bool,
    /// With --install: the man folder to write into (pages go to DIR/man1
    /// and DIR/man5) [default: the binary's folder/../share/man]
    #[arg(long, value_name = "DIR", requires = "install")]
    pub dir: Option<PathBuf>,
}

/// Examples for `coffer man --help` and coffer-man(1).
pub const EXAMPLES: Examples = &[
    (
        "After `cargo install`: pages into ~/.cargo/share/man, then `man coffer` works",
        "coffer man --install",
    ),
    (
        "Into another man folder (add it to MANPATH if man does not look there)",
        "coffer man --install --dir ~/.local/share/man",
    ),
    (
        "Read coffer(1) without installing anything",
        "coffer man | man -l -",
    ),
];

pub fn run(args: &ManArgs) -> Result<()> {
    let pages = crate::man::installed_pages();
    if !args.install {
        let (_, page) = pages
            .iter()
            .find(|(name, _)| name == "coffer.1")
            .expect("coffer(1) is always generated");
        return output::write_stdout(page);
    }
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => beside_binary()?,
    };
    for (name, page) in &pages {
        let section = name.rsplit('.').next().expect("pages are NAME.SECTION");
        write_page(&dir.join(format!("man{section}")), name, page)?;
    }
    output::line(&format!(
        "installed {} man pages into {} (man1/, man5/)",
        pages.len(),
        dir.display()
    ))?;
    if let Some(why) = not_found_by_man(&dir) {
        output::warn(&why);
    }
    Ok(())
}

/// `share/man` beside the folder the running binary is in (symlinks
/// resolved, as the kernel names the executable).
fn beside_binary() -> Result<PathBuf> {
    let exe = std::env::current_exe()
        .map_err(|e| Error::failure(format!("cannot tell where the coffer binary is: {e}")))?;
    exe.parent()
        .and_then(Path::parent)
        .map(|prefix| prefix.join("share").join("man"))
        .ok_or_else(|| {
            Error::usage(format!(
                "the coffer binary {} has no folder above its own to put share/man in",
                exe.display()
            ))
            .hint("give the man folder with --dir DIR")
        })
}

/// Write `page` as `dir/name`, 0644, through a temp file renamed into place
/// (folders made 0755, as any man folder).
fn write_page(dir: &Path, name: &str, page: &[u8]) -> Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(dir)
        .map_err(|e| Error::io("cannot create folder", dir, e))?;
    let path = dir.join(name);
    let werr = |e: std::io::Error| Error::io("cannot write man page", &path, e);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot create a temp file in", dir, e))?;
    tmp.write_all(page).map_err(werr)?;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o644))
        .map_err(werr)?;
    tmp.persist(&path).map_err(|e| werr(e.error))?;
    Ok(())
}

/// Why `man coffer` may not find pages in `dir`: MANPATH set without
/// naming it (man-db then looks only there, unless an element is empty),
/// or no folder on PATH that man-db maps to it (for each folder D on PATH
/// it looks in D/../man, D/man, D/../share/man and D/share/man).
fn not_found_by_man(dir: &Path) -> Option<String> {
    let same = |a: &Path| match (a.canonicalize(), dir.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == dir,
    };
    if let Some(manpath) = std::env::var_os("MANPATH").filter(|m| !m.is_empty()) {
        let parts: Vec<PathBuf> = std::env::split_paths(&manpath).collect();
        let system_too = parts.iter().any(|p| p.as_os_str().is_empty());
        return (!system_too && !parts.iter().any(|p| same(p))).then(|| {
            format!(
                "MANPATH is set and does not name {0}, so `man` does not look there: add it (MANPATH=\"{0}:$MANPATH\")",
                dir.display()
            )
        });
    }
    let mapped = std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|d| {
            ["../man", "man", "../share/man", "share/man"]
                .iter()
                .any(|rel| same(&d.join(rel)))
        })
    });
    (!mapped).then(|| {
        format!(
            "no folder on PATH leads `man` to {0} (it looks in D/../share/man for each folder D on PATH): add the coffer binary's folder to PATH, or {0} to MANPATH",
            dir.display()
        )
    })
}
