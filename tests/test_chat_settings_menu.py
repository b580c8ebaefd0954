"""/settings as data: every button fits Telegram's 64 bytes and does what its label says, and the
typed forms change the same values."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.prefs import ChatPrefs, DigestFrequency, RegionFilter
from bot.core.records import Actor, MissileClass
from bot.core.settings_menu import (
    CALLBACK_LIMIT,
    SCREENS,
    SettingsError,
    apply_args,
    apply_callback,
    keyboard,
    resolve_timezone,
)

DEFAULT = ChatPrefs()
WEEKLY = ChatPrefs(digest=DigestFrequency.WEEKLY)


def all_buttons(prefs: ChatPrefs) -> list[tuple[str, str]]:
    return [button for screen in SCREENS for row in keyboard(prefs, screen) for button in row]


@pytest.mark.parametrize("prefs", [DEFAULT, WEEKLY, ChatPrefs(classes=frozenset({MissileClass.ICBM}))])
def test_every_button_fits_telegrams_callback_limit_and_is_understood(prefs: ChatPrefs) -> None:
    for label, data in all_buttons(prefs):
        assert len(data.encode()) <= CALLBACK_LIMIT, data
        assert label
        apply_callback(prefs, data)  # raises if a button's data is not understood


def test_the_main_screen_leads_to_every_other_screen() -> None:
    targets = {data for row in keyboard(DEFAULT) for _, data in row}
    assert targets == {f"set:{s}" for s in SCREENS if s != "main"} | {"set:done"}


@pytest.mark.parametrize(
    ("data", "check"),
    [
        ("set:lvl=4", lambda p: p.threshold == 4),
        ("set:act=north_korea", lambda p: p.actors == {Actor.NORTH_KOREA}),
        ("set:act=all", lambda p: p.actors == frozenset()),
        ("set:cls=icbm", lambda p: p.classes == {MissileClass.ICBM}),
        ("set:cls=all", lambda p: p.classes == frozenset()),
        ("set:reg=japan", lambda p: p.region is RegionFilter.JAPAN),
        ("set:reg=south_korea", lambda p: p.region is RegionFilter.SOUTH_KOREA),
        ("set:dig=daily", lambda p: p.digest is DigestFrequency.DAILY),
        ("set:dig=weekly", lambda p: p.digest is DigestFrequency.WEEKLY),
        ("set:dt=18:00", lambda p: (p.digest, p.digest_time) == (DigestFrequency.DAILY, dt.time(18))),
        ("set:dw=4", lambda p: (p.digest, p.digest_weekday) == (DigestFrequency.WEEKLY, 4)),
        ("set:tz=Europe/London", lambda p: p.timezone == "Europe/London"),
        ("set:q=23:00-07:00", lambda p: (p.quiet_start, p.quiet_end) == (dt.time(23), dt.time(7))),
        ("set:q=off", lambda p: p.quiet_start is None and p.quiet_end is None),
    ],
)
def test_a_tap_changes_one_value_and_stays_on_its_screen(data: str, check: object) -> None:
    new, screen, note = apply_callback(DEFAULT, data)
    assert check(new)  # type: ignore[operator]
    assert screen == {"dt": "dig", "dw": "dig"}.get(data[4:].split("=")[0], data[4:].split("=")[0])
    assert note


def test_the_current_value_is_marked() -> None:
    prefs, _, _ = apply_callback(DEFAULT, "set:lvl=4")
    labels = [label for row in keyboard(prefs, "lvl") for label, _ in row]
    assert "✅ 4" in labels
    assert "✅ 2" not in labels


def test_class_buttons_toggle_and_all_classes_clears() -> None:
    prefs, _, _ = apply_callback(DEFAULT, "set:cls=icbm")
    prefs, _, _ = apply_callback(prefs, "set:cls=irbm")
    assert prefs.classes == {MissileClass.ICBM, MissileClass.IRBM}
    prefs, _, note = apply_callback(prefs, "set:cls=icbm")
    assert prefs.classes == {MissileClass.IRBM}
    assert note == "ICBM removed."
    prefs, _, note = apply_callback(prefs, "set:cls=irbm")
    assert prefs.classes == frozenset()
    assert note is not None
    assert "every class" in note


@pytest.mark.parametrize(
    "data", ["set:lvl=9", "set:nope=1", "set:cls=laser", "set:tz=Mars/Olympus", "other:1", "set:zzz"]
)
def test_stale_or_forged_buttons_are_refused_politely(data: str) -> None:
    with pytest.raises(SettingsError):
        apply_callback(DEFAULT, data)


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["level", "3"], lambda p: p.threshold == 3),
        (["tz", "Asia/Seoul"], lambda p: p.timezone == "Asia/Seoul"),
        (["tz", "america/new_york"], lambda p: p.timezone == "America/New_York"),
        (["timezone", "JST"], lambda p: p.timezone == "Asia/Tokyo"),
        (
            ["digest", "daily", "08:00"],
            lambda p: (p.digest, p.digest_time) == (DigestFrequency.DAILY, dt.time(8)),
        ),
        (
            ["digest", "weekly", "fri", "9:30"],
            lambda p: (
                (p.digest, p.digest_weekday, p.digest_time) == (DigestFrequency.WEEKLY, 4, dt.time(9, 30))
            ),
        ),
        (["digest", "off"], lambda p: p.digest is DigestFrequency.OFF),
        (["quiet", "23:00-07:00"], lambda p: (p.quiet_start, p.quiet_end) == (dt.time(23), dt.time(7))),
        (
            ["quiet", "23:00", "-", "07:00"],
            lambda p: (p.quiet_start, p.quiet_end) == (dt.time(23), dt.time(7)),
        ),
        (["quiet", "off"], lambda p: p.quiet_start is None),
        (["actors", "north_korea"], lambda p: p.actors == {Actor.NORTH_KOREA}),
        (["actors", "nk,us"], lambda p: p.actors == {Actor.NORTH_KOREA, Actor.UNITED_STATES}),
        (["actors", "all"], lambda p: p.actors == frozenset()),
        (["classes", "icbm,irbm"], lambda p: p.classes == {MissileClass.ICBM, MissileClass.IRBM}),
        (["classes", "all"], lambda p: p.classes == frozenset()),
        (["region", "japan"], lambda p: p.region is RegionFilter.JAPAN),
        (["region", "any"], lambda p: p.region is RegionFilter.ANY),
        (["LEVEL", "5"], lambda p: p.threshold == 5),
    ],
)
def test_typists_can_change_each_setting(args: list[str], check: object) -> None:
    new, note = apply_args(DEFAULT, args)
    assert check(new)  # type: ignore[operator]
    assert note.endswith(".")


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        ([], "/settings level 3"),
        (["level"], "/settings level N"),
        (["level", "0"], "/settings level N"),
        (["level", "six"], "/settings level N"),
        (["tz"], "/settings tz Area/City"),
        (["tz", "Mars/Olympus"], "not a timezone"),
        (["tz", "../../etc/passwd"], "not a timezone"),
        (["digest"], "/settings digest daily 08:00"),
        (["digest", "hourly"], "/settings digest daily 08:00"),
        (["digest", "daily", "25:00"], "not a time of day"),
        (["digest", "off", "08:00"], "/settings digest daily 08:00"),
        (["quiet", "23:00"], "/settings quiet 23:00-07:00"),
        (["quiet", "23:00-23:00"], "different start and end"),
        (["quiet", "late-early"], "not a time of day"),
        (["actors"], "/settings actors north_korea"),
        (["actors", "martians"], "not a side"),
        (["classes", "laser"], "not a class"),
        (["region", "europe"], "/settings region japan"),
        (["colour", "blue"], "no setting called"),
    ],
)
def test_malformed_settings_get_the_right_usage(args: list[str], usage: str) -> None:
    with pytest.raises(SettingsError, match=usage.replace("/", ".")):
        apply_args(DEFAULT, args)


def test_timezones_resolve_to_their_canonical_names() -> None:
    assert resolve_timezone("kst") == "Asia/Seoul"
    assert resolve_timezone("UTC") == "UTC"
    assert resolve_timezone("europe/berlin") == "Europe/Berlin"
    with pytest.raises(SettingsError):
        resolve_timezone("")
