"""The checks, listed explicitly in the order the methodology shows them, beside the categories
they score (model.methodology.CATEGORIES). A check counts only once listed here."""
from __future__ import annotations

from checks import (
    axe_checks, crawl_checks, document_checks, friction_checks, journey_checks,
    keyboard_checks, layout_checks, link_checks, structure_checks,
)
from checks.registry import Check

CHECKS: tuple[Check, ...] = (
    axe_checks.axe_serious,
    axe_checks.axe_wcag_rules,
    axe_checks.axe_pages_affected,
    crawl_checks.pages_load,
    friction_checks.clicks_to_notice,
    friction_checks.clicks_to_documents,
    friction_checks.notice_open_access,
    friction_checks.documents_open_access,
    friction_checks.registration_burden,
    friction_checks.document_formats,
    friction_checks.statement_published,
    friction_checks.open_data_feed,
    journey_checks.keyword_search,
    journey_checks.first_result,
    journey_checks.journeys_complete,
    keyboard_checks.keyboard_focus_kept,
    keyboard_checks.keyboard_focus_visible,
    keyboard_checks.keyboard_trap,
    keyboard_checks.keyboard_operable,
    keyboard_checks.focus_order,
    keyboard_checks.script_links,
    keyboard_checks.bypass_blocks,
    layout_checks.reflow,
    layout_checks.text_spacing,
    layout_checks.text_resize,
    layout_checks.justified_text,
    layout_checks.media_control,
    layout_checks.orientation,
    structure_checks.headings_marked_up,
    structure_checks.layout_tables,
    structure_checks.table_headers,
    structure_checks.images_of_text,
    structure_checks.links_distinguishable,
    structure_checks.visible_labels,
    structure_checks.language_of_parts,
    structure_checks.change_on_input,
    structure_checks.timing_adjustable,
    link_checks.link_purpose,
    link_checks.new_window_warning,
    link_checks.page_titles,
    document_checks.documents_tagged,
    document_checks.documents_text,
    document_checks.documents_language,
    document_checks.documents_title,
)


def all_checks() -> list[Check]:
    return list(CHECKS)
