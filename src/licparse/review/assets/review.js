"use strict";
(function () {
  var selected = null;
  // Boxes are placed from data attributes: the page's policy forbids inline styles.
  document.querySelectorAll(".box[data-box]").forEach(function (b) {
    var v = b.getAttribute("data-box").split(" ");
    b.style.left = v[0] + "%"; b.style.top = v[1] + "%";
    b.style.width = v[2] + "%"; b.style.height = v[3] + "%";
  });
  function span(el) {
    var parts = el.getAttribute("data-lines").split("-");
    return [parseInt(parts[0], 10), parseInt(parts[1] || parts[0], 10)];
  }
  function clear() {
    document.querySelectorAll(".hl").forEach(function (e) { e.classList.remove("hl"); });
    if (selected) { selected.classList.remove("selected"); }
  }
  function select(el) {
    clear();
    selected = el;
    el.classList.add("selected");
    var s = span(el), firstLine = null, firstBox = null;
    for (var n = s[0]; n <= s[1]; n++) {
      var line = document.getElementById("L" + n);
      if (line) { line.classList.add("hl"); firstLine = firstLine || line; }
      document.querySelectorAll('.box[data-line="' + n + '"]').forEach(function (b) {
        b.classList.add("hl");
        firstBox = firstBox || b;
      });
    }
    // On a scan, the image is the evidence: show the box; else the line.
    var first = firstBox || firstLine;
    if (first) { first.scrollIntoView({ block: "center" }); }
  }
  document.querySelectorAll("[data-lines]").forEach(function (el) {
    el.setAttribute("tabindex", "0");
    el.addEventListener("click", function (ev) { ev.stopPropagation(); select(el); });
    el.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { select(el); }
    });
  });
  var warnings = Array.prototype.slice.call(document.querySelectorAll("#warnings li[data-lines]"));
  var current = -1, status = document.getElementById("warning-status");
  function go(step) {
    if (!warnings.length) { return; }
    if (current >= 0) { warnings[current].classList.remove("current"); }
    current = (current + step + warnings.length) % warnings.length;
    var w = warnings[current];
    w.classList.add("current");
    select(w);
    w.scrollIntoView({ block: "nearest" });
    status.textContent = "warning " + (current + 1) + " of " + warnings.length;
  }
  document.getElementById("next-warning").addEventListener("click", function () { go(1); });
  document.getElementById("previous-warning").addEventListener("click", function () { go(-1); });
  document.addEventListener("keydown", function (ev) {
    if (ev.target && ev.target.tagName === "INPUT") { return; }
    if (ev.key === "n" || ev.key === "j") { go(1); }
    if (ev.key === "p" || ev.key === "k") { go(-1); }
  });
})();
