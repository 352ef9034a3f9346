"""The model beneath gathering, checking and reporting: what a run records and how it is read.

Gathering (`auditor/`) writes these records, checks (`checks/`) judge them and reports (`reports/`)
show the results; all three import this package, and it imports none of them and nothing that
drives a browser or the network. Here: the tool's identity, the artifact records, URL keys and
templates, page classification, the derived link graph, journey words and the methodology's
constants (categories, grades, the pass mark).
"""
__version__ = "0.1.0"
TOOL_NAME = "tender-audit"
HOMEPAGE = "https://github.com/tender-audit/tender-audit"
