#!/usr/bin/env python3
"""Golden vectors for journal records (man 5 coffer-vault, RECORDS), computed
independently of coffer with Python's `msgpack` (pip install msgpack),
hashlib and the `cryptography` package (pip install cryptography):

  payload = msgpack([time, [{op: [fields]}, ...]])
            or msgpack([time, [ops], [[device, seq], ...]]): the checkpoint
            the record was written on, left out when it folded in none
  header  = [1, device, seq, lamport, [parent ids], author, salt]
  key     = HKDF-SHA256(salt=salt, ikm=journal_key, info=b"coffer-record-v1", 32)
  sealed  = ChaCha20-Poly1305(key, nonce=12 zero bytes, payload,
              aad=b"coffer-record-v1\\0" || vault_id || msgpack(header))
  body    = msgpack(header + [sealed])
  stored  = msgpack([body, Ed25519(seed, b"coffer-record-v1\\0" || vault_id || body)])
  id      = SHA-256(stored)

Run from the repository root to regenerate tests/vectors/record_v1.json:

  python3 tests/vectors/record_v1.py > tests/vectors/record_v1.json
"""
import hashlib
import json

import msgpack
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DOMAIN = b"coffer-record-v1\0"
SEED = bytes(range(32))
VAULT_ID = bytes.fromhex("58e140bceceac0a24471dd76bd2d4132")
JOURNAL_KEY = bytes(range(100, 132))


def record(device, seq, lamport, parents, salt, payload):
    key = Ed25519PrivateKey.from_private_bytes(SEED)
    author = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    header = [1, device, seq, lamport, parents, author, salt]
    aad = DOMAIN + VAULT_ID + msgpack.packb(header)
    k = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"coffer-record-v1").derive(
        JOURNAL_KEY
    )
    sealed = ChaCha20Poly1305(k).encrypt(b"\0" * 12, payload, aad)
    body = msgpack.packb(header + [sealed])
    stored = msgpack.packb([body, key.sign(DOMAIN + VAULT_ID + body)])
    return {
        "device": device.hex(),
        "seq": seq,
        "lamport": lamport,
        "parents": [p.hex() for p in parents],
        "salt": salt.hex(),
        "payload": payload.hex(),
        "stored": stored.hex(),
        "id": hashlib.sha256(stored).hexdigest(),
    }


def main():
    device = bytes.fromhex("0011223344556677")
    # The first record after a checkpoint that folded none: no parent.
    create = msgpack.packb(
        [
            1795910000,
            [
                {"secret": ["prod/db/password", "password", None, 1795910000, "owner", None, 1803686000]},
                {"tags": ["prod/db/password", ["db", "prod"]]},
                {"metadata": ["prod/db/password", "owner", "backend-team"]},
                {"version": ["prod/db/password", 1, b"hunter2", 1795910000, "owner", "create", None]},
                {
                    "audit": [
                        1795910000,
                        "owner",
                        "created",
                        "secrets",
                        "prod/db/password",
                        1,
                        {"fingerprint": "ab" * 32, "state": "cd" * 32, "type": "password"},
                    ]
                },
            ],
        ]
    )
    first = record(device, 1, 1, [], bytes(range(16)), create)
    # An audited read on top of it.
    read = msgpack.packb(
        [
            1795910060,
            [
                {
                    "audit": [
                        1795910060,
                        "owner",
                        "accessed",
                        "secrets",
                        "prod/db/password",
                        1,
                        {"fingerprint": "ab" * 32},
                    ]
                },
                {"field": ["prod/db/password", "expires_at", None, 1795910060]},
                {"touch": ["prod/db/password", 1795910060]},
            ],
        ]
    )
    second = record(device, 2, 2, [bytes.fromhex(first["id"])], bytes(range(16, 32)), read)
    # A record written on a checkpoint that folded in records: the payload
    # names it, [[device, seq], ...] by ascending device (left out, as
    # above, when it folded in none).
    other = bytes.fromhex("8899aabbccddeeff")
    touch = msgpack.packb(
        [
            1795910120,
            [{"touch": ["prod/db/password", 1795910120]}],
            [[device, 2], [other, 300]],
        ]
    )
    third = record(device, 3, 3, [bytes.fromhex(second["id"])], bytes(range(32, 48)), touch)
    json.dump(
        {
            "signing_seed": SEED.hex(),
            "vault_id": VAULT_ID.hex(),
            "journal_key": JOURNAL_KEY.hex(),
            "records": [first, second, third],
        },
        __import__("sys").stdout,
        indent=1,
    )
    print()


if __name__ == "__main__":
    main()
