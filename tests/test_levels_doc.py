"""docs/levels.md is what subscribers read about levels; it must say what the code does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.core import severity as sv
from bot.core.levels_doc import level_rows, render
from bot.core.tempo import Band

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "levels.md"


def table_rows(text: str, header: str) -> list[list[str]]:
    """The cells of the Markdown table that starts with ``header``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_page_is_generated_from_the_tables() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "run scripts/gen_levels_doc.py"


def test_the_level_table_on_the_page_matches_the_rules() -> None:
    rows = table_rows(DOC.read_text(encoding="utf-8"), "| Level |")
    assert [(int(r[0]), r[1]) for r in rows] == [(level.number, level.name) for level in sv.LEVELS]
    assert [r[3] for r in rows] == [rules for *_, rules in level_rows()]
    by_level = {int(r[0]): r[3] for r in rows}
    for rule in (*sv.CLASS_RULES.values(), *sv.KIND_RULES.values(), *sv.LANDING_RULES.values()):
        assert rule.label in by_level[rule.level]


def test_the_band_table_lists_every_band_highest_first() -> None:
    rows = table_rows(DOC.read_text(encoding="utf-8"), "| Band |")
    assert [r[0] for r in rows] == [str(b) for b in reversed(Band)]


def test_the_generator_checks_the_page() -> None:
    script = ROOT / "scripts" / "gen_levels_doc.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
