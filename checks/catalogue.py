"""Importing this module registers every check, in the order the methodology lists them."""
from checks import axe_checks, crawl_checks, friction_checks, journey_checks, probe_checks  # noqa: F401
