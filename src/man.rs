//! Man pages: `coffer.1` and one page per subcommand, from the clap
//! definitions plus EXAMPLES, ENVIRONMENT, FILES and EXIT STATUS sections;
//! `man/` holds them, and `coffer man --install` writes them (with
//! coffer-vault(5)) where `man` finds them.

use clap_mangen::Man;
use roff::{Roff, bold, roman};

use crate::cli;

/// Every man page as (file name, contents).
pub fn pages() -> Vec<(String, Vec<u8>)> {
    let root = cli::command();
    let mut pages = vec![(
        "coffer.1".to_owned(),
        render(root.clone(), "coffer", "coffer"),
    )];
    for sub in root.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub.get_name().to_owned();
        let page = page_name(&name);
        let full = format!("coffer {name}");
        let cmd = sub.clone().name(page.clone()).bin_name(full);
        pages.push((format!("{page}.1"), render(cmd, &page, &name)));
    }
    pages
}

/// coffer-vault(5), the file formats: written by hand in `man/`.
pub const VAULT_FORMAT_PAGE: (&str, &[u8]) =
    ("coffer-vault.5", include_bytes!("../man/coffer-vault.5"));

/// Every page `coffer man --install` writes: [`pages`] and coffer-vault(5).
pub fn installed_pages() -> Vec<(String, Vec<u8>)> {
    let mut pages = pages();
    let (name, page) = VAULT_FORMAT_PAGE;
    pages.push((name.to_owned(), page.to_vec()));
    pages
}

/// The man page of subcommand `name`: `coffer-secrets-create` for
/// `secrets:create` (a file name, and what references name).
pub fn page_name(name: &str) -> String {
    format!("coffer-{}", name.replace(':', "-"))
}

/// coffer(1)'s list of subcommands, each by the page that describes it
/// (clap_mangen would name `coffer-secrets:create(1)`, which no file is).
fn subcommands_section(cmd: &clap::Command, roff: &mut Roff) {
    roff.control("SH", ["SUBCOMMANDS"]);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        let aliases: Vec<&str> = sub.get_visible_aliases().collect();
        if !aliases.is_empty() {
            about.push_str(&format!(" (alias: {})", aliases.join(", ")));
        }
        roff.control("TP", [])
            .text([bold(page_name(sub.get_name())), roman("(1)")])
            .text([roman(about)]);
    }
}

fn render(cmd: clap::Command, title: &str, examples_key: &str) -> Vec<u8> {
    let cmd = cmd.after_help("").after_long_help("");
    let man = Man::new(cmd.clone())
        .title(title.to_uppercase())
        .section("1")
        .source(format!("coffer {}", env!("CARGO_PKG_VERSION")))
        .manual("coffer manual");
    let mut out = Vec::new();
    man.render_title(&mut out).expect("writing to a Vec");
    man.render_name_section(&mut out).expect("writing to a Vec");
    man.render_synopsis_section(&mut out)
        .expect("writing to a Vec");
    man.render_description_section(&mut out)
        .expect("writing to a Vec");
    man.render_options_section(&mut out)
        .expect("writing to a Vec");
    let mut roff = Roff::new();
    if examples_key == "coffer" {
        subcommands_section(&cmd, &mut roff);
    }
    roff.control("SH", ["EXAMPLES"]);
    for (what, line) in cli::examples(examples_key) {
        roff.control("TP", []).text([roman(*what)]);
        roff.control("RS", []).text([bold(*line)]).control("RE", []);
    }
    if examples_key == "secrets:create"
        || examples_key == "secrets:update"
        || examples_key == "secrets:rotate"
    {
        roff.control("SH", ["SECURITY"]).text([roman(
            "A VALUE given as an argument lands in your shell history and is visible to other \
             users in the process list. Prefer - (read stdin), --from-file, or no value at all \
             for a hidden prompt on a terminal.",
        )]);
    }
    if examples_key == "export" {
        roff.control("SH", ["HISTORY FORMAT"]);
        for paragraph in crate::cmd::exchange::history::FORMAT_DOC {
            roff.control("PP", []).text([roman(*paragraph)]);
        }
    }
    if examples_key == "coffer" {
        roff.control("SH", ["SECURITY"])
            .text([roman(cli::SECURITY)]);
    }
    for (heading, items) in [("ENVIRONMENT", cli::ENVIRONMENT), ("FILES", cli::FILES)] {
        roff.control("SH", [heading]);
        for (k, v) in items {
            roff.control("TP", []).text([bold(*k)]).text([roman(*v)]);
        }
    }
    roff.control("SH", ["EXIT STATUS"]);
    for exit in crate::error::Exit::ALL {
        roff.control("TP", [])
            .text([bold(exit.code().to_string())])
            .text([roman(exit.meaning())]);
    }
    roff.control("SH", ["SEE ALSO"])
        .text([roman("coffer(1), coffer-vault(5), age(1), sqlite3(1)")]);
    roff.to_writer(&mut out).expect("writing to a Vec");
    out
}
