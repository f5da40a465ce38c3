//! Shell completion scripts: clap_complete's static scripts, adjusted so that
//! colon subcommands (`secrets:create`) complete in bash and zsh, which treat
//! `:` specially (fish needs no change), and so that every secret name a
//! command takes completes from the vault: at a name, each script runs
//! `coffer __complete-names` with the words typed so far on its stdin
//! ([`names`]; not in its arguments, where other users could read a value
//! typed on the line) and offers what it prints.
//!
//! Every rewrite checks that the text it expects from clap_complete is there
//! and panics otherwise, so a clap_complete upgrade that changes the generated
//! text fails loudly (the unit tests run each fix on freshly generated
//! scripts, and tests/it/completion_shells.rs drives the real shells).

use std::collections::BTreeSet;

use clap_complete::Shell;

pub mod names;

/// The completion script for `shell`, as `coffer completions SHELL` prints it.
pub fn script(shell: Shell) -> String {
    let mut cmd = crate::cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "coffer", &mut buf);
    let text = String::from_utf8(buf).expect("clap_complete writes UTF-8");
    match shell {
        Shell::Bash => fix_bash(&text),
        Shell::Zsh => zsh_names(&fix_zsh(&text), &cmd),
        Shell::Fish => fish_names(&text, &cmd),
        _ => text,
    }
}

/// bash: ':' is in COMP_WORDBREAKS, so `coffer secrets:cr` reaches the generated
/// function as the words `coffer secrets : cr`. Rename the generated function and
/// wrap it: re-join the words split at ':' (bash-completion's
/// `_get_comp_words_by_ref -n :` when it is loaded, a small fallback otherwise),
/// call the generated function with COMP_WORDS/COMP_CWORD rebuilt, then strip the
/// `prefix:` part from COMPREPLY, because readline only replaces the text after
/// the last ':'.
fn fix_bash(script: &str) -> String {
    // The registration line names both the function and the command:
    //     complete -F _coffer -o nosort -o bashdefault -o default coffer
    let complete_line = script
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("complete -F "))
        .expect("fix_bash: no `complete -F` line in clap_complete's bash script");
    let mut toks = complete_line.split_whitespace();
    let func = toks
        .nth(2)
        .expect("fix_bash: no function name after `complete -F`");
    let bin = complete_line.split_whitespace().last().unwrap();
    assert!(
        func.starts_with('_') && !func.contains(['"', '\'', '$', '`', '\\']),
        "fix_bash: unexpected completion function name {func:?}"
    );

    let def = format!("{func}() {{\n");
    let def_at = if script.starts_with(&def) {
        0
    } else {
        let found: Vec<_> = script.match_indices(&format!("\n{def}")).collect();
        assert!(
            found.len() == 1,
            "fix_bash: expected exactly one definition `{func}() {{` in the bash script, found {}",
            found.len()
        );
        found[0].0 + 1
    };
    // The generated function must read cur/prev/words from what we hand it.
    for needle in [
        "cur=\"$2\"",
        "prev=\"$3\"",
        "\"${COMP_WORDS[@]:0:COMP_CWORD}\"",
        "${COMP_CWORD}",
    ] {
        assert!(
            script.contains(needle),
            "fix_bash: clap_complete's bash script no longer contains {needle:?}; re-check the colon wrapper"
        );
    }

    let inner = format!("{func}__clap_generated");
    let fallback = format!("{func}__words_fallback");
    let mut out = String::with_capacity(script.len() + 2048);
    out.push_str(&script[..def_at]);
    out.push_str(&inner);
    out.push_str(&script[def_at + func.len()..]);

    let wrapper = r#"
# --- added by __BIN__: secret names, and subcommand names containing ':' ------
# bash splits words at ':' (it is in COMP_WORDBREAKS). Re-join them, run the
# clap-generated function on the re-joined words, then drop the "prefix:" part
# of each candidate since readline only replaces the text after the last ':'.

