"""Encryption at rest of the applicant's personal data.

The ID number, the contact details and the uploaded 身份证明 are encrypted with
Fernet (AES-128-CBC + HMAC-SHA256). The key is derived with HKDF-SHA256 from the
``GONGKAI_FIELD_KEY`` environment variable when it is set, else from the key file
``GONGKAI_DATA_DIR/keys/field.key`` (generated on first use, readable by the owner
only). The key file is part of every backup and is put in place before a restore
loads any data, so a restored instance reads its applicants' data.

Two more keys come from the same secret: one for keyed hashes (HMAC) of the
applicant's identity (to count an applicant's applications in a month without
decrypting anything) and of the tracking check (last digits of the phone, e-mail).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import secrets
import uuid
from base64 import urlsafe_b64encode
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

PRIVATE_DIR = "private/disclosures"
_SALT = b"gongkai.disclosures.v1"


KEY_FILE = Path("keys") / "field.key"


def _secret() -> bytes:
    value = os.environ.get("GONGKAI_FIELD_KEY")
    if value:
        return value.encode("utf-8")
    path = Path(settings.DATA_DIR) / KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip().encode("utf-8")


@functools.cache
def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=info).derive(
        secret
    )


def _fernet() -> Fernet:
    return Fernet(urlsafe_b64encode(_derive(_secret(), b"fernet")))


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    try:
        return _fernet().decrypt(token)
    except InvalidToken:
        raise ValueError(
            "无法解密：密钥与加密时不同。请确认 GONGKAI_FIELD_KEY 或数据目录中的 keys/field.key 未被更换。"
        ) from None


def encrypt_text(value: str) -> str:
    return encrypt_bytes(value.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode("utf-8")


def keyed_hash(purpose: str, value: str) -> str:
    """A keyed, stable hash (HMAC-SHA256, hex) of ``value`` for ``purpose``."""
    key = _derive(_secret(), b"hmac")
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def hashes_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


class EncryptedTextField(models.TextField[str, str]):
    """A text column stored encrypted; Python sees the plain text.

    The stored token is different on every save, so the column can be neither
    searched nor indexed: use a ``keyed_hash`` column beside it for look-ups.
    """

    description = "Encrypted text"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))


# --- files ---------------------------------------------------------------------------


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / PRIVATE_DIR


def store_encrypted_file(data: bytes, year: int) -> str:
    """Encrypt ``data`` into MEDIA_ROOT/private/disclosures/<year>/<uuid>.bin; return the
    path relative to MEDIA_ROOT. Never served by any URL."""
    relative = f"{PRIVATE_DIR}/{year}/{uuid.uuid4().hex}.bin"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encrypt_bytes(data))
    path.chmod(0o600)
    return relative


def read_encrypted_file(relative: str) -> bytes:
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if not path.is_relative_to(_root().resolve()):
        raise ValueError("文件路径不在加密存储目录中。")
    return decrypt_bytes(path.read_bytes())
