"""Learn the scene mapper from labelled texts and write catalog/data/models/scene_mapper_<edition>.npz.

    python -m classifiers.train            # = make build-mapper: build and write the model file
    python -m classifiers.train --check    # build in memory and say whether the shipped file is the same

Training data (tests/data): classify_eval.jsonl (the old set, written beside the cue lists),
classify_dev.jsonl (the independent development set) and, when present, classify_confirmed.jsonl
(reviewer-confirmed cases exported from a case library: id, name, text, scene). Each file is one group:
cross-validation leaves one group out at a time (a writer is never on both sides), or uses 5 folds when
only one group exists. Steps (scikit-learn 1.9.1; deterministic: fixed folds, lbfgs, no random state):
  1. character 1–3-gram TF-IDF + multinomial logistic regression (C_TFIDF); its decision values on the
     training texts come from 5 inner folds, so the next step sees them as on unseen text;
  2. logistic regression over (text, scene) pairs of the centred per-scene features (features.FEATURES):
     the weights that combine dictionaries, BM25, rapidfuzz and TF-IDF (coef), the same without TF-IDF
     (coef_dict), and with the nearest-confirmed-case similarity (coef_examples; examples taken from the
     other groups, as confirmed cases come from other writers);
  3. the softmax temperature minimising the log-loss of the leave-group-out predictions;
  4. the SCENE_CONTENT_MISMATCH margin: on the leave-group-out predictions of the dev lines, the middle
     of the band of probability gaps whose false alarms stay ≤ FA_TARGET and recall ≥ RECALL_TARGET.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy.optimize import minimize_scalar
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from catalog.reference import Guide, load_guide
from classifiers.features import FEATURES, N_DICT, FeatureExtractor, char_ngrams, model_text
from classifiers.learned import model_path
from classifiers.mismatch import fires
from classifiers.names import normalize_label
from classifiers.neighbours import ExampleIndex
from classifiers.scene_mapper import to_prediction

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
GROUPS = {"old": DATA / "classify_eval.jsonl", "dev": DATA / "classify_dev.jsonl",
          "confirmed": DATA / "classify_confirmed.jsonl"}
C_TFIDF = 20.0
C_PAIRS = 1.0
MIN_DF = 2
FA_TARGET = 1.5  # % of correctly declared lines
RECALL_TARGET = 90.0  # % of wrongly declared lines
MARGINS = tuple(round(0.02 * i, 2) for i in range(1, 50))


def read_jsonl(path: Path) -> list[dict]:
    """JSONL file -> rows (blank lines skipped)."""
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def load_training_rows(groups: dict[str, Path] | None = None) -> list[dict]:
    """The training files that exist -> rows with a "group" key, in file order."""
    rows = []
    for group, path in (groups or GROUPS).items():
        if path.exists():
            rows += [{**r, "group": group} for r in read_jsonl(path)]
    return rows


def thin(rows: list[dict], per_scene: int) -> list[dict]:
    """Rows -> the first `per_scene` lines of each (group, scene), in order (quick builds for tests)."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for r in rows:
        key = (r.get("group", ""), r.get("scene", ""))
        if seen.get(key, 0) < per_scene:
            seen[key] = seen.get(key, 0) + 1
            out.append(r)
    return out


@dataclass
class Prepared:
    """Rows turned into what training needs once: dictionary features, TF-IDF text, tokens, labels."""

    rows: list[dict]
    dict_features: np.ndarray  # (n, N_DICT, scenes), uncentred
    texts: list[str]
    tokens: list[list[str]]
    y: np.ndarray
    groups: np.ndarray


def prepare_rows(rows: list[dict], guide: Guide, extractor: FeatureExtractor | None = None) -> Prepared:
    """Labelled rows -> Prepared (rows whose scene is not a guide scene are dropped)."""
    extractor = extractor or FeatureExtractor(guide)
    pos = {s.name: i for i, s in enumerate(guide.scenes)}
    keep = [r for r in rows if r.get("scene") in pos]
    evs = [extractor.evidence(r.get("text") or "", r.get("name")) for r in keep]
    return Prepared(
        rows=keep, dict_features=np.stack([e.matrix for e in evs]) if evs else np.zeros((0, N_DICT, len(pos))),
        texts=[model_text(r.get("text") or "", r.get("name")) for r in keep], tokens=[e.tokens for e in evs],
        y=np.asarray([pos[r["scene"]] for r in keep], dtype=np.int64),
        groups=np.asarray([r.get("group", "old") for r in keep]),
    )


