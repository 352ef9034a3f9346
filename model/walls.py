"""Is a document behind a login wall? The judgement, over the raw facts a document probe stored.

A supplier who must register before even reading the specification may not bother to bid.
The evidence must be specific, because a false wall would wrongly penalise an open portal: an
HTTP 401/403, a redirect to a sign-in address, or a real password field where a file was due.
A page that merely mentions the word "password" is not a wall (auditor/documents/walls.py measures
that fact). Pure, so the checks judge walls (checks/access.py) and `rescore` re-judges old runs;
the document probe asks the same question only to stop reading an answer that is no file.
"""
from __future__ import annotations

from model.classify import sign_in_address


def login_wall_evidence(status: int | None, final_url: str, redirects: list[str],
                        password_field: bool) -> str | None:
    """Why the answer looks like a login wall, or None if it does not.

    `redirects` is the chain of URLs that answered with a redirect, the requested URL first;
    `final_url` is where it ended; `password_field` whether an HTML page with a real password
    field was served.
    """
    if status == 401:
        return "HTTP 401 Unauthorized"
    if status == 403:
        return "HTTP 403 Forbidden"
    if redirects:
        for target in [*redirects[1:], final_url]:
            if reason := sign_in_address(target):
                return f"redirected to a sign-in address {target} ({reason})"
    if password_field:
        return "an HTML page with a password field was served instead of the file"
    return None
