"""The roll-up's live "overdue now" counts with and without the indexes made for them.

``reports.rollup._overdue_now`` counts, at the moment asked, the dispatches not
acknowledged and the feedback still open past their deadline. Two indexes serve it:
``dispatch_unacknowledged`` (partial: the unacknowledged dispatches by date sent)
and ``feedback_open_cover`` (feedback by status and date, unit and deadline).
:func:`compare` times the source alone and the whole roll-up on the same database
twice: without the two indexes (dropped), then with them, so the difference is
theirs alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models


def _index(model: type[models.Model], name: str) -> models.Index:
    return next(i for i in model._meta.indexes if i.name == name)


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def _as_before() -> Iterator[None]:
    """The schema without the open-items indexes, then with them again."""
    from tincoso.documents.models import Dispatch
    from tincoso.feedback.models import Feedback

    indexes = [(Dispatch, _index(Dispatch, "dispatch_unacknowledged")),
               (Feedback, _index(Feedback, "feedback_open_cover"))]  # fmt: skip
    with connection.schema_editor() as editor:
        for model, index in indexes:
            editor.remove_index(model, index)
    _analyze()
    try:
        yield
    finally:
        with connection.schema_editor() as editor:
            for model, index in indexes:
                editor.add_index(model, index)
        _analyze()


def compare(root: Any, period: Any, timed: Callable[[Callable[[], Any]], Any],
            shown: Callable[[Any], str]) -> None:  # fmt: skip
    """Print the source alone and the whole roll-up, before and after, side by side."""
    from tincoso.reports import rollup

    def both() -> tuple[Any, Any, Any]:
        return (
            timed(lambda: rollup.rollup_for(root, period, [rollup._overdue_now])),
            timed(lambda: rollup.rollup_for(root, period)),
            rollup.rollup_for(root, period),
        )

    with _as_before():
        source_before, whole_before, result_before = both()
    source_after, whole_after, result_after = both()
    assert result_before == result_after
    heading = "open-items indexes, root 15 Jan–14 Jun:"
    print(f"{connection.vendor:10s}     {heading} {'without':>30s}   with")
    for label, before, after in (
        ("overdue_now alone:", source_before, source_after),
        ("whole roll-up:", whole_before, whole_after),
    ):
        print(f"{'':10s}       {label:20s}{shown(before):>44s}   {shown(after)}", flush=True)
