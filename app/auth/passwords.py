"""The password rule for officer accounts: at least 10 characters and not a well-known password."""
import secrets
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 10
_COMMON_FILE = Path(__file__).with_name("data") / "common_passwords.txt"


@lru_cache(maxsize=1)
def common_passwords():
    """The list of common passwords (lower case), read once."""
    lines = _COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password):
    """None when `password` may be used, otherwise the Chinese message saying why not."""
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        return f"密码至少{MIN_LENGTH}位"
    if password.lower() in common_passwords() or len(set(password)) <= 2:
        return "密码过于常见，请换一个不易被猜到的密码"
    return None


def one_time_password():
    """A fresh random password (initial or reset), shown once to whoever hands it over."""
    return secrets.token_urlsafe(12)
