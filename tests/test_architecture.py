"""The arrows point one way: the core is pure, and only bot/config.py reads the environment."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]

#: Third-party libraries the core may use: each is a pure function of its input (no I/O).
CORE_MAY_IMPORT = {"trafilatura", "feedparser", "charset_normalizer", "lxml", "dateutil", "matplotlib"}
CORE_MAY_NOT_IMPORT = {
    "asyncio",
    "sqlalchemy",
    "telegram",
    "aiohttp",
    "watchfiles",
    "socket",
    "subprocess",
    "storage",
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_core_imports_only_the_standard_library_itself_and_pure_parsers() -> None:
    stdlib = set(sys.stdlib_module_names)
    for path in sorted((ROOT / "bot" / "core").rglob("*.py")):
        imported = imports_of(path)
        forbidden = imported & CORE_MAY_NOT_IMPORT
        assert not forbidden, f"{path.relative_to(ROOT)} imports {sorted(forbidden)}"
        foreign = {m for m in imported if m not in stdlib and m != "bot" and m not in CORE_MAY_IMPORT}
        assert not foreign, f"{path.relative_to(ROOT)} imports {sorted(foreign)}"
        source = path.read_text()
        for io_call in (
            "open(",
            "os.environ",
            "datetime.now(",
            "dt.datetime.now(",
            "time.time(",
            "date.today(",
        ):
            assert io_call not in source, f"{path.relative_to(ROOT)} calls {io_call}"


def test_storage_does_not_reach_up_into_services_or_adapters() -> None:
    for path in sorted((ROOT / "storage").rglob("*.py")):
        source = path.read_text()
        for upward in (
            "bot.services",
            "bot.handlers",
            "bot.app",
            "bot.dispatcher",
            "bot.watcher",
            "telegram",
        ):
            assert f"import {upward}" not in source, (path, upward)
            assert f"from {upward}" not in source, (path, upward)


def test_only_the_config_module_reads_the_environment() -> None:
    for path in sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "storage").rglob("*.py")):
        if path.name in {"config.py", "cli.py"}:
            continue
        assert "os.environ" not in path.read_text(), f"{path.relative_to(ROOT)} reads os.environ"
