"""The input side of a batch: which PDF files a review takes, and what it says about the ones it cannot.

discover_inputs: files and folders -> the PDF files, each once, in a stable order. Folders are walked with
  their symlinked sub-folders (each real folder once, so a link loop ends); the output folder of this run and
  of any earlier run (a folder holding OUT_MARKER) are never walked, so an --out inside an input folder does
  not make the next run review its own annotated.pdf.
input_findings: the batch-level findings about the inputs: a dangling `*.pdf` symlink (INPUT_SKIPPED), the
  same file content under two paths (DUPLICATE_FILE, naming both).
distinct_ids: two copies of one file (same name, same bytes) in two folders get two submission ids (DESIGN.md
  §4): the first in input order keeps its id, the next ones get "-2", "-3" … so no folder overwrites another.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from model import Finding, Submission

OUT_MARKER = ".shenbao-out.json"   # written into every --out folder by flows.run_lock (who holds or held it)


@dataclass
class Scan:
    """What a walk of the inputs found: the PDF files (resolved, each once), dangling *.pdf links, and the
    output folders it did not enter."""

    pdfs: list[Path] = field(default_factory=list)
    dangling: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def _inside(path: Path, folder: Path | None) -> bool:
    """Resolved path + resolved folder -> True when the path is the folder or lies under it."""
    return folder is not None and (path == folder or folder in path.parents)


def _walk(folder: Path, out: Path | None, scan: Scan) -> None:
    """Folder -> its PDF files and dangling *.pdf symlinks added to `scan`, symlinked folders followed, output
    folders (this run's --out when it lies inside the folder, any folder holding OUT_MARKER) skipped."""
    top = folder.resolve()
    if out is not None and _inside(top, out):
        out = None   # an input folder inside --out: nothing of it is an output
    pdfs: list[Path] = []
    seen: set[Path] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        here = Path(root)
        real = here.resolve()
        if real in seen:
            dirs[:] = []
            continue
        if _inside(real, out) or (here / OUT_MARKER).exists():
            dirs[:] = []
            scan.skipped.append(here)
            continue
        seen.add(real)
        dirs.sort()
        for name in files:
            path = here / name
            if path.suffix.lower() != ".pdf":
                continue
            if path.is_file():
                if not _inside(path.resolve(), out):
                    pdfs.append(path)
            elif path.is_symlink():
                scan.dangling.append(path)
    scan.pdfs.extend(sorted(pdfs))   # the order of the paths, as a sorted rglob gave it


def scan_inputs(inputs: list[Path], out: Path | None = None) -> Scan:
    """Files and folders (+ the run's --out) -> what a review takes from them (flows.inputs.Scan)."""
    out_real = out.resolve() if out is not None else None
    scan = Scan()
    for item in inputs:
        if item.is_dir():
            _walk(item, out_real, scan)
        else:  # a file named on the command line is taken whatever its suffix or place
            scan.pdfs.append(item)
    scan.pdfs = list(dict.fromkeys(p.resolve() for p in scan.pdfs))
    scan.dangling.sort()
    return scan


def discover_inputs(inputs: list[Path], out: Path | None = None) -> list[Path]:
    """Files and folders -> the PDF files to review, each once (a named file is taken whatever its suffix)."""
    return scan_inputs(inputs, out).pdfs


def input_notes(inputs: list[Path], out: Path | None) -> list[str]:
    """The batch's inputs -> a note per output folder found inside them and not reviewed."""
    return [f"输入中的文件夹 {folder} 是审核结果的输出文件夹，其中的文件未作为申报书审核。"
            for folder in scan_inputs(inputs, out).skipped]


def input_findings(inputs: list[Path], out: Path | None, subs: list[Submission]) -> list[Finding]:
    """The batch's inputs and analysed submissions -> INPUT_SKIPPED and DUPLICATE_FILE warnings."""
    out_findings = [
        Finding(rule="INPUT_SKIPPED", severity="warning", value=str(link),
                message=f"输入中的 {link} 是指向不存在文件的快捷方式（符号链接，指向 {os.readlink(link)}），"
                        "本次未审核。请检查链接指向的文件是否已移动或删除。")
        for link in scan_inputs(inputs, out).dangling]
    by_sha: dict[str, list[Submission]] = defaultdict(list)
    for sub in subs:
        if sub.source.sha256:
            by_sha[sub.source.sha256].append(sub)
    for copies in by_sha.values():
        if len(copies) > 1:
            paths = "、".join(s.source.path for s in copies)
            ids = "、".join(s.submission_id for s in copies)
            out_findings.append(Finding(
                rule="DUPLICATE_FILE", severity="warning", value=copies[0].source.path,
                message=f"同一份文件在本批次中出现 {len(copies)} 次：{paths}。已分别审核（编号 {ids}），"
                        "请确认是否重复提交，并只保留一份。"))
    return out_findings


def distinct_ids(subs: list[Submission]) -> list[Submission]:
    """Submissions in input order -> the same with unique ids (a repeated id gets "-2", "-3" …)."""
    taken: set[str] = set()
    out = []
    for sub in subs:
        sid, n = sub.submission_id, 2
        while sid in taken:
            sid, n = f"{sub.submission_id}-{n}", n + 1
        taken.add(sid)
        out.append(sub if sid == sub.submission_id else sub.model_copy(update={"submission_id": sid}))
    return out
