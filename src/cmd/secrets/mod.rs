//! The `secrets:` commands, one module each, and what they share: reading a
//! new value and expiry options. Each runs in `vault::transact`.

pub mod create;
pub mod destroy;
pub mod diff;
pub mod get;
pub mod lifecycle;
pub mod list;
pub mod rename;
pub mod resolve;
pub mod rollback;
pub mod rotate;
pub mod search;
pub mod update;
pub mod versions;

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use clap::Args;
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::model::{Action, Charset, Span, Time};
use crate::store::MAX_VALUE_BYTES;

/// Where a new value comes from. With none of these, coffer asks for it with a
/// hidden prompt on a terminal (twice, unless --no-confirm).
#[derive(Debug, Default, Args)]
pub struct ValueArgs {
    /// The value, or `-` to read it from stdin. Values in arguments land in your
    /// shell history: prefer `-`, --from-file, or the hidden prompt
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,

    /// Read the value from FILE, byte for byte
    #[arg(long, value_name = "FILE", conflicts_with_all = ["value", "generate"])]
    pub from_file: Option<PathBuf>,

    /// Generate a random value from the OS's generator: 32 letters and
    /// digits (190 bits) unless --length, --charset, --symbols or --words
    /// say otherwise. Each character adds log2(set size) bits: 5.95 for
    /// letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9
    #[arg(long, conflicts_with = "value")]
    pub generate: bool,

    /// Length of a generated value, in characters [default: 32]
    // `requires = "generate"` alone never fires when VALUE or --from-file is
    // given: clap lets a required argument be missing when it conflicts with
    // one that is present, and --generate conflicts with both. So --length
    // conflicts with them itself.
    #[arg(long, value_name = "N", requires = "generate",
          conflicts_with_all = ["value", "from_file", "words"],
          value_parser = clap::value_parser!(u16).range(8..=1024))]
    pub length: Option<u16>,

    // --- generated values (wip/small) ---
    /// Draw generated characters from CHARS: a set (alnum, the default;
    /// alpha, lower, upper, digits, hex, base32) or the characters
    /// themselves (at least two different ones)
    #[arg(long, value_name = "CHARS", requires = "generate",
          conflicts_with_all = ["value", "from_file", "words"],
          value_parser = crate::model::Charset::parse)]
    pub charset: Option<crate::model::Charset>,

    /// Add ASCII punctuation to the generated characters (no quotes,
    /// backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~
    #[arg(long, requires = "generate", conflicts_with_all = ["value", "from_file", "words"])]
    pub symbols: bool,

    /// Generate a passphrase of N words [default: 6, 77 bits] from EFF's
    /// long word list (7,776 words, 12.9 bits each)
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "6",
          requires = "generate", conflicts_with_all = ["value", "from_file"],
          value_parser = clap::value_parser!(u8).range(1..=64))]
    pub words: Option<u8>,

    /// What joins the words of a passphrase [default: -]
    #[arg(long, value_name = "TEXT", requires = "words")]
    pub separator: Option<String>,
    // --- end generated values ---
    /// At the hidden prompt, ask for the value once instead of twice
    #[arg(long, conflicts_with_all = ["value", "from_file", "generate"])]
    pub no_confirm: bool,
}

/// Expiry options shared by create and update.
#[derive(Debug, Args)]
pub struct ExpiryArgs {
    /// Expire this long from now (e.g. 90d, 12h, 2w)
    #[arg(long, value_name = "DURATION", conflicts_with = "expires_at",
          value_parser = Span::parse)]
    pub expires_in: Option<Span>,

    /// Expire at TIME (2027-01-31, '2027-01-31 12:00' UTC, or RFC 3339)
    #[arg(long, value_name = "TIME", value_parser = Time::parse)]
    pub expires_at: Option<Time>,
}

/// A rotation policy, for secrets:create and secrets:update.
#[derive(Debug, Args)]
pub struct RotationArgs {
    /// Rotate the value every DURATION (e.g. 30d, 12w): the next rotation
    /// date is the last change of the value plus DURATION. `secrets:list
    /// --due`, `coffer check` and `secrets:rotate --due` find what is due
    #[arg(long, value_name = "DURATION", value_parser = Span::parse)]
    pub rotate_every: Option<Span>,

