"""Every corpus document gives exactly the findings recorded in tests/snapshots/findings.jsonl.

A deliberate change of findings rewrites the snapshot (`python3 -m tests.snapshot --write`) in the
commit that makes it; any other difference is a regression.
"""

from __future__ import annotations

import json

import pytest

from tests.snapshot import ROOT, SNAPSHOT, record

RECORDED = {d["path"]: d for d in map(json.loads, SNAPSHOT.read_text(encoding="utf-8").splitlines())}


@pytest.mark.parametrize("path", sorted(RECORDED))
def test_findings_unchanged(path):
    assert record(ROOT / path) == RECORDED[path]
