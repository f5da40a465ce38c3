//! The domain's words as types: what kind a secret is, which of its facts a
//! command changes, which state change a lifecycle command makes, what an
//! audit row records ([`Action`], [`Resource`]), and the
//! validated values users type (names, tags, metadata, spans and times).
//! Clap parses arguments into these before any I/O, through their `parse`
//! functions; a refused value is an [`Invalid`], which `main` words with the
//! flag the user typed. The store matches on these instead of on strings.

use std::fmt;

use clap::ValueEnum;

use crate::error::Error;
use crate::time;

/// The kind of a secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SecretType {
    #[value(name = "password")]
    Password,
    #[value(name = "api_key")]
    ApiKey,
    #[value(name = "certificate")]
    Certificate,
    #[value(name = "ssh_key")]
    SshKey,
    #[value(name = "generic")]
    Generic,
}

impl SecretType {
    /// The name stored in the vault and shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            SecretType::Password => "password",
            SecretType::ApiKey => "api_key",
            SecretType::Certificate => "certificate",
            SecretType::SshKey => "ssh_key",
            SecretType::Generic => "generic",
        }
    }
}

/// Which version is current after two clones changed a secret's value at
/// once, in git's words: `ours` (this clone's side; MazeVault's "target
/// wins"), `theirs` (the incoming side; "source wins"), or `manual` (the
/// secret is in conflict until `secrets:resolve`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MergePolicy {
    #[value(name = "ours", alias = "target-wins")]
    Ours,
    #[value(name = "theirs", alias = "source-wins")]
    Theirs,
    #[value(name = "manual")]
    Manual,
}

impl MergePolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            MergePolicy::Ours => "ours",
            MergePolicy::Theirs => "theirs",
            MergePolicy::Manual => "manual",
        }
    }

    pub fn parse(text: &str) -> Option<MergePolicy> {
        <MergePolicy as ValueEnum>::from_str(text, false).ok()
    }
}

/// A fact of a secret that a command sets in place (no new version). In a
/// journal record it is the column's name (`expires_at`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Description,
    Enabled,
    DeletedAt,
    ActivatesAt,
    ExpiresAt,
    /// Seconds between rotations (`--rotate-every`).
    RotationPeriod,
    /// Seconds before the rotation date a secret counts as due
    /// (`--notify-before`).
    RotationNotify,
    /// When the value was last read: an `accessed` audit row sets it, and
    /// `coffer import` of a history sets it as the history says.
    LastReadAt,
}

impl Field {
    /// Its column in the `secret` table.
    pub fn column(self) -> &'static str {
        match self {
            Field::Description => "description",
            Field::Enabled => "enabled",
            Field::DeletedAt => "deleted_at",
            Field::ActivatesAt => "activates_at",
            Field::ExpiresAt => "expires_at",
            Field::RotationPeriod => "rotation_period",
            Field::RotationNotify => "rotation_notify",
            Field::LastReadAt => "last_read_at",
        }
    }
}

/// What state a secret is in, as `secrets:list` shows and filters it: one
/// word, the first that holds in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SecretState {
    /// Soft-deleted (`secrets:restore` brings it back)
    Deleted,
    /// Reads are refused until `secrets:enable`
    Disabled,
    /// Reads are refused until its activation time (`--activates-at`)
    Pending,
    /// Its expiry has passed (reads still work, with a warning)
    Expired,
    /// Readable
    Active,
}

impl SecretState {
    /// The state of a secret with these facts at `now`.
    pub fn of(
        deleted_at: Option<i64>,
        enabled: bool,
        activates_at: Option<i64>,
        expires_at: Option<i64>,
        now: i64,
    ) -> SecretState {
        if deleted_at.is_some() {
            SecretState::Deleted
        } else if !enabled {
            SecretState::Disabled
        } else if activates_at.is_some_and(|t| t > now) {
            SecretState::Pending
        } else if expires_at.is_some_and(|t| t <= now) {
            SecretState::Expired
        } else {
            SecretState::Active
        }
    }