# Fallback for when bash-completion is not loaded: sets words, cword, cur, prev.
__FALLBACK__() {
    local i w blank colon=0 j=-1 line=$COMP_LINE
    words=() cword=0
    for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
        w=${COMP_WORDS[i]}
        blank=0
        [[ $line == [[:blank:]]* ]] && blank=1
        line=${line#"${line%%[![:blank:]]*}"}
        line=${line#"$w"}
        # glue a run of ':' and the word after it onto the previous word when
        # no blank separates them in the command line (never onto the command)
        if ((j >= 1 && !blank)) && [[ $COMP_WORDBREAKS == *:* ]] &&
            { [[ -n $w && -z ${w//:/} ]] || ((colon)); }; then
            words[j]+=$w
        else
            j=$((j + 1))
            words[j]=$w
        fi
        colon=0
        [[ -n $w && -z ${w//:/} ]] && colon=1
        ((i == COMP_CWORD)) && cword=$j
    done
    cur=${words[cword]}
    if ((COMP_POINT < ${#COMP_LINE})); then
        # cursor inside the line: only the part left of the cursor counts
        local left=${COMP_LINE:0:COMP_POINT}
        cur=${left##*[[:blank:]]}
    fi
    prev=
    ((cword > 0)) && prev=${words[cword - 1]}
    return 0
}

__FUNC__() {
    local cur prev words cword
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        _get_comp_words_by_ref -n : cur prev words cword
    else
        __FALLBACK__
    fi
    local COMP_WORDS=("${words[@]}") COMP_CWORD=$cword
    __INNER__ "$1" "$cur" "$prev"
    local ret=$?
    # A secret name? `coffer __complete-names` says so (exit 0) and prints
    # the candidates; it never prompts and prints no error.
    if [[ $cur != -* ]]; then
        local names line
        if names=$(printf '%s\0' "${words[@]:0:cword}" "$cur" |
            command "$1" __complete-names 2>/dev/null); then
            COMPREPLY=()
            while IFS= read -r line; do
                [[ -n $line ]] && COMPREPLY+=("$line")
            done <<<"$names"
            # no file names when there is no secret name to offer
            compopt +o default +o bashdefault 2>/dev/null
            # a folder (`prod/db/`) goes on with its next part
            if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == */ ]]; then
                compopt -o nospace 2>/dev/null
            fi
            ret=0
        fi
    fi
    if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
        local colon_word=${cur%"${cur##*:}"} i=${#COMPREPLY[@]}
        while ((i-- > 0)); do
            COMPREPLY[i]=${COMPREPLY[i]#"$colon_word"}
        done
    fi
    return $ret
}
# --- end of secret names and colon handling ------------------------------------
"#
    .replace("__BIN__", bin)
    .replace("__FALLBACK__", &fallback)
    .replace("__FUNC__", func)
    .replace("__INNER__", &inner);

    // Insert the wrapper just before the `complete` registration (the
    // `if [[ "${BASH_VERSINFO[0]}" ...` block at the end of the script).
    let reg = "\nif [[ \"${BASH_VERSINFO[0]}\" -eq 4";
    let reg_at = out
        .rfind(reg)
        .expect("fix_bash: registration block `if [[ \"${BASH_VERSINFO[0]}\" -eq 4 ...` not found");
    out.insert_str(reg_at + 1, &wrapper[1..]);

    // `_coffer` must now exist exactly once as a definition (the wrapper) and the
    // registration must still point at it.
    assert_eq!(out.matches(&format!("\n{func}() {{\n")).count(), 1);
    assert!(out.contains(&format!("complete -F {func} ")));
    out
}

/// zsh: `_describe` splits each `name:description` entry at the first unescaped
/// ':', so `'secrets:create:Create a secret'` offers a command `secrets`.
/// Escape the ':' inside command names (`'secrets\:create:Create a secret'`).
/// The names are taken from the generated `case $line[1] in (name|alias)` arms.
fn fix_zsh(script: &str) -> String {
    assert!(
        script.contains("_describe -t commands "),
        "fix_zsh: clap_complete's zsh script no longer uses `_describe -t commands`"
    );
    // Collect subcommand names (and aliases) from case arms such as `(secrets:create)`.
    let mut names: Vec<&str> = Vec::new();
    for line in script.lines() {
        let l = line.trim();
        if let Some(arm) = l.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            for name in arm.split('|') {
                if name.contains(':') && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    // Longest first so that `a:b:c` is handled before `a:b`.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));

    let mut out = String::with_capacity(script.len() + 64);
    let mut in_commands = false;
    let mut escaped = vec![0usize; names.len()];
    for line in script.split_inclusive('\n') {
        let l = line.trim_end();
        if l.ends_with("local commands; commands=(") {
            in_commands = true;
        } else if in_commands && l.trim() == ")" {
            in_commands = false;
        } else if in_commands {
            // entries look like:  'secrets:create:Create a secret' \
            if let Some((i, name)) = names
                .iter()
                .enumerate()
                .find(|(_, n)| l.starts_with(&format!("'{n}:")))
            {
                let esc = name.replace(':', "\\:");
                out.push('\'');
                out.push_str(&esc);
                out.push_str(&line[1 + name.len()..]);
                escaped[i] += 1;
                continue;
            }
        }
        out.push_str(line);
    }
    // A repeated positional (`secrets:get NAME...`) comes as `'*::name...'`;
    // with two colons zsh stops offering options after the first name
    // (`coffer secrets:get A --fo<TAB>`). One colon keeps them.
    let out = out.replace("\n'*::", "\n'*:");
    for (name, n) in names.iter().zip(&escaped) {
        let already = script.contains(&format!("'{}:", name.replace(':', "\\:")));
        assert!(
            *n > 0 || already,
            "fix_zsh: subcommand {name:?} not found in any `commands=(...)` list of the zsh script"
        );
    }
    out
}

/// The zsh function that offers secret names: it hands the words typed so
/// far (kept by `_coffer` before `_arguments` narrows `words`) and the word
/// under the cursor to `coffer __complete-names` (on its stdin). A folder (`prod/db/`)
/// gets no space after it.
const ZSH_NAMES: &str = r#"
(( $+functions[_coffer__secret_names] )) ||
_coffer__secret_names() {
    local -a typed found
    typed=("${(@Q)_coffer_words[1,_coffer_current-1]}")
    # `--secret=pr`: zsh moved `--secret=` into IPREFIX
    [[ $IPREFIX == --*= ]] && typed+=("${IPREFIX%=}")
    typed+=("${(Q)PREFIX}")
    found=("${(@f)$(print -rN -- "${typed[@]}" | command ${typed[1]} __complete-names 2>/dev/null)}")
    found=(${found:#})
    compadd -S '' -- ${(M)found:#*/}
    compadd -- ${found:#*/}
}
"#;

/// zsh: name arguments get [`ZSH_NAMES`] as their action instead of
/// `_default` (files). They are found from the command tree (each
/// argument whose values are [`crate::model::Name`]s), as `':name -- ...'`
/// and `'*:names -- ...'` for positionals and `'--secret=[...]'` for options.
fn zsh_names(script: &str, cmd: &clap::Command) -> String {
    let entry = "_coffer() {\n";
    assert!(
        script.starts_with(&format!(
            "#compdef coffer\n\nautoload -U is-at-least\n\n{entry}"
        )),
        "zsh_names: clap_complete's zsh script no longer starts with `{entry}`"
    );
    let mut starts: BTreeSet<String> = BTreeSet::new();
    for sub in cmd.get_subcommands() {
        for arg in sub.get_arguments().filter(|a| names::is_name(a)) {
            match arg.get_long() {
                Some(long) => {
                    starts.insert(format!("'--{long}=["));
                }
                None => {
                    // `:id` required, `::id` optional (secrets:rotate's
                    // NAME, optional with --due), `*:id` repeated.
                    starts.insert(format!("':{}", arg.get_id()));
                    starts.insert(format!("'::{}", arg.get_id()));
                    starts.insert(format!("'*:{}", arg.get_id()));
                }
            }
        }
    }
    let mut out = String::with_capacity(script.len() + 1024);
    let mut patched = 0;
    for line in script.split_inclusive('\n') {
        if starts.iter().any(|s| line.starts_with(s.as_str()))
            && let Some(head) = line.strip_suffix(":_default' \\\n")
        {
            out.push_str(head);
            out.push_str(":_coffer__secret_names' \\\n");
            patched += 1;
            continue;
        }
        out.push_str(line);
        if line == entry {
            // Kept for _coffer__secret_names: _arguments narrows `words`.
            out.push_str("    local -a _coffer_words=(\"${words[@]}\")\n");
            out.push_str("    local _coffer_current=$CURRENT\n");
        }
    }
    assert!(
        patched > 0,
        "zsh_names: no name argument with a `:_default' action found in the zsh script"
    );
    let trailer = "\nif [ \"$funcstack[1]\" = \"_coffer\" ]; then";
    let at = out
        .rfind(trailer)
        .expect("zsh_names: the `if [ \"$funcstack[1]\" = \"_coffer\" ]` trailer is gone");
    out.insert_str(at, ZSH_NAMES.trim_end());
    out
}

/// fish: one more completion, offered where `coffer __complete-names`
/// says a secret name is due (its exit status), with no files then.
const FISH_NAMES: &str = r#"
# Secret names, wherever a command takes one: `coffer __complete-names` exits
# 0 at a name and prints the candidates (it never prompts, prints no error).
function __fish_coffer_secret_names
    set -l tokens (commandline -opc) (commandline -ct)
    set -g __fish_coffer_names (printf '%s\n' $tokens | command $tokens[1] __complete-names 2>/dev/null)
end
complete -c coffer -f -n '__fish_coffer_secret_names' -a '(printf "%s\n" $__fish_coffer_names)'
"#;

/// fish: secret names ([`FISH_NAMES`]), also as the value of an option
/// that takes one (`audit:logs --secret`: fish completes an option's value
/// from that option's own entry only), and the aliases (`get`) known to the
/// subcommand test, so their flags complete too.
fn fish_names(script: &str, cmd: &clap::Command) -> String {
    let using = "    contains -- $cmd[1] $argv\n";
    assert!(
        script.contains("function __fish_coffer_using_subcommand") && script.contains(using),
        "fish_names: clap_complete's fish script changed (__fish_coffer_using_subcommand)"
    );
    let mut aliases = String::new();
    for sub in cmd.get_subcommands() {
        for alias in sub.get_visible_aliases() {
            aliases.push_str(&format!(
                "        case {alias}\n            set cmd[1] {}\n",
                sub.get_name()
            ));
        }
    }
    let mut out = script.replacen(
        using,
        &format!("    switch $cmd[1]\n{aliases}    end\n{using}"),
        1,
    );
    let mut patched = 0;
    for sub in cmd.get_subcommands() {
        for arg in sub.get_arguments().filter(|a| names::is_name(a)) {
            let Some(long) = arg.get_long() else { continue };
            let head = format!(
                "complete -c coffer -n \"__fish_coffer_using_subcommand {}\" -l {long} ",
                sub.get_name()
            );
            let Some(at) = out.find(&head) else { continue };
            let end = at + out[at..].find('\n').unwrap_or(out.len() - at);
            out.insert_str(
                end,
                " -f -a '(__fish_coffer_secret_names; and printf \"%s\\n\" $__fish_coffer_names)'",
            );
            patched += 1;
        }
    }
    assert!(
        patched > 0,
        "fish_names: no option taking a secret name found"
    );
    format!("{out}{}", &FISH_NAMES[1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generated(shell: Shell) -> String {
        let mut cmd = crate::cli::command();
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd, "coffer", &mut buf);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn bash_wrapper_is_installed() {
        let s = fix_bash(&generated(Shell::Bash));
        assert!(s.starts_with("_coffer__clap_generated() {\n"));
        assert!(s.contains("_get_comp_words_by_ref -n : cur prev words cword"));
        assert!(s.contains("_coffer__clap_generated \"$1\" \"$cur\" \"$prev\""));
        assert!(s.contains("complete -F _coffer -o nosort"));
    }

    #[test]
    fn bash_script_parses() {
        let s = script(Shell::Bash);
        if let Ok(st) = std::process::Command::new("bash")
            .args(["-n", "-c", &s])
            .status()
        {
            assert!(st.success(), "bash -n rejected the script");
        }
    }

    #[test]
    fn zsh_colons_are_escaped() {
        let s = fix_zsh(&generated(Shell::Zsh));
        assert!(s.contains(r"'secrets\:create:Create a secret"));
        assert!(s.contains(r"'audit\:logs:Show the audit log'"));
        assert!(!s.contains("'secrets:create:"));
        assert_eq!(fix_zsh(&s), s, "escaping twice changes nothing");
    }

    #[test]
    #[should_panic(expected = "fix_bash")]
    fn bash_fix_fails_loudly_on_unknown_text() {
        fix_bash("something else entirely\n");
    }

    #[test]
    #[should_panic(expected = "fix_zsh")]
    fn zsh_fix_fails_loudly_on_unknown_text() {
        fix_zsh("#compdef coffer\n(secrets:create)\n_describe -t commands x commands\n");
    }
}