def _vectorizer() -> TfidfVectorizer:
    """The TF-IDF settings the runtime (classifiers/learned.py) reproduces."""
    return TfidfVectorizer(analyzer=char_ngrams, sublinear_tf=True, min_df=MIN_DF, norm="l2", smooth_idf=True,
                           dtype=np.float64)


def fit_tfidf(texts: list[str], y: np.ndarray, n_classes: int) -> tuple[TfidfVectorizer, np.ndarray, np.ndarray]:
    """Texts + labels -> (fitted vectorizer, coefficient matrix (V, classes), intercepts (classes))."""
    vec = _vectorizer()
    x = vec.fit_transform(texts)
    lr = LogisticRegression(C=C_TFIDF, max_iter=3000, tol=1e-4)
    lr.fit(x, y)
    coef = np.zeros((n_classes, x.shape[1]))
    b = np.full(n_classes, -1e3 / C_TFIDF)  # a scene without training text gets a low constant
    coef[lr.classes_] = lr.coef_
    b[lr.classes_] = lr.intercept_
    return vec, coef.T, b


def tfidf_decisions(vec: TfidfVectorizer, w: np.ndarray, b: np.ndarray, texts: list[str]) -> np.ndarray:
    """Fitted TF-IDF part + texts -> decision values (n, classes)."""
    return np.asarray(vec.transform(texts) @ w) + b


