
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'coffer' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'coffer'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'coffer' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create an identity (if needed) and a new, empty vault')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the vault''s path, id, size and counts')
            [CompletionResult]::new('secrets:create', 'secrets:create', [CompletionResultType]::ParameterValue, 'Create a secret (version 1)')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a secret (version 1)')
            [CompletionResult]::new('secrets:get', 'secrets:get', [CompletionResultType]::ParameterValue, 'Print a secret''s value (or several, as a batch)')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print a secret''s value (or several, as a batch)')
            [CompletionResult]::new('secrets:list', 'secrets:list', [CompletionResultType]::ParameterValue, 'List secrets (names and facts, never values)')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List secrets (names and facts, never values)')
            [CompletionResult]::new('secrets:update', 'secrets:update', [CompletionResultType]::ParameterValue, 'Change a secret: a new value makes a new version; facts change in place')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Change a secret: a new value makes a new version; facts change in place')
            [CompletionResult]::new('secrets:versions', 'secrets:versions', [CompletionResultType]::ParameterValue, 'List a secret''s versions')
            [CompletionResult]::new('secrets:diff', 'secrets:diff', [CompletionResultType]::ParameterValue, 'Compare two versions of a secret')
            [CompletionResult]::new('secrets:rollback', 'secrets:rollback', [CompletionResultType]::ParameterValue, 'Make a new version carrying an earlier version''s value')
            [CompletionResult]::new('secrets:resolve', 'secrets:resolve', [CompletionResultType]::ParameterValue, 'End a secret''s conflict after a merge: version N''s value becomes current')
            [CompletionResult]::new('secrets:rotate', 'secrets:rotate', [CompletionResultType]::ParameterValue, 'Replace a secret''s value with a new one (a version of kind rotate)')
            [CompletionResult]::new('secrets:delete', 'secrets:delete', [CompletionResultType]::ParameterValue, 'Delete secrets (soft: versions are kept and restore brings them back)')
            [CompletionResult]::new('secrets:restore', 'secrets:restore', [CompletionResultType]::ParameterValue, 'Bring back a deleted secret')
            [CompletionResult]::new('secrets:disable', 'secrets:disable', [CompletionResultType]::ParameterValue, 'Refuse reads of a secret until it is enabled again')
            [CompletionResult]::new('secrets:enable', 'secrets:enable', [CompletionResultType]::ParameterValue, 'Allow reads of a disabled secret again')
            [CompletionResult]::new('audit:logs', 'audit:logs', [CompletionResultType]::ParameterValue, 'Show the audit log')
            [CompletionResult]::new('audit:verify', 'audit:verify', [CompletionResultType]::ParameterValue, 'Check every link of the audit chain, and its length against kept heads')
            [CompletionResult]::new('audit:checkpoint', 'audit:checkpoint', [CompletionResultType]::ParameterValue, 'Print the audit log''s verified head (SEQ:HASH) to keep outside the vault')
            [CompletionResult]::new('audit:acknowledge', 'audit:acknowledge', [CompletionResultType]::ParameterValue, 'Record a verify failure you have looked into, so writes can go on')
            [CompletionResult]::new('audit:hash', 'audit:hash', [CompletionResultType]::ParameterValue, 'Print a value''s fingerprint, to find the audit rows that touched it')
            [CompletionResult]::new('vault:trust', 'vault:trust', [CompletionResultType]::ParameterValue, 'Trust a signing key as a writer of this vault, on this machine')
            [CompletionResult]::new('vault:compact', 'vault:compact', [CompletionResultType]::ParameterValue, 'Fold the journal into a new checkpoint now')
            [CompletionResult]::new('vault:policy', 'vault:policy', [CompletionResultType]::ParameterValue, 'Show or set which version is current after two clones changed a secret at once')
            [CompletionResult]::new('vault:textconv', 'vault:textconv', [CompletionResultType]::ParameterValue, 'Show a vault file as text for `git diff`: names, versions, tags, never values')
            [CompletionResult]::new('vault:merge-driver', 'vault:merge-driver', [CompletionResultType]::ParameterValue, 'Git''s merge driver for vault.age: keep the checkpoint that folded in more')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Share the vault through git: commit its changes, pull, push')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            break
        }
        'coffer;init' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'A name for the vault, shown by `status`')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--armor', '--armor', [CompletionResultType]::ParameterName, 'Write the vault as ASCII-armored age (friendlier to git and email)')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;status' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:create' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from FILE, byte for byte')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value [default: 32]')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'What kind of secret this is')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Tags, comma separated')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Metadata as KEY=VALUE (repeatable)')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire this long from now (e.g. 90d, 12h, 2w)')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'Expire at TIME (2027-01-31, ''2027-01-31 12:00'' UTC, or RFC 3339)')
            [CompletionResult]::new('--activates-at', '--activates-at', [CompletionResultType]::ParameterName, 'Refuse reads until TIME')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value (letters and digits)')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;create' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from FILE, byte for byte')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value [default: 32]')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'What kind of secret this is')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Tags, comma separated')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Metadata as KEY=VALUE (repeatable)')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire this long from now (e.g. 90d, 12h, 2w)')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'Expire at TIME (2027-01-31, ''2027-01-31 12:00'' UTC, or RFC 3339)')
            [CompletionResult]::new('--activates-at', '--activates-at', [CompletionResultType]::ParameterName, 'Refuse reads until TIME')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value (letters and digits)')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:get' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print this version instead of the current one')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after a raw value')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after a raw value')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;get' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print this version instead of the current one')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Do not print a newline after a raw value')
            [CompletionResult]::new('--no-newline', '--no-newline', [CompletionResultType]::ParameterName, 'Do not print a newline after a raw value')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;secrets:list' {
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only names starting with PREFIX')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only secrets of this type')
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'Only secrets that expire within DURATION (expired ones included)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--include-disabled', '--include-disabled', [CompletionResultType]::ParameterName, 'Include disabled secrets')
            [CompletionResult]::new('--include-deleted', '--include-deleted', [CompletionResultType]::ParameterName, 'Include deleted secrets')
            [CompletionResult]::new('--names-only', '--names-only', [CompletionResultType]::ParameterName, 'Print names only, one per line')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;ls' {
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only names starting with PREFIX')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only secrets of this type')
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'Only secrets that expire within DURATION (expired ones included)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--include-disabled', '--include-disabled', [CompletionResultType]::ParameterName, 'Include disabled secrets')
            [CompletionResult]::new('--include-deleted', '--include-deleted', [CompletionResultType]::ParameterName, 'Include deleted secrets')
            [CompletionResult]::new('--names-only', '--names-only', [CompletionResultType]::ParameterName, 'Print names only, one per line')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:update' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from FILE, byte for byte')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value [default: 32]')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A new description (empty to clear)')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Replace all tags (comma separated; empty to clear)')
            [CompletionResult]::new('--add-tag', '--add-tag', [CompletionResultType]::ParameterName, 'Add a tag (repeatable)')
            [CompletionResult]::new('--remove-tag', '--remove-tag', [CompletionResultType]::ParameterName, 'Remove a tag (repeatable)')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Set metadata KEY=VALUE (repeatable)')
            [CompletionResult]::new('--unset-metadata', '--unset-metadata', [CompletionResultType]::ParameterName, 'Remove metadata KEY (repeatable)')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire this long from now (e.g. 90d, 12h, 2w)')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'Expire at TIME (2027-01-31, ''2027-01-31 12:00'' UTC, or RFC 3339)')
            [CompletionResult]::new('--if-version', '--if-version', [CompletionResultType]::ParameterName, 'Only update if the current version is N (check-and-set; exit 7 if not)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value (letters and digits)')
            [CompletionResult]::new('--no-expiry', '--no-expiry', [CompletionResultType]::ParameterName, 'Remove the expiry date')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;update' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from FILE, byte for byte')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value [default: 32]')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A new description (empty to clear)')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Replace all tags (comma separated; empty to clear)')
            [CompletionResult]::new('--add-tag', '--add-tag', [CompletionResultType]::ParameterName, 'Add a tag (repeatable)')
            [CompletionResult]::new('--remove-tag', '--remove-tag', [CompletionResultType]::ParameterName, 'Remove a tag (repeatable)')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Set metadata KEY=VALUE (repeatable)')
            [CompletionResult]::new('--unset-metadata', '--unset-metadata', [CompletionResultType]::ParameterName, 'Remove metadata KEY (repeatable)')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire this long from now (e.g. 90d, 12h, 2w)')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'Expire at TIME (2027-01-31, ''2027-01-31 12:00'' UTC, or RFC 3339)')
            [CompletionResult]::new('--if-version', '--if-version', [CompletionResultType]::ParameterName, 'Only update if the current version is N (check-and-set; exit 7 if not)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value (letters and digits)')
            [CompletionResult]::new('--no-expiry', '--no-expiry', [CompletionResultType]::ParameterName, 'Remove the expiry date')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:versions' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:diff' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The older version')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The newer version [default: the current one]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--reveal', '--reveal', [CompletionResultType]::ParameterName, 'Show a line diff of the two values (prints secret values!)')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:rollback' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The version whose value to bring back [default: the one before the current]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:resolve' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The version whose value becomes current')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;secrets:rotate' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from FILE, byte for byte')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value [default: 32]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value (letters and digits)')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:delete' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:restore' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:disable' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:enable' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;audit:logs' {
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Only rows about this kind of resource')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only rows with this action')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Only rows about this secret')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Only rows by this actor')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only rows since a duration ago (24h, 7d) or a time (2027-01-31)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Only the newest N rows')
            [CompletionResult]::new('--fingerprint', '--fingerprint', [CompletionResultType]::ParameterName, 'Only rows whose value fingerprint is HEX (see `audit:hash`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Verify the whole chain and mark each row shown (exit 6 if it is broken)')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;audit:verify' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;audit:checkpoint' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, '`table` prints the bare SEQ:HASH line; `json` adds the vault id, row count and time')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;audit:acknowledge' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why writes may go on: what you found and did (kept in the audit row)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;audit:hash' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from FILE, byte for byte')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;vault:trust' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--unsigned', '--unsigned', [CompletionResultType]::ParameterName, 'Accept this unsigned vault (made by coffer 0.1) on this machine')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;vault:compact' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;vault:policy' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;vault:textconv' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;vault:merge-driver' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;sync' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The commit message [default: one naming what changed]')
            [CompletionResult]::new('--message', '--message', [CompletionResultType]::ParameterName, 'The commit message [default: one naming what changed]')
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Which version is current for secrets both clones changed, for this sync only [default: the vault''s, see vault:policy]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output of --status')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--no-push', '--no-push', [CompletionResultType]::ParameterName, 'Commit and pull, but do not push')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Change nothing: fetch, then show how far this clone is ahead of and behind its upstream, and each secret changed here (pending), there (incoming), on both sides (both: the merge keeps both sides'' versions, and the merge policy settles it), or left in conflict by a merge (conflict, until secrets:resolve)')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;completions' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
