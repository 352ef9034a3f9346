"""Scripted supplier journeys: a few steps a supplier takes, timed, counted and audited on the way.

A journey is pa11y-actions-like YAML (goto, click, fill, select, check, press, wait_for, expect,
screenshot, audit). The package is split so that what config validation and the checks need
carries no browser:

- `steps`: the step language, one table of step kinds (validation, action, expected text). Pure.
- `records`: what a run of a journey records, and the built-in journeys' names. Pure.
- `planner`: the built-in journeys, planned from what the crawl recorded. Pure.
- `runner`: doing the steps in a Playwright tab, politely, and auditing the pages met.

Nothing is imported here, so importing `auditor.journeys.records` never loads Playwright.
"""
