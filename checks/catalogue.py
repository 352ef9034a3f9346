"""Importing this module registers every check, in the order the methodology lists them."""
from checks import (  # noqa: F401
    axe_checks, crawl_checks, friction_checks, journey_checks,
    keyboard_checks, layout_checks, structure_checks, link_checks, document_checks,
)
