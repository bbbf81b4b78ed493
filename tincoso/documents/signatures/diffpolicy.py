"""pyHanko's diff policy, tolerant of two habits of Vietnamese signing tools.

- iTextSharp 5.5 frees xref entries in its incremental updates
  (``reject_object_freeing=False``).
- After a certification signature (DocMDP P=2) the văn thư adds *new* signature
  fields for the number, the day and the seal.  pyHanko allows new fields only after
  an approval signature; a revision refused for that alone is reviewed again as if
  the first signature were an approval one, and ``after_certification`` records it.
"""

from __future__ import annotations

from typing import Any

from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, StandardDiffPolicy
from pyhanko.sign.diff_analysis.policy_api import DiffResult, SuspiciousModification


class TolerantDiffPolicy(StandardDiffPolicy):
    def __init__(self) -> None:
        super().__init__(
            global_rules=DEFAULT_DIFF_POLICY.global_rules,
            form_rule=DEFAULT_DIFF_POLICY.form_rule,
            reject_object_freeing=False,
        )
        self.after_certification = False

    def review_file(
        self, reader: Any, base_revision: Any, field_mdp_spec: Any = None, doc_mdp: Any = None
    ) -> DiffResult | SuspiciousModification:
        result = super().review_file(reader, base_revision, field_mdp_spec, doc_mdp)
        if isinstance(result, SuspiciousModification) and doc_mdp is not None:
            again = super().review_file(reader, base_revision, field_mdp_spec, None)
            if isinstance(again, DiffResult):
                self.after_certification = True
                return again
        return result
