"""`make bench`: every speed benchmark, each against a plain baseline measured in the same run."""

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

for name in ("bench.extract", "bench.classify", "bench.batch"):
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        print(f"[bench] {name} skipped: {exc}")
        continue
    print(f"== {name}")
    module.main()
