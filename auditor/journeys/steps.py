"""The journey step language: one table of step kinds, each with its validation, its action and
what it expects, in a supplier's words.

Targets use Playwright's role / label / text locators, the way a person finds things; CSS only
when a journey asks for it. Journeys never submit a form that sends data unless the portal's
config says `submit_forms: true` (an owner auditing their own portal); search forms (GET, or
role=search) are reading, not sending, so they are always allowed.

Pure: no browser import, so config validation runs before any browser starts and checks may
import it. An action is written against `Driver`, the few operations the runner (runner.py)
offers over its Playwright tab.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from auditor.errors import ConfigError
from auditor.journeys.records import JourneyRecord
from model.classify import DESTRUCTIVE_WORDS

if TYPE_CHECKING:
    from playwright.async_api import Locator

DEFAULT_TIMEOUT = 10.0             # seconds for one step
MAX_STEPS = 50
LOCATOR_KEYS = ("role", "label", "text", "placeholder", "css")

# Button and link names that send data somewhere: refused at validation time without submit_forms.
SUBMIT_WORDS = re.compile(r"\b(send|register|sign ?up|apply|save|confirm|pay|place bid|create account|"
                          r"" + DESTRUCTIVE_WORDS + r")\b", re.I)
SEARCH_WORDS = re.compile(r"\b(search|find|filter|go)\b", re.I)
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class StepFailed(Exception):
    """A step could not be done; the message says why in a supplier's words."""


@dataclass
class Step:
    action: str                    # a key of STEP_KINDS
    arg: Any                       # str or mapping, as validated
    timeout: float = DEFAULT_TIMEOUT

    @property
    def text(self) -> str:
        """The step as written, for records; a fill from an environment variable shows only its name."""
        return f"{self.action}: {json.dumps(self.arg, ensure_ascii=False)}"

    @property
    def expected(self) -> str:
        """What the step looks for, in words: a failed step's record says it."""
        return STEP_KINDS[self.action].expected(self.action, self.arg)


@dataclass
class Journey:
    name: str
    steps: list[Step]
    builtin: bool = False
    not_possible: str | None = None   # a built-in journey this portal gives no way to run


class Driver(Protocol):
    """What a step's action may ask of the runner that holds the tab."""
    record: JourneyRecord

    def locate(self, spec: dict[str, Any]) -> Locator: ...
    async def goto(self, target: str) -> None: ...
    async def refuse_submission(self, target: Locator, key: str | None) -> None: ...
    def keep_secret(self, value: str) -> None: ...
    async def wait_or_expect(self, arg: dict[str, Any]) -> None: ...
    async def screenshot_step(self, label: str) -> None: ...
    async def audit_here(self, forced: bool) -> None: ...


# ---------------------------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------------------------

