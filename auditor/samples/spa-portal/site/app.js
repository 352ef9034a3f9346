// Southvale Procurement Hub: a small client-rendered app. Views are chosen by the URL hash and
// the opportunities come from /api/notices.json, so nothing useful is in the HTML the server sends.
(function () {
  "use strict";
  var app = document.getElementById("app");
  var cache = null;

  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c];
    });
  }

  function notices() {
    if (cache) { return Promise.resolve(cache); }
    return fetch("/api/notices.json").then(function (r) { return r.json(); })
      .then(function (data) { cache = data.notices; return cache; });
  }

  function show(title, html) {
    document.title = title + " | Southvale Procurement Hub";
    app.innerHTML = html;
  }

  function home() {
    notices().then(function (list) {
      var soon = list.slice(0, 3).map(function (n) {
        return '<div class="soon" role="link" tabindex="0" data-route="#/notice/' + esc(n.id) + '">' +
          esc(n.title) + ' <span class="date">closes ' + esc(n.deadline) + '</span></div>';
      }).join("");
      show("Home", '<section class="hero"><h1>Win work with Southvale</h1>' +
        '<p>Southvale District Council buys over &pound;60m of goods and services every year.</p>' +
        '<button type="button" class="cta" data-route="#/opportunities">Browse opportunities</button></section>' +
        '<h2>Closing soon</h2>' + soon);
    });
  }

  function listing() {
    notices().then(function (list) {
      var cards = list.map(function (n) {
        return '<article class="card"><h2><a href="#/notice/' + esc(n.id) + '">' + esc(n.title) + '</a></h2>' +
          '<p>' + esc(n.buyer) + ' &middot; ' + esc(n.value) + ' &middot; Deadline ' + esc(n.deadline) + '</p></article>';
      }).join("");
      show("Opportunities", "<h1>Opportunities</h1><p>" + list.length + " open opportunities</p>" + cards);
    });
  }

  function notice(id) {
    notices().then(function (list) {
      var n = list.filter(function (x) { return x.id === id; })[0];
      if (!n) { show("Not found", "<h1>Opportunity not found</h1>"); return; }
      var docs = n.documents.length ? "<ul>" + n.documents.map(function (d) {
        return '<li><a href="' + esc(d.url) + '">' + esc(d.title) + "</a> (PDF)</li>";
      }).join("") + "</ul>" : "<p>No documents have been published yet.</p>";
      show(n.title, '<button type="button" class="back" data-route="#/opportunities">&larr; All opportunities</button>' +
        "<h1>" + esc(n.title) + "</h1><dl class=\"facts\">" +
        "<dt>Reference</dt><dd>" + esc(n.id) + "</dd>" +
        "<dt>Buyer</dt><dd>" + esc(n.buyer) + "</dd>" +
        "<dt>Value</dt><dd>" + esc(n.value) + "</dd>" +
        "<dt>Deadline</dt><dd>" + esc(n.deadline) + "</dd></dl>" +
        "<p>" + esc(n.summary) + "</p><h2>Documents</h2>" + docs);
    });
  }

  function help() {
    show("Help", "<h1>Help</h1><p>To bid, create an account in the supplier area and express interest in an opportunity. " +
      "Our team answers questions on 01632 960 321.</p>");
  }

  function route() {
    var hash = location.hash || "#/";
    if (hash === "#/opportunities") { listing(); }
    else if (hash.indexOf("#/notice/") === 0) { notice(decodeURIComponent(hash.slice(9))); }
    else if (hash === "#/help") { help(); }
    else { home(); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-route]");
    if (target) { location.hash = target.getAttribute("data-route"); }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target.closest("[role=link][data-route]");
    if (target && event.key === "Enter") { location.hash = target.getAttribute("data-route"); }
  });
  window.addEventListener("hashchange", route);
  route();
}());
