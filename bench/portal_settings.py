"""Settings for ``bench.portal``'s second gunicorn: the instance's settings with the
public page cache turned off, to measure rendering itself."""

from config.settings import *  # noqa: F403

GONGKAI_PAGE_CACHE_SECONDS = 0
