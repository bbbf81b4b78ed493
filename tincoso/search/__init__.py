"""One search over what the apps register (published items, registered documents).

The apps above register a :class:`~tincoso.search.registry.Source` each (its kind,
who may see its entries, how to index it all again) and keep their entries in step
through :mod:`tincoso.search.index`; :func:`search` ranks what the reader may see,
diacritics, đ/Đ and case ignored. This app imports none of them: documents and
publishing depend on it, never the other way round.
"""

from tincoso.search.query import WINDOW, Hit, Results, engine, search, snippet, tokens

__all__ = ["WINDOW", "Hit", "Results", "engine", "search", "snippet", "tokens"]
