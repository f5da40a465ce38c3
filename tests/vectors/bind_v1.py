#!/usr/bin/env python3
"""Golden vectors for what binds a vault's data and writer, computed
independently of coffer (src/audit/bind.rs, src/vault/sign.rs).

Uses Python's `msgpack` (pip install msgpack), hashlib and hmac, and the
`cryptography` package (pip install cryptography) for HKDF and Ed25519:

  state      = SHA-256(msgpack(["coffer-secret-state-v1", name, type,
                 description|nil, enabled, deleted_at|nil, activates_at|nil,
                 expires_at|nil, rotation_period|nil, rotation_notify|nil,
                 created_at, created_by, newest_version, [tags sorted],
                 {metadata sorted}]))
  members    = SHA-256(msgpack(["coffer-members-v1",
                 [[name, recipient, role, signing_key|nil], ... by recipient]]))
  key_check  = HMAC-SHA256(key, b"coffer-key-check-v1")
  seed       = HKDF-SHA256(salt=b"coffer-signing-key-v1",
                 ikm=identity "AGE-SECRET-KEY-1..." as ASCII, info=b"ed25519", 32)
  signature  = Ed25519(seed, b"coffer-vault-signature-v1\\0" || vault_id
                 || b"\\0" || "SEQ:HASH")

Run from the repository root to regenerate tests/vectors/bind_v1.json:

  python3 tests/vectors/bind_v1.py > tests/vectors/bind_v1.json
"""
import hashlib
import hmac
import json

import msgpack
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def sha(b):
    return hashlib.sha256(b).hexdigest()


def state(f):
    return sha(msgpack.packb([
        "coffer-secret-state-v1", f["name"], f["kind"], f["description"], f["enabled"],
        f["deleted_at"], f["activates_at"], f["expires_at"], f["rotation_period"],
        f["rotation_notify"], f["created_at"], f["created_by"], f["version"],
        sorted(f["tags"]), dict(sorted(f["metadata"].items())),
    ], use_bin_type=True))


facts = [
    dict(name="DATABASE_URL", kind="generic", description=None, enabled=True,
         deleted_at=None, activates_at=None, expires_at=None, rotation_period=None,
         rotation_notify=None, created_at=1764201601, created_by="alice", version=1,
         tags=[], metadata={}),
    dict(name="prod/db/password", kind="password",
         description="primary \u00e9t\u00e9 \U0001f511", enabled=False,
         deleted_at=1764300000, activates_at=1764201600, expires_at=4102444800,
         rotation_period=2592000, rotation_notify=604800, created_at=1764201601,
         created_by="bob", version=4294967296, tags=["database", "production"],
         metadata={"owner": "backend-team", "a": "", "ticket": "OPS-12"}),
]
for f in facts:
    f["state"] = state(f)

members = [
    ["alice", "age1aaa", "admin", "ed25519:" + "11" * 32],
    ["bob", "age1bbb", "viewer", None],
]
members_digest = sha(msgpack.packb(["coffer-members-v1", sorted(members, key=lambda m: m[1])],
                                   use_bin_type=True))

key = bytes(range(32))
key_check = hmac.new(key, b"coffer-key-check-v1", hashlib.sha256).hexdigest()

identity = "AGE-SECRET-KEY-1GQ9778VQXMMJVE8SK7J6VT8UJ4HDQAJUVSFCWCM02D8GEWQ72PVQ2Y5J33"
seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"coffer-signing-key-v1",
            info=b"ed25519").derive(identity.encode())
private = Ed25519PrivateKey.from_private_bytes(seed)
public = private.public_key().public_bytes(serialization.Encoding.Raw,
                                           serialization.PublicFormat.Raw)
vault_id = "00112233445566778899aabbccddeeff"
head = "9:" + "ab" * 32
message = b"coffer-vault-signature-v1\0" + vault_id.encode() + b"\0" + head.encode()

print(json.dumps({
    "facts": facts,
    "members": members,
    "members_digest": members_digest,
    "key": key.hex(),
    "key_check": key_check,
    "identity": identity,
    "signing_key": "ed25519:" + public.hex(),
    "vault_id": vault_id,
    "head": head,
    "signature": private.sign(message).hex(),
}, indent=1, ensure_ascii=False))
