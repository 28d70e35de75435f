// careportal: a count of the characters left under each text box with a limit (maxlength). The limit is
// already in the help text (aria-describedby), and the server checks it; this only helps while typing.
(function () {
  "use strict";
  function attach(box) {
    var max = parseInt(box.getAttribute("maxlength"), 10);
    if (!max || box.dataset.limitCounter) { return; }
    box.dataset.limitCounter = "on";
    var count = document.createElement("p");
    count.className = "char-count";
    count.id = (box.id || box.name) + "_count";
    // Polite and atomic: a screen reader hears the whole count, only when near the limit (see update).
    count.setAttribute("aria-live", "polite");
    count.setAttribute("aria-atomic", "true");
    box.insertAdjacentElement("afterend", count);
    var described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", (described ? described + " " : "") + count.id);
    var update = function () {
      var left = max - box.value.length;
      count.textContent = left + " of " + max + " characters left";
      count.classList.toggle("char-count--low", left < max / 10);
      // Announced only in the last tenth, so typing is not read out on every key.
      count.setAttribute("aria-live", left < max / 10 ? "polite" : "off");
    };
    box.addEventListener("input", update);
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[maxlength]").forEach(attach);
  });
})();
