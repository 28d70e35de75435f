// careportal: on an agreement's page, while a document is being prepared by the queue, ask for the
// documents section again every few seconds and put it in place, so the new version or executed copy
// appears without a reload. The status line is a polite live region: a screen reader hears the change.
(function () {
  "use strict";
  var INTERVAL_MS = 3000;
  var GIVE_UP_AFTER_MS = 180000;
  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("documents");
    if (!section || section.dataset.preparing !== "true") { return; }
    var started = Date.now();
    function poll() {
      fetch(section.dataset.refreshUrl, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .catch(function () { return null; })
        .then(function (html) {
          if (html) {
            var holder = document.createElement("div");
            holder.innerHTML = html;
            var fresh = holder.querySelector("#documents");
            if (fresh && fresh.dataset.preparing !== "true") {
              section.innerHTML = fresh.innerHTML;
              section.removeAttribute("data-preparing");
              document.getElementById("documents-status").textContent =
                "The document is ready: it is listed below.";
              return;
            }
          }
          if (Date.now() - started > GIVE_UP_AFTER_MS) {
            document.getElementById("documents-status").textContent =
              "This is taking longer than usual. Reload the page in a minute; if it is still not ready, " +
              "tell the support desk.";
            return;
          }
          window.setTimeout(poll, INTERVAL_MS);
        });
    }
    window.setTimeout(poll, INTERVAL_MS);
  });
}());
