//! `coffer secrets:search TEXT`: the secrets whose name, tags, metadata
//! keys or values, or description hold TEXT, ignoring case. Values are
//! never searched. Audited as a listing (`listed`, with the count).

use clap::Args;
use serde::Serialize;

use crate::audit::Event;
use crate::cmd::{Examples, ShowFormat};
use crate::error::Result;
use crate::model::Action;
use crate::output;
use crate::store::{self, Secret};
use crate::vault::Location;

/// Find secrets whose name, tags, metadata or description hold TEXT
///
/// Case-insensitive substring match; values are never searched or shown.
/// Deleted secrets only with --deleted. Audited as a listing (`listed`,
/// with the count, not the names or TEXT).
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The text to find (case-insensitive)
    #[arg(value_name = "TEXT", value_parser = parse_search_text)]
    pub text: String,
    /// Search deleted secrets too
    #[arg(long)]
    pub deleted: bool,
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// Examples for `coffer secrets:search --help` and its man page: (what, command line).
pub const EXAMPLES: Examples = &[
    (
        "Everything about the payments team",
        "coffer secrets:search payments",
    ),
    (
        "As JSON, deleted secrets included",
        "coffer secrets:search stripe --deleted --format json",
    ),
];

fn parse_search_text(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err("give some text to search for".into());
    }
    Ok(s.to_owned())
}

/// One secret found, and where TEXT was found in it.
#[derive(Serialize)]
struct Found<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    state: &'static str,
    /// `name`, `tag`, `metadata_key`, `metadata_value`, `description`.
    matched: Vec<&'static str>,
}

/// Where `needle` (lowercase) occurs in `s`'s facts.
fn matches(s: &Secret, needle: &str) -> Vec<&'static str> {
    let has = |text: &str| text.to_lowercase().contains(needle);
    let mut found = Vec::new();
    if has(&s.name) {
        found.push("name");
    }
    if s.tags.iter().any(|t| has(t)) {
        found.push("tag");
    }
    if s.metadata.keys().any(|k| has(k)) {
        found.push("metadata_key");
    }
    if s.metadata.values().any(|v| has(v)) {
        found.push("metadata_value");
    }
    if s.description.as_deref().is_some_and(has) {
        found.push("description");
    }
    found
}

pub fn run(loc: &Location, args: &SearchArgs) -> Result<()> {
    let now = crate::time::now();
    let needle = args.text.to_lowercase();
    let found = crate::vault::transact_for(loc, crate::vault::Intent::List, |ctx| {
        let secrets = store::list(
            ctx.db,
            &store::Filter {
                include_deleted: args.deleted,
                include_disabled: true,
                ..Default::default()
            },
        )?;
        let found: Vec<(Secret, Vec<&'static str>)> = secrets
            .into_iter()
            .filter_map(|s| {
                let m = matches(&s, &needle);
                (!m.is_empty()).then_some((s, m))
            })
            .collect();
        ctx.audit(Event::vault(Action::Listed).detail("count", found.len().to_string()))?;
        Ok(found)
    })?;
    let items: Vec<Found<'_>> = found
        .iter()
        .map(|(s, m)| Found {
            name: &s.name,
            kind: &s.kind,
            state: super::list::state(s, now),
            matched: m.clone(),
        })
        .collect();
    match args.format {
        ShowFormat::Json => output::json(&items),
        ShowFormat::Table => output::table(
            &["NAME", "TYPE", "STATE", "MATCHED"],
            items
                .iter()
                .map(|f| {
                    vec![
                        f.name.to_owned(),
                        f.kind.to_owned(),
                        f.state.to_owned(),
                        f.matched.join(","),
                    ]
                })
                .collect(),
        ),
    }
}
