"""The password hasher of the browser tests against gunicorn.

The test suite creates accounts with MD5 (tests/conftest.py), which a production server must
never accept. This hasher writes Django's own `pbkdf2_sha256` format with a single round: the
server's default hasher (PBKDF2PasswordHasher) reads the round count from the stored hash, so it
accepts these accounts with its production settings untouched — and, as with any hash of an
older round count, re-hashes the password at full strength on the first login."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneRoundPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1
