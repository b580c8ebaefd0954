"""Cut bot/testing/bot_api_methods.json out of the machine-readable Bot API description.

The stand-in checks every request against the methods it implements (``IMPLEMENTED_METHODS``)
and the object types their parameters can hold. This script copies exactly those, without their
prose, so the check is just as strict on a machine without the shared folder. Re-running it on
the same source gives the committed file byte for byte.

    PYTHONPATH=$PWD python scripts/gen_bot_api_subset.py            # write the file
    PYTHONPATH=$PWD python scripts/gen_bot_api_subset.py --check    # exit 1 if it is stale

The source is found as ``shared/telegram-bot-api/api.json`` beside the repository (or beside its
parent, for a git worktree), or given with ``--source``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.testing.bot_api_spec import IMPLEMENTED_METHODS  # noqa: E402

SOURCE_NAME = "shared/telegram-bot-api/api.json"
TARGET = REPO / "bot" / "testing" / "bot_api_methods.json"
# "Scope type, must be chat" / 'Type of the reaction, always "emoji"': the tag of a subtype.
_TAG = re.compile(r'(?:must be|always) "?([a-z_]+)"?')


def find_source() -> Path | None:
    for base in (REPO.parent, REPO.parent.parent):
        candidate = base / SOURCE_NAME
        if candidate.is_file():
            return candidate
    return None


def _type_names(types: Iterable[str]) -> Iterable[str]:
    for written in types:
        name = written
        while name.startswith("Array of "):
            name = name[len("Array of ") :]
        yield name


def _tag(type_spec: Mapping[str, Any]) -> list[str] | None:
    """[field, value] telling this subtype from its siblings; None when the prose names none."""
    first = type_spec["fields"][0]
    match = _TAG.search(first["description"])
    return [first["name"], match.group(1)] if match else None


def _param(field: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": field["name"], "types": list(field["types"]), "required": bool(field["required"])}


def build(source: Path) -> str:
    raw = source.read_bytes()
    api = json.loads(raw)
    missing = [m for m in IMPLEMENTED_METHODS if m not in api["methods"]]
    if missing:
        raise SystemExit(f"not in {source}: {', '.join(missing)}")

    methods: dict[str, Any] = {}
    wanted: list[str] = []
    for name in sorted(IMPLEMENTED_METHODS):
        spec = api["methods"][name]
        params = [_param(f) for f in spec.get("fields", [])]
        methods[name] = {"returns": list(spec["returns"]), "params": params}
        for p in params:
            wanted.extend(_type_names(p["types"]))

    document = {
        "about": "Bot API methods served by bot/testing/fake_telegram.py; generated, do not edit.",
        "generator": "scripts/gen_bot_api_subset.py",
        "source": SOURCE_NAME,
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "bot_api_version": api["version"],
        "release_date": api["release_date"],
        "methods": methods,
        "types": object_types(api, wanted),
    }
    return _dump(document)


def object_types(api: Mapping[str, Any], roots: Iterable[str]) -> dict[str, Any]:
    """The object types reachable from ``roots``, fields without their prose, sorted by name."""
    wanted = list(roots)
    types: dict[str, Any] = {}
    while wanted:
        name = wanted.pop()
        if name in types or name not in api["types"]:
            continue  # primitives (Integer, String, ...) and InputFile are not object types
        spec = api["types"][name]
        if spec.get("subtypes"):
            types[name] = {"subtypes": list(spec["subtypes"])}
            wanted.extend(spec["subtypes"])
        elif "fields" in spec:
            entry: dict[str, Any] = {"fields": [_param(f) for f in spec["fields"]]}
            tag = _tag(spec) if spec.get("subtype_of") else None
            if tag:
                entry = {"tag": tag, **entry}
            types[name] = entry
            for f in spec["fields"]:
                wanted.extend(_type_names(f["types"]))
    return dict(sorted(types.items()))


def _dump(document: Mapping[str, Any]) -> str:
    """JSON with one parameter or field per line: small diffs when the Bot API changes."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    items = list(document.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if key in ("methods", "types"):
            lines.append(f"  {one(key)}: {{")
            entries = list(value.items())
            for j, (name, entry) in enumerate(entries):
                lines.append(f"    {one(name)}: {{")
                parts = list(entry.items())
                for k, (part, content) in enumerate(parts):
                    tail = "," if k < len(parts) - 1 else ""
                    if isinstance(content, list) and content and isinstance(content[0], dict):
                        rows = ",\n".join(f"        {one(row)}" for row in content)
                        lines.append(f"      {one(part)}: [\n{rows}\n      ]{tail}")
                    else:
                        lines.append(f"      {one(part)}: {one(content)}{tail}")
                lines.append("    }" + ("," if j < len(entries) - 1 else ""))
            lines.append("  }" + comma)
        else:
            lines.append(f"  {one(key)}: {one(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", type=Path, help=f"the full description (default: ../{SOURCE_NAME})")
    parser.add_argument("--output", type=Path, default=TARGET)
    parser.add_argument("--check", action="store_true", help="compare with --output instead of writing it")
    args = parser.parse_args(argv)
    source = args.source or find_source()
    if source is None:
        print(f"cannot find {SOURCE_NAME} beside the repository; pass --source", file=sys.stderr)
        return 2
    text = build(source)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {len(IMPLEMENTED_METHODS)} methods from {source}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
