//! The code's layout, as the crate docs of `src/lib.rs` describe it: each
//! command's clap arguments live beside its code (`src/cmd/GROUP/VERB.rs`)
//! and `src/cli.rs` keeps only the top-level tree; the crate docs' code map
//! names every module; `src/vault/mod.rs` is the vault's API, each phase
//! of a command in a module beside it; the agent calls nothing in the vault
//! (the signing key both derive is in `src/keys.rs`); and code comments cite
//! the crate docs or the man pages, never a file the repository does not
//! hold. (That the move changed
//! nothing users see is what the `snapshots` and `generated` tests pin.)

use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// Every file under `dir` (relative to the crate), recursively.
fn files(dir: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![root().join(dir)];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The variants of `cli::Command` as (variant, the path of its arguments'
/// type), from the enum's source.
fn command_variants(cli: &str) -> Vec<(String, String)> {
    let start = cli
        .find("pub enum Command {")
        .expect("cli.rs has the Command enum");
    let body = &cli[start..start + cli[start..].find("\n}").unwrap()];
    body.lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.starts_with("//") && !l.is_empty())
        .map(|l| {
            let l = l.trim_end_matches(',');
            let (variant, ty) = l
                .split_once('(')
                .unwrap_or_else(|| panic!("Command::{l} carries no arguments type"));
            (variant.to_owned(), ty.trim_end_matches(')').to_owned())
        })
        .collect()
}

#[test]
fn each_command_keeps_its_arguments_and_examples_beside_its_code() {
    let cli = read("src/cli.rs");
    // cli.rs derives clap's Args for the global options only.
    let derives = cli.matches("#[derive(Debug, Args)]").count();
    assert_eq!(
        derives, 1,
        "src/cli.rs defines {derives} argument structs; only GlobalArgs belongs there"
    );
    let variants = command_variants(&cli);
    assert!(variants.len() > 30, "found {} commands", variants.len());
    for (variant, ty) in &variants {
        let parts: Vec<&str> = ty.split("::").collect();
        assert!(
            parts.len() >= 2,
            "Command::{variant}({ty}) does not name the cmd module its arguments live in"
        );
        let (name, modules) = parts.split_last().unwrap();
        let module = modules.join("/");
        let file = [
            format!("src/cmd/{module}.rs"),
            format!("src/cmd/{module}/mod.rs"),
        ]
        .into_iter()
        .find(|f| root().join(f).exists())
        .unwrap_or_else(|| panic!("Command::{variant}: no src/cmd/{module}.rs"));
        let code = read(&file);
        assert!(
            code.contains(&format!("pub struct {name} ")),
            "{file} does not define {name}, the arguments of Command::{variant}"
        );
        // A clap Args struct, whose doc comment is the command's help text.
        let at = code.find(&format!("pub struct {name} ")).unwrap();
        let mut above = code[..at].trim_end().lines().rev();
        assert_eq!(
            above.next(),
            Some("#[derive(Debug, Args)]"),
            "{name} in {file} is not a clap Args struct"
        );
        assert!(
            above.next().is_some_and(|l| l.starts_with("///")),
            "{name} in {file} has no doc comment (its --help)"
        );
        assert!(
            code.contains("EXAMPLES: Examples = &["),
            "{file} holds no examples for Command::{variant}"
        );
        assert!(
            code.contains("pub fn "),
            "{file} holds no run code for Command::{variant}"
        );
    }
}

#[test]
fn the_crate_docs_map_every_module() {
    let lib = read("src/lib.rs");
    let docs: String = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    for heading in [
        "# Bird's-eye view",
        "# Code map",
        "# The life of a command",
        "# Where each promise is kept",
        "# Invariants that are absences",
        "# Cross-cutting concerns",
    ] {
        assert!(docs.contains(heading), "the crate docs have no {heading:?}");
    }
    let mut missing = Vec::new();
    for l in lib.lines() {
        if let Some(m) = l.strip_prefix("pub mod ").and_then(|m| m.strip_suffix(';'))
            && !docs.contains(&format!("[`{m}`]"))
        {
            missing.push(m.to_owned());
        }
    }
    // And each part of the vault module, by name.
    for f in files("src/vault") {
        let m = f.file_stem().unwrap().to_string_lossy().into_owned();
        if m != "mod"
            && !docs.contains(&format!("vault::{m}"))
            && !docs.contains(&format!("vault/{m}.rs"))
        {
            missing.push(format!("vault::{m}"));
        }
    }
    assert!(
        missing.is_empty(),
        "the crate docs' code map does not name {missing:?}"
    );
}

#[test]
fn code_comments_cite_nothing_outside_the_repository() {
    // Spelled in two halves so that this file does not cite it itself.
    let absent = ["DESIGN", ".md"].concat();
    assert!(!root().join(&absent).exists());
    let mut citing = Vec::new();
    for dir in ["src", "tests", "benches"] {
        for f in files(dir) {
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            for (i, line) in text.lines().enumerate() {
                if line.contains(&absent) {
                    citing.push(format!(
                        "{}:{}",
                        f.strip_prefix(root()).unwrap().display(),
                        i + 1
                    ));
                }
            }
        }
    }
    assert!(
        citing.is_empty(),
        "cite the crate docs (src/lib.rs) or man/coffer-vault.5 instead: {citing:?}"
    );
}

/// The lines of `rel` that are code, not comments.
fn code_lines(rel: &str) -> Vec<(usize, String)> {
    read(rel)
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect()
}

#[test]
fn the_agent_and_the_vault_call_one_way() {
    // The crate docs' code map: `vault::identity` calls the agent; the agent
    // calls nothing in `vault`, and the signing key both derive lies below
    // them both, in `keys`.
    let mut upward = Vec::new();
    for (file, above) in [
        ("src/agent.rs", ["crate::vault", "super::"]),
        ("src/keys.rs", ["crate::vault", "crate::agent"]),
    ] {
        for (n, line) in code_lines(file) {
            if above.iter().any(|a| line.contains(a)) {
                upward.push(format!("{file}:{n}: {}", line.trim()));
            }
        }
    }
    assert!(upward.is_empty(), "calls upward: {upward:?}");
    let identity = code_lines("src/vault/identity.rs");
    assert!(
        identity.iter().any(|(_, l)| l.contains("crate::agent::")),
        "vault::identity no longer calls the agent: update the crate docs"
    );
}

#[test]
fn the_vault_api_file_keeps_no_phase() {
    // The crate docs' code map: `vault/mod.rs` is the API; each phase of a
    // command is a module of its own beside it.
    let api = read("src/vault/mod.rs");
    for (phase, module) in [
        ("fn open_with(", "open"),
        ("fn replay(", "open"),
        ("fn check_signer(", "trust"),
        ("fn remember(", "anchor"),
        ("fn verify(", "verify"),
        ("fn commit<", "commit"),
        ("fn fold(", "fold"),
    ] {
        assert!(!api.contains(phase), "vault/mod.rs holds `{phase}`");
        let file = format!("src/vault/{module}.rs");
        assert!(
            read(&file).contains(phase),
            "{file} does not hold `{phase}`"
        );
    }
}

/// The source of `src/` outside the comments.
fn code_of(rel: &str) -> String {
    read(rel)
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Audit actions are `model::Action` variants: no code spells one as a
/// string where it writes a row or asks for rows of one (the stored words
/// are written once, in `src/model.rs`).
#[test]
fn no_code_spells_an_audit_action() {
    let mut found = Vec::new();
    for f in files("src") {
        let rel = f
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !rel.ends_with(".rs") || rel == "src/model.rs" {
            continue;
        }
        let code = code_of(&rel);
        for (i, line) in code.lines().enumerate() {
            let spelled = ["Event::secret(\"", "Event::vault(\"", "Event::audit(\""]
                .iter()
                .any(|p| line.contains(p))
                || line.contains("action = '")
                || line.contains("action IN ('")
                || line.contains("action == \"")
                || line.contains("(_, \"")
                || line.contains("(\"vault\", \"");
            if spelled {
                found.push(format!("{rel}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "audit actions spelled as strings:\n{}",
        found.join("\n")
    );
}

/// `error` is the bottom layer: it names no other module of coffer, so no
/// circle runs through it (`output` and `vault::schema` use it, never the
/// reverse).
#[test]
fn error_depends_on_no_other_module() {
    let code = code_of("src/error.rs");
    assert!(
        !code.contains("crate::"),
        "src/error.rs uses another module of coffer"
    );
    for rel in ["src/output.rs", "src/vault/schema.rs"] {
        assert!(
            code_of(rel).contains("crate::error"),
            "{rel} does not use error"
        );
    }
}

/// Secrets with their values are rendered in `output` (the JSON entry, env
/// and dotenv lines), which `secrets:get`, `export` and `import` share; no
/// command takes rendering from another command's module.
#[test]
fn secrets_are_rendered_in_output() {
    let out = code_of("src/output.rs");
    for item in [
        "pub struct Entry",
        "pub fn json_array(",
        "pub fn env_line(",
        "pub fn dotenv_line(",
        "pub fn refuse(",
    ] {
        assert!(out.contains(item), "src/output.rs has no {item}");
    }
    for rel in [
        "src/cmd/secrets/get.rs",
        "src/cmd/exchange/import.rs",
        "src/cmd/exchange/export.rs",
    ] {
        let code = code_of(rel);
        assert!(
            !code.contains("export::") && !code.contains("pub struct Entry"),
            "{rel} renders secrets outside output"
        );
    }
}
