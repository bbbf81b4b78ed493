"""What the documents app tells whoever listens, without importing them."""

from django.dispatch import Signal

# Sent with ``import_id``, ``page`` and ``pages`` each time the background import
# has recorded that it reads page ``page`` of ``pages`` (outside any transaction).
import_progressed = Signal()
