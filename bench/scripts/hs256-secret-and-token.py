#!/usr/bin/env python3
"""Writes a random HS256 secret to SECRET_FILE and prints a token signed with it.

  bench/scripts/hs256-secret-and-token.py SECRET_FILE SUBJECT [TTL_SECONDS]

The secret file holds the key's raw bytes with no trailing newline (servers use the file verbatim as
the HMAC key); the token carries `sub` and an `exp` TTL_SECONDS (default 7200) from now.
"""
import base64, hashlib, hmac, json, secrets, sys, time

path, subject = sys.argv[1], sys.argv[2]
ttl = int(sys.argv[3]) if len(sys.argv) > 3 else 7200
key = secrets.token_hex(32).encode()
with open(path, "wb") as f:
    f.write(key)
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
body = b64(json.dumps({"sub": subject, "exp": int(time.time()) + ttl}).encode())
sig = b64(hmac.new(key, f"{head}.{body}".encode(), hashlib.sha256).digest())
print(f"{head}.{body}.{sig}")
