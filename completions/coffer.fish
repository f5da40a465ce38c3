# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_coffer_global_optspecs
    string join \n vault= identity= passphrase-file= lock-timeout= expect= read-only h/help V/version
end

function __fish_coffer_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_coffer_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_coffer_using_subcommand
    set -l cmd (__fish_coffer_needs_command)
    test -z "$cmd"
    and return 1
    switch $cmd[1]
        case create
            set cmd[1] secrets:create
        case get
            set cmd[1] secrets:get
        case ls
            set cmd[1] secrets:list
        case update
            set cmd[1] secrets:update
    end
    contains -- $cmd[1] $argv
end

complete -c coffer -n "__fish_coffer_needs_command" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_needs_command" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_needs_command" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_needs_command" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_needs_command" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_needs_command" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_needs_command" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_needs_command" -s V -l version -d 'Print version'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "init" -d 'Create an identity (if needed) and a new, empty vault'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "status" -d 'Show the vault\'s path, id, size and counts'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:create" -d 'Create a secret (version 1)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "create" -d 'Create a secret (version 1)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:get" -d 'Print a secret\'s value (or several, as a batch)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "get" -d 'Print a secret\'s value (or several, as a batch)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:list" -d 'List secrets (names and facts, never values)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "ls" -d 'List secrets (names and facts, never values)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:update" -d 'Change a secret: a new value makes a new version; facts change in place'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "update" -d 'Change a secret: a new value makes a new version; facts change in place'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:versions" -d 'List a secret\'s versions'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:diff" -d 'Compare two versions of a secret'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:rollback" -d 'Make a new version carrying an earlier version\'s value'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:resolve" -d 'End a secret\'s conflict after a merge: version N\'s value becomes current'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:rotate" -d 'Replace a secret\'s value with a new one (a version of kind rotate)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:delete" -d 'Delete secrets (soft: versions are kept and restore brings them back)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:restore" -d 'Bring back a deleted secret'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:disable" -d 'Refuse reads of a secret until it is enabled again'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:enable" -d 'Allow reads of a disabled secret again'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:rename" -d 'Give a secret a new name, keeping its versions, tags, metadata and state'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:search" -d 'Find secrets whose name, tags, metadata or description hold TEXT'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "secrets:destroy" -d 'Erase a leaked version\'s value for good, keeping its fingerprint'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "audit:logs" -d 'Show the audit log'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "audit:verify" -d 'Check every link of the audit chain, and its length against kept heads'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "audit:checkpoint" -d 'Print the audit log\'s verified head (SEQ:HASH) to keep outside the vault'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "audit:acknowledge" -d 'Record a verify failure you have looked into, so writes can go on'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "audit:hash" -d 'Print a value\'s fingerprint, to find the audit rows that touched it'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "vault:trust" -d 'Trust a signing key as a writer of this vault, on this machine'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "vault:compact" -d 'Fold the journal into a new checkpoint now'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "vault:textconv" -d 'Show a vault file as text for `git diff`: names, versions, tags, never values'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "vault:merge-driver" -d 'Git\'s merge driver for vault.age: keep the checkpoint that folded in more'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "sync" -d 'Share the vault through git: commit its changes, pull, push'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "sync:policy" -d 'Show or set which version is current after two clones changed a secret at once'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "scan" -d 'Find where the vault\'s current values appear verbatim in files'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "run" -d 'Run a program with secrets in its environment'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "inject" -d 'Fill a template\'s {{ NAME }} placeholders with secret values'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "export" -d 'Print secrets with their values, for another tool or a backup (--history)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "import" -d 'Add secrets from a dotenv or JSON file, or from a pass or passage store'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "unlock" -d 'Keep a passphrase-protected identity unlocked for a while (an agent)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "lock" -d 'Forget the unlocked identity now (the agent exits)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "agent:serve" -d 'The agent itself (started by `unlock`; not for direct use)'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "man" -d 'Print coffer\'s man page, or install every page where `man` finds it'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "check" -d 'Report secrets that need care, for cron and CI'
complete -c coffer -n "__fish_coffer_using_subcommand init" -l name -d 'A name for the vault, shown by `status`' -r
complete -c coffer -n "__fish_coffer_using_subcommand init" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand init" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand init" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand init" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand init" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand init" -l armor -d 'Write the vault as ASCII-armored age (friendlier to git and email)'
complete -c coffer -n "__fish_coffer_using_subcommand init" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand init" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand status" -l format -r -f -a "table\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand status" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand status" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand status" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand status" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand status" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand status" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand status" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l from-file -d 'Read the value from FILE, byte for byte' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l length -d 'Length of a generated value, in characters [default: 32]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l charset -d 'Draw generated characters from CHARS: a set (alnum, the default; alpha, lower, upper, digits, hex, base32) or the characters themselves (at least two different ones)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l words -d 'Generate a passphrase of N words [default: 6, 77 bits] from EFF\'s long word list (7,776 words, 12.9 bits each)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l separator -d 'What joins the words of a passphrase [default: -]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l type -d 'What kind of secret this is' -r -f -a "password\t''
api_key\t''
certificate\t''
ssh_key\t''
generic\t''"
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l description -d 'A description' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l tags -d 'Tags, comma separated' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l metadata -d 'Metadata as KEY=VALUE (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l expires-in -d 'Expire this long from now (e.g. 90d, 12h, 2w)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l expires-at -d 'Expire at TIME (2027-01-31, \'2027-01-31 12:00\' UTC, or RFC 3339)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l activates-at -d 'Refuse reads until TIME' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l rotate-every -d 'Rotate the value every DURATION (e.g. 30d, 12w): the next rotation date is the last change of the value plus DURATION. `secrets:list --due`, `coffer check` and `secrets:rotate --due` find what is due' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l notify-before -d 'Count the secret as due this long before its rotation date; shorter than the period [default: due on the date]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l generate -d 'Generate a random value from the OS\'s generator: 32 letters and digits (190 bits) unless --length, --charset, --symbols or --words say otherwise. Each character adds log2(set size) bits: 5.95 for letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l symbols -d 'Add ASCII punctuation to the generated characters (no quotes, backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l no-confirm -d 'At the hidden prompt, ask for the value once instead of twice'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand create" -l from-file -d 'Read the value from FILE, byte for byte' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand create" -l length -d 'Length of a generated value, in characters [default: 32]' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l charset -d 'Draw generated characters from CHARS: a set (alnum, the default; alpha, lower, upper, digits, hex, base32) or the characters themselves (at least two different ones)' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l words -d 'Generate a passphrase of N words [default: 6, 77 bits] from EFF\'s long word list (7,776 words, 12.9 bits each)' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l separator -d 'What joins the words of a passphrase [default: -]' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l type -d 'What kind of secret this is' -r -f -a "password\t''
api_key\t''
certificate\t''
ssh_key\t''
generic\t''"
complete -c coffer -n "__fish_coffer_using_subcommand create" -l description -d 'A description' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l tags -d 'Tags, comma separated' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l metadata -d 'Metadata as KEY=VALUE (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l expires-in -d 'Expire this long from now (e.g. 90d, 12h, 2w)' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l expires-at -d 'Expire at TIME (2027-01-31, \'2027-01-31 12:00\' UTC, or RFC 3339)' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l activates-at -d 'Refuse reads until TIME' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l rotate-every -d 'Rotate the value every DURATION (e.g. 30d, 12w): the next rotation date is the last change of the value plus DURATION. `secrets:list --due`, `coffer check` and `secrets:rotate --due` find what is due' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l notify-before -d 'Count the secret as due this long before its rotation date; shorter than the period [default: due on the date]' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand create" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand create" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand create" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l generate -d 'Generate a random value from the OS\'s generator: 32 letters and digits (190 bits) unless --length, --charset, --symbols or --words say otherwise. Each character adds log2(set size) bits: 5.95 for letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9'
complete -c coffer -n "__fish_coffer_using_subcommand create" -l symbols -d 'Add ASCII punctuation to the generated characters (no quotes, backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~'
complete -c coffer -n "__fish_coffer_using_subcommand create" -l no-confirm -d 'At the hidden prompt, ask for the value once instead of twice'
complete -c coffer -n "__fish_coffer_using_subcommand create" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand create" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l version -d 'Print this version instead of the current one' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l format -d 'How to print. json: an array with one object per secret, however many names, `[{"name": ..., "version": N, "value": ...}]`, with `value_base64` instead of `value` for binary data. env: `export NAME=\'value\'` lines that `eval` turns into variables the programs it starts see (names must be shell variable names). dotenv: `NAME=value` lines that python-dotenv, Node\'s dotenv and `docker run --env-file` read back exactly (docker keeps the quotes of the few values that need them, and cannot read values on several lines, which are quoted for the two libraries); values with NUL or binary data are refused: use json' -r -f -a "raw\t'The bare value and a newline'
json\t'A JSON array of {name, version, value}, whatever the number of names'
env\t'`export NAME=\'value\'` lines for `eval` in a POSIX shell'
dotenv\t'`NAME=value` lines of a .env file'"
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -s n -l no-newline -d 'Do not print a newline after a raw value'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand get" -l version -d 'Print this version instead of the current one' -r
complete -c coffer -n "__fish_coffer_using_subcommand get" -l format -d 'How to print. json: an array with one object per secret, however many names, `[{"name": ..., "version": N, "value": ...}]`, with `value_base64` instead of `value` for binary data. env: `export NAME=\'value\'` lines that `eval` turns into variables the programs it starts see (names must be shell variable names). dotenv: `NAME=value` lines that python-dotenv, Node\'s dotenv and `docker run --env-file` read back exactly (docker keeps the quotes of the few values that need them, and cannot read values on several lines, which are quoted for the two libraries); values with NUL or binary data are refused: use json' -r -f -a "raw\t'The bare value and a newline'
json\t'A JSON array of {name, version, value}, whatever the number of names'
env\t'`export NAME=\'value\'` lines for `eval` in a POSIX shell'
dotenv\t'`NAME=value` lines of a .env file'"
complete -c coffer -n "__fish_coffer_using_subcommand get" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand get" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand get" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand get" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand get" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand get" -s n -l no-newline -d 'Do not print a newline after a raw value'
complete -c coffer -n "__fish_coffer_using_subcommand get" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l tag -d 'Only secrets with this tag (repeatable: all must match)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l prefix -d 'Only names starting with PREFIX' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l type -d 'Only secrets of this type' -r -f -a "password\t''
api_key\t''
certificate\t''
ssh_key\t''
generic\t''"
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l expiring-within -d 'Only secrets that expire within DURATION (expired ones included)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l unused-for -d 'Only secrets nobody read for DURATION (never-read secrets count once they are older than DURATION)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l state -d 'Only secrets in STATE (repeatable: any may match): active, disabled, pending, expired, deleted. Without it, every state but deleted' -r -f -a "deleted\t'Soft-deleted (`secrets:restore` brings it back)'
disabled\t'Reads are refused until `secrets:enable`'
pending\t'Reads are refused until its activation time (`--activates-at`)'
expired\t'Its expiry has passed (reads still work, with a warning)'
active\t'Readable'"
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l format -r -f -a "table\t''
json\t''
tsv\t''"
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l due -d 'Only secrets due for rotation: inside the notify window or past the date (see secrets:create --rotate-every)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l overdue -d 'Only secrets past their rotation date'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l deleted -d 'Show deleted secrets too'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l include-disabled -d 'No longer needed: disabled secrets are listed (with their STATE). Kept so that old scripts still run'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l names-only -d 'Print names only, one per line'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l tag -d 'Only secrets with this tag (repeatable: all must match)' -r
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l prefix -d 'Only names starting with PREFIX' -r
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l type -d 'Only secrets of this type' -r -f -a "password\t''
api_key\t''
certificate\t''
ssh_key\t''
generic\t''"
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l expiring-within -d 'Only secrets that expire within DURATION (expired ones included)' -r
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l unused-for -d 'Only secrets nobody read for DURATION (never-read secrets count once they are older than DURATION)' -r
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l state -d 'Only secrets in STATE (repeatable: any may match): active, disabled, pending, expired, deleted. Without it, every state but deleted' -r -f -a "deleted\t'Soft-deleted (`secrets:restore` brings it back)'
disabled\t'Reads are refused until `secrets:enable`'
pending\t'Reads are refused until its activation time (`--activates-at`)'
expired\t'Its expiry has passed (reads still work, with a warning)'
active\t'Readable'"
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l format -r -f -a "table\t''
json\t''
tsv\t''"
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l due -d 'Only secrets due for rotation: inside the notify window or past the date (see secrets:create --rotate-every)'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l overdue -d 'Only secrets past their rotation date'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l deleted -d 'Show deleted secrets too'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l include-disabled -d 'No longer needed: disabled secrets are listed (with their STATE). Kept so that old scripts still run'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l names-only -d 'Print names only, one per line'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l from-file -d 'Read the value from FILE, byte for byte' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l length -d 'Length of a generated value, in characters [default: 32]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l charset -d 'Draw generated characters from CHARS: a set (alnum, the default; alpha, lower, upper, digits, hex, base32) or the characters themselves (at least two different ones)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l words -d 'Generate a passphrase of N words [default: 6, 77 bits] from EFF\'s long word list (7,776 words, 12.9 bits each)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l separator -d 'What joins the words of a passphrase [default: -]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l description -d 'A new description (empty to clear)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l tags -d 'Replace all tags (comma separated; empty to clear)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l add-tag -d 'Add a tag (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l remove-tag -d 'Remove a tag (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l metadata -d 'Set metadata KEY=VALUE (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l unset-metadata -d 'Remove metadata KEY (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l expires-in -d 'Expire this long from now (e.g. 90d, 12h, 2w)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l expires-at -d 'Expire at TIME (2027-01-31, \'2027-01-31 12:00\' UTC, or RFC 3339)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l if-version -d 'Only update if the current version is N (check-and-set; exit 7 if not)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l rotate-every -d 'Rotate the value every DURATION (e.g. 30d, 12w): the next rotation date is the last change of the value plus DURATION. `secrets:list --due`, `coffer check` and `secrets:rotate --due` find what is due' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l notify-before -d 'Count the secret as due this long before its rotation date; shorter than the period [default: due on the date]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l generate -d 'Generate a random value from the OS\'s generator: 32 letters and digits (190 bits) unless --length, --charset, --symbols or --words say otherwise. Each character adds log2(set size) bits: 5.95 for letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l symbols -d 'Add ASCII punctuation to the generated characters (no quotes, backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l no-confirm -d 'At the hidden prompt, ask for the value once instead of twice'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l no-expiry -d 'Remove the expiry date'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l no-rotation -d 'Remove the rotation policy'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand update" -l from-file -d 'Read the value from FILE, byte for byte' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand update" -l length -d 'Length of a generated value, in characters [default: 32]' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l charset -d 'Draw generated characters from CHARS: a set (alnum, the default; alpha, lower, upper, digits, hex, base32) or the characters themselves (at least two different ones)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l words -d 'Generate a passphrase of N words [default: 6, 77 bits] from EFF\'s long word list (7,776 words, 12.9 bits each)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l separator -d 'What joins the words of a passphrase [default: -]' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l description -d 'A new description (empty to clear)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l tags -d 'Replace all tags (comma separated; empty to clear)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l add-tag -d 'Add a tag (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l remove-tag -d 'Remove a tag (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l metadata -d 'Set metadata KEY=VALUE (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l unset-metadata -d 'Remove metadata KEY (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l expires-in -d 'Expire this long from now (e.g. 90d, 12h, 2w)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l expires-at -d 'Expire at TIME (2027-01-31, \'2027-01-31 12:00\' UTC, or RFC 3339)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l if-version -d 'Only update if the current version is N (check-and-set; exit 7 if not)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l rotate-every -d 'Rotate the value every DURATION (e.g. 30d, 12w): the next rotation date is the last change of the value plus DURATION. `secrets:list --due`, `coffer check` and `secrets:rotate --due` find what is due' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l notify-before -d 'Count the secret as due this long before its rotation date; shorter than the period [default: due on the date]' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand update" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand update" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand update" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l generate -d 'Generate a random value from the OS\'s generator: 32 letters and digits (190 bits) unless --length, --charset, --symbols or --words say otherwise. Each character adds log2(set size) bits: 5.95 for letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9'
complete -c coffer -n "__fish_coffer_using_subcommand update" -l symbols -d 'Add ASCII punctuation to the generated characters (no quotes, backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~'
complete -c coffer -n "__fish_coffer_using_subcommand update" -l no-confirm -d 'At the hidden prompt, ask for the value once instead of twice'
complete -c coffer -n "__fish_coffer_using_subcommand update" -l no-expiry -d 'Remove the expiry date'
complete -c coffer -n "__fish_coffer_using_subcommand update" -l no-rotation -d 'Remove the rotation policy'
complete -c coffer -n "__fish_coffer_using_subcommand update" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand update" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:versions" -l format -r -f -a "table\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand secrets:versions" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:versions" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:versions" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:versions" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:versions" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:versions" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:versions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:diff" -l from -d 'The older version' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:diff" -l to -d 'The newer version [default: the current one]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:diff" -l format -r -f -a "table\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand secrets:diff" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:diff" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:diff" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:diff" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:diff" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:diff" -l reveal -d 'Show a line diff of the two values (prints secret values!)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:diff" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:diff" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rollback" -l version -d 'The version whose value to bring back [default: the one before the current]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rollback" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rollback" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rollback" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rollback" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rollback" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rollback" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rollback" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:resolve" -l version -d 'The version whose value becomes current' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:resolve" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:resolve" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:resolve" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:resolve" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:resolve" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:resolve" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:resolve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l from-file -d 'Read the value from FILE, byte for byte' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l length -d 'Length of a generated value, in characters [default: 32]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l charset -d 'Draw generated characters from CHARS: a set (alnum, the default; alpha, lower, upper, digits, hex, base32) or the characters themselves (at least two different ones)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l words -d 'Generate a passphrase of N words [default: 6, 77 bits] from EFF\'s long word list (7,776 words, 12.9 bits each)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l separator -d 'What joins the words of a passphrase [default: -]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l command -d 'Make each new value with CMD, run through `sh -c` once per secret with COFFER_SECRET_NAME in its environment and the old value on its stdin (never in arguments or environment). What it prints is the new value (one trailing newline dropped, as `-` does; binary output is kept byte for byte). A command that fails, prints nothing, prints more than 1 MiB or outlives --timeout (then it is killed) leaves the secret unchanged' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l timeout -d 'How long --command may run for one secret' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l generate -d 'Generate a random value from the OS\'s generator: 32 letters and digits (190 bits) unless --length, --charset, --symbols or --words say otherwise. Each character adds log2(set size) bits: 5.95 for letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l symbols -d 'Add ASCII punctuation to the generated characters (no quotes, backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l no-confirm -d 'At the hidden prompt, ask for the value once instead of twice'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l due -d 'Rotate every secret that is due (see secrets:list --due; disabled ones included), with --generate or --command; one line per secret, and the others go on when one fails. Each commits on its own. Exit 0 when all rotated (or none was due), else the first failure\'s code (1 for a failed command)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l dry-run -d 'With --due: list what would be rotated; change and run nothing'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:delete" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:delete" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:delete" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:delete" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:delete" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:delete" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:delete" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:restore" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:restore" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:restore" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:restore" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:restore" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:restore" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:restore" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:disable" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:disable" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:disable" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:disable" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:disable" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:disable" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:disable" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:enable" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:enable" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:enable" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:enable" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:enable" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:enable" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:enable" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rename" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rename" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rename" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rename" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rename" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rename" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rename" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:search" -l format -r -f -a "table\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand secrets:search" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:search" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:search" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:search" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:search" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:search" -l deleted -d 'Search deleted secrets too'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:search" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:destroy" -l version -d 'The version whose value to erase (not the current one)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:destroy" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:destroy" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:destroy" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:destroy" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:destroy" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:destroy" -l yes -d 'Do not ask: destroy without a confirmation (required off a terminal)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:destroy" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:destroy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l resource -d 'Only rows about this kind of resource' -r -f -a "vault\t''
secrets\t''
audit\t''"
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l action -d 'Only rows with this action' -r -f -a "initialized\t''
created\t''
accessed\t''
updated\t''
rotated\t''
rolled_back\t''
deleted\t''
restored\t''
disabled\t''
enabled\t''
listed\t''
listed_versions\t''
compared\t''
acknowledged\t''
migrated\t''
merged\t''
checkpoint_kept\t''
conflicted\t''
resolved\t''
policy_set\t''
piped\t''
checked\t''
notified\t''
denied\t''
renamed\t''
destroyed\t''
scanned\t''
imported\t''"
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l secret -d 'Only rows about this secret (and, for a renamed secret, its rows under the names it had before)' -r -f -a '(__fish_coffer_secret_names; and printf "%s\n" $__fish_coffer_names)'
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l actor -d 'Only rows by this actor' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l since -d 'Only rows since a duration ago (24h, 7d) or a time (2027-01-31)' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l limit -d 'Only the newest N rows' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l fingerprint -d 'Only rows whose value fingerprint is HEX (see `audit:hash`)' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l format -r -f -a "table\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l verify -d 'Verify the whole chain and mark each row shown (exit 6 if it is broken)'
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand audit:verify" -l format -r -f -a "table\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand audit:verify" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:verify" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:verify" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:verify" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:verify" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:verify" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand audit:verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand audit:checkpoint" -l format -d '`table` prints the bare SEQ:HASH line; `json` adds the vault id, row count and time' -r -f -a "table\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand audit:checkpoint" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:checkpoint" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:checkpoint" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:checkpoint" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:checkpoint" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:checkpoint" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand audit:checkpoint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand audit:acknowledge" -l reason -d 'Why writes may go on: what you found and did (kept in the audit row)' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:acknowledge" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:acknowledge" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:acknowledge" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:acknowledge" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:acknowledge" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:acknowledge" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand audit:acknowledge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand audit:hash" -l from-file -d 'Read the value from FILE, byte for byte' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:hash" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:hash" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:hash" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand audit:hash" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:hash" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand audit:hash" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand audit:hash" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand vault:trust" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:trust" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:trust" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:trust" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand vault:trust" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand vault:trust" -l unsigned -d 'Accept this unsigned vault (made by coffer 0.1) on this machine'
complete -c coffer -n "__fish_coffer_using_subcommand vault:trust" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand vault:trust" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand vault:compact" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:compact" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:compact" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:compact" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand vault:compact" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand vault:compact" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand vault:compact" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand vault:textconv" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:textconv" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:textconv" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:textconv" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand vault:textconv" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand vault:textconv" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand vault:textconv" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand vault:merge-driver" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:merge-driver" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:merge-driver" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:merge-driver" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand vault:merge-driver" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand vault:merge-driver" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand vault:merge-driver" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand sync" -s m -l message -d 'The commit message [default: one naming what changed]' -r
complete -c coffer -n "__fish_coffer_using_subcommand sync" -l policy -d 'Which version is current for secrets both clones changed, for this sync only [default: the vault\'s, see sync:policy]' -r -f -a "ours\t''
theirs\t''
manual\t''"
complete -c coffer -n "__fish_coffer_using_subcommand sync" -l format -d 'Output of --status' -r -f -a "table\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand sync" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand sync" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand sync" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand sync" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand sync" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand sync" -l no-push -d 'Commit and pull, but do not push'
complete -c coffer -n "__fish_coffer_using_subcommand sync" -l status -d 'Change nothing: fetch, then show how far this clone is ahead of and behind its upstream, and each secret changed here (pending), there (incoming), on both sides (both: the merge keeps both sides\' versions, and the merge policy settles it), or left in conflict by a merge (conflict, until secrets:resolve)'
complete -c coffer -n "__fish_coffer_using_subcommand sync" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand sync:policy" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand sync:policy" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand sync:policy" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand sync:policy" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand sync:policy" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand sync:policy" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand sync:policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand scan" -l format -r -f -a "table\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand scan" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand scan" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand scan" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand scan" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand scan" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand scan" -l no-hidden -d 'Skip hidden files and folders (names starting with `.`), which are searched by default (`.git/` never is)'
complete -c coffer -n "__fish_coffer_using_subcommand scan" -l no-ignore -d 'Search files that .gitignore, .ignore or .git/info/exclude leave out'
complete -c coffer -n "__fish_coffer_using_subcommand scan" -l binary -d 'Search binary files (those holding a NUL byte) too'
complete -c coffer -n "__fish_coffer_using_subcommand scan" -l hidden -d 'Search hidden files too: the default since coffer 0.2.1; kept so that scripts that give it go on working'
complete -c coffer -n "__fish_coffer_using_subcommand scan" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand run" -l prefix -d 'Also pass every secret whose name starts with PREFIX' -r
complete -c coffer -n "__fish_coffer_using_subcommand run" -l tag -d 'Also pass every secret with this tag (repeatable: all must match)' -r
complete -c coffer -n "__fish_coffer_using_subcommand run" -l env -d 'Pass secret NAME as variable VAR (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand run" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand run" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand run" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand run" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand run" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand run" -l mask -d 'Replace every value in the program\'s stdout and stderr with *****'
complete -c coffer -n "__fish_coffer_using_subcommand run" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand inject" -s i -l in -d 'The template (`-` for stdin)' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand inject" -s o -l out -d 'Write here (0600) instead of stdout' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand inject" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand inject" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand inject" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand inject" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand inject" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand inject" -l force -d 'Replace OUT if it exists'
complete -c coffer -n "__fish_coffer_using_subcommand inject" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand inject" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand export" -l format -r -f -a "json\t'The array secrets:get --format json prints, plus each secret\'s facts'
dotenv\t'A .env file (see secrets:get --format dotenv)'
env\t'`export NAME=\'value\'` lines for a POSIX shell'"
complete -c coffer -n "__fish_coffer_using_subcommand export" -l prefix -d 'Only names starting with PREFIX' -r
complete -c coffer -n "__fish_coffer_using_subcommand export" -l tag -d 'Only secrets with this tag (repeatable: all must match)' -r
complete -c coffer -n "__fish_coffer_using_subcommand export" -s o -l out -d 'Write here (0600, the reads recorded before any value reaches the disk) instead of stdout' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand export" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand export" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand export" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand export" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand export" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand export" -l history -d 'Every secret in every state with all its facts and every version (JSON, "format": "coffer-history-1"; see coffer-export(1)), which `coffer import` restores into an empty vault'
complete -c coffer -n "__fish_coffer_using_subcommand export" -l force -d 'Replace FILE if it exists'
complete -c coffer -n "__fish_coffer_using_subcommand export" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand import" -l from -d 'Read a pass or passage store in the folder FILE|DIR' -r -f -a "passage\t'A passage store: *.age files, decrypted with the age CLI'
pass\t'A pass store: *.gpg files, decrypted with gpg'"
complete -c coffer -n "__fish_coffer_using_subcommand import" -l format -r -f -a "auto\t'JSON when the file starts with `[`, dotenv otherwise'
dotenv\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand import" -l on-conflict -d 'What to do with a name the vault already has' -r -f -a "fail\t'Stop before anything is written (exit 7)'
skip\t'Leave the secret as it is'
update\t'Give it a new version with the imported value (none when equal)'"
complete -c coffer -n "__fish_coffer_using_subcommand import" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand import" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand import" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand import" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand import" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand import" -l dry-run -d 'Show what would be created, updated and skipped; change nothing'
complete -c coffer -n "__fish_coffer_using_subcommand import" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand unlock" -l ttl -d 'How long the identity stays unlocked' -r
complete -c coffer -n "__fish_coffer_using_subcommand unlock" -l format -r -f -a "table\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand unlock" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand unlock" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand unlock" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand unlock" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand unlock" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand unlock" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand unlock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand lock" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand lock" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand lock" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand lock" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand lock" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand lock" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand lock" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand agent:serve" -l socket -d 'The socket to listen on' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand agent:serve" -l for -d 'The identity file it holds (canonical)' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand agent:serve" -l ttl-secs -d 'Seconds until it exits' -r
complete -c coffer -n "__fish_coffer_using_subcommand agent:serve" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand agent:serve" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand agent:serve" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand agent:serve" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand agent:serve" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand agent:serve" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand agent:serve" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand man" -l dir -d 'With --install: the man folder to write into (pages go to DIR/man1 and DIR/man5) [default: the binary\'s folder/../share/man]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand man" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand man" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand man" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand man" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand man" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand man" -l install -d 'Write every page into share/man beside the binary\'s folder, where `man` finds them from PATH'
complete -c coffer -n "__fish_coffer_using_subcommand man" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand check" -l expiring-within -d 'Report secrets that expire within DURATION' -r
complete -c coffer -n "__fish_coffer_using_subcommand check" -l unused-for -d 'Report secrets nobody read for DURATION (never-read ones older than DURATION included) [default: not checked]' -r
complete -c coffer -n "__fish_coffer_using_subcommand check" -l recent -d 'How far back to look for reads of disabled secrets' -r
complete -c coffer -n "__fish_coffer_using_subcommand check" -l fail-on -d 'Exit 1 when the report holds any of these categories (comma separated)' -r -f -a "expired\t'Past the expiry date'
expiring\t'Expires within --expiring-within'
overdue\t'Past the rotation date'
due\t'Inside the rotation notify window, before the date'
unused\t'Not read for --unused-for (only with that flag)'
disabled-read\t'Disabled, yet read or asked for since it was disabled, within --recent'"
complete -c coffer -n "__fish_coffer_using_subcommand check" -l notify-command -d 'When the report is not clean, run CMD through `sh -c` with the JSON report on its stdin (its output goes to stderr); recorded in the audit log as `notified` with its exit status. A failing CMD is a warning and exit 1' -r
complete -c coffer -n "__fish_coffer_using_subcommand check" -l timeout -d 'How long the notify command may run before it is killed' -r
complete -c coffer -n "__fish_coffer_using_subcommand check" -l format -r -f -a "table\t''
json\t''"
complete -c coffer -n "__fish_coffer_using_subcommand check" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand check" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand check" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand check" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand check" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand check" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
# Secret names, wherever a command takes one: `coffer __complete-names` exits
# 0 at a name and prints the candidates (it never prompts, prints no error).
function __fish_coffer_secret_names
    set -l tokens (commandline -opc) (commandline -ct)
    set -g __fish_coffer_names (printf '%s\n' $tokens | command $tokens[1] __complete-names 2>/dev/null)
end
complete -c coffer -f -n '__fish_coffer_secret_names' -a '(printf "%s\n" $__fish_coffer_names)'
