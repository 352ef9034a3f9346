// axe-core defined, not run, in the isolated world of every new document of a tab (see
// page_world.preload): once V8 has compiled the source, defining it costs little, and only the
// pages audited pay for running it (js/axe_load.js). auditor/gather.py puts axe's source in place.
globalThis.__tenderAuditAxe = function () {
/* axe-core */
};
