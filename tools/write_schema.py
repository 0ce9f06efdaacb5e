"""Write schema/review.schema.json from the Submission model (run after changing model/)."""

import json
from pathlib import Path

from model import review_schema

OUT = Path(__file__).resolve().parent.parent / "schema" / "review.schema.json"


def render() -> str:
    """Model -> the schema file's exact text."""
    return json.dumps(review_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
