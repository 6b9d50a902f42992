"""Test settings: the real settings with fast password hashing and synchronous tasks."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("GONGKAI_DATA_DIR", tempfile.mkdtemp(prefix="gongkai-test-"))
os.environ.setdefault("GONGKAI_SECRET_KEY", "test-only-secret-key-not-for-production")
# Tests move DATA_DIR around; the field-encryption key must not move with it.
os.environ.setdefault("GONGKAI_FIELD_KEY", "test-only-field-key-not-for-production")

from config.settings import *  # noqa: F403
from config.settings import DATA_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(DATA_DIR) / "files"
AXES_ENABLED = True
ALLOWED_HOSTS = ["*"]
