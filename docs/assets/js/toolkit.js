/* The "Print this activity" button: shown only where JavaScript can print. */
(function () {
  function wire() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      if (!button.dataset.wired) {
        button.dataset.wired = "1";
        button.addEventListener("click", function () { window.print(); });
      }
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(wire); /* Material's page-change stream */
  } else {
    document.addEventListener("DOMContentLoaded", wire);
  }
})();

/* The menu by keyboard (issue 19). Below 1220px Material's navigation is a drawer, opened by a
   label for a hidden checkbox: no Tab stop, no state. Here a real button takes the label's
   place (a label may not take a button's role): Enter and Space open and close it,
   aria-expanded says which, focus goes into the menu and back, Escape closes it, and so does
   Tab out of it. Toolkit.css keeps the closed menu out of the Tab order. The colour-scheme
   switch takes Space as it takes Enter (Material's own). */
(function () {
  var drawer = document.getElementById("__drawer");
  var label = document.querySelector('label.md-header__button[for="__drawer"]');
  var menu = document.querySelector(".md-sidebar--primary");
  if (!drawer || !label || !menu) return;
  menu.id = menu.id || "__menu";
  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className + " menu-button";
  button.setAttribute("aria-label", "Menu");
  button.setAttribute("aria-controls", menu.id);
  button.append.apply(button, Array.from(label.childNodes));
  label.replaceWith(button);
  button.addEventListener("click", function (e) {
    if (e.detail) set(!drawer.checked, false);  /* a click or a tap; Enter and Space below */
  });
  function state() { button.setAttribute("aria-expanded", String(drawer.checked)); }
  var quiet = false; /* closing as focus leaves: focus is already going somewhere */
  function set(open, focus) {
    if (drawer.checked !== open) {
      quiet = !focus;
      drawer.checked = open;
      drawer.dispatchEvent(new Event("change"));
      quiet = false;
    }
    if (focus && open) {
      var first = menu.querySelector("a[href]");
      if (first) first.focus();
    } else if (focus) {
      button.focus();
    }
  }
  state();
  drawer.addEventListener("change", function () {
    state();
    var at = document.activeElement;
    if (!drawer.checked && !quiet && (!at || at === document.body || menu.contains(at))) button.focus();
  });
  button.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      set(!drawer.checked, true);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && drawer.checked) set(false, true);
  });
  /* Chromium leaves a link half outside a box that scrolls (the menu, a wide table) when Tab
     reaches it: show all of it. */
  document.addEventListener("focusin", function (e) {
    var t = e.target;
    if ((drawer.checked && menu.contains(t)) || (t.closest && t.closest(".md-typeset__scrollwrap") && t.tagName === "A"))
      t.scrollIntoView({ block: "nearest", inline: "nearest" });
  });
  menu.addEventListener("focusout", function (e) {
    var to = e.relatedTarget;
    if (drawer.checked && to && to !== button && !menu.contains(to)) set(false, false);
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === " " && t.matches && t.matches("input.md-option")) {
      e.preventDefault();
      t.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    }
  });
})();

/* A table wider than the screen scrolls in its own box (Material's box, or one made here for a
   table of our own, such as the Downloads table) instead of the page scrolling sideways (WCAG
   1.4.10). A box that scrolls is a Tab stop, so the keyboard can scroll it, and a region named
   after its heading, so a screen reader says what it is. */
(function () {
  function name(box) {
    var cap = box.querySelector("caption");
    if (cap) return cap.textContent.trim();
    for (var el = box; el && !el.matches("article"); el = el.previousElementSibling || el.parentElement) {
      if (/^H[1-6]$/.test(el.tagName)) return "Table: " + el.textContent.trim();
    }
    return "Table";
  }
  function boxes() {
    document.querySelectorAll("article table").forEach(function (table) {
      if (table.closest(".md-typeset__scrollwrap")) return;
      var wrap = document.createElement("div"), inner = document.createElement("div");
      wrap.className = "md-typeset__scrollwrap";
      inner.className = "md-typeset__table";
      table.parentNode.insertBefore(wrap, table);
      wrap.appendChild(inner).appendChild(table);
    });
    var print = window.matchMedia("print").matches; /* the PDFs: tables fit, no Tab stops */
    document.querySelectorAll("article .md-typeset__scrollwrap").forEach(function (box) {
      if (!print && box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name(box) + " (scrolls sideways)");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setTimeout(boxes); });
  } else {
    document.addEventListener("DOMContentLoaded", boxes);
  }
  window.addEventListener("resize", boxes);
})();
