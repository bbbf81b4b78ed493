"""Search: diacritics, đ/Đ and case ignored, ranked, highlighted, filtered, never leaking.

Runs on whichever engine the database is: SQLite FTS5 in the default run,
PostgreSQL with unaccent in the PostgreSQL run of ``make test``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tincoso import search
from tincoso.conftest import person_with
from tincoso.documents import services as documents
from tincoso.publishing import services
from tincoso.publishing.models import Item
from tincoso.units.models import Role, Unit


@pytest.fixture
def published(tree: dict[str, Unit]) -> dict[str, Item]:
    editor = person_with(Role.EDITOR, tree["province"], "editor")
    approver = person_with(Role.APPROVER, tree["province"], "approver")
    made = {}
    for key, unit, title, body, kind in [
        ("cs", "commune", "Đẩy mạnh THÔNG TIN CƠ SỞ", "Công tác thông tin cơ sở ở xã.", "article"),
        ("du", "committee", "Đảng ủy khối họp", "Đảng ủy Khối các cơ quan tỉnh.", "notice"),
        ("other", "village", "Phòng chống lũ", "Mưa lớn kéo dài ở bản.", "bulletin"),
    ]:
        item = services.create_item(
            editor, tree[unit], services.Draft(title=title, body=body, kind=kind)
        )
        services.submit_for_review(editor, item)
        services.approve(approver, item)
        made[key] = item
    return made


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("thong tin co so", "cs"),
        ("THONG TIN", "cs"),
        ("dang uy", "du"),
        ("ĐẢNG ỦY", "du"),
        ("Dang Uy Khoi", "du"),
        ("phong chong lu", "other"),
        ("mua lo", "other"),
    ],
)
def test_queries_without_diacritics_find_the_item(
    published: dict[str, Item], query: str, expected: str
) -> None:
    results = search.search(query, None)
    assert [h.object_id for h in results.hits][:1] == [published[expected].pk]


def test_hits_are_highlighted(published: dict[str, Item]) -> None:
    [hit] = search.search("thong tin co so", None).hits[:1]
    assert "<mark>thông</mark>" in hit.snippet.lower()


def test_snippets_show_plain_text_with_the_highlight(tree: dict[str, Unit]) -> None:
    editor = person_with(Role.EDITOR, tree["province"], "editor")
    approver = person_with(Role.APPROVER, tree["province"], "approver")
    body = (
        "## Lịch tiếp dân\n\n**Hỏi:** tiếp dân vào *thứ Tư* đầu tháng, xem "
        "[thông báo](https://example.org/tb) của `UBND` xã."
    )
    item = services.create_item(
        editor, tree["commune"], services.Draft(title="Tiếp công dân", body=body)
    )
    services.submit_for_review(editor, item)
    services.approve(approver, item)
    [hit] = search.search("thu tu", None).hits
    assert "<mark>thứ</mark> <mark>Tư</mark>" in hit.snippet
    assert hit.snippet == (
        "Lịch tiếp dân\nHỏi: tiếp dân vào <mark>thứ</mark> <mark>Tư</mark> đầu tháng, "
        "xem thông báo của UBND xã."
    )


def test_filters_narrow_by_unit_type_and_date(
    tree: dict[str, Unit], published: dict[str, Item]
) -> None:
    assert search.search("dang uy", None, unit=tree["commune"]).total == 0
    assert search.search("dang uy", None, unit=tree["province"]).total == 1
    assert search.search("dang uy", None, type="article").total == 0
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    assert search.search("dang uy", None, since=tomorrow).total == 0


def test_dates_are_local_days_included_at_both_ends(
    tree: dict[str, Unit], published: dict[str, Item]
) -> None:
    from django.utils import timezone

    from tincoso.search.models import SearchEntry

    # 23:30 in the local time zone, already the next day in UTC.
    late = timezone.make_aware(dt.datetime(2025, 3, 10, 23, 30))
    SearchEntry.objects.filter(kind="item", object_id=published["du"].pk).update(published_at=late)
    day = dt.date(2025, 3, 10)
    assert search.search("dang uy", None, since=day, until=day).total == 1
    assert search.search("dang uy", None, unit=tree["committee"], until=day).total == 1
    assert search.search("dang uy", None, since=day + dt.timedelta(days=1)).total == 0
    assert search.search("dang uy", None, until=day - dt.timedelta(days=1)).total == 0


def test_narrowed_search_finds_what_the_unfiltered_one_does(
    tree: dict[str, Unit], published: dict[str, Item]
) -> None:
    everything = search.search("thong tin", None)
    narrowed = search.search("thong tin", None, unit=tree["commune"], type="article")
    assert [h.object_id for h in narrowed.hits] == [h.object_id for h in everything.hits]
    assert [h.object_id for h in narrowed.hits] == [published["cs"].pk]


def test_unpublished_items_never_show(tree: dict[str, Unit]) -> None:
    editor = person_with(Role.EDITOR, tree["commune"], "e2")
    services.create_item(editor, tree["commune"], services.Draft(title="Bản nháp bí mật"))
    assert search.search("ban nhap bi mat", editor).total == 0


def test_documents_are_found_only_by_staff_who_may_see_them(
    tree: dict[str, Unit], published: dict[str, Item], sample_text: str
) -> None:
    editor = person_with(Role.EDITOR, tree["committee"], "doc-editor")
    doc = documents.register_document(
        editor, documents.import_document(editor, tree["committee"], sample_text.encode(), "30.txt")
    )
    hits = search.search("huong dan 30", editor).hits
    assert any(h.kind == "document" and h.object_id == doc.pk for h in hits)
    assert not any(h.kind == "document" for h in search.search("huong dan 30", None).hits)
    outsider = person_with(Role.VIEWER, tree["commune"], "commune-viewer")
    assert not any(h.kind == "document" for h in search.search("huong dan 30", outsider).hits)


def test_the_search_page_and_api_agree(published: dict[str, Item]) -> None:
    page = Client().get("/search", {"q": "thong tin co so"}).content.decode()
    assert "Đẩy mạnh THÔNG TIN CƠ SỞ" in page
    api = Client().get("/api/search/", {"q": "thong tin co so"}).json()
    assert api["hits"][0]["id"] == published["cs"].pk


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "NEAR(", "a OR", "'; DROP TABLE x;--"])
def test_odd_queries_are_harmless(published: dict[str, Item], query: str) -> None:
    # Nothing published holds these words; the search syntax in them is not obeyed.
    assert search.search(query, None).total == 0
    assert Client().get("/search", {"q": query}).status_code == 200
    assert search.search("thong tin co so", None).total == 1


@pytest.fixture
def sample_text() -> str:
    from tincoso.conftest import DOCUMENT_SAMPLE as SAMPLE

    return SAMPLE.read_text(encoding="utf-8")


def test_filters_and_visibility_apply_before_ranking_cuts_the_matches(
    tree: dict[str, Unit], published: dict[str, Item]
) -> None:
    """GIVEN more newer members-only matches than the ranking window holds WHEN an
    anonymous reader or a unit filter asks THEN the older visible match is still found
    (filters travel into the engine's query; they never act on a cut list)."""
    from tincoso.core.text import fold
    from tincoso.search.models import SearchEntry

    newer = [
        SearchEntry(
            kind="item",
            object_id=10_000 + i,
            unit=tree["cell-a"],
            audience="members",
            type="bulletin",
            published_at=published["cs"].published_at,
            title=f"Thông tin cơ sở nội bộ {i}",
            text="Thông tin cơ sở",
            folded=fold(f"Thông tin cơ sở nội bộ {i}\nThông tin cơ sở"),
        )
        for i in range(search.WINDOW + 5)
    ]
    SearchEntry.objects.bulk_create(newer, batch_size=500)
    anonymous = search.search("thong tin co so", None)
    assert [h.object_id for h in anonymous.hits] == [published["cs"].pk]
    member = person_with(Role.VIEWER, tree["cell-a"], "cell-member")
    assert search.search("thong tin co so", member).more
    by_unit = search.search("thong tin co so", member, unit=tree["commune"])
    assert [h.object_id for h in by_unit.hits] == [published["cs"].pk]


def test_the_engine_matches_the_database() -> None:
    from django.db import connection

    engine = search.engine().__name__  # type: ignore[attr-defined]
    assert engine.endswith("postgres" if connection.vendor == "postgresql" else "sqlite")


def test_a_registered_document_corrected_later_is_found_by_its_new_title(
    tree: dict[str, Unit], sample_text: str
) -> None:
    editor = person_with(Role.EDITOR, tree["committee"], "fix-editor")
    doc = documents.register_document(
        editor, documents.import_document(editor, tree["committee"], sample_text.encode(), "30.txt")
    )
    documents.update_fields(editor, doc, title="Về lắp đặt cụm loa truyền thanh thông minh")
    hits = search.search("cum loa truyen thanh", editor).hits
    assert any(h.kind == "document" and h.object_id == doc.pk for h in hits)


def test_postgres_keeps_the_folded_vector_stored(published: dict[str, Item]) -> None:
    """PostgreSQL reads a stored vector (folded: đ → d), never computes it again per row
    searched (bench/search.py: seconds a search at 1,000,000 entries when it did)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the stored vector is PostgreSQL's; SQLite folds into FTS5")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_tsv::text FROM publishing_searchentry WHERE kind = 'item'"
            " AND object_id = %s",
            [published["du"].pk],
        )
        (vector,) = cursor.fetchone()
    assert "'dang'" in vector and "'uy'" in vector


def test_a_narrowed_sqlite_search_lists_its_candidates_once(
    tree: dict[str, Unit], published: dict[str, Item]
) -> None:
    """The candidates bound FTS5's walk and check each match: one listing for both
    (they were read twice, a separate min/max first), and none leaves nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tincoso.search import sqlite
    from tincoso.search.candidates import candidates
    from tincoso.search.models import SearchEntry

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 path")
    sql, params, narrowed = candidates(None, unit=tree["commune"], type="article")
    assert narrowed
    with CaptureQueriesContext(connection) as done:
        found = sqlite.ranked_ids(["thong", "tin"], (sql, params), search.WINDOW, narrowed)
    entry = SearchEntry.objects.get(kind="item", object_id=published["cs"].pk)
    assert found == [entry.pk]
    assert len(done.captured_queries) == 1
    assert "MATERIALIZED" in done.captured_queries[0]["sql"]
    none = candidates(None, unit=tree["commune"], type="bulletin")
    assert sqlite.ranked_ids(["thong"], none[:2], search.WINDOW, True) == []
