//! The domain's words as types: what kind a secret is, which of its facts a
//! command changes, and which state change a lifecycle command makes. Clap
//! parses arguments into these before any I/O, and the store matches on
//! them instead of on strings.

use clap::ValueEnum;

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
    /// The audit action it records, and the word its output uses.
    pub fn action(self) -> &'static str {
        match self {
            StateChange::Restore => "restored",
            StateChange::Disable => "disabled",
            StateChange::Enable => "enabled",
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
