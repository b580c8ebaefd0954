"""How fast the Bot API stand-in answers, so tests and console mode know what it costs.

    python bench/bench_fake_telegram.py

Prints medians; never fails.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable

from telegram import Bot, Update
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from bot.testing.entities import format_text, parse_html
from bot.testing.fake_telegram import FakeTelegram

ALERT = (
    "<b>🚨 North Korea fired 2 ballistic missiles</b>\n"
    "<i>Sunan, 14 Jan 2024 07:30 KST</i> · landed in the <u>East Sea</u>\n"
    "Flew ~1,000 km, apogee 50 km. Class: <b>IRBM</b> (Hwasong-16B, hypersonic).\n"
    '<blockquote expandable>"We strongly condemn..." said the JCS.</blockquote>\n'
    'Source: <a href="https://example.org/news/1">Yonhap</a> · /latest · /subscribe'
)


def median_us(fn: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1e6)
    return statistics.median(samples)


async def send_round_trips(rounds: int) -> float:
    async with FakeTelegram() as tg, Bot(tg.token, base_url=tg.base_url) as bot:
        tg.push_message(42, "/start")
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            await bot.send_message(42, ALERT, parse_mode="HTML")
            samples.append((time.perf_counter() - started) * 1e3)
        return statistics.median(samples)


async def command_to_reply(rounds: int) -> float:
    async def latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(ALERT)

    async with FakeTelegram() as tg:
        app = ApplicationBuilder().token(tg.token).base_url(tg.base_url).build()
        app.add_handler(CommandHandler("latest", latest))
        samples = []
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=10)
            for i in range(rounds):
                started = time.perf_counter()
                tg.push_message(42, "/latest")
                await tg.wait_for_messages(42, i + 1)
                samples.append((time.perf_counter() - started) * 1e3)
            await app.updater.stop()
            await app.stop()
        return statistics.median(samples)


def main() -> None:
    parse = median_us(lambda: parse_html(ALERT), 2000)
    fix = median_us(lambda: format_text(ALERT, "HTML"), 2000)
    send = asyncio.run(send_round_trips(300))
    reply = asyncio.run(command_to_reply(100))
    print(f"parse_html (TDLib), {len(ALERT)}-char alert: {parse:.1f} µs median")
    print(f"format_text (parse + trim + auto entities): {fix:.1f} µs median")
    print(f"sendMessage round trip through python-telegram-bot: {send:.2f} ms median")
    print(f"/latest pushed -> reply recorded (Application, long polling): {reply:.2f} ms median")


if __name__ == "__main__":
    main()
