"""docs/guide.md cannot drift: every URL and command in it answers as the guide says,
against the demo database (what `make demo` builds)."""

from __future__ import annotations

import re
import shlex
import urllib.request
from pathlib import Path

import pytest

from helpers import gatewatch

GUIDE = (Path(__file__).parent.parent / "docs" / "guide.md").read_text(encoding="utf-8")
ANSWERS = re.findall(r"```(url|bash)\n(.*?)\n```\n<!-- expect: (.*?) -->", GUIDE, re.S)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = tmp_path_factory.mktemp("demo") / "gatewatch.db"
    gatewatch("run", "--sample", "--no-serve", "--db", str(db_path))
    return db_path


def test_the_guide_has_ten_checked_answers() -> None:
    assert len(re.findall(r"^## \d+\. ", GUIDE, re.M)) == 10
    assert len(ANSWERS) == 10


@pytest.mark.parametrize("kind, answer, expected", ANSWERS, ids=[a[1][:60] for a in ANSWERS])
def test_guide_answer(demo: Path, datasette, kind: str, answer: str, expected: str) -> None:
    if kind == "url":
        base = datasette(demo)
        with urllib.request.urlopen(base + answer, timeout=30) as response:
            body = response.read().decode("utf-8")
    else:
        words = shlex.split(answer)
        assert Path(words[0]).name == "gatewatch"
        body = gatewatch(*words[1:], "--db", str(demo)).stdout
    assert expected in body
