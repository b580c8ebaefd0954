"""The committed Bot API subset is exactly what the generator makes from the shared description."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.testing.bot_api_spec import IMPLEMENTED_METHODS, BotApiSpec
from scripts.gen_bot_api_subset import find_source

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "gen_bot_api_subset.py"
COMMITTED = REPO / "bot" / "testing" / "bot_api_methods.json"


def test_committed_subset_names_its_source() -> None:
    header = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert header["source"] == "shared/telegram-bot-api/api.json"
    assert header["generator"] == "scripts/gen_bot_api_subset.py"
    assert header["bot_api_version"].startswith("Bot API ")
    assert header["release_date"]
    assert len(header["source_sha256"]) == 64
    assert sorted(header["methods"]) == sorted(IMPLEMENTED_METHODS)
    assert BotApiSpec.load().source_sha256 == header["source_sha256"]


def test_generator_reproduces_the_committed_file(tmp_path: Path) -> None:
    source = find_source()
    if source is None:
        pytest.skip("shared/telegram-bot-api/api.json is not beside the repository")
    out = tmp_path / "subset.json"
    subprocess.run(
        [sys.executable, str(SCRIPT), "--source", str(source), "--output", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == COMMITTED.read_bytes()
    header = json.loads(out.read_text(encoding="utf-8"))
    assert header["source_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    check = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True)
    assert check.returncode == 0, check.stderr
