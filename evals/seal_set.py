"""The seal set: seal pages of the committed sample batch restamped in the inks found in real offices.

Each digital sample's cover and promise page are cut out, their seals removed and stamped again at the same
places in one ink — standard red, dark red, orange-pink, magenta-red, faded red (light, uneven) and pale
pink-grey (a real faded seal measured about RGB 227,179,192) — rotated as stamps are, and each copy is also
scanned (JPEG, skew, noise). One place of every copy is left unstamped, in turn, so absent seals are scored too.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

from model.submission import Seal
from samples.scan import scan
from samples.stamps import place_image, round_seal, signature, square_seal

# RGBA inks; alpha < 255 is lighter ink (the paper shows through).
INKS: dict[str, tuple[int, int, int, int]] = {
    "standard": (214, 30, 38, 255),
    "dark_red": (150, 22, 30, 255),
    "orange_pink": (240, 110, 90, 255),
    "magenta": (196, 36, 104, 255),
    "faded": (214, 30, 38, 120),
    "pale": (200, 84, 124, 170),        # renders at about RGB 227,179,192, the real faded seal
    "very_pale": (200, 84, 124, 105),   # lighter still: about RGB 238,207,218
}
ROLES = ("applicant", "recommender", "company", "legal_rep")


@dataclass(frozen=True)
class SealCase:
    """One copy of the set: its PDF, the seals it truly carries, its ink and whether it was scanned."""

    pdf: Path
    seals: list[Seal]
    ink: str
    kind: str


def restamp(page: pymupdf.Page, seals: list[dict[str, Any]], ink: tuple[int, int, int, int], rng: random.Random,
             name: str, skip: str) -> list[Seal]:
    """Page + its truth seals -> the page with those seals removed and stamped again in `ink` (`skip` left out)."""
    for img in page.get_images(full=True):
        page.delete_image(img[0])
    out = []
    for s in seals:
        if s["role"] == skip or not s["present"]:
            out.append(Seal(page=1, bbox=None, role=s["role"], present=False))
            continue
        x0, y0, x1, y1 = s["bbox"]
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if s["role"] == "legal_rep":
            img = square_seal(name[:3] or "法人", rng, 38, ink) if rng.random() < 0.7 else signature(rng, 80, 30)
        else:
            img = round_seal(name, rng, max(x1 - x0, 100), "", ink)
        out.append(Seal(page=1, bbox=place_image(page, img, cx, cy), role=s["role"], present=True))
    return out


def build_seal_set(samples: Path, out: Path, seed: int = 7) -> list[SealCase]:
    """Sample batch folder -> the seal set written under `out` (rebuilt only when missing)."""
    out.mkdir(parents=True, exist_ok=True)
    cases = []
    rng = random.Random(seed)
    for n, truth_path in enumerate(sorted((samples / "truth").glob("*_digital.json"))):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        src = samples / truth["file"]
        seal_pages = sorted({s["page"] for s in truth["submission"]["seals"]})
        name = truth["submission"]["fields"].get("applicant") or ""
        for k, (ink_name, ink) in enumerate(INKS.items()):
            skip = ROLES[(n + k) % len(ROLES)]
            doc = pymupdf.open(src)
            truths: list[Seal] = []
            for new_no, pno in enumerate(seal_pages, start=1):
                on_page = [s for s in truth["submission"]["seals"] if s["page"] == pno]
                placed = restamp(doc[pno - 1], on_page, ink, rng, name, skip)
                truths += [s.model_copy(update={"page": new_no}) for s in placed]
            doc.select([p - 1 for p in seal_pages])
            digital = out / f"{truth_path.stem}_{ink_name}.pdf"
            data = doc.tobytes(garbage=3, deflate=True)
            digital.write_bytes(data)
            cases.append(SealCase(digital, truths, ink_name, "digital"))
            scanned = out / f"{truth_path.stem}_{ink_name}_scanned.pdf"
            scan_bytes, _, moved = scan(data, None, rng, truths)
            scanned.write_bytes(scan_bytes)
            cases.append(SealCase(scanned, moved, ink_name, "scanned"))
    return cases
