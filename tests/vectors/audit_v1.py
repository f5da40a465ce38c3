#!/usr/bin/env python3
"""Golden vectors for coffer's audit chain, computed independently of coffer.

Uses Python's `msgpack` package (pip install msgpack) and hashlib, following
man/coffer-vault.5 (the audit table) and src/audit/mod.rs:

  canonical = msgpack([seq, ts, vault_id_hex, actor, action, resource,
                       target|nil, version|nil, {details sorted by key}])
  genesis   = SHA-256(b"coffer-audit-v1" || bytes.fromhex(vault_id_hex))
  hash      = SHA-256(prev_hash || canonical)

Run from the repository root to regenerate tests/vectors/audit_v1.json:

  python3 tests/vectors/audit_v1.py > tests/vectors/audit_v1.json

The vectors pin the format: if coffer's encoding ever changes, every vault's
chain breaks, so tests/it/audit_vectors.rs fails instead.
"""
import hashlib
import json

import msgpack

VAULT_ID = "00112233445566778899aabbccddeeff"


def canonical(vault_id, r):
    details = dict(sorted(r["details"].items()))
    return msgpack.packb(
        [r["seq"], r["ts"], vault_id, r["actor"], r["action"], r["resource"],
         r["target"], r["version"], details],
        use_bin_type=True,
    )


def genesis(vault_id):
    return hashlib.sha256(b"coffer-audit-v1" + bytes.fromhex(vault_id)).digest()


def row(seq, ts, actor, action, resource, target, version, details):
    return dict(seq=seq, ts=ts, actor=actor, action=action, resource=resource,
                target=target, version=version, details=details)


# A chain from genesis: the first rows of a vault's life.
chain_rows = [
    row(1, 1764201600, "alice", "initialized", "vault", None, None,
        {"recipient": "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq"}),
    row(2, 1764201601, "alice", "created", "secrets", "DATABASE_URL", 1,
        {"type": "generic", "fingerprint": "ab" * 32}),
    row(3, 1764201660, "alice", "accessed", "secrets", "DATABASE_URL", 1,
        {"fingerprint": "ab" * 32}),
    row(4, 1764205200, "bob", "listed", "vault", None, None, {"count": "1"}),
    row(5, 1764208800, "bob", "acknowledged", "audit", None, None,
        {"reason": "restored backup \u2014 INC-42 \u00e9t\u00e9", "found": "rolled_back",
         "seq": "5", "why": "older than anchor", "breaks": "0"}),
]

chain = []
prev = genesis(VAULT_ID)
for r in chain_rows:
    c = canonical(VAULT_ID, r)
    h = hashlib.sha256(prev + c).digest()
    chain.append(dict(r, canonical=c.hex(), prev_hash=prev.hex(), hash=h.hex()))
    prev = h

# Single rows at the edges of MessagePack's integer and string formats.
PREV = bytes(range(32))
edge_rows = [
    row(127, 0, "", "created", "secrets", "a", 127, {}),
    row(128, 255, "a" * 31, "updated", "secrets", "b" * 32, 128, {"": ""}),
    row(65535, 65536, "x" * 255, "rotated", "secrets", "c" * 256, 65535, dict({"k": "v" * 300}, **{f"key{i:02}": str(i) for i in range(16)})),
    row(4294967296, 4102444800, "\u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9 \U0001f511", "rolled_back",
        "secrets", "prod/db/password", 4294967296, {"b": "2", "a": "1", "aa": "0"}),
    row(2, -1, "m", "deleted", "secrets", None, None, {}),
]
edges = []
for r in edge_rows:
    c = canonical(VAULT_ID, r)
    edges.append(dict(r, canonical=c.hex(), prev_hash=PREV.hex(),
                      hash=hashlib.sha256(PREV + c).digest().hex()))

# Moving a boundary between two adjacent fields changes the bytes and the hash.
a = row(1, 1, "ab", "c", "secrets", None, None, {})
b = row(1, 1, "a", "bc", "secrets", None, None, {})
boundary = [
    dict(r, canonical=canonical(VAULT_ID, r).hex(),
         hash=hashlib.sha256(genesis(VAULT_ID) + canonical(VAULT_ID, r)).hexdigest())
    for r in (a, b)
]

print(json.dumps({
    "vault_id": VAULT_ID,
    "genesis": genesis(VAULT_ID).hex(),
    "chain": chain,
    "edges": edges,
    "boundary": boundary,
}, indent=1, ensure_ascii=False))