    /// The word shown and taken by `--state`.
    pub fn as_str(self) -> &'static str {
        match self {
            SecretState::Deleted => "deleted",
            SecretState::Disabled => "disabled",
            SecretState::Pending => "pending",
            SecretState::Expired => "expired",
            SecretState::Active => "active",
        }
    }
}

/// A change of a secret's state that keeps every version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateChange {
    Restore,
    Disable,
    Enable,
}

impl StateChange {
    /// The audit action it records, whose word its output uses.
    pub fn action(self) -> Action {
        match self {
            StateChange::Restore => Action::Restored,
            StateChange::Disable => Action::Disabled,
            StateChange::Enable => Action::Enabled,
        }
    }

    /// The field it sets.
    pub fn field(self) -> Field {
        match self {
            StateChange::Restore => Field::DeletedAt,
            StateChange::Disable | StateChange::Enable => Field::Enabled,
        }
    }
}

/// What an audit row is about, as `audit:logs --resource` takes it: the
/// vault as a whole, its secrets, or the audit log itself. The team vaults
/// of later versions add their members, groups and policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    Vault,
    Secrets,
    Audit,
}

impl Resource {
    /// Every resource, in the order `--help` lists them.
    pub const ALL: [Resource; 3] = [Resource::Vault, Resource::Secrets, Resource::Audit];

    /// The word a row stores (its canonical encoding, `man 5 coffer-vault`).
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Vault => "vault",
            Resource::Secrets => "secrets",
            Resource::Audit => "audit",
        }
    }
}

/// Declares [`Action`] from one table of variants and the words rows store,
/// so the word is spelled once: `as_str`, `FromStr` and `ALL` follow.
macro_rules! actions {
    ($($(#[$doc:meta])* $variant:ident => $word:literal,)*) => {
        /// What an audit row records was done: one word per action, stored
        /// as it is in each row (the canonical encoding hashes these words,
        /// `man 5 coffer-vault`), the team vaults' member, group, policy
        /// and grant actions to come. A row coffer reads back keeps its
        /// action as text, so one this coffer does not know (a newer
        /// coffer's) is shown and verified as it is; [`Action::of`] is
        /// the typed view of that text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[$doc])* $variant,)*
        }

        impl Action {
            /// Every action, in the order `audit:logs --help` lists them.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The word a row stores and `audit:logs --action` takes.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Action::$variant => $word,)*
                }
            }
        }

        impl std::str::FromStr for Action {
            type Err = UnknownAction;

            fn from_str(text: &str) -> Result<Action, UnknownAction> {
                match text {
                    $($word => Ok(Action::$variant),)*
                    _ => Err(UnknownAction(text.to_owned())),
                }
            }
        }
    };
}

actions! {
    /// `init` made the vault (records its member set and fingerprint key).
    Initialized => "initialized",
    Created => "created",
    /// A value was read (`get`, `run`, `inject`, `export`, a diff).
    Accessed => "accessed",
    Updated => "updated",
    Rotated => "rotated",
    RolledBack => "rolled_back",
    Deleted => "deleted",
    Restored => "restored",
    Disabled => "disabled",
    Enabled => "enabled",
    /// Secrets were listed or searched (no value read).
    Listed => "listed",
    ListedVersions => "listed_versions",
    /// Two versions were compared without their values.
    Compared => "compared",
    /// `audit:acknowledge` recorded who looked into a break.
    Acknowledged => "acknowledged",
    /// A vault made before data binding was bound on its first write: one
    /// row for the vault, one per secret.
    Migrated => "migrated",
    /// A merge made a version current (`coffer sync`).
    Merged => "merged",
    /// `coffer sync` merged two clones that had both rewritten `vault.age`
    /// (`vault:compact`) and the merge driver kept one: a record written
    /// on the kept checkpoint, so that the one set aside, put back, is
    /// refused by every clone (the record names its checkpoint, see
    /// `man 5 coffer-vault`). Changes nothing.
    CheckpointKept => "checkpoint_kept",
    /// A merge left a secret in conflict (the `manual` policy).
    Conflicted => "conflicted",
    Resolved => "resolved",
    /// The merge policy (`sync:policy`) was set.
    PolicySet => "policy_set",
    /// A value was given to a rotation command on its stdin.
    Piped => "piped",
    /// A `coffer check` report.
    Checked => "checked",
    /// A notify command ran for a `coffer check` report.
    Notified => "notified",
    /// A read was refused (a disabled or pending secret).
    Denied => "denied",
    Renamed => "renamed",
    /// A version's value was erased (`secrets:destroy`).
    Destroyed => "destroyed",
    Scanned => "scanned",
    Imported => "imported",
}

