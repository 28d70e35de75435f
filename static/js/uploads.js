// careportal: refuse a file larger than the upload check's limit in the browser, before it is sent. The
// limit comes from the server (data-max-bytes, data-max-label on the input, careportal.lib.uploads); the
// server's check still decides. The message is tied to the input with aria-describedby and announced.
(function () {
  "use strict";
  function size(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.round(bytes / 1024) + " KB";
  }
  function attach(input) {
    var max = parseInt(input.dataset.maxBytes, 10);
    if (!max || input.dataset.sizeCheck) { return; }
    input.dataset.sizeCheck = "on";
    var error = document.createElement("p");
    error.className = "field-error upload-error";
    error.id = (input.id || input.name) + "_size_error";
    error.setAttribute("role", "alert");
    error.hidden = true;
    input.insertAdjacentElement("afterend", error);
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + error.id);
    var tooLarge = function () {
      return Array.prototype.filter.call(input.files || [], function (f) { return f.size > max; })[0];
    };
    var check = function () {
      var file = tooLarge();
      if (file) {
        error.textContent = "“" + file.name + "” is " + size(file.size) + "; files can be at most " +
          input.dataset.maxLabel + ". Choose a smaller file, or save a smaller copy.";
        error.hidden = false;
        input.setAttribute("aria-invalid", "true");
        input.value = "";  // not sent: the person chooses again
      } else {
        error.hidden = true;
        error.textContent = "";
        input.removeAttribute("aria-invalid");
      }
      return !file;
    };
    input.addEventListener("change", check);
    if (input.form) {
      input.form.addEventListener("submit", function (event) {
        if (tooLarge()) { check(); event.preventDefault(); input.focus(); }
      });
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[type=file][data-max-bytes]").forEach(attach);
  });
})();
