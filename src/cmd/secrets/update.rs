//! `coffer secrets:update NAME [VALUE]`: a new value makes version N+1;
//! description, tags, metadata and expiry change in place (audited, no new
//! version). An update that changes nothing is an error. With neither a
//! value nor a change, a terminal is asked for the new value (twice).

use std::collections::BTreeSet;
use std::io::IsTerminal;

use clap::Args;

use super::{ExpiryArgs, RotationUpdateArgs, ValueArgs};
use crate::audit::Event;
use crate::cmd::Examples;
use crate::error::{Error, Result};
use crate::model::{Action, Field, MetaEntry, MetaKey, Name, Tag};
use crate::output;
use crate::store;
use crate::store::op::FieldValue;
use crate::vault::Location;

/// Change a secret: a new value makes a new version; facts change in place
#[derive(Debug, Args)]
pub struct UpdateArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,

    #[command(flatten)]
    pub value: ValueArgs,

    /// A new description (empty to clear)
    #[arg(long)]
    pub description: Option<String>,

    /// Replace all tags (comma separated; empty to clear)
    #[arg(long, value_delimiter = ',', value_name = "TAG,...",
          conflicts_with_all = ["add_tag", "remove_tag"],
          value_parser = Tag::parse_new_or_none)]
    pub tags: Option<Vec<Option<Tag>>>,

    /// Add a tag (repeatable)
    #[arg(long, value_name = "TAG", value_parser = Tag::parse_new)]
    pub add_tag: Vec<Tag>,

    /// Remove a tag (repeatable)
    #[arg(long, value_name = "TAG", value_parser = Tag::parse)]
    pub remove_tag: Vec<Tag>,

    /// Set metadata KEY=VALUE (repeatable)
    #[arg(long, value_name = "KEY=VALUE", value_parser = MetaEntry::parse)]
    pub metadata: Vec<MetaEntry>,

    /// Remove metadata KEY (repeatable)
    #[arg(long, value_name = "KEY", value_parser = MetaKey::parse)]
    pub unset_metadata: Vec<MetaKey>,

    #[command(flatten)]
    pub expiry: ExpiryArgs,

    /// Remove the expiry date
    #[arg(long, conflicts_with_all = ["expires_in", "expires_at"])]
    pub no_expiry: bool,

    /// Only update if the current version is N (check-and-set; exit 7 if not)
    #[arg(long, value_name = "N")]
    pub if_version: Option<i64>,

    #[command(flatten)]
    pub rotation: RotationUpdateArgs,
}

/// Examples for `coffer secrets:update --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "A new value from stdin (version N+1)",
        "coffer secrets:update API_KEY - < new-key.txt",
    ),
    (
        "Only if nobody changed it since version 3",
        "coffer secrets:update API_KEY - --if-version 3",
    ),
    (
        "Change tags and metadata (no new version)",
        "coffer secrets:update API_KEY --add-tag billing --metadata owner=payments",
    ),
    (
        "Extend the expiry",
        "coffer secrets:update API_KEY --expires-in 180d",
    ),
    (
        "Rotate every 30 days, due a week before",
        "coffer secrets:update API_KEY --rotate-every 30d --notify-before 7d",
    ),
];

