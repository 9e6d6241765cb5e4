"""Chinese word segmentation and keywords: jieba's dictionary and idf data, cut by jieba-rs.

`rjieba` (jieba-rs) cuts with the same dictionary as jieba, many times faster; keywords are
jieba's TF-IDF (`jieba.analyse.extract_tags`) computed here over those words, with jieba's own
idf table and stop words, so they come out the same (`tests/test_segment.py` compares them
with jieba itself). Both load once per process, on first use.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import rjieba

from .vocabulary import data_lines, data_rows

_USER_WORD_FREQ = 100_000  # the category keywords of `data/categories.csv` are always one word


@functools.cache
def segmenter() -> rjieba.Jieba:
    """jieba's dictionary, and every category keyword as a word of its own."""
    cutter = rjieba.Jieba()
    for row in data_rows("categories.csv"):
        cutter.add_word(row["keyword"], _USER_WORD_FREQ, None)
    return cutter


def cut(text: str) -> list[str]:
    return segmenter().cut(text, hmm=True)


@functools.cache
def _idf() -> tuple[dict[str, float], float]:
    """jieba's idf table (`jieba/analyse/idf.txt`: `word idf` lines) and its median, as
    jieba.analyse loads it."""
    # found, not imported: importing jieba itself costs a tenth of a second in every worker
    spec = importlib.util.find_spec("jieba")
    assert spec is not None and spec.submodule_search_locations, "jieba is a dependency"
    idf_file = Path(spec.submodule_search_locations[0], "analyse", "idf.txt")
    fields = idf_file.read_text(encoding="utf-8").split()
    table = dict(zip(fields[::2], map(float, fields[1::2]), strict=True))
    values = sorted(table.values())
    return table, values[len(values) // 2]


def keywords(text: str, count: int) -> list[str]:
    """The `count` words of `text` with the highest TF-IDF, as `jieba.analyse.extract_tags` gives."""
    stop = frozenset(data_lines("keyword_stopwords.txt"))
    frequency: dict[str, float] = {}
    for word in cut(text):
        if len(word.strip()) < 2 or word.lower() in stop:
            continue
        frequency[word] = frequency.get(word, 0.0) + 1.0
    total = sum(frequency.values())
    idf, median = _idf()
    weight = {word: n * idf.get(word, median) / total for word, n in frequency.items()}
    return sorted(weight, key=weight.__getitem__, reverse=True)[:count]
