"""Signals fired by publication services after commit, for derived data."""

from django.dispatch import Signal

# Sent with ``record_id`` whenever what the public may see of a record could have
# changed (published, withdrawn, validity changed). Receivers: search, static site.
record_changed = Signal()
