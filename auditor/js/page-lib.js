// The page-side library every page script includes (by an include comment, see
// auditor/page_scripts.py): one definition of each thing the scripts share, so two probes
// never disagree about what counts as visible or focusable.
/* include: css-path */
// Whitespace collapsed, ends trimmed; null and undefined read as "".
const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
// Drawn at all: not display:none, content-visibility:hidden, visibility:hidden, or inside a closed <details>.
const isRendered = (el) => (el.checkVisibility ? el.checkVisibility({ checkVisibilityCSS: true })
  : el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden");
// Seen by a sighted user: rendered, bigger than the 1 px of visually-hidden text, not parked off the page, not transparent.
const isVisible = (el) => {
  const r = el.getBoundingClientRect();
  if (r.width <= 2 || r.height <= 2 || r.right + scrollX <= 0 || r.bottom + scrollY <= 0) return false;
  const s = getComputedStyle(el);
  return s.visibility !== "hidden" && s.display !== "none" && parseFloat(s.opacity) > 0;
};
// In sequential focus navigation (what Tab reaches): focusable by tabindex, enabled, rendered, not inert.
const isFocusable = (el) => el.tabIndex >= 0 && !el.disabled && isRendered(el) && !el.closest("[inert]");
const FOCUSABLE = "a[href], area[href], button, input:not([type=hidden]), select, textarea, iframe, summary, [tabindex], [contenteditable=true]";
// The page's tab stops in document order, one per radio group, as the keyboard walk meets them.
const focusables = () => {
  const radios = new Set();
  return Array.from(document.querySelectorAll(FOCUSABLE)).filter(isFocusable).filter((el) => {
    if (el.localName !== "input" || el.type !== "radio" || !el.name) return true;
    const group = `${el.form ? cssPath(el.form) : ""}|${el.name}`;
    if (radios.has(group)) return false;
    radios.add(group);
    return true;
  });
};
// An element's box on the page (not the viewport), in whole CSS pixels: [x, y, width, height].
const box = (el) => {
  const r = el.getBoundingClientRect();
  return [Math.round(r.x + scrollX), Math.round(r.y + scrollY), Math.round(r.width), Math.round(r.height)];
};
