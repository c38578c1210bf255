"""Personal data: ID-number validation, encryption at rest, blind index, masking.

The ID number (身份证号) is sensitive personal information (PIPL). It is stored only as
AES-GCM ciphertext plus a keyed HMAC "blind index" for duplicate lookup, and shown masked.
"""
import base64
import hashlib
import hmac
import os
import re
import unicodedata
from datetime import date

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
# [0-9], not \d: \d also matches full-width and other scripts' digits, which int() accepts, so
# "１５０１…" would pass the check and get a blind index of its own (the same person twice).
_ID_PATTERN = re.compile(r"^[0-9]{17}[0-9X]$")
PHONE_PATTERN = re.compile(r"^1[3-9][0-9]{9}$")


class IdNumberError(ValueError):
    """Carries a Chinese message and a stable code."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def normalize_id_number(raw):
    """NFKC (full-width "１５０１…ｘ" → "1501…X"), trimmed, upper case: one spelling per person."""
    return unicodedata.normalize("NFKC", raw or "").strip().upper()


def id_check_char(first17):
    return _CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=False)) % 11]


def parse_id_number(raw, *, today=None, min_age=None, max_age=None):
    """Validate an 18-character ID number (GB 11643); return (number, birth_date, gender)."""
    number = normalize_id_number(raw)
    if not _ID_PATTERN.match(number):
        raise IdNumberError("id_number_format", "身份证号码应为18位，最后一位可以是数字或X")
    if id_check_char(number[:17]) != number[17]:
        raise IdNumberError("id_number_invalid", "身份证号码校验位错误，请核对后重新输入")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError("id_number_birth_date", "身份证号码中的出生日期无效") from None
    today = today or date.today()
    if birth > today:
        raise IdNumberError("id_number_birth_date", "身份证号码中的出生日期无效")
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if min_age is not None and age < min_age:
        raise IdNumberError("age_out_of_range", f"申请人须年满{min_age}周岁")
    if max_age is not None and age > max_age:
        raise IdNumberError("age_out_of_range", f"申请人年龄不能超过{max_age}周岁")
    gender = "male" if int(number[16]) % 2 else "female"
    return number, birth, gender


def _aes_key():
    return base64.b64decode(current_app.config["FIELD_ENCRYPTION_KEY"])


def encrypt_text(plain):
    """AES-256-GCM; the stored form is base64(nonce ‖ ciphertext ‖ tag)."""
    nonce = os.urandom(12)
    sealed = AESGCM(_aes_key()).encrypt(nonce, plain.encode("utf-8"), None)
    return base64.b64encode(nonce + sealed).decode("ascii")


def decrypt_text(stored):
    """The plain text, with the current key or (during a key rotation) one of FIELD_ENCRYPTION_OLD_KEYS."""
    raw = base64.b64decode(stored)
    old = [base64.b64decode(k) for k in current_app.config.get("FIELD_ENCRYPTION_OLD_KEYS") or ()]
    for key in (_aes_key(), *old):
        try:
            return AESGCM(key).decrypt(raw[:12], raw[12:], None).decode("utf-8")
        except InvalidTag:
            continue
    raise InvalidTag("no configured key opens this value")


def reencrypt_text(stored):
    """The value sealed again with the current key (the rotation's step for one value)."""
    return encrypt_text(decrypt_text(stored))


def blind_index(value):
    """Keyed HMAC-SHA256 of the normalised value: equal inputs match, the value stays hidden."""
    key = current_app.config["BLIND_INDEX_KEY"].encode("utf-8")
    return hmac.new(key, normalize_id_number(value).encode("utf-8"), hashlib.sha256).hexdigest()


def mask_id_number(region, tail):
    """150102********123X: the region code and the last four characters, as every screen shows it."""
    return f"{region}********{tail}"


def mask_phone(phone):
    """138****5678."""
    if not phone:
        return None
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "*" * len(phone)


def mask_name(name):
    """张*明 / 李*: keep the family name (and the last character of longer names)."""
    if not name:
        return None
    if len(name) <= 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
