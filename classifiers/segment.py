"""Chinese word segmentation: one jieba Tokenizer with our domain user dictionary (cached)."""

from __future__ import annotations

import logging
import math
import re
import warnings
from collections.abc import Iterable, Iterator
from functools import cache

# jieba 0.42.1 has invalid escape sequences; compiling it (no cached bytecode) warns, and callers that
# turn warnings into errors (pytest here) would get a SyntaxError from a plain import.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import jieba

from catalog.reference import CatalogError, Guide, load_guide
from classifiers.resources import load_profiles, load_terms
from model.text import normalize_text

jieba.setLogLevel(logging.WARNING)

_SKIP = re.compile(r"^[\W_\d]+$")
# Common function words that carry no scene evidence.
STOPWORDS = frozenset(
    ["的", "了", "和", "与", "及", "等", "在", "对", "为", "是", "将", "把", "从", "由", "以", "并", "或", "通过", "实现", "进行", "开展", "基于", "采用", "应用", "建设", "建立", "系统", "平台", "公司", "我们", "我司", "本", "该", "其", "各", "个", "中", "上", "下", "后", "前", "内", "个", "一", "年", "月", "日", "万元", "%", "项目", "场景", "有效", "提高", "提升", "降低", "实现了", "形成", "全面", "同时", "以及", "相关", "主要", "可以", "能够", "一个", "已经", "通过", "工作", "管理"]
)


# Frequent characters that exist only in traditional script: one of them means the text needs t2s.
_TRADITIONAL = re.compile("[們個來時說對會於與發開關產業資訊設備數據檢測質線動優運維統廠倉儲應處實現將從經濟點營銷採購計劃調環節場協網絡診斷監廢]")


@cache
def t2s_converter():  # type: ignore[no-untyped-def]
    """The OpenCC traditional -> simplified converter (loaded once, only when needed)."""
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Text -> simplified Chinese (unchanged, and free, when it has no traditional-only character)."""
    return t2s_converter().convert(text) if _TRADITIONAL.search(text) else text


def prepare(text: str) -> str:
    """Raw text -> NFKC, simplified Chinese, ASCII letters upper-cased ('agv', 'ＡＧＶ' both read AGV)."""
    return to_simplified(normalize_text(text, fold_spaces=False)).upper()


def domain_phrases(guide: Guide) -> list[str]:
    """Guide -> every phrase the segmenter should keep whole (names, keywords, cues, terms)."""
    phrases: list[str] = []
    for scene in guide.scenes:
        phrases += [scene.name, *scene.keywords, *scene.synonyms]
    phrases += [x.name for x in guide.links] + list(guide.cross_edition_aliases)
    for profile in load_profiles(guide).values():
        phrases += profile.cues
    return sorted({prepare(p) for p in phrases + _term_phrases() if p.strip()})


def _term_phrases() -> list[str]:
    """terms.yaml -> its technology, system and equipment phrases."""
    terms = load_terms()
    phrases = [*terms.technology, *terms.system]
    for group in terms.equipment.values():
        phrases += group
    return [prepare(p) for p in phrases]


@cache
def get_tokenizer(edition: str = "2023") -> jieba.Tokenizer:
    """Guide edition -> an initialised jieba Tokenizer holding the domain dictionary (own instance,
    so the global jieba stays untouched)."""
    tok = jieba.Tokenizer()
    tok.initialize()
    try:
        phrases = domain_phrases(load_guide(edition))
    except CatalogError:  # a guide built in memory (tests, drafts): our term lists still apply
        phrases = _term_phrases()
    for phrase in phrases:
        if " " not in phrase:
            # A high frequency makes the DAG keep the phrase whole in most contexts.
            tok.add_word(phrase, freq=200000)
    return tok


_ASCII_WORD = re.compile(r"^[A-Z0-9]+$")


def merge_ascii(tokens: list[str]) -> list[str]:
    """Tokens -> the same with adjacent pure-ASCII pieces joined again.

    jieba cuts a Latin word around any dictionary abbreviation inside it (TEAMCENTER -> T / EAM /
    CENTER), which would read as the system EAM; an abbreviation counts only as a whole word.
    """
    out: list[str] = []
    for t in tokens:
        if out and _ASCII_WORD.match(t) and _ASCII_WORD.match(out[-1]):
            out[-1] += t
        else:
            out.append(t)
    return out


class DomainSegmenter:
    """jieba-compatible `.cut()` for spaCy's Chinese tokenizer: our dictionary, whole Latin words."""

    def __init__(self, edition: str = "2023"):
        """Guide edition -> segmenter over that edition's dictionary."""
        self.edition = edition

    def cut(self, text: str, cut_all: bool = False) -> Iterator[str]:
        """Text -> tokens whose concatenation is the text (spaCy needs that)."""
        return iter(merge_ascii(get_tokenizer(self.edition).lcut(text, HMM=False)))


