"""Article text extraction: the benchmark metric, and our extractor's scores on the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from gatewatch.crawler.evaluate import evaluate_extractors, page_counts, score, shingles, tokenize
from gatewatch.crawler.extract import extract_article, main_text

# Measured with trafilatura 2.3.1 and readability-lxml 0.9: 0.989 on html/, 0.988 on html-eval/.
F1_FLOORS = {"html": 0.979, "html-eval": 0.978}


def test_tokens_are_unicode_words_with_case_kept() -> None:
    assert tokenize("Ação — São Paulo, 2019! Straße") == ["Ação", "São", "Paulo", "2019", "Straße"]
    assert len(shingles(tokenize("a b c d e"))) == 2


def test_perfect_match() -> None:
    text = "The quick brown fox jumps over the lazy dog."
    assert page_counts(text, "The quick brown fox\njumps over the lazy dog") == (1.0, 0.0, 0.0)
    result = score([(text, text), ("", "")])
    assert (result.precision, result.recall, result.f1, result.accuracy) == (1.0, 1.0, 1.0, 1.0)


def test_empty_prediction_counts_for_recall_only() -> None:
    truth = "one two three four five six"
    assert page_counts(truth, "") == (0.0, 0.0, 1.0)
    result = score([(truth, ""), (truth, truth)])
    assert result.precision == 1.0  # the empty page has TP+FP = 0: left out of the precision mean
    assert result.recall == 0.5
    assert result.f1 == pytest.approx(2 / 3)
    assert result.accuracy == 0.5


def test_partial_prediction() -> None:
    truth = "a b c d e f"  # shingles abcd, bcde, cdef
    prediction = "a b c d e x y z"  # abcd, bcde (true) + cdex, dexy, exyz (false)
    tp, fp, fn = page_counts(truth, prediction)
    assert (tp, fp, fn) == pytest.approx((2 / 6, 3 / 6, 1 / 6))
    result = score([(truth, prediction)])
    assert result.precision == pytest.approx(2 / 5)
    assert result.recall == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(2 * (2 / 5) * (2 / 3) / (2 / 5 + 2 / 3))
    assert result.accuracy == 0.0


def test_repeated_shingles_are_a_multiset() -> None:
    truth = "go go go go"
    assert page_counts(truth, "go go go go go") == pytest.approx((1 / 2, 1 / 2, 0.0))


def test_main_text_of_a_small_page_and_empty_input() -> None:
    body = " ".join(f"Paragraph {i} says the regulator fined the platform for tying its services." for i in range(8))
    page = (
        "<html><head><title>Fine</title></head><body><nav>Home | News | Contact</nav>"
        f"<article><h1>Fine</h1><p>{body}</p><p>{body}</p></article><footer>© Example</footer></body></html>"
    )
    text = main_text(page, "https://example.org/a")
    assert "regulator fined the platform" in text and "Contact" not in text
    assert main_text("", "https://example.org/") == ""
    assert extract_article("   ", "https://example.org/") is None
    article = extract_article(page, "https://example.org/a")
    assert article is not None and article.text == text


@pytest.mark.parametrize("split", sorted(F1_FLOORS))
def test_our_extractor_f1_on_shared_corpus(shared_dir: Path, split: str) -> None:
    corpus = shared_dir / "corpus" / split
    if not (corpus / "ground-truth.json").exists():
        pytest.skip(f"{corpus} not found")
    result = evaluate_extractors(corpus, only=["gatewatch"])["gatewatch"]
    assert result.pages >= 20
    assert result.f1 >= F1_FLOORS[split], result
