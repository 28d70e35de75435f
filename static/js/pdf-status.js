// careportal: on a "being prepared" page, ask the server every few seconds whether the PDF is ready, then
// offer the download. The page works without this (its "Check again" link); the server does the work.
(function () {
  "use strict";
  var GIVE_UP_AFTER_MS = 120000;
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("pdf-status");
    if (!box) { return; }
    var message = document.getElementById("pdf-status-message");
    var ready = document.getElementById("pdf-status-ready");
    var check = document.getElementById("pdf-status-check");
    var interval = (parseInt(box.dataset.retryAfter, 10) || 5) * 1000;
    var started = Date.now();
    function poll() {
      fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { status: "preparing" }; })
        .catch(function () { return { status: "preparing" }; })
        .then(function (body) {
          if (body.status === "ready") {
            message.textContent = "The document is ready.";
            ready.hidden = false;
            check.hidden = true;
            ready.querySelector("a").focus();
          } else if (Date.now() - started > GIVE_UP_AFTER_MS) {
            message.textContent = "This is taking longer than usual. Use Check again in a minute; " +
              "if it is still not ready, tell the support desk.";
          } else {
            window.setTimeout(poll, interval);
          }
        });
    }
    window.setTimeout(poll, interval);
  });
}());
