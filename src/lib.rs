//! coffer: a command-line secrets manager. A vault is an age-encrypted SQLite
//! checkpoint and a journal of signed records beside it, holding every
//! version of every secret and a hash-chained audit log.
//!
//! The binary is a thin `main`; this library holds the program so that tests,
//! benchmarks and the man page and completion generators share it. What
//! follows is the map a maintainer reads first: what goes in and out, where
//! each thing lives, what one command does from start to end, and where each
//! of coffer's promises is kept. It names modules, not lines. The formats on
//! disk are specified in `man/coffer-vault.5`; what users see, in the README
//! and the man pages made from [`cli`].
//!
//! # Bird's-eye view
//!
//! In: a command line (and `COFFER_*` variables), the user's age identity
//! file, a vault (the checkpoint `vault.age` and its journal folder
//! `vault.journal/`, one `DEVICE.log` per clone), what this machine
//! remembers about vaults (`$XDG_STATE_HOME/coffer/`: heads, trusted keys,
//! the ids seen at each path, this clone's own fold), and for `sync` a git
//! work tree. Out: a value, a table or JSON on stdout; `error: …` and
//! `hint: …` on stderr; one of eight exit codes; for every command that
//! changes the vault or is audited (a read of a value, a listing), one
//! record appended to this device's log (its changes and their audit
//! rows), now and then a new checkpoint
//! that folds the journal in, and the new audit head remembered on this
//! machine. There is no server and nothing runs in the background unless
//! the user starts it (`coffer unlock`'s agent).
//!
//! # Code map
//!
//! From the top down; each layer calls only the ones below it.
//!
//! - `main` (`src/main.rs`): parses with [`cli::command`], words clap's
//!   errors (never echoing what may be a value), calls [`cmd::run`] and maps
//!   the error to its exit code; turns core dumps off first thing. Knows no
//!   command.
//! - [`cli`]: the top-level clap tree only: global options, the
//!   [`cli::Command`] enum (one variant per command, naming its arguments'
//!   type in `cmd`), the top-level examples, ENVIRONMENT, FILES and SECURITY
//!   for coffer(1), and [`cli::examples`], the table from a command's name to
//!   its examples. No logic, no I/O.
//! - [`cmd`]: one file per command (`cmd/GROUP/VERB.rs`, as jj lays them out:
//!   [`cmd::secrets`], [`cmd::audit`], [`cmd::exchange`], and single files for
//!   the rest). Each holds its `#[derive(clap::Args)]` struct, whose doc
//!   comments are its `--help`, its `EXAMPLES`, and its `run`, which reads
//!   like the help text: check the arguments, take a transaction from
//!   [`vault`], do the work through [`store`], record it, print through
//!   [`output`]. A group's `mod.rs` holds what its commands share;
//!   [`cmd::child`] runs user commands (`rotate --command`, `check
//!   --notify-command`). `cmd` never opens the vault's files (see the
//!   absences below) and nothing below it calls it.
//! - [`model`]: the domain's words as types (secret types, fields, states,
//!   merge policies, audit actions and resources, validated names, tags,
//!   metadata, spans, times), which clap's value parsers produce before any
//!   I/O. [`model::Action`] is every action an audit row records, each
//!   variant with its stored word, the resources it is done to, whether it
//!   is a read and the version kind it makes; the team vaults' member,
//!   group, policy and grant actions extend it. Depends on [`error`] and
//!   [`time`] only.
//! - [`store`]: typed reads and writes of what a vault holds, on a
//!   connection `vault` opened, inside the command's one transaction.
//!   [`store::Ctx`] is that transaction's context (who, when, the audit
//!   rows); every change goes through [`store::op`], the operations a journal
//!   record carries, so what a record says and what the command did are one
//!   code path. [`store::rotation`] derives rotation dates. Knows nothing of
//!   files, locks or the journal.
//! - [`vault`]: the only code that touches the vault's files and this
//!   machine's state. `vault/mod.rs` is the small API commands use: where
//!   the files are ([`vault::Location`]), [`vault::transact`] and
//!   [`vault::transact_for`], and [`vault::Vault`]'s opens, writes and
//!   accessors. Each phase of a command is a module beside it, private to
//!   `vault`: opening and replay (`vault/open.rs`), trust in a signer
//!   (`vault/trust.rs`), the anchors this machine remembers
//!   (`vault/anchor.rs`), verification (`vault/verify.rs`), the commit and
//!   append (`vault/commit.rs`) and the fold (`vault/fold.rs`). Below them,
//!   public: the lock ([`vault::lock`]), the checkpoint (`vault/file.rs`,
//!   read through the [`vault::agevfs`] SQLite VFS that decrypts only the
//!   chunks a query touches), the logs ([`vault::journal`]), records
//!   ([`vault::record`]), replay ([`vault::replay`]), the schema and its
//!   hardening ([`vault::schema`]), signatures ([`vault::sign`]), the
//!   identity ([`vault::identity`]), what this machine remembers
//!   ([`vault::state`]) and the rules for a vault tracked in git
//!   ([`vault::shared`]).
//! - [`audit`]: the hash chain: canonical encoding of a row, its hash,
//!   appending and querying rows, binding data to rows ([`audit::bind`]) and
//!   the verifying walk with its report ([`audit::verify`]). Pure: it works
//!   on a connection it is given, opens no file and prints nothing. Rows are
//!   written with typed actions ([`audit::Event`]) and read back with their
//!   action as the text they hold, so a row of an action this coffer does
//!   not know (a newer coffer's) is shown and verified as it is.
//! - [`agent`]: the background process of `coffer unlock` and its client:
//!   unwraps file keys and signs for a passphrase-protected identity,
//!   never hands the identity out. [`vault::identity`] calls it; it calls
//!   nothing in [`vault`].
//! - [`keys`]: the Ed25519 signing key derived from an age identity (whose
//!   signatures [`vault::sign`] writes and checks); [`vault::identity`] and
//!   the [`agent`] both derive it here. Pure, no I/O.
//! - [`output`]: everything printed: tables, JSON, secrets with their values
//!   as `secrets:get` and `export` print them (the JSON entry, env and
//!   dotenv lines, and the refusal of a value a format cannot carry),
//!   warnings and errors on stderr, control characters stripped from what
//!   users typed, a closed pipe as a quiet exit. Depends on [`error`] only.
//! - [`error`]: the one error type (message, hint, [`error::Exit`]) and the
//!   exit code table. Depends on no other module: what it needs to word a
//!   failed SQLite call ([`error::QUERY_BUDGET`], [`error::is_read_failure`])
//!   is defined there and taken from there by [`vault`]. [`time`]: durations and times as users type them.
//!   [`typecheck`]: what a certificate or SSH key says about itself.
//!   [`fsutil`]: private folders.
//! - [`man`] and [`completions`]: man pages and shell scripts generated from
//!   [`cli::command`], committed under `man/` and `completions/`;
//!   [`completions::names`] answers the shells' Tab with secret names, read
//!   as `--read-only` reads (no audit row, no lock, no prompt).
//!
//! Known exception to "only downward", to be removed: `vault` uses
//! [`output`] to warn and to clean names in messages. The circle of
//! [`agent`], [`vault::identity`] and [`vault::sign`] is gone: the signing
//! key both sides need is derived in [`keys`], below both, so `vault` calls
//! [`agent`] and the agent calls nothing in `vault`. So is the circle of
//! [`error`] with [`output`], [`vault::schema`] and [`vault::agevfs`]:
//! [`error`] depends on nothing.
//!
//! # The life of a command
//!
//! Every command that changes the vault or is audited is one record:
//!
//! ```text
//! resolve -> lock -> decrypt checkpoint + replay journal -> verify the unverified tail
//!   -> transaction (work + audit rows) -> record -> append + fsync
//!   -> fold when due -> remember the head -> unlock
//! ```
//!
//! 1. **Resolve.** [`vault::Location::resolve`] turns `--vault`,
//!    `--identity`, `--expect` and the defaults into paths and anchors; the
//!    command checks its own arguments (a template parsed, a value read from
//!    stdin or a prompt) before anything is locked.
//! 2. **Lock.** [`vault::Vault::open_write`] unlocks the identity first
//!    ([`vault::identity`], or through the [`agent`] that holds it; a prompt
//!    never holds the lock), then takes the `flock` on `VAULT.lock`
//!    ([`vault::lock`]), waiting up to `--lock-timeout` (exit 7). Readers
//!    ([`vault::Vault::open_read`], `--read-only`) take no lock and start
//!    over when a writer replaced the checkpoint meanwhile.
//! 3. **Decrypt the checkpoint and replay the journal** (`vault/open.rs`).
//!    The checkpoint is opened through [`vault::agevfs`] (an armored one is
//!    read whole), its SQLite image hardened and its schema checked
//!    ([`vault::schema`]); its signature must verify under a key this machine
//!    trusts ([`vault::sign`], `vault/trust.rs`). In a git work tree this
//!    clone's own fold may stand in for it ([`vault::shared`]). Then the
//!    records after the checkpoint's frontier are read from every
//!    `DEVICE.log`, each checked (signature of a trusted member, seal under
//!    the journal key, changes bound to audit rows) and applied in one order
//!    every clone computes ([`vault::replay`]). A checkpoint older than one
//!    this machine saw is noted as rolled back (`vault/anchor.rs`).
//! 4. **Verify the unverified tail** (`vault/verify.rs`). When this machine
//!    already verified this checkpoint and the anchors still hold, only the
//!    replayed records were new, and they were checked as they were replayed;
//!    otherwise the whole chain is walked ([`audit::verify`]). A log that
//!    does not verify refuses writes and reads alike (exit 6) until
//!    `audit:acknowledge`.
//! 5. **Transaction** (`vault/commit.rs`, as are steps 6 and 7). The
//!    command's work runs in one SQLite transaction through a [`store::Ctx`]:
//!    its changes as [`store::op`] operations and its audit rows, each row
//!    hashed onto the chain ([`audit`]). When the work fails, nothing is
//!    written; when it records nothing (no change, no audit row), nothing is
//!    appended.
//! 6. **Record.** The operations become one record ([`vault::record`]):
//!    sealed under the journal key, signed by the writer's key, chained to
//!    its parent.
//! 7. **Append and fsync.** The transaction commits in memory, then the
//!    record is appended to this device's log and fsynced
//!    ([`vault::journal`]). Only now is the command done; nothing after this
//!    may fail it.
//! 8. **Fold when due** (`vault/fold.rs`). Once the journal holds enough
//!    records or bytes ([`vault::compact_after`], [`vault::COMPACT_BYTES`]),
//!    the image is written to a 0600 temp file, fsynced, renamed over the
//!    checkpoint and the folder fsynced; outside git this device's log is
//!    then cleared. In git every record stays in the tracked logs, and the
//!    fold goes to this clone's own checkpoint in the state folder
//!    ([`vault::shared`]).
//! 9. **Remember the head.** [`vault::Vault::remember`] (`vault/anchor.rs`)
//!    keeps the new audit head in `$XDG_STATE_HOME/coffer/heads/`
//!    ([`vault::state`]), only ever moving it forward.
//! 10. **Unlock.** The lock drops with the [`vault::Vault`], or with the
//!     process however it ends.
//!
//! # Where each promise is kept
//!
//! ## Nothing reported done is lost
//!
//! Success is reported only after the record is fsynced (step 7). A crash
//! leaves at most a torn last frame, which readers ignore and the next
//! writer cuts off ([`vault::journal`]); a fold replaces the checkpoint by
//! rename only after the new one is on disk. The lock serializes writers,
//! so two processes never lose each other's writes. In a git work tree no
//! log is ever cleared and each clone appends to its own, so a merge of two
//! clones is the union of their records, replayed alike everywhere; every
//! version either side made is kept, and the merge policy only decides which
//! is current ([`vault::replay`], [`cmd::sync`], [`cmd::merge_driver`]). Only
//! `secrets:destroy` erases a value, and keeps its fingerprint.
//!
//! ## No value leaks
//!
//! A value is held in `Zeroizing` buffers; it never appears in an error
//! ([`error`]), an audit row (which holds an HMAC fingerprint under the
//! vault's own key, [`audit`]), a table, a diff or `vault:textconv`'s text
//! unless the user asks (`--reveal`). Decrypted pages stay in memory: the
//! VFS refuses journal, WAL and temp files ([`vault::agevfs`]). A child
//! process gets values on its stdin ([`cmd::child`]) or, for `coffer run`,
//! in its environment, never in its arguments; shell completion reads the
//! words typed on stdin ([`completions::names`]). Files coffer makes are
//! 0600 and its folders 0700 ([`fsutil`], [`vault::state`]); an identity
//! others may read is refused; `main` turns core dumps off and the agent
//! locks its memory ([`agent`]).
//!
//! ## Nothing is changed silently
//!
//! - **The audit chain** ([`audit`], [`audit::verify`]): every change and
//!   every read of a value commits with its audit row in the same record,
//!   or not at all. Each row's hash covers the previous one, from a genesis
//!   hash that names the vault id, so a changed, removed, added or
//!   reordered row breaks the chain; [`audit::bind`] records a digest of
//!   each secret's facts and each version's fingerprint in the row that made
//!   it, so data changed without coffer is a break too. Writes fail closed
//!   on a break until `audit:acknowledge` records who looked into it.
//! - **The anchors** ([`vault::state`], `--expect`): a chain inside a file
//!   anyone with the identity can rewrite says nothing of its own length, so
//!   the head this machine last saw (keyed by the vault id, and in a git work
//!   tree by this clone's device too), the ids seen at each path, and heads
//!   pinned with `--expect` (from `audit:checkpoint`) catch truncation,
//!   rollback and forks. In a git work tree, a tracked checkpoint that folded
//!   in less than one this clone saw is refused as rolled back.
//! - **Signatures** ([`vault::sign`], [`vault::record`]): age does not
//!   authenticate the sender, so every checkpoint and every record is signed
//!   with an Ed25519 key derived from the writer's identity, and opening
//!   accepts only keys this machine trusts (the user's own, `vault:trust`,
//!   `COFFER_EXPECT`). A record's signature, seal and audit binding are
//!   checked before it is applied ([`vault::replay`]).
//! - **The image itself** ([`vault::schema`]): SQL planted in a checkpoint
//!   (triggers, views, unexpected objects) is refused before any statement
//!   runs, and queries run under a time budget.
//!
//! # Invariants that are absences
//!
//! - [`audit`] prints nothing and opens no file; it returns reports.
//! - [`store`] knows nothing of files, the lock or the journal; [`model`]
//!   does no I/O at all.
//! - Commands do not open the vault's files: they take a transaction from
//!   [`vault`]. The git-facing ones read what git hands them or tracks
//!   through `vault`'s own readers: `vault:textconv` and
//!   `vault:merge-driver` read the checkpoints and logs git passes in
//!   ([`vault::Vault::read_checkpoint`], [`vault::journal::parse_bytes`]),
//!   and `sync` reads the logs to name what changed. Other files commands
//!   touch are the user's: inject's OUT, import's input, scan's tree, sync's
//!   `.gitattributes`.
//! - Lower layers never call upward: nothing below [`cmd`] names a command
//!   or [`cli`] (except the generators, [`man`] and [`completions`], which
//!   read the tree), and [`cli`] holds no logic.
//! - No clap parsing happens after I/O starts: arguments are validated into
//!   [`model`] types first.
//! - No command spells an audit action: each is a [`model::Action`]
//!   variant, and what depends on it (its word, resources, whether it is a
//!   read, the version it makes, `sync`'s words for it in a commit message)
//!   is an exhaustive match, so a new action does not compile until each is
//!   decided.
//! - Reads that return no value (`status`, `vault:textconv`, completion,
//!   `--read-only`) append nothing; `vault:compact` changes no secret and
//!   adds no audit row.
//! - A vault from a newer coffer is refused, never modified; an older one
//!   migrates forward inside the first write's transaction.
//!
//! # Cross-cutting concerns
//!
//! ## Errors and exit codes
//!
//! One type, [`error::Error`]: what happened, a hint saying what to do, and
//! an [`error::Exit`] (0 ok, 1 failure, 2 usage, 3 not found, 4 denied,
//! 5 cannot decrypt, 6 integrity, 7 conflict). [`error::Exit::ALL`] is the
//! one table that `--help`, the man pages and the README's table (checked by
//! a test) are made from. `main` prints `error: …` and `hint: …`; a closed
//! stdout exits 0 quietly ([`output`]). Values refused by a clap parser are
//! [`model::Invalid`], worded with the flag the user typed.
//!
//! ## Output
//!
//! Commands print through [`output`] only: a table for people, `--format
//! json` for scripts (the shared [`cmd::ShowFormat`]), bare values for
//! `secrets:get`. Strings that came from a vault or a user are cleaned of
//! control characters before they reach a terminal.
//!
//! ## Testing
//!
//! One integration test binary, `tests/it/`, runs the real `coffer` on temp
//! vaults with HOME and the XDG folders in a temp dir (`tests/it/common.rs`),
//! asserting on stdout, stderr and the exit code, then on what the vault
//! holds. insta snapshots pin every `--help` and the words of bad input;
//! `tests/it/generated.rs` fails when `man/` or `completions/` are stale.
//! Independent readers (`tests/read_vault.py`, the golden vectors in
//! `tests/vectors/`) read vaults with the `age` CLI and Python to keep the
//! formats of `man/coffer-vault.5` honest. Tests that need a tool (age,
//! faketime, git, the shells) fail in CI (`COFFER_REQUIRE_TOOLS=1`) rather
//! than skip.
//!
//! ## Cost
//!
//! The budget `benches/vault_ops.rs` measures (whole process, median, a
//! 2-core machine; N secrets of 5 versions and ~10 audit rows each):
//! `secrets:get` (audited) 5, 8 and 15 ms at 1k, 10k and 100k secrets;
//! `secrets:create` / `secrets:update` (p90, folds included) 8, 12 and
//! 25 ms; `secrets:list --tag` 8, 15 and 60 ms; completing a name 30 ms. One
//! audited read adds at most 400 bytes to the journal. That is why the
//! checkpoint is read a chunk at a time ([`vault::agevfs`]) and the journal
//! is folded on what replay costs ([`vault::compact_after`]).
#![deny(unsafe_code)]

pub mod agent;
pub mod audit;
pub mod cli;
pub mod cmd;
pub mod completions;
pub mod error;
pub mod fsutil;
pub mod keys;
pub mod man;
pub mod model;
pub mod output;
pub mod store;
pub mod time;
pub mod typecheck;
pub mod vault;
