#!/usr/bin/env bash
# Drive bash (with and without bash-completion), zsh and fish through tmux and
# check that `coffer` completions really work, including colon subcommands.
#
# usage: tests/completion-shells.sh path/to/coffer
# Run by tests/it/completion_shells.rs (cargo test).
# needs: tmux bash bash-completion zsh fish   (apt-get install -y tmux bash-completion zsh fish)
# exit status: 0 if every case passed, 1 otherwise.
set -u

BIN=${1:-target/debug/coffer}
TIMEOUT=${COMPLETION_TEST_TIMEOUT:-8}   # seconds to poll each pane

for tool in tmux bash zsh fish; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
[[ -f /usr/share/bash-completion/bash_completion ]] || { echo "missing bash-completion" >&2; exit 2; }
[[ -x $BIN ]] || { echo "no executable at $BIN (cargo build first)" >&2; exit 2; }

WORK=$(mktemp -d)
SOCK=$WORK/tmux.sock
T=(tmux -S "$SOCK" -f /dev/null)
cleanup() { "${T[@]}" kill-server 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/bin" "$WORK/zfunc" "$WORK/zdot" "$WORK/zdot-src" "$WORK/fishcomp" "$WORK/home"
cp "$BIN" "$WORK/bin/coffer"
for sh in bash zsh fish; do
    "$WORK/bin/coffer" completions "$sh" > "$WORK/coffer.$sh" || exit 2
done
cp "$WORK/coffer.zsh" "$WORK/zfunc/_coffer"        # zsh: autoloaded from $fpath
cp "$WORK/coffer.fish" "$WORK/fishcomp/coffer.fish" # fish: autoloaded from $fish_complete_path

# A vault with secrets in the shells' HOME (the default vault), one deleted;
# and a second vault whose identity is protected by a passphrase.
mkdir -p "$WORK/cwd" && : > "$WORK/cwd/zz-a-file"
C=(env -i "HOME=$WORK/home" "PATH=$WORK/bin:/usr/bin:/bin" coffer)
{
    "${C[@]}" init &&
    for n in API_KEY DATABASE_URL prod/db/password staging/db/password staging/api/token OLD_KEY; do
        "${C[@]}" secrets:create "$n" --generate || exit 1
    done &&
    "${C[@]}" secrets:delete OLD_KEY &&
    printf 'correct horse\n' > "$WORK/pass.txt" &&
    "${C[@]}" --vault "$WORK/p.age" --identity "$WORK/p-id.txt" init --passphrase-file "$WORK/pass.txt" &&
    "${C[@]}" --vault "$WORK/p.age" --identity "$WORK/p-id.txt" --passphrase-file "$WORK/pass.txt" \
        secrets:create APPLE --generate
} >/dev/null 2>"$WORK/setup.err" || { echo "cannot make the test vaults:" >&2; cat "$WORK/setup.err" >&2; exit 1; }

# A plain prompt we can recognise; no user or system rc files anywhere.
cat > "$WORK/bashrc-bc" <<RC
PS1='READY> '
source /usr/share/bash-completion/bash_completion
source '$WORK/coffer.bash'
RC
cat > "$WORK/bashrc-plain" <<RC
PS1='READY> '
source '$WORK/coffer.bash'
RC
cat > "$WORK/zdot/.zshrc" <<RC
PS1='READY> '
fpath=('$WORK/zfunc' \$fpath)
autoload -U compinit && compinit -u -D
RC
cat > "$WORK/zdot-src/.zshrc" <<RC
PS1='READY> '
autoload -U compinit && compinit -u -D
source '$WORK/coffer.zsh'
RC
cat > "$WORK/init-autoload.fish" <<RC
set -g fish_greeting ''
set -g fish_autosuggestion_enabled 0
function fish_prompt; printf 'READY> '; end
function fish_right_prompt; end
function fish_title; end
set -p fish_complete_path '$WORK/fishcomp'
RC
cat > "$WORK/init.fish" <<RC
set -g fish_greeting ''
set -g fish_autosuggestion_enabled 0
function fish_prompt; printf 'READY> '; end
function fish_right_prompt; end
function fish_title; end
source '$WORK/coffer.fish'
RC

# A session that lives for the whole run, so that killing a test session never
# leaves the server without sessions (it would exit, racing the next new-session).
"${T[@]}" new-session -d -s keep -x 80 -y 10 "exec sleep 100000" || { echo "tmux cannot start" >&2; exit 2; }

ENV=(env -i "HOME=$WORK/home" "TERM=screen" "LANG=C.UTF-8" "PATH=$WORK/bin:/usr/local/bin:/usr/bin:/bin")
shell_cmd() {
    case $1 in
        bash)       printf '%q ' "${ENV[@]}" bash --noprofile --rcfile "$WORK/bashrc-bc" -i ;;
        bash-plain) printf '%q ' "${ENV[@]}" bash --noprofile --rcfile "$WORK/bashrc-plain" -i ;;
        zsh)        printf '%q ' "${ENV[@]}" "ZDOTDIR=$WORK/zdot" zsh -d -i ;;
        zsh-source) printf '%q ' "${ENV[@]}" "ZDOTDIR=$WORK/zdot-src" zsh -d -i ;;
        fish)       printf '%q ' "${ENV[@]}" fish --no-config -C "source $WORK/init.fish" ;;
        fish-autoload) printf '%q ' "${ENV[@]}" fish --no-config -C "source $WORK/init-autoload.fish" ;;
    esac
}

