"""Signals fired by publication services after commit, for derived data."""

from django.dispatch import Signal

# Sent with ``record_id`` whenever what the public may see of a record could have
# changed (published, withdrawn, validity changed). Receivers: search, static site.
record_changed = Signal()

# The same for many records committed together (a bulk import sends one per batch
# of rows, ``services.IMPORT_BATCH``), with ``record_ids``: a list of ids. Receivers
# handle it as they would ``record_changed`` for each id, in one go.
records_changed = Signal()
