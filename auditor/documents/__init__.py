"""Tender document files: what they really are, whether a login hides them, and for PDFs and
Office files whether assistive technology can read them.

The crawler's entry point is DocumentProber (or probe_document for a one-off); the pure
analysers below are public so checks and tests can use them on stored bytes.
"""
from auditor.documents.containers import DamagedArchive, inspect_office, inspect_zip
from auditor.documents.formats import sniff_format
from auditor.documents.pdf import inspect_pdf
from auditor.documents.probe import DocumentProber, probe_document
from model.walls import login_wall_evidence

__all__ = ["DocumentProber", "probe_document", "sniff_format", "inspect_pdf", "inspect_zip",
           "inspect_office", "login_wall_evidence", "DamagedArchive"]
