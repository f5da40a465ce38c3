#!/usr/bin/env python3
"""An independent reader of a coffer vault, written from `man 5 coffer-vault`
alone (man/coffer-vault.5): it decrypts the checkpoint with the age CLI,
reads it with sqlite3, then checks and replays the journal beside it.

Uses the `age` CLI, Python's sqlite3, hashlib and hmac, `msgpack`
(pip install msgpack) and `cryptography` (pip install cryptography).

  python3 tests/read_vault.py VAULT.age IDENTITY

prints JSON: every secret (deleted ones too) with its type, tags, whether it
is deleted or enabled, and its versions (number, kind, SHA-256 of the value;
never a value), plus the audit row count and how many records it replayed.
Any check that fails raises. tests/it/journal.rs compares the result with
what coffer itself lists.
"""
import hashlib
import hmac
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

import msgpack
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DOMAIN = b"coffer-record-v1\0"
MAX_FRAME = 64 * 1024 * 1024


def read_checkpoint(vault, identity):
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o700)
        path = os.path.join(tmp, "checkpoint.db")
        subprocess.run(["age", "-d", "-i", identity, "-o", path, vault], check=True)
        db = sqlite3.connect(path)
        try:
            (app,) = db.execute("PRAGMA application_id").fetchone()
            (schema,) = db.execute("PRAGMA user_version").fetchone()
            assert app == 0x43464652, "not a coffer vault"
            assert schema in (4, 5), f"schema {schema}, this reader knows 4 and 5"
            meta = dict(db.execute("SELECT key, value FROM meta"))
            keys = {k for (k,) in db.execute("SELECT signing_key FROM member")}
            names = {}
            secrets = {}
            for sid, name, kind, enabled, deleted in db.execute(
                "SELECT id, name, type, enabled, deleted_at FROM secret"
            ):
                names[sid] = name
                secrets[name] = {
                    "name": name,
                    "type": kind,
                    "enabled": bool(enabled),
                    "deleted": deleted is not None,
                    "tags": [],
                    "versions": [],
                }
            for sid, number, value, kind in db.execute(
                "SELECT secret_id, number, value, kind FROM version ORDER BY secret_id, number"
            ):
                secrets[names[sid]]["versions"].append(version(number, value, kind))
            for sid, tag in db.execute("SELECT secret_id, tag FROM tag ORDER BY tag"):
                secrets[names[sid]]["tags"].append(tag)
            (rows,) = db.execute("SELECT COUNT(*) FROM audit").fetchone()
        finally:
            db.close()
    return meta, keys, secrets, rows


def version(number, value, kind):
    return {"number": number, "kind": kind, "sha256": hashlib.sha256(value).hexdigest()}


def parse_head(text):
    if not text:
        return None
    rid, lamport = text.split(":")
    return bytes.fromhex(rid), int(lamport)


def parse_frontier(text):
    out = {}
    for item in text.split():
        device, seq, rid = item.split(":")
        out[bytes.fromhex(device)] = (int(seq), bytes.fromhex(rid))
    return out


def read_logs(folder, frontier):
    """Every record after the frontier, as (lamport, device, id, fields, stored)."""
    pending = []
    if not os.path.isdir(folder):
        return pending
    for name in sorted(os.listdir(folder)):
        stem = name[:-4] if name.endswith(".log") else ""
        if len(stem) != 16 or stem != stem.lower():
            continue
        try:
            device = bytes.fromhex(stem)
        except ValueError:
            continue
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        at, expect = 0, None
        if device in frontier:
            expect = frontier[device][0] + 1
        while len(data) - at >= 4:
            n = int.from_bytes(data[at : at + 4], "big")
            if n == 0 or n > MAX_FRAME or len(data) - at - 4 < n:
                break  # the torn tail
            stored = data[at + 4 : at + 4 + n]
            try:
                body, signature = msgpack.unpackb(stored)
                fields = msgpack.unpackb(body)
            except Exception:
                break  # the torn tail
            at += 4 + n
            fmt, dev, seq, lamport, parents, author, salt, sealed = fields
            assert fmt == 1, "a record of a newer format"
            assert dev == device, "a record in another device's log"
            rid = hashlib.sha256(stored).digest()
            if device in frontier and seq <= frontier[device][0]:
                if seq == frontier[device][0]:
                    assert rid == frontier[device][1], "the log differs from the checkpoint"
                continue
            assert expect is None or seq == expect, "a record is missing"
            expect = seq + 1
            pending.append((lamport, device, rid, fields, body, signature))
    pending.sort(key=lambda r: (r[0], r[1], r[2]))
    return pending


