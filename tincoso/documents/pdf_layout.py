"""Put the words of a PDF page back into lines a person would read.

A PDF stores positioned text runs, not lines: an e-signed directive draws its
body first and the number stamped at signing last (as an annotation), and the
two-column header ("ỦY BAN NHÂN DÂN … | CỘNG HÒA XÃ HỘI …") is two columns side
by side.  Here the words are grouped into lines by position, and a run of lines
that is split by a wide vertical gutter (the header, the Nơi nhận / signature
block) is emitted column by column, left first — the same order the .docx
reader gives a header table, which is what the parser expects.

Pure geometry: no PDF library here, so it is cheap to test.
"""

from __future__ import annotations

import bisect
import itertools
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Word:
    """A run of text and its box in PDF points (y grows upwards)."""

    text: str
    x0: float
    bottom: float
    x1: float
    top: float

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass
class _Line:
    """Words on one line.  The line's band is the median bottom and top of its
    words: a band that grows to the union of its words swallows the next line on
    a slightly skewed scan (interleaving the two lines' words), and the band of
    one word is thrown off by a stamp printed a little higher than the text."""

    words: list[Word] = field(default_factory=list)
    bottoms: list[float] = field(default_factory=list)
    tops: list[float] = field(default_factory=list)

    @property
    def bottom(self) -> float:
        return self.bottoms[0]

    @property
    def top(self) -> float:
        return self.tops[-1]

    band: tuple[float, float] = (0.0, 0.0)

    def add(self, word: Word) -> None:
        self.words.append(word)
        bisect.insort(self.bottoms, word.bottom)
        bisect.insort(self.tops, word.top)
        if len(self.words) < 3:  # too few for a median: a star or a stamp sits high
            self.band = (self.bottoms[0], self.tops[-1])
        else:
            self.band = (self.bottoms[len(self.bottoms) // 2], self.tops[len(self.tops) // 2])

    def accepts(self, word: Word) -> bool:
        """Same line if the word's middle lies inside the band (or vice versa)."""
        bottom, top = self.band
        middle = (word.bottom + word.top) / 2
        return bottom <= middle <= top or word.bottom <= (bottom + top) / 2 <= word.top


# A gutter between columns is at least this many line heights wide: justified
# text stretches a space to about one height at most, while the gutter of a
# two-column header or signature block is two heights or more.
COLUMN_GAP_HEIGHTS = 1.8
COLUMN_GAP_MIN = 18.0  # points
# Lines further apart than this many line heights do not belong to one block.
BLOCK_BREAK_HEIGHTS = 3.0

Interval = tuple[float, float]


def page_lines(words: Iterable[Word]) -> list[str]:
    """The page's text lines in reading order, two-column runs column by column."""
    lines = _group_lines([w for w in words if w.text.strip() and w.height > 0])
    if not lines:
        return []
    height = statistics.median(w.height for line in lines for w in line.words)
    min_gap = max(COLUMN_GAP_MIN, COLUMN_GAP_HEIGHTS * height)
    span = (
        min(w.x0 for ln in lines for w in ln.words),
        max(w.x1 for ln in lines for w in ln.words),
    )
    out: list[str] = []
    index = 0
    while index < len(lines):
        end, gutter = _two_column_run(lines, index, span, min_gap, height)
        if gutter is None:
            out.append(_join(lines[index].words))
            index += 1
            continue
        middle = (gutter[0] + gutter[1]) / 2
        left: list[str] = []
        right: list[str] = []
        for line in lines[index:end]:
            lw = [w for w in line.words if w.x1 <= middle]
            rw = [w for w in line.words if w.x1 > middle]
            if lw:
                left.append(_join(lw))
            if rw:
                right.append(_join(rw))
        out.extend(left)
        out.extend(right)
        index = end
    return out


def _two_column_run(
    lines: list[_Line], start: int, span: Interval, min_gap: float, height: float
) -> tuple[int, Interval | None]:
    """The longest run of lines from ``start`` that a vertical gutter splits in two.

    The gutter is an x-interval at least ``min_gap`` wide that no word of the run
    touches, with words of the run on both sides of it (a column may be empty on
    a given line: a signature block's lines rarely pair with the Nơi nhận lines).
    Returns the end of the run and its gutter, or None if no run of two or more
    lines starts here.
    """
    free = _free(lines[start], span, min_gap)
    best: tuple[int, Interval | None] = (start + 1, None)
    end = start + 1
    while free and end < len(lines):
        if lines[end - 1].bottom - lines[end].top > BLOCK_BREAK_HEIGHTS * height:
            break
        free = _intersect(free, _free(lines[end], span, min_gap), min_gap)
        if not free:
            break
        end += 1
        gutter = _splitting(lines[start:end], free)
        if gutter is not None:
            best = (end, gutter)
    return best


def _free(line: _Line, span: Interval, min_gap: float) -> list[Interval]:
    """The x-intervals of the text area, at least ``min_gap`` wide, that the line leaves empty."""
    free: list[Interval] = []
    reach = span[0]
    for word in line.words:
        if word.x0 - reach >= min_gap:
            free.append((reach, word.x0))
        reach = max(reach, word.x1)
    if span[1] - reach >= min_gap:
        free.append((reach, span[1]))
    return free


def _intersect(a: list[Interval], b: list[Interval], min_gap: float) -> list[Interval]:
    out: list[Interval] = []
    for x0, x1 in a:
        for y0, y1 in b:
            lo, hi = max(x0, y0), min(x1, y1)
            if hi - lo >= min_gap:
                out.append((lo, hi))
    return out


def _splitting(lines: list[_Line], free: list[Interval]) -> Interval | None:
    """The widest free interval with words of ``lines`` on both sides, if any."""
    words = [w for line in lines for w in line.words]
    candidates = [
        (lo, hi)
        for lo, hi in free
        if any(w.x1 <= lo for w in words) and any(w.x0 >= hi for w in words)
    ]
    return max(candidates, key=lambda g: g[1] - g[0]) if candidates else None


def _group_lines(words: list[Word]) -> list[_Line]:
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (-w.top, w.x0)):
        # Only the last few lines can take the word: the list is sorted top-down.
        # Of those that can, the one with a word nearest on the left or right wins:
        # the two header columns' lines sit at slightly different heights, and a
        # word level with both belongs to the one it continues.
        candidates = [line for line in lines[-6:] if line.accepts(word)]
        if len(candidates) == 1:
            candidates[0].add(word)
        elif candidates:
            min(candidates, key=lambda line: _distance(line, word)).add(word)
        else:
            line = _Line()
            line.add(word)
            lines.append(line)
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: -line.top)
    return lines


def _distance(line: _Line, word: Word) -> float:
    """Horizontal gap between ``word`` and the nearest word of ``line``."""
    return min(max(w.x0 - word.x1, word.x0 - w.x1, 0.0) for w in line.words)


def _join(words: list[Word]) -> str:
    """The words of a line as text: a space where the PDF had one or a gap shows one."""
    parts = [words[0].text]
    for previous, word in itertools.pairwise(words):
        if word.x0 - previous.x1 > 0.15 * (word.top - word.bottom) or previous.text[-1:] == " ":
            parts.append(" ")
        parts.append(word.text)
    return " ".join("".join(parts).split())
