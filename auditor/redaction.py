"""The run's secrets, and the one place they are taken out of everything the run writes or logs.

A secret is any value the run knows a portal must not see published: every `*_env` value in a
portal's config (sign-in username and password, a journey's `value_env` fills), the cookie and
local-storage values of a signed-in session, and session tokens met in URLs. Rather than trusting
each record to leave them out, every write goes through `SECRETS.redact` (store.write_json) and
every log line through `SECRETS.redact_text` (Progress), so a secret a portal echoes back in a
page, a title, an error message or a URL is caught wherever it lands.

Secrets are replaced whole, before any truncation or whitespace change, so a cut or a collapsed
copy of a secret can never slip past. URLs are stored without their session parameters.
"""
from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

from auditor.config import ConfigError, PortalConfig

MASK = "********"
MIN_SECRET = 4                     # shorter values cannot be told apart from ordinary text
MIN_SESSION_VALUE = 8              # cookie, storage and URL values shorter than this are flags ("true", "en"), not sessions
# Query parameters that carry a session or a credential, whatever the portal calls them.
SESSION_PARAM = re.compile(r"session|sessid|token|passw|secret|api_?key|^(sid|pwd|auth|authkey|authorization|"
                           r"cfid|cftoken|ticket|sig|signature)$", re.I)
_PATH_SESSION = re.compile(r";[^/?#;=]*(?:session|sessid|sid|token)[^/?#;=]*=([^/?#;]*)", re.I)


def is_session_param(name: str) -> bool:
    return bool(SESSION_PARAM.search(name))


class SecretSet:
    """The secrets one run knows, with the forms they take in text: as typed, URL-encoded, HTML-escaped."""

    def __init__(self) -> None:
        self._forms: set[str] = set()
        self._secrets: set[str] = set()
        self._ordered: list[str] = []

    def __contains__(self, value: str) -> bool:
        return value in self._secrets

    def add(self, value: str | None, min_length: int = MIN_SECRET) -> None:
        """Remember a secret; values too short to be one are ignored."""
        if not value or len(value) < min_length or value in self._secrets:
            return
        self._secrets.add(value)
        self._forms.update({value, quote(value, safe=""), quote_plus(value), html.escape(value)})
        # longest first, so a secret that contains another is masked whole
        self._ordered = sorted(self._forms, key=len, reverse=True)

    def add_all(self, values: Iterable[str | None], min_length: int = MIN_SECRET) -> None:
        for value in values:
            self.add(value, min_length)

    def add_session(self, storage_state: dict[str, Any] | None) -> None:
        """A signed-in session's cookie and local-storage values: each could replay the session."""
        state = storage_state or {}
        self.add_all((c.get("value") for c in state.get("cookies", [])), MIN_SESSION_VALUE)
        self.add_all((item.get("value") for origin in state.get("origins", []) for item in origin.get("localStorage", [])),
                     MIN_SESSION_VALUE)

    def redact_text(self, text: str) -> str:
        """The text with every known secret masked."""
        for form in self._ordered:
            if form in text:
                text = text.replace(form, MASK)
        return text

    def redact_url(self, url: str) -> str:
        """The URL without session parameters (whose values become secrets) or parameters holding a secret."""
        parts = urlsplit(url)
        self.add_all((match.group(1) for match in _PATH_SESSION.finditer(parts.path)), MIN_SESSION_VALUE)
        path = _PATH_SESSION.sub("", parts.path)
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        kept = []
        for name, value in pairs:
            if is_session_param(name):
                self.add(value, MIN_SESSION_VALUE)
            elif value not in self._secrets:
                kept.append((name, value))
        query = urlencode(kept) if len(kept) != len(pairs) else parts.query
        return self.redact_text(urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment)))

    def redact(self, data: Any) -> Any:
        """A copy of JSON-like data with secrets masked in every string and session parameters taken
        out of every URL. URLs are read first, so a token seen in one URL is masked in all the text."""
        self._learn(data)
        return self._redact(data)

    def _learn(self, data: Any) -> None:
        if isinstance(data, str):
            if data.startswith(("http://", "https://")):
                self.redact_url(data)
        elif isinstance(data, dict):
            for value in data.values():
                self._learn(value)
        elif isinstance(data, (list, tuple)):
            for value in data:
                self._learn(value)

    def _redact(self, data: Any) -> Any:
        if isinstance(data, str):
            return self.redact_url(data) if data.startswith(("http://", "https://")) else self.redact_text(data)
        if isinstance(data, dict):
            return {key: self._redact(value) for key, value in data.items()}
        if isinstance(data, (list, tuple)):
            return [self._redact(value) for value in data]
        return data


SECRETS = SecretSet()
"""The run's secrets: one set per process, as one process is one run."""


def env_names(config: PortalConfig) -> list[str]:
    """Every environment variable a portal's config names (`*_env` keys, at any depth of `login`
    and `journeys`)."""
    names: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key.endswith("_env") and isinstance(value, str):
                    names.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk([config.login or {}, config.journeys])
    return names


def portal_secrets(config: PortalConfig) -> list[str]:
    """The values of the environment variables a portal's config names: what its pages may show
    back (a signed-in username) and what its screenshots must hide."""
    return [os.environ[name] for name in env_names(config) if os.environ.get(name)]


def collect_secrets(configs: list[PortalConfig]) -> None:
    """Add every portal's `*_env` values to the run's secrets, before any request; a value too short
    to redact safely stops the run, as publishing it would be the alternative."""
    for config in configs:
        for name in env_names(config):
            value = os.environ.get(name)
            if value and len(value) < MIN_SECRET:
                raise ConfigError(f"portal {config.name!r}: the environment variable {name} holds fewer than "
                                  f"{MIN_SECRET} characters: too short to keep out of the published files")
            SECRETS.add(value)
