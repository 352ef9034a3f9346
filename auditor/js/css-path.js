// A CSS selector that finds `el` again: the nearest unique id, then tag names with :nth-of-type.
// Spliced into the page scripts that name elements (see auditor/page_scripts.py). Ids too long to
// make a useful selector are passed over, and the selector is capped.
/* include: cap */
const cssPath = (el) => {
  if (!(el instanceof Element)) return "";
  const parts = [];
  while (el && el.nodeType === 1 && el !== document.documentElement) {
    if (el.id && el.id.length <= MAX_NAME && document.querySelectorAll("#" + CSS.escape(el.id)).length === 1) { parts.unshift("#" + CSS.escape(el.id)); break; }
    let part = el.localName;
    const parent = el.parentElement;
    if (parent) {
      const same = Array.from(parent.children).filter((c) => c.localName === el.localName);
      if (same.length > 1) part += `:nth-of-type(${same.indexOf(el) + 1})`;
    }
    parts.unshift(part);
    el = parent;
  }
  return cap(parts.join(" > "), MAX_SELECTOR, "selector");
};
