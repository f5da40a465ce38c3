//! Rendering for people and scripts: tables, JSON, stderr messages, and
//! stdout writes that turn a closed pipe into a quiet exit; and secrets
//! with their values as `secrets:get` and `coffer export` print them: the
//! JSON array ([`Entry`], [`json_array`]), `export VAR='value'` lines
//! ([`env_line`]) and `.env` lines ([`dotenv_line`]), each refusing a value
//! its format cannot carry ([`refuse`]).

use std::collections::BTreeMap;
use std::io::Write;

use anstyle::{AnsiColor, Style};
use base64::Engine;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

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

/// The environment variable a secret name becomes when no other is given
/// (`coffer run`, `coffer export --format env|dotenv`): ASCII letters
/// upper-cased, every other character but digits and `_` as `_`, and a `_`
/// before a leading digit: `prod/db/password` is `PROD_DB_PASSWORD`.
pub fn env_var_for(name: &str) -> String {
    let mut var: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if var.starts_with(|c: char| c.is_ascii_digit()) {
        var.insert(0, '_');
    }
    var
}

/// One `export VAR='value'` line for a POSIX shell, for the secret `name`:
/// `eval` makes it an exported variable, which the programs it starts see.
/// Refused (see [`refuse`]) for a value that is not text, or holds a NUL.
pub fn env_line(name: &str, var: &str, value: &[u8]) -> Result<Zeroizing<String>> {
    let text = std::str::from_utf8(value).map_err(|_| refuse(name, "env", "holds binary data"))?;
    if text.contains('\0') {
        return Err(refuse(name, "env", "holds a NUL byte"));
    }
    Ok(Zeroizing::new(format!(
        "export {var}={}\n",
        shell_quote(text)
    )))
}

/// A value `format` cannot carry: name the secret, suggest json.
pub fn refuse(name: &str, format: &str, why: &str) -> Error {
    Error::usage(format!(
        "secret {name} {why}, which --format {format} cannot carry exactly; nothing was read"
    ))
    .hint("use --format json (binary values come as value_base64)")
}

/// One secret as `secrets:get --format json` prints it and `coffer
/// import` reads it; export adds the secret's facts.
#[derive(Serialize, Deserialize)]
pub struct Entry {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_base64: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

impl Entry {
    /// `value` for text, `value_base64` for binary data.
    pub fn new(name: &str, version: i64, value: &[u8]) -> Entry {
        let (value, value_base64) = match std::str::from_utf8(value) {
            Ok(s) => (Some(s.to_owned()), None),
            Err(_) => (
                None,
                Some(base64::engine::general_purpose::STANDARD.encode(value)),
            ),
        };
        Entry {
            name: name.to_owned(),
            version: Some(version),
            value,
            value_base64,
            kind: None,
            description: None,
            tags: Vec::new(),
            metadata: BTreeMap::new(),
        }
    }
}

impl Drop for Entry {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.value.zeroize();
        self.value_base64.zeroize();
    }
}

/// Pretty JSON of `entries` and a newline, in a buffer wiped after use.
pub fn json_array(entries: &[Entry]) -> Zeroizing<Vec<u8>> {
    let mut out =
        Zeroizing::new(serde_json::to_vec_pretty(entries).expect("values encode as JSON"));
    out.push(b'\n');
    out
}

/// Why a value cannot be a line of a `.env` file that python-dotenv, Node's
/// `dotenv` and `docker run --env-file` all read back exactly, if it cannot.
///
/// A value is written bare when every reader takes it literally (docker
/// takes everything after the first `=` as is, so these are the only values
/// it reads exactly): no spaces at its ends, no `#` (Node cuts a comment
/// there), no quote first, no `${` (python-dotenv expands it). Otherwise it
/// is single-quoted (both libraries take it literally, python-dotenv
/// unescaping only `\\` and `\'`), or double-quoted where it holds a `'`
/// (both unescape only what coffer never writes there). A value on several
/// lines is quoted too: single quotes around the lines as they are, where
/// it holds no carriage return (both libraries read a file's CR LF and
/// lone CR as LF), else double quotes with each line break written `\n`
/// and each carriage return `\r` (the escapes both unescape there). Docker
/// cannot read such a value (it reads a file line by line). Refused:
/// `${...}`, which python-dotenv expands even in single quotes, and a
/// value needing both quotes and backslashes or CRs.
pub enum Dotenv {
    /// Written bare: every reader gets it exactly.
    Bare(String),
    /// Written in quotes: python-dotenv and Node get it exactly, docker
    /// keeps the quotes.
    Quoted(String),
}