def replay(meta, keys, secrets, rows, folder):
    vault_id = bytes.fromhex(meta["vault_id"])
    journal_key = bytes.fromhex(meta["journal_key"])
    hmac_key = bytes.fromhex(meta["hmac_key"])
    head = parse_head(meta["journal_head"])
    records = read_logs(folder, parse_frontier(meta["journal_frontier"]))
    for lamport, device, rid, fields, body, signature in records:
        fmt, dev, seq, lamport, parents, author, salt, sealed = fields
        want = ([head[0]], head[1] + 1) if head else ([], 1)
        assert (parents, lamport) == want, "records out of chain"
        assert "ed25519:" + author.hex() in keys, "signed by no member"
        Ed25519PublicKey.from_public_bytes(author).verify(signature, DOMAIN + vault_id + body)
        aad = DOMAIN + vault_id + msgpack.packb([fmt, dev, seq, lamport, parents, author, salt])
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"coffer-record-v1").derive(
            journal_key
        )
        # [time, ops], or [time, ops, [[device, seq], ...]]: the checkpoint
        # the record was written on (left out when it folded in none).
        payload = msgpack.unpackb(ChaCha20Poly1305(key).decrypt(b"\0" * 12, sealed, aad))
        assert len(payload) in (2, 3), "payload of another shape"
        time, ops = payload[0], payload[1]
        for op in ops:
            ((kind, args),) = op.items()
            if kind == "secret":
                name, typ = args[0], args[1]
                secrets[name] = {
                    "name": name,
                    "type": typ,
                    "enabled": True,
                    "deleted": False,
                    "tags": [],
                    "versions": [],
                }
            elif kind == "version":
                name, number, value, _at, _by, vkind, _source = args
                versions = secrets[name]["versions"]
                assert number == len(versions) + 1, "a version out of order"
                versions.append(version(number, value, vkind))
                fingerprint = hmac.new(hmac_key, value, hashlib.sha256).hexdigest()
                assert any(
                    "audit" in o
                    and o["audit"][4] == name
                    and o["audit"][5] == number
                    and o["audit"][6].get("fingerprint") == fingerprint
                    for o in ops
                ), "a version without its audit row"
            elif kind == "tags":
                secrets[args[0]]["tags"] = sorted(args[1])
            elif kind == "field":
                name, field, value, _at = args
                if field == "deleted_at":
                    secrets[name]["deleted"] = value is not None
                elif field == "enabled":
                    secrets[name]["enabled"] = value == 1
            elif kind == "audit":
                rows += 1
                if args[3] == "secrets" and args[2] == "accessed":
                    secrets[args[4]]["last_read_at"] = args[0]
        head = (rid, lamport)
    return secrets, rows, len(records)


def main():
    vault, identity = sys.argv[1], sys.argv[2]
    meta, keys, secrets, rows = read_checkpoint(vault, identity)
    stem = vault[:-4] if vault.endswith(".age") else vault
    secrets, rows, records = replay(meta, keys, secrets, rows, stem + ".journal")
    out = {
        "secrets": [secrets[n] for n in sorted(secrets)],
        "audit_rows": rows,
        "records": records,
    }
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
