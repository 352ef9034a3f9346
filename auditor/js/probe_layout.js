// Layout probe, page side: does the page scroll sideways, and which boxes cut their text off?
// Measured as the page is ("none"), and with each of `changes` applied in turn and undone at once:
// "text-spacing" (the WCAG 1.4.12 overrides) and "text-resize" (every font size times `scale`).
// Reading the layout makes the browser restyle and lay the page out there and then, so one call
// measures every state without waiting for a frame; Python keeps only the clipping a change caused.
// Returns the measurements by change, and where the page was scrolled to (to put it back later).
// Facts only: what is two-dimensional content, and which clipping is intended, is for the checks.
({ changes, scale }) => {
  const MAX_ITEMS = 30, MAX_ELEMENTS = 4000;
  /* include: page-lib */
  // Content that may scroll sideways under 1.4.10 (data tables, code, media, maps): the checks
  // exempt an overflowing box inside such content, or one holding it and no text.
  const CONTENT_2D = "table:has(th), pre, code, canvas, video, iframe, svg, img, map, [role=img], [role=grid], [role=application]";
  // The overrides of the WCAG 1.4.12 understanding document's bookmarklet.
  const TEXT_SPACING_CSS = "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    + " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }";

  const measure = () => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const all = Array.from(document.body ? document.body.querySelectorAll("*") : []).slice(0, MAX_ELEMENTS);
    const clipped = [];
    const wide = [];
    const hides = (v) => v === "hidden" || v === "clip";
    for (const el of all) {
      const s = getComputedStyle(el);
      if (s.display === "none" || s.visibility === "hidden") continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 2 || r.height <= 2) continue;      // visually-hidden text (sr-only) is clipped on purpose
      const clipsX = hides(s.overflowX) && el.scrollWidth > el.clientWidth + 2;
      const clipsY = hides(s.overflowY) && el.scrollHeight > el.clientHeight + 2;
      // innerText lays out the whole subtree: read only for a box that clips
      const text = clipped.length < MAX_ITEMS && (clipsX || clipsY) ? clean(el.innerText) : "";
      if (text) {
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
                    content_2d: el.closest(CONTENT_2D) ? "within" : el.querySelector(CONTENT_2D) ? "holds" : "",
                    text: clean(el.innerText).slice(0, 80) });
      }
    }
    return { viewport_width: width, scroll_width: doc.scrollWidth, horizontal_scroll: doc.scrollWidth > width + 2,
             clipped, overflowing: wide };
  };

  // Each change applies itself and returns its undo.
  const CHANGES = {
    none: () => () => {},
    "text-spacing": () => {
      const style = document.createElement("style");
      style.textContent = TEXT_SPACING_CSS;
      (document.head || document.documentElement).appendChild(style);
      return () => style.remove();
    },
    // Text-only zoom as Firefox does it and failure F69 tests it: every element's computed font size
    // scaled at once (so nothing compounds), inline values put back afterwards.
    "text-resize": () => {
      const all = [document.body, ...(document.body ? document.body.querySelectorAll("*") : [])]
        .filter((el) => el && el.style && !el.closest("svg")).slice(0, MAX_ELEMENTS);
      const sizes = all.map((el) => parseFloat(getComputedStyle(el).fontSize));
      const saved = all.map((el) => [el, el.style.getPropertyValue("font-size"), el.style.getPropertyPriority("font-size")]);
      all.forEach((el, i) => { if (sizes[i] > 0) el.style.setProperty("font-size", `${sizes[i] * scale}px`, "important"); });
      return () => { for (const [el, value, priority] of saved) el.style.setProperty("font-size", value, priority); };
    },
  };
  const seen = {};
  for (const change of changes) {
    const undo = CHANGES[change]();
    try { seen[change] = measure(); } finally { undo(); }
  }
  return { scroll: [scrollX, scrollY], seen };
}
