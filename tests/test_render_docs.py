"""The README's pictures are made by scripts/render_docs.py from the bot's own rendering."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

from PIL import Image

ROOT = Path(__file__).parents[1]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("render_docs", ROOT / "scripts" / "render_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    return module


def test_the_script_draws_the_chart_and_the_event_card(tmp_path: Path) -> None:
    chart, card = load_script().write(tmp_path)
    for path in (chart, card):
        image = Image.open(io.BytesIO(path.read_bytes())).convert("RGB")
        assert image.width == 1080
        colours = image.getcolors(maxcolors=1 << 20) or []
        assert len(colours) > 50, f"{path.name} is not blank"
        committed = Image.open(ROOT / "docs" / path.name)
        assert committed.size == image.size, f"docs/{path.name} is stale: run scripts/render_docs.py"


def test_the_card_is_read_from_telegram_html_with_its_styles() -> None:
    script = load_script()
    paragraphs = script.paragraphs(
        '<b>Event 1</b> — <a href="https://x">a &amp; b</a>\n<blockquote>quoted</blockquote>\nafter'
    )
    first = paragraphs[0].runs
    assert [(r.text, r.bold, r.link) for r in first] == [
        ("Event 1", True, False),
        (" — ", False, False),
        ("a & b", False, True),
    ]
    assert paragraphs[1].quote
    assert [r.text for r in paragraphs[2].runs] == ["after"]