impl Action {
    /// The action `text` names, if this coffer knows it.
    pub fn of(text: &str) -> Option<Action> {
        text.parse().ok()
    }

    /// The resources whose rows record this action.
    pub fn resources(self) -> &'static [Resource] {
        use Action::*;
        match self {
            Initialized | Listed | PolicySet | Checked | Notified | Scanned | CheckpointKept => {
                &[Resource::Vault]
            }
            Acknowledged => &[Resource::Audit],
            Migrated => &[Resource::Vault, Resource::Secrets],
            Created | Accessed | Updated | Rotated | RolledBack | Deleted | Restored | Disabled
            | Enabled | ListedVersions | Compared | Merged | Conflicted | Resolved | Piped
            | Denied | Renamed | Destroyed | Imported => &[Resource::Secrets],
        }
    }

    /// Whether it records a read, which changes nothing: a `--read-only`
    /// command may record it, and a secret's row of it records no state
    /// (see `audit::bind`).
    pub fn is_read(self) -> bool {
        use Action::*;
        match self {
            Accessed | ListedVersions | Compared | Listed | Piped | Checked | Denied | Scanned
            | CheckpointKept => true,
            Initialized | Created | Updated | Rotated | RolledBack | Deleted | Restored
            | Disabled | Enabled | Acknowledged | Migrated | Merged | Conflicted | Resolved
            | PolicySet | Notified | Renamed | Destroyed | Imported => false,
        }
    }

    /// Whether a row of `resource` and `action` (as stored) records a read
    /// ([`Action::is_read`]); an action this coffer does not know, or one
    /// under another resource than its own, counts as a change.
    pub fn is_read_row(resource: &str, action: &str) -> bool {
        Action::of(action)
            .is_some_and(|a| a.is_read() && a.resources().iter().any(|r| resource == *r))
    }

    /// The kind of the version a row of this action makes (`version.kind`,
    /// `man 5 coffer-vault`), for the actions that make one.
    pub fn version_kind(self) -> Option<&'static str> {
        use Action::*;
        match self {
            Created => Some("create"),
            Updated => Some("update"),
            Rotated => Some("rotate"),
            RolledBack => Some("rollback"),
            Merged | Resolved => Some("merge"),
            Imported => Some("import"),
            Initialized | Accessed | Deleted | Restored | Disabled | Enabled | Listed
            | ListedVersions | Compared | Acknowledged | Migrated | Conflicted | PolicySet
            | Piped | Checked | Notified | Denied | Renamed | Destroyed | Scanned
            | CheckpointKept => None,
        }
    }

    /// Whether its vault row may record the member set and the fingerprint
    /// key (see `audit::bind`).
    pub fn binds_vault(self) -> bool {
        matches!(self, Action::Initialized | Action::Migrated)
    }
}

/// An action word this coffer does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAction(pub String);

impl fmt::Display for UnknownAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not an audit action this coffer knows", self.0)
    }
}

impl std::error::Error for UnknownAction {}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Resource {
    type Err = String;

    fn from_str(text: &str) -> Result<Resource, String> {
        Resource::ALL
            .into_iter()
            .find(|r| r.as_str() == text)
            .ok_or_else(|| format!("{text:?} is not a resource of an audit row"))
    }
}

