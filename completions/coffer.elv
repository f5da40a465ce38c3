
use builtin;
use str;

set edit:completion:arg-completer[coffer] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'coffer'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'coffer'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create an identity (if needed) and a new, empty vault'
            cand status 'Show the vault''s path, id, size and counts'
            cand secrets:create 'Create a secret (version 1)'
            cand secrets:get 'Print a secret''s value (or several, as a batch)'
            cand secrets:list 'List secrets (names and facts, never values)'
            cand secrets:update 'Change a secret: a new value makes a new version; facts change in place'
            cand secrets:versions 'List a secret''s versions'
            cand secrets:diff 'Compare two versions of a secret'
            cand secrets:rollback 'Make a new version carrying an earlier version''s value'
            cand secrets:rotate 'Replace a secret''s value with a new one (a version of kind rotate)'
            cand secrets:delete 'Delete secrets (soft: versions are kept and restore brings them back)'
            cand secrets:restore 'Bring back a deleted secret'
            cand secrets:disable 'Refuse reads of a secret until it is enabled again'
            cand secrets:enable 'Allow reads of a disabled secret again'
            cand audit:logs 'Show the audit log'
            cand audit:verify 'Check every link of the audit chain, and its length against kept heads'
            cand audit:checkpoint 'Print the audit log''s verified head (SEQ:HASH) to keep outside the vault'
            cand audit:acknowledge 'Record a verify failure you have looked into, so writes can go on'
            cand audit:hash 'Print a value''s fingerprint, to find the audit rows that touched it'
            cand vault:trust 'Trust a signing key as a writer of this vault, on this machine'
            cand vault:compact 'Fold the journal into a new checkpoint now'
            cand completions 'Print a shell completion script'
        }
        &'coffer;init'= {
            cand --name 'A name for the vault, shown by `status`'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand --armor 'Write the vault as ASCII-armored age (friendlier to git and email)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;status'= {
            cand --format 'format'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;secrets:create'= {
            cand --from-file 'Read the value from FILE, byte for byte'
            cand --length 'Length of a generated value [default: 32]'
            cand --type 'What kind of secret this is'
            cand --description 'A description'
            cand --tags 'Tags, comma separated'
            cand --metadata 'Metadata as KEY=VALUE (repeatable)'
            cand --expires-in 'Expire this long from now (e.g. 90d, 12h, 2w)'
            cand --expires-at 'Expire at TIME (2027-01-31, ''2027-01-31 12:00'' UTC, or RFC 3339)'
            cand --activates-at 'Refuse reads until TIME'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand --generate 'Generate a random value (letters and digits)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;secrets:get'= {
            cand --version 'Print this version instead of the current one'
            cand --format 'format'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -n 'Do not print a newline after a raw value'
            cand --no-newline 'Do not print a newline after a raw value'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'coffer;secrets:list'= {
            cand --tag 'Only secrets with this tag (repeatable: all must match)'
            cand --prefix 'Only names starting with PREFIX'
            cand --type 'Only secrets of this type'
            cand --expiring-within 'Only secrets that expire within DURATION (expired ones included)'
            cand --format 'format'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand --include-disabled 'Include disabled secrets'
            cand --include-deleted 'Include deleted secrets'
            cand --names-only 'Print names only, one per line'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;secrets:update'= {
            cand --from-file 'Read the value from FILE, byte for byte'
            cand --length 'Length of a generated value [default: 32]'
            cand --description 'A new description (empty to clear)'
            cand --tags 'Replace all tags (comma separated; empty to clear)'
            cand --add-tag 'Add a tag (repeatable)'
            cand --remove-tag 'Remove a tag (repeatable)'
            cand --metadata 'Set metadata KEY=VALUE (repeatable)'
            cand --unset-metadata 'Remove metadata KEY (repeatable)'
            cand --expires-in 'Expire this long from now (e.g. 90d, 12h, 2w)'
            cand --expires-at 'Expire at TIME (2027-01-31, ''2027-01-31 12:00'' UTC, or RFC 3339)'
            cand --if-version 'Only update if the current version is N (check-and-set; exit 7 if not)'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand --generate 'Generate a random value (letters and digits)'
            cand --no-expiry 'Remove the expiry date'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;secrets:versions'= {
            cand --format 'format'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;secrets:diff'= {
            cand --from 'The older version'
            cand --to 'The newer version [default: the current one]'
            cand --format 'format'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand --reveal 'Show a line diff of the two values (prints secret values!)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;secrets:rollback'= {
            cand --version 'The version whose value to bring back [default: the one before the current]'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;secrets:rotate'= {
            cand --from-file 'Read the value from FILE, byte for byte'
            cand --length 'Length of a generated value [default: 32]'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand --generate 'Generate a random value (letters and digits)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;secrets:delete'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;secrets:restore'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;secrets:disable'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;secrets:enable'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;audit:logs'= {
            cand --resource 'Only rows about this kind of resource'
            cand --action 'Only rows with this action'
            cand --secret 'Only rows about this secret'
            cand --actor 'Only rows by this actor'
            cand --since 'Only rows since a duration ago (24h, 7d) or a time (2027-01-31)'
            cand --limit 'Only the newest N rows'
            cand --fingerprint 'Only rows whose value fingerprint is HEX (see `audit:hash`)'
            cand --format 'format'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand --verify 'Verify the whole chain and mark each row shown (exit 6 if it is broken)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'coffer;audit:verify'= {
            cand --format 'format'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'coffer;audit:checkpoint'= {
            cand --format '`table` prints the bare SEQ:HASH line; `json` adds the vault id, row count and time'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'coffer;audit:acknowledge'= {
            cand --reason 'Why writes may go on: what you found and did (kept in the audit row)'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'coffer;audit:hash'= {
            cand --from-file 'Read the value from FILE, byte for byte'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'coffer;vault:trust'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand --unsigned 'Accept this unsigned vault (made by coffer 0.1) on this machine'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'coffer;vault:compact'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'coffer;completions'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]'
            cand --identity 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]'
            cand --passphrase-file 'Read the identity''s passphrase from the first line of FILE instead of prompting'
            cand --lock-timeout 'How long to wait for another coffer process using the vault'
            cand --expect 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command'
            cand -h 'Print help'
            cand --help 'Print help'
        }
    ]
    $completions[$command]
}
