"""Did a document URL serve a sign-in page? The fact the document probe measures on the answer:
an HTML page holding a real password field, not one that merely mentions the word "password".
Whether that, a 401/403 or a redirect to a sign-in address makes a login wall is judged from the
stored facts by model/walls.py, in the checks."""
from __future__ import annotations

import re

from bs4 import BeautifulSoup


def password_field_served(content_type: str, text: str) -> bool:
    """Whether the answer is an HTML page holding a real password field (an `<input type=password>`,
    not the word "password"). `text` is the start of the body as text."""
    return _looks_like_html(content_type, text) and _has_password_field(text)


def _looks_like_html(content_type: str, text: str) -> bool:
    return "html" in content_type.lower() or "<html" in text[:2048].lower()


def _has_password_field(html: str) -> bool:
    if "<input" not in html.lower():
        return False
    soup = BeautifulSoup(html, "html.parser")
    return soup.find("input", attrs={"type": re.compile(r"^\s*password\s*$", re.I)}) is not None
