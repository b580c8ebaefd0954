"""The Bot API stand-in, driven by the real python-telegram-bot over real HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from bot.testing import Fault
from bot.testing.bot_api_spec import IMPLEMENTED_METHODS, BotApiSpec
from bot.testing.fake_telegram import FakeTelegram
from bot.testing.media import grey_png as png
from scripts.gen_bot_api_subset import find_source, object_types

USER = 42


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(tg: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url) as client:
        yield client


@pytest.fixture
async def raw(tg: FakeTelegram) -> AsyncIterator[httpx.AsyncClient]:
    """Plain HTTP to the stand-in, for requests python-telegram-bot would never send."""
    async with httpx.AsyncClient(base_url=f"{tg.base_url}{tg.token}/") as client:
        yield client


def application(tg: FakeTelegram) -> Application[Any, Any, Any, Any, Any, Any]:
    return ApplicationBuilder().token(tg.token).base_url(tg.base_url).base_file_url(tg.base_file_url).build()


@contextlib.asynccontextmanager
async def polling(app: Application[Any, Any, Any, Any, Any, Any]) -> AsyncIterator[None]:
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()


# --- talking to it -------------------------------------------------------------------------------


async def test_get_me_introduces_the_bot(bot: Bot, tg: FakeTelegram) -> None:
    me = await bot.get_me()
    assert me.is_bot
    assert me.id == tg.bot_id
    assert me.username == "launchwatch_bot"
    assert me.can_read_all_group_messages is False  # privacy mode, as a new bot has


async def test_html_message_is_recorded_as_telegram_parses_it(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(USER, "/start")
    html = "\n<b>North Korea</b> fired 🚀 <i>two</i> SRBMs — <a href='https://example.org/a'>report</a> https://x.org\n"

    sent = await bot.send_message(USER, html, parse_mode="HTML")

    [recorded] = tg.messages(USER)
    assert (
        recorded.text == "North Korea fired 🚀 two SRBMs — report https://x.org"
    )  # trimmed, as Telegram does
    assert recorded.html == html
    kinds = [
        (e.type, recorded.text.encode("utf-16-le")[2 * e.offset : 2 * e.end].decode("utf-16-le"))
        for e in recorded.entities
    ]
    assert kinds == [
        ("bold", "North Korea"),
        ("italic", "two"),
        ("text_link", "report"),
        ("url", "https://x.org"),
    ]
    assert recorded.entities[1].offset == 21  # the rocket counts two UTF-16 units
    assert sent.text == recorded.text
    assert sent.parse_entity(sent.entities[2]) == "report"
    assert sent.entities[2].url == "https://example.org/a"
    assert sent.from_user is not None
    assert sent.from_user.id == tg.bot_id
    assert sent.message_id == 2  # the user's /start was message 1 of this chat


async def test_dates_come_from_the_given_clock() -> None:
    async with FakeTelegram(clock=lambda: 1_705_212_000.7) as tg:
        update = tg.push_message(USER, "/start")
        async with Bot(tg.token, base_url=tg.base_url) as client:
            await client.send_message(USER, "ok")
    assert update["message"]["date"] == 1_705_212_000
    assert tg.messages(USER)[0].date == 1_705_212_000


async def test_bad_html_is_refused_with_tdlibs_reason(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(USER, "hi")
    with pytest.raises(
        BadRequest, match=r"(?i)can't parse entities: can't find end tag corresponding to start tag"
    ):
        await bot.send_message(USER, "<b>unclosed", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r'(?i)unsupported start tag "br"'):
        await bot.send_message(USER, "line<br>line", parse_mode="HTML")
    assert tg.messages(USER) == []


async def test_text_limit_counts_characters_after_parsing(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(USER, "hi")
    await bot.send_message(USER, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")  # tags do not count
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "<b> \n </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await bot.send_photo(USER, png(4, 4), caption="y" * 1025)


async def test_unknown_parameter_is_refused_unless_lenient(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(USER, "hi")
    with pytest.raises(BadRequest, match=r'(?i)unknown parameter "colour"'):
        await bot.send_message(USER, "hello", api_kwargs={"colour": "red"})

    async with FakeTelegram(strict=False) as lenient:
        lenient.push_message(USER, "hi")
        async with Bot(lenient.token, base_url=lenient.base_url) as other:
            await other.send_message(USER, "hello", api_kwargs={"colour": "red"})
        assert [m.text for m in lenient.messages(USER)] == ["hello"]


async def test_missing_and_malformed_parameters_get_telegrams_answers(
    raw: httpx.AsyncClient, tg: FakeTelegram
) -> None:
    tg.push_message(USER, "hi")

    async def description(method: str, **params: Any) -> str:
        answer = (await raw.post(method, data=params)).json()
        assert answer["ok"] is False
        assert answer["error_code"] == 400
        return str(answer["description"])

    assert await description("sendMessage", text="hi") == "Bad Request: chat_id is empty"
    assert await description("sendMessage", chat_id=USER) == "Bad Request: message text is empty"
    assert await description("sendMessage", chat_id=USER, text="") == "Bad Request: message text is empty"
    assert await description("getFile") == 'Bad Request: parameter "file_id" is required'
    assert await description("sendMessage", chat_id="nobody", text="hi") == "Bad Request: chat not found"
    assert await description("deleteMessage", chat_id=USER, message_id="first") == (
        'Bad Request: parameter "message_id" must be an Integer'
    )
    assert await description("sendMessage", chat_id=USER, text="hi", reply_markup="{not json") == (
        "Bad Request: can't parse reply keyboard markup JSON object"
    )
    text_button = json.dumps({"inline_keyboard": [[{"text": "Tap"}]]})
    assert "Text buttons are unallowed" in await description(
        "sendMessage", chat_id=USER, text="hi", reply_markup=text_button
    )
    long_data = json.dumps({"inline_keyboard": [[{"text": "Tap", "callback_data": "x" * 65}]]})
    assert await description("sendMessage", chat_id=USER, text="hi", reply_markup=long_data) == (
        "Bad Request: BUTTON_DATA_INVALID"
    )
    typo = json.dumps({"inline_keyboard": [[{"text": "Tap", "callback": "x"}]]})
    assert 'unknown field "callback"' in await description(
        "sendMessage", chat_id=USER, text="hi", reply_markup=typo
    )
    assert await description("sendMessage", chat_id=USER, text="hi", parse_mode="BBCode") == (
        "Bad Request: unsupported parse_mode"
    )
    assert tg.messages(USER) == []


async def test_json_bodies_and_case_insensitive_method_names_work(
    raw: httpx.AsyncClient, tg: FakeTelegram
) -> None:
    tg.push_message(USER, "hi")
    markup = {"inline_keyboard": [[{"text": "More", "callback_data": "more"}]]}
    answer = (
        await raw.post(
            "SENDMESSAGE",
            json={"chat_id": USER, "text": "<u>x</u>", "parse_mode": "HTML", "reply_markup": markup},
        )
    ).json()
    assert answer["ok"] is True
    assert answer["result"]["entities"] == [{"offset": 0, "length": 1, "type": "underline"}]
    assert answer["result"]["reply_markup"] == markup


async def test_token_and_path_errors_look_like_telegrams(tg: FakeTelegram, bot: Bot) -> None:
    async with httpx.AsyncClient() as client:
        wrong = await client.post(f"{tg.base_url}987654321:AAwrongwrongwrongwrongwrongwrongwro/getMe")
        assert (wrong.status_code, wrong.json()["description"]) == (401, "Unauthorized")
        malformed = await client.get(f"{tg.base_url.removesuffix('/bot')}/favicon.ico")
        assert (malformed.status_code, malformed.json()["description"]) == (404, "Not Found")
    stranger = Bot("987654321:AAwrongwrongwrongwrongwrongwrongwro", base_url=tg.base_url)
    with pytest.raises(InvalidToken, match="rejected by the server"):
        await stranger.initialize()
    await stranger.shutdown()
    await bot.get_me()
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("launchMissiles")


def test_every_served_method_is_in_the_spec_and_in_python_telegram_bot() -> None:
    spec = BotApiSpec.load()
    assert sorted(spec.methods) == sorted(IMPLEMENTED_METHODS)
    for method in IMPLEMENTED_METHODS:
        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in method)
        assert hasattr(Bot, snake), method


# --- files ---------------------------------------------------------------------------------------


async def test_photos_and_documents_travel_as_multipart(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(USER, "/chart")
    image = png(300, 200)

    photo = await bot.send_photo(
        USER, image, filename="chart.png", caption="<b>Launches</b> by month", parse_mode="HTML"
    )
    document = await bot.send_document(
        USER, io.BytesIO(b"date,count\n2024-01-14,1\n"), filename="launches.csv"
    )

    chart, table = tg.messages(USER)
    assert (chart.method, chart.photo, chart.filename, chart.width, chart.height) == (
        "sendPhoto",
        image,
        "chart.png",
        300,
        200,
    )
    assert chart.caption == "Launches by month"
    assert chart.caption_entities[0].type == "bold"
    assert (table.document, table.filename, table.mime_type) == (
        b"date,count\n2024-01-14,1\n",
        "launches.csv",
        "text/csv",
    )
    assert (photo.photo[-1].width, photo.photo[-1].height) == (300, 200)
    assert [p.width for p in photo.photo] == [90, 300]  # a thumbnail, then the photo
    assert document.document is not None
    assert document.document.file_name == "launches.csv"
    downloaded = await (await bot.get_file(photo.photo[-1].file_id)).download_as_bytearray()
    assert bytes(downloaded) == image


async def test_photo_that_is_not_an_image_is_refused(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(USER, "hi")
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(USER, b"this is not a picture", filename="chart.png")
    with pytest.raises(BadRequest, match=r"(?i)failed to get http url content"):
        await bot.send_photo(USER, "https://example.org/chart.png")


# --- updates -------------------------------------------------------------------------------------


async def test_long_polling_waits_for_an_update(bot: Bot, tg: FakeTelegram) -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.3, tg.push_message, USER, "/latest")
    started = time.monotonic()
    updates = await bot.get_updates(timeout=5)
    waited = time.monotonic() - started
    assert [u.message.text for u in updates if u.message] == ["/latest"]
    assert 0.25 <= waited < 2.0


async def test_empty_long_poll_lasts_its_timeout(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 1.8


async def test_offset_confirms_updates_and_limit_caps_them(bot: Bot, tg: FakeTelegram) -> None:
    for text in ("one", "two", "three"):
        tg.push_message(USER, text)
    first = await bot.get_updates(limit=2)
    assert [u.message.text for u in first if u.message] == ["one", "two"]
    again = await bot.get_updates()
    assert len(again) == 3  # nothing is confirmed until an offset passes it
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    assert [u.message.text for u in rest if u.message] == ["three"]
    assert [u["message"]["text"] for u in tg.pending_updates] == ["three"]


async def test_allowed_updates_filters_what_is_queued(bot: Bot, tg: FakeTelegram) -> None:
    await bot.get_updates(allowed_updates=["callback_query"])
    tg.push_message(USER, "ignored")
    assert tg.pending_updates == []


async def test_a_second_poller_ends_the_first_with_a_conflict(tg: FakeTelegram) -> None:
    async with Bot(tg.token, base_url=tg.base_url) as first, Bot(tg.token, base_url=tg.base_url) as second:
        waiting = asyncio.create_task(first.get_updates(timeout=5, read_timeout=10))
        await tg.wait_for(lambda: tg.calls_to("getMe") and True, timeout=2)  # first's initialize
        await asyncio.sleep(0.1)
        await second.get_updates(timeout=0)
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await waiting


async def test_stopping_releases_a_long_poll_at_once() -> None:
    tg = FakeTelegram()
    await tg.start()
    async with httpx.AsyncClient(base_url=f"{tg.base_url}{tg.token}/", timeout=10) as client:
        poll = asyncio.create_task(client.post("getUpdates", data={"timeout": 30}))
        await asyncio.sleep(0.2)
        started = time.monotonic()
        await tg.stop()
        answer = await poll
        assert answer.json() == {"ok": True, "result": []}
        assert time.monotonic() - started < 1.5


async def test_application_answers_start_over_polling(tg: FakeTelegram) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html("Welcome to <b>launchwatch</b>. Try /latest.")

    app = application(tg)
    app.add_handler(CommandHandler("start", start))
    async with polling(app):
        tg.push_message(USER, "/start", first_name="Min-ji", username="minji")
        [reply] = await tg.wait_for_messages(USER, 1)

    assert reply.text == "Welcome to launchwatch. Try /latest."
    assert [e.type for e in reply.entities] == ["bold", "bot_command"]
    assert [c.method for c in tg.calls[:2]] == ["getMe", "deleteWebhook"]


async def test_callback_query_round_trip_with_edit(tg: FakeTelegram) -> None:
    async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Older", callback_data="page:2")]])
        await update.effective_message.reply_html("<b>Latest</b>: 1 launch", reply_markup=keyboard)

    async def page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        assert query.data is not None
        await query.answer("Page 2")
        await query.edit_message_text(
            f"<b>Page {query.data.split(':')[1]}</b>: nothing older", parse_mode="HTML"
        )

    app = application(tg)
    app.add_handler(CommandHandler("latest", show))
    app.add_handler(CallbackQueryHandler(page, pattern="^page:"))
    async with polling(app):
        tg.push_message(USER, "/latest")
        [listing] = await tg.wait_for_messages(USER, 1)
        tg.push_callback_query(USER, listing.message_id, "page:2")
        await tg.wait_for(lambda: listing.edits, timeout=5)

    assert listing.text == "Page 2: nothing older"
    assert listing.reply_markup is None  # an edit without reply_markup drops the keyboard, as on Telegram
    assert [e.text for e in listing.edits] == ["Page 2: nothing older"]
    assert [(a.text, a.message_id) for a in tg.callback_answers] == [("Page 2", listing.message_id)]


async def test_editing_follows_telegrams_rules(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(USER, "hi")
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Refresh", callback_data="refresh")]])
    sent = await bot.send_message(USER, "<b>3</b> launches", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<b>3</b> launches", USER, sent.message_id, parse_mode="HTML", reply_markup=markup
        )
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", USER, 999)
    with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
        await bot.edit_message_text("x", USER, 1)  # the user's own message
    await bot.edit_message_reply_markup(USER, sent.message_id)
    assert tg.messages(USER)[0].reply_markup is None
    assert await bot.delete_message(USER, sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    assert tg.messages(USER)[0].deleted


async def test_answering_an_unknown_callback_query_fails(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query("123")


async def test_commands_are_kept_per_scope(bot: Bot, tg: FakeTelegram) -> None:
    await bot.set_my_commands([("latest", "Latest launches"), ("help", "What I can do")])
    assert [c.command for c in await bot.get_my_commands()] == ["latest", "help"]
    assert tg.commands() == [
        {"command": "latest", "description": "Latest launches"},
        {"command": "help", "description": "What I can do"},
    ]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Latest", "capital letters are not allowed")])
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


# --- chats, members, groups ----------------------------------------------------------------------


async def test_unknown_and_unstarted_chats_are_refused(bot: Bot, tg: FakeTelegram) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(555, "hello")
    tg.push_message(-100123, "/status@launchwatch_bot", chat_type="supergroup", user_id=77)
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(77, "psst")  # known from the group, never wrote to the bot


async def test_privacy_mode_keeps_group_chatter_from_the_bot(tg: FakeTelegram) -> None:
    tg.push_message(-100123, "lovely weather", chat_type="supergroup", chat_title="Watchers")
    tg.push_message(-100123, "/latest", chat_type="supergroup")
    tg.push_message(-100123, "/latest@other_bot", chat_type="supergroup")
    tg.push_message(-100123, "hey @launchwatch_bot", chat_type="supergroup")
    assert [u["message"]["text"] for u in tg.pending_updates] == ["/latest", "hey @launchwatch_bot"]
    assert len(tg.chat_history(-100123)) == 4


async def test_member_statuses_and_administrators(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(-100200, "/subscribe", chat_type="supergroup", user_id=7, first_name="Admin")
    tg.set_member_status(-100200, 7, "creator")
    tg.push_message(-100200, "/subscribe", chat_type="supergroup", user_id=8)
    assert (await bot.get_chat_member(-100200, 7)).status == "creator"
    assert (await bot.get_chat_member(-100200, 8)).status == "member"
    assert [m.user.id for m in await bot.get_chat_administrators(-100200)] == [7]
    tg.push_message(USER, "hi")
    with pytest.raises(BadRequest, match=r"(?i)no administrators in the private chat"):
        await bot.get_chat_administrators(USER)
    chat = await bot.get_chat(-100200)
    assert (chat.type, chat.title) == ("supergroup", "Test group")


async def test_channels_need_the_bot_as_administrator(bot: Bot, tg: FakeTelegram) -> None:
    tg.add_chat(-100300, "channel", "Launch alerts", username="launch_alerts")
    post = await bot.send_message("@launch_alerts", "Alert")
    assert post.sender_chat is not None
    assert post.sender_chat.id == -100300
    tg.set_member_status(-100300, tg.bot_id, "member")
    with pytest.raises(BadRequest, match=r"(?i)need administrator rights"):
        await bot.send_message(-100300, "Alert")


async def test_forum_topics_carry_their_thread(tg: FakeTelegram, bot: Bot) -> None:
    tg.add_chat(-100400, "supergroup", "Forum", is_forum=True)
    tg.push_message(-100400, "/latest", chat_type="supergroup", message_thread_id=9)
    [update] = await bot.get_updates()
    assert update.message is not None
    assert update.message.is_topic_message
    reply = await update.message.reply_text("here")
    assert reply.message_thread_id == 9
    assert tg.messages(-100400)[0].message_thread_id == 9


# --- failures ------------------------------------------------------------------------------------


async def test_blocked_user_and_kicked_bot_are_forbidden(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(USER, "/start")
    tg.block(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(USER, "alert")
    tg.push_message(-5, "/start", chat_type="group")
    tg.block(-5)
    with pytest.raises(Forbidden, match="bot was kicked from the group chat"):
        await bot.send_message(-5, "alert")
    kinds = [next(k for k in u if k != "update_id") for u in tg.pending_updates]
    assert kinds.count("my_chat_member") == 2  # Telegram tells the bot about both


async def test_migrated_group_refuses_sends_with_the_new_id(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(-5, "/subscribe", chat_type="group")
    tg.push_migration(-5, -1005)
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(-5, "alert")
    assert caught.value.new_chat_id == -1005
    await bot.send_message(-1005, "alert")
    messages = [u["message"] for u in tg.pending_updates]
    assert messages[-2]["migrate_to_chat_id"] == -1005
    assert messages[-1]["migrate_from_chat_id"] == -5


# RetryAfter's own constructor reads its deprecated int form; the warning is python-telegram-bot's.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_flood_control_fault_raises_retry_after_then_lets_the_retry_through(
    bot: Bot, tg: FakeTelegram
) -> None:
    tg.push_message(USER, "hi")
    flood = tg.add_fault(Fault.retry_after(3, method="sendMessage", first=1))
    with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
        await bot.send_message(USER, "alert")
    await bot.send_message(USER, "alert")
    assert (flood.seen, flood.hits) == (2, 1)
    assert [m.text for m in tg.messages(USER)] == ["alert"]
    assert tg.calls_to("sendMessage")[0].description == "Too Many Requests: retry after 3"


async def test_error_faults_surface_as_the_matching_exceptions(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(USER, "hi")
    cases = [
        (Fault.forbidden(chat_id=USER), Forbidden),
        (Fault.migrated(-1009, method="sendMessage"), ChatMigrated),
        (Fault.bad_request("chat not found"), BadRequest),
        (Fault.server_error(), NetworkError),
        (Fault.server_error(502), NetworkError),
        (Fault.drop(), NetworkError),
    ]
    for fault, expected in cases:
        tg.add_fault(fault)
        with pytest.raises(expected):
            await bot.send_message(USER, "alert")
        tg.remove_fault(fault)
    assert tg.messages(USER) == []


async def test_every_nth_call_and_chat_filters(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(USER, "hi")
    tg.push_message(43, "hi")
    fault = tg.add_fault(Fault.server_error(every=2, chat_id=USER))
    outcomes = []
    for _ in range(4):
        try:
            await bot.send_message(USER, "x")
            outcomes.append("ok")
        except NetworkError:
            outcomes.append("500")
    await bot.send_message(43, "other chats are untouched")
    assert outcomes == ["ok", "500", "ok", "500"]
    assert fault.hits == 2


async def test_slow_answer_times_out_but_the_message_still_arrives(tg: FakeTelegram) -> None:
    tg.push_message(USER, "hi")
    tg.add_fault(Fault.delay(0.6, method="sendMessage", first=1))
    request = HTTPXRequest(read_timeout=0.2)
    async with Bot(tg.token, base_url=tg.base_url, request=request) as impatient:
        with pytest.raises(TimedOut):
            await impatient.send_message(USER, "alert")
    [late] = await tg.wait_for_messages(USER, 1, timeout=2)
    assert late.text == "alert"  # a blind retry would have sent it twice


async def test_dropped_connection_after_handling_still_delivers(bot: Bot, tg: FakeTelegram) -> None:
    tg.push_message(USER, "hi")
    tg.add_fault(Fault.drop(after_handling=True, first=1))
    with pytest.raises(NetworkError):
        await bot.send_message(USER, "alert")
    assert [m.text for m in tg.messages(USER)] == ["alert"]


# --- webhooks ------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def webhook_receiver(status: int = 200) -> AsyncIterator[tuple[str, list[tuple[dict[str, str], Any]]]]:
    received: list[tuple[dict[str, str], Any]] = []

    async def receive(request: web.Request) -> web.Response:
        received.append((dict(request.headers), await request.json()))
        return web.Response(status=status)

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}/hook", received
    finally:
        await runner.cleanup()


async def test_webhook_receives_updates_with_the_secret_header(bot: Bot, tg: FakeTelegram) -> None:
    async with webhook_receiver() as (url, received):
        assert await bot.set_webhook(url, secret_token="s3cret-token")
        tg.push_message(USER, "/latest")
        await tg.wait_for(lambda: received, timeout=3)
        with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
            await bot.get_updates()
        info = await bot.get_webhook_info()
        assert (info.url, info.pending_update_count) == (url, 0)
        assert await bot.delete_webhook()

    headers, body = received[0]
    assert headers["X-Telegram-Bot-Api-Secret-Token"] == "s3cret-token"
    assert body["message"]["text"] == "/latest"
    tg.push_message(USER, "/help")
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["/help"]


async def test_failing_webhook_is_retried_and_reported(bot: Bot, tg: FakeTelegram) -> None:
    tg.webhook_retry_delay = 0.05
    async with webhook_receiver(status=500) as (url, received):
        await bot.set_webhook(url)
        tg.push_message(USER, "/latest")
        await tg.wait_for(lambda: len(received) >= 2, timeout=3)
        info = await bot.get_webhook_info()
        await bot.delete_webhook()
    assert info.pending_update_count == 1
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"


# --- our answers are real Bot API objects ----------------------------------------------------------


def _full_spec() -> BotApiSpec | None:
    source = find_source()
    if source is None:
        return None
    api = json.loads(source.read_bytes())
    types = object_types(api, api["types"])
    return BotApiSpec(
        {"bot_api_version": "", "release_date": "", "source_sha256": "", "methods": {}, "types": types}
    )


async def test_every_result_is_a_valid_bot_api_object(bot: Bot, tg: FakeTelegram) -> None:
    full = _full_spec()
    if full is None:
        pytest.skip("shared/telegram-bot-api/api.json is not beside the repository")
    tg.push_message(USER, "/start @someone #tag https://x.org")
    tg.push_message(-100500, "/latest", chat_type="supergroup", user_id=9)
    tg.set_member_status(-100500, 9, "administrator")
    sent = await bot.send_message(
        USER,
        "<b>x</b> <a href='tg://user?id=42'>you</a> <pre><code class='language-py'>1</code></pre> "
        "<blockquote expandable>q</blockquote>",
        parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("A", callback_data="a")]]),
        reply_to_message_id=1,
    )
    await bot.send_photo(USER, png(2000, 1000), caption="c")
    await bot.send_document(USER, b"abc", filename="a.txt")
    await bot.edit_message_text("<i>y</i>", USER, sent.message_id, parse_mode="HTML")
    for call in [
        bot.get_me(),
        bot.get_updates(),
        bot.get_chat(USER),
        bot.get_chat(-100500),
        bot.get_chat_member(-100500, 9),
        bot.get_chat_administrators(-100500),
        bot.get_webhook_info(),
        bot.get_my_commands(),
    ]:
        await call
    checked = 0
    for call in tg.calls:
        assert call.ok, call
        assert call.response is not None
        result = call.response["result"]
        returns = BotApiSpec.load().methods[call.method].returns
        if returns in (("Boolean",), ("True",), ("Integer",)):
            continue
        full.check_union(result, returns, call.method, strict=True)
        checked += 1
    assert checked >= 12
