"""Write the README's pictures from the code that makes them: docs/chart.png is /chart's own PNG, and
docs/event-card.png is /event's own HTML drawn as a chat would show it (bold, italics, links, quotes).

python scripts/render_docs.py            # rewrite both pictures
python scripts/render_docs.py --out DIR  # write them somewhere else

The events are the sample year in tests/samples.py (shaped like 2022's public record), so the pictures
change only when the rendering does.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402  (the path above makes the packages importable)
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from bot.core import render  # noqa: E402
from bot.core.chart import chart_png  # noqa: E402
from bot.core.periods import parse_period  # noqa: E402
from bot.core.records import SourceRef  # noqa: E402
from tests.samples import hwasong_18_card, year_2022  # noqa: E402

DOCS = ROOT / "docs"
FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"

# A phone screen at 3x: 1080 px wide, a chat's colours.
WIDTH = 1080
MARGIN = 36
PAD = 30
FONT_SIZE = 33
LINE = 46
BACKGROUND = (214, 226, 233)
BUBBLE = (255, 255, 255)
MINE = (225, 247, 208)
HEADER = (81, 125, 162)
TEXT = (17, 17, 17)
LINK = (36, 129, 204)
QUOTE_BAR = (36, 129, 204)
QUOTE_FILL = (235, 244, 252)
MUTED = (134, 150, 163)


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    link: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    runs: tuple[Run, ...]
    quote: bool = False


class _Reader(HTMLParser):
    """Telegram HTML (the subset render.py writes) into paragraphs of styled runs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[Paragraph] = []
        self.runs: list[Run] = []
        self.open: list[str] = []
        self.quote = False
        self.after_quote = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote":
            self._flush()
            self.quote = True
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            self.open.remove(tag)
        if tag == "blockquote":
            self._flush()
            self.quote = False
            self.after_quote = True

    def handle_data(self, data: str) -> None:
        if self.after_quote and data.startswith("\n"):
            data = data[1:]  # a quote is a block of its own: the line break after it adds no blank line
        self.after_quote = False
        style = {"bold": "b" in self.open, "italic": "i" in self.open, "link": "a" in self.open}
        first, *rest = data.split("\n")
        if first:
            self.runs.append(Run(first, **style))
        for piece in rest:
            self._flush(keep_empty=True)
            if piece:
                self.runs.append(Run(piece, **style))

    def _flush(self, keep_empty: bool = False) -> None:
        if self.runs or keep_empty:
            self.paragraphs.append(Paragraph(tuple(self.runs), self.quote))
        self.runs = []

    def result(self) -> list[Paragraph]:
        self._flush()
        return self.paragraphs


def paragraphs(html: str) -> list[Paragraph]:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.result()


def _font(run: Run, size: int = FONT_SIZE) -> ImageFont.FreeTypeFont:
    name = {
        (False, False): "DejaVuSans.ttf",
        (True, False): "DejaVuSans-Bold.ttf",
        (False, True): "DejaVuSans-Oblique.ttf",
        (True, True): "DejaVuSans-BoldOblique.ttf",
    }[(run.bold, run.italic)]
    return ImageFont.truetype(str(FONTS / name), size)


Placed = list[tuple[int, Run]]  # (x offset, run) on one visual line


def wrap(paragraph: Paragraph, width: int) -> list[Placed]:
    """Break a paragraph into visual lines no wider than ``width``, word by word."""
    lines: list[Placed] = [[]]
    x = 0
    for run in paragraph.runs:
        font = _font(run)
        for piece in re.findall(r"\S+\s*|\s+", run.text):  # each word with the spaces after it
            w = int(font.getlength(piece))
            if x + w > width and x > 0:
                lines.append([])
                x = 0
            lines[-1].append((x, replace(run, text=piece)))
            x += w
    return lines