# poll the pane until grep -E "$2" matches, for up to $3 seconds
wait_for() {
    local deadline=$((SECONDS + $3))
    while ((SECONDS <= deadline)); do
        "${T[@]}" capture-pane -p -t t > "$WORK/pane" 2>/dev/null
        grep -Eq -- "$2" "$WORK/pane" && return 0
        sleep 0.1
    done
    return 1
}

PASS=0 FAIL=0
# check SHELL DESCRIPTION EXPECTED-REGEX KEY...
#   KEY is either Tab (sent as the Tab key) or literal text.
check() {
    local shell=$1 desc=$2 expect=$3; shift 3
    local try started=
    for try in 1 2 3; do
        "${T[@]}" kill-session -t t 2>/dev/null
        "${T[@]}" new-session -d -s t -x 200 -y 50 -c "$WORK/cwd" "$(shell_cmd "$shell")" &&
            wait_for t '^READY>' 15 && { started=1; break; }
    done
    if [[ -z $started ]]; then
        echo "FAIL [$shell] $desc: shell never showed its prompt"; cat "$WORK/pane"
        FAIL=$((FAIL + 1)); return
    fi
    local k
    for k in "$@"; do
        if [[ $k == Tab ]]; then "${T[@]}" send-keys -t t Tab
        else "${T[@]}" send-keys -t t -l -- "$k"; fi
    done
    if wait_for t "$expect" "$TIMEOUT"; then
        echo "PASS [$shell] $desc"
        [[ -n ${COMPLETION_TEST_VERBOSE:-} ]] && grep -v '^$' "$WORK/pane" | sed 's/^/    | /'
        PASS=$((PASS + 1))
    else
        echo "FAIL [$shell] $desc: no line matching /$expect/ in pane:"
        grep -v '^$' "$WORK/pane" | sed 's/^/    | /'
        FAIL=$((FAIL + 1))
    fi
    "${T[@]}" kill-session -t t 2>/dev/null
}