/// The `.env` line for `var` = `value` (see [`Dotenv`]), or why there is none.
pub fn dotenv_line(var: &str, value: &[u8]) -> std::result::Result<Dotenv, &'static str> {
    let Ok(text) = std::str::from_utf8(value) else {
        return Err("holds binary data");
    };
    if text.contains('\0') {
        return Err("holds a NUL byte");
    }
    // python-dotenv expands `${NAME}` in every kind of value, quoted or not.
    if text.find("${").is_some_and(|i| text[i..].contains('}')) {
        return Err("holds `${...}`, which python-dotenv expands");
    }
    let bare = !text.is_empty()
        && text.trim() == text
        && !text.contains('#')
        && !text.contains("${")
        && !text.starts_with(['\'', '"', '`'])
        && !text.chars().any(char::is_control);
    if bare {
        return Ok(Dotenv::Bare(format!("{var}={text}\n")));
    }
    // python-dotenv unescapes `\\` and `\'` inside single quotes, and a
    // final `\` would escape the closing quote.
    if !text.contains(['\'', '\r']) && !text.contains("\\\\") && !text.ends_with('\\') {
        return Ok(Dotenv::Quoted(format!("{var}='{text}'\n")));
    }
    // Inside double quotes Node unescapes only `\n` and `\r`, python-dotenv
    // every `\x` escape and `${VAR}`: a value without `"`, `\` or `${` is
    // read alike by both.
    if !text.contains(['"', '\\']) && !text.contains("${") {
        let escaped = text.replace('\n', "\\n").replace('\r', "\\r");
        return Ok(Dotenv::Quoted(format!("{var}=\"{escaped}\"\n")));
    }
    if text.contains(['\n', '\r']) {
        return Err(
            "has several lines and holds quotes or backslashes that the dotenv readers disagree on",
        );
    }
    Err("holds quotes and backslashes that the dotenv readers disagree on")
}

/// `n` and `noun` in the number `n` takes: `1 secret`, `2 secrets`,
/// `0 secrets` (nouns whose plural adds an s; [`plural`] for any other
/// word).
pub fn count(n: u64, noun: &str) -> String {
    format!("{n} {}", plural(n, noun, &format!("{noun}s")))
}

/// `one` when `n` is 1, else `many`: for the verbs and irregular nouns
/// beside a count (`1 secret was`, `2 secrets were`).
pub fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
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
    fn variables_for_names() {
        assert_eq!(env_var_for("prod/db/password"), "PROD_DB_PASSWORD");
        assert_eq!(env_var_for("api-key.v2"), "API_KEY_V2");
        assert_eq!(env_var_for("1st"), "_1ST");
        assert!(is_env_name(&env_var_for("caf\u{e9}/x")));
    }

    #[test]
    fn dotenv_lines() {
        let line = |v: &str| match dotenv_line("K", v.as_bytes()) {
            Ok(Dotenv::Bare(l)) => format!("bare {l}"),
            Ok(Dotenv::Quoted(l)) => format!("quoted {l}"),
            Err(e) => format!("refused {e}"),
        };
        assert_eq!(line("s3cr=t"), "bare K=s3cr=t\n");
        assert_eq!(line(" a#b "), "quoted K=' a#b '\n");
        assert_eq!(line("it's"), "bare K=it's\n");
        assert_eq!(line("'it's' "), "quoted K=\"'it's' \"\n");
        assert_eq!(line("a\nb\n"), "quoted K='a\nb\n'\n");
        assert_eq!(line("it's\nx"), "quoted K=\"it's\\nx\"\n");
        assert_eq!(line("a\r\nb"), "quoted K=\"a\\r\\nb\"\n");
        assert!(line("it's\n\"q\"").starts_with("refused has several lines"));
        assert!(line("a\r\\b").starts_with("refused has several lines"));
        assert!(line("x${HOME}").starts_with("refused"));
        assert_eq!(line("${open"), "quoted K='${open'\n");
        assert!(line("'\\\"").starts_with("refused"));
        assert_eq!(line("a\\"), "bare K=a\\\n");
        assert!(line(" a\\").starts_with("refused"));
        assert_eq!(line("a\\b"), "bare K=a\\b\n");
        assert_eq!(
            line("\"x\\"),
            "refused holds quotes and backslashes that the dotenv readers disagree on"
        );
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
