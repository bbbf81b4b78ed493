"""What the documents app tells the apps above it, without importing them."""

from django.dispatch import Signal

# Sent with ``document`` when a document is registered or its fields corrected:
# whatever indexes documents (the portal's search) refreshes its entry.
document_changed = Signal()
