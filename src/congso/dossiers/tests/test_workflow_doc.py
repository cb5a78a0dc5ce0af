"""docs/dossier-workflow.md and the code describe the same transitions."""

from __future__ import annotations

import re
from pathlib import Path

from congso.dossiers import processing, services

DOC = Path(__file__).resolve().parents[4] / "docs" / "dossier-workflow.md"
ROW = re.compile(r"^\| `(\w+)` \|([^|]*)\|([^|]*)\|([^|]*)\|")


def rows(section: str) -> dict[str, tuple[str, str, str]]:
    text = DOC.read_text(encoding="utf-8").split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    found = {}
    for line in text.splitlines():
        match = ROW.match(line)
        if match:
            action, *cells = match.groups()
            found[action] = tuple(cell.strip() for cell in cells)
    return found


def states(cell: str) -> set[str]:
    return {s.strip() for s in cell.split(",") if s.strip()}


def test_dossier_transitions_match_the_doc():
    doc = rows("Dossier transitions")

    assert set(doc) == set(services.TRANSITIONS)
    for action, (sources, target) in services.TRANSITIONS.items():
        doc_from, doc_to, _who = doc[action]
        assert states(doc_from) == {str(s) for s in sources}, action
        assert doc_to == str(target), action


def test_step_moves_match_the_doc():
    doc = rows("Step moves")

    assert set(doc) == set(processing.TRANSITIONS)
    for action, (sources, who, outcome) in processing.TRANSITIONS.items():
        doc_states, doc_who, doc_outcome = doc[action]
        assert states(doc_states) == {str(s) for s in sources}, action
        assert doc_who == who, action
        assert doc_outcome == str(outcome), action
