"""Table header cells have assigned cells (WCAG 1.3.1; ACT d0f69e).

A header cell (role columnheader or rowheader, in the accessibility tree, in a table
that is exposed as a table, grid or treegrid) must be assigned to at least one cell.
For HTML tables, assignment is HTML's table model: the slots of the table (rowspan,
colspan, row groups, tfoot last), the `headers` attribute, and otherwise the "scan and
assign header cells" algorithm (column and row headers by scope or by the auto rules,
column and row group headers, opaque header blocks, empty header cells removed). For
tables made of ARIA roles, a column header is assigned to the cells of its column and
a row header to the cells of its row.

Header cells that are empty, a `th` that is neither a row nor a column header by
HTML's rules (its role is then up to the browser), and ARIA tables whose positions
are set by aria-colindex, aria-colspan, aria-rowspan or aria-owns need review when
they have no assigned cell. The work is one script per frame.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ._frame_findings import findings_in_frames
from ._motion import compact
from .base import Check, CheckContext, CheckOutcome


@lru_cache(maxsize=1)
def _script() -> str:
    return compact(resources.files(__package__).joinpath("_tables.js").read_text(encoding="utf-8"))


class TableHeaderAssigned(Check):
    id = "table-header-assigned"
    present = "table, [role]"
    time_limit = 10.0

    async def run(self, ctx: CheckContext) -> CheckOutcome:
        # The quick probe first: no header cell can be in a frame without th or a role.
        found = await findings_in_frames(ctx.page, f"() => {_script()}",
                                         probe="() => !!document.querySelector('th, [role]')")
        return found.outcome(f"{len(found.failed)} table header cell(s) have no assigned cells")
