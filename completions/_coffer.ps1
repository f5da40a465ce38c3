
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
            [CompletionResult]::new('secrets:rename', 'secrets:rename', [CompletionResultType]::ParameterValue, 'Give a secret a new name, keeping its versions, tags, metadata and state')
            [CompletionResult]::new('secrets:search', 'secrets:search', [CompletionResultType]::ParameterValue, 'Find secrets whose name, tags, metadata or description hold TEXT')
            [CompletionResult]::new('secrets:destroy', 'secrets:destroy', [CompletionResultType]::ParameterValue, 'Erase a leaked version''s value for good, keeping its fingerprint')
            [CompletionResult]::new('audit:logs', 'audit:logs', [CompletionResultType]::ParameterValue, 'Show the audit log')
            [CompletionResult]::new('audit:verify', 'audit:verify', [CompletionResultType]::ParameterValue, 'Check every link of the audit chain, and its length against kept heads')
            [CompletionResult]::new('audit:checkpoint', 'audit:checkpoint', [CompletionResultType]::ParameterValue, 'Print the audit log''s verified head (SEQ:HASH) to keep outside the vault')
            [CompletionResult]::new('audit:acknowledge', 'audit:acknowledge', [CompletionResultType]::ParameterValue, 'Record a verify failure you have looked into, so writes can go on')
            [CompletionResult]::new('audit:hash', 'audit:hash', [CompletionResultType]::ParameterValue, 'Print a value''s fingerprint, to find the audit rows that touched it')
            [CompletionResult]::new('vault:trust', 'vault:trust', [CompletionResultType]::ParameterValue, 'Trust a signing key as a writer of this vault, on this machine')
            [CompletionResult]::new('vault:compact', 'vault:compact', [CompletionResultType]::ParameterValue, 'Fold the journal into a new checkpoint now')
            [CompletionResult]::new('vault:textconv', 'vault:textconv', [CompletionResultType]::ParameterValue, 'Show a vault file as text for `git diff`: names, versions, tags, never values')
            [CompletionResult]::new('vault:merge-driver', 'vault:merge-driver', [CompletionResultType]::ParameterValue, 'Git''s merge driver for vault.age: keep the checkpoint that folded in more')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Share the vault through git: commit its changes, pull, push')
            [CompletionResult]::new('sync:policy', 'sync:policy', [CompletionResultType]::ParameterValue, 'Show or set which version is current after two clones changed a secret at once')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find where the vault''s current values appear verbatim in files')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a program with secrets in its environment')
            [CompletionResult]::new('inject', 'inject', [CompletionResultType]::ParameterValue, 'Fill a template''s {{ NAME }} placeholders with secret values')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Print secrets with their values, for another tool or a backup (--history)')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Add secrets from a dotenv or JSON file, or from a pass or passage store')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Keep a passphrase-protected identity unlocked for a while (an agent)')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Forget the unlocked identity now (the agent exits)')
            [CompletionResult]::new('agent:serve', 'agent:serve', [CompletionResultType]::ParameterValue, 'The agent itself (started by `unlock`; not for direct use)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print coffer''s man page, or install every page where `man` finds it')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Report secrets that need care, for cron and CI')
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
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value, in characters [default: 32]')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Draw generated characters from CHARS: a set (alnum, the default; alpha, lower, upper, digits, hex, base32) or the characters themselves (at least two different ones)')
            [CompletionResult]::new('--words', '--words', [CompletionResultType]::ParameterName, 'Generate a passphrase of N words [default: 6, 77 bits] from EFF''s long word list (7,776 words, 12.9 bits each)')
            [CompletionResult]::new('--separator', '--separator', [CompletionResultType]::ParameterName, 'What joins the words of a passphrase [default: -]')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'What kind of secret this is')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Tags, comma separated')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Metadata as KEY=VALUE (repeatable)')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire this long from now (e.g. 90d, 12h, 2w)')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'Expire at TIME (2027-01-31, ''2027-01-31 12:00'' UTC, or RFC 3339)')
            [CompletionResult]::new('--activates-at', '--activates-at', [CompletionResultType]::ParameterName, 'Refuse reads until TIME')
            [CompletionResult]::new('--rotate-every', '--rotate-every', [CompletionResultType]::ParameterName, 'Rotate the value every DURATION (e.g. 30d, 12w): the next rotation date is the last change of the value plus DURATION. `secrets:list --due`, `coffer check` and `secrets:rotate --due` find what is due')
            [CompletionResult]::new('--notify-before', '--notify-before', [CompletionResultType]::ParameterName, 'Count the secret as due this long before its rotation date; shorter than the period [default: due on the date]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value from the OS''s generator: 32 letters and digits (190 bits) unless --length, --charset, --symbols or --words say otherwise. Each character adds log2(set size) bits: 5.95 for letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9')
            [CompletionResult]::new('--symbols', '--symbols', [CompletionResultType]::ParameterName, 'Add ASCII punctuation to the generated characters (no quotes, backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~')
            [CompletionResult]::new('--no-confirm', '--no-confirm', [CompletionResultType]::ParameterName, 'At the hidden prompt, ask for the value once instead of twice')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;create' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from FILE, byte for byte')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value, in characters [default: 32]')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Draw generated characters from CHARS: a set (alnum, the default; alpha, lower, upper, digits, hex, base32) or the characters themselves (at least two different ones)')
            [CompletionResult]::new('--words', '--words', [CompletionResultType]::ParameterName, 'Generate a passphrase of N words [default: 6, 77 bits] from EFF''s long word list (7,776 words, 12.9 bits each)')
            [CompletionResult]::new('--separator', '--separator', [CompletionResultType]::ParameterName, 'What joins the words of a passphrase [default: -]')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'What kind of secret this is')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A description')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Tags, comma separated')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Metadata as KEY=VALUE (repeatable)')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire this long from now (e.g. 90d, 12h, 2w)')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'Expire at TIME (2027-01-31, ''2027-01-31 12:00'' UTC, or RFC 3339)')
            [CompletionResult]::new('--activates-at', '--activates-at', [CompletionResultType]::ParameterName, 'Refuse reads until TIME')
            [CompletionResult]::new('--rotate-every', '--rotate-every', [CompletionResultType]::ParameterName, 'Rotate the value every DURATION (e.g. 30d, 12w): the next rotation date is the last change of the value plus DURATION. `secrets:list --due`, `coffer check` and `secrets:rotate --due` find what is due')
            [CompletionResult]::new('--notify-before', '--notify-before', [CompletionResultType]::ParameterName, 'Count the secret as due this long before its rotation date; shorter than the period [default: due on the date]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value from the OS''s generator: 32 letters and digits (190 bits) unless --length, --charset, --symbols or --words say otherwise. Each character adds log2(set size) bits: 5.95 for letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9')
            [CompletionResult]::new('--symbols', '--symbols', [CompletionResultType]::ParameterName, 'Add ASCII punctuation to the generated characters (no quotes, backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~')
            [CompletionResult]::new('--no-confirm', '--no-confirm', [CompletionResultType]::ParameterName, 'At the hidden prompt, ask for the value once instead of twice')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;secrets:get' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print this version instead of the current one')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print. json: an array with one object per secret, however many names, `[{"name": ..., "version": N, "value": ...}]`, with `value_base64` instead of `value` for binary data. env: `export NAME=''value''` lines that `eval` turns into variables the programs it starts see (names must be shell variable names). dotenv: `NAME=value` lines that python-dotenv, Node''s dotenv and `docker run --env-file` read back exactly (docker keeps the quotes of the few values that need them, and cannot read values on several lines, which are quoted for the two libraries); values with NUL or binary data are refused: use json')
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
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print. json: an array with one object per secret, however many names, `[{"name": ..., "version": N, "value": ...}]`, with `value_base64` instead of `value` for binary data. env: `export NAME=''value''` lines that `eval` turns into variables the programs it starts see (names must be shell variable names). dotenv: `NAME=value` lines that python-dotenv, Node''s dotenv and `docker run --env-file` read back exactly (docker keeps the quotes of the few values that need them, and cannot read values on several lines, which are quoted for the two libraries); values with NUL or binary data are refused: use json')
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
            [CompletionResult]::new('--unused-for', '--unused-for', [CompletionResultType]::ParameterName, 'Only secrets nobody read for DURATION (never-read secrets count once they are older than DURATION)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only secrets in STATE (repeatable: any may match): active, disabled, pending, expired, deleted. Without it, every state but deleted')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Only secrets due for rotation: inside the notify window or past the date (see secrets:create --rotate-every)')
            [CompletionResult]::new('--overdue', '--overdue', [CompletionResultType]::ParameterName, 'Only secrets past their rotation date')
            [CompletionResult]::new('--deleted', '--deleted', [CompletionResultType]::ParameterName, 'Show deleted secrets too')
            [CompletionResult]::new('--include-disabled', '--include-disabled', [CompletionResultType]::ParameterName, 'No longer needed: disabled secrets are listed (with their STATE). Kept so that old scripts still run')
            [CompletionResult]::new('--names-only', '--names-only', [CompletionResultType]::ParameterName, 'Print names only, one per line')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;ls' {
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only names starting with PREFIX')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only secrets of this type')
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'Only secrets that expire within DURATION (expired ones included)')
            [CompletionResult]::new('--unused-for', '--unused-for', [CompletionResultType]::ParameterName, 'Only secrets nobody read for DURATION (never-read secrets count once they are older than DURATION)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'Only secrets in STATE (repeatable: any may match): active, disabled, pending, expired, deleted. Without it, every state but deleted')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Only secrets due for rotation: inside the notify window or past the date (see secrets:create --rotate-every)')
            [CompletionResult]::new('--overdue', '--overdue', [CompletionResultType]::ParameterName, 'Only secrets past their rotation date')
            [CompletionResult]::new('--deleted', '--deleted', [CompletionResultType]::ParameterName, 'Show deleted secrets too')
            [CompletionResult]::new('--include-disabled', '--include-disabled', [CompletionResultType]::ParameterName, 'No longer needed: disabled secrets are listed (with their STATE). Kept so that old scripts still run')
            [CompletionResult]::new('--names-only', '--names-only', [CompletionResultType]::ParameterName, 'Print names only, one per line')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;secrets:update' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from FILE, byte for byte')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value, in characters [default: 32]')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Draw generated characters from CHARS: a set (alnum, the default; alpha, lower, upper, digits, hex, base32) or the characters themselves (at least two different ones)')
            [CompletionResult]::new('--words', '--words', [CompletionResultType]::ParameterName, 'Generate a passphrase of N words [default: 6, 77 bits] from EFF''s long word list (7,776 words, 12.9 bits each)')
            [CompletionResult]::new('--separator', '--separator', [CompletionResultType]::ParameterName, 'What joins the words of a passphrase [default: -]')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A new description (empty to clear)')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Replace all tags (comma separated; empty to clear)')
            [CompletionResult]::new('--add-tag', '--add-tag', [CompletionResultType]::ParameterName, 'Add a tag (repeatable)')
            [CompletionResult]::new('--remove-tag', '--remove-tag', [CompletionResultType]::ParameterName, 'Remove a tag (repeatable)')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Set metadata KEY=VALUE (repeatable)')
            [CompletionResult]::new('--unset-metadata', '--unset-metadata', [CompletionResultType]::ParameterName, 'Remove metadata KEY (repeatable)')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire this long from now (e.g. 90d, 12h, 2w)')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'Expire at TIME (2027-01-31, ''2027-01-31 12:00'' UTC, or RFC 3339)')
            [CompletionResult]::new('--if-version', '--if-version', [CompletionResultType]::ParameterName, 'Only update if the current version is N (check-and-set; exit 7 if not)')
            [CompletionResult]::new('--rotate-every', '--rotate-every', [CompletionResultType]::ParameterName, 'Rotate the value every DURATION (e.g. 30d, 12w): the next rotation date is the last change of the value plus DURATION. `secrets:list --due`, `coffer check` and `secrets:rotate --due` find what is due')
            [CompletionResult]::new('--notify-before', '--notify-before', [CompletionResultType]::ParameterName, 'Count the secret as due this long before its rotation date; shorter than the period [default: due on the date]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value from the OS''s generator: 32 letters and digits (190 bits) unless --length, --charset, --symbols or --words say otherwise. Each character adds log2(set size) bits: 5.95 for letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9')
            [CompletionResult]::new('--symbols', '--symbols', [CompletionResultType]::ParameterName, 'Add ASCII punctuation to the generated characters (no quotes, backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~')
            [CompletionResult]::new('--no-confirm', '--no-confirm', [CompletionResultType]::ParameterName, 'At the hidden prompt, ask for the value once instead of twice')
            [CompletionResult]::new('--no-expiry', '--no-expiry', [CompletionResultType]::ParameterName, 'Remove the expiry date')
            [CompletionResult]::new('--no-rotation', '--no-rotation', [CompletionResultType]::ParameterName, 'Remove the rotation policy')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'coffer;update' {
            [CompletionResult]::new('--from-file', '--from-file', [CompletionResultType]::ParameterName, 'Read the value from FILE, byte for byte')
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value, in characters [default: 32]')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Draw generated characters from CHARS: a set (alnum, the default; alpha, lower, upper, digits, hex, base32) or the characters themselves (at least two different ones)')
            [CompletionResult]::new('--words', '--words', [CompletionResultType]::ParameterName, 'Generate a passphrase of N words [default: 6, 77 bits] from EFF''s long word list (7,776 words, 12.9 bits each)')
            [CompletionResult]::new('--separator', '--separator', [CompletionResultType]::ParameterName, 'What joins the words of a passphrase [default: -]')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'A new description (empty to clear)')
            [CompletionResult]::new('--tags', '--tags', [CompletionResultType]::ParameterName, 'Replace all tags (comma separated; empty to clear)')
            [CompletionResult]::new('--add-tag', '--add-tag', [CompletionResultType]::ParameterName, 'Add a tag (repeatable)')
            [CompletionResult]::new('--remove-tag', '--remove-tag', [CompletionResultType]::ParameterName, 'Remove a tag (repeatable)')
            [CompletionResult]::new('--metadata', '--metadata', [CompletionResultType]::ParameterName, 'Set metadata KEY=VALUE (repeatable)')
            [CompletionResult]::new('--unset-metadata', '--unset-metadata', [CompletionResultType]::ParameterName, 'Remove metadata KEY (repeatable)')
            [CompletionResult]::new('--expires-in', '--expires-in', [CompletionResultType]::ParameterName, 'Expire this long from now (e.g. 90d, 12h, 2w)')
            [CompletionResult]::new('--expires-at', '--expires-at', [CompletionResultType]::ParameterName, 'Expire at TIME (2027-01-31, ''2027-01-31 12:00'' UTC, or RFC 3339)')
            [CompletionResult]::new('--if-version', '--if-version', [CompletionResultType]::ParameterName, 'Only update if the current version is N (check-and-set; exit 7 if not)')
            [CompletionResult]::new('--rotate-every', '--rotate-every', [CompletionResultType]::ParameterName, 'Rotate the value every DURATION (e.g. 30d, 12w): the next rotation date is the last change of the value plus DURATION. `secrets:list --due`, `coffer check` and `secrets:rotate --due` find what is due')
            [CompletionResult]::new('--notify-before', '--notify-before', [CompletionResultType]::ParameterName, 'Count the secret as due this long before its rotation date; shorter than the period [default: due on the date]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value from the OS''s generator: 32 letters and digits (190 bits) unless --length, --charset, --symbols or --words say otherwise. Each character adds log2(set size) bits: 5.95 for letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9')
            [CompletionResult]::new('--symbols', '--symbols', [CompletionResultType]::ParameterName, 'Add ASCII punctuation to the generated characters (no quotes, backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~')
            [CompletionResult]::new('--no-confirm', '--no-confirm', [CompletionResultType]::ParameterName, 'At the hidden prompt, ask for the value once instead of twice')
            [CompletionResult]::new('--no-expiry', '--no-expiry', [CompletionResultType]::ParameterName, 'Remove the expiry date')
            [CompletionResult]::new('--no-rotation', '--no-rotation', [CompletionResultType]::ParameterName, 'Remove the rotation policy')
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
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
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
            [CompletionResult]::new('--length', '--length', [CompletionResultType]::ParameterName, 'Length of a generated value, in characters [default: 32]')
            [CompletionResult]::new('--charset', '--charset', [CompletionResultType]::ParameterName, 'Draw generated characters from CHARS: a set (alnum, the default; alpha, lower, upper, digits, hex, base32) or the characters themselves (at least two different ones)')
            [CompletionResult]::new('--words', '--words', [CompletionResultType]::ParameterName, 'Generate a passphrase of N words [default: 6, 77 bits] from EFF''s long word list (7,776 words, 12.9 bits each)')
            [CompletionResult]::new('--separator', '--separator', [CompletionResultType]::ParameterName, 'What joins the words of a passphrase [default: -]')
            [CompletionResult]::new('--command', '--command', [CompletionResultType]::ParameterName, 'Make each new value with CMD, run through `sh -c` once per secret with COFFER_SECRET_NAME in its environment and the old value on its stdin (never in arguments or environment). What it prints is the new value (one trailing newline dropped, as `-` does; binary output is kept byte for byte). A command that fails, prints nothing, prints more than 1 MiB or outlives --timeout (then it is killed) leaves the secret unchanged')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long --command may run for one secret')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Generate a random value from the OS''s generator: 32 letters and digits (190 bits) unless --length, --charset, --symbols or --words say otherwise. Each character adds log2(set size) bits: 5.95 for letters and digits, 6.5 with --symbols, 4 for hex; each word 12.9')
            [CompletionResult]::new('--symbols', '--symbols', [CompletionResultType]::ParameterName, 'Add ASCII punctuation to the generated characters (no quotes, backslash, backtick or space): !#$%&()*+,-./:;<=>?@[]^_{|}~')
            [CompletionResult]::new('--no-confirm', '--no-confirm', [CompletionResultType]::ParameterName, 'At the hidden prompt, ask for the value once instead of twice')
            [CompletionResult]::new('--due', '--due', [CompletionResultType]::ParameterName, 'Rotate every secret that is due (see secrets:list --due; disabled ones included), with --generate or --command; one line per secret, and the others go on when one fails. Each commits on its own. Exit 0 when all rotated (or none was due), else the first failure''s code (1 for a failed command)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'With --due: list what would be rotated; change and run nothing')
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
        'coffer;secrets:rename' {
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
        'coffer;secrets:search' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--deleted', '--deleted', [CompletionResultType]::ParameterName, 'Search deleted secrets too')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;secrets:destroy' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'The version whose value to erase (not the current one)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask: destroy without a confirmation (required off a terminal)')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;audit:logs' {
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Only rows about this kind of resource')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only rows with this action')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Only rows about this secret (and, for a renamed secret, its rows under the names it had before)')
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
            [CompletionResult]::new('--policy', '--policy', [CompletionResultType]::ParameterName, 'Which version is current for secrets both clones changed, for this sync only [default: the vault''s, see sync:policy]')
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
        'coffer;sync:policy' {
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
        'coffer;scan' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--no-hidden', '--no-hidden', [CompletionResultType]::ParameterName, 'Skip hidden files and folders (names starting with `.`), which are searched by default (`.git/` never is)')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Search files that .gitignore, .ignore or .git/info/exclude leave out')
            [CompletionResult]::new('--binary', '--binary', [CompletionResultType]::ParameterName, 'Search binary files (those holding a NUL byte) too')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'Search hidden files too: the default since coffer 0.2.1; kept so that scripts that give it go on working')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;run' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Also pass every secret whose name starts with PREFIX')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Also pass every secret with this tag (repeatable: all must match)')
            [CompletionResult]::new('--env', '--env', [CompletionResultType]::ParameterName, 'Pass secret NAME as variable VAR (repeatable)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--mask', '--mask', [CompletionResultType]::ParameterName, 'Replace every value in the program''s stdout and stderr with *****')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;inject' {
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'The template (`-` for stdin)')
            [CompletionResult]::new('--in', '--in', [CompletionResultType]::ParameterName, 'The template (`-` for stdin)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here (0600) instead of stdout')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here (0600) instead of stdout')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace OUT if it exists')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Only names starting with PREFIX')
            [CompletionResult]::new('--tag', '--tag', [CompletionResultType]::ParameterName, 'Only secrets with this tag (repeatable: all must match)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here (0600, the reads recorded before any value reaches the disk) instead of stdout')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write here (0600, the reads recorded before any value reaches the disk) instead of stdout')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Every secret in every state with all its facts and every version (JSON, "format": "coffer-history-1"; see coffer-export(1)), which `coffer import` restores into an empty vault')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace FILE if it exists')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;import' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read a pass or passage store in the folder FILE|DIR')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--on-conflict', '--on-conflict', [CompletionResultType]::ParameterName, 'What to do with a name the vault already has')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be created, updated and skipped; change nothing')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;unlock' {
            [CompletionResult]::new('--ttl', '--ttl', [CompletionResultType]::ParameterName, 'How long the identity stays unlocked')
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
        'coffer;lock' {
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
        'coffer;agent:serve' {
            [CompletionResult]::new('--socket', '--socket', [CompletionResultType]::ParameterName, 'The socket to listen on')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'The identity file it holds (canonical)')
            [CompletionResult]::new('--ttl-secs', '--ttl-secs', [CompletionResultType]::ParameterName, 'Seconds until it exits')
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
        'coffer;man' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'With --install: the man folder to write into (pages go to DIR/man1 and DIR/man5) [default: the binary''s folder/../share/man]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/coffer/vault.age]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'Your age identity file [default: $XDG_CONFIG_HOME/coffer/identity.txt]')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the identity''s passphrase from the first line of FILE instead of prompting')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another coffer process using the vault')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Pin what the vault must be: a head the audit log must still hold (SEQ:HASH, from `audit:checkpoint`), or a signing key to trust as its writer (ed25519:HEX, from `coffer status`). Comma-separated or repeated; applies to every command')
            [CompletionResult]::new('--install', '--install', [CompletionResultType]::ParameterName, 'Write every page into share/man beside the binary''s folder, where `man` finds them from PATH')
            [CompletionResult]::new('--read-only', '--read-only', [CompletionResultType]::ParameterName, 'Read a vault you cannot write (a read-only mount): no lock, nothing appended, so reads are NOT recorded in the audit log; commands that change the vault are refused (exit 4)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'coffer;check' {
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'Report secrets that expire within DURATION')
            [CompletionResult]::new('--unused-for', '--unused-for', [CompletionResultType]::ParameterName, 'Report secrets nobody read for DURATION (never-read ones older than DURATION included) [default: not checked]')
            [CompletionResult]::new('--recent', '--recent', [CompletionResultType]::ParameterName, 'How far back to look for reads of disabled secrets')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit 1 when the report holds any of these categories (comma separated)')
            [CompletionResult]::new('--notify-command', '--notify-command', [CompletionResultType]::ParameterName, 'When the report is not clean, run CMD through `sh -c` with the JSON report on its stdin (its output goes to stderr); recorded in the audit log as `notified` with its exit status. A failing CMD is a warning and exit 1')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the notify command may run before it is killed')
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
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