def draw_bubble(html: str, *, width: int, fill: tuple[int, int, int], time: str) -> Image.Image:
    """One message bubble: the text laid out as a chat app lays it out."""
    inner = width - 2 * PAD
    layout: list[tuple[Placed, bool]] = []
    for paragraph in paragraphs(html):
        indent = 24 if paragraph.quote else 0
        for line in wrap(paragraph, inner - indent):
            layout.append((line, paragraph.quote))
    widest = max(
        (max((x + int(_font(r).getlength(r.text)) for x, r in line), default=0) for line, _ in layout),
        default=0,
    )
    bubble_width = min(width, widest + 2 * PAD + 40) if len(layout) == 1 else width
    height = PAD * 2 + LINE * len(layout) + 28
    image = Image.new("RGB", (bubble_width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, bubble_width - 1, height - 1), radius=28, fill=fill)
    y = PAD
    for line, quote in layout:
        if quote:
            draw.rectangle((PAD - 6, y - 4, bubble_width - PAD + 6, y + LINE - 4), fill=QUOTE_FILL)
            draw.rectangle((PAD - 6, y - 4, PAD - 1, y + LINE - 4), fill=QUOTE_BAR)
        indent = 24 if quote else 0
        for x, run in line:
            font = _font(run)
            colour = LINK if run.link else TEXT
            draw.text((PAD + indent + x, y), run.text, font=font, fill=colour)
            if run.link:
                w = int(font.getlength(run.text))  # a space inside the link is underlined too
                draw.line(
                    (PAD + indent + x, y + FONT_SIZE + 4, PAD + indent + x + w, y + FONT_SIZE + 4),
                    fill=LINK,
                    width=2,
                )
        y += LINE
    small = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 24)
    draw.text(
        (bubble_width - PAD - int(small.getlength(time)), height - PAD - 10), time, font=small, fill=MUTED
    )
    return image


def chat_screenshot(command: str, reply_html: str, *, time: str = "11:42") -> bytes:
    """A chat header, the user's command on the right, the bot's reply on the left."""
    header_height = 120
    asked = draw_bubble(render.escape(command), width=WIDTH - 2 * MARGIN, fill=MINE, time=time)
    answered = draw_bubble(reply_html, width=WIDTH - 2 * MARGIN - 60, fill=BUBBLE, time=time)
    height = header_height + MARGIN + asked.height + 24 + answered.height + MARGIN
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, header_height), fill=HEADER)
    draw.ellipse((MARGIN, 22, MARGIN + 76, 98), fill=(120, 170, 210))
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 36)
    plain = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 26)
    draw.text((MARGIN + 20, 36), "lw", font=bold, fill=(255, 255, 255))
    draw.text((MARGIN + 100, 22), "launchwatch", font=bold, fill=(255, 255, 255))
    draw.text((MARGIN + 100, 68), "bot", font=plain, fill=(220, 232, 242))
    y = header_height + MARGIN
    image.paste(asked, (WIDTH - MARGIN - asked.width, y))
    y += asked.height + 24
    image.paste(answered, (MARGIN, y))
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def docs_card() -> str:
    """The /event card of the sample Hwasong-18 launch, with tidy source names for the picture."""
    published = dt.datetime(2023, 7, 12, 2, 10, tzinfo=dt.UTC)
    event = replace(
        hwasong_18_card(),
        sources=(
            SourceRef(
                11,
                "North Korea fires solid-fuel Hwasong-18 ICBM",
                "Yonhap",
                "https://example.org/a",
                published,
            ),
            SourceRef(
                12,
                "Japan says missile landed outside its EEZ",
                "NHK World",
                "https://example.org/b",
                published + dt.timedelta(hours=3),
            ),
        ),
    )
    return render.event_card_html(event)


def write(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    chart = out / "chart.png"
    chart.write_bytes(chart_png(year_2022(), parse_period("2022", dt.date(2023, 1, 10))))
    card = out / "event-card.png"
    card.write_bytes(chat_screenshot("/event 42", docs_card()))
    return [chart, card]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCS, help="folder to write into (default: docs/)")
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
