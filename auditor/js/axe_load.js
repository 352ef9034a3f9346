// Whether axe is ready in this document's world, running the preloaded source (js/axe_preload.js)
// if it is there and axe is not yet; false when the tab had not preloaded it for this document.
() => {
  if (typeof axe === "undefined" && typeof __tenderAuditAxe === "function") __tenderAuditAxe();
  return typeof axe !== "undefined";
}
