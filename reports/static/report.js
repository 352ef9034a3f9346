// Scorecard enhancements; without JavaScript every page is complete and readable.
// Sortable tables: each header of a table[data-sortable] becomes a button; aria-sort tells assistive technology the order.
(function () {
  "use strict";

  function sortValue(cell) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (raw === "") return null;                       // unknown: always sorted last
    var number = Number(raw);
    return isNaN(number) ? raw.toLowerCase() : number;
  }

  function compare(a, b) {
    if (a === null || b === null) return a === b ? 0 : (a === null ? 1 : -1);
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b));
  }

  function sortBy(table, header, index, status) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(header.parentNode.cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = sortValue(r1.cells[index]), b = sortValue(r2.cells[index]);
      if (a === null || b === null) return compare(a, b);  // unknowns last in both directions
      return ascending ? compare(a, b) : compare(b, a);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    status.textContent = "Sorted by " + header.textContent.trim() + ", " + (ascending ? "ascending" : "descending") + ".";
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    table.parentNode.insertBefore(status, table.nextSibling);
    if (table.caption) {
      var hint = document.createElement("span");
      hint.className = "sort-hint";
      hint.textContent = " (select a column heading to sort)";
      table.caption.appendChild(hint);
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, header, index, status); });
    });
  });
})();

// Printing: open every collapsed list so paper shows the whole fix list (CSS cannot open <details>).
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
