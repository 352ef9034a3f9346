""""What this portal asks of you": a supplier's plain-English summary, generated from metrics.

Pure: it reads the metrics dict of results.json and nothing else, so every sentence is
unit-tested. A metric that is null gives a sentence that says we could not tell, never a guess.
"""
from __future__ import annotations

from typing import Any

from reports.facts import Barriers, dig, plural, serious_and_critical


def _signing_up(m: dict[str, Any]) -> str:
    """What getting past the wall takes: "register (24 fields, CAPTCHA)" or "log in"."""
    found = dig(m, "registration.found")
    if found is False:
        return "log in with an account"
    details = []
    fields = dig(m, "registration.fields")
    if fields:
        details.append(plural(fields, "field"))
    if dig(m, "registration.captcha"):
        details.append("CAPTCHA")
    return "register" + (f" ({', '.join(details)})" if details else "")


def _documents_gate(m: dict[str, Any]) -> str | None:
    """What stands between a supplier and the documents (metrics.documents_access), in their words."""
    verdict = dig(m, "documents_access.verdict")
    if verdict == "registration_approval":
        return (f"you must {_signing_up(m)} and wait for the portal to approve your account by hand "
                f"before you can read tender documents")
    if verdict == "access_code":
        return "some tender documents are released only with an access code you must ask the buyer for"
    if verdict == "expression_of_interest":
        return "some tender documents are released only after you express interest in the opportunity"
    return None


def access_sentence(m: dict[str, Any]) -> str:
    notice_wall, docs_wall = dig(m, "notice_requires_login"), dig(m, "documents_require_login")
    if notice_wall:
        return f"You must {_signing_up(m)} before you can read tender notices or their documents."
    if gate := _documents_gate(m):
        return f"Notices are open to everyone, but {gate}."
    if docs_wall:
        return f"Notices are open to everyone, but you must {_signing_up(m)} before you can read tender documents."
    if notice_wall is None or docs_wall is None:
        return "We could not tell whether you need an account to read notices and documents."
    return "Notices and documents are open to everyone."


def path_sentence(m: dict[str, Any]) -> str:
    notice, documents = dig(m, "clicks_to_notice"), dig(m, "clicks_to_documents")
    if notice is None:
        return "We could not find a path of links from the home page to a tender notice."
    where = "Notices are listed on the home page" if notice == 0 else \
        f"A notice is {plural(notice, 'click')} from the home page"
    if documents is None:
        return where + "."
    return f"{where}; a document is {plural(documents, 'click')}."


def _pdf_kind(m: dict[str, Any]) -> str:
    tagged, untagged = dig(m, "documents.pdf_tagged") or 0, dig(m, "documents.pdf_untagged") or 0
    if untagged and not tagged:
        return "untagged PDFs"
    if tagged and not untagged:
        return "tagged PDFs"
    return "PDFs"


def documents_sentence(m: dict[str, Any]) -> str | None:
    """How documents arrive; None when there is nothing to say beyond the access sentence."""
    count = dig(m, "documents.count")
    if count is None:
        return "We could not tell what form the documents take."
    if count == 0:
        return None if dig(m, "documents_require_login") else "We found no tender documents."
    formats: dict[str, int] = dig(m, "documents.formats") or {}
    zips = dig(m, "documents.zip_bundles") or 0
    tagged, untagged = dig(m, "documents.pdf_tagged") or 0, dig(m, "documents.pdf_untagged") or 0
    pdfs = tagged + untagged
    # Untagged-only PDFs get the reason inline; a mix gets the count in a second sentence.
    end = ", which screen readers cannot follow reliably." if untagged and not tagged else "."
    if zips * 2 >= count:
        kind = _pdf_kind(m) if pdfs else "files"
        sentence = f"Documents arrive as ZIP bundles of {kind}{end if pdfs else '.'}"
    else:
        main = max(formats, key=lambda f: (formats[f], f)) if formats else None
        if main == "pdf":
            mostly = "" if formats["pdf"] == count else "mostly "
            sentence = f"Documents are {mostly}{_pdf_kind(m)}{end}"
        elif main:
            sentence = f"Documents are {'' if formats[main] == count else 'mostly '}{main.upper()} files."
        else:
            sentence = f"We found {plural(count, 'document')} but could not tell their format."
        if zips:
            sentence += f" {plural(zips, 'download')} {'is a ZIP bundle' if zips == 1 else 'are ZIP bundles'}."
    if tagged and untagged:
        sentence += f" {untagged} of {pdfs} PDFs are untagged, so screen readers cannot follow them reliably."
    return sentence


def accessibility_sentence(m: dict[str, Any], counted: Barriers | None = None) -> str:
    """Barriers counted per page template when the portal's findings are given (as the scores count
    them), else axe's instances from the metrics (results written before the fix list counted them)."""
    barriers, pages = serious_and_critical(m), dig(m, "axe.pages")
    if barriers is None or not pages:
        return "We could not run the automated accessibility test on this portal."
    tested = f"Automated testing of {plural(pages, 'page')}"
    if counted is not None:
        if counted.distinct == 0:
            return f"{tested} found no serious or critical accessibility barriers."
        return (f"{tested} found {plural(counted.distinct, 'serious or critical accessibility barrier')} in "
                f"{plural(counted.templates, 'page template')} (a barrier repeated on pages of one template counts once).")
    if barriers == 0:
        return f"{tested} found no serious or critical accessibility barriers."
    return f"{tested} found {plural(barriers, 'serious or critical accessibility barrier')}."


def openness_sentence(m: dict[str, Any]) -> str:
    # (with an article, without one): "publishes an accessibility statement" / "no accessibility statement"
    prepared = dig(m, "accessibility_statement.date")
    statement = f"an accessibility statement (prepared {prepared})" if prepared else "an accessibility statement"
    items = {(statement, "accessibility statement"): dig(m, "accessibility_statement.found"),
             ("open data", "open data"): dig(m, "open_data.found")}
    has = [a for (a, _), found in items.items() if found]
    lacks = [(a, bare) for (a, bare), found in items.items() if found is False]
    unknown = [bare for (_, bare), found in items.items() if found is None]
    if has and lacks:
        sentence = f"The portal publishes {has[0]} but no {lacks[0][1]}"
    elif has:
        sentence = f"The portal publishes {' and '.join(has)}"
    elif len(lacks) == 2:
        sentence = f"The portal publishes neither {lacks[0][0]} nor {lacks[1][0]}"
    elif lacks:
        sentence = f"The portal publishes no {lacks[0][1]}"
    else:
        return "We could not tell whether the portal publishes an accessibility statement or open data."
    if unknown:
        sentence += f"; we could not tell whether it publishes {unknown[0]}"
    return sentence + "."


SIGNED_IN = ("This audit was done signed in as the portal's owner, so it cannot say what a supplier "
             "without an account can read.")


def supplier_summary(metrics: dict[str, Any] | None, signed_in: bool = False,
                     counted: Barriers | None = None) -> list[str]:
    """Sentences in the order a supplier meets the portal: access, path, documents, barriers, openness."""
    m = metrics or {}
    sentences = [SIGNED_IN if signed_in else access_sentence(m), path_sentence(m), documents_sentence(m),
                 accessibility_sentence(m, counted), openness_sentence(m)]
    return [s for s in sentences if s]
