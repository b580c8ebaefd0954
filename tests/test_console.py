"""The console chat: what the terminal shows, and a conversation through real stdin/stdout streams."""

from __future__ import annotations

import asyncio
import io
import os
from pathlib import Path

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.testing.console import CONSOLE_CHAT_ID, ConsoleChat, render_console
from bot.testing.entities import Entity, format_text
from bot.testing.fake_telegram import FakeTelegram
from bot.testing.media import grey_png as png


def shown(html: str, reply_markup: dict[str, object] | None = None, *, color: bool = False) -> str:
    formatted = format_text(html, "HTML")
    assert formatted is not None
    return render_console(formatted.text, formatted.entities, reply_markup, color=color)


def test_plain_text_reads_as_sent() -> None:
    assert shown("North Korea fired two missiles.") == "North Korea fired two missiles."


def test_links_show_their_address_unless_it_is_the_text() -> None:
    assert (
        shown('Read the <a href="https://example.org/r">report</a>.')
        == "Read the report (https://example.org/r)."
    )
    assert shown('<a href="https://example.org">https://example.org</a>') == "https://example.org"
    assert shown("Plain https://example.org stays") == "Plain https://example.org stays"


def test_formatting_is_invisible_without_color_and_ansi_with_it() -> None:
    assert shown("<b>Alert</b>: <i>ICBM</i>") == "Alert: ICBM"
    assert shown("<b>Alert</b>: <i>ICBM</i>", color=True) == "\x1b[1mAlert\x1b[22m: \x1b[3mICBM\x1b[23m"
    nested = shown("<i>a <b>b</b></i>", color=True)
    assert nested == "\x1b[3ma \x1b[1mb\x1b[22m\x1b[23m"


def test_quotes_get_a_bar_on_every_line() -> None:
    assert (
        shown("Said:\n<blockquote>line one\nline two</blockquote>\nEnd")
        == "Said:\n│ line one\n│ line two\nEnd"
    )


def test_offsets_after_astral_characters_land_on_the_right_words() -> None:
    text = "🚀 launch"
    assert render_console(text, [Entity("text_link", 3, 6, url="https://x.org/")], None, color=False) == (
        "🚀 launch (https://x.org/)"
    )


def test_inline_keyboard_is_a_line_of_numbered_buttons_per_row() -> None:
    markup = {
        "inline_keyboard": [
            [
                {"text": "Latest", "callback_data": "latest"},
                {"text": "Map", "url": "https://example.org/map"},
            ],
            [{"text": "Older", "callback_data": "page:2"}],
        ]
    }
    assert shown("Pick one", markup).splitlines() == [
        "Pick one",
        "[ 1. Latest ]  [ Map ↗ https://example.org/map ]",
        "[ 2. Older ]",
    ]
    reply_keyboard = {"keyboard": [[{"text": "/latest"}, {"text": "/help"}]]}
    assert shown("Hi", reply_keyboard).splitlines() == ["Hi", "keyboard: /latest | /help"]


async def test_conversation_through_the_console(tmp_path: Path) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Latest", callback_data="latest"),
                    InlineKeyboardButton("Site", url="https://example.org"),
                ]
            ]
        )
        await update.effective_message.reply_html(
            "<b>Welcome</b>, read the <a href='https://example.org/faq'>FAQ</a>", reply_markup=keyboard
        )

    async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Loading")
        await query.edit_message_text("Latest: <i>Hwasong-18, 14 Jan</i>", parse_mode="HTML")

    async def chart(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_photo(
            png(64, 32), filename="chart.png", caption="Launches by month"
        )

    read_fd, write_fd = os.pipe()
    stdin = os.fdopen(read_fd, "r", encoding="utf-8")
    typing = os.fdopen(write_fd, "w", encoding="utf-8")
    stdout = io.StringIO()

    async with FakeTelegram() as tg:
        app = ApplicationBuilder().token(tg.token).base_url(tg.base_url).build()
        app.add_handler(CommandHandler("start", start))
        app.add_handler(CommandHandler("chart", chart))
        app.add_handler(CallbackQueryHandler(latest, pattern="^latest$"))
        console = ConsoleChat(tg, stdin=stdin, stdout=stdout, save_dir=tmp_path)
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1)
            reading = asyncio.create_task(console.run())

            def type_line(line: str) -> None:
                typing.write(line + "\n")
                typing.flush()

            type_line("/start")
            [welcome] = await tg.wait_for_messages(CONSOLE_CHAT_ID, 1)
            type_line("1")
            await tg.wait_for(lambda: welcome.edits, timeout=5)
            type_line("/chart")
            await tg.wait_for_messages(CONSOLE_CHAT_ID, 2)
            typing.close()
            await asyncio.wait_for(reading, timeout=5)  # end of input ends the reader...

            tg.push_message(CONSOLE_CHAT_ID, "/start")  # ...but the chat still prints what the bot says
            await tg.wait_for_messages(CONSOLE_CHAT_ID, 3)
            await app.updater.stop()
            await app.stop()
    stdin.close()

    transcript = stdout.getvalue()
    assert "> /start" in transcript
    assert (
        "Welcome, read the FAQ (https://example.org/faq)\n[ 1. Latest ]  [ Site ↗ https://example.org ]"
        in transcript
    )
    assert "(notification: Loading)" in transcript
    assert "· edited\nLatest: Hwasong-18, 14 Jan" in transcript
    saved = tmp_path / f"{tg.messages(CONSOLE_CHAT_ID)[1].message_id}-chart.png"
    assert f"[photo: chart.png 64×32, saved to {saved}]\nLaunches by month" in transcript
    assert saved.read_bytes() == png(64, 32)
    assert transcript.count("Welcome, read the FAQ") == 2


async def test_a_button_number_presses_it_and_a_backslash_sends_it_as_text() -> None:
    async with FakeTelegram() as tg:
        console = ConsoleChat(tg, stdin=io.StringIO(""), stdout=io.StringIO())
        console.attach()
        async with Bot(tg.token, base_url=tg.base_url) as bot:
            keyboard = InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton("One", callback_data="1st"),
                        InlineKeyboardButton("Two", callback_data="2nd"),
                    ]
                ]
            )
            await bot.send_message(CONSOLE_CHAT_ID, "Pick", reply_markup=keyboard)
        console.handle_line("2\n")
        console.handle_line("two\n")
        console.handle_line("\\2\n")
        console.handle_line("   \n")
        pressed = [u["callback_query"]["data"] for u in tg.pending_updates if "callback_query" in u]
        typed = [u["message"]["text"] for u in tg.pending_updates if "message" in u]
        assert (pressed, typed) == (["2nd", "2nd"], ["2"])
