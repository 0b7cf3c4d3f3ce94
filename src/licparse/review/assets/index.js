"use strict";
(function () {
  var table = document.getElementById("licenses"), body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  function key(row, col, numeric) {
    var text = row.cells[col].getAttribute("data-sort") || row.cells[col].textContent;
    return numeric ? parseFloat(text) || 0 : text;
  }
  table.querySelectorAll("th").forEach(function (th, col) {
    th.setAttribute("tabindex", "0");
    function sort() {
      var numeric = th.hasAttribute("data-numeric");
      var down = th.getAttribute("aria-sort") === "ascending";
      table.querySelectorAll("th").forEach(function (t) { t.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      rows.sort(function (a, b) {
        var x = key(a, col, numeric), y = key(b, col, numeric);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return down ? -order : order;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { sort(); } });
  });
  var filter = document.getElementById("filter"), shown = document.getElementById("shown");
  filter.addEventListener("input", function () {
    var q = filter.value.trim().toLowerCase(), count = 0;
    rows.forEach(function (r) {
      var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
      r.hidden = !hit;
      count += hit ? 1 : 0;
    });
    shown.textContent = count + " of " + rows.length;
  });
})();