    /// Count the secret as due this long before its rotation date; shorter
    /// than the period [default: due on the date]
    #[arg(long, value_name = "DURATION", value_parser = Span::parse)]
    pub notify_before: Option<Span>,
}

/// secrets:update's rotation options: a policy, or none.
#[derive(Debug, Args)]
pub struct RotationUpdateArgs {
    #[command(flatten)]
    pub policy: RotationArgs,

    /// Remove the rotation policy
    #[arg(long, conflicts_with_all = ["rotate_every", "notify_before"])]
    pub no_rotation: bool,
}

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
        Some(generate_from(args)?)
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
        Some(prompt(name, !args.no_confirm)?)
    } else {
        None
    };
    if value.as_ref().is_some_and(|v| v.is_empty()) {
        return Err(Error::usage(format!("the value for {name} is empty"))
            .hint("coffer does not store empty values"));
    }
    Ok(value)
}

/// Ask for a value at a hidden prompt on the terminal; with `confirm`, ask
/// again and refuse (exit 2) when the two differ, so that a typo is not
/// stored as the only copy of a new value.
fn prompt(name: &str, confirm: bool) -> Result<Zeroizing<Vec<u8>>> {
    let ask = |text: String| -> Result<Zeroizing<String>> {
        rpassword::prompt_password(text)
            .map(Zeroizing::new)
            .map_err(|e| Error::failure(format!("cannot read the value: {e}")))
    };
    let typed = ask(format!("Value for {name}: "))?;
    if confirm && !typed.is_empty() {
        let again = ask(format!("Value for {name} again: "))?;
        if *again != *typed {
            return Err(Error::usage(format!(
                "the two values typed for {name} differ; nothing was changed"
            ))
            .hint("type the same value twice, or give --no-confirm to be asked once"));
        }
    }
    Ok(Zeroizing::new(typed.as_bytes().to_vec()))
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

/// The length of a generated value when --length does not say.
const DEFAULT_LENGTH: usize = 32;

/// The value `--generate` and its options ask for.
pub(crate) fn generate_from(args: &ValueArgs) -> Result<Zeroizing<Vec<u8>>> {
    if let Some(n) = args.words {
        let sep = args.separator.as_deref().unwrap_or("-");
        if sep.chars().any(char::is_control) {
            return Err(Error::usage("the --separator holds a control character")
                .hint("use printable text such as `-`, ` ` or `.`"));
        }
        return Ok(passphrase(usize::from(n), sep));
    }
    let mut set = args
        .charset
        .clone()
        .unwrap_or_else(|| Charset::parse("alnum").expect("a named set"));
    if args.symbols {
        set = set.with(crate::model::SYMBOLS);
    }
    Ok(generate(
        &set,
        args.length.map_or(DEFAULT_LENGTH, usize::from),
    ))
}

/// `len` characters drawn uniformly and independently from `set` by the
/// OS generator (`choose` draws an unbiased index).
fn generate(set: &Charset, len: usize) -> Zeroizing<Vec<u8>> {
    use rand::seq::SliceRandom;
    let mut rng = rand::rngs::OsRng;
    let mut out = Zeroizing::new(String::with_capacity(len));
    for _ in 0..len {
        out.push(*set.chars().choose(&mut rng).expect("a set is never empty"));
    }
    Zeroizing::new(out.as_bytes().to_vec())
}

/// `n` words drawn uniformly and independently from EFF's long word list,
/// joined by `sep`.
fn passphrase(n: usize, sep: &str) -> Zeroizing<Vec<u8>> {
    use rand::seq::SliceRandom;
    let mut rng = rand::rngs::OsRng;
    let mut out = Zeroizing::new(String::new());
    for i in 0..n {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(
            diceware_wordlists::EFF_LONG_WORDLIST
                .choose(&mut rng)
                .expect("the list is not empty"),
        );
    }
    Zeroizing::new(out.as_bytes().to_vec())
}

/// Before reading values: the first of `names` that exists but refuses
/// reads (disabled, or not active yet) gets a `denied` audit row, and its
/// refusal is returned for the caller to fail with once that row is
/// committed. A deleted or unknown name is an error (exit 3) and records
/// nothing.
pub(crate) fn deny_unreadable(
    ctx: &crate::store::Ctx<'_>,
    names: &[crate::model::Name],
    version: Option<i64>,
) -> Result<Option<Error>> {
    for name in names {
        let secret = crate::store::find(ctx.db, name)?;
        secret.check_not_deleted()?;
        if let Some(reason) = secret.read_refusal(ctx.now) {
            ctx.audit(
                crate::audit::Event::secret(Action::Denied, name, version).detail("reason", reason),
            )?;
            return Ok(secret.check_readable(ctx.now).err());
        }
    }
    Ok(None)
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

    fn alnum() -> Charset {
        Charset::parse("alnum").unwrap()
    }

    #[test]
    fn generated_values_are_random_alphanumerics() {
        let a = generate(&alnum(), 32);
        let b = generate(&alnum(), 32);
        assert_eq!(a.len(), 32);
        assert!(a.iter().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(*a, *b);
    }

    /// Every character of a set is drawn about equally often: 160,000
    /// draws from 16 characters give 10,000 each, and a count off by more
    /// than 6% (about 6 standard deviations) means a biased draw.
    #[test]
    fn generated_characters_are_evenly_spread() {
        let set = Charset::parse("hex").unwrap();
        let value = generate(&set, 160_000);
        let mut counts = std::collections::HashMap::new();
        for b in value.iter() {
            *counts.entry(*b).or_insert(0u32) += 1;
        }
        assert_eq!(counts.len(), 16, "{counts:?}");
        for (c, n) in counts {
            assert!(
                (9_400..=10_600).contains(&n),
                "{} drawn {n} times",
                c as char
            );
        }
    }

    #[test]
    fn a_charset_of_any_characters_is_drawn_from_whole() {
        let set = Charset::parse("aé€").unwrap();
        let value = generate(&set, 300);
        let text = std::str::from_utf8(&value).unwrap();
        assert_eq!(text.chars().count(), 300);
        for c in ['a', 'é', '€'] {
            assert!(text.contains(c), "{c} never drawn");
        }
        assert!(text.chars().all(|c| "aé€".contains(c)));
    }

    #[test]
    fn symbols_are_added_once_and_none_breaks_quoting() {
        let set = alnum().with(crate::model::SYMBOLS).with("!!");
        assert_eq!(set.chars().len(), 62 + crate::model::SYMBOLS.len());
        assert!((set.bits_per_char() - 6.49).abs() < 0.01);
        for bad in ['\'', '"', '\\', '`', ' '] {
            assert!(!set.chars().contains(&bad), "{bad}");
        }
    }

    #[test]
    fn bad_charsets_are_refused() {
        for bad in ["", "a", "aaaa", "ab c", "ab\t", "ab\u{202e}"] {
            assert!(Charset::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Charset::parse("digits").unwrap().chars().len(), 10);
        assert_eq!(Charset::parse("abca").unwrap().chars(), ['a', 'b', 'c']);
    }

    #[test]
    fn passphrases_are_words_from_the_eff_long_list() {
        let list = &diceware_wordlists::EFF_LONG_WORDLIST;
        assert_eq!(list.len(), 7776);
        let p = passphrase(6, "-");
        let text = std::str::from_utf8(&p).unwrap();
        let words: Vec<&str> = text.split('-').collect();
        // A few EFF words hold a hyphen (`t-shirt`), so count at least 6.
        assert!(words.len() >= 6, "{text}");
        assert!(
            text.split('-').all(|w| list.iter().any(|l| l.contains(w))),
            "{text}"
        );
        let spaced = passphrase(4, " ");
        assert_eq!(std::str::from_utf8(&spaced).unwrap().split(' ').count(), 4);
        assert_ne!(*passphrase(6, "-"), *passphrase(6, "-"));
    }
}
