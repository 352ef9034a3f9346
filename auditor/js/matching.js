// Which of the config's page-type selectors find something on the page (a selector the browser
// rejects finds nothing).
(selectors) => selectors.filter((s) => {
  try { return !!document.querySelector(s); } catch (e) { return false; }
})