pub fn run(loc: &Location, args: &UpdateArgs) -> Result<()> {
    let now = crate::time::now();
    let expires_at = super::expiry(&args.expiry, now)?;
    // With no value and no change of facts, a terminal prompts for a new
    // value, as create and rotate do.
    let wants_value = !changes_facts(args);
    if wants_value && !given_value(&args.value) && !std::io::stdin().is_terminal() {
        return Err(Error::usage(format!(
            "nothing to update: no new value or change given for {}",
            args.name
        ))
        .hint("give VALUE, `-` to read stdin, --from-file FILE, --generate, or a change such as --add-tag or --metadata"));
    }
    let value = super::read_value(&args.value, &args.name, wants_value)?;

    let (changed, version) = crate::vault::transact(loc, |ctx| {
        let secret = store::find(ctx.db, &args.name)?;
        secret.check_not_deleted()?;
        if let Some(expected) = args.if_version
            && secret.version != expected
        {
            return Err(Error::conflict(format!(
                "secret {} is at version {}, not {expected}; nothing was changed",
                args.name, secret.version
            ))
            .hint("read the current value and try again"));
        }
        let mut changed: Vec<&str> = Vec::new();
        let mut new_version = None;
        let mut event = Event::secret(Action::Updated, &args.name, None);
        let mut derived_expiry = None; // a new certificate's notAfter

        if let Some(value) = &value {
            let current = store::version(ctx.db, &secret, None)?;
            if *current.value != **value {
                // A new value settles a conflict left by a merge.
                if secret.metadata.contains_key(store::CONFLICT_KEY) {
                    store::unset_metadata(ctx, &secret, store::CONFLICT_KEY)?;
                }
                let n = store::add_version(ctx, &secret, value, "update", None)?;
                let typed = crate::typecheck::inspect(&args.name, &secret.kind, value, expires_at);
                crate::typecheck::record(ctx, &secret, &typed, false)?;
                derived_expiry = typed.not_after;
                event.version = Some(n);
                new_version = Some(n);
                event = event.detail("fingerprint", ctx.fingerprint(value));
                changed.push("value");
            }
        }
        if let Some(d) = &args.description {
            let new = Some(d.clone()).filter(|d| !d.is_empty());
            if new != secret.description {
                store::set_field(ctx, &secret, Field::Description, new.map(FieldValue::Text))?;
                changed.push("description");
            }
        }
        let old_tags: BTreeSet<String> = secret.tags.iter().cloned().collect();
        let mut tags = match &args.tags {
            // `--tags ""` clears the tags: its one empty item is no tag.
            Some(t) => t.iter().flatten().map(|t| t.to_string()).collect(),
            None => old_tags.clone(),
        };
        tags.extend(args.add_tag.iter().map(|t| t.to_string()));
        for t in &args.remove_tag {
            if !tags.remove(t.as_str()) {
                return Err(Error::usage(format!("secret {} has no tag {t}", args.name)));
            }
        }
        if tags != old_tags {
            store::set_tags(ctx, &secret, &tags.iter().cloned().collect::<Vec<_>>())?;
            changed.push("tags");
        }
        let mut metadata_changed = false;
        for m in &args.metadata {
            if secret.metadata.get(&m.key) != Some(&m.value) {
                store::set_metadata(ctx, &secret, &m.key, &m.value)?;
                metadata_changed = true;
            }
        }
        for k in &args.unset_metadata {
            if !secret.metadata.contains_key(k.as_str()) {
                return Err(Error::usage(format!(
                    "secret {} has no metadata {k}",
                    args.name
                )));
            }
            store::unset_metadata(ctx, &secret, k.as_str())?;
            metadata_changed = true;
        }
        if metadata_changed {
            changed.push("metadata");
        }
        let new_expiry = if args.no_expiry {
            None
        } else {
            expires_at.or(derived_expiry).or(secret.expires_at)
        };
        if new_expiry != secret.expires_at {
            store::set_field(
                ctx,
                &secret,
                Field::ExpiresAt,
                new_expiry.map(FieldValue::Int),
            )?;
            changed.push("expiry");
        }

        // Rotation policy (issue 11).
        if super::rotate::update_policy(ctx, &secret, &args.rotation)? {
            changed.push("rotation");
        }

        if changed.is_empty() {
            return Err(Error::usage(format!(
                "nothing to update: {} is already as asked",
                args.name
            ))
            .hint(if value.is_some() {
                "the new value is the same as the current version's"
            } else {
                "give a new value or a change such as --add-tag or --metadata"
            }));
        }
        store::touch(ctx, &secret)?;
        ctx.audit(event.detail("changed", changed.join(",")))?;
        Ok((changed.join(", "), new_version))
    })?;
    match version {
        Some(v) => output::line(&format!("updated {} (version {v}; {changed})", args.name)),
        None => output::line(&format!("updated {} ({changed})", args.name)),
    }
}

/// Whether the command line asks to change any fact (not the value).
fn changes_facts(args: &UpdateArgs) -> bool {
    args.description.is_some()
        || args.tags.is_some()
        || !args.add_tag.is_empty()
        || !args.remove_tag.is_empty()
        || !args.metadata.is_empty()
        || !args.unset_metadata.is_empty()
        || args.expiry.expires_in.is_some()
        || args.expiry.expires_at.is_some()
        || args.no_expiry
        || args.rotation.policy.rotate_every.is_some()
        || args.rotation.policy.notify_before.is_some()
        || args.rotation.no_rotation
}

/// Whether a value source other than the prompt was given.
fn given_value(v: &ValueArgs) -> bool {
    v.value.is_some() || v.from_file.is_some() || v.generate
}
