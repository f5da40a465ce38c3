//! The README stays true: its tour ("## A tour", up to the next `## `
//! heading) runs top to bottom with `bash -e` in a fresh home folder, with
//! the freshly built `coffer` first on PATH, and the completion it installs
//! loads in bash. Every `coffer-…(N)` page a man page refers to exists.

use std::path::Path;
use std::process::{Command, Stdio};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The `sh` code blocks of the README section headed `heading`.
fn code_blocks(readme: &str, heading: &str) -> Vec<String> {
    let start = readme
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README.md has no `{heading}` section"));
    let section = &readme[start + heading.len() + 2..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut blocks = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        if line.trim_start() == "```sh" {
            let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
            blocks.push(block.join("\n"));
        }
    }
    blocks
}

#[test]
fn the_tour_runs_top_to_bottom_in_a_fresh_home() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let blocks = code_blocks(&readme, "## A tour");
    assert!(!blocks.is_empty(), "the tour has no ```sh block");
    let script = blocks.join("\n");
    assert!(
        script.lines().filter(|l| l.starts_with("coffer ")).count() > 30,
        "the tour lost its commands:\n{script}"
    );

    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let work = dir.path().join("work");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_coffer")).parent().unwrap();
    let mut path = std::ffi::OsString::from(bin);
    path.push(":/usr/local/bin:/usr/bin:/bin");
    let bash = |script: &str| {
        Command::new("bash")
            .args(["-e", "-o", "pipefail", "-c", script])
            .env_clear()
            .env("HOME", &home)
            .env("USER", "tester")
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .current_dir(&work)
            .stdin(Stdio::null())
            .output()
            .expect("run bash")
    };
    let out = bash(&format!("set -x\n{script}"));
    assert!(
        out.status.success(),
        "the README's tour failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("connecting as app"), "{stdout}");
    assert!(stdout.contains("prod/db/password"), "{stdout}");

    // The vault it left behind verifies, and the completion it installed
    // loads and completes.
    let out = bash(
        "coffer audit:verify\n\
         source ~/.local/share/bash-completion/completions/coffer\n\
         complete -p coffer\n\
         coffer __complete-names -- coffer get prod/",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("-F _coffer coffer"), "{stdout}");
    assert!(stdout.ends_with("prod/db/password\n"), "{stdout}");
}

/// Each `coffer-…(N)` reference in a man page, `\-` and font changes
/// undone.
fn references(roff: &str) -> Vec<(String, String)> {
    let text = roff
        .replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fI", "")
        .replace("\\fR", "")
        .replace("\\fP", "");
    let mut found = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("coffer-") {
        let word = &rest[at..];
        let end = word
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-_:.".contains(c)))
            .unwrap_or(word.len());
        let (page, after) = word.split_at(end);
        if let Some(section) = after
            .strip_prefix('(')
            .and_then(|a| a.split_once(')'))
            .map(|(s, _)| s)
            .filter(|s| s.len() == 1 && s.chars().all(|c| c.is_ascii_digit()))
        {
            found.push((page.to_owned(), section.to_owned()));
        }
        rest = &rest[at + 7..];
    }
    found
}

#[test]
fn every_man_page_reference_names_a_page_that_exists() {
    let dir = Path::new(ROOT).join("man");
    let mut checked = 0;
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let roff = std::fs::read_to_string(entry.path()).unwrap();
        for (page, section) in references(&roff) {
            checked += 1;
            if !dir.join(format!("{page}.{section}")).is_file() {
                missing.push(format!("{file}: {page}({section})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "man pages refer to pages that do not exist:\n{}",
        missing.join("\n")
    );
    // coffer(1) names every subcommand's page, and each page coffer-vault(5).
    assert!(checked >= 2 * (coffer::man::pages().len() - 1), "{checked}");
}

#[test]
fn references_are_found_in_roff() {
    assert_eq!(
        references("see \\fBcoffer\\-secrets\\-get\\fR(1), coffer\\-vault(5) and coffer-x:y(1)."),
        [
            ("coffer-secrets-get".to_owned(), "1".to_owned()),
            ("coffer-vault".to_owned(), "5".to_owned()),
            ("coffer-x:y".to_owned(), "1".to_owned()),
        ]
    );
}
