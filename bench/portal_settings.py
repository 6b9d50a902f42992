"""Settings for ``bench.portal --settings bench.portal_settings``: the instance's
settings with SQLite connections kept between requests (``CONN_MAX_AGE`` 60 s, as the
PostgreSQL ones already are), to measure that change before it is made in
config/settings.py (bench/README.md, "portal"). Without it every request opens the
SQLite file, runs the three PRAGMAs, reads the schema, and on closing checkpoints
and deletes the WAL."""

from config.settings import *  # noqa: F403
from config.settings import DATABASES

DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
