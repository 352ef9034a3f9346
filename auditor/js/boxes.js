// The box on the page of the first element each selector finds (null for none, or a selector
// the browser rejects): axe names failing elements by selector, and the report crops to their boxes.
(selectors) => {
  /* include: page-lib */
  return selectors.map((s) => {
    let el = null;
    try { el = document.querySelector(s); } catch (e) { return null; }
    return el ? box(el) : null;
  });
}
