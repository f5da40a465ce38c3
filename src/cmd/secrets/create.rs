//! `coffer secrets:create NAME [VALUE]`: a new secret at version 1.

use std::collections::BTreeMap;

use clap::Args;

use super::{ExpiryArgs, RotationArgs, ValueArgs};
use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::{Action, MetaEntry, Name, SecretType, Tag, Time};
use crate::output;
use crate::store::{self, NewSecret};
use crate::vault::Location;

/// Create a secret (version 1)
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The secret's name: printable, no spaces, at most 256 bytes
    /// (`prod/db/password` and `DATABASE_URL` both work)
    #[arg(value_parser = Name::parse_new)]
    pub name: Name,

    #[command(flatten)]
    pub value: ValueArgs,

    /// What kind of secret this is
    #[arg(long = "type", value_enum, default_value_t = SecretType::Generic)]
    pub kind: SecretType,

    /// A description
    #[arg(long)]
    pub description: Option<String>,

    /// Tags, comma separated
    #[arg(long, value_delimiter = ',', value_name = "TAG,...", value_parser = Tag::parse_new)]
    pub tags: Vec<Tag>,

    /// Metadata as KEY=VALUE (repeatable)
    #[arg(long, value_name = "KEY=VALUE", value_parser = MetaEntry::parse)]
    pub metadata: Vec<MetaEntry>,

    #[command(flatten)]
    pub expiry: ExpiryArgs,

    /// Refuse reads until TIME
    #[arg(long, value_name = "TIME", value_parser = Time::parse)]
    pub activates_at: Option<Time>,

    #[command(flatten)]
    pub rotation: RotationArgs,
}

/// Examples for `coffer secrets:create --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Type the value at a hidden prompt",
        "coffer secrets:create DATABASE_URL --tags production,database",
    ),
    (
        "Read it from stdin",
        "printf %s \"$TOKEN\" | coffer secrets:create API_KEY - --type api_key --expires-in 90d",
    ),
    (
        "Store a file byte for byte",
        "coffer secrets:create tls/cert --from-file cert.pem --type certificate",
    ),
    (
        "Generate a random password",
        "coffer secrets:create prod/db/password --generate --length 40",
    ),
    (
        "Add metadata",
        "coffer secrets:create STRIPE_KEY - --metadata owner=backend-team --metadata ticket=OPS-12",
    ),
];

pub fn run(loc: &Location, args: &CreateArgs) -> Result<()> {
    let metadata: BTreeMap<String, String> = args
        .metadata
        .iter()
        .map(|m| (m.key.clone(), m.value.clone()))
        .collect();
    let now = crate::time::now();
    let expires_at = super::expiry(&args.expiry, now)?;
    let activates_at = args.activates_at.map(|t| t.0);
    // Rotation policy (issue 11): refused before the value is read.
    let rotation = super::rotate::policy_from(None, &args.rotation)?;
    let value = super::read_value(&args.value, &args.name, true)?.expect("required");
    // A certificate's own expiry when none is given; its facts as metadata.
    let typed = crate::typecheck::inspect(&args.name, args.kind.as_str(), &value, expires_at);
    let expires_at = expires_at.or(typed.not_after);
    let metadata: BTreeMap<String, String> = metadata.into_iter().chain(typed.facts()).collect();

    crate::vault::transact(loc, |ctx| {
        if let Some(existing) = store::exists(ctx.db, &args.name)? {
            let err = Error::failure(format!("secret {} already exists", args.name));
            return Err(if existing.deleted_at.is_some() {
                err.hint(format!(
                    "it is deleted; bring it back with `coffer secrets:restore {}`",
                    args.name
                ))
            } else {
                err.hint(format!(
                    "make a new version with `coffer secrets:update {} -`",
                    args.name
                ))
            });
        }
        let mut tags: Vec<String> = args.tags.iter().map(|t| t.to_string()).collect();
        tags.sort();
        tags.dedup();
        store::insert(
            ctx,
            &NewSecret {
                name: args.name.to_string(),
                kind: args.kind.as_str().to_owned(),
                description: args.description.clone(),
                tags,
                metadata: metadata.clone(),
                activates_at,
                expires_at,
                value: &value,
            },
        )?;
        if let Some(policy) = rotation {
            super::rotate::set_policy(ctx, &store::find(ctx.db, &args.name)?, Some(policy))?;
        }
        ctx.audit(
            Event::secret(Action::Created, &args.name, Some(1))
                .detail("fingerprint", ctx.fingerprint(&value))
                .detail("type", args.kind.as_str()),
        )?;
        Ok(())
    })?;
    if expires_at.is_some_and(|t| t <= now) {
        output::warn(&format!("{} is already expired", args.name));
    }
    output::line(&format!("created {} (version 1)", args.name))
}
