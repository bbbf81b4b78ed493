"""The table ``tincoso scale`` prints: per kind of request what was sent, how it was
answered, what the database holds, what was lost and what was stored twice; then each
fault with the seconds until the service was ready again through nginx."""

from __future__ import annotations

from typing import Any

from tincoso.scale.load import Tally


def _row(name: str, tally: Tally, kind: str, stored: Any, lost: int, dup: int) -> list[str]:
    ok, clear, unclear = (tally.outcomes[f"{kind}:{o}"] for o in ("ok", "clear", "unclear"))
    return [name, str(ok + clear + unclear), str(ok), str(clear), str(unclear), str(stored),
            str(lost), str(dup)]  # fmt: skip


def rows(tally: Tally, found: dict[str, Any]) -> tuple[list[list[str]], int, int, int]:
    feedback: dict[str, int] = found["feedback"]
    fb_lost = sum(1 for t in tally.feedback_acked if feedback.get(t, 0) == 0)
    fb_dup = sum(1 for n in feedback.values() if n > 1)
    titles: dict[str, str] = found["titles"]
    edits_lost = 0
    for item_id, sent in tally.titles_sent.items():
        acked = tally.titles_acked.get(item_id)
        final = titles.get(str(item_id), "")
        if acked is not None and (final not in sent or sent.index(final) < sent.index(acked)):
            edits_lost += 1
    imports: dict[str, dict[str, Any]] = found["imports"]
    parsed_once = sum(1 for i in imports.values() if i["status"] == "parsed"
                      and i["documents"] == 1)  # fmt: skip
    imp_lost = len(tally.imports_acked) - parsed_once - sum(
        1 for i in imports.values() if i["documents"] > 1)
    imp_dup = sum(1 for i in imports.values() if i["documents"] > 1)
    table = [
        _row("portal reads (GET)", tally, "read", "-", 0, 0),
        _row("feedback posts", tally, "feedback", f"{len(feedback)} posts", fb_lost, fb_dup),
        _row("staff edits (API, If-Match)", tally, "edit",
             f"{len(titles)} items, last edit kept in {len(titles) - edits_lost}",
             edits_lost, 0),
        _row("imports (API, worker)", tally, "import", f"{parsed_once} drafts", imp_lost, imp_dup),
    ]  # fmt: skip
    return table, fb_lost + edits_lost + imp_lost, fb_dup + imp_dup, sum(
        tally.outcomes[k] for k in tally.outcomes if k.endswith(":unclear"))


def _format(header: list[str], body: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"  # noqa: E731
    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|",
            *[line(r) for r in body]]  # fmt: skip


def table(tally: Tally, faults: list[Any], found: dict[str, Any], left: list[str],
          seconds: float, back_within: float) -> tuple[str, bool]:  # fmt: skip
    body, lost, dup, unclear = rows(tally, found)
    out = _format(["requests", "sent", "succeeded", "clear error", "unclear", "stored", "lost",
                   "duplicates"], body)  # fmt: skip
    retried = sum(1 for i in found["imports"].values() if i["attempts"] > 1)
    out.append(f"imports read again after their worker died: {retried}")
    out.append("")
    slow = 0
    fault_rows = []
    for fault in faults:
        back = fault.back_after
        if back is None or back > back_within:
            slow += 1
        fault_rows.append([fault.name, f"{fault.done - fault.began:.1f}",
                           "never" if back is None else f"{back:.1f}"])  # fmt: skip
    out += _format(["fault", "took (s)", "not ready for (s)"], fault_rows)
    out.append("")
    out.append("left running: " + (", ".join(left) if left else "nothing"))
    ok = not lost and not dup and not unclear and not slow and not left
    out.append(f"{'PASS' if ok else 'FAIL'}: lost {lost}, duplicates {dup}, unclear answers "
               f"{unclear}, faults slower than {back_within:.0f} s {slow}, left running "
               f"{len(left)}; {seconds:.0f} s in all")  # fmt: skip
    unfinished = {pk: i for pk, i in found["imports"].items()
                  if i["status"] != "parsed" or i["documents"] != 1}  # fmt: skip
    if unfinished:
        out.append(f"imports not drafted once: {unfinished}")
    if tally.unclear:
        out.append("unclear answers (first ones): " + "; ".join(tally.unclear[:5]))
    return "\n".join(out), ok
