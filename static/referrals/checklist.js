// The referral form's checklist: mark each of the eight parts done or missing as it is typed,
// and keep the "N of 8 complete" count current. Works without it; this only saves a reload.
(function () {
  "use strict";
  function update(form) {
    var items = form.querySelectorAll("[data-checklist-item]");
    var done = 0;
    items.forEach(function (item) {
      var input = item.querySelector("textarea, input");
      var filled = input && input.value.trim() !== "";
      var marker = item.querySelector("[data-checklist-marker]");
      if (filled) { done += 1; }
      if (marker) {
        marker.textContent = filled ? "Done" : "Missing";
        marker.className = "tag " + (filled ? "tag--ok" : "tag--warn");
      }
    });
    var count = form.querySelector("[data-checklist-count]");
    if (count) { count.textContent = String(done); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-checklist]").forEach(function (form) {
      form.addEventListener("input", function () { update(form); });
    });
  });
})();
