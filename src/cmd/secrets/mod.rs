//! The `secrets:` commands, one module each, and what they share: reading a
//! new value and expiry options. Each runs in `vault::transact`.

pub mod create;
pub mod diff;
pub mod get;
pub mod lifecycle;
pub mod list;
pub mod resolve;
pub mod rollback;
pub mod rotate;
pub mod update;
pub mod versions;

use std::io::{IsTerminal, Read};

use rand::Rng;
use zeroize::Zeroizing;

use crate::cli::{ExpiryArgs, ValueArgs};
use crate::error::{Error, Result};
use crate::store::MAX_VALUE_BYTES;

/// Read the new value the user gave, if any: the argument, `-` (stdin),
/// `--from-file`, `--generate`, or, when `required` and stdin is a terminal,
/// a hidden prompt. Read before the vault is locked, so a slow typist does not
/// hold up other processes.
pub(crate) fn read_value(
    args: &ValueArgs,
    name: &str,
    required: bool,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let value = if let Some(path) = &args.from_file {
        let file =
            std::fs::File::open(path).map_err(|e| Error::io("cannot read value from", path, e))?;
        Some(read_limited(file, &format!("file {}", path.display()))?)
    } else if args.generate {
        Some(generate(usize::from(args.length.unwrap_or(32))))
    } else if let Some(v) = &args.value {
        if v == "-" {
            let bytes = read_limited(std::io::stdin().lock(), "stdin")?;
            Some(strip_single_newline(bytes))
        } else {
            Some(Zeroizing::new(v.as_bytes().to_vec()))
        }
    } else if required {
        if !std::io::stdin().is_terminal() {
            return Err(Error::usage(format!("no value given for {name}"))
                .hint("give VALUE, `-` to read stdin, --from-file FILE or --generate"));
        }
        let typed = Zeroizing::new(
            rpassword::prompt_password(format!("Value for {name}: "))
                .map_err(|e| Error::failure(format!("cannot read the value: {e}")))?,
        );
        Some(Zeroizing::new(typed.as_bytes().to_vec()))
    } else {
        None
    };
    if value.as_ref().is_some_and(|v| v.is_empty()) {
        return Err(Error::usage(format!("the value for {name} is empty"))
            .hint("coffer does not store empty values"));
    }
    Ok(value)
}

/// Read at most [`MAX_VALUE_BYTES`], refusing more.
fn read_limited(r: impl Read, what: &str) -> Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    r.take(MAX_VALUE_BYTES as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::failure(format!("cannot read the value from {what}: {e}")))?;
    if buf.len() > MAX_VALUE_BYTES {
        return Err(Error::usage(format!(
            "the value from {what} is larger than the 1 MiB limit"
        )));
    }
    Ok(buf)
}

/// A single line of text piped in (`echo token | coffer ... -`) loses its
/// final newline, as `read` would drop it. Multi-line text (a PEM file) and
/// binary data are kept byte for byte.
fn strip_single_newline(mut bytes: Zeroizing<Vec<u8>>) -> Zeroizing<Vec<u8>> {
    let is_text = std::str::from_utf8(&bytes).is_ok();
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count();
    if is_text && newlines == 1 && bytes.ends_with(b"\n") {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
    bytes
}

/// A random value of letters and digits from the OS generator.
fn generate(len: usize) -> Zeroizing<Vec<u8>> {
    let mut rng = rand::rngs::OsRng;
    Zeroizing::new(
        (0..len)
            .map(|_| rng.sample(rand::distributions::Alphanumeric))
            .collect(),
    )
}

/// `--expires-in` / `--expires-at`, as a Unix time.
pub(crate) fn expiry(args: &ExpiryArgs, now: i64) -> Result<Option<i64>> {
    if let Some(span) = args.expires_in {
        return span.after(now).map(Some);
    }
    Ok(args.expires_at.map(|t| t.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_piped_line_loses_its_newline() {
        let s = |b: &[u8]| strip_single_newline(Zeroizing::new(b.to_vec())).to_vec();
        assert_eq!(s(b"token\n"), b"token");
        assert_eq!(s(b"token\r\n"), b"token");
        assert_eq!(s(b"token"), b"token");
        assert_eq!(s(b"a\nb\n"), b"a\nb\n");
        assert_eq!(s(b"\xff\n"), b"\xff\n");
    }

    #[test]
    fn generated_values_are_random_alphanumerics() {
        let a = generate(32);
        let b = generate(32);
        assert_eq!(a.len(), 32);
        assert!(a.iter().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(*a, *b);
    }
}
