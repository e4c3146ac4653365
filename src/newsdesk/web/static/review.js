/* The review page without a mouse: each opened source scrolls to its cited passage; keys
   j / k go to the next / previous sentence that needs attention, n / p to the next / previous
   sentence. The page works without this script (every step is a link). */
(function () {
  "use strict";
  document.querySelectorAll(".document").forEach(function (box) {
    var cited = box.querySelector("[data-cited]");
    if (cited) { box.scrollTop = Math.max(0, cited.offsetTop - box.offsetTop - 24); }
  });
  var keys = { j: "next-attention", k: "previous-attention", n: "next-sentence", p: "prev-sentence" };
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || !target || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    var link = keys[event.key] && document.getElementById(keys[event.key]);
    if (link) { event.preventDefault(); link.click(); }
  });
})();
