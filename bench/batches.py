"""Generated batches of the throughput benchmarks (not committed: under out/bench/).

    python -m bench.batches OUT --count 200 [--seed 31] [--kind digital|scanned]

A `digital-<seed>` batch is the `eval` preset's drawn documents (both types, every single-document rule
planted, about half clean, mismatches, one near-duplicate pair, one 已揭榜 factory, layout variants) with
every paper copy digital; a `scanned-<seed>` one is the same with every paper copy scanned (short narratives,
as the `scans` preset). The specs are registered as a preset of their own so samples.generate writes them
unchanged (same seed -> same bytes). A big batch is generated in slices by two processes and merged
(online.json concatenated, file stems numbered across slices).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLICE = 50  # documents per generated slice (the generator keeps a batch in memory)


def _register(kind: str, seed: int, count: int) -> str:
    """Kind, seed and count -> the name of a preset whose fixed specs are the eval draw, all of that kind."""
    from samples.presets import PRESETS, SHORT, Preset, specs_for

    name = f"bench-{kind}-{seed}-{count}"
    if name not in PRESETS:
        specs = specs_for("eval", seed, count)
        if kind == "scanned":
            specs = [replace(s, kind="scanned", narrative=SHORT, count=1 if s.dtype == "优秀场景" else 8) for s in specs]
        else:
            specs = [replace(s, kind="digital") for s in specs]
        PRESETS[name] = Preset(name, ("platform", "office", "story"), count, 1, tuple(specs), variant_rate=0.0)
    return name


def _slice(args: tuple[Path, str, int, int]) -> Path:
    out, kind, seed, count = args
    from samples.generate import generate_batch

    generate_batch(out, seed=seed, preset=_register(kind, seed, count))
    return out


def generate(out: Path, count: int, seed: int = 31, kind: str = "digital", procs: int = 2) -> Path:
    """-> folder `out` holding `count` generated declarations of one kind plus online.json (reused when present)."""
    marker = out / "batch.done"
    if marker.exists() and marker.read_text(encoding="utf-8").strip() == f"{kind} {seed} {count}":
        return out
    if out.exists():
        shutil.rmtree(out)
    parts = out.parent / f".{out.name}.parts"
    shutil.rmtree(parts, ignore_errors=True)
    jobs = [(parts / f"{k:03d}", kind, seed * 1000 + k, min(SLICE, count - k * SLICE))
            for k in range((count + SLICE - 1) // SLICE)]
    with ProcessPoolExecutor(max_workers=procs) as pool:
        done = list(pool.map(_slice, jobs))
    out.mkdir(parents=True)
    records: list[dict] = []
    for k, folder in enumerate(done):
        for pdf in sorted(folder.glob("*.pdf")):
            number, rest = pdf.stem.split("_", 1)
            pdf.rename(out / f"{k * SLICE + int(number):04d}_{rest}.pdf")
        records += json.loads((folder / "online.json").read_text(encoding="utf-8"))
    (out / "online.json").write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    shutil.rmtree(parts)
    marker.write_text(f"{kind} {seed} {count}\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="generate a benchmark batch")
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--kind", choices=("digital", "scanned"), default="digital")
    args = ap.parse_args(argv)
    print(generate(args.out, args.count, args.seed, args.kind))


if __name__ == "__main__":
    main()
