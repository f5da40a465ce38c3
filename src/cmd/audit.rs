//! `coffer audit:logs`: read the audit log. Reads only; not itself audited.

use crate::audit::{self, Filter};
use crate::cli::{LogsArgs, ShowFormat};
use crate::error::{Error, Result};
use crate::output;
use crate::vault::{Location, Vault};

pub fn logs(loc: &Location, args: &LogsArgs) -> Result<()> {
    let since = args
        .since
        .as_deref()
        .map(|s| {
            crate::time::parse_since(s, crate::time::now())
                .map_err(|e| Error::usage(format!("invalid --since {s:?}: {e}")))
        })
        .transpose()?;
    let filter = Filter {
        resource: args.resource.clone(),
        action: args.action.clone(),
        target: args.secret.clone(),
        actor: args.actor.clone(),
        since,
        limit: args.limit,
    };
    let vault = Vault::open_read(loc)?;
    let rows = audit::query(vault.conn(), &filter)?;
    match args.format {
        ShowFormat::Json => output::json(&rows),
        ShowFormat::Table => output::table(
            &[
                "SEQ", "TIME", "ACTOR", "ACTION", "RESOURCE", "TARGET", "VERSION", "DETAILS",
            ],
            rows.into_iter()
                .map(|r| {
                    vec![
                        r.seq.to_string(),
                        crate::time::format(r.ts),
                        r.actor,
                        r.action,
                        r.resource,
                        r.target.unwrap_or_else(|| "-".into()),
                        r.version.map_or("-".into(), |v| v.to_string()),
                        details(&r.details),
                    ]
                })
                .collect(),
        ),
    }
}

/// `k=v` pairs, with fingerprints shortened for the table (JSON has them whole).
fn details(map: &std::collections::BTreeMap<String, String>) -> String {
    map.iter()
        .map(|(k, v)| {
            if k == "fingerprint" || k == "recipient" {
                format!("{k}={}…", v.chars().take(12).collect::<String>())
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
