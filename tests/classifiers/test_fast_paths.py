"""The mapper's fast paths give exactly what the slow ones give: segment's jieba_cut is jieba's lcut(HMM=False),
and the model's n-gram ids are the dictionary lookups of features.char_ngrams (so no prediction changes)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from classifiers.features import char_ngrams, model_text
from classifiers.learned import NgramCoder, load_model
from classifiers.segment import get_tokenizer, jieba_cut, prepare

DATA = Path(__file__).resolve().parents[1] / "data"
ALPHABET = "数字孪生工厂设备检测质量智能制造在线运维ＡＧＶagv AGV 5G MES ，。、；\n\r\n\t-._%#&+（）a1é𠀀_"


def _texts() -> list[str]:
    out = []
    for name in ("classify_dev.jsonl", "classify_eval.jsonl", "classify_eval_v2.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            out += [row.get("text") or "", row.get("name") or ""]
    rng = random.Random(17)
    out += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    return [*out, "", " ", "a", "中", "AGV小车", "\x00"]


@pytest.fixture(scope="module")
def texts():
    return _texts()


def test_our_jieba_cut_is_jiebas_cut_on_every_labelled_text_and_random_strings(texts):
    tok = get_tokenizer("2023")
    for text in texts:
        for t in (text, prepare(text)):
            assert jieba_cut(tok, t) == tok.lcut(t, HMM=False), t


def test_a_word_added_later_changes_the_cut_as_in_jieba():
    import jieba

    tok = jieba.Tokenizer()
    tok.initialize()
    before = jieba_cut(tok, "柔性夹具快换系统")
    tok.add_word("柔性夹具快换", freq=500000)  # the total changes: the cached log frequencies must go
    assert jieba_cut(tok, "柔性夹具快换系统") == tok.lcut("柔性夹具快换系统", HMM=False) != before


def test_ngram_ids_are_the_vocabulary_lookups_of_every_ngram(texts):
    model = load_model("2023")
    coder = NgramCoder(model.vocab)
    for text in texts:
        t = model_text(text, None)
        expected = sorted(i for i in map(model.vocab.get, char_ngrams(t)) if i is not None)
        assert sorted(coder.ids(t).tolist()) == expected, t
