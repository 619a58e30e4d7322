"""Which gouji and which rules produced an audit: filed with the 审核意见 and compared across audits."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tool_version() -> str:
    try:
        return metadata.version("gouji")
    except metadata.PackageNotFoundError:
        return "0+unknown"


@cache
def rules_version() -> str:
    """A digest of what decides the findings: the rules (checks/), the reading of each document's facts
    (reading/) and the vocabulary and claim patterns (patterns/). Two audits with the same rules version
    applied the same rules; the tool version alone does not say so for a development install."""
    digest = hashlib.sha256()
    files = sorted(path for folder in ("checks", "reading", "patterns") for pattern in ("*.py", "*.jsonl", "*.toml")
                   for path in ROOT.glob(f"{folder}/**/{pattern}") if "docs_zh" not in path.name)
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]
