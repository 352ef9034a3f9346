"""What a person watching the run sees: a live line on a terminal, JSON lines for CI logs."""
from __future__ import annotations

import json
import sys
import time
from typing import Any, TextIO

from auditor.redaction import SECRETS


class Progress:
    def __init__(self, json_lines: bool = False, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.json_lines = json_lines
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.live = self.stream.isatty() and not json_lines
        self._last_line = 0.0

    def event(self, kind: str, **data: Any) -> None:
        """A notable thing happened: always logged (JSON) or printed on its own line."""
        if self.quiet:
            return
        data = SECRETS.redact(data)
        if self.json_lines:
            self.stream.write(json.dumps({"event": kind, "time": round(time.time(), 3), **data}, default=str) + "\n")
        else:
            self._clear()
            text = data.get("message") or " ".join(f"{k}={v}" for k, v in data.items())
            self.stream.write(f"{kind}: {text}\n")
        self.stream.flush()

    def status(self, portal: str, pages: int, queued: int, errors: int, documents: int) -> None:
        """The crawl's state now: redrawn in place on a terminal, logged every few seconds otherwise."""
        if self.quiet:
            return
        now = time.monotonic()
        line = f"[{portal}] {pages} pages, {queued} queued, {errors} errors, {documents} documents"
        if self.live:
            self.stream.write("\r\033[K" + line)
            self.stream.flush()
        elif now - self._last_line >= 5:
            self._last_line = now
            if self.json_lines:
                self.event("progress", portal=portal, pages=pages, queued=queued, errors=errors, documents=documents)
            else:
                self.stream.write(line + "\n")
                self.stream.flush()

    def _clear(self) -> None:
        if self.live:
            self.stream.write("\r\033[K")
