from __future__ import annotations

from django.db import models

from tincoso.units.models import Unit


class SearchEntry(models.Model):
    """One searchable thing of a registered source (``kind``: "item", "document", …).

    ``folded`` is the title and text folded by ``core.text.fold`` (diacritics,
    đ/Đ and case removed, one character for one), which is what SQLite's FTS5
    indexes; PostgreSQL indexes ``title`` and ``text`` through ``unaccent``.
    The table keeps the name it had under publishing (its FTS5 table and
    triggers name it), so moving the model here changed no data.
    """

    kind = models.CharField(max_length=16)
    object_id = models.PositiveBigIntegerField()
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(max_length=16)  # public, members, staff
    type = models.CharField(max_length=64, blank=True)  # item kind or document type
    topics = models.CharField(max_length=500, blank=True)  # " slug slug "
    language = models.CharField(max_length=8, blank=True)
    published_at = models.DateTimeField(null=True, db_index=True)
    expires_at = models.DateTimeField(null=True)
    title = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    folded = models.TextField(blank=True)

    class Meta:
        db_table = "publishing_searchentry"
        # The filters' columns, unit first (every subtree search has one): a narrowed
        # search reads its candidates from this index alone (search/sqlite.py).
        # The same with dates before the type: a subtree over a few months (any type)
        # seeks each unit's stretch of dates instead of reading rows by date.
        indexes = [
            models.Index(
                fields=["unit", "type", "published_at", "kind", "audience", "expires_at"],
                name="search_entry_filters",
            ),
            models.Index(
                fields=["unit", "published_at", "type", "kind", "audience", "expires_at"],
                name="search_entry_dated_filters",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="one_search_entry_per_object"
            )
        ]

    def __str__(self) -> str:
        return self.title
