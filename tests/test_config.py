"""Configuration: every setting from the environment, flags win, bad values fail in one line."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, Settings

TOKEN = "123456:AAEexampleexampleexampleexample"


def test_defaults_run_on_embedded_parts() -> None:
    s = Settings.from_env({})
    assert s.telegram_token is None
    assert s.telegram_api_url == "https://api.telegram.org/bot"
    assert s.database_url == "sqlite+aiosqlite:///launchwatch.db"
    assert s.ingest_dir == Path("ingest")
    assert s.alert_max_age == dt.timedelta(hours=72)


def test_flags_override_the_environment() -> None:
    env = {"DATABASE_URL": "sqlite:///a.db", "INGEST_DIR": "from-env", "ALERT_MAX_AGE": "1h"}
    s = Settings.from_env(env, database_url="sqlite:///b.db", ingest_dir=None, alert_max_age="off")
    assert s.database_url == "sqlite+aiosqlite:///b.db"
    assert s.ingest_dir == Path("from-env")
    assert s.alert_max_age is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u:p@db.example:5432/lw", "postgresql+asyncpg://u:p@db.example:5432/lw"),
        ("postgresql://u@h/lw", "postgresql+asyncpg://u@h/lw"),
        ("sqlite:////var/lib/lw.db", "sqlite+aiosqlite:////var/lib/lw.db"),
    ],
)
def test_database_urls_people_paste_are_mapped_to_async_drivers(url: str, expected: str) -> None:
    assert Settings.from_env({"DATABASE_URL": url}).database_url == expected


@pytest.mark.parametrize(
    ("text", "hours"), [("72h", 72), ("3d", 72), ("90m", 1.5), ("1d12h", 36), ("2w", 336)]
)
def test_alert_max_age_reads_human_durations(text: str, hours: float) -> None:
    assert Settings.from_env({"ALERT_MAX_AGE": text}).alert_max_age == dt.timedelta(hours=hours)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"ALERT_MAX_AGE": "soon"}, "ALERT_MAX_AGE"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"DATABASE_URL": "launchwatch.db"}, "DATABASE_URL"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_API_URL": "ftp://x"}, "TELEGRAM_API_URL"),
        ({"INGEST_MAX_FILE_SIZE": "big"}, "INGEST_MAX_FILE_SIZE"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
    ],
)
def test_a_bad_value_names_its_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        Settings.from_env(env)


def test_the_cli_reports_bad_configuration_in_one_line_with_exit_code_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        env={
            "ALERT_MAX_AGE": "whenever",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(Path(__file__).parents[1]),
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "ALERT_MAX_AGE" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "launchwatch.db").exists(), "nothing is created before the settings are valid"
