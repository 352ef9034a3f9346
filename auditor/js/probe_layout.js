// Layout probe, page side: does the page scroll sideways, and which boxes cut their text off?
// Called at the normal size, then at 320 px wide or with the WCAG text-spacing overrides on;
// Python keeps only the clipping that the change caused.
() => {
  const MAX_ITEMS = 30, MAX_ELEMENTS = 4000;
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  /* include: css-path */
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const all = Array.from(document.body ? document.body.querySelectorAll("*") : []).slice(0, MAX_ELEMENTS);
  const clipped = [];
  const wide = [];
  // Two-dimensional content may scroll sideways under 1.4.10: data tables, code, media, maps.
  const EXEMPT = "table:has(th), pre, code, canvas, video, iframe, svg, img, map, [role=img], [role=grid], [role=application]";
  for (const el of all) {
    const s = getComputedStyle(el);
    if (s.display === "none" || s.visibility === "hidden") continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 2 || r.height <= 2) continue;      // visually-hidden text (sr-only) is clipped on purpose
    const hides = (v) => v === "hidden" || v === "clip";
    const text = clean(el.innerText);
    const clipsX = hides(s.overflowX) && el.scrollWidth > el.clientWidth + 2;
    const clipsY = hides(s.overflowY) && el.scrollHeight > el.clientHeight + 2;
    if (text && clipped.length < MAX_ITEMS && (clipsX || clipsY)) {
      // What ACT 59br37 exempts: one line cut on purpose (nowrap with an ellipsis, or a box one line high).
      const lineHeight = s.lineHeight === "normal" ? 1.2 * parseFloat(s.fontSize) : parseFloat(s.lineHeight);
      clipped.push({ selector: cssPath(el), text: text.slice(0, 80), ellipsis: s.textOverflow === "ellipsis",
                     scroll: [el.scrollWidth, el.scrollHeight], client: [el.clientWidth, el.clientHeight],
                     clips_x: clipsX, clips_y: clipsY,
                     intended_x: s.whiteSpace.startsWith("nowrap") && s.textOverflow !== "clip",
                     line_height: Math.round(lineHeight * 10) / 10, height: Math.round(r.height * 10) / 10 });
    }
    const parent = el.parentElement;
    const right = r.right + scrollX;
    if (wide.length < MAX_ITEMS && right > width + 2 && s.position !== "fixed"
        && (!parent || parent.getBoundingClientRect().right + scrollX <= width + 2)) {
      wide.push({ selector: cssPath(el), tag: el.localName, right: Math.round(right), width: Math.round(r.width),
                  exempt: !!el.closest(EXEMPT) || !!el.querySelector(EXEMPT) && clean(el.innerText) === "" });
    }
  }
  return { viewport_width: width, scroll_width: doc.scrollWidth, horizontal_scroll: doc.scrollWidth > width + 2,
           clipped, overflowing: wide };
}
