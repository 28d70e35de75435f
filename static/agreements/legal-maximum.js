// careportal agreements: show the legal maximum last day and its basis as the dates are entered.
// The form works without this file: "Check the legal maximum" shows the same after a submit.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("agreement-form");
    var output = document.getElementById("legal-maximum");
    if (!form || !output || !window.fetch) { return; }
    var url = form.getAttribute("data-legal-maximum-url");

    function value(name) {
      var checked = form.querySelector("[name='" + name + "']:checked");
      if (checked) { return checked.value; }
      var field = form.querySelector("select[name='" + name + "'], input[name='" + name + "']:not([type=radio])");
      return field ? field.value : "";
    }

    function show(paragraphs) {
      output.textContent = "";
      paragraphs.forEach(function (text, index) {
        var p = document.createElement("p");
        if (index === 0 && paragraphs.length > 1) {
          var strong = document.createElement("strong");
          strong.textContent = text;
          p.appendChild(strong);
        } else {
          p.textContent = text;
        }
        output.appendChild(p);
      });
    }

    function firstError(body) {
      var key = Object.keys(body)[0];
      var messages = body[key];
      return Array.isArray(messages) ? messages[0] : String(messages);
    }

    var latest = 0;  // typing a date fires a change per keystroke: show only the newest request's answer

    function update() {
      var params = new URLSearchParams({
        agreement_type: value("agreement_type"),
        s140_paragraph: value("s140_paragraph"),
        start_date: value("start_date"),
        child: value("child")
      });
      if (!params.get("agreement_type") || !params.get("start_date") || !params.get("child")) { return; }
      var ticket = ++latest;
      fetch(url + "?" + params.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
        .then(function (result) {
          if (ticket !== latest) { return; }
          var body = result[1];
          if (result[0]) {
            show(["The last day can be no later than " + body.legal_max_end_date_display + ".", body.legal_basis]);
          } else {
            show([firstError(body)]);
          }
        })
        .catch(function () { /* keep the server-rendered text */ });
    }

    ["agreement_type", "s140_paragraph", "start_date", "child"].forEach(function (name) {
      form.querySelectorAll("[name='" + name + "']").forEach(function (el) { el.addEventListener("change", update); });
    });
    update();
  });
})();
