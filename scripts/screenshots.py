"""Refresh the README's screenshots: render a run (the test fixture by default) and photograph it.

    python scripts/screenshots.py [--run DIR] [--out docs/screenshots]

A developer tool, not part of rendering: it drives a browser, so it lives with the scripts, not
under reports/ (which renders stored results only). The run directory is copied first, so it is
never modified.
"""
from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
from pathlib import Path

from auditor.browser import launch
from reports.render import file_slug, load_results, rank_portals, render_report

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "report_run"
# (file, page, viewport width, viewport height, what to photograph: "page", "viewport" or a CSS selector);
# {portal} is the lowest-ranked portal's page, which has the most to show; {merged} the lowest-ranked
# portal whose fix list has an element that axe and one of our checks both flagged.
SHOTS = (("overview.png", "index.html", 1280, 1000, "viewport"),
         ("portal.png", "portals/{portal}.html", 1280, 1100, "viewport"),
         ("portal-fix.png", "portals/{merged}.html", 1280, 900, "section.fix:has(p.also)"),
         ("overview-why.png", "index.html", 1280, 900, "section:has(#portals)"),
         ("overview-320.png", "index.html", 320, 1000, "viewport"))


async def take(run_dir: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    ranked = [file_slug(p.get("slug")) for _, p in rank_portals(load_results(run_dir).get("portals") or [])]
    portal = ranked[-1] if ranked else ""
    merged = next((slug for slug in reversed(ranked)
                   if 'class="also"' in (run_dir / "portals" / f"{slug}.html").read_text(encoding="utf-8")), portal)
    written = []
    async with launch() as browser:
        for name, page_path, width, height, subject in SHOTS:
            page = await browser.new_page(viewport={"width": width, "height": height})
            await page.goto((run_dir / page_path.format(portal=portal, merged=merged)).as_uri())
            if subject in ("page", "viewport"):
                await page.screenshot(path=str(out / name), full_page=subject == "page")
            else:
                await page.locator(subject).first.screenshot(path=str(out / name))
            await page.close()
            written.append(out / name)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", type=Path, default=FIXTURE, help="a run directory with results.json")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp) / "run"
        shutil.copytree(args.run, run_dir)
        render_report(run_dir)
        for path in asyncio.run(take(run_dir, args.out.resolve())):
            print(path)


if __name__ == "__main__":
    main()
