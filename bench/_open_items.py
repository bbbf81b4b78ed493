"""The roll-up's live "overdue now" counts with and without the indexes made for them.

``reports.rollup._overdue_now`` counts, at the moment asked, the dispatches not
acknowledged and the feedback still open past their deadline. Two indexes serve it:
``dispatch_unacknowledged`` (partial: the unacknowledged dispatches by date sent)
and ``feedback_open_cover`` (feedback by status and date, unit and deadline).
:func:`compare` times the source alone and the whole roll-up on the same database
without the two indexes (dropped) and with them, in turn, so the difference is
theirs alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import partial
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


ROUNDS = 3  # without and with in turn, the best of each kept: the machine is shared


def compare(root: Any, period: Any, timed: Callable[[Callable[[], Any]], Any],
            shown: Callable[[Any], str]) -> None:  # fmt: skip
    """Print the source alone and the whole roll-up, without and with, side by side:
    ``ROUNDS`` rounds of each in turn, the best timing (``timed``'s tuple) of each kept."""
    from tincoso.reports import rollup

    best: dict[tuple[str, bool], Any] = {}
    results = set()
    for _ in range(ROUNDS):
        for indexed in (False, True):
            with _as_before() if not indexed else nullcontext():
                for name, sources in (("source", [rollup._overdue_now]), ("whole", None)):
                    timing = timed(partial(rollup.rollup_for, root, period, sources))
                    best[name, indexed] = min(best.get((name, indexed), timing), timing)
                results.add(repr(rollup.rollup_for(root, period).as_dict()))
    assert len(results) == 1  # the same roll-up without and with
    heading = "open-items indexes, root 15 Jan–14 Jun:"
    print(f"{connection.vendor:10s}     {heading} {'without':>30s}   with")
    for label, name in (("overdue_now alone:", "source"), ("whole roll-up:", "whole")):
        without, with_ = shown(best[name, False]), shown(best[name, True])
        print(f"{'':10s}       {label:20s}{without:>44s}   {with_}", flush=True)
