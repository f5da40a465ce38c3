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
complete -c coffer -n "__fish_coffer_needs_command" -f -a "audit:logs" -d 'Show the audit log'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "audit:verify" -d 'Check every link of the audit chain, and its length against kept heads'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "audit:checkpoint" -d 'Print the audit log\'s verified head (SEQ:HASH) to keep outside the vault'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "audit:acknowledge" -d 'Record a verify failure you have looked into, so writes can go on'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "audit:hash" -d 'Print a value\'s fingerprint, to find the audit rows that touched it'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "vault:trust" -d 'Trust a signing key as a writer of this vault, on this machine'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "vault:compact" -d 'Fold the journal into a new checkpoint now'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "vault:policy" -d 'Show or set which version is current after two clones changed a secret at once'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "vault:textconv" -d 'Show a vault file as text for `git diff`: names, versions, tags, never values'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "vault:merge-driver" -d 'Git\'s merge driver for vault.age: keep the checkpoint that folded in more'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "sync" -d 'Share the vault through git: commit its changes, pull, push'
complete -c coffer -n "__fish_coffer_needs_command" -f -a "completions" -d 'Print a shell completion script'
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
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l length -d 'Length of a generated value [default: 32]' -r
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
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l generate -d 'Generate a random value (letters and digits)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:create" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand create" -l from-file -d 'Read the value from FILE, byte for byte' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand create" -l length -d 'Length of a generated value [default: 32]' -r
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
complete -c coffer -n "__fish_coffer_using_subcommand create" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand create" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand create" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand create" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand create" -l generate -d 'Generate a random value (letters and digits)'
complete -c coffer -n "__fish_coffer_using_subcommand create" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand create" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l version -d 'Print this version instead of the current one' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l format -r -f -a "raw\t'The bare value and a newline'
json\t'A JSON object per secret (an array for several)'
env\t'NAME=\'value\' lines for a POSIX shell only (not a .env file); names must be shell variable names'"
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -s n -l no-newline -d 'Do not print a newline after a raw value'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c coffer -n "__fish_coffer_using_subcommand get" -l version -d 'Print this version instead of the current one' -r
complete -c coffer -n "__fish_coffer_using_subcommand get" -l format -r -f -a "raw\t'The bare value and a newline'
json\t'A JSON object per secret (an array for several)'
env\t'NAME=\'value\' lines for a POSIX shell only (not a .env file); names must be shell variable names'"
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
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l format -r -f -a "table\t''
json\t''
tsv\t''"
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l include-disabled -d 'Include disabled secrets'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l include-deleted -d 'Include deleted secrets'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l names-only -d 'Print names only, one per line'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:list" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l tag -d 'Only secrets with this tag (repeatable: all must match)' -r
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l prefix -d 'Only names starting with PREFIX' -r
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l type -d 'Only secrets of this type' -r -f -a "password\t''
api_key\t''
certificate\t''
ssh_key\t''
generic\t''"
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l expiring-within -d 'Only secrets that expire within DURATION (expired ones included)' -r
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l format -r -f -a "table\t''
json\t''
tsv\t''"
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l include-disabled -d 'Include disabled secrets'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l include-deleted -d 'Include deleted secrets'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l names-only -d 'Print names only, one per line'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand ls" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l from-file -d 'Read the value from FILE, byte for byte' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l length -d 'Length of a generated value [default: 32]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l description -d 'A new description (empty to clear)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l tags -d 'Replace all tags (comma separated; empty to clear)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l add-tag -d 'Add a tag (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l remove-tag -d 'Remove a tag (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l metadata -d 'Set metadata KEY=VALUE (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l unset-metadata -d 'Remove metadata KEY (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l expires-in -d 'Expire this long from now (e.g. 90d, 12h, 2w)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l expires-at -d 'Expire at TIME (2027-01-31, \'2027-01-31 12:00\' UTC, or RFC 3339)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l if-version -d 'Only update if the current version is N (check-and-set; exit 7 if not)' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l generate -d 'Generate a random value (letters and digits)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l no-expiry -d 'Remove the expiry date'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand secrets:update" -s h -l help -d 'Print help'
complete -c coffer -n "__fish_coffer_using_subcommand update" -l from-file -d 'Read the value from FILE, byte for byte' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand update" -l length -d 'Length of a generated value [default: 32]' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l description -d 'A new description (empty to clear)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l tags -d 'Replace all tags (comma separated; empty to clear)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l add-tag -d 'Add a tag (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l remove-tag -d 'Remove a tag (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l metadata -d 'Set metadata KEY=VALUE (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l unset-metadata -d 'Remove metadata KEY (repeatable)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l expires-in -d 'Expire this long from now (e.g. 90d, 12h, 2w)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l expires-at -d 'Expire at TIME (2027-01-31, \'2027-01-31 12:00\' UTC, or RFC 3339)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l if-version -d 'Only update if the current version is N (check-and-set; exit 7 if not)' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand update" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand update" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand update" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand update" -l generate -d 'Generate a random value (letters and digits)'
complete -c coffer -n "__fish_coffer_using_subcommand update" -l no-expiry -d 'Remove the expiry date'
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
complete -c coffer -n "__fish_coffer_using_subcommand secrets:versions" -s h -l help -d 'Print help'
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
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l length -d 'Length of a generated value [default: 32]' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand secrets:rotate" -l generate -d 'Generate a random value (letters and digits)'
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
conflicted\t''
resolved\t''
policy_set\t''"
complete -c coffer -n "__fish_coffer_using_subcommand audit:logs" -l secret -d 'Only rows about this secret' -r -f -a '(__fish_coffer_secret_names; and printf "%s\n" $__fish_coffer_names)'
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
complete -c coffer -n "__fish_coffer_using_subcommand vault:policy" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:policy" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:policy" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand vault:policy" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand vault:policy" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand vault:policy" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand vault:policy" -s h -l help -d 'Print help (see more with \'--help\')'
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
complete -c coffer -n "__fish_coffer_using_subcommand sync" -l policy -d 'Which version is current for secrets both clones changed, for this sync only [default: the vault\'s, see vault:policy]' -r -f -a "ours\t''
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
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l vault -d 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l identity -d 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l passphrase-file -d 'Read the identity\'s passphrase from the first line of FILE instead of prompting' -r -F
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l lock-timeout -d 'How long to wait for another coffer process using the vault' -r
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l expect -d 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command' -r
complete -c coffer -n "__fish_coffer_using_subcommand completions" -l read-only -d 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)'
complete -c coffer -n "__fish_coffer_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
# Secret names, wherever a command takes one: `coffer __complete-names` exits
# 0 at a name and prints the candidates (it never prompts, prints no error).
function __fish_coffer_secret_names
    set -l tokens (commandline -opc) (commandline -ct)
    set -g __fish_coffer_names (printf '%s\n' $tokens | command $tokens[1] __complete-names 2>/dev/null)
end
complete -c coffer -f -n '__fish_coffer_secret_names' -a '(printf "%s\n" $__fish_coffer_names)'
