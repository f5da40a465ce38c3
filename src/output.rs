//! Rendering for people and scripts: tables, JSON, stderr messages, and
//! stdout writes that turn a closed pipe into a quiet exit.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use serde::Serialize;

use crate::error::{Error, Result};

const ERROR: Style = AnsiColor::Red.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();

/// `label` in `style`; anstream drops the styling when stderr is not a
/// terminal or `NO_COLOR` is set.
fn styled(style: Style, label: &str) -> String {
    format!("{}{label}{}", style.render(), style.render_reset())
}

/// Print `error: ...` and `hint: ...` to stderr.
pub fn error(err: &Error) {
    let mut stderr = anstream::stderr().lock();
    let _ = writeln!(
        stderr,
        "{} {}",
        styled(ERROR, "error:"),
        clean(&err.message)
    );
    if let Some(hint) = &err.hint {
        let _ = writeln!(stderr, "{} {}", styled(HINT, "hint:"), clean(hint));
    }
}

/// Print `warning: ...` to stderr.
pub fn warn(message: &str) {
    let _ = writeln!(
        anstream::stderr().lock(),
        "{} {}",
        styled(WARNING, "warning:"),
        clean(message)
    );
}

/// Drop control characters (escape sequences included) and format
/// characters (bidi overrides, zero-width marks) from text a user or a vault
/// supplied, before it reaches a terminal: each becomes U+FFFD, so a forged
/// name cannot reorder or hide what is shown.
pub fn clean(s: &str) -> String {
    clean_with(s, false)
}

/// [`clean`], on one line: newlines and tabs from the vault are shown as
/// `\n` and `\t`, so a value cannot forge lines of a report or table.
pub fn clean_line(s: &str) -> String {
    clean_with(s, true)
}

fn clean_with(s: &str, one_line: bool) -> String {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    // Most text is printable ASCII, which has nothing to replace: a listing
    // of 10,000 rows would otherwise look up the category of every character.
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' if one_line => out.push_str("\\n"),
            '\t' if one_line => out.push_str("\\t"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() || c.general_category() == GeneralCategory::Format => {
                out.push('\u{fffd}')
            }
            c => out.push(c),
        }
    }
    out
}

/// Write bytes to stdout. A closed pipe becomes a quiet exit.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes).and_then(|_| out.flush()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Error::closed_pipe()
        } else {
            Error::failure(format!("cannot write to stdout: {e}"))
        }
    })
}

/// Print one line (plus newline) to stdout.
pub fn line(text: &str) -> Result<()> {
    let mut s = clean(text);
    s.push('\n');
    write_stdout(s.as_bytes())
}

/// Print a value as pretty JSON.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut s = serde_json::to_string_pretty(value).expect("coffer's records encode as JSON");
    s.push('\n');
    write_stdout(s.as_bytes())
}

/// A plain table: a header row and left-aligned columns two spaces apart,
/// no borders (as `kubectl get` and `docker ps` print). Cells are
/// [`clean_line`]d first, so no cell holds the tab or newline that separate
/// cells and rows.
pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    let mut text = String::new();
    for row in std::iter::once(header.iter().map(|h| h.to_string()).collect()).chain(rows) {
        let cells: Vec<String> = row.iter().map(|c| clean_line(c)).collect();
        text.push_str(&cells.join("\t"));
        text.push('\n');
    }
    let mut tw = tabwriter::TabWriter::new(Vec::with_capacity(text.len() * 2)).padding(2);
    tw.write_all(text.as_bytes())
        .and_then(|()| tw.flush())
        .expect("writing to memory cannot fail");
    let aligned = tw.into_inner().expect("flushed above");
    // A row whose last cells are empty would end in padding.
    let mut s = String::with_capacity(aligned.len());
    for l in String::from_utf8_lossy(&aligned).lines() {
        s.push_str(l.trim_end());
        s.push('\n');
    }
    write_stdout(s.as_bytes())
}

/// Key/value lines, aligned, for one record (`status`).
pub fn fields(rows: &[(&str, String)]) -> Result<()> {
    let width = rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let mut s = String::new();
    for (k, v) in rows {
        s.push_str(&format!("{k:<width$}  {}\n", clean_line(v)));
    }
    write_stdout(s.as_bytes())
}

/// Quote a value for a POSIX shell: `'...'`, with `'` written as `'\''`.
pub fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', "'\\''"))
}

/// Whether `name` can be a shell variable name.
pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("a'b"), "'a'\\''b'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn env_names() {
        assert!(is_env_name("DATABASE_URL"));
        assert!(is_env_name("_x1"));
        assert!(!is_env_name("prod/db"));
        assert!(!is_env_name("1X"));
        assert!(!is_env_name(""));
    }

    #[test]
    fn one_line_values_show_their_newlines() {
        assert_eq!(clean_line("a\nstatus ok\tx\r"), "a\\nstatus ok\\tx\u{fffd}");
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(clean("a\x1b[31mb"), "a\u{fffd}[31mb");
        assert_eq!(
            clean("B\u{202E}gnp.exe\u{200B}"),
            "B\u{fffd}gnp.exe\u{fffd}"
        );
        assert_eq!(clean("line\n\tnext"), "line\n\tnext");
        assert_eq!(
            clean("caf\u{e9} \u{1f511}\x7f"),
            "caf\u{e9} \u{1f511}\u{fffd}"
        );
        assert_eq!(clean_line("plain ASCII ~"), "plain ASCII ~");
    }
}
