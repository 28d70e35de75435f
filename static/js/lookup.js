// careportal: a long choice list chosen by typing (careportal.widgets.LookupWidget), as the WAI-ARIA 1.2
// combobox pattern with a listbox popup and list autocomplete. The page works without this file: the
// "Find" button sends the form back with a short list of matches to choose from.
//
// Keys in the text box: Down/Up move through the matches (Down opens the list), Enter chooses the
// highlighted one, Escape closes the list (a second Escape clears the box), Home/End go to the first and
// last match while one is highlighted. A polite live region says how many matched.
// The typed text is sent in a POST body, never in a URL: it may be part of a child's name.
(function () {
  "use strict";
  var DELAY_MS = 200;

  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function Lookup(root) {
    this.root = root;
    this.input = root.querySelector("[data-lookup-input]");
    this.value = root.querySelector("[data-lookup-value]");
    this.status = root.querySelector("[data-lookup-status]");
    this.url = root.getAttribute("data-lookup-url");
    this.noun = root.getAttribute("data-lookup-noun");
    this.min = parseInt(root.getAttribute("data-lookup-min"), 10) || 2;
    this.chosenText = this.input.getAttribute("data-lookup-chosen") || "";
    this.options = [];
    this.active = -1;
    this.ticket = 0;
    this.timer = null;
    this.build();
  }

  Lookup.prototype.build = function () {
    var self = this;
    var find = this.root.querySelector("[data-lookup-find]");
    if (find) { find.remove(); }  // not the form's default button any more: Enter in another field saves
    this.listbox = document.createElement("ul");
    this.listbox.id = this.input.getAttribute("data-lookup-listbox-id");
    this.listbox.className = "lookup__listbox";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", "Matches");  // the combobox, which controls it, has the field's name
    this.listbox.hidden = true;
    this.input.parentNode.insertAdjacentElement("afterend", this.listbox);
    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", this.listbox.id);
    this.input.addEventListener("input", function () { self.typed(); });
    this.input.addEventListener("keydown", function (event) { self.key(event); });
    this.input.addEventListener("blur", function () { self.close(); });
    // mousedown, not click: the text box keeps the focus, so its blur does not close the list first.
    this.listbox.addEventListener("mousedown", function (event) {
      var item = event.target.closest("[role=option]");
      if (!item) { return; }
      event.preventDefault();
      self.choose(parseInt(item.getAttribute("data-index"), 10));
    });
  };

  Lookup.prototype.say = function (text) { this.status.textContent = text; };

  Lookup.prototype.typed = function () {
    var self = this;
    if (this.value.value && this.input.value !== this.chosenText) { this.setValue("", ""); }
    window.clearTimeout(this.timer);
    var q = this.input.value.trim();
    if (q.length < this.min) {
      this.ticket++;  // an answer still on its way is for older text
      this.show([], false);
      this.close();
      this.say(q.length ? "Type at least " + this.min + " characters." : "");
      return;
    }
    this.timer = window.setTimeout(function () { self.fetch(q); }, DELAY_MS);
  };

  Lookup.prototype.fetch = function (q) {
    var self = this;
    var ticket = ++this.ticket;
    var body = new FormData();
    body.append("q", q);
    fetch(this.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
    })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        if (ticket !== self.ticket) { return; }  // typing moved on: show only the newest answer
        self.show(data.results, data.more);
        self.open();
      })
      .catch(function () {
        if (ticket === self.ticket) { self.say("The search is not answering. Reload the page and try again."); }
      });
  };

  Lookup.prototype.show = function (results, more) {
    var self = this;
    this.options = results;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.listbox.textContent = "";
    results.forEach(function (result, index) {
      var item = document.createElement("li");
      item.id = self.listbox.id + "_" + index;
      item.className = "lookup__option";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-index", String(index));
      var name = document.createElement("span");
      name.className = "lookup__option-label";
      name.textContent = result.label;
      item.appendChild(name);
      if (result.detail) {
        var detail = document.createElement("span");
        detail.className = "lookup__option-detail";
        detail.textContent = result.detail;
        item.appendChild(detail);
      }
      self.listbox.appendChild(item);
    });
    if (!results.length) {
      this.say("No " + this.noun + " match. Check the spelling or try a reference.");
    } else {
      var count = results.length + (more ? " or more" : "");
      this.say(count + " " + this.noun + " found" + (more ? ": type more to narrow them" : "") +
        ". Use the up and down arrow keys to move through them and Enter to choose.");
    }
  };

  Lookup.prototype.open = function () {
    var open = this.options.length > 0;
    this.listbox.hidden = !open;
    this.input.setAttribute("aria-expanded", open ? "true" : "false");
  };

  Lookup.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.highlight(-1);
  };

  Lookup.prototype.isOpen = function () { return !this.listbox.hidden; };

  Lookup.prototype.highlight = function (index) {
    var items = this.listbox.querySelectorAll("[role=option]");
    items.forEach(function (item) { item.setAttribute("aria-selected", "false"); });
    this.active = index;
    if (index < 0 || index >= items.length) {
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    items[index].setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", items[index].id);
    items[index].scrollIntoView({ block: "nearest" });
  };

  Lookup.prototype.move = function (step) {
    var count = this.options.length;
    if (!count) { return; }
    if (!this.isOpen()) { this.open(); }
    var next = this.active < 0 ? (step > 0 ? 0 : count - 1) : (this.active + step + count) % count;
    this.highlight(next);
  };

  Lookup.prototype.setValue = function (id, text) {
    this.value.value = id;
    this.chosenText = text;
    this.value.dispatchEvent(new Event("change", { bubbles: true }));  // e.g. the legal maximum
  };

  Lookup.prototype.choose = function (index) {
    var result = this.options[index];
    if (!result) { return; }
    var text = result.detail ? result.label + " · " + result.detail : result.label;
    this.input.value = text;
    this.setValue(result.id, text);
    this.close();
    this.say("Chosen: " + text + ".");
  };

  Lookup.prototype.key = function (event) {
    var open = this.isOpen();
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (event.altKey) { this.open(); } else { this.move(1); }
        break;
      case "ArrowUp":
        event.preventDefault();
        this.move(-1);
        break;
      case "Enter":
        if (open) {
          event.preventDefault();  // Enter in an open list chooses; it never sends the form
          if (this.active >= 0) { this.choose(this.active); }
        } else if (this.input.form !== this.value.form && this.value.form) {
          // A look-up in a GET filter form (formmethod="post"): the text box belongs to the Find's own
          // POST form, so Enter would send that; send the filters instead (with the chosen id only).
          event.preventDefault();
          this.value.form.requestSubmit();
        }
        break;
      case "Escape":
        if (open) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
          this.setValue("", "");
          this.say("");
        }
        break;
      case "Home":
      case "End":
        if (open && this.active >= 0) {
          event.preventDefault();
          this.highlight(event.key === "Home" ? 0 : this.options.length - 1);
        }
        break;
      default:
        break;
    }
  };

  function start() {
    if (!window.fetch || !window.FormData) { return; }
    document.querySelectorAll("[data-lookup]").forEach(function (root) {
      // After a "Find" without JavaScript the short list is on the page: leave that way of choosing alone.
      if (root.querySelector("select") || !root.querySelector("[data-lookup-value]")) { return; }
      new Lookup(root);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
