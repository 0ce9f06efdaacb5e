"""Fail when a module outgrows one idea (STYLE.md: about 400 lines), except the accepted ones listed here."""

import sys
from pathlib import Path

LIMIT = 400
PACKAGES = ("model", "catalog", "library", "extractors", "classifiers", "checks", "review", "flows", "reports", "samples",
            "evals", "bench")
# Accepted exceptions, each with its reason.
ACCEPTED: dict[str, str] = {}


def oversized(root: Path) -> list[tuple[str, int]]:
    """Repository root -> (module, lines) for every module over the limit that is not accepted."""
    found = []
    for pkg in PACKAGES:
        for path in sorted((root / pkg).rglob("*.py")):
            rel = str(path.relative_to(root))
            n = sum(1 for _ in path.open(encoding="utf-8"))
            if n > LIMIT and rel not in ACCEPTED:
                found.append((rel, n))
    return found


if __name__ == "__main__":
    bad = oversized(Path(__file__).resolve().parent.parent)
    for rel, n in bad:
        print(f"{rel}: {n} lines (limit {LIMIT})")
    sys.exit(1 if bad else 0)