/// `audit:logs --action` and `--resource` take exactly these words.
impl ValueEnum for Action {
    fn value_variants<'a>() -> &'a [Self] {
        Action::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}

impl ValueEnum for Resource {
    fn value_variants<'a>() -> &'a [Self] {
        &Resource::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}

/// Stored text against the typed word: `row.action == Action::Renamed`.
macro_rules! text_eq {
    ($($ty:ty),*) => {$(
        impl PartialEq<Action> for $ty {
            fn eq(&self, other: &Action) -> bool {
                <$ty as AsRef<str>>::as_ref(self) == other.as_str()
            }
        }
        impl PartialEq<Resource> for $ty {
            fn eq(&self, other: &Resource) -> bool {
                <$ty as AsRef<str>>::as_ref(self) == other.as_str()
            }
        }
    )*};
}
text_eq!(str, &str, String);

impl serde::Serialize for Action {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Action {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Action, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Resource {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Resource {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Resource, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A value a user typed that coffer refuses, before anything runs: what it
/// was meant to be, the value as shown (escaped, cut at 80 characters), and
/// why. Clap reports it through its value parsers; `main` prints it as
/// `invalid --flag "value": why` (exit 2), naming the flag the user typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// What the value was meant to be (`secret name`, `duration`), said
    /// when no flag names it.
    pub what: &'static str,
    /// The value, escaped so no control or format character reaches a
    /// terminal, and cut short.
    pub shown: String,
    pub why: String,
    pub hint: Option<&'static str>,
}

impl Invalid {
    fn new(what: &'static str, value: &str, why: impl Into<String>) -> Invalid {
        Invalid {
            what,
            shown: value.escape_debug().to_string().chars().take(80).collect(),
            why: why.into(),
            hint: None,
        }
    }

    fn hint(mut self, hint: &'static str) -> Invalid {
        self.hint = Some(hint);
        self
    }