def _folds(y: np.ndarray, n_splits: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    """Labels -> deterministic stratified folds (fewer when the rarest scene has fewer lines; a scene with a
    single line warns, which is fine here)."""
    n_splits = max(2, min(n_splits, int(np.bincount(y).max(initial=0)), int(np.min(np.bincount(y)[np.bincount(y) > 0]))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=0).split(np.zeros(len(y)), y))


def inner_tfidf(prep: Prepared, idx: np.ndarray, n_classes: int) -> np.ndarray:
    """Training rows -> their TF-IDF decision values, each from a model that did not see it (5 folds)."""
    out = np.zeros((len(idx), n_classes))
    texts = [prep.texts[i] for i in idx]
    for tr, te in _folds(prep.y[idx]):
        vec, w, b = fit_tfidf([texts[i] for i in tr], prep.y[idx][tr], n_classes)
        out[te] = tfidf_decisions(vec, w, b, [texts[i] for i in te])
    return out


def centred(m: np.ndarray) -> np.ndarray:
    """(n, features, scenes) -> the same minus the mean over scenes."""
    return m - m.mean(axis=2, keepdims=True)


def fit_pairs(mats: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Centred features (n, F, scenes) + labels -> weights of a logistic regression over (text, scene) pairs."""
    n, f, s = mats.shape
    x = mats.transpose(0, 2, 1).reshape(n * s, f)
    target = (np.arange(s)[None, :] == y[:, None]).reshape(-1).astype(np.int64)
    lr = LogisticRegression(C=C_PAIRS, max_iter=5000, tol=1e-8)
    lr.fit(x, target)
    return lr.coef_[0].copy()


def example_similarities(prep: Prepared, idx: np.ndarray, n_classes: int) -> np.ndarray:
    """Training rows -> per-scene similarity of each to its nearest example from the *other* groups."""
    out = np.zeros((len(idx), n_classes))
    for g in sorted(set(prep.groups[idx])):
        others = [i for i in idx if prep.groups[i] != g]
        if not others:
            continue
        index = ExampleIndex([(prep.tokens[i], int(prep.y[i])) for i in others])
        for k, i in enumerate(idx):
            if prep.groups[i] == g:
                for pos, sim in index.similarities(prep.tokens[i]).items():
                    out[k, pos] = sim
    return out


@dataclass
class Fitted:
    """One trained model (before calibration)."""

    vec: TfidfVectorizer
    w: np.ndarray
    b: np.ndarray
    coef: np.ndarray
    coef_dict: np.ndarray
    inner: np.ndarray  # the inner-fold TF-IDF decision values of the training rows


def fit(prep: Prepared, idx: np.ndarray, n_classes: int) -> Fitted:
    """Rows idx of prep -> Fitted (TF-IDF part on all of them; pair weights on inner-fold decision values)."""
    inner = inner_tfidf(prep, idx, n_classes)
    full = centred(np.concatenate([prep.dict_features[idx], inner[:, None, :]], axis=1))
    coef = fit_pairs(full, prep.y[idx])
    coef_dict = fit_pairs(full[:, :N_DICT], prep.y[idx])
    vec, w, b = fit_tfidf([prep.texts[i] for i in idx], prep.y[idx], n_classes)
    return Fitted(vec, w, b, coef, coef_dict, inner)


def logits(fitted: Fitted, prep: Prepared, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fitted model + rows -> (logits with TF-IDF, logits from the dictionaries only), each (n, scenes)."""
    dec = tfidf_decisions(fitted.vec, fitted.w, fitted.b, [prep.texts[i] for i in idx])
    full = centred(np.concatenate([prep.dict_features[idx], dec[:, None, :]], axis=1))
    return (np.einsum("f,nfs->ns", fitted.coef, full),
            np.einsum("f,nfs->ns", fitted.coef_dict, full[:, :N_DICT]))


def out_of_group(prep: Prepared, n_classes: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Every row -> logits (full, dictionaries only) from a model trained without its group
    (5 stratified folds when there is one group only); plus a description of the scheme."""
    full = np.zeros((len(prep.y), n_classes))
    dict_only = np.zeros_like(full)
    groups = sorted(set(prep.groups))
    if len(groups) >= 2:
        splits = [(np.flatnonzero(prep.groups != g), np.flatnonzero(prep.groups == g)) for g in groups]
        scheme = [f"leave-{g}-out" for g in groups]
    else:
        splits = _folds(prep.y)
        scheme = ["5 stratified folds"]
    for tr, te in splits:
        a, b = logits(fit(prep, tr, n_classes), prep, te)
        full[te], dict_only[te] = a, b
    return full, dict_only, scheme


def softmax_rows(z: np.ndarray, temperature: float) -> np.ndarray:
    """Logits (n, scenes) -> row-wise softmax(z / T)."""
    e = np.exp((z - z.max(axis=1, keepdims=True)) / temperature)
    return e / e.sum(axis=1, keepdims=True)


def fit_temperature(z: np.ndarray, y: np.ndarray) -> float:
    """Logits + labels -> the temperature with the lowest log-loss (bounded search, 4 decimals)."""
    def nll(t: float) -> float:
        p = softmax_rows(z, t)[np.arange(len(y)), y]
        return float(-np.log(np.maximum(p, 1e-12)).mean())

    res = minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded", options={"xatol": 1e-5})
    return round(float(res.x), 4)


def declared_scene(row: dict, guide: Guide) -> str | None:
    """Row -> its declared scene, normalised to the guide (None when unknown)."""
    return normalize_label(row.get("declared_link"), row.get("declared_scene"), guide).scene


def choose_margin(rows: list[dict], probs: np.ndarray, guide: Guide) -> tuple[float, dict]:
    """Rows + calibrated probabilities -> (margin, figures with the whole margin table)."""
    declared = [declared_scene(r, guide) for r in rows]
    preds = [to_prediction(list(p), guide, d) for p, d in zip(probs, declared, strict=True)]
    table = {}
    for m in MARGINS:
        fa = sum(fires(p, d, m) for p, d, r in zip(preds, declared, rows, strict=True) if d == r["scene"])
        ok = sum(d == r["scene"] for d, r in zip(declared, rows, strict=True))
        caught = sum(fires(p, d, m) for p, d, r in zip(preds, declared, rows, strict=True)
                     if d and d != "其他" and d != r["scene"])
        wrong = sum(bool(d) and d != "其他" and d != r["scene"] for d, r in zip(declared, rows, strict=True))
        table[m] = (100.0 * fa / max(ok, 1), 100.0 * caught / max(wrong, 1))
    # The middle of the band of margins meeting both targets (false alarms ≤ FA_TARGET, recall ≥
    # RECALL_TARGET): text by a new writer moves probabilities both ways, the middle leaves room on each
    # side. Without such a band: the best recall within the false-alarm target.
    band = [m for m in MARGINS if table[m][0] <= FA_TARGET and table[m][1] >= RECALL_TARGET]
    within = [m for m in MARGINS if table[m][0] <= FA_TARGET]
    if band:
        margin = band[len(band) // 2]
    elif within:
        best = max(table[m][1] for m in within)
        margin = next(m for m in within if table[m][1] == best)
    else:
        margin = MARGINS[-1]
    figures = {"false_alarm_pct": round(table[margin][0], 2), "recall_pct": round(table[margin][1], 2),
               "table": {f"{m:.2f}": [round(a, 2), round(b, 2)] for m, (a, b) in table.items()}}
    return margin, figures


def _digest(rows: list[dict]) -> str:
    """Training rows -> sha256 of their id/text/scene (says which data built a file)."""
    h = hashlib.sha256()
    for r in rows:
        h.update(json.dumps([r.get("group"), r.get("id"), r.get("name"), r.get("text"), r.get("scene")],
                            ensure_ascii=False).encode())
    return h.hexdigest()


def build(guide: Guide, rows: list[dict]) -> tuple[dict[str, np.ndarray], dict]:
    """Guide + labelled rows -> (arrays of the model file, training report). One BLAS/OpenMP thread:
    threaded sums change the last bits of the weights from run to run, and the file must not change."""
    with threadpool_limits(limits=1):
        return _build(guide, rows)


def _build(guide: Guide, rows: list[dict]) -> tuple[dict[str, np.ndarray], dict]:
    """Worker of build."""
    prep = prepare_rows(rows, guide)
    n_classes = len(guide.scenes)
    oog, oog_dict, scheme = out_of_group(prep, n_classes)
    temperature = fit_temperature(oog, prep.y)
    temperature_dict = fit_temperature(oog_dict, prep.y)
    dev = np.flatnonzero(prep.groups == "dev")
    pick = dev if len(dev) else np.arange(len(prep.y))
    probs = softmax_rows(oog[pick], temperature)
    margin, margin_fig = choose_margin([prep.rows[i] for i in pick], probs, guide)
    everything = np.arange(len(prep.y))
    fitted = fit(prep, everything, n_classes)
    # With confirmed cases: the pair weights again with the nearest-example similarity as one more row.
    inner = fitted.inner
    sims = example_similarities(prep, everything, n_classes)
    with_ex = centred(np.concatenate([prep.dict_features, inner[:, None, :], sims[:, None, :]], axis=1))
    coef_examples = fit_pairs(with_ex, prep.y)
    temperature_examples = fit_temperature(np.einsum("f,nfs->ns", coef_examples, with_ex), prep.y)
    vocab = fitted.vec.get_feature_names_out()
    meta = {
        "edition": guide.edition, "features": [*FEATURES, "examples"], "rows": len(prep.y),
        "groups": {g: int((prep.groups == g).sum()) for g in sorted(set(prep.groups))},
        "data_sha256": _digest(prep.rows), "cv": scheme, "C_tfidf": C_TFIDF, "C_pairs": C_PAIRS,
        "min_df": MIN_DF, "fa_target_pct": FA_TARGET, "recall_target_pct": RECALL_TARGET, "margin_chosen_on": "dev" if len(dev) else "all",
        "margin_cv": margin_fig, "sklearn": sklearn.__version__, "scipy": scipy.__version__,
        "numpy": np.__version__,
    }
    arrays = {
        "vocab": np.asarray(vocab, dtype=str), "idf": fitted.vec.idf_.astype(np.float32),
        "W": fitted.w.astype(np.float32), "b": fitted.b.astype(np.float32),
        "coef": fitted.coef, "coef_dict": fitted.coef_dict, "coef_examples": coef_examples,
        "temperature": np.float64(temperature), "temperature_dict": np.float64(temperature_dict),
        "temperature_examples": np.float64(temperature_examples), "margin": np.float64(margin),
        "scenes": np.asarray([s.name for s in guide.scenes], dtype=str),
        "meta": np.asarray(json.dumps(meta, ensure_ascii=False, sort_keys=True)),
    }
    return arrays, meta


def to_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """Model arrays -> npz bytes (compressed; zip entries carry numpy's fixed date, so equal arrays give
    equal bytes)."""
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def same_model(shipped, built: dict[str, np.ndarray]) -> bool:
    """Shipped npz vs a fresh build: every array present, text arrays equal, weights equal to within
    1e-3 relative / 1e-4 absolute. Bytes are not compared: another CPU's BLAS kernels change the last
    digits of the pair weights (seen: 1e-4 on coef_dict), never a prediction."""
    if set(shipped.files) != set(built):
        return False
    for key, value in built.items():
        old = shipped[key]
        if old.shape != value.shape:
            return False
        if value.dtype.kind in "fc":
            if not np.allclose(old, value, rtol=1e-3, atol=1e-4):
                return False
        elif not (old == value).all():
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    """CLI: build the model file (or --check it against a fresh build)."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--edition", default="2023")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--check", action="store_true", help="exit 1 when the shipped file differs from a fresh build")
    ap.add_argument("--per-scene", type=int, default=0, help="only the first N lines per set and scene (quick builds)")
    args = ap.parse_args(argv)
    guide = load_guide(args.edition)
    rows = load_training_rows()
    if args.per_scene > 0:
        rows = thin(rows, args.per_scene)
    if not rows:
        print("没有训练数据（tests/data/classify_eval.jsonl 等）。", file=sys.stderr)
        return 2
    arrays, meta = build(guide, rows)
    data = to_bytes(arrays)
    out = args.out or model_path(args.edition)
    if args.check:
        same = out.exists() and same_model(np.load(out), arrays)
        print(f"{out}: {'与重新训练的结果一致' if same else '与重新训练的结果不一致'}")
        return 0 if same else 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(json.dumps({"written": str(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out),
                      "bytes": len(data), **meta}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
