"""Keywords and heading categories from words cut by jieba-rs are jieba's: jieba itself is the
reference, on every section of the real reports (and on the seed report where ../shared is
absent). The two cut runs of digits and Latin letters differently (`2026-03-10`), which no
keyword or category depends on."""

import logging

import jieba
import jieba.analyse
import pytest
from conftest import REAL, SEED

import pipeline
from pipeline import outline
from pipeline.segment import keywords
from pipeline.vocabulary import data_rows


@pytest.fixture(scope="module")
def reference():
    """jieba, with the category keywords added as the pipeline adds them."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for row in data_rows("categories.csv"):
        tokenizer.add_word(row["keyword"], freq=100_000)
    extractor = jieba.analyse.TFIDF()
    extractor.tokenizer = tokenizer
    return tokenizer, extractor


def _texts() -> list[str]:
    paths = sorted(p for p in (REAL / "txt").glob("*.pipes.txt")) if REAL.exists() else []
    texts = []
    for path in [*paths, SEED]:
        result = pipeline.process(path, path.parent)
        texts += [s.text for s in result.sections if s.text] + [
            s.heading for s in result.sections if s.heading
        ]
    return texts


def test_same_keywords_as_jieba(reference):
    _, extractor = reference
    texts = _texts()
    assert len(texts) > 20
    for text in texts:
        assert keywords(text, 5) == extractor.extract_tags(text, topK=5)


def test_same_heading_categories_as_with_jieba(reference, monkeypatch):
    tokenizer, _ = reference
    headings = _texts()
    ours = [outline.classify_heading(h) for h in headings]
    monkeypatch.setattr(outline, "cut", tokenizer.lcut)
    assert ours == [outline.classify_heading(h) for h in headings]
    assert "shortcomings" in ours
