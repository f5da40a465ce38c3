//! `coffer secrets:versions NAME`: every version's facts and a short keyed
//! fingerprint of its value (never the value). Audited as `listed_versions`.

use serde::Serialize;

use crate::audit::Event;
use crate::cli::{ShowFormat, VersionsArgs};
use crate::error::Result;
use crate::output;
use crate::store;
use crate::vault::Location;

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
    current: bool,
    /// On the current version: when the secret is next due for rotation.
    #[serde(serialize_with = "crate::store::opt_time")]
    next_rotation_at: Option<i64>,
    destroyed: bool,
}

pub fn run(loc: &Location, args: &VersionsArgs) -> Result<()> {
    let infos = crate::vault::transact(loc, |ctx| {
        let secret = store::find(ctx.db, &args.name)?;
        let infos: Vec<VersionInfo> = store::versions(ctx.db, &secret)?
            .into_iter()
            .map(|v| VersionInfo {
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
                current: v.number == secret.version,
                next_rotation_at: secret
                    .next_rotation_at
                    .filter(|_| v.number == secret.version),
            })
            .collect();
        ctx.audit(Event::secret(
            "listed_versions",
            &args.name,
            Some(secret.version),
        ))?;
        Ok(infos)
    })?;
    match args.format {
        ShowFormat::Json => output::json(&infos),
        ShowFormat::Table => output::table(
            &[
                "VERSION",
                "CREATED",
                "BY",
                "KIND",
                "SOURCE",
                "FINGERPRINT",
                "CURRENT",
                "ROTATION",
            ],
            infos
                .into_iter()
                .map(|v| {
                    vec![
                        v.version.to_string(),
                        v.created_at,
                        v.created_by,
                        v.kind,
                        v.source_version.map_or("-".into(), |s| s.to_string()),
                        v.fingerprint,
                        if v.current { "*".into() } else { String::new() },
                        v.next_rotation_at
                            .map_or_else(String::new, crate::time::format),
                    ]
                })
                .collect(),
        ),
    }
}
