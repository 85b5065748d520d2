"""How passwords are stored: Argon2id with the parameters OWASP's Password Storage Cheat Sheet lists
first (19 MiB of memory, 2 passes, 1 lane).

Django's own Argon2 hasher uses 100 MiB and 8 lanes, and its PBKDF2 hasher (the default) 1 000 000
rounds of SHA-256: each costs about 0.25–0.3 s of CPU per sign-in. On a two-core server twenty
people signing in at nine o'clock then took the whole machine for several seconds, and every page
asked for meanwhile waited. Argon2id at these parameters costs about 25 ms, and its memory cost is
what makes guessing on graphics cards expensive, which PBKDF2's rounds are not.

The algorithm's name stays "argon2", so the hashes are Django's own format: a password stored with
other parameters (Django's, or older ones) is checked with the parameters in its hash and stored
again with these at the next sign-in, as are the PBKDF2 hashes of users created before this hasher
(config/settings.py keeps PBKDF2 in PASSWORD_HASHERS for that)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
