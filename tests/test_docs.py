"""The README, docs and --help cannot drift from the code."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import click
import pytest

from gatewatch.cli import cli
from gatewatch.db.export import COLUMNS

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands(program: str) -> list[list[str]]:
    """Every command line in the README's bash blocks that starts with ``program``."""
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line.split(" #")[0], comments=False) if line.strip() else []
            if "|" in words:
                words = words[words.index("|") + 1:]
            if words and Path(words[0]).name == program:
                commands.append(words[1:])
    return commands


def test_quick_start_is_two_make_targets_that_exist() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```bash\n(.*?)```", quick_start, re.S).group(1)
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]
    for target in ("demo", "test"):
        subprocess.run(["make", "-n", target], cwd=REPO, check=True, capture_output=True)


def test_ci_runs_the_readme_test_command() -> None:
    assert re.search(r"^make test$", (REPO / ".ci" / "run").read_text(), re.M)


@pytest.mark.parametrize("words", readme_commands("gatewatch"), ids=" ".join)
def test_readme_gatewatch_commands_parse(words: list[str]) -> None:
    command = cli.commands.get(words[0]) if words else cli
    assert command is not None, f"README uses unknown command {words[0]!r}"
    known = {opt for param in command.params for opt in param.opts + param.secondary_opts}
    used = {w.split("=")[0] for w in words[1:] if w.startswith("-") and w != "-"}
    assert used <= known, f"unknown options {used - known}"
    command.make_context(words[0], words[1:], resilient_parsing=False)


def test_help_teaches_the_workflow_and_each_command_has_an_example() -> None:
    ctx = click.Context(cli, info_name="gatewatch")
    top = cli.get_help(ctx)
    for name in ("crawl", "tag", "serve", "run", "export"):
        assert f"gatewatch {name}" in top
        sub = cli.commands[name]
        assert re.search(rf"Example:.*gatewatch\s+{name}", sub.get_help(click.Context(sub, info_name=name, parent=ctx)), re.S)


def test_export_doc_lists_every_field() -> None:
    documented = re.findall(r"^\| `(\w+)` \|", (REPO / "docs" / "export.md").read_text(encoding="utf-8"), re.M)
    assert documented == list(COLUMNS)


def test_tag_doc_lists_every_output_field() -> None:
    from gatewatch.cli import _tag_output

    documented = re.findall(r"^\| `(\w+)` \|", (REPO / "docs" / "tag.md").read_text(encoding="utf-8"), re.M)
    sample = {k: None for k in ("id", "language", "relevant", "jurisdictions", "event_types", "fines",
                                "turnover_shares", "event_date")} | {"companies": [], "regulators": []}
    assert documented == list(_tag_output(sample))
