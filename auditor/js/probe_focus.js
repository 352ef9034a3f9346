// Keyboard probe, page side. "start" remembers how every focusable element looks unfocused and
// records each stop of the Tab walk as it happens (so Python can send all the key presses at
// once instead of one round trip each); "collect" returns the stops and removes the listeners.
(mode) => {
  const KEY = "__tenderAuditFocusProbe";
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  /* include: css-path */
  // Everything a focus indicator can change, for the element, its parent and its first child.
  const look = (el) => {
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "none";
    return [outline, s.boxShadow, s.borderTop, s.borderRight, s.borderBottom, s.borderLeft, s.backgroundColor,
            s.backgroundImage, s.color, s.textDecorationLine, s.fontWeight, s.transform].join("|");
  };
  const lookAround = (el) => [el, el.parentElement, el.firstElementChild].map((e) => (e ? look(e) : "")).join("||");

  if (mode === "start") {
    const baseline = new Map();
    const focusables = Array.from(document.querySelectorAll("a[href], area[href], button, input:not([type=hidden]), select, textarea, iframe, summary, [tabindex], [contenteditable=true]"))
      .filter((el) => el.tabIndex >= 0 && !el.disabled);
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    for (const el of focusables.slice(0, 400)) baseline.set(el, lookAround(el));
    const state = { stops: [], current: null, moving: false, keys: 0 };
    // Tab's keydown comes first; the blur of the element it leaves is expected, any other blur
    // of the element just focused is script throwing focus away (F55).
    state.onKey = (e) => {
      if (e.key !== "Tab") return;
      state.keys += 1;
      state.moving = true;
      if (state.current && document.activeElement === state.current.el) state.current.stop.held += 1;
    };
    state.onFocus = (e) => {
      const el = e.target;
      if (!(el instanceof Element) || state.stops.length >= 400) return;
      state.moving = false;
      const r = el.getBoundingClientRect();
      const before = baseline.get(el);
      const stop = {
        selector: cssPath(el), tag: el.localName,
        text: clean(el.innerText || el.getAttribute("aria-label") || el.getAttribute("alt") || "").slice(0, 80),
        box: [Math.round(r.x + scrollX), Math.round(r.y + scrollY), Math.round(r.width), Math.round(r.height)],
        in_viewport: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
        changed: before === undefined ? null : before !== lookAround(el),
        lost: false, held: 0, frame: el.localName === "iframe", key: state.keys,
      };
      state.stops.push(stop);
      state.current = { el, stop };
    };
    state.onBlur = (e) => {
      if (state.current && e.target === state.current.el && !state.moving) state.current.stop.lost = true;
    };
    document.addEventListener("keydown", state.onKey, true);
    document.addEventListener("focus", state.onFocus, true);
    document.addEventListener("blur", state.onBlur, true);
    window[KEY] = state;
    return { focusables: focusables.length, scroll: [scrollX, scrollY] };
  }
  // collect: what the walk saw, then leave the page as it was
  const state = window[KEY];
  if (!state) return { error: "probe state lost (the page navigated?)" };
  document.removeEventListener("keydown", state.onKey, true);
  document.removeEventListener("focus", state.onFocus, true);
  document.removeEventListener("blur", state.onBlur, true);
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  delete window[KEY];
  return { stops: state.stops, keys: state.keys };
}
