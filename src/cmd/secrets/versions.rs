//! `coffer secrets:versions NAME`: every version's facts and a short keyed
//! fingerprint of its value (never the value). Audited as `listed_versions`.
//! A secret in conflict after a merge has no current version: the versions
//! to choose from say `conflict` under CURRENT (`in_conflict` in JSON).

use clap::Args;
use serde::Serialize;

use crate::audit::Event;
use crate::cmd::{Examples, ShowFormat};
use crate::error::Result;
use crate::model::{Action, Name};
use crate::output;
use crate::store;
use crate::vault::Location;

/// List a secret's versions
///
/// Each version's number, when, by whom and how it was made, and a short
/// keyed fingerprint of its value (never the value); CURRENT marks the
/// one `secrets:get` returns. A secret in conflict after a merge has no
/// current version: the versions to choose from say `conflict` under
/// CURRENT (`in_conflict` in JSON, and `current` is false for all) until
/// `secrets:resolve` keeps one.
#[derive(Debug, Args)]
pub struct VersionsArgs {
    #[arg(value_parser = Name::parse)]
    pub name: Name,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// Examples for `coffer secrets:versions --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[(
    "Every version of a secret",
    "coffer secrets:versions API_KEY",
)];

#[derive(Serialize)]
struct VersionInfo {
    version: i64,
    created_at: String,
    created_by: String,
    kind: String,
    source_version: Option<i64>,
    /// `destroyed` for a version whose value `secrets:destroy` erased
    /// (its `destroyed` audit row keeps the fingerprint).
    fingerprint: String,
    /// The version `secrets:get` returns; none while the secret is in
    /// conflict (`get` refuses it then).
    current: bool,
    /// One side of a conflict after a merge (policy `manual`): choose one
    /// with `secrets:resolve`.
    in_conflict: bool,
    /// On the current version: when the secret is next due for rotation.
    #[serde(serialize_with = "crate::store::opt_time")]
    next_rotation_at: Option<i64>,
    destroyed: bool,
    /// A certificate's notAfter, an SSH key's fingerprint (see typecheck).
    #[serde(skip_serializing_if = "Option::is_none")]
    not_after: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ssh_fingerprint: Option<String>,
}

pub fn run(loc: &Location, args: &VersionsArgs) -> Result<()> {
    let infos = crate::vault::transact_for(loc, crate::vault::Intent::Read, |ctx| {
        let secret = store::find(ctx.db, &args.name)?;
        let sides: Option<Vec<i64>> = secret
            .metadata
            .get(store::CONFLICT_KEY)
            .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect());
        let infos: Vec<VersionInfo> = store::versions(ctx.db, &secret)?
            .into_iter()
            .map(|v| {
                let typed = crate::typecheck::read(&secret.kind, &v.value);
                VersionInfo {
                    not_after: typed.not_after.map(crate::time::format),
                    ssh_fingerprint: typed.ssh_fingerprint,
                    destroyed: v.is_destroyed(),
                    fingerprint: if v.is_destroyed() {
                        "destroyed".to_owned()
                    } else {
                        ctx.fingerprint(&v.value)[..16].to_owned()
                    },
                    version: v.number,
                    created_at: crate::time::format(v.created_at),
                    created_by: v.created_by,
                    kind: v.kind,
                    source_version: v.source_version,
                    current: v.number == secret.version && sides.is_none(),
                    in_conflict: sides.as_ref().is_some_and(|s| s.contains(&v.number)),
                    next_rotation_at: secret
                        .next_rotation_at
                        .filter(|_| v.number == secret.version),
                }
            })
            .collect();
        ctx.audit(Event::secret(
            Action::ListedVersions,
            &args.name,
            Some(secret.version),
        ))?;
        Ok(infos)
    })?;
    // Certificates and SSH keys get a column for what their values say.
    let typed = infos
        .iter()
        .any(|v| v.not_after.is_some() || v.ssh_fingerprint.is_some());
    let mut header = vec![
        "VERSION",
        "CREATED",
        "BY",
        "KIND",
        "SOURCE",
        "FINGERPRINT",
        "CURRENT",
        "ROTATION",
    ];
    if typed {
        header.push("NOT AFTER / KEY");
    }
    match args.format {
        ShowFormat::Json => output::json(&infos),
        ShowFormat::Table => output::table(
            &header,
            infos
                .into_iter()
                .map(|v| {
                    let fact = v.not_after.clone().or(v.ssh_fingerprint.clone());
                    let mut row = vec![
                        v.version.to_string(),
                        v.created_at,
                        v.created_by,
                        v.kind,
                        v.source_version.map_or("-".into(), |s| s.to_string()),
                        v.fingerprint,
                        if v.in_conflict {
                            "conflict".into()
                        } else if v.current {
                            "*".into()
                        } else {
                            String::new()
                        },
                        v.next_rotation_at
                            .map_or_else(String::new, crate::time::format),
                    ];
                    if typed {
                        row.push(fact.unwrap_or_else(|| "-".into()));
                    }
                    row
                })
                .collect(),
        ),
    }
}