# The trailing "X" typed after Tab proves a completion ended with a space
# (a finished word) or not (e.g. stopped at "secrets:").
for sh in ${COMPLETION_TEST_SHELLS:-bash bash-plain zsh fish-autoload}; do
    check $sh 'secrets:cr -> secrets:create'   '^READY> coffer secrets:create X$'          'coffer secrets:cr' Tab X
    check $sh 'audit:l -> audit:logs'           '^READY> coffer audit:logs X$'              'coffer audit:l' Tab X
    # zsh inserts `--tags=` (clap emits `--tags=[...]` specs: value may follow `=`)
    check $sh 'secrets:create --ta -> --tags'   '^READY> coffer secrets:create --tags[ =]X$'   'coffer secrets:create --ta' Tab X
    check $sh 'secrets:get foo --fo -> --format' '^READY> coffer secrets:get foo --format[ =]X$' 'coffer secrets:get foo --fo' Tab X
    check $sh 'secrets:get --fo -> --format' '^READY> coffer secrets:get --format[ =]X$' 'coffer secrets:get --fo' Tab X
    check $sh 'secrets:delete a --he -> --help' '^READY> coffer secrets:delete a --help X$' 'coffer secrets:delete a --he' Tab X
    check $sh 'secrets:get --format j -> json'  '^READY> coffer secrets:get foo --format json X$' 'coffer secrets:get foo --format j' Tab X
    check $sh 'secrets:create --type a -> api_key' '^READY> coffer secrets:create --type api_key X$' 'coffer secrets:create --type a' Tab X
    check $sh 'init --v -> --vault'             '^READY> coffer init --vault[ =]X$'            'coffer init --v' Tab X
    # secret names, from the vault, wherever a command takes one
    check $sh 'secrets:get AP -> API_KEY'       '^READY> coffer secrets:get API_KEY X$'       'coffer secrets:get AP' Tab X
    check $sh 'get (alias) pr -> prod/db/password' '^READY> coffer get prod/db/password X$'  'coffer get pr' Tab X
    check $sh 'secrets:get prod/ -> prod/db/password' '^READY> coffer secrets:get prod/db/password X$' 'coffer secrets:get prod/' Tab X
    check $sh 'rotate sta -> staging/ (no space)' '^READY> coffer secrets:rotate staging/X$'  'coffer secrets:rotate sta' Tab X
    check $sh 'delete A D -> DATABASE_URL'      '^READY> coffer secrets:delete API_KEY DATABASE_URL X$' 'coffer secrets:delete API_KEY D' Tab X
    check $sh 'restore -> the deleted OLD_KEY'  '^READY> coffer secrets:restore OLD_KEY X$'   'coffer secrets:restore ' Tab X
    check $sh 'audit:logs --secret AP -> API_KEY' '^READY> coffer audit:logs --secret API_KEY X$' 'coffer audit:logs --secret AP' Tab X
    check $sh 'get (alias) foo --fo -> --format' '^READY> coffer get foo --format[ =]X$'    'coffer get foo --fo' Tab X
    check $sh 'upd (alias) D -> DATABASE_URL'   '^READY> coffer update DATABASE_URL X$'       'coffer update D' Tab X
    check $sh 'secrets:get zz: no file names'   '^READY> coffer secrets:get zzX$'             'coffer secrets:get zz' Tab X
    check $sh 'protected identity: no names, no prompt' "^READY> coffer --vault $WORK/p.age --identity $WORK/p-id.txt secrets:get APX\$" \
        "coffer --vault $WORK/p.age --identity $WORK/p-id.txt secrets:get AP" Tab X
    check $sh '--passphrase-file: names'        "^READY> coffer --vault $WORK/p.age --identity $WORK/p-id.txt --passphrase-file $WORK/pass.txt get APPLE X\$" \
        "coffer --vault $WORK/p.age --identity $WORK/p-id.txt --passphrase-file $WORK/pass.txt get AP" Tab X
    case $sh in
    bash*)
        # ambiguous: insert the common prefix, then list the candidates on a 2nd Tab
        check $sh 'sec -> secrets: (no space)'  '^READY> coffer secrets:X$'                 'coffer sec' Tab X
        check $sh 'secrets:<Tab><Tab> lists'    'create +get +list +update +versions'     'coffer secrets:' Tab Tab
        check $sh 'secrets:get --format lists'  'raw +json +env'                            'coffer secrets:get foo --format ' Tab Tab
        check $sh 'secrets:g completes after list' '^READY> coffer secrets:get X$'          'coffer secrets:' Tab Tab g Tab X
        check $sh 'secrets:get <Tab><Tab> lists names' 'API_KEY +DATABASE_URL +prod/ +staging/' 'coffer secrets:get ' Tab Tab
        check $sh 'the aliases are listed'        ' ls +'                                  'coffer ' Tab Tab
        ;;
    zsh*)
        check $sh 'sec -> secrets: (no space)'  '^READY> coffer secrets:X$'                 'coffer sec' Tab X
        # 1st Tab inserts the common prefix `secrets:`, the 2nd lists the candidates
        check $sh 'sec<Tab><Tab> lists with descriptions' 'secrets:create +-- Create a secret'  'coffer sec' Tab Tab
        check $sh '--type<Tab> lists values'    'api_key +certificate +generic +password +ssh_key'                         'coffer secrets:create --type ' Tab
        check $sh 'secrets:get <Tab> lists names' 'API_KEY +DATABASE_URL +prod/ +staging/'      'coffer secrets:get ' Tab
        ;;
    fish*)
        # fish completes the unique common prefix and opens the pager
        check $sh 'sec -> secrets: (no space)'  '^READY> coffer secrets:X$'                 'coffer sec' Tab X
        check $sh 'sec<Tab> pager shows commands' 'secrets:create +\(Create a secret'     'coffer sec' Tab
        # The pager lays values out in columns: dotenv and json share a row.
        check $sh '--format<Tab> lists values'  '^dotenv .*\(.*json +\(' 'coffer secrets:get foo --format ' Tab
        check $sh 'secrets:get <Tab> lists names' 'API_KEY +DATABASE_URL +prod/ +staging/'      'coffer secrets:get ' Tab
        ;;
    esac
done

echo "passed $PASS, failed $FAIL"
((FAIL == 0))
