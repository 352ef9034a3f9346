"""Is a document behind a login wall?

A supplier who must register before even reading the specification may not bother to bid.
The evidence must be specific, because a false wall would wrongly penalise an open portal: an
HTTP 401/403, a redirect to a sign-in address, or a real password field where a file was due.
A page that merely mentions the word "password" is not a wall.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

from model.classify import sign_in_address


def login_wall_evidence(status: int | None, final_url: str, redirects: list[str],
                        content_type: str, head_text: str) -> str | None:
    """Why the response looks like a login wall, or None if it does not.

    `redirects` is the chain of URLs that answered with a redirect, the requested URL first;
    `final_url` is where it ended. `head_text` is the start of the body as text.
    """
    if status == 401:
        return "HTTP 401 Unauthorized"
    if status == 403:
        return "HTTP 403 Forbidden"
    if redirects:
        for target in [*redirects[1:], final_url]:
            if reason := sign_in_address(target):
                return f"redirected to a sign-in address {target} ({reason})"
    if _looks_like_html(content_type, head_text) and _has_password_field(head_text):
        return "an HTML page with a password field was served instead of the file"
    return None


def _looks_like_html(content_type: str, text: str) -> bool:
    return "html" in content_type.lower() or "<html" in text[:2048].lower()


def _has_password_field(html: str) -> bool:
    if "<input" not in html.lower():
        return False
    soup = BeautifulSoup(html, "html.parser")
    return soup.find("input", attrs={"type": re.compile(r"^\s*password\s*$", re.I)}) is not None
