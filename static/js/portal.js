// careportal: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Prevent double submission: disable the submit button once a form is sent, and say so.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented) { return; }  // refused in the page (uploads.js): the person tries again
    if (form.dataset.submitted === "true") { event.preventDefault(); return; }
    form.dataset.submitted = "true";
    var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
    buttons.forEach(function (b) { b.setAttribute("aria-disabled", "true"); b.classList.add("is-busy"); });
  });
  // Move focus to the error summary so screen reader users hear what went wrong; on a page that asks for
  // a confirmation, to its question.
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.querySelector(".error-summary") || document.querySelector("[data-focus-on-load]");
    if (target) { target.focus(); }
  });
  // A button marked data-confirm (account settings; the workflow's irreversible steps have a confirmation
  // page instead) asks in a modal <dialog>: its question labels it, "No" has the focus, Escape is "No",
  // and the focus goes back to the button afterwards. Without this file the button just submits.
  function ask(button) {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-question");
    var question = document.createElement("p");
    question.id = "confirm-dialog-question";
    question.textContent = button.getAttribute("data-confirm");
    var yes = document.createElement("button");
    yes.type = "button";
    yes.className = "button button--danger";
    yes.textContent = "Yes, " + button.textContent.trim().replace(/^./, function (c) { return c.toLowerCase(); });
    var no = document.createElement("button");
    no.type = "button";
    no.className = "button button--secondary";
    no.textContent = "No, go back";
    dialog.append(question, yes, no);
    document.body.appendChild(dialog);
    yes.addEventListener("click", function () { dialog.close("yes"); });
    no.addEventListener("click", function () { dialog.close("no"); });
    dialog.addEventListener("close", function () {
      dialog.remove();
      if (dialog.returnValue === "yes") {
        button.dataset.confirmed = "true";
        button.click();
      } else {
        button.focus();
      }
    });
    dialog.showModal();
    no.focus();
  }
  // A table wider than the screen scrolls in its .table-wrap: make that region reachable and named for
  // keyboard and screen-reader users (it holds no focusable element of its own when it has no links).
  function scrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", scrollableTables);
  window.addEventListener("resize", scrollableTables);
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (!button || typeof HTMLDialogElement === "undefined") { return; }
    if (button.dataset.confirmed === "true") { delete button.dataset.confirmed; return; }
    event.preventDefault();
    ask(button);
  });
})();