def _locator_spec(where: str, key: str, value: Any, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: '{key}' must name a target: one of {', '.join(LOCATOR_KEYS)}")
    found = [k for k in LOCATOR_KEYS if k in value]
    allowed = {*LOCATOR_KEYS, "name", "exact", *extra}
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key '{key}.{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")
    if len(found) != 1:
        raise ConfigError(f"{where}: '{key}' needs exactly one of {', '.join(LOCATOR_KEYS)}, got {found or 'none'}")
    if "name" in value and "role" not in value:
        raise ConfigError(f"{where}: '{key}.name' only goes with 'role'")
    for k in (*LOCATOR_KEYS, "name"):
        if k in value and not (isinstance(value[k], str) and value[k]):
            raise ConfigError(f"{where}: '{key}.{k}' must be non-empty text")
    return value


def describe(spec: dict[str, Any]) -> str:
    """A target as a person would name it: "button named 'Search'", "label 'Keywords'"."""
    if "role" in spec:
        return f"{spec['role']} named {spec['name']!r}" if spec.get("name") else f"a {spec['role']}"
    for key in ("label", "text", "placeholder", "css"):
        if key in spec:
            return f"{'element' if key == 'css' else key} {spec[key]!r}"
    return "element"


def _without_key(arg: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in arg.items() if k != "key"}


# ---------------------------------------------------------------------------------------------
# The step kinds: validate(where, at, arg, submit_forms) -> arg as stored; act(driver, arg)
# ---------------------------------------------------------------------------------------------

def _valid_goto(where: str, at: str, arg: Any, submit_forms: bool) -> Any:
    if not isinstance(arg, str) or not arg or urlsplit(arg).scheme not in ("", "http", "https"):
        raise ConfigError(f"{where}: '{at}' must be a path such as /opportunities or an http(s) URL")
    return arg


def _valid_click(where: str, at: str, arg: Any, submit_forms: bool) -> Any:
    spec = _locator_spec(where, at, arg)
    words = " ".join(str(spec.get(k, "")) for k in ("name", "text", "label"))
    if not submit_forms and SUBMIT_WORDS.search(words) and not SEARCH_WORDS.search(words):
        raise ConfigError(f"{where}: '{at}' ({words.strip()!r}) would submit a form; journeys "
                          f"submit forms only when the portal sets 'submit_forms: true' (its owner's config)")
    return spec


def _valid_fill(where: str, at: str, arg: Any, submit_forms: bool) -> Any:
    spec = _locator_spec(where, at, arg, ("value", "value_env"))
    if ("value" in spec) == ("value_env" in spec):
        raise ConfigError(f"{where}: '{at}' needs 'value' or 'value_env' (an environment variable's name)")
    if "value" in spec and not isinstance(spec["value"], (str, int, float)):
        raise ConfigError(f"{where}: '{at}.value' must be text")
    if "value_env" in spec and not ENV_NAME.fullmatch(str(spec["value_env"])):
        raise ConfigError(f"{where}: '{at}.value_env' must be the name of an environment variable")
    return spec


def _valid_select(where: str, at: str, arg: Any, submit_forms: bool) -> Any:
    spec = _locator_spec(where, at, arg, ("option",))
    if not isinstance(spec.get("option"), str):
        raise ConfigError(f"{where}: '{at}' needs 'option': the option's label or value")
    return spec


def _valid_check(where: str, at: str, arg: Any, submit_forms: bool) -> Any:
    return _locator_spec(where, at, arg)


def _valid_press(where: str, at: str, arg: Any, submit_forms: bool) -> Any:
    if isinstance(arg, str):
        arg = {"key": arg}
    if not isinstance(arg, dict) or not isinstance(arg.get("key"), str):
        raise ConfigError(f"{where}: '{at}' must be a key such as Enter, or {{key: Enter, label: ...}}")
    if _without_key(arg):
        _locator_spec(where, at, _without_key(arg))
    return arg


WAIT_KINDS = {"wait_for": ("url", "selector", "text"), "expect": ("text", "url", "element", "title")}


def _valid_wait(action: str) -> Callable[[str, str, Any, bool], Any]:
    def valid(where: str, at: str, arg: Any, submit_forms: bool) -> Any:
        kinds = WAIT_KINDS[action]
        if not isinstance(arg, dict) or len(arg) != 1 or next(iter(arg)) not in kinds:
            raise ConfigError(f"{where}: '{at}' needs one of {', '.join(kinds)}")
        kind, value = next(iter(arg.items()))
        if kind == "element":
            _locator_spec(where, f"{at}.element", {"css": value} if isinstance(value, str) else value)
        elif not isinstance(value, str) or not value:
            raise ConfigError(f"{where}: '{at}.{kind}' must be non-empty text")
        return arg
    return valid


def _valid_screenshot(where: str, at: str, arg: Any, submit_forms: bool) -> Any:
    if not isinstance(arg, str) or not re.fullmatch(r"[\w.-]{1,60}", arg):
        raise ConfigError(f"{where}: '{at}' must be a short name (letters, digits, - _ .)")
    return arg


def _valid_audit(where: str, at: str, arg: Any, submit_forms: bool) -> Any:
    if arg != "here":
        raise ConfigError(f"{where}: '{at}' must be 'here'")
    return arg


async def _goto(run: Driver, arg: str) -> None:
    await run.goto(arg)


async def _click(run: Driver, arg: dict[str, Any]) -> None:
    target = run.locate(arg)
    await target.wait_for(state="visible")
    await run.refuse_submission(target, None)
    await target.click()
    run.record.clicks += 1


async def _check(run: Driver, arg: dict[str, Any]) -> None:
    await run.locate(arg).check()
    run.record.clicks += 1


async def _select(run: Driver, arg: dict[str, Any]) -> None:
    await run.locate(arg).select_option(arg["option"])
    run.record.clicks += 1


async def _fill(run: Driver, arg: dict[str, Any]) -> None:
    value = str(arg["value"]) if "value" in arg else os.environ.get(arg["value_env"])
    if value is None:
        raise StepFailed(f"the environment variable {arg['value_env']} is not set")
    if "value_env" in arg:
        run.keep_secret(value)
    await run.locate(arg).fill(value)
    run.record.keystrokes += len(value)


async def _press(run: Driver, arg: dict[str, Any]) -> None:
    target = run.locate(_without_key(arg) or {"css": ":focus"})
    await run.refuse_submission(target, arg["key"])
    await target.press(arg["key"])
    run.record.keystrokes += 1


async def _wait(run: Driver, arg: dict[str, Any]) -> None:
    await run.wait_or_expect(arg)


async def _screenshot(run: Driver, arg: str) -> None:
    await run.screenshot_step(arg)


async def _audit(run: Driver, arg: str) -> None:
    await run.audit_here(forced=True)


def _expect_target(action: str, arg: dict[str, Any]) -> str:
    return f"{describe(arg)} to {action}"


def _expect_wait(action: str, arg: dict[str, Any]) -> str:
    kind, value = next(iter(arg.items()))
    return {"url": f"URL containing {value!r}", "selector": f"element {value!r} visible",
            "text": f"text {value!r} on the page", "title": f"title containing {value!r}"}.get(
        kind, f"element {describe(value if isinstance(value, dict) else {'css': value})} visible")


def _expect_name(action: str, arg: Any) -> str:
    return action


@dataclass(frozen=True)
class StepKind:
    name: str
    validate: Callable[[str, str, Any, bool], Any]        # raises ConfigError; returns the arg as stored
    act: Callable[[Driver, Any], Awaitable[None]]         # raises StepFailed (or a browser error)
    expected: Callable[[str, Any], str]                   # (action, arg) -> what the step looks for
    gathers: bool = False          # gathers the page itself (bounded by the page budget, not the step's)


STEP_KINDS: dict[str, StepKind] = {kind.name: kind for kind in (
    StepKind("goto", _valid_goto, _goto, lambda action, arg: f"page {arg} loads"),
    StepKind("click", _valid_click, _click, _expect_target),
    StepKind("fill", _valid_fill, _fill, _expect_target),
    StepKind("select", _valid_select, _select, _expect_target),
    StepKind("check", _valid_check, _check, _expect_target),
    StepKind("press", _valid_press, _press, lambda action, arg: f"key {arg['key']} pressed"),
    StepKind("wait_for", _valid_wait("wait_for"), _wait, _expect_wait),
    StepKind("expect", _valid_wait("expect"), _wait, _expect_wait),
    StepKind("screenshot", _valid_screenshot, _screenshot, _expect_name),
    StepKind("audit", _valid_audit, _audit, _expect_name, gathers=True),
)}
ACTIONS = tuple(STEP_KINDS)


# ---------------------------------------------------------------------------------------------
# Journeys from config
# ---------------------------------------------------------------------------------------------

def _timeout(where: str, key: str, raw: dict[str, Any], default: float) -> float:
    timeout = raw.get("timeout", default)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ConfigError(f"{where}: '{key}.timeout' must be a positive number of seconds")
    return float(timeout)


def _step(where: str, key: str, raw: Any, submit_forms: bool, default_timeout: float) -> Step:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: '{key}' must be a mapping such as {{click: {{text: 'Search'}}}}")
    actions = [a for a in raw if a in STEP_KINDS]
    unknown = sorted(set(raw) - {*ACTIONS, "timeout"})
    if unknown:
        raise ConfigError(f"{where}: unknown step '{key}.{unknown[0]}' (steps: {', '.join(ACTIONS)})")
    if len(actions) != 1:
        raise ConfigError(f"{where}: '{key}' needs exactly one action ({', '.join(ACTIONS)}), got {actions or 'none'}")
    action = actions[0]
    timeout = _timeout(where, key, raw, default_timeout)
    arg = STEP_KINDS[action].validate(where, f"{key}.{action}", raw[action], submit_forms)
    return Step(action, arg, timeout)


def parse_journeys(where: str, journeys: list[Any], submit_forms: bool) -> list[Journey]:
    """Journeys from config, validated; a ConfigError names the file, portal and key. Config
    validation calls it, so a bad journey fails before any browser starts."""
    parsed: list[Journey] = []
    seen: set[str] = set()
    for i, raw in enumerate(journeys):
        key = f"journeys[{i}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"].strip():
            raise ConfigError(f"{where}: '{key}' must be a mapping with a 'name' and 'steps'")
        unknown = sorted(set(raw) - {"name", "steps", "timeout"})
        if unknown:
            raise ConfigError(f"{where}: unknown key '{key}.{unknown[0]}' (allowed: name, steps, timeout)")
        name = raw["name"].strip()
        if name in seen:
            raise ConfigError(f"{where}: two journeys are named {name!r}")
        seen.add(name)
        steps = raw.get("steps")
        if not isinstance(steps, list) or not steps or len(steps) > MAX_STEPS:
            raise ConfigError(f"{where}: '{key}.steps' must be a list of 1 to {MAX_STEPS} steps")
        timeout = _timeout(where, key, raw, DEFAULT_TIMEOUT)
        parsed.append(Journey(name, [_step(where, f"{key}.steps[{j}]", s, submit_forms, timeout)
                                     for j, s in enumerate(steps)]))
    return parsed