    /// The error, naming the value as `subject` (a flag) instead of what it
    /// was meant to be.
    pub fn error_for(&self, subject: &str) -> Error {
        let err = Error::usage(format!(
            "invalid {subject} \"{}\": {}",
            self.shown, self.why
        ));
        match self.hint {
            Some(h) => err.hint(h),
            None => err,
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} \"{}\": {}", self.what, self.shown, self.why)
    }
}

impl std::error::Error for Invalid {}

impl From<Invalid> for Error {
    fn from(e: Invalid) -> Error {
        e.error_for(e.what)
    }
}

// --- generated values (wip/small) ---
/// The characters a generated value is drawn from (`--charset`): a named
/// set, or the characters themselves. Kept in order, without repeats, so
/// every character is equally likely. `Default` is the empty set, to build
/// on with [`Charset::with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Charset(Vec<char>);

/// The named sets `--charset` takes.
pub const CHARSETS: &[(&str, &str)] = &[
    (
        "alnum",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    ),
    (
        "alpha",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    ),
    ("lower", "abcdefghijklmnopqrstuvwxyz"),
    ("upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    ("digits", "0123456789"),
    ("hex", "0123456789abcdef"),
    // RFC 4648 base32: no 0, 1 or 8, which read as O, I/l and B.
    ("base32", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
];

/// What `--symbols` adds: ASCII punctuation without quotes, backslash,
/// backtick and space, which break out of shell and config-file quoting.
pub const SYMBOLS: &str = "!#$%&()*+,-./:;<=>?@[]^_{|}~";

impl Charset {
    /// `--charset`: a name from [`CHARSETS`], or at least two different
    /// printable characters (no whitespace or controls).
    pub fn parse(text: &str) -> Result<Charset, Invalid> {
        let invalid = |why: &str| {
            Invalid::new("character set", text, why)
                .hint("name a set (alnum, alpha, lower, upper, digits, hex, base32) or give the characters, such as --charset 'abc123'")
        };
        if let Some((_, chars)) = CHARSETS.iter().find(|(name, _)| *name == text) {
            return Ok(Charset(chars.chars().collect()));
        }
        if text.is_empty() {
            return Err(invalid("it is empty"));
        }
        if text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || is_deceptive(c))
        {
            return Err(invalid(
                "whitespace, control and invisible characters are not allowed",
            ));
        }
        let set = Charset::default().with(text);
        if set.0.len() < 2 {
            return Err(invalid("it needs at least two different characters"));
        }
        Ok(set)
    }

    /// This set plus the characters of `more` it lacks.
    pub fn with(mut self, more: &str) -> Charset {
        for c in more.chars() {
            if !self.0.contains(&c) {
                self.0.push(c);
            }
        }
        self
    }

    pub fn chars(&self) -> &[char] {
        &self.0
    }

    /// Bits of entropy per character drawn uniformly from the set.
    pub fn bits_per_char(&self) -> f64 {
        (self.0.len() as f64).log2()
    }
}

// --- end generated values ---

/// Longest secret name, in bytes.
pub const MAX_NAME_BYTES: usize = 256;
/// Longest tag or metadata key, in bytes.
pub const MAX_LABEL_BYTES: usize = 128;

/// A character that names, tags and metadata keys may not hold, besides
/// whitespace and controls: format characters (general category Cf: bidi
/// controls such as U+202E, zero-width characters, the soft hyphen, tag
/// characters...), which make a name display as another (`B\u{202E}gnp.exe`
/// shows as `Bexe.png`), and private-use and unassigned code points, which
/// show as nothing anyone can check.
fn is_deceptive(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    matches!(
        c.general_category(),
        GeneralCategory::Format
            | GeneralCategory::PrivateUse
            | GeneralCategory::Unassigned
            | GeneralCategory::Surrogate
    )
}

/// Why `text` may not be a new name, tag or metadata key, if it holds a
/// [deceptive](is_deceptive) character.
fn deceptive(text: &str) -> Option<String> {
    text.chars().find(|&c| is_deceptive(c)).map(|c| {
        format!(
            "invisible, format, private-use or unassigned characters such as U+{:04X} are not allowed",
            u32::from(c)
        )
    })
}

/// A secret's name: printable, no whitespace, at most 256 bytes, not
/// starting with `-` (it would read as a flag). [`Name::parse`] is the rule
/// for looking a secret up; [`Name::parse_new`] adds the rule for naming a
/// new one, so a name stored before that rule existed can still be read and
/// deleted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

impl Name {
    /// A name to look a secret up by.
    pub fn parse(name: &str) -> Result<Name, Invalid> {
        let why = if name.is_empty() {
            Some("a name cannot be empty".to_string())
        } else if name.len() > MAX_NAME_BYTES {
            Some(format!(
                "names are at most {MAX_NAME_BYTES} bytes, this one has {}",
                name.len()
            ))
        } else if name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            Some("names cannot contain spaces or control characters".to_string())
        } else if name.starts_with('-') {
            Some("names cannot start with '-'".to_string())
        } else {
            None
        };
        match why {
            None => Ok(Name(name.to_owned())),
            Some(why) => Err(Name::invalid(name, why)),
        }
    }

    /// A name for a new secret: [`Name::parse`], and no invisible, format,
    /// private-use or unassigned characters.
    pub fn parse_new(name: &str) -> Result<Name, Invalid> {
        let parsed = Name::parse(name)?;
        match deceptive(name) {
            None => Ok(parsed),
            Some(why) => Err(Name::invalid(name, why)),
        }
    }

    fn invalid(name: &str, why: String) -> Invalid {
        Invalid::new("secret name", name, why)
            .hint("use names like DATABASE_URL or prod/db/password")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tag: 1 to 128 bytes without whitespace, commas or control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag(String);

impl Tag {
    /// A tag to look for or remove.
    pub fn parse(tag: &str) -> Result<Tag, Invalid> {
        if tag.is_empty()
            || tag.len() > MAX_LABEL_BYTES
            || tag
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == ',')
        {
            return Err(Invalid::new(
                "tag",
                tag,
                "tags are 1 to 128 bytes without spaces or commas",
            ));
        }
        Ok(Tag(tag.to_owned()))
    }

    /// A tag to give a secret: [`Tag::parse`], and no invisible, format,
    /// private-use or unassigned characters.
    pub fn parse_new(tag: &str) -> Result<Tag, Invalid> {
        let parsed = Tag::parse(tag)?;
        match deceptive(tag) {
            None => Ok(parsed),
            Some(why) => Err(Invalid::new("tag", tag, why)),
        }
    }

    /// An item of `secrets:update --tags`, where an empty list (`--tags ""`)
    /// clears the tags.
    pub fn parse_new_or_none(tag: &str) -> Result<Option<Tag>, Invalid> {
        if tag.is_empty() {
            return Ok(None);
        }
        Tag::parse_new(tag).map(Some)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::ops::Deref for Tag {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A metadata key: 1 to 128 bytes without whitespace or control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MetaKey(String);

impl fmt::Display for MetaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl MetaKey {
    /// A key to remove.
    pub fn parse(key: &str) -> Result<MetaKey, Invalid> {
        if key.starts_with("coffer.") {
            return Err(Invalid::new(
                "metadata key",
                key,
                "keys starting with `coffer.` are coffer's own",
            ));
        }
        if key.is_empty()
            || key.len() > MAX_LABEL_BYTES
            || key.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(Invalid::new(
                "metadata key",
                key,
                "keys are 1 to 128 bytes without spaces",
            ));
        }
        Ok(MetaKey(key.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `KEY=VALUE` metadata being set: a key as [`MetaKey::parse`] wants it and
/// without invisible, format, private-use or unassigned characters; a value
/// without control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaEntry {
    pub key: String,
    pub value: String,
}

impl MetaEntry {
    pub fn parse(item: &str) -> Result<MetaEntry, Invalid> {
        let Some((k, v)) = item.split_once('=') else {
            return Err(Invalid::new("metadata", item, "expected KEY=VALUE"));
        };
        // Errors show the whole item, as the user typed it.
        let key = MetaKey::parse(k).map_err(|e| Invalid::new("metadata", item, e.why))?;
        if let Some(why) = deceptive(k) {
            return Err(Invalid::new("metadata", item, format!("in the key, {why}")));
        }
        if v.chars().any(|c| c.is_control()) {
            return Err(Invalid::new(
                "metadata",
                item,
                "control characters are not allowed in values",
            ));
        }
        Ok(MetaEntry {
            key: key.0,
            value: v.to_owned(),
        })
    }
}

/// A span of time as users type it (`90d`, `12h`, `2w`, `1h30m`), at least
/// one second: how long until a secret expires, or a window to look ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    secs: i64,
}

impl Span {
    /// A span of at least one second that, from now, stays within the
    /// year 9999 (a command adds it to its own clock reading with
    /// [`Span::after`]).
    pub fn parse(text: &str) -> Result<Span, Invalid> {
        let span = time::parse_positive_secs(text)
            .map(|secs| Span { secs })
            .map_err(|why| Invalid::new("duration", text, why))?;
        span.after(time::now())
            .map_err(|e| Invalid::new("duration", text, e.message))?;
        Ok(span)
    }

    pub fn secs(self) -> i64 {
        self.secs
    }

    /// The span in the largest unit that divides it (`30d`, `36h`, `90m`,
    /// `45s`), which [`Span::parse`] reads back.
    pub fn text(secs: i64) -> String {
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
            if secs != 0 && secs % size == 0 {
                return format!("{}{unit}", secs / size);
            }
        }
        format!("{secs}s")
    }

    /// `now` plus this span, refusing a time past the year 9999.
    pub fn after(self, now: i64) -> Result<i64, Error> {
        now.checked_add(self.secs)
            .filter(|t| *t <= time::MAX_TIME)
            .ok_or_else(|| Error::usage("the duration reaches past the year 9999"))
    }
}

/// A point in time as users type it: RFC 3339, a date (midnight UTC) or a
/// date and time in UTC, within the years 0000 to 9999. Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time(pub i64);

impl Time {
    pub fn parse(text: &str) -> Result<Time, Invalid> {
        time::parse_time(text)
            .map(Time)
            .map_err(|why| Invalid::new("time", text, why))
    }
}

/// `audit:logs --since`: a span back from now, or a point in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    Ago(u64),
    At(i64),
}

impl Since {
    pub fn parse(text: &str) -> Result<Since, Invalid> {
        if let Ok(d) = time::parse_duration(text) {
            return Ok(Since::Ago(d.as_secs()));
        }
        time::parse_time(text).map(Since::At).map_err(|_| {
            Invalid::new(
                "time",
                text,
                "expected a duration (24h, 7d) or a time (2027-01-31)",
            )
        })
    }

    /// The time it names, seen from `now`.
    pub fn resolve(self, now: i64) -> i64 {
        match self {
            Since::Ago(secs) => now.saturating_sub(i64::try_from(secs).unwrap_or(i64::MAX)),
            Since::At(t) => t,
        }
    }
}

/// How long to wait for a busy vault (`--lock-timeout`); zero means do not
/// wait.
pub fn parse_wait(text: &str) -> Result<std::time::Duration, Invalid> {
    time::parse_duration(text).map_err(|why| {
        Invalid::new("lock timeout", text, why)
            .hint("set by --lock-timeout or COFFER_LOCK_TIMEOUT; 0s does not wait")
    })
}

/// How long `coffer unlock` keeps the identity unlocked: one second to a
/// week.
pub fn parse_ttl(text: &str) -> Result<std::time::Duration, Invalid> {
    let d = time::parse_duration(text).map_err(|why| Invalid::new("TTL", text, why))?;
    if d < std::time::Duration::from_secs(1) || d > std::time::Duration::from_secs(7 * 86400) {
        return Err(Invalid::new(
            "TTL",
            text,
            "the TTL must be between 1s and 7d",
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_their_words() {
        let mut seen = std::collections::HashSet::new();
        for &a in Action::ALL {
            assert!(seen.insert(a.as_str()), "{a:?} spelled twice");
            assert_eq!(a.as_str().parse::<Action>(), Ok(a));
            assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{a}\""));
            assert_eq!(
                serde_json::from_str::<Action>(&format!("\"{a}\"")).unwrap(),
                a
            );
            assert!(!a.resources().is_empty());
            let stored = a.as_str().to_owned();
            assert!(a.as_str() == a && stored == a && *stored == a);
        }
        assert_eq!(Action::of("renamed_by_a_newer_coffer"), None);
        assert!(serde_json::from_str::<Action>("\"nope\"").is_err());
        assert!(Action::is_read_row("secrets", "accessed"));
        assert!(!Action::is_read_row("vault", "accessed"));
        assert!(!Action::is_read_row("secrets", "peeked"));
        for r in Resource::ALL {
            assert_eq!(r.as_str().parse::<Resource>(), Ok(r));
        }
    }

    #[test]
    fn names() {
        for ok in [
            "DATABASE_URL",
            "prod/db/password",
            "a",
            "ключ",
            &"x".repeat(256),
        ] {
            assert_eq!(Name::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "",
            "has space",
            "tab\there",
            "nl\n",
            "-flag",
            &"x".repeat(257),
            "bell\u{7}",
        ] {
            let err = Error::from(Name::parse(bad).unwrap_err());
            assert_eq!(err.exit, crate::error::Exit::Usage, "{bad:?}");
            assert!(
                err.message.starts_with("invalid secret name"),
                "{}",
                err.message
            );
        }
        // Shown escaped and cut short.
        let err = Name::parse(&format!("a\u{1b}[31m{}", "x".repeat(300))).unwrap_err();
        assert!(err.shown.starts_with("a\\u{1b}[31m"), "{}", err.shown);
        assert_eq!(err.shown.chars().count(), 80);
    }

    #[test]
    fn new_names_tags_and_keys_refuse_deceptive_characters() {
        for ok in ["ключ", "密码", "café", "naïve/x"] {
            Name::parse_new(ok).unwrap();
            Tag::parse_new(ok).unwrap();
            MetaEntry::parse(&format!("{ok}=v")).unwrap();
        }
        for bad in [
            "B\u{202E}gnp.exe", // right-to-left override
            "a\u{2066}b",       // left-to-right isolate
            "a\u{200B}b",       // zero-width space
            "a\u{200D}b",       // zero-width joiner
            "a\u{200E}b",       // left-to-right mark
            "a\u{061C}b",       // Arabic letter mark
            "a\u{2060}b",       // word joiner
            "\u{FEFF}a",        // byte order mark
            "a\u{00AD}b",       // soft hyphen
            "a\u{E0041}b",      // tag character
            "a\u{E000}b",       // private use
            "a\u{10FFFD}b",     // private use, plane 16
            "a\u{0378}b",       // unassigned
        ] {
            let err = Name::parse_new(bad).unwrap_err();
            assert!(err.why.contains("U+"), "{}", err.why);
            assert!(Tag::parse_new(bad).is_err(), "{bad:?}");
            assert!(MetaEntry::parse(&format!("{bad}=v")).is_err(), "{bad:?}");
            // A name stored before the check can still be looked up.
            Name::parse(bad).unwrap();
        }
    }

    #[test]
    fn metadata_items() {
        let e = MetaEntry::parse("owner=backend=team").unwrap();
        assert_eq!(
            (e.key.as_str(), e.value.as_str()),
            ("owner", "backend=team")
        );
        assert_eq!(MetaEntry::parse("k=").unwrap().value, "");
        for bad in ["noequals", "=v", "a b=c", "k=line\nbreak"] {
            assert!(MetaEntry::parse(bad).is_err(), "{bad:?}");
        }
        MetaKey::parse("owner").unwrap();
        assert!(MetaKey::parse("a b").is_err());
        assert!(MetaKey::parse("coffer.conflict").is_err());
        assert!(MetaEntry::parse("coffer.conflict=1,2").is_err());
    }

    #[test]
    fn tags() {
        Tag::parse("production").unwrap();
        for bad in ["", "a,b", "a b"] {
            assert!(Tag::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Tag::parse_new_or_none("").unwrap(), None);
        assert!(Tag::parse_new_or_none("a b").is_err());
    }

    #[test]
    fn spans_times_and_since() {
        assert_eq!(Span::parse("90d").unwrap().secs(), 90 * 86_400);
        for bad in ["0d", "banana", "", "-1d"] {
            assert!(Span::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Span::parse("1h").unwrap().after(0).unwrap(), 3600);
        for (secs, text) in [
            (30 * 86_400, "30d"),
            (36 * 3600, "36h"),
            (90, "90s"),
            (120, "2m"),
        ] {
            assert_eq!(Span::text(secs), text);
            assert_eq!(Span::parse(text).unwrap().secs(), secs);
        }
        assert!(Span::parse("99999999999d").is_err());
        assert_eq!(
            Span { secs: 1 }.after(time::MAX_TIME - 1).unwrap(),
            time::MAX_TIME
        );
        assert!(Span { secs: 1 }.after(time::MAX_TIME).is_err());
        assert_eq!(Time::parse("1970-01-02").unwrap(), Time(86_400));
        assert!(Time::parse("2027-13-01").is_err());
        assert_eq!(Since::parse("1h").unwrap().resolve(7200), 3600);
        assert_eq!(Since::parse("1970-01-02").unwrap().resolve(0), 86_400);
        assert!(Since::parse("yesterday").is_err());
        assert_eq!(
            Span::parse("banana")
                .unwrap_err()
                .error_for("--expires-in")
                .message,
            "invalid --expires-in \"banana\": expected a duration such as 30d, 12h, 2w, 1h30m or 90s"
        );
    }
}
