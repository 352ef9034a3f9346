"""Refresh the README's screenshots: render the test fixture and photograph two pages.

    python -m reports.screenshots [--out docs/screenshots]

A developer tool, not part of rendering: it is the one module under reports/ that drives a
browser, and nothing imports it.
"""
from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
from pathlib import Path

from auditor.browser import launch
from reports.render import render_report

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "report_run"
SHOTS = (("overview.png", "index.html", 1280), ("portal.png", "portals/eastmarch.html", 1280),
         ("overview-320.png", "index.html", 320))


async def take(run_dir: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    async with launch() as browser:
        for name, page_path, width in SHOTS:
            page = await browser.new_page(viewport={"width": width, "height": 900})
            await page.goto((run_dir / page_path).as_uri())
            await page.screenshot(path=str(out / name), full_page=True)
            await page.close()
            written.append(out / name)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_dir = Path(tmp) / "run"
        shutil.copytree(FIXTURE, run_dir)
        render_report(run_dir)
        for path in asyncio.run(take(run_dir, args.out)):
            print(path)


if __name__ == "__main__":
    main()
