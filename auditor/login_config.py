"""The `login:` block of a portal's config, validated without a browser: which of the three ways
to sign in it names (a form with credentials from environment variables, journey steps, or a saved
Playwright storage state), and whether what it names is there. Signing in itself is login.py."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError
from auditor.journeys.steps import ENV_NAME, parse_journeys

FORM_KEYS = ("url", "username_env", "password_env")
SELECTOR_KEYS = ("username_selector", "password_selector", "submit_selector")


def validate_login(where: str, login: dict[str, Any]) -> None:
    """One of three ways to sign in: a form with env-var credentials, journey steps, or a saved state."""
    for key in ("username", "password"):
        if key in login:
            raise ConfigError(f"{where}: 'login.{key}' is not allowed: put the value in an environment "
                              f"variable and name it with 'login.{key}_env'")
    allowed = {*FORM_KEYS, *SELECTOR_KEYS, "steps", "storage_state"}
    unknown = sorted(set(login) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key 'login.{unknown[0]}' (allowed: {', '.join(sorted(allowed))})")
    ways = [w for w in ("username_env", "steps", "storage_state") if w in login]
    if len(ways) != 1:
        raise ConfigError(f"{where}: 'login' needs exactly one of 'url' with 'username_env' and 'password_env', "
                          f"'steps', or 'storage_state'")
    if "storage_state" in login:
        if not isinstance(login["storage_state"], str) or set(login) != {"storage_state"}:
            raise ConfigError(f"{where}: 'login.storage_state' must be the path of a Playwright storage-state "
                              f"JSON file, on its own")
        return
    if "steps" in login:
        parse_journeys(where, [{"name": "sign-in", "steps": login["steps"]}], submit_forms=True)
        if set(login) - {"steps", "url"}:
            raise ConfigError(f"{where}: 'login.steps' goes with 'url' only")
        return
    for key in FORM_KEYS:
        if not isinstance(login.get(key), str) or not login[key]:
            raise ConfigError(f"{where}: 'login.{key}' is required")
    if not login["url"].startswith(("http://", "https://", "/")):
        raise ConfigError(f"{where}: 'login.url' must be a path or an http(s) URL")
    for key in ("username_env", "password_env"):
        if not ENV_NAME.fullmatch(login[key]):
            raise ConfigError(f"{where}: 'login.{key}' must be the name of an environment variable, not its value")
    for key in SELECTOR_KEYS:
        if key in login and not (isinstance(login[key], str) and login[key]):
            raise ConfigError(f"{where}: 'login.{key}' must be a CSS selector")


def check_login_environment(where: str, login: dict[str, Any]) -> None:
    """What sign-in will read is there: each named environment variable is set, and the
    storage-state file exists (a relative path is read from the working directory)."""
    names = [(f"login.{key}", login[key]) for key in ("username_env", "password_env") if key in login]
    names += [("login.steps", step["fill"]["value_env"]) for step in login.get("steps") or []
              if isinstance(step, dict) and isinstance(step.get("fill"), dict) and "value_env" in step["fill"]]
    for key, name in names:
        if not os.environ.get(name):
            raise ConfigError(f"{where}: '{key}' names the environment variable {name}, which is not set")
    if "storage_state" in login:
        path = Path(login["storage_state"])
        if not path.is_file():
            raise ConfigError(f"{where}: 'login.storage_state' file {path} does not exist")
