// narrative-qa reviewer's report: sortable ranking and the finding details panel. No libraries.
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-sort");
    if (raw === null) { raw = cell.textContent.trim(); }
    var number = parseFloat(raw);
    return isNaN(number) ? raw : number;
  }

  function sortBy(table, header, index) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var order = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y), "zh");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.addEventListener("click", function () { sortBy(table, th, index); });
    });
  });

  var panel = document.getElementById("details");
  if (!panel) { return; }
  var content = document.getElementById("details-content");
  document.getElementById("details-close").addEventListener("click", function () {
    panel.classList.remove("open");
    clearActive();
  });

  function clearActive() {
    Array.prototype.forEach.call(document.querySelectorAll(".active"), function (el) { el.classList.remove("active"); });
  }

  function show(ids, source) {
    clearActive();
    while (content.firstChild) { content.removeChild(content.firstChild); }
    ids.forEach(function (id) {
      var item = document.getElementById(id);
      if (!item) { return; }
      item.classList.add("active");
      content.appendChild(item.cloneNode(true)).removeAttribute("id");
      Array.prototype.forEach.call(document.querySelectorAll('mark[data-ids~="' + id + '"]'), function (m) { m.classList.add("active"); });
    });
    if (source) { source.classList.add("active"); }
    panel.classList.add("open");
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-ids]") : null;
    if (target && target.getAttribute("data-ids")) {
      show(target.getAttribute("data-ids").split(" "), target);
      return;
    }
    var finding = event.target.closest ? event.target.closest(".finding[id]") : null;
    if (finding && !panel.contains(finding)) {
      var mark = document.querySelector('mark[data-ids~="' + finding.id + '"]');
      if (mark) { mark.scrollIntoView({ block: "center" }); }
      show([finding.id], null);
    }
  });
})();
