// Keyboard probe, page side. "start" remembers how every focusable element looks unfocused and
// records each stop of the Tab walk as it happens (so Python can send the key presses in batches
// instead of one round trip each); "progress" says whether the walk has come round to its first
// stop or is held on one element; "collect" returns the stops, removes the listeners and scrolls back.
//
// Focus visible follows ACT oj04fd: any pixel that differs when the element is focused counts,
// wherever it is. So a stop is judged just before focus leaves it (the next Tab's keydown, or
// collect), after the page's own focus handlers have run; the look compared covers the element,
// its ::before and ::after, three ancestors (:focus-within) and its neighbours, and any change a
// script makes to the page meanwhile (a class toggled on another element) counts as a change.
// Transitions are switched off during the walk so a fading indicator is seen at its end state.
(mode) => {
  const KEY = "__tenderAuditFocusProbe";
  const STYLE_ID = "tender-audit-no-transitions";
  /* include: page-lib */
  const look = (el, pseudo) => {
    const s = getComputedStyle(el, pseudo);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0 ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "none";
    return [outline, s.boxShadow, s.borderTop, s.borderRight, s.borderBottom, s.borderLeft, s.backgroundColor,
            s.backgroundImage, s.color, s.textDecorationLine, s.fontWeight, s.transform, s.opacity, s.visibility,
            pseudo ? s.content : ""].join("|");
  };
  const around = (el) => {
    const near = [el.parentElement, el.parentElement && el.parentElement.parentElement,
                  el.parentElement && el.parentElement.parentElement && el.parentElement.parentElement.parentElement,
                  el.firstElementChild, el.previousElementSibling, el.nextElementSibling];
    return [look(el), look(el, "::before"), look(el, "::after"), ...near.map((e) => (e ? look(e) : ""))].join("||");
  };
  if (mode === "start") {
    const baseline = new Map();
    const tabStops = focusables();
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    const calm = document.createElement("style");
    calm.id = STYLE_ID;
    calm.textContent = "*, *::before, *::after { transition: none !important; animation-duration: 0s !important; }";
    (document.head || document.documentElement).appendChild(calm);
    for (const el of tabStops.slice(0, 400)) baseline.set(el, around(el));
    const state = { stops: [], current: null, moving: false, keys: 0, calm, dirty: false, scroll: [scrollX, scrollY] };
    // Script changes to the page while an element has focus: a focus indicator drawn by script.
    const elsewhere = (records) => records.some((r) => r.target !== calm && (!state.current || r.target !== state.current.el));
    state.observer = new MutationObserver((records) => { state.dirty = state.dirty || elsewhere(records); });
    state.observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class", "style", "hidden"], childList: true, subtree: true });
    state.judge = () => {
      const current = state.current;
      if (!current || current.judged) return;
      current.judged = true;
      const mutated = elsewhere(state.observer.takeRecords()) || state.dirty;
      if (current.before !== undefined && document.activeElement === current.el) current.stop.changed = mutated || current.before !== around(current.el);
    };
    // Tab's keydown comes first; the blur of the element it leaves is expected, any other blur
    // of the element just focused is script throwing focus away (F55).
    state.onKey = (e) => {
      if (e.key !== "Tab") return;
      state.keys += 1;
      state.judge();
      state.moving = true;
      if (state.current && document.activeElement === state.current.el) state.current.stop.held += 1;
    };
    state.onFocus = (e) => {
      const el = e.target;
      if (!(el instanceof Element) || state.stops.length >= 400) return;
      state.moving = false;
      state.observer.takeRecords();
      state.dirty = false;
      const r = el.getBoundingClientRect();
      const stop = {
        selector: cssPath(el), tag: el.localName,
        text: clean(el.innerText || el.getAttribute("aria-label") || el.getAttribute("alt") || "").slice(0, 80),
        box: box(el),
        in_viewport: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight,
        changed: null, lost: false, held: 0, frame: el.localName === "iframe", key: state.keys,
      };
      state.stops.push(stop);
      state.current = { el, stop, before: baseline.get(el), judged: false };
    };
    state.onBlur = (e) => {
      if (state.current && e.target === state.current.el && !state.moving) state.current.stop.lost = true;
    };
    document.addEventListener("keydown", state.onKey, true);
    document.addEventListener("focus", state.onFocus, true);
    document.addEventListener("blur", state.onBlur, true);
    window[KEY] = state;
    const last = tabStops[tabStops.length - 1];
    return { focusables: tabStops.length, last: last ? cssPath(last) : null };
  }
  const state = window[KEY];
  if (!state) return { error: "probe state lost (the page navigated?)" };
  if (mode === "progress") {
    const first = state.stops.length ? state.stops[0].selector : null;
    return { wrapped: state.stops.slice(1).some((s) => s.selector === first),
             held: Math.max(0, ...state.stops.filter((s) => !s.frame).map((s) => s.held)) };
  }
  // collect: what the walk saw, then leave the page as it was
  state.judge();
  state.observer.disconnect();
  state.calm.remove();
  document.removeEventListener("keydown", state.onKey, true);
  document.removeEventListener("focus", state.onFocus, true);
  document.removeEventListener("blur", state.onBlur, true);
  if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
  scrollTo(state.scroll[0], state.scroll[1]);     // Tab scrolled each stop into view
  delete window[KEY];
  return { stops: state.stops, keys: state.keys };
}
