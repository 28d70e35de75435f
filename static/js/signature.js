// careportal: a signature drawn in person (careportal.widgets.SignaturePadWidget, drawn with signature_pad
// from static/vendor/signature_pad) and the choice of how to sign. Pages work without this file: the
// drawing box stays hidden, its sentence asks for another way, and every way to sign shows.
(function () {
  "use strict";
  var PNG = "data:image/png;base64,";

  // The drawing box. Its hidden input gets a PNG data URL of the drawing when the form is sent (left
  // empty when nothing is drawn); the server checks it (careportal.lib.drawn_signature).
  function attachPad(root) {
    if (root.dataset.signatureReady || typeof window.SignaturePad !== "function") { return; }
    var canvas = root.querySelector("[data-signature-canvas]");
    var input = root.querySelector("[data-signature-value]");
    if (!canvas || !input) { return; }
    root.dataset.signatureReady = "true";
    var surface = root.querySelector("[data-signature-surface]");
    var noScript = root.querySelector("[data-signature-no-script]");
    var status = root.querySelector("[data-signature-status]");
    var clear = root.querySelector("[data-signature-clear]");
    var pad = new window.SignaturePad(canvas, { backgroundColor: "rgb(255, 255, 255)", penColor: "rgb(0, 0, 0)" });
    var size = { width: 0, height: 0, ratio: 0 };
    // A drawing sent back with a form that had errors: shown again and sent again until Clear.
    var kept = input.value.indexOf(PNG) === 0 ? input.value : "";
    var restored = null;

    function say(text) {
      if (status && status.textContent !== text) { status.textContent = text; }
    }

    // Draw again what the box holds (the kept drawing, then the strokes) on the wiped canvas.
    function paint(strokes) {
      pad.clear();
      if (restored) { canvas.getContext("2d").drawImage(restored, 0, 0, size.width, size.height); }
      pad.fromData(strokes, { clear: false });
    }

    // The canvas's pixels match its size on screen times devicePixelRatio, so lines stay sharp. Resizing
    // wipes a canvas: the strokes are kept, shrunk to fit a smaller box (turning a tablet), and drawn again.
    function resize() {
      var width = canvas.offsetWidth;
      var height = canvas.offsetHeight;
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      if (!width || !height) { return; }  // hidden: another way to sign is chosen
      if (width === size.width && height === size.height && ratio === size.ratio) { return; }
      var strokes = pad.toData();
      var scale = size.width ? Math.min(width / size.width, height / size.height, 1) : 1;
      if (scale !== 1) {
        strokes.forEach(function (group) {
          group.points.forEach(function (point) { point.x *= scale; point.y *= scale; });
        });
      }
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.getContext("2d").scale(ratio, ratio);
      size = { width: width, height: height, ratio: ratio };
      paint(strokes);
    }

    if (kept) {
      var image = new Image();
      image.addEventListener("load", function () {
        restored = image;
        if (size.width) { paint(pad.toData()); }
        say("The signature drawn before is in the box. Use Clear to start again.");
      });
      image.src = kept;
    }
    pad.addEventListener("endStroke", function () { say("Signature drawn. Use Clear to start again."); });
    if (clear) {
      clear.addEventListener("click", function () {
        restored = null;
        kept = "";
        input.value = "";
        pad.clear();
        say("The box is empty.");
      });
    }
    if (input.form) {
      input.form.addEventListener("submit", function () {
        input.value = pad.isEmpty() ? kept : pad.toDataURL("image/png");
      });
    }
    if (surface) { surface.hidden = false; }
    if (noScript) { noScript.hidden = true; }
    // Shown, hidden, turned or zoomed: the box's size changes; a resize also follows devicePixelRatio.
    if (window.ResizeObserver) { new window.ResizeObserver(resize).observe(canvas); }
    window.addEventListener("resize", resize);
    resize();
  }

  // How to sign: <fieldset data-signature-method> holds radio buttons (drawn, typed, paper). Inside the
  // same form, elements marked data-method-section="drawn" (or "typed", "paper"; several may be named,
  // separated by spaces) show only while their way is chosen; their fields are disabled and not required
  // while hidden, so the browser neither checks nor sends them. Nothing chosen: no section shows.
  function attachMethods(fieldset) {
    if (fieldset.dataset.signatureMethodReady) { return; }
    fieldset.dataset.signatureMethodReady = "true";
    var scope = fieldset.closest("form") || document;

    function show() {
      var chosen = fieldset.querySelector("input[type=radio]:checked");
      var method = chosen ? chosen.value : "";
      scope.querySelectorAll("[data-method-section]").forEach(function (section) {
        var on = section.getAttribute("data-method-section").split(/\s+/).indexOf(method) !== -1;
        section.hidden = !on;
        section.querySelectorAll("input, select, textarea, button").forEach(function (control) {
          if (control.dataset.methodRequired === undefined) {
            // What the page asked for, kept so showing the section again restores it.
            control.dataset.methodRequired = control.required ? "true" : "false";
            control.dataset.methodDisabled = control.disabled ? "true" : "false";
          }
          control.disabled = !on || control.dataset.methodDisabled === "true";
          control.required = on && control.dataset.methodRequired === "true";
        });
      });
    }
    fieldset.addEventListener("change", show);
    show();
  }

  function start() {
    document.querySelectorAll("[data-signature-pad]").forEach(attachPad);
    document.querySelectorAll("fieldset[data-signature-method]").forEach(attachMethods);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
