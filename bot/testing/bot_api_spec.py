"""The Bot API's own description of the methods the stand-in serves, and the parameter checks it drives.

``bot_api_methods.json`` beside this module is cut from the machine-readable Bot API description
(``shared/telegram-bot-api/api.json``) by ``scripts/gen_bot_api_subset.py``: each implemented
method with its parameters' types and required flags, and every object type those parameters can
hold. Checking requests against it means a wrong name, a missing argument or a malformed keyboard
fails the way Telegram would refuse it, on a machine without the shared folder too.

Values arrive as Telegram receives them: strings from a query string, a form or a multipart body
(nested objects JSON-encoded, as python-telegram-bot sends them), or JSON values from a JSON body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "IMPLEMENTED_METHODS",
    "BotApiSpec",
    "MethodSpec",
    "ParamError",
    "ParamSpec",
    "SpecMismatch",
    "UploadedFile",
]

#: The methods FakeTelegram serves; the generator cuts exactly these out of the full description.
IMPLEMENTED_METHODS: tuple[str, ...] = (
    "answerCallbackQuery",
    "close",
    "deleteMessage",
    "deleteMyCommands",
    "deleteWebhook",
    "editMessageCaption",
    "editMessageReplyMarkup",
    "editMessageText",
    "getChat",
    "getChatAdministrators",
    "getChatMember",
    "getChatMemberCount",
    "getFile",
    "getMe",
    "getMyCommands",
    "getUpdates",
    "getWebhookInfo",
    "leaveChat",
    "logOut",
    "sendChatAction",
    "sendDocument",
    "sendMessage",
    "sendPhoto",
    "setMyCommands",
    "setWebhook",
)

# Telegram's own words for some missing arguments (tdlib/telegram-bot-api, Client.cpp); the rest
# get the stand-in's 'parameter "x" is required'.
_MISSING: dict[tuple[str, str], str] = {
    ("*", "chat_id"): "chat_id is empty",
    ("sendmessage", "text"): "message text is empty",
    ("editmessagetext", "text"): "message text is empty",
    ("sendphoto", "photo"): "there is no photo in the request",
    ("senddocument", "document"): "there is no document in the request",
}
# ...and for parameters that are not valid JSON.
_NOT_JSON: dict[str, str] = {
    "reply_markup": "can't parse reply keyboard markup JSON object",
    "entities": "can't parse entities JSON object",
    "caption_entities": "can't parse entities JSON object",
}


class ParamError(Exception):
    """A request Telegram would refuse with 400; ``description`` is the whole "Bad Request: ..." text."""

    def __init__(self, reason: str) -> None:
        self.description = f"Bad Request: {reason}"
        super().__init__(self.description)


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    data: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class ParamSpec:
    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True, slots=True)
class MethodSpec:
    name: str
    params: tuple[ParamSpec, ...]
    returns: tuple[str, ...]

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)


class SpecMismatch(ValueError):
    """A nested value does not fit its type; the message says where and why."""


_INTEGER = re.compile(r"-?\d+")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _phrase(types: Sequence[str]) -> str:
    names = [f"an {t}" if t[0] in "AEIOU" else f"a {t}" for t in types]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


class BotApiSpec:
    """Methods and object types from the generated subset, and the checks they imply."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = data["bot_api_version"]
        self.release_date: str = data["release_date"]
        self.source_sha256: str = data["source_sha256"]
        self.methods: dict[str, MethodSpec] = {
            name: MethodSpec(
                name,
                tuple(ParamSpec(p["name"], tuple(p["types"]), bool(p["required"])) for p in m["params"]),
                tuple(m["returns"]),
            )
            for name, m in data["methods"].items()
        }
        self._by_lower = {name.lower(): spec for name, spec in self.methods.items()}
        self.types: dict[str, Mapping[str, Any]] = dict(data["types"])

    @classmethod
    @cache
    def load(cls) -> BotApiSpec:
        """The subset shipped in the package."""
        text = resources.files(__package__).joinpath("bot_api_methods.json").read_text(encoding="utf-8")
        return cls(json.loads(text))

    def method(self, name: str) -> MethodSpec | None:
        """Method names are case-insensitive in the Bot API."""
        return self._by_lower.get(name.lower())

    # --- top-level parameters: strings or JSON values ---------------------------------------

    def check_params(
        self,
        method: MethodSpec,
        raw: Mapping[str, Any],
        files: Mapping[str, UploadedFile],
        *,
        strict: bool,
    ) -> dict[str, Any]:
        """Typed values of a request's parameters, or :class:`ParamError` as Telegram would answer."""
        # Telegram treats an empty value as an absent one.
        present = {k: v for k, v in raw.items() if v is not None and v != ""}
        attached = {
            v[len("attach://") :]
            for v in present.values()
            if isinstance(v, str) and v.startswith("attach://")
        }
        if strict:
            for name in [*present, *(f for f in files if f not in attached)]:
                if method.param(name) is None:
                    raise ParamError(f'unknown parameter "{name}"')
        out: dict[str, Any] = {}
        for param in method.params:
            if param.name in files and param.name not in present:
                value: Any = files[param.name]
            elif param.name in present:
                value = present[param.name]
            else:
                if param.required:
                    key = (method.name.lower(), param.name)
                    known = _MISSING.get(key) or _MISSING.get(("*", param.name))
                    raise ParamError(known or f'parameter "{param.name}" is required')
                continue
            out[param.name] = self._top_value(param, value, files, strict=strict)
        return out

    def _top_value(
        self, param: ParamSpec, value: Any, files: Mapping[str, UploadedFile], *, strict: bool
    ) -> Any:
        failures: list[str] = []
        for type_name in param.types:
            try:
                return self._coerce_top(type_name, value, files, strict=strict)
            except SpecMismatch as exc:
                failures.append(str(exc))
            except json.JSONDecodeError:
                reason = _NOT_JSON.get(param.name, f'parameter "{param.name}" is not valid JSON')
                raise ParamError(reason) from None
        detail = next((f for f in failures if f), "")
        reason = f'parameter "{param.name}" must be {_phrase(param.types)}'
        raise ParamError(f"{reason}: {detail}" if detail else reason)

    def _coerce_top(
        self, type_name: str, value: Any, files: Mapping[str, UploadedFile], *, strict: bool
    ) -> Any:
        if type_name == "InputFile":
            if isinstance(value, UploadedFile):
                return value
            if isinstance(value, str) and value.startswith("attach://"):
                part = files.get(value[len("attach://") :])
                if part is None:
                    raise SpecMismatch(f"no file part named {value[len('attach://') :]!r}")
                return part
            raise SpecMismatch("")
        if isinstance(value, UploadedFile):
            raise SpecMismatch("a file was uploaded where none is expected")
        if isinstance(value, str):
            if type_name == "Integer" and _INTEGER.fullmatch(value):
                return int(value)
            if type_name == "Float":
                try:
                    return float(value)
                except ValueError:
                    raise SpecMismatch("") from None
            if type_name == "Boolean" and value.lower() in _BOOLEANS:
                return _BOOLEANS[value.lower()]
            if type_name == "String":
                return value
            if type_name.startswith("Array of ") or type_name in self.types:
                decoded = json.loads(value)
                self.check_value(decoded, type_name, "", strict=strict)
                return decoded
            raise SpecMismatch("")
        if type_name == "String" and isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)  # the Bot API reads JSON numbers as their text where it wants a string
        if type_name == "Boolean" and isinstance(value, int) and value in (0, 1):
            return bool(value)
        self.check_value(value, type_name, "", strict=strict)
        return value

    # --- JSON values inside objects: types are exact -----------------------------------------

    def check_value(self, value: Any, type_name: str, path: str, *, strict: bool) -> None:
        """Raise :class:`SpecMismatch` unless ``value`` (decoded JSON) is a ``type_name``."""
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                raise SpecMismatch(f"{path or 'value'} must be an Array")
            inner = type_name[len("Array of ") :]
            for i, item in enumerate(value):
                self.check_union(item, (inner,), f"{path}[{i}]", strict=strict)
            return
        if type_name == "Integer":
            if not isinstance(value, int) or isinstance(value, bool):
                raise SpecMismatch(f"{path or 'value'} must be an Integer")
        elif type_name == "Float":
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise SpecMismatch(f"{path or 'value'} must be a Float")
        elif type_name == "Boolean":
            if not isinstance(value, bool):
                raise SpecMismatch(f"{path or 'value'} must be a Boolean")
        elif type_name == "True":
            if value is not True:
                raise SpecMismatch(f"{path or 'value'} must be True")
        elif type_name == "String":
            if not isinstance(value, str):
                raise SpecMismatch(f"{path or 'value'} must be a String")
        elif type_name == "InputFile":
            if not isinstance(value, str):
                raise SpecMismatch(f"{path or 'value'} must be an attach:// reference")
        else:
            self._check_object(value, type_name, path, strict=strict)

    def check_union(self, value: Any, types: Sequence[str], path: str, *, strict: bool) -> None:
        errors: list[str] = []
        for type_name in types:
            try:
                self.check_value(value, type_name, path, strict=strict)
                return
            except SpecMismatch as exc:
                errors.append(str(exc))
        raise SpecMismatch(errors[0] if len(errors) == 1 else f"{path} must be {_phrase(types)}")

    def _check_object(self, value: Any, type_name: str, path: str, *, strict: bool) -> None:
        spec = self.types.get(type_name)
        if spec is None:
            raise SpecMismatch(f"{path or 'value'}: type {type_name} is not in the stand-in's spec subset")
        where = path or type_name
        if not isinstance(value, dict):
            raise SpecMismatch(f"{where} must be an object ({type_name})")
        subtypes = spec.get("subtypes")
        if subtypes:
            tagged = [(sub, self.types[sub].get("tag")) for sub in subtypes]
            for sub, tag in tagged:
                if tag and value.get(tag[0]) == tag[1]:
                    self._check_object(value, sub, path, strict=strict)
                    return
            untagged = [sub for sub, tag in tagged if not tag]
            if untagged:  # the description names no tag (Message | InaccessibleMessage): try each
                self.check_union(value, untagged, path, strict=strict)
                return
            tags = sorted(str(tag[1]) for _, tag in tagged if tag)
            raise SpecMismatch(f"{where}: unknown {type_name} type; expected one of {', '.join(tags)}")
        fields = {f["name"]: f for f in spec["fields"]}
        for name, field in fields.items():
            if field["required"] and name not in value:
                raise SpecMismatch(f'{where}: field "{name}" is required')
        for name, item in value.items():
            field = fields.get(name)
            if field is None:
                if strict:
                    raise SpecMismatch(f'{where}: unknown field "{name}"')
                continue
            self.check_union(item, field["types"], f"{path}.{name}" if path else name, strict=strict)
