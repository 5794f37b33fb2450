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