_HAN, _SKIP_WS, _ENG = jieba.re_han_default, jieba.re_skip_default, jieba.re_eng  # jieba's own patterns


_STOP, _PREFIX = object(), object()  # a fragment no dictionary word starts with; one that only begins words
_CACHE_MAX = 1_000_000


def _fragments(tok: jieba.Tokenizer) -> dict[str, object]:
    """Tokenizer -> its cache fragment -> _STOP, _PREFIX or the word's log(freq) - log(total), the term
    jieba's calc sums (emptied when words are added, which changes the total, and when it grows large)."""
    cached = getattr(tok, "_shenbao_fragments", None)
    if cached is None or cached[0] != tok.total or len(cached[1]) > _CACHE_MAX:
        cached = (tok.total, {})
        tok._shenbao_fragments = cached
    return cached[1]


def _cut_block(tok: jieba.Tokenizer, block: str) -> list[str]:
    """One jieba block -> exactly jieba's __cut_DAG_NO_HMM of it, in one backward pass: the DAG of each
    position is walked as it is built (no DAG dict, no generator per position) and what jieba's FREQ says
    of each fragment is looked up once per process. Same float operations in the same order, so the same
    route (ties go to the longer word, as jieba's max over (score, end) does)."""
    freq, seen = tok.FREQ, _fragments(tok)
    logtotal = math.log(tok.total)
    get = seen.get
    n = len(block)
    score = [0.0] * (n + 1)
    end = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        best_v = best_x = None
        for i in range(k + 1, n + 1):
            frag = block[k:i]
            lp = get(frag, seen)
            if lp is seen:  # first time: ask jieba's FREQ
                f = freq.get(frag)
                lp = seen[frag] = _STOP if f is None else _PREFIX if not f else math.log(f) - logtotal
            if lp is _STOP:
                break
            if lp is not _PREFIX:
                v = lp + score[i]  # type: ignore[operator]
                if best_v is None or v >= best_v:  # i grows: on a tie the later end wins, as in jieba
                    best_v, best_x = v, i - 1
        if best_v is None:  # no dictionary word starts here: the character alone (jieba's DAG [k])
            best_v, best_x = math.log(freq.get(block[k]) or 1) - logtotal + score[k + 1], k
        score[k], end[k] = best_v, best_x
    out: list[str] = []
    x, buf = 0, ""
    while x < n:
        y = end[x] + 1
        word = block[x:y]
        if len(word) == 1 and _ENG.match(word):
            buf += word
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(word)
        x = y
    if buf:
        out.append(buf)
    return out


def jieba_cut(tok: jieba.Tokenizer, sentence: str) -> list[str]:
    """Sentence -> exactly tok.lcut(sentence, HMM=False), about twice as fast (the mapper's hottest loop;
    tests/classifiers compare the two on every labelled text and on random strings)."""
    tok.check_initialized()
    out: list[str] = []
    for blk in _HAN.split(sentence):
        if not blk:
            continue
        if _HAN.match(blk):
            out += _cut_block(tok, blk)
        else:
            for x in _SKIP_WS.split(blk):
                if _SKIP_WS.match(x):
                    out.append(x)
                else:
                    out += x
    return out


def segment(text: str, edition: str = "2023") -> list[str]:
    """Text -> every jieba token of the prepared text, whitespace dropped, order kept."""
    tok = get_tokenizer(edition)
    return [w for w in merge_ascii(jieba_cut(tok, prepare(text))) if w.strip()]


def content_tokens(tokens: Iterable[str]) -> list[str]:
    """Tokens -> those that can carry evidence (no punctuation, numbers or stopwords)."""
    return [w for w in tokens if w not in STOPWORDS and not _SKIP.match(w)]


def tokenize(text: str, edition: str = "2023") -> list[str]:
    """Text -> content tokens (prepared, no punctuation/digits/stopwords)."""
    return content_tokens(segment(text, edition))


def ngrams(tokens: Iterable[str], n_max: int = 4) -> list[str]:
    """Tokens -> the tokens plus the strings of 2..n_max consecutive tokens (phrase lookup keys)."""
    toks = list(tokens)
    out = list(toks)
    for n in range(2, n_max + 1):
        out += ["".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
    return out
