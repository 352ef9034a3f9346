"""Cut a finding's element out of its full-page screenshot, so the owner sees what is meant."""
from __future__ import annotations

import hashlib
from pathlib import Path

from PIL import Image, UnidentifiedImageError

MARGIN = 16                        # pixels of context around the element
MAX_HEIGHT = 480                   # a tall element (a whole form) is cut off rather than shrunk


def crop_element(run_dir: Path, screenshot: str | None, box: list[float] | None, out_dir: Path) -> Path | None:
    """Write the crop under out_dir and return its path; None when there is no usable box or image.

    The crop's name is a hash of its inputs, so re-rendering reuses it and two findings on the
    same element share one file.
    """
    if not screenshot or not box or len(box) != 4:
        return None
    x, y, w, h = box
    if w <= 0 or h <= 0:
        return None
    source = (run_dir / screenshot).resolve()
    if not source.is_relative_to(run_dir.resolve()) or not source.is_file():
        return None
    name = hashlib.sha1(f"{screenshot}|{x},{y},{w},{h}".encode()).hexdigest()[:16] + ".png"
    target = out_dir / name
    if target.is_file():
        return target
    try:
        with Image.open(source) as image:
            left, top = max(0, int(x) - MARGIN), max(0, int(y) - MARGIN)
            right = min(image.width, int(x + w) + MARGIN)
            bottom = min(image.height, int(y + h) + MARGIN, top + MAX_HEIGHT)
            if right <= left or bottom <= top:
                return None
            out_dir.mkdir(parents=True, exist_ok=True)
            image.crop((left, top, right, bottom)).convert("RGB").save(target, "PNG", optimize=True)
    except (OSError, UnidentifiedImageError):
        return None
    return target
